/** The toolbar's Quick capture button (pressed while the capture bar is open). */
import { useTranslation } from 'react-i18next';
import { useController } from '../app/context';
import { useAppStore } from '../store';
import { CAPTURE_SHORTCUT } from './QuickCapture';

function CaptureIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <rect x="2.5" y="6" width="19" height="12" rx="2" />
      <path d="M6 10h1.5M10 10h1.5M14 10h1.5M18 10h0.5M7 14h10" />
    </svg>
  );
}

export function QuickCaptureButton() {
  const { t } = useTranslation();
  const controller = useController();
  const on = useAppStore((s) => s.capture !== null);
  const title = t('capture.buttonTitle', { shortcut: CAPTURE_SHORTCUT });
  return (
    <div className="tool-group">
      <button
        type="button"
        className={`tool ${on ? 'active' : ''}`}
        data-command="quickCapture"
        aria-pressed={on}
        title={title}
        aria-label={t('capture.button')}
        onClick={() => void controller.run('quickCapture')}
      >
        <CaptureIcon />
        <span className="tool-label">{t('capture.button')}</span>
      </button>
    </div>
  );
}
