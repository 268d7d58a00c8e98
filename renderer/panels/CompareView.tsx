/**
 * As-is and to-be side by side: every numeric metric of both maps and the change ("визиты 4 → 1"),
 * with improvements and regressions marked. Lower is better for every metric except none.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { compareScorecards, computeScorecard, NUMERIC_METRICS, type NumericMetric } from '../../shared/model';
import { useAppStore } from '../store';
import { Modal } from './Modal';
import { formatMetric, metricLabel } from './Scorecard';
import { MapDiffList } from '../workshop/BaselinesDiff';

/** Metrics where a change is neither better nor worse (the shape of the map). */
const NEUTRAL: readonly NumericMetric[] = ['stages', 'lanes'];

export function CompareView() {
  const { t, i18n } = useTranslation();
  const compare = useAppStore((s) => s.compare);
  const doc = useAppStore((s) => s.doc);
  const close = useAppStore((s) => s.setCompare);
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => closeButton.current?.focus(), [compare]);
  const rows = useMemo(() => {
    if (!compare) return null;
    const current = { doc, name: useAppStore.getState().fileName ?? doc.meta.title };
    const other = { doc: compare.doc, name: compare.name };
    // The as-is map is on the left, whichever of the two is open.
    // Two versions compared in a set order (baselines) keep it.
    const [asIs, toBe] = compare.base ? [compare.base, other] : current.doc.meta.variant === 'to-be' && other.doc.meta.variant !== 'to-be' ? [other, current] : [current, other];
    return { asIs, toBe, changes: compareScorecards(computeScorecard(asIs.doc), computeScorecard(toBe.doc)) };
  }, [compare, doc]);
  if (!rows) return null;
  const fmt = (key: NumericMetric, value: number) => formatMetric(key, value, i18n.language, t);
  /** "в 3,1 раза меньше" for cuts of one and a half times or more — how working groups put it. */
  const times = (asIs: number, toBe: number) => {
    if (asIs <= 0 || toBe <= 0 || asIs / toBe < 1.5) return '';
    const ratio = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'ru-RU', { maximumFractionDigits: 1 }).format(asIs / toBe);
    return `, ${t('compare.times', { ratio })}`;
  };
  return (
    <Modal className="compare" labelledBy="compare-title" onClose={() => close(null)}>
        <h2 id="compare-title">{compare?.base ? t('baselines.compareTitle') : t('compare.title')}</h2>
        <table className="compare-table">
          <thead>
            <tr>
              <th scope="col">{t('compare.metric')}</th>
              <th scope="col" className="compare-map">
                <span className="variant-badge">{t(`variant.${rows.asIs.doc.meta.variant}`)}</span>
                <span className="compare-name">{rows.asIs.name}</span>
              </th>
              <th scope="col" className="compare-map">
                <span className="variant-badge to-be">{t(`variant.${rows.toBe.doc.meta.variant}`)}</span>
                <span className="compare-name">{rows.toBe.name}</span>
              </th>
              <th scope="col">{t('compare.change')}</th>
            </tr>
          </thead>
          <tbody>
            {NUMERIC_METRICS.map((key) => {
              const { asIs, toBe, delta } = rows.changes[key];
              const verdict = delta === 0 || NEUTRAL.includes(key) ? 'same' : delta < 0 ? 'better' : 'worse';
              return (
                <tr key={key} data-metric={key} className={`compare-${verdict}`}>
                  <th scope="row">{metricLabel(key, t)}</th>
                  <td>{fmt(key, asIs)}</td>
                  <td>{fmt(key, toBe)}</td>
                  <td className="compare-change">
                    {delta === 0 ? t('compare.noDifference') : `${fmt(key, asIs)} → ${fmt(key, toBe)} (${delta > 0 ? '+' : '−'}${fmt(key, Math.abs(delta))}${times(asIs, toBe)})`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <MapDiffList before={rows.asIs.doc} after={rows.toBe.doc} />
        <div className="modal-buttons">
          <button type="button" ref={closeButton} className="primary" onClick={() => close(null)}>
            {t('compare.close')}
          </button>
        </div>
    </Modal>
  );
}
