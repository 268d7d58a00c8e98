/**
 * The Baselines tab: name a snapshot of the map (kept in the file), list the snapshots with
 * their date and size, rename or delete one, open one read-only, and compare any two versions
 * (a baseline or the current map on either side) in the compare view.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addBaseline, baselineDocument, deleteBaseline, newId, renameBaseline, type JourneyMap } from '../../shared/model';
import { useAppStore } from '../store';
import { formatWhen } from './VotingTally';
import { useWorkshopUi } from './VotingState';
import './voting.css';

const CURRENT = '';

/** A side of a comparison: a baseline by id, or the current map. */
function side(doc: JourneyMap, id: string, currentName: string): { doc: JourneyMap; name: string } | null {
  if (id === CURRENT) return { doc, name: currentName };
  const baseline = doc.baselines.find((b) => b.id === id);
  const snapshot = baselineDocument(doc, id);
  return baseline && snapshot ? { doc: snapshot, name: baseline.name } : null;
}

/** Opens the compare view: `before` on the left, `after` on the right, and what changed between them. */
export function compareVersions(beforeId: string, afterId: string, currentName: string) {
  const state = useAppStore.getState();
  const before = side(state.doc, beforeId, currentName);
  const after = side(state.doc, afterId, currentName);
  if (before && after) state.setCompare({ doc: after.doc, name: after.name, base: before });
}

function RenameField({ value, onDone }: { value: string; onDone(value: string | null): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <form
      className="baseline-rename"
      onSubmit={(e) => {
        e.preventDefault();
        onDone(text);
      }}
    >
      <input
        ref={ref}
        aria-label={t('baselines.name')}
        value={text}
        maxLength={200}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onDone(null);
        }}
      />
      <button type="submit">{t('baselines.renameDone')}</button>
    </form>
  );
}

export function BaselinesPanel() {
  const { t, i18n } = useTranslation();
  const doc = useAppStore((s) => s.doc);
  const apply = useAppStore((s) => s.apply);
  const currentTitle = useAppStore((s) => s.fileName ?? s.doc.meta.title);
  const focusRequest = useWorkshopUi((s) => s.nameFocusRequest);
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<string | null>(null);
  const [left, setLeft] = useState<string>(doc.baselines.at(-1)?.id ?? CURRENT);
  const [right, setRight] = useState<string>(CURRENT);
  const nameField = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusRequest > 0) nameField.current?.focus();
  }, [focusRequest]);
  // A deleted baseline (or one undone) leaves the comparison pickers.
  useEffect(() => {
    if (left !== CURRENT && !doc.baselines.some((b) => b.id === left)) setLeft(doc.baselines.at(-1)?.id ?? CURRENT);
    if (right !== CURRENT && !doc.baselines.some((b) => b.id === right)) setRight(CURRENT);
  }, [doc.baselines, left, right]);

  const today = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'short' }).format(new Date());
  const defaultName = t('baselines.defaultName', { date: today });
  const currentName = `${t('baselines.current')} (${currentTitle})`;

  const save = () => {
    const chosen = name.trim() || defaultName;
    const id = newId('baseline');
    if (apply((d) => addBaseline(d, { id, name: chosen, at: new Date().toISOString() }))) {
      setName('');
      setLeft(id);
      useAppStore.getState().setStatus(t('baselines.saved', { name: chosen }));
    }
  };

  const options = [
    <option key={CURRENT} value={CURRENT}>
      {t('baselines.current')}
    </option>,
    ...doc.baselines.map((b) => (
      <option key={b.id} value={b.id}>
        {b.name}
      </option>
    )),
  ];

  return (
    <section className="baselines-panel" aria-label={t('baselines.title')}>
      <h2>{t('baselines.title')}</h2>
      <p className="muted">{t('baselines.intro')}</p>
      <form
        className="baseline-save"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <input ref={nameField} aria-label={t('baselines.name')} placeholder={defaultName} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="primary" data-testid="save-baseline">
          {t('baselines.save')}
        </button>
      </form>

      {doc.baselines.length === 0 ? (
        <p className="muted">{t('baselines.empty')}</p>
      ) : (
        <ul className="baseline-list">
          {[...doc.baselines].reverse().map((b) => (
            <li key={b.id} className="baseline-item" data-testid="baseline" data-baseline-id={b.id}>
              {renaming === b.id ? (
                <RenameField
                  value={b.name}
                  onDone={(next) => {
                    setRenaming(null);
                    if (next !== null) apply((d) => renameBaseline(d, { id: b.id, name: next }));
                  }}
                />
              ) : (
                <div className="baseline-name">{b.name}</div>
              )}
              <div className="muted baseline-meta">
                {formatWhen(b.at, i18n.language)} · {t('baselines.counts', { steps: b.snapshot.steps.length, pains: b.snapshot.painPoints.length })}
              </div>
              <div className="baseline-buttons">
                <button type="button" onClick={() => useWorkshopUi.getState().viewBaseline(b.id)}>
                  {t('baselines.open')}
                </button>
                <button type="button" onClick={() => compareVersions(b.id, CURRENT, currentName)}>
                  {t('baselines.compareWithCurrent')}
                </button>
                <button type="button" onClick={() => setRenaming(b.id)}>
                  {t('baselines.rename')}
                </button>
                <button
                  type="button"
                  className="vb-icon"
                  aria-label={t('baselines.deleteBaseline', { name: b.name })}
                  title={t('baselines.deleteBaseline', { name: b.name })}
                  onClick={() => apply((d) => deleteBaseline(d, { id: b.id }))}
                >
                  ✕
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('baselines.compareTitle')}</h3>
      <div className="baseline-compare">
        <label className="field">
          <span className="field-label">{t('baselines.left')}</span>
          <select aria-label={t('baselines.left')} value={left} onChange={(e) => setLeft(e.target.value)}>
            {options}
          </select>
        </label>
        <span className="baseline-arrow" aria-hidden="true">
          →
        </span>
        <label className="field">
          <span className="field-label">{t('baselines.right')}</span>
          <select aria-label={t('baselines.right')} value={right} onChange={(e) => setRight(e.target.value)}>
            {options}
          </select>
        </label>
      </div>
      <button type="button" disabled={left === right} data-testid="compare-versions" onClick={() => compareVersions(left, right, currentName)}>
        {t('baselines.compare')}
      </button>
    </section>
  );
}
