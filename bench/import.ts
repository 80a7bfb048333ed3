/**
 * Import benchmark (issue 3): `node --import tsx bench/import.ts [--size-mb N]` (default 100 MB of float32;
 * `--size-mb 978` ≈ the 978 genes × 250,000 samples).
 *
 * Generates one numeric matrix (978 genes × N samples) as CSV (genes × samples, one line per gene),
 * Parquet and Arrow (samples × genes, the layout pandas/pyarrow write for such a wide table) and GCTX
 * (uncompressed HDF5, as cmapPy writes it), then, per format, in fresh child processes:
 * - read only: the reader alone (parse + validate into the float32 matrix), no project file written;
 * - import: the real dataset.import job (the CLI's importDataset, its worker in the child) into a fresh
 *   project (read, with the matrix file streamed to disk as samples are read → prepare → finish the
 *   durable write → meta tables → the run's import record → project.json), timed inside the
 *   child from the call to its return; the child's whole wall time (node + tsx start-up included) is
 *   shown separately;
 * - peak RSS of the import child against the float32 result size.
 * MB/s are file bytes / time. Once per run the disk's durable-write ceiling is measured for the byte count
 * of the project matrix file, in the same temp folder, both ways the import can write: through the page
 * cache (async 32 MB writes, an fdatasync every 96 MB, a final fsync) and with O_DIRECT (what the import
 * uses for big bodies where the filesystem allows, direct-write.ts), so import MB/s can be read against
 * what the disk allows.
 * The same files go through pandas (/usr/bin/python3) as the yardstick where it can read them.
 * Options: --repeat N (median of N child runs), --formats csv,parquet,arrow,gctx, --keep DIR (generate once,
 * reuse, never delete). Baseline RSS of an idle child (node + tsx + imports) is about 100 MB; the files are
 * generated in a child process, as the parent's own peak RSS would otherwise be inherited by every child.
 * Targets: CSV ≥ 100 MB/s, GCTX/Parquet/Arrow ≥ 300 MB/s, peak RSS ≤ 1.5× the float32 result.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { fdatasync, fsync, write } from 'node:fs';
import { promisify } from 'node:util';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Float32, Table, Utf8, makeVector, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { writeParquet } from '../src-main/compute/io/parquet.ts';
import type { SampleMajorMatrix } from '../src-main/compute/io/types.ts';
import { importDataset } from '../src-main/cli/import-dataset.ts';
import { inMemoryBackend } from '../src-main/services/jobs/test-backend.ts';
import { readMatrixFile } from '../src-main/compute/io/read-matrix.ts';
import { DIRECT_PAGE, openDirect } from '../src-main/compute/io/direct-write.ts';
import { writeGctx } from '../src-main/compute/io/testing/gctx-writer.ts';

const N_GENES = 978;
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

/** --child-read: the reader alone (parse + validate into the float32 matrix), no project file written. */
async function childRead(file: string): Promise<void> {
  const t = performance.now();
  const r = await readMatrixFile(file);
  const ms = performance.now() - t;
  process.stdout.write(
    JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, n: r.matrix.data.length }),
  );
}

async function child(file: string, dir: string): Promise<void> {
  // The CLI's import (the dataset.import job) with its worker in this process, so the peak RSS is the job's.
  const backend = inMemoryBackend(join(dir, 'data'));
  backend.projects.create(join(dir, 'project'), 'bench');
  const t = performance.now();
  const r = await importDataset(backend, file);
  const ms = performance.now() - t;
  backend.dispose();
  process.stdout.write(
    JSON.stringify({
      ms,
      maxRssKb: process.resourceUsage().maxRSS,
      nGenes: r.dataset.nGenes,
      nSamples: r.dataset.nSamples,
    }),
  );
}

function makeMatrix(nS: number): SampleMajorMatrix {
  const data = new Float32Array(N_GENES * nS);
  let x = 12345;
  for (let k = 0; k < data.length; k++) {
    x = (x * 1103515245 + 12345) >>> 0;
    data[k] = Math.round(((x >>> 8) / 2 ** 24 - 0.5) * 2e5) / 1e4; // 4 decimals, like L1000 z-scores
  }
  return {
    genes: Array.from({ length: N_GENES }, (_, i) => `G${100 + i}`),
    samples: Array.from({ length: nS }, (_, j) => `CPC${j}_A375_6H:BRD-${j}:10`),
    data,
  };
}

function writeCsv(path: string, m: SampleMajorMatrix): void {
  const fd = openSync(path, 'w');
  const nS = m.samples.length;
  writeSync(fd, `gene,${m.samples.join(',')}\n`);
  const cells = new Array<string>(nS);
  for (let i = 0; i < N_GENES; i++) {
    for (let j = 0; j < nS; j++) cells[j] = (m.data[j * N_GENES + i] as number).toFixed(4);
    writeSync(fd, `${m.genes[i]},${cells.join(',')}\n`);
  }
  closeSync(fd);
}

