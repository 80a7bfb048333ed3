// The Targets page's worker reads and the drug matching of targets.rank, through the real handlers,
// planners and worker tasks: the drug targets of a subnetwork before any ranking (targets.druggableGenes),
// and a drug ranking whose drug is named only in LINCS terms ("acetaminophen") finding its DrugCentral
// targets ("paracetamol", DRUG_ID 52) through resources/drugs/LINCS_mapping.tsv.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobSpec } from '#shared/contracts/jobs.ts';
import { TargetRankingResult, TargetsRankSpec } from '#shared/contracts/targets.ts';
import { importDataset } from '../../cli/import-dataset.ts';
import { writeDatasetStoreSync } from '../../compute/io/dataset-store/dataset-writer.ts';
import { readMetaArrow, writeMetaArrow } from '../../compute/io/meta-table.ts';
import { SeededRng } from '../../compute/numeric/rng.ts';
import { createHandlers } from '../../ipc/handlers.ts';
import { inMemoryBackend } from '../jobs/test-backend.ts';
import { demoDir } from '../paths.ts';

const root = mkdtempSync(join(tmpdir(), 'causeway-targets-requests-'));
const backend = inMemoryBackend(join(root, 'data'), { poolSize: 2 });
const handlers = createHandlers(backend, { host: 'server' });
afterAll(() => {
  backend.dispose();
  rmSync(root, { recursive: true, force: true });
});

async function run(spec: JobSpec): Promise<string> {
  const jobId = `job_${Math.random().toString(36).slice(2, 10)}`;
  backend.jobs.start(jobId, spec);
  const done = await backend.jobs.wait(jobId);
  expect(done.error).toBeNull();
  return done.runId!;
}

describe('targets.druggableGenes on the demo', () => {
  it('lists the subnetwork genes DrugCentral drugs hit, as the table says, in the order asked', async () => {
    backend.projects.openDemo();
    const genes = backend.projects.networkGraph('ppi_252').nodes.map((n) => n.id);
    const r = await handlers['targets.druggableGenes']({
      tableId: 'drugcentral_targets',
      genes,
      minAffinity: 5,
      keepUnmeasured: true,
    });
    // The table read here, independently: every (drug, gene) pair of the shipped Arrow file.
    const table = readMetaArrow(join(demoDir(), 'tables/drugcentral_targets.arrow'));
    const drugsOf = new Map<string, Set<string>>();
    table['gene']!.forEach((g, i) => {
      if (!drugsOf.has(String(g))) drugsOf.set(String(g), new Set());
      drugsOf.get(String(g))!.add(String(table['drug']![i]));
    });
    const expected = genes.filter((g) => drugsOf.has(g));
    expect(expected.length).toBeGreaterThan(5);
    expect(r.genes.map((x) => x.gene)).toEqual(expected);
    for (const x of r.genes) {
      expect(x.drugCount).toBe(drugsOf.get(x.gene)!.size);
      for (const d of x.drugs) expect(drugsOf.get(x.gene)!.has(d)).toBe(true);
    }
    expect(r.asked).toBe(252);
    // The 2016 table has no activity values: requiring one leaves no drug target.
    const measuredOnly = await handlers['targets.druggableGenes']({
      tableId: 'drugcentral_targets',
      genes,
      minAffinity: 5,
      keepUnmeasured: false,
    });
    expect(measuredOnly).toMatchObject({ genes: [], pairs: 0 });
    await expect(async () =>
      handlers['targets.druggableGenes']({ tableId: 'nope', genes, minAffinity: 5, keepUnmeasured: true }),
    ).rejects.toThrow(/No drug–target table "nope"/);
  });
});

