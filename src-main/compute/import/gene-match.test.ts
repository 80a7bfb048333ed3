// A dataset without genes.arrow (the demo's, derived signatures) still tells its genes, in either layout.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDatasetStoreSync } from '../io/dataset-store/dataset-writer.ts';
import { encodeMetaArrow } from '../io/meta-table.ts';
import { readDatasetGenes } from './gene-match.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-gene-match-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readDatasetGenes', () => {
  it('reads genes.arrow when there is one, else the matrix file of either layout', () => {
    const store = join(dir, 'store');
    mkdirSync(store);
    writeDatasetStoreSync(join(store, 'matrix.arrow'), {
      genes: ['TP53', 'MYC'],
      samples: ['s'],
      data: new Float32Array(2),
    });
    expect(readDatasetGenes(join(store, 'matrix.arrow'))).toEqual(['TP53', 'MYC']);
    writeFileSync(join(store, 'genes.arrow'), encodeMetaArrow('gene', ['A', 'B'], {}));
    expect(readDatasetGenes(join(store, 'matrix.arrow'))).toEqual(['A', 'B']);
    const old = join(dir, 'old');
    mkdirSync(old);
    copyFileSync(
      join(import.meta.dirname, '../io/fixtures/legacy-store/apache-arrow-3x2.arrow'),
      join(old, 'matrix.arrow'),
    );
    expect(readDatasetGenes(join(old, 'matrix.arrow'))).toEqual(['A', 'B', 'C']);
  });
});
