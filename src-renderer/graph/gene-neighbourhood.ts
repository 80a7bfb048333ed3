import type { Attribute, Regulation, RegulationEvidence } from '@shared/domain/grn/network.ts';
import { idOf } from '@shared/domain/grn/network.ts';
import { belowThreshold } from './threshold.ts';
import type { ViewGraph } from './view-model.ts';

/**
 * What the user did to a regulation, from its evidence: edits set `editedByUser` (src-shared/domain/
 * grn/edits.ts). An added regulation carries nothing else (no data evidence, no imported columns);
 * an orientation keeps the learned evidence, so a user-edited regulation with evidence was re-oriented.
 */
export type UserEdit = 'added' | 'oriented' | null;

export function userEdit(r: Regulation): UserEdit {
  if (!r.evidence.editedByUser) return null;
  return hasDataEvidence(r.evidence) || Object.keys(r.attributes).length > 0 ? 'oriented' : 'added';
}

export function hasDataEvidence(ev: RegulationEvidence): boolean {
  return (
    ev.stability !== undefined ||
    ev.arcStability !== undefined ||
    ev.reverseArcStability !== undefined ||
    ev.ciPValue !== undefined ||
    ev.ciStatistic !== undefined ||
    ev.orientedByIntervention !== undefined ||
    ev.invariance !== undefined
  );
}

/** One regulation seen from a gene: the other gene and the evidence. */
export interface GeneLink {
  /** The regulation's id (select it to inspect it). */
  id: string;
  gene: string;
  evidence: RegulationEvidence;
  /** Not drawn at the current stability threshold. */
  hidden: boolean;
  edit: UserEdit;
}

/** A gene as the gene panel shows it: its attributes, who regulates it, whom it regulates. */
export interface GeneNeighbourhood {
  gene: string;
  attributes: Readonly<Record<string, Attribute>>;
  /** X → gene. */
  regulators: GeneLink[];
  /** gene → X. */
  targets: GeneLink[];
  /** gene — X: adjacent, but the data cannot say which way. */
  undirected: GeneLink[];
}

/** Strongest first; unscored (user-added, imported) after the scored ones; then by gene. */
const byStability = (a: GeneLink, b: GeneLink): number =>
  (b.evidence.stability ?? -1) - (a.evidence.stability ?? -1) || a.gene.localeCompare(b.gene);

/** The gene's regulators, targets and undirected neighbours with their evidence; null if not a gene here. */
export function geneNeighbourhood(g: ViewGraph, gene: string, threshold: number): GeneNeighbourhood | null {
  const attributes = g.network.genes.get(gene);
  if (!attributes) return null;
  const out: GeneNeighbourhood = { gene, attributes, regulators: [], targets: [], undirected: [] };
  for (const r of g.network.regulations.values()) {
    if (r.source !== gene && r.target !== gene) continue;
    const other = r.source === gene ? r.target : r.source;
    const link: GeneLink = {
      id: idOf(r),
      gene: other,
      evidence: r.evidence,
      hidden: belowThreshold(r, threshold),
      edit: userEdit(r),
    };
    (!r.directed ? out.undirected : r.target === gene ? out.regulators : out.targets).push(link);
  }
  out.regulators.sort(byStability);
  out.targets.sort(byStability);
  out.undirected.sort(byStability);
  return out;
}
