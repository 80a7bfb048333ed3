import { z } from 'zod';
import { SafeId } from '../domain/project.ts';
import { InputRef, TargetsProvenance } from './targets.ts';

/**
 * Designing the next experiment (issue 14). `design.plan` with goal `orient`: which genes to perturb,
 * k per round for m rounds, so that the interventional essential graph of a learned network orients the
 * most edges (expected over the kept subsample DAGs of a stability run), or tells the most DAGs apart
 * (the ABCD ensemble information). docs/methods.md §6. The UI and `causeway design` build the same spec.
 */

const Seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);
const GeneName = z.string().min(1).max(200);

/**
 * How the genes will be perturbed. With single-gene targets and the observational data kept, a hard
 * (knockout) and a soft (knockdown) intervention identify the same edges (Yang, Katcoff & Uhler, ICML
 * 2018), so the type does not change the ranking; it is recorded and written to the plate plan.
 */
export const InterventionType = z.enum(['knockout', 'knockdown']);
export type InterventionType = z.infer<typeof InterventionType>;

/** edges: expected edges oriented (Hauser & Bühlmann 2014); information: ABCD mutual information (bits). */
export const DesignObjective = z.enum(['edges', 'information']);
export type DesignObjective = z.infer<typeof DesignObjective>;

/** orient: learn the network's open edges (§1); target: move the cells toward a target state (§2). */
export const DesignGoal = z.enum(['orient', 'target']);
export type DesignGoal = z.infer<typeof DesignGoal>;

/**
 * The state to reach (goal `target`). `state`: the listed genes' wanted levels (in the data's units, e.g.
 * the control state). `reverse`: the listed genes' disease signature (disease − control, the data's units);
 * the wanted level is the current one minus it. `condition`: a state observed in another condition: the
 * wanted levels are the mean of the expression data's samples whose sample-table `column` equals `value`
 * (read in the worker), on the listed genes or, without a list, on every gene of the network; those samples
 * are perturbed, so they are left out of the fit. Genes not listed are asked to stay where they are.
 */
export const LevelsTarget = z
  .object({
    kind: z.enum(['state', 'reverse']),
    genes: z
      .array(z.object({ gene: GeneName, value: z.number().finite() }).strict())
      .min(1)
      .max(10_000),
  })
  .strict();
export const ConditionTarget = z
  .object({
    kind: z.literal('condition'),
    column: z.string().min(1).max(200),
    value: z.string().min(1).max(500),
    genes: z.array(GeneName).min(1).max(10_000).optional(),
  })
  .strict();
export type ConditionTarget = z.infer<typeof ConditionTarget>;
export const DesignTarget = z.discriminatedUnion('kind', [LevelsTarget, ConditionTarget]);
export type DesignTarget = z.infer<typeof DesignTarget>;

/** How the target-shift loop picks each round's shift (Zhang et al., Nat. Mach. Intell. 2023). */
export const TargetAcquisition = z.enum(['civ', 'greedy', 'maxv', 'random']);
export type TargetAcquisition = z.infer<typeof TargetAcquisition>;

export const DesignPlanSpec = z
  .object({
    kind: z.literal('design.plan'),
    /** A finished network.discover run with stability selection (its kept subsample DAGs). */
    discoverRunId: SafeId,
    goal: DesignGoal,
    /**
     * orient: single-gene perturbations per round. target: with a pool, the pool perturbations listed
     * per round, best first (the first is the one the plan runs); without one, one shift per round.
     */
    budget: z.number().int().min(1).max(100),
    rounds: z.number().int().min(1).max(20),
    /**
     * Genes that can be perturbed (e.g. a CRISPR library); absent: every gene of the network (orient),
     * or any shift of norm ≤ shiftSize (target).
     */
    pool: z.array(GeneName).min(1).max(50_000).optional(),
    interventionType: InterventionType.default('knockout'),
    objective: DesignObjective.default('edges'),
    /** goal target: the state to reach, the acquisition, the size of a shift (in standard deviations of
     * the genes' observed levels: the norm of a shift, or a pool gene's up or down shift) and the cells
     * a round is planned to measure (defaults civ, 1, 100). The expression data default to the discovery run's. */
    target: DesignTarget.optional(),
    acquisition: TargetAcquisition.optional(),
    shiftSize: z.number().gt(0).max(20).optional(),
    cellsPerRound: z.number().int().min(1).max(1_000_000).optional(),
    datasetId: SafeId.optional(),
    /** Draws each kept CPDAG's member DAG (older runs) and breaks ties between equal gains. */
    seed: Seed,
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.goal === 'target' && !s.target)
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'goal target needs the target state' });
    if (s.goal === 'orient' && s.target)
      ctx.addIssue({ code: 'custom', path: ['target'], message: 'a target state is for goal target' });
  });
