// Writers round-trip through the readers, and the text parser's details (quotes, comments, BOM,
// orientation, number forms) behave as documented.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { readMatrixArrow, writeSampleMajorArrow } from './arrow-matrix.ts';
import { NumStatus, numStatus, parseNumber } from './delimited-scan.ts';
import { writeDelimited } from './delimited-write.ts';
import { detectFormat } from './detect-format.ts';
import { writeGct } from './gct.ts';
import { readGraphml, readSif } from './network.ts';
import { geneLikeness } from './orientation.ts';
import { writeParquet } from './parquet.ts';
import { readMatrixFile } from './read-matrix.ts';
import { withRoles } from './sample-roles.ts';
import { readSampleSheet } from './validate.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Uint8Array): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

const M = {
  genes: ['TP53', 'MYC', 'ACE2'],
  samples: ['c1', 'c 2', 'c,3'],
  data: Float32Array.from([1, 2.5, -3, 4, Number.NaN, 6, 7e-3, 8, 9]),
};
const same = (a: Float32Array, b: Float32Array): void =>
  expect(Array.from(a).map(String)).toEqual(Array.from(b).map(String));

describe('number parsing from bytes', () => {
  const p = (s: string): [number, NumStatus] => {
    const b = Buffer.from(s);
    const v = parseNumber(b, 0, b.length);
    return [v, numStatus];
  };
  it('reads plain, signed, exponent, quoted and padded numbers exactly as Number() does', () => {
    for (const s of [
      '0',
      '-1.5',
      '+2',
      '3.25e-4',
      '1E5',
      '.5',
      '5.',
      '0.1234567890123456789',
      '123456789012345678901234',
    ]) {
      expect(p(s)[0], s).toBe(Number(s));
    }
    expect(p('"4.5"')[0]).toBe(4.5);
    expect(p(' 7 ')[0]).toBe(7);
  });
  it('flags missing, infinite and invalid cells', () => {
    expect(p('')[1]).toBe(NumStatus.Missing);
    expect(p('NA')[1]).toBe(NumStatus.Missing);
    expect(p('-Inf')[1]).toBe(NumStatus.Infinite);
    expect(p('1e400')[1]).toBe(NumStatus.Infinite);
    expect(p('1.2.3')[1]).toBe(NumStatus.Invalid);
    expect(p('abc')[1]).toBe(NumStatus.Invalid);
    expect(p('1e')[1]).toBe(NumStatus.Invalid);
  });
});

describe('delimited text', () => {
  it('skips comment lines, accepts a UTF-8 BOM, CRLF, quoted names with delimiters', async () => {
    const f = file('quoted.csv', '\ufeff# exported 2024\r\n"gene","s,1",s2\r\n"TP53",1,2\r\nMYC,"3",4\r\n');
    const r = await readMatrixFile(f);
    expect(r.matrix.genes).toEqual(['TP53', 'MYC']);
    expect(r.matrix.samples).toEqual(['s,1', 's2']);
    same(r.matrix.data, Float32Array.from([1, 3, 2, 4]));
  });
  it('guesses samples × genes from gene-like column names and keeps text columns as sample annotations', async () => {
    const f = file('cells.tsv', 'cell\tgroup\tTP53\tMYC\nAAACGT-1\tctrl\t1\t2\nAAACGG-1\tstim\t3\t4\n');
    const r = await readMatrixFile(f);
    expect(r.orientation).toBe('samples-x-genes');
    expect(r.matrix.genes).toEqual(['TP53', 'MYC']);
    expect(r.sampleMeta.group).toEqual(['ctrl', 'stim']);
    same(r.matrix.data, Float32Array.from([1, 2, 3, 4]));
    const flipped = await readMatrixFile(f, { orientation: 'genes-x-samples' });
    expect(flipped.matrix.genes).toEqual(['AAACGT-1', 'AAACGG-1']);
    expect(flipped.orientationSource).toBe('user');
  });
  it('reads a headerless numeric table and gzip', async () => {
    const f = file('plain.csv.gz', gzipSync('TP53,1,2\nMYC,3,4\n'));
    const r = await readMatrixFile(f);
    expect(r.matrix.genes).toEqual(['TP53', 'MYC']);
    expect(r.matrix.samples).toEqual(['col2', 'col3']);
  });
  it('gene-likeness: symbols, Ensembl and Entrez ids yes; barcodes and row indices no', () => {
    expect(geneLikeness(['TP53', 'ENSG00000141510', '7157', 'HLA-A'])).toBe(1);
    expect(geneLikeness(['AAACCTGAGAAGGCCT-1', 'sample_1', 'GSM12345x'])).toBe(0);
    expect(geneLikeness(['1', '2', '3', '4'])).toBe(0);
  });
});

