import { writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { applyEdit, EditConflictError, EditOp } from '#shared/domain/grn/edits.ts';
import { toDiscoveryKnowledge, toTetradKnowledge } from '#shared/domain/grn/knowledge-file.ts';
import type { GeneRegulatoryNetwork } from '#shared/domain/grn/network.ts';
import { diffVersions } from '#shared/domain/grn/version-diff.ts';
import { materialiseVersion, type NetworkBase } from '#shared/domain/grn/versions.ts';
import { CausewayError } from '#shared/lib/result.ts';
import { readSmallFile } from '../../compute/io/text-table.ts';
import {
  baseNetwork,
  getNetworkVersion,
  listNetworkVersions,
  saveNetworkVersion,
} from '../../services/projects/network-versions.ts';
import { withBackend } from '../backend.ts';
import { usage, type Io } from '../cli-error.ts';
import {
  baseLabel,
  networkDiffCommand,
  networkDiffHelp,
  resolveOperand,
  summaryLine,
} from './network-diff.ts';

export const networkHelp = `causeway network edit <project> (--network <id> | --run <id> | --version <id>) --ops ops.json
    [--name N] [--note T]
  Applies edit operations to a network of the project and saves them as a new network version, as the
  Network page's Save version does (the learned or imported network itself is never changed). The ops
  file holds the app's edit operations (the EditOp schema of src-shared/domain/grn/edits.ts: addGene,
  removeGene, addRegulation, removeRegulation, orient, setNote, setConstraint, setTiers), as an array or
  as {"ops": [...]} (a saved version file will do). Each op records the state it replaces, so an op that
  does not fit the network is refused, naming its index. --network starts from a project network,
  --run from a discovery run's result, --version from a saved version (the new version's parent: its
  ops come first). Prints the new version's id and what changed.
${networkDiffHelp}
causeway network versions <project>
  Lists the project's saved network versions (id, name, base, number of edits).
causeway network knowledge <project> <network> [--format tetrad|json] [--out file]
  The background knowledge of a network (a version id, run:<id> or network:<id>): the constraints and
  tiers its edits set, which a rerun of discovery takes. tetrad writes Tetrad's knowledge file
  (forbidden adjacencies as two forbidden arcs; what Tetrad cannot hold is reported on stderr); json
  the form discover --knowledge reads.`;

export async function networkCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'edit') return networkEdit(rest, io);
  if (sub === 'diff') return networkDiffCommand(rest, io);
  if (sub === 'versions') return networkVersions(rest, io);
  if (sub === 'knowledge') return networkKnowledge(rest, io);
  throw usage(`usage:\n${networkHelp}`);
}

/** The ops of an ops file, each checked against the EditOp schema; errors name the op's index. */
function readOps(file: string): EditOp[] {
  let json: unknown;
  try {
    json = JSON.parse(readSmallFile(file).toString('utf8'));
  } catch (e) {
    if (e instanceof CausewayError) throw e;
    throw new CausewayError('E_INVALID_INPUT', `${file}: not valid JSON (${(e as Error).message}).`, {
      file,
    });
  }
  const list = Array.isArray(json) ? json : (json as { ops?: unknown } | null)?.ops;
  if (!Array.isArray(list))
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${file}: expected an array of edit operations or {"ops": [...]}.`,
    );
  return list.map((raw, i) => {
    const op = EditOp.safeParse(raw);
    if (op.success) return op.data;
    const issue = op.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new CausewayError(
      'E_INVALID_INPUT',
      `${file}: ops[${i}] is not an edit operation${where} (${issue?.message ?? 'invalid'}).`,
    );
  });
}

/** Applies ops one by one so that the one that does not fit is named. */
function applyNamed(net: GeneRegulatoryNetwork, ops: readonly EditOp[], file: string): GeneRegulatoryNetwork {
  return ops.reduce((state, op, i) => {
    try {
      return applyEdit(state, op);
    } catch (e) {
      if (!(e instanceof EditConflictError)) throw e;
      throw new CausewayError(
        'E_INVALID_INPUT',
        `${file}: ops[${i}] (${op.op}) does not fit the network: ${e.message}.`,
      );
    }
  }, net);
}

async function networkEdit(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      network: { type: 'string' },
      run: { type: 'string' },
      version: { type: 'string' },
      ops: { type: 'string' },
      name: { type: 'string' },
      note: { type: 'string' },
    },
    allowPositionals: true,
  });
  const [dir, ...extra] = positionals;
  if (!dir || extra.length) throw usage(`usage:\n${networkHelp}`);
  const starts = [values.network, values.run, values.version].filter((v) => v !== undefined);
  if (starts.length !== 1) throw usage('network edit needs exactly one of --network, --run or --version.');
  if (!values.ops) throw usage('network edit needs --ops ops.json.');
  const opsFile = resolve(values.ops);
  const ops = readOps(opsFile);
  return withBackend(async (backend) => {
    const projects = backend.projects;
    projects.open(dir);
    const parent = values.version !== undefined ? getNetworkVersion(projects, values.version) : undefined;
    const base: NetworkBase = parent
      ? parent.base
      : values.network !== undefined
        ? { kind: 'network', networkId: values.network }
        : { kind: 'run', runId: values.run! };
    const before = materialiseVersion(baseNetwork(projects, base), { ops: parent?.ops ?? [] });
    const after = applyNamed(before, ops, opsFile);
    const saved = saveNetworkVersion(projects, {
      name: values.name ?? `${basename(opsFile)} on ${baseLabel(base)}`.slice(0, 200),
      base,
      ...(parent ? { parentId: parent.id } : {}),
      ops: [...(parent?.ops ?? []), ...ops],
      ...(values.note !== undefined ? { note: values.note } : {}),
    });
    io.out(
      `${saved.id}\tversion "${saved.name}": ${ops.length} edits on ${parent ? `version ${parent.id}` : baseLabel(base)}\n`,
    );
    io.out(`${summaryLine(diffVersions(before, after))}\n`);
    return 0;
  });
}

async function networkVersions(argv: string[], io: Io): Promise<number> {
  const { positionals } = parseArgs({ args: argv, options: {}, allowPositionals: true });
  const [dir] = positionals;
  if (!dir) throw usage(`usage:\n${networkHelp}`);
  return withBackend((backend) => {
    backend.projects.open(dir);
    for (const v of listNetworkVersions(backend.projects))
      io.out(
        `${v.id}\t${v.name}\t${baseLabel(v.base)}\t${v.nOps} edits${v.parentId ? `\tfrom ${v.parentId}` : ''}\t${v.createdAt}\n`,
      );
    return Promise.resolve(0);
  });
}

async function networkKnowledge(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { format: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: true,
  });
  const [dir, ref, ...extra] = positionals;
  if (!dir || !ref || extra.length) throw usage(`usage:\n${networkHelp}`);
  const format = values.format ?? 'tetrad';
  if (format !== 'tetrad' && format !== 'json') throw usage('--format must be tetrad or json.');
  return withBackend((backend) => {
    backend.projects.open(dir);
    const { knowledge } = resolveOperand(backend.projects, ref).net;
    let text = `${JSON.stringify(toDiscoveryKnowledge(knowledge), null, 2)}\n`;
    if (format === 'tetrad') {
      const tetrad = toTetradKnowledge(knowledge);
      text = tetrad.text;
      for (const what of tetrad.omitted) io.err(`left out of the Tetrad file: ${what}\n`);
    }
    if (values.out) writeFileSync(resolve(values.out), text);
    else io.out(text);
    return Promise.resolve(0);
  });
}
