// Time left for a job, from the rate it has been making progress at lately. The worker's own estimate
// extrapolates from the start (elapsed × (1 − f) / f), which is wrong when phases run at different
// speeds (45 s said, 95 s taken), and it only changes when a progress message arrives, so it looked
// stuck between messages. Here the rate is measured over the last WINDOW_MS and the estimate counts
// down with the clock.

const WINDOW_MS = 30_000;
/** Below this much measured time or progress the rate is noise: no estimate yet. */
const MIN_SPAN_MS = 1_500;
const MIN_PROGRESS = 0.005;

export class EtaEstimator {
  #samples: { t: number; f: number }[] = [];

  /** A progress report: fraction done (0..1) at time t (ms). */
  add(t: number, fraction: number): void {
    const last = this.#samples.at(-1);
    if (last && fraction < last.f) this.#samples = []; // restarted: the old rate says nothing
    if (last && fraction === last.f) return; // no news: keep the time of the first report of it
    this.#samples.push({ t, f: fraction });
    // Keep the window, plus the sample just before it so the span covers the whole window.
    while (this.#samples.length > 2 && this.#samples[1]!.t < t - WINDOW_MS) this.#samples.shift();
  }

  /**
   * Milliseconds left at time `now`, or null when there is no honest estimate (too little measured, or
   * the job is slower than its recent rate promised: better no number than a stuck or negative one).
   */
  etaMs(now: number): number | null {
    const first = this.#samples[0];
    const last = this.#samples.at(-1);
    if (!first || !last || last === first) return null;
    const span = last.t - first.t;
    const done = last.f - first.f;
    if (span < MIN_SPAN_MS || done < MIN_PROGRESS) return null;
    const left = ((1 - last.f) * span) / done - (now - last.t);
    return left > 0 ? left : null;
  }
}
