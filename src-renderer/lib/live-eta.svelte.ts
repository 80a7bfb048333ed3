// A job's time left for display: EtaEstimator fed with the job's progress, re-read every second so it
// counts down between progress messages. Call during component set-up (it uses $effect).
import type { JobRecord } from '@shared/contracts/jobs.ts';
import { EtaEstimator } from './eta.ts';
import { formatEta } from './format.ts';

export function liveEta(job: () => JobRecord | undefined): { readonly text: string | null } {
  const estimator = new EtaEstimator();
  let now = $state(Date.now());
  const active = $derived.by(() => {
    const state = job()?.state;
    return state === 'running' || state === 'queued';
  });
  $effect(() => {
    const j = job();
    if (j && active) estimator.add(Date.now(), j.progress.fraction);
  });
  $effect(() => {
    if (!active) return;
    const timer = setInterval(() => (now = Date.now()), 1_000);
    return () => clearInterval(timer);
  });
  return {
    get text() {
      return active ? formatEta(estimator.etaMs(now)) : null;
    },
  };
}
