/**
 * Streaming drug ranking: score every signature of a (possibly CMap-sized, 10⁵–10⁶ signatures) collection
 * against the reversed disease signature, with permutation p-values and BH-FDR, then aggregate per drug.
 *
 * Signatures arrive as batches of float32 rows (signatures × collection genes). Each batch is processed in
 * chunks of `chunkRows` rows, so memory is bounded by chunkRows × (genes + permutations) plus O(signatures)
 * for the per-signature results and O(drugs × permutations) for the drug-level null — never the collection.
 * Between chunks the AbortSignal is checked and progress reported.
 */
import { CausewayError } from '#shared/lib/result.ts';
import { DrugAggregator, type DrugScore, aggregateByDrug, rankDrugs } from './aggregate.ts';
import { benjaminiHochberg } from './fdr.ts';
import {
  type GeneAlignment,
  type MissingGenesReport,
  alignGenes,
  alignedDiseaseValues,
} from './gene-alignment.ts';
import { type NcsGroup, normalisedConnectivity } from './ncs.ts';
import { exceedancesFromNulls, pValuesFromExceedances, skipDraws } from './permutation-null.ts';
import { type MergedPermutations, type PermutationPart, nullCandidates } from './permutation-parts.ts';
import { SeededRng } from '../numeric/rng.ts';
import type { DrugAggregation, DrugScoreKind } from '#shared/contracts/drugs-rank.ts';
import type { BatchScorer, DiseaseSignature, SignatureBatch, SignatureCollection } from './scoring-types.ts';
import { type BackendOptions, type BackendRecord, openScorer } from './scoring-backend.ts';
import { type QueryGeneSets, reversalQuery } from './wtcs.ts';

export type { DiseaseSignature, SignatureBatch, SignatureCollection } from './scoring-types.ts';

export interface RankOptions extends BackendOptions {
  score: DrugScoreKind;
  /** WTCS: N genes in each of the up and down query sets (CMap accepts 10–150). Default 100. */
  querySize?: number;
  /** Restrict scoring to these genes (e.g. the 978 L1000 landmarks). */
  universe?: readonly string[];
  /** Permutation draws for the null (0 = no p-values). */
  permutations?: number;
  /** Required when permutations > 0: results must be reproducible from the recorded seed. */
  seed?: number;
  aggregate?: DrugAggregation;
  /** Rows scored per step; bounds scratch memory and the latency of cancellation. */
  chunkRows?: number;
  signal?: AbortSignal;
  /** Keep the drug-level null draws of the best this-many drugs (for plots of a score within its null). */
  keepDrugNulls?: number;
  onProgress?: (fraction: number, phase: string) => void | Promise<void>;
  /**
   * Score only null draws first … first+count−1 of the seeded sequence (one array task of a ranking split
   * by permutations): the result's p-values are over those draws, and `part` holds what combining needs.
   */
  permutationRange?: { first: number; count: number };
  /** The combining step of a split ranking: every range's counts (permutation-parts.ts); set permutations to 0. */
  merged?: MergedPermutations;
}

export interface RankedDrug extends DrugScore {
  rank: number;
  /** BH-FDR over drugs; NaN without permutations. */
  fdr: number;
  /** WTCS only: the drug's NCS, aggregated like the score. */
  ncs: number | null;
}

export interface RankingResult {
  parameters: {
    score: DrugScoreKind;
    querySize: number | null;
    permutations: number;
    seed: number | null;
    aggregate: DrugAggregation;
    rng: string;
    nullModel: string;
  };
  genes: { shared: number; missing: MissingGenesReport };
  /** WTCS only: the reversal query's gene sets. */
  query: { up: string[]; down: string[] } | null;
  signatures: {
    scores: Float64Array;
    pValues: Float64Array | null;
    fdr: Float64Array | null;
    ncs: Float64Array | null;
    /** Indices of signatures that could not be scored (non-finite values, zero variance). */
    unscorable: number[];
  };
  ncsGroups: NcsGroup[] | null;
  /** Best first; drugs without a scorable signature last. */
  drugs: RankedDrug[];
  /** Null draws of drugs[0 … keepDrugNulls−1] (aggregated like the score), when asked for. */
  drugNulls: Float32Array[];
  /** What ran the hot loop: JavaScript or onnxruntime, on which provider, and why. */
  backend: BackendRecord;
  /** With `permutationRange`: this range's exceedance counts and kept-drug candidates' draws. */
  part: PermutationPart | null;
}

const DEFAULT_QUERY_SIZE = 100;
const DEFAULT_CHUNK_ROWS = 512;

function cancelled(): CausewayError {
  return new CausewayError('E_CANCELLED', 'Drug ranking was cancelled.');
}

