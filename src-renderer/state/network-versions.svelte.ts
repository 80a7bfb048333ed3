import { DiscoveredGraph } from '@shared/domain/discovered-graph.ts';
import { compareEdits, type EditComparison } from '@shared/domain/grn/compare-edits.ts';
import { fromDiscoveredGraph, fromNetworkGraph } from '@shared/domain/grn/from-documents.ts';
import type { GeneRegulatoryNetwork } from '@shared/domain/grn/network.ts';
import { diffVersions, type VersionDiff } from '@shared/domain/grn/version-diff.ts';
import {
  materialiseVersion,
  type NetworkBase,
  type NetworkVersion,
  type NetworkVersionSummary,
} from '@shared/domain/grn/versions.ts';
import type { ViewGraph } from '../graph/view-model.ts';
import type { Caller } from './caller.ts';
import type { DiscoverWizard } from './discover-wizard.svelte.ts';
import type { EditedSource, NetworkEditor } from './network-editor.svelte.ts';
import type { RunRecord } from '@shared/domain/project.ts';

/** What the versions need of the Network page (NetworkPageState): its graphs, overlay and wizard. */
export interface VersionsPage {
  graphA: ViewGraph | null;
  graphB: ViewGraph | null;
  compare: 'off' | 'side' | 'overlay';
  versionDiff: boolean;
  readonly wizard: DiscoverWizard | null;
  openWizard(): void;
}

/** The learned or imported document itself, listed first in the versions list. */
export const BASE = 'base';

const sameBase = (b: NetworkBase, s: EditedSource | null): boolean =>
  s !== null &&
  (b.kind === 'run' ? s.kind === 'run' && s.id === b.runId : s.kind === 'network' && s.id === b.networkId);

export const baseOf = (s: EditedSource): NetworkBase =>
  s.kind === 'run' ? { kind: 'run', runId: s.id } : { kind: 'network', networkId: s.id };

/** A row of the versions list: who changed what relative to the learned (or imported) network. */
export interface VersionRow {
  id: string;
  name: string;
  createdAt: string | null;
  nOps: number;
  note: string;
  /** Arc-level changes the user made (null for the base); the rest is as learned. */
  byUser: VersionDiff['counts'] | null;
  learned: number;
}

/**
 * Saved versions of the shown network (issue 13): the list (the base document first; it is never
 * overwritten), saving the editor's history as a new version, opening one, the diff of any two on
 * the canvas and as a table, and the comparison of a re-run with the version it was given.
 */
export class NetworkVersionsState {
  all = $state.raw<NetworkVersionSummary[]>([]);
  /** Full versions (with ops) fetched so far, by id. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache, never read reactively
  #versions = new Map<string, NetworkVersion>();
  rows = $state.raw<VersionRow[]>([]);
  /** The two versions being compared, their diff; the editor's graph is put back on close. */
  diff = $state.raw<{ a: string; b: string; names: [string, string]; result: VersionDiff } | null>(null);
  #beforeDiff: ViewGraph | null = null;
  /** A re-run compared with the edited version it was given. */
  comparison = $state.raw<{ versionName: string; result: EditComparison } | null>(null);
  busy = $state(false);

  constructor(
    private readonly caller: Caller,
    private readonly editor: NetworkEditor,
    private readonly page: VersionsPage,
    /** The project's runs (a re-run records the version it was given in its params). */
    private readonly project: { readonly runs: readonly RunRecord[] },
  ) {}

  /** Versions of the shown document, oldest first. */
  get ofShown(): NetworkVersionSummary[] {
    return this.all.filter((v) => sameBase(v.base, this.editor.source));
  }

  nameOf(id: string): string {
    return id === BASE ? 'As learned / imported' : (this.all.find((v) => v.id === id)?.name ?? id);
  }

  /** Reloads the list and the who-changed-what of every version of the shown document. */
  async load(): Promise<void> {
    const r = await this.caller.call('network.listVersions', {});
    if (!r.ok) return;
    this.all = r.value;
    const base = this.editor.base;
    const rows: VersionRow[] = [];
    if (base)
      rows.push({
        id: BASE,
        name: this.nameOf(BASE),
        createdAt: null,
        nOps: 0,
        note: '',
        byUser: null,
        learned: base.regulations.size,
      });
    for (const v of this.ofShown) {
      const net = await this.network(v.id);
      const d = base && net ? diffVersions(base, net) : null;
      rows.push({
        id: v.id,
        name: v.name,
        createdAt: v.createdAt,
        nOps: v.nOps,
        note: v.note,
        byUser: d?.counts ?? null,
        learned: d ? d.unchanged + d.counts.reweighted : 0,
      });
    }
    this.rows = rows;
  }

