import { describe, expect, it } from 'vitest';
import type { TransportValidationResult } from '@shared/contracts/transport.ts';
import { transportCsv } from './transport-export.ts';

const metrics = (r2: number) => ({
  pearson: 0.9,
  r2,
  cosine: 0.8,
  top100: { pearson: 0.7, r2: r2 / 2, cosine: 0.6 },
  nProfiles: 2,
  nGenes: 500,
});
const result: TransportValidationResult = {
  kind: 'transport.validate',
  dataset: { id: 'kang', name: 'Kang, "IFN-β"' },
  params: {
    cellTypeColumn: 'cell',
    conditionColumn: 'stim',
    control: 'ctrl',
    perturbed: ['stim'],
    targetCellType: null,
    modelId: null,
    providerSetting: 'auto',
    seed: 7,
  },
  pairs: [
    { cellType: 'CD4T', perturbation: 'stim' },
    { cellType: 'B', perturbation: 'stim' },
  ],
  methods: [
    {
      method: 'additive',
      label: 'Additive',
      provider: 'cpu',
      fallback: null,
      metrics: metrics(0.5),
      folds: [
        { cellType: 'CD4T', perturbation: 'stim', r2: 0.6, r2Top100: 0.3 },
        { cellType: 'B', perturbation: 'stim', r2: 0.4, r2Top100: null },
      ],
      elapsedMs: 3,
      error: null,
    },
    {
      method: 'latent-shift',
      label: 'Latent shift',
      provider: 'cpu',
      fallback: null,
      metrics: null,
      folds: [],
      elapsedMs: 1,
      error: 'the model saw CD4T, stim',
      skipped: [{ cellType: 'B', perturbation: 'stim', reason: 'trained on it' }],
    },
  ],
  recommendation: { method: 'additive', rule: 'r2', reason: 'best R², 0.5' },
  appVersion: '0.1.0',
  createdAt: '2026-12-07T12:00:00Z',
};

describe('transportCsv', () => {
  it('has provenance lines, a summary row per method and a row per held-out pair', () => {
    const lines = transportCsv(result).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^# Causeway 0.1.0 transport validation of Kang, "IFN-β" \(kang\)/);
    expect(lines[1]).toContain('seed: 7');
    expect(lines[2]).toBe('# held-out pairs: CD4T x stim; B x stim');
    expect(lines[3]).toBe('# recommended: additive (best R², 0.5)');
    const data = lines.filter((l) => !l.startsWith('#'));
    expect(data[0]).toBe(
      'method,label,held_out_pair,pearson,r2,cosine,top100_pearson,top100_r2,top100_cosine,provider,precision,fallback,error,skipped_pairs,recommended',
    );
    expect(data[1]).toBe('additive,Additive,all,0.9,0.5,0.8,0.7,0.25,0.6,cpu,,,,,yes');
    expect(data[2]).toBe('additive,Additive,CD4T x stim,,0.6,,,0.3,,cpu,,,,,yes');
    expect(data[3]).toBe('additive,Additive,B x stim,,0.4,,,,,cpu,,,,,yes');
    expect(data[4]).toBe(
      'latent-shift,Latent shift,all,,,,,,,cpu,,,"the model saw CD4T, stim",B x stim: trained on it,',
    );
    expect(data).toHaveLength(5);
  });
});
