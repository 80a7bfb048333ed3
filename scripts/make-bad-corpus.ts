// Regenerates src-main/compute/io/fixtures/bad/: one small file per kind of bad input (issue #3).
// Every file is tested in bad-corpus.test.ts for its error code and a message naming file/row/column.
// Run: node --import tsx scripts/make-bad-corpus.ts   (the HDF5 LZF case needs /usr/bin/python3 + h5py)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeGctx } from '../src-main/compute/io/testing/gctx-writer.ts';

const root = join(import.meta.dirname, '..', 'src-main', 'compute', 'io', 'fixtures');
const out = join(root, 'bad');
mkdirSync(out, { recursive: true });
const put = (name: string, data: string | Uint8Array): void => writeFileSync(join(out, name), data);

// Deterministic "random" bytes so the corpus is reproducible.
function junk(n: number, seed = 7): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

const good = 'gene,s1,s2,s3\nTP53,1,2,3\nMYC,4,5,6\nACE2,7,8,9\n';
put('empty.csv', '');
put('blank-lines-only.csv', '\n\n   \n\n');
put('comments-only.tsv', '# exported by a tool\n# nothing else\n');
put('header-only.csv', 'gene,s1,s2,s3\n');
put('ragged-row.csv', 'gene,s1,s2,s3\nTP53,1,2,3\nMYC,4,5\nACE2,7,8,9\n');
put('ragged-long-row.tsv', 'gene\ts1\ts2\nTP53\t1\t2\nMYC\t4\t5\t6\t7\n');
put('non-numeric-cell.csv', 'gene,s1,s2,s3\nTP53,1,2,3\nMYC,4,high,6\nACE2,7,8,9\n');
put('infinite-value.csv', 'gene,s1,s2,s3\nTP53,1,2,3\nMYC,4,Inf,6\n');
put('overflow-value.csv', 'gene,s1,s2\nTP53,1,2\nMYC,4,1e999\n');
put('duplicate-gene.csv', 'gene,s1,s2\nTP53,1,2\nMYC,4,5\nTP53,7,8\n');
put('duplicate-sample.csv', 'gene,s1,s2,s1\nTP53,1,2,3\nMYC,4,5,6\n');
put('empty-gene-name.csv', 'gene,s1,s2\nTP53,1,2\n,4,5\n');
put('all-missing.csv', 'gene,s1,s2\nTP53,NA,NA\nMYC,,NA\n');
put('decimal-comma.tsv', 'gene\ts1\ts2\nTP53\t1,5\t2,25\nMYC\t4,0\t5,5\n');
put('decimal-comma-semicolon.csv', 'gene;s1;s2\nTP53;1,5;2,25\nMYC;4,0;5,5\n');
put('single-column.csv', 'gene\nTP53\nMYC\n');
put('unclosed-quote.csv', 'gene,s1,s2\nTP53,1,2\n"MYC,4,5\n');
// Quoted fields may span lines (RFC 4180), so an unclosed quote must be named where it opened.
put(
  'unclosed-quote-mid-file.csv',
  'gene,note,s1\nTP53,"spans\ntwo lines",1\nMYC,"opens here,2\nKRAS,x,3\nEGFR,y,4\n',
);
put('unclosed-quote-header.tsv', 'gene\t"sample 1\ts2\nTP53\t1\t2\nMYC\t3\t4\n');
put('utf16le-bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(good, 'utf16le')]));
put('utf16be-bom.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(good, 'utf16le').swap16()]));
put('utf16le-no-bom.tsv', Buffer.from(good.replace(/,/g, '\t'), 'utf16le'));
put('binary-junk.csv', junk(3000));
put(
  'png-named.csv',
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), junk(500, 3)]),
);
const gz = gzipSync(
  Buffer.from(`gene,s1,s2\n${Array.from({ length: 3000 }, (_, i) => `G${i},${i},${i / 7}`).join('\n')}\n`),
);
put('truncated.csv.gz', gz.subarray(0, Math.floor(gz.length / 2)));
put(
  'not-gzip.csv.gz',
  junk(200, 11).map((b, i) => (i === 0 ? 0x1f : i === 1 ? 0x8b : b)),
);
put('zero-by-zero.gct', '#1.3\n0\t0\t0\t0\nid\n');
put('gct-bad-version.gct', '#2.0\n2\t2\nName\tDescription\ta\tb\ng1\td\t1\t2\n');
put('gct-rows-mismatch.gct', '#1.2\n3\t2\nName\tDescription\ta\tb\ng1\td\t1\t2\ng2\td\t3\t4\n');
put('gct-header-mismatch.gct', '#1.3\n2\t3\t0\t0\nid\ta\tb\ng1\t1\t2\ng2\t3\t4\n');
put('gct-non-numeric.gct', '#1.2\n2\t2\nName\tDescription\ta\tb\ng1\td\t1\t2\ng2\td\tx\t4\n');
put('fake.parquet', good);
put('truncated.parquet', Buffer.concat([Buffer.from('PAR1'), junk(300, 5), Buffer.from('PAR1')]));
put('truncated.arrow', Buffer.concat([Buffer.from('ARROW1\0\0'), junk(200, 9)]));
put('fake.h5ad', 'this is not hdf5\n');
put('edges-missing-target.tsv', 'protein1\tprotein2\tcost\nTP53\tMDM2\t0.5\nMYC\t\t0.3\n');
put(
  'graphml-dangling-edge.graphml',
  '<?xml version="1.0"?>\n<graphml>\n<graph edgedefault="directed">\n<node id="TP53"/>\n<edge source="TP53" target="MDM2"/>\n</graph>\n</graphml>\n',
);
put('signature-p-out-of-range.tsv', 'gene\tlog2FC\tp\nTP53\t1.2\t0.01\nMYC\t-0.5\t1.5\n');
mkdirSync(join(out, 'mtx-out-of-range'), { recursive: true });
put(
  'mtx-out-of-range/matrix.mtx',
  '%%MatrixMarket matrix coordinate real general\n2 3 2\n1 1 0.5\n3 1 2.0\n',
);
put('mtx-out-of-range/genes.tsv', 'TP53\nMYC\n');
put('mtx-out-of-range/barcodes.tsv', 'c1\nc2\nc3\n');
mkdirSync(join(out, 'mtx-truncated'), { recursive: true });
put('mtx-truncated/matrix.mtx', '%%MatrixMarket matrix coordinate real general\n2 3 4\n1 1 0.5\n2 3 2.0\n');
put('mtx-truncated/genes.tsv', 'TP53\nMYC\n');
put('mtx-truncated/barcodes.tsv', 'c1\nc2\nc3\n');
// A matrix and a sample sheet that does not match it (tested through import).
put('sheet-matrix.csv', good);
put('sheet-mismatch.csv', 'sample,condition\ns1,ctrl\ns2,stim\ns4,stim\n');

