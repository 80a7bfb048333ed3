import { z } from 'zod';

/** Samples on the first two principal components (a seeded subsample beyond 5 000). */
export const SamplePca = z.object({
  /** Sample positions (samples, or a seeded subsample beyond 5 000). */
  sampleIndex: z.array(z.number().int()),
  pc1: z.array(z.number()),
  pc2: z.array(z.number()),
  explained: z.tuple([z.number(), z.number()]),
  nGenesUsed: z.number().int(),
  transform: z.string(),
});
export type SamplePca = z.infer<typeof SamplePca>;

/** Sample columns to colour a PCA by: values of the plotted samples. */
export const ColourBy = z.array(
  z.object({ name: z.string(), values: z.array(z.union([z.string(), z.number(), z.null()])) }),
);
export type ColourBy = z.infer<typeof ColourBy>;

/** Per-gene summary of a dataset: the first job every later capability builds on. */
export const DatasetSummaryResult = z.object({
  datasetId: z.string(),
  nGenes: z.number().int(),
  nSamples: z.number().int(),
  genes: z.array(z.string()),
  mean: z.array(z.number().nullable()),
  variance: z.array(z.number().nullable()),
  missingFraction: z.array(z.number()),
  /** Fraction of all cells that are missing (NaN), over the whole matrix. */
  overallMissingFraction: z.number(),
  /** The samples' PCA, as the import summary shows it (absent in summaries made before it). */
  pca: SamplePca.optional(),
  colourBy: ColourBy.optional(),
});
export type DatasetSummaryResult = z.infer<typeof DatasetSummaryResult>;
