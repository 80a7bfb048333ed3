import { describe, expect, it } from 'vitest';
import type { ModelTrainResult } from '@shared/contracts/transport.ts';
import { trainingVerdict } from './training-verdict.ts';

const run = (losses: number[], bestEpoch: number, stoppedEarly: boolean): ModelTrainResult => ({
  modelId: 'm',
  provider: 'cpu',
  fallbacks: [],
  history: losses.map((l, i) => ({ epoch: i + 1, trainLoss: l, validationLoss: l * 1.1 })),
  bestEpoch,
  stoppedEarly,
  samples: 100,
  genes: 200,
});

describe('trainingVerdict', () => {
  it('a run that used every epoch with the loss still falling has not converged', () => {
    const v = trainingVerdict(run([4, 3, 2, 1.5], 4, false));
    expect(v.converged).toBe(false);
    expect(v.text).toMatch(/Not converged: the validation loss was still falling at the last epoch \(4\)/);
  });

  it('a run whose best epoch came before the last levelled off', () => {
    const v = trainingVerdict(run([4, 2, 2.1, 2.2], 2, false));
    expect(v).toEqual({
      converged: true,
      text: expect.stringMatching(/Levelled off: the best validation loss was at epoch 2 of 4/),
    });
  });

  it('early stopping is convergence', () => {
    expect(trainingVerdict(run([4, 2, 2.1, 2.2, 2.3], 2, true)).text).toMatch(
      /Converged: .*after epoch 2, so training stopped early at epoch 5/,
    );
  });
});
