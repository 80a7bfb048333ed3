// The demo's interactome: the whole iRefIndex v14 human PPI with OmicsIntegrator2's edge costs, the
// network Belyaeva et al. 2021 ran the prize-collecting Steiner forest on. Read as reference.import reads
// an edge list, stored gzip-compressed (compute/io/network-file.ts reads *.json.gz). Deterministic.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { NetworkGraph } from '#shared/domain/network.ts';
import type { NetworkDescriptor } from '#shared/domain/project.ts';
import { readEdgeList } from '../src-main/compute/io/network.ts';

export const INTERACTOME_ID = 'irefindex_v14';
const FILE = 'iRefIndex_v14_MIScore_interactome_C9.costs.txt';
const CITATION =
  'Razick S., Magklaras G., Donaldson I.M. iRefIndex: a consolidated protein interaction database with provenance. BMC Bioinformatics 9, 405 (2008); edge costs from OmicsIntegrator2 (Tuncbag N. et al. PLoS Comput. Biol. 12, e1004879 (2016); github.com/fraenkel-lab/OmicsIntegrator2, BSD 3-Clause).';

export const INTERACTOME_LICENCE = [
  '',
  '## Interactome',
  '',
  `- \`networks/${INTERACTOME_ID}.json.gz\`: ${FILE} from fraenkel-lab/OmicsIntegrator2 (folder`,
  '  example/OI2_pipeline_data/, commit 89f6fe88571ef2d8f624666c21bdd455ce0498bf, BSD 3-Clause, Fraenkel Lab',
  '  2018): the iRefIndex v14 human interactome with MIScore-derived edge costs, the interactome',
  '  uhlerlab/covid19_repurposing loads (upper-cased there). iRefIndex content is open data released with',
  '  attribution (CC BY 4.0-style; cite the iRefIndex paper below).',
  '  182,002 undirected edges, 15,759 genes, stored as a gzip-compressed project network.',
  '  See source/SOURCE_irefindex.md.',
  '',
  `Citation (interactome): ${CITATION}`,
];

/** Writes networks/irefindex_v14.json.gz and source/SOURCE_irefindex.md; returns the descriptor. */
export function buildDemoInteractome(dataRoot: string, outDir: string, builtAt: string): NetworkDescriptor {
  const dir = join(dataRoot, 'irefindex_ppi_oi2');
  const file = join(dir, FILE);
  const graph = NetworkGraph.parse(readEdgeList(file));
  // Level 9 and a fixed header (Node writes mtime 0): the same input gives the same bytes.
  writeFileSync(
    join(outDir, 'networks', `${INTERACTOME_ID}.json.gz`),
    gzipSync(JSON.stringify(graph), { level: 9 }),
  );
  copyFileSync(join(dir, 'SOURCE.md'), join(outDir, 'source', 'SOURCE_irefindex.md'));
  chmodSync(join(outDir, 'source', 'SOURCE_irefindex.md'), 0o644);
  return {
    id: INTERACTOME_ID,
    name: 'iRefIndex v14 human interactome (OmicsIntegrator2 costs)',
    file: `networks/${INTERACTOME_ID}.json.gz`,
    nNodes: graph.nodes.length,
    nEdges: graph.edges.length,
    source: {
      fileName: FILE,
      sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
      citation: CITATION,
    },
    createdAt: builtAt,
  };
}
