import { describe, expect, it } from 'vitest';
import { fromDiscovered, fromNetwork, type ViewGraph } from '../view-model.ts';
import { discovered } from '../../lib/testing/graphs.ts';
import { toCx2 } from './cx2.ts';
import { toCytoscapeJson } from './cyjs.ts';
import { toGraphML } from './graphml.ts';
import { toSif } from './sif.ts';
import { fileStem } from './download.ts';

const base = fromDiscovered('GSP <A549> & "PPI"', discovered);
const g: ViewGraph = {
  ...base,
  network: {
    ...base.network,
    genes: new Map<string, Record<string, string | number>>([
      ['A', { log2FC: 1.5, note: 'x<y' }],
      ['B', { log2FC: -0.5 }],
      ['C', { log2FC: 'n/a' }],
      ['D', {}],
      ['LONELY', {}],
    ]),
  },
};

/** Minimal XML reading for the test: every element with its attributes, in document order. */
function elements(xml: string, tag: string): Record<string, string>[] {
  return [...xml.matchAll(new RegExp(`<${tag}\\s([^>]*?)/?>`, 'g'))].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/([\w:.]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  );
}

describe('GraphML', () => {
  const xml = toGraphML(g);
  it('declares typed keys and writes every node and edge with its direction', () => {
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns"',
      ),
    ).toBe(true);
    expect(elements(xml, 'node').map((n) => n['id'])).toEqual(['A', 'B', 'C', 'D', 'LONELY']);
    expect(elements(xml, 'edge').map((e) => [e['source'], e['target'], e['directed']])).toEqual([
      ['A', 'B', 'true'],
      ['B', 'C', 'false'],
      ['C', 'D', 'true'],
    ]);
    const keys = elements(xml, 'key');
    const stability = keys.find((k) => k['attr.name'] === 'stability')!;
    expect(stability).toMatchObject({ for: 'edge', 'attr.type': 'double' });
    // log2FC holds a string on one node: declared as text so every value is valid.
    expect(keys.find((k) => k['attr.name'] === 'log2FC')).toMatchObject({
      for: 'node',
      'attr.type': 'string',
    });
    expect(xml).toContain(`<data key="${stability['id']}">0.9</data>`);
    // Every referenced key is declared.
    const declared = new Set(keys.map((k) => k['id']));
    for (const m of xml.matchAll(/<data key="([^"]+)"/g)) expect(declared.has(m[1])).toBe(true);
  });

  it('escapes markup in names and values', () => {
    expect(xml).toContain('id="GSP &lt;A549&gt; &amp; &quot;PPI&quot;"');
    expect(xml).toContain('>x&lt;y</data>');
    expect(xml).not.toMatch(/<data[^>]*>[^<]*[<>][^<]*<\/data>/);
  });
});

describe('SIF', () => {
  it('writes one tab-separated line per edge, -> directed and -- undirected, lone genes on their own line', () => {
    expect(toSif(g)).toBe('A\t->\tB\nB\t--\tC\nC\t->\tD\nLONELY\n');
  });
});

describe('Cytoscape.js JSON', () => {
  it('has elements.nodes/edges with data ids, evidence as edge data, and positions when given', () => {
    const doc = JSON.parse(toCytoscapeJson(g, new Map([['A', { x: 1, y: 2 }]]))) as {
      elements: {
        nodes: { data: Record<string, unknown>; position?: unknown }[];
        edges: { data: Record<string, unknown> }[];
      };
    };
    expect(doc.elements.nodes).toHaveLength(5);
    expect(doc.elements.nodes[0]).toMatchObject({ data: { id: 'A', name: 'A' }, position: { x: 1, y: 2 } });
    expect(doc.elements.nodes[1]?.position).toBeUndefined();
    expect(doc.elements.edges[0]?.data).toMatchObject({
      source: 'A',
      target: 'B',
      directed: true,
      stability: 0.9,
      ci_p_value: 1e-6,
      oriented_by_intervention: true,
      arc_stability: 0.8,
    });
    // A p-value that was never computed is left out, not written as null.
    expect('ci_p_value' in doc.elements.edges[1]!.data).toBe(false);
  });
});

describe('CX2', () => {
  it('is an aspect list with declarations, integer node ids and edges by node id', () => {
    const doc = JSON.parse(toCx2(g)) as Record<string, unknown>[];
    expect(doc[0]).toEqual({ CXVersion: '2.0', hasFragments: false });
    const aspect = (name: string) => doc.find((a) => name in a)![name] as Record<string, unknown>[];
    const decl = aspect('attributeDeclarations')[0] as { edges: Record<string, { d: string }> };
    expect(decl.edges['stability']).toEqual({ d: 'double' });
    expect(decl.edges['directed']).toEqual({ d: 'boolean' });
    const nodes = aspect('nodes') as { id: number; v: { name: string } }[];
    expect(nodes.map((n) => n.id)).toEqual([0, 1, 2, 3, 4]);
    const edges = aspect('edges') as { s: number; t: number; v: Record<string, unknown> }[];
    expect(edges.map((e) => [nodes[e.s]?.v.name, nodes[e.t]?.v.name])).toEqual([
      ['A', 'B'],
      ['B', 'C'],
      ['C', 'D'],
    ]);
    const meta = aspect('metaData') as { name: string; elementCount: number }[];
    expect(meta.find((m) => m.name === 'edges')?.elementCount).toBe(3);
  });

  it('exports project networks with their own attributes too', () => {
    const net = fromNetwork('ppi', {
      nodes: [
        { id: 'X', attributes: {} },
        { id: 'Y', attributes: {} },
      ],
      edges: [{ source: 'X', target: 'Y', directed: false, attributes: { weight: 2, note: 'STRING' } }],
    });
    const edges = (JSON.parse(toCx2(net)) as Record<string, unknown>[]).find((a) => 'edges' in a)!['edges'];
    expect(edges).toEqual([{ id: 0, s: 0, t: 1, v: { weight: 2, note: 'STRING', directed: false } }]);
  });

  it('makes safe file names', () => {
    expect(fileStem('GSP network of A549 (stability)')).toBe('GSP_network_of_A549_stability');
    expect(fileStem('///')).toBe('network');
  });
});
