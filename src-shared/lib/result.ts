// Errors cross every boundary (worker → main → renderer/CLI) as plain data with a closed set of codes,
// so the UI and the CLI can react to the code and show the message, never a stack trace.
import { describeSystemError } from './system-error.ts';

export const ERROR_CODES = [
  'E_INVALID_INPUT',
  'E_NOT_FOUND',
  'E_CANCELLED',
  'E_WORKER_CRASHED',
  'E_PROTOCOL',
  'E_MODEL_LOAD',
  'E_IO',
  'E_CORRUPT_PROJECT',
  'E_UNSUPPORTED',
  'E_UNAUTHORIZED',
  'E_BUSY',
  'E_INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, details?: Record<string, unknown>): Result<never> => ({
  ok: false,
  error: details === undefined ? { code, message } : { code, message, details },
});

/** An exception that carries an error code; thrown inside services and compute, caught at boundaries. */
export class CausewayError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'CausewayError';
    this.code = code;
    this.details = details;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Anything thrown becomes an AppError; unknown throwables become E_INTERNAL with their message only. */
export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof CausewayError) {
    return thrown.details === undefined
      ? { code: thrown.code, message: thrown.message }
      : { code: thrown.code, message: thrown.message, details: thrown.details };
  }
  if (thrown instanceof Error && thrown.name === 'AbortError') {
    return { code: 'E_CANCELLED', message: 'The job was cancelled.' };
  }
  const system = describeSystemError(thrown);
  if (system) return system;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { code: 'E_INTERNAL', message: message || 'An unexpected error occurred.' };
}

export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new CausewayError(result.error.code, result.error.message, result.error.details);
}
