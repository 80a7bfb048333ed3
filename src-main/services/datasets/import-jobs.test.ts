import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportSummary, SignatureSummary, type DatasetImportSpec } from '#shared/contracts/data-import.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { readMetaArrow } from '../../compute/io/meta-table.ts';
import { Backend } from '../backend.ts';
import { inMemoryBackend } from '../jobs/test-backend.ts';

const FIXTURES = join(import.meta.dirname, '../../compute/io/fixtures');
const SACHS = join(FIXTURES, 'real/sachs_all_conditions.tsv.gz');
const roots: string[] = [];
const backends: Backend[] = [];

function setup(throttleMs = 0): { backend: Backend; root: string; project: string } {
  const root = mkdtempSync(join(tmpdir(), 'causeway-import-'));
  roots.push(root);
  const backend = inMemoryBackend(join(root, 'data'), { throttleMs });
  backends.push(backend);
  const project = join(root, 'project');
  backend.projects.create(project, 'Import test');
  return { backend, root, project };
}

afterEach(() => {
  for (const b of backends.splice(0)) b.dispose();
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const leftovers = (project: string): string[] =>
  existsSync(join(project, 'datasets'))
    ? readdirSync(join(project, 'datasets')).filter((f) => f.startsWith('.'))
    : [];

const sachsSpec = (over: Partial<DatasetImportSpec> = {}): DatasetImportSpec => ({
  kind: 'dataset.import',
  source: { path: SACHS },
  roles: { condition: 'condition', intervention_targets: 'intervention_target' },
  duplicates: 'first',
  seed: 1,
  ...over,
});

describe('dataset.inspect', () => {
  it('reports the Sachs file: format, shape, columns, role guesses, gene ids, no errors', async () => {
    const { backend } = setup();
    const r = await backend.imports.inspect({ path: SACHS }, {});
    expect([r.format, r.nGenes, r.nSamples, r.orientationGuess]).toEqual([
      'tsv',
      11,
      7466,
      'samples-x-genes',
    ]);
    expect(r.shape).toEqual([7466, 11]);
    expect(r.preview.genes.slice(0, 3)).toEqual(['raf', 'mek', 'plc']);
    expect(r.preview.values[0]![0]).toBeCloseTo(26.4, 4);
    expect(r.suggestedRoles).toMatchObject({
      condition: 'condition',
      intervention_targets: 'intervention_target',
    });
    const targets = r.sampleColumns.find((c) => c.name === 'intervention_target');
    expect(targets?.examples).toEqual(expect.arrayContaining(['pka', 'akt', 'mek']));
    expect(r.geneIds[0]).toMatchObject({ column: '', kind: 'symbol', duplicateNames: 0 });
    expect(r.errors).toEqual([]);
  });

  it('refuses a file with a non-numeric cell, naming row and column', async () => {
    const { backend } = setup();
    const err = await backend.imports.inspect({ path: join(FIXTURES, 'bad/non-numeric-cell.csv') }, {}).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CausewayError);
    expect((err as CausewayError).code).toBe('E_INVALID_INPUT');
    expect((err as CausewayError).message).toMatch(/non-numeric-cell\.csv.*row 3/);
  });

  it('reports duplicate genes as a choice, not an error', async () => {
    const { backend } = setup();
    const r = await backend.imports.inspect({ path: join(FIXTURES, 'bad/duplicate-gene.csv') }, {});
    expect(r.errors).toEqual([]);
    expect(r.geneIds[0]).toMatchObject({ duplicateNames: 1, duplicateRows: 2, duplicateExamples: ['TP53'] });
    expect(r.warnings.join(' ')).toMatch(/TP53.*merge/);
  });
});

describe('dataset.import job', () => {
  it('imports Sachs with roles, stores Arrow files, a PCA summary, and leaves the source untouched', async () => {
    const { backend, project } = setup();
    const before = sha(SACHS);
    backend.imports.start('job_sachs', sachsSpec({ name: 'Sachs 2005' }));
    const job = await backend.jobs.wait('job_sachs');
    expect(job.error).toBeNull();
    expect(job.state).toBe('finished');
    const ds = backend.projects.summary()!.manifest.datasets[0]!;
    expect([ds.name, ds.nGenes, ds.nSamples, ds.kind]).toEqual(['Sachs 2005', 11, 7466, 'expression']);
    expect(ds.source.sha256).toBe(before);
    expect(sha(SACHS)).toBe(before);
    const samples = readMetaArrow(join(project, ds.samplesFile!));
    expect(samples['condition']?.[0]).toBe('cd3cd28');
    expect(new Set(samples['intervention_targets'])).toEqual(
      new Set(['', 'pka', 'akt', 'pkc', 'pip3', 'pip2', 'mek']),
    );
    const m = readMatrixArrow(join(project, ds.matrixFile));
    expect(m.genes).toHaveLength(11);
    expect(m.values[0]).toBeCloseTo(26.4, 4);
    const summary = ImportSummary.parse(backend.projects.runResult(job.runId!));
    expect(summary.nSamples).toBe(7466);
    expect(summary.pca.pc1).toHaveLength(5000);
    expect(summary.pca.transform).toBe('log2(x + 1)');
    expect(summary.colourBy.map((c) => c.name)).toContain('condition');
    expect(summary.librarySizes[0]).toBeCloseTo(
      26.4 + 13.2 + 8.82 + 18.3 + 58.8 + 6.61 + 17 + 414 + 17 + 44.9 + 40,
      1,
    );
    expect(leftovers(project)).toEqual([]);
  });

  it('merges duplicate genes by the chosen rule', async () => {
    const { backend, root, project } = setup();
    const file = join(root, 'dups.csv');
    writeFileSync(file, 'gene,s1,s2,s3\nTP53,1,2,3\nMYC,4,5,6\nTP53,10,0,20\n');
    const values = async (duplicates: DatasetImportSpec['duplicates'], jobId: string): Promise<number[]> => {
      backend.imports.start(jobId, { ...sachsSpec({ source: { path: file }, roles: {} }), duplicates });
      const job = await backend.jobs.wait(jobId);
      expect(job.error).toBeNull();
      const id = backend.projects.summary()!.manifest.runs.find((r) => r.id === job.runId)!.inputs[
        'datasetId'
      ]!;
      const m = readMatrixArrow(join(project, backend.projects.dataset(id).matrixFile));
      expect(m.genes).toEqual(['TP53', 'MYC']);
      return Array.from(m.values.slice(0, 3));
    };
    expect(await values('mean', 'j1')).toEqual([5.5, 1, 11.5]);
    expect(await values('max-variance', 'j2')).toEqual([10, 0, 20]);
    expect(await values('first', 'j3')).toEqual([1, 2, 3]);
  });

  it('fails a bad file with a clear error and leaves the project unchanged', async () => {
    const { backend, project } = setup();
    backend.imports.start(
      'job_bad',
      sachsSpec({ source: { path: join(FIXTURES, 'bad/ragged-row.csv') }, roles: {} }),
    );
    const job = await backend.jobs.wait('job_bad');
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('E_INVALID_INPUT');
    expect(job.error?.message).toMatch(/ragged-row\.csv/);
    expect(backend.projects.summary()!.manifest.datasets).toEqual([]);
    expect(leftovers(project)).toEqual([]);
    expect(existsSync(join(project, 'results')) ? readdirSync(join(project, 'results')) : []).toEqual([]);
  });

  it('refuses a role mapped to a column the file does not have', async () => {
    const { backend } = setup();
    backend.imports.start('job_role', sachsSpec({ roles: { dose: 'no_such_column' } }));
    const job = await backend.jobs.wait('job_role');
    expect(job.error?.message).toMatch(/no sample column "no_such_column" for the dose role/);
  });

  it('can be cancelled, leaving nothing behind', async () => {
    const { backend, project } = setup(150);
    backend.imports.start('job_cancel', sachsSpec());
    await new Promise((r) => setTimeout(r, 100));
    expect(backend.jobs.cancel('job_cancel')).toBe(true);
    const job = await backend.jobs.wait('job_cancel');
    expect(job.state).toBe('cancelled');
    expect(backend.projects.summary()!.manifest.datasets).toEqual([]);
    expect(leftovers(project)).toEqual([]);
  });

  it('imports a browser upload sent in chunks, then removes the upload', async () => {
    const { backend, root } = setup();
    const bytes = readFileSync(SACHS);
    const { uploadId, chunkBytes } = backend.uploads.begin('sachs_all_conditions.tsv.gz', bytes.length);
    expect(() => backend.uploads.chunk(uploadId, 5, 'AAAA')).toThrow(/expected bytes from 0/);
    for (let off = 0; off < bytes.length; off += chunkBytes) {
      backend.uploads.chunk(uploadId, off, bytes.subarray(off, off + chunkBytes).toString('base64'));
    }
    expect(backend.uploads.end(uploadId)).toMatchObject({ bytes: bytes.length });
    const report = await backend.imports.inspect({ uploadId }, {});
    expect([report.fileName, report.nSamples]).toEqual(['sachs_all_conditions.tsv.gz', 7466]);
    backend.imports.start('job_upload', sachsSpec({ source: { uploadId } }));
    const job = await backend.jobs.wait('job_upload');
    expect(job.error).toBeNull();
    expect(backend.projects.summary()!.manifest.datasets[0]!.name).toBe('sachs_all_conditions.tsv.gz');
    await new Promise((r) => setTimeout(r, 0));
    expect(readdirSync(join(root, 'data', 'uploads'))).toEqual([]);
  });
});

describe('signature.build job', () => {
  it('builds a Welch-t signature between two conditions and stores it as a signature dataset', async () => {
    const { backend, project } = setup();
    backend.imports.start('job_imp', sachsSpec());
    const imported = await backend.jobs.wait('job_imp');
    const datasetId = backend.projects.summary()!.manifest.datasets[0]!.id;
    expect(imported.state).toBe('finished');
    backend.jobs.start('job_sig', {
      kind: 'signature.build',
      datasetId,
      column: 'condition',
      caseValues: ['cd3cd28+u0126'],
      controlValues: ['cd3cd28'],
      log2: true,
    });
    const job = await backend.jobs.wait('job_sig');
    expect(job.error).toBeNull();
    const sig = backend.projects.summary()!.manifest.datasets[1]!;
    expect([sig.kind, sig.nGenes, sig.nSamples]).toEqual(['signature', 11, 4]);
    const m = readMatrixArrow(join(project, sig.matrixFile));
    expect(m.samples).toEqual(['log2fc', 't', 'p', 'fdr']);
    const s = SignatureSummary.parse(backend.projects.runResult(job.runId!));
    expect([s.caseSamples, s.controlSamples]).toEqual([799, 853]);
    // U0126 inhibits MEK, so ERK phosphorylation (downstream of MEK) drops.
    const erk = s.genes.indexOf('erk');
    expect(s.log2fc[erk]).toBeLessThan(-0.5);
    expect(s.fdr[erk]).toBeLessThan(1e-6);
    expect(s.warnings.some((w) => /log2/.test(w))).toBe(false);
    // 'auto' sees raw intensities (up to thousands) and takes the log, saying why.
    backend.jobs.start('job_sig_auto', {
      kind: 'signature.build',
      datasetId,
      column: 'condition',
      caseValues: ['cd3cd28+u0126'],
      controlValues: ['cd3cd28'],
      log2: 'auto',
      name: 'auto',
    });
    const auto = await backend.jobs.wait('job_sig_auto');
    expect(auto.error).toBeNull();
    const a = SignatureSummary.parse(backend.projects.runResult(auto.runId!));
    expect(a.log2fc).toEqual(s.log2fc);
    expect(a.warnings[0]).toMatch(
      /^log2\(x \+ 1\) applied: values look like counts or intensities \(up to \d+/,
    );
    expect(leftovers(project)).toEqual([]);
  });
});
