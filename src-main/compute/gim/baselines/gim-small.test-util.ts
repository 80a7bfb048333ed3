/**
 * Test-only reader of the shipped fixture resources/fixtures/gim-small into GimData (numeric columns as
 * they are, the categorical target_class one-hot), independent of the app's importer (gim-data.ts), so
 * that the benchmark's tests check the fixture files themselves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GimContext, GimData } from '../types.ts';

export const GIM_SMALL_DIR = join(import.meta.dirname, '../../../../resources/fixtures/gim-small');

export function readGimSmall(): { data: GimData; truthTargets: Map<string, number[]> } {
  const expr = readFileSync(join(GIM_SMALL_DIR, 'expression.csv'), 'utf8').trim().split('\n');
  const genes = expr[0]!.split(',').slice(1);
  const p = genes.length;
  const cells = new Map<string, number[]>();
  for (const line of expr.slice(1)) {
    const [ctx, ...vals] = line.split(',');
    const list = cells.get(ctx!) ?? [];
    list.push(...vals.map(Number));
    cells.set(ctx!, list);
  }
  const feats = readFileSync(join(GIM_SMALL_DIR, 'features.csv'), 'utf8').trim().split('\n');
  const header = feats[0]!.split(',');
  const rows = feats.slice(1).map((l) => l.split(','));
  const classes = [...new Set(rows.map((r) => r[header.length - 1]!))].sort();
  const featureNames = [...header.slice(1, -1), ...classes.map((c) => `target_class=${c}`)];
  const contexts: GimContext[] = rows.map((r) => {
    const samples = Float64Array.from(cells.get(r[0]!)!);
    const features = Float64Array.from([
      ...r.slice(1, -1).map(Number),
      ...classes.map((c) => (r.at(-1) === c ? 1 : 0)),
    ]);
    return { name: r[0]!, features, samples, n: samples.length / p };
  });
  const obs = Float64Array.from(cells.get('obs')!);
  const truth = JSON.parse(readFileSync(join(GIM_SMALL_DIR, 'truth.json'), 'utf8')) as {
    contexts: Record<string, { targets: string[] }>;
  };
  const truthTargets = new Map(
    Object.entries(truth.contexts).map(([k, v]) => [k, v.targets.map((g) => genes.indexOf(g))]),
  );
  return {
    data: { genes, featureNames, observational: { samples: obs, n: obs.length / p }, contexts },
    truthTargets,
  };
}
