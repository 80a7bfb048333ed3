/**
 * Layout of a per-gene shift plot: one horizontal bar per gene, the genes moved most first, on a shared
 * x axis that always holds 0 so the direction of every shift reads at a glance. A gene may carry an
 * interval (drawn as a whisker) and a wanted change (drawn as an outline behind the bar); the axis holds
 * them too. Used by Predict perturbation (a prediction's mean shift) and Design (a round's shift).
 */
import { niceTicks } from './histogram.ts';
import type { Margins } from './plots.ts';

export interface GeneShift {
  readonly gene: string;
  readonly shift: number;
  /** The interval around `shift` (both or neither). */
  readonly lower?: number;
  readonly upper?: number;
  /** The change wanted, drawn as an outline to compare the bar with. */
  readonly wanted?: number;
}

/** A whisker narrower than this (pixels) is widened about its middle so it stays visible. */
export const MIN_WHISKER_PX = 8;

export interface ShiftRow extends GeneShift {
  readonly y: number;
  /** The bar from 0 to the shift (at least 1 px wide, so a tiny shift still shows). */
  readonly bar: { readonly x: number; readonly width: number };
  readonly wantedBar: { readonly x: number; readonly width: number } | null;
  /** The whisker's ends, at least MIN_WHISKER_PX apart (`widened` when the interval is narrower); null
   * without a finite interval. */
  readonly whisker: { readonly x1: number; readonly x2: number; readonly widened: boolean } | null;
}

export interface ShiftBarsLayout {
  readonly rows: readonly ShiftRow[];
  readonly ticks: readonly number[];
  readonly step: number;
  readonly scaleX: (v: number) => number;
  readonly height: number;
  /** Genes not drawn (beyond `top`). */
  readonly hidden: number;
}

const size = (v: number | undefined): number => (v !== undefined && Number.isFinite(v) ? Math.abs(v) : 0);

/** The genes the shift moves most, first; ties by the wanted change, then by name (a stable order). */
export function largestShifts<T extends GeneShift>(shifts: readonly T[], top: number): T[] {
  return shifts
    .filter((s) => Number.isFinite(s.shift))
    .sort(
      (a, b) =>
        size(b.shift) - size(a.shift) || size(b.wanted) - size(a.wanted) || a.gene.localeCompare(b.gene),
    )
    .slice(0, top);
}

export function shiftBars(
  shifts: readonly GeneShift[],
  layout: { width: number; top: number; rowHeight: number; margins: Margins; ticks?: number },
): ShiftBarsLayout {
  const { width, top, rowHeight, margins: m } = layout;
  const shown = largestShifts(shifts, top);
  const ends = shown
    .flatMap((s) => [s.shift, s.lower, s.upper, s.wanted])
    .filter((v): v is number => v !== undefined && Number.isFinite(v));
  const lo = Math.min(0, ...ends);
  const hi = Math.max(0, ...ends);
  const { ticks, step } = niceTicks(lo, hi === lo ? lo + 1 : hi, layout.ticks ?? 5);
  const x0 = Math.min(lo, ticks[0] ?? lo);
  const x1 = Math.max(hi, ticks[ticks.length - 1] ?? hi);
  const inner = Math.max(1, width - m.left - m.right);
  const scaleX = (v: number): number => m.left + ((v - x0) / (x1 - x0 || 1)) * inner;
  const span = (v: number): { x: number; width: number } => ({
    x: Math.min(scaleX(0), scaleX(v)),
    width: Math.max(1, Math.abs(scaleX(v) - scaleX(0))),
  });
  const whisker = (s: GeneShift): ShiftRow['whisker'] => {
    if (s.lower === undefined || s.upper === undefined) return null;
    if (!Number.isFinite(s.lower) || !Number.isFinite(s.upper)) return null;
    const a = scaleX(Math.min(s.lower, s.upper));
    const b = scaleX(Math.max(s.lower, s.upper));
    if (b - a >= MIN_WHISKER_PX) return { x1: a, x2: b, widened: false };
    const mid = (a + b) / 2;
    return { x1: mid - MIN_WHISKER_PX / 2, x2: mid + MIN_WHISKER_PX / 2, widened: true };
  };
  return {
    rows: shown.map((s, i) => ({
      ...s,
      y: m.top + i * rowHeight,
      bar: span(s.shift),
      wantedBar: s.wanted !== undefined && Number.isFinite(s.wanted) ? span(s.wanted) : null,
      whisker: whisker(s),
    })),
    ticks,
    step,
    scaleX,
    height: m.top + Math.max(1, shown.length) * rowHeight + m.bottom,
    hidden: shifts.filter((s) => Number.isFinite(s.shift)).length - shown.length,
  };
}
