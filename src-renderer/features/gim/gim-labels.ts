/** Names and verdict of the GIM validation, shared by the table, the chart and their tests. */

export const GIM_METHOD_NAMES: Record<string, string> = {
  gim: 'GIM (this model)',
  'no-change': 'No change',
  mlp: 'MLP (features → mean shift)',
  nearest: 'Nearest training context',
  'context-targets': 'Per-context targets, interpolated',
};

export const methodName = (m: string): string => GIM_METHOD_NAMES[m] ?? m;

export interface ValidationRow {
  readonly method: string;
  readonly meanError: number | null;
  readonly energyDistance: number | null;
  /** Why the method gave no result on these data. */
  readonly error?: string | null;
}

/**
 * Whether to trust the model, in words: GIM is worth using on this data only when its held-out mean
 * error beats "no change" (the perturbation does nothing); it is compared with the best other method too.
 */
export function validationVerdict(rows: readonly ValidationRow[]): { trust: boolean; text: string } {
  const gim = rows.find((r) => r.method === 'gim');
  const none = rows.find((r) => r.method === 'no-change');
  if (!gim || gim.meanError === null)
    return { trust: false, text: 'GIM gave no held-out prediction: do not use it on this data.' };
  const others = rows.filter((r) => r.method !== 'gim' && r.meanError !== null);
  const best = [...others].sort((a, b) => a.meanError! - b.meanError!)[0];
  const beatsNone = none?.meanError == null || gim.meanError < none.meanError;
  const f = (v: number): string => v.toPrecision(3);
  if (!beatsNone)
    return {
      trust: false,
      text: `GIM's held-out mean error ${f(gim.meanError)} does not beat “no change” (${f(none!.meanError!)}): its predictions are no better than assuming the perturbation does nothing.`,
    };
  const vsBest =
    best && best.method !== 'no-change'
      ? gim.meanError <= best.meanError!
        ? ` and the best other method, ${methodName(best.method)} (${f(best.meanError!)})`
        : `; ${methodName(best.method)} does better (${f(best.meanError!)})`
      : '';
  return {
    trust: true,
    text: `GIM's held-out mean error ${f(gim.meanError)} beats “no change” (${f(none?.meanError ?? NaN)})${vsBest}.`,
  };
}
