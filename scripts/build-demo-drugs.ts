// The drug-ranking part of the demo project: the signatureSearch toy database (100 real L1000 signatures
// in SKB cells) as a drug-signature collection with its signature table, the reversed vorinostat
// signature as a positive-control query, and the DrugCentral drug–target table. Deterministic.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DatasetDescriptor, TableDescriptor } from '#shared/domain/project.ts';
import { writeMatrixArrow } from '../src-main/compute/io/arrow-matrix.ts';
import { readDrugTargets } from '../src-main/compute/io/drug-targets.ts';
import { writeMetaArrow } from '../src-main/compute/io/meta-table.ts';

const TOYDB_CITATION =
  'Duan Y. et al. signatureSearch: environment for gene expression signature searching and functional interpretation. Nucleic Acids Res. 48, e124 (2020); LINCS L1000 GSE92742 (Subramanian et al., Cell 2017).';
const DRUGCENTRAL_CITATION =
  'Ursu O. et al. DrugCentral: online drug compendium. Nucleic Acids Res. 45, D932–D939 (2017); github.com/olegursu/drugtarget (CC BY 4.0).';

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function tsvRows(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) => line.split('\t'));
}

/** Entrez gene id → symbol from the L1000 probe annotations (single-gene probes only). */
function entrezToSymbol(geneinfoGz: string): Map<string, string> {
  const [header, ...rows] = tsvRows(gunzipSync(readFileSync(geneinfoGz)).toString('utf8'));
  const id = header?.indexOf('pr_gene_id') ?? -1;
  const symbol = header?.indexOf('pr_gene_symbol') ?? -1;
  if (id < 0 || symbol < 0) throw new Error(`${geneinfoGz}: no pr_gene_id / pr_gene_symbol columns`);
  const map = new Map<string, string>();
  for (const r of rows) {
    const g = r[id] ?? '';
    const s = r[symbol] ?? '';
    if (!g || !s || g.includes('///')) continue;
    const known = map.get(g);
    if (known !== undefined && known !== s) throw new Error(`Entrez ${g} maps to both ${known} and ${s}`);
    map.set(g, s);
  }
  return map;
}

export interface DrugDemoParts {
  datasets: DatasetDescriptor[];
  tables: TableDescriptor[];
  sourceFiles: string[];
}

