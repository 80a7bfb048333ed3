// Model-card JSON files for the import wizard: both spellings read, bad fields skipped with a reason,
// non-cards refused.
import { describe, expect, it } from 'vitest';
import { readManifest } from './manifest.ts';
import { parseModelCard } from './model-card-file.ts';
import { BUNDLED_MODELS_DIR } from './model-registry.ts';

const shipped = readManifest(BUNDLED_MODELS_DIR).models[0]!;

describe('model card files', () => {
  it('reads a Causeway card (genes listed, training as a record, autoencoder names)', () => {
    const d = parseModelCard(JSON.stringify(shipped), 'kang.card.json');
    expect(d).toMatchObject({
      name: shipped.name,
      normalisation: shipped.normalisation,
      inputName: 'x',
      outputName: 'reconstruction',
      licence: shipped.licence,
      training: shipped.training.recipe,
      kind: 'autoencoder',
      autoencoder: {
        latentOutput: 'z',
        reconstructionOutput: 'reconstruction',
        encoderWeight: shipped.autoencoder!.encoderWeight,
        decoderWeight: shipped.autoencoder!.decoderWeight,
      },
      warnings: [],
    });
    expect(d.genes).toEqual(shipped.genes);
  });

  it("reads the wizard's own card; a bad field is skipped with a warning, the rest kept", () => {
    const d = parseModelCard(
      '\uFEFF' +
        JSON.stringify({
          name: 'Mine',
          normalisation: 'zscore',
          genes: { source: 'list', genes: ['A', 'B'] },
          license: 'MIT',
          training: 'Adam, 10 epochs',
          kind: 'other',
        }),
      'mine.json',
    );
    expect(d).toMatchObject({ name: 'Mine', genes: ['A', 'B'], licence: 'MIT', kind: 'other' });
    expect(d.normalisation).toBeUndefined();
    expect(d.warnings.join(' ')).toMatch(/Ignored "normalisation"/);
  });

  it('refuses what is not a card', () => {
    expect(() => parseModelCard('{"model": ', 'x.json')).toThrow(/x\.json is not JSON/);
    expect(() => parseModelCard('[1, 2]', 'x.json')).toThrow(/not a model card/);
    expect(() => parseModelCard('{"hello": "world"}', 'x.json')).toThrow(/none of a model card's fields/);
  });
});
