/** Turns the engine's RankingResult into the stored, JSON-safe DrugRankingResult (plus known targets). */
import type { DrugRankingResult, RankedDrugRow } from '#shared/domain/drug-ranking.ts';
import { readMetaArrow } from '../io/meta-table.ts';
import { readTextTable } from '../io/text-table.ts';
import { DrugNameIndex, lincsMapping } from '../targets/ranking/drug-names.ts';
import { drugTargetTable } from '../targets/ranking/druggable-genes.ts';
import type { RankingResult } from '../signatures/rank-signatures.ts';
import type { SignatureInfo } from '../signatures/scoring-types.ts';

/**
 * A drug–target table (project `tables/*.arrow`: drug, gene, …) as drug → sorted target genes. Collection
 * names (L1000 "trichostatin-a") are matched to the table's (DrugCentral "trichostatin A") by name and
 * through DrugCentral's LINCS mapping (drug-names.ts), as the target ranking does: name matching alone
 * found targets for 23 of the demo's top 99 drugs and none for trichostatin A.
 */
export function readTargetsTable(path: string, lincsMappingPath?: string): (drug: string) => string[] {
  const meta = readMetaArrow(path);
  const header = Object.keys(meta);
  const nRows = header.length ? meta[header[0]!]!.length : 0;
  const table = drugTargetTable({
    header,
    rows: Array.from({ length: nRows }, (_, i) => header.map((h) => String(meta[h]![i] ?? ''))),
  });
  const mapping = lincsMappingPath ? lincsMapping(readTextTable(lincsMappingPath)) : [];
  const names = new DrugNameIndex(table.rows, mapping);
  return (drug) => {
    const match = names.match(drug);
    return match ? [...new Set(names.rowsOf(match).map((r) => r.gene))].sort() : [];
  };
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
/** Null draws are plotted, not recomputed: 5 significant digits keep the JSON small. */
const round5 = (x: number): number => Number(x.toPrecision(5));

export interface ResultContext {
  inputs: DrugRankingResult['inputs'];
  cellTypes: string[] | null;
  transport?: DrugRankingResult['parameters']['transport'];
  seed: number;
  appVersion: string;
  elapsedMs: number;
  createdAt: string;
  /** The scored signatures, in the order the engine saw them. */
  signatures: readonly SignatureInfo[];
  targets: ((drug: string) => string[]) | null;
}

export function buildRankingResult(r: RankingResult, ctx: ResultContext): DrugRankingResult {
  const drugs = r.drugs.map((d): RankedDrugRow => {
    const best = d.bestSignature >= 0 ? ctx.signatures[d.bestSignature] : undefined;
    return {
      rank: d.rank,
      drug: d.drug,
      score: finite(d.score),
      pValue: finite(d.pValue),
      fdr: finite(d.fdr),
      ncs: d.ncs === null ? null : finite(d.ncs),
      nSignatures: d.nSignatures,
      best: best ? { id: best.id, cellType: best.cellType, dose: best.dose, time: best.time } : null,
      targets: ctx.targets?.(d.drug) ?? [],
    };
  });
  const p = r.parameters;
  return {
    format: 'causeway.drug-ranking/1',
    createdAt: ctx.createdAt,
    appVersion: ctx.appVersion,
    elapsedMs: ctx.elapsedMs,
    inputs: ctx.inputs,
    parameters: {
      score: p.score,
      querySize: p.querySize,
      aggregate: p.aggregate,
      permutations: p.permutations,
      seed: ctx.seed,
      cellTypes: ctx.cellTypes,
      transport: ctx.transport ?? null,
      rng: p.rng,
      nullModel: p.nullModel,
    },
    genes: {
      shared: r.genes.shared,
      notInCollection: r.genes.missing.notInCollection.length,
      notInDisease: r.genes.missing.notInDisease.length,
      nonFiniteInDisease: r.genes.missing.nonFiniteInDisease.length,
    },
    query: r.query,
    drugs,
    signatureScores: Array.from(r.signatures.scores, finite),
    unscorableSignatures: r.signatures.unscorable.map((i) => ctx.signatures[i]?.id ?? String(i)),
    nulls: {
      drugs: r.drugNulls.map((_, i) => r.drugs[i]!.drug),
      draws: r.drugNulls.map((draws) => Array.from(draws, round5)),
    },
    backend: {
      backend: r.backend.backend,
      provider: r.backend.provider,
      fallbacks: r.backend.fallbacks.map((f) => ({ provider: f.provider, reason: f.reason })),
      note: r.backend.note,
    },
  };
}
