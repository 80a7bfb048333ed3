/**
 * Inline SVG drawings for the targets report: a whole network on a circle (genes ordered by group, so
 * terminals, Steiner genes or drug targets sit together and the chords between groups read at a glance),
 * and one target's explaining paths as layers (layer k = genes k steps downstream of the target), where
 * every arc is labelled with its stability.
 */
import { xmlEscape } from '../../drugs/export/xlsx.ts';

export interface DrawnNode {
  id: string;
  /** Fill colour; nodes are ordered around the circle by colour, then by name. */
  colour: string;
  /** Drawn larger and labelled. */
  emphasis?: boolean;
}

export interface DrawnEdge {
  source: string;
  target: string;
  colour?: string;
  width?: number;
  directed?: boolean;
}

const f1 = (x: number): string => x.toFixed(1);

/** The network on a circle; labels for emphasised nodes, or for all when there are at most 60. */
export function circleSvg(nodes: readonly DrawnNode[], edges: readonly DrawnEdge[], size = 640): string {
  const ordered = [...nodes].sort((a, b) =>
    a.colour < b.colour ? -1 : a.colour > b.colour ? 1 : a.id < b.id ? -1 : 1,
  );
  const c = size / 2;
  const radius = size / 2 - 90;
  const at = new Map<string, { x: number; y: number; angle: number }>();
  ordered.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, ordered.length) - Math.PI / 2;
    at.set(n.id, { x: c + radius * Math.cos(angle), y: c + radius * Math.sin(angle), angle });
  });
  const lines = edges
    .filter((e) => at.has(e.source) && at.has(e.target) && e.source !== e.target)
    .sort((a, b) => (a.width ?? 0.6) - (b.width ?? 0.6))
    .map((e) => {
      const a = at.get(e.source)!;
      const b = at.get(e.target)!;
      return `<line x1="${f1(a.x)}" y1="${f1(a.y)}" x2="${f1(b.x)}" y2="${f1(b.y)}" stroke="${e.colour ?? '#b8c0cc'}" stroke-width="${e.width ?? 0.6}" stroke-opacity="${e.colour ? 0.95 : 0.5}"${e.directed ? ' marker-end="url(#arrow)"' : ''}/>`;
    })
    .join('');
  const labelAll = ordered.length <= 60;
  const dots = ordered
    .map((n) => {
      const p = at.get(n.id)!;
      const r = n.emphasis ? 5 : 3;
      const title = `<title>${xmlEscape(n.id)}</title>`;
      const dot = `<circle cx="${f1(p.x)}" cy="${f1(p.y)}" r="${r}" fill="${n.colour}" stroke="#fff" stroke-width="0.8">${title}</circle>`;
      if (!labelAll && !n.emphasis) return dot;
      const lx = c + (radius + 10) * Math.cos(p.angle);
      const ly = c + (radius + 10) * Math.sin(p.angle);
      const left = Math.cos(p.angle) < 0;
      const deg = (p.angle * 180) / Math.PI + (left ? 180 : 0);
      const weight = n.emphasis ? ' font-weight="600"' : '';
      return `${dot}<text x="${f1(lx)}" y="${f1(ly)}" font-size="${n.emphasis ? 11 : 9}"${weight} text-anchor="${left ? 'end' : 'start'}" dominant-baseline="middle" transform="rotate(${f1(deg)} ${f1(lx)} ${f1(ly)})">${xmlEscape(n.id)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}" role="img">${ARROW}${lines}${dots}</svg>`;
}

const ARROW =
  '<defs><marker id="arrow" viewBox="0 0 10 10" refX="16" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#556070"/></marker></defs>';

export interface PathToDraw {
  genes: readonly string[];
  arcStabilities: readonly number[];
}

/**
 * A target's paths as layers: the target on the left, each gene in the layer of its first position on any
 * path; disease genes (each path's last gene) in red. Arcs are drawn once, labelled with their stability.
 */
export function pathsSvg(
  target: string,
  paths: readonly PathToDraw[],
  diseaseGenes: ReadonlySet<string>,
): string {
  const layerOf = new Map<string, number>([[target, 0]]);
  for (const p of paths)
    p.genes.forEach((g, k) => {
      if (!layerOf.has(g) || layerOf.get(g)! > k) layerOf.set(g, k);
    });
  const layers: string[][] = [];
  for (const [g, k] of layerOf) (layers[k] ??= []).push(g);
  layers.forEach((l) => l.sort());
  const colW = 150;
  const rowH = 26;
  const height = Math.max(1, ...layers.map((l) => l.length)) * rowH + 20;
  const width = layers.length * colW + 40;
  const pos = new Map<string, { x: number; y: number }>();
  layers.forEach((l, k) =>
    l.forEach((g, i) =>
      pos.set(g, { x: 20 + k * colW + 40, y: 10 + (i + 0.5) * rowH + (height - 20 - l.length * rowH) / 2 }),
    ),
  );
  const drawn = new Set<string>();
  let arcs = '';
  for (const p of paths)
    for (let k = 0; k + 1 < p.genes.length; k++) {
      const key = `${p.genes[k]}\u0000${p.genes[k + 1]}`;
      if (drawn.has(key)) continue;
      drawn.add(key);
      const a = pos.get(p.genes[k]!)!;
      const b = pos.get(p.genes[k + 1]!)!;
      const s = p.arcStabilities[k] ?? 0;
      arcs += `<line x1="${f1(a.x)}" y1="${f1(a.y)}" x2="${f1(b.x)}" y2="${f1(b.y)}" stroke="#556070" stroke-width="${f1(0.5 + 2.5 * s)}" marker-end="url(#arrow)"/>`;
      arcs += `<text x="${f1((a.x + b.x) / 2)}" y="${f1((a.y + b.y) / 2 - 3)}" font-size="9" fill="#556070" text-anchor="middle">${s.toFixed(2)}</text>`;
    }
  let dots = '';
  for (const [g, p] of pos) {
    const colour = g === target ? '#1f6feb' : diseaseGenes.has(g) ? '#d1242f' : '#8c959f';
    dots += `<circle cx="${f1(p.x)}" cy="${f1(p.y)}" r="6" fill="${colour}"/><text x="${f1(p.x)}" y="${f1(p.y - 9)}" font-size="10" text-anchor="middle">${xmlEscape(g)}</text>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${ARROW}${arcs}${dots}</svg>`;
}
