import type { KeyLike } from './nav.svelte.ts';

/** What a key does on the Network page's editor. */
export type EditorCommand =
  'delete' | 'reverse' | 'directed' | 'undirected' | 'undo' | 'redo' | 'menu' | 'help' | 'deselect';

/** The shortcut sheet (?) lists exactly these: one copy for the sheet and the handler. */
export const SHORTCUTS: readonly { keys: string; command: EditorCommand; does: string }[] = [
  { keys: 'Delete or Backspace', command: 'delete', does: 'Delete the selected genes and regulations' },
  { keys: 'R', command: 'reverse', does: 'Reverse the selected regulations' },
  { keys: 'D', command: 'directed', does: 'Mark the selected regulations directed' },
  { keys: 'U', command: 'undirected', does: 'Mark the selected regulations undirected' },
  { keys: 'Ctrl+Z (⌘Z)', command: 'undo', does: 'Undo the last edit' },
  { keys: 'Ctrl+Shift+Z (⇧⌘Z) or Ctrl+Y', command: 'redo', does: 'Redo' },
  { keys: 'Context-menu key or Shift+F10', command: 'menu', does: 'Open the menu for the selection' },
  { keys: '?', command: 'help', does: 'Show this sheet' },
  { keys: 'Escape', command: 'deselect', does: 'Close the menu, or clear the selection' },
];

/** Also: click a gene or regulation to select it, Shift+click to add, Shift+drag to select a box. */
export const POINTER_HINTS: readonly string[] = [
  'Click a gene or regulation to select it; Shift+click adds to the selection.',
  'Shift+drag on the background selects everything in the box.',
  'Select a regulator, then Shift+click its target: “Add regulation” takes them in that order.',
  'Right-click a gene, a regulation or the background for its menu.',
];

/** The editor command for a key press, or null. Ctrl on Windows/Linux, Cmd on macOS. */
export function editorCommandFor(e: KeyLike): EditorCommand | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (mod && !e.altKey) {
    if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (key === 'y' && !e.shiftKey) return 'redo';
    return null;
  }
  if (e.altKey) return null;
  if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) return 'menu';
  if (e.key === '?') return 'help';
  if (e.shiftKey) return null;
  if (e.key === 'Delete' || e.key === 'Backspace') return 'delete';
  if (e.key === 'Escape') return 'deselect';
  if (key === 'r') return 'reverse';
  if (key === 'd') return 'directed';
  if (key === 'u') return 'undirected';
  return null;
}
