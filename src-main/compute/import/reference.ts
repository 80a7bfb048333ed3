// Project references that are not matrices: interaction networks (edge list, SIF, GraphML) and
// DrugCentral-style drug–target tables. One read for inspect, the import job and its checks, and one
// writer per kind, so what the wizard previews is exactly what the job stores.
import { describeIssue } from '#shared/contracts/errors.ts';
import type { ReferenceKind } from '#shared/contracts/data-import.ts';
import { NetworkGraph } from '#shared/domain/network.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { detectFormat } from '../io/detect-format.ts';
import { readDrugTargets, type DrugTarget } from '../io/drug-targets.ts';
import { writeMetaArrow } from '../io/meta-table.ts';
import { readEdgeList, readGraphml, readSif } from '../io/network.ts';
import { invalid, type FileFormat } from '../io/types.ts';

export type ReferenceRead =
  | { kind: 'network'; format: FileFormat; graph: NetworkGraph }
  | { kind: 'drug-targets'; format: FileFormat; pairs: DrugTarget[] };

/** The reference kind of a detected format; null for matrices and signatures. */
export function referenceKindOf(format: FileFormat): ReferenceKind | null {
  if (format === 'edge-list' || format === 'sif' || format === 'graphml') return 'network';
  if (format === 'drug-targets') return 'drug-targets';
  return null;
}

const WANT: Record<ReferenceKind | 'any', string> = {
  network: 'a network (edge list, SIF or GraphML)',
  'drug-targets': 'a drug–target table',
  any: 'a network or drug–target table',
};

/**
 * Read a network or drug–target table. A malformed file throws E_INVALID_INPUT naming the file and
 * its line (the readers' `invalid`); a file of another kind than `expect` is refused the same way.
 */
export async function readReference(
  file: string,
  expect?: ReferenceKind,
  knownFormat?: FileFormat,
): Promise<ReferenceRead> {
  const format = knownFormat ?? (await detectFormat(file));
  const kind = referenceKindOf(format);
  if (kind === null || (expect && kind !== expect))
    throw invalid(file, `is not ${WANT[expect ?? 'any']}; it reads as ${format}.`);
  if (kind === 'drug-targets') return { kind, format, pairs: readDrugTargets(file) };
  const raw =
    format === 'graphml' ? readGraphml(file) : format === 'sif' ? readSif(file) : readEdgeList(file);
  const parsed = NetworkGraph.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const what = issue ? describeIssue(issue, raw) : 'it is not valid.';
    throw invalid(file, `does not fit a project network: ${what}`);
  }
  return { kind, format, graph: parsed.data };
}

/** The gene/protein ids a reference names: network nodes, or the target genes of the drug pairs. */
export function referenceGeneIds(r: ReferenceRead): string[] {
  return r.kind === 'network' ? r.graph.nodes.map((n) => n.id) : r.pairs.map((p) => p.gene);
}

/** Counts for the report and the descriptor. */
export function referenceShape(r: ReferenceRead): { nNodes: number; nEdges: number; nRows: number } {
  return r.kind === 'network'
    ? { nNodes: r.graph.nodes.length, nEdges: r.graph.edges.length, nRows: 0 }
    : { nNodes: new Set(r.pairs.map((p) => p.gene)).size, nEdges: 0, nRows: r.pairs.length };
}

/**
 * The project file: networks/<id>.json (the NetworkGraph as is) or tables/<id>.arrow in the demo's
 * layout (scripts/build-demo-drugs.ts: drug, gene, action, target_name; drug_id when the source has
 * DRUG_ID; act_value and act_type when it has activities). Written atomically to `path`.
 */
export function writeReference(r: ReferenceRead, path: string): void {
  if (r.kind === 'network') {
    writeFileAtomic(path, JSON.stringify(r.graph));
    return;
  }
  writeMetaArrow(
    path,
    'drug',
    r.pairs.map((x) => x.drug),
    {
      gene: r.pairs.map((x) => x.gene),
      action: r.pairs.map((x) => x.action || null),
      target_name: r.pairs.map((x) => x.targetName || null),
      // DrugCentral's DRUG_ID: the LINCS name mapping (resources/drugs) joins drug rankings to it.
      ...(r.pairs.some((x) => x.drugId !== x.drug) ? { drug_id: r.pairs.map((x) => x.drugId || null) } : {}),
      // Kept so the target ranking's affinity filter (pAct ≥ 5 by default) can apply to imported tables.
      ...(r.pairs.some((x) => x.affinity !== null)
        ? {
            act_value: r.pairs.map((x) => (x.affinity === null ? null : String(x.affinity))),
            act_type: r.pairs.map((x) => x.affinityType),
          }
        : {}),
    },
  );
}
