/**
 * The workshop countdown as pure functions of a state and a clock reading (`now`, ms since the
 * epoch, as `Date.now()`), so it is right whenever it is read and testable with any clock.
 * A running timer keeps its deadline; a paused one what was left.
 */

export interface TimerState {
  /** What the timer was set to, ms. */
  durationMs: number;
  /** While running: the moment it reaches zero. Null while paused. */
  deadline: number | null;
  /** While paused: what is left, ms. */
  remainingMs: number;
  /** The "time is up" banner was dismissed. */
  dismissed: boolean;
}

/** The longest countdown the field accepts: a whole working day is more than any exercise. */
export const MAX_TIMER_MINUTES = 600;
export const TIMER_PRESETS = [3, 5, 10, 15] as const;

/** A timer of `minutes` (fractions allowed), running from `now`; null for a duration that makes no sense. */
export function startTimer(minutes: number, now: number): TimerState | null {
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > MAX_TIMER_MINUTES) return null;
  const durationMs = Math.round(minutes * 60_000);
  if (durationMs < 3000) return null;
  return { durationMs, deadline: now + durationMs, remainingMs: durationMs, dismissed: false };
}

export function timerRemaining(timer: TimerState, now: number): number {
  if (timer.deadline === null) return Math.max(0, timer.remainingMs);
  return Math.max(0, timer.deadline - now);
}

export const timerRunning = (timer: TimerState) => timer.deadline !== null;
export const timerFinished = (timer: TimerState, now: number) => timerRemaining(timer, now) <= 0;

export function pauseTimer(timer: TimerState, now: number): TimerState {
  if (timer.deadline === null) return timer;
  return { ...timer, deadline: null, remainingMs: timerRemaining(timer, now) };
}

export function resumeTimer(timer: TimerState, now: number): TimerState {
  if (timer.deadline !== null || timer.remainingMs <= 0) return timer;
  return { ...timer, deadline: now + timer.remainingMs };
}

/** Back to the full duration, paused (resume starts it again). */
export function resetTimer(timer: TimerState): TimerState {
  return { ...timer, deadline: null, remainingMs: timer.durationMs, dismissed: false };
}

/** "mm:ss", rounding up, so the clock shows 00:00 only when the time is really up; hours as "h:mm:ss". */
export function formatClock(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

/** Minutes typed by a person: "2", "0,5", "1.5". */
export function parseMinutes(text: string): number | null {
  const value = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(value) && value > 0 && value <= MAX_TIMER_MINUTES ? value : null;
}
