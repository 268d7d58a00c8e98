/**
 * The journey health check, live: every finding of `runHealthCheck` with its severity, the
 * elements it points to (a click selects and centres them) and the guidance sections that help.
 */
import { useDeferredValue, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { runHealthCheck, type Finding } from '../../shared/health';
import type { Locale } from '../../shared/i18n';
import { useController } from '../app/context';
import { nodeIdOf } from '../guidance/links';
import { useAppStore } from '../store';

/**
 * The findings of the open map, in the UI language (memoised per document and catalogs). The
 * check runs on a deferred copy of the document: a keystroke paints first, and the check (tens of
 * milliseconds on a 2000-step map) follows in the background, interrupted by the next keystroke.
 */
export function useFindings(): Finding[] {
  const { i18n } = useTranslation();
  const doc = useDeferredValue(useAppStore((s) => s.doc));
  const catalogs = useAppStore((s) => s.catalogs);
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ru';
  return useMemo(() => runHealthCheck(doc, { locale, catalogs }), [doc, catalogs, locale]);
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
