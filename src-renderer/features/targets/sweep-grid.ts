/**
 * The small multiples of a Steiner parameter sweep: one panel per measure (genes, disease genes kept,
 * components), w down and b across. Belyaeva et al. 2021 chose w and b where the network stops growing
 * quickly with b and holds one component: a plateau, so that a small change of setting does not change
 * the answer. A robust setting is one whose neighbours in the grid give about the same numbers.
 */
export interface SweepCell {
  w: number;
  b: number;
  g: number;
  nodes: number;
  terminalsKept: number;
  components: number;
}

export const SWEEP_MEASURES = [
  { key: 'nodes', label: 'Genes in the subnetwork' },
  { key: 'terminalsKept', label: 'Disease genes kept' },
  { key: 'components', label: 'Components' },
] as const;
export type SweepMeasure = (typeof SWEEP_MEASURES)[number]['key'];

export interface SweepPanel {
  g: number;
  ws: number[];
  bs: number[];
  /** cells[i][j]: w = ws[i], b = bs[j]; null where the grid has no point. */
  cells: (SweepCell | null)[][];
}

/** One panel per hub exponent g, w ascending down, b ascending across. */
export function sweepPanels(points: readonly SweepCell[]): SweepPanel[] {
  const gs = [...new Set(points.map((p) => p.g))].sort((a, b) => a - b);
  return gs.map((g) => {
    const mine = points.filter((p) => p.g === g);
    const ws = [...new Set(mine.map((p) => p.w))].sort((a, b) => a - b);
    const bs = [...new Set(mine.map((p) => p.b))].sort((a, b) => a - b);
    const cells = ws.map((w) => bs.map((b) => mine.find((p) => p.w === w && p.b === b) ?? null));
    return { g, ws, bs, cells };
  });
}

/**
 * How much a cell's value differs from its grid neighbours (largest relative change to any of the
 * four): 0 inside a plateau, large on a cliff. Shown so that the user sees where a setting is safe.
 */
export function cliff(panel: SweepPanel, i: number, j: number, measure: SweepMeasure): number {
  const here = panel.cells[i]?.[j];
  if (!here) return 0;
  let worst = 0;
  for (const [di, dj] of [
    [-1, 0],
    [1, 0],
    [0, -1],
    [0, 1],
  ] as const) {
    const there = panel.cells[i + di]?.[j + dj];
    if (!there) continue;
    const a = here[measure];
    const b = there[measure];
    worst = Math.max(worst, Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b)));
  }
  return worst;
}

/** Shade for a value in [lo, hi]: 0 (lightest) to 1 (darkest); a flat measure is mid-tone. */
export function shade(value: number, lo: number, hi: number): number {
  return hi > lo ? (value - lo) / (hi - lo) : 0.5;
}
