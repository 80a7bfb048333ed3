// `causeway gim validate|train|predict` on the shipped fixture: the exact JSON shape, the model
// folder a training writes and a prediction read back from it, and usage errors before any work starts.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GIM_MODEL_FILES, GimModelDetail } from '#shared/contracts/gim.ts';
import { main } from '../main.ts';

const FIXTURE = join(import.meta.dirname, '../../../resources/fixtures/gim-small');
const DATA = ['--data', join(FIXTURE, 'expression.csv'), '--context-column', 'context'];
const FEATURES = ['--features', join(FIXTURE, 'features.csv')];
const truth = JSON.parse(readFileSync(join(FIXTURE, 'truth.json'), 'utf8')) as {
  contexts: Record<string, { targets: string[] }>;
};
const tmp = mkdtempSync(join(tmpdir(), 'causeway-gim-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('causeway gim', () => {
  it('validate --json prints exactly the issue shape: methods with meanError and energyDistance, targets per context', async () => {
    const r = await run('gim', 'validate', ...DATA, ...FEATURES, '--seed', '2', '--epochs', '300', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as {
      methods: { method: string; meanError: number; energyDistance: number }[];
      targets: Record<string, string>;
    };
    expect(Object.keys(report)).toEqual(['methods', 'targets']);
    expect(report.methods.map((m) => m.method)).toEqual([
      'gim',
      'no-change',
      'mlp',
      'nearest',
      'context-targets',
    ]);
    for (const m of report.methods) {
      expect(Object.keys(m)).toEqual(['method', 'meanError', 'energyDistance']);
      expect(m.meanError).toBeGreaterThan(0);
      expect(m.energyDistance).toBeGreaterThanOrEqual(0);
    }
    const gim = report.methods.find((m) => m.method === 'gim')!;
    const none = report.methods.find((m) => m.method === 'no-change')!;
    expect(gim.meanError).toBeLessThan(none.meanError);
    expect(Object.keys(report.targets).sort()).toEqual(Object.keys(truth.contexts).sort());
    const hits = Object.entries(report.targets).filter(([c, g]) => truth.contexts[c]!.targets.includes(g));
    // A type hits 3.2 of the 10 genes on average, so a top gene drawn at random is a true target for ≈ 6 of
    // the 18 contexts (≥ 10 has p ≈ 0.03 by chance); the GIM, with its network learned from these cells, names
    // one for 10 to 11; its misses name a common regulator of the true targets (SOCS3 → MYC, JUN) or a target of
    // a compound with similar descriptors (FOS, cmpd01's, for cmpd03).
    expect(hits.length).toBeGreaterThanOrEqual(10);
  }, 600_000);

  it('train --out writes the model folder; predict --model reads it back and names a true target', async () => {
    const out = join(tmp, 'model');
    const t = await run(
      'gim',
      'train',
      ...DATA,
      ...FEATURES,
      '--seed',
      '4',
      '--name',
      'cli',
      '--out',
      out,
      '--json',
    );
    expect(t.err).toBe('');
    expect(t.code).toBe(0);
    for (const f of Object.values(GIM_MODEL_FILES)) expect(existsSync(join(out, f))).toBe(true);
    const card = GimModelDetail.parse(JSON.parse(readFileSync(join(out, GIM_MODEL_FILES.card), 'utf8'))).card;
    expect(card).toMatchObject({ name: 'cli', seed: 4, contextColumn: 'context' });
    const p = await run(
      'gim',
      'predict',
      '--model',
      out,
      ...['--feature', 'dose=1.5', '--feature', 'z1=2.557', '--feature', 'z2=1.219'],
      ...['--feature', 'ec50=0.789', '--feature', 'target_class=C', '--json'],
    );
    expect(p.err).toBe('');
    expect(p.code).toBe(0);
    const prediction = JSON.parse(p.out) as { topTargets: { gene: string }[] };
    expect(truth.contexts['cmpd06_1']!.targets).toContain(prediction.topTargets[0]!.gene);
  }, 300_000);

  it('usage and input errors exit 2 with a sentence', async () => {
    const noColumn = await run('gim', 'validate', '--data', 'x.csv', ...FEATURES);
    expect(noColumn.code).toBe(2);
    expect(noColumn.err).toMatch(/gim validate needs --context-column/);
    const badSeed = await run('gim', 'validate', ...DATA, ...FEATURES, '--seed', 'x');
    expect(badSeed.err).toMatch(/--seed must be a whole number/);
    const noModel = await run('gim', 'predict', '--model', tmp, '--feature', 'dose=1');
    expect(noModel.err).toMatch(/not a folder written by causeway gim train/);
    const badFeature = await run('gim', 'predict', '--model', join(tmp, 'model'), '--feature', 'dose');
    expect(badFeature.err).toMatch(/--feature takes NAME=VALUE/);
    const twice = await run(
      'gim',
      'predict',
      '--model',
      join(tmp, 'model'),
      '--feature',
      'dose=1',
      '--feature',
      'dose=2',
    );
    expect(twice.err).toMatch(/--feature dose is given twice/);
    const broken = join(tmp, 'broken');
    cpSync(join(tmp, 'model'), broken, { recursive: true });
    writeFileSync(join(broken, GIM_MODEL_FILES.model), '{"format": "causeway-gim-model", "version": 1}');
    const bad = await run('gim', 'predict', '--model', broken, '--feature', 'dose=1');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/E_INVALID_INPUT: .*does not fit the model schema/);
  }, 120_000);
});
