import { niceTicks } from './histogram.ts';

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface BarRect {
  group: number;
  series: number;
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
}

/**
 * Grouped bars: one group per metric, one bar per series (method) within it; missing values draw no bar.
 * The y axis starts at 0 (or below, for negative values) and ends at a nice tick ≥ the largest value.
 */
export function groupedBars(
  groups: readonly (readonly (number | null)[])[],
  size: { width: number; height: number; margins: Margins },
): {
  bars: BarRect[];
  y0: number;
  y1: number;
  ticks: number[];
  /** The tick step, for formatTick. */
  step: number;
  scaleY: (v: number) => number;
  groupX: (g: number) => number;
  groupWidth: number;
} {
  const { width, height, margins: m } = size;
  const values = groups.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  const lo = Math.min(0, ...values);
  const hi = Math.max(lo === 0 ? 1e-9 : 0, ...values);
  const { ticks, step } = niceTicks(lo, hi, 5);
  const y0 = Math.min(lo, ticks[0] ?? lo);
  const y1 = Math.max(hi, ticks[ticks.length - 1] ?? hi);
  const innerW = Math.max(1, width - m.left - m.right);
  const innerH = Math.max(1, height - m.top - m.bottom);
  const scaleY = (v: number): number => m.top + innerH - ((v - y0) / (y1 - y0 || 1)) * innerH;
  const groupWidth = innerW / Math.max(1, groups.length);
  const groupX = (g: number): number => m.left + g * groupWidth;
  const bars: BarRect[] = [];
  groups.forEach((series, g) => {
    const n = Math.max(1, series.length);
    const barW = (groupWidth * 0.8) / n;
    series.forEach((v, s) => {
      if (v === null || !Number.isFinite(v)) return;
      const top = scaleY(Math.max(0, v));
      const bottom = scaleY(Math.min(0, v));
      bars.push({
        group: g,
        series: s,
        x: groupX(g) + groupWidth * 0.1 + s * barW,
        y: top,
        width: barW,
        height: bottom - top,
        value: v,
      });
    });
  });
  return { bars, y0, y1, ticks, step, scaleY, groupX, groupWidth };
}

/** An SVG path through (x, y) points in the box, x from 1..xMax (epochs), y on a nice scale from its min. */
export function linePath(
  points: readonly { x: number; y: number }[],
  scale: { x: (v: number) => number; y: (v: number) => number },
): string {
  return points
    .filter((p) => Number.isFinite(p.y))
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${scale.x(p.x).toFixed(1)},${scale.y(p.y).toFixed(1)}`)
    .join('');
}

/**
 * Rows for labels centred above marks on one axis (the top drugs on a score histogram): each label takes
 * the first row where it overlaps no label already there, so close scores stack instead of printing over
 * each other. Widths are estimated from the font size. Returns the row of each label (0 = lowest).
 */
export function stackLabels(labels: readonly { x: number; text: string }[], fontPx: number): number[] {
  const gap = fontPx * 0.5;
  const rows: { x0: number; x1: number }[][] = [];
  return labels.map(({ x, text }) => {
    const half = (text.length * fontPx * 0.62) / 2;
    const box = { x0: x - half - gap, x1: x + half + gap };
    let row = rows.findIndex((r) => r.every((b) => box.x1 <= b.x0 || b.x1 <= box.x0));
    if (row < 0) row = rows.push([]) - 1;
    rows[row]!.push(box);
    return row;
  });
}

/**
 * At most `max` of the items, evenly spaced, always the first and the last: the dots of a long loss curve
 * (one per epoch would be thousands of elements, redrawn on every live update), where the last one marks
 * the newest epoch.
 */
export function evenlySpaced<T>(items: readonly T[], max: number): T[] {
  const n = items.length;
  if (n <= max) return [...items];
  if (max < 2) return max < 1 ? [] : [items[n - 1]!];
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(items[Math.round((i * (n - 1)) / (max - 1))]!);
  return out;
}

/**
 * A line's vertices reduced to what `buckets` pixel columns can show: in each run of consecutive points
 * the lowest and the highest (in x order), plus the first and the last point. The drawn line keeps every
 * spike and dip (the loss's jump at each structure-learning round) with at most 2·buckets + 2 vertices.
 */
export function decimateLine<P extends { x: number; y: number }>(points: readonly P[], buckets: number): P[] {
  const n = points.length;
  if (n <= 2 * buckets + 2 || buckets < 1) return [...points];
  const out: P[] = [points[0]!];
  for (let b = 0; b < buckets; b++) {
    const from = Math.max(1, Math.floor((b * n) / buckets));
    const to = Math.min(n - 1, Math.floor(((b + 1) * n) / buckets));
    let lo = -1;
    let hi = -1;
    for (let i = from; i < to; i++) {
      const y = points[i]!.y;
      if (!Number.isFinite(y)) continue;
      if (lo < 0 || y < points[lo]!.y) lo = i;
      if (hi < 0 || y > points[hi]!.y) hi = i;
    }
    if (lo < 0) continue;
    out.push(points[Math.min(lo, hi)]!);
    if (hi !== lo) out.push(points[Math.max(lo, hi)]!);
  }
  out.push(points[n - 1]!);
  return out;
}