export type DesignPlanSpec = z.infer<typeof DesignPlanSpec>;

/** Files main resolved for `design.plan`; the worker writes the result document to resultPath. */
export const DesignPlanParams = z.object({
  discover: z.object({ runId: z.string(), label: z.string(), subsampleGraphsPath: z.string() }),
  budget: z.number().int().min(1),
  rounds: z.number().int().min(1),
  pool: z.array(z.string()).nullable(),
  interventionType: InterventionType,
  objective: DesignObjective,
  seed: z.number().int().min(0),
  goal: DesignGoal.default('orient'),
  /** goal target: the state, acquisition, shift size, cells per round and the expression matrix (with
   * its sample table when the target is a condition's mean). */
  target: DesignTarget.nullable().default(null),
  acquisition: TargetAcquisition.default('civ'),
  shiftSize: z.number().gt(0).default(1),
  cellsPerRound: z.number().int().min(1).default(100),
  expression: z
    .object({ label: z.string(), matrixPath: z.string(), samplesPath: z.string().nullable().default(null) })
    .nullable()
    .default(null),
  /** The spec as run and the inputs main knows (recorded in the provenance). */
  spec: z.record(z.string(), z.unknown()),
  inputs: z.record(z.string(), InputRef),
  appVersion: z.string(),
  resultPath: z.string(),
});

// ---------------------------------------------------------------- result document

/** An arc a perturbation orients, and in what fraction of the ensemble's DAGs it does. */
export const OrientedArc = z.object({ source: z.string(), target: z.string(), frequency: z.number() });
export type OrientedArc = z.infer<typeof OrientedArc>;

export const PlannedPerturbation = z.object({
  round: z.number().int().min(1),
  /** Order of the greedy pick within its round (1 = picked first). */
  rank: z.number().int().min(1),
  gene: z.string(),
  interventionType: InterventionType,
  /** Expected edges newly oriented by this perturbation given the earlier ones (mean over the DAGs). */
  expectedGain: z.number(),
  /** Information gained about the DAG (bits), given the earlier ones. */
  informationBits: z.number(),
  /** After this perturbation: expected oriented edges, and the information of all so far (bits). */
  expectedOriented: z.number(),
  entropyBits: z.number(),
  /** The arcs it orients, most frequent first (at most 50; `arcsTotal` counts them all). */
  edgesOriented: z.array(OrientedArc),
  arcsTotal: z.number().int(),
});
export type PlannedPerturbation = z.infer<typeof PlannedPerturbation>;

/** A design.plan result for the goal orient. */
export const OrientPlanResult = z.object({
  kind: z.literal('design.plan'),
  goal: z.literal('orient'),
  objective: DesignObjective,
  interventionType: InterventionType,
  budget: z.number().int(),
  rounds: z.number().int(),
  /** Genes of the network, and DAGs in the ensemble (with the seed that drew their class members). */
  genes: z.number().int(),
  dags: z.number().int(),
  ensembleSeed: z.number().int(),
  /** Before any perturbation: mean edges per DAG, and mean edges oriented. */
  meanEdges: z.number(),
  baselineOriented: z.number(),
  pool: z.object({
    size: z.number().int(),
    /** Pool genes that are not genes of the network (ignored): how many, and the first 100. */
    notInNetworkCount: z.number().int(),
    notInNetwork: z.array(z.string()),
  }),
  perturbations: z.array(PlannedPerturbation),
  /**
   * The simulation view: expected oriented edges after 0, 1, … random picks from the pool on the same
   * DAGs (mean over `draws` seeded random orders), as many as the plan has. Absent in older results.
   */
  random: z
    .object({ oriented: z.array(z.number()), draws: z.number().int(), seed: z.number().int() })
    .optional(),
  /** Why fewer than budget × rounds perturbations are proposed (null: all are). */
  stoppedEarly: z.string().nullable(),
  provenance: TargetsProvenance,
});
export type OrientPlanResult = z.infer<typeof OrientPlanResult>;

