/**
 * A readable Markdown summary of a journey map: title, service, variant and persona; the
 * scorecard; the stages with their steps; the pain register sorted by severity; opportunities;
 * regulations; and the guidance sections the map refers to, with their links. A pure function of
 * the document, the language and the catalogs the app has.
 *
 * Every piece of user text is escaped, so a title like `| *x* [y](javascript:…) <script>` shows
 * as written and cannot break a table, make a link or inject HTML. Line breaks inside a table
 * cell become spaces.
 */
import { guidanceRefsOf, localized, resolveRef, sectionUrl, type GuidanceCatalog } from '../guidance/catalog';
import { translate, type Locale, type Params } from '../i18n';
import { computeScorecard, NUMERIC_METRICS } from '../model/metrics';
import type { JourneyMap } from '../model/types';
import { DocIndex } from './tables';
import { painRegister } from './docx/content';
import { commentRows, commentTime } from './comments';

export interface MarkdownOptions {
  locale: Locale;
  catalogs: readonly GuidanceCatalog[];
  /** Add the comment threads (left out by default). */
  comments?: boolean;
}

/** Characters with a meaning in (GitHub-flavoured) Markdown inside a line. */
const INLINE_SPECIAL = /[\\`*_{}[\]<>|~&#!$]/g;

/**
 * Text escaped for Markdown, on one line: line breaks (and other vertical space) become spaces,
 * every inline special character gets a backslash, and a line-start marker (`-`, `+`, `=`, `1.`)
 * is defused so the text cannot become a list or a heading.
 */
export function escapeMarkdown(text: string): string {
  const oneLine = text.replace(/[\r\n\u000b\u000c\u0085\u2028\u2029]+/g, ' ').replace(/\t/g, ' ');
  return oneLine.replace(INLINE_SPECIAL, '\\$&').replace(/^(\s*)([-+=]|\d+(?=[.)]))/, (_, space: string, marker: string) =>
    /^\d/.test(marker) ? `${space}${marker}\\` : `${space}\\${marker}`,
  );
}

/** A link target that is safe to print: http(s) only, with the characters that would end it encoded. */
export function markdownUrl(url: string): string | null {
  const trimmed = url.trim();
  if (!/^https?:\/\//i.test(trimmed)) return null;
  return trimmed.replace(/[\s()<>[\]|`*_\\]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[text](url)`, or just the escaped text when the URL is not a web link. */
export function markdownLink(text: string, url: string | undefined): string {
  const safe = url ? markdownUrl(url) : null;
  return safe ? `[${escapeMarkdown(text)}](${safe})` : escapeMarkdown(text);
}

/** A GFM table; cells are already escaped. Columns listed in `right` are right-aligned. */
function table(headers: string[], rows: string[][], right: ReadonlySet<number> = new Set()): string {
  const line = (cells: string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
  const rule = `|${headers.map((_, i) => (right.has(i) ? ' ---: ' : ' --- ')).join('|')}|`;
  return [line(headers.map(escapeMarkdown)), rule, ...rows.map(line)].join('\n');
}

/** The map as a Markdown document (LF line ends, a final newline). */
export function exportMarkdown(doc: JourneyMap, options: MarkdownOptions): string {
  const { locale, catalogs } = options;
  const tr = (key: string, params: Params = {}) => translate(locale, key, params);
  const t = (key: string, params: Params = {}) => tr(`exportTables.${key}`, params);
  const col = (key: string) => t(`columns.${key}`);
  const e = escapeMarkdown;
  const numberFormat = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 2 });
  const num = (value: number | undefined) => (value === undefined ? '' : numberFormat.format(value));
  const index = new DocIndex(doc);
  const names = (map: Map<string, string>, ids: readonly string[]) => e(index.names(map, ids).join('; '));
  const out: string[] = [];
  const para = (text: string) => out.push(text, '');

  // ----------------------------------------------------------------------------- title block
  para(`# ${e(doc.meta.title)}`);
  const facts: string[] = [];
  if (doc.meta.service.trim()) facts.push(`**${e(t('markdown.service'))}:** ${e(doc.meta.service)}`);
  facts.push(`**${e(t('markdown.variant'))}:** ${e(tr(`variant.${doc.meta.variant}`))}`);
  for (const persona of doc.personas) {
    const about = persona.description.trim() ? ` — ${e(persona.description)}` : '';
    facts.push(`**${e(t('markdown.persona'))}:** ${e(persona.name)}${about}`);
  }
  if (doc.meta.authors.length > 0) facts.push(`**${e(t('markdown.authors'))}:** ${e(doc.meta.authors.join(', '))}`);
  if (doc.meta.modified) facts.push(`**${e(t('markdown.modified'))}:** ${e(doc.meta.modified.slice(0, 10))}`);
  para(facts.join('  \n'));
  if (doc.meta.description.trim()) {
    for (const paragraph of doc.meta.description.split(/\n\s*\n/)) if (paragraph.trim()) para(e(paragraph.trim()));
  }

  // ------------------------------------------------------------------------------- scorecard
  const card = computeScorecard(doc);
  para(`## ${e(t('markdown.scorecard'))}`);
  para(table([col('metric'), col('value')], NUMERIC_METRICS.map((key) => [e(tr(`metrics.${key}`)), num(card[key])]), new Set([1])));
  para(`### ${e(tr('metrics.painPointsBySeverity'))}`);
  para(
    table(
      [col('severity'), col('count')],
      (['5', '4', '3', '2', '1'] as const).map((s) => [s, num(card.painPointsBySeverity[s])]),
      new Set([0, 1]),
    ),
  );
  const byAgency = Object.entries(card.painPointsByAgency).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (byAgency.length > 0) {
    para(`### ${e(tr('metrics.painPointsByAgency'))}`);
    para(table([col('agencies'), col('count')], byAgency.map(([agency, count]) => [e(agency), num(count)]), new Set([1])));
  }

  // ---------------------------------------------------------------------------------- stages
  para(`## ${e(t('markdown.stages'))}`);
  const stepsByStage = new Map<string, JourneyMap['steps']>();
  for (const step of index.orderedSteps()) {
    const list = stepsByStage.get(step.stageId) ?? [];
    list.push(step);
    stepsByStage.set(step.stageId, list);
  }
  doc.stages.forEach((stage, i) => {
    para(`### ${i + 1}. ${e(stage.title)}`);
    if (stage.description.trim()) para(e(stage.description.trim()));
    const steps = stepsByStage.get(stage.id) ?? [];
    if (steps.length === 0) {
      para(e(t('markdown.noSteps')));
      return;
    }
    para(
      table(
        [col('step'), col('lane'), col('agencies'), col('channel'), col('visit'), col('wait'), col('service'), col('leadDays'), col('cost')],
        steps.map((s) => [
          e(s.title),
          e(index.laneTitle.get(s.laneId) ?? ''),
          names(index.agencyName, s.agencyIds),
          s.channel ? e(tr(`channel.${s.channel}`)) : '',
          s.inPerson === undefined ? '' : e(t(s.inPerson ? 'yes' : 'no')),
          num(s.waitMinutes),
          num(s.serviceMinutes),
          num(s.leadTimeDays),
          num(s.costRub),
        ]),
        new Set([5, 6, 7, 8]),
      ),
    );
  });

  // ---------------------------------------------------------------------------- pain register
  para(`## ${e(t('markdown.painRegister'))}`);
  if (doc.painPoints.length === 0) para(e(t('markdown.none')));
  else {
    const sorted = painRegister(doc).map((p) => ({ p }));
    para(
      table(
        ['#', col('severity'), col('title'), col('step'), col('stage'), col('agencies'), col('cause'), col('owner'), col('status')],
        sorted.map(({ p }, n) => {
          const stageId = index.painStageId(p);
          return [
            String(n + 1),
            String(p.severity),
            e(p.title),
            p.stepId ? e(index.step.get(p.stepId)?.title ?? p.stepId) : '',
            stageId ? e(index.stageTitle.get(stageId) ?? '') : '',
            names(index.agencyName, p.agencyIds),
            p.cause ? e(tr(`cause.${p.cause}`)) : '',
            p.ownerAgencyId ? e(index.agencyName.get(p.ownerAgencyId) ?? '') : '',
            e(tr(`painStatus.${p.status}`)),
          ];
        }),
        new Set([0, 1]),
      ),
    );
  }

  // ---------------------------------------------------------------------------- opportunities
  para(`## ${e(t('markdown.opportunities'))}`);
  if (doc.opportunities.length === 0) para(e(t('markdown.none')));
  else {
    const painTitle = new Map(doc.painPoints.map((p) => [p.id, p.title]));
    para(
      table(
        [col('title'), col('painPoints'), col('owner'), col('effort'), col('impact'), col('status')],
        doc.opportunities.map((o) => [
          e(o.title),
          names(painTitle, o.painPointIds),
          o.ownerAgencyId ? e(index.agencyName.get(o.ownerAgencyId) ?? '') : '',
          num(o.effort),
          num(o.impact),
          e(tr(`opportunityStatus.${o.status}`)),
        ]),
        new Set([3, 4]),
      ),
    );
  }

  // ------------------------------------------------------------------------------ regulations
  para(`## ${e(t('markdown.regulations'))}`);
  if (doc.regulations.length === 0) para(e(t('markdown.none')));
  else {
    para(
      table(
        [col('title'), col('kind'), col('number'), col('date'), col('article')],
        doc.regulations.map((r) => [markdownLink(r.title, r.url), e(tr(`regulationKind.${r.kind}`)), e(r.number), e(r.date), e(r.article)]),
      ),
    );
  }

  // --------------------------------------------------------------------------------- guidance
  para(`## ${e(t('markdown.guidance'))}`);
  const refs = new Map<string, { catalog: string; section: string; from: string[] }>();
  const elementName = (kind: string, id: string): string => {
    if (kind === 'map') return t('markdown.map');
    if (kind === 'stage') return index.stageTitle.get(id) ?? id;
    if (kind === 'step') return index.step.get(id)?.title ?? id;
    if (kind === 'painPoint') return index.pain.get(id)?.title ?? id;
    return index.opportunityTitle.get(id) ?? id;
  };
  for (const { element, ref } of guidanceRefsOf(doc)) {
    const key = `${ref.catalog}\u0000${ref.section}`;
    const entry = refs.get(key) ?? { catalog: ref.catalog, section: ref.section, from: [] };
    const name = elementName(element.kind, element.id);
    if (!entry.from.includes(name)) entry.from.push(name);
    refs.set(key, entry);
  }
  if (refs.size === 0) para(e(t('markdown.none')));
  else {
    const MAX_FROM = 10;
    para(
      table(
        [col('section'), col('catalog'), col('linkedFrom')],
        [...refs.values()].map((r) => {
          const { catalog, section } = resolveRef(catalogs, r);
          let sectionCell: string;
          if (catalog && section) sectionCell = markdownLink(`${section.id} ${localized(section.title, locale)}`, sectionUrl(catalog, section));
          else if (catalog) sectionCell = `${e(r.section)} (${e(t('markdown.missingSection', { section: r.section }))})`;
          else sectionCell = `${e(r.section)} (${e(t('markdown.missingCatalog', { catalog: r.catalog }))})`;
          const from = r.from.slice(0, MAX_FROM).join('; ') + (r.from.length > MAX_FROM ? ` … (+${r.from.length - MAX_FROM})` : '');
          return [sectionCell, catalog ? markdownLink(localized(catalog.title, locale), catalog.baseUrl) : e(r.catalog), e(from)];
        }),
      ),
    );
  }

  if (options.comments) {
    para(`## ${e(tr('exportComments.heading'))}`);
    const rows = commentRows(doc, locale);
    const c = (key: string) => e(tr(`exportComments.columns.${key}`));
    if (rows.length === 0) para(e(tr('exportComments.none')));
    else {
      para(
        table(
          [c('element'), c('author'), c('time'), c('text'), c('status')],
          rows.map((r) => [
            e(r.element),
            e([r.author, r.agency].filter(Boolean).join(', ')),
            e(commentTime(r.at, locale)),
            `${r.reply ? `${e(`(${tr('exportComments.reply')})`)} ` : ''}${e(r.text.replace(/\s+/g, ' '))}`,
            e(tr(`exportComments.${r.resolved ? 'resolved' : 'open'}`)),
          ]),
        ),
      );
    }
  }

  out.push('---', '', `*${e(t('markdown.footer'))}*`, '');
  return out.join('\n');
}