export function buildDrugDemo(dataRoot: string, outDir: string, builtAt: string): DrugDemoParts {
  const toyDir = join(dataRoot, 'lincs_l1000_signaturesearch_toydb');
  const dcDir = join(dataRoot, 'drugcentral_2016_drugtarget');
  const geneinfo = join(dataRoot, 'lincs_l1000_consensus_dhimmel', 'geneinfo.tsv.gz');
  const symbols = entrezToSymbol(geneinfo);

  // Collection: genes (as symbols, to meet disease signatures) × 100 signatures, level-5 z-scores.
  const zFile = join(toyDir, 'sample_db_zscores_5000genes_x_100sigs.tsv');
  const [zHeader, ...zRows] = tsvRows(readFileSync(zFile, 'utf8'));
  if (!zHeader) throw new Error(`${zFile} is empty`);
  const signatureIds = zHeader.slice(1);
  const nSig = signatureIds.length;
  const genes = zRows.map((r, i) => {
    const symbol = symbols.get(r[0] ?? '');
    if (!symbol) throw new Error(`${basename(zFile)} row ${i + 2}: Entrez ${r[0]} has no symbol`);
    return symbol;
  });
  if (new Set(genes).size !== genes.length) throw new Error('two Entrez ids map to one symbol');
  const values = new Float32Array(genes.length * nSig);
  zRows.forEach((r, i) => {
    for (let j = 0; j < nSig; j++) {
      const x = Number(r[j + 1]);
      if (!Number.isFinite(x)) throw new Error(`${basename(zFile)} row ${i + 2}: "${r[j + 1]}"`);
      values[i * nSig + j] = x;
    }
  });
  mkdirSync(join(outDir, 'datasets/lincs_toydb_skb'), { recursive: true });
  writeMatrixArrow(join(outDir, 'datasets/lincs_toydb_skb/matrix.arrow'), {
    genes,
    samples: signatureIds,
    values,
  });

  // Signature table: drug, cell type, dose, time, perturbation type (dose/time are not in the toy DB).
  const tableFile = join(toyDir, 'sample_db_signatures.tsv');
  const [tHeader, ...tRows] = tsvRows(readFileSync(tableFile, 'utf8'));
  const col = (name: string): number => {
    const i = tHeader?.indexOf(name) ?? -1;
    if (i < 0) throw new Error(`${tableFile}: no ${name} column`);
    return i;
  };
  const byId = new Map(tRows.map((r) => [r[col('sig_name')] ?? '', r]));
  const rowOf = (id: string): string[] => {
    const r = byId.get(id);
    if (!r) throw new Error(`${id} is missing from ${basename(tableFile)}`);
    return r;
  };
  writeMetaArrow(join(outDir, 'datasets/lincs_toydb_skb/samples.arrow'), 'sample', signatureIds, {
    drug: signatureIds.map((id) => rowOf(id)[col('pert_iname')] ?? null),
    cell_type: signatureIds.map((id) => rowOf(id)[col('cell_id')] ?? null),
    dose: signatureIds.map(() => 'not recorded'),
    time: signatureIds.map(() => 'not recorded'),
    perturbation_type: signatureIds.map((id) => rowOf(id)[col('pert_type')] ?? null),
    hdac_inhibitor_control: signatureIds.map((id) =>
      rowOf(id)[col('is_hdac_inhibitor_positive_control')] === '1' ? 'yes' : 'no',
    ),
  });

  // Positive control: the vorinostat signature, sign-flipped, as a "disease" signature.
  const q = signatureIds.indexOf('vorinostat__SKB__trt_cp');
  if (q < 0) throw new Error('the toy DB has no vorinostat signature');
  mkdirSync(join(outDir, 'datasets/vorinostat_skb_reversed'), { recursive: true });
  writeMatrixArrow(join(outDir, 'datasets/vorinostat_skb_reversed/matrix.arrow'), {
    genes,
    samples: ['negated_z'],
    values: Float32Array.from(genes, (_, i) => -values[i * nSig + q]!),
  });

  // DrugCentral drug–target pairs (multi-gene targets split), as an Arrow table.
  const dcFile = join(dcDir, 'drug_target.tsv');
  const pairs = readDrugTargets(dcFile);
  mkdirSync(join(outDir, 'tables'), { recursive: true });
  writeMetaArrow(
    join(outDir, 'tables/drugcentral_targets.arrow'),
    'drug',
    pairs.map((p) => p.drug),
    {
      gene: pairs.map((p) => p.gene),
      action: pairs.map((p) => p.action || null),
      target_name: pairs.map((p) => p.targetName || null),
      // DRUG_ID lets the LINCS name mapping (resources/drugs/LINCS_mapping.tsv) reach the table.
      drug_id: pairs.map((p) => p.drugId || null),
    },
  );

  const copies: [string, string][] = [
    [tableFile, 'sample_db_signatures.tsv'],
    [join(toyDir, 'SOURCE.md'), 'SOURCE_signaturesearch_toydb.md'],
    [join(dcDir, 'SOURCE.md'), 'SOURCE_drugcentral.md'],
    [join(dcDir, 'LICENSE_CC-BY-4.0.txt'), 'LICENSE_DrugCentral_CC-BY-4.0.txt'],
  ];
  for (const [from, name] of copies) {
    copyFileSync(from, join(outDir, 'source', name));
    chmodSync(join(outDir, 'source', name), 0o644);
  }

  const toySource = { fileName: basename(zFile), sha256: sha256(zFile), citation: TOYDB_CITATION };
  return {
    datasets: [
      {
        id: 'lincs_toydb_skb',
        name: 'L1000 drug signatures, signatureSearch toy DB (100, SKB cells)',
        kind: 'drug-signatures',
        description:
          'Level-5 moderated z-scores of 100 LINCS L1000 compound signatures in SKB cells (95 random compounds + 5 HDAC inhibitors), 5,000 genes; Entrez ids mapped to symbols with the L1000 probe annotations (dhimmel/lincs geneinfo).',
        matrixFile: 'datasets/lincs_toydb_skb/matrix.arrow',
        samplesFile: 'datasets/lincs_toydb_skb/samples.arrow',
        nGenes: genes.length,
        nSamples: nSig,
        source: toySource,
        createdAt: builtAt,
      },
      {
        id: 'vorinostat_skb_reversed',
        name: 'Positive control: vorinostat signature, reversed (SKB)',
        kind: 'signature',
        description:
          'The negated L1000 vorinostat signature of the toy DB. Ranked against the collection, vorinostat itself and the HDAC inhibitors trichostatin A, HC-toxin and pyroxamide must come first.',
        matrixFile: 'datasets/vorinostat_skb_reversed/matrix.arrow',
        nGenes: genes.length,
        nSamples: 1,
        source: toySource,
        createdAt: builtAt,
      },
    ],
    tables: [
      {
        id: 'drugcentral_targets',
        name: 'DrugCentral drug–target table (2016)',
        kind: 'drug-targets',
        description: 'Mechanism-of-action targets of approved drugs, one row per drug–gene pair.',
        file: 'tables/drugcentral_targets.arrow',
        nRows: pairs.length,
        source: { fileName: basename(dcFile), sha256: sha256(dcFile), citation: DRUGCENTRAL_CITATION },
        createdAt: builtAt,
      },
    ],
    sourceFiles: copies.map(([, name]) => name),
  };
}

export const DRUG_DEMO_LICENCE = [
  '## Drug-ranking data',
  '',
  '- `datasets/lincs_toydb_skb`, `datasets/vorinostat_skb_reversed`, `source/sample_db_signatures.tsv`: the',
  '  toy signature database of the Bioconductor package signatureSearch (girke-lab/signatureSearch, commit',
  '  b64347cb80e1f2856033c254203310e3d1acf67c, Artistic-2.0), a subset of LINCS L1000 GSE92742 level-5',
  '  data (LINCS terms: CC BY 4.0-style, attribute LINCS). Gene symbols from dhimmel/lincs geneinfo',
  '  (CC BY 4.0). See source/SOURCE_signaturesearch_toydb.md.',
  '- `tables/drugcentral_targets.arrow`: DrugCentral 2016 drug_target.tsv (olegursu/drugtarget, commit',
  '  64630f7c2bc050f5af0a7cac7b08e778125284bc), CC BY 4.0 — source/LICENSE_DrugCentral_CC-BY-4.0.txt.',
  `  Citation: ${DRUGCENTRAL_CITATION}`,
  '',
  `Citation (signatures): ${TOYDB_CITATION}`,
  '',
];
