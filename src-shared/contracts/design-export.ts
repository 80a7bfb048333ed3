import { z } from 'zod';
import { SafeId } from '../domain/project.ts';

/**
 * Exporting a design.plan run (issue 14): the plate plan as CSV (compute/design/plate-plan.ts) or the
 * whole result document as JSON, written to `path` when given, else returned base64 for a browser
 * download. The interactive worker writes it, as the drug and targets exports do.
 */
export const DesignExportFormat = z.enum(['csv', 'json']);
export type DesignExportFormat = z.infer<typeof DesignExportFormat>;

export const DesignExport = z.object({
  fileName: z.string(),
  mime: z.string(),
  bytes: z.number().int().min(0),
  base64: z.string().nullable(),
  path: z.string().nullable(),
});
export type DesignExport = z.infer<typeof DesignExport>;

/** A finished design.plan run (main resolved its result file) exported to `path`, or base64 when null. */
export const DesignExportParams = z.object({
  resultPath: z.string(),
  runId: z.string(),
  format: DesignExportFormat,
  path: z.string().nullable(),
});

export const designMethods = {
  'design.export': {
    input: z
      .object({ runId: SafeId, format: DesignExportFormat, path: z.string().min(1).max(4_096).optional() })
      .strict(),
    output: DesignExport,
  },
} as const;
