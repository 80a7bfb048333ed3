import { describe, expect, it } from 'vitest';
import { interactomeFromRows } from './interactome.ts';
import { mapPrizes, parsePrizeTable, prizesFromSignature } from './prizes.ts';

describe('prizes', () => {
  it('takes |log2FC| of the genes passing the FDR and fold-change cuts', () => {
    const prizes = prizesFromSignature(
      [
        { gene: 'A', log2FC: -2, fdr: 0.01 },
        { gene: 'B', log2FC: 3, fdr: 0.2 },
        { gene: 'C', log2FC: 0.5, fdr: 0.001 },
        { gene: 'D', log2FC: 1.5 },
      ],
      { maxFdr: 0.05, minAbsLog2FC: 1 },
    );
    expect(prizes).toEqual([
      { gene: 'A', prize: 2 },
      { gene: 'D', prize: 1.5 },
    ]);
  });

  it('keeps only genes moved the same way in a second signature (infection and ageing, as the paper)', () => {
    const ageing = new Map([
      ['A', -0.4],
      ['B', -0.1],
    ]);
    const prizes = prizesFromSignature(
      [
        { gene: 'A', log2FC: -1.2 },
        { gene: 'B', log2FC: 1.1 },
        { gene: 'C', log2FC: 2 },
      ],
      { sameDirectionAs: ageing },
    );
    expect(prizes).toEqual([{ gene: 'A', prize: 1.2 }]);
  });

  it('maps a table onto the interactome: unmatched listed, duplicates keep the largest prize', () => {
    const g = interactomeFromRows([
      { protein1: 'TP53', protein2: 'C9ORF72', cost: 1 },
      { protein1: 'MDM2', protein2: 'TP53', cost: 1 },
    ]);
    const table = parsePrizeTable('name\tprize\nMDM2\t1\nMDM2\t3\nNOPE\t2\nC9orf72\t0.5\n');
    const exact = mapPrizes(g, table);
    expect(exact.unmatched).toEqual(['NOPE', 'C9orf72']);
    expect(exact.duplicated).toEqual(['MDM2']);
    expect(exact.bare[g.geneIndex.get('MDM2')!]).toBe(3);
    expect([...exact.terminals]).toEqual([g.geneIndex.get('MDM2')!]);
    const loose = mapPrizes(g, table, { caseInsensitive: true });
    expect(loose.unmatched).toEqual(['NOPE']);
    expect(loose.bare[g.geneIndex.get('C9ORF72')!]).toBe(0.5);
  });

  it('rejects negative or missing prizes', () => {
    expect(() => parsePrizeTable('name,prize\nA,-1\n')).toThrow(/line 2/);
    expect(() => parsePrizeTable('name,prize\nA,\n')).toThrow(/line 2/);
  });
});
