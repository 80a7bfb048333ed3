// Builds resources/demo (the one-click demo project) from the Belyaeva et al. 2021 inputs.
// Usage: node --import tsx scripts/build-demo.ts [sourceDir] [outDir]
// Deterministic: the same inputs give byte-identical files (a test rebuilds and compares).
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NetworkGraph } from '#shared/domain/network.ts';
import { PROJECT_SCHEMA_VERSION, type ProjectManifest } from '#shared/domain/project.ts';
import { writeMatrixArrow } from '../src-main/compute/io/arrow-matrix.ts';
import { DRUG_DEMO_LICENCE, buildDrugDemo } from './build-demo-drugs.ts';
import { INTERACTOME_LICENCE, buildDemoInteractome } from './build-demo-interactome.ts';

const BUILT_AT = '2026-11-22T00:00:00.000Z';
const CITATION =
  'Belyaeva A. et al. Causal network models of SARS-CoV-2 expression and aging to identify candidates for drug repurposing. Nat. Commun. 12, 1024 (2021).';

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function readCsvRows(file: string, sep: string): string[][] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) => line.split(sep));
}

function toNumber(cell: string | undefined, file: string, row: number, col: number): number {
  const x = Number(cell);
  if (cell === undefined || cell.trim() === '' || !Number.isFinite(x)) {
    throw new Error(`${basename(file)} row ${row + 1}, column ${col + 1}: "${cell}" is not a number`);
  }
  return x;
}

function attribute(value: string): string | number | boolean | null {
  if (value === '') return null;
  if (value === 'True') return true;
  if (value === 'False') return false;
  const x = Number(value);
  return Number.isFinite(x) && /^[-+0-9.eE]+$/.test(value) ? x : value;
}

