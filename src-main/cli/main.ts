// `npx causeway`: the command-line host. Same services and workers as the app, no UI.
import { installNetworkGuard } from '../services/network-guard.ts';
import { appVersion } from '../services/paths.ts';
import { joinNegativeValues, processIo, reportError, type Io } from './cli-error.ts';
import { sweepStaleScratch } from './scratch-dirs.ts';

type Command = { run: (argv: string[], io: Io) => Promise<number>; help: string };
type CommandEntry = { summary: string; load: () => Promise<Command>; hidden?: boolean };

/**
 * Later capabilities register their subcommands here. Each command module is imported only when that
 * command runs, so `causeway --help` (and any one command) loads no other command's dependencies.
 */
export const commands: Record<string, CommandEntry> = {
  discover: {
    summary: 'learn a causal network (PC, GSP, IGSP, UT-IGSP)',
    load: async () => {
      const m = await import('./commands/discover.ts');
      return { run: m.discoverCommand, help: m.discoverHelp };
    },
  },
  project: {
    summary: 'create or describe a project',
    load: async () => {
      const m = await import('./commands/project.ts');
      return { run: m.projectCommand, help: m.projectHelp };
    },
  },
  inspect: {
    summary: 'detect a data file format, shape and problems',
    load: async () => {
      const m = await import('./commands/inspect.ts');
      return { run: m.inspectCommand, help: m.inspectHelp };
    },
  },
  import: {
    summary: 'import a data file into a project as Arrow',
    load: async () => {
      const m = await import('./commands/import.ts');
      return { run: m.importCommand, help: m.importHelp };
    },
  },
  convert: {
    summary: 'convert a matrix between file formats',
    load: async () => {
      const m = await import('./commands/convert.ts');
      return { run: m.convertCommand, help: m.convertHelp };
    },
  },
  rank: {
    summary: 'rank drugs that reverse a disease signature',
    load: async () => {
      const m = await import('./commands/rank.ts');
      return { run: m.rankCommand, help: m.rankHelp };
    },
  },
  summary: {
    summary: 'per-gene summary of a dataset (a worker job)',
    load: async () => {
      const m = await import('./commands/summary.ts');
      return { run: m.summaryCommand, help: m.summaryHelp };
    },
  },
  model: {
    summary: 'validate a user model file (.onnx); train an autoencoder (model train)',
    load: async () => {
      const m = await import('./commands/model.ts');
      return { run: m.modelCommand, help: m.modelHelp };
    },
  },
  transport: {
    summary: 'transport a drug effect to a cell type',
    load: async () => {
      const m = await import('./commands/transport.ts');
      return { run: m.transportCommand, help: m.transportHelp };
    },
  },
  gim: {
    summary: 'predict unseen perturbations from their features (gim train, predict, validate)',
    load: async () => {
      const m = await import('./commands/gim.ts');
      return { run: m.gimCommand, help: m.gimHelp };
    },
  },
  steiner: {
    summary: 'Steiner subnetwork of an interactome around prize genes (OmicsIntegrator2)',
    load: async () => {
      const m = await import('./commands/steiner.ts');
      return { run: m.steinerCommand, help: m.steinerHelp };
    },
  },
  network: {
    summary: 'edit a network into a saved version; diff two versions (network edit, diff, versions)',
    load: async () => {
      const m = await import('./commands/network.ts');
      return { run: m.networkCommand, help: m.networkHelp };
    },
  },
  targets: {
    summary: 'rank drug targets on a causal network (reach, predicted reversal, drugs)',
    load: async () => {
      const m = await import('./commands/targets.ts');
      return { run: m.targetsCommand, help: m.targetsHelp };
    },
  },
  design: {
    summary: 'plan the next perturbation experiments (which genes orient the network)',
    load: async () => {
      const m = await import('./commands/design.ts');
      return { run: m.designCommand, help: m.designHelp };
    },
  },
  'run-task': {
    summary: 'run one task of a SLURM job array (used by --executor slurm)',
    hidden: true,
    load: async () => {
      const m = await import('./commands/run-task.ts');
      return { run: m.runTaskCommand, help: m.runTaskHelp };
    },
  },
};

export function helpText(): string {
  const shown = Object.entries(commands).filter(([, c]) => !c.hidden);
  const width = Math.max(...shown.map(([name]) => name.length));
  const lines = shown.map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    `Causeway ${appVersion()} — from expression data to causal networks, drug candidates and targets, offline.`,
    '',
    'Usage: causeway <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  --help       show help (also: causeway <command> --help)',
    '  --version    print the version',
    '  --debug      print stack traces of internal errors',
    '',
    'Errors go to stderr as "error E_CODE: message" and exit with status 2.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  try {
    const [name, ...rest] = args;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.out(helpText());
      return 0;
    }
    if (name === '--version' || name === '-v') {
      io.out(`${appVersion()}\n`);
      return 0;
    }
    const entry = commands[name];
    if (!entry) {
      io.err(`error E_INVALID_INPUT: unknown command "${name}". Run causeway --help.\n`);
      return 2;
    }
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`${command.help}\n`);
      return 0;
    }
    return await command.run(joinNegativeValues(rest), io);
  } catch (thrown) {
    return reportError(thrown, io, debug);
  }
}

/** Process entry: installs the offline guard and crash handlers, then runs main(). */
export function runCli(): void {
  installNetworkGuard();
  // Scratch folders of earlier runs that were killed (-9) before they could clean up.
  const swept = sweepStaleScratch();
  if (swept > 0)
    processIo.err(`Removed ${swept} scratch folder(s) left in the temp folder by killed causeway runs.\n`);
  const debug = process.argv.includes('--debug');
  process.on('uncaughtException', (e) => process.exit(reportError(e, processIo, debug)));
  process.on('unhandledRejection', (e) => process.exit(reportError(e, processIo, debug)));
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