/** Progress with a cancellation check on either side (the callback may take a while to deliver). */
function reporter(options: RankOptions): (fraction: number, phase: string) => Promise<void> {
  const { signal, onProgress } = options;
  return async (fraction, phase) => {
    if (signal?.aborted) throw cancelled();
    await onProgress?.(fraction, phase);
    if (signal?.aborted) throw cancelled();
  };
}

function validate(
  options: RankOptions,
  collection: SignatureCollection,
): { permutations: number; chunkRows: number } {
  const permutations = options.permutations ?? 0;
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (!Number.isInteger(permutations) || permutations < 0) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `Permutations must be a non-negative integer, got ${permutations}.`,
    );
  }
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
    throw new CausewayError('E_INVALID_INPUT', `The seed must be an integer, got ${options.seed}.`);
  }
  if (permutations > 0 && options.seed === undefined) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      'Permutation p-values need an explicit seed, so that they can be reproduced.',
    );
  }
  if (!Number.isInteger(chunkRows) || chunkRows < 1) {
    throw new CausewayError('E_INVALID_INPUT', `chunkRows must be a positive integer, got ${chunkRows}.`);
  }
  if (collection.signatures.length === 0)
    throw new CausewayError('E_INVALID_INPUT', 'The signature collection is empty.');
  return { permutations, chunkRows };
}

/**
 * A disease signature that is the same on every shared gene (all zero, say: a contrast of identical
 * groups) has no up or down direction to reverse. Scoring it anyway gives blank cosine scores or p-values
 * from ties (an all-zero query once ranked 100 drugs at p = 0.0196), so it is refused.
 */
export function refuseFlatQuery(values: Float64Array): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (hi > lo) return;
  throw new CausewayError(
    'E_INVALID_INPUT',
    `The disease signature is ${lo === 0 ? 'zero' : `the constant ${lo}`} on all ${values.length} genes it ` +
      'shares with the collection: with nothing up or down there is nothing for a drug to reverse. ' +
      'Check that its value column holds fold changes or statistics (not an empty or constant column).',
  );
}

export async function rankSignatures(
  disease: DiseaseSignature,
  collection: SignatureCollection,
  options: RankOptions,
): Promise<RankingResult> {
  const { permutations, chunkRows } = validate(options, collection);
  const report = reporter(options);
  await report(0, 'aligning genes');

  const alignment = alignGenes(disease, collection.genes, options.universe);
  if (alignment.genes.length < 3) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `Only ${alignment.genes.length} genes are shared by the disease signature and the collection.`,
      {
        missing: {
          notInCollection: alignment.missing.notInCollection.length,
          notInDisease: alignment.missing.notInDisease.length,
        },
      },
    );
  }
  const diseaseValues = alignedDiseaseValues(alignment, disease.values);
  refuseFlatQuery(diseaseValues);
  const querySize = options.score === 'wtcs' ? (options.querySize ?? DEFAULT_QUERY_SIZE) : null;
  const query = querySize === null ? null : reversalQuery(diseaseValues, querySize);
  const reversed = diseaseValues.map((v) => -v);
  const range = options.permutationRange ?? { first: 0, count: permutations };
  if (options.permutationRange && range.first + range.count > permutations) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `Permutations ${range.first}…${range.first + range.count - 1} exceed the ${permutations} asked for.`,
    );
  }
  const draws = range.count;
  const setWidth = query ? query.up.length + query.down.length : null;
  const { scorer, record: backend } = await openScorer(
    {
      kind: options.score,
      alignment,
      reversedDisease: reversed,
      chunkRows,
      permutations: draws,
      rng: () => {
        if (draws === 0) return null;
        const rng = new SeededRng(options.seed!);
        skipDraws(rng, alignment.genes.length, setWidth, range.first);
        return rng;
      },
    },
    options,
    query,
  );
  try {
    return await scoreCollection(options, collection, alignment, query, scorer, backend, draws);
  } finally {
    await scorer.release?.();
  }
}

