import type { ParsedTaskParams, TaskResult } from '#shared/contracts/tasks.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { SignatureCollectionFile } from '../../compute/drugs/collection.ts';
import { buildRankingResult, readTargetsTable } from '../../compute/drugs/ranking-result.ts';
import { withDatasetReader } from '../../compute/io/dataset-store/dataset-reader.ts';
import { writeFileAtomic } from '../../compute/io/atomic-write.ts';
import {
  type DiseaseSignature,
  type RankingResult,
  matrixBatches,
  rankSignatures,
} from '../../compute/signatures/rank-signatures.ts';
import type { Task, TaskContext } from '../runtime.ts';
import { transportCollection } from './drugs-transport.ts';
import { sha256File } from '../../compute/io/file-hash.ts';
import { cachedSha256 } from '../../compute/io/hash-worker.ts';
import { mergePermutationParts, writePermutationPart } from '../../compute/signatures/permutation-parts.ts';

/** Drugs whose null draws are kept for the detail plot. */
export const KEPT_DRUG_NULLS = 200;
/**
 * Bytes per batch read from the collection (two such buffers are held): large enough that a read costs
 * little beyond its copy, small enough that memory stays bounded whatever the collection's size.
 */
const BATCH_BYTES = 8 << 20;

export const drugsRankTask: Task<'drugs.rank'> = async (p, ctx) => {
  const started = Date.now();
  await ctx.progress('Reading the disease signature', 0);
  const disease = withDatasetReader(p.disease.path, (r) => {
    const column = r.samples.indexOf(p.disease.column);
    if (column < 0) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `${p.disease.name} has no column "${p.disease.column}"; it has ${r.samples.join(', ')}.`,
      );
    }
    return { genes: r.genes, values: Float64Array.from(r.readSample(column)) };
  });

  await ctx.progress('Reading the drug signatures', 0.02);
  const collection = new SignatureCollectionFile(p.collection.path, p.collection.samplesPath);
  if (p.split) return rankPart(p, ctx, disease, collection, p.split);
  // The collection's sha256 (provenance): recorded beside the file by the writer that wrote it
  // (docs/dataset-store.md). A file without a record (old layout, or written before the record existed)
  // is hashed once, on another thread while this one scores: at CMap size hashing takes as long as
  // the ranking itself.
  const collectionHash = cachedSha256(p.collection.path);
  try {
    return await rankAndWrite(p, ctx, started, disease, collection, collectionHash.promise);
  } finally {
    collectionHash.cancel(); // a no-op once the hash is done; stops it when the ranking failed
  }
};

async function rankAndWrite(
  p: ParsedTaskParams<'drugs.rank'>,
  ctx: TaskContext,
  started: number,
  disease: DiseaseSignature,
  collection: SignatureCollectionFile,
  collectionSha256: Promise<string>,
): Promise<TaskResult<'drugs.rank'>> {
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

  const ranking = await rank(p, ctx, disease, collection, signatures, transported?.values ?? null, chosen);

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
        sha256: await collectionSha256,
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
    targets: p.targets ? readTargetsTable(p.targets.path, p.targets.lincsMappingPath) : null,
  });
  writeFileAtomic(p.resultPath, JSON.stringify(result));
  return {
    nDrugs: result.drugs.length,
    sharedGenes: result.genes.shared,
    top: result.drugs[0]?.drug ?? null,
  };
}

/**
 * Scores the chosen signatures (or their transported values). A split ranking's array task scores only
 * its permutation range; its combining step scores without permutations and takes the parts' counts
 * (compute/signatures/permutation-parts.ts): the result equals one run over all draws, bit for bit.
 */
function rank(
  p: ParsedTaskParams<'drugs.rank'>,
  ctx: TaskContext,
  disease: DiseaseSignature,
  collection: SignatureCollectionFile,
  signatures: SignatureCollectionFile['signatures'],
  transported: Float32Array | null,
  chosen: number[],
): Promise<RankingResult> {
  const batchRows = Math.max(1, Math.floor(BATCH_BYTES / 4 / Math.max(1, collection.genes.length)));
  const merged = p.merge ? mergePermutationParts(p.merge.partPaths, p.permutations) : undefined;
  return rankSignatures(
    disease,
    {
      genes: collection.genes,
      signatures,
      batches: transported
        ? matrixBatches(transported, collection.genes.length, batchRows)
        : collection.batches(chosen, batchRows),
    },
    {
      score: p.score,
      querySize: p.querySize,
      permutations: merged ? 0 : p.permutations,
      seed: p.seed,
      aggregate: p.aggregate,
      keepDrugNulls: KEPT_DRUG_NULLS,
      ...(p.split ? { permutationRange: { first: p.split.first, count: p.split.count } } : {}),
      ...(merged ? { merged } : {}),
      // About 50 steps whatever the size: progress and cancel stay responsive on small collections too.
      chunkRows: Math.min(512, Math.max(4, Math.ceil(signatures.length / 50))),
      signal: ctx.signal,
      onProgress: (fraction, phase) => ctx.progress(`Drug ranking: ${phase}`, 0.05 + 0.9 * fraction),
    },
  );
}

/** One permutation range of a split ranking: its counts go to the part file; the combining step writes the result. */
async function rankPart(
  p: ParsedTaskParams<'drugs.rank'>,
  ctx: TaskContext,
  disease: DiseaseSignature,
  collection: SignatureCollectionFile,
  split: NonNullable<ParsedTaskParams<'drugs.rank'>['split']>,
): Promise<TaskResult<'drugs.rank'>> {
  if (p.transport) {
    throw new CausewayError(
      'E_UNSUPPORTED',
      'A ranking with transport runs as one task; it cannot be split.',
    );
  }
  const chosen = collection.select(p.cellTypes);
  const signatures = chosen.map((i) => collection.signatures[i]!);
  const ranking = await rank(p, ctx, disease, collection, signatures, null, chosen);
  writePermutationPart(split.partPath, ranking.part!);
  return {
    nDrugs: ranking.drugs.length,
    sharedGenes: ranking.genes.shared,
    top: ranking.drugs[0]?.drug ?? null,
  };
}
