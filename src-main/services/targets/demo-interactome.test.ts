// The demo's Steiner step on the real interactome: the whole iRefIndex v14 shipped with the demo
// (networks/irefindex_v14.json.gz), the 162 terminals of Belyaeva et al. 2021 and the paper's setting
// (w 1.4, b 40, g 0, strong pruning) give back the paper's 252-gene, 1,003-edge subnetwork, as the job
// the Targets page and `causeway steiner` run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SteinerResult, TARGETS_DEFAULTS, TargetsSteinerSpec } from '#shared/contracts/targets.ts';
import { parsePrizeTable } from '../../compute/targets/steiner/prizes.ts';
import { inMemoryBackend } from '../jobs/test-backend.ts';
import { demoDir } from '../paths.ts';

const root = mkdtempSync(join(tmpdir(), 'causeway-demo-interactome-'));
const backend = inMemoryBackend(join(root, 'data'), { poolSize: 1 });
afterAll(() => {
  backend.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('the demo interactome', () => {
  backend.projects.openDemo();

  it('is the whole iRefIndex v14, readable as a project network', () => {
    expect(backend.projects.network('irefindex_v14')).toMatchObject({ nNodes: 15_759, nEdges: 182_002 });
    const graph = backend.projects.networkGraph('irefindex_v14');
    expect(graph.edges).toHaveLength(182_002);
    expect(graph.nodes.find((n) => n.id === 'UBC')).toBeDefined();
  });

  it('gives the paper’s 252-gene subnetwork from its 162 terminals through targets.steiner', async () => {
    const entries = parsePrizeTable(
      readFileSync(join(demoDir(), 'source', 'terminals_ppi_analysis.tsv'), 'utf8'),
    );
    const spec = TargetsSteinerSpec.parse({
      kind: 'targets.steiner',
      interactome: { networkId: 'irefindex_v14' },
      prizes: { from: 'table', name: 'terminals_ppi_analysis.tsv', entries },
      w: TARGETS_DEFAULTS.w,
      b: TARGETS_DEFAULTS.b,
      g: TARGETS_DEFAULTS.g,
    });
    backend.jobs.start('job_demo_iref', spec);
    const done = await backend.jobs.wait('job_demo_iref');
    expect(done.error).toBeNull();
    const doc = SteinerResult.parse(backend.projects.runResult(done.runId!));
    expect(doc.interactome).toEqual({ genes: 15_759, edges: 182_002 });
    expect(doc.summary).toMatchObject({ nodes: 252, edges: 1003, components: 1, terminalsKept: 162 });
    // The same genes as the published subnetwork the demo also ships (ppi_252), not only as many.
    const paper = new Set(backend.projects.networkGraph('ppi_252').nodes.map((n) => n.id));
    expect(doc.nodes.filter((n) => !paper.has(n.gene))).toEqual([]);
    // Whole-interactome degrees, without a hub-degree attribute: UBC is iRefIndex's largest hub.
    expect(doc.nodes.find((n) => n.gene === 'UBC')?.degree).toBe(9796);
  });
});
