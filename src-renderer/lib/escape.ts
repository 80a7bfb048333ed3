// Escape closes the innermost open pane or wizard: panes register when they open, and the last one
// registered (the one on top: a drug's detail pane over its ranking) is the one Escape closes.

type Target = Pick<Window, 'addEventListener' | 'removeEventListener'>;

const open: (() => void)[] = [];
let listening: Target | null = null;

function onKeydown(e: KeyboardEvent): void {
  // A native control that used the key (an open <select>, an IME) has already handled it.
  if (e.key !== 'Escape' || e.defaultPrevented) return;
  const close = open.at(-1);
  if (!close) return;
  e.preventDefault();
  close();
}

/**
 * Registers `close` as the innermost pane until the returned function is called (use it as an `$effect`
 * teardown: `$effect(() => closeOnEscape(() => wizard.close()))`).
 */
export function closeOnEscape(close: () => void, target: Target = window): () => void {
  open.push(close);
  if (!listening) {
    target.addEventListener('keydown', onKeydown as EventListener);
    listening = target;
  }
  return () => {
    const i = open.lastIndexOf(close);
    if (i >= 0) open.splice(i, 1);
    if (open.length === 0 && listening) {
      listening.removeEventListener('keydown', onKeydown as EventListener);
      listening = null;
    }
  };
}
