import type { MethodOutput } from '@shared/contracts/api.ts';
import type { NetworkDiscoverSpec } from '@shared/contracts/jobs.ts';
import type { ClusterEstimate, JobExecutorChoice } from '@shared/contracts/cluster.ts';
import { ALGORITHMS, algorithmInfo, type DiscoveryAlgorithm } from '@shared/domain/algorithms.ts';
import type { DiscoveryCompat, DiscoveryKnowledge } from '@shared/domain/discovered-graph.ts';
import type { GeneKnowledge, GenePair } from '@shared/domain/grn/network.ts';
import type { DatasetDescriptor, NetworkDescriptor } from '@shared/domain/project.ts';
import type { Caller } from './caller.ts';

export const WIZARD_STEPS = ['dataset', 'genes', 'algorithm', 'parameters', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];
export type GeneMode = 'all' | 'topVariable' | 'list' | 'network';
type SampleColumns = MethodOutput<'dataset.sampleColumns'>;

export const DEFAULT_ALPHAS = '0.0001, 0.001, 0.01, 0.1, 0.2, 0.3';

const probability = (text: string): number | null => {
  const x = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(x) && x > 0 && x < 1 ? x : null;
};
const integer = (text: string, min: number, max: number): number | null => {
  const x = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(x) && x >= min && x <= max ? x : null;
};
const pair = ([a, b]: GenePair): [string, string] => [a, b];

export const parseGeneList = (text: string): string[] => [
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local, never read reactively
  ...new Set(
    text
      .split(/[\s,;]+/)
      .map((g) => g.trim())
      .filter((g) => g !== ''),
  ),
];

/**
 * The "Discover network" wizard as a state machine: one step at a time, and `next()` moves on only when
 * the current step is valid. `spec()` is the job the review step starts.
 */
export class DiscoverWizard {
  step = $state<WizardStep>('dataset');
  datasetId = $state<string | null>(null);
  geneMode = $state<GeneMode>('topVariable');
  topN = $state('200');
  geneListText = $state('');
  geneNetworkId = $state<string | null>(null);
  restrictToNetworkId = $state<string | null>(null);
  algorithm = $state<DiscoveryAlgorithm>('gsp');
  interventionColumn = $state<string | null>(null);
  targetsUnknown = $state(true);
  alpha = $state('0.01');
  alphaInvariance = $state('0.00001');
  stability = $state(true);
  subsamples = $state('100');
  fraction = $state('0.7');
  alphas = $state(DEFAULT_ALPHAS);
  /**
   * Report the stability graph (every pair with stability ≥ this, as Belyaeva et al. 2021 did at 0.3),
   * not only the full-data run's edges; blank reports the full-data graph annotated with stability.
   */
  threshold = $state('0.3');
  /** Named setting: Causeway's defaults, or the reference run of Belyaeva et al. 2021. */
  compat = $state<DiscoveryCompat>('causeway');
  /** GSP-family search depth and restarts; blank takes the setting's (Causeway 4 and 5, reference 5 and 5). */
  depth = $state('');
  nruns = $state('');
  seed = $state('0');
  sampleColumns = $state.raw<SampleColumns>([]);
  /**
   * Re-run with my edits (issue 13): the edited version the result will be compared with, its
   * constraints (sent as the spec's `knowledge`) and, optionally, its edges as the allowed skeleton.
   */
  editedVersion = $state.raw<{ id: string; name: string } | null>(null);
  constraints = $state.raw<GeneKnowledge | null>(null);
  skeleton = $state.raw<GenePair[]>([]);
  useSkeleton = $state(false);
  /** Set once the user tried to leave a step, so errors show only after an attempt. */
  attempted = $state(false);
  /**
   * Cluster profiles offered as "Run on" (issue 16): only when the backend can reach sbatch and has a
   * profile; empty keeps the choice hidden and the job on this computer.
   */
  clusterProfiles = $state.raw<string[]>([]);
  /** 'local' or a profile name. */
  runOn = $state('local');
  estimate = $state.raw<ClusterEstimate | null>(null);
  estimating = $state(false);

  index = $derived(WIZARD_STEPS.indexOf(this.step));
  errors = $derived(this.errorsFor(this.step));

  constructor(
    private readonly datasets: () => readonly DatasetDescriptor[],
    private readonly networks: () => readonly NetworkDescriptor[],
    private readonly caller: Caller,
  ) {
    const first = datasets().find((d) => d.kind === 'expression');
    if (first) this.datasetId = first.id;
    const net = networks()[0];
    if (net) {
      this.geneNetworkId = net.id;
      this.restrictToNetworkId = null;
    }
  }

  get dataset(): DatasetDescriptor | undefined {
    return this.datasets().find((d) => d.id === this.datasetId);
  }

  async chooseDataset(id: string): Promise<void> {
    this.datasetId = id;
    this.interventionColumn = null;
    this.sampleColumns = [];
    const d = this.dataset;
    if (d && Number(this.topN) > d.nGenes) this.topN = String(d.nGenes);
    if (!d?.samplesFile) return;
    const r = await this.caller.call('dataset.sampleColumns', { datasetId: id });
    if (r.ok && this.datasetId === id) this.sampleColumns = r.value;
  }