function writeArrowWide(path: string, m: SampleMajorMatrix): void {
  const nS = m.samples.length;
  const cols: Record<string, Vector> = { sample: vectorFromArray(m.samples, new Utf8()) };
  m.genes.forEach((g, i) => {
    const col = new Float32Array(nS);
    for (let j = 0; j < nS; j++) col[j] = m.data[j * N_GENES + i] as number;
    cols[g] = makeVector(col);
  });
  writeFileSync(path, tableToIPC(new Table(cols), 'file'));
  void Float32;
}

const PANDAS: Record<string, string> = {
  csv: 'df = pd.read_csv(f, index_col=0, engine="c").astype("float32")',
  parquet: 'df = pd.read_parquet(f)',
  arrow: 'df = pd.read_feather(f)',
  gctx: 'import h5py\nwith h5py.File(f, "r") as h: df = pd.DataFrame(h["0/DATA/0/matrix"][:].T, index=[s.decode() for s in h["0/META/ROW/id"][:]])',
};

function pandas(kind: string, file: string): string {
  // pandas' C parser on 250,000 columns: > 20 GB RSS after 6 min at 1.9 GB (stopped; this box has 24 GB).
  if (kind === 'csv' && statSync(file).size > 600e6) return 'skipped (> 20 GB RSS at this width)';
  const code = `import sys, time, resource\nimport pandas as pd\nf = sys.argv[1]\nt = time.perf_counter()\n${PANDAS[kind]}\nprint(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)`;
  const r = spawnSync('/usr/bin/python3', ['-c', code, file], { encoding: 'utf8' });
  if (r.status !== 0) return `n/a (${(r.stderr.trim().split('\n').pop() ?? '').slice(0, 70)})`;
  const [s, kb] = r.stdout.trim().split(/\s+/).map(Number) as [number, number];
  return `${(statSync(file).size / 1e6 / s).toFixed(0).padStart(5)} MB/s  ${s.toFixed(2)} s  peak ${(kb / 1024).toFixed(0)} MB`;
}

