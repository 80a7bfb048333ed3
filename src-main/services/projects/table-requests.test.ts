import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inMemoryBackend } from '../jobs/test-backend.ts';
import { geneDrugs } from './table-requests.ts';

const root = mkdtempSync(join(tmpdir(), 'causeway-table-reads-'));
const backend = inMemoryBackend(root);
backend.projects.openDemo();
afterAll(() => {
  backend.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('tables.geneDrugs, routed to the interactive worker', () => {
  it('answers the demo DrugCentral table’s drugs for a gene, and none for an untargeted one', async () => {
    const r = await geneDrugs(backend.projects, backend.supervisor, 'drugcentral_targets', ['KIT', 'NOPE']);
    expect(r.hasActivity).toBe(false); // the 2016 table lists mechanism targets without ACT_VALUE
    expect(r.drugs[0]!.map((d) => d.drug)).toContain('cediranib');
    expect(r.drugs[0]!.every((d) => d.actValue === null)).toBe(true);
    expect(r.drugs[1]).toEqual([]);
  });

  it('names a table that is not in the project', () => {
    expect(() => geneDrugs(backend.projects, backend.supervisor, 'nope', ['KIT'])).toThrow(
      /No drug–target table "nope"/,
    );
  });
});
