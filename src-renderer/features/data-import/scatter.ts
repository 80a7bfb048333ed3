// Colours, axes and labels for the PCA and volcano plots: pure functions, unit-tested.
import { niceTicks } from '../../lib/histogram.ts';

export type PointValue = string | number | null;

/**
 * Okabe–Ito (distinguishable with the common colour-vision deficiencies), then four of Paul Tol's muted
 * scheme: twelve, so that a design's usual groups (up to a dozen) each get a colour and a legend entry
 * instead of being lumped into "others".
 */
export const CATEGORY_COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
  '#882255',
  '#999933',
  '#44AA99',
  '#AA4499',
];
const OTHER = '#9aa0a6';
const MISSING = '#d0d4d9';

export interface ColourScale {
  kind: 'category' | 'numeric' | 'none';
  colour: (v: PointValue) => string;
  /** Legend entries: categories (most frequent first, the rest as “other”) or the numeric range. */
  legend: { label: string; colour: string }[];
}

function lerp(a: number, b: number, t: number): number {
  return Math.round(a + (b - a) * t);
}

/** Light blue → dark blue for low → high. */
function ramp(t: number): string {
  const c = Math.max(0, Math.min(1, t));
  return `rgb(${lerp(198, 8, c)}, ${lerp(219, 48, c)}, ${lerp(239, 107, c)})`;
}

export function colourScale(values: readonly PointValue[] | null): ColourScale {
  if (!values) return { kind: 'none', colour: () => CATEGORY_COLOURS[0] as string, legend: [] };
  const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const numeric = values.every((v) => v === null || typeof v === 'number');
  if (numeric && numbers.length > 0) {
    const lo = Math.min(...numbers);
    const hi = Math.max(...numbers);
    const span = hi - lo || 1;
    return {
      kind: 'numeric',
      colour: (v) => (typeof v === 'number' && Number.isFinite(v) ? ramp((v - lo) / span) : MISSING),
      legend: [
        { label: String(Number(lo.toPrecision(4))), colour: ramp(0) },
        { label: String(Number(hi.toPrecision(4))), colour: ramp(1) },
      ],
    };
  }
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null && v !== '') counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  const ranked = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k]) => k);
  const shown = new Map(
    ranked.slice(0, CATEGORY_COLOURS.length).map((k, i) => [k, CATEGORY_COLOURS[i] as string]),
  );
  const legend = [...shown.entries()].map(([label, colour]) => ({ label, colour }));
  if (ranked.length > shown.size)
    legend.push({ label: `${ranked.length - shown.size} others`, colour: OTHER });
  if (values.some((v) => v === null || v === '')) legend.push({ label: 'none', colour: MISSING });
  return {
    kind: 'category',
    colour: (v) => (v === null || v === '' ? MISSING : (shown.get(String(v)) ?? OTHER)),
    legend,
  };
}

export interface LinearAxis {
  scale: (v: number) => number;
  /** Nice tick values inside the padded data range, and their step (for formatTick). */
  ticks: number[];
  step: number;
}

/** Linear axis from the data range, padded by 5 %, onto [r0, r1], with about `target` nice ticks. */
export function linearAxis(values: readonly number[], r0: number, r1: number, target = 5): LinearAxis {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) [lo, hi] = [0, 1];
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.05;
  lo -= pad;
  hi += pad;
  const { ticks, step } = niceTicks(lo, hi, target);
  return { scale: (v) => r0 + ((v - lo) / (hi - lo)) * (r1 - r0), ticks, step };
}

export interface PlacedLabel {
  text: string;
  x: number;
  y: number;
}

/**
 * Gene labels beside their points, most important first, each placed right of its point or, if that
 * overlaps a placed label, left of it; a label that fits neither way is left out (its point stays), so
 * labels never overlap. Boxes are estimated from the font size (monospace-ish width per character).
 */
export function placeLabels(
  wanted: readonly PlacedLabel[],
  size: { fontPx: number; width: number },
): (PlacedLabel & { anchor: 'start' | 'end' })[] {
  const charW = size.fontPx * 0.62;
  const boxes: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const out: (PlacedLabel & { anchor: 'start' | 'end' })[] = [];
  for (const l of wanted) {
    const w = l.text.length * charW;
    const y1 = l.y - 3;
    const y0 = y1 - size.fontPx;
    for (const anchor of ['start', 'end'] as const) {
      const x0 = anchor === 'start' ? l.x + 4 : l.x - 4 - w;
      const x1 = x0 + w;
      if (x0 < 0 || x1 > size.width) continue;
      if (boxes.some((b) => x0 < b.x1 && b.x0 < x1 && y0 < b.y1 && b.y0 < y1)) continue;
      boxes.push({ x0, x1, y0, y1 });
      out.push({ text: l.text, x: anchor === 'start' ? l.x + 4 : l.x - 4, y: y1, anchor });
      break;
    }
  }
  return out;
}
