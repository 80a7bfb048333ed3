import { forestPart, runsPart, sweepPart } from '../../compute/targets/jobs/steiner-parts.ts';
import type { Task } from '../runtime.ts';

/** One part of a targets.steiner job: the forest, or a block of robustness / specificity runs. */
export const targetsSteinerTask: Task<'targets.steiner'> = async (p, ctx) => {
  if (p.part.kind === 'forest') {
    await ctx.progress('Reading the interactome and the prizes', 0);
    const out = forestPart(p);
    await ctx.progress('Steiner forest', 1);
    return out;
  }
  await ctx.progress('Reading the interactome and the prizes', 0);
  return runsPart(p, (phase, fraction) => ctx.progress(phase, fraction));
};

/** A block of sweep settings. */
export const targetsSweepTask: Task<'targets.sweep'> = async (p, ctx) => {
  await ctx.progress('Reading the interactome and the prizes', 0);
  return sweepPart(p, (phase, fraction) => ctx.progress(phase, fraction));
};
