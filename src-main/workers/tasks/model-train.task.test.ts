import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readKangFixture } from '../../compute/inference/kang-cells.ts';
import { ModelCard, sha256 } from '../../compute/inference/manifest.ts';
import { writeMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { writeMetaArrow } from '../../compute/io/meta-table.ts';
import type { TaskContext } from '../runtime.ts';
import { ModelTrainParams } from '#shared/contracts/tasks.ts';
import { modelTrainTask } from './model-train.task.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-model-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('model.train task', () => {
  it('trains on a project dataset minus the excluded groups, with progress, and saves the model and its card', async () => {
    const k = readKangFixture();
    const n = 400;
    const G = k.genes.length;
    const samples = Array.from({ length: n }, (_, j) => `cell${j}`);
    const values = new Float32Array(G * n); // genes × samples, the project layout
    for (let j = 0; j < n; j++) for (let i = 0; i < G; i++) values[i * n + j] = k.values[j * G + i]!;
    writeMatrixArrow(join(dir, 'matrix.arrow'), { genes: k.genes, samples, values });
    writeMetaArrow(join(dir, 'samples.arrow'), 'sample', samples, {
      cell_type: k.cellTypes.slice(0, n),
      condition: k.conditions.slice(0, n),
    });
    const phases: string[] = [];
    const ctx: TaskContext = {
      jobId: 'j1',
      signal: new AbortController().signal,
      progress: (phase) => {
        phases.push(phase);
        return Promise.resolve();
      },
    };
    const result = await modelTrainTask(
      ModelTrainParams.parse({
        matrixPath: join(dir, 'matrix.arrow'),
        datasetName: 'Kang subset',
        labels: {
          samplesPath: join(dir, 'samples.arrow'),
          cellTypeColumn: 'cell_type',
          conditionColumn: 'condition',
        },
        exclude: [{ cellType: 'CD4T', condition: 'stimulated' }],
        maxGenes: 100,
        normalisation: 'minmax',
        hidden: 32,
        epochs: 3,
        provider: 'cuda',
        modelId: 'my-ae',
        name: 'My autoencoder',
        outDir: dir,
      }),
      ctx,
    );
    // CUDA is not installed here: the run falls back to CPU and says so.
    expect(result.provider).toBe('cpu');
    expect(result.fallbacks[0]?.provider).toBe('cuda');
    expect(phases.filter((p) => p.startsWith('Epoch '))).toHaveLength(3);
    const card = ModelCard.parse(JSON.parse(readFileSync(join(dir, 'my-ae.card.json'), 'utf8')));
    const heldOut = k.cellTypes
      .slice(0, n)
      .filter((c, j) => c === 'CD4T' && k.conditions[j] === 'stimulated').length;
    expect(result.samples).toBe(n - heldOut);
    expect(card.training.samples).toHaveLength(n - heldOut);
    expect(card.training.groups.some((g) => g.cellType === 'CD4T' && g.condition === 'stimulated')).toBe(
      false,
    );
    expect(card.genes).toHaveLength(100);
    expect(sha256(readFileSync(join(dir, 'my-ae.onnx')))).toBe(card.sha256);
  });
});
