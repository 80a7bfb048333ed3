import { CausewayError } from '#shared/lib/result.ts';
import { SignatureCollectionFile } from '../../compute/drugs/collection.ts';
import { buildRankingResult, readTargetsTable } from '../../compute/drugs/ranking-result.ts';
import { readMatrixArrow } from '../../compute/io/arrow-matrix.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import { matrixBatches, rankSignatures } from '../../compute/signatures/rank-signatures.ts';
import type { Task } from '../runtime.ts';
import { transportCollection } from './drugs-transport.ts';
import { sha256File } from '../../compute/io/file-hash.ts';

/** Drugs whose null draws are kept for the detail plot. */
export const KEPT_DRUG_NULLS = 200;
/** Signatures per batch read from the collection: bounds memory to batch × genes floats. */
const BATCH_ROWS = 256;

export const drugsRankTask: Task<'drugs.rank'> = async (p, ctx) => {
  const started = Date.now();
  await ctx.progress('Reading the disease signature', 0);
  const disease = readMatrixArrow(p.disease.path);
  const column = disease.samples.indexOf(p.disease.column);
  if (column < 0) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${p.disease.name} has no column "${p.disease.column}"; it has ${disease.samples.join(', ')}.`,
    );
  }
  const width = disease.samples.length;
  const diseaseValues = Float64Array.from(disease.genes, (_, i) => disease.values[i * width + column]!);

  await ctx.progress('Reading the drug signatures', 0.02);
  const collection = new SignatureCollectionFile(p.collection.path, p.collection.samplesPath);
  const chosen = collection.select(p.cellTypes);
  const transported = p.transport
    ? await transportCollection(collection, chosen, p.transport, {
        seed: p.seed,
        signal: ctx.signal,
        progress: (f, message) =>
          void ctx.progress(`Transport: ${message}`, 0.02 + 0.03 * f).catch(() => undefined),
      })
    : null;
  const signatures = transported?.signatures ?? chosen.map((i) => collection.signatures[i]!);

  const ranking = await rankSignatures(
    { genes: disease.genes, values: diseaseValues },
    {
      genes: collection.genes,
      signatures,
      batches: transported
        ? matrixBatches(transported.values, collection.genes.length, BATCH_ROWS)
        : collection.batches(chosen, BATCH_ROWS),
    },
    {
      score: p.score,
      querySize: p.querySize,
      permutations: p.permutations,
      seed: p.seed,
      aggregate: p.aggregate,
      keepDrugNulls: KEPT_DRUG_NULLS,
      // About 50 steps whatever the size: progress and cancel stay responsive on small collections too.
      chunkRows: Math.min(512, Math.max(4, Math.ceil(signatures.length / 50))),
      signal: ctx.signal,
      onProgress: (fraction, phase) => ctx.progress(`Drug ranking: ${phase}`, 0.05 + 0.9 * fraction),
    },
  );

  await ctx.progress('Writing the result', 0.96);
  const result = buildRankingResult(ranking, {
    inputs: {
      disease: {
        datasetId: p.disease.datasetId,
        name: p.disease.name,
        column: p.disease.column,
        sha256: await sha256File(p.disease.path),
      },
      collection: {
        datasetId: p.collection.datasetId,
        name: p.collection.name,
        sha256: await sha256File(p.collection.path),
        nSignatures: collection.ids.length,
        nScored: signatures.length,
      },
      targets: p.targets
        ? { tableId: p.targets.tableId, name: p.targets.name, sha256: await sha256File(p.targets.path) }
        : null,
    },
    cellTypes: p.cellTypes,
    transport: transported?.summary ?? null,
    seed: p.seed,
    appVersion: p.appVersion,
    elapsedMs: Date.now() - started,
    createdAt: new Date().toISOString(),
    signatures,
    targets: p.targets ? readTargetsTable(p.targets.path) : null,
  });
  writeFileAtomic(p.resultPath, JSON.stringify(result));
  return {
    nDrugs: result.drugs.length,
    sharedGenes: result.genes.shared,
    top: result.drugs[0]?.drug ?? null,
  };
};
