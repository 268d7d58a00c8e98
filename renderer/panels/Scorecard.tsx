/**
 * The journey scorecard: every metric of `computeScorecard`, the pain heatmap (agency × stage,
 * weighted by severity; a click selects those pain points), and the way into the comparison.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { computeScorecard, NUMERIC_METRICS, painHeatmap, type JourneyMap, type NumericMetric, type Scorecard } from '../../shared/model';
import { TEMPLATES } from '../../templates/catalog';
import { useController } from '../app/context';
import { useAppStore } from '../store';

type T = (key: string, params?: Record<string, string | number>) => string;

/** A metric's label in the app (citizen time is shown in hours and minutes, so no unit). */
export const metricLabel = (key: NumericMetric, t: T) => (key === 'citizenMinutes' ? t('scorecard.citizenTime') : t(`metrics.${key}`));

/** How a metric reads: minutes as hours and minutes, rubles with thousands separators. */
export function formatMetric(key: NumericMetric, value: number, locale: string, t: T): string {
  const number = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 1 });
  if (key === 'citizenMinutes') {
    if (value < 60) return t('scorecard.minutes', { count: number.format(value) });
    return t('scorecard.hours', { hours: Math.floor(value / 60), minutes: Math.round(value % 60) });
  }
  if (key === 'costRub') return `${number.format(value)} ₽`;
  return number.format(value);
}

/** Every numeric metric of a scorecard, labelled and formatted in the UI language. */
export function MetricList({ card }: { card: Scorecard }) {
  const { t, i18n } = useTranslation();
  return (
    <dl className="metrics">
      {NUMERIC_METRICS.map((key) => (
        <div className="metric" key={key} data-metric={key}>
          <dt>{metricLabel(key, t)}</dt>
          <dd>{formatMetric(key, card[key], i18n.language, t)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Heatmap({ doc }: { doc: JourneyMap }) {
  const { t } = useTranslation();
  const select = useAppStore((s) => s.select);
  const map = useMemo(() => painHeatmap(doc), [doc]);
  if (map.agencyIds.length === 0) return <p className="muted">{t('scorecard.heatmapEmpty')}</p>;
  const cell = (agencyId: string, stageId: string) => map.cells.find((c) => c.agencyId === agencyId && c.stageId === stageId);
  const hasCard = (painId: string) => {
    const pain = doc.painPoints.find((p) => p.id === painId);
    return !!pain && (!!pain.cell || doc.lanes.some((l) => l.kind === 'pains'));
  };
  const selectPains = (ids: string[]) => {
    // Pain points without a card on the canvas are shown by their step instead.
    const nodes = ids.map((id) => {
      if (hasCard(id)) return `pain:${id}`;
      return doc.painPoints.find((p) => p.id === id)?.stepId ?? `pain:${id}`;
    });
    select({ nodes: [...new Set(nodes)], edges: [] });
  };
  return (
    <div className="heatmap-wrap">
      <table className="heatmap" aria-label={t('scorecard.heatmap')}>
        <thead>
          <tr>
            <th />
            {map.stageIds.map((stageId, i) => (
              <th key={stageId} scope="col" title={doc.stages.find((s) => s.id === stageId)?.title}>
                {i + 1}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.agencyIds.map((agencyId) => {
            const agency = doc.agencies.find((a) => a.id === agencyId);
            return (
              <tr key={agencyId}>
                <th scope="row" title={agency?.name}>
                  <span className="swatch" style={{ background: agency?.color }} />
                  {agency?.shortName || agency?.name}
                </th>
                {map.stageIds.map((stageId) => {
                  const c = cell(agencyId, stageId);
                  const strength = c ? c.weight / map.maxWeight : 0;
                  return (
                    <td key={stageId}>
                      {c ? (
                        <button
                          type="button"
                          className="heat"
                          data-weight={c.weight}
                          style={{ background: `rgba(220, 38, 38, ${0.15 + 0.75 * strength})`, color: strength > 0.5 ? '#fff' : '#7f1d1d' }}
                          title={c.painPointIds.map((id) => doc.painPoints.find((p) => p.id === id)?.title).join('\n')}
                          onClick={() => selectPains(c.painPointIds)}
                        >
                          {c.weight}
                        </button>
                      ) : null}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="hint">{t('scorecard.heatmapHint')}</p>
    </div>
  );
}

function CompareMenu({ doc }: { doc: JourneyMap }) {
  const { t, i18n } = useTranslation();
  const controller = useController();
  const [open, setOpen] = useState(false);
  const locale = i18n.language === 'en' ? 'en' : 'ru';
  const choose = (run: () => unknown) => {
    setOpen(false);
    void run();
  };
  return (
    <div className="dropdown compare-menu">
      <button type="button" className="primary-outline" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('scorecard.compare')}
      </button>
      {open && (
        <div className="dropdown-menu" role="menu">
          {doc.meta.counterpart && (
            <button type="button" role="menuitem" onClick={() => choose(() => controller.compareWithCounterpart())}>
              {t('compare.counterpart', { name: doc.meta.counterpart })}
            </button>
          )}
          <button type="button" role="menuitem" onClick={() => choose(() => controller.compareWithFile())}>
            {t('compare.chooseFile')}
          </button>
          {TEMPLATES.filter((tpl) => tpl.file !== null).map((tpl) => (
            <button type="button" role="menuitem" key={tpl.id} onClick={() => choose(() => controller.compareWithTemplate(tpl.id))}>
              {t('compare.template', { name: tpl.title[locale] })}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

export function Scorecard() {
  const { t } = useTranslation();
  const doc = useAppStore((s) => s.doc);
  const card = useMemo(() => computeScorecard(doc), [doc]);
  const severities = ['1', '2', '3', '4', '5'] as const;
  const maxSeverity = Math.max(1, ...severities.map((s) => card.painPointsBySeverity[s]));
  const byAgency = Object.entries(card.painPointsByAgency).sort((a, b) => b[1] - a[1]);
  const agencyByName = new Map(doc.agencies.map((a) => [a.name, a]));
  return (
    <section className="scorecard" aria-label={t('scorecard.title')}>
      <div className="section-head">
        <h2>{t('scorecard.title')}</h2>
        <CompareMenu doc={doc} />
      </div>
      <MetricList card={card} />
      <h3>{t('metrics.painPointsBySeverity')}</h3>
      <div className="severity-bars">
        {severities.map((s) => (
          <div className="severity-bar" key={s} title={`${t('props.severity')} ${s}: ${card.painPointsBySeverity[s]}`}>
            <span className={`bar severity-bg-${s}`} style={{ height: `${(card.painPointsBySeverity[s] / maxSeverity) * 100}%` }} />
            <span className="bar-count">{card.painPointsBySeverity[s]}</span>
            <span className="bar-label">{s}</span>
          </div>
        ))}
      </div>
      {byAgency.length > 0 && (
        <>
          <h3>{t('metrics.painPointsByAgency')}</h3>
          <ul className="by-agency">
            {byAgency.map(([name, count]) => (
              <li key={name} title={name}>
                <span className="swatch" style={{ background: agencyByName.get(name)?.color }} />
                <span className="by-agency-name">{agencyByName.get(name)?.shortName || name}</span>
                <span className="by-agency-count">{count}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('scorecard.heatmap')}</h3>
      <Heatmap doc={doc} />
    </section>
  );
}
