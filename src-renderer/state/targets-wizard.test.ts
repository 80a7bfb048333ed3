import { describe, expect, it } from 'vitest';
import type { DatasetDescriptor, NetworkDescriptor } from '@shared/domain/project.ts';
import { FakeApi, flush } from '../lib/testing/fake-api.ts';
import { Caller } from './caller.ts';
import { numberList, TargetsWizard } from './targets-wizard.svelte.ts';
import { ToastState } from './toasts.svelte.ts';

const SHA = 'c'.repeat(64);
const T = '2026-12-01T10:00:00.000Z';
const sig = (id: string): DatasetDescriptor => ({
  id,
  name: id,
  kind: 'signature',
  description: '',
  matrixFile: `datasets/${id}/matrix.arrow`,
  nGenes: 100,
  nSamples: 2,
  source: { fileName: 'x', sha256: SHA },
  createdAt: T,
});
const net = (id: string, nEdges: number): NetworkDescriptor => ({
  id,
  name: id,
  file: `networks/${id}.json`,
  nNodes: 10,
  nEdges,
  source: { fileName: 'x', sha256: SHA },
  createdAt: T,
});

function setup(terminals = 12) {
  const api = new FakeApi()
    .handle('dataset.geneValues', ({ datasetId }) => ({
      ok: true,
      value: { columns: datasetId === 'covid' ? ['padj', 'log2FC'] : ['log2FC'], values: [] },
    }))
    .handle('targets.prizePreview', () => ({
      ok: true,
      value: {
        prizeGenes: 20,
        terminals,
        unmatched: ['X'],
        unmatchedCount: 8,
        top: [],
        interactome: { genes: 10, edges: 400 },
      },
    }));
  const wizard = new TargetsWizard(
    new Caller(api, new ToastState({ set: () => 0, clear: () => undefined })),
    () => [sig('covid'), sig('ageing')],
    () => [net('small', 20), net('irefindex', 400)],
  );
  return { api, wizard };
}

describe('TargetsWizard', () => {
  it('starts on the largest network with the paper’s setting and finds the signature’s FDR column', async () => {
    const { wizard } = setup();
    await wizard.init();
    expect(wizard.networkId).toBe('irefindex');
    expect([wizard.w, wizard.b, wizard.g]).toEqual(['1.4', '40', '0']);
    expect([wizard.column, wizard.fdrColumn]).toEqual(['log2FC', 'padj']);
  });

  it('walks the steps only when valid and builds the Steiner and sweep specs', async () => {
    const { api, wizard } = setup();
    await wizard.init();
    wizard.minAbsLog2FC = '-1';
    expect(wizard.next()).toBe(false);
    expect(wizard.errors).toEqual(['The |log2FC| cut is a number ≥ 0 (e.g. 1, a two-fold change).']);
    wizard.minAbsLog2FC = '1';
    wizard.sameDirection = true;
    expect(wizard.next()).toBe(false);
    await wizard.setSecond('ageing');
    expect(wizard.next()).toBe(true);
    await flush();
    const prizes = {
      from: 'signature',
      datasetId: 'covid',
      column: 'log2FC',
      fdrColumn: 'padj',
      maxFdr: 0.05,
      minAbsLog2FC: 1,
      sameDirectionAs: { datasetId: 'ageing', column: 'log2FC' },
    };
    expect(api.callsOf('targets.prizePreview')).toEqual([
      { interactome: { networkId: 'irefindex' }, prizes },
    ]);
    expect(wizard.preview?.terminals).toBe(12);
    wizard.robust = true;
    wizard.runs = '0';
    expect(wizard.next()).toBe(false);
    wizard.runs = '20';
    expect(wizard.next()).toBe(true);
    expect(wizard.steinerSpec()).toEqual({
      kind: 'targets.steiner',
      interactome: { networkId: 'irefindex' },
      prizes,
      w: 1.4,
      b: 40,
      g: 0,
      pruning: 'strong',
      robustness: { runs: 20, noise: 0.1, seed: 1 },
    });
    wizard.sweepWs = '1, 2';
    wizard.sweepBs = '10';
    expect(wizard.sweepSpec()).toMatchObject({ ws: [1, 2], bs: [10], gs: [0], prizes });
    wizard.pick({ w: 2, b: 10, g: 0 });
    expect([wizard.w, wizard.b]).toEqual(['2', '10']);
    wizard.sweepBs = '10, x';
    expect(wizard.sweepSpec()).toBeNull();
  });

  it('refuses to go on when no prize gene is in the interactome', async () => {
    const { wizard } = setup(0);
    await wizard.init();
    wizard.next();
    await flush();
    expect(wizard.next()).toBe(false);
    expect(wizard.errors.at(-1)).toMatch(/No prize gene is in this interactome/);
  });
});

describe('numberList', () => {
  it('parses, sorts and de-duplicates a grid, and refuses anything out of range', () => {
    expect(numberList('1.4, 0.6;1.4 2', 0, 10)).toEqual([0.6, 1.4, 2]);
    expect(numberList('', 0, 10)).toBeNull();
    expect(numberList('1, 11', 0, 10)).toBeNull();
  });
});
