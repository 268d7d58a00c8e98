/**
 * The Comments tab (issue 6): the map's open threads (or all, with "Show resolved"), newest
 * activity first, each with what it is about, its first comment, the number of replies and the
 * time. A click selects and centres the element, as the health check does.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Thread } from '../../shared/model';
import { useController } from '../app/context';
import { nodeIdOf } from '../guidance/links';
import { useAppStore } from '../store';
import { openThreadTotal, targetName, useTimeFormat } from './CommentsShared';

const lastAt = (thread: Thread) => thread.comments[thread.comments.length - 1]?.at ?? '';

/** The number on the Comments tab: open threads. */
export function CommentsTabBadge() {
  const open = useAppStore((s) => openThreadTotal(s.doc.threads));
  if (open === 0) return null;
  return <span className="tab-badge comments-count">{open}</span>;
}

export function CommentsPanel() {
  const { t } = useTranslation();
  const doc = useAppStore((s) => s.doc);
  const select = useAppStore((s) => s.select);
  const controller = useController();
  const format = useTimeFormat();
  const [showResolved, setShowResolved] = useState(false);
  const open = openThreadTotal(doc.threads);
  const shown = useMemo(
    () => doc.threads.filter((x) => showResolved || !x.resolved).sort((a, b) => lastAt(b).localeCompare(lastAt(a))),
    [doc.threads, showResolved],
  );

  const focus = (thread: Thread) => {
    const { target } = thread;
    if (target.kind === 'map') {
      select({ nodes: [], edges: [] });
      return;
    }
    if (target.kind === 'flow') {
      const flow = doc.flows.find((f) => f.id === target.id);
      if (!flow) return;
      select({ nodes: [], edges: [flow.id] });
      controller.centre(flow.from);
      return;
    }
    const node = nodeIdOf({ kind: target.kind, id: target.id ?? '' });
    if (!node) return;
    select({ nodes: [node], edges: [] });
    controller.centre(node);
  };

  return (
    <section className="comments-panel" aria-label={t('comments.title')}>
      <h2>{t('comments.title')}</h2>
      <p className="muted" data-testid="comments-counts">
        {t('comments.counts', { open, resolved: doc.threads.length - open })}
      </p>
      <label className="thread-resolved show-resolved">
        <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} />
        {t('comments.showResolved')}
      </label>
      {doc.threads.length === 0 && <p className="hint">{t('comments.noneAtAll')}</p>}
      {doc.threads.length > 0 && shown.length === 0 && <p className="muted">{t('comments.noneOpen')}</p>}
      <ul className="thread-list">
        {shown.map((thread) => {
          const first = thread.comments[0];
          const name = targetName(doc, thread.target, t('comments.theMap')) ?? t('comments.gone');
          const time = format(lastAt(thread));
          return (
            <li key={thread.id} className={thread.resolved ? 'resolved' : ''} data-thread-id={thread.id}>
              <button type="button" className="thread-item" onClick={() => focus(thread)}>
                <span className="thread-target">
                  <span className="thread-kind">{t(`comments.kind.${thread.target.kind}`)}</span>
                  <span className="thread-name">{name}</span>
                </span>
                {first && (
                  <span className="thread-first">
                    <b>{first.author || t('comments.anonymous')}:</b> {first.text}
                  </span>
                )}
                <span className="thread-meta">
                  <span>{t('comments.replies', { count: thread.comments.length - 1 })}</span>
                  <time dateTime={lastAt(thread)} title={time.full}>
                    {time.short}
                  </time>
                  {thread.resolved && <span className="thread-done">✓ {t('comments.resolved')}</span>}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
