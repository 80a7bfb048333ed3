// `npx causeway`: the command-line host. Same services and workers as the app, no UI.
import { installNetworkGuard } from '../services/network-guard.ts';
import { appVersion } from '../services/paths.ts';
import { processIo, reportError, type Io } from './cli-error.ts';
import { discoverCommand, discoverHelp } from './commands/discover.ts';
import { convertCommand, convertHelp } from './commands/convert.ts';
import { importCommand, importHelp } from './commands/import.ts';
import { inspectCommand, inspectHelp } from './commands/inspect.ts';
import { modelCommand, modelHelp } from './commands/model.ts';
import { projectCommand, projectHelp } from './commands/project.ts';
import { rankCommand, rankHelp } from './commands/rank.ts';
import { summaryCommand, summaryHelp } from './commands/summary.ts';
import { transportCommand, transportHelp } from './commands/transport.ts';

type Command = { run: (argv: string[], io: Io) => Promise<number>; help: string; summary: string };

/** Later capabilities register their subcommands here. */
export const commands: Record<string, Command> = {
  discover: {
    run: discoverCommand,
    help: discoverHelp,
    summary: 'learn a causal network (PC, GSP, IGSP, UT-IGSP)',
  },
  project: { run: projectCommand, help: projectHelp, summary: 'create or describe a project' },
  inspect: {
    run: inspectCommand,
    help: inspectHelp,
    summary: 'detect a data file format, shape and problems',
  },
  import: { run: importCommand, help: importHelp, summary: 'import a data file into a project as Arrow' },
  convert: { run: convertCommand, help: convertHelp, summary: 'convert a matrix between file formats' },
  rank: { run: rankCommand, help: rankHelp, summary: 'rank drugs that reverse a disease signature' },
  summary: {
    run: summaryCommand,
    help: summaryHelp,
    summary: 'per-gene summary of a dataset (a worker job)',
  },
  model: {
    run: modelCommand,
    help: modelHelp,
    summary: 'validate a user model file (.onnx); train an autoencoder (model train)',
  },
  transport: {
    run: transportCommand,
    help: transportHelp,
    summary: 'transport a drug effect to a cell type',
  },
};

export function helpText(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
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
    const command = commands[name];
    if (!command) {
      io.err(`error E_INVALID_INPUT: unknown command "${name}". Run causeway --help.\n`);
      return 2;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`${command.help}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (thrown) {
    return reportError(thrown, io, debug);
  }
}

/** Process entry: installs the offline guard and crash handlers, then runs main(). */
export function runCli(): void {
  installNetworkGuard();
  const debug = process.argv.includes('--debug');
  process.on('uncaughtException', (e) => process.exit(reportError(e, processIo, debug)));
  process.on('unhandledRejection', (e) => process.exit(reportError(e, processIo, debug)));
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
