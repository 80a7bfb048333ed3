// `causeway network edit / diff / versions` on a temporary copy of the demo project (issue 13).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiscoveredGraph } from '#shared/domain/discovered-graph.ts';
import { NetworkGraph } from '#shared/domain/network.ts';
import {
  addRegulation,
  applyEdits,
  orient,
  removeRegulation,
  reverse,
  setConstraint,
  setNote,
} from '#shared/domain/grn/edits.ts';
import { fromDiscoveredGraph, fromNetworkGraph } from '#shared/domain/grn/from-documents.ts';
import { regulationId } from '#shared/domain/grn/network.ts';
import { NetworkVersion } from '#shared/domain/grn/versions.ts';
import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { inMemoryBackend } from '../../services/jobs/test-backend.ts';
import { demoDir } from '../../services/paths.ts';
import { main } from '../main.ts';

const root = mkdtempSync(join(tmpdir(), 'causeway-network-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const project = join(root, 'demo');
cpSync(demoDir(), project, { recursive: true });

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}
const write = (name: string, json: unknown): string => {
  const file = join(root, name);
  writeFileSync(file, JSON.stringify(json));
  return file;
};
const readVersion = (id: string): NetworkVersion =>
  NetworkVersion.parse(JSON.parse(readFileSync(join(project, 'networks/versions', `${id}.json`), 'utf8')));

// The demo's PPI network as the app sees it; the edits are built with the app's builders.
const ppi = fromNetworkGraph(
  NetworkGraph.parse(JSON.parse(readFileSync(join(project, 'networks/ppi_252.json'), 'utf8'))),
);
const [first, second] = [...ppi.regulations.values()];
const genes = [...ppi.genes.keys()];
const [x, y] = genes
  .flatMap((a) => genes.map((b) => [a, b] as const))
  .find(([a, b]) => a !== b && !ppi.regulations.has(regulationId(a, b, false)) && a !== first!.source)!;
const ops1 = [
  orient(ppi, regulationId(first!.source, first!.target, false), {
    source: first!.source,
    target: first!.target,
  }),
  removeRegulation(ppi, regulationId(second!.source, second!.target, false)),
  addRegulation(ppi, x, y, true),
  setConstraint(ppi, 'arc', [second!.source, x], 'forbidden'),
  setNote(ppi, [...ppi.regulations.keys()][2]!, 'PMID:32416070'),
];

describe('causeway network', () => {
  let v1 = '';
  let v2 = '';

  it('edit saves a version from a project network and prints its id and what changed', async () => {
    const r = await run(
      'network',
      'edit',
      project,
      '--network',
      'ppi_252',
      '--ops',
      write('ops1.json', ops1),
      '--name',
      'curated',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    v1 = r.out.split('\t')[0]!;
    expect(v1).toMatch(/^ver_/);
    expect(r.out).toContain('version "curated": 5 edits on network:ppi_252');
    expect(r.out).toContain(
      'added 1, removed 1, reversed 0, re-oriented 1, re-weighted 0, constraints +1 −0',
    );
    const saved = readVersion(v1);
    expect(saved.base).toEqual({ kind: 'network', networkId: 'ppi_252' });
    expect(saved.ops).toEqual(ops1);
  });

  it('edit on a version appends to its ops and records it as the parent', async () => {
    const mid = applyEdits(ppi, ops1);
    const oriented = `${first!.source}→${first!.target}`;
    const ops2 = [reverse(mid, oriented)];
    const r = await run(
      'network',
      'edit',
      project,
      '--version',
      v1,
      '--ops',
      write('ops2.json', { ops: ops2 }),
      '--note',
      'literature',
    );
    expect(r.err).toBe('');
    v2 = r.out.split('\t')[0]!;
    expect(r.out).toContain(`1 edits on version ${v1}`);
    expect(r.out).toContain('added 0, removed 0, reversed 1, re-oriented 0');
    const saved = readVersion(v2);
    expect(saved).toMatchObject({ parentId: v1, note: 'literature', nOps: 6 });
    expect(saved.ops).toEqual([...ops1, ...ops2]);
  });

  it('refuses ops that do not fit, naming the op, and saves nothing', async () => {
    const again = await run('network', 'edit', project, '--version', v1, '--ops', join(root, 'ops1.json'));
    expect(again.code).toBe(2);
    expect(again.err).toMatch(
      /ops1\.json: ops\[0\] \(orient\) does not fit the network: .* has changed since this edit was made/,
    );
    const bad = await run(
      'network',
      'edit',
      project,
      '--network',
      'ppi_252',
      '--ops',
      write('bad.json', [ops1[1], { op: 'addGene' }]),
    );
    expect(bad.err).toMatch(/bad\.json: ops\[1\] is not an edit operation at gene/);
    const both = await run(
      'network',
      'edit',
      project,
      '--network',
      'ppi_252',
      '--run',
      'r1',
      '--ops',
      join(root, 'ops1.json'),
    );
    expect(both.err).toMatch(/exactly one of --network, --run or --version/);
    const noRun = await run('network', 'edit', project, '--run', 'nope', '--ops', join(root, 'ops1.json'));
    expect(noRun.err).toMatch(/E_NOT_FOUND: No run "nope"/);
    const list = await run('network', 'versions', project);
    expect(
      list.out
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[0]),
    ).toEqual([v1, v2]);
  });

  it('diff classifies added, removed, reversed, re-oriented edges and knowledge changes', async () => {
    const tsv = await run('network', 'diff', project, 'network:ppi_252', v2, '--format', 'tsv');
    expect(tsv.code).toBe(0);
    const rows = tsv.out
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(rows[0]).toEqual(['change', 'gene1', 'gene2', 'a', 'b', 'stability_a', 'stability_b']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['added', 'removed', 're-oriented', '+forbidden arc']);
    const reoriented = rows.find((r) => r[0] === 're-oriented')!;
    expect(reoriented[4]).toBe(`${first!.target}→${first!.source}`); // undirected in A, reversed in B
    expect(rows.find((r) => r[0] === '+forbidden arc')!.slice(1, 3)).toEqual([second!.source, x]);

    const table = await run('network', 'diff', project, v1, v2);
    expect(table.out).toContain(`A: version ${v1} "curated" (network:ppi_252 + 5 edits)`);
    expect(table.out).toMatch(
      /added 0, removed 0, reversed 1, re-oriented 0, re-weighted 0, constraints \+0 −0/,
    );
    expect(table.out).toMatch(
      new RegExp(
        `reversed\\s+\\S+\\s+\\S+\\s+${first!.source}→${first!.target}\\s+${first!.target}→${first!.source}`,
      ),
    );

    const json = JSON.parse(
      (await run('network', 'diff', project, v2, 'network:ppi_252', '--format', 'json')).out,
    ) as {
      counts: Record<string, number>;
    };
    expect(json.counts).toMatchObject({ added: 1, removed: 1, reoriented: 1, knowledge: 1 });
    const bad = await run('network', 'diff', project, v1, 'nope');
    expect(bad.err).toMatch(/No network version "nope"/);
  });

  it('edits a discovery run, diffs it against the run, and exports the knowledge for the next run', async () => {
    // A small PC run on the demo's A549 data, stored in the project as the app stores it.
    const genes8 = readMatrixArrow(join(project, 'datasets/a549_cells/matrix.arrow')).genes.slice(0, 8);
    const backend = inMemoryBackend(join(root, 'app-data'));
    let runId = '';
    try {
      backend.projects.open(project);
      backend.jobs.start('job_pc', {
        kind: 'network.discover',
        datasetId: 'a549_cells',
        genes: { mode: 'list', genes: genes8 },
        algorithm: 'pc',
        alpha: 0.05,
        knowledge: { requiredArcs: [[genes8[0]!, genes8[1]!]] },
        seed: 1,
      });
      const done = await backend.jobs.wait('job_pc');
      expect(done.error).toBeNull();
      runId = done.runId!;
    } finally {
      backend.dispose();
    }
    const learned = fromDiscoveredGraph(
      DiscoveredGraph.parse(JSON.parse(readFileSync(join(project, 'results', `${runId}.json`), 'utf8'))),
    );
    const required = `${genes8[0]}→${genes8[1]}`;
    expect(learned.regulations.has(required)).toBe(true);
    const ops = [
      removeRegulation(learned, required),
      setConstraint(learned, 'arc', [genes8[2]!, genes8[3]!], 'forbidden'),
    ];
    const edit = await run('network', 'edit', project, '--run', runId, '--ops', write('run-ops.json', ops));
    expect(edit.err).toBe('');
    const version = edit.out.split('\t')[0]!;
    expect(edit.out).toContain(`on run:${runId}`);
    const diff = await run('network', 'diff', project, `run:${runId}`, version, '--format', 'tsv');
    expect(
      diff.out
        .trim()
        .split('\n')
        .slice(1)
        .map((r) => r.split('\t').slice(0, 3)),
    ).toEqual([
      ['removed', ...[genes8[0]!, genes8[1]!].sort()],
      ['+forbidden arc', genes8[2], genes8[3]],
    ]);
    // The version's knowledge (the run's required arc and the new forbidden arc) as a Tetrad file.
    const tetrad = await run('network', 'knowledge', project, version);
    expect(tetrad.out).toContain(`forbiddirect\n${genes8[2]} ${genes8[3]}\n`);
    expect(tetrad.out).toContain(`requiredirect\n${genes8[0]} ${genes8[1]}\n`);
    const out = join(root, 'next.json');
    await run('network', 'knowledge', project, version, '--format', 'json', '--out', out);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({
      forbiddenArcs: [[genes8[2], genes8[3]]],
      requiredArcs: [[genes8[0], genes8[1]]],
    });
  });
});
