import {
  addGene,
  addRegulation,
  applyEdits,
  deleteGenes,
  EditConflictError,
  invertEdits,
  orient,
  removeRegulation,
  reverse,
  setAllowedAdjacencies,
  setConstraint,
  setNote,
  setTiers,
  type EditOp,
} from '@shared/domain/grn/edits.ts';
import { idOf, type GeneKnowledge, type GeneRegulatoryNetwork } from '@shared/domain/grn/network.ts';
import type { ViewGraph } from '../graph/view-model.ts';

/** The document being edited (the Network page's GraphSource; not imported, to keep state acyclic). */
export type EditedSource = { kind: 'network' | 'run'; id: string };

/** The page the editor edits: the graph it shows, and whether that graph may be edited now. */
export interface EditorHost {
  readonly graph: ViewGraph | null;
  /** False while the canvas shows something that is not one network (an overlay of two). */
  readonly editable: boolean;
  setGraph(graph: ViewGraph): void;
}

/** One user action: a label for the undo button and the operations it made, in order. */
export interface HistoryStep {
  label: string;
  ops: EditOp[];
}

/** The Network page as the editor's host: it edits graph A, and not while A is overlaid with B. */
export function pageHost(page: { graphA: ViewGraph | null; readonly overlay: ViewGraph | null }): EditorHost {
  return {
    get graph() {
      return page.graphA;
    },
    get editable() {
      return page.overlay === null;
    },
    setGraph(graph) {
      page.graphA = graph;
    },
  };
}

type Build = (net: GeneRegulatoryNetwork) => EditOp | EditOp[];

/**
 * Builds one step from several builders, each reading the network left by the previous ones (deleting
 * a gene after its edges, reversing the second edge after the first).
 */
function sequence(
  net: GeneRegulatoryNetwork,
  builds: readonly Build[],
): { ops: EditOp[]; next: GeneRegulatoryNetwork } {
  const ops: EditOp[] = [];
  let next = net;
  for (const build of builds) {
    const made = [build(next)].flat();
    next = applyEdits(next, made);
    ops.push(...made);
  }
  return { ops, next };
}

/**
 * Network editing on the Network page: every user action becomes one history step of edit operations
 * (src-shared/domain/grn/edits.ts), applied to the shown graph, which the canvas then updates in place
 * from the diff. Undo and redo are unbounded within the session. A version opened from the list is
 * the starting point: its operations come before the history and are saved with it.
 */
export class NetworkEditor {
  /** The document the edits start from (a run's result or a project network) and its network. */
  source = $state.raw<EditedSource | null>(null);
  base = $state.raw<GeneRegulatoryNetwork | null>(null);
  /** The saved version being edited (the parent of the next save), with its operations. */
  versionId = $state<string | null>(null);
  versionOps = $state.raw<EditOp[]>([]);
  done = $state.raw<HistoryStep[]>([]);
  undone = $state.raw<HistoryStep[]>([]);
  /** Why the last action could not be done (shown until the next action). */
  error = $state<string | null>(null);
  /** Selected on the canvas, in the order they were selected (source first, then target). */
  selectedGenes = $state.raw<string[]>([]);
  selectedEdges = $state.raw<string[]>([]);

  constructor(private readonly host: EditorHost) {}

  get network(): GeneRegulatoryNetwork | null {
    return this.host.graph?.network ?? null;
  }

  get editable(): boolean {
    return this.host.editable && this.base !== null;
  }

  /**
   * Every operation from the base document: what "Save version" stores. The page may have added
   * display values to the genes (a signature's log2FC for colouring); a deleted gene is recorded
   * with the attributes it has in the document, so the ops replay on the base.
   */
  get ops(): EditOp[] {
    const base = this.base;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local, never read reactively
    const added = new Map<string, EditOp & { op: 'addGene' }>();
    return [...this.versionOps, ...this.done.flatMap((s) => s.ops)].map((op) => {
      if (op.op === 'addGene') added.set(op.gene, op);
      if (op.op !== 'removeGene') return op;
      const attributes = added.get(op.gene)?.attributes ?? base?.genes.get(op.gene);
      return attributes ? { ...op, attributes: { ...attributes } } : op;
    });
  }

  /** Unsaved steps since the version (or base) was opened. */
  get dirty(): boolean {
    return this.done.length > 0;
  }

