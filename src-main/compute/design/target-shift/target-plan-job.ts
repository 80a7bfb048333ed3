/**
 * The design.plan job body for the goal "target" (docs/methods.md §6): the network's consensus DAG of the
 * kept subsample DAGs (consensus-dag.ts), restricted to the target genes and their ancestors; per-gene
 * Bayesian regressions (with intercept, noise estimated) fitted on the expression data in standard units
 * (each gene centred and scaled by its standard deviation, so a shift of 1 moves a gene by one SD) — all
 * samples but a target condition's, whose mean is the target (condition-target.ts); then
 * the active loop (active-loop.ts) planned round by round as if each earlier round had been run, its cells
 * simulated from a network drawn from the posterior. Reported per round: the shift, the best pool
 * perturbations, the predicted change per gene in the data's units, and how far from the target it lands.
 */
import type { TargetPlanResult } from '#shared/contracts/design.ts';
import type { ParsedTaskParams } from '#shared/contracts/tasks.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { readMatrixArrow } from '../../io/arrow-matrix.ts';
import { SeededRng, deriveSeed } from '../../numeric/rng.ts';
import { readRunEnsemble } from '../../targets/ranking/dag-ensemble.ts';
import { distance, runActiveLoop, type Feasible } from './active-loop.ts';
import { conditionSamples } from './condition-target.ts';
import { consensusParents, withAncestors } from './consensus-dag.ts';
import { interventionalMean, sampleShifted, shiftDag } from './linear-scm.ts';
import { ShiftPosterior } from './posterior.ts';

type Params = ParsedTaskParams<'design.plan'>;
type Progress = (phase: string, fraction: number) => Promise<void>;

/** Genes modelled at most: maxv's ball search differentiates numerically, O(genes²) per step. */
export const MAX_TARGET_GENES = 300;
const MAX_PREDICTED = 50;

