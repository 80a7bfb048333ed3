/**
 * Mean profile per (cell type, condition) group, the unit every closed-form method works on: replicate
 * profiles (or single cells) of one group are averaged first, missing values (NaN) skipped.
 */
import type {
  ProfileSet,
  TransportMethod,
  TransportContext,
  TransportOutput,
  TransportQuery,
  TransportedProfile,
} from './types.ts';
import { checkCancelled, checkProfileSet, transportOutput, untransportable } from './types.ts';

export const groupKey = (cellType: string, condition: string): string => `${cellType}\u0000${condition}`;

export interface Group {
  readonly cellType: string;
  readonly condition: string;
  readonly mean: Float64Array;
  readonly count: number;
}

export class GroupMeans {
  readonly nGenes: number;
  readonly groups = new Map<string, Group>();
  /** Cell types in first-seen order. */
  readonly cellTypes: string[] = [];
  readonly control: string;

  constructor(input: ProfileSet) {
    checkProfileSet(input);
    this.nGenes = input.genes.length;
    this.control = input.control;
    const nG = this.nGenes;
    const sums = new Map<string, { sum: Float64Array; finite: Uint32Array; count: number }>();
    const order: [string, string][] = [];
    for (let j = 0; j < input.cellTypes.length; j++) {
      const cell = input.cellTypes[j]!;
      const cond = input.conditions[j]!;
      const key = groupKey(cell, cond);
      let acc = sums.get(key);
      if (!acc) {
        acc = { sum: new Float64Array(nG), finite: new Uint32Array(nG), count: 0 };
        sums.set(key, acc);
        order.push([cell, cond]);
        if (!this.cellTypes.includes(cell)) this.cellTypes.push(cell);
      }
      acc.count++;
      const base = j * nG;
      for (let g = 0; g < nG; g++) {
        const v = input.values[base + g]!;
        if (Number.isFinite(v)) {
          acc.sum[g] = acc.sum[g]! + v;
          acc.finite[g] = acc.finite[g]! + 1;
        }
      }
    }
    for (const [cell, cond] of order) {
      const acc = sums.get(groupKey(cell, cond))!;
      const mean = new Float64Array(nG);
      for (let g = 0; g < nG; g++) mean[g] = acc.finite[g]! > 0 ? acc.sum[g]! / acc.finite[g]! : Number.NaN;
      this.groups.set(groupKey(cell, cond), { cellType: cell, condition: cond, mean, count: acc.count });
    }
  }

  get(cellType: string, condition: string): Float64Array | undefined {
    return this.groups.get(groupKey(cellType, condition))?.mean;
  }

  controlOf(cellType: string): Float64Array | undefined {
    return this.get(cellType, this.control);
  }

  /** Cell types other than `target` that measured both the control and `perturbation`. */
  sourcesFor(target: string, perturbation: string): string[] {
    return this.cellTypes.filter(
      (c) => c !== target && this.get(c, perturbation) !== undefined && this.controlOf(c) !== undefined,
    );
  }

  /** The control profile of the query's cell type; the query is refused without one. */
  requireControl(q: TransportQuery): Float64Array {
    const control = this.controlOf(q.cellType);
    if (!control) throw untransportable(q, `it has no "${this.control}" profile`);
    return control;
  }

  /** The query's sources (sourcesFor); the query is refused when no other cell type measured it. */
  requireSources(q: TransportQuery): string[] {
    const sources = this.sourcesFor(q.cellType, q.perturbation);
    if (sources.length === 0) throw untransportable(q, 'no other cell type measured it with a control');
    return sources;
  }

  /** Conditions measured in `cellType`. */
  conditionsOf(cellType: string): string[] {
    const out: string[] = [];
    for (const g of this.groups.values()) if (g.cellType === cellType) out.push(g.condition);
    return out;
  }
}

/**
 * A method computed from the group means alone, one query at a time, on the CPU: `predict` gives a query's
 * profile and its provenance.
 */
export function closedFormMethod(
  about: Omit<TransportMethod, 'transport'>,
  predict: (groups: GroupMeans, query: TransportQuery) => Omit<TransportedProfile, keyof TransportQuery>,
): TransportMethod {
  const method: TransportMethod = {
    ...about,
    async transport(input, queries, ctx) {
      checkCancelled(ctx.signal);
      const groups = new GroupMeans(input);
      const profiles = queries.map((q) => ({ ...q, ...predict(groups, q) }));
      return transportOutput(method, input, profiles);
    },
  };
  return method;
}

/** The profile set without any profile of the given (cell type, condition) pairs. */
function withoutPairs(input: ProfileSet, pairs: readonly TransportQuery[]): ProfileSet {
  const drop = new Set(pairs.map((q) => groupKey(q.cellType, q.perturbation)));
  const keep: number[] = [];
  for (let j = 0; j < input.cellTypes.length; j++) {
    if (!drop.has(groupKey(input.cellTypes[j]!, input.conditions[j]!))) keep.push(j);
  }
  if (keep.length === input.cellTypes.length) return input;
  const nG = input.genes.length;
  const values = new Float64Array(keep.length * nG);
  keep.forEach((j, t) => values.set(input.values.subarray(j * nG, (j + 1) * nG), t * nG));
  return {
    genes: input.genes,
    values,
    cellTypes: keep.map((j) => input.cellTypes[j]!),
    conditions: keep.map((j) => input.conditions[j]!),
    control: input.control,
  };
}

/**
 * The one way to run a method: the queried pairs' own profiles are removed before the method sees the
 * data, so a prediction is always a genuine transport (and validation cannot leak).
 */
export function runTransport(
  method: TransportMethod,
  input: ProfileSet,
  queries: readonly TransportQuery[],
  ctx: TransportContext = {},
): Promise<TransportOutput> {
  return method.transport(withoutPairs(input, queries), queries, ctx);
}
