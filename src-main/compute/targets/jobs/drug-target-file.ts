/**
 * A project drug–target table (tables/<id>.arrow, the layout reference.import and the demo write: drug,
 * gene, action, target_name; drug_id, act_value / act_type when the source has them) read as the ranking
 * reads it, and the look-up that marks drug targets on a subnetwork before any ranking.
 */
import type { DruggableGenes } from '#shared/contracts/targets.ts';
import type { ParsedTaskParams } from '#shared/contracts/tasks.ts';
import { readMetaArrow } from '../../io/meta-table.ts';
import {
  druggableGenes,
  drugTargetTable,
  filterByAffinity,
  type DrugTargetTable,
} from '../ranking/druggable-genes.ts';

/** How many drug names a marked gene carries to the view (the ranking has them all). */
const NAMES_PER_GENE = 5;

export function readDrugTargetFile(path: string): DrugTargetTable {
  const meta = readMetaArrow(path);
  const header = Object.keys(meta);
  const nRows = header.length ? meta[header[0]!]!.length : 0;
  return drugTargetTable({
    header,
    rows: Array.from({ length: nRows }, (_, i) => header.map((h) => String(meta[h]![i] ?? ''))),
  });
}

/** The asked genes the table's drugs hit after the affinity cut, in the order asked. */
export function druggableGeneList(p: ParsedTaskParams<'targets.druggableGenes'>): DruggableGenes {
  const pairs = filterByAffinity(readDrugTargetFile(p.path), {
    minAffinity: p.minAffinity,
    keepUnmeasured: p.keepUnmeasured,
  });
  const hit = druggableGenes(pairs, p.genes);
  const genes: DruggableGenes['genes'] = [];
  for (const gene of new Set(p.genes)) {
    const drugs = hit.get(gene);
    if (drugs)
      genes.push({ gene, drugs: drugs.slice(0, NAMES_PER_GENE).map((d) => d.drug), drugCount: drugs.length });
  }
  return { genes, asked: p.genes.length, pairs: pairs.length };
}
