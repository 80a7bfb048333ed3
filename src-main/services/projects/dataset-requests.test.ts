import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inMemoryBackend } from '../jobs/test-backend.ts';
import { geneValues, sampleColumns } from './dataset-requests.ts';

const root = mkdtempSync(join(tmpdir(), 'causeway-reads-'));
const backend = inMemoryBackend(root);
backend.projects.openDemo();
afterAll(() => {
  backend.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('small dataset reads, routed to the interactive worker', () => {
  it('answers a signature’s values through the worker', async () => {
    const r = await geneValues(backend.projects, backend.supervisor, 'sars_cov2_a549', ['CYB5B', 'NOPE']);
    expect(r.columns).toHaveLength(1);
    expect(r.values[0]![1]).toBeNull();
    expect(backend.supervisor.spawnCount).toBe(1);
  });

  it('refuses a wide expression matrix for many genes and lists no sample columns where there is no table', async () => {
    const many = Array.from({ length: 9 }, (_, i) => `G${i}`);
    expect(() => geneValues(backend.projects, backend.supervisor, 'a549_cells', many)).toThrow(/74 samples/);
    // One gene's profile across the 74 cells is what the gene panel asks for.
    const one = await geneValues(backend.projects, backend.supervisor, 'a549_cells', ['FN1', 'NOPE']);
    expect(one.columns).toHaveLength(74);
    expect(one.values.every((v) => v[1] === null)).toBe(true);
    expect(one.values.some((v) => v[0] !== null)).toBe(true);
    await expect(sampleColumns(backend.projects, backend.supervisor, 'a549_cells')).resolves.toEqual([]);
    expect(
      (await sampleColumns(backend.projects, backend.supervisor, 'lincs_toydb_skb')).length,
    ).toBeGreaterThan(0);
  });
});
