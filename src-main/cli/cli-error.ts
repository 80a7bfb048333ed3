import type { z } from 'zod';
import { describeIssue } from '#shared/contracts/errors.ts';
import { CausewayError, toAppError } from '#shared/lib/result.ts';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** A progress line that overwrites itself; only where stderr is a terminal (never in pipes or tests). */
  status?: (text: string) => void;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  ...(process.stderr.isTTY ? { status: (t: string) => process.stderr.write(`\r\x1b[K${t}`) } : {}),
};

/**
 * `--alpha -0.5`: parseArgs would take "-0.5" for a flag and stop with "argument is ambiguous". A
 * negative number right after a `--flag` is that flag's value, so it is joined as `--alpha=-0.5` and
 * reaches the flag's own range check.
 */
export function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const arg of argv) {
    const prev = out.at(-1);
    if (/^-(\d|\.\d)/.test(arg) && prev?.startsWith('--') && !prev.includes('=') && prev !== '--')
      out[out.length - 1] = `${prev}=${arg}`;
    else out.push(arg);
  }
  return out;
}

/** Usage errors are input errors: the same code and exit status as bad files. */
export function usage(message: string): CausewayError {
  return new CausewayError('E_INVALID_INPUT', message);
}

/**
 * A job spec built from flags, checked by the job's own schema before any file is read; the first
 * problem is reported by its flag (spec field `querySize` ↔ `--query-size`; `flags` names the flag of
 * a nested field whose name differs, e.g. `{ 'robustness.runs': 'runs' }`).
 */
export function specFromFlags<S extends z.ZodType>(
  schema: S,
  draft: unknown,
  flags: Record<string, string> = {},
): z.output<S> {
  const checked = schema.safeParse(draft);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0];
  const field =
    flags[(issue?.path ?? []).map(String).join('.')] ??
    String(issue?.path[0] ?? 'spec').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  throw usage(issue ? describeIssue(issue, draft, `--${field}`) : `--${field} is not valid.`);
}

/** `error E_CODE: message` on stderr; a stack only with --debug. Returns the exit code. */
export function reportError(thrown: unknown, io: Io, debug: boolean): number {
  // node:util parseArgs: an unknown flag, a missing value; the user's typing, not a bug.
  const parseError = String((thrown as { code?: unknown } | null)?.code ?? '').startsWith('ERR_PARSE_ARGS');
  const error = parseError
    ? {
        code: 'E_INVALID_INPUT',
        message: `${((thrown as Error).message.split('\n')[0] ?? '').replace(/\.?$/, '.')} Run with --help.`,
      }
    : toAppError(thrown);
  io.err(`error ${error.code}: ${error.message}\n`);
  if (debug && thrown instanceof Error && thrown.stack) io.err(`${thrown.stack}\n`);
  return 2;
}
