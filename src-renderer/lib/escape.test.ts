import { describe, expect, it } from 'vitest';
import { closeOnEscape } from './escape.ts';

/** A stand-in for window: one keydown listener at a time. */
function target() {
  let listener: ((e: KeyboardEvent) => void) | null = null;
  return {
    addEventListener: (_: string, l: EventListener) => (listener = l as (e: KeyboardEvent) => void),
    removeEventListener: () => (listener = null),
    press(key: string, defaultPrevented = false) {
      let prevented = defaultPrevented;
      listener?.({
        key,
        defaultPrevented,
        preventDefault: () => (prevented = true),
      } as unknown as KeyboardEvent);
      return prevented;
    },
    get listening() {
      return listener !== null;
    },
  };
}

describe('closeOnEscape', () => {
  it('closes the innermost pane first, then the one under it, then stops listening', () => {
    const t = target();
    const closed: string[] = [];
    const offRanking = closeOnEscape(() => closed.push('wizard'), t);
    const offDetail = closeOnEscape(() => {
      closed.push('detail');
      offDetail();
    }, t);
    expect(t.press('Escape')).toBe(true);
    expect(closed).toEqual(['detail']);
    t.press('Enter');
    expect(closed).toEqual(['detail']);
    t.press('Escape');
    expect(closed).toEqual(['detail', 'wizard']);
    offRanking();
    expect(t.listening).toBe(false);
  });

  it('leaves an Escape that a control already used (an open select) alone', () => {
    const t = target();
    const closed: string[] = [];
    const off = closeOnEscape(() => closed.push('pane'), t);
    t.press('Escape', true);
    expect(closed).toEqual([]);
    off();
  });
});
