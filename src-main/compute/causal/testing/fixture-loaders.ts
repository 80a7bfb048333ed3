/**
 * Readers for the golden fixtures in ../fixtures (tests and benchmarks only).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { matrixFromRows, type DenseMatrix } from '../../numeric/matrix.ts';
import { emptyPdag, type Pdag } from '../graph/pdag.ts';

const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export function readFixtureText(relPath: string): string {
  const buf = readFileSync(join(FIXTURES_DIR, relPath));
  return (relPath.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
}

/** Numeric table with a header line; whitespace or comma separated. */
export function parseNumericTable(text: string): { header: string[]; data: DenseMatrix } {
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  const split = (l: string): string[] => l.trim().split(/[\s,]+/);
  const header = split(lines[0] ?? '').map((h) => h.replace(/^"|"$/g, ''));
  const rows = lines.slice(1).map((l) => split(l).map(Number));
  return { header, data: matrixFromRows(rows) };
}

/** causal-learn endpoint matrix (G[i,j] = −1, G[j,i] = 1 ⇔ i → j; both −1 ⇔ i — j) → Pdag. */
export function parseCausalLearnEndpoints(text: string): Pdag {
  const rows = text
    .split(/\r?\n/)
    .filter((l) => l.trim().length > 0)
    .map((l) => l.trim().split(/\s+/).map(Number));
  const p = rows.length;
  const g = emptyPdag(p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) {
      const e = rows[i]![j]!;
      const f = rows[j]![i]!;
      if (e === -1 && (f === 1 || f === -1)) g.marks[i * p + j] = 1;
      else if (e !== 0 || f !== 0) {
        if (!(e === 1 && f === -1)) throw new Error(`unsupported endpoint pair (${e}, ${f}) at ${i},${j}`);
      }
    }
  }
  return g;
}

/** `source target` TSV edge list → DAG over the given node names (case-insensitive). */
export function parseEdgeListTsv(text: string, nodes: readonly string[]): Pdag {
  const index = new Map(nodes.map((n, i) => [n.toLowerCase(), i]));
  const g = emptyPdag(nodes.length);
  for (const line of text.split(/\r?\n/).slice(1)) {
    const [s, t] = line.trim().split(/\s+/);
    if (!s || !t) continue;
    const a = index.get(s.toLowerCase());
    const b = index.get(t.toLowerCase());
    if (a === undefined || b === undefined) throw new Error(`unknown node in edge ${s} → ${t}`);
    g.marks[a * nodes.length + b] = 1;
  }
  return g;
}
