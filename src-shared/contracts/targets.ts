import { z } from 'zod';
import { SafeId } from '../domain/project.ts';

/**
 * Target identification (issue 12), the last part of the Belyaeva et al. 2021 (Nat. Commun. 12:1024)
 * pipeline, as three jobs:
 *
 *  - `targets.steiner`: the prize-collecting Steiner forest of an interactome (OmicsIntegrator2's
 *    construction, docs/steiner-forest.md) with optional robustness / specificity randomisations fanned
 *    out over the worker pool. The result is saved as a run AND as a project network, so that
 *    `network.discover` can take its genes ({ mode: 'network', networkId }) and its edges as the allowed
 *    skeleton (restrictToNetworkId).
 *  - `targets.sweep`: the forest summarised over a (w, b) grid × hub exponents g, one setting per chunk.
 *  - `targets.rank`: the ranked target table from a network.discover stability run (its kept subsample
 *    DAGs), the expression data, a disease signature and a drug–target table, plus the graph-aware drug
 *    table when a drug-ranking run is given.
 *
 * Specs are what the UI's wizard and the CLI (`causeway steiner`, `causeway targets`) both build; result
 * documents are what `run.result` returns for these runs (parse them with the schemas below).
 */

const Seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);
const GeneName = z.string().min(1).max(200);
const ColumnName = z.string().min(1).max(200);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** Steiner-forest parameters (docs/steiner-forest.md); the paper's covid setting is TARGETS_DEFAULTS. */
export const SteinerPruning = z.enum(['none', 'simple', 'gw', 'strong']);
export type SteinerPruning = z.infer<typeof SteinerPruning>;

/** Where the terminals' prizes come from. */
export const PrizeSource = z.discriminatedUnion('from', [
  /**
   * |log2FC| of a project signature dataset's column, after the cuts (Belyaeva et al. kept genes with
   * FDR ≤ cut and the same direction of change in the lung-ageing signature).
   */
  z
    .object({
      from: z.literal('signature'),
      datasetId: SafeId,
      /** The log2FC column (a signature dataset's sample). */
      column: ColumnName,
      /** A column of the same dataset with adjusted p-values; genes pass when ≤ maxFdr. */
      fdrColumn: ColumnName.optional(),
      maxFdr: z.number().gt(0).lte(1).optional(),
      /** Keep genes with |log2FC| ≥ this (default 0). */
      minAbsLog2FC: z.number().min(0).max(100).optional(),
      /** Keep only genes moved the same way (sign, ≠ 0) in this second signature column. */
      sameDirectionAs: z.object({ datasetId: SafeId, column: ColumnName }).strict().optional(),
    })
    .strict(),
  /** A prize table given inline (the CLI reads `--prizes <gene,prize table>` into this). */
  z
    .object({
      from: z.literal('table'),
      /** What the table was called (file name), for the provenance. */
      name: z.string().min(1).max(500),
      entries: z
        .array(z.object({ gene: GeneName, prize: z.number().min(0).finite() }).strict())
        .min(1)
        .max(100_000),
    })
    .strict(),
]);
export type PrizeSource = z.infer<typeof PrizeSource>;

/**
 * The interactome: a project network (imported with reference.import, e.g. iRefIndex v14 from
 * OmicsIntegrator2, 182,002 edges) whose edges carry a `cost` attribute (1 when absent).
 */
export const InteractomeSource = z
  .object({
    networkId: SafeId,
    /**
     * When the project network is a slice of a larger interactome: the node attribute holding each gene's
     * degree in the whole interactome, and that interactome's gene count, so the hub penalty is the whole
     * interactome's (forest.ts HubDegreeSource). Absent: the network's own degrees. The demo ships both the
     * whole iRefIndex v14 (irefindex_v14, no slice settings needed) and the paper's 252-gene slice of it
     * (ppi_252: { attribute: 'degree', genes: 15_759 }).
     */
    hubDegree: z
      .object({ attribute: ColumnName, genes: z.number().int().min(2).max(10_000_000) })
      .strict()
      .optional(),
  })
  .strict();
export type InteractomeSource = z.infer<typeof InteractomeSource>;

const W = z.number().min(0).max(1e6);
const B = z.number().min(0).max(1e9);
const G = z.number().min(-20).max(20);

