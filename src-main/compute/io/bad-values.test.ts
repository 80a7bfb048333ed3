// Inputs that used to be read without a word and give a wrong answer (exit 0): blank cells read as 0, a
// variable with a blank first cell dropped, duplicate names giving duplicate nodes, a flat disease
// signature ranked with p-values, Latin-1 names turned into U+FFFD. Each case must now be refused with
// a clear message (what and where) or read correctly; the last test tallies them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DrugScoreKind } from '#shared/contracts/drugs-rank.ts';
import { discoveryColumns } from '../../cli/commands/discover-table.ts';
import { matrixBatches, rankSignatures } from '../signatures/rank-signatures.ts';
import { readEdgeList } from './network.ts';
import { readMatrixFile } from './read-matrix.ts';
import { readTextTable } from './text-table.ts';

const dir = mkdtempSync(join(tmpdir(), 'causeway-bad-values-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tally = { tried: 0, cleanErrors: 0, correctReadings: 0, silentWrong: 0 };

function write(name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Runs a case that must be refused: E_INVALID_INPUT, the file named, the message matching. */
async function refused(name: string, run: () => unknown, pattern: RegExp): Promise<void> {
  tally.tried++;
  const err = await Promise.resolve()
    .then(run)
    .then(
      () => null,
      (e: unknown) => e as { code?: string; message: string },
    );
  if (err === null) tally.silentWrong++;
  expect(err, `${name} was accepted`).not.toBeNull();
  expect(err?.code).toBe('E_INVALID_INPUT');
  expect(err?.message).toMatch(pattern);
  tally.cleanErrors++;
}

/** Runs a case that must be read, and read right. */
async function readRight(run: () => unknown): Promise<void> {
  tally.tried++;
  await run();
  tally.correctReadings++;
}

const rows = (n: number, f: (r: number) => string): string[] => Array.from({ length: n }, (_, r) => f(r));
const discover = (name: string, csv: string, intervention?: string, variables?: string[]) => () =>
  discoveryColumns(readTextTable(write(name, csv)), intervention, variables);

describe('discover tables: no blank read as 0, no column dropped or doubled unseen', () => {
  const ok = ['setting,a,b,c', ...rows(6, (r) => `obs,${r},${r * 2 + 1},${r % 3}`)];

  it('a blank cell is refused with its line and the choices (was read as 0)', () =>
    refused(
      'blank',
      discover('blank.csv', ok.with(3, 'obs,2,,2').join('\n')),
      /column "b" has 1 blank cell \(line 4\).*fill them in, delete those rows, or leave the column out/,
    ));

  it('a variable whose first cell is blank is refused, not turned into an annotation', () =>
    refused(
      'blank first',
      discover('blank-first.csv', ok.with(1, 'obs,,1,0').join('\n')),
      /column "a" has 1 blank cell \(line 2\)/,
    ));

  it('a short row (trailing cells missing) counts as blank cells', () =>
    refused(
      'short row',
      discover('short.csv', ok.with(4, 'obs,3').join('\n')),
      /column "b" has 1 blank cell \(line 5\)/,
    ));

  it('"NA" in a numeric column is refused with its line, not dropped with the column', () =>
    refused(
      'NA',
      discover('na.csv', ok.with(2, 'obs,NA,3,1').join('\n')),
      /line 3, column "a": "NA" is not a number/,
    ));

  it('whitespace-only cells are blank', () =>
    refused(
      'spaces',
      discover('spaces.tsv', ok.with(5, 'obs,4,  ,1').join('\n')),
      /column "b" has 1 blank cell \(line 6\)/,
    ));

  it('duplicate column names are refused (were two nodes with one name)', () =>
    refused(
      'dup',
      discover('dup.csv', ok.with(0, 'setting,a,b,a').join('\n')),
      /column name "a" appears twice \(columns 2 and 4\)/,
    ));

  it('names equal after trimming are duplicates too', () =>
    refused(
      'dup trim',
      discover('dup-trim.csv', ok.with(0, 'setting,a, b ,b').join('\n')),
      /"b" appears twice \(columns 3 and 4\)/,
    ));

  it('a column without a name is refused', () =>
    refused(
      'no name',
      discover('no-name.csv', ok.with(0, 'setting,a,,c').join('\n')),
      /column 3 has no name/,
    ));

  it('a blank in a column left out with --variables is not a problem; the chosen ones are read', () =>
    readRight(() => {
      const t = discover('chosen.csv', ok.with(3, 'obs,2,,2').join('\n'), undefined, ['a', 'c'])();
      expect(t.varCols).toEqual([1, 3]);
      expect(t.textCols).toEqual([0]);
    }));

  it('a clean table: numeric columns are variables, the intervention and text columns are not', () =>
    readRight(() => {
      const t = discover('clean.csv', ok.join('\n'), 'setting')();
      expect(t.varCols).toEqual([1, 2, 3]);
      expect(t.textCols).toEqual([0]);
    }));

  it('an annotation column with blanks stays an annotation', () =>
    readRight(() => {
      const csv = ['batch,a,b', 'x,1,2', ',2,3', 'y,3,5'].join('\n');
      expect(discover('annot.csv', csv)()).toEqual({ varCols: [1, 2], textCols: [0] });
    }));
});

describe('the app import of a samples × genes table: blanks are missing values, not zeros', () => {
  const table = [
    'sample,group,a,b,c',
    ...rows(8, (r) => `s${r},${r % 2 ? 'x' : 'y'},${r + 0.5},${r * 2 + 0.25},${(r % 3) + 0.1}`),
  ];

  it('a blank first cell is a missing value and its column stays a gene', () =>
    readRight(async () => {
      const r = await readMatrixFile(
        write('sx-blank-first.csv', table.with(1, 's0,y,,0.25,0.1').join('\n')),
        {
          orientation: 'samples-x-genes',
        },
      );
      expect(r.matrix.genes).toEqual(['a', 'b', 'c']);
      expect(r.matrix.data[0]).toBeNaN();
      expect(r.matrix.data[3]).toBe(1.5);
    }));

  it('a blank cell mid-table is a missing value, not 0', () =>
    readRight(async () => {
      const r = await readMatrixFile(write('sx-blank.csv', table.with(4, 's3,x,3.5,,0.1').join('\n')), {
        orientation: 'samples-x-genes',
      });
      expect(r.matrix.data[3 * 3 + 1]).toBeNaN();
    }));

  it('a duplicate gene column is refused', () =>
    refused(
      'sx dup',
      () =>
        readMatrixFile(write('sx-dup.csv', table.with(0, 'sample,group,a,b,a').join('\n')), {
          orientation: 'samples-x-genes',
        }),
      // The condition column sits among the genes: the column is named, not given a wrong number.
      /\(column "a"\): gene name "a" appears twice/,
    ));
});

describe('drug ranking: a flat disease signature is refused, never ranked', () => {
  const genes = Array.from({ length: 20 }, (_, g) => `G${g}`);
  const signatures = Array.from({ length: 4 }, (_, i) => ({
    id: `sig${i}`,
    drug: `drug${i}`,
    cellType: 'A549',
    dose: '10 uM',
    time: '24 h',
    perturbationType: 'trt_cp',
  }));
  const values = Float32Array.from({ length: 80 }, (_, k) => Math.sin(k * 1.7));
  const rank =
    (disease: number[], score: DrugScoreKind, diseaseGenes = genes) =>
    () =>
      rankSignatures(
        { genes: diseaseGenes, values: disease },
        { genes, signatures, batches: matrixBatches(values, genes.length, 2) },
        { score, querySize: 5, permutations: 50, seed: 1 },
      );

  for (const score of DrugScoreKind.options) {
    it(`${score}: an all-zero signature is refused (was 100 drugs at p = 0.0196)`, () =>
      refused(
        `zero ${score}`,
        rank(
          genes.map(() => 0),
          score,
        ),
        /signature is zero on all 20 genes.*nothing for a drug to reverse/,
      ));
  }

  it('a constant non-zero signature is refused', () =>
    refused(
      'constant',
      rank(
        genes.map(() => 1.5),
        'cosine',
      ),
      /the constant 1\.5 on all 20 genes/,
    ));

  it('a signature that varies only on genes the collection lacks is flat where it counts', () =>
    refused(
      'flat on shared',
      rank([...genes.map(() => 0), 3, -2], 'cosine', [...genes, 'X1', 'X2']),
      /zero on all 20 genes it shares/,
    ));

  it('missing values do not hide a flat signature', () =>
    refused(
      'flat with NaN',
      rank(
        genes.map((_, g) => (g % 2 ? Number.NaN : 2)),
        'spearman',
      ),
      /constant 2 on all 10 genes/,
    ));

  it('a signature that varies is ranked', () =>
    readRight(async () => {
      const r = await rank(
        genes.map((_, g) => Math.cos(g)),
        'cosine',
      )();
      expect(r.drugs).toHaveLength(4);
      expect(r.drugs.every((d) => Number.isFinite(d.score))).toBe(true);
    }));
});

describe('Latin-1 / Windows-1252 text: refused with the line as it was meant, never U+FFFD', () => {
  const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1');
  const matrix = (header: string, genes: string[]): string =>
    [header, ...genes.map((g, i) => `${g},${i},${i + 1}`)].join('\n');

  it('a Latin-1 sample name in the header', () =>
    refused(
      'header',
      () => readMatrixFile(write('l1-header.csv', latin1(matrix('gene,Café,s2', ['TP53', 'MYC'])))),
      /l1-header\.csv \(row 1\): is not UTF-8.*"gene,Café,s2"/,
    ));

  it('a Latin-1 gene name far past the first block', () =>
    refused(
      'deep gene',
      () =>
        readMatrixFile(
          write('l1-deep.csv', latin1(matrix('gene,s1,s2', [...rows(600, (r) => `GENE${r}`), 'Müller1']))),
        ),
      /gene name "M\uFFFDller1" holds bytes that are not UTF-8.*Latin-1/,
    ));

  it('a Windows-1252 en dash (0x96) in a sample sheet', () =>
    refused(
      'sheet',
      () =>
        readTextTable(
          write(
            'l1-sheet.csv',
            Buffer.from([...Buffer.from('sample,group\ns1,a'), 0x96, ...Buffer.from('b\n')]),
          ),
        ),
      /row 2\): is not UTF-8.*"s1,a–b"/,
    ));

  it('a gzipped Latin-1 table', () =>
    refused(
      'gz',
      () => readTextTable(write('l1.tsv.gz', gzipSync(latin1('gene\tnote\nTP53\tréf\n')))),
      /is not UTF-8.*"TP53\tréf"/,
    ));

  it('a Latin-1 node name in an edge list', () =>
    refused(
      'edges',
      () => readEdgeList(write('l1-edges.tsv', latin1('source\ttarget\nTP53\tGène\n'))),
      /is not UTF-8.*Gène/,
    ));

  it('a Latin-1 variable name in a discover table', () =>
    refused(
      'discover',
      () => readTextTable(write('l1-discover.csv', latin1('setting,Ca²,b\nobs,1,2\nobs,2,3\n'))),
      /is not UTF-8.*"setting,Ca²,b"/,
    ));

  it('a Latin-1 gene name in a GCT file', () =>
    refused(
      'gct',
      () =>
        readMatrixFile(
          write(
            'l1.gct',
            latin1('#1.2\n2\t2\nName\tDescription\ts1\ts2\nTP53\ttumor protein\t1\t2\nGène\tx\t3\t4\n'),
          ),
        ),
      /is not UTF-8.*"Gène\tx\t3\t4"/,
    ));

  it('a Latin-1 gene annotation far past the first block', () =>
    refused(
      'deep annotation',
      () =>
        readMatrixFile(
          write(
            'l1-annot.csv',
            latin1(
              ['gene,note,s1,s2', ...rows(600, (r) => `G${r},plain,${r},${r + 1}`), 'GX,protéine,1,2'].join(
                '\n',
              ),
            ),
          ),
        ),
      /gene annotation "note" value "prot\uFFFDine" holds bytes that are not UTF-8/,
    ));

  it('UTF-8 accents (with and without a BOM) are read as written', () =>
    readRight(async () => {
      const plain = await readMatrixFile(write('utf8.csv', matrix('gene,Café,s2', ['Müller1', 'MYC'])));
      expect(plain.matrix.samples).toEqual(['Café', 's2']);
      expect(plain.matrix.genes).toEqual(['Müller1', 'MYC']);
      const bom = readTextTable(write('bom.csv', `\uFEFFsample,group\ns1,señal\n`));
      expect(bom.rows[0]).toEqual(['s1', 'señal']);
    }));

  it('a UTF-8 character cut by the first block boundary is not mistaken for Latin-1', () =>
    readRight(async () => {
      // "é" (2 bytes) straddles byte 4096, where the encoding check of the first block stops.
      const pad = 'x'.repeat(4096 - 'gene,s1\nA'.length - 1);
      const r = await readMatrixFile(write('boundary.csv', `gene,s1\nA${pad}é,1\nB,2\n`));
      expect(r.matrix.genes[0]).toBe(`A${pad}é`);
    }));
});

describe('tally', () => {
  it('every case was a clean error or a correct reading; no silent wrong result', () => {
    console.log(
      `bad values: ${tally.tried} cases tried, ${tally.cleanErrors} clean errors, ` +
        `${tally.correctReadings} correct readings, ${tally.silentWrong} silent wrong results`,
    );
    expect(tally.tried).toBeGreaterThanOrEqual(25);
    expect(tally.cleanErrors + tally.correctReadings).toBe(tally.tried);
    expect(tally.silentWrong).toBe(0);
  });
});
