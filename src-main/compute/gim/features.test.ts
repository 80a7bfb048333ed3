// Feature encoding for GIM (issue 15): numeric columns standardised, categorical one-hot, and clear errors
// for mixed columns, missing rows, one context, unknown levels and non-numeric doses; out-of-range warns.
import { describe, expect, it } from 'vitest';
import { encodeContexts, encodeFeatures, fitFeatureEncoding, type FeatureTable } from './features.ts';

const table: FeatureTable = {
  columns: ['dose', 'drug', 'class'],
  rows: [
    { context: 'a@1', values: ['1', 'aspirin', 'kinase'] },
    { context: 'a@3', values: [3, 'aspirin', 'kinase'] },
    { context: 'b@1', values: ['1.0', 'brefeldin', 'golgi'] },
    { context: 'b@3', values: [' 3 ', 'brefeldin', 'golgi'] },
    { context: 'unused', values: ['x', 'y', 'z'] },
  ],
};
const contexts = ['a@1', 'a@3', 'b@1', 'b@3'];

describe('fitFeatureEncoding', () => {
  it('standardises numeric columns and one-hot encodes categorical ones, fitted on the training contexts', () => {
    const enc = fitFeatureEncoding(table, contexts);
    expect(enc.featureNames).toEqual([
      'dose',
      'drug=aspirin',
      'drug=brefeldin',
      'class=golgi',
      'class=kinase',
    ]);
    expect(enc.columns[0]).toMatchObject({ kind: 'numeric', mean: 2, min: 1, max: 3 });
    const sd = Math.sqrt(4 / 3);
    const { features, warnings } = encodeContexts(enc, table, contexts);
    expect(Array.from(features[0]!)).toEqual([-1 / sd, 1, 0, 0, 1]);
    expect(Array.from(features[3]!)).toEqual([1 / sd, 0, 1, 1, 0]);
    expect(warnings).toEqual([]);
  });

  it('treats a numeric column as categorical when told to', () => {
    const enc = fitFeatureEncoding(table, contexts, { dose: 'categorical' });
    expect(enc.featureNames.slice(0, 2)).toEqual(['dose=1', 'dose=3']);
  });

  it('names the column, row and value of a column that mixes numbers and text', () => {
    const mixed: FeatureTable = {
      columns: ['dose'],
      rows: [
        { context: 'a', values: ['1'] },
        { context: 'b', values: ['2'] },
        { context: 'c', values: ['high'] },
      ],
    };
    expect(() => fitFeatureEncoding(mixed, ['a', 'b', 'c'])).toThrow(
      'Feature "dose" mixes numbers and text: context "c" has "high" where numbers are expected.',
    );
    expect(() => fitFeatureEncoding(mixed, ['a', 'b', 'c'], { dose: 'numeric' })).toThrow(
      /context "c" has "high"/,
    );
  });

  it('names a context without a feature row, a missing value, and refuses a single context', () => {
    expect(() => fitFeatureEncoding(table, [...contexts, 'c@1'])).toThrow(/No feature row for context "c@1"/);
    const gap: FeatureTable = {
      columns: ['dose'],
      rows: [
        { context: 'a', values: ['1'] },
        { context: 'b', values: [''] },
      ],
    };
    expect(() => fitFeatureEncoding(gap, ['a', 'b'])).toThrow('Feature "dose" is missing for context "b".');
    expect(() => fitFeatureEncoding(table, ['a@1'])).toThrow(
      /the data have 1 \("a@1"\)\. At least two are needed/,
    );
    const twice: FeatureTable = {
      columns: ['dose'],
      rows: [
        { context: 'a', values: [1] },
        { context: 'a', values: [2] },
      ],
    };
    expect(() => fitFeatureEncoding(twice, ['a', 'b'])).toThrow(/two rows for context "a"/);
  });
});

describe('encodeFeatures', () => {
  const enc = fitFeatureEncoding(table, contexts);
  it('encodes a typed row and warns outside the training range', () => {
    const inside = encodeFeatures(enc, { dose: '2', drug: 'aspirin', class: 'golgi' });
    expect(Array.from(inside.features)).toEqual([0, 1, 0, 1, 0]);
    expect(inside.warnings).toEqual([]);
    const outside = encodeFeatures(enc, { dose: 10, drug: 'aspirin', class: 'golgi' });
    expect(outside.warnings).toEqual([
      'dose = 10 is outside the training range 1–3: the prediction extrapolates.',
    ]);
  });

  it('refuses an unknown category, a non-numeric dose and a missing column', () => {
    expect(() => encodeFeatures(enc, { dose: 2, drug: 'caffeine', class: 'golgi' })).toThrow(
      'Feature "drug" has no level "caffeine" in the training data (known: aspirin, brefeldin).',
    );
    expect(() => encodeFeatures(enc, { dose: 'lots', drug: 'aspirin', class: 'golgi' })).toThrow(
      'Feature "dose" must be a number; got "lots".',
    );
    expect(() => encodeFeatures(enc, { dose: 2, drug: 'aspirin' })).toThrow('Feature "class" is missing.');
    expect(() => encodeFeatures(enc, { dose: '1e400', drug: 'aspirin', class: 'golgi' })).toThrow(
      'Feature "dose" must be a number; got "1e400".',
    );
    expect(() => encodeFeatures(enc, { dose: 2, drug: 'aspirin', class: 'golgi', dosage: 3 })).toThrow(
      'The model has no feature "dosage"',
    );
  });
});