  async #version(id: string): Promise<NetworkVersion | null> {
    const known = this.#versions.get(id);
    if (known) return known;
    const r = await this.caller.call('network.getVersion', { versionId: id });
    if (!r.ok) return null;
    this.#versions.set(id, r.value);
    return r.value;
  }

  /** The network of a version of the shown document (BASE: the document itself). */
  async network(id: string): Promise<GeneRegulatoryNetwork | null> {
    const base = this.editor.base;
    if (!base) return null;
    if (id === BASE) return base;
    const v = await this.#version(id);
    if (!v) return null;
    try {
      return materialiseVersion(base, v);
    } catch {
      return null;
    }
  }

  /** Saves the editor's whole history from the base as a new version; its id, or null. */
  async save(name: string, note: string): Promise<string | null> {
    const source = this.editor.source;
    if (!source) return null;
    this.busy = true;
    try {
      const r = await this.caller.call('network.saveVersion', {
        name: name.trim(),
        base: baseOf(source),
        ...(this.editor.versionId ? { parentId: this.editor.versionId } : {}),
        ops: this.editor.ops,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      if (!r.ok) return null;
      this.editor.saved(r.value.id);
      await this.load();
      return r.value.id;
    } finally {
      this.busy = false;
    }
  }

  async open(id: string): Promise<boolean> {
    this.closeDiff();
    if (id === BASE) return this.editor.openVersion(null, []);
    const v = await this.#version(id);
    return v !== null && this.editor.openVersion(v.id, v.ops);
  }

  /** Shows the diff a → b as an overlay on the canvas (in place) and as a table. */
  async compare(a: string, b: string): Promise<void> {
    const [na, nb] = await Promise.all([this.network(a), this.network(b)]);
    const graph = this.diff ? this.#beforeDiff : this.page.graphA;
    if (!na || !nb || !graph) return;
    this.#beforeDiff = graph;
    const names: [string, string] = [this.nameOf(a), this.nameOf(b)];
    this.page.graphA = { ...graph, title: names[0], network: na };
    this.page.graphB = { title: names[1], network: nb };
    this.page.compare = 'overlay';
    this.page.versionDiff = true;
    this.diff = { a, b, names, result: diffVersions(na, nb) };
  }

  closeDiff(): void {
    if (!this.diff) return;
    this.page.graphB = null;
    this.page.compare = 'off';
    this.page.versionDiff = false;
    if (this.#beforeDiff) this.page.graphA = this.#beforeDiff;
    this.#beforeDiff = null;
    this.diff = null;
  }

  /** The edited version a run was given (recorded in its params), if any. */
  editedVersionOf(runId: string): string | null {
    const v = this.project.runs.find((r) => r.id === runId)?.params['editedVersionId'];
    return typeof v === 'string' ? v : null;
  }

  /** Compares the shown run with the edited version it was given, against that version's own base. */
  async compareRun(runId: string): Promise<boolean> {
    const result = this.editor.source?.id === runId ? this.editor.base : null;
    const versionId = this.editedVersionOf(runId);
    if (!result || !versionId) return false;
    const v = await this.#version(versionId);
    const base = v ? await loadBase(this.caller, v.base) : null;
    if (!v || !base) return false;
    let edited: GeneRegulatoryNetwork;
    try {
      edited = materialiseVersion(base, v);
    } catch {
      return false;
    }
    this.comparison = { versionName: v.name, result: compareEdits(base, edited, result) };
    return true;
  }

  /** Opens the Discover wizard prefilled with the edited version's genes, constraints and tiers. */
  async rerunWithEdits(): Promise<void> {
    const id = this.editor.versionId;
    const net = this.editor.network;
    const source = this.editor.source;
    if (!id || !net || !source) return;
    this.page.openWizard();
    const run = source.kind === 'run' ? this.project.runs.find((r) => r.id === source.id) : undefined;
    await this.page.wizard?.prefillFromVersion({
      version: { id, name: this.nameOf(id) },
      genes: [...net.genes.keys()],
      knowledge: net.knowledge,
      edges: [...net.regulations.values()].map((r) => [r.source, r.target] as const),
      ...(run?.inputs['datasetId'] ? { datasetId: run.inputs['datasetId'] } : {}),
    });
  }

  reset(): void {
    this.closeDiff();
    this.all = [];
    this.rows = [];
    this.comparison = null;
    this.#versions.clear();
  }
}

/** A version's base document as a network: a run's result or a project network. */
async function loadBase(caller: Caller, base: NetworkBase): Promise<GeneRegulatoryNetwork | null> {
  if (base.kind === 'network') {
    const r = await caller.call('network.get', { networkId: base.networkId });
    return r.ok ? fromNetworkGraph(r.value) : null;
  }
  const doc = await caller.runResult(base.runId, DiscoveredGraph);
  return doc ? fromDiscoveredGraph(doc) : null;
}
