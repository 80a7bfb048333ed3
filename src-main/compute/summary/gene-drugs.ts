import type { GeneDrug } from '#shared/contracts/tables.ts';
import type { ParsedTaskParams, TaskResult } from '#shared/contracts/tasks.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { readDrugTargetFile } from '../targets/jobs/drug-target-file.ts';
import { druggableGenes } from '../targets/ranking/druggable-genes.ts';

/**
 * The drugs that hit each of a few genes, from a project's drug–target table (DrugCentral layout,
 * read as the target ranking reads it: compute/targets/ranking/druggable-genes.ts): the Network page's
 * gene panel asks for one gene at a time. Every row is kept, measured or not: the panel shows the
 * activity (pAct) where the table has one instead of filtering on it. Main resolved the path.
 */
export function geneDrugs(p: ParsedTaskParams<'tables.geneDrugs'>): TaskResult<'tables.geneDrugs'> {
  let table;
  try {
    table = readDrugTargetFile(p.tablePath);
  } catch (e) {
    throw new CausewayError(
      'E_CORRUPT_PROJECT',
      `The drug–target table ${p.name} is not readable: ${e instanceof Error ? e.message : String(e)}.`,
    );
  }
  const byGene = druggableGenes(table.rows, p.genes);
  return {
    hasActivity: table.hasAffinity,
    drugs: p.genes.map((g) =>
      (byGene.get(g) ?? []).map((d): GeneDrug => ({
        drug: d.drug,
        action: d.action,
        actValue: d.affinity,
        actType: d.affinityType,
      })),
    ),
  };
}
