/**
 * The Predict form's one input per feature: numeric features are typed and checked against the range the
 * model was trained on, categorical ones are chosen from the levels it saw. A value outside the training
 * range is allowed (predicting an unseen dose is the point) but warned about: the intervention model
 * extrapolates there, and docs/methods.md §7 makes no promise about how well.
 */

/** One feature as the model card describes it. */
export type FeatureField =
  | { readonly name: string; readonly kind: 'numeric'; readonly min: number; readonly max: number }
  | { readonly name: string; readonly kind: 'categorical'; readonly levels: readonly string[] };

/** One row of the feature table: a perturbation context and its raw feature values. */
export interface FeatureRow {
  readonly context: string;
  readonly values: Readonly<Record<string, string | number>>;
}

export interface FieldMessage {
  readonly field: string;
  readonly message: string;
}

export interface ParsedFeatures {
  /** Parsed values in field order, or null when any field is invalid. */
  readonly values: Record<string, number | string> | null;
  readonly errors: readonly FieldMessage[];
  readonly warnings: readonly FieldMessage[];
}

/** Four significant digits without trailing zeros: 0.5, 1.471, -1.599, 2. */
const fmt = (v: number): string => String(Number(v.toPrecision(4)));

/** "0.1 – 10" for a numeric field, the levels for a categorical one. */
export function describeRange(field: FeatureField): string {
  return field.kind === 'numeric'
    ? `trained on ${fmt(field.min)} – ${fmt(field.max)}`
    : `one of ${field.levels.join(', ')}`;
}

/** Empty inputs: numeric ones start blank, categorical ones at their first level. */
export function blankForm(fields: readonly FeatureField[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.name, f.kind === 'categorical' ? (f.levels[0] ?? '') : '']));
}

/** The form filled from a feature-table row (fields the row lacks stay blank, so the form says so). */
export function formFromRow(fields: readonly FeatureField[], row: FeatureRow): Record<string, string> {
  return Object.fromEntries(
    fields.map((f) => {
      const v = row.values[f.name];
      return [f.name, v === undefined ? '' : String(v)];
    }),
  );
}

export function parseFeatures(
  fields: readonly FeatureField[],
  form: Readonly<Record<string, string>>,
): ParsedFeatures {
  const errors: FieldMessage[] = [];
  const warnings: FieldMessage[] = [];
  const values: Record<string, number | string> = {};
  for (const f of fields) {
    const text = (form[f.name] ?? '').trim();
    if (f.kind === 'categorical') {
      if (!f.levels.includes(text))
        errors.push({
          field: f.name,
          message: `${f.name}: choose one of ${f.levels.join(', ')} (the model saw no other value).`,
        });
      else values[f.name] = text;
      continue;
    }
    const x = Number(text);
    if (text === '') errors.push({ field: f.name, message: `${f.name}: enter a number.` });
    else if (!Number.isFinite(x))
      errors.push({ field: f.name, message: `${f.name}: “${text}” is not a number.` });
    else {
      values[f.name] = x;
      if (x < f.min || x > f.max)
        warnings.push({
          field: f.name,
          message: `${f.name} = ${fmt(x)} is outside the training range ${fmt(f.min)} – ${fmt(f.max)}: the prediction extrapolates.`,
        });
    }
  }
  return { values: errors.length === 0 ? values : null, errors, warnings };
}
