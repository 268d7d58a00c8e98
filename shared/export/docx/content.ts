/**
 * What the DOCX report says, independent of how Word lays it out: the strings cleaned for XML,
 * numbers and dates in the report's language, the pain register's order, the regulations to
 * change and the guidance sections the map refers to. Pure functions of the document.
 */
import { guidanceRefsOf, localized, resolveRef, sectionUrl, type GuidanceCatalog } from '../../guidance/catalog';
import { translate, type Locale, type Params } from '../../i18n';
import type { Evidence, GuidanceRef, JourneyMap, PainPoint, Regulation, Step } from '../../model';

/**
 * Removes what XML 1.0 cannot hold at all: control characters other than tab, line feed and
 * carriage return, lone surrogates, U+FFFE and U+FFFF. Everything else is escaped by docx.
 */
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
export function xmlSafe(text: string | undefined | null): string {
  return (text ?? '').replace(INVALID_XML, '');
}

/** The lines of a text as typed (CR LF, CR and LF all end a line), XML-safe; a line break in Word between each two. */
export function textLines(text: string | undefined | null): string[] {
  return xmlSafe(text).replace(/\r\n?/g, '\n').split('\n');
}

/** The lines of a text that hold something, trimmed: one paragraph each. */
export function filledLines(text: string | undefined | null): string[] {
  return textLines(text)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** A translator for the report: every string it returns is already XML-safe. */
export type Translate = (key: string, params?: Params) => string;
export function translator(locale: Locale): Translate {
  return (key, params = {}) => {
    const clean: Params = {};
    for (const [name, value] of Object.entries(params)) clean[name] = typeof value === 'string' ? xmlSafe(value) : value;
    return xmlSafe(translate(locale, key, clean));
  };
}

/** Only http(s) links become hyperlinks; anything else (javascript:, file:, smb:) stays text. */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(url.trim());
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 2 }).format(value);
}

