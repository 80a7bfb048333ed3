/**
 * The baselines of the GIM comparison (issue 15), in the order they are reported, under the names the
 * `causeway gim validate` JSON uses. The benchmark, the validation job and the CLI take this one list
 * and put the GIM in front of it.
 */
import type { MethodSpec } from '../validate.ts';
import { fitContextTargets } from './context-targets.ts';
import { fitMlp } from './mlp.ts';
import { fitNearest } from './nearest.ts';
import { fitNoChange } from './no-change.ts';

export const BASELINE_METHODS: readonly MethodSpec[] = [
  { method: 'no-change', fit: fitNoChange },
  { method: 'mlp', fit: fitMlp },
  { method: 'nearest', fit: fitNearest },
  { method: 'context-targets', fit: fitContextTargets },
];