/** One Steiner forest with optional randomisations; result: SteinerResult. */
export const TargetsSteinerSpec = z
  .object({
    kind: z.literal('targets.steiner'),
    interactome: InteractomeSource,
    prizes: PrizeSource,
    /** Cost of a dummy edge: the price of one more tree. */
    w: W,
    /** Prize scale. */
    b: B,
    /** Hub-penalty exponent (penalty scale 10^g). */
    g: G,
    pruning: SteinerPruning.default('strong'),
    /** Match prize genes to interactome genes case-insensitively when the exact name is absent. */
    caseInsensitive: z.boolean().optional(),
    /** Noisy-edge reruns: how often each gene is selected when costs get N(0, noise) noise. */
    robustness: z
      .object({ runs: z.number().int().min(1).max(10_000), noise: z.number().gt(0).max(100), seed: Seed })
      .strict()
      .optional(),
    /** Random-terminal reruns: how often each gene is selected whatever the prizes (lower = specific). */
    specificity: z
      .object({ runs: z.number().int().min(1).max(10_000), seed: Seed })
      .strict()
      .optional(),
    /** Name of the project network the subnetwork is saved as (default from the inputs). */
    name: z.string().min(1).max(200).optional(),
  })
  .strict();
export type TargetsSteinerSpec = z.infer<typeof TargetsSteinerSpec>;

/** A (w, b) grid × g sweep; result: SteinerSweepResult. */
export const TargetsSweepSpec = z
  .object({
    kind: z.literal('targets.sweep'),
    interactome: InteractomeSource,
    prizes: PrizeSource,
    ws: z.array(W).min(1).max(50),
    bs: z.array(B).min(1).max(50),
    gs: z.array(G).min(1).max(10),
    pruning: SteinerPruning.default('strong'),
    caseInsensitive: z.boolean().optional(),
  })
  .strict()
  .refine((s) => s.ws.length * s.bs.length * s.gs.length <= 2_500, {
    message: 'at most 2,500 settings in one sweep',
    path: ['ws'],
  });
export type TargetsSweepSpec = z.infer<typeof TargetsSweepSpec>;

/** Which genes count as disease genes (reached, and compared with the signature). */
export const DiseaseGenes = z.discriminatedUnion('mode', [
  /** Signature genes passing |value| ≥ minAbs (default: every non-zero signature gene in the network). */
  z.object({ mode: z.literal('signature'), minAbs: z.number().min(0).max(100).optional() }).strict(),
  /** The terminals of a targets.steiner run (the paper's choice). */
  z.object({ mode: z.literal('steinerTerminals'), steinerRunId: SafeId }).strict(),
  z.object({ mode: z.literal('list'), genes: z.array(GeneName).min(1).max(20_000) }).strict(),
]);
export type DiseaseGenes = z.infer<typeof DiseaseGenes>;

/** The ranked target table; result: TargetRankingResult. */
export const TargetsRankSpec = z
  .object({
    kind: z.literal('targets.rank'),
    /** A finished network.discover run with stability selection (its stability graph and kept DAGs). */
    discoverRunId: SafeId,
    /** Keep stability-graph arcs at least this stable (default: the run's own threshold, else 0). */
    threshold: z.number().min(0).max(1).optional(),
    /** Expression dataset the linear SEMs are fitted on (genes of the network). */
    datasetId: SafeId,
    /** Disease signature: a signature dataset's column (disease vs control, e.g. log2FC). */
    disease: z.object({ datasetId: SafeId, column: ColumnName }).strict(),
    diseaseGenes: DiseaseGenes.default({ mode: 'signature' }),
    /** A project drug–target table (reference.import'ed DrugCentral). */
    drugTargetsTableId: SafeId,
    /** pAct ≥ this (−log10 M; 5 = 10 µM, the paper's cut). */
    minAffinity: z.number().min(0).max(15).default(5),
    /** Keep curated targets without an activity value. */
    keepUnmeasured: z.boolean().default(true),
    /** A drugs.rank run: adds the graph-aware drug table (signature reversal × causal standing). */
    drugRankRunId: SafeId.optional(),
    /** Weight of signature reversal in the graph-aware combination (the rest is causal standing). */
    reversalWeight: z.number().min(0).max(1).default(0.5),
    /** Knockdown size on the data's scale (1 = halving on log2); the reversal cosine does not depend on it. */
    knockdown: z.number().gt(0).max(100).default(1),
    /** Reach counts a disease gene only when its best path is at least this stable. */
    minPathStability: z.number().min(0).max(1).default(0),
    /** Draws each subsample CPDAG's member DAG (dag-ensemble.ts). */
    seed: Seed,
  })
  .strict();
