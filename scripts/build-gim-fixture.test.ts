// The shipped GIM fixture (resources/fixtures/gim-small) is what scripts/build-gim-fixture.ts writes:
// byte for byte, small, one features row per context, and its truth consistent with the expression.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGimFixture } from './build-gim-fixture.ts';

const dir = join(import.meta.dirname, '../resources/fixtures/gim-small');

describe('gim-small fixture', () => {
  const built = buildGimFixture();

  it('is reproduced byte for byte by the build script', () => {
    for (const [name, text] of Object.entries(built))
      expect(readFileSync(join(dir, name), 'utf8')).toBe(text);
    let total = 0;
    for (const name of [...Object.keys(built), 'SOURCE.md']) total += statSync(join(dir, name)).size;
    expect(total).toBeLessThan(200_000);
  });

  it('has 200 observational cells, 18 contexts × 30 cells, and a features row per context', () => {
    const rows = built['expression.csv']!.trim().split('\n');
    expect(rows[0]!.split(',')).toHaveLength(11);
    const counts = new Map<string, number>();
    for (const r of rows.slice(1)) counts.set(r.split(',')[0]!, (counts.get(r.split(',')[0]!) ?? 0) + 1);
    expect(counts.get('obs')).toBe(200);
    expect(counts.size).toBe(19);
    for (const [k, v] of counts) if (k !== 'obs') expect(v).toBe(30);
    const feats = built['features.csv']!.trim().split('\n');
    expect(feats[0]).toBe('context,dose,z1,z2,ec50,target_class');
    expect(
      feats
        .slice(1)
        .map((r) => r.split(',')[0])
        .sort(),
    ).toEqual([...counts.keys()].filter((k) => k !== 'obs').sort());
    const truth = JSON.parse(built['truth.json']!) as { contexts: Record<string, { targets: string[] }> };
    expect(Object.keys(truth.contexts)).toHaveLength(18);
    for (const t of Object.values(truth.contexts)) expect(t.targets.length).toBeGreaterThan(0);
  });
});