/** A signed difference with a real minus sign: +2, −3, 0. */
export function formatDelta(value: number, locale: Locale): string {
  if (value === 0) return '0';
  const abs = formatNumber(Math.abs(value), locale);
  return value > 0 ? `+${abs}` : `\u2212${abs}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 31.12.2025 (ru) or 31 December 2025 (en), from the local calendar date. */
export function formatDate(date: Date, locale: Locale): string {
  if (locale === 'ru') return `${pad(date.getDate())}.${pad(date.getMonth() + 1)}.${date.getFullYear()}`;
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

/** A date stored as text ("2014-10-24"): ISO dates in the report's style, anything else as written. */
export function formatStoredDate(text: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return xmlSafe(text.trim());
  const [, y, mo, d] = m;
  if (locale === 'ru') return `${d}.${mo}.${y}`;
  return formatDate(new Date(Number(y), Number(mo) - 1, Number(d)), locale);
}

export interface ReportLookups {
  agencyLabel: (id: string) => string;
  agencyFullName: (id: string) => string;
  documentName: (id: string) => string;
  evidence: Map<string, Evidence>;
  regulations: Map<string, Regulation>;
  steps: Map<string, Step>;
}

export function lookups(doc: JourneyMap): ReportLookups {
  const agencies = new Map(doc.agencies.map((a) => [a.id, a]));
  const documents = new Map(doc.documents.map((d) => [d.id, d]));
  return {
    agencyLabel: (id) => {
      const a = agencies.get(id);
      return xmlSafe(a ? a.shortName.trim() || a.name : id);
    },
    agencyFullName: (id) => xmlSafe(agencies.get(id)?.name ?? id),
    documentName: (id) => xmlSafe(documents.get(id)?.name ?? id),
    evidence: new Map(doc.evidence.map((e) => [e.id, e])),
    regulations: new Map(doc.regulations.map((r) => [r.id, r])),
    steps: new Map(doc.steps.map((s) => [s.id, s])),
  };
}

/**
 * One evidence item as the report shows it: kind, source, date and the note (cut to `maxNote`
 * characters: a register row is no place for a whole interview), except that the note of
 * evidence with personal data (152-FZ) is never given.
 */
export function evidenceLine(e: Evidence, t: Translate, maxNote = 200): string {
  const parts = [t(`evidenceKind.${e.kind}`)];
  const source = xmlSafe(e.source).trim();
  if (source) parts.push(source);
  if (e.personalData) return `${parts.join(', ')} (${t('report.personalData')})`;
  if (e.date.trim()) parts.push(xmlSafe(e.date).trim());
  const full = xmlSafe(e.note).trim().replace(/\s+/g, ' ');
  const chars = [...full];
  const note = chars.length > maxNote ? `${chars.slice(0, maxNote - 1).join('').trimEnd()}…` : full;
  return note ? `${parts.join(', ')}: ${note}` : parts.join(', ');
}

/**
 * The pain register's order: most votes first (a closed voting round ranks it), then most severe;
 * otherwise the document's order.
 */
export function painRegister(doc: JourneyMap): PainPoint[] {
  return doc.painPoints
    .map((pain, index) => ({ pain, index }))
    .sort((a, b) => b.pain.votes - a.pain.votes || b.pain.severity - a.pain.severity || a.index - b.index)
    .map((x) => x.pain);
}

export interface RegulationUse {
  regulation: Regulation;
  /** Register numbers (1-based) of the pain points that refer to it. */
  painNumbers: number[];
  /** Steps that refer to it. */
  steps: Step[];
}

/**
 * The regulations the map asks to change: those referred to by pain points first (in the pain
 * register's order), then those referred to only by steps (in the document's order).
 */
export function regulationsToChange(doc: JourneyMap, register: readonly PainPoint[]): RegulationUse[] {
  const byId = new Map(doc.regulations.map((r) => [r.id, r]));
  const uses = new Map<string, RegulationUse>();
  const use = (id: string): RegulationUse | undefined => {
    const regulation = byId.get(id);
    if (!regulation) return undefined;
    let u = uses.get(id);
    if (!u) {
      u = { regulation, painNumbers: [], steps: [] };
      uses.set(id, u);
    }
    return u;
  };
  register.forEach((pain, i) => {
    for (const id of new Set(pain.regulationIds)) use(id)?.painNumbers.push(i + 1);
  });
  for (const step of doc.steps) for (const id of new Set(step.regulationIds)) use(id)?.steps.push(step);
  return [...uses.values()];
}

/** "Federal law No. 196-FZ of 10 December 1995" / «Федеральный закон от 10.12.1995 № 196-ФЗ». */
export function regulationDetails(r: Regulation, t: Translate, locale: Locale): string {
  const kind = t(`regulationKind.${r.kind}`);
  const number = xmlSafe(r.number).trim();
  const date = r.date.trim() ? formatStoredDate(r.date, locale) : '';
  let head = kind;
  if (number && date) head = t('report.regulation', { kind, number, date });
  else if (number) head = t('report.regulationNoDate', { kind, number });
  else if (date) head = t('report.regulationDateOnly', { kind, date });
  const article = xmlSafe(r.article).trim();
  return article ? `${head}, ${t('report.article', { article })}` : head;
}

export interface ReferencedSection {
  ref: GuidanceRef;
  /** Section title in the report's language, when the app has the section. */
  title?: string;
  /** Where the link opens: the section's own page, else the catalog's root. */
  url?: string;
  urlConfirmed: boolean;
  /** Phrases naming the elements that refer to it ("step “X”"). */
  usedBy: string[];
}

/** Every distinct guidance section the map refers to, in the order they first appear. */
export function referencedSections(doc: JourneyMap, catalogs: readonly GuidanceCatalog[], locale: Locale, t: Translate): ReferencedSection[] {
  const names = {
    stage: new Map(doc.stages.map((s) => [s.id, s.title])),
    step: new Map(doc.steps.map((s) => [s.id, s.title])),
    painPoint: new Map(doc.painPoints.map((p) => [p.id, p.title])),
    opportunity: new Map(doc.opportunities.map((o) => [o.id, o.title])),
  };
  const out = new Map<string, ReferencedSection>();
  for (const { element, ref } of guidanceRefsOf(doc)) {
    const key = `${ref.catalog}\u0000${ref.section}`;
    let entry = out.get(key);
    if (!entry) {
      const { catalog, section } = resolveRef(catalogs, ref);
      entry = { ref, urlConfirmed: false, usedBy: [] };
      if (catalog && section) {
        entry.title = xmlSafe(localized(section.title, locale));
        entry.url = sectionUrl(catalog, section);
        entry.urlConfirmed = section.url !== undefined && section.urlConfirmed;
      } else if (catalog) entry.url = catalog.baseUrl;
      out.set(key, entry);
    }
    const phrase =
      element.kind === 'map'
        ? t('report.mapElement')
        : t(`report.${element.kind === 'painPoint' ? 'pain' : element.kind}Element`, { name: names[element.kind].get(element.id) ?? element.id });
    if (!entry.usedBy.includes(phrase)) entry.usedBy.push(phrase);
  }
  return [...out.values()];
}