export type TargetsRankSpec = z.infer<typeof TargetsRankSpec>;

/** Defaults the wizard and the CLI share: the paper's covid setting (Belyaeva et al. 2021). */
export const TARGETS_DEFAULTS = {
  w: 1.4,
  b: 40,
  g: 0,
  pruning: 'strong',
  noise: 0.1,
  runs: 100,
  seed: 1,
  minAffinity: 5,
  sweep: {
    ws: [0.6, 0.8, 1, 1.2, 1.4, 1.6, 1.8, 2, 2.5, 3],
    bs: [5, 10, 20, 30, 40, 50, 60, 80, 100, 150],
    gs: [0],
  },
} as const;

// ---------------------------------------------------------------- result documents

/** A project input a result depends on, with the hash of the file it was read from. */
export const InputRef = z.object({
  id: z.string(),
  name: z.string(),
  sha256: Sha256.nullable(),
});
export type InputRef = z.infer<typeof InputRef>;

/** What every targets result records to say how it was made. */
export const TargetsProvenance = z.object({
  appVersion: z.string(),
  createdAt: z.string(),
  elapsedMs: z.number().min(0),
  /** Input role → the input (e.g. interactome, prizes, discoverRun, expression, disease, drugTargets). */
  inputs: z.record(z.string(), InputRef),
  /** The job spec as run (defaults filled in). */
  spec: z.record(z.string(), z.unknown()),
});
export type TargetsProvenance = z.infer<typeof TargetsProvenance>;

export const SteinerNode = z.object({
  gene: z.string(),
  /** Had a prize (a disease gene); false: a Steiner node brought in to connect terminals. */
  terminal: z.boolean(),
  /** Bare prize p(v) (before the scale b); 0 for Steiner nodes. */
  prize: z.number(),
  /** Degree in the interactome the hub penalty used. */
  degree: z.number().int(),
  /** Connected component of the augmented forest (0 = largest). */
  component: z.number().int(),
  /** Fraction of noisy-edge runs selecting the gene (null: no robustness runs). */
  robustness: z.number().nullable(),
  /** Fraction of random-terminal runs selecting the gene (null: none); lower = more specific. */
  specificity: z.number().nullable(),
});
export type SteinerNode = z.infer<typeof SteinerNode>;

export const SteinerEdge = z.object({
  source: z.string(),
  target: z.string(),
  /** Interactome cost before the hub penalty. */
  cost: z.number(),
  /** Chosen by the PCST itself (else only in the augmented forest: both ends selected). */
  inForest: z.boolean(),
  /** Fraction of noisy-edge forests using the edge (null: no robustness runs). */
  robustness: z.number().nullable(),
});
export type SteinerEdge = z.infer<typeof SteinerEdge>;

/** A targets.steiner result (run.result), also saved as the project network `networkId`. */
export const SteinerResult = z.object({
  kind: z.literal('targets.steiner'),
  params: z.object({
    w: z.number(),
    b: z.number(),
    g: z.number(),
    pruning: SteinerPruning,
    robustness: z.object({ runs: z.number(), noise: z.number(), seed: z.number() }).nullable(),
    specificity: z.object({ runs: z.number(), seed: z.number() }).nullable(),
  }),
  nodes: z.array(SteinerNode),
  /** The augmented forest: every interactome edge among the selected genes. */
  edges: z.array(SteinerEdge),
  summary: z.object({
    nodes: z.number().int(),
    edges: z.number().int(),
    components: z.number().int(),
    terminalsKept: z.number().int(),
    terminalsGiven: z.number().int(),
    steinerNodes: z.number().int(),
    trees: z.number().int(),
    objective: z.number(),
  }),
  prizes: z.object({
    /** How the prizes were made (signature cuts or table name). */
    description: z.string(),
    /** Prize genes absent from the interactome (first 1,000). */
    unmatched: z.array(z.string()),
    unmatchedCount: z.number().int(),
  }),
  interactome: z.object({ genes: z.number().int(), edges: z.number().int() }),
  /** The project network this subnetwork was saved as (usable by network.discover). */
  networkId: SafeId,
  provenance: TargetsProvenance,
});
export type SteinerResult = z.infer<typeof SteinerResult>;

