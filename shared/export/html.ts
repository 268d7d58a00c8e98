/**
 * The map as one self-contained, read-only HTML page that works offline (opened from a file in
 * Chromium or Firefox): the header (title, service, variant, persona, date), the map as inline SVG
 * with pan and zoom, a side panel with the details of the clicked card, filters by agency and pain
 * severity, the scorecard, the health check and the guidance sections the map refers to, and the
 * pain register under the map. A pure, synchronous function of the document, the language, the
 * catalogs and `now` (no DOM, no file system): it runs in the renderer and in Node.
 *
 * Security: a strict Content Security Policy in a meta tag allows no network at all and exactly
 * one inline style sheet and one inline script, by their SHA-256 hashes (both are constants in
 * html-viewer.ts). Every piece of user text in the HTML is escaped; the data the script needs is
 * in a `<script type="application/json">` block (never executed) with `<`, `>`, `&`, U+2028 and
 * U+2029 written as \u escapes, read with JSON.parse and put into the page with textContent.
 * Only http(s) and mailto links are made, opening in a new tab without referrer or opener. The
 * note of evidence marked as personal data (152-FZ) is never written, as in the other reports.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { guidanceRefsOf, localized, resolveRef, sectionUrl, type GuidanceCatalog } from '../guidance/catalog';
import { runHealthCheck, type ElementRef, type Finding } from '../health';
import { translate, type Locale, type Params } from '../i18n';
import { computeScorecard, NUMERIC_METRICS, type GuidanceRef, type JourneyMap, type Opportunity, type PainPoint, type Step } from '../model';
import { evidenceLine, formatDate, formatNumber, formatStoredDate, painRegister, regulationDetails, translator } from './docx/content';
import { VIEWER_CSS, VIEWER_SCRIPT } from './html-viewer';
import { exportSvg } from './svg';
import { DocIndex } from './tables';
import { escapeXml } from './xml';
import { commentRows, commentTime } from './comments';

export interface HtmlExportOptions {
  locale: Locale;
  catalogs: readonly GuidanceCatalog[];
  /** The export date shown in the footer; default the current time. */
  now?: Date;
  /** Add the comment threads under the pain register (left out by default). */
  comments?: boolean;
}

/** Text escaped for HTML content and for double- or single-quoted attribute values. */
const esc = (text: string | number): string => escapeXml(String(text));