// HDF5 cases.
const gctx = readFileSync(join(root, 'real', 'mini_gctoo_for_testing.gctx'));
put('truncated.gctx', gctx.subarray(0, 4096));
put('corrupt-superblock.h5ad', Buffer.concat([gctx.subarray(0, 8), junk(4000, 13)]));
// 3 genes in the matrix, 2 gene ids
await writeGctx(join(out, 'gctx-mismatched-meta.gctx'), {
  genes: ['g1', 'g2'],
  samples: ['a', 'b'],
  data: new Float32Array(6),
  shape: [2, 3],
});
if (existsSync('/usr/bin/python3')) {
  try {
    execFileSync('/usr/bin/python3', [
      '-c',
      `import h5py, numpy as np
with h5py.File(${JSON.stringify(join(out, 'lzf-compressed.h5ad'))}, 'w') as f:
    f.create_dataset('X', data=np.arange(12, dtype='f4').reshape(3, 4), compression='lzf')
    for name, n in (('obs', 3), ('var', 4)):
        g = f.create_group(name); g.attrs['_index'] = '_index'; g.attrs['encoding-type'] = 'dataframe'
        g.create_dataset('_index', data=np.array([f'{name}{i}' for i in range(n)], dtype='S8'))`,
    ]);
  } catch {
    console.warn('python3 with h5py not available: lzf-compressed.h5ad kept as committed');
  }
}
console.log(`bad corpus written to ${out}`);
