// GIM model files (issue 15): a trained model saved with its feature encoding and card reloads to identical
// predictions, and damaged or hostile files are refused with a sentence, never a crash.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeContexts, fitFeatureEncoding, type FeatureTable } from './features.ts';
import { gimPredictor, predictFeatureRow } from './gim-predictor.ts';
import {
  gimModelFile,
  loadGimModelFile,
  parseGimModelFile,
  saveGimModelFile,
  serializeGimModelFile,
} from './model-file.ts';
import { generateSyntheticGim } from './synthetic.ts';
import { trainGim } from './train-gim.ts';

const dir = mkdtempSync(join(tmpdir(), 'gim-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Features arrive as a table (type as text, dose as a number) and go through the encoding, as in the app.
const sim = generateSyntheticGim({
  seed: 21,
  genes: ['G0', 'G1', 'G2', 'G3', 'G4', 'G5'],
  trainTypes: 3,
  testTypes: 0,
  trainDoses: [0.5, 2],
  cellsPerContext: 30,
  observational: 100,
  typePrefix: 'type',
});
const names = sim.train.contexts.map((c) => c.name);
const table: FeatureTable = {
  columns: ['type', 'dose'],
  rows: names.map((name) => {
    const { type, dose } = sim.truth.get(name)!;
    return { context: name, values: [type, String(dose)] };
  }),
};
const encoding = fitFeatureEncoding(table, names);
const encoded = encodeContexts(encoding, table, names).features;
const data = {
  ...sim.train,
  featureNames: encoding.featureNames,
  contexts: sim.train.contexts.map((c, k) => ({ ...c, features: encoded[k]! })),
};
const model = trainGim(data, { seed: 9, epochs: 200, parents: sim.scm.dag.parents.map((ps) => [...ps]) });
const file = gimModelFile(model, encoding, {
  name: 'test model',
  dataset: { name: 'simulated', id: 'ds-1' },
  contextColumn: 'context',
  observationalCells: 100,
});
const text = serializeGimModelFile(file);

describe('GIM model files', () => {
  it('carry a model card naming inputs, features, genes and seed', () => {
    expect(file.card).toMatchObject({
      dataset: { name: 'simulated', id: 'ds-1' },
      contextColumn: 'context',
      observationalCells: 100,
      trainingContexts: 6,
      genes: sim.train.genes,
      seed: 9,
      dagSource: 'given',
      training: { epochs: 200 },
    });
    expect(file.card.features).toEqual([
      { name: 'type', kind: 'categorical', levels: ['type01', 'type02', 'type03'] },
      expect.objectContaining({ name: 'dose', kind: 'numeric', min: 0.5, max: 2 }),
    ]);
    expect(Date.parse(file.card.createdAt)).toBeGreaterThan(0);
  });

  it('save → load gives identical predictions', () => {
    const path = join(dir, 'model.gim.json');
    saveGimModelFile(path, file);
    const loaded = loadGimModelFile(path);
    expect(loaded).toEqual(file);
    const before = predictFeatureRow(gimPredictor(model), encoding, { type: 'type02', dose: 1 });
    const after = predictFeatureRow(gimPredictor(loaded.model), loaded.encoding, { type: 'type02', dose: 1 });
    expect(after).toEqual(before);
  });

  it('refuses a truncated file, another format, a newer version and an unknown key with a sentence', () => {
    expect(() => parseGimModelFile(text.slice(0, text.length / 2))).toThrow(/not valid JSON \(truncated\?\)/);
    expect(() => parseGimModelFile('{"format":"onnx"}')).toThrow(/not a Causeway GIM model/);
    expect(() => parseGimModelFile(JSON.stringify({ ...file, version: 2 }))).toThrow(/update Causeway/);
    expect(() => parseGimModelFile(JSON.stringify({ ...file, extra: 1 }))).toThrow(
      /does not fit the model schema/,
    );
    expect(() => parseGimModelFile('null')).toThrow(/not a Causeway GIM model/);
  });

  it('refuses values out of bounds and arrays that do not fit the genes or features', () => {
    const edit = (f: (m: Record<string, unknown>) => void): string => {
      const copy = JSON.parse(text) as { model: Record<string, unknown> };
      f(copy.model);
      return JSON.stringify(copy);
    };
    expect(() => parseGimModelFile(edit((m) => (m['logVar'] = [1e300, 0, 0, 0, 0, 0])))).toThrow(
      /schema at model\.logVar\.0/,
    );
    expect(() => parseGimModelFile(edit((m) => (m['scale'] = [1, 1])))).toThrow(
      /scale has 2 entries for 6 genes/,
    );
    expect(() => parseGimModelFile(edit((m) => ((m['net'] as { b2: number[] }).b2 = [0])))).toThrow(
      /network weights do not match/,
    );
    expect(() =>
      parseGimModelFile(
        edit((m) => {
          m['parents'] = [[1], [0], [], [], [], []];
          m['weights'] = [[1], [1], [], [], [], []];
        }),
      ),
    ).toThrow(/directed cycle/);
    expect(() => parseGimModelFile(edit((m) => (m['weights'] = [[], [], [], [], [], []])))).toThrow(
      /weights/,
    );
  });

  it('loading refuses a file that is not a model without crashing', () => {
    const path = join(dir, 'garbage.json');
    writeFileSync(path, '\u0000\u0001binary');
    expect(() => loadGimModelFile(path)).toThrow(/not valid JSON/);
    expect(() => loadGimModelFile(join(dir, 'absent.json'))).toThrow(/does not exist/);
    expect(() => loadGimModelFile(dir)).toThrow(/is a folder/);
  });
});
