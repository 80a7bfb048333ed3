// Offline gene identifiers: symbol ↔ Entrez ↔ Ensembl from a small table shipped in resources/genes
// (built by scripts/build-gene-map.ts from the L1000 and DrugCentral tables we carry), extended at import
// time with the pairs a dataset's own gene table holds (e.g. an h5ad `var` with symbols and Ensembl ids).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { GeneIdKind } from '#shared/contracts/data-import.ts';

// Re-exported for the importers that still name this module (compute/import).
export type { GeneIdKind };

export interface GeneRecord {
  symbol: string;
  entrez: string;
  ensembl: string;
}

const ENSEMBL = /^ENS[A-Z]*G\d{6,}(\.\d+)?$/i;
const ENTREZ = /^\d{1,10}$/;

/** What kind of identifier a name looks like; anything that is not Entrez or Ensembl is a symbol. */
export function classifyId(id: string): GeneIdKind {
  const s = id.trim();
  if (ENSEMBL.test(s)) return 'ensembl';
  if (ENTREZ.test(s)) return 'entrez';
  return 'symbol';
}

/** Ensembl versions (ENSG….12) are dropped for lookup; symbols are matched case-insensitively. */
export function idKey(kind: GeneIdKind, id: string): string {
  const s = id.trim();
  return kind === 'ensembl' ? s.replace(/\.\d+$/, '').toUpperCase() : kind === 'symbol' ? s.toUpperCase() : s;
}
const key = idKey;

/**
 * The identifier kind of a column of names (≥ 90 % of its non-empty values), or null when mixed. Used
 * on a dataset's own gene table: a 10x features.tsv's first column, an h5ad var column, a CSV column.
 */
export function classifyColumn(values: readonly (string | number | null)[]): GeneIdKind | null {
  let n = 0;
  const counts = { symbol: 0, entrez: 0, ensembl: 0 };
  for (const v of values) {
    if (v === null || String(v).trim() === '') continue;
    n++;
    counts[classifyId(String(v))]++;
  }
  if (n === 0) return null;
  for (const kind of ['ensembl', 'entrez', 'symbol'] as const) if (counts[kind] >= 0.9 * n) return kind;
  return null;
}

/** Text that cannot be a gene identifier even though classifyId would call it a symbol. */
const NOT_AN_ID = /\s/;

export class GeneMap {
  private readonly by: Record<GeneIdKind, Map<string, GeneRecord>> = {
    symbol: new Map(),
    entrez: new Map(),
    ensembl: new Map(),
  };

  get size(): number {
    return this.by.symbol.size;
  }

  /** Tab-separated `symbol entrez ensembl …` with a header line; empty fields are unknown. */
  static parse(text: string): GeneMap {
    const map = new GeneMap();
    const lines = text.split(/\r?\n/);
    for (let i = 1; i < lines.length; i++) {
      const [symbol = '', entrez = '', ensembl = ''] = (lines[i] as string).split('\t');
      if (symbol || entrez || ensembl) map.add({ symbol, entrez, ensembl });
    }
    return map;
  }

  static load(path: string): GeneMap {
    const raw = readFileSync(path);
    return GeneMap.parse((path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
  }

  /** Adds a record; identifiers already known keep their first record (sources are added by priority). */
  add(rec: GeneRecord): void {
    let target: GeneRecord | undefined;
    for (const kind of ['entrez', 'ensembl', 'symbol'] as const) {
      if (rec[kind]) target ??= this.by[kind].get(key(kind, rec[kind]));
    }
    const merged: GeneRecord = target ?? { symbol: '', entrez: '', ensembl: '' };
    for (const kind of ['symbol', 'entrez', 'ensembl'] as const) {
      // Ensembl ids are kept without their version, so conversions give the stable id.
      if (!merged[kind] && rec[kind])
        merged[kind] = kind === 'ensembl' ? key(kind, rec[kind]) : rec[kind].trim();
    }
    for (const kind of ['symbol', 'entrez', 'ensembl'] as const) {
      if (!merged[kind]) continue;
      const k = key(kind, merged[kind]);
      if (!this.by[kind].has(k)) this.by[kind].set(k, merged);
    }
  }

  /**
   * Pairs from a dataset's own gene table: names[i] and other[i] are the same gene. A column that repeats
   * a few values (10x "feature_types": "Gene Expression" on every row) or holds free text is not an
   * identifier and teaches nothing: it would make one symbol stand for thousands of genes.
   */
  addPairs(names: readonly string[], other: readonly (string | number | null)[]): number {
    const present = other.filter((o) => o !== null && String(o).trim() !== '');
    if (present.length === 0 || new Set(present).size < 0.5 * present.length) return 0;
    let added = 0;
    names.forEach((n, i) => {
      const o = other[i];
      if (o === null || o === undefined || String(o).trim() === '') return;
      if (NOT_AN_ID.test(String(o).trim()) || NOT_AN_ID.test(n.trim())) return;
      const a = classifyId(n);
      const b = classifyId(String(o));
      if (a === b) return;
      const rec: GeneRecord = { symbol: '', entrez: '', ensembl: '' };
      rec[a] = n;
      rec[b] = String(o);
      this.add(rec);
      added++;
    });
    return added;
  }

  lookup(id: string): GeneRecord | undefined {
    const kind = classifyId(id);
    return this.by[kind].get(key(kind, id));
  }

  /** The identifier of kind `to` for `id`, or null when the table does not know it. */
  convert(id: string, to: GeneIdKind): string | null {
    const rec = this.lookup(id);
    const v = rec?.[to];
    return v ? v : null;
  }
}

export interface GeneIdSummary {
  kind: GeneIdKind | 'mixed';
  mapped: number;
  unmapped: string[];
}

/** The dominant identifier kind of a gene list (≥ 90 % of names) and which names the table knows. */
export function summariseIds(genes: readonly string[], map: GeneMap): GeneIdSummary {
  const counts = { symbol: 0, entrez: 0, ensembl: 0 };
  const unmapped: string[] = [];
  let mapped = 0;
  for (const g of genes) {
    counts[classifyId(g)]++;
    if (map.lookup(g)) mapped++;
    else unmapped.push(g);
  }
  const top = (Object.entries(counts) as [GeneIdKind, number][]).sort((a, b) => b[1] - a[1])[0];
  const kind = top && top[1] >= 0.9 * genes.length ? top[0] : 'mixed';
  return { kind, mapped, unmapped };
}

/** Renames genes to kind `to`; names the table does not know are kept as they are. */
export function renameGenes(
  genes: readonly string[],
  map: GeneMap,
  to: GeneIdKind,
): { genes: string[]; renamed: number; unmapped: number } {
  let renamed = 0;
  let unmapped = 0;
  const out = genes.map((g) => {
    const v = map.convert(g, to);
    if (v === null) {
      unmapped++;
      return g;
    }
    if (v !== g) renamed++;
    return v;
  });
  return { genes: out, renamed, unmapped };
}