  /** A new document is shown: its network is the base, with no history. */
  attach(source: EditedSource | null, graph: ViewGraph | null): void {
    this.source = graph ? source : null;
    this.base = graph?.network ?? null;
    this.#startFrom(null, []);
  }

  /** Shows a saved version (its operations replayed on the base) and edits on from it. */
  openVersion(versionId: string | null, ops: readonly EditOp[]): boolean {
    const base = this.base;
    const graph = this.host.graph;
    if (!base || !graph) return false;
    try {
      const net = applyEdits(base, ops);
      this.host.setGraph({ ...graph, network: net });
    } catch (e) {
      this.error = message(e);
      return false;
    }
    this.#startFrom(versionId, [...ops]);
    return true;
  }

  /** After a save: the saved version is now the one being edited. */
  saved(versionId: string): void {
    this.#startFrom(versionId, this.ops);
  }

  #startFrom(versionId: string | null, ops: EditOp[]): void {
    this.versionId = versionId;
    this.versionOps = ops;
    this.done = [];
    this.undone = [];
    this.error = null;
    this.selectedGenes = [];
    this.selectedEdges = [];
  }

  /** Runs one user action; false (and `error` says why) when it cannot be done. */
  run(label: string, builds: readonly Build[]): boolean {
    const net = this.network;
    const graph = this.host.graph;
    if (!net || !graph || !this.editable) {
      this.error = 'This view cannot be edited (close the comparison first).';
      return false;
    }
    try {
      const { ops, next } = sequence(net, builds);
      this.error = null;
      if (ops.length === 0) return false;
      this.host.setGraph({ ...graph, network: next });
      this.done = [...this.done, { label, ops }];
      this.undone = [];
      this.#keepSelection(next, ops);
      return true;
    } catch (e) {
      this.error = message(e);
      return false;
    }
  }

  undo(): boolean {
    const step = this.done.at(-1);
    if (!step || !this.#apply(invertEdits(step.ops))) return false;
    this.done = this.done.slice(0, -1);
    this.undone = [...this.undone, step];
    return true;
  }

  redo(): boolean {
    const step = this.undone.at(-1);
    if (!step || !this.#apply(step.ops)) return false;
    this.undone = this.undone.slice(0, -1);
    this.done = [...this.done, step];
    return true;
  }

  #apply(ops: readonly EditOp[]): boolean {
    const net = this.network;
    const graph = this.host.graph;
    if (!net || !graph || !this.editable) return false;
    try {
      const next = applyEdits(net, ops);
      this.host.setGraph({ ...graph, network: next });
      this.error = null;
      this.#keepSelection(next, ops);
      return true;
    } catch (e) {
      this.error = message(e);
      return false;
    }
  }

  /** What stays selected after an edit: what still exists, and a re-oriented edge under its new id. */
  #keepSelection(net: GeneRegulatoryNetwork, ops: readonly EditOp[]): void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local, never read reactively
    const renamed = new Map<string, string>();
    for (const op of ops) if (op.op === 'orient') renamed.set(idOf(op.before), idOf(op.after));
    this.selectedGenes = this.selectedGenes.filter((g) => net.genes.has(g));
    this.selectedEdges = this.selectedEdges
      .map((id) => renamed.get(id) ?? id)
      .filter((id) => net.regulations.has(id));
  }

  select(genes: readonly string[], edges: readonly string[]): void {
    // Keep the order genes were first selected in: the first is the regulator of "Add regulation".
    // Sets: a box selection may hold thousands of genes.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- locals, never read reactively
    const now = new Set(genes);
    const kept = this.selectedGenes.filter((g) => now.has(g));
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- locals, never read reactively
    const had = new Set(kept);
    this.selectedGenes = [...kept, ...genes.filter((g) => !had.has(g))];
    this.selectedEdges = [...edges];
  }

  // ---- the actions of the toolbar, the context menu and the shortcuts ---------------------------

  addGene(name: string): boolean {
    const gene = name.trim();
    if (gene === '') {
      this.error = 'Type the name of the gene to add.';
      return false;
    }
    return this.run(`add ${gene}`, [(n) => addGene(n, gene)]);
  }

  addRegulation(source: string, target: string, directed: boolean): boolean {
    const [s, t] = [source.trim(), target.trim()];
    if (s === '' || t === '') {
      this.error = 'Choose the regulator and the target.';
      return false;
    }
    return this.run(`add ${s}${directed ? '→' : '—'}${t}`, [(n) => addRegulation(n, s, t, directed)]);
  }

  /** Deletes the regulations, then the genes with their remaining regulations: one step. */
  delete(genes: readonly string[], edges: readonly string[]): boolean {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local, never read reactively
    const doomed = new Set(genes);
    const net = this.network;
    const loose = edges.filter((id) => {
      const r = net?.regulations.get(id);
      return r && !doomed.has(r.source) && !doomed.has(r.target);
    });
    const n = genes.length + loose.length;
    return this.run(`delete ${n === 1 ? (genes[0] ?? loose[0]) : `${n} items`}`, [
      ...loose.map(
        (id): Build =>
          (x) =>
            removeRegulation(x, id),
      ),
      ...(genes.length > 0 ? [(x: GeneRegulatoryNetwork) => deleteGenes(x, genes)] : []),
    ]);
  }

  reverse(edges: readonly string[]): boolean {
    return this.run(
      `reverse ${edges.length === 1 ? edges[0] : `${edges.length} edges`}`,
      edges.map(
        (id): Build =>
          (n) =>
            reverse(n, id),
      ),
    );
  }

  /** Directed keeps an arc's direction (an undirected edge becomes source → target as stored). */
  setDirected(edges: readonly string[], directed: boolean): boolean {
    const regs = edges.flatMap((id) => {
      const r = this.network?.regulations.get(id);
      return r && r.directed !== directed ? [{ id, r }] : [];
    });
    return this.run(
      `mark ${regs.length === 1 ? edges[0] : `${regs.length} edges`} ${directed ? 'directed' : 'undirected'}`,
      regs.map(
        ({ id, r }): Build =>
          (n) =>
            orient(n, id, directed ? { source: r.source, target: r.target } : null),
      ),
    );
  }

  /** Forbids, requires or frees (null) the adjacency or the arc of each edge. */
  constrain(
    edges: readonly string[],
    on: 'adjacency' | 'arc',
    constraint: 'forbidden' | 'required' | null,
  ): boolean {
    const pairs = edges.flatMap((id) => {
      const r = this.network?.regulations.get(id);
      return r ? [[r.source, r.target] as const] : [];
    });
    const what =
      constraint === null
        ? `free the ${on}`
        : `${constraint === 'required' ? 'require' : 'forbid'} the ${on}`;
    return this.run(
      `${what} of ${pairs.length === 1 ? edges[0] : `${pairs.length} edges`}`,
      pairs.map(
        (p): Build =>
          (n) =>
            setConstraint(n, on, p, constraint),
      ),
    );
  }

  setNote(edge: string, note: string): boolean {
    return this.run(`note on ${edge}`, [(n) => setNote(n, edge, note.trim() || null)]);
  }

  /**
   * Prior knowledge read from a file (network.readKnowledge) as one undoable step: its required and
   * forbidden pairs and arcs become constraints, its tiers replace the tiers (genes outside this network
   * dropped: a tier may only name its genes), its allowed skeleton replaces the skeleton. Pairs naming
   * genes outside the network are kept: the next discovery ignores them and says how many.
   */
  loadKnowledge(k: GeneKnowledge, label: string): boolean {
    const builds: Build[] = [];
    const lists = [
      ['adjacency', 'forbidden', k.forbiddenAdjacencies],
      ['adjacency', 'required', k.requiredAdjacencies],
      ['arc', 'forbidden', k.forbiddenArcs],
      ['arc', 'required', k.requiredArcs],
    ] as const;
    for (const [on, c, pairs] of lists)
      for (const p of pairs)
        builds.push((n) => {
          const op = setConstraint(n, on, p, c);
          return op.op === 'setConstraint' && op.before === op.after ? [] : op; // already so
        });
    if (k.tiers.length > 0)
      builds.push((n) =>
        setTiers(
          n,
          k.tiers.map((t) => t.filter((g) => n.genes.has(g))).filter((t) => t.length > 0),
        ),
      );
    if (k.allowedAdjacencies) {
      const allowed = k.allowedAdjacencies;
      builds.push((n) => setAllowedAdjacencies(n, allowed));
    }
    return this.run(label, builds);
  }

  setTiers(tiers: readonly (readonly string[])[]): boolean {
    return this.run('edit tiers', [
      (n) =>
        setTiers(
          n,
          tiers.filter((t) => t.length > 0),
        ),
    ]);
  }
}

function message(e: unknown): string {
  if (e instanceof EditConflictError) return `That edit cannot be made: ${e.message}.`;
  return e instanceof Error ? e.message : String(e);
}
