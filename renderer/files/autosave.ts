/**
 * Autosave of unsaved work to the recovery folder (desktop) or IndexedDB (browser), so that a
 * crash loses at most the last moments: written a short delay after the last change, at once
 * when the window loses focus or is hidden or closed, and cleared as soon as the work is saved
 * or discarded (the document is clean again). Untitled maps too. (Excalidraw's LocalData,
 * drawio's drafts, VS Code's hot exit.)
 */
import { translate } from '../../shared/i18n';
import { serializeDocument } from '../../shared/model';
import type { Platform } from '../platform/types';
import { isDirty, type AppStore } from '../store';

export const AUTOSAVE_DELAY_MS = 1500;
/**
 * A write that falls due while the user pans or zooms waits for the view to stop, checking again
 * every AUTOSAVE_RETRY_MS, but not longer than AUTOSAVE_MAX_WAIT_MS: serialising a big map and
 * handing it over costs frames (a 2000-step map's draft landing in a pan cost it 5 fps).
 */
export const AUTOSAVE_RETRY_MS = 250;
export const AUTOSAVE_MAX_WAIT_MS = 10_000;

export interface Autosave {
  /** Writes pending work now (the window lost focus). */
  flush(): Promise<void>;
  stop(): void;
}

/** `busy`: whether the view is moving now (a due write then waits for it, see AUTOSAVE_RETRY_MS). */
export function startAutosave(store: AppStore, platform: Platform, delayMs = AUTOSAVE_DELAY_MS, busy: () => boolean = () => false): Autosave {
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** The document last written, to skip writing the same one twice. */
  let written: unknown = null;
  let failing = false;
  /** Writes run one after another; the last one wins. */
  let queue: Promise<void> = Promise.resolve();

  const enqueue = (task: () => Promise<void>) => {
    queue = queue.then(task, task);
    return queue;
  };

  const write = () =>
    enqueue(async () => {
      const state = store.getState();
      if (!isDirty(state) || state.readOnly || state.doc === written) return;
      const doc = state.doc;
      const result = await platform.recovery
        .write({ content: serializeDocument(doc), path: state.filePath, name: state.fileName ?? doc.meta.title })
        .catch((error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }));
      if (result.ok) {
        written = doc;
        failing = false;
      } else if (!failing) {
        // Said once per run of failures, not at every keystroke.
        failing = true;
        store.getState().setStatus(translate(store.getState().locale, 'recovery.writeFailed', { detail: result.error }));
      }
    });

  // Also when nothing was written this session: a restored draft is this window's until saved.
  const clear = () =>
    enqueue(async () => {
      if (isDirty(store.getState())) return;
      written = null;
      await platform.recovery.clear().catch(() => undefined);
    });

  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  /** Writes once the delay is over and the view is still (or it has waited long enough). */
  const schedule = () => {
    const waitUntil = Date.now() + delayMs + AUTOSAVE_MAX_WAIT_MS;
    const due = () => {
      if (busy() && Date.now() < waitUntil) timer = setTimeout(due, AUTOSAVE_RETRY_MS);
      else {
        timer = null;
        void write();
      }
    };
    timer = setTimeout(due, delayMs);
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.doc === previous.doc && state.savedDoc === previous.savedDoc) return;
    cancel();
    if (isDirty(state)) schedule();
    else void clear();
  });

  const flush = () => {
    if (timer === null) return queue;
    cancel();
    return write();
  };
  const onHidden = () => {
    if (document.visibilityState === 'hidden') void flush();
  };
  const onBlur = () => void flush();
  window.addEventListener('blur', onBlur);
  window.addEventListener('pagehide', onBlur);
  document.addEventListener('visibilitychange', onHidden);

  // Work restored from a draft is unsaved from the start.
  if (isDirty(store.getState())) schedule();

  return {
    flush,
    stop() {
      cancel();
      unsubscribe();
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('pagehide', onBlur);
      document.removeEventListener('visibilitychange', onHidden);
    },
  };
}
