/**
 * Leave-one-out validation of transport methods on the user's own data (issue 6; docs/methods.md §4.1): each
 * observed (cell type, perturbation) pair is held out in turn — its profiles are removed from everything
 * the method sees, training included (`runTransport`) — predicted, and compared with the held-out mean
 * profile. Deep perturbation predictors often fail to beat simple baselines (Ahlmann-Eltze et al., Nat.
 * Methods 2025), so every method is scored against "no change" before the app recommends it.
 */
import { GroupMeans, runTransport } from './groups.ts';
import { transportMetrics, type HeldOutProfile, type TransportMetrics } from './metrics.ts';
import {
  checkCancelled,
  type ProfileSet,
  type TransportContext,
  type TransportMethod,
  type TransportQuery,
} from './types.ts';

export interface FoldResult extends TransportQuery {
  readonly r2: number;
  readonly r2Top100: number;
}

export interface MethodValidation {
  readonly method: string;
  readonly label: string;
  readonly provider: string;
  readonly metrics: TransportMetrics;
  readonly folds: FoldResult[];
  readonly elapsedMs: number;
}

export interface Recommendation {
  readonly method: string;
  readonly rule: string;
  readonly reason: string;
}

const RECOMMENDATION_RULE =
  'highest mean R² over the top-100 changed genes (ties within 0.001 broken by R² over all genes), ' +
  'among methods that beat "no change" on it; "no change" when none does';

/**
 * The pairs every method can be validated on: perturbed (not control) pairs whose cell type has a control
 * profile and whose perturbation was measured, with a control, in at least one other cell type.
 */
export function validationPairs(input: ProfileSet): TransportQuery[] {
  const groups = new GroupMeans(input);
  const out: TransportQuery[] = [];
  for (const g of groups.groups.values()) {
    if (g.condition === input.control || !groups.controlOf(g.cellType)) continue;
    if (groups.sourcesFor(g.cellType, g.condition).length > 0) {
      out.push({ cellType: g.cellType, perturbation: g.condition });
    }
  }
  return out;
}

export async function leaveOneOut(
  method: TransportMethod,
  input: ProfileSet,
  ctx: TransportContext = {},
  pairs: readonly TransportQuery[] = validationPairs(input),
): Promise<MethodValidation> {
  const start = performance.now();
  const groups = new GroupMeans(input);
  const heldOut: HeldOutProfile[] = [];
  const folds: FoldResult[] = [];
  let provider = 'cpu';
  for (let f = 0; f < pairs.length; f++) {
    checkCancelled(ctx.signal);
    const q = pairs[f]!;
    const out = await runTransport(method, input, [q], { ...ctx, progress: undefined });
    provider = out.provider;
    const truth = groups.get(q.cellType, q.perturbation);
    const control = groups.controlOf(q.cellType);
    const predicted = out.profiles[0]?.values;
    if (!truth || !control || !predicted) continue;
    const profile = { predicted, truth, control };
    heldOut.push(profile);
    const m = transportMetrics([profile]);
    folds.push({ ...q, r2: m.r2, r2Top100: m.top100.r2 });
    ctx.progress?.((f + 1) / pairs.length, `${method.id}: ${q.cellType} × ${q.perturbation}`);
  }
  return {
    method: method.id,
    label: method.label,
    provider,
    metrics: transportMetrics(heldOut),
    folds,
    elapsedMs: performance.now() - start,
  };
}

/** Validates every method on the same folds and recommends one by RECOMMENDATION_RULE. */
export async function compareMethods(
  methods: readonly TransportMethod[],
  input: ProfileSet,
  ctx: TransportContext = {},
): Promise<{ results: MethodValidation[]; recommendation: Recommendation }> {
  const pairs = validationPairs(input);
  const results: MethodValidation[] = [];
  for (const m of methods) results.push(await leaveOneOut(m, input, ctx, pairs));
  return { results, recommendation: recommend(results) };
}

export function recommend(results: readonly MethodValidation[]): Recommendation {
  const score = (r: MethodValidation): number =>
    Number.isFinite(r.metrics.top100.r2) ? r.metrics.top100.r2 : -Infinity;
  const baseline = results.find((r) => r.method === 'none');
  const eligible = results.filter((r) => r.method !== 'none' && (!baseline || score(r) > score(baseline)));
  if (eligible.length === 0) {
    return {
      method: 'none',
      rule: RECOMMENDATION_RULE,
      reason: 'No method predicted the held-out perturbations better than assuming no change.',
    };
  }
  const best = eligible.reduce((a, b) => {
    const d = score(b) - score(a);
    if (Math.abs(d) <= 1e-3) return b.metrics.r2 > a.metrics.r2 ? b : a;
    return d > 0 ? b : a;
  });
  const base = baseline ? ` vs ${score(baseline).toFixed(3)} for no change` : '';
  return {
    method: best.method,
    rule: RECOMMENDATION_RULE,
    reason: `${best.label}: top-100 R² ${score(best).toFixed(3)}${base}, over ${best.folds.length} held-out pairs.`,
  };
}
