/**
 * Which body layout the dataset store uses (docs/dataset-store.md): the three reads the app does, timed
 * on three candidate layouts of the same float32 matrix, from the page cache (every file is read once
 * before timing). `node --import tsx bench/store-layout.ts [--genes 978] [--samples 100000]`.
 *
 *  - sample-major: sample j's genes contiguous (the store);
 *  - gene-major: gene i's samples contiguous (the transpose);
 *  - tiles: blocks of 1,024 samples, gene-major inside each block (a compromise).
 *
 * Reads: (1) a block of 10,000 samples as sample-major rows (what ranking streams); (2) one sample
 * (drug detail), mean of 200 random ones; (3) 20 genes across all samples (causal discovery on chosen
 * genes). Each into a caller buffer, with plain positioned reads, the way DatasetReader reads.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const NG = arg('--genes', 978);
const NS = arg('--samples', 100_000);
const TILE = 1024;
const BLOCK = Math.min(10_000, NS);
const CHOSEN = Array.from({ length: Math.min(20, NG) }, (_, k) => Math.floor((k * NG) / 20));

function preadAll(fd: number, into: Float32Array, pos: number, floats = into.length): void {
  const bytes = new Uint8Array(into.buffer, into.byteOffset, floats * 4);
  let done = 0;
  while (done < bytes.length)
    done += readSync(fd, bytes, done, Math.min(1 << 30, bytes.length - done), pos + done);
}

interface Layout {
  name: string;
  write(fd: number, m: Float32Array): void;
  block(fd: number, first: number, count: number, out: Float32Array): void;
  sample(fd: number, j: number, out: Float32Array): void;
  genes(fd: number, chosen: number[], out: Float32Array): void;
}

const scratch = new Float32Array(Math.max(8 << 20, TILE * NG));

const sampleMajor: Layout = {
  name: 'sample-major',
  write: (fd, m) => void writeSync(fd, m),
  block: (fd, first, count, out) => preadAll(fd, out, first * NG * 4, count * NG),
  sample: (fd, j, out) => preadAll(fd, out, j * NG * 4, NG),
  genes(fd, chosen, out) {
    const per = Math.floor(scratch.length / NG);
    for (let s0 = 0; s0 < NS; s0 += per) {
      const n = Math.min(per, NS - s0);
      preadAll(fd, scratch, s0 * NG * 4, n * NG);
      chosen.forEach((g, k) => {
        for (let s = 0; s < n; s++) out[k * NS + s0 + s] = scratch[s * NG + g]!;
      });
    }
  },
};

const geneMajor: Layout = {
  name: 'gene-major',
  write(fd, m) {
    const t = new Float32Array(NG * NS);
    for (let j = 0; j < NS; j++) for (let g = 0; g < NG; g++) t[g * NS + j] = m[j * NG + g]!;
    writeSync(fd, t);
  },
  block(fd, first, count, out) {
    const row = new Float32Array(count);
    for (let g = 0; g < NG; g++) {
      preadAll(fd, row, (g * NS + first) * 4);
      for (let s = 0; s < count; s++) out[s * NG + g] = row[s]!;
    }
  },
  sample(fd, j, out) {
    const one = new Float32Array(1);
    for (let g = 0; g < NG; g++) {
      preadAll(fd, one, (g * NS + j) * 4);
      out[g] = one[0]!;
    }
  },
  genes(fd, chosen, out) {
    chosen.forEach((g, k) => preadAll(fd, out.subarray(k * NS, (k + 1) * NS), g * NS * 4));
  },
};

const tiles: Layout = {
  name: `tiles of ${TILE} samples`,
  write(fd, m) {
    for (let t0 = 0; t0 < NS; t0 += TILE) {
      const n = Math.min(TILE, NS - t0);
      const t = new Float32Array(n * NG);
      for (let s = 0; s < n; s++) for (let g = 0; g < NG; g++) t[g * n + s] = m[(t0 + s) * NG + g]!;
      writeSync(fd, t);
    }
  },
  block(fd, first, count, out) {
    for (let t0 = Math.floor(first / TILE) * TILE; t0 < first + count; t0 += TILE) {
      const n = Math.min(TILE, NS - t0);
      preadAll(fd, scratch, t0 * NG * 4, n * NG);
      for (let s = Math.max(first, t0); s < Math.min(first + count, t0 + n); s++)
        for (let g = 0; g < NG; g++) out[(s - first) * NG + g] = scratch[g * n + (s - t0)]!;
    }
  },
  sample(fd, j, out) {
    const t0 = Math.floor(j / TILE) * TILE;
    const n = Math.min(TILE, NS - t0);
    const one = new Float32Array(1);
    for (let g = 0; g < NG; g++) {
      preadAll(fd, one, (t0 * NG + g * n + (j - t0)) * 4);
      out[g] = one[0]!;
    }
  },
  genes(fd, chosen, out) {
    for (let t0 = 0; t0 < NS; t0 += TILE) {
      const n = Math.min(TILE, NS - t0);
      chosen.forEach((g, k) =>
        preadAll(fd, out.subarray(k * NS + t0, k * NS + t0 + n), (t0 * NG + g * n) * 4),
      );
    }
  },
};

function time(run: () => void, repeats = 3): number {
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    run();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

const dir = mkdtempSync(join(tmpdir(), 'causeway-store-layout-'));
try {
  console.log(
    `store layouts: ${NG} genes × ${NS.toLocaleString('en')} samples float32 (${((NG * NS * 4) / 2 ** 20).toFixed(0)} MiB), page cache; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const m = new Float32Array(NG * NS);
  for (let k = 0; k < m.length; k++) m[k] = (k % 9973) / 100;
  const out = new Float32Array(Math.max(BLOCK * NG, CHOSEN.length * NS));
  console.log(
    `layout                 block of ${BLOCK.toLocaleString('en')} samples   one sample   ${CHOSEN.length} genes × all samples`,
  );
  for (const layout of [sampleMajor, geneMajor, tiles]) {
    const file = join(dir, layout.name.replace(/\W+/g, '-'));
    const fd0 = openSync(file, 'w');
    layout.write(fd0, m);
    closeSync(fd0);
    const fd = openSync(file, 'r');
    layout.genes(fd, CHOSEN, out); // first pass pulls the file into the page cache
    const first = Math.floor(NS / 3);
    const blockMs = time(() => layout.block(fd, first, BLOCK, out));
    for (let s = 0; s < BLOCK; s++)
      if (out[s * NG + 1] !== m[(first + s) * NG + 1]) throw new Error(`${layout.name}: wrong block`);
    const picks = Array.from({ length: 200 }, (_, i) => (i * 7919) % NS);
    const sampleMs = time(() => picks.forEach((j) => layout.sample(fd, j, out))) / picks.length;
    if (out[NG - 1] !== m[picks.at(-1)! * NG + NG - 1]) throw new Error(`${layout.name}: wrong sample`);
    const genesMs = time(() => layout.genes(fd, CHOSEN, out));
    if (out[NS + 5] !== m[5 * NG + CHOSEN[1]!]) throw new Error(`${layout.name}: wrong gene`);
    closeSync(fd);
    console.log(
      `${layout.name.padEnd(22)} ${blockMs.toFixed(1).padStart(10)} ms ${(sampleMs * 1000).toFixed(0).padStart(14)} µs ${genesMs.toFixed(1).padStart(14)} ms`,
    );
    rmSync(file);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
