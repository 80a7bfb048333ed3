// Builds the `causeway` command into out/cli/: the CLI entry and the compute worker it forks, as ES
// modules with shared chunks, so a start loads plain JavaScript instead of compiling TypeScript (tsx).
// Packages stay external (loaded from node_modules), and each command is a lazy chunk, so `--help`
// loads only the command table. bin/causeway.mjs runs this bundle only while it is newer than every
// source file it was built from (out/cli/inputs.json); otherwise it falls back to tsx.
// Run by `npm run build:cli` and by `prepare` (so `npm ci` leaves a ready bundle).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'out', 'cli');

// Sources find their resources (resources/models, fixtures) relative to their own file, so each
// source keeps its own import.meta.url instead of the bundle's.
const keepSourceUrls = {
  name: 'keep-source-urls',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const url = JSON.stringify(pathToFileURL(args.path).href);
      return { contents: text.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: {
    causeway: 'src-main/cli/main.ts',
    'compute.worker': 'src-main/workers/compute.worker.ts',
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  plugins: [keepSourceUrls],
});
const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules'));
writeFileSync(
  join(outdir, 'inputs.json'),
  `${JSON.stringify(inputs.map((p) => relative(root, join(root, p))))}\n`,
);
console.log(`out/cli: CLI and compute worker bundled from ${inputs.length} source files`);
