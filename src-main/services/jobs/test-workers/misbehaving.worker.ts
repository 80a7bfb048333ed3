// A real worker process for supervisor and pool tests: a cooperative task, a slow cooperative one, one
// that blocks its event loop (so it cannot hear cancel), and one that exits the process.
import { currentProcessPort } from '../../../workers/port.ts';
import { serveJobs } from '../../../workers/runtime.ts';

serveJobs(currentProcessPort(), {
  add: (params) => {
    const { a, b } = params as { a: number; b: number };
    return Promise.resolve(a + b);
  },
  /** Cooperative: sleeps `ms` in 10 ms steps, hearing cancel between them; answers its pid. */
  wait: async (params, ctx) => {
    const { ms } = params as { ms: number };
    for (let t = 0; t < ms; t += 10) {
      await new Promise((r) => setTimeout(r, 10));
      await ctx.progress('waiting', t / ms);
    }
    return process.pid;
  },
  block: async (_params, ctx) => {
    await ctx.progress('blocking', 0);
    const end = Date.now() + 60_000;
    while (Date.now() < end) {
      /* ignore everything */
    }
    return null;
  },
  exit: async () => {
    await new Promise((r) => setTimeout(r, 10));
    process.exit(3);
  },
});
