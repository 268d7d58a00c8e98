/**
 * Keyboard shortcuts, handled by the page in both editions (the desktop menu shows the same
 * accelerators but leaves the keys to the page, so text fields keep their own undo).
 */
import type { AppCommand } from '../../shared/ipc';

export function isTextInput(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'range', 'color'].includes(target.type);
}

/** The command a key press asks for, or null. `inText`: focus is in a text field. */
export function commandForKey(
  e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>,
  inText: boolean,
  isMac: boolean,
): AppCommand | 'escape' | null {
  const mod = isMac ? e.metaKey : e.ctrlKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey) {
    // Commands that work everywhere, text fields included.
    if (e.code === 'KeyN' && !e.shiftKey) return 'new';
    if (e.code === 'KeyO' && !e.shiftKey) return 'open';
    if (e.code === 'KeyS') return e.shiftKey ? 'saveAs' : 'save';
    if (key === 'Enter') return 'addStep';
    if (key === '=' || key === '+') return 'zoomIn';
    if (key === '-') return 'zoomOut';
    if (e.code === 'KeyK' && e.shiftKey) return 'quickCapture';
    if (inText) return null;
    if (e.code === 'KeyZ') return e.shiftKey ? 'redo' : 'undo';
    if (e.code === 'KeyY' && !isMac) return 'redo';
    if (e.code === 'KeyA') return 'selectAll';
    return null;
  }
  if (key === 'F5' && !e.altKey && !e.shiftKey) return 'present';
  if (inText) return null;
  if (key === 'Delete' || key === 'Backspace') return 'delete';
  if (e.shiftKey && e.code === 'Digit1') return 'fitView';
  if (key === 'Escape') return 'escape';
  return null;
}
