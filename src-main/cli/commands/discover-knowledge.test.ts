// `causeway discover --knowledge`: a Tetrad knowledge file steers a real run (issue 13).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DiscoveredGraph } from '#shared/domain/discovered-graph.ts';
import { SeededRng } from '../../compute/numeric/rng.ts';
import { randomLinearSem, sampleSem } from '../../compute/causal/testing/simulate.ts';
import { main } from '../main.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-discover-knowledge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const genes = ['g0', 'g1', 'g2', 'g3', 'g4', 'g5'];

const rng = new SeededRng(7);
const sem = randomLinearSem(6, 2, rng);
const m = sampleSem(sem, 600, rng);
const lines = [genes.join(',')];
for (let r = 0; r < m.rows; r++)
  lines.push(genes.map((_, c) => m.data[c * m.rows + r]!.toPrecision(8)).join(','));
const dataFile = join(dir, 'data.csv');
writeFileSync(dataFile, `${lines.join('\n')}\n`);

async function discover(extra: string[]): Promise<{ code: number; err: string; graph: DiscoveredGraph }> {
  const out = join(dir, `graph-${extra.length}.json`);
  let err = '';
  const code = await main(
    [
      'discover',
      '--data',
      dataFile,
      '--algorithm',
      'gsp',
      '--alpha',
      '0.01',
      '--seed',
      '3',
      '--out',
      out,
      ...extra,
    ],
    { out: () => {}, err: (t) => (err += t) },
  );
  return {
    code,
    err,
    graph: code === 0 ? (JSON.parse(readFileSync(out, 'utf8')) as DiscoveredGraph) : (null as never),
  };
}

const hasArc = (g: DiscoveredGraph, s: string, t: string): boolean =>
  g.edges.some((e) => e.directed && e.source === s && e.target === t);
const adjacent = (g: DiscoveredGraph, a: string, b: string): boolean =>
  g.edges.some((e) => (e.source === a && e.target === b) || (e.source === b && e.target === a));

describe('causeway discover --knowledge', () => {
  it('honours a forbidden and a required arc from a Tetrad knowledge file, and records them', async () => {
    const free = await discover([]);
    expect(free.code).toBe(0);
    // An arc the data chooses, to forbid; and a pair the data leaves apart, to require.
    const learned = free.graph.edges.find((e) => e.directed)!;
    expect(learned).toBeDefined();
    const [a, b] = genes
      .flatMap((x) => genes.map((y) => [x, y] as const))
      .find(
        ([x, y]) => x < y && !adjacent(free.graph, x, y) && x !== learned.source && y !== learned.target,
      )!;
    const file = join(dir, 'prior.txt');
    writeFileSync(
      file,
      [
        '/knowledge',
        '// written as Tetrad writes it',
        'addtemporal',
        '',
        'forbiddirect',
        `${learned.source} ${learned.target}`,
        '',
        'requiredirect',
        `${a} ${b}`,
        '',
      ].join('\n'),
    );
    const steered = await discover(['--knowledge', file]);
    expect(steered.err).toBe('');
    expect(steered.code).toBe(0);
    expect(hasArc(steered.graph, learned.source, learned.target)).toBe(false);
    expect(hasArc(steered.graph, a, b)).toBe(true);
    expect(steered.graph.knowledge).toEqual({
      forbiddenArcs: [[learned.source, learned.target]],
      requiredArcs: [[a, b]],
    });
  });

  it('adds a JSON file to the flags, and names the file and line of a bad Tetrad file', async () => {
    const json = join(dir, 'k.json');
    writeFileSync(json, JSON.stringify({ forbiddenAdjacencies: [['g1', 'g0']] }));
    const arcs = join(dir, 'arcs.tsv');
    writeFileSync(arcs, 'g2\tg3\n');
    const r = await discover(['--knowledge', json, '--required-arcs', arcs]);
    expect(r.code).toBe(0);
    expect(r.graph.knowledge).toEqual({ forbiddenAdjacencies: [['g0', 'g1']], requiredArcs: [['g2', 'g3']] });
    expect(adjacent(r.graph, 'g0', 'g1')).toBe(false);

    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, 'addtemporal\n1 g0\nforbiddirect\ng1 g2 g3\n');
    const e = await discover(['--knowledge', bad]);
    expect(e.code).toBe(2);
    expect(e.err).toMatch(/bad\.txt \(row 4\): a forbiddirect line names two genes/);
    const tiers = join(dir, 'tiers.txt');
    writeFileSync(tiers, 'g0\ng1\n');
    const tiered = join(dir, 'tiered.txt');
    writeFileSync(tiered, 'addtemporal\n1 g1\n2 g0\n');
    const both = await discover(['--knowledge', tiered, '--tiers', tiers]);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/both the knowledge flags and .*tiered\.txt give tiers/);
  });

  it('reads a prior network as the allowed skeleton with --knowledge-as, and asks for it otherwise', async () => {
    const sif = join(dir, 'prior.sif');
    writeFileSync(sif, 'g0 -- g1 g2\ng3 -> g4\ng2 pp g5\n');
    const skeleton = new Set(['g0 g1', 'g0 g2', 'g3 g4', 'g2 g5']);
    const r = await discover(['--knowledge', sif, '--knowledge-as', 'allowed-skeleton']);
    expect(r.code).toBe(0);
    expect(r.graph.knowledge?.allowedAdjacencies).toHaveLength(4);
    expect(r.graph.edges.length).toBeGreaterThan(0);
    for (const e of r.graph.edges) expect(skeleton.has([e.source, e.target].sort().join(' '))).toBe(true);
    const ask = await discover(['--knowledge', sif]);
    expect(ask.code).toBe(2);
    expect(ask.err).toMatch(
      /prior\.sif: is a network, not a knowledge file.*--knowledge-as required\|allowed-skeleton\|forbidden/,
    );
  });
});
