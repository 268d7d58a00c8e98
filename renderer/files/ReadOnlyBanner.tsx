/** The bar under the toolbar while the map is read-only: why, and what the user can do about it. */
import { useTranslation } from 'react-i18next';
import { CURRENT_VERSION } from '../../shared/model';
import { useController } from '../app/context';
import { useAppStore } from '../store';
import { lockParams } from './FileDialogs';
import './files.css';

export function ReadOnlyBanner() {
  const { t, i18n } = useTranslation();
  const controller = useController();
  const readOnly = useAppStore((s) => s.readOnly);
  if (!readOnly) return null;
  const text =
    readOnly.kind === 'locked'
      ? t('readOnly.locked', lockParams(readOnly.lock, i18n.language))
      : t('readOnly.newerVersion', { found: readOnly.version, supported: CURRENT_VERSION });
  return (
    <div className="read-only-banner" role="status" data-testid="read-only-banner" data-reason={readOnly.kind}>
      <span className="read-only-badge">{t('readOnly.badge')}</span>
      <span className="read-only-text">{text}</span>
      <span className="read-only-actions">
        <button type="button" onClick={() => void controller.save(true)}>
          {t('readOnly.saveCopy')}
        </button>
        {readOnly.kind === 'locked' && (
          <button type="button" onClick={() => useAppStore.getState().setReadOnly(null)}>
            {t('readOnly.edit')}
          </button>
        )}
      </span>
    </div>
  );
}
