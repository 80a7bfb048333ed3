/**
 * Validation of perturbation predictors (issue 15): leave-one-context-out over a GimData — every method is
 * refitted without context k and scored on k's cells — and a held-out-test evaluation for the benchmark
 * (each method fitted once, scored on a test split). Scores per context: mean error and energy distance
 * (metrics.ts) and, when the true targets are known, the AUROC of the method's target scores.
 * The report's core is the shape `causeway gim validate --json` prints:
 *   { methods: [{ method, meanError, energyDistance }], targets: { <context>: <top predicted target> } }
 * (meanError and energyDistance averaged over the held-out contexts; targets from the GIM, or the method
 * named by `targetMethod`), with per-context rows beside it.
 * Seeds: the fit of method m on fold k gets deriveSeed(seed, k, h(m)), its samples deriveSeed(seed, k, h(m), 1),
 * h a hash of the method's name, so one method's result depends neither on which others ran nor on their order.
 */
import { deriveSeed, SeededRng } from '../numeric/rng.ts';
import { auroc, energyDistance, meanError, meanSd } from './metrics.ts';
import type { FitPredictor, GimContext, GimData, PerturbationPredictor } from './types.ts';

/** FNV-1a hash of a method name: its seed stream index. */
function methodStream(method: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < method.length; i++) h = Math.imul(h ^ method.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export interface MethodSpec {
  readonly method: string;
  readonly fit: FitPredictor;
}

export interface ContextScore {
  readonly context: string;
  readonly method: string;
  readonly meanError: number;
  readonly energyDistance: number;
  /** Gene with the highest target score (null when the method has none). */
  readonly topTarget: string | null;
  /** AUROC of the target scores against the true targets; NaN when unknown or the method has none. */
  readonly targetAuroc: number;
}

export interface MethodSummary {
  readonly method: string;
  readonly meanError: number;
  readonly energyDistance: number;
  /** Extra fields beside the CLI's shape. */
  readonly meanErrorSd: number;
  readonly energyDistanceSd: number;
  readonly targetAuroc: number;
}

export interface ValidationReport {
  readonly methods: MethodSummary[];
  readonly targets: Record<string, string>;
  readonly contexts: ContextScore[];
  readonly seed: number;
  /** Method whose top targets fill `targets` (null when no method scores targets). */
  readonly targetMethod: string | null;
}

export interface ValidationProgress {
  readonly done: number;
  readonly total: number;
  readonly method: string;
  readonly context: string;
}

export interface ValidationOptions {
  readonly seed: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ValidationProgress) => void;
  /** Method whose top predicted target per context is reported; default 'gim', else the first with scores. */
  readonly targetMethod?: string;
  /** True target genes (indices) per context name, for the AUROC columns. */
  readonly truthTargets?: ReadonlyMap<string, readonly number[]>;
}

/** Scores one predictor on one observed context. */
export function scoreContext(
  predictor: PerturbationPredictor,
  held: GimContext,
  genes: readonly string[],
  sampleSeed: number,
  truth?: readonly number[],
): ContextScore {
  const p = genes.length;
  const mean = predictor.predictMean(held.features);
  if (mean.length !== p)
    throw new RangeError(`${predictor.method} predicted ${mean.length} genes, expected ${p}`);
  const cells = predictor.sample(held.features, held.n, new SeededRng(sampleSeed));
  const scores = predictor.targetScores(held.features);
  let topTarget: string | null = null;
  let targetAuroc = Number.NaN;
  if (scores) {
    let best = 0;
    for (let j = 1; j < p; j++) if (scores[j]! > scores[best]!) best = j;
    topTarget = genes[best]!;
    if (truth) {
      const set = new Set(truth);
      targetAuroc = auroc(
        scores,
        Array.from({ length: p }, (_, j) => set.has(j)),
      );
    }
  }
  return {
    context: held.name,
    method: predictor.method,
    meanError: meanError(mean, held.samples, held.n),
    energyDistance: energyDistance(cells, held.n, held.samples, held.n, p),
    topTarget,
    targetAuroc,
  };
}

