export const PAGES = [
  { id: 'data', label: 'Data', digit: '1' },
  { id: 'network', label: 'Network', digit: '2' },
  { id: 'drugs', label: 'Drugs', digit: '3' },
  { id: 'targets', label: 'Targets', digit: '4' },
  { id: 'jobs', label: 'Jobs', digit: '5' },
  { id: 'transport', label: 'Transport', digit: '6' },
  { id: 'gim', label: 'Predict perturbation', digit: '7' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

export interface KeyLike {
  key: string;
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

/** Which page of the shell is showing. */
export class NavState {
  page = $state<PageId>('data');

  go(page: PageId): void {
    this.page = page;
  }

  /** The page an Alt+1..5 shortcut asks for, or null. Uses `code`: on macOS Alt+1 types "¡". */
  pageForShortcut(e: KeyLike): PageId | null {
    if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
    const digit = /^Digit([1-9])$/.exec(e.code)?.[1] ?? /^Numpad([1-9])$/.exec(e.code)?.[1] ?? null;
    return PAGES.find((p) => p.digit === digit)?.id ?? null;
  }

  /** Handles a navigation shortcut; true when the key was used. */
  handleKey(e: KeyLike): boolean {
    const page = this.pageForShortcut(e);
    if (!page) return false;
    this.go(page);
    return true;
  }

  reset(): void {
    this.page = 'data';
  }
}

/** Ctrl+S on Windows and Linux, Cmd+S on macOS. */
export function isSaveShortcut(e: KeyLike): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 's';
}
