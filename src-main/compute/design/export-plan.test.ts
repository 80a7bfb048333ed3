import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DesignPlanResult } from '#shared/contracts/design.ts';
import { exportDesignRun } from './export-plan.ts';

const dir = mkdtempSync(join(tmpdir(), 'design-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const doc: DesignPlanResult = {
  kind: 'design.plan',
  goal: 'orient',
  objective: 'edges',
  interventionType: 'knockdown',
  budget: 1,
  rounds: 2,
  genes: 3,
  dags: 4,
  ensembleSeed: 9,
  meanEdges: 2,
  baselineOriented: 0.5,
  pool: { size: 3, notInNetworkCount: 0, notInNetwork: [] },
  perturbations: [1, 2].map((round) => ({
    round,
    rank: 1,
    gene: round === 1 ? 'TP53' : 'MDM2',
    interventionType: 'knockdown' as const,
    expectedGain: 1 / round,
    informationBits: 0.5,
    expectedOriented: 0.5 + round,
    entropyBits: 1,
    edgesOriented: [{ source: 'TP53', target: 'MDM2', frequency: 0.75 }],
    arcsTotal: 1,
  })),
  stoppedEarly: null,
  provenance: {
    appVersion: '0.1.0',
    createdAt: '2026-12-01T00:00:00.000Z',
    elapsedMs: 1,
    inputs: {},
    spec: {},
  },
};
const resultPath = join(dir, 'plan.json');
writeFileSync(resultPath, JSON.stringify(doc));

describe('design.export', () => {
  it('returns the plate plan CSV base64 for a browser download: header, one row per perturbation', () => {
    const r = exportDesignRun({ resultPath, runId: 'run_p', format: 'csv', path: null });
    expect(r).toMatchObject({ fileName: 'plate-plan-run_p.csv', mime: 'text/csv', path: null });
    const lines = Buffer.from(r.base64!, 'base64').toString('utf8').trimEnd().split('\r\n');
    const body = lines.filter((l) => !l.startsWith('#'));
    expect(lines).toContain('# run: run_p');
    expect(body).toEqual([
      'gene,perturbation_type,round,rank,expected_gain,information_bits,edges_oriented',
      'TP53,knockdown,1,1,1,0.5,TP53>MDM2 (0.75)',
      'MDM2,knockdown,2,1,0.5,0.5,TP53>MDM2 (0.75)',
    ]);
    expect(r.bytes).toBe(Buffer.from(r.base64!, 'base64').length);
  });

  it('writes to a path when given (desktop), and JSON is the result document', () => {
    const out = join(dir, 'out.json');
    const r = exportDesignRun({ resultPath, runId: 'run_p', format: 'json', path: out });
    expect(r.base64).toBeNull();
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(doc);
  });

  it('refuses a result that is not a plan, and a missing one, with a sentence', () => {
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ kind: 'targets.rank' }));
    expect(() => exportDesignRun({ resultPath: other, runId: 'r', format: 'csv', path: null })).toThrow(
      'not an experiment plan',
    );
    expect(() =>
      exportDesignRun({ resultPath: join(dir, 'none.json'), runId: 'r', format: 'csv', path: null }),
    ).toThrow('missing or not valid JSON');
  });
});
