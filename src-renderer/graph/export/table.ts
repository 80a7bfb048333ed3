import { viewEdges, viewNodes, type ViewEdge, type ViewGraph } from '../view-model.ts';

/** Attribute values every export format can carry; nulls are left out. */
export type Scalar = string | number | boolean;
export type AttrType = 'string' | 'double' | 'boolean';

export interface ExportTable {
  title: string;
  nodes: { id: string; attrs: Record<string, Scalar> }[];
  edges: { id: string; source: string; target: string; directed: boolean; attrs: Record<string, Scalar> }[];
  nodeTypes: Map<string, AttrType>;
  edgeTypes: Map<string, AttrType>;
}

const typeOf = (v: Scalar): AttrType =>
  typeof v === 'number' ? 'double' : typeof v === 'boolean' ? 'boolean' : 'string';

function clean(
  attrs: Record<string, string | number | boolean | null | undefined>,
  types: Map<string, AttrType>,
): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) continue;
    const t = typeOf(v);
    const seen = types.get(k);
    // A column with mixed types is exported as text, consistently for every element.
    if (seen === undefined) types.set(k, t);
    else if (seen !== t) types.set(k, 'string');
    out[k] = v;
  }
  return out;
}

/** The columns a regulation's evidence adds to an edge row. */
function evidenceColumns(e: ViewEdge): Record<string, string | number | boolean | null | undefined> {
  const ev = e.evidence;
  return {
    directed: e.directed,
    stability: ev.stability,
    ci_p_value: ev.ciPValue,
    ci_statistic: ev.ciStatistic,
    oriented_by_intervention: ev.orientedByIntervention,
    arc_stability: ev.arcStability,
    reverse_arc_stability: ev.reverseArcStability,
    edited_by_user: ev.editedByUser,
    note: ev.note,
    invariance: ev.invariance?.map((x) => `${x.setting}:${x.pValue === null ? 'NA' : x.pValue}`).join(';'),
    membership: e.membership,
  };
}

/** Without the keys whose value is unknown, so they do not hide an imported column of the same name. */
const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The rows every exporter writes: node and edge attributes flattened, evidence included. */
export function exportTable(g: ViewGraph): ExportTable {
  const nodeTypes = new Map<string, AttrType>();
  const edgeTypes = new Map<string, AttrType>();
  const nodes = viewNodes(g).map((n) => ({ id: n.id, attrs: clean(n.attributes, nodeTypes) }));
  const edges = viewEdges(g).map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    directed: e.directed,
    attrs: clean({ ...e.attributes, ...defined(evidenceColumns(e)) }, edgeTypes),
  }));
  for (const [types, rows] of [
    [nodeTypes, nodes],
    [edgeTypes, edges],
  ] as const) {
    for (const r of rows)
      for (const [k, v] of Object.entries(r.attrs)) if (types.get(k) === 'string') r.attrs[k] = String(v);
  }
  return { title: g.title, nodes, edges, nodeTypes, edgeTypes };
}