export const SweepPoint = z.object({
  w: z.number(),
  b: z.number(),
  g: z.number(),
  nodes: z.number().int(),
  edges: z.number().int(),
  terminalsKept: z.number().int(),
  steinerNodes: z.number().int(),
  components: z.number().int(),
  objective: z.number(),
});
export type SweepPoint = z.infer<typeof SweepPoint>;

/** A targets.sweep result: one point per setting, g slowest, then w, then b (small multiples per g). */
export const SteinerSweepResult = z.object({
  kind: z.literal('targets.sweep'),
  ws: z.array(z.number()),
  bs: z.array(z.number()),
  gs: z.array(z.number()),
  pruning: SteinerPruning,
  terminalsGiven: z.number().int(),
  points: z.array(SweepPoint),
  provenance: TargetsProvenance,
});
export type SteinerSweepResult = z.infer<typeof SteinerSweepResult>;

const Spread = z.object({ mean: z.number(), sd: z.number() });

export const TargetDrug = z.object({
  drug: z.string(),
  drugId: z.string(),
  action: z.string(),
  /** Best pAct for this drug on this gene; null: curated target without a measured activity. */
  affinity: z.number().nullable(),
  affinityType: z.string().nullable(),
});
export type TargetDrug = z.infer<typeof TargetDrug>;

/** The most stable path from a target to one disease gene it reaches (drawn on the network on click). */
export const TargetPath = z.object({
  to: z.string(),
  genes: z.array(z.string()),
  arcStabilities: z.array(z.number()),
  stability: z.number(),
});
export type TargetPath = z.infer<typeof TargetPath>;

export const TargetRow = z.object({
  rank: z.number().int(),
  gene: z.string(),
  /** From the imported tables and the Steiner run: terminal, prize, interact_sars … */
  annotations: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** Drugs hitting the gene after the affinity filter, strongest first. */
  drugs: z.array(TargetDrug),
  /** Disease genes downstream on the stability graph, most stable path first. */
  reach: z.array(z.object({ gene: z.string(), stability: z.number() })),
  reachSize: z.number().int(),
  /** Best path stability over the reached disease genes (0 when none). */
  pathStability: z.number(),
  /** Cosine of the predicted knockdown shift with the reversed disease signature, over the DAGs. */
  reversal: Spread,
  /** Disease genes moved toward / away from control, over the DAGs. */
  rightWay: Spread,
  wrongWay: Spread,
  /** Fraction of DAGs in which the gene has a disease gene among its descendants. */
  reachFrequency: z.number(),
  /** The paths that explain the row (first 25, most stable first). */
  paths: z.array(TargetPath),
  /** The predicted shift of each moved disease gene (first 25, largest first). */
  shifts: z.array(
    z.object({
      gene: z.string(),
      disease: z.number(),
      mean: z.number(),
      sd: z.number(),
      rightWay: z.boolean(),
    }),
  ),
});
export type TargetRow = z.infer<typeof TargetRow>;

export const GraphAwareDrug = z.object({
  rank: z.number().int(),
  drug: z.string(),
  reversalRank: z.number().int(),
  reversalScore: z.number().nullable(),
  /** Percentile of the drug in the signature-reversal ranking, in [0, 1]. */
  reversalPart: z.number(),
  match: z.object({ drug: z.string(), drugId: z.string(), matchedBy: z.string() }).nullable(),
  targets: z.array(
    z.object({
      gene: z.string(),
      targetRank: z.number().int(),
      reversal: Spread,
      reachSize: z.number().int(),
    }),
  ),
  causalStanding: z.number().nullable(),
  bestTarget: z.string().nullable(),
  /** (1 + best target's mean reversal) / 2, in [0, 1]. */
  causalPart: z.number(),
  combined: z.number(),
});
export type GraphAwareDrug = z.infer<typeof GraphAwareDrug>;

