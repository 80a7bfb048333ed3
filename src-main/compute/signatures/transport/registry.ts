/**
 * The transport methods by id. The model-backed latent shift (autoencoder through onnxruntime, issue 6)
 * registers itself here through the same `TransportMethod` interface.
 */
import { CausewayError } from '#shared/lib/result.ts';
import { additiveMethod } from './additive.ts';
import { nearestSourceMethod } from './nearest-source.ts';
import { noChangeMethod } from './no-change.ts';
import { ntkMethod, type NtkOptions } from './ntk.ts';
import {
  syntheticInterventionsMethod,
  type SyntheticInterventionsOptions,
} from './synthetic-interventions.ts';
import type { TransportMethod } from './types.ts';

export type TransportMethodOptions = NtkOptions & SyntheticInterventionsOptions & Record<string, unknown>;
export type TransportMethodFactory = (options: TransportMethodOptions) => TransportMethod;

export const transportMethodFactories = new Map<string, TransportMethodFactory>([
  ['none', () => noChangeMethod()],
  ['nearest', () => nearestSourceMethod()],
  ['additive', () => additiveMethod()],
  ['ntk', (o) => ntkMethod(o)],
  ['si', (o) => syntheticInterventionsMethod(o)],
]);

/** The closed-form methods, baselines first. */
export const CLOSED_FORM_METHODS = ['none', 'nearest', 'additive', 'ntk', 'si'] as const;

export function createTransportMethod(id: string, options: TransportMethodOptions = {}): TransportMethod {
  const factory = transportMethodFactories.get(id);
  if (!factory) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `Unknown transport method "${id}"; expected one of ${[...transportMethodFactories.keys()].join(', ')}.`,
    );
  }
  return factory(options);
}
