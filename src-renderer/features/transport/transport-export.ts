// A transport validation as CSV: one row per method over all held-out pairs, then one per method and
// pair (and the pairs a method left out), with the run's provenance as leading "#" lines (Causeway's own readers and R's comment.char
// skip them).
import type { TransportValidationResult } from '@shared/contracts/transport.ts';

const COLUMNS = [
  'method',
  'label',
  'held_out_pair',
  'pearson',
  'r2',
  'cosine',
  'top100_pearson',
  'top100_r2',
  'top100_cosine',
  'provider',
  'precision',
  'fallback',
  'error',
  'skipped_pairs',
  'recommended',
] as const;

const cell = (v: string | number | null | undefined): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function transportCsv(r: TransportValidationResult): string {
  const p = r.params;
  const lines = [
    `# Causeway ${r.appVersion} transport validation of ${r.dataset.name} (${r.dataset.id}), ${r.createdAt}`,
    `# cell types: ${p.cellTypeColumn}; conditions: ${p.conditionColumn}; control: ${p.control}; seed: ${p.seed}`,
    `# held-out pairs: ${r.pairs.map((x) => `${x.cellType} x ${x.perturbation}`).join('; ')}`,
    `# recommended: ${r.recommendation.method} (${r.recommendation.reason})`,
    COLUMNS.join(','),
  ];
  const row = (values: Record<(typeof COLUMNS)[number], string | number | null | undefined>): string =>
    COLUMNS.map((c) => cell(values[c])).join(',');
  for (const m of r.methods) {
    const base = {
      method: m.method,
      label: m.label,
      provider: m.provider,
      precision: m.precision ?? null,
      fallback: m.fallback,
      error: m.error,
      skipped_pairs: (m.skipped ?? [])
        .map((q) => `${q.cellType} x ${q.perturbation}: ${q.reason}`)
        .join('; '),
      recommended: m.method === r.recommendation.method ? 'yes' : '',
    };
    lines.push(
      row({
        ...base,
        held_out_pair: 'all',
        pearson: m.metrics?.pearson,
        r2: m.metrics?.r2,
        cosine: m.metrics?.cosine,
        top100_pearson: m.metrics?.top100.pearson,
        top100_r2: m.metrics?.top100.r2,
        top100_cosine: m.metrics?.top100.cosine,
      }),
    );
    for (const f of m.folds)
      lines.push(
        row({
          ...base,
          held_out_pair: `${f.cellType} x ${f.perturbation}`,
          pearson: null,
          r2: f.r2,
          cosine: null,
          top100_pearson: null,
          top100_r2: f.r2Top100,
          top100_cosine: null,
        }),
      );
  }
  return `${lines.join('\n')}\n`;
}
