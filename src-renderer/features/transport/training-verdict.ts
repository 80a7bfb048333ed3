// Did a training run converge? A run that used every epoch ends without early stopping, and the loss
// curve alone leaves the scientist to guess whether more epochs would have helped; this says it.
import type { ModelTrainResult } from '@shared/contracts/transport.ts';

export function trainingVerdict(r: ModelTrainResult): { converged: boolean; text: string } {
  const last = r.history.at(-1)?.epoch ?? r.bestEpoch;
  const which = r.history.some((h) => h.validationLoss !== null) ? 'validation loss' : 'training loss';
  if (r.stoppedEarly)
    return {
      converged: true,
      text: `Converged: the ${which} stopped improving after epoch ${r.bestEpoch}, so training stopped early at epoch ${last}.`,
    };
  if (r.bestEpoch >= last)
    return {
      converged: false,
      text: `Not converged: the ${which} was still falling at the last epoch (${last}); training longer may give a better model.`,
    };
  return {
    converged: true,
    text: `Levelled off: the best ${which} was at epoch ${r.bestEpoch} of ${last}, with no improvement after it; the weights from epoch ${r.bestEpoch} were kept.`,
  };
}
