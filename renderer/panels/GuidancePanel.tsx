/**
 * The guidance panel: a catalog's sections with search (ru/en), a section's summary and link,
 * linking it to the selected element or the map, what already links to it, correcting its URL,
 * and adding catalogs from files.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { guidanceRefsOf, localized, missingCatalogs, searchSections, sectionUrl, type GuidanceCatalog, type GuidanceSection } from '../../shared/guidance/catalog';
import type { Locale } from '../../shared/i18n';
import { useController } from '../app/context';
import { addCatalogFromText, isBuiltIn, isSectionUrl, removeUserCatalog, setSectionUrl } from '../guidance/manager';
import { nodeIdOf, refsOf, sameRef, targetName, targetOfSelection, toggleRef, type LinkTarget } from '../guidance/links';
import type { Platform } from '../platform/types';
import { useAppStore } from '../store';

function SectionDetail({ catalog, section, platform, locale }: { catalog: GuidanceCatalog; section: GuidanceSection; platform: Platform; locale: Locale }) {
  const { t } = useTranslation();
  const doc = useAppStore((s) => s.doc);
  const selection = useAppStore((s) => s.selection);
  const apply = useAppStore((s) => s.apply);
  const select = useAppStore((s) => s.select);
  const focus = useAppStore((s) => s.showGuidance);
  const controller = useController();
  const [url, setUrl] = useState(section.url ?? '');
  useEffect(() => setUrl(section.url ?? ''), [section]);
  const ref = { catalog: catalog.id, section: section.id };
  const target = targetOfSelection(selection);
  const mapTarget: LinkTarget = { kind: 'map' };
  const linkButton = (to: LinkTarget, name: string) => {
    const linked = refsOf(doc, to).some((r) => sameRef(r, ref));
    const label =
      to.kind === 'map'
        ? t(linked ? 'guidancePanel.unlinkMap' : 'guidancePanel.linkMap')
        : t(linked ? 'guidancePanel.unlink' : 'guidancePanel.link', { name });
    return (
      <button type="button" className={linked ? '' : 'primary-outline'} onClick={() => apply((d) => toggleRef(d, to, ref, !linked))}>
        {label}
      </button>
    );
  };
  const links = guidanceRefsOf(doc).filter((r) => sameRef(r.ref, ref));
  const validUrl = isSectionUrl(url);
  return (
    <article className="guidance-section" data-section={section.id}>
      <button type="button" className="link back-link" onClick={() => focus(null)}>
        ← {t('guidancePanel.back')}
      </button>
      <h3>
        <span className="section-id">{section.id}</span> {localized(section.title, locale)}
      </h3>
      {localized(section.summary, locale) && <p className="guidance-summary">{localized(section.summary, locale)}</p>}
      <div className="button-row">
        <button type="button" onClick={() => platform.openExternal(sectionUrl(catalog, section))}>
          ↗ {t('guidancePanel.open')}
        </button>
      </div>
      {!section.urlConfirmed && <p className="hint">{t('guidancePanel.unconfirmed')}</p>}
      <label className="field">
        <span className="field-label">{t('guidancePanel.url')}</span>
        <input type="url" value={url} placeholder={catalog.baseUrl} maxLength={2000} aria-invalid={(url.trim() !== '' && !validUrl) || undefined} onChange={(e) => setUrl(e.target.value)} />
      </label>
      <div className="button-row">
        <button type="button" disabled={(url.trim() !== '' && !validUrl) || url.trim() === (section.url ?? '')} onClick={() => setSectionUrl(useAppStore, catalog.id, section.id, url)}>
          {t('guidancePanel.saveUrl')}
        </button>
      </div>
      <div className="guidance-link-buttons">
        {target ? linkButton(target, targetName(doc, target, '')) : <p className="hint">{t('guidancePanel.selectElement')}</p>}
        {linkButton(mapTarget, t('guidancePanel.mapElement'))}
      </div>
      <h3>{t('guidancePanel.linkedFrom')}</h3>
      {links.length === 0 ? (
        <p className="muted">{t('guidancePanel.notLinked')}</p>
      ) : (
        <ul className="link-list">
          {links.map(({ element }, i) => {
            const name = element.kind === 'map' ? t('guidancePanel.mapElement') : targetName(doc, element as LinkTarget, '');
            const node = nodeIdOf(element);
            return (
              <li key={i}>
                <button
                  type="button"
                  className="link"
                  disabled={!node}
                  onClick={() => {
                    if (!node) return;
                    select({ nodes: [node], edges: [] });
                    controller.reveal(node);
                  }}
                >
                  {name}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </article>
  );
}

export function GuidancePanel({ platform }: { platform: Platform }) {
  const { t, i18n } = useTranslation();
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ru';
  const catalogs = useAppStore((s) => s.catalogs);
  const focus = useAppStore((s) => s.guidanceFocus);
  const show = useAppStore((s) => s.showGuidance);
  const doc = useAppStore((s) => s.doc);
  const openDialog = useAppStore((s) => s.openDialog);
  const setStatus = useAppStore((s) => s.setStatus);
  const [catalogId, setCatalogId] = useState(focus?.catalog ?? catalogs[0]?.id ?? '');
  const [query, setQuery] = useState('');
  useEffect(() => {
    if (focus) setCatalogId(focus.catalog);
  }, [focus]);
  const catalog = catalogs.find((c) => c.id === catalogId) ?? catalogs[0];
  const results = useMemo(() => (catalog ? searchSections(catalog, query) : []), [catalog, query]);
  const linkCounts = useMemo(() => {
    const counts = new Map<string, number>();
    for (const { ref } of guidanceRefsOf(doc)) counts.set(`${ref.catalog}#${ref.section}`, (counts.get(`${ref.catalog}#${ref.section}`) ?? 0) + 1);
    return counts;
  }, [doc]);
  const missing = missingCatalogs(doc, catalogs);
  const focused = focus && catalog && focus.catalog === catalog.id ? catalog.sections.find((s) => s.id === focus.section) : undefined;

  const addCatalog = async () => {
    const picked = await platform.openImportFile('catalog').catch((e: unknown) => ({ ok: false as const, error: e instanceof Error ? e.message : String(e) }));
    if (!picked) return;
    if (!picked.ok) {
      openDialog({ kind: 'error', title: t('guidancePanel.badCatalog'), lines: [picked.error] });
      return;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(picked.value.data);
    } catch {
      openDialog({ kind: 'error', title: t('guidancePanel.badCatalog'), lines: [picked.value.name, t('errors.notUtf8')] });
      return;
    }
    const added = addCatalogFromText(useAppStore, text, locale);
    if (!added.ok) {
      openDialog({ kind: 'error', title: t('guidancePanel.badCatalog'), lines: [picked.value.name, ...added.problems] });
      return;
    }
    setCatalogId(added.catalog.id);
    setStatus(t('guidancePanel.catalogAdded', { name: localized(added.catalog.title, locale) }));
  };

  return (
    <section className="guidance-panel" aria-label={t('guidancePanel.title')}>
      {missing.length > 0 && (
        <p className="notice" role="note">
          {t('guidancePanel.missing', { ids: missing.join(', ') })}
        </p>
      )}
      <label className="field">
        <span className="field-label">{t('guidancePanel.catalog')}</span>
        <select value={catalog?.id ?? ''} onChange={(e) => setCatalogId(e.target.value)}>
          {catalogs.map((c) => (
            <option key={c.id} value={c.id}>
              {localized(c.title, locale)}
              {isBuiltIn(c.id) ? '' : ' *'}
            </option>
          ))}
        </select>
      </label>
      <div className="button-row">
        <button type="button" onClick={() => void addCatalog()}>
          + {t('guidancePanel.addCatalog')}
        </button>
        {catalog && !isBuiltIn(catalog.id) && (
          <button type="button" className="danger" onClick={() => removeUserCatalog(useAppStore, catalog.id)}>
            {t('guidancePanel.removeCatalog')}
          </button>
        )}
      </div>
      {catalog && focused ? (
        <SectionDetail catalog={catalog} section={focused} platform={platform} locale={locale} />
      ) : (
        catalog && (
          <>
            <input type="search" className="guidance-search" value={query} placeholder={t('guidancePanel.search')} aria-label={t('guidancePanel.search')} onChange={(e) => setQuery(e.target.value)} />
            {results.length === 0 && <p className="muted">{t('guidancePanel.noResults', { query })}</p>}
            <ul className="guidance-list">
              {results.map((section) => {
                const count = linkCounts.get(`${catalog.id}#${section.id}`) ?? 0;
                return (
                  <li key={section.id}>
                    <button type="button" className="guidance-item" data-section={section.id} onClick={() => show({ catalog: catalog.id, section: section.id })}>
                      <span className="section-id">{section.id}</span>
                      <span className="guidance-item-title">{localized(section.title, locale)}</span>
                      {count > 0 && <span className="guidance-count">{count}</span>}
                    </button>
                  </li>
                );
              })}
            </ul>
          </>
        )
      )}
    </section>
  );
}
