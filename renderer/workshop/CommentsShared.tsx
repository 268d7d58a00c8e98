/**
 * What the comment views share (issue 6): the open-thread counts per element (computed once per
 * `threads` array, so a card's badge re-renders only when its own number changes), the author
 * remembered by the browser, names of comment targets and localized times, and the badge.
 */
import { memo, useCallback, useState } from 'react';
import { useFixedT } from '../i18n';
import { useTranslation } from 'react-i18next';
import type { CommentTarget, JourneyMap, Thread } from '../../shared/model';
import { useAppStore } from '../store';
import type { Selection } from '../store/types';
import './workshop.css';

// ------------------------------------------------------------------------ open counts
const countsCache = new WeakMap<readonly Thread[], Map<string, number>>();
const targetKey = (target: CommentTarget) => (target.kind === 'map' ? 'map' : `${target.kind}:${target.id ?? ''}`);

/** Open threads per target (`kind:id`, or `map`), memoised per threads array. */
export function openThreadCounts(threads: readonly Thread[]): Map<string, number> {
  let counts = countsCache.get(threads);
  if (!counts) {
    counts = new Map();
    for (const thread of threads) {
      if (thread.resolved) continue;
      const key = targetKey(thread.target);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    countsCache.set(threads, counts);
  }
  return counts;
}

export const openThreadCount = (threads: readonly Thread[], target: CommentTarget) => openThreadCounts(threads).get(targetKey(target)) ?? 0;

/** All open threads of the map. */
export const openThreadTotal = (threads: readonly Thread[]) => threads.reduce((n, t) => n + (t.resolved ? 0 : 1), 0);

function SpeechBubble({ size = 11 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
      <path d="M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H10l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z" />
    </svg>
  );
}

/** The speech bubble on a card with the number of its open threads (nothing when there are none). */
export const CommentBadge = memo(function CommentBadge({ kind, id }: { kind: 'step' | 'painPoint' | 'opportunity'; id: string }) {
  const count = useAppStore((s) => openThreadCount(s.doc.threads, { kind, id }));
  const t = useFixedT();
  if (count === 0) return null;
  return (
    <span className="comment-badge" data-testid="comment-badge" title={t('comments.badge', { count })} aria-label={t('comments.badge', { count })}>
      <SpeechBubble />
      {count}
    </span>
  );
});

// ----------------------------------------------------------------------- targets
/** What the inspector shows: the one selected element, the map when nothing is, null for several. */
export function targetOfSelection(doc: JourneyMap, selection: Selection): CommentTarget | null {
  const count = selection.nodes.length + selection.edges.length;
  if (count === 0) return { kind: 'map' };
  if (count > 1) return null;
  const edge = selection.edges[0];
  if (edge !== undefined) return doc.flows.some((f) => f.id === edge) ? { kind: 'flow', id: edge } : null;
  const node = selection.nodes[0] as string;
  const [kind, id] = node.startsWith('stage:')
    ? (['stage', node.slice(6)] as const)
    : node.startsWith('lane:')
      ? (['lane', node.slice(5)] as const)
      : node.startsWith('pain:')
        ? (['painPoint', node.slice(5)] as const)
        : node.startsWith('opp:')
          ? (['opportunity', node.slice(4)] as const)
          : (['step', node] as const);
  const list: { id: string }[] = { stage: doc.stages, lane: doc.lanes, painPoint: doc.painPoints, opportunity: doc.opportunities, step: doc.steps }[kind];
  return list.some((x) => x.id === id) ? { kind, id } : null;
}

/** The name of what a thread is about, or null when that element is gone. */
export function targetName(doc: JourneyMap, target: CommentTarget, mapLabel: string): string | null {
  const id = target.id;
  switch (target.kind) {
    case 'map':
      return doc.meta.title || mapLabel;
    case 'stage':
      return doc.stages.find((x) => x.id === id)?.title ?? null;
    case 'lane':
      return doc.lanes.find((x) => x.id === id)?.title ?? null;
    case 'step':
      return doc.steps.find((x) => x.id === id)?.title ?? null;
    case 'painPoint':
      return doc.painPoints.find((x) => x.id === id)?.title ?? null;
    case 'opportunity':
      return doc.opportunities.find((x) => x.id === id)?.title ?? null;
    case 'flow': {
      const flow = doc.flows.find((x) => x.id === id);
      if (!flow) return null;
      const title = (stepId: string) => doc.steps.find((s) => s.id === stepId)?.title ?? '?';
      return `${title(flow.from)} → ${title(flow.to)}`;
    }
  }
}

/** A comment's time in the UI language: short, and in full for the tooltip. */
export function useTimeFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'ru-RU';
  return useCallback(
    (iso: string) => {
      const date = new Date(iso);
      if (Number.isNaN(date.getTime())) return { short: iso, full: iso };
      return {
        short: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(date),
        full: new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(date),
      };
    },
    [locale],
  );
}

// ---------------------------------------------------------------------- identity
export const AUTHOR_KEY = 'marshrut.commentAuthor';
export const AGENCY_KEY = 'marshrut.commentAgency';

function stored(key: string): string {
  try {
    return (typeof localStorage !== 'undefined' && localStorage.getItem(key)) || '';
  } catch {
    return '';
  }
}

function store(key: string, value: string) {
  try {
    if (typeof localStorage === 'undefined') return;
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    // Storage refused (private mode, quota): the name is simply not remembered.
  }
}

/** The commenter's name and agency, remembered by the browser for the next comment and session. */
export function useCommentIdentity(doc: JourneyMap) {
  const [author, setAuthorState] = useState(() => stored(AUTHOR_KEY));
  const [agency, setAgencyState] = useState(() => stored(AGENCY_KEY));
  const setAuthor = useCallback((value: string) => {
    setAuthorState(value);
    store(AUTHOR_KEY, value.trim());
  }, []);
  const setAgency = useCallback((value: string) => {
    setAgencyState(value);
    store(AGENCY_KEY, value);
  }, []);
  // An agency remembered from another map is not offered here.
  const agencyId = doc.agencies.some((a) => a.id === agency) ? agency : '';
  return { author, setAuthor, agencyId, setAgency };
}

/** A stored name for code outside React (quick capture's questions). */
export const rememberedAuthor = () => stored(AUTHOR_KEY).trim();
