import type { SteinerResult, TargetRankingResult, TargetRow } from '@shared/contracts/targets.ts';
import { createNetwork, pairKey, type Attribute, type Regulation } from '@shared/domain/grn/network.ts';
import type { ViewGraph } from '../../graph/view-model.ts';
import type { GeneMarks } from './subnetwork-canvas.ts';

/** A Steiner subnetwork as the network view draws it: interactome edges are undirected interactions. */
export function steinerGraph(title: string, doc: SteinerResult): ViewGraph {
  const genes = doc.nodes.map(
    (n) =>
      [
        n.gene,
        {
          terminal: n.terminal,
          prize: n.prize,
          degree: n.degree,
          ...(n.robustness !== null ? { robustness: n.robustness } : {}),
          ...(n.specificity !== null ? { specificity: n.specificity } : {}),
        } satisfies Record<string, Attribute>,
      ] as const,
  );
  const regulations: Regulation[] = doc.edges.map((e) => ({
    source: e.source,
    target: e.target,
    directed: false,
    // Robustness (how often noisy forests keep the edge) drawn as edge strength when it was measured.
    evidence: e.robustness !== null ? { stability: e.robustness } : {},
    attributes: { cost: e.cost, inForest: e.inForest },
  }));
  return { title, network: createNetwork(genes, regulations) };
}

/**
 * The causal network a ranking used (its stability graph after the threshold). Where both directions
 * of a pair passed, the more stable one is drawn: two arrows on one line cannot be read.
 */
export function causalGraph(title: string, doc: TargetRankingResult): ViewGraph {
  const seen = new Set<string>();
  const arcs = [...doc.graph.arcs]
    .sort((a, b) => b.stability - a.stability)
    .filter((a) => {
      const key = pairKey(a.source, a.target);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const regulations: Regulation[] = arcs.map((a) => ({
    source: a.source,
    target: a.target,
    directed: true,
    evidence: { stability: a.stability, arcStability: a.stability },
    attributes: {},
  }));
  return {
    title,
    network: createNetwork(
      doc.graph.genes.map((g) => [g, {}] as const),
      regulations,
    ),
  };
}

/**
 * Disease genes (terminals) and drug targets, for the canvas. Drug targets come from a ranking's rows
 * and, before any ranking, from the drug–target table read for the subnetwork (targets.druggableGenes).
 */
export function geneMarks(
  genes: Iterable<string>,
  terminals: ReadonlySet<string>,
  rows: readonly TargetRow[] | null,
  tableTargets: Iterable<string> = [],
): Map<string, GeneMarks> {
  const druggable = new Set(tableTargets);
  for (const r of rows ?? []) if (r.drugs.length > 0) druggable.add(r.gene);
  const out = new Map<string, GeneMarks>();
  for (const g of genes) out.set(g, { terminal: terminals.has(g), druggable: druggable.has(g) });
  return out;
}

export interface GeneFrequency {
  gene: string;
  /** Fraction of the randomised runs that selected the gene. */
  value: number;
}

/** What the robustness and specificity reruns of a Steiner run say, for the subnetwork view. */
export interface RandomisationSummary {
  robustness: { runs: number; noise: number; stable: number; genes: number; weakest: GeneFrequency[] } | null;
  specificity: { runs: number; leastSpecific: GeneFrequency[] } | null;
}

/**
 * OmicsIntegrator2's reading of the reruns: a gene that comes back in at least half the noisy-cost
 * forests is robust; a gene that random terminals select as often as these prizes is not specific to
 * the disease (typically a hub). Null when the run made no reruns.
 */
export function randomisationSummary(doc: SteinerResult, top = 5): RandomisationSummary | null {
  const { robustness, specificity } = doc.params;
  if (!robustness && !specificity) return null;
  const byValue = (key: 'robustness' | 'specificity', order: 1 | -1): GeneFrequency[] =>
    doc.nodes
      .filter((n) => n[key] !== null)
      .map((n) => ({ gene: n.gene, value: n[key]! }))
      .sort((a, b) => order * (a.value - b.value) || (a.gene < b.gene ? -1 : 1))
      .slice(0, top);
  return {
    robustness: robustness
      ? {
          runs: robustness.runs,
          noise: robustness.noise,
          stable: doc.nodes.filter((n) => (n.robustness ?? 0) >= 0.5).length,
          genes: doc.nodes.length,
          weakest: byValue('robustness', 1),
        }
      : null,
    specificity: specificity ? { runs: specificity.runs, leastSpecific: byValue('specificity', -1) } : null,
  };
}

/** "UBC 1.00, APP 0.75": genes with their run fractions. */
export const frequencyText = (list: readonly GeneFrequency[]): string =>
  list.map((f) => `${f.gene} ${f.value.toFixed(2)}`).join(', ');

/** "vorinostat (7.2), panobinostat" — strongest first, affinity as pAct where measured. */
export function drugsText(row: TargetRow, max = 3): string {
  const parts = row.drugs
    .slice(0, max)
    .map((d) => (d.affinity === null ? d.drug : `${d.drug} (${d.affinity.toFixed(1)})`));
  const more = row.drugs.length - max;
  return more > 0 ? `${parts.join(', ')} +${more}` : parts.join(', ');
}

/** "0.42 ± 0.10": mean and spread over the DAG ensemble, so orientation uncertainty is visible. */
export function spreadText(s: { mean: number; sd: number }, digits = 2): string {
  return `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}`;
}
