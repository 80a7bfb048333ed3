import { parseArgs } from 'node:util';
import type { DuplicateMerge } from '../../compute/genes/duplicates.ts';
import type { RoleName } from '../../compute/import/roles.ts';
import { importDataset } from '../import-dataset.ts';
import { describeGeneMatch } from '../../compute/import/gene-match.ts';
import { referenceKind } from '../../services/datasets/import-reference.ts';
import type { Io } from '../cli-error.ts';
import { usage } from '../cli-error.ts';
import { withBackend } from '../backend.ts';
import { parseOrientation } from './inspect.ts';

const ROLES: readonly RoleName[] = [
  'condition',
  'cell_type',
  'perturbation',
  'dose',
  'time',
  'replicate',
  'intervention_targets',
];
const MERGES: readonly DuplicateMerge[] = ['mean', 'max-variance', 'first'];
const roleList = ROLES.map((r) => r.replace('_', '-')).join('|');

export const importHelp = `causeway import <file> --project <dir> [--samples <sheet>] [--name <name>]
                [--orientation genes-x-samples|samples-x-genes] [--layer <name>] [--gene-column <column>]
                [--role <column>=<${roleList}>]… [--merge-duplicates mean|max-variance|first] [--json]
  Import an expression matrix or signature (CSV/TSV[.gz], Arrow/Feather, Parquet, GCT, GCTX, h5ad,
  Matrix Market, HDF5) into a project as Arrow, with an optional sample sheet. Prints the dataset id.
  A network (edge list, SIF, GraphML) or a DrugCentral-style drug–target table is imported as a project
  network or table instead; the network or table id is printed, and stderr says how many of its gene
  ids match genes of the project's datasets (by symbol or through the offline gene map), with a
  warning naming unmatched ones.
  The import wizard's choices: --gene-column takes gene names from a gene-table column; --role maps a
  sample column to a role (repeatable; roles not given are guessed from column names); duplicate gene
  names are refused unless --merge-duplicates says how to merge them.
  The original file is never modified; a failed import leaves the project unchanged.`;

/** `--role stim=condition` → { condition: 'stim' }; a role named twice is refused. */
export function parseRoles(specs: readonly string[]): Partial<Record<RoleName, string>> {
  const out: Partial<Record<RoleName, string>> = {};
  for (const spec of specs) {
    const eq = spec.lastIndexOf('=');
    const column = eq > 0 ? spec.slice(0, eq) : '';
    const role = spec.slice(eq + 1).replace(/-/g, '_') as RoleName;
    if (!column || !ROLES.includes(role)) throw usage(`--role is <column>=<${roleList}>, not "${spec}"`);
    if (out[role] !== undefined) throw usage(`--role names ${role.replace('_', '-')} twice`);
    out[role] = column;
  }
  return out;
}

export function parseMerge(v: string | undefined): DuplicateMerge | undefined {
  if (v === undefined) return undefined;
  if (!(MERGES as readonly string[]).includes(v))
    throw usage('--merge-duplicates is mean, max-variance or first');
  return v as DuplicateMerge;
}

export async function importCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      project: { type: 'string' },
      samples: { type: 'string' },
      name: { type: 'string' },
      orientation: { type: 'string' },
      layer: { type: 'string' },
      'gene-column': { type: 'string' },
      role: { type: 'string', multiple: true },
      'merge-duplicates': { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file) throw usage('import needs a file: causeway import <file> --project <dir>');
  if (!values.project) throw usage('import needs --project <dir>');
  const project = values.project;
  const orientation = parseOrientation(values.orientation);
  const roles = parseRoles(values.role ?? []);
  const duplicates = parseMerge(values['merge-duplicates']);
  const geneColumn = values['gene-column'];
  return withBackend(async (backend) => {
    backend.projects.open(project);
    const kind = await referenceKind(file);
    if (kind !== null) {
      // The app's reference.import job, in a worker: read, check genes against the project, write.
      const ref = await backend.imports.importReference(backend.projects, {
        file: { path: file },
        kind,
        ...(values.name ? { name: values.name } : {}),
      });
      if (values.json) io.out(`${JSON.stringify(ref)}\n`);
      else {
        if (ref.geneMatch.datasets > 0) io.err(`${describeGeneMatch(ref.geneMatch)}\n`);
        for (const w of ref.warnings) io.err(`warning: ${w}\n`);
        io.out(`${ref.id}\n`);
      }
      return 0;
    }
    const r = await importDataset(backend, file, {
      ...(values.samples ? { samplesSheet: values.samples } : {}),
      ...(values.name ? { name: values.name } : {}),
      ...(orientation ? { orientation } : {}),
      ...(values.layer ? { layer: values.layer } : {}),
      ...(geneColumn ? { geneColumn } : {}),
      ...(duplicates ? { duplicates } : {}),
      roles,
    });
    if (values.json)
      io.out(`${JSON.stringify({ dataset: r.dataset, roles: r.roles, warnings: r.warnings })}\n`);
    else {
      for (const w of r.warnings) io.err(`warning: ${w}\n`);
      io.out(`${r.dataset.id}\n`);
    }
    return 0;
  });
}
