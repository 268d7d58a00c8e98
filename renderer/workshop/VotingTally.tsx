/** A round's result: every item that got votes, ranked, with its total and the votes by agency. */
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { tallyRound, type JourneyMap, type VotingRound } from '../../shared/model';
import { Modal } from '../panels/Modal';
import { useAppStore } from '../store';
import { agencyLabel, itemsOf, useWorkshopUi } from './VotingState';
import './voting.css';

export function formatWhen(iso: string | undefined, locale: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'short', timeStyle: 'short' }).format(date);
}

export function TallyTable({ doc, round }: { doc: JourneyMap; round: VotingRound }) {
  const { t } = useTranslation();
  const rows = useMemo(() => tallyRound(doc, round), [doc, round]);
  const titles = new Map(itemsOf(doc, round.target).map((i) => [i.id, i.title]));
  const color = new Map(doc.agencies.map((a) => [a.id, a.color]));
  if (rows.length === 0) return <p className="muted">{t('voting.tallyEmpty')}</p>;
  let place = 0;
  let previous = -1;
  return (
    <table className="voting-tally" data-testid="voting-tally">
      <thead>
        <tr>
          <th scope="col">{t('voting.rank')}</th>
          <th scope="col">{t('voting.item')}</th>
          <th scope="col">{t('voting.total')}</th>
          <th scope="col">{t('voting.byAgency')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => {
          // Equal totals share a place.
          if (row.total !== previous) place = i + 1;
          previous = row.total;
          const byAgency = Object.entries(row.byAgency).sort((a, b) => b[1] - a[1]);
          return (
            <tr key={row.itemId} data-testid="tally-row" data-item-id={row.itemId} data-total={row.total}>
              <td className="tally-place">{place}</td>
              <td className="tally-title">{titles.get(row.itemId) ?? row.itemId}</td>
              <td className="tally-total">
                <span className="tally-bar" style={{ width: `${(row.total / (rows[0]?.total ?? 1)) * 48}px` }} />
                {row.total}
              </td>
              <td className="tally-agencies">
                {byAgency.map(([agencyId, n]) => (
                  <span key={agencyId} className="tally-agency" data-agency={agencyId}>
                    <i className="agency-dot" style={{ background: color.get(agencyId) ?? '#94a3b8' }} />
                    {agencyLabel(doc, agencyId) || t('voting.noAgencyShort')} {n}
                  </span>
                ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The tally dialog (after "Close the round", or from the list of past rounds). */
export function VotingTally() {
  const { t, i18n } = useTranslation();
  const roundId = useWorkshopUi((s) => s.tallyRoundId);
  const doc = useAppStore((s) => s.doc);
  const round = doc.votingRounds.find((r) => r.id === roundId);
  const done = useRef<HTMLButtonElement>(null);
  useEffect(() => done.current?.focus(), [roundId]);
  if (!round) return null;
  const close = () => useWorkshopUi.getState().showTally(null);
  return (
    <Modal className="voting-tally-dialog" labelledBy="voting-tally-title" onClose={close}>
      <h2 id="voting-tally-title">
        {t('voting.tally')}: {round.title || t('voting.untitled')}
      </h2>
      <p className="muted">
        {t('voting.roundSummary', { date: formatWhen(round.closedAt ?? round.startedAt, i18n.language), participants: round.participants.length, votes: round.votes.length })}
      </p>
      <TallyTable doc={doc} round={round} />
      <p className="voting-people">
        {round.participants.map((p) => `${p.name}${p.agencyId ? ` (${agencyLabel(doc, p.agencyId)})` : ''}`).join(', ')}
      </p>
      <div className="modal-buttons">
        <button type="button" ref={done} className="primary" onClick={close}>
          {t('voting.done')}
        </button>
      </div>
    </Modal>
  );
}
