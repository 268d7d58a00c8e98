/**
 * File → Import from Spreadsheet: pick a steps table (and optionally a pain-points table), see
 * what it makes — counts, the first rows, every problem with its row and column — and import it
 * as a new map. The parser (and its XLSX reader) loads only when the dialog is used.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PickedFile } from '../../shared/ipc';
import type { ImportResult } from '../../shared/import';
import { useController } from '../app/context';
import { useAppStore } from '../store';
import type { Platform } from '../platform/types';
import { Modal } from './Modal';

const MAX_SHOWN_PROBLEMS = 50;

export function ImportDialog({ platform }: { platform: Platform }) {
  const { t, i18n } = useTranslation();
  const open = useAppStore((s) => s.importing);
  const close = useAppStore((s) => s.setImporting);
  const controller = useController();
  const [steps, setSteps] = useState<PickedFile | null>(null);
  const [pains, setPains] = useState<PickedFile | null>(null);
  const [title, setTitle] = useState('');
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) {
      setSteps(null);
      setPains(null);
      setTitle('');
      setSkipBadRows(false);
      setResult(null);
      setError(null);
    } else first.current?.focus();
  }, [open]);

  // Re-read whenever the inputs change, so the preview always shows what Import will do.
  useEffect(() => {
    if (!open || !steps) return;
    let cancelled = false;
    setBusy(true);
    void import('../../shared/import')
      .then(({ importSpreadsheets }) =>
        importSpreadsheets({
          steps,
          ...(pains ? { pains } : {}),
          ...(title.trim() ? { title: title.trim() } : {}),
          locale: i18n.language === 'en' ? 'en' : 'ru',
          skipBadRows,
        }),
      )
      .then(
        (next) => {
          if (!cancelled) {
            setResult(next);
            setError(null);
          }
        },
        (e: unknown) => {
          if (!cancelled) setError(e instanceof Error ? e.message : String(e));
        },
      )
      .finally(() => {
        if (!cancelled) setBusy(false);
      });
    return () => {
      cancelled = true;
    };
  }, [open, steps, pains, title, skipBadRows, i18n.language]);

  if (!open) return null;

  const pick = async (set: (file: PickedFile | null) => void) => {
    try {
      const picked = await platform.openImportFile('spreadsheet');
      if (!picked) return;
      if (picked.ok) set(picked.value);
      else setError(picked.error);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const doImport = async () => {
    if (!result?.doc) return;
    close(false);
    await controller.loadImported(result.doc);
  };

  const problems = result?.problems ?? [];
  return (
    <Modal className="import-dialog" labelledBy="import-title" onClose={() => close(false)}>
        <h2 id="import-title">{t('importer.title')}</h2>
        <div className="import-files">
          <div className="import-file">
            <span className="field-label">{t('importer.stepsFile')}</span>
            <button type="button" ref={first} onClick={() => void pick(setSteps)}>
              {t('importer.choose')}
            </button>
            <span className="import-file-name" data-testid="import-steps-name">
              {steps?.name ?? t('importer.none')}
            </span>
          </div>
          <div className="import-file">
            <span className="field-label">{t('importer.painsFile')}</span>
            <button type="button" onClick={() => void pick(setPains)}>
              {t('importer.choose')}
            </button>
            <span className="import-file-name" data-testid="import-pains-name">
              {pains?.name ?? t('importer.none')}
            </span>
            {pains && (
              <button type="button" className="chip-remove" aria-label={t('props.remove', { name: pains.name })} onClick={() => setPains(null)}>
                ×
              </button>
            )}
          </div>
        </div>
        <label className="field">
          <span className="field-label">{t('importer.mapTitle')}</span>
          <input type="text" value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label className="field field-checkbox">
          <input type="checkbox" checked={skipBadRows} onChange={(e) => setSkipBadRows(e.target.checked)} />
          <span>{t('importer.skipBadRows')}</span>
        </label>
        {error && (
          <p className="import-error" role="alert">
            {error}
          </p>
        )}
        {busy && <p className="muted">{t('importer.working')}</p>}
        {result && !busy && (
          <div className="import-preview">
            <h3>{t('importer.preview')}</h3>
            <p data-testid="import-summary">{t('importer.summary', { ...result.stats })}</p>
            {result.preview.headers.length > 0 && (
              <div className="import-table-wrap">
                <table className="import-table">
                  <thead>
                    <tr>
                      {result.preview.headers.map((h, i) => (
                        <th key={i}>{h}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {result.preview.rows.slice(0, 5).map((row, r) => (
                      <tr key={r}>
                        {row.map((cell, c) => (
                          <td key={c}>{cell}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {problems.length > 0 && (
              <>
                <h3 className="import-problems-title">{t('importer.problems', { count: problems.length })}</h3>
                <ul className="problems" data-testid="import-problems">
                  {problems.slice(0, MAX_SHOWN_PROBLEMS).map((p, i) => (
                    <li key={i}>
                      {p.file}, {t('importer.problemAt', { row: p.row })}
                      {p.column ? `, ${p.column}` : ''}: {p.message}
                    </li>
                  ))}
                  {problems.length > MAX_SHOWN_PROBLEMS && <li>{t('dialog.moreProblems', { count: problems.length - MAX_SHOWN_PROBLEMS })}</li>}
                </ul>
              </>
            )}
          </div>
        )}
        <div className="modal-buttons">
          <button type="button" className="primary" disabled={!result?.doc || busy} onClick={() => void doImport()}>
            {t('importer.import')}
          </button>
          <button type="button" onClick={() => close(false)}>
            {t('importer.cancel')}
          </button>
        </div>
    </Modal>
  );
}
