/**
 * Comment threads in the inspector (issue 6): those of the selected element, or of the map when
 * nothing is selected. Write, reply, resolve and delete — each one undo step.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import {
  addThread,
  deleteComment,
  newId,
  replyToThread,
  setThreadResolved,
  threadsFor,
  type Comment,
  type CommentTarget,
  type JourneyMap,
  type Thread,
} from '../../shared/model';
import { useAppStore } from '../store';
import type { StoreState } from '../store/types';
import { targetOfSelection, useCommentIdentity, useTimeFormat } from './CommentsShared';

const selectDocAndSelection = (s: StoreState) => ({ doc: s.doc, selection: s.selection });

/** The comments of whatever the inspector shows (nothing when several elements are selected). */
export function InspectorComments() {
  const { doc, selection } = useAppStore(useShallow(selectDocAndSelection));
  const target = targetOfSelection(doc, selection);
  if (!target) return null;
  return <CommentsSection key={`${target.kind}:${target.id ?? ''}`} doc={doc} target={target} />;
}

function AgencyChip({ doc, agencyId }: { doc: JourneyMap; agencyId: string | undefined }) {
  const agency = agencyId ? doc.agencies.find((a) => a.id === agencyId) : undefined;
  if (!agency) return null;
  return (
    <span className="comment-agency" title={agency.name}>
      <i className="agency-dot" style={{ background: agency.color }} />
      {agency.shortName || agency.name}
    </span>
  );
}

function CommentView({ doc, thread, comment }: { doc: JourneyMap; thread: Thread; comment: Comment }) {
  const { t } = useTranslation();
  const apply = useAppStore((s) => s.apply);
  const time = useTimeFormat()(comment.at);
  return (
    <li className="comment" data-comment-id={comment.id}>
      <div className="comment-head">
        <span className="comment-who">
          <strong className="comment-author">{comment.author || t('comments.anonymous')}</strong>
          <AgencyChip doc={doc} agencyId={comment.agencyId} />
        </span>
        <time className="comment-time" dateTime={comment.at} title={time.full}>
          {time.short}
        </time>
        <button
          type="button"
          className="comment-delete"
          title={t('comments.delete')}
          aria-label={t('comments.delete')}
          onClick={() => apply((d) => deleteComment(d, { threadId: thread.id, commentId: comment.id }))}
        >
          ×
        </button>
      </div>
      <p className="comment-text">{comment.text}</p>
    </li>
  );
}

interface Identity {
  author: string;
  agencyId: string;
}

const newComment = (text: string, who: Identity): Comment => ({
  id: newId('comment'),
  author: who.author.trim(),
  text: text.trim(),
  at: new Date().toISOString(),
  ...(who.agencyId ? { agencyId: who.agencyId } : {}),
});

function ThreadView({ doc, thread, who }: { doc: JourneyMap; thread: Thread; who: Identity }) {
  const { t } = useTranslation();
  const apply = useAppStore((s) => s.apply);
  const [replying, setReplying] = useState(false);
  const [text, setText] = useState('');
  const send = () => {
    if (!text.trim()) return;
    if (apply((d) => replyToThread(d, { threadId: thread.id, comment: newComment(text, who) }))) {
      setText('');
      setReplying(false);
    }
  };
  return (
    <article className={`comment-thread ${thread.resolved ? 'resolved' : ''}`} data-thread-id={thread.id} data-testid="comment-thread">
      <ul className="comment-list">
        {thread.comments.map((c) => (
          <CommentView key={c.id} doc={doc} thread={thread} comment={c} />
        ))}
      </ul>
      <div className="thread-actions">
        <label className="thread-resolved" title={t('comments.resolvedTitle')}>
          <input
            type="checkbox"
            checked={thread.resolved}
            onChange={(e) => apply((d) => setThreadResolved(d, { threadId: thread.id, resolved: e.target.checked }))}
          />
          {t('comments.resolved')}
        </label>
        {!replying && (
          <button type="button" className="link" onClick={() => setReplying(true)}>
            {t('comments.reply')}
          </button>
        )}
      </div>
      {replying && (
        <div className="reply-composer">
          <CommentBox
            label={t('comments.replyPlaceholder')}
            rows={2}
            value={text}
            onChange={setText}
            submitLabel={t('comments.sendReply')}
            onSubmit={send}
            onCancel={() => setReplying(false)}
          />
        </div>
      )}
    </article>
  );
}

export function CommentsSection({ doc, target }: { doc: JourneyMap; target: CommentTarget }) {
  const { t } = useTranslation();
  const apply = useAppStore((s) => s.apply);
  const { author, setAuthor, agencyId, setAgency } = useCommentIdentity(doc);
  const [text, setText] = useState('');
  const [composing, setComposing] = useState(false);
  const threads = threadsFor(doc, target);
  const open = threads.filter((x) => !x.resolved).length;
  const who = { author, agencyId };
  const add = () => {
    if (!text.trim()) return;
    if (apply((d) => addThread(d, { id: newId('thread'), target, comment: newComment(text, who) }))) {
      setText('');
      setComposing(false);
    }
  };
  return (
    <section className="comments-section" data-testid="comments-section" aria-label={t('comments.sectionOf')}>
      <h3>
        {t('comments.section')}
        {open > 0 && <span className="tab-badge comments-count">{open}</span>}
      </h3>
      {threads.length === 0 && <p className="muted">{t('comments.none')}</p>}
      {threads.map((thread) => (
        <ThreadView key={thread.id} doc={doc} thread={thread} who={who} />
      ))}
      {!composing && (
        <button type="button" className="comment-open" onClick={() => setComposing(true)}>
          + {t('comments.write')}
        </button>
      )}
      {composing && (
        <div className="comment-composer">
          <div className="field-grid">
            <label className="field">
              <span className="field-label">{t('comments.yourName')}</span>
              <input type="text" value={author} maxLength={300} onChange={(e) => setAuthor(e.target.value)} />
            </label>
            <label className="field">
              <span className="field-label">{t('comments.agency')}</span>
              <select value={agencyId} onChange={(e) => setAgency(e.target.value)}>
                <option value="">{t('comments.noAgency')}</option>
                {doc.agencies.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.shortName || a.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <CommentBox
            label={t('comments.placeholder')}
            rows={3}
            value={text}
            onChange={setText}
            submitLabel={t('comments.add')}
            onSubmit={add}
            onCancel={() => setComposing(false)}
          />
        </div>
      )}
    </section>
  );
}

/** A comment's text box with its send and cancel buttons; Escape cancels. */
function CommentBox(props: {
  label: string;
  rows: number;
  value: string;
  onChange(text: string): void;
  submitLabel: string;
  onSubmit(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <textarea
        aria-label={props.label}
        placeholder={props.label}
        value={props.value}
        rows={props.rows}
        maxLength={20000}
        autoFocus
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            props.onCancel();
          }
        }}
      />
      <div className="button-row">
        <button type="button" className="primary" disabled={!props.value.trim()} onClick={props.onSubmit}>
          {props.submitLabel}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('comments.cancel')}
        </button>
      </div>
    </>
  );
}
