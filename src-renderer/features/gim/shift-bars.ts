/**
 * Layout of the predicted-shift plot: one horizontal bar per gene (predicted mean minus observational
 * mean) with its interval as a whisker, the genes the prediction moves most first, on a shared x axis
 * that always contains 0 so the direction of every shift reads at a glance.
 */
import { niceTicks } from '../../lib/histogram.ts';

export interface GeneShift {
  readonly gene: string;
  readonly shift: number;
  readonly lower: number;
  readonly upper: number;
}

export interface ShiftBarsLayout {
  readonly rows: readonly (GeneShift & { readonly y: number })[];
  readonly ticks: readonly number[];
  readonly step: number;
  readonly scaleX: (v: number) => number;
  readonly height: number;
  /** Genes not drawn (beyond `top`). */
  readonly hidden: number;
}

export function shiftBars(
  shifts: readonly GeneShift[],
  size: {
    width: number;
    top: number;
    rowHeight: number;
    margins: { top: number; right: number; bottom: number; left: number };
  },
): ShiftBarsLayout {
  const { width, top, rowHeight, margins: m } = size;
  const finite = shifts.filter((s) => Number.isFinite(s.shift));
  const sorted = [...finite].sort(
    (a, b) => Math.abs(b.shift) - Math.abs(a.shift) || a.gene.localeCompare(b.gene),
  );
  const shown = sorted.slice(0, top);
  const ends = shown.flatMap((s) => [s.shift, s.lower, s.upper]).filter(Number.isFinite);
  const lo = Math.min(0, ...ends);
  const hi = Math.max(0, ...ends);
  const { ticks, step } = niceTicks(lo, hi === lo ? lo + 1 : hi, 5);
  const x0 = Math.min(lo, ticks[0] ?? lo);
  const x1 = Math.max(hi, ticks[ticks.length - 1] ?? hi);
  const inner = Math.max(1, width - m.left - m.right);
  const scaleX = (v: number): number => m.left + ((v - x0) / (x1 - x0 || 1)) * inner;
  return {
    rows: shown.map((s, i) => ({ ...s, y: m.top + i * rowHeight })),
    ticks,
    step,
    scaleX,
    height: m.top + shown.length * rowHeight + m.bottom,
    hidden: finite.length - shown.length,
  };
}
