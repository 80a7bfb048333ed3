/**
 * Worker of bench/targets.ts: parses the interactome once, then runs the (w, b, g) settings it is sent,
 * one pure sweepSetting call each — the same split a sweep job over the worker pool would make.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { parseInteractome } from '../src-main/compute/targets/steiner/interactome.ts';
import { mapPrizes, parsePrizeTable } from '../src-main/compute/targets/steiner/prizes.ts';
import { sweep, type SweepSetting } from '../src-main/compute/targets/steiner/sweep.ts';

const { interactomeFile, prizeFile, settings } = workerData as {
  interactomeFile: string;
  prizeFile: string;
  settings: SweepSetting[];
};
const t0 = performance.now();
const interactome = parseInteractome(readFileSync(interactomeFile, 'utf8'));
const prizes = mapPrizes(interactome, parsePrizeTable(readFileSync(prizeFile, 'utf8')));
const loadMs = performance.now() - t0;
// One setting at a time, so that each one's time can be reported (process.cpuUsage is process-wide in a
// worker thread, so wall time per setting is what is measured here).
const points = [];
const settingMs: number[] = [];
for (const s of settings) {
  const t = performance.now();
  points.push(...sweep(interactome, prizes, [s]));
  settingMs.push(performance.now() - t);
}
parentPort!.postMessage({ points, loadMs, settingMs });
