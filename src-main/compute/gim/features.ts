/**
 * Perturbation features φ for the GIM (docs/methods.md §7.4): a table with one row per perturbation
 * context (dose, descriptors, known target class…) becomes one numeric vector per context. Numeric columns
 * are standardised by the training contexts' mean and SD (so the network's initialisation and weight decay
 * mean the same for a dose in µM and one in nM); categorical columns become one indicator per level. The
 * encoding is fitted once on the training contexts, saved with the model, and reused for every prediction,
 * where a value outside the training range is allowed but flagged (the prediction then extrapolates).
 */
import { CausewayError } from '#shared/lib/result.ts';

export type FeatureValue = string | number | null | undefined;
export type FeatureKind = 'numeric' | 'categorical';

export interface FeatureTable {
  /** Feature columns (not the context column). */
  readonly columns: readonly string[];
  readonly rows: readonly { readonly context: string; readonly values: readonly FeatureValue[] }[];
}

export interface NumericFeature {
  readonly name: string;
  readonly kind: 'numeric';
  readonly mean: number;
  readonly sd: number;
  /** Range over the training contexts. */
  readonly min: number;
  readonly max: number;
}

export interface CategoricalFeature {
  readonly name: string;
  readonly kind: 'categorical';
  readonly levels: readonly string[];
}

export type FeatureSpec = NumericFeature | CategoricalFeature;

export interface FeatureEncoding {
  readonly columns: readonly FeatureSpec[];
  /** Names of the encoded features: numeric columns, then `column=level` per level, in column order. */
  readonly featureNames: readonly string[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MISSING = new Set(['', 'na', 'nan', 'null']);

const invalid = (message: string): never => {
  throw new CausewayError('E_INVALID_INPUT', message);
};

type Parsed = { kind: 'missing' } | { kind: 'number'; value: number } | { kind: 'text'; value: string };

function parse(v: FeatureValue): Parsed {
  if (v === null || v === undefined) return { kind: 'missing' };
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'number', value: v } : { kind: 'missing' };
  const t = v.trim();
  if (MISSING.has(t.toLowerCase())) return { kind: 'missing' };
  // "1e400" reads as a number but is not one a model can use: it stays text, so it is refused by name.
  return NUMBER.test(t) && Number.isFinite(Number(t))
    ? { kind: 'number', value: Number(t) }
    : { kind: 'text', value: t };
}

/** The rows of the given contexts, in their order; a context without a row (or with two) is an error. */
function rowsFor(table: FeatureTable, contexts: readonly string[]): (readonly FeatureValue[])[] {
  const byContext = new Map<string, readonly FeatureValue[]>();
  for (const row of table.rows) {
    if (byContext.has(row.context)) invalid(`The feature table has two rows for context "${row.context}".`);
    if (row.values.length !== table.columns.length)
      invalid(
        `Feature row "${row.context}" has ${row.values.length} values for ${table.columns.length} columns.`,
      );
    byContext.set(row.context, row.values);
  }
  const missing = contexts.filter((c) => !byContext.has(c));
  if (missing.length > 0)
    invalid(
      `No feature row for context${missing.length > 1 ? 's' : ''} ${missing
        .slice(0, 5)
        .map((c) => `"${c}"`)
        .join(
          ', ',
        )}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}: every perturbation context needs its features.`,
    );
  return contexts.map((c) => byContext.get(c)!);
}

/**
 * Fits the encoding on the training contexts' rows. A column's kind is given in `kinds` or inferred: all
 * numbers → numeric, all text → categorical, both → an error naming the column, row and value that do not
 * fit the column's majority.
 */
export function fitFeatureEncoding(
  table: FeatureTable,
  contexts: readonly string[],
  kinds: Readonly<Record<string, FeatureKind>> = {},
): FeatureEncoding {
  if (contexts.length < 2)
    invalid(
      `GIM learns from several perturbation contexts; the data have ${contexts.length}${
        contexts.length === 1 ? ` ("${contexts[0]}")` : ''
      }. At least two are needed.`,
    );
  if (table.columns.length === 0) invalid('The feature table has no feature columns.');
  const seen = new Set<string>();
  for (const c of table.columns) {
    if (seen.has(c)) invalid(`The feature table has two columns named "${c}".`);
    seen.add(c);
  }
  for (const name of Object.keys(kinds))
    if (!seen.has(name)) invalid(`Feature kind given for "${name}", which is not a column of the table.`);
  const rows = rowsFor(table, contexts);
  const columns: FeatureSpec[] = table.columns.map((name, col) => {
    const parsed = rows.map((r) => parse(r[col]));
    parsed.forEach((v, r) => {
      if (v.kind === 'missing') invalid(`Feature "${name}" is missing for context "${contexts[r]}".`);
    });
    const numbers = parsed.filter((v) => v.kind === 'number').length;
    const inferred: FeatureKind | 'mixed' =
      kinds[name] ?? (numbers === parsed.length ? 'numeric' : numbers === 0 ? 'categorical' : 'mixed');
    if (inferred === 'mixed' || (inferred === 'numeric' && numbers < parsed.length)) {
      // Name the value that does not fit the column's majority (or its declared kind).
      const odd = kinds[name] === 'numeric' || numbers * 2 >= parsed.length ? 'text' : 'number';
      const r = parsed.findIndex((v) => v.kind === odd);
      invalid(
        `Feature "${name}" mixes numbers and text: context "${contexts[r]}" has "${String(rows[r]![col])}"` +
          (odd === 'text'
            ? ' where numbers are expected.'
            : ' in a column of text (mark it categorical to use it).'),
      );
    }
    const kind = inferred as FeatureKind;
    if (kind === 'categorical') {
      const levels = [...new Set(parsed.map((v) => String((v as { value: string | number }).value)))].sort();
      return { name, kind, levels };
    }
    const values = parsed.map((v) => (v as { value: number }).value);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length - 1);
    // A constant column carries no information; SD 1 keeps it at 0 rather than dividing by zero.
    const sd = variance > 0 ? Math.sqrt(variance) : 1;
    return { name, kind, mean, sd, min: Math.min(...values), max: Math.max(...values) };
  });
  const featureNames = columns.flatMap((c) =>
    c.kind === 'numeric' ? [c.name] : c.levels.map((l) => `${c.name}=${l}`),
  );
  return { columns, featureNames };
}

