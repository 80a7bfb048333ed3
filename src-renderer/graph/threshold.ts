import type { GeneRegulatoryNetwork, Regulation } from '@shared/domain/grn/network.ts';
import { viewEdge, type ViewEdge, type ViewGraph } from './view-model.ts';

/**
 * The stability slider's range: from the weakest to the strongest stability present, in steps of a
 * twentieth of the span rounded to 0.01, 0.02 or 0.05 (Heckbert's "nice numbers"). Both ends are
 * rounded down to a step, so the lowest position shows every edge and the highest still shows the
 * strongest ones. Null when no regulation has a stability (imported networks: nothing to slide).
 */
export interface StabilityRange {
  min: number;
  max: number;
  step: number;
}

export function stabilityRange(net: GeneRegulatoryNetwork): StabilityRange | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of net.regulations.values()) {
    const s = r.evidence.stability;
    if (s === undefined) continue;
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  if (lo > hi) return null;
  const rough = (hi - lo) / 20;
  const step = rough <= 0.01 ? 0.01 : rough <= 0.02 ? 0.02 : 0.05;
  // Rounding to 1e-9 first keeps 0.3 / 0.05 = 5.999… from landing a step low.
  const down = (x: number): number => Number((Math.floor(Number((x / step).toFixed(9))) * step).toFixed(2));
  return { min: down(lo), max: down(hi), step };
}

/** Whether the view hides this regulation at `threshold` (regulations without a score are always drawn). */
export function belowThreshold(r: Regulation, threshold: number): boolean {
  return r.evidence.stability !== undefined && r.evidence.stability < threshold;
}

/**
 * The edge list at `threshold`: how many edges are drawn, and the `k` strongest of them (unscored
 * ones first: user-added and imported edges are always drawn), ties by id. Works on the regulation
 * map without building a view edge per regulation, and compares ids by code unit rather than
 * localeCompare: at 10,000 edges that sort was most of a slider step.
 */
export function listedEdges(g: ViewGraph, threshold: number, k: number): { drawn: number; top: ViewEdge[] } {
  const drawn: { id: string; s: number }[] = [];
  for (const [id, r] of g.network.regulations)
    if (!belowThreshold(r, threshold)) drawn.push({ id, s: r.evidence.stability ?? 1 });
  drawn.sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { drawn: drawn.length, top: drawn.slice(0, k).map(({ id }) => viewEdge(g, id)!) };
}