/** A targets.rank result (run.result). */
export const TargetRankingResult = z.object({
  kind: z.literal('targets.rank'),
  rows: z.array(TargetRow),
  diseaseGenes: z.array(z.string()),
  /** Stability-graph arcs used (after the threshold) among the network's genes, for drawing paths. */
  graph: z.object({
    genes: z.array(z.string()),
    arcs: z.array(z.object({ source: z.string(), target: z.string(), stability: z.number() })),
  }),
  dags: z.number().int(),
  ensembleSeed: z.number().nullable(),
  ridgedEquations: z.number().int(),
  settings: z.object({
    threshold: z.number(),
    minAffinity: z.number(),
    keepUnmeasured: z.boolean(),
    knockdown: z.number(),
    minPathStability: z.number(),
    reversalWeight: z.number(),
    diseaseGenes: z.string(),
  }),
  /** Graph-aware drug ranking (null without a drug-ranking run). */
  drugs: z.array(GraphAwareDrug).nullable(),
  provenance: TargetsProvenance,
});
export type TargetRankingResult = z.infer<typeof TargetRankingResult>;

/** Export formats of a targets result (run.export dispatches on the run's kind). */
export const TargetsExportFormat = z.enum(['csv', 'xlsx', 'html', 'json']);
export type TargetsExportFormat = z.infer<typeof TargetsExportFormat>;

// ---------------------------------------------------------------- API methods (spread into api.ts)

/** How many genes a prize source gives, and how many of them the interactome has (the wizard's preview). */
export const PrizePreview = z.object({
  /** Genes given a prize after the cuts. */
  prizeGenes: z.number().int(),
  /** Of those, genes present in the interactome (the terminals). */
  terminals: z.number().int(),
  unmatched: z.array(z.string()),
  unmatchedCount: z.number().int(),
  /** Largest prizes first (first 50), with whether the interactome has the gene. */
  top: z.array(z.object({ gene: z.string(), prize: z.number(), inInteractome: z.boolean() })),
  /** Interactome size. */
  interactome: z.object({ genes: z.number().int(), edges: z.number().int() }),
});
export type PrizePreview = z.infer<typeof PrizePreview>;

/** The genes of a list a drug–target table's drugs hit (after the affinity cut): the subnetwork view marks them. */
export const DruggableGenes = z.object({
  /** Hit genes in the order asked, each with its drugs (strongest first, first 5) and how many there are. */
  genes: z.array(z.object({ gene: z.string(), drugs: z.array(z.string()), drugCount: z.number().int() })),
  /** Genes asked about. */
  asked: z.number().int(),
  /** Rows of the table kept by the affinity cut. */
  pairs: z.number().int(),
});
export type DruggableGenes = z.infer<typeof DruggableGenes>;

export const TargetsExport = z.object({
  fileName: z.string(),
  mime: z.string(),
  bytes: z.number().int().min(0),
  base64: z.string().nullable(),
  path: z.string().nullable(),
});
export type TargetsExport = z.infer<typeof TargetsExport>;

export const targetsMethods = {
  /** The terminals a prize source would give on an interactome, before starting a Steiner job. */
  'targets.prizePreview': {
    input: z.object({ interactome: InteractomeSource, prizes: PrizeSource }).strict(),
    output: PrizePreview,
  },
  /**
   * Which of these genes a project drug–target table's drugs hit with pAct ≥ minAffinity (curated targets
   * without an activity value kept unless keepUnmeasured is false), read on the worker; marks drug
   * targets on a Steiner subnetwork before any ranking.
   */
  'targets.druggableGenes': {
    input: z
      .object({
        tableId: SafeId,
        genes: z.array(GeneName).max(100_000),
        minAffinity: z.number().min(0).max(15).default(5),
        keepUnmeasured: z.boolean().default(true),
      })
      .strict(),
    output: DruggableGenes,
  },
  /**
   * Export a targets.steiner / targets.sweep / targets.rank run (CSV, XLSX, HTML report with the
   * subnetwork and the top targets' paths, JSON), with its provenance; written to `path` when given, else
   * returned base64 for a browser download.
   */
  'targets.export': {
    input: z
      .object({ runId: SafeId, format: TargetsExportFormat, path: z.string().min(1).max(4_096).optional() })
      .strict(),
    output: TargetsExport,
  },
} as const;
