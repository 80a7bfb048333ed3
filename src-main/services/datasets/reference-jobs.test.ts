// The reference.import job (issue 3): networks and drug–target tables are read, checked against the
// project's genes and written by a worker, with progress and cancel; a cancel or a failure leaves the
// project byte-identical and the app (its backend) able to go on.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReferenceImportSummary, type ReferenceImportSpec } from '#shared/contracts/data-import.ts';
import type { JobProgress } from '#shared/contracts/jobs.ts';
import { readMetaArrow } from '../../compute/io/meta-table.ts';
import { Backend } from '../backend.ts';
import { inMemoryBackend } from '../jobs/test-backend.ts';

const REAL = join(import.meta.dirname, '../../compute/io/fixtures/real');
const roots: string[] = [];
const backends: Backend[] = [];

function setup(throttleMs = 0): { backend: Backend; root: string; project: string } {
  const root = mkdtempSync(join(tmpdir(), 'causeway-refjob-'));
  roots.push(root);
  const backend = inMemoryBackend(join(root, 'data'), { throttleMs });
  backends.push(backend);
  const project = join(root, 'project');
  backend.projects.create(project, 'Reference test');
  return { backend, root, project };
}

afterEach(() => {
  for (const b of backends.splice(0)) b.dispose();
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** Every folder and file of the project with its bytes' hash: equal snapshots = byte-identical. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        out[`${relative(dir, p)}/`] = 'dir';
        walk(p);
      } else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** A project dataset with genes TP53, MDM2, EGFR, MYC (through the real dataset.import job). */
async function withDataset(backend: Backend, root: string): Promise<void> {
  const file = join(root, 'expr.csv');
  writeFileSync(file, 'gene,s1,s2,s3\nTP53,1,2,3\nMDM2,4,5,6\nEGFR,7,8,9\nMYC,1,3,5\n');
  backend.imports.start('job_ds', {
    kind: 'dataset.import',
    source: { path: file },
    roles: {},
    duplicates: 'first',
    seed: 1,
  });
  expect((await backend.jobs.wait('job_ds')).error).toBeNull();
}

const spec = (path: string, over: Partial<ReferenceImportSpec> = {}): ReferenceImportSpec => ({
  kind: 'reference.import',
  source: { path },
  referenceKind: 'network',
  ...over,
});

describe('reference.import job', () => {
  it('imports a network in phases, matching its ids to the project by symbol and through the gene map', async () => {
    // Fan-out progress reaches main at most every 100 ms: a slowed worker lets every phase through.
    const { backend, root, project } = setup(120);
    await withDataset(backend, root);
    const file = join(root, 'net.tsv');
    // 7157 and 1956 are the Entrez ids of TP53 and EGFR; "egfr" differs from EGFR only in case.
    writeFileSync(
      file,
      'source\ttarget\tweight\nTP53\tMDM2\t1\n7157\t1956\t1\negfr\tFOO1\t1\nBAR2\tFOO1\t1\n',
    );
    const phases: string[] = [];
    const off = backend.subscribe((event, payload) => {
      if (event === 'job.progressed') phases.push((payload as { progress: JobProgress }).progress.phase);
    });
    backend.imports.start('job_net', spec(file, { name: 'My PPI' }));
    const job = await backend.jobs.wait('job_net');
    off();
    expect(job.error).toBeNull();
    expect(job.kind).toBe('reference.import');
    expect(backend.jobs.list().map((j) => j.jobId)).toContain('job_net');
    expect(phases).toEqual(
      expect.arrayContaining([
        'Reading the file',
        'Checking genes against the project',
        'Writing into the project',
      ]),
    );
    expect(phases.indexOf('Reading the file')).toBeLessThan(phases.indexOf('Writing into the project'));
    const summary = ReferenceImportSummary.parse(backend.projects.runResult(job.runId!));
    expect(summary).toMatchObject({ kind: 'network', name: 'My PPI', nNodes: 7, nEdges: 4 });
    expect(summary.geneMatch).toMatchObject({
      total: 7,
      matched: 5,
      bySymbol: 3,
      viaGeneMap: 2,
      unmatched: 2,
      datasets: 1,
      projectGenes: 4,
    });
    expect(summary.geneMatch.unmatchedExamples.sort()).toEqual(['BAR2', 'FOO1']);
    expect(summary.warnings.join(' ')).toMatch(/2 of 7 gene ids .* \(e\.g\. (FOO1, BAR2|BAR2, FOO1)\)/);
    const network = backend.projects.summary()!.manifest.networks[0]!;
    expect(network).toMatchObject({ id: summary.id, name: 'My PPI', nNodes: 7, nEdges: 4 });
    expect(backend.projects.networkGraph(network.id).edges[1]).toMatchObject({
      source: '7157',
      target: '1956',
    });
    expect(readdirSync(join(project, 'networks'))).toEqual([`${summary.id}.json`]);
  });

  it('warns clearly when no gene of the network is in the project, and still imports it', async () => {
    const { backend, root } = setup();
    await withDataset(backend, root);
    const file = join(root, 'yeast.sif');
    writeFileSync(file, 'YAL001C pp YBR002W\nYBR002W pp YCL003X\n');
    backend.imports.start('job_zero', spec(file));
    const job = await backend.jobs.wait('job_zero');
    expect(job.state).toBe('finished');
    const summary = ReferenceImportSummary.parse(backend.projects.runResult(job.runId!));
    expect(summary.geneMatch).toMatchObject({ total: 3, matched: 0, unmatched: 3 });
    expect(summary.warnings).toHaveLength(1);
    expect(summary.warnings[0]).toMatch(/None of the 3 gene ids .*YAL001C.*will not connect to the data/);
    expect(backend.projects.summary()!.manifest.networks).toHaveLength(1);
  });

  it('imports a drug–target table and checks its target genes', async () => {
    const { backend, root, project } = setup();
    await withDataset(backend, root);
    const file = join(root, 'targets.tsv');
    writeFileSync(
      file,
      'DRUG_NAME\tGENE\tACTION_TYPE\nnutlin\tMDM2\tINHIBITOR\nerlotinib\tEGFR|ERBB2\tINHIBITOR\nx\tNOPE1\t\n',
    );
    const summary = await backend.imports.importReference(backend.projects, {
      file: { path: file },
      kind: 'drug-targets',
      name: 'Targets',
    });
    expect(summary).toMatchObject({ kind: 'drug-targets', nRows: 4, nEdges: 0 });
    // ERBB2 is in the gene map but not in the project: unmatched like NOPE1.
    expect(summary.geneMatch).toMatchObject({ total: 4, matched: 2, unmatched: 2 });
    const table = backend.projects.summary()!.manifest.tables![0]!;
    expect(table).toMatchObject({ id: summary.id, kind: 'drug-targets', nRows: 4 });
    expect(readMetaArrow(join(project, table.file))['gene']).toEqual(['MDM2', 'EGFR', 'ERBB2', 'NOPE1']);
  });

  it('a cancel leaves the project byte-identical', async () => {
    const { backend, project } = setup(150);
    const before = snapshot(project);
    backend.imports.start('job_cancel', spec(join(REAL, 'irefindex_head2000.tsv')));
    await new Promise((r) => setTimeout(r, 100));
    expect(backend.jobs.cancel('job_cancel')).toBe(true);
    const job = await backend.jobs.wait('job_cancel');
    expect(job.state).toBe('cancelled');
    expect(snapshot(project)).toEqual(before);
    expect(existsSync(join(project, 'networks'))).toBe(false);
  });

  it('a malformed file fails the job naming file and line, leaves nothing, and the app goes on', async () => {
    const { backend, root, project } = setup();
    const before = snapshot(project);
    const bad = join(root, 'bad.edges.tsv');
    writeFileSync(bad, 'source\ttarget\tweight\nA\tB\t1\nC\t\t2\n');
    backend.imports.start('job_bad', spec(bad));
    const job = await backend.jobs.wait('job_bad');
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('E_INVALID_INPUT');
    expect(job.error?.message).toMatch(/bad\.edges\.tsv \(row 3\)/);
    expect(snapshot(project)).toEqual(before);
    // A file of the wrong kind fails the same way.
    backend.imports.start('job_kind', spec(join(REAL, 'drug_target.tsv.gz')));
    expect((await backend.jobs.wait('job_kind')).error?.message).toMatch(/is not a network/);
    expect(snapshot(project)).toEqual(before);
    // The same backend (and worker) still imports a good file.
    backend.imports.start('job_good', spec(join(REAL, 'ppi_network_252nodes.edges.tsv')));
    expect((await backend.jobs.wait('job_good')).state).toBe('finished');
  });

  it('imports a browser upload and removes it once the job has settled', async () => {
    const { backend, root } = setup();
    const bytes = readFileSync(join(REAL, 'ppi_network_252nodes.edges.tsv'));
    const { uploadId } = backend.uploads.begin('ppi.edges.tsv', bytes.length);
    backend.uploads.chunk(uploadId, 0, bytes.toString('base64'));
    backend.uploads.end(uploadId);
    backend.imports.start('job_up', {
      kind: 'reference.import',
      source: { uploadId },
      referenceKind: 'network',
    });
    const job = await backend.jobs.wait('job_up');
    expect(job.error).toBeNull();
    expect(backend.projects.summary()!.manifest.networks[0]).toMatchObject({
      name: 'ppi.edges.tsv',
      nNodes: 252,
      source: { fileName: 'ppi.edges.tsv' },
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(readdirSync(join(root, 'data', 'uploads'))).toEqual([]);
  });

  it("the wizard's inspect reports the gene match and warns before anything is imported", async () => {
    const { backend, root, project } = setup();
    await withDataset(backend, root);
    const before = snapshot(project);
    const r = await backend.imports.inspect({ path: join(REAL, 'ppi_network_252nodes.edges.tsv') }, {});
    expect(r.kind).toBe('network');
    expect(r.errors).toEqual([]);
    expect(r.geneMatch).toMatchObject({ total: 252, datasets: 1, projectGenes: 4 });
    expect(r.geneMatch!.matched + r.geneMatch!.unmatched).toBe(252);
    expect(r.geneMatch!.unmatchedExamples.length).toBeGreaterThan(0);
    expect(r.warnings.join(' ')).toMatch(/gene ids of this network match no gene of the project's datasets/);
    expect(snapshot(project)).toEqual(before);
  });
});
