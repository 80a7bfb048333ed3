/**
 * A tiny simulator for the GIM's unit tests (not the benchmark's, which lives in synthetic.ts): a random
 * linear SCM (compute/design/target-shift/linear-scm.ts), perturbation types that each hit one or two genes
 * with a Hill dose response, features = one-hot type + dose.
 */
import { deriveSeed, SeededRng } from '../numeric/rng.ts';
import {
  randomScm,
  randomShiftDag,
  sampleShifted,
  type LinearScm,
} from '../design/target-shift/linear-scm.ts';
import type { GimContext, GimData } from './types.ts';

export interface SimulatedGim {
  readonly data: GimData;
  readonly scm: LinearScm;
  /** Per type: its target genes and the full shift at saturation. */
  readonly types: readonly { readonly targets: readonly number[]; readonly amplitude: readonly number[] }[];
  /** The shift vector of a type at a dose. */
  shift(type: number, dose: number): Float64Array;
  /** Encoded features of a type at a dose (one-hot types, then dose). */
  features(type: number, dose: number): Float64Array;
}

export function simulateGim(opts: {
  genes: number;
  types: number;
  doses: readonly number[];
  cells: number;
  observational: number;
  seed: number;
}): SimulatedGim {
  const rng = new SeededRng(deriveSeed(opts.seed, 1));
  const p = opts.genes;
  const dag = randomShiftDag('er', p, 2, rng);
  const scm = randomScm(dag, 1, rng);
  const types = Array.from({ length: opts.types }, () => {
    const count = rng.uniform() < 0.5 ? 1 : 2;
    const targets = [...rng.sampleDistinct(count, p, new Int32Array(count))].sort((a, b) => a - b);
    const amplitude = targets.map(() => rng.uniformIn(1.5, 3) * (rng.uniform() < 0.5 ? -1 : 1));
    return { targets, amplitude };
  });
  const shift = (t: number, dose: number): Float64Array => {
    const a = new Float64Array(p);
    const hill = dose ** 2 / (1 + dose ** 2);
    types[t]!.targets.forEach((g, k) => (a[g] = types[t]!.amplitude[k]! * hill));
    return a;
  };
  const features = (t: number, dose: number): Float64Array => {
    const f = new Float64Array(opts.types + 1);
    f[t] = 1;
    f[opts.types] = dose;
    return f;
  };
  const contexts: GimContext[] = [];
  for (let t = 0; t < opts.types; t++)
    for (const dose of opts.doses)
      contexts.push({
        name: `type${t}@${dose}`,
        features: features(t, dose),
        samples: sampleShifted(scm, shift(t, dose), opts.cells, rng),
        n: opts.cells,
      });
  const data: GimData = {
    genes: Array.from({ length: p }, (_, i) => `G${i}`),
    featureNames: [...Array.from({ length: opts.types }, (_, t) => `type=${t}`), 'dose'],
    observational: {
      samples: sampleShifted(scm, new Float64Array(p), opts.observational, rng),
      n: opts.observational,
    },
    contexts,
  };
  return { data, scm, types, shift, features };
}
