import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { ParsedTaskParams, RankingExport } from '#shared/contracts/tasks.ts';
import { type DiseasePreview, type DrugDetail, DrugRankingResult } from '#shared/domain/drug-ranking.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { SignatureCollectionFile } from './collection.ts';
import { EXPORT_MIME, exportRanking } from './export/export-ranking.ts';
import { readMatrixArrow } from '../io/arrow-matrix.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { alignGenes, alignedDiseaseValues } from '../signatures/gene-alignment.ts';
import { reversalQuery } from '../signatures/wtcs.ts';

/**
 * Small reads for the drug-ranking UI (a signature and one collection column at a time), run by the
 * interactive worker so main never parses a collection. Main resolved every path.
 */

type DatasetFiles = ParsedTaskParams<'drugs.preview'>['collection'];

const P_COLUMN = /^(p|p_?val(ue)?|pval|p\.value|fdr|padj|q)$/i;
/** An export sent back over the transport (server mode) rather than written to a path. */
const MAX_INLINE_EXPORT_BYTES = 64 * 1024 * 1024;

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function column(dataset: { name: string; matrixPath: string }, name: string) {
  const m = readMatrixArrow(dataset.matrixPath);
  const j = m.samples.indexOf(name);
  if (j < 0) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${dataset.name} has no column "${name}" (it has ${m.samples.join(', ')}).`,
    );
  }
  const n = m.samples.length;
  const pick = (k: number): Float64Array => Float64Array.from(m.genes, (_, i) => m.values[i * n + k]!);
  const pj = m.samples.findIndex((s) => P_COLUMN.test(s));
  return { genes: m.genes, values: pick(j), pValues: pj >= 0 ? pick(pj) : null };
}

const collectionOf = (d: DatasetFiles): SignatureCollectionFile =>
  new SignatureCollectionFile(d.matrixPath, d.samplesPath);

/** The disease signature with the WTCS query sets the ranking will use (the engine's own functions). */
export function diseasePreview(p: ParsedTaskParams<'drugs.preview'>): DiseasePreview {
  const disease = column(p.disease, p.disease.column);
  const collection = collectionOf(p.collection);
  const alignment = alignGenes(disease, collection.genes);
  const aligned = alignedDiseaseValues(alignment, disease.values);
  const fits = 2 * p.querySize < alignment.genes.length;
  const query = fits ? reversalQuery(aligned, p.querySize) : null;
  return {
    genes: disease.genes,
    values: Array.from(disease.values, finite),
    pValues: disease.pValues ? Array.from(disease.pValues, finite) : null,
    shared: alignment.genes.length,
    // The reversal query's "down" set is what the drug should push down: the genes up in disease.
    upInDisease: query ? Array.from(query.down, (g) => alignment.genes[g]!) : [],
    downInDisease: query ? Array.from(query.up, (g) => alignment.genes[g]!) : [],
  };
}

function rankingResult(resultPath: string, runId: string): DrugRankingResult {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(resultPath, 'utf8'));
  } catch {
    throw new CausewayError('E_CORRUPT_PROJECT', `The result of run ${runId} cannot be read.`);
  }
  const parsed = DrugRankingResult.safeParse(json);
  if (!parsed.success) throw new CausewayError('E_INVALID_INPUT', `Run ${runId} is not a drug ranking.`);
  return parsed.data;
}

function projectDataset(datasets: DatasetFiles[], id: string): DatasetFiles {
  const d = datasets.find((x) => x.id === id);
  if (!d) throw new CausewayError('E_NOT_FOUND', `The project no longer has dataset ${id}.`);
  return d;
}

/** A drug's best signature against the disease signature on their shared genes. */
export function drugDetail(p: ParsedTaskParams<'drugs.detail'>): DrugDetail {
  const result = rankingResult(p.resultPath, p.runId);
  const row = result.drugs.find((d) => d.drug === p.drug);
  if (!row?.best) throw new CausewayError('E_NOT_FOUND', `No scored signature of "${p.drug}" in this run.`);
  const { disease: d } = result.inputs;
  const disease = column(projectDataset(p.datasets, d.datasetId), d.column);
  const collection = collectionOf(projectDataset(p.datasets, result.inputs.collection.datasetId));
  const index = collection.ids.indexOf(row.best.id);
  if (index < 0) throw new CausewayError('E_NOT_FOUND', `The collection no longer has ${row.best.id}.`);
  const signature = collection.column(index);
  const alignment = alignGenes(disease, collection.genes);
  const genes: string[] = [];
  const dv: number[] = [];
  const sv: number[] = [];
  alignment.genes.forEach((gene, k) => {
    const x = disease.values[alignment.diseaseIndex[k]!]!;
    const y = signature[alignment.collectionIndex[k]!]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    genes.push(gene);
    dv.push(Number(x.toPrecision(6)));
    sv.push(Number(y.toPrecision(6)));
  });
  return { drug: row.drug, signatureId: row.best.id, genes, disease: dv, signature: sv };
}

/** Writes the export to `path` (desktop, CLI) or returns it base64-encoded for a browser download. */
export function exportRankingRun(p: ParsedTaskParams<'ranking.export'>): RankingExport {
  const result = rankingResult(p.resultPath, p.runId);
  const data = exportRanking(result, p.runId, p.format);
  const fileName = `drug-ranking-${p.runId}.${p.format}`;
  const mime = EXPORT_MIME[p.format];
  if (p.path !== null) {
    if (!isAbsolute(p.path) || !p.path.toLowerCase().endsWith(`.${p.format}`)) {
      throw new CausewayError('E_INVALID_INPUT', `Export to an absolute path ending in .${p.format}.`);
    }
    try {
      writeFileAtomic(p.path, data);
    } catch (e) {
      throw new CausewayError('E_IO', `Cannot write ${p.path} (${(e as Error).message}).`);
    }
    return { fileName, mime, bytes: data.length, base64: null, path: p.path };
  }
  if (data.length > MAX_INLINE_EXPORT_BYTES) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      'This export is too large to download; export it to a file path.',
    );
  }
  return { fileName, mime, bytes: data.length, base64: data.toString('base64'), path: null };
}
