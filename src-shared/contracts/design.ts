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

export const DesignPlanSpec = z
  .object({
    kind: z.literal('design.plan'),
    /** A finished network.discover run with stability selection (its kept subsample DAGs). */
    discoverRunId: SafeId,
    goal: z.literal('orient'),
    /** Single-gene perturbations per round, and rounds. */
    budget: z.number().int().min(1).max(100),
    rounds: z.number().int().min(1).max(20),
    /** Genes that can be perturbed (e.g. a CRISPR library); absent: every gene of the network. */
    pool: z.array(GeneName).min(1).max(50_000).optional(),
    interventionType: InterventionType.default('knockout'),
    objective: DesignObjective.default('edges'),
    /** Draws each kept CPDAG's member DAG (older runs) and breaks ties between equal gains. */
    seed: Seed,
  })
  .strict();
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

/** A design.plan result (run.result). */
export const DesignPlanResult = z.object({
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
  /** Why fewer than budget × rounds perturbations are proposed (null: all are). */
  stoppedEarly: z.string().nullable(),
  provenance: TargetsProvenance,
});
export type DesignPlanResult = z.infer<typeof DesignPlanResult>;
