import type { JobRecord } from '@shared/contracts/jobs.ts';
import { DiscoveredGraph } from '@shared/domain/discovered-graph.ts';
import type { RunRecord } from '@shared/domain/project.ts';
import type { Caller } from './caller.ts';
import type { JobsState } from './jobs.svelte.ts';
import type { ProjectState } from './project.svelte.ts';
import type { ToastState } from './toasts.svelte.ts';
import { DiscoverWizard } from './discover-wizard.svelte.ts';
import { GenePanelState } from './gene-panel.svelte.ts';
import { geneNeighbourhood, type GeneNeighbourhood } from '../graph/gene-neighbourhood.ts';
import { belowThreshold, stabilityRange, type StabilityRange } from '../graph/threshold.ts';
import { NetworkEditor, pageHost } from './network-editor.svelte.ts';
import { NetworkVersionsState } from './network-versions.svelte.ts';
import {
  compareGraphs,
  fromDiscovered,
  fromNetwork,
  isolatedGenes,
  viewEdge,
  withNodeValues,
  type ViewEdge,
  type ViewGraph,
} from '../graph/view-model.ts';
import type { LayoutMode } from '../graph/graph-view.ts';

const NONE: ReadonlySet<string> = new Set();

/** What can be drawn: a project network or a finished discovery run. */
export type GraphSource = { kind: 'network'; id: string } | { kind: 'run'; id: string };
export type CompareMode = 'off' | 'side' | 'overlay';

export const sourceKey = (s: GraphSource | null): string => (s ? `${s.kind}:${s.id}` : '');
export function parseSourceKey(key: string): GraphSource | null {
  const m = /^(network|run):(.+)$/.exec(key);
  return m ? { kind: m[1] as GraphSource['kind'], id: m[2]! } : null;
}

/** The Network page: which graph(s) are shown and how, the edge being inspected, the wizard. */
export class NetworkPageState {
  sourceA = $state<GraphSource | null>(null);
  sourceB = $state<GraphSource | null>(null);
  compare = $state<CompareMode>('off');
  /** The overlay is a diff of two versions (not of two runs): stability changes get their own class. */
  versionDiff = $state(false);
  graphA = $state.raw<ViewGraph | null>(null);
  graphB = $state.raw<ViewGraph | null>(null);
  /**
   * Which source each graph was loaded from, set together with the graph: a canvas is rebuilt (and
   * laid out) only when this changes; colours, overlay and edits of the same source are diffs.
   */
  loadedA = $state('');
  loadedB = $state('');
  loading = $state(false);
  threshold = $state(0);
  layout = $state<LayoutMode>('force');
  /** Genes without a drawn edge are hidden unless the user shows them (toolbar toggle). */
  hideIsolated = $state(true);
  /** Node attribute to colour by (including values added from a gene table). */
  colourBy = $state<string | null>(null);
  selectedEdgeId = $state<string | null>(null);
  wizard = $state.raw<DiscoverWizard | null>(null);
  /** Jobs started from the wizard here: their results open by themselves. */
  #started = $state<Record<string, true>>({});
  #token = 0;
  /** The clicked gene's panel: expression and drugs fetched; regulators and targets from the graph. */
  readonly genePanel: GenePanelState;

  overlay = $derived(
    this.compare === 'overlay' && this.graphA && this.graphB
      ? compareGraphs(this.graphA, this.graphB, { reweighted: this.versionDiff })
      : null,
  );
  /** The main canvas's graph. */
  shown = $derived(this.overlay ?? this.graphA);
  /** Genes of the shown graph with no edge at the current threshold (counted in the toolbar). */
  isolated = $derived<ReadonlySet<string>>(this.shown ? isolatedGenes(this.shown, this.threshold) : NONE);
  isolatedB = $derived<ReadonlySet<string>>(this.graphB ? isolatedGenes(this.graphB, this.threshold) : NONE);
  hidden = $derived(this.hideIsolated ? this.isolated : NONE);
  hiddenB = $derived(this.hideIsolated ? this.isolatedB : NONE);
  selectedEdge = $derived<ViewEdge | null>(this.shown ? viewEdge(this.shown, this.selectedEdgeId) : null);
  /**
   * The selected edge is below the stability threshold, so the canvas does not draw it: the evidence
   * pane says so (and offers to lower the threshold) rather than showing it as if it were on screen.
   */
  selectedEdgeHidden = $derived(
    this.selectedEdge !== null && belowThreshold(this.selectedEdge, this.threshold),
  );
  /** The slider's range: the shown network's stabilities, min..max (null when it has none). */
  stabilityRange = $derived<StabilityRange | null>(this.shown ? stabilityRange(this.shown.network) : null);
  /** The open gene's regulators and targets in the shown graph, at the threshold (null when none is open). */
  geneDetail = $derived.by<GeneNeighbourhood | null>(() =>
    this.shown && this.genePanel.gene !== null
      ? geneNeighbourhood(this.shown, this.genePanel.gene, this.threshold)
      : null,
  );

  /** Editing the shown network, and its saved versions (issue 13). */
  readonly editor: NetworkEditor;
  readonly versions: NetworkVersionsState;

  constructor(
    private readonly caller: Caller,
    private readonly project: ProjectState,
    private readonly jobs: JobsState,
    private readonly toasts: ToastState,
  ) {
    this.genePanel = new GenePanelState(caller, project);
    this.editor = new NetworkEditor(pageHost(this));
    this.versions = new NetworkVersionsState(caller, this.editor, this, project);
  }

