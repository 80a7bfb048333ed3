import { z } from 'zod';
import { AppErrorSchema } from './errors.ts';

/**
 * Messages between a supervisor and a worker process. Both sides check the protocol version in the
 * handshake, so a stale worker bundle fails loudly (E_PROTOCOL) instead of misreading messages.
 */
export const WORKER_PROTOCOL_VERSION = 1;

const JobId = z.string().min(1).max(100);

export const ToWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), protocol: z.number().int() }),
  z.object({
    type: z.literal('start'),
    jobId: JobId,
    task: z.string().min(1).max(100),
    params: z.unknown(),
  }),
  z.object({ type: z.literal('cancel'), jobId: JobId }),
]);
export type ToWorker = z.infer<typeof ToWorker>;

export const FromWorker = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), protocol: z.number().int(), tasks: z.array(z.string()) }),
  z.object({
    type: z.literal('progress'),
    jobId: JobId,
    phase: z.string(),
    fraction: z.number().min(0).max(1),
    etaMs: z.number().nullable(),
    metrics: z.record(z.string().max(40), z.number()).optional(),
  }),
  z.object({ type: z.literal('finished'), jobId: JobId, value: z.unknown() }),
  z.object({ type: z.literal('failed'), jobId: JobId, error: AppErrorSchema }),
]);
export type FromWorker = z.infer<typeof FromWorker>;

/**
 * A message port between a supervisor and a worker. Three implementations share it: Electron's
 * utilityProcess/parentPort, Node's child_process IPC, and an in-memory pair for tests.
 */
export interface MessagePortLike {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
}
