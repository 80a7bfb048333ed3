/**
 * Builds resources/fixtures/gim-small/: a small deterministic dataset for the perturbation-prediction
 * (GIM) tests and e2e, drawn from the synthetic benchmark's generator (src-main/compute/gim/synthetic.ts)
 * at a reduced size — 10 genes, 6 perturbation types × 3 doses × 30 cells + 200 observational cells.
 * Usage: node --import tsx scripts/build-gim-fixture.ts [outDir]. Same seed → byte-identical files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { className, generateSyntheticGim, type SyntheticGim } from '../src-main/compute/gim/synthetic.ts';

export const FIXTURE_SEED = 15;
export const FIXTURE_GENES = [
  'STAT3',
  'MYC',
  'JUN',
  'FOS',
  'EGR1',
  'TP53',
  'CDKN1A',
  'NFKBIA',
  'IRF1',
  'SOCS3',
];
export const FIXTURE_DOSES = [0.5, 1, 2];

/** The fixture's generator call: also what the tests rebuild to compare with the shipped files. */
export function fixtureSynthetic(): SyntheticGim {
  return generateSyntheticGim({
    seed: FIXTURE_SEED,
    genes: FIXTURE_GENES,
    degree: 2,
    trainTypes: 6,
    testTypes: 0,
    trainDoses: FIXTURE_DOSES,
    partialDoses: [],
    fullDoses: [],
    cellsPerContext: 30,
    observational: 200,
    embeddingDims: 2,
    targetsPerType: 2,
    hillRange: [2, 2],
    targetClasses: 3,
    typePrefix: 'cmpd',
  });
}

const num = (x: number): string => String(Math.round(x * 1000) / 1000);

/** File name → content of the fixture. */
export function buildGimFixture(): Record<string, string> {
  const syn = fixtureSynthetic();
  const { train, genes, scm } = syn;
  const p = genes.length;
  const rows: string[] = [['context', ...genes].join(',')];
  const addCells = (label: string, samples: Float64Array, n: number): void => {
    for (let r = 0; r < n; r++)
      rows.push([label, ...Array.from(samples.subarray(r * p, (r + 1) * p), num)].join(','));
  };
  addCells('obs', train.observational.samples, train.observational.n);
  for (const c of train.contexts) addCells(c.name, c.samples, c.n);

  const types = new Map(syn.trainTypes.map((t) => [t.name, t]));
  const features: string[] = ['context,dose,z1,z2,ec50,target_class'];
  const contextsTruth: Record<string, unknown> = {};
  for (const c of train.contexts) {
    const truth = syn.truth.get(c.name)!;
    const t = types.get(truth.type)!;
    features.push(
      [
        c.name,
        num(truth.dose),
        num(t.embedding[0]!),
        num(t.embedding[1]!),
        num(t.ec50),
        className(t.targetClass!),
      ].join(','),
    );
    contextsTruth[c.name] = {
      type: t.name,
      dose: truth.dose,
      targets: truth.targets.map((j) => genes[j]),
      shift: Object.fromEntries(
        truth.targets.map((j) => [genes[j], num(truth.shift[j]!)]).map(([g, v]) => [g, Number(v)]),
      ),
    };
  }
  const edges: [string, string, number][] = [];
  for (let i = 0; i < p; i++)
    for (const j of scm.dag.parents[i]!)
      edges.push([genes[j]!, genes[i]!, Number(num(scm.weights[i * p + j]!))]);
  const truthJson = {
    seed: FIXTURE_SEED,
    generator: 'scripts/build-gim-fixture.ts → src-main/compute/gim/synthetic.ts',
    genes,
    dag: { edges: edges.map(([from, to, weight]) => ({ from, to, weight })) },
    noiseMean: Object.fromEntries(genes.map((g, i) => [g, Number(num(scm.noiseMean[i]!))])),
    noiseVariance: Object.fromEntries(genes.map((g, i) => [g, Number(num(scm.noiseVar[i]!))])),
    types: syn.trainTypes.map((t) => ({
      name: t.name,
      targets: t.targets.map((j) => genes[j]),
      ec50: Number(num(t.ec50)),
      hill: t.hill,
      targetClass: className(t.targetClass!),
      maxShift: Object.fromEntries(t.targets.map((j) => [genes[j], Number(num(t.maxShift[j]!))])),
    })),
    contexts: contextsTruth,
  };
  return {
    'expression.csv': rows.join('\n') + '\n',
    'features.csv': features.join('\n') + '\n',
    'truth.json': JSON.stringify(truthJson, null, 2) + '\n',
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(import.meta.url), '../..');
  const out = process.argv[2] ?? resolve(root, 'resources/fixtures/gim-small');
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(buildGimFixture())) writeFileSync(resolve(out, name), text);
  console.log(`wrote ${out}`);
}
