import { z } from 'zod';

const Attr = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);

/**
 * A network as stored in a project: genes as nodes, interactions or regulations as edges. The app
 * reasons about it as a GeneRegulatoryNetwork (grn/from-documents.ts converts it).
 */
export const NetworkGraph = z.object({
  nodes: z
    .array(z.object({ id: z.string().min(1).max(200), attributes: z.record(z.string(), Attr) }))
    .max(1_000_000),
  edges: z
    .array(
      z.object({
        source: z.string().min(1).max(200),
        target: z.string().min(1).max(200),
        directed: z.boolean(),
        attributes: z.record(z.string(), Attr),
      }),
    )
    .max(10_000_000),
});
export type NetworkGraph = z.infer<typeof NetworkGraph>;