/** A gene's predicted change (data units) under a proposed shift, and its wanted change. */
export const PredictedShift = z.object({ gene: z.string(), shift: z.number(), wanted: z.number() });
export type PredictedShift = z.infer<typeof PredictedShift>;

/** One round of a target plan: the shift it proposes and what the model predicts it does. */
export const TargetRound = z.object({
  round: z.number().int().min(1),
  /** The shift run this round: its non-zero genes (data units; + up, − down), largest first. */
  shift: z.array(z.object({ gene: z.string(), value: z.number() })),
  /** With a pool: the best `budget` pool perturbations by the acquisition, best first (the first is run). */
  candidates: z.array(z.object({ gene: z.string(), value: z.number(), score: z.number() })),
  /** Predicted change per gene under the shift, largest first (at most 50; `genesShifted` counts them). */
  predicted: z.array(PredictedShift),
  genesShifted: z.number().int(),
  /** ‖μ̂(a) − μ*‖ over the target genes, in standard deviations: before the round's cells (this shift), and for the best feasible
   * shift once they are in (the plan's answer so far). */
  distance: z.number(),
  bestDistance: z.number(),
});
export type TargetRound = z.infer<typeof TargetRound>;

/** A design.plan result for the goal target. */
export const TargetPlanResult = z.object({
  kind: z.literal('design.plan'),
  goal: z.literal('target'),
  acquisition: TargetAcquisition,
  target: z.object({
    kind: z.enum(['state', 'reverse', 'condition']),
    genes: z.number().int(),
    notInNetwork: z.array(z.string()),
    /** kind condition: the samples whose mean is the target (left out of the fit; `cells` fitted it). */
    condition: z.object({ column: z.string(), value: z.string(), samples: z.number().int() }).optional(),
  }),
  /** Genes modelled (target genes and their ancestors in the consensus DAG), arcs, cells fitted (every
   * sample of the data but a target condition's). */
  genes: z.number().int(),
  arcs: z.number().int(),
  cells: z.number().int(),
  dags: z.number().int(),
  shiftSize: z.number(),
  cellsPerRound: z.number().int(),
  budget: z.number().int(),
  rounds: z.number().int(),
  /** Pool genes used (each shifted up and down), and those ignored: not in the network, or not an
   * ancestor of a target gene (their shift cannot move the target). */
  pool: z
    .object({
      size: z.number().int(),
      notInNetworkCount: z.number().int(),
      notInNetwork: z.array(z.string()),
    })
    .nullable(),
  /** ‖μ̂(0) − μ*‖ and the best feasible shift's distance before any round (target genes, SD). */
  startDistance: z.number(),
  startBestDistance: z.number(),
  plan: z.array(TargetRound),
  /**
   * The plan run against a network drawn from the posterior as if it were true, and random shifts run the
   * same way: the true distance of the best feasible shift after 0, 1, …, rounds rounds (what the plan buys).
   */
  simulation: z.object({ planned: z.array(z.number()), random: z.array(z.number()), seed: z.number().int() }),
  provenance: TargetsProvenance,
});
export type TargetPlanResult = z.infer<typeof TargetPlanResult>;

/** A design.plan result (run.result). */
export const DesignPlanResult = z.discriminatedUnion('goal', [OrientPlanResult, TargetPlanResult]);
export type DesignPlanResult = z.infer<typeof DesignPlanResult>;