describe('targets.rank matches drug-ranking names through the LINCS mapping', () => {
  it('gives "acetaminophen" the targets of DrugCentral\'s "paracetamol" (DRUG_ID 52)', async () => {
    backend.projects.create(join(root, 'lincs'), 'LINCS names');
    // X drives D1 (the disease gene); Y stands apart. 300 samples of a linear SEM.
    const rng = new SeededRng(7);
    const genes = ['X', 'D1', 'Y'];
    const samples = Array.from({ length: 300 }, (_, s) => `s${s}`);
    const cols = samples.map(() => {
      const x = rng.normal();
      return [x, 0.8 * x + rng.normal(), rng.normal()];
    });
    const csv = [
      ['gene', ...samples].join(','),
      ...genes.map((g, j) => [g, ...cols.map((c) => c[j]!.toFixed(6))].join(',')),
    ];
    writeFileSync(join(root, 'expression.csv'), `${csv.join('\n')}\n`);
    writeFileSync(join(root, 'signature.csv'), 'gene,log2FC\nD1,1.5\nX,0.2\nY,0.1\n');
    // Real DrugCentral identity: DRUG_ID 52 is paracetamol (the LINCS mapping names it acetaminophen).
    writeFileSync(
      join(root, 'targets.tsv'),
      'DRUG_ID\tDRUG_NAME\tGENE\tACTION_TYPE\n52\tparacetamol\tX\tINHIBITOR\n9001\tyinib\tY\tINHIBITOR\n',
    );
    const expression = await importDataset(backend, join(root, 'expression.csv'), {
      name: 'expression',
      orientation: 'genes-x-samples',
    });
    const signature = await importDataset(backend, join(root, 'signature.csv'), {
      name: 'signature',
      orientation: 'genes-x-samples',
    });
    await run({
      kind: 'reference.import',
      source: { path: join(root, 'targets.tsv') },
      referenceKind: 'drug-targets',
      name: 'targets',
    });
    // A drug collection named in L1000 terms: acetaminophen (mapped), yinib (by name), an unknown one.
    const drugs = ['acetaminophen', 'yinib', 'no-such-drug'];
    const dir = join(backend.projects.summary()!.dir, 'datasets', 'collection');
    mkdirSync(dir, { recursive: true });
    // Sample-major, as the store keeps it: one row of X, D1, Y per signature.
    writeDatasetStoreSync(join(dir, 'matrix.arrow'), {
      genes,
      samples: drugs.map((d) => `${d}__sig`),
      data: Float32Array.of(-1, -0.5, 0.2, 1, -0.3, 0.1, 0.3, 0.3, -0.2),
    });
    writeMetaArrow(
      join(dir, 'samples.arrow'),
      'sample',
      drugs.map((d) => `${d}__sig`),
      { drug: drugs },
    );
    backend.projects.addDataset({
      id: 'collection',
      name: 'collection',
      kind: 'drug-signatures',
      description: '',
      matrixFile: 'datasets/collection/matrix.arrow',
      samplesFile: 'datasets/collection/samples.arrow',
      nGenes: genes.length,
      nSamples: drugs.length,
      source: { fileName: 'collection.arrow', sha256: 'a'.repeat(64) },
      createdAt: new Date().toISOString(),
    });
    const drugRun = await run({
      kind: 'drugs.rank',
      diseaseDatasetId: signature.dataset.id,
      diseaseColumn: 'log2FC',
      collectionDatasetId: 'collection',
      score: 'cosine',
      querySize: 3,
      aggregate: 'best',
      permutations: 0,
      seed: 1,
    });
    const discoverRun = await run({
      kind: 'network.discover',
      datasetId: expression.dataset.id,
      genes: { mode: 'all' },
      algorithm: 'gsp',
      alpha: 0.01,
      stability: { subsamples: 4, fraction: 0.7, alphas: [0.01] },
      nruns: 1,
      depth: 2,
      seed: 2,
    });
    const tableId = backend.projects.summary()!.manifest.tables![0]!.id;
    const runId = await run(
      TargetsRankSpec.parse({
        kind: 'targets.rank',
        discoverRunId: discoverRun,
        datasetId: expression.dataset.id,
        disease: { datasetId: signature.dataset.id, column: 'log2FC' },
        diseaseGenes: { mode: 'list', genes: ['D1'] },
        drugTargetsTableId: tableId,
        drugRankRunId: drugRun,
        seed: 1,
      }),
    );
    const doc = TargetRankingResult.parse(backend.projects.runResult(runId));
    const byName = new Map(doc.drugs!.map((d) => [d.drug, d]));
    expect(byName.get('acetaminophen')!.match).toEqual({
      drug: 'paracetamol',
      drugId: '52',
      matchedBy: 'lincs',
    });
    expect(byName.get('acetaminophen')!.targets.map((t) => t.gene)).toEqual(['X']);
    expect(byName.get('yinib')!.match).toMatchObject({ drug: 'yinib', matchedBy: 'name' });
    expect(byName.get('no-such-drug')!.match).toBeNull();
    // X reaches the disease gene, so the drug inhibiting it stands on a target with causal reach.
    expect(byName.get('acetaminophen')!.bestTarget).toBe('X');
  }, 180_000);
});
