/**
 * The dialogs that keep work from being lost: recovered work after a crash (restore, compare
 * with the saved file, discard), a file changed on disk by someone else (reload, keep mine as a
 * copy, compare, overwrite when saving), and a map someone else has open (read-only or edit).
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes, type JourneyMap } from '../../shared/model';
import type { LockInfo, RecoveryEntry } from '../../shared/ipc';
import { useController } from '../app/context';
import { Modal } from '../panels/Modal';
import { useAppStore } from '../store';
import type { ConflictChoice, Dialog, LockChoice } from '../store/types';
import { MapDiffList } from '../workshop/BaselinesDiff';
import { formatWhen } from '../workshop/VotingTally';
import './files.css';

type Comparison = { state: 'loading' } | { state: 'ready'; before: JourneyMap; after: JourneyMap } | { state: 'failed'; error: string };

function ComparisonView({ comparison, title }: { comparison: Comparison; title: string }) {
  const { t } = useTranslation();
  if (comparison.state === 'loading') return <p className="muted">…</p>;
  if (comparison.state === 'failed') return <p className="file-error">{t('recovery.compareFailed', { detail: comparison.error })}</p>;
  return (
    <div className="file-compare" aria-label={title}>
      <p className="muted">{title}</p>
      <MapDiffList before={comparison.before} after={comparison.after} />
    </div>
  );
}

function RecoveryItem({ entry, onDone }: { entry: RecoveryEntry; onDone(restored: boolean): void }) {
  const { t, i18n } = useTranslation();
  const controller = useController();
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [busy, setBusy] = useState(false);

  const compare = async () => {
    if (comparison) {
      setComparison(null);
      return;
    }
    if (!entry.path) return;
    setComparison({ state: 'loading' });
    const [saved, draft] = await Promise.all([controller.diskVersion(entry.path), controller.readDraft(entry.id)]);
    if (!saved.ok) setComparison({ state: 'failed', error: saved.error });
    else if (!draft.ok) setComparison({ state: 'failed', error: draft.error });
    else setComparison({ state: 'ready', before: saved.doc, after: draft.doc });
  };

  return (
    <li className="recovery-item" data-testid="recovery-item" data-id={entry.id}>
      <div className="recovery-name">{entry.name}</div>
      <div className="muted recovery-meta">
        {entry.path ?? t('recovery.untitled')} · {t('recovery.savedAt', { when: formatWhen(entry.savedAt, i18n.language) })} · {formatBytes(entry.size)}
      </div>
      <div className="recovery-actions">
        <button
          type="button"
          className="primary"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            const restored = await controller.restoreDraft(entry);
            setBusy(false);
            onDone(restored);
          }}
        >
          {t('recovery.restore')}
        </button>
        {entry.path && (
          <button type="button" disabled={busy} aria-expanded={comparison !== null} onClick={() => void compare()}>
            {comparison ? t('recovery.hideCompare') : t('recovery.compare')}
          </button>
        )}
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            await controller.discardDraft(entry);
            onDone(false);
          }}
        >
          {t('recovery.discard')}
        </button>
      </div>
      {comparison && <ComparisonView comparison={comparison} title={t('recovery.compareTitle')} />}
    </li>
  );
}

function RecoveryDialog({ entries: initial }: { entries: RecoveryEntry[] }) {
  const { t } = useTranslation();
  const close = useAppStore((s) => s.openDialog);
  const [entries, setEntries] = useState(initial);
  const later = useRef<HTMLButtonElement>(null);
  useEffect(() => later.current?.focus(), []);
  const done = (entry: RecoveryEntry, restored: boolean) => {
    // A restored draft replaces the map: the others stay on disk and are offered at the next start.
    const rest = entries.filter((e) => e.id !== entry.id);
    if (restored) {
      if (useAppStore.getState().dialog?.kind === 'recovery') close(null);
      return;
    }
    setEntries(rest);
    if (rest.length === 0) close(null);
  };
  return (
    <Modal className="file-dialog recovery-dialog" labelledBy="recovery-title" onClose={() => close(null)}>
      <h2 id="recovery-title">{t('recovery.title')}</h2>
      <div className="modal-body">
        <p>{entries.length === 1 ? t('recovery.intro') : t('recovery.introMany', { count: entries.length })}</p>
        <ul className="recovery-list">
          {entries.map((entry) => (
            <RecoveryItem key={entry.id} entry={entry} onDone={(restored) => done(entry, restored)} />
          ))}
        </ul>
      </div>
      <div className="modal-buttons">
        <button type="button" ref={later} onClick={() => close(null)}>
          {t('recovery.later')}
        </button>
      </div>
    </Modal>
  );
}

function ConflictDialog({ dialog }: { dialog: Extract<Dialog, { kind: 'conflict' }> }) {
  const { t } = useTranslation();
  const controller = useController();
  const close = useAppStore((s) => s.openDialog);
  const dirty = useAppStore((s) => s.doc !== s.savedDoc);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  const choose = (choice: ConflictChoice) => {
    close(null);
    dialog.resolve(choice);
  };
  const compare = async () => {
    if (comparison) {
      setComparison(null);
      return;
    }
    setComparison({ state: 'loading' });
    const disk = await controller.diskVersion(dialog.path);
    setComparison(disk.ok ? { state: 'ready', before: disk.doc, after: useAppStore.getState().doc } : { state: 'failed', error: disk.error });
  };
  const detail = dialog.when === 'save' ? t('conflict.saveDetail') : dirty ? t('conflict.dirtyDetail') : t('conflict.cleanDetail');
  return (
    <Modal className="file-dialog conflict-dialog" role="alertdialog" labelledBy="conflict-title" onClose={() => choose('cancel')}>
      <h2 id="conflict-title">{t('conflict.title')}</h2>
      <div className="modal-body">
        <p>{t('conflict.message', { name: dialog.name })}</p>
        <p className="muted">{detail}</p>
        <button type="button" className="link-button" aria-expanded={comparison !== null} onClick={() => void compare()}>
          {comparison ? t('conflict.hideCompare') : t('conflict.compare')}
        </button>
        {comparison && <ComparisonView comparison={comparison} title={t('conflict.compareTitle')} />}
      </div>
      <div className="modal-buttons">
        <button type="button" ref={first} className={dirty ? '' : 'primary'} onClick={() => choose('reload')}>
          {dirty ? t('conflict.reloadDirty') : t('conflict.reload')}
        </button>
        <button type="button" className={dirty ? 'primary' : ''} onClick={() => choose('copy')}>
          {t('conflict.keepCopy')}
        </button>
        {dialog.when === 'save' && (
          <button type="button" onClick={() => choose('overwrite')}>
            {t('conflict.overwrite')}
          </button>
        )}
        <button type="button" onClick={() => choose('cancel')}>
          {t('conflict.later')}
        </button>
      </div>
    </Modal>
  );
}

export const lockParams = (lock: LockInfo, locale: string) => ({ user: lock.user, host: lock.host, since: formatWhen(lock.since, locale) });

function LockDialog({ dialog }: { dialog: Extract<Dialog, { kind: 'lock' }> }) {
  const { t, i18n } = useTranslation();
  const close = useAppStore((s) => s.openDialog);
  const primary = useRef<HTMLButtonElement>(null);
  useEffect(() => primary.current?.focus(), []);
  const choose = (choice: LockChoice) => {
    close(null);
    dialog.resolve(choice);
  };
  const params = { name: dialog.name, ...lockParams(dialog.lock, i18n.language) };
  const stale = dialog.lock.stale;
  return (
    <Modal className="file-dialog lock-dialog" role="alertdialog" labelledBy="lock-title" onClose={() => choose('cancel')}>
      <h2 id="lock-title">{t('lock.title')}</h2>
      <div className="modal-body">
        <p>{t(stale ? 'lock.staleMessage' : 'lock.message', params)}</p>
        <p className="muted">{t(stale ? 'lock.staleDetail' : 'lock.detail')}</p>
      </div>
      <div className="modal-buttons">
        <button type="button" ref={stale ? undefined : primary} className={stale ? '' : 'primary'} onClick={() => choose('readOnly')}>
          {t('lock.readOnly')}
        </button>
        <button type="button" ref={stale ? primary : undefined} className={stale ? 'primary' : ''} onClick={() => choose('edit')}>
          {t(stale ? 'lock.takeOver' : 'lock.edit')}
        </button>
        <button type="button" onClick={() => choose('cancel')}>
          {t('lock.cancel')}
        </button>
      </div>
    </Modal>
  );
}

/** The file-safety dialog for `dialog`, or null when it is another kind. */
export function FileDialog({ dialog }: { dialog: Dialog }) {
  if (dialog.kind === 'recovery') return <RecoveryDialog entries={dialog.entries} />;
  if (dialog.kind === 'conflict') return <ConflictDialog dialog={dialog} />;
  if (dialog.kind === 'lock') return <LockDialog dialog={dialog} />;
  return null;
}
