/**
 * Always mounted next to the editor: during a round, a click on a card on the canvas casts the
 * current participant's dot and a right-click takes one back (instead of selecting the card);
 * a banner over the canvas says who is voting; and the workshop dialogs (round setup, tally,
 * read-only baseline).
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { openRound, votesLeft } from '../../shared/model';
import { useAppStore } from '../store';
import { BaselineViewer } from './BaselinesViewer';
import { VotingSetup } from './VotingSetup';
import { VotingTally } from './VotingTally';
import { castDot, takeDot, useWorkshopUi } from './VotingState';
import './voting.css';

/** The item a canvas event is about, when a round is open and someone is voting. */
function votedItem(event: MouseEvent): string | null {
  const round = openRound(useAppStore.getState().doc);
  const { voterId } = useWorkshopUi.getState();
  if (!round || !voterId || !round.participants.some((p) => p.id === voterId)) return null;
  const target = event.target instanceof Element ? event.target : null;
  if (!target?.closest('.canvas')) return null;
  const attribute = round.target === 'painPoints' ? 'data-pain-id' : 'data-opportunity-id';
  return target.closest(`[${attribute}]`)?.getAttribute(attribute) ?? null;
}

function VotingBanner() {
  const { t } = useTranslation();
  const round = useAppStore((s) => openRound(s.doc));
  const voterId = useWorkshopUi((s) => s.voterId);
  const presenting = useAppStore((s) => s.presenting !== null);
  if (!round || presenting) return null;
  const voter = round.participants.find((p) => p.id === voterId);
  return (
    <div className="voting-banner" role="status" data-testid="voting-banner">
      <i className="vote-badge-dot" aria-hidden="true" />
      {voter ? t('voting.banner', { name: voter.name, count: votesLeft(round, voter.id) }) : t('voting.bannerNoVoter')}
    </div>
  );
}

export function VotingLayer() {
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const itemId = votedItem(event);
      if (!itemId) return;
      event.preventDefault();
      event.stopPropagation();
      castDot(useAppStore, itemId);
    };
    const onContextMenu = (event: MouseEvent) => {
      const itemId = votedItem(event);
      if (!itemId) return;
      event.preventDefault();
      event.stopPropagation();
      takeDot(useAppStore, itemId);
    };
    window.addEventListener('click', onClick, true);
    window.addEventListener('contextmenu', onContextMenu, true);
    return () => {
      window.removeEventListener('click', onClick, true);
      window.removeEventListener('contextmenu', onContextMenu, true);
    };
  }, []);
  // A voter removed (or a round undone) is no longer voting.
  const round = useAppStore((s) => openRound(s.doc));
  const voterId = useWorkshopUi((s) => s.voterId);
  useEffect(() => {
    if (voterId && !round?.participants.some((p) => p.id === voterId)) useWorkshopUi.getState().setVoter(null);
  }, [round, voterId]);
  return (
    <>
      <VotingBanner />
      <VotingSetup />
      <VotingTally />
      <BaselineViewer />
    </>
  );
}
