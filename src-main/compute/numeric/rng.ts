/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number
 * generators", 2018) seeded through splitmix32, so that any 32-bit seed (0 included) gives a well-mixed
 * state. Small, fast in 32-bit integer arithmetic (which V8 compiles to machine integers), passes BigCrush;
 * cryptographic strength is not needed. The sequence is a pure function of the seed, so the same seed
 * reproduces the same result on every platform. The one generator of the app: every stochastic computation
 * takes an explicit seed and records it.
 *
 * Independent streams for parallel work (or for separate nulls of one run) are derived from (seed, index…)
 * by hashing with deriveSeed, never by sharing one generator, so that a run's randomness does not depend on
 * how many workers ran before it or in which order.
 */

const TWO_POW_32 = 4294967296;

function splitmix32(state: number): [next: number, out: number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [s, z >>> 0];
}

/** Mixes a seed with stream indices into one 32-bit seed (order-sensitive, avalanche via splitmix). */
export function deriveSeed(seed: number, ...indices: number[]): number {
  let [state, out] = splitmix32(seed >>> 0);
  for (const idx of indices) {
    [state, out] = splitmix32((state ^ Math.imul(idx >>> 0, 0x27d4eb2d) ^ out) | 0);
  }
  return out;
}

export class SeededRng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | undefined;

  /** @param seed an integer in [0, 2^32), the range the job contracts allow: nothing is wrapped silently. */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed >= TWO_POW_32) {
      throw new RangeError(`Seed must be an integer in [0, 2^32), got ${seed}`);
    }
    let st = seed >>> 0;
    let o: number;
    [st, o] = splitmix32(st);
    this.s0 = o;
    [st, o] = splitmix32(st);
    this.s1 = o;
    [st, o] = splitmix32(st);
    this.s2 = o;
    [, o] = splitmix32(st);
    this.s3 = o;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // all-zero state is a fixed point
  }

  /**
   * A generator with an explicit xoshiro128** state, bypassing seeding: lets tests check the core against
   * the reference implementation's published output. Not for production use (the state must not be all 0).
   */
  static fromState(s0: number, s1: number, s2: number, s3: number): SeededRng {
    const rng = new SeededRng(0);
    rng.s0 = s0 | 0;
    rng.s1 = s1 | 0;
    rng.s2 = s2 | 0;
    rng.s3 = s3 | 0;
    return rng;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [a, b). */
  uniformIn(a: number, b: number): number {
    return a + (b - a) * this.uniform();
  }

  /** Uniform integer in [0, n), unbiased (rejection of the incomplete last block). */
  integer(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > TWO_POW_32) {
      throw new RangeError(`integer(n) needs an integer 0 < n ≤ 2^32, got ${n}`);
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const v = this.nextUint32();
      if (v < limit) return v % n;
    }
  }

  /** Standard normal draw (Marsaglia polar method, caching the second variate). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    for (;;) {
      const u = 2 * this.uniform() - 1;
      const v = 2 * this.uniform() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spareNormal = v * f;
        return u * f;
      }
    }
  }

  /** Fisher–Yates shuffle in place (Durstenfeld's variant), arrays and typed arrays alike. */
  shuffle<T extends { length: number; [index: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const held = items[i];
      items[i] = items[j];
      items[j] = held;
    }
    return items;
  }

  /**
   * `count` distinct integers from [0, population), in random order, written into `out` (length ≥ count).
   * Partial Fisher–Yates over a scratch identity array: exact uniform sampling without replacement.
   */
  sampleDistinct(count: number, population: number, out: Int32Array, scratch?: Int32Array): Int32Array {
    if (count > population || count < 0) {
      throw new RangeError(`Cannot draw ${count} distinct items from ${population}`);
    }
    const pool = scratch && scratch.length >= population ? scratch : new Int32Array(population);
    for (let i = 0; i < population; i++) pool[i] = i;
    for (let i = 0; i < count; i++) {
      const j = i + this.integer(population - i);
      const picked = pool[j]!;
      pool[j] = pool[i]!;
      pool[i] = picked;
      out[i] = picked;
    }
    return out;
  }

  /** k distinct indices from [0, n) without replacement, sorted ascending (keeps row order stable). */
  subsample(n: number, k: number): Int32Array {
    return this.sampleDistinct(k, n, new Int32Array(k)).sort();
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
