// NaN (missing) and ±Infinity (refused) in a float32 result, found on the bit pattern: an all-ones
// exponent. An integer test over an Int32Array view runs ~3× faster than `v - v !== 0` on the floats
// (bench/import.ts: ~0.15 s per 200 MB at 2.9 ns a value), and it is one pass over every value.
const EXP = 0x7f800000;
const MANT = 0x007fffff;

/** Count of NaNs, and the index of the first infinity (-1: none). */
export function scanNonFinite(data: Float32Array): { missing: number; infinite: number } {
  const bits = new Int32Array(data.buffer, data.byteOffset, data.length);
  let missing = 0;
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i] as number;
    if ((b & EXP) !== EXP) continue;
    if ((b & MANT) === 0) return { missing, infinite: i };
    missing++;
  }
  return { missing, infinite: -1 };
}
