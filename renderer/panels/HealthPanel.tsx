/**
 * The journey health check, live: every finding of `runHealthCheck` with its severity, the
 * elements it points to (a click selects and centres them) and the guidance sections that help.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { runHealthCheck, type Finding } from '../../shared/health';
import type { Locale } from '../../shared/i18n';
import type { JourneyMap } from '../../shared/model';
import { useController } from '../app/context';
import { nodeIdOf } from '../guidance/links';
import { useAppStore } from '../store';
import type { StoreState } from '../store/types';

/** The check follows edits this long after the last one, as an editor's diagnostics do. */
export const CHECK_DELAY_MS = 300;

/** `value`, but a new one only once it has stayed the same for `ms` (the first at once). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (Object.is(settled, value)) return;
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, settled, ms]);
  return settled;
}

/** One check per document, catalogs and language, shared by the tab's badge and the panel. */
const checked = new WeakMap<JourneyMap, { catalogs: StoreState['catalogs']; locale: Locale; findings: Finding[] }>();
function findingsOf(doc: JourneyMap, catalogs: StoreState['catalogs'], locale: Locale): Finding[] {
  const hit = checked.get(doc);
  if (hit && hit.catalogs === catalogs && hit.locale === locale) return hit.findings;
  const findings = runHealthCheck(doc, { locale, catalogs });
  checked.set(doc, { catalogs, locale, findings });
  return findings;
}

/**
 * The findings of the open map, in the UI language. The check (tens of milliseconds on a
 * 2000-step map) runs once the map has stayed unchanged for CHECK_DELAY_MS, so that typing never
 * waits for it; the tab's count and the panel share one run.
 */
export function useFindings(): Finding[] {
  const { i18n } = useTranslation();
  const doc = useSettled(useAppStore((s) => s.doc), CHECK_DELAY_MS);
  const catalogs = useAppStore((s) => s.catalogs);
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ru';
  return useMemo(() => findingsOf(doc, catalogs, locale), [doc, catalogs, locale]);
}

const ICON: Record<Finding['severity'], string> = { problem: '⛔', warning: '⚠', info: 'ℹ' };

export function HealthPanel() {
  const { t } = useTranslation();
  const findings = useFindings();
  const select = useAppStore((s) => s.select);
  const showGuidance = useAppStore((s) => s.showGuidance);
  const controller = useController();
  const count = (severity: Finding['severity']) => findings.filter((f) => f.severity === severity).length;

  const focus = (finding: Finding) => {
    const nodes = [...new Set(finding.elements.map(nodeIdOf).filter((id): id is string => id !== null))];
    if (nodes.length === 0) return;
    select({ nodes, edges: finding.elements.filter((e) => e.kind === 'flow').map((e) => e.id) });
    controller.centre(nodes[0] as string);
  };

  return (
    <section className="health-panel" aria-label={t('healthPanel.title')}>
      <h2>{t('healthPanel.title')}</h2>
      <p className="muted" data-testid="health-counts">
        {t('healthPanel.counts', { problems: count('problem'), warnings: count('warning'), infos: count('info') })}
      </p>
      {findings.length === 0 && <p>{t('healthPanel.none')}</p>}
      <ul className="findings">
        {findings.map((finding, i) => {
          const clickable = finding.elements.some((e) => nodeIdOf(e) !== null || e.kind === 'flow');
          return (
            <li key={`${finding.rule}:${i}`} className={`finding finding-${finding.severity}`} data-rule={finding.rule}>
              <button type="button" className="finding-main" disabled={!clickable} onClick={() => focus(finding)} title={t(`healthPanel.severity.${finding.severity}`)}>
                <span className="finding-icon" aria-label={t(`healthPanel.severity.${finding.severity}`)}>
                  {ICON[finding.severity]}
                </span>
                <span className="finding-message">{finding.message}</span>
              </button>
              {finding.guidance.length > 0 && (
                <div className="finding-guidance">
                  <span className="muted">{t('healthPanel.read')}</span>
                  {finding.guidance.map((g) => (
                    <button
                      type="button"
                      key={`${g.catalog}#${g.section}`}
                      className="guidance-chip"
                      title={g.title ?? `${g.catalog} ${g.section}`}
                      onClick={() => showGuidance({ catalog: g.catalog, section: g.section })}
                    >
                      {g.section}
                      {g.title ? ` · ${g.title}` : ''}
                    </button>
                  ))}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
