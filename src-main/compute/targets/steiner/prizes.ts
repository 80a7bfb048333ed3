/**
 * Node prizes for the prize-collecting Steiner forest. OmicsIntegrator2 gives each terminal gene a prize
 * p(v) and scales all prizes by b when it solves; here a prize table maps to an array of bare prizes
 * p(v) over the interactome's genes (b is applied by the forest, as in OmicsIntegrator2).
 *
 * Prizes come either from a table (gene, prize) or from a disease signature: |log2FC| of the genes that
 * pass an FDR and a fold-change cut, optionally only those changed in the same direction in a second
 * signature (Belyaeva et al. 2021 kept genes changed alike by SARS-CoV-2 infection and by lung ageing).
 */
import type { Interactome } from './interactome.ts';

export interface PrizeEntry {
  gene: string;
  prize: number;
}

/** Parses a prize table: header, then gene name and prize in the first two columns (tab or comma). */
export function parsePrizeTable(text: string): PrizeEntry[] {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const sep = (lines[0] ?? '').includes('\t') ? '\t' : ',';
  const out: PrizeEntry[] = [];
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.split(sep);
    const field = (f[1] ?? '').trim();
    const prize = Number(field);
    if (field === '' || !Number.isFinite(prize) || prize < 0) {
      throw new Error(`prize table line ${i + 1}: prize must be a number ≥ 0, got "${f[1] ?? ''}"`);
    }
    out.push({ gene: (f[0] ?? '').trim(), prize });
  }
  return out;
}

export interface SignatureGene {
  gene: string;
  log2FC: number;
  /** Adjusted p-value; genes without one pass any FDR cut. */
  fdr?: number;
}

export interface SignaturePrizeOptions {
  /** Keep genes with fdr ≤ maxFdr (default: no cut). */
  maxFdr?: number;
  /** Keep genes with |log2FC| ≥ minAbsLog2FC (default 0). */
  minAbsLog2FC?: number;
  /** A second signature (gene → log2FC): keep only genes moved the same way in it (sign agreement, ≠ 0). */
  sameDirectionAs?: ReadonlyMap<string, number>;
}

/** Prizes |log2FC| from a disease signature, after the cuts (duplicated genes keep their largest prize). */
export function prizesFromSignature(
  signature: readonly SignatureGene[],
  opts: SignaturePrizeOptions = {},
): PrizeEntry[] {
  const { maxFdr = Infinity, minAbsLog2FC = 0, sameDirectionAs } = opts;
  const best = new Map<string, number>();
  for (const s of signature) {
    if (!Number.isFinite(s.log2FC) || s.log2FC === 0) continue;
    if (s.fdr !== undefined && !(s.fdr <= maxFdr)) continue;
    const size = Math.abs(s.log2FC);
    if (size < minAbsLog2FC) continue;
    if (sameDirectionAs) {
      const other = sameDirectionAs.get(s.gene);
      if (other === undefined || Math.sign(other) !== Math.sign(s.log2FC)) continue;
    }
    best.set(s.gene, Math.max(best.get(s.gene) ?? 0, size));
  }
  return [...best].map(([gene, prize]) => ({ gene, prize }));
}

export interface MappedPrizes {
  /** Bare prize per interactome gene (0 for non-terminals). */
  bare: Float64Array;
  /** Terminal gene indices, ascending (genes given a prize, even a zero one, as OmicsIntegrator2). */
  terminals: Int32Array;
  /** Genes of the table absent from the interactome. */
  unmatched: string[];
  /** Genes listed more than once (the largest prize is kept, as OmicsIntegrator2). */
  duplicated: string[];
}

/**
 * Puts a prize table onto the interactome's genes. Names match exactly, then case-insensitively when
 * `caseInsensitive` (symbols such as C9orf72 are written in both cases across sources).
 */
export function mapPrizes(
  interactome: Interactome,
  entries: readonly PrizeEntry[],
  opts: { caseInsensitive?: boolean } = {},
): MappedPrizes {
  const n = interactome.genes.length;
  const bare = new Float64Array(n);
  const isTerminal = new Uint8Array(n);
  let upper: Map<string, number> | undefined;
  if (opts.caseInsensitive) {
    upper = new Map();
    for (let i = 0; i < n; i++) {
      const key = interactome.genes[i]!.toUpperCase();
      if (!upper.has(key)) upper.set(key, i);
    }
  }
  const unmatched: string[] = [];
  const duplicated = new Set<string>();
  const seen = new Set<string>();
  for (const { gene, prize } of entries) {
    if (seen.has(gene)) duplicated.add(gene);
    seen.add(gene);
    const idx = interactome.geneIndex.get(gene) ?? upper?.get(gene.toUpperCase());
    if (idx === undefined) {
      unmatched.push(gene);
      continue;
    }
    bare[idx] = isTerminal[idx] ? Math.max(bare[idx]!, prize) : prize;
    isTerminal[idx] = 1;
  }
  const terminals: number[] = [];
  for (let i = 0; i < n; i++) if (isTerminal[i]) terminals.push(i);
  return { bare, terminals: Int32Array.from(terminals), unmatched, duplicated: [...duplicated] };
}
