/**
 * The toolbar's way into the presentation, and the workshop timer: a menu to start it (presets
 * and a custom number of minutes), and a small floating clock that stays in view in the editor
 * and in the presentation, with pause, resume and reset; at zero it turns red and pulses, and a
 * banner says the time is up until someone dismisses it. No sound.
 */
import { useEffect, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useController } from '../app/context';
import { useAppStore } from '../store';
import { formatClock, parseMinutes, timerRemaining, TIMER_PRESETS } from './timer';
import './present.css';

function PresentIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <rect x="3" y="4" width="18" height="12" rx="1.5" />
      <path d="M12 16v4M8 20h8M10 8.5l4 1.5-4 1.5z" />
    </svg>
  );
}

function TimerIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <circle cx="12" cy="13.5" r="7.5" />
      <path d="M12 9.5v4l2.5 2M9.5 3h5" />
    </svg>
  );
}

/** The toolbar's Present button and Timer menu. */
export function PresentTools() {
  const { t } = useTranslation();
  const controller = useController();
  return (
    <div className="tool-group">
      <button
        type="button"
        className="tool"
        data-command="present"
        title={t('present.buttonTitle')}
        aria-label={t('present.button')}
        onClick={() => void controller.run('present')}
      >
        <PresentIcon />
        <span className="tool-label">{t('present.button')}</span>
      </button>
      <TimerMenu variant="toolbar" />
    </div>
  );
}

/** A button that opens the timer's presets and a field for any number of minutes. */
export function TimerMenu({ variant }: { variant: 'toolbar' | 'present' }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [custom, setCustom] = useState('');
  const [invalid, setInvalid] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);
  const start = (minutes: number | null) => {
    if (minutes === null || !useAppStore.getState().startTimer(minutes)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setOpen(false);
  };
  return (
    <div className={`dropdown timer-menu timer-menu-${variant}`} ref={ref}>
      <button
        type="button"
        className={variant === 'toolbar' ? 'tool' : 'present-button'}
        data-command="timer"
        data-testid={`timer-button-${variant}`}
        aria-haspopup="menu"
        aria-expanded={open}
        title={t('present.timerTitle')}
        onClick={() => setOpen(!open)}
      >
        {variant === 'toolbar' && <TimerIcon />}
        <span className={variant === 'toolbar' ? 'tool-label' : ''}>{t('present.timer')}</span>
      </button>
      {open && (
        <div className="dropdown-menu timer-popover" role="menu" aria-label={t('present.timer')}>
          <div className="dropdown-heading">{t('present.timerTitle')}</div>
          <div className="timer-presets">
            {TIMER_PRESETS.map((m) => (
              <button type="button" role="menuitem" key={m} data-minutes={m} onClick={() => start(m)}>
                {t('present.minutes', { count: m })}
              </button>
            ))}
          </div>
          <form
            className="timer-custom"
            onSubmit={(e) => {
              e.preventDefault();
              start(parseMinutes(custom));
            }}
          >
            <label>
              <span>{t('present.customMinutes')}</span>
              <input
                type="text"
                inputMode="decimal"
                data-testid="timer-custom"
                value={custom}
                aria-invalid={invalid}
                onChange={(e) => {
                  setCustom(e.target.value);
                  setInvalid(false);
                }}
              />
            </label>
            <button type="submit" className="primary" data-testid="timer-start">
              {t('present.start')}
            </button>
          </form>
          {invalid && <div className="timer-invalid">{t('present.invalidMinutes')}</div>}
        </div>
      )}
    </div>
  );
}

/**
 * The floating clock. `now` reads the time (Date.now by default; tests pass their own clock or
 * use fake timers); the clock re-reads it a few times a second while it runs.
 */
export function TimerClock({ now = Date.now, tickMs = 250 }: { now?: () => number; tickMs?: number }) {
  const { t } = useTranslation();
  const timer = useAppStore((s) => s.timer);
  const presenting = useAppStore((s) => s.presenting !== null);
  const [, tick] = useReducer((n: number) => n + 1, 0);
  const remaining = timer ? timerRemaining(timer, now()) : 0;
  const running = timer?.deadline != null;
  const done = timer !== null && remaining <= 0;
  useEffect(() => {
    if (!running || done) return;
    const id = setInterval(tick, tickMs);
    return () => clearInterval(id);
  }, [running, done, tickMs, timer]);
  if (!timer) return null;
  const store = useAppStore.getState;
  return (
    <>
      <div
        className={`timer-clock ${presenting ? 'timer-in-presentation' : ''} ${done ? 'timer-done' : ''} ${!running && !done ? 'timer-paused' : ''}`}
        role="timer"
        aria-label={t('present.timer')}
        data-testid="timer-clock"
        data-remaining={Math.ceil(remaining / 1000)}
      >
        <span className="timer-time" data-testid="timer-time">
          {formatClock(remaining)}
        </span>
        {!done &&
          (running ? (
            <button type="button" className="timer-action" data-testid="timer-pause" title={t('present.pause')} aria-label={t('present.pause')} onClick={() => store().pauseTimer(now())}>
              ❚❚
            </button>
          ) : (
            <button type="button" className="timer-action" data-testid="timer-resume" title={t('present.resume')} aria-label={t('present.resume')} onClick={() => store().resumeTimer(now())}>
              ▶
            </button>
          ))}
        <button type="button" className="timer-action" data-testid="timer-reset" title={t('present.reset')} aria-label={t('present.reset')} onClick={() => store().resetTimer()}>
          ↺
        </button>
        <button type="button" className="timer-action" data-testid="timer-close" title={t('present.closeTimer')} aria-label={t('present.closeTimer')} onClick={() => store().clearTimer()}>
          ✕
        </button>
      </div>
      {done && !timer.dismissed && (
        <div className="timer-banner" role="alert" data-testid="timer-banner">
          <span className="timer-banner-text">{t('present.timeUp')}</span>
          <button type="button" className="timer-banner-dismiss" data-testid="timer-dismiss" onClick={() => store().dismissTimeUp()}>
            {t('present.dismiss')}
          </button>
        </div>
      )}
    </>
  );
}
