import { describe, expect, it } from 'vitest';
import {
  knowledgeCounts,
  knowledgeFromNetwork,
  KnowledgeFileError,
  mergeKnowledge,
  parseKnowledgeFile,
  parseTetradKnowledge,
  toDiscoveryKnowledge,
  toTetradKnowledge,
} from './knowledge-file.ts';

// A file as Tetrad writes and reads it (SimpleDataLoader.loadKnowledge), with comments and blank lines.
const TETRAD = `/knowledge
// receptors, then kinases, then transcription factors
addtemporal
1 EGFR
2* KRAS BRAF
3 MYC "TP 53"

forbiddirect
MYC EGFR

requiredirect
EGFR KRAS
forbiddengroup
BRAF KRAS
MYC
`;

describe('Tetrad knowledge files', () => {
  it('reads tiers, "*" tiers, forbidden and required arcs and groups', () => {
    const { format, knowledge } = parseKnowledgeFile(TETRAD);
    expect(format).toBe('tetrad');
    expect(knowledge).toEqual({
      tiers: [['EGFR'], ['KRAS', 'BRAF'], ['MYC', 'TP 53']],
      forbiddenAdjacencies: [['BRAF', 'KRAS']], // tier 2* forbids edges within it
      requiredAdjacencies: [],
      forbiddenArcs: [
        ['BRAF', 'MYC'],
        ['KRAS', 'MYC'],
        ['MYC', 'EGFR'],
      ],
      requiredArcs: [['EGFR', 'KRAS']],
    });
    expect(knowledgeCounts(knowledge)).toMatchObject({ tiers: 3, tieredGenes: 5, forbiddenArcs: 3 });
  });

  it('orders tiers by their numbers, whatever the order and gaps in the file', () => {
    const k = parseTetradKnowledge('addtemporal\n4 C\n1 A\n2 B\n1 D\n');
    expect(k.tiers).toEqual([['A', 'D'], ['B'], ['C']]);
  });

  it.each([
    ['EGFR KRAS\n', 1, /expected a section/],
    ['addtemporal\n0 A\n', 2, /tier number 1, 2/],
    ['addtemporal\nx A\n', 2, /tier number/],
    ['addtemporal\n1 A\n2 A\n', 3, /A is already in tier 1 \(line 2\)/],
    ['/knowledge\n\nforbiddirect\nA B C\n', 4, /names two genes/],
    ['requiredirect\nA\n', 2, /names two genes/],
    ['requiredirect\nA A\n', 2, /not an arc/],
    ['forbiddengroup\nA B\n', 2, /no second line/],
  ])('refuses %j with the line at fault', (text, line, message) => {
    let thrown: unknown;
    try {
      parseTetradKnowledge(text);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(KnowledgeFileError);
    expect((thrown as KnowledgeFileError).line).toBe(line);
    expect((thrown as Error).message).toMatch(new RegExp(`^line ${line}: `));
    expect((thrown as Error).message).toMatch(message);
  });

  it('writes Tetrad format that reads back to the same knowledge, and says what Tetrad cannot hold', () => {
    const k = parseTetradKnowledge(TETRAD);
    const { text, omitted } = toTetradKnowledge(k);
    expect(text).toContain('forbiddirect\nBRAF KRAS\nBRAF MYC\nKRAS BRAF\n');
    expect(omitted).toEqual([]);
    const back = parseTetradKnowledge(text);
    // Tetrad has no unordered constraint: the forbidden adjacency comes back as both arcs.
    expect(back.tiers).toEqual(k.tiers);
    expect(back.requiredArcs).toEqual(k.requiredArcs);
    expect(back.forbiddenArcs).toEqual(
      [...k.forbiddenArcs, ['BRAF', 'KRAS'], ['KRAS', 'BRAF']].sort((a, b) =>
        a.join().localeCompare(b.join()),
      ),
    );
    const withSkeleton = {
      ...k,
      requiredAdjacencies: [['A', 'B']] as [string, string][],
      allowedAdjacencies: [],
    };
    expect(toTetradKnowledge(withSkeleton).omitted).toEqual([
      '1 required adjacencies (Tetrad requires arcs only)',
      'the allowed skeleton of 0 pairs (Tetrad has no allowed skeleton)',
    ]);
  });
});

describe('JSON knowledge files', () => {
  it('reads the GeneKnowledge shape, and the knowledge of a discovery result', () => {
    const json = JSON.stringify({
      forbiddenArcs: [['B', 'A']],
      requiredAdjacencies: [['Z', 'Y']],
      tiers: [['A'], ['B']],
    });
    const { format, knowledge } = parseKnowledgeFile(`\uFEFF  ${json}`);
    expect(format).toBe('json');
    expect(knowledge).toEqual({
      forbiddenAdjacencies: [],
      requiredAdjacencies: [['Y', 'Z']],
      forbiddenArcs: [['B', 'A']],
      requiredArcs: [],
      tiers: [['A'], ['B']],
    });
    const result = { nodes: ['A', 'B'], edges: [], knowledge: { requiredArcs: [['A', 'B']] } };
    expect(parseKnowledgeFile(JSON.stringify(result)).knowledge.requiredArcs).toEqual([['A', 'B']]);
  });

  it('says what is wrong and where', () => {
    expect(() => parseKnowledgeFile('{"forbiddenArcs": [["A"]]}')).toThrow(/at forbiddenArcs\.0/);
    expect(() => parseKnowledgeFile('{"forbidenArcs": []}')).toThrow(
      /not background knowledge.*forbidenArcs/,
    );
    expect(() => parseKnowledgeFile('{"tiers": [["A"], ["A"]]}')).toThrow(/A is in more than one tier/);
    expect(() => parseKnowledgeFile('{"tiers": ')).toThrow(/not valid JSON/);
  });
});

describe('merging knowledge and prior networks as constraints', () => {
  it('unites constraint lists and refuses two skeletons or two tier lists', () => {
    const merged = mergeKnowledge(
      { forbiddenArcs: [['A', 'B']], tiers: [['A']] },
      {
        forbiddenArcs: [
          ['A', 'B'],
          ['C', 'D'],
        ],
        requiredAdjacencies: [['B', 'A']],
      },
    );
    expect(merged).toEqual({
      forbiddenArcs: [
        ['A', 'B'],
        ['C', 'D'],
      ],
      requiredAdjacencies: [['A', 'B']],
      tiers: [['A']],
    });
    expect(() => mergeKnowledge({ tiers: [['A']] }, { tiers: [['B']] }, ['--tiers', 'k.txt'])).toThrow(
      /both --tiers and k.txt give tiers/,
    );
    expect(toDiscoveryKnowledge(parseTetradKnowledge('forbiddirect\nA B\n'))).toEqual({
      forbiddenArcs: [['A', 'B']],
    });
  });

  it('turns a prior network into required, forbidden or allowed pairs, keeping directions', () => {
    const edges = [
      { source: 'RAF', target: 'MEK', directed: true },
      { source: 'MEK', target: 'ERK', directed: false },
    ];
    expect(knowledgeFromNetwork(edges, 'required')).toMatchObject({
      requiredArcs: [['RAF', 'MEK']],
      requiredAdjacencies: [['ERK', 'MEK']],
      forbiddenArcs: [],
    });
    expect(knowledgeFromNetwork(edges, 'forbidden')).toMatchObject({
      forbiddenArcs: [['RAF', 'MEK']],
      forbiddenAdjacencies: [['ERK', 'MEK']],
    });
    expect(knowledgeFromNetwork(edges, 'allowed-skeleton').allowedAdjacencies).toEqual([
      ['ERK', 'MEK'],
      ['MEK', 'RAF'],
    ]);
  });
});
