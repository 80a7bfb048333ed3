import { z } from 'zod';
import { SafeId } from '../domain/project.ts';

/** Reads of a project's reference tables (drug–targets), for the UI. */
export const GeneDrug = z.object({
  drug: z.string(),
  action: z.string(),
  /** ACT_VALUE: DrugCentral's pAct (−log10 molar activity), null where the table gives none. */
  actValue: z.number().nullable(),
  actType: z.string().nullable(),
});
export type GeneDrug = z.infer<typeof GeneDrug>;

/** At most this many genes per call: the gene panel asks for one, a selection for a few. */
export const MAX_GENE_DRUGS_GENES = 1_000;

export const tablesMethods = {
  /** The drugs hitting each gene in a drug–target table: per requested gene, in order, strongest first. */
  'tables.geneDrugs': {
    input: z
      .object({
        tableId: SafeId,
        genes: z.array(z.string().min(1).max(200)).min(1).max(MAX_GENE_DRUGS_GENES),
      })
      .strict(),
    output: z.object({ hasActivity: z.boolean(), drugs: z.array(z.array(GeneDrug)) }),
  },
} as const;
