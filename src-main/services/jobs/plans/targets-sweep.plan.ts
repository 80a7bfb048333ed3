import type { SteinerSweepResult, SweepPoint } from '#shared/contracts/targets.ts';
import type { TaskParams } from '#shared/contracts/tasks.ts';
import { writeFileAtomic } from '../../../compute/io/atomic-write.ts';
import { sweepGrid } from '../../../compute/targets/steiner/sweep.ts';
import { appVersion } from '../../paths.ts';
import { type Chunk, fanOut, type Planner } from './plan.ts';
import { resolveInteractome, resolvePrizes, runInputs, specForProvenance } from './targets-steiner.plan.ts';

/**
 * Chunks of a sweep. One setting per chunk would re-read a 182,002-edge interactome for every forest
 * (the read costs about as much as the forest), so settings are dealt into at most this many blocks,
 * which still spreads a 10 × 10 grid over any desktop pool.
 */
const MAX_CHUNKS = 16;

/**
 * targets.sweep: the (w, b) grid × g as blocks of settings over the worker pool; reduce puts the points
 * back in grid order (g slowest, then w, then b) and writes the result document.
 */
export const planTargetsSweep: Planner<'targets.sweep'> = (spec, projects, runId) => {
  const planned = Date.now();
  const interactome = resolveInteractome(projects, spec.interactome);
  const prizes = resolvePrizes(projects, spec.prizes);
  const settings = sweepGrid(spec.ws, spec.bs, spec.gs);
  const n = Math.min(MAX_CHUNKS, settings.length);
  // Dealt round-robin, so each block holds cheap and dear settings alike (large b grows big forests).
  const dealt: (typeof settings)[] = Array.from({ length: n }, () => []);
  settings.forEach((s, i) => dealt[i % n]!.push(s));
  const base: Omit<TaskParams<'targets.sweep'>, 'settings'> = {
    interactome: interactome.params,
    prizes: prizes.params,
    caseInsensitive: spec.caseInsensitive ?? false,
    pruning: spec.pruning,
  };
  const chunks: Chunk<'targets.sweep'>[] = dealt.map((block) => ({
    task: 'targets.sweep',
    params: { ...base, settings: block },
    weight: block.length,
  }));
  const result = projects.prepareResultFile(runId, 'json');
  const label = `Steiner sweep: ${interactome.input.name} (${settings.length} settings)`.slice(0, 300);
  return fanOut({
    label,
    chunks,
    reduce: (values) => {
      const points: SweepPoint[] = new Array<SweepPoint>(settings.length);
      values.forEach((block, c) => block.points.forEach((p, k) => (points[c + k * n] = p)));
      const doc: SteinerSweepResult = {
        kind: 'targets.sweep',
        ws: spec.ws,
        bs: spec.bs,
        gs: spec.gs,
        pruning: spec.pruning,
        terminalsGiven: values[0]?.terminals ?? 0,
        points,
        provenance: {
          appVersion: appVersion(),
          createdAt: new Date().toISOString(),
          elapsedMs: Date.now() - planned,
          inputs: { interactome: interactome.input, ...prizes.inputs },
          spec: specForProvenance(spec),
        },
      };
      writeFileAtomic(result.absPath, JSON.stringify(doc));
      return { settings: points.length };
    },
    run: {
      id: runId,
      kind: spec.kind,
      label,
      inputs: { interactomeNetworkId: interactome.input.id, ...runInputs(prizes.inputs) },
      params: {
        ws: spec.ws.join(','),
        bs: spec.bs.join(','),
        gs: spec.gs.join(','),
        pruning: spec.pruning,
        prizes:
          spec.prizes.from === 'table' ? `table ${spec.prizes.name}` : `signature ${spec.prizes.column}`,
      },
      resultFile: result.relPath,
    },
  });
};