export async function runTargetPlan(p: Params, progress: Progress): Promise<TargetPlanResult> {
  const started = Date.now();
  const target = p.target;
  if (!target || !p.expression)
    throw new CausewayError(
      'E_INVALID_INPUT',
      'A target plan needs the target state and the expression data.',
    );
  await progress('Reading the subsample DAGs', 0);
  const ensemble = readRunEnsemble(p.discover, p.seed);
  const all = ensemble.genes;
  const index = new Map(all.map((g, i) => [g, i]));
  // The target genes: those listed, or (a condition's state, no list) every gene of the network.
  const named = target.kind === 'condition' ? (target.genes ?? all) : target.genes.map((t) => t.gene);
  const wanted = [...new Set(named.filter((g) => index.has(g)))];
  const notInNetwork = named.filter((g) => !index.has(g));
  if (wanted.length === 0)
    throw new CausewayError(
      'E_INVALID_INPUT',
      `None of the ${named.length} target genes is a gene of ${p.discover.label} (e.g. ${notInNetwork.slice(0, 3).join(', ')}).`,
    );
  const parentsAll = consensusParents(ensemble.dags, all.length);
  const kept = withAncestors(
    parentsAll,
    wanted.map((g) => index.get(g)!),
  );
  if (kept.length > MAX_TARGET_GENES)
    throw new CausewayError(
      'E_INVALID_INPUT',
      `The target genes and their ancestors are ${kept.length} genes; at most ${MAX_TARGET_GENES} can be planned for: ` +
        (target.kind === 'condition' && !target.genes
          ? 'list the genes whose condition levels to reach (without a list, every gene of the network is one).'
          : 'name fewer target genes.'),
    );
  const local = new Map(kept.map((g, i) => [g, i]));
  const dag = shiftDag(kept.map((g) => parentsAll[g]!.filter((u) => local.has(u)).map((u) => local.get(u)!)));
  const genes = kept.map((g) => all[g]!);
  const p_ = genes.length;

  await progress('Reading the expression data', 0.05);
  const m = readMatrixArrow(p.expression.matrixPath);
  const rowOf = new Map(m.genes.map((g, i) => [g, i]));
  const missing = genes.filter((g) => !rowOf.has(g));
  if (missing.length > 0)
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${p.expression.label} lacks ${missing.length} network genes (e.g. ${missing.slice(0, 3).join(', ')}).`,
    );
  // A condition's samples make the target and stay out of the fit (they are not unperturbed cells).
  const inCondition =
    target.kind === 'condition'
      ? conditionSamples(p.expression.samplesPath, m.samples, target.column, target.value, p.expression.label)
      : new Uint8Array(m.samples.length);
  const fitted = m.samples.map((_, c) => c).filter((c) => inCondition[c] === 0);
  const inside = m.samples.map((_, c) => c).filter((c) => inCondition[c] === 1);
  const n = fitted.length;
  if (n < 3)
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${p.expression.label} has ${n} samples${inside.length > 0 ? ' outside the condition' : ''}; at least 3 are needed.`,
    );
  const { centre, scale, cells, means } = standardCells(
    m,
    genes.map((g) => rowOf.get(g)!),
    fitted,
    inside,
  );

  await progress('Fitting the network', 0.1);
  const zero = new Float64Array(p_);
  const fit = new ShiftPosterior(dag, { intercept: true, noiseVar: null });
  fit.update(zero, cells);
  const baseline = interventionalMean(fit.pointEstimate(), zero);
  const goal = Float64Array.from(baseline);
  // Distances are over the target genes: the others are asked to stay put (they shape a*) but a plan
  // is judged by the genes the user named.
  const onTarget = new Float64Array(p_);
  const localOf = (g: string): number => local.get(index.get(g)!)!;
  for (const g of wanted) onTarget[localOf(g)] = 1;
  if (target.kind === 'condition') for (const g of wanted) goal[localOf(g)] = means[localOf(g)]!;
  else
    for (const t of target.genes.filter((x) => index.has(x.gene))) {
      const j = localOf(t.gene);
      goal[j] =
        target.kind === 'state' ? (t.value - centre[j]!) / scale[j]! : baseline[j]! - t.value / scale[j]!;
    }

  const poolGenes = p.pool ? [...new Set(p.pool)] : null;
  const poolIdx =
    poolGenes
      ?.filter((g) => index.has(g) && local.has(index.get(g)!))
      .map((g) => local.get(index.get(g)!)!) ?? [];
  if (poolGenes && poolIdx.length === 0)
    throw new CausewayError(
      'E_INVALID_INPUT',
      'No pool gene is a target gene or an ancestor of one: none of them can move the target.',
    );
  const shifts = poolIdx.flatMap((j) =>
    [-1, 1].map((sgn) => {
      const a = new Float64Array(p_);
      a[j] = sgn * p.shiftSize;
      return a;
    }),
  );
  const feasible: Feasible = poolGenes ? { kind: 'pool', shifts } : { kind: 'ball', radius: p.shiftSize };
  const truth = fit.sample(new SeededRng(deriveSeed(p.seed, 1)));
  const plan = async (acquisition: typeof p.acquisition, share: number, from: number) => {
    const sim = new SeededRng(deriveSeed(p.seed, 2));
    return runActiveLoop({
      dag,
      target: goal,
      rounds: p.rounds,
      cellsPerRound: p.cellsPerRound,
      acquisition,
      feasible,
      posterior: { intercept: true, noiseVar: null },
      initial: [{ shift: zero, cells }],
      observe: (a, k) => sampleShifted(truth, a, k, sim),
      seed: p.seed,
      rankTop: p.budget,
      distanceWeights: onTarget,
      onRound: (done, total) => progress(`Planned round ${done} of ${total}`, from + (share * done) / total),
    });
  };
  const run = await plan(p.acquisition, 0.6, 0.15);
  const random = await plan('random', 0.2, 0.75);
  const trueDistance = (a: Float64Array): number => distance(interventionalMean(truth, a), goal, onTarget);
  const curve = (r: typeof run): number[] =>
    [r.start, ...r.rounds.map((x) => x.best)].map((b) => trueDistance(b.shift));
  const toData = (j: number, z: number): number => z * scale[j]!;
  const nonZero = (a: Float64Array) =>
    [...a]
      .map((v, j) => ({ gene: genes[j]!, value: toData(j, v) }))
      .filter((x) => x.value !== 0)
      .sort((x, y) => Math.abs(y.value) - Math.abs(x.value));

  return {
    kind: 'design.plan',
    goal: 'target',
    acquisition: p.acquisition,
    target: {
      kind: target.kind,
      genes: wanted.length,
      notInNetwork: notInNetwork.slice(0, 100),
      ...(target.kind === 'condition'
        ? { condition: { column: target.column, value: target.value, samples: inside.length } }
        : {}),
    },
    genes: p_,
    arcs: dag.parents.reduce((s, ps) => s + ps.length, 0),
    cells: n,
    dags: ensemble.dags.length,
    shiftSize: p.shiftSize,
    cellsPerRound: p.cellsPerRound,
    budget: p.budget,
    rounds: p.rounds,
    pool: poolGenes
      ? {
          size: poolIdx.length,
          notInNetworkCount: poolGenes.length - poolIdx.length,
          notInNetwork: poolGenes.filter((g) => !index.has(g) || !local.has(index.get(g)!)).slice(0, 100),
        }
      : null,
    startDistance: distance(baseline, goal, onTarget),
    startBestDistance: distance(run.start.predicted, goal, onTarget),
    plan: run.rounds.map((r) => {
      const changes = [...r.predicted]
        .map((x, j) => ({
          gene: genes[j]!,
          shift: toData(j, x - baseline[j]!),
          wanted: toData(j, goal[j]! - baseline[j]!),
        }))
        .filter((x) => Math.abs(x.shift) > 1e-12 || x.wanted !== 0)
        .sort((x, y) => Math.abs(y.shift) - Math.abs(x.shift));
      return {
        round: r.round,
        shift: nonZero(r.shift),
        candidates: r.ranking.map(({ index: k, score }) => {
          const [only] = nonZero(shifts[k]!);
          return { gene: only!.gene, value: only!.value, score };
        }),
        predicted: changes.slice(0, MAX_PREDICTED),
        genesShifted: changes.length,
        distance: distance(r.predicted, goal, onTarget),
        bestDistance: distance(r.best.predicted, goal, onTarget),
      };
    }),
    simulation: { planned: curve(run), random: curve(random), seed: p.seed },
    provenance: {
      appVersion: p.appVersion,
      createdAt: new Date().toISOString(),
      elapsedMs: Date.now() - started,
      inputs: p.inputs,
      spec: p.spec,
    },
  };
}

