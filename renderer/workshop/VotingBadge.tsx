/**
 * The dots on a pain-point or opportunity card: during an open round, the dots it has (or, when
 * the round hides them, ticks for the current participant's own dots only); after a round, the
 * votes it got, muted. Subscribes to the store itself, so the memoised card is not re-rendered.
 */
import { useFixedT } from '../i18n';
import { openRound, type VotingRound } from '../../shared/model';
import { useAppStore } from '../store';
import { useWorkshopUi } from './VotingState';
import './voting.css';

type Votable = readonly { id: string; votes?: number }[];
const votesById = new WeakMap<Votable, Map<string, number>>();
/** Stored votes by item id, made once per collection (every badge reads it at every store change). */
function storedVotes(items: Votable): Map<string, number> {
  let index = votesById.get(items);
  if (!index) {
    index = new Map(items.map((x) => [x.id, x.votes ?? 0]));
    votesById.set(items, index);
  }
  return index;
}

export function VoteBadge({ target, itemId }: { target: VotingRound['target']; itemId: string }) {
  const t = useFixedT();
  const round = useAppStore((s) => openRound(s.doc));
  const voterId = useWorkshopUi((s) => s.voterId);
  const stored = useAppStore((s) => storedVotes(target === 'painPoints' ? s.doc.painPoints : s.doc.opportunities).get(itemId) ?? 0);
  if (round && round.target === target) {
    if (round.hidden) {
      const mine = voterId ? round.votes.filter((v) => v.itemId === itemId && v.participantId === voterId).length : 0;
      return (
        <span className={`vote-badge vote-badge-hidden ${mine > 0 ? '' : 'vote-badge-empty'}`} data-testid="vote-badge" data-mine={mine} title={t('voting.cardVoted', { count: mine })}>
          {mine > 0 ? `✓${mine > 1 ? ` ${mine}` : ''}` : '·'}
        </span>
      );
    }
    const dots = round.votes.filter((v) => v.itemId === itemId).length;
    return (
      <span className={`vote-badge ${dots > 0 ? '' : 'vote-badge-empty'}`} data-testid="vote-badge" data-dots={dots} title={t('voting.cardDots', { count: dots })}>
        <i className="vote-badge-dot" aria-hidden="true" />
        {dots}
      </span>
    );
  }
  if (round || stored <= 0) return null;
  return (
    <span className="vote-badge vote-badge-result" data-testid="vote-badge" data-votes={stored} title={t('voting.cardVotes', { count: stored })}>
      <i className="vote-badge-dot" aria-hidden="true" />
      {stored}
    </span>
  );
}
