// design.plan end to end on a small simulated project: a stability run learns a network whose chain
// A → B → C → D → E no observational data can orient (while X → Y ← Z is oriented); the job, through
// JobService, its planner and its worker task, proposes perturbations inside the chain, equal to the
// greedy design computed directly on the run's kept DAGs, records its seed, and reports pool genes that
// are not in the network; a pool with no network gene fails clearly. `causeway design` on the same
// project writes the plate plan as CSV, and the same plan from the network files of `causeway discover`.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DesignPlanSpec, OrientPlanResult, TargetPlanResult } from '#shared/contracts/design.ts';
import type { JobSpec } from '#shared/contracts/jobs.ts';
import { decodeSubsampleGraphs } from '../../compute/causal/stability/subsample-graphs.ts';
import { greedyDesign } from '../../compute/design/structure/greedy-design.ts';
import { PLATE_PLAN_COLUMNS } from '../../compute/design/plate-plan.ts';
import { TARGET_PLAN_COLUMNS } from '../../compute/design/target-shift/target-plan-csv.ts';
import { SeededRng } from '../../compute/numeric/rng.ts';
import { ensembleFromSubsampleGraphs } from '../../compute/targets/ranking/dag-ensemble.ts';
import type { Backend } from '../../services/backend.ts';
import { inMemoryBackend } from '../../services/jobs/test-backend.ts';
import { importDataset } from '../import-dataset.ts';
import { main } from '../main.ts';
import { subsampleGraphsBeside } from './discover.ts';

// In a topological order (each gene's parents come before it).
const GENES = ['A', 'B', 'C', 'D', 'E', 'X', 'Z', 'Y'];
const ARCS: [string, string, number][] = [
  ['A', 'B', 0.8],
  ['B', 'C', 0.8],
  ['C', 'D', 0.8],
  ['D', 'E', 0.8],
  ['X', 'Y', 0.8],
  ['Z', 'Y', 0.8],
];
const CHAIN = new Set(['A', 'B', 'C', 'D', 'E']);

const root = mkdtempSync(join(tmpdir(), 'causeway-design-'));
const projectDir = join(root, 'sim');
let backend: Backend;
let discoverRunId: string;
/** 500 cells as the network's, then 100 treated with a drug that raises A by 2 (sample sheet: treatment). */
let conditionsId: string;
let conditionRows: number[][];

/** n cells of the SCM, A shifted by `shiftA`; values as written to the CSV (6 decimals). */
function simulate(rng: SeededRng, n: number, shiftA = 0): number[][] {
  const rows: number[][] = [];
  for (let s = 0; s < n; s++) {
    const x = new Map<string, number>();
    for (const g of GENES) {
      let v = rng.normal() + (g === 'A' ? shiftA : 0);
      for (const [a, b, w] of ARCS) if (b === g) v += w * x.get(a)!;
      x.set(g, v);
    }
    rows.push(GENES.map((g) => Number(x.get(g)!.toFixed(6))));
  }
  return rows;
}

const matrixCsv = (rows: number[][]): string =>
  [
    ['gene', ...rows.map((_, s) => `s${s + 1}`)].join(','),
    ...GENES.map((g, j) => [g, ...rows.map((r) => r[j]!.toFixed(6))].join(',')),
  ].join('\n') + '\n';

beforeAll(async () => {
  const rng = new SeededRng(5);
  const rows = simulate(rng, 500);
  writeFileSync(join(root, 'expression.csv'), matrixCsv(rows));
  backend = inMemoryBackend(join(root, 'data'), { poolSize: 2 });
  backend.projects.create(projectDir, 'simulated chain');
  const expression = await importDataset(backend, join(root, 'expression.csv'), {
    name: 'expression',
    orientation: 'genes-x-samples',
  });
  conditionRows = [...simulate(rng, 500), ...simulate(rng, 100, 2)];
  writeFileSync(join(root, 'conditions.csv'), matrixCsv(conditionRows));
  writeFileSync(
    join(root, 'sheet.csv'),
    [
      'sample,treatment,batch',
      ...conditionRows.map((_, s) => `s${s + 1},${s < 500 ? 'control' : 'drug'},b1`),
    ].join('\n') + '\n',
  );
  const conditions = await importDataset(backend, join(root, 'conditions.csv'), {
    name: 'conditions',
    orientation: 'genes-x-samples',
    samplesSheet: join(root, 'sheet.csv'),
  });
  conditionsId = conditions.dataset.id;
  discoverRunId = await run({
    kind: 'network.discover',
    datasetId: expression.dataset.id,
    genes: { mode: 'all' },
    algorithm: 'gsp',
    alpha: 0.01,
    stability: { subsamples: 12, fraction: 0.7, alphas: [0.01] },
    nruns: 2,
    depth: 3,
    seed: 4,
  });
}, 120_000);

