/**
 * Entering and leaving the presentation: the store's flag, and full screen when the browser
 * grants it. A refusal (no user gesture, a policy, no API at all) is fine: the presentation
 * then fills the window.
 */
import type { PresentationUi } from './slice';

/** Whether this page put the document in full screen (so leaving takes it out again). */
let ownFullscreen = false;

export function startPresentation(store: Pick<PresentationUi, 'presenting' | 'startPresenting'>) {
  if (store.presenting) return;
  // Focus leaves the editor's fields and canvas, so no key acts on the document behind.
  const active = document.activeElement;
  if (active instanceof HTMLElement) active.blur();
  store.startPresenting();
  const root = document.documentElement;
  if (document.fullscreenElement || typeof root.requestFullscreen !== 'function') return;
  try {
    void root
      .requestFullscreen({ navigationUI: 'hide' })
      .then(() => {
        ownFullscreen = true;
        // Chromium can deliver Escape to the page in full screen (a long press still leaves it).
        const keyboard = (navigator as Navigator & { keyboard?: { lock?(keys: string[]): Promise<void> } }).keyboard;
        void keyboard?.lock?.(['Escape'])?.catch(() => undefined);
      })
      .catch(() => undefined);
  } catch {
    // Older engines throw instead of rejecting.
  }
}

export function stopPresentation(store: Pick<PresentationUi, 'stopPresenting'>) {
  store.stopPresenting();
  leaveFullscreen();
}

export function leaveFullscreen() {
  if (!ownFullscreen) return;
  ownFullscreen = false;
  const keyboard = (navigator as Navigator & { keyboard?: { unlock?(): void } }).keyboard;
  keyboard?.unlock?.();
  if (document.fullscreenElement && typeof document.exitFullscreen === 'function') void document.exitFullscreen().catch(() => undefined);
}

/** Called when full screen ends by itself (the browser's own Escape): true if it was ours. */
export function fullscreenEnded(): boolean {
  if (!ownFullscreen || document.fullscreenElement) return false;
  ownFullscreen = false;
  return true;
}
