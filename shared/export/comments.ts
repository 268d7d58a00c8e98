/**
 * The map's comment threads as the exports show them when asked to (`comments: true`; they are
 * left out by default: comments are the working group's internal talk). One row per comment,
 * with the element it is about named in the user's language.
 */
import { translate, type Locale } from '../i18n';
import type { JourneyMap } from '../model';

export interface CommentRow {
  threadId: string;
  /** "Step “Pay the fee”", "The map". */
  element: string;
  author: string;
  agency: string;
  /** The comment's date and time as written in the file (ISO). */
  at: string;
  text: string;
  resolved: boolean;
  /** Whether it answers the thread's first comment. */
  reply: boolean;
}

export function commentRows(doc: JourneyMap, locale: Locale): CommentRow[] {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const names: Record<string, Map<string, string>> = {
    stage: new Map(doc.stages.map((s) => [s.id, s.title])),
    lane: new Map(doc.lanes.map((l) => [l.id, l.title])),
    step: new Map(doc.steps.map((s) => [s.id, s.title])),
    flow: new Map(doc.flows.map((f) => [f.id, f.label || f.id])),
    painPoint: new Map(doc.painPoints.map((p) => [p.id, p.title])),
    opportunity: new Map(doc.opportunities.map((o) => [o.id, o.title])),
  };
  const agency = new Map(doc.agencies.map((a) => [a.id, a.shortName.trim() || a.name]));
  const rows: CommentRow[] = [];
  for (const thread of doc.threads) {
    const { kind, id } = thread.target;
    const element =
      kind === 'map'
        ? t('exportComments.map')
        : t('exportComments.element', { kind: t(`exportComments.kinds.${kind}`), name: names[kind]?.get(id ?? '') ?? id ?? '' });
    thread.comments.forEach((c, i) =>
      rows.push({
        threadId: thread.id,
        element,
        author: c.author,
        agency: c.agencyId ? (agency.get(c.agencyId) ?? '') : '',
        at: c.at,
        text: c.text,
        resolved: thread.resolved,
        reply: i > 0,
      }),
    );
  }
  return rows;
}

/** The comment's local date and time ("12.03.2026, 13:05"); the text itself when it is not a time. */
export function commentTime(at: string, locale: Locale): string {
  const date = new Date(at);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(at) || Number.isNaN(date.getTime())) return at;
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' }).format(date);
}