describe('writers round-trip', () => {
  it('Arrow (the export, and the layout of older projects) is read by arrow-matrix.ts and by apache-arrow as a plain table', async () => {
    const p = join(dir, 'm.arrow');
    writeSampleMajorArrow(p, M);
    const back = readMatrixArrow(p);
    expect(back.genes).toEqual(M.genes);
    expect(back.samples).toEqual(M.samples);
    expect(back.values[1 * 3 + 2]).toBe(8); // MYC × c,3 (gene-major)
    const t = tableFromIPC(readFileSync(p));
    expect(t.numRows).toBe(3);
    expect(t.getChild('c 2')?.get(0)).toBe(4);
    same((await readMatrixFile(p)).matrix.data, M.data);
  });
  it('Arrow with an odd gene count', async () => {
    const odd = {
      genes: ['A1', 'B2', 'C3', 'D4', 'E5'],
      samples: ['x', 'y'],
      data: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
    };
    const p = join(dir, 'odd.arrow');
    writeSampleMajorArrow(p, odd);
    expect(Array.from(readMatrixArrow(p).values)).toEqual([1, 6, 2, 7, 3, 8, 4, 9, 5, 10]);
  });
  it('Parquet in both layouts', async () => {
    for (const layout of ['genes-x-samples', 'samples-x-genes'] as const) {
      const p = join(dir, `m-${layout}.parquet`);
      writeParquet(p, M, layout);
      expect(await detectFormat(p)).toBe('parquet');
      const r = await readMatrixFile(p);
      expect(r.orientation).toBe(layout);
      expect(r.matrix.genes).toEqual(M.genes);
      same(r.matrix.data, M.data);
    }
  });
  it('GCT 1.3 with metadata and CSV', async () => {
    const g = join(dir, 'm.gct');
    writeGct(g, M, { symbol: ['a', 'b', 'c'] }, { dose: [1, null, 3] });
    const r = await readMatrixFile(g);
    same(r.matrix.data, M.data);
    expect(r.geneMeta.symbol).toEqual(['a', 'b', 'c']);
    expect(r.sampleMeta.dose).toEqual([1, null, 3]);
    const c = join(dir, 'm.csv');
    writeDelimited(c, M);
    const rc = await readMatrixFile(c);
    expect(rc.matrix.samples).toEqual(M.samples);
    same(rc.matrix.data, M.data);
  });
});

describe('networks, sample sheets and roles', () => {
  it('SIF with several targets per line and GraphML with keys', () => {
    const s = readSif(file('n.sif', 'TP53 pp MDM2 CDKN1A\nMYC\n'));
    expect(s.edges.map((e) => e.target)).toEqual(['MDM2', 'CDKN1A']);
    expect(s.nodes.map((n) => n.id)).toContain('MYC');
    const g = readGraphml(
      file(
        'n.graphml',
        '<graphml><key id="d0" for="edge" attr.name="weight"/><graph edgedefault="undirected"><node id="A"/><node id="B"/><edge source="A" target="B"><data key="d0">0.5</data></edge></graph></graphml>',
      ),
    );
    expect(g.edges).toEqual([{ source: 'A', target: 'B', directed: false, attributes: { weight: 0.5 } }]);
  });
  it('a sample sheet is joined by name in matrix order; roles get standard names', () => {
    const sheet = file('sheet.csv', 'sample,treatment,targets\ns2,drug,MEK;RAF\ns1,none,\n');
    const meta = readSampleSheet(sheet, ['s1', 's2']);
    expect(meta.treatment).toEqual(['none', 'drug']);
    const { meta: withStd, roles } = withRoles(meta);
    expect(roles).toMatchObject({ condition: 'treatment', intervention_targets: 'targets' });
    expect(withStd.intervention_targets).toEqual(['', 'MEK;RAF']);
  });
});