/** A link target the page may hold: http(s) and mailto only, nothing that could end the attribute. */
export function safeLinkUrl(url: string | undefined): string | undefined {
  const trimmed = (url ?? '').trim();
  return /^(https?:\/\/|mailto:)[^\s<>"]+$/i.test(trimmed) ? trimmed : undefined;
}

/** An `<a>` to a user link that opens in a new tab, or the text alone when the URL is not allowed. */
function link(text: string, url: string | undefined): string {
  const safe = safeLinkUrl(url);
  return safe ? `<a href="${esc(safe)}" target="_blank" rel="noopener noreferrer">${esc(text)}</a>` : esc(text);
}

/**
 * JSON for a `<script type="application/json">` block: the characters that could end the block
 * or start markup (`<`, `>`, `&`) and the line separators old parsers choke on become \u escapes.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The CSP source for an inline block: 'sha256-<base64 of the SHA-256 of its UTF-8 text>'. */
export function cspHash(text: string): string {
  const bytes = sha256(utf8ToBytes(text));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `'sha256-${btoa(binary)}'`;
}

let cachedPolicy: string | undefined;
/** The page's Content Security Policy (the style and script are constants, so it is too). */
export function htmlContentSecurityPolicy(): string {
  cachedPolicy ??= [
    "default-src 'none'",
    'img-src data:',
    `style-src ${cspHash(VIEWER_CSS)}`,
    `script-src ${cspHash(VIEWER_SCRIPT)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return cachedPolicy;
}

// ------------------------------------------------------------------------ the data block
interface Item {
  text: string;
  sub?: string;
  url?: string;
  /** The element a button selects: "step:ID", "pain:ID" or "opp:ID". */
  ref?: string;
}
interface Detail {
  kind: string;
  cls: 'step' | 'pain' | 'opp';
  title: string;
  description?: string;
  facts: [string, string][];
  lists: { label: string; items: Item[] }[];
}
interface ViewerData {
  strings: Record<string, string>;
  details: [string, Detail][];
  steps: [string, string[]][];
  pains: [string, { a: string[]; s: number }][];
  opportunities: [string, { o?: string; p: string[] }][];
  flows: [string, [string, string]][];
}

type Level = 'low' | 'medium' | 'high';
const levelOf = (severity: number): Level => (severity >= 4 ? 'high' : severity >= 3 ? 'medium' : 'low');
const severityChip = (severity: number) => `<span class="mv-sev mv-sev-${levelOf(severity)}">${esc(severity)}</span>`;

/** The key the viewer knows an element by, when it is one that has a card (and details). */
function elementKey(element: { kind: string; id: string }): string | undefined {
  if (element.kind === 'step') return `step:${element.id}`;
  if (element.kind === 'painPoint') return `pain:${element.id}`;
  if (element.kind === 'opportunity') return `opp:${element.id}`;
  return undefined;
}

// ---------------------------------------------------------------------------------- export
export function exportHtml(doc: JourneyMap, options: HtmlExportOptions): string {
  const { locale, catalogs } = options;
  const now = options.now ?? new Date();
  const t = translator(locale);
  const h = (key: string, params?: Params) => t(`exportHtml.${key}`, params);
  const col = (key: string) => t(`exportTables.columns.${key}`);
  const num = (value: number) => formatNumber(value, locale);
  const index = new DocIndex(doc);
  const agencyById = new Map(doc.agencies.map((a) => [a.id, a]));
  const agencyNames = (ids: readonly string[]) => [...new Set(ids)].map((id) => agencyById.get(id)?.name ?? id).join('; ');
  const agencyShort = (ids: readonly string[]) => [...new Set(ids)].map((id) => { const a = agencyById.get(id); return a ? a.shortName.trim() || a.name : id; }).join(', ');
  const yesNo = (value: boolean) => t(`exportTables.${value ? 'yes' : 'no'}`);
  const severityValue = (severity: number) => h('severityValue', { severity });

  // Opportunities and pain points link both ways (pain.opportunityIds and opportunity.painPointIds).
  const oppsOfPain = new Map<string, string[]>();
  const painsOfOpp = new Map<string, string[]>();
  const linkBoth = (painId: string, oppId: string) => {
    const a = oppsOfPain.get(painId) ?? [];
    if (!a.includes(oppId)) a.push(oppId);
    oppsOfPain.set(painId, a);
    const b = painsOfOpp.get(oppId) ?? [];
    if (!b.includes(painId)) b.push(painId);
    painsOfOpp.set(oppId, b);
  };
  const oppIds = new Set(doc.opportunities.map((o) => o.id));
  const painIds = new Set(doc.painPoints.map((p) => p.id));
  for (const p of doc.painPoints) for (const o of p.opportunityIds) if (oppIds.has(o)) linkBoth(p.id, o);
  for (const o of doc.opportunities) for (const p of o.painPointIds) if (painIds.has(p)) linkBoth(p, o.id);
  const oppById = new Map(doc.opportunities.map((o) => [o.id, o]));

  // ---------------------------------------------------------------------- details of elements
  const guidanceItems = (refs: readonly GuidanceRef[]): Item[] => {
    const out: Item[] = [];
    const seen = new Set<string>();
    for (const ref of refs) {
      const key = `${ref.catalog}\u0000${ref.section}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const { catalog, section } = resolveRef(catalogs, ref);
      if (catalog && section) {
        const url = safeLinkUrl(sectionUrl(catalog, section));
        out.push({ text: `${section.id} ${localized(section.title, locale)}`.trim(), sub: localized(catalog.title, locale), ...(url ? { url } : {}) });
      } else if (catalog) {
        const url = safeLinkUrl(catalog.baseUrl);
        out.push({ text: t('exportTables.markdown.missingSection', { section: ref.section }), sub: localized(catalog.title, locale), ...(url ? { url } : {}) });
      } else out.push({ text: t('exportTables.markdown.missingCatalog', { catalog: ref.catalog }) });
    }
    return out;
  };
  const evidenceItems = (ids: readonly string[]): Item[] =>
    [...new Set(ids)].flatMap((id) => {
      const e = index.evidence.get(id);
      return e ? [{ text: evidenceLine(e, t, 600) }] : [];
    });
  const regulationItems = (ids: readonly string[]): Item[] =>
    [...new Set(ids)].flatMap((id) => {
      const r = doc.regulations.find((x) => x.id === id);
      if (!r) return [];
      const url = safeLinkUrl(r.url);
      return [{ text: r.title, sub: regulationDetails(r, t, locale), ...(url ? { url } : {}) }];
    });
  const painItem = (p: PainPoint): Item => ({ text: p.title, sub: `${t('props.severity')}: ${severityValue(p.severity)}`, ref: `pain:${p.id}` });
  const oppItem = (o: Opportunity): Item => ({ text: o.title, sub: t(`opportunityStatus.${o.status}`), ref: `opp:${o.id}` });
  const fact = (facts: [string, string][], label: string, value: string | number | undefined) => {
    if (value === undefined) return;
    const text = typeof value === 'number' ? num(value) : value.trim();
    if (text !== '') facts.push([label, text]);
  };

  const details: [string, Detail][] = [];
  const painsOfStep = new Map<string, PainPoint[]>();
  for (const p of doc.painPoints) {
    if (!p.stepId) continue;
    const list = painsOfStep.get(p.stepId) ?? [];
    list.push(p);
    painsOfStep.set(p.stepId, list);
  }
  const stepDetail = (s: Step): Detail => {
    const facts: [string, string][] = [];
    fact(facts, col('lane'), index.laneTitle.get(s.laneId));
    fact(facts, col('stage'), index.stageTitle.get(s.stageId));
    fact(facts, t('props.agencies'), agencyNames(s.agencyIds));
    if (s.channel) fact(facts, t('props.channel'), t(`channel.${s.channel}`));
    if (s.inPerson !== undefined) fact(facts, t('props.inPerson'), yesNo(s.inPerson));
    fact(facts, t('props.waitMinutes'), s.waitMinutes);
    fact(facts, t('props.serviceMinutes'), s.serviceMinutes);
    fact(facts, t('props.leadTimeDays'), s.leadTimeDays);
    fact(facts, t('props.costRub'), s.costRub);
    if (s.emotion !== undefined) fact(facts, t('props.emotion'), s.emotion > 0 ? `+${s.emotion}` : s.emotion < 0 ? `\u2212${-s.emotion}` : '0');
    return {
      kind: t('props.step'),
      cls: 'step',
      title: s.title,
      ...(s.description.trim() ? { description: s.description.trim() } : {}),
      facts,
      lists: [
        { label: t('props.documentsIn'), items: [...new Set(s.documentsIn)].map((id) => ({ text: index.documentName.get(id) ?? id })) },
        { label: t('props.documentsOut'), items: [...new Set(s.documentsOut)].map((id) => ({ text: index.documentName.get(id) ?? id })) },
        { label: t('props.regulations'), items: regulationItems(s.regulationIds) },
        { label: t('props.evidence'), items: evidenceItems(s.evidenceIds) },
        { label: t('props.painPoints'), items: (painsOfStep.get(s.id) ?? []).map(painItem) },
        { label: h('guidance'), items: guidanceItems(s.guidance) },
      ],
    };
  };
  const painDetail = (p: PainPoint): Detail => {
    const facts: [string, string][] = [];
    fact(facts, t('props.severity'), severityValue(p.severity));
    fact(facts, t('props.category'), p.category);
    if (p.cause) fact(facts, t('props.cause'), t(`cause.${p.cause}`));
    fact(facts, t('props.agencies'), agencyNames(p.agencyIds));
    if (p.ownerAgencyId) fact(facts, t('props.owner'), agencyNames([p.ownerAgencyId]));
    fact(facts, t('props.status'), t(`painStatus.${p.status}`));
    const stageId = index.painStageId(p);
    if (stageId) fact(facts, col('stage'), index.stageTitle.get(stageId));
    if (p.votes > 0) fact(facts, col('votes'), p.votes);
    const step = p.stepId ? index.step.get(p.stepId) : undefined;
    return {
      kind: t('props.painPoint'),
      cls: 'pain',
      title: p.title,
      ...(p.description.trim() ? { description: p.description.trim() } : {}),
      facts,
      lists: [
        { label: t('props.step'), items: step ? [{ text: step.title, ref: `step:${step.id}` }] : [] },
        { label: t('props.evidence'), items: evidenceItems(p.evidenceIds) },
        { label: t('props.opportunities'), items: (oppsOfPain.get(p.id) ?? []).flatMap((id) => { const o = oppById.get(id); return o ? [oppItem(o)] : []; }) },
        { label: t('props.regulations'), items: regulationItems(p.regulationIds) },
        { label: h('guidance'), items: guidanceItems(p.guidance) },
      ],
    };
  };
  const oppDetail = (o: Opportunity): Detail => {
    const facts: [string, string][] = [];
    fact(facts, t('props.status'), t(`opportunityStatus.${o.status}`));
    if (o.ownerAgencyId) fact(facts, t('props.owner'), agencyNames([o.ownerAgencyId]));
    if (o.impact !== undefined) fact(facts, t('props.impact'), `${o.impact} / 3`);
    if (o.effort !== undefined) fact(facts, t('props.effort'), `${o.effort} / 3`);
    return {
      kind: t('props.opportunity'),
      cls: 'opp',
      title: o.title,
      ...(o.description.trim() ? { description: o.description.trim() } : {}),
      facts,
      lists: [
        { label: t('props.painPoints'), items: (painsOfOpp.get(o.id) ?? []).flatMap((id) => { const p = index.pain.get(id); return p ? [painItem(p)] : []; }) },
        { label: h('guidance'), items: guidanceItems(o.guidance) },
      ],
    };
  };
  for (const s of doc.steps) details.push([`step:${s.id}`, stepDetail(s)]);
  for (const p of doc.painPoints) details.push([`pain:${p.id}`, painDetail(p)]);
  for (const o of doc.opportunities) details.push([`opp:${o.id}`, oppDetail(o)]);

  const data: ViewerData = {
    strings: { showOnMap: h('showOnMap'), notOnMap: h('notOnMap'), filterSummary: translate(locale, 'exportHtml.filterSummary') },
    details,
    steps: doc.steps.map((s) => [s.id, [...new Set(s.agencyIds)]]),
    pains: doc.painPoints.map((p) => [p.id, { a: [...new Set(p.agencyIds)], s: p.severity }]),
    opportunities: doc.opportunities.map((o) => [o.id, { ...(o.ownerAgencyId ? { o: o.ownerAgencyId } : {}), p: painsOfOpp.get(o.id) ?? [] }]),
    flows: doc.flows.map((f) => [f.id, [f.from, f.to]]),
  };

  // --------------------------------------------------------------------------------- header
  const { meta } = doc;
  const headerFacts: [string, string][] = [[t('report.variant'), t(`variant.${meta.variant}`)]];
  const personas = doc.personas.map((p) => p.name.trim()).filter((x) => x);
  if (personas.length > 0) headerFacts.push([t('report.persona'), personas.join(', ')]);
  const mapDate = (meta.modified ?? meta.created ?? '').trim();
  if (mapDate) headerFacts.push([t('report.date'), formatStoredDate(/^\d{4}-\d{2}-\d{2}/.test(mapDate) ? mapDate.slice(0, 10) : mapDate, locale)]);
  const authors = meta.authors.map((a) => a.trim()).filter((x) => x);
  if (authors.length > 0) headerFacts.push([t('report.authors'), authors.join(', ')]);
  const service = meta.service.trim();
  const header =
    '<header class="mv-header"><div class="mv-heading">' +
    `<h1>${esc(meta.title)}</h1>` +
    (service && service !== meta.title.trim() ? `<p class="mv-service">${esc(service)}</p>` : '') +
    `<dl class="mv-facts">${headerFacts.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('')}</dl>` +
    '</div>' +
    `<a class="mv-register-link" href="#mv-register">${esc(h('toRegister'))} \u2193</a>` +
    '</header>';

  // ------------------------------------------------------------------------------------ map
  const svg = exportSvg(doc, { locale, idPrefix: 'mvmap', title: false }).svg.replace(/^<\?xml[^>]*\?>\s*/, '');
  const mapSection =
    `<section class="mv-map" aria-label="${esc(h('map'))}">` +
    `<div class="mv-toolbar" role="toolbar" aria-label="${esc(h('map'))}">` +
    `<button type="button" id="mv-zoom-out" aria-label="${esc(h('zoomOut'))}" title="${esc(h('zoomOut'))} (\u2212)">\u2212</button>` +
    '<output id="mv-zoom-level" aria-live="polite">100%</output>' +
    `<button type="button" id="mv-zoom-in" aria-label="${esc(h('zoomIn'))}" title="${esc(h('zoomIn'))} (+)">+</button>` +
    `<button type="button" id="mv-fit" title="${esc(h('fitTitle'))}">${esc(h('fit'))}</button>` +
    `<span class="mv-hint">${esc(h('zoomHint'))}</span>` +
    '</div>' +
    `<div id="mv-viewport" class="mv-viewport" tabindex="0" aria-label="${esc(h('map'))}. ${esc(h('zoomHint'))}">${svg}</div>` +
    '</section>';

  // -------------------------------------------------------------------------- details panel
  const about: string[] = [];
  if (meta.description.trim()) about.push(`<p class="mv-pre">${esc(meta.description.trim())}</p>`);
  for (const p of doc.personas) {
    about.push(`<p><strong>${esc(t('report.persona'))}:</strong> ${esc(p.name)}${p.description.trim() ? ` \u2014 <span class="mv-pre">${esc(p.description.trim())}</span>` : ''}</p>`);
    const goals = p.goals.map((g) => g.trim()).filter((g) => g);
    if (goals.length > 0) about.push(`<p class="mv-small">${esc(t('report.goals'))} ${goals.map(esc).join('; ')}</p>`);
  }
  const detailsPanel =
    '<div id="mv-details-empty">' +
    `<p class="mv-muted">${esc(h('selectHint'))}</p>` +
    (about.length > 0 ? `<div class="mv-about"><h3>${esc(h('aboutMap'))}</h3>${about.join('')}</div>` : '') +
    '</div><div id="mv-details-body" hidden></div>';

  // -------------------------------------------------------------------------------- filters
  const swatch = (color: string) => {
    const fill = /^#[0-9a-fA-F]{6}$/.test(color) ? color : '#6b7280';
    return `<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true"><rect width="14" height="14" rx="3" fill="${fill}"/></svg>`;
  };
  const agencyChecks = doc.agencies
    .map((a) => {
      const short = a.shortName.trim();
      const label = short && short !== a.name ? `${short} \u2014 ${a.name}` : a.name;
      return `<label class="mv-check"><input type="checkbox" checked data-agency="${esc(a.id)}">${swatch(a.color)}<span>${esc(label)}</span></label>`;
    })
    .join('');
  const filtersPanel =
    `<p class="mv-muted mv-small">${esc(h('filterHint'))}</p>` +
    `<fieldset class="mv-fieldset"><legend>${esc(h('agencies'))}</legend>` +
    (doc.agencies.length > 0
      ? `<div class="mv-buttons"><button type="button" class="mv-button" id="mv-agencies-all">${esc(h('allAgencies'))}</button><button type="button" class="mv-button" id="mv-agencies-none">${esc(h('noAgency'))}</button></div>${agencyChecks}`
      : `<p class="mv-muted">${esc(t('report.noAgencies'))}</p>`) +
    '</fieldset>' +
    `<fieldset class="mv-fieldset"><legend><label for="mv-min-severity">${esc(h('minSeverity'))}</label></legend>` +
    `<select id="mv-min-severity" class="mv-select">${[1, 2, 3, 4, 5].map((s) => `<option value="${s}">${esc(h('severityFrom', { severity: s }))}</option>`).join('')}</select>` +
    '</fieldset>' +
    `<button type="button" class="mv-button" id="mv-filters-reset">${esc(h('resetFilters'))}</button>` +
    '<p id="mv-filter-summary" class="mv-summary" aria-live="polite"></p>';

  // ------------------------------------------------------------------------------ scorecard
  const card = computeScorecard(doc);
  const metricRows = NUMERIC_METRICS.map((key) => `<tr data-metric="${key}"><td>${esc(t(`metrics.${key}`))}</td><td class="num">${esc(num(card[key]))}</td></tr>`).join('');
  const maxSeverityCount = Math.max(1, ...Object.values(card.painPointsBySeverity));
  const bar = (value: number, max: number, color: string) =>
    `<svg class="mv-bar" width="120" height="10" viewBox="0 0 120 10" aria-hidden="true"><rect width="120" height="10" rx="3" fill="#f1f5f9"/>${value > 0 ? `<rect width="${Math.max(3, Math.round((value / max) * 120))}" height="10" rx="3" fill="${color}"/>` : ''}</svg>`;
  const severityColor: Record<Level, string> = { low: '#eab308', medium: '#f97316', high: '#dc2626' };
  const severityRows = (['5', '4', '3', '2', '1'] as const)
    .map((s) => `<tr data-severity="${s}"><td>${severityChip(Number(s))}</td><td class="num">${esc(num(card.painPointsBySeverity[s]))}</td><td>${bar(card.painPointsBySeverity[s], maxSeverityCount, severityColor[levelOf(Number(s))])}</td></tr>`)
    .join('');
  const byAgency = Object.entries(card.painPointsByAgency).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const maxAgencyCount = Math.max(1, ...byAgency.map(([, n]) => n));
  const scorecardPanel =
    `<table class="mv-table"><thead><tr><th scope="col">${esc(col('metric'))}</th><th scope="col" class="num">${esc(col('value'))}</th></tr></thead><tbody>${metricRows}</tbody></table>` +
    `<h3>${esc(t('metrics.painPointsBySeverity'))}</h3>` +
    `<table class="mv-table"><thead><tr><th scope="col">${esc(col('severity'))}</th><th scope="col" class="num">${esc(col('count'))}</th><th scope="col"><span class="mv-muted"></span></th></tr></thead><tbody>${severityRows}</tbody></table>` +
    `<h3>${esc(t('metrics.painPointsByAgency'))}</h3>` +
    (byAgency.length > 0
      ? `<table class="mv-table"><thead><tr><th scope="col">${esc(col('agencies'))}</th><th scope="col" class="num">${esc(col('count'))}</th><th scope="col"></th></tr></thead><tbody>${byAgency
          .map(([name, n]) => `<tr><td>${esc(name)}</td><td class="num">${esc(num(n))}</td><td>${bar(n, maxAgencyCount, '#64748b')}</td></tr>`)
          .join('')}</tbody></table>`
      : `<p class="mv-muted">${esc(t('scorecard.heatmapEmpty'))}</p>`);

  // ---------------------------------------------------------------------------------- check
  const findings = runHealthCheck(doc, { locale, catalogs });
  const count = (severity: Finding['severity']) => findings.filter((f) => f.severity === severity).length;
  const findingHtml = (f: Finding) => {
    const target = f.elements.map(elementKey).find((k): k is string => k !== undefined);
    const message = target
      ? `<button type="button" class="mv-finding-message" data-target="${esc(target)}" data-tab="check">${esc(f.message)}</button>`
      : `<span class="mv-finding-message">${esc(f.message)}</span>`;
    const links = f.guidance
      .map((g) => (safeLinkUrl(g.url) ? link(g.title ? `${g.section} ${g.title}` : g.section, g.url) : ''))
      .filter((x) => x)
      .join(' ');
    return (
      `<li class="mv-finding mv-finding-${f.severity}" data-rule="${esc(f.rule)}">` +
      `<span class="mv-finding-severity">${esc(t(`healthPanel.severity.${f.severity}`))}</span>${message}` +
      (links ? `<div class="mv-read">${esc(t('healthPanel.read'))} ${links}</div>` : '') +
      '</li>'
    );
  };
  const checkPanel =
    findings.length === 0
      ? `<p class="mv-muted">${esc(t('healthPanel.none'))}</p>`
      : `<p class="mv-muted mv-small">${esc(t('healthPanel.counts', { problems: count('problem'), warnings: count('warning'), infos: count('info') }))}</p>` +
        `<ul class="mv-findings">${findings.map(findingHtml).join('')}</ul>`;

  // ------------------------------------------------------------------------------- guidance
  const sections = new Map<string, { ref: GuidanceRef; from: { kind: string; id: string }[] }>();
  for (const { element, ref } of guidanceRefsOf(doc)) {
    const key = `${ref.catalog}\u0000${ref.section}`;
    const entry = sections.get(key) ?? { ref, from: [] };
    if (!entry.from.some((e) => e.kind === element.kind && e.id === element.id)) entry.from.push(element);
    sections.set(key, entry);
  }
  const names = {
    stage: index.stageTitle,
    step: new Map(doc.steps.map((s) => [s.id, s.title])),
    painPoint: new Map(doc.painPoints.map((p) => [p.id, p.title])),
    opportunity: index.opportunityTitle,
  } as const;
  const MAX_USED = 40;
  const usedBy = (element: { kind: string; id: string }) => {
    if (element.kind === 'map') return esc(t('report.mapElement'));
    const kind = element.kind as keyof typeof names;
    const phrase = t(`report.${kind === 'painPoint' ? 'pain' : kind}Element`, { name: names[kind]?.get(element.id) ?? element.id });
    const key = elementKey(element);
    return key ? `<button type="button" class="mv-link" data-target="${esc(key)}" data-tab="guidance">${esc(phrase)}</button>` : esc(phrase);
  };
  const sectionHtml = ({ ref, from }: { ref: GuidanceRef; from: { kind: string; id: string }[] }) => {
    const { catalog, section } = resolveRef(catalogs, ref);
    let title: string;
    if (catalog && section) title = link(`${section.id} ${localized(section.title, locale)}`.trim(), sectionUrl(catalog, section));
    else if (catalog) title = `${esc(ref.section)} <span class="mv-muted">(${link(t('exportTables.markdown.missingSection', { section: ref.section }), catalog.baseUrl)})</span>`;
    else title = `${esc(ref.section)} <span class="mv-muted">(${esc(t('exportTables.markdown.missingCatalog', { catalog: ref.catalog }))})</span>`;
    const unconfirmed = catalog && section && !(section.url !== undefined && section.urlConfirmed) ? ` <span class="mv-muted mv-small">${esc(t('report.unconfirmed'))}</span>` : '';
    const summary = catalog && section ? localized(section.summary, locale).trim() : '';
    const shown = from.slice(0, MAX_USED).map((e) => `<li>${usedBy(e)}</li>`).join('') + (from.length > MAX_USED ? `<li>\u2026 (+${from.length - MAX_USED})</li>` : '');
    return (
      `<li class="mv-section" data-section="${esc(`${ref.catalog}:${ref.section}`)}">` +
      `<div class="mv-section-title">${title}${unconfirmed}</div>` +
      (catalog ? `<div class="mv-sub">${esc(localized(catalog.title, locale))}</div>` : '') +
      (summary ? `<p class="mv-small">${esc(summary)}</p>` : '') +
      `<div class="mv-used">${esc(t('guidancePanel.linkedFrom'))}:<ul>${shown}</ul></div>` +
      '</li>'
    );
  };
  const guidancePanel =
    sections.size === 0
      ? `<p class="mv-muted">${esc(t('report.noGuidance'))}</p>`
      : `<p class="mv-muted mv-small">${esc(h('sectionsCount', { count: sections.size }))}</p><ul class="mv-sections">${[...sections.values()].map(sectionHtml).join('')}</ul>`;

  // ------------------------------------------------------------------------- side and tabs
  const tabs: [string, string, string, number | undefined][] = [
    ['details', h('details'), detailsPanel, undefined],
    ['filters', h('filters'), filtersPanel, undefined],
    ['scorecard', h('scorecard'), scorecardPanel, undefined],
    ['check', h('check'), checkPanel, findings.length],
    ['guidance', h('guidance'), guidancePanel, sections.size],
  ];
  const side =
    '<aside class="mv-side">' +
    `<div class="mv-tabs" role="tablist" aria-label="${esc(h('tabs'))}">` +
    tabs
      .map(
        ([id, label, , n], i) =>
          `<button type="button" role="tab" id="mv-tab-${id}" data-tab="${id}" aria-controls="mv-panel-${id}" aria-selected="${i === 0}" tabindex="${i === 0 ? 0 : -1}">${esc(label)}${n ? `<span class="mv-count">${esc(n)}</span>` : ''}</button>`,
      )
      .join('') +
    '</div>' +
    tabs.map(([id, , body], i) => `<section class="mv-panel" role="tabpanel" id="mv-panel-${id}" aria-labelledby="mv-tab-${id}" tabindex="0"${i === 0 ? '' : ' hidden'}>${body}</section>`).join('') +
    '</aside>';

  // ------------------------------------------------------------------------- pain register
  const register = painRegister(doc);
  const registerHtml =
    `<section id="mv-register" class="mv-register" aria-labelledby="mv-register-title"><h2 id="mv-register-title">${esc(h('register'))}</h2>` +
    (register.length === 0
      ? `<p class="mv-muted">${esc(t('report.noPains'))}</p>`
      : '<div class="mv-table-wrap"><table class="mv-table"><thead><tr>' +
        ['#', col('severity'), col('title'), col('step'), col('stage'), col('agencies'), col('cause'), col('owner'), col('status')]
          .map((c, i) => `<th scope="col"${i === 0 ? ' class="num"' : i === 2 || i === 3 ? ' class="mv-wide"' : ''}>${esc(c)}</th>`)
          .join('') +
        '</tr></thead><tbody>' +
        register
          .map((p, i) => {
            const step = p.stepId ? index.step.get(p.stepId) : undefined;
            const stageId = index.painStageId(p);
            return (
              `<tr data-pain="${esc(p.id)}"><td class="num">${i + 1}</td><td>${severityChip(p.severity)}</td>` +
              `<td><button type="button" class="mv-link" data-target="pain:${esc(p.id)}" data-tab="details" data-scroll="1">${esc(p.title)}</button></td>` +
              `<td>${step ? `<button type="button" class="mv-link" data-target="step:${esc(step.id)}" data-tab="details" data-scroll="1">${esc(step.title)}</button>` : ''}</td>` +
              `<td>${esc(stageId ? (index.stageTitle.get(stageId) ?? '') : '')}</td>` +
              `<td>${esc(agencyShort(p.agencyIds))}</td>` +
              `<td>${p.cause ? esc(t(`cause.${p.cause}`)) : ''}</td>` +
              `<td>${p.ownerAgencyId ? esc(agencyShort([p.ownerAgencyId])) : ''}</td>` +
              `<td>${esc(t(`painStatus.${p.status}`))}</td></tr>`
            );
          })
          .join('') +
        '</tbody></table></div>') +
    '</section>' +
    (options.comments ? commentsHtml(doc, locale) : '');

  // ----------------------------------------------------------------------------------- page
  const lang = locale === 'ru' ? 'ru' : 'en';
  return (
    '<!doctype html>\n' +
    `<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${htmlContentSecurityPolicy()}">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    '<meta name="referrer" content="no-referrer">\n' +
    '<meta name="generator" content="Marshrut">\n' +
    `<title>${esc(meta.title)}</title>\n` +
    `<style>${VIEWER_CSS}</style>\n</head>\n<body>\n` +
    `<div class="mv-screen" id="mv-screen">${header}` +
    `<noscript><p class="mv-noscript">${esc(h('noScript'))}</p></noscript>` +
    `<main class="mv-main">${mapSection}${side}</main></div>\n` +
    `${registerHtml}\n` +
    `<footer class="mv-footer">${esc(h('footer', { date: formatDate(now, locale) }))}</footer>\n` +
    `<script type="application/json" id="mv-data">${jsonForScript(data)}</script>\n` +
    `<script>${VIEWER_SCRIPT}</script>\n` +
    '</body>\n</html>\n'
  );
}

/** The comment threads as a table under the register (only when the export asks for them). */
function commentsHtml(doc: JourneyMap, locale: Locale): string {
  const tr = (key: string) => translate(locale, key);
  const rows = commentRows(doc, locale);
  const c = (key: string) => esc(tr(`exportComments.columns.${key}`));
  const body =
    rows.length === 0
      ? `<p class="mv-muted">${esc(tr('exportComments.none'))}</p>`
      : '<div class="mv-table-wrap"><table class="mv-table"><thead><tr>' +
        [c('element'), c('author'), c('time'), c('text'), c('status')].map((h) => `<th scope="col">${h}</th>`).join('') +
        '</tr></thead><tbody>' +
        rows
          .map(
            (r) =>
              `<tr><td>${esc(r.element)}</td><td>${esc([r.author, r.agency].filter(Boolean).join(', '))}</td><td>${esc(commentTime(r.at, locale))}</td>` +
              `<td>${r.reply ? `<span class="mv-muted">${esc(tr('exportComments.reply'))}:</span> ` : ''}${esc(r.text)}</td>` +
              `<td>${esc(tr(`exportComments.${r.resolved ? 'resolved' : 'open'}`))}</td></tr>`,
          )
          .join('') +
        '</tbody></table></div>';
  return `<section id="mv-comments" class="mv-register" aria-labelledby="mv-comments-title"><h2 id="mv-comments-title">${esc(tr('exportComments.heading'))}</h2>${body}</section>`;
}
