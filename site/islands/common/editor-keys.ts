/**
 * The keys a live editor answers wherever the focus is on its page: Ctrl/Cmd+Z undoes this
 * person's own last change, Ctrl/Cmd+Shift+Z and Ctrl+Y redo it, and Escape closes the open
 * panel and gives the focus back to the card (or link) on the map it belonged to.
 *
 * In a box one types in, Ctrl+Z is left to the browser: there it takes back the last typing in
 * that box, which is what a person expects, and the box's change is written like any keystroke
 * (common/SharedText.tsx), so others see it. The map's undo would instead take back whatever
 * this person did last anywhere, perhaps on another stage, out of sight.
 */
import { useEffect, useRef } from 'react';
import type { DocSession } from '../session/doc-session.ts';

/** Input types one does not type into: Ctrl+Z there means the map's undo. */
const NOT_TYPED_IN = new Set(['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Whether the focus is in a box one types in. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !NOT_TYPED_IN.has(target.type);
}

type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>;

/** Undo or redo, if that is what these keys ask for (Ctrl on Windows and Linux, Cmd on a Mac). */
export function undoKeyOf(press: KeyPress): 'undo' | 'redo' | undefined {
  if (press.altKey || !(press.ctrlKey || press.metaKey)) return undefined;
  const key = press.key.toLowerCase();
  if (key === 'z') return press.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && press.ctrlKey && !press.shiftKey) return 'redo';
  return undefined;
}

/** How many frames to keep trying to give a card the focus (half a second). */
const FOCUS_FRAMES = 30;

/**
 * Close a panel and put the focus on the card or link of the map it belonged to. React Flow
 * draws a card that changed out of sight until it has measured it again, and a hidden card
 * cannot take the focus, so it is tried each frame until it takes, for half a second at most.
 */
export function closeToMap(close: () => void, id: string): void {
  close();
  const selector = `.react-flow__node[data-id="${CSS.escape(id)}"], .react-flow__edge[data-id="${CSS.escape(id)}"]`;
  let frames = 0;
  const tryFocus = () => {
    const element = document.querySelector<HTMLElement>(selector);
    element?.focus();
    if (document.activeElement !== element && ++frames < FOCUS_FRAMES) requestAnimationFrame(tryFocus);
  };
  requestAnimationFrame(tryFocus);
}

/**
 * Listen for the editor's keys on the whole page. `closePanel`: what Escape does while a panel
 * is open (nothing when none is).
 */
export function useEditorKeys(session: DocSession<unknown>, closePanel: (() => void) | undefined): void {
  // The latest, without listening again each time the panel changes.
  const close = useRef(closePanel);
  useEffect(() => {
    close.current = closePanel;
  }, [closePanel]);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      // A dialog (the name prompt) has its own keys, and so has anything that already answered.
      if (event.defaultPrevented || (event.target instanceof Element && event.target.closest('dialog'))) return;
      if (event.key === 'Escape' && close.current) {
        event.preventDefault();
        close.current();
        return;
      }
      const asked = undoKeyOf(event);
      if (!asked || isTextEntry(event.target)) return;
      event.preventDefault();
      if (asked === 'undo') session.undo();
      else session.redo();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [session]);
}
