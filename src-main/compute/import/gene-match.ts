// Does a network or drug–target table speak about the project's genes? Its node/target ids are compared
// with the genes of every dataset in the project, first by name (symbols case-insensitively, Ensembl
// without its version), then through the offline gene table, so an Entrez-id network still meets a
// symbol-named dataset. A file that meets none of them can be imported, but it will not connect to
// the data (network-restricted discovery, target overlap), and the user must be told so before.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import type { ReferenceGeneMatch } from '#shared/contracts/data-import.ts';
import { classifyId, idKey, type GeneMap } from '../genes/gene-map.ts';
import { GENE_COLUMN, withDatasetReader } from '../io/dataset-store/dataset-reader.ts';
import { readRegularFile } from '../io/regular-file.ts';

const EXAMPLES = 10;

/** The same normalisation as the gene table's lookup keys: versionless Ensembl, upper-case symbols. */
function norm(id: string): string {
  return idKey(classifyId(id), id).toUpperCase();
}

/**
 * The gene names of a project dataset. Imported datasets carry a small genes.arrow beside the matrix;
 * others (the demo's, derived signatures) only the matrix, whose names the store reader knows.
 */
export function readDatasetGenes(matrixPath: string): string[] {
  const genesFile = join(dirname(matrixPath), 'genes.arrow');
  if (!existsSync(genesFile)) return withDatasetReader(matrixPath, (r) => r.genes);
  const column = tableFromIPC(readRegularFile(genesFile)).getChild(GENE_COLUMN);
  if (!column) return [];
  return Array.from(column as Iterable<unknown>, (g) => (g === null || g === undefined ? '' : String(g)));
}

/** Match `ids` (duplicates allowed) against the union of `projectGenes`. */
export function matchProjectGenes(
  ids: Iterable<string>,
  projectGenes: readonly (readonly string[])[],
  map: GeneMap,
): ReferenceGeneMatch {
  const known = new Set<string>();
  for (const genes of projectGenes) for (const g of genes) if (g.trim()) known.add(norm(g));
  const distinct = new Set<string>();
  for (const id of ids) if (id.trim()) distinct.add(id.trim());
  let bySymbol = 0;
  let viaGeneMap = 0;
  const unmatched: string[] = [];
  for (const id of distinct) {
    if (known.has(norm(id))) {
      bySymbol++;
      continue;
    }
    // Another identifier of the same gene (Entrez 7157 ↔ TP53 ↔ ENSG00000141510) may be the project's.
    const rec = map.lookup(id);
    if (rec && [rec.symbol, rec.entrez, rec.ensembl].some((x) => x !== '' && known.has(norm(x)))) {
      viaGeneMap++;
    } else {
      unmatched.push(id);
    }
  }
  return {
    total: distinct.size,
    matched: bySymbol + viaGeneMap,
    bySymbol,
    viaGeneMap,
    unmatched: unmatched.length,
    unmatchedExamples: unmatched.slice(0, EXAMPLES),
    datasets: projectGenes.length,
    projectGenes: known.size,
  };
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/** One line for the report and the CLI: how many ids matched, and how. */
export function describeGeneMatch(m: ReferenceGeneMatch): string {
  if (m.datasets === 0)
    return `The project has no datasets yet, so the ${fmt(m.total)} gene ids were not checked against data.`;
  return (
    `${fmt(m.matched)} of ${fmt(m.total)} gene ids match genes of the project's ${m.datasets === 1 ? 'dataset' : `${m.datasets} datasets`}` +
    ` (${fmt(m.bySymbol)} by symbol, ${fmt(m.viaGeneMap)} through the offline gene map).`
  );
}

/**
 * Warnings (never errors: the import stays allowed). `what` names the file's kind for the message.
 * A project without datasets has nothing to compare with, which is not a problem of the file.
 */
export function geneMatchWarnings(m: ReferenceGeneMatch, what: 'network' | 'drug–target table'): string[] {
  if (m.datasets === 0 || m.unmatched === 0) return [];
  const examples = m.unmatchedExamples.slice(0, EXAMPLES).join(', ');
  if (m.matched === 0) {
    return [
      `None of the ${fmt(m.total)} gene ids of this ${what} match genes of the project's datasets ` +
        `(e.g. ${examples}): it will not connect to the data. Check that it uses the same identifiers ` +
        `(symbols, Entrez or Ensembl ids) and species.`,
    ];
  }
  return [
    `${fmt(m.unmatched)} of ${fmt(m.total)} gene ids of this ${what} match no gene of the project's ` +
      `datasets (e.g. ${examples}); they are imported but will not connect to the data.`,
  ];
}
