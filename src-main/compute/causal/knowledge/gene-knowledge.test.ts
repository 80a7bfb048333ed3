import { describe, expect, it } from 'vitest';
import { CausewayError } from '#shared/lib/result.ts';
import { indexKnowledge } from './gene-knowledge.ts';

const nodes = ['TP53', 'MDM2', 'CDKN1A', 'ATM'];

describe('indexKnowledge', () => {
  it('maps gene names to variable indices and counts the entries naming other genes', () => {
    const { knowledge, ignored } = indexKnowledge(
      {
        forbiddenAdjacencies: [
          ['TP53', 'MDM2'],
          ['TP53', 'EGFR'],
        ],
        requiredArcs: [['ATM', 'TP53']],
        tiers: [['ATM'], ['TP53', 'MYC'], ['CDKN1A']],
      },
      nodes,
    );
    expect(ignored).toBe(2);
    expect(knowledge).toEqual({
      forbiddenAdjacencies: [[0, 1]],
      requiredArcs: [[3, 0]],
      tiers: [1, undefined, 2, 0],
    });
  });

  it('intersects allowed pairs with a network skeleton', () => {
    const { knowledge } = indexKnowledge(
      {
        allowedAdjacencies: [
          ['MDM2', 'TP53'],
          ['TP53', 'ATM'],
        ],
      },
      nodes,
      [
        [0, 1],
        [1, 2],
      ],
    );
    expect(knowledge).toEqual({ allowedAdjacencies: [[0, 1]] });
    expect(indexKnowledge(undefined, nodes)).toEqual({ knowledge: undefined, ignored: 0 });
  });

  it('refuses contradictory knowledge as input, naming the genes', () => {
    const conflict = (): unknown =>
      indexKnowledge(
        { forbiddenAdjacencies: [['TP53', 'MDM2']], requiredAdjacencies: [['MDM2', 'TP53']] },
        nodes,
      );
    expect(conflict).toThrow(CausewayError);
    expect(conflict).toThrow(/TP53 and MDM2|MDM2 and TP53/);
  });
});
