import { describe, expect, it } from 'vitest';
import { EtaEstimator } from './eta.ts';

describe('EtaEstimator', () => {
  it('uses the recent rate, not the average since the start (45 s said, 95 s left)', () => {
    const e = new EtaEstimator();
    // A fast first phase (50 % in 5 s), then 1 % per second.
    e.add(0, 0);
    e.add(5_000, 0.5);
    for (let s = 6; s <= 45; s++) e.add(s * 1_000, 0.5 + (s - 5) * 0.01);
    // At 45 s, 90 % done: 10 % left at 1 %/s is 10 s; from the start it would say 5 s.
    expect(e.etaMs(45_000)! / 1_000).toBeCloseTo(10, 0);
  });

  it('counts down between progress messages instead of standing still', () => {
    const e = new EtaEstimator();
    e.add(0, 0);
    e.add(10_000, 0.1);
    const a = e.etaMs(10_000)!;
    const b = e.etaMs(20_000)!;
    expect(a).toBeCloseTo(90_000, -2);
    expect(a - b).toBeCloseTo(10_000, -2);
  });

  it('says nothing rather than a negative or frozen number when the job falls behind', () => {
    const e = new EtaEstimator();
    e.add(0, 0);
    e.add(2_000, 0.5);
    expect(e.etaMs(2_000)).toBeCloseTo(2_000, -2);
    expect(e.etaMs(10_000)).toBeNull();
  });

  it('needs a measured span first, and starts over when progress goes back (a new run)', () => {
    const e = new EtaEstimator();
    e.add(0, 0);
    expect(e.etaMs(0)).toBeNull();
    e.add(500, 0.2);
    expect(e.etaMs(500)).toBeNull();
    e.add(4_000, 0.4);
    expect(e.etaMs(4_000)).not.toBeNull();
    e.add(5_000, 0.1);
    expect(e.etaMs(5_000)).toBeNull();
  });
});
