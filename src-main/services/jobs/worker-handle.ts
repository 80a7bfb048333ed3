import { fork } from 'node:child_process';
import type { MessagePortLike } from '#shared/contracts/worker-protocol.ts';

/** A started worker process, as the supervisor sees it. */
export interface WorkerHandle {
  port: MessagePortLike;
  onExit(listener: (reason: string) => void): void;
  kill(): void;
}

export type WorkerLauncher = () => WorkerHandle;

/** tsx resolved from this file, not from the working directory, so a CLI started anywhere finds it. */
function tsxLoader(): string {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return 'tsx';
  }
}

/**
 * Node hosts (server, CLI, tests): child_process.fork. TypeScript entries run through tsx so the CLI
 * works straight after `npm ci`, with no build step.
 */
export function forkLauncher(entry: string, env: NodeJS.ProcessEnv = process.env): WorkerLauncher {
  return () => {
    const child = fork(entry, [], {
      execArgv: entry.endsWith('.ts') ? ['--import', tsxLoader()] : [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env,
    });
    const exitListeners = new Set<(reason: string) => void>();
    let exited = false;
    const emitExit = (reason: string): void => {
      if (exited) return;
      exited = true;
      for (const l of exitListeners) l(reason);
    };
    child.on('exit', (code, signal) => emitExit(signal ? `killed by ${signal}` : `exited with code ${code}`));
    child.on('error', (e) => emitExit(`failed to start: ${e.message}`));
    return {
      port: {
        post: (m) => {
          if (child.connected) child.send(m as object);
        },
        onMessage(listener) {
          child.on('message', listener);
          return () => child.off('message', listener);
        },
      },
      onExit: (l) => exitListeners.add(l),
      kill: () => {
        child.kill('SIGKILL');
      },
    };
  };
}

/**
 * In-process worker for tests: `start` receives the worker's end of a port pair (run serveJobs on it);
 * kill() and crash() emit an exit exactly as a dying process would.
 */
export function inMemoryLauncher(start: (port: MessagePortLike, crash: (reason: string) => void) => void): {
  launch: WorkerLauncher;
  launches: () => number;
} {
  let count = 0;
  return {
    launches: () => count,
    launch: () => {
      count++;
      const [supervisorEnd, workerEnd] = createPortPair();
      const exitListeners = new Set<(reason: string) => void>();
      let alive = true;
      const exit = (reason: string): void => {
        if (!alive) return;
        alive = false;
        for (const l of exitListeners) l(reason);
      };
      // Messages from a dead worker must not arrive: gate the worker's outgoing port.
      const gatedWorkerEnd: MessagePortLike = {
        post: (m) => {
          if (alive) workerEnd.post(m);
        },
        onMessage: (l) => workerEnd.onMessage((m) => alive && l(m)),
      };
      start(gatedWorkerEnd, exit);
      return { port: supervisorEnd, onExit: (l) => exitListeners.add(l), kill: () => exit('killed') };
    },
  };
}

/** Two connected in-memory ports; delivery is asynchronous, like a real process boundary. */
function createPortPair(): [MessagePortLike, MessagePortLike] {
  const listeners: [Set<(m: unknown) => void>, Set<(m: unknown) => void>] = [new Set(), new Set()];
  const make = (self: 0 | 1): MessagePortLike => ({
    post(message) {
      // structuredClone mirrors what a process boundary does to the payload.
      const copy = structuredClone(message);
      setImmediate(() => {
        for (const l of listeners[self === 0 ? 1 : 0]) l(copy);
      });
    },
    onMessage(listener) {
      listeners[self].add(listener);
      return () => listeners[self].delete(listener);
    },
  });
  return [make(0), make(1)];
}
