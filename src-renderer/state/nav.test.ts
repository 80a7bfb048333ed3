import { describe, expect, it } from 'vitest';
import { NavState, isSaveShortcut, type KeyLike } from './nav.svelte.ts';

const key = (over: Partial<KeyLike>): KeyLike => ({
  key: '',
  code: '',
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...over,
});

describe('NavState', () => {
  it('maps Alt+1..5 to the pages, by physical key', () => {
    const nav = new NavState();
    expect(nav.pageForShortcut(key({ altKey: true, code: 'Digit1', key: '1' }))).toBe('data');
    // macOS: Alt+2 types "™" but the code is still Digit2.
    expect(nav.pageForShortcut(key({ altKey: true, code: 'Digit2', key: '™' }))).toBe('network');
    expect(nav.pageForShortcut(key({ altKey: true, code: 'Numpad5', key: '5' }))).toBe('jobs');
    expect(nav.pageForShortcut(key({ altKey: true, code: 'Digit6' }))).toBe('transport');
    expect(nav.pageForShortcut(key({ altKey: true, code: 'Digit7' }))).toBe('gim');
    expect(nav.pageForShortcut(key({ altKey: true, code: 'Digit8' }))).toBeNull();
    expect(nav.pageForShortcut(key({ code: 'Digit1' }))).toBeNull();
    expect(nav.pageForShortcut(key({ altKey: true, ctrlKey: true, code: 'Digit1' }))).toBeNull();
  });

  it('navigates on a shortcut and reports it used the key', () => {
    const nav = new NavState();
    expect(nav.handleKey(key({ altKey: true, code: 'Digit4' }))).toBe(true);
    expect(nav.page).toBe('targets');
    expect(nav.handleKey(key({ key: 'a', code: 'KeyA' }))).toBe(false);
    expect(nav.page).toBe('targets');
    nav.reset();
    expect(nav.page).toBe('data');
  });

  it('recognises Ctrl+S and Cmd+S', () => {
    expect(isSaveShortcut(key({ ctrlKey: true, key: 's' }))).toBe(true);
    expect(isSaveShortcut(key({ metaKey: true, key: 'S' }))).toBe(true);
    expect(isSaveShortcut(key({ key: 's' }))).toBe(false);
    expect(isSaveShortcut(key({ ctrlKey: true, shiftKey: true, key: 's' }))).toBe(false);
  });
});