async function scoreCollection(
  options: RankOptions,
  collection: SignatureCollection,
  alignment: GeneAlignment,
  query: QueryGeneSets | null,
  scorer: BatchScorer,
  backend: BackendRecord,
  permutations: number,
): Promise<RankingResult> {
  const { signal } = options;
  const chunkRows = scorer.maxRows;
  const report = reporter(options);
  const querySize = query ? query.up.length : null;

  const total = collection.signatures.length;
  const width = collection.genes.length;
  const scores = new Float64Array(total);
  const exceedances = permutations > 0 ? new Int32Array(total) : null;
  const chunkScores = new Float64Array(chunkRows);
  const chunkNulls = permutations > 0 ? new Float32Array(chunkRows * permutations) : null;
  const aggregate = options.aggregate ?? 'best';
  const aggregator = new DrugAggregator(collection.signatures, aggregate, permutations);

  let done = 0;
  let lastReported = 0;
  await report(0, 'scoring signatures');
  for await (const batch of collection.batches) {
    if (batch.values.length !== batch.rows * width) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `A batch of ${batch.rows} signatures has ${batch.values.length} values; expected ${batch.rows * width}.`,
      );
    }
    if (done + batch.rows > total) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `More signature rows than the ${total} entries of the signature table.`,
      );
    }
    for (let first = 0; first < batch.rows; first += chunkRows) {
      const rows = Math.min(chunkRows, batch.rows - first);
      const pending = scorer.scoreRows(batch.values, first, rows, chunkScores, chunkNulls);
      if (pending) await pending;
      scores.set(chunkScores.subarray(0, rows), done);
      if (exceedances && chunkNulls)
        exceedancesFromNulls(chunkScores, chunkNulls, rows, permutations, exceedances, done);
      aggregator.add(done, rows, chunkScores, chunkNulls);
      done += rows;
      if (signal?.aborted) throw cancelled();
      if (done - lastReported >= total / 100 || done === total) {
        lastReported = done;
        await report(done / total, 'scoring signatures');
      }
    }
  }
  if (done !== total) {
    throw new CausewayError(
      'E_INVALID_INPUT',
      `The signature table lists ${total} signatures but ${done} rows arrived.`,
    );
  }

  await report(1, 'aggregating per drug');
  const unscorable: number[] = [];
  for (let i = 0; i < total; i++) if (Number.isNaN(scores[i]!)) unscorable.push(i);
  const ncsResult = options.score === 'wtcs' ? normalisedConnectivity(scores, collection.signatures) : null;
  const drugNcs = ncsResult
    ? aggregateByDrug(ncsResult.ncs, aggregator.drugOf, aggregator.drugs.length, aggregate)
    : null;
  // A split ranking's combining step scores without permutations and takes every range's counts instead.
  const { merged } = options;
  if (merged) merged.check(total, aggregator.drugs.length);
  const k = merged ? merged.permutations : permutations;
  const signatureCounts = merged ? merged.signatureExceedances : exceedances;
  const pValues = signatureCounts ? pValuesFromExceedances(signatureCounts, k) : null;
  const drugCounts = merged ? merged.drugExceedances : permutations > 0 ? aggregator.exceedances() : null;
  const drugScores = aggregator.finish(drugCounts, k);
  const drugFdr = benjaminiHochberg(drugScores.map((d) => d.pValue));
  // Explicit literals, not object spread: at CMap scale (10⁴–10⁵ drugs) spread costs more than scoring.
  const order = rankDrugs(drugScores);
  const keep = options.keepDrugNulls ?? 0;
  const kept = k > 0 ? Math.min(order.length, keep) : 0;
  const nullDraws = (d: number): Float32Array => (merged ? merged.nullDraws(d) : aggregator.nullDraws(d));
  const drugNulls = Array.from(order.subarray(0, kept), nullDraws);
  const part: PermutationPart | null =
    options.permutationRange && exceedances && drugCounts
      ? {
          first: options.permutationRange.first,
          count: permutations,
          signatureExceedances: exceedances,
          drugExceedances: drugCounts,
          nulls: nullCandidates(drugScores, keep).map((d) => ({ drug: d, draws: aggregator.nullDraws(d) })),
        }
      : null;
  const drugs = Array.from(order, (d, i): RankedDrug => {
    const { drug, score, pValue, nSignatures, bestSignature } = drugScores[d]!;
    const ncs = drugNcs ? drugNcs[d]! : null;
    return { rank: i + 1, drug, score, pValue, fdr: drugFdr[d]!, nSignatures, bestSignature, ncs };
  });

  return {
    parameters: {
      score: options.score,
      querySize,
      permutations: k,
      seed: k > 0 ? options.seed! : (options.seed ?? null),
      aggregate,
      rng: 'xoshiro128** seeded by splitmix32',
      nullModel:
        options.score === 'wtcs'
          ? 'random disjoint up/down gene sets of the query sizes, drawn from the shared genes'
          : 'permuted gene labels of the reversed disease signature',
    },
    genes: { shared: alignment.genes.length, missing: alignment.missing },
    query: query
      ? {
          up: [...query.up].map((g) => alignment.genes[g]!),
          down: [...query.down].map((g) => alignment.genes[g]!),
        }
      : null,
    signatures: {
      scores,
      pValues,
      fdr: pValues ? benjaminiHochberg(pValues) : null,
      ncs: ncsResult?.ncs ?? null,
      unscorable,
    },
    ncsGroups: ncsResult?.groups ?? null,
    drugs,
    drugNulls,
    backend,
    part,
  };
}

/** Present a row-major float32 matrix as batches of at most `batchRows` rows (views, no copies). */
export function* matrixBatches(
  values: Float32Array,
  width: number,
  batchRows: number,
): Generator<SignatureBatch> {
  const rows = values.length / width;
  for (let first = 0; first < rows; first += batchRows) {
    const count = Math.min(batchRows, rows - first);
    yield { values: values.subarray(first * width, (first + count) * width), rows: count };
  }
}