afterAll(() => {
  backend?.dispose();
  rmSync(root, { recursive: true, force: true });
});

async function run(spec: JobSpec): Promise<string> {
  const jobId = `job_${Math.random().toString(36).slice(2, 10)}`;
  backend.jobs.start(jobId, spec);
  const done = await backend.jobs.wait(jobId);
  expect(done.error).toBeNull();
  return done.runId!;
}

describe('design.plan', () => {
  it('proposes perturbations that orient the chain, as the direct greedy design does', async () => {
    const spec = DesignPlanSpec.parse({
      kind: 'design.plan',
      discoverRunId,
      goal: 'orient',
      budget: 2,
      rounds: 2,
      pool: [...GENES, 'NOT_A_GENE'],
      interventionType: 'knockdown',
      seed: 9,
    });
    const runId = await run(spec);
    const doc = OrientPlanResult.parse(backend.projects.runResult(runId));
    expect(doc.dags).toBe(12);
    expect(doc.genes).toBe(GENES.length);
    expect(doc.pool).toEqual({ size: GENES.length, notInNetworkCount: 1, notInNetwork: ['NOT_A_GENE'] });
    expect(doc.perturbations.length).toBeGreaterThan(0);
    const first = doc.perturbations[0]!;
    // The chain is the undirected part: its interior genes orient the most edges.
    expect(['B', 'C', 'D']).toContain(first.gene);
    expect(first).toMatchObject({ round: 1, rank: 1, interventionType: 'knockdown' });
    expect(first.expectedGain).toBeGreaterThan(1);
    for (const a of first.edgesOriented) {
      expect(CHAIN.has(a.source) && CHAIN.has(a.target)).toBe(true);
      expect(a.frequency).toBeGreaterThan(0);
      expect(a.frequency).toBeLessThanOrEqual(1);
    }
    const gains = doc.perturbations.map((x) => x.expectedGain);
    for (let i = 1; i < gains.length; i++) expect(gains[i]).toBeLessThanOrEqual(gains[i - 1]! + 1e-9);
    expect(doc.provenance.spec).toMatchObject({ seed: 9, budget: 2, rounds: 2 });
    const record = backend.projects.summary()!.manifest.runs.find((r) => r.id === runId)!;
    expect(record).toMatchObject({ kind: 'design.plan', seed: 9, inputs: { discoverRunId } });

    // The same design computed here from the run's kept DAGs.
    const discover = backend.projects.summary()!.manifest.runs.find((r) => r.id === discoverRunId)!;
    const graphs = decodeSubsampleGraphs(
      readFileSync(backend.projects.resolveFile(String(discover.params['subsampleGraphsFile']))),
    );
    const ensemble = ensembleFromSubsampleGraphs(graphs, 9);
    const direct = await greedyDesign(ensemble.dags, {
      pool: GENES.map((g) => ensemble.genes.indexOf(g)),
      budget: 2,
      rounds: 2,
      objective: 'edges',
      seed: 9,
    });
    expect(doc.perturbations.map((x) => x.gene)).toEqual(direct.picks.map((x) => ensemble.genes[x.gene]));
    expect(doc.perturbations.map((x) => x.expectedGain)).toEqual(direct.picks.map((x) => x.edgesGain));
  });

  it('fails clearly when no pool gene is in the network', async () => {
    const jobId = 'design_bad_pool';
    backend.jobs.start(jobId, {
      kind: 'design.plan',
      discoverRunId,
      goal: 'orient',
      budget: 1,
      rounds: 1,
      pool: ['NOPE1', 'NOPE2'],
      interventionType: 'knockout',
      objective: 'edges',
      seed: 1,
    });
    const done = await backend.jobs.wait(jobId);
    expect(done.state).toBe('failed');
    expect(done.error?.code).toBe('E_INVALID_INPUT');
    expect(done.error?.message).toMatch(/None of the 2 perturbable genes is a gene of .*NOPE1/);
  });

  it('goal target: proposes shifts up the chain that raise E, predicts their effect, and beats random in simulation', async () => {
    const runId = await run(
      DesignPlanSpec.parse({
        kind: 'design.plan',
        discoverRunId,
        goal: 'target',
        // Reverse a signature on which E is 1.5 below control: the wanted change is E + 1.5.
        target: {
          kind: 'reverse',
          genes: [
            { gene: 'E', value: -1.5 },
            { gene: 'NOT_A_GENE', value: 1 },
          ],
        },
        budget: 3,
        rounds: 3,
        pool: ['A', 'B', 'C', 'D', 'X'],
        shiftSize: 1,
        seed: 7,
      }),
    );
    const doc = TargetPlanResult.parse(backend.projects.runResult(runId));
    expect(doc.target).toEqual({ kind: 'reverse', genes: 1, notInNetwork: ['NOT_A_GENE'] });
    // E's ancestors in the learned network: at least D (the chain may be oriented either way elsewhere).
    expect(doc.genes).toBeGreaterThanOrEqual(2);
    expect(doc.pool?.notInNetwork).toContain('X');
    expect(doc.plan).toHaveLength(3);
    const first = doc.plan[0]!;
    expect(first.candidates).toHaveLength(Math.min(3, 2 * doc.pool!.size));
    expect(CHAIN.has(first.candidates[0]!.gene)).toBe(true);
    const e = first.predicted.find((x) => x.gene === 'E')!;
    expect(e.wanted).toBeCloseTo(1.5, 6);
    expect(e.shift).toBeGreaterThan(0);
    expect(first.bestDistance).toBeLessThan(doc.startDistance);
    expect(doc.simulation.planned).toHaveLength(4);
    expect(doc.simulation.random).toHaveLength(4);
    expect(doc.simulation.planned.at(-1)!).toBeLessThanOrEqual(doc.simulation.random.at(-1)! + 1e-9);
    const record = backend.projects.summary()!.manifest.runs.find((r) => r.id === runId)!;
    expect(record).toMatchObject({
      kind: 'design.plan',
      seed: 7,
      params: { goal: 'target', acquisition: 'civ' },
    });
  }, 60_000);

  it("goal target, a condition's state: μ* is the drug samples' mean, and only the others are fitted", async () => {
    const runId = await run(
      DesignPlanSpec.parse({
        kind: 'design.plan',
        discoverRunId,
        goal: 'target',
        target: { kind: 'condition', column: 'treatment', value: 'drug' },
        datasetId: conditionsId,
        budget: 1,
        rounds: 1,
        seed: 3,
      }),
    );
    const doc = TargetPlanResult.parse(backend.projects.runResult(runId));
    expect(doc.target).toEqual({
      kind: 'condition',
      genes: GENES.length,
      notInNetwork: [],
      condition: { column: 'treatment', value: 'drug', samples: 100 },
    });
    expect(doc.cells).toBe(500);
    // Fitted on the 500 controls only, the model's mean at shift 0 is theirs (centred data, intercept
    // free): the wanted change is mean(drug) − mean(control) per gene, and the start distance its norm in
    // the controls' SDs. Fitting all 600 cells would make it mean(drug) − mean(all).
    const mean = (rs: number[][], j: number): number => rs.reduce((s, r) => s + r[j]!, 0) / rs.length;
    const control = conditionRows.slice(0, 500);
    const drug = conditionRows.slice(500);
    let ss = 0;
    GENES.forEach((g, j) => {
      const want = mean(drug, j) - mean(control, j);
      const found = doc.plan[0]!.predicted.find((x) => x.gene === g);
      expect(found?.wanted, g).toBeCloseTo(want, 4);
      const m = mean(control, j);
      const sd = Math.sqrt(control.reduce((s, r) => s + (r[j]! - m) ** 2, 0) / (control.length - 1));
      ss += (want / sd) ** 2;
    });
    expect(doc.plan[0]!.predicted.find((x) => x.gene === 'A')!.wanted).toBeGreaterThan(1.5);
    expect(doc.startDistance).toBeCloseTo(Math.sqrt(ss), 3);
    expect(doc.plan[0]!.bestDistance).toBeLessThan(doc.startDistance);
    const record = backend.projects.summary()!.manifest.runs.find((r) => r.id === runId)!;
    expect(record.params['target']).toBe('condition treatment = drug on every gene');
  }, 60_000);

  it('a condition target fails clearly: no sample table, unknown column, no sample, every sample', async () => {
    const failure = async (datasetId: string, column: string, value: string): Promise<string> => {
      const jobId = `design_condition_${column}_${value}_${datasetId.slice(-4)}`;
      backend.jobs.start(jobId, {
        ...DesignPlanSpec.parse({
          kind: 'design.plan',
          discoverRunId,
          goal: 'target',
          target: { kind: 'condition', column, value, genes: ['E'] },
          datasetId,
          budget: 1,
          rounds: 1,
          seed: 1,
        }),
      });
      const done = await backend.jobs.wait(jobId);
      expect(done.state).toBe('failed');
      expect(done.error?.code).toBe('E_INVALID_INPUT');
      return done.error!.message;
    };
    const discover = backend.projects.summary()!.manifest.runs.find((r) => r.id === discoverRunId)!;
    const plain = String(discover.inputs['datasetId']);
    expect(await failure(plain, 'treatment', 'drug')).toMatch(
      /expression has no sample column "treatment": its sample table has only the sample names/,
    );
    expect(await failure(conditionsId, 'tissue', 'liver')).toMatch(
      /conditions has no sample column "tissue" \(columns: treatment, batch/,
    );
    expect(await failure(conditionsId, 'treatment', 'placebo')).toMatch(
      /No sample of conditions has treatment = "placebo" \(values: control, drug\)/,
    );
    expect(await failure(conditionsId, 'batch', 'b1')).toMatch(/Every sample of conditions has batch = "b1"/);
  }, 60_000);

  it('causeway design writes the plate plan of the same job as CSV, from a project or network files', async () => {
    const discover = backend.projects.summary()!.manifest.runs.find((r) => r.id === discoverRunId)!;
    backend.dispose();
    const out = join(root, 'plan.csv');
    const poolFile = join(root, 'pool.txt');
    writeFileSync(poolFile, '# CRISPR library\nB\nC\nD\n');
    let stdout = '';
    let stderr = '';
    const code = await main(
      [
        'design',
        ...['--project', projectDir, '--run', discoverRunId, '--goal', 'orient'],
        ...['--budget', '2', '--rounds', '1', '--pool', poolFile, '--type', 'knockout', '--seed', '3'],
        ...['--out', out],
      ],
      { out: (t) => (stdout += t), err: (t) => (stderr += t) },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^design: 2 perturbations over 1 round\(s\), 12 DAGs/);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(lines.filter((l) => l.startsWith('# '))).toContain('# seed: 3');
    const table = lines.filter((l) => !l.startsWith('#'));
    expect(table[0]).toBe(PLATE_PLAN_COLUMNS.join(','));
    expect(table).toHaveLength(3);
    for (const row of table.slice(1)) {
      const [gene, type, round, rank, gain] = row.split(',');
      expect(['B', 'C', 'D']).toContain(gene);
      expect(type).toBe('knockout');
      expect(round).toBe('1');
      expect(['1', '2']).toContain(rank);
      expect(Number(gain)).toBeGreaterThan(0);
    }
    expect(table[1]).toMatch(/[A-E]>[A-E] \(\d\.\d\d\)/);

    // The same plan from the network files `causeway discover --stability` writes, in a scratch project.
    const graphJson = join(root, 'graph.json');
    copyFileSync(join(projectDir, discover.resultFile), graphJson);
    copyFileSync(
      join(projectDir, String(discover.params['subsampleGraphsFile'])),
      subsampleGraphsBeside(graphJson),
    );
    const json = join(root, 'plan.json');
    const viaNetwork = await main(
      [
        'design',
        ...['--network', graphJson, '--budget', '2', '--rounds', '1', '--pool', poolFile, '--seed', '3'],
        ...['--out', json],
      ],
      { out: () => {}, err: (t) => (stderr += t) },
    );
    expect(stderr).toBe('');
    expect(viaNetwork).toBe(0);
    const doc = OrientPlanResult.parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(doc.perturbations.map((x) => x.gene)).toEqual(table.slice(1).map((r) => r.split(',')[0]));

    const bad = await main(['design', '--project', projectDir, '--run', discoverRunId, '--budget', '0'], {
      out: () => {},
      err: (t) => (stderr += t),
    });
    expect(bad).toBe(2);
    expect(stderr).toMatch(/design needs --rounds/);
    const notJson = join(root, 'not-a-network.json');
    writeFileSync(notJson, 'gene,value\n');
    copyFileSync(subsampleGraphsBeside(graphJson), subsampleGraphsBeside(notJson));
    const garbage = await main(
      ['design', '--network', notJson, '--budget', '1', '--rounds', '1', '--seed', '1', '--out', out],
      { out: () => {}, err: (t) => (stderr += t) },
    );
    expect(garbage).toBe(2);
    expect(stderr).toMatch(
      /error E_INVALID_INPUT: .*not-a-network\.json is not a network written by causeway discover/,
    );
  }, 60_000);

  it('causeway design --goal target writes the per-round shifts as CSV', async () => {
    const state = join(root, 'state.tsv');
    writeFileSync(state, '# wanted levels\ngene\tvalue\nE\t2.5\n');
    const out = join(root, 'target.csv');
    let stdout = '';
    let stderr = '';
    const code = await main(
      [
        'design',
        ...['--project', projectDir, '--run', discoverRunId, '--goal', 'target', '--target', state],
        ...['--rounds', '2', '--seed', '4', '--cells', '50', '--out', out],
      ],
      { out: (t) => (stdout += t), err: (t) => (stderr += t) },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^design: 2 round\(s\) of civ shifts on \d+ genes/);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(lines).toContain('# seed: 4');
    const table = lines.filter((l) => !l.startsWith('#'));
    expect(table[0]).toBe(TARGET_PLAN_COLUMNS.join(','));
    expect(table.length).toBeGreaterThan(2);
    expect(table.slice(1).map((r) => r.split(',')[0])).toContain('2');

    const bad = await main(
      ['design', '--project', projectDir, '--run', discoverRunId, '--goal', 'target', '--rounds', '1'],
      { out: () => {}, err: (t) => (stderr += t) },
    );
    expect(bad).toBe(2);
    expect(stderr).toMatch(/design needs --seed|needs --target/);
  }, 60_000);

  it('causeway design --target-condition column=value plans toward that condition, on --target-genes', async () => {
    const genes = join(root, 'target-genes.txt');
    writeFileSync(genes, '# the end of the chain\nD\nE\nNOT_A_GENE\n');
    const out = join(root, 'condition.json');
    let stdout = '';
    let stderr = '';
    const args = ['design', '--project', projectDir, '--run', discoverRunId, '--goal', 'target'];
    const code = await main(
      [
        ...args,
        ...['--target-condition', 'treatment=drug', '--target-genes', genes, '--dataset', conditionsId],
        ...['--rounds', '1', '--seed', '2', '--out', out],
      ],
      { out: (t) => (stdout += t), err: (t) => (stderr += t) },
    );
    expect(stderr).toBe('1 target genes are not in the network; ignored\n');
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /\ntarget: the mean of the 100 samples with treatment = drug on 2 genes; the network fitted on the other 500 samples\n$/,
    );
    const doc = TargetPlanResult.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(doc.provenance.spec['target']).toEqual({
      kind: 'condition',
      column: 'treatment',
      value: 'drug',
      genes: ['D', 'E', 'NOT_A_GENE'],
    });
    expect(doc.target).toMatchObject({ kind: 'condition', genes: 2, notInNetwork: ['NOT_A_GENE'] });

    for (const [flags, message] of [
      [['--target-condition', 'treatment'], /--target-condition "treatment" is not column=value/],
      [['--target-condition', 'a=b', '--target', genes], /takes the place of --target/],
      [['--target-genes', genes], /--target-genes lists the genes of --target-condition/],
    ] as const) {
      stderr = '';
      const bad = await main([...args, ...flags, '--rounds', '1', '--seed', '1', '--out', out], {
        out: () => {},
        err: (t) => (stderr += t),
      });
      expect(bad).toBe(2);
      expect(stderr).toMatch(message);
    }
  }, 60_000);
});
