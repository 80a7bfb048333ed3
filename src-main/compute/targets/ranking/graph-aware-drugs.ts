/**
 * Graph-aware drug ranking: a drug's signature-reversal standing (an existing drug-ranking result,
 * src-shared/domain/drug-ranking.ts) combined with the causal standing of its targets in the network
 * (rank-targets.ts). Signature reversal says "this drug's profile looks like the cure"; causal standing
 * says "inhibiting what this drug binds is predicted to move the disease genes back". Belyaeva et al.
 * 2021 (Nat. Commun. 12:1024) intersected the two by eye; here both parts are kept beside the combination.
 *
 * Parts, each in [0, 1]:
 *   reversal = 1 − (rank − 1)/(N − 1), the drug's percentile in the drug ranking (ranks, not raw scores,
 *              because scores of different kinds — WTCS, Pearson, Spearman — are on different scales);
 *   causal   = (1 + c)/2 with c the best mean predicted reversal cosine over the drug's targets in the
 *              network; a drug with no target in the network has no predicted effect, c = 0, i.e. 0.5,
 *              exactly where a target with no effect on the disease genes would put it.
 *   combined = w·reversal + (1 − w)·causal, w = 0.5 by default.
 */
import type { RankedDrugRow } from '#shared/domain/drug-ranking.ts';
import type { DrugMatch, DrugNameIndex } from './drug-names.ts';
import type { TargetRanking } from './rank-targets.ts';
import type { Spread } from './knockdown-effects.ts';

export interface DrugTargetStanding {
  readonly gene: string;
  /** The gene's rank in the target table. */
  readonly targetRank: number;
  readonly reversal: Spread;
  readonly reachSize: number;
}

export interface GraphAwareDrugRow {
  readonly rank: number;
  readonly drug: string;
  /** The drug-ranking result's rank and score. */
  readonly reversalRank: number;
  readonly reversalScore: number | null;
  readonly reversalPart: number;
  /** How the name met the drug–target table (null: no targets known). */
  readonly match: DrugMatch | null;
  readonly targets: readonly DrugTargetStanding[];
  /** Best mean predicted reversal over its targets in the network (null: none in the network). */
  readonly causalStanding: number | null;
  readonly bestTarget: string | null;
  readonly causalPart: number;
  readonly combined: number;
}

export function rankDrugsWithTargets(
  drugs: readonly RankedDrugRow[],
  targets: TargetRanking,
  names: DrugNameIndex,
  options: { reversalWeight?: number } = {},
): GraphAwareDrugRow[] {
  const w = options.reversalWeight ?? 0.5;
  if (!(w >= 0 && w <= 1)) throw new RangeError(`reversalWeight must be in [0, 1], got ${w}`);
  const byGene = new Map(targets.rows.map((r) => [r.gene, r] as const));
  const n = drugs.length;
  const rows = drugs.map((d) => {
    const match = names.match(d.drug);
    const standing: DrugTargetStanding[] = [];
    const seen = new Set<string>();
    for (const t of match ? names.rowsOf(match) : []) {
      const row = byGene.get(t.gene);
      if (!row || seen.has(t.gene)) continue;
      seen.add(t.gene);
      standing.push({
        gene: row.gene,
        targetRank: row.rank,
        reversal: row.reversal,
        reachSize: row.reachSize,
      });
    }
    standing.sort((a, b) => b.reversal.mean - a.reversal.mean || a.targetRank - b.targetRank);
    const best = standing[0];
    const reversalPart = n > 1 ? 1 - (d.rank - 1) / (n - 1) : 1;
    const causalPart = (1 + (best?.reversal.mean ?? 0)) / 2;
    return {
      drug: d.drug,
      reversalRank: d.rank,
      reversalScore: d.score,
      reversalPart,
      match,
      targets: standing,
      causalStanding: best ? best.reversal.mean : null,
      bestTarget: best ? best.gene : null,
      causalPart,
      combined: w * reversalPart + (1 - w) * causalPart,
    };
  });
  rows.sort((a, b) => b.combined - a.combined || a.reversalRank - b.reversalRank);
  return rows.map((r, i) => ({ rank: i + 1, ...r }));
}
