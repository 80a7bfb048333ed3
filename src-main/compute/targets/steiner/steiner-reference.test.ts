/**
 * The reference subnetwork of Belyaeva et al. 2021 (Nat Commun 12:1024): iRefIndex v14 (OmicsIntegrator2
 * example interactome), the 162 terminals of terminals_ppi_analysis.tsv, g = 0, w = 1.4, b = 40, strong
 * pruning, no noise → one component of 252 genes and 1,003 interactome edges (ppi_network_252nodes).
 *
 * Two checks:
 *  - always: the 1,003-edge reference subnetwork as the interactome, its hub penalty computed from the genes'
 *    degrees in the full iRefIndex (committed as a fixture), must give back all 252 genes and 1,003 edges;
 *  - when the shared data folder is beside the repository (`<repo>/../shared/data`, as in CI, or
 *    CAUSEWAY_SHARED_DATA), the full 182,002-edge interactome must give the reference node set.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubPenalizedCosts, steinerForest, type SteinerParams } from './forest.ts';
import { parseInteractome, type Interactome } from './interactome.ts';
import { mapPrizes, parsePrizeTable } from './prizes.ts';

const repoRoot = resolve(import.meta.dirname, '../../../..');
const fixtures = join(import.meta.dirname, 'fixtures');
const referenceEdgesFile = join(repoRoot, 'src-main/compute/io/fixtures/real/ppi_network_252nodes.edges.tsv');
const sharedData = process.env['CAUSEWAY_SHARED_DATA'] ?? join(repoRoot, '..', 'shared', 'data');
const fullInteractomeFile = join(
  sharedData,
  'irefindex_ppi_oi2/iRefIndex_v14_MIScore_interactome_C9.costs.txt',
);

const PAPER: SteinerParams = { w: 1.4, b: 40, g: 0, pruning: 'strong' };

const terminalsTable = parsePrizeTable(readFileSync(join(fixtures, 'terminals_ppi_analysis.tsv'), 'utf8'));
const referenceSubnetwork = parseInteractome(readFileSync(referenceEdgesFile, 'utf8'));
const referenceGenes = new Set(referenceSubnetwork.genes);

function selectedGenes(interactome: Interactome, nodes: Int32Array): Set<string> {
  return new Set([...nodes].map((v) => interactome.genes[v]!));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

function fullDegrees(): { degree: Map<string, number>; n: number } {
  const lines = readFileSync(join(fixtures, 'irefindex_degree_252nodes.tsv'), 'utf8').split('\n');
  const n = Number(/(\d+) genes/.exec(lines[0]!)![1]);
  const degree = new Map<string, number>();
  for (const line of lines.slice(2)) {
    if (!line) continue;
    const [gene, d] = line.split('\t');
    degree.set(gene!, Number(d));
  }
  return { degree, n };
}

describe('Steiner forest: the Belyaeva et al. 2021 reference subnetwork', () => {
  it('reads the reference inputs as published (162 terminals, 252 genes, 1,003 edges with 3 self-loops)', () => {
    expect(terminalsTable).toHaveLength(162);
    expect(referenceSubnetwork.genes).toHaveLength(252);
    expect(referenceSubnetwork.cost).toHaveLength(1003);
    expect(referenceSubnetwork.notes.selfLoops).toBe(3);
    for (const t of terminalsTable) expect(referenceGenes.has(t.gene)).toBe(true);
  });

  it('gives back the whole reference network on its own edges, with the full interactome hub penalty', () => {
    const { degree, n } = fullDegrees();
    const sliceDegree = Int32Array.from(referenceSubnetwork.genes, (g) => degree.get(g)!);
    expect(n).toBe(15759);
    const costs = hubPenalizedCosts(referenceSubnetwork, PAPER.g, { degree: sliceDegree, n });
    const prizes = mapPrizes(referenceSubnetwork, terminalsTable);
    const forest = steinerForest(referenceSubnetwork, prizes, PAPER, costs);
    expect(forest.nodes).toHaveLength(252);
    expect(forest.augmentedEdges).toHaveLength(1003);
    expect(forest.componentCount).toBe(1);
    expect(forest.treeCount).toBe(1);
    expect(forest.terminalsKept).toBe(162);
    expect(forest.forestEdges).toHaveLength(251);
    // The slice's own degrees would under-penalise its hubs and change the answer: the penalty matters.
    const ownPenalty = steinerForest(referenceSubnetwork, prizes, PAPER);
    expect(ownPenalty.nodes.length).toBeLessThan(252);
  });

  it.skipIf(!existsSync(fullInteractomeFile))(
    `reproduces ppi_network_252nodes from the full iRefIndex v14 (needs ${fullInteractomeFile})`,
    () => {
      const interactome = parseInteractome(readFileSync(fullInteractomeFile, 'utf8'));
      expect(interactome.genes).toHaveLength(15759);
      expect(interactome.cost).toHaveLength(182002);
      const prizes = mapPrizes(interactome, terminalsTable);
      expect(prizes.terminals).toHaveLength(162);
      expect(prizes.unmatched).toEqual([]);

      const forest = steinerForest(interactome, prizes, PAPER);
      const genes = selectedGenes(interactome, forest.nodes);
      expect(jaccard(genes, referenceGenes)).toBeGreaterThanOrEqual(0.95);
      // Measured: identical node set, and the same 1,003 edges (self-loops included).
      expect(jaccard(genes, referenceGenes)).toBe(1);
      expect(forest.augmentedEdges).toHaveLength(1003);
      expect(forest.componentCount).toBe(1);
      const edgeKey = (a: string, b: string): string => (a < b ? `${a}|${b}` : `${b}|${a}`);
      const ours = new Set(
        [...forest.augmentedEdges].map((e) =>
          edgeKey(interactome.genes[interactome.edgeU[e]!]!, interactome.genes[interactome.edgeV[e]!]!),
        ),
      );
      for (let e = 0; e < referenceSubnetwork.cost.length; e++) {
        const key = edgeKey(
          referenceSubnetwork.genes[referenceSubnetwork.edgeU[e]!]!,
          referenceSubnetwork.genes[referenceSubnetwork.edgeV[e]!]!,
        );
        expect(ours.has(key)).toBe(true);
      }

      // The committed degree fixture is what the full interactome says.
      const { degree, n } = fullDegrees();
      expect(n).toBe(interactome.genes.length);
      for (const [gene, d] of degree) expect(interactome.degree[interactome.geneIndex.get(gene)!]).toBe(d);
    },
  );
});
