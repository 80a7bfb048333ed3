// Drug–target tables in the DrugCentral layout (DRUG_NAME, GENE, ACTION_TYPE, …; multi-gene targets
// joined with "|"). One row per drug–gene pair after splitting, so targets can be matched to genes.
import { findColumn, readTextTable } from './text-table.ts';
import { invalid } from './types.ts';

export interface DrugTarget {
  drugId: string;
  drug: string;
  gene: string;
  action: string;
  targetName: string;
  /**
   * ACT_VALUE (DrugCentral's −log10 molar activity, i.e. pAct) and ACT_TYPE (Ki, IC50…) when the table
   * has them, as DrugCentral's drug.target.interaction.tsv does; null otherwise (the 2016 curated table).
   */
  affinity: number | null;
  affinityType: string | null;
}

export function readDrugTargets(file: string): DrugTarget[] {
  const t = readTextTable(file);
  const drug = findColumn(t.header, /^(drug_?name|drug|compound|pert_iname)$/i);
  const gene = findColumn(t.header, /^(gene|genes|gene_?symbol|target_?gene|symbol)$/i);
  if (drug < 0 || gene < 0) {
    throw invalid(
      file,
      `needs a drug column (DRUG_NAME) and a gene column (GENE); found ${t.header.slice(0, 12).join(', ')}.`,
      { row: 1 },
    );
  }
  const id = findColumn(t.header, /^drug_?id$/i);
  const action = findColumn(t.header, /^(action_?type|action|moa)$/i);
  const target = findColumn(t.header, /^target_?name$/i);
  const value = findColumn(t.header, /^(act_?value|pact|p_?activity|affinity)$/i);
  const type = findColumn(t.header, /^act_?type$/i);
  const out: DrugTarget[] = [];
  t.rows.forEach((r, i) => {
    if (r.length !== t.header.length)
      throw invalid(file, `has ${r.length} fields where the header has ${t.header.length} (ragged rows).`, {
        row: t.lines[i],
      });
    const name = r[drug] ?? '';
    const raw = value >= 0 ? (r[value] ?? '').trim() : '';
    const affinity = raw === '' || !Number.isFinite(Number(raw)) ? null : Number(raw);
    const affinityType = type >= 0 && r[type]?.trim() ? r[type]!.trim() : null;
    if (!name) throw invalid(file, 'the drug name is empty.', { row: t.lines[i], column: t.header[drug] });
    for (const g of (r[gene] ?? '')
      .split('|')
      .map((s) => s.trim())
      .filter(Boolean)) {
      out.push({
        drugId: id >= 0 ? (r[id] ?? '') : name,
        drug: name,
        gene: g,
        action: action >= 0 ? (r[action] ?? '') : '',
        targetName: target >= 0 ? (r[target] ?? '') : '',
        affinity,
        affinityType,
      });
    }
  });
  if (out.length === 0) throw invalid(file, 'has no drug–target rows.');
  return out;
}