function summarise(
  methods: readonly string[],
  rows: readonly ContextScore[],
  seed: number,
  targetMethod: string | undefined,
): ValidationReport {
  const summaries = methods.map((method): MethodSummary => {
    const mine = rows.filter((r) => r.method === method);
    const me = meanSd(mine.map((r) => r.meanError));
    const ed = meanSd(mine.map((r) => r.energyDistance));
    return {
      method,
      meanError: me.mean,
      energyDistance: ed.mean,
      meanErrorSd: me.sd,
      energyDistanceSd: ed.sd,
      targetAuroc: meanSd(mine.map((r) => r.targetAuroc)).mean,
    };
  });
  const withScores = methods.filter((m) => rows.some((r) => r.method === m && r.topTarget !== null));
  const chosen =
    targetMethod !== undefined && withScores.includes(targetMethod)
      ? targetMethod
      : withScores.includes('gim')
        ? 'gim'
        : (withScores[0] ?? null);
  const targets: Record<string, string> = {};
  if (chosen)
    for (const r of rows) if (r.method === chosen && r.topTarget !== null) targets[r.context] = r.topTarget;
  return { methods: summaries, targets, contexts: [...rows], seed, targetMethod: chosen };
}

function checkMethods(methods: readonly MethodSpec[]): void {
  if (methods.length === 0) throw new RangeError('no method to validate');
  const names = methods.map((m) => m.method);
  if (new Set(names).size !== names.length) throw new RangeError(`method names repeat: ${names.join(', ')}`);
}

/** Leave-one-context-out: each context in turn is held out, every method refitted on the rest. */
export function leaveOneContextOut(
  data: GimData,
  methods: readonly MethodSpec[],
  options: ValidationOptions,
): ValidationReport {
  checkMethods(methods);
  const k = data.contexts.length;
  if (k < 2)
    throw new RangeError(
      `leave-one-context-out needs at least 2 perturbation contexts (one to hold out, one to train on); the data have ${k}`,
    );
  const rows: ContextScore[] = [];
  const total = k * methods.length;
  for (let fold = 0; fold < k; fold++) {
    const held = data.contexts[fold]!;
    const train: GimData = { ...data, contexts: data.contexts.filter((_, i) => i !== fold) };
    methods.forEach(({ method, fit }, m) => {
      options.signal?.throwIfAborted();
      const stream = methodStream(method);
      const predictor = fit(train, {
        seed: deriveSeed(options.seed, fold, stream),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      const score = scoreContext(
        predictor,
        held,
        data.genes,
        deriveSeed(options.seed, fold, stream, 1),
        options.truthTargets?.get(held.name),
      );
      rows.push({ ...score, method });
      options.onProgress?.({ done: fold * methods.length + m + 1, total, method, context: held.name });
    });
  }
  return summarise(
    methods.map((m) => m.method),
    rows,
    options.seed,
    options.targetMethod,
  );
}

/** Held-out test: already-fitted predictors scored on every context of `test`. */
export function evaluateHeldOut(
  predictors: readonly PerturbationPredictor[],
  test: GimData,
  options: ValidationOptions,
): ValidationReport {
  checkMethods(predictors.map((p) => ({ method: p.method, fit: () => p })));
  const rows: ContextScore[] = [];
  const total = test.contexts.length * predictors.length;
  test.contexts.forEach((held, c) => {
    predictors.forEach((predictor, m) => {
      options.signal?.throwIfAborted();
      rows.push(
        scoreContext(
          predictor,
          held,
          test.genes,
          deriveSeed(options.seed, c, m, 1),
          options.truthTargets?.get(held.name),
        ),
      );
      options.onProgress?.({
        done: c * predictors.length + m + 1,
        total,
        method: predictor.method,
        context: held.name,
      });
    });
  });
  return summarise(
    predictors.map((p) => p.method),
    rows,
    options.seed,
    options.targetMethod,
  );
}
