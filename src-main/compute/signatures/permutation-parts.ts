/**
 * A drug ranking split by permutations (one SLURM array task per range of null draws), and its combining.
 *
 * Every range scores all signatures against its own draws — draws first … first+count−1 of the seeded
 * sequence, reached by skipping the earlier ones (permutation-null.ts, skipDraws) — and keeps, per
 * signature and per drug, how many of its draws reached the observed score. Each draw's null score
 * depends only on that draw, and a p-value only on the count, so summing the ranges' counts gives the
 * counts of one run over all K draws: the same p-values, FDR and order, bit for bit. The drug-level null
 * draws kept for plots (the best `keepDrugNulls` drugs) are concatenated in range order; since the final
 * order is known only after combining (p-values break score ties), each range keeps every drug whose
 * score reaches the keepDrugNulls-th best score — a superset of the kept drugs that depends on scores alone.
 *
 * A part is one binary file: a little-endian u32 header length, the JSON header, padding to 4 bytes, then
 * the signature counts (int32), the drug counts (int32) and the candidates' draws (float32, count each).
 */
import { readFileSync } from 'node:fs';
import { CausewayError } from '#shared/lib/result.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import type { DrugScore } from './aggregate.ts';

export interface PermutationPart {
  first: number;
  count: number;
  /** Per signature: its draws ≥ its score; −1 for an unscorable signature. */
  signatureExceedances: Int32Array;
  /** Per drug (in the collection's first-appearance order): likewise, on the drug-level null. */
  drugExceedances: Int32Array;
  /** The drugs that may be kept for plots, with their `count` drug-level draws of this range. */
  nulls: { drug: number; draws: Float32Array }[];
}

/** Every range's counts summed, for the combining step (RankOptions.merged). */
export interface MergedPermutations {
  permutations: number;
  signatureExceedances: Int32Array;
  drugExceedances: Int32Array;
  /** Drug d's draws over all K, in draw order (empty for a drug without a scorable signature). */
  nullDraws(d: number): Float32Array;
  /** Throws unless the parts were computed over this many signatures and drugs. */
  check(signatures: number, drugs: number): void;
}

/** Drugs whose score reaches the keep-th best score (NaN counting as −∞): every drug that may be kept. */
export function nullCandidates(drugScores: readonly DrugScore[], keep: number): number[] {
  const kept = Math.min(keep, drugScores.length);
  if (kept <= 0) return [];
  const key = (d: DrugScore): number => (Number.isNaN(d.score) ? Number.NEGATIVE_INFINITY : d.score);
  const threshold = Float64Array.from(drugScores, key).sort().reverse()[kept - 1]!;
  const out: number[] = [];
  drugScores.forEach((d, i) => {
    if (key(d) >= threshold) out.push(i);
  });
  return out;
}

interface Header {
  first: number;
  count: number;
  signatures: number;
  drugs: number;
  candidates: number[];
  /** Length of each candidate's draws (0 for a drug without a scorable signature). */
  lengths: number[];
}

export function writePermutationPart(path: string, part: PermutationPart): void {
  const header: Header = {
    first: part.first,
    count: part.count,
    signatures: part.signatureExceedances.length,
    drugs: part.drugExceedances.length,
    candidates: part.nulls.map((n) => n.drug),
    lengths: part.nulls.map((n) => n.draws.length),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = Math.ceil((4 + json.length) / 4) * 4;
  const drawValues = header.lengths.reduce((a, b) => a + b, 0);
  const bytes = Buffer.alloc(start + 4 * (header.signatures + header.drugs + drawValues));
  bytes.writeUInt32LE(json.length, 0);
  json.copy(bytes, 4);
  let at = start;
  const put = (values: Int32Array | Float32Array): void => {
    Buffer.from(values.buffer, values.byteOffset, values.byteLength).copy(bytes, at);
    at += values.byteLength;
  };
  put(part.signatureExceedances);
  put(part.drugExceedances);
  for (const n of part.nulls) put(n.draws);
  writeFileAtomic(path, bytes);
}

function readPart(path: string): PermutationPart & { lengths: number[] } {
  const bytes = readFileSync(path);
  const length = bytes.readUInt32LE(0);
  const header = JSON.parse(bytes.subarray(4, 4 + length).toString('utf8')) as Header;
  // Copied out: the file buffer's offset need not be 4-aligned for typed-array views.
  const aligned = new Uint8Array(bytes.subarray(Math.ceil((4 + length) / 4) * 4)).buffer;
  let at = 0;
  const take = <T>(n: number, make: (b: ArrayBuffer, o: number, n: number) => T): T => {
    const out = make(aligned, at, n);
    at += 4 * n;
    return out;
  };
  const signatureExceedances = take(header.signatures, (b, o, n) => new Int32Array(b, o, n));
  const drugExceedances = take(header.drugs, (b, o, n) => new Int32Array(b, o, n));
  const nulls = header.candidates.map((drug, i) => ({
    drug,
    draws: take(header.lengths[i]!, (b, o, n) => new Float32Array(b, o, n)),
  }));
  return { ...header, signatureExceedances, drugExceedances, nulls };
}

/** Reads and sums the parts of permutations 0 … K−1 (in any order); throws if one is missing or overlaps. */
export function mergePermutationParts(paths: readonly string[], permutations: number): MergedPermutations {
  const parts = paths.map(readPart).sort((a, b) => a.first - b.first);
  let next = 0;
  for (const p of parts) {
    if (p.first !== next) {
      throw new CausewayError(
        'E_INVALID_INPUT',
        `Permutation parts do not tile 0…${permutations - 1}: expected one from ${next}, got ${p.first}.`,
      );
    }
    next += p.count;
  }
  if (next !== permutations || parts.length === 0) {
    throw new CausewayError('E_INVALID_INPUT', `Permutation parts cover ${next} of ${permutations} draws.`);
  }
  const [head] = parts as [PermutationPart & { lengths: number[] }];
  const sum = (pick: (p: PermutationPart) => Int32Array): Int32Array => {
    const out = Int32Array.from(pick(head));
    for (const p of parts.slice(1)) {
      const values = pick(p);
      if (values.length !== out.length)
        throw new CausewayError('E_INVALID_INPUT', 'Permutation parts disagree in size.');
      // −1 (unscorable) is the same in every part: keep it rather than summing it.
      for (let i = 0; i < out.length; i++) if (out[i]! >= 0) out[i]! += values[i]!;
    }
    return out;
  };
  const signatureExceedances = sum((p) => p.signatureExceedances);
  const drugExceedances = sum((p) => p.drugExceedances);
  const draws = new Map<number, Float32Array>();
  head.nulls.forEach(({ drug }, i) => {
    const all = new Float32Array(head.lengths[i] === 0 ? 0 : permutations);
    if (all.length > 0) parts.forEach((p) => all.set(p.nulls[i]!.draws, p.first));
    draws.set(drug, all);
  });
  return {
    permutations,
    signatureExceedances,
    drugExceedances,
    nullDraws(d) {
      const found = draws.get(d);
      if (!found)
        throw new CausewayError('E_INVALID_INPUT', `No permutation part kept drug ${d}'s null draws.`);
      return found;
    },
    check(signatures, drugs) {
      if (signatureExceedances.length !== signatures || drugExceedances.length !== drugs) {
        throw new CausewayError(
          'E_INVALID_INPUT',
          `The permutation parts are of ${signatureExceedances.length} signatures and ${drugExceedances.length} drugs; this ranking has ${signatures} and ${drugs}.`,
        );
      }
    },
  };
}
