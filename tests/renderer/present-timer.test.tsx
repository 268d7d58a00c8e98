/**
 * The workshop timer: the countdown as pure functions of a clock reading, the store's actions
 * (UI slice, never the document or its history), and the floating clock counting down to the
 * red "time is up" state under vitest's fake timers.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../renderer/i18n';
import { TimerClock } from '../../renderer/present/PresentTools';
import { HIGH_CONTRAST_KEY } from '../../renderer/present/slice';
import {
  formatClock,
  parseMinutes,
  pauseTimer,
  resetTimer,
  resumeTimer,
  startTimer,
  timerFinished,
  timerRemaining,
  type TimerState,
} from '../../renderer/present/timer';
import { createAppStore, isDirty, useAppStore } from '../../renderer/store';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const T0 = 1_700_000_000_000;

describe('the countdown', () => {
  it('runs from a deadline, so it is right whenever it is read', () => {
    const timer = startTimer(5, T0) as TimerState;
    expect(timer).toEqual({ durationMs: 300_000, deadline: T0 + 300_000, remainingMs: 300_000, dismissed: false });
    expect(timerRemaining(timer, T0)).toBe(300_000);
    expect(timerRemaining(timer, T0 + 61_000)).toBe(239_000);
    expect(timerRemaining(timer, T0 + 400_000)).toBe(0);
    expect(timerFinished(timer, T0 + 299_999)).toBe(false);
    expect(timerFinished(timer, T0 + 300_000)).toBe(true);
  });

  it('pauses, keeps what was left, and resumes from there', () => {
    const running = startTimer(1, T0) as TimerState;
    const paused = pauseTimer(running, T0 + 20_000);
    expect(paused.deadline).toBeNull();
    expect(timerRemaining(paused, T0 + 999_999)).toBe(40_000);
    expect(pauseTimer(paused, T0 + 30_000)).toBe(paused);
    const resumed = resumeTimer(paused, T0 + 100_000);
    expect(timerRemaining(resumed, T0 + 110_000)).toBe(30_000);
    expect(resumeTimer(resumed, T0 + 120_000)).toBe(resumed);
  });

  it('resets to the full duration, paused', () => {
    const timer = resetTimer(pauseTimer(startTimer(3, T0) as TimerState, T0 + 200_000));
    expect(timer.deadline).toBeNull();
    expect(timerRemaining(timer, T0 + 10_000_000)).toBe(180_000);
  });

  it('accepts fractions of a minute and refuses nonsense', () => {
    expect(startTimer(0.05, T0)?.durationMs).toBe(3000);
    for (const bad of [0, -1, 0.01, Number.NaN, Number.POSITIVE_INFINITY, 601]) expect(startTimer(bad, T0), String(bad)).toBeNull();
    expect(parseMinutes('0,5')).toBe(0.5);
    expect(parseMinutes(' 2 ')).toBe(2);
    expect(parseMinutes('1.5')).toBe(1.5);
    for (const bad of ['', 'abc', '0', '-3', '1e9']) expect(parseMinutes(bad), bad).toBeNull();
  });

  it('reads as mm:ss, rounding up, and with hours past sixty minutes', () => {
    expect(formatClock(300_000)).toBe('05:00');
    expect(formatClock(299_001)).toBe('05:00');
    expect(formatClock(299_000)).toBe('04:59');
    expect(formatClock(1)).toBe('00:01');
    expect(formatClock(0)).toBe('00:00');
    expect(formatClock(-5)).toBe('00:00');
    expect(formatClock(3_725_000)).toBe('1:02:05');
  });
});

describe('the timer in the store', () => {
  it('lives in the UI slice: never in the document, never in the undo history', () => {
    const store = createAppStore();
    const before = store.getState().doc;
    expect(store.getState().startTimer(10, T0)).toBe(true);
    expect(store.getState().timer?.deadline).toBe(T0 + 600_000);
    store.getState().pauseTimer(T0 + 60_000);
    store.getState().resumeTimer(T0 + 120_000);
    expect(timerRemaining(store.getState().timer!, T0 + 120_000)).toBe(540_000);
    store.getState().dismissTimeUp();
    expect(store.getState().timer?.dismissed).toBe(true);
    store.getState().resetTimer();
    expect(store.getState().timer?.dismissed).toBe(false);
    store.getState().clearTimer();
    expect(store.getState().timer).toBeNull();
    expect(store.getState().startTimer(0, T0)).toBe(false);
    expect(store.getState().doc).toBe(before);
    expect(isDirty(store.getState())).toBe(false);
    expect(store.temporal.getState().pastStates).toHaveLength(0);
  });

  it('presentation state: slides and spotlight only while presenting; high contrast remembered', () => {
    localStorage.removeItem(HIGH_CONTRAST_KEY);
    const store = createAppStore();
    store.getState().setSlide(3);
    store.getState().setSpotlight('x');
    expect(store.getState().presenting).toBeNull();
    store.getState().startPresenting();
    store.getState().setSpotlight('step-1');
    expect(store.getState().presenting).toEqual({ slide: 0, spotlight: 'step-1' });
    store.getState().setSlide(2);
    expect(store.getState().presenting).toEqual({ slide: 2, spotlight: null });
    store.getState().stopPresenting();
    expect(store.getState().presenting).toBeNull();
    expect(store.getState().highContrast).toBe(false);
    store.getState().toggleHighContrast();
    expect(localStorage.getItem(HIGH_CONTRAST_KEY)).toBe('1');
    expect(createAppStore().getState().highContrast).toBe(true);
    store.getState().toggleHighContrast();
    expect(createAppStore().getState().highContrast).toBe(false);
    expect(store.temporal.getState().pastStates).toHaveLength(0);
  });
});

describe('the floating clock', () => {
  let container: HTMLDivElement;
  let root: Root;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    initI18n('ru');
    useAppStore.getState().clearTimer();
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    act(() => root.render(<TimerClock />));
  });

  afterEach(() => {
    act(() => root.unmount());
    container.remove();
    useAppStore.getState().clearTimer();
    vi.useRealTimers();
  });

  const time = () => container.querySelector('[data-testid="timer-time"]')?.textContent;
  const clock = () => container.querySelector('[data-testid="timer-clock"]');
  const banner = () => container.querySelector('[data-testid="timer-banner"]');
  const click = (testId: string) => act(() => (container.querySelector(`[data-testid="${testId}"]`) as HTMLButtonElement).click());
  const advance = (ms: number) => act(() => vi.advanceTimersByTime(ms));

  it('shows nothing without a timer', () => {
    expect(clock()).toBeNull();
  });

  it('counts down every second, pauses and resumes, and ends red with a banner until dismissed', () => {
    act(() => void useAppStore.getState().startTimer(1));
    expect(time()).toBe('01:00');
    advance(1000);
    expect(time()).toBe('00:59');
    advance(29_000);
    expect(time()).toBe('00:30');

    click('timer-pause');
    expect(clock()?.classList.contains('timer-paused')).toBe(true);
    advance(60_000);
    expect(time()).toBe('00:30');
    click('timer-resume');
    advance(29_000);
    expect(time()).toBe('00:01');
    expect(banner()).toBeNull();
    expect(clock()?.classList.contains('timer-done')).toBe(false);

    advance(1000);
    expect(time()).toBe('00:00');
    expect(clock()?.classList.contains('timer-done')).toBe(true);
    expect(banner()?.textContent).toContain('Время вышло');
    // It stays at zero, and the banner stays until someone dismisses it.
    advance(120_000);
    expect(time()).toBe('00:00');
    expect(banner()).not.toBeNull();
    click('timer-dismiss');
    expect(banner()).toBeNull();
    expect(clock()?.classList.contains('timer-done')).toBe(true);

    click('timer-reset');
    expect(time()).toBe('01:00');
    expect(clock()?.classList.contains('timer-done')).toBe(false);
    click('timer-close');
    expect(clock()).toBeNull();
  });

  it('reads the clock it is given', () => {
    let now = T0;
    act(() => root.render(<TimerClock now={() => now} tickMs={100} />));
    act(() => void useAppStore.getState().startTimer(3, T0));
    expect(time()).toBe('03:00');
    now = T0 + 125_000;
    advance(100);
    expect(time()).toBe('00:55');
    now = T0 + 180_000;
    advance(100);
    expect(banner()).not.toBeNull();
  });
});