/** `dataRoot` holds the other shared data folders (toy signature DB, DrugCentral); default: beside sourceDir. */
export function buildDemo(sourceDir: string, outDir: string, dataRoot = dirname(sourceDir)): ProjectManifest {
  rmSync(outDir, { recursive: true, force: true });
  for (const sub of ['datasets/a549_cells', 'datasets/sars_cov2_a549', 'networks', 'results', 'source']) {
    mkdirSync(join(outDir, sub), { recursive: true });
  }
  writeFileSync(join(outDir, 'results', '.keep'), '');

  // A549 single cells: genes in rows, cells in columns, log2 expression.
  const cellsFile = join(sourceDir, 'GSE81861_log2_ppi_252nodes.csv');
  const [header, ...rows] = readCsvRows(cellsFile, ',');
  if (!header) throw new Error('empty cells file');
  const samples = header.slice(1);
  const genes = rows.map((r) => r[0] ?? '');
  const values = new Float32Array(genes.length * samples.length);
  rows.forEach((r, i) => {
    for (let j = 0; j < samples.length; j++)
      values[i * samples.length + j] = toNumber(r[j + 1], cellsFile, i + 1, j + 1);
  });
  writeMatrixArrow(join(outDir, 'datasets/a549_cells/matrix.arrow'), { genes, samples, values });

  // Disease signature: log2 fold change, SARS-CoV-2-infected vs mock A549-ACE2 (one column).
  const sigFile = join(sourceDir, 'blancoA_l2fc.csv');
  const sigRows = readCsvRows(sigFile, ',').slice(1);
  const sigGenes = sigRows.map((r) => r[0] ?? '');
  const sigValues = Float32Array.from(sigRows, (r, i) => toNumber(r[1], sigFile, i + 1, 1));
  writeMatrixArrow(join(outDir, 'datasets/sars_cov2_a549/matrix.arrow'), {
    genes: sigGenes,
    samples: ['log2FC'],
    values: sigValues,
  });

  // PPI subnetwork selected by the prize-collecting Steiner tree, with node attributes.
  const nodesFile = join(sourceDir, 'ppi_network_252nodes.nodes.tsv');
  const edgesFile = join(sourceDir, 'ppi_network_252nodes.edges.tsv');
  const [nodeHeader, ...nodeRows] = readCsvRows(nodesFile, '\t');
  const [, ...edgeRows] = readCsvRows(edgesFile, '\t');
  const graph: NetworkGraph = {
    nodes: nodeRows.map((r) => ({
      id: r[0] ?? '',
      attributes: Object.fromEntries(
        (nodeHeader ?? []).slice(1).map((k, j) => [k, attribute(r[j + 1] ?? '')]),
      ),
    })),
    edges: edgeRows.map((r, i) => ({
      source: r[0] ?? '',
      target: r[1] ?? '',
      directed: false,
      attributes: { cost: toNumber(r[2], edgesFile, i + 1, 2) },
    })),
  };
  writeFileSync(join(outDir, 'networks/ppi_252.json'), JSON.stringify(graph));

  for (const f of [
    cellsFile,
    sigFile,
    nodesFile,
    edgesFile,
    join(sourceDir, 'terminals_ppi_analysis.tsv'),
    join(sourceDir, 'SOURCE.md'),
  ]) {
    copyFileSync(f, join(outDir, 'source', basename(f)));
    chmodSync(join(outDir, 'source', basename(f)), 0o644);
  }

  const drugs = buildDrugDemo(dataRoot, outDir, BUILT_AT);
  const interactome = buildDemoInteractome(dataRoot, outDir, BUILT_AT);

  const source = (file: string): { fileName: string; sha256: string; citation: string } => ({
    fileName: basename(file),
    sha256: sha256(file),
    citation: CITATION,
  });
  const manifest: ProjectManifest = {
    schemaVersion: PROJECT_SCHEMA_VERSION,
    name: 'SARS-CoV-2 in A549 cells (demo)',
    createdAt: BUILT_AT,
    modifiedAt: BUILT_AT,
    appVersion: '0.1.0',
    datasets: [
      {
        id: 'a549_cells',
        name: 'A549 single cells (GSE81861), 252 PPI genes',
        kind: 'expression',
        description: 'log2 expression of 74 single A549 cells on the 252 genes of the Steiner subnetwork.',
        matrixFile: 'datasets/a549_cells/matrix.arrow',
        nGenes: genes.length,
        nSamples: samples.length,
        source: source(cellsFile),
        createdAt: BUILT_AT,
      },
      {
        id: 'sars_cov2_a549',
        name: 'SARS-CoV-2 signature in A549-ACE2 (Blanco-Melo 2020)',
        kind: 'signature',
        description:
          'log2 fold change, SARS-CoV-2-infected vs mock-infected A549-ACE2 cells (GEO GSE147507).',
        matrixFile: 'datasets/sars_cov2_a549/matrix.arrow',
        nGenes: sigGenes.length,
        nSamples: 1,
        source: source(sigFile),
        createdAt: BUILT_AT,
      },
      ...drugs.datasets,
    ],
    networks: [
      {
        id: 'ppi_252',
        name: 'Steiner subnetwork of the iRefIndex interactome (252 genes)',
        file: 'networks/ppi_252.json',
        nNodes: graph.nodes.length,
        nEdges: graph.edges.length,
        source: source(edgesFile),
        createdAt: BUILT_AT,
      },
      interactome,
    ],
    tables: drugs.tables,
    runs: [],
    notes:
      'Inputs of Belyaeva et al. 2021 with the iRefIndex v14 interactome, the signatureSearch L1000 toy database and DrugCentral drug targets; see source/ and LICENSE.md.',
  };
  writeFileSync(join(outDir, 'project.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(
    join(outDir, 'LICENSE.md'),
    [
      '# Licence of the demo data',
      '',
      'The files in source/ and the Arrow/JSON files derived from them come from the repository',
      'uhlerlab/covid19_repurposing (folder Code_ppi/Save/, commit 9dbe94305b17db1cb5dba2e9a27c38d07a97dad3),',
      'released under the MIT licence by its authors (Belyaeva, Cammarata, Radhakrishnan, Squires, Yang,',
      'Shivashankar, Uhler). Underlying data: GEO GSE147507 (Blanco-Melo et al. 2020), GEO GSE81861',
      '(Li et al. 2017) and the iRefIndex v14 interactome.',
      '',
      'MIT licence: permission is hereby granted, free of charge, to any person obtaining a copy of this',
      'software and associated documentation files, to deal in them without restriction, including the',
      'rights to use, copy, modify, merge, publish, distribute, sublicense and/or sell copies, subject to',
      'including the copyright notice and this permission notice in all copies or substantial portions.',
      'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.',
      '',
      `Citation: ${CITATION}`,
      '',
      ...DRUG_DEMO_LICENCE,
      ...INTERACTOME_LICENCE,
    ].join('\n'),
  );
  return manifest;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(import.meta.url), '../..');
  const src = process.argv[2] ?? resolve(root, '../shared/data/covid19_belyaeva2021_inputs');
  const out = process.argv[3] ?? resolve(root, 'resources/demo');
  const m = buildDemo(src, out);
  process.stdout.write(
    `demo project written to ${out}: ${m.datasets.length} datasets, ${m.networks.length} networks\n`,
  );
}
