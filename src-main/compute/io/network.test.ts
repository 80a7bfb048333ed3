// Edge-list and SIF import: a header is not an edge; a directed list stays directed (see the
// convention at readEdgeList in network.ts).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareArcs } from '#shared/domain/grn/diff.ts';
import { fromNetworkGraph } from '#shared/domain/grn/from-documents.ts';
import { createNetwork, type Regulation } from '#shared/domain/grn/network.ts';
import { networkToSif } from '#shared/domain/grn/sif.ts';
import { readEdgeList, readSif } from './network.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-network-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: string, ext = 'tsv'): string => {
  const p = join(dir, `e${n++}.${ext}`);
  writeFileSync(p, content);
  return p;
};
const arcs = (g: ReturnType<typeof readEdgeList>): string[] =>
  g.edges.map((e) => `${e.source}${e.directed ? '->' : '--'}${e.target}`);

describe('edge list headers', () => {
  it('a two-column `source target` header is not an edge, and makes the list directed', () => {
    const g = readEdgeList(file('source\ttarget\nRAF1\tMAP2K1\nMAP2K1\tMAPK1\n'));
    expect(arcs(g)).toEqual(['RAF1->MAP2K1', 'MAP2K1->MAPK1']);
    expect(g.nodes.map((x) => x.id)).not.toContain('source');
  });

  it.each([
    ['from,to\nA,B\n', ['A->B'], 'csv'],
    ['Regulator\tTarget gene\nA\tB\n', ['A->B'], 'tsv'],
    ['TF target\nA B\n', ['A->B'], 'txt'],
    ['gene1 gene2\nA B\n', ['A--B'], 'txt'],
    ['protein1\tprotein2\tcost\nA\tB\t0.5\n', ['A--B'], 'tsv'],
    ['Interactor_A\tInteractor_B\nA\tB\n', ['A--B'], 'tsv'],
  ])('header %j', (text, expected, ext) => {
    expect(arcs(readEdgeList(file(text, ext)))).toEqual(expected);
  });

  it('gene symbols that look like words are edges, not a header (no header: undirected)', () => {
    const g = readEdgeList(file('ID1\tID2\nTF\tALB\n'));
    expect(arcs(g)).toEqual(['ID1--ID2', 'TF--ALB']);
  });

  it('a text cell over a numeric attribute column is a header (and keeps the attribute name)', () => {
    const g = readEdgeList(file('a\tb\tscore\nA\tB\t0.9\nB\tC\t0.1\n'));
    expect(g.edges).toEqual([
      { source: 'A', target: 'B', directed: false, attributes: { score: 0.9 } },
      { source: 'B', target: 'C', directed: false, attributes: { score: 0.1 } },
    ]);
  });

  it('a file with only a header has no edges', () => {
    expect(() => readEdgeList(file('source\ttarget\n'))).toThrow(/no edges/);
  });
});

describe('edge list direction column', () => {
  it('decides per edge, is not kept as an attribute, and `<-` flips the arc', () => {
    const g = readEdgeList(
      file(
        'gene1\tgene2\tdirected\tweight\nMEK\tERK\ttrue\t0.8\nRAF\tMEK\t->\t0.7\nA\tB\tfalse\t0.1\nC\tD\t--\t0.2\nX\tY\t<-\t0.3\nP\tQ\t\t0.4\n',
      ),
    );
    expect(arcs(g)).toEqual(['MEK->ERK', 'RAF->MEK', 'A--B', 'C--D', 'Y->X', 'P--Q']);
    expect(g.edges[0]?.attributes).toEqual({ weight: 0.8 });
  });

  it('an empty direction cell falls back to the header convention', () => {
    const g = readEdgeList(file('source,target,direction\nA,B,\nB,C,undirected\n', 'csv'));
    expect(arcs(g)).toEqual(['A->B', 'B--C']);
  });

  it('an unreadable direction names the row and the accepted values', () => {
    expect(() => readEdgeList(file('source\ttarget\tdirected\nA\tB\tmaybe\n'))).toThrow(
      /row 2.*maybe|maybe.*row 2/s,
    );
  });
});

describe('SIF direction', () => {
  const reg = (source: string, target: string, directed: boolean): Regulation => ({
    source,
    target,
    directed,
    evidence: {},
    attributes: {},
  });

  it('export then import keeps every arc, every undirected adjacency and lone genes', () => {
    const net = createNetwork(
      ['RAF', 'MEK', 'ERK', 'AKT', 'MTOR', 'LONE GENE'].map((g) => [g, {}] as const),
      [reg('RAF', 'MEK', true), reg('ERK', 'MEK', true), reg('AKT', 'MTOR', false), reg('MTOR', 'ERK', true)],
    );
    const text = networkToSif(net);
    expect(text).toContain('RAF\t->\tMEK\n');
    expect(text).toContain('AKT\t--\tMTOR\n');
    const back = fromNetworkGraph(readSif(file(text, 'sif')));
    expect(compareArcs(net, back).counts).toEqual({ same: 4, reversed: 0, orientation: 0, a: 0, b: 0 });
    expect([...back.genes.keys()]).toContain('LONE GENE');
  });

  it('reads pp / interacts-with / associated as undirected and pd / regulates as directed', () => {
    const g = readSif(
      file('A\tpp\tB\nC\tinteracts-with\tD\nE\tassociated\tF\nG\tpd\tH\nI\tregulates\tJ\n', 'sif'),
    );
    expect(arcs(g)).toEqual(['A--B', 'C--D', 'E--F', 'G->H', 'I->J']);
    expect(g.edges[0]?.attributes).toEqual({ relation: 'pp' });
  });
});