function encodeInto(
  encoding: FeatureEncoding,
  value: (spec: FeatureSpec) => FeatureValue,
  where: string,
  warnings: string[],
): Float64Array {
  const out = new Float64Array(encoding.featureNames.length);
  let at = 0;
  for (const spec of encoding.columns) {
    const v = parse(value(spec));
    if (v.kind === 'missing') invalid(`Feature "${spec.name}" is missing${where}.`);
    if (spec.kind === 'numeric') {
      if (v.kind !== 'number')
        invalid(`Feature "${spec.name}" must be a number${where}; got "${(v as { value: string }).value}".`);
      const x = (v as { value: number }).value;
      if (x < spec.min || x > spec.max)
        warnings.push(
          `${spec.name} = ${x} is outside the training range ${spec.min}–${spec.max}${where}: the prediction extrapolates.`,
        );
      out[at++] = (x - spec.mean) / spec.sd;
    } else {
      const level = String((v as { value: string | number }).value);
      const k = spec.levels.indexOf(level);
      if (k < 0)
        invalid(
          `Feature "${spec.name}" has no level "${level}" in the training data${where} (known: ${spec.levels
            .slice(0, 10)
            .join(', ')}${spec.levels.length > 10 ? ', …' : ''}).`,
        );
      out[at + k] = 1;
      at += spec.levels.length;
    }
  }
  return out;
}

/** Encodes one typed row (column name → value) for prediction; values outside the training range warn. */
export function encodeFeatures(
  encoding: FeatureEncoding,
  row: Readonly<Record<string, FeatureValue>>,
): { features: Float64Array; warnings: string[] } {
  const known = new Set(encoding.columns.map((c) => c.name));
  const unknown = Object.keys(row).filter((k) => !known.has(k));
  if (unknown.length > 0)
    invalid(
      `The model has no feature ${unknown.map((k) => `"${k}"`).join(', ')}; its features are ${[...known]
        .map((k) => `"${k}"`)
        .join(', ')}.`,
    );
  const warnings: string[] = [];
  const features = encodeInto(encoding, (spec) => row[spec.name], '', warnings);
  return { features, warnings };
}

/** Encodes the feature rows of the given contexts (training or held-out), in their order. */
export function encodeContexts(
  encoding: FeatureEncoding,
  table: FeatureTable,
  contexts: readonly string[],
): { features: Float64Array[]; warnings: string[] } {
  const rows = rowsFor(table, contexts);
  const warnings: string[] = [];
  const index = new Map(table.columns.map((c, i) => [c, i]));
  for (const spec of encoding.columns)
    if (!index.has(spec.name))
      invalid(`The feature table has no column "${spec.name}", which the model uses.`);
  const features = rows.map((r, k) =>
    encodeInto(encoding, (spec) => r[index.get(spec.name)!], ` for context "${contexts[k]}"`, warnings),
  );
  return { features, warnings };
}