  /** Finished discovery runs of the project, newest first. */
  get discoveryRuns(): RunRecord[] {
    return this.project.runs
      .filter((r) => r.kind === 'network.discover')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  subscribe(): () => void {
    return this.jobs.onFinished((job) => this.#jobFinished(job));
  }

  openWizard(): void {
    this.wizard = new DiscoverWizard(
      () => this.project.datasets,
      () => this.project.networks,
      this.caller,
    );
    const first = this.wizard.datasetId;
    if (first) void this.wizard.chooseDataset(first);
  }

  closeWizard(): void {
    this.wizard = null;
  }

  /** Starts the wizard's job; the wizard closes and the result opens here when it finishes. */
  async startDiscovery(): Promise<string | null> {
    const w = this.wizard;
    if (!w) return null;
    const spec = w.spec();
    const name = w.dataset?.name ?? spec.datasetId;
    const jobId = await this.jobs.start(
      spec,
      `${spec.algorithm.toUpperCase()} network of ${name}`,
      w.executor(),
    );
    if (jobId === null) return null;
    this.#started = { ...this.#started, [jobId]: true };
    this.wizard = null;
    const job = this.jobs.get(jobId);
    if (job?.state === 'finished' && job.runId) void this.show({ kind: 'run', id: job.runId });
    return jobId;
  }

  /** Opens the gene panel; its expression is read from the dataset the main graph was learned from. */
  openGene(gene: string): Promise<void> {
    const s = this.sourceA;
    const run = s?.kind === 'run' ? this.project.runs.find((r) => r.id === s.id) : undefined;
    return this.genePanel.open(gene, run?.inputs['datasetId'] ?? null);
  }

  /** Lowers the threshold to the selected edge's stability, so it is drawn again. */
  showSelectedEdge(): void {
    const s = this.selectedEdge?.evidence.stability;
    if (s !== undefined && s < this.threshold) this.threshold = s;
  }

  async #load(source: GraphSource): Promise<ViewGraph | null> {
    if (source.kind === 'network') {
      const meta = this.project.networks.find((n) => n.id === source.id);
      const r = await this.caller.call('network.get', { networkId: source.id });
      return r.ok ? fromNetwork(meta?.name ?? source.id, r.value) : null;
    }
    const meta = this.project.runs.find((x) => x.id === source.id);
    const r = await this.caller.call('run.result', { runId: source.id });
    if (!r.ok) return null;
    const parsed = DiscoveredGraph.safeParse(r.value);
    if (!parsed.success) {
      this.toasts.error(
        { code: 'E_PROTOCOL', message: `Run ${source.id} does not hold a network.` },
        'Could not load the result',
      );
      return null;
    }
    return fromDiscovered(meta?.label ?? source.id, parsed.data);
  }

  async show(source: GraphSource): Promise<void> {
    const token = ++this.#token;
    this.sourceA = source;
    this.selectedEdgeId = null;
    this.genePanel.close();
    this.loading = true;
    const g = await this.#load(source);
    if (token !== this.#token) return;
    this.loading = false;
    this.versions.reset();
    this.graphA = g;
    this.loadedA = g ? sourceKey(source) : '';
    // The slider starts at its lowest position: every edge drawn.
    this.threshold = g ? (stabilityRange(g.network)?.min ?? 0) : 0;
    if (!g) this.sourceA = null;
    this.editor.attach(source, g);
    void this.versions.load();
  }

  async showB(source: GraphSource | null): Promise<void> {
    this.sourceB = source;
    this.selectedEdgeId = null;
    this.graphB = source ? await this.#load(source) : null;
    this.loadedB = this.graphB ? sourceKey(source) : '';
    if (source && this.compare === 'off') this.compare = 'overlay';
  }

  /** Adds a small gene table's values (a signature's log2FC) to every shown graph and colours by it. */
  async colourFromDataset(datasetId: string): Promise<void> {
    const genes: string[] = [];
    const seen: Record<string, true> = {};
    for (const id of [
      ...(this.graphA?.network.genes.keys() ?? []),
      ...(this.graphB?.network.genes.keys() ?? []),
    ]) {
      if (Object.hasOwn(seen, id)) continue;
      seen[id] = true;
      genes.push(id);
    }
    const r = await this.caller.call('dataset.geneValues', { datasetId, genes });
    if (!r.ok) return;
    const name = this.project.datasets.find((d) => d.id === datasetId)?.name ?? datasetId;
    r.value.columns.forEach((col, j) => {
      const attr = r.value.columns.length === 1 ? name : `${name}: ${col}`;
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local, never read reactively
      const values = new Map(genes.map((g, i) => [g, r.value.values[j]?.[i] ?? null]));
      if (this.graphA) this.graphA = withNodeValues(this.graphA, attr, values);
      if (this.graphB) this.graphB = withNodeValues(this.graphB, attr, values);
      if (j === 0) this.colourBy = attr;
    });
  }

  reset(): void {
    this.#token++;
    this.sourceA = this.sourceB = null;
    this.graphA = this.graphB = null;
    this.loadedA = this.loadedB = '';
    this.compare = 'off';
    this.selectedEdgeId = null;
    this.genePanel.close();
    this.wizard = null;
    this.colourBy = null;
    this.versions.reset();
    this.editor.attach(null, null);
  }

  #jobFinished(job: JobRecord): void {
    if (job.runId && job.jobId in this.#started) void this.show({ kind: 'run', id: job.runId });
  }
}
