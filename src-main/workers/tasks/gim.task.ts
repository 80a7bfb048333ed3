import { CausewayError } from '#shared/lib/result.ts';
import type { Task } from '../runtime.ts';

const pending = (): never => {
  throw new CausewayError('E_UNSUPPORTED', 'GIM training arrives with the model (issue 15).');
};
export const gimTrainTask: Task<'gim.train'> = () => Promise.resolve(pending());
export const gimPredictTask: Task<'gim.predict'> = () => Promise.resolve(pending());
export const gimValidateTask: Task<'gim.validate'> = () => Promise.resolve(pending());
