import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDelimited } from '../io/delimited.ts';
import { writeDatasetStoreSync } from '../io/dataset-store/dataset-writer.ts';
import { writeMetaArrow } from '../io/meta-table.ts';
import { SeededRng } from '../numeric/rng.ts';
import { dagFromDiscovery, readFeatureTable, readGimCells } from './gim-data.ts';

const tmp = mkdtempSync(join(tmpdir(), 'causeway-gim-data-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const file = (name: string, text: string): string => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

describe('readFeatureTable', () => {
  it('keys rows by the context column wherever it stands, values as text in column order', () => {
    const t = readFeatureTable(file('f.csv', 'dose,context,class\n1,a,X\n2.5,b,Y\n'), 'f.csv');
    expect(t.columns).toEqual(['dose', 'class']);
    expect(t.rows).toEqual([
      { context: 'a', values: ['1', 'X'] },
      { context: 'b', values: ['2.5', 'Y'] },
    ]);
  });

  it('refuses a repeated context, a short row and a table without features, naming the line', () => {
    expect(() => readFeatureTable(file('d.csv', 'context,dose\na,1\na,2\n'), 'd.csv')).toThrow(
      /d\.csv \(line 3\) lists context "a" a second time/,
    );
    expect(() => readFeatureTable(file('s.csv', 'context,dose,k\na,1,x\nb,2\n'), 's.csv')).toThrow(
      /\(line 3\) has 2 fields; its header has 3/,
    );
    expect(() => readFeatureTable(file('n.csv', 'context\na\n'), 'n.csv')).toThrow(
      /at least one feature column/,
    );
  });
});

describe('readGimCells', () => {
  // 4 genes; gene g1 varies most, g3 least. Contexts: obs (6 cells), k1 and k2 (3 each), one unlabelled cell.
  const rng = new SeededRng(1);
  const labels = ['obs', 'obs', 'obs', 'obs', 'obs', 'obs', 'k1', 'k1', 'k1', 'k2', 'k2', 'k2', ''];
  const sd = [1, 5, 2, 0.1];
  const data = new Float32Array(labels.length * 4);
  labels.forEach((_, s) => sd.forEach((v, g) => (data[s * 4 + g] = 10 * g + v * rng.normal())));
  const samples = labels.map((_, s) => `cell${s}`);
  const matrixPath = join(tmp, 'matrix.arrow');
  const samplesPath = join(tmp, 'samples.arrow');
  writeDatasetStoreSync(matrixPath, { genes: ['g0', 'g1', 'g2', 'g3'], samples, data });
  writeMetaArrow(samplesPath, 'sample', samples, { context: labels.map((l) => (l === '' ? null : l)) });
  const base = {
    matrixPath,
    samplesPath,
    datasetName: 'toy',
    contextColumn: 'context',
    observationalLabel: 'obs',
  };

  it('groups cells by context (empty = observational), keeps the most variable genes in dataset order', () => {
    const cells = readGimCells({ ...base, genes: { mode: 'topVariable', n: 2 } });
    expect(cells.genes).toEqual(['g1', 'g2']);
    expect(cells.observational.n).toBe(7);
    expect(cells.contexts.map((c) => [c.name, c.n])).toEqual([
      ['k1', 3],
      ['k2', 3],
    ]);
    // Cell 6 (the first k1 cell), gene g2 (index 2 in the matrix).
    expect(cells.contexts[0]!.samples[1]).toBeCloseTo(data[6 * 4 + 2]!, 5);
  });

  it('errors name what is wrong: the column, too few contexts, unknown genes', () => {
    expect(() =>
      readGimCells({ ...base, contextColumn: 'dose', genes: { mode: 'topVariable', n: 2 } }),
    ).toThrow(/toy has no sample column "dose"; its columns are "context"/);
    const onePath = join(tmp, 'one.arrow');
    writeMetaArrow(onePath, 'sample', samples, { context: labels.map((l) => (l === 'k2' ? 'obs' : l)) });
    expect(() =>
      readGimCells({ ...base, samplesPath: onePath, genes: { mode: 'topVariable', n: 2 } }),
    ).toThrow(/toy has one perturbation context only \("k1"\) in "context"; .* at least two/);
    const noObs = join(tmp, 'no-obs.arrow');
    writeMetaArrow(noObs, 'sample', samples, {
      context: labels.map((l, i) => (i < 7 || l === '' ? 'k3' : l)),
    });
    expect(() => readGimCells({ ...base, samplesPath: noObs, genes: { mode: 'topVariable', n: 2 } })).toThrow(
      /No observational cells in toy: none has "obs" \(or nothing\) in "context"/,
    );
    expect(() => readGimCells({ ...base, genes: { mode: 'list', genes: ['g0', 'TP53'] } })).toThrow(
      /"TP53" is not genes? of toy/,
    );
  });
});

describe('dagFromDiscovery', () => {
  const graph = (edges: { source: string; target: string; directed: boolean }[]): string =>
    file(
      `g${Math.random()}.json`,
      JSON.stringify({
        nodes: ['A', 'B', 'C', 'D'],
        edges,
        algorithm: 'gsp',
        params: {},
        seed: 1,
        dataHash: '0'.repeat(64),
        elapsedMs: 1,
      }),
    );

  it('keeps directed arcs and orients undirected ones along their topological order: always a DAG', () => {
    const path = graph([
      { source: 'C', target: 'A', directed: true },
      { source: 'A', target: 'B', directed: false },
      { source: 'B', target: 'C', directed: false },
    ]);
    const { parents } = dagFromDiscovery(path, ['A', 'B', 'C']);
    // Directed part C → A; order B, C (no directed parents, gene order), then A: B→A, B→C and C→A.
    expect(parents).toEqual([[1, 2], [], [1]]);
  });

  it('ignores genes outside the model and refuses a directed cycle', () => {
    expect(
      dagFromDiscovery(graph([{ source: 'A', target: 'D', directed: true }]), ['A', 'B']).parents,
    ).toEqual([[], []]);
    const cyclic = graph([
      { source: 'A', target: 'B', directed: true },
      { source: 'B', target: 'A', directed: true },
    ]);
    expect(() => dagFromDiscovery(cyclic, ['A', 'B'])).toThrow(/form a cycle/);
  });
});

describe("a cells × genes CSV whose first column is the context (the issue's --data layout)", () => {
  const rows = ['context,G1,G2,G3', 'obs,1,2,3', 'obs,2,3,4', 'k1,3,4,5', 'k1,4,5,6', 'k2,5,6,7'];

  it('is read with numbered cells and the context as a sample column', async () => {
    const read = await readDelimited(file('cells.csv', rows.join('\n') + '\n'));
    expect(read.orientation).toBe('samples-x-genes');
    expect(read.matrix.genes).toEqual(['G1', 'G2', 'G3']);
    expect(read.matrix.samples).toEqual(['1', '2', '3', '4', '5']);
    expect(read.sampleMeta['context']).toEqual(['obs', 'obs', 'k1', 'k1', 'k2']);
  });

  it("a first column named as ids keeps naming the rows (repeats are then the importer's duplicate error)", async () => {
    const ids = ['cell,G1,G2,G3', ...rows.slice(1)];
    const read = await readDelimited(file('ids.csv', ids.join('\n') + '\n'));
    expect(read.matrix.samples).toEqual(['obs', 'obs', 'k1', 'k1', 'k2']);
    expect(read.sampleMeta['context']).toBeUndefined();
  });
});
