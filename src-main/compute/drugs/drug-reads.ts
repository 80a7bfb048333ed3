import { isAbsolute } from 'node:path';
import {
  type DiseasePreview,
  type DrugDetail,
  DrugRankingResult,
  type ExportFormat,
} from '#shared/domain/drug-ranking.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { SignatureCollectionFile } from '../../compute/drugs/collection.ts';
import { EXPORT_MIME, exportRanking } from '../../compute/drugs/export/export-ranking.ts';
import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import { alignGenes, alignedDiseaseValues } from '../../compute/signatures/gene-alignment.ts';
import { reversalQuery } from '../../compute/signatures/wtcs.ts';
import type { ProjectService } from '../projects/project-service.ts';

/** Small reads for the drug-ranking UI (no job: a signature and one collection column at a time). */

const P_COLUMN = /^(p|p_?val(ue)?|pval|p\.value|fdr|padj|q)$/i;
/** An export sent back over the transport (server mode) rather than written to a path. */
const MAX_INLINE_EXPORT_BYTES = 64 * 1024 * 1024;

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

function column(projects: ProjectService, datasetId: string, name: string) {
  const dataset = projects.dataset(datasetId);
  const m = readMatrixArrow(projects.resolveFile(dataset.matrixFile));
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

function collectionOf(projects: ProjectService, datasetId: string): SignatureCollectionFile {
  const d = projects.dataset(datasetId);
  return new SignatureCollectionFile(
    projects.resolveFile(d.matrixFile),
    d.samplesFile ? projects.resolveFile(d.samplesFile) : null,
  );
}

/** The disease signature with the WTCS query sets the ranking will use (the engine's own functions). */
export function diseasePreview(
  projects: ProjectService,
  input: { diseaseDatasetId: string; column: string; collectionDatasetId: string; querySize: number },
): DiseasePreview {
  const disease = column(projects, input.diseaseDatasetId, input.column);
  const collection = collectionOf(projects, input.collectionDatasetId);
  const alignment = alignGenes(disease, collection.genes);
  const aligned = alignedDiseaseValues(alignment, disease.values);
  const fits = 2 * input.querySize < alignment.genes.length;
  const query = fits ? reversalQuery(aligned, input.querySize) : null;
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

export function rankingResult(projects: ProjectService, runId: string): DrugRankingResult {
  const parsed = DrugRankingResult.safeParse(projects.runResult(runId));
  if (!parsed.success) throw new CausewayError('E_INVALID_INPUT', `Run ${runId} is not a drug ranking.`);
  return parsed.data;
}

/** A drug's best signature against the disease signature on their shared genes. */
export function drugDetail(projects: ProjectService, input: { runId: string; drug: string }): DrugDetail {
  const result = rankingResult(projects, input.runId);
  const row = result.drugs.find((d) => d.drug === input.drug);
  if (!row?.best)
    throw new CausewayError('E_NOT_FOUND', `No scored signature of "${input.drug}" in this run.`);
  const { disease: d } = result.inputs;
  const disease = column(projects, d.datasetId, d.column);
  const collection = collectionOf(projects, result.inputs.collection.datasetId);
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

export interface ExportReply {
  fileName: string;
  mime: string;
  bytes: number;
  base64: string | null;
  path: string | null;
}

/** Writes the export to `path` (desktop, CLI) or returns it base64-encoded for a browser download. */
export function exportRun(
  projects: ProjectService,
  input: { runId: string; format: ExportFormat; path?: string | undefined },
): ExportReply {
  const result = rankingResult(projects, input.runId);
  const data = exportRanking(result, input.runId, input.format);
  const fileName = `drug-ranking-${input.runId}.${input.format}`;
  const mime = EXPORT_MIME[input.format];
  if (input.path !== undefined) {
    if (!isAbsolute(input.path) || !input.path.toLowerCase().endsWith(`.${input.format}`)) {
      throw new CausewayError('E_INVALID_INPUT', `Export to an absolute path ending in .${input.format}.`);
    }
    try {
      writeFileAtomic(input.path, data);
    } catch (e) {
      throw new CausewayError('E_IO', `Cannot write ${input.path} (${(e as Error).message}).`);
    }
    return { fileName, mime, bytes: data.length, base64: null, path: input.path };
  }
  if (data.length > MAX_INLINE_EXPORT_BYTES) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      'This export is too large to download; export it to a file path.',
    );
  }
  return { fileName, mime, bytes: data.length, base64: data.toString('base64'), path: null };
}
