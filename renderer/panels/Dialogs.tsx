/** In-app modal dialogs: unsaved changes (browser edition), errors, about; the file-safety ones in files/. */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store';
import { Modal } from './Modal';
import { FileDialog } from '../files/FileDialogs';
import type { Dialog } from '../store/types';

/** A key per dialog object, so a new dialog of the same kind starts afresh. */
const keys = new WeakMap<Dialog, number>();
let nextKey = 0;
const keyOf = (dialog: Dialog) => {
  if (!keys.has(dialog)) keys.set(dialog, ++nextKey);
  return keys.get(dialog);
};

export function Dialogs() {
  const { t } = useTranslation();
  const dialog = useAppStore((s) => s.dialog);
  const close = useAppStore((s) => s.openDialog);
  const primary = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    primary.current?.focus();
  }, [dialog]);
  if (!dialog) return null;
  if (dialog.kind === 'recovery' || dialog.kind === 'conflict' || dialog.kind === 'lock') return <FileDialog key={keyOf(dialog)} dialog={dialog} />;

  let title: string;
  let body: React.ReactNode;
  let buttons: React.ReactNode;
  if (dialog.kind === 'unsaved') {
    const choose = (choice: 'save' | 'discard' | 'cancel') => {
      close(null);
      dialog.resolve(choice);
    };
    title = t('dialog.unsavedTitle');
    body = (
      <>
        <p>{t('dialog.unsavedMessage', { name: dialog.name })}</p>
        <p className="muted">{t('dialog.unsavedDetail')}</p>
      </>
    );
    buttons = (
      <>
        <button type="button" ref={primary} className="primary" onClick={() => choose('save')}>
          {t('dialog.save')}
        </button>
        <button type="button" onClick={() => choose('discard')}>
          {t('dialog.dontSave')}
        </button>
        <button type="button" onClick={() => choose('cancel')}>
          {t('dialog.cancel')}
        </button>
      </>
    );
  } else if (dialog.kind === 'error') {
    title = dialog.title;
    body = (
      <ul className="problems">
        {dialog.lines.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
    );
    buttons = (
      <button type="button" ref={primary} className="primary" onClick={() => close(null)}>
        {t('dialog.ok')}
      </button>
    );
  } else {
    title = t('menu.about');
    body = <p>{t('dialog.aboutDetail', { version: dialog.version })}</p>;
    buttons = (
      <button type="button" ref={primary} className="primary" onClick={() => close(null)}>
        {t('dialog.ok')}
      </button>
    );
  }
  const dismiss = () => {
    close(null);
    if (dialog.kind === 'unsaved') dialog.resolve('cancel');
  };
  return (
    <Modal role="alertdialog" labelledBy="modal-title" onClose={dismiss}>
      <h2 id="modal-title">{title}</h2>
      <div className="modal-body">{body}</div>
      <div className="modal-buttons">{buttons}</div>
    </Modal>
  );
}
