// Is an expression matrix raw (counts, intensities) or already on a log scale? Decides whether
// log2(x + 1) comes first, for the PCA of an import summary and for a disease signature's fold changes.
// Taking the log of log-scale data compresses every difference and turns fold changes into nonsense.

export interface ValueScale {
  /** True for raw counts or intensities: log2(x + 1) first. */
  raw: boolean;
  /** Why, in words the scientist can check against their data. */
  reason: string;
}

const fmt = (v: number): string => String(Number(v.toPrecision(4)));

/**
 * Negative values only occur on a log (or centred) scale; a maximum above 50 does not (2^50 reads);
 * below that, whole numbers are small counts and fractions are log values (RMA, log-CPM, log2 TPM).
 */
export function valueScale(data: ArrayLike<number>): ValueScale {
  let max = -Infinity;
  let min = Infinity;
  let fractions = false;
  for (let k = 0; k < data.length; k++) {
    const v = data[k]!;
    if (Number.isNaN(v)) continue;
    if (v > max) max = v;
    if (v < min) min = v;
    if (!fractions && v !== Math.round(v)) fractions = true;
  }
  if (max === -Infinity) return { raw: false, reason: 'no values' };
  if (min < 0)
    return { raw: false, reason: `values look log-scale already: some are negative (down to ${fmt(min)})` };
  if (max > 50) return { raw: true, reason: `values look like counts or intensities (up to ${fmt(max)})` };
  if (!fractions) return { raw: true, reason: `values are whole numbers up to ${fmt(max)}: counts` };
  return { raw: false, reason: `values look log-scale already: fractional and at most ${fmt(max)}` };
}