/**
 * The fitted samples' cells in standard units (each gene centred and scaled by its standard deviation over
 * them, so a shift of 1 moves a gene by one SD), and the mean of the `inside` samples in the same units.
 */
function standardCells(
  m: { values: Float64Array | Float32Array; samples: readonly string[] },
  rows: readonly number[],
  fitted: readonly number[],
  inside: readonly number[],
): { centre: Float64Array; scale: Float64Array; cells: Float64Array; means: Float64Array } {
  const p = rows.length;
  const n = fitted.length;
  const width = m.samples.length;
  const centre = new Float64Array(p);
  const scale = new Float64Array(p);
  const means = new Float64Array(p);
  const cells = new Float64Array(n * p);
  rows.forEach((row, j) => {
    const at = (c: number): number => m.values[row * width + c]!;
    let s = 0;
    let ss = 0;
    for (const c of fitted) s += at(c);
    centre[j] = s / n;
    for (const c of fitted) ss += (at(c) - centre[j]!) ** 2;
    scale[j] = Math.sqrt(ss / (n - 1)) || 1; // a constant gene: shifts stay in its data units
    fitted.forEach((c, r) => (cells[r * p + j] = (at(c) - centre[j]!) / scale[j]!));
    let t = 0;
    for (const c of inside) t += at(c);
    means[j] = inside.length > 0 ? (t / inside.length - centre[j]!) / scale[j]! : 0;
  });
  return { centre, scale, cells, means };
}