  /**
   * Prefills the wizard from an edited network version: its genes become the gene list, its
   * constraints and tiers the background knowledge; the dataset is the one the base run learned from.
   */
  async prefillFromVersion(from: {
    version: { id: string; name: string };
    genes: readonly string[];
    knowledge: GeneKnowledge;
    edges: readonly GenePair[];
    datasetId?: string;
  }): Promise<void> {
    this.editedVersion = from.version;
    this.constraints = from.knowledge;
    this.skeleton = [...from.edges];
    this.geneMode = 'list';
    this.geneListText = from.genes.join('\n');
    if (from.datasetId && this.datasets().some((d) => d.id === from.datasetId))
      await this.chooseDataset(from.datasetId);
  }

  /** The spec's knowledge: the version's constraints, and its edges (plus required pairs) as skeleton. */
  knowledge(): DiscoveryKnowledge | null {
    const k = this.constraints;
    if (!k && !this.useSkeleton) return null;
    const out: DiscoveryKnowledge = {};
    if (k) {
      if (k.forbiddenAdjacencies.length) out.forbiddenAdjacencies = k.forbiddenAdjacencies.map(pair);
      if (k.requiredAdjacencies.length) out.requiredAdjacencies = k.requiredAdjacencies.map(pair);
      if (k.forbiddenArcs.length) out.forbiddenArcs = k.forbiddenArcs.map(pair);
      if (k.requiredArcs.length) out.requiredArcs = k.requiredArcs.map(pair);
      if (k.tiers.length) out.tiers = k.tiers.map((t) => [...t]);
      if (k.allowedAdjacencies) out.allowedAdjacencies = k.allowedAdjacencies.map(pair);
    }
    if (this.useSkeleton) {
      // A required pair outside the skeleton would make the knowledge contradict itself.
      out.allowedAdjacencies = [
        ...this.skeleton,
        ...(k?.requiredAdjacencies ?? []),
        ...(k?.requiredArcs ?? []),
      ].map(pair);
    }
    return Object.keys(out).length > 0 ? out : null;
  }

  /** Why a step cannot be left yet; empty when it can. */
  errorsFor(step: WizardStep): string[] {
    const e: string[] = [];
    const d = this.dataset;
    switch (step) {
      case 'dataset':
        if (!d) e.push('Choose a dataset.');
        else if (d.nSamples < 5) e.push(`${d.name} has ${d.nSamples} samples; discovery needs at least 5.`);
        break;
      case 'genes':
        if (this.geneMode === 'topVariable' && integer(this.topN, 2, d?.nGenes ?? 20_000) === null)
          e.push(`The number of genes must be a whole number from 2 to ${d?.nGenes ?? 20_000}.`);
        if (this.geneMode === 'list' && parseGeneList(this.geneListText).length < 2)
          e.push('List at least two genes (separated by spaces, commas or new lines).');
        if (this.geneMode === 'network' && !this.networks().some((n) => n.id === this.geneNetworkId))
          e.push('Choose the network whose genes to use.');
        if (
          this.restrictToNetworkId !== null &&
          !this.networks().some((n) => n.id === this.restrictToNetworkId)
        )
          e.push('The network to restrict edges to is not in this project.');
        break;
      case 'algorithm': {
        const a = ALGORITHMS.find((x) => x.id === this.algorithm);
        if (a?.interventional) {
          if (this.sampleColumns.length === 0)
            e.push(
              `${a.name} needs perturbation data: this dataset has no sample table naming interventions.`,
            );
          else if (this.interventionColumn === null)
            e.push('Choose the column that names each sample’s perturbation.');
        }
        break;
      }
      case 'parameters':
        if (probability(this.alpha) === null) e.push('α must be a number between 0 and 1 (e.g. 0.01).');
        if (this.isInterventional && probability(this.alphaInvariance) === null)
          e.push('α_inv must be a number between 0 and 1 (e.g. 0.00001).');
        if (this.stability) {
          if (integer(this.subsamples, 1, 1_000) === null)
            e.push('Subsamples must be a whole number from 1 to 1,000.');
          const f = Number(this.fraction);
          if (!(f > 0 && f <= 1)) e.push('The subsample fraction must be above 0 and at most 1 (e.g. 0.7).');
          const list = this.alphas.split(/[\s,;]+/).filter((x) => x !== '');
          if (list.length === 0 || list.length > 20 || list.some((x) => probability(x) === null))
            e.push('The α grid must list 1–20 numbers between 0 and 1.');
          const t = Number(this.threshold);
          if (this.threshold.trim() !== '' && !(Number.isFinite(t) && t >= 0 && t <= 1))
            e.push('The stability threshold must be between 0 and 1 (e.g. 0.3), or blank.');
        }
        if (this.usesSearch) {
          if (this.depth.trim() !== '' && integer(this.depth, 1, 50) === null)
            e.push('The search depth must be a whole number from 1 to 50, or blank.');
          if (this.nruns.trim() !== '' && integer(this.nruns, 1, 100) === null)
            e.push('The number of runs must be a whole number from 1 to 100, or blank.');
        }
        if (integer(this.seed, 0, 2 ** 32 - 1) === null) e.push('The seed must be a whole number ≥ 0.');
        break;
      case 'review':
        for (const s of WIZARD_STEPS.slice(0, -1)) e.push(...this.errorsFor(s));
        break;
    }
    return e;
  }

