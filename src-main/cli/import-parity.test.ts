// `causeway import` and the app's import wizard run one job: the same file with the same choices gives
// byte-identical dataset files, the same descriptor and the same import summary; and the CLI process
// itself never reads the file (the dataset.import job reads it in a worker process).
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DatasetImportSpec, ImportRecord, ImportSummary } from '#shared/contracts/data-import.ts';
import type { DatasetDescriptor } from '#shared/domain/project.ts';
import { inMemoryBackend } from '../services/jobs/test-backend.ts';
import { main } from './main.ts';

// Counts the matrix reads made in this process (the CLI's own, and the in-process worker of the app's
// backend below); a forked worker has its own module and is not counted.
const reads = vi.hoisted(() => ({ n: 0 }));
vi.mock('../compute/import/read-raw.ts', async (original) => {
  const mod = await original<typeof import('../compute/import/read-raw.ts')>();
  return {
    ...mod,
    readRaw: (...args: Parameters<typeof mod.readRaw>) => {
      reads.n++;
      return mod.readRaw(...args);
    },
  };
});

const SACHS = join(import.meta.dirname, '../compute/io/fixtures/real/sachs_all_conditions.tsv.gz');
const root = mkdtempSync(join(tmpdir(), 'causeway-import-parity-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const manifest = (dir: string): { datasets: DatasetDescriptor[] } =>
  JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')) as { datasets: DatasetDescriptor[] };
const folder = (dir: string, d: DatasetDescriptor): string => join(dir, 'datasets', d.id);
const importRun = (dir: string): string => {
  const runs = (
    JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')) as { runs: { resultFile: string }[] }
  ).runs;
  expect(runs).toHaveLength(1);
  return readFileSync(join(dir, runs[0]!.resultFile), 'utf8');
};

describe('CLI import = the app’s dataset.import job', () => {
  it('same files, descriptor and summary; the CLI process reads no matrix', async () => {
    const cliDir = join(root, 'cli');
    let out = '';
    let err = '';
    const io = { out: (t: string) => (out += t), err: (t: string) => (err += t) };
    expect(await main(['project', 'new', cliDir, '--name', 'parity'], io)).toBe(0);
    out = '';
    const code = await main(['import', SACHS, '--project', cliDir, '--name', 'Sachs', '--json'], io);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(reads.n).toBe(0);
    const printed = JSON.parse(out) as { dataset: DatasetDescriptor; roles: Record<string, string> };
    // Roles not given on the command line are guessed from the column names.
    expect(printed.roles).toEqual({ condition: 'condition', intervention_targets: 'intervention_target' });

    // The app: the wizard's spec, with the roles the CLI guessed mapped by hand, the worker in this process.
    const appDir = join(root, 'app');
    const backend = inMemoryBackend(join(root, 'app-data'));
    try {
      backend.projects.create(appDir, 'parity');
      const spec = DatasetImportSpec.parse({
        kind: 'dataset.import',
        source: { path: SACHS },
        name: 'Sachs',
        roles: printed.roles,
      });
      backend.jobs.start('job_parity', spec);
      expect((await backend.jobs.wait('job_parity')).error).toBeNull();
    } finally {
      backend.dispose();
    }
    expect(reads.n).toBe(1); // the counter sees an in-process read: the CLI's 0 above means something

    const [cli] = manifest(cliDir).datasets;
    const [app] = manifest(appDir).datasets;
    expect(printed.dataset).toEqual(cli);
    const strip = (d: DatasetDescriptor): Partial<DatasetDescriptor> => {
      const { id, createdAt, matrixFile, samplesFile, ...rest } = d;
      expect([matrixFile, samplesFile]).toEqual([
        `datasets/${id}/matrix.arrow`,
        `datasets/${id}/samples.arrow`,
      ]);
      expect(Date.parse(createdAt)).toBeGreaterThan(0);
      return rest;
    };
    expect(strip(cli!)).toEqual(strip(app!));
    expect(cli).toMatchObject({ name: 'Sachs', nGenes: 11, nSamples: 7466 });
    const files = readdirSync(folder(cliDir, cli!)).sort();
    // The store's sha256, recorded as it was written (with the file's size, mtime and inode, which differ).
    expect(files).toEqual(['.matrix.arrow.sha256', 'genes.arrow', 'matrix.arrow', 'samples.arrow']);
    expect(readdirSync(folder(appDir, app!)).sort()).toEqual(files);
    const recorded = (dir: string): unknown =>
      (JSON.parse(readFileSync(join(dir, '.matrix.arrow.sha256'), 'utf8')) as { sha256: string }).sha256;
    expect(recorded(folder(cliDir, cli!))).toEqual(recorded(folder(appDir, app!)));
    for (const f of files.filter((x) => !x.startsWith('.'))) {
      const same = readFileSync(join(folder(cliDir, cli!), f)).equals(
        readFileSync(join(folder(appDir, app!), f)),
      );
      expect([f, same]).toEqual([f, true]);
    }
    // The app's run records the ImportSummary; the CLI's (summary: false) the same ImportRecord within it.
    const result = (dir: string, id: string): Record<string, unknown> =>
      JSON.parse(importRun(dir).replaceAll(`"${id}"`, '"<id>"')) as Record<string, unknown>;
    const fromCli = result(cliDir, cli!.id);
    const fromApp = ImportSummary.parse(result(appDir, app!.id));
    expect(fromCli).toEqual(ImportRecord.parse(fromApp));
    expect(fromCli).toMatchObject({ nSamples: 7466, roles: printed.roles });
    expect(fromApp.pca.pc1).toHaveLength(5000);
  });
});