async function main(): Promise<void> {
  const sizeMb = Number(arg('--size-mb') ?? 100);
  const nS = Math.max(1, Math.round((sizeMb * 1e6) / (N_GENES * 4)));
  // --keep DIR: generate the files once into DIR and reuse them (for profiling); never deleted.
  const keep = arg('--keep');
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'causeway-bench-import-'));
  try {
    const resultMb = (N_GENES * nS * 4) / 2 ** 20;
    const files: [string, string][] = [
      ['csv', join(dir, 'm.csv')],
      ['parquet', join(dir, 'm.parquet')],
      ['arrow', join(dir, 'm.arrow')],
      ['gctx', join(dir, 'm.gctx')],
    ];
    if (!keep || !existsSync(files[3]![1])) {
      mkdirSync(dir, { recursive: true });
      // In a child: Linux carries a parent's peak RSS into children it forks (ru_maxrss survives exec),
      // so a parent holding the generated matrix would inflate every import's and pandas' peak.
      const g = spawnSync(
        process.execPath,
        ['--import', 'tsx', import.meta.filename, '--generate', dir, String(nS)],
        { stdio: 'inherit' },
      );
      if (g.status !== 0) throw new Error('generating the benchmark files failed');
    }
    console.log(
      `load average: ${readFileSync('/proc/loadavg', 'utf8').trim()} (${availableParallelism()} CPUs)`,
    );
    console.log(
      `Import benchmark: ${N_GENES} genes × ${nS} samples, float32 result ${resultMb.toFixed(0)} MiB (node ${process.version})`,
    );
    const matrixBytes = N_GENES * nS * 4 + 4 * nS; // the stored file: bodies plus names and footer, roughly
    const ceiling = (s: number | null): string =>
      s === null ? 'n/a here' : `${(matrixBytes / 1e6 / s).toFixed(0)} MB/s (${s.toFixed(2)} s)`;
    const buffered = await diskCeiling(dir, matrixBytes, false);
    const direct = await diskCeiling(dir, matrixBytes, true);
    console.log(
      `disk durable-write ceiling, ${(matrixBytes / 1e6).toFixed(0)} MB + fsync: page cache ${ceiling(buffered)}, O_DIRECT ${ceiling(direct)}`,
    );
    console.log(
      'format    file MB   read only                 import (inside child)       child wall  peak RSS (import)        pandas read (yardstick)',
    );
    // --repeat N: each measurement runs N times in fresh child processes; medians are shown.
    const repeat = Math.max(1, Number(arg('--repeat') ?? 1));
    const only = arg('--formats')?.split(',');
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    const runChild = (args: string[]): { ms: number; maxRssKb: number; wallMs: number } | string => {
      const t = performance.now();
      const r = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      const wallMs = performance.now() - t;
      if (r.status !== 0) return r.stderr.slice(-300) || `exit ${r.status}`;
      return { ...(JSON.parse(r.stdout) as { ms: number; maxRssKb: number }), wallMs };
    };
    for (const [kind, file] of files) {
      if (only && !only.includes(kind)) continue;
      const runs: { ms: number; maxRssKb: number; wallMs: number }[] = [];
      const reads: { ms: number; maxRssKb: number }[] = [];
      let failed = '';
      for (let n = 0; n < repeat && !failed; n++) {
        const rd = runChild(['--child-read', file]);
        if (typeof rd === 'string') failed = rd;
        else reads.push(rd);
        const work = mkdtempSync(join(dir, `${kind}-`));
        const r = runChild(['--child', file, work]);
        rmSync(work, { recursive: true, force: true });
        if (typeof r === 'string') failed = r;
        else runs.push(r);
      }
      if (failed) {
        console.log(`${kind.padEnd(8)}  failed: ${failed}`);
        continue;
      }
      const mb = statSync(file).size / 1e6;
      const rate = (ms: number): string => `${(mb / (ms / 1000)).toFixed(0).padStart(5)} MB/s`;
      const rms = median(reads.map((x) => x.ms));
      const ms = median(runs.map((x) => x.ms));
      const wall = median(runs.map((x) => x.wallMs));
      const rssMb = median(runs.map((x) => x.maxRssKb)) / 1024;
      const line =
        `${kind.padEnd(8)} ${mb.toFixed(0).padStart(8)}  ${rate(rms)} ${(rms / 1000).toFixed(2).padStart(6)} s` +
        `        ${rate(ms)} ${(ms / 1000).toFixed(2).padStart(6)} s` +
        `        ${(wall / 1000).toFixed(2).padStart(6)} s  ${rssMb.toFixed(0).padStart(5)} MB (${(rssMb / resultMb).toFixed(2)}× result)`;
      console.log(`${line.padEnd(120)} ${pandas(kind, file)}`);
      // Every run, in order (read-only and import alternate): this VM's memory and disk speeds swing
      // from run to run, and the spread says more than a median alone.
      if (repeat > 1) {
        const each = (xs: { ms: number }[]): string => xs.map((x) => rate(x.ms).trim()).join(', ');
        console.log(`           runs: read only ${each(reads)}; import ${each(runs)}`);
      }
    }
    console.log(
      `load average: ${readFileSync('/proc/loadavg', 'utf8').trim()} (${availableParallelism()} CPUs)`,
    );
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Seconds to write `bytes` durably into `dir` the ways the dataset writer (dataset-store/dataset-writer.ts) can: async 32 MB writes in the
 * libuv pool (two in flight) through the page cache with an fdatasync every 96 MB, or with O_DIRECT
 * (null where the filesystem refuses it); a final fsync either way.
 */
async function diskCeiling(dir: string, bytes: number, direct: boolean): Promise<number | null> {
  const path = join(dir, 'disk-ceiling.tmp');
  const chunk = Buffer.alloc(32 << 20);
  for (let i = 0; i < chunk.length; i += 4) chunk.writeUInt32LE((i * 2654435761) >>> 0, i); // not zeros
  const fd = openSync(path, 'w');
  const target = direct ? openDirect(path, chunk) : null;
  if (direct && !target) {
    closeSync(fd);
    rmSync(path, { force: true });
    return null;
  }
  // Direct: whole 4 KiB pages from the probed aligned offset, as the import writes its bodies.
  const from = target?.memOffset ?? 0;
  const size = target ? Math.floor((chunk.length - from) / DIRECT_PAGE) * DIRECT_PAGE : chunk.length;
  const t = performance.now();
  try {
    let pos = 0;
    let unsynced = 0;
    let sync: Promise<void> = Promise.resolve();
    while (pos < bytes) {
      const writes: Promise<unknown>[] = [];
      for (let k = 0; k < 2 && pos < bytes; k++) {
        const n = Math.min(size, bytes - pos);
        const whole = target ? Math.ceil(n / DIRECT_PAGE) * DIRECT_PAGE : n;
        writes.push(promisify(write)(target?.fd ?? fd, chunk, from, whole, pos));
        pos += n;
        unsynced += n;
      }
      await Promise.all(writes);
      if (!target && unsynced >= 96 << 20) {
        await sync;
        sync = promisify(fdatasync)(fd);
        unsynced = 0;
      }
    }
    await sync;
    await promisify(fsync)(fd);
  } finally {
    if (target) closeSync(target.fd);
    closeSync(fd);
    rmSync(path, { force: true });
  }
  return (performance.now() - t) / 1000;
}

async function generate(dir: string, nS: number): Promise<void> {
  const m = makeMatrix(nS);
  writeCsv(join(dir, 'm.csv'), m);
  writeParquet(join(dir, 'm.parquet'), m, 'samples-x-genes');
  writeArrowWide(join(dir, 'm.arrow'), m);
  await writeGctx(join(dir, 'm.gctx'), { ...m, chunks: [Math.min(nS, 1000), N_GENES] });
}

if (process.argv[2] === '--child') await child(process.argv[3] ?? '', process.argv[4] ?? '');
else if (process.argv[2] === '--child-read') await childRead(process.argv[3] ?? '');
else if (process.argv[2] === '--generate') await generate(process.argv[3] ?? '', Number(process.argv[4]));
else await main();