  /** Asks the backend for its cluster profiles; the choice appears only where a submission can work. */
  async loadCluster(): Promise<void> {
    const r = await this.caller.call('cluster.profiles', {});
    if (!r.ok) return;
    this.clusterProfiles = r.value.sbatch ? Object.keys(r.value.profiles).sort() : [];
    if (this.runOn !== 'local' && !this.clusterProfiles.includes(this.runOn)) this.runOn = 'local';
  }

  /** Where the job runs; undefined: this computer's workers (the job spec's default). */
  executor(): JobExecutorChoice | undefined {
    return this.runOn !== 'local' && this.clusterProfiles.includes(this.runOn)
      ? { kind: 'slurm', profile: this.runOn }
      : undefined;
  }

  /**
   * Chooses where to run; for a profile, fetches the estimate (chunks, expected wall time on the
   * partition's idle cores) and the batch script before anything is submitted.
   */
  async chooseRunOn(value: string): Promise<void> {
    this.runOn = value === 'local' || this.clusterProfiles.includes(value) ? value : 'local';
    this.estimate = null;
    const executor = this.executor();
    if (!executor || executor.kind !== 'slurm' || this.errorsFor('review').length > 0) return;
    this.estimating = true;
    try {
      const r = await this.caller.call('cluster.estimate', { spec: this.spec(), profile: executor.profile });
      if (r.ok && this.runOn === executor.profile) this.estimate = r.value;
    } finally {
      this.estimating = false;
    }
  }

  /** Depth and runs apply to the permutation searches (GSP, IGSP, UT-IGSP), not to PC. */
  get usesSearch(): boolean {
    return this.algorithm !== 'pc';
  }

  get isInterventional(): boolean {
    return algorithmInfo(this.algorithm).interventional;
  }

  /** Moves to the next step when this one is valid; false (and errors shown) when not. */
  next(): boolean {
    this.attempted = true;
    if (this.errors.length > 0 || this.index >= WIZARD_STEPS.length - 1) return false;
    this.step = WIZARD_STEPS[this.index + 1]!;
    this.attempted = false;
    return true;
  }

  back(): void {
    if (this.index > 0) this.step = WIZARD_STEPS[this.index - 1]!;
    this.attempted = false;
  }

  /** Earlier steps can always be revisited; later ones only through next(). */
  goTo(step: WizardStep): void {
    if (WIZARD_STEPS.indexOf(step) <= this.index) this.step = step;
  }

  /** Total learner calls: the full run plus α × subsamples. */
  get runCount(): number {
    if (!this.stability) return 1;
    return (
      1 + (integer(this.subsamples, 1, 1_000) ?? 0) * this.alphas.split(/[\s,;]+/).filter((x) => x).length
    );
  }

  spec(): NetworkDiscoverSpec {
    const problems = this.errorsFor('review');
    if (problems.length > 0 || !this.datasetId) throw new Error(problems.join(' '));
    const genes: NetworkDiscoverSpec['genes'] =
      this.geneMode === 'all'
        ? { mode: 'all' }
        : this.geneMode === 'topVariable'
          ? { mode: 'topVariable', n: Number(this.topN) }
          : this.geneMode === 'list'
            ? { mode: 'list', genes: parseGeneList(this.geneListText) }
            : { mode: 'network', networkId: this.geneNetworkId! };
    const knowledge = this.knowledge();
    return {
      kind: 'network.discover',
      datasetId: this.datasetId,
      genes,
      algorithm: this.algorithm,
      alpha: Number(this.alpha),
      ...(this.isInterventional
        ? {
            alphaInvariance: Number(this.alphaInvariance),
            interventionColumn: this.interventionColumn!,
            ...(algorithmInfo(this.algorithm).learnsTargets ? { targetsUnknown: this.targetsUnknown } : {}),
          }
        : {}),
      ...(this.restrictToNetworkId ? { restrictToNetworkId: this.restrictToNetworkId } : {}),
      ...(knowledge ? { knowledge } : {}),
      ...(this.editedVersion ? { editedVersionId: this.editedVersion.id } : {}),
      ...(this.stability
        ? {
            stability: {
              subsamples: Number(this.subsamples),
              fraction: Number(this.fraction),
              alphas: this.alphas
                .split(/[\s,;]+/)
                .filter((x) => x !== '')
                .map(Number),
              ...(this.threshold.trim() !== '' ? { threshold: Number(this.threshold) } : {}),
            },
          }
        : {}),
      ...(this.usesSearch && this.compat !== 'causeway' ? { compat: this.compat } : {}),
      ...(this.usesSearch && this.depth.trim() !== '' ? { depth: Number(this.depth) } : {}),
      ...(this.usesSearch && this.nruns.trim() !== '' ? { nruns: Number(this.nruns) } : {}),
      seed: Number(this.seed),
    };
  }
}
