/**
 * The presentation's part of the UI slice: whether the map is being presented (and which slide,
 * which card is in the spotlight), the high-contrast theme, and the workshop timer. None of it
 * is the document: it is never undone and never saved (the theme is remembered by the browser).
 */
import * as timer from './timer';

export interface Presentation {
  /** 0 is the overview; 1..N the stages; N+1 the as-is / to-be slide when a comparison is loaded. */
  slide: number;
  /** The React Flow id of the card in the spotlight. */
  spotlight: string | null;
}

export interface PresentationUi {
  presenting: Presentation | null;
  /** Black on white with thick borders, for weak projectors. */
  highContrast: boolean;
  timer: timer.TimerState | null;
  startPresenting(): void;
  stopPresenting(): void;
  setSlide(slide: number): void;
  setSpotlight(id: string | null): void;
  toggleHighContrast(): void;
  /** Starts a countdown of `minutes`; false when that is not a usable duration. */
  startTimer(minutes: number, now?: number): boolean;
  pauseTimer(now?: number): void;
  resumeTimer(now?: number): void;
  resetTimer(): void;
  clearTimer(): void;
  dismissTimeUp(): void;
}

export const HIGH_CONTRAST_KEY = 'marshrut.presentHighContrast';

function storedHighContrast(): boolean {
  try {
    return typeof localStorage !== 'undefined' && localStorage.getItem(HIGH_CONTRAST_KEY) === '1';
  } catch {
    return false;
  }
}

function storeHighContrast(on: boolean) {
  try {
    if (typeof localStorage !== 'undefined') localStorage.setItem(HIGH_CONTRAST_KEY, on ? '1' : '0');
  } catch {
    // Storage refused (private mode, quota): the theme is simply not remembered.
  }
}

type Set = (update: (s: PresentationUi) => Partial<PresentationUi>) => void;

export function createPresentationUi(set: Set): PresentationUi {
  const withTimer = (change: (t: timer.TimerState) => timer.TimerState) => set((s) => (s.timer ? { timer: change(s.timer) } : {}));
  return {
    presenting: null,
    highContrast: storedHighContrast(),
    timer: null,
    startPresenting: () => set(() => ({ presenting: { slide: 0, spotlight: null } })),
    stopPresenting: () => set(() => ({ presenting: null })),
    setSlide: (slide) => set((s) => (s.presenting ? { presenting: { slide, spotlight: null } } : {})),
    setSpotlight: (spotlight) => set((s) => (s.presenting ? { presenting: { ...s.presenting, spotlight } } : {})),
    toggleHighContrast: () =>
      set((s) => {
        storeHighContrast(!s.highContrast);
        return { highContrast: !s.highContrast };
      }),
    startTimer(minutes, now = Date.now()) {
      const next = timer.startTimer(minutes, now);
      if (next) set(() => ({ timer: next }));
      return next !== null;
    },
    pauseTimer: (now = Date.now()) => withTimer((t) => timer.pauseTimer(t, now)),
    resumeTimer: (now = Date.now()) => withTimer((t) => timer.resumeTimer(t, now)),
    resetTimer: () => withTimer(timer.resetTimer),
    clearTimer: () => set(() => ({ timer: null })),
    dismissTimeUp: () => withTimer((t) => ({ ...t, dismissed: true })),
  };
}
