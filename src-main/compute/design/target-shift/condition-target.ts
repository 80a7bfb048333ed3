/**
 * A target state observed in another condition (issue 14 §2, docs/methods.md §6.2): which samples of the
 * expression matrix are in the condition, read in the worker from the dataset's sample table
 * (samples.arrow, its `sample` column naming the matrix's samples). The target is their mean, and they
 * are left out of the fit: the SCM is fitted on unperturbed cells (shift 0), and a condition's samples are
 * cells under some other, unknown perturbation.
 */
import { CausewayError } from '#shared/lib/result.ts';
import { readMetaArrow } from '../../io/meta-table.ts';

/** The sample table's id column (compute/import/stage-dataset.ts writes it). */
const ID_COLUMN = 'sample';

/**
 * Per matrix sample, 1 when its `column` equals `value` (a sample the table lacks, or whose value is
 * empty, is outside the condition). Throws a clear error for a missing table, an unknown column, no sample
 * in the condition, and every sample in it (nothing would be left to fit).
 */
export function conditionSamples(
  samplesPath: string | null,
  matrixSamples: readonly string[],
  column: string,
  value: string,
  label: string,
): Uint8Array {
  if (!samplesPath)
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${label} has no sample table: import it with a sample sheet to take a condition's mean as the target.`,
    );
  let names: string[] = [];
  const meta = readMetaArrow(samplesPath, (all) => {
    names = all.filter((n) => n !== ID_COLUMN);
    return all.filter((n) => n === ID_COLUMN || n === column);
  });
  const values = column === ID_COLUMN ? undefined : meta[column];
  if (!values)
    throw new CausewayError(
      'E_INVALID_INPUT',
      names.length > 0
        ? `${label} has no sample column "${column}" (columns: ${names.join(', ')}).`
        : `${label} has no sample column "${column}": its sample table has only the sample names (import the data with a sample sheet).`,
    );
  const ids = (meta[ID_COLUMN] ?? []).map(String);
  const valueOf = new Map(ids.map((id, r) => [id, values[r]]));
  const inside = new Uint8Array(matrixSamples.length);
  let count = 0;
  const seen = new Set<string>();
  matrixSamples.forEach((s, c) => {
    const v = valueOf.get(s);
    if (v === null || v === undefined) return;
    seen.add(String(v));
    if (String(v) === value) {
      inside[c] = 1;
      count++;
    }
  });
  if (count === 0) {
    const listed = [...seen].sort().slice(0, 10);
    throw new CausewayError(
      'E_INVALID_INPUT',
      `No sample of ${label} has ${column} = "${value}" (values: ${listed.join(', ')}${seen.size > 10 ? ', …' : ''}).`,
    );
  }
  if (count === matrixSamples.length)
    throw new CausewayError(
      'E_INVALID_INPUT',
      `Every sample of ${label} has ${column} = "${value}": the network is fitted on the samples outside the condition, and none is left.`,
    );
  return inside;
}
