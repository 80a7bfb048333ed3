/**
 * The path of a predicted intervention's effect through the network: the genes it targets (those whose
 * targeting probability reaches the threshold) and every edge downstream of them, laid out in columns by
 * the shortest number of steps from a target. In a linear SCM a shift at a target moves exactly its
 * descendants (docs/methods.md §7), so this is the whole set of genes the prediction can move.
 */

export interface TargetProbability {
  readonly gene: string;
  readonly probability: number;
}

export interface Arc {
  readonly from: string;
  readonly to: string;
}

export interface PathNode {
  readonly gene: string;
  /** Steps from the nearest target; 0 for a target. */
  readonly depth: number;
  readonly probability: number | null;
  readonly x: number;
  readonly y: number;
}

export interface EffectPath {
  readonly nodes: readonly PathNode[];
  readonly arcs: readonly (Arc & { readonly depth: number })[];
  /** Genes reached but not drawn (over `maxNodes`). */
  readonly hidden: number;
  readonly width: number;
  readonly height: number;
}

export interface PathLayout {
  readonly threshold: number;
  readonly maxNodes?: number;
  readonly columnWidth?: number;
  readonly rowHeight?: number;
  readonly margin?: number;
}

export function effectPath(
  targets: readonly TargetProbability[],
  arcs: readonly Arc[],
  layout: PathLayout,
): EffectPath {
  const { threshold, maxNodes = 40, columnWidth = 170, rowHeight = 34, margin = 20 } = layout;
  // Arcs within a column (or back to an earlier one) curve out on the left: room for them.
  const left = margin + 50;
  const prob = new Map(targets.map((t) => [t.gene, t.probability]));
  const start = [...targets]
    .filter((t) => t.probability >= threshold)
    .sort((a, b) => b.probability - a.probability || a.gene.localeCompare(b.gene));
  const children = new Map<string, string[]>();
  for (const a of arcs) children.set(a.from, [...(children.get(a.from) ?? []), a.to]);
  // Breadth-first from all targets at once: each gene's depth is its distance from the nearest target.
  const depth = new Map<string, number>();
  const order: string[] = [];
  let frontier = start.map((t) => t.gene);
  frontier.forEach((g) => depth.set(g, 0));
  for (let d = 0; frontier.length > 0; d++) {
    order.push(...frontier);
    const next: string[] = [];
    for (const g of frontier)
      for (const c of [...(children.get(g) ?? [])].sort())
        if (!depth.has(c)) {
          depth.set(c, d + 1);
          next.push(c);
        }
    frontier = next;
  }
  const shown = order.slice(0, maxNodes);
  const drawn = new Set(shown);
  const rows = new Map<number, number>();
  const nodes = shown.map((gene) => {
    const d = depth.get(gene) ?? 0;
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    return {
      gene,
      depth: d,
      probability: d === 0 ? (prob.get(gene) ?? null) : null,
      x: left + d * columnWidth,
      y: margin + row * rowHeight,
    };
  });
  const kept = arcs
    .filter((a) => drawn.has(a.from) && drawn.has(a.to))
    .map((a) => ({ ...a, depth: depth.get(a.from) ?? 0 }));
  const maxDepth = Math.max(0, ...nodes.map((n) => n.depth));
  const maxRows = Math.max(1, ...rows.values());
  return {
    nodes,
    arcs: kept,
    hidden: order.length - shown.length,
    width: left + margin + maxDepth * columnWidth + 120,
    height: 2 * margin + (maxRows - 1) * rowHeight + 10,
  };
}
