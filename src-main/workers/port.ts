import type { MessagePortLike } from '#shared/contracts/worker-protocol.ts';

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  off(event: 'message', listener: (e: { data: unknown }) => void): void;
}

/** The port a worker process talks to its supervisor through, whichever host started it. */
export function currentProcessPort(): MessagePortLike {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (m) => parentPort.postMessage(m),
      onMessage(listener) {
        const wrapped = (e: { data: unknown }): void => listener(e.data);
        parentPort.on('message', wrapped);
        return () => parentPort.off('message', wrapped);
      },
    };
  }
  if (!process.send) throw new Error('This worker must be started by a Causeway supervisor.');
  // The supervisor's process is gone (killed, crashed): no one will read a result, so stop working.
  process.on('disconnect', () => process.exit(0));
  return {
    post: (m) => process.send?.(m),
    onMessage(listener) {
      process.on('message', listener);
      return () => process.off('message', listener);
    },
  };
}
