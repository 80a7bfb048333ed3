/**
 * The design.plan job body for the goal "orient": reads a network.discover stability run's kept
 * subsample graphs as a DAG ensemble (targets/ranking/dag-ensemble.ts), maps the perturbable genes onto
 * the network, runs the greedy design (structure/greedy-design.ts) and returns the result document: the
 * ranked perturbations per round with their expected gain and the edges each would orient.
 */
import type { OrientPlanResult } from '#shared/contracts/design.ts';
import type { ParsedTaskParams } from '#shared/contracts/tasks.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { readRunEnsemble } from '../targets/ranking/dag-ensemble.ts';
import { greedyDesign } from './structure/greedy-design.ts';
import { randomOrientedCurve } from './structure/simulation.ts';

type Params = ParsedTaskParams<'design.plan'>;
type Progress = (phase: string, fraction: number) => Promise<void>;

/** Arcs listed per perturbation: enough to draw on the network view, bounded for 2,000-gene networks. */
const MAX_ARCS = 50;
/** Random orders averaged for the random baseline (each costs one pass of the plan's length per DAG). */
const RANDOM_DRAWS = 20;

export async function runOrientPlan(p: Params, progress: Progress): Promise<OrientPlanResult> {
  const started = Date.now();
  await progress('Reading the subsample DAGs', 0);
  const ensemble = readRunEnsemble(p.discover, p.seed);
  const genes = ensemble.genes;
  const index = new Map(genes.map((g, i) => [g, i]));
  const asked = p.pool ?? [...genes];
  const pool = [...new Set(asked.filter((g) => index.has(g)).map((g) => index.get(g)!))];
  const notInNetwork = [...new Set(asked.filter((g) => !index.has(g)))];
  if (pool.length === 0) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `None of the ${asked.length} perturbable genes is a gene of ${p.discover.label} ` +
        `(e.g. ${notInNetwork.slice(0, 3).join(', ')}).`,
    );
  }

  await progress('Scoring perturbations', 0.05);
  const design = await greedyDesign(ensemble.dags, {
    pool,
    budget: p.budget,
    rounds: p.rounds,
    objective: p.objective,
    seed: p.seed,
    onPick: (done, total) =>
      progress(`Picked ${done} of ${total} perturbations`, 0.05 + (0.85 * done) / total),
  });
  const random = await randomOrientedCurve(
    ensemble.dags,
    pool,
    design.picks.length,
    p.seed,
    RANDOM_DRAWS,
    (done) => progress('Simulating random picks', 0.9 + (0.1 * done) / RANDOM_DRAWS),
  );
  return {
    kind: 'design.plan',
    goal: 'orient',
    objective: p.objective,
    interventionType: p.interventionType,
    budget: p.budget,
    rounds: p.rounds,
    genes: genes.length,
    dags: design.dags,
    ensembleSeed: ensemble.seed,
    meanEdges: design.meanEdges,
    baselineOriented: design.baselineOriented,
    pool: {
      size: pool.length,
      notInNetworkCount: notInNetwork.length,
      notInNetwork: notInNetwork.slice(0, 100),
    },
    perturbations: design.picks.map((pick) => ({
      round: pick.round,
      rank: pick.rank,
      gene: genes[pick.gene]!,
      interventionType: p.interventionType,
      expectedGain: pick.edgesGain,
      informationBits: pick.informationBits,
      expectedOriented: pick.expectedOriented,
      entropyBits: pick.entropyBits,
      edgesOriented: pick.arcs.slice(0, MAX_ARCS).map((a) => ({
        source: genes[a.source]!,
        target: genes[a.target]!,
        frequency: a.frequency,
      })),
      arcsTotal: pick.arcs.length,
    })),
    random: { oriented: random, draws: RANDOM_DRAWS, seed: p.seed },
    stoppedEarly: design.stoppedEarly,
    provenance: {
      appVersion: p.appVersion,
      createdAt: new Date().toISOString(),
      elapsedMs: Date.now() - started,
      inputs: p.inputs,
      spec: p.spec,
    },
  };
}
