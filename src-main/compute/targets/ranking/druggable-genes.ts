/**
 * Druggable genes from a drug–target table in the DrugCentral layout (Ursu et al., Nucleic Acids Res.
 * 2017): DRUG_ID, DRUG_NAME, GENE (multi-gene targets joined by "|"), ACTION_TYPE, and, in the newer
 * drug.target.interaction.tsv the paper used, ACT_VALUE / ACT_TYPE. DrugCentral stores ACT_VALUE as
 * −log10 of the molar activity (Ki, Kd, IC50, EC50…), i.e. already pAct, so "pAct ≥ 5" (10 µM or
 * better, the cut of Belyaeva et al. 2021, Nat. Commun. 12:1024) is ACT_VALUE ≥ 5.
 *
 * The 2016 table shipped in docs (src-main/compute/io/fixtures/real/drug_target.tsv.gz) lists curated
 * mechanism-of-action targets without activity values; such rows have no affinity and are kept by
 * default (the curation is the evidence), flagged as unmeasured so the table can say so.
 */

export interface DrugTargetRow {
  readonly drugId: string;
  readonly drug: string;
  readonly gene: string;
  /** ACTION_TYPE as given (INHIBITOR, AGONIST, BLOCKER…), '' when the table has none. */
  readonly action: string;
  /** pAct (−log10 molar), null when the table gives none for this row. */
  readonly affinity: number | null;
  /** ACT_TYPE (Ki, IC50…), null when none. */
  readonly affinityType: string | null;
}

export interface DrugTargetTable {
  readonly rows: readonly DrugTargetRow[];
  /** Whether the table has an activity column at all. */
  readonly hasAffinity: boolean;
}

/** Rows of a parsed delimited table (e.g. io/text-table.ts readTextTable). */
export interface ParsedTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

function column(header: readonly string[], pattern: RegExp): number {
  return header.findIndex((h) => pattern.test(h.trim()));
}

/** One row per drug–gene pair (multi-gene targets split on "|"); throws without drug or gene column. */
export function drugTargetTable(t: ParsedTable): DrugTargetTable {
  const drug = column(t.header, /^(drug_?name|drug|compound|pert_iname)$/i);
  const gene = column(t.header, /^(gene|genes|gene_?symbol|target_?gene|symbol)$/i);
  if (drug < 0 || gene < 0) throw new Error('a drug–target table needs a DRUG_NAME and a GENE column');
  const id = column(t.header, /^(drug_?id|struct_?id)$/i);
  const action = column(t.header, /^(action_?type|action|moa)$/i);
  const value = column(t.header, /^(act_?value|pact|p_?activity|affinity)$/i);
  const type = column(t.header, /^act_?type$/i);
  const rows: DrugTargetRow[] = [];
  for (const r of t.rows) {
    const name = (r[drug] ?? '').trim();
    if (!name) continue;
    const raw = value >= 0 ? (r[value] ?? '').trim() : '';
    const affinity = raw === '' ? null : Number(raw);
    for (const g of (r[gene] ?? '').split('|')) {
      const symbol = g.trim();
      if (!symbol) continue;
      rows.push({
        drugId: id >= 0 && r[id] ? r[id]!.trim() : name,
        drug: name,
        gene: symbol,
        action: action >= 0 ? (r[action] ?? '').trim() : '',
        affinity: affinity !== null && Number.isFinite(affinity) ? affinity : null,
        affinityType: type >= 0 && r[type] ? r[type]!.trim() : null,
      });
    }
  }
  return { rows, hasAffinity: value >= 0 };
}

export interface AffinityFilter {
  /** Keep rows with pAct ≥ this (default 5, as the paper). */
  readonly minAffinity?: number;
  /** Keep rows without an activity value (default true: curated mechanism targets). */
  readonly keepUnmeasured?: boolean;
}

export function filterByAffinity(table: DrugTargetTable, filter: AffinityFilter = {}): DrugTargetRow[] {
  const min = filter.minAffinity ?? 5;
  const keepUnmeasured = filter.keepUnmeasured ?? true;
  return table.rows.filter((r) => (r.affinity === null ? keepUnmeasured : r.affinity >= min));
}

export interface DrugOnTarget {
  readonly drug: string;
  readonly drugId: string;
  readonly action: string;
  /** Best (highest) pAct over the table's rows for this drug and gene; null when unmeasured. */
  readonly affinity: number | null;
  readonly affinityType: string | null;
}

/**
 * The drugs hitting each gene (after the affinity filter), one entry per drug with its best affinity,
 * strongest first. Only genes in `genes` are kept when given (the network's genes).
 */
export function druggableGenes(
  rows: readonly DrugTargetRow[],
  genes?: Iterable<string>,
): Map<string, DrugOnTarget[]> {
  const wanted = genes ? new Set(genes) : null;
  const byGene = new Map<string, Map<string, DrugOnTarget>>();
  for (const r of rows) {
    if (wanted && !wanted.has(r.gene)) continue;
    let drugs = byGene.get(r.gene);
    if (!drugs) byGene.set(r.gene, (drugs = new Map()));
    const had = drugs.get(r.drugId);
    if (!had || (r.affinity ?? -Infinity) > (had.affinity ?? -Infinity)) {
      const actions = had && had.action && had.action !== r.action ? `${had.action}/${r.action}` : r.action;
      drugs.set(r.drugId, {
        drug: r.drug,
        drugId: r.drugId,
        action: actions,
        affinity: r.affinity,
        affinityType: r.affinityType,
      });
    }
  }
  const out = new Map<string, DrugOnTarget[]>();
  for (const [gene, drugs] of byGene)
    out.set(
      gene,
      [...drugs.values()].sort(
        (a, b) => (b.affinity ?? -Infinity) - (a.affinity ?? -Infinity) || (a.drug < b.drug ? -1 : 1),
      ),
    );
  return out;
}
