import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMatrixArrow } from '../compute/io/arrow-matrix.ts';
import { readMetaArrow } from '../compute/io/meta-table.ts';
import { sha256File } from '../compute/io/file-hash.ts';
import type { Backend } from '../services/backend.ts';
import { inMemoryBackend } from '../services/jobs/test-backend.ts';
import { ProjectService } from '../services/projects/project-service.ts';
import { importDataset } from './import-dataset.ts';

const FIX = join(import.meta.dirname, '../compute/io/fixtures');
let root: string;
let backend: Backend;
let projects: ProjectService;
let dir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'causeway-import-'));
  backend = inMemoryBackend(join(root, 'data'));
  projects = backend.projects;
  dir = join(root, 'proj');
  projects.create(dir, 'import test');
});
afterEach(() => {
  backend.dispose();
  rmSync(root, { recursive: true, force: true });
});

const snapshot = (f: string): [string, number] => [readFileSync(f).toString('base64'), statSync(f).mtimeMs];
const datasetDirs = (): string[] => readdirSync(join(dir, 'datasets'));

describe('importDataset', () => {
  it('imports Sachs into Arrow with sample roles, records name, size and sha256, leaves the original untouched', async () => {
    const src = join(root, 'sachs.tsv.gz');
    copyFileSync(join(FIX, 'real', 'sachs_all_conditions.tsv.gz'), src);
    const before = snapshot(src);
    const { dataset, roles } = await importDataset(backend, src, { name: 'Sachs 2005' });
    expect(snapshot(src)).toEqual(before);
    expect(dataset).toMatchObject({ name: 'Sachs 2005', kind: 'expression', nGenes: 11, nSamples: 7466 });
    expect(dataset.source).toEqual({ fileName: 'sachs.tsv.gz', sha256: await sha256File(src) });
    expect(dataset.id).toMatch(/^sachs_2005_/);
    expect(roles).toMatchObject({ condition: 'condition', intervention_targets: 'intervention_target' });
    const m = readMatrixArrow(projects.resolveFile(dataset.matrixFile));
    expect(m.genes[0]).toBe('raf');
    expect(m.values[0]).toBeCloseTo(26.4, 4);
    const samples = readMetaArrow(projects.resolveFile(dataset.samplesFile ?? ''));
    expect(samples.sample).toHaveLength(7466);
    expect(samples.intervention_targets?.filter((t) => t === 'mek')).toHaveLength(799);
    expect(samples.intervention_targets?.filter((t) => t === '')).toHaveLength(1755);
    // Saved at once: a fresh service sees the dataset.
    const again = new ProjectService({
      dataDir: join(root, 'data2'),
      demoDir: join(root, 'none'),
      appVersion: 't',
    });
    expect(again.open(dir).manifest.datasets.map((d) => d.id)).toEqual([dataset.id]);
  });

  it('imports the Kang h5ad with cell type and condition as sample columns', async () => {
    const { dataset } = await importDataset(backend, join(FIX, 'real', 'kang2018_valid_first120.h5ad'));
    expect([dataset.nGenes, dataset.nSamples]).toEqual([6998, 120]);
    const samples = readMetaArrow(projects.resolveFile(dataset.samplesFile ?? ''));
    expect(samples.cell_type?.[0]).toBe('FCGR3A+Mono');
    expect(samples.condition?.[0]).toBe('control');
  });

  it('a bad file leaves the project exactly as it was: no dataset folder, no temp folder, same manifest', async () => {
    const manifest = readFileSync(join(dir, 'project.json'), 'utf8');
    await expect(importDataset(backend, join(FIX, 'bad', 'non-numeric-cell.csv'))).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
    });
    await expect(importDataset(backend, join(FIX, 'bad', 'truncated.gctx'))).rejects.toMatchObject({
      code: 'E_INVALID_INPUT',
    });
    expect(datasetDirs()).toEqual([]);
    expect(readFileSync(join(dir, 'project.json'), 'utf8')).toBe(manifest);
  });

  it('a sample sheet that does not match the matrix is refused naming the sheet and the samples', async () => {
    const err = await importDataset(backend, join(FIX, 'bad', 'sheet-matrix.csv'), {
      samplesSheet: join(FIX, 'bad', 'sheet-mismatch.csv'),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_INVALID_INPUT' });
    expect((err as Error).message).toMatch(
      /sheet-mismatch\.csv.*does not match the matrix: 1 matrix samples are not in the sheet \(e\.g\. "s3"\); 1 sheet rows name no matrix sample \(e\.g\. "s4", row 4\)/,
    );
    expect(datasetDirs()).toEqual([]);
  });

  it('a failure while registering removes the written folder (nothing half-imported)', async () => {
    const file = join(FIX, 'real', 'mini_gctoo_for_testing.gct');
    const original = projects.addDataset.bind(projects);
    projects.addDataset = () => {
      throw new Error('disk full');
    };
    await expect(importDataset(backend, file)).rejects.toThrow('disk full');
    expect(datasetDirs()).toEqual([]);
    projects.addDataset = original;
    const { dataset } = await importDataset(backend, file, { samplesSheet: undefined });
    expect(existsSync(projects.resolveFile(dataset.matrixFile))).toBe(true);
  });
});
