/**
 * The Voting tab. During a round: who is voting (each participant with the dots left; one laptop
 * passed around, or the facilitator driving), the items with their dots and +/− buttons, and
 * "Close the round". Otherwise: the way to start one, the pain register ranked by votes, and
 * the record of past rounds.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { painRegister } from '../../shared/export/docx/content';
import { addParticipant, closeRound, deleteRound, newId, openRound, removeParticipant, votesLeft, type JourneyMap, type VotingRound } from '../../shared/model';
import { useAppStore } from '../store';
import { formatWhen } from './VotingTally';
import { agencyLabel, castDot, itemsOf, takeDot, useWorkshopUi } from './VotingState';
import './voting.css';

function Dots({ count, max = 8 }: { count: number; max?: number }) {
  if (count <= 0) return null;
  return (
    <span className="vote-dots" aria-hidden="true">
      {Array.from({ length: Math.min(count, max) }, (_, i) => (
        <i key={i} />
      ))}
      {count > max && <b>+{count - max}</b>}
    </span>
  );
}

function OpenRound({ doc, round }: { doc: JourneyMap; round: VotingRound }) {
  const { t } = useTranslation();
  const voterId = useWorkshopUi((s) => s.voterId);
  const setVoter = useWorkshopUi((s) => s.setVoter);
  const apply = useAppStore((s) => s.apply);
  const [name, setName] = useState('');
  const [agencyId, setAgencyId] = useState('');
  const voter = round.participants.find((p) => p.id === voterId);
  const items = itemsOf(doc, round.target);
  const dotsOn = (itemId: string) => round.votes.filter((v) => v.itemId === itemId && (!round.hidden || v.participantId === voterId)).length;
  const mine = (itemId: string) => round.votes.filter((v) => v.itemId === itemId && v.participantId === voterId).length;

  const add = () => {
    if (!name.trim()) return;
    const participant = { id: newId('participant'), name: name.trim(), ...(agencyId ? { agencyId } : {}) };
    if (apply((d) => addParticipant(d, { roundId: round.id, participant }))) {
      setName('');
      setVoter(participant.id);
    }
  };
  const close = () => {
    apply((d) => closeRound(d, { roundId: round.id, at: new Date().toISOString() }));
    setVoter(null);
    useWorkshopUi.getState().showTally(round.id);
  };

  return (
    <div className="voting-open" data-testid="voting-open">
      <div className="voting-round-head">
        <span className="voting-live">{t('voting.open')}</span>
        <h3>{round.title || t('voting.untitled')}</h3>
        <p className="muted">
          {t(round.target === 'painPoints' ? 'voting.targetPainPoints' : 'voting.targetOpportunities')} · {t('voting.perParticipant', { count: round.votesPerParticipant })}
        </p>
        {round.hidden && <p className="voting-hidden-note">{t('voting.hiddenNote')}</p>}
      </div>

      <h3>{t('voting.whoVotes')}</h3>
      <ul className="voters" role="radiogroup" aria-label={t('voting.whoVotes')}>
        {round.participants.map((p) => {
          const left = votesLeft(round, p.id);
          return (
            <li key={p.id} className={`voter ${p.id === voterId ? 'active' : ''}`}>
              <button
                type="button"
                role="radio"
                aria-checked={p.id === voterId}
                className="voter-pick"
                data-testid="voter"
                data-participant-id={p.id}
                data-left={left}
                onClick={() => setVoter(p.id)}
              >
                <span className="voter-name">{p.name}</span>
                {p.agencyId && (
                  <span className="voter-agency">
                    <i className="agency-dot" style={{ background: doc.agencies.find((a) => a.id === p.agencyId)?.color }} />
                    {agencyLabel(doc, p.agencyId)}
                  </span>
                )}
                <span className={`voter-left ${left === 0 ? 'spent' : ''}`}>
                  <span className="voter-slots" aria-hidden="true">
                    {Array.from({ length: round.votesPerParticipant }, (_, i) => (
                      <i key={i} className={i < left ? 'free' : ''} />
                    ))}
                  </span>
                  {t('voting.votesLeft', { count: left })}
                </span>
              </button>
              <button
                type="button"
                className="vb-icon voter-remove"
                aria-label={t('voting.removeParticipant', { name: p.name })}
                title={t('voting.removeParticipant', { name: p.name })}
                onClick={() => {
                  apply((d) => removeParticipant(d, { roundId: round.id, participantId: p.id }));
                  if (p.id === voterId) setVoter(null);
                }}
              >
                ✕
              </button>
            </li>
          );
        })}
      </ul>
      <form
        className="voter-add"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <input aria-label={t('voting.participantName')} placeholder={t('voting.participantName')} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
        <select aria-label={t('voting.participantAgency')} value={agencyId} onChange={(e) => setAgencyId(e.target.value)}>
          <option value="">{t('voting.noAgency')}</option>
          {doc.agencies.map((a) => (
            <option key={a.id} value={a.id}>
              {a.shortName.trim() || a.name}
            </option>
          ))}
        </select>
        <button type="submit" title={t('voting.addParticipant')} aria-label={t('voting.addParticipant')}>
          +
        </button>
      </form>

      <p className="hint voting-hint">{voter ? t('voting.voterHint', { name: voter.name }) : t('voting.pickVoter')}</p>

      <h3>{t('voting.items')}</h3>
      <ul className="vote-items">
        {items.map((item) => {
          const dots = dotsOn(item.id);
          return (
            <li key={item.id} className="vote-item" data-testid="vote-item" data-item-id={item.id} data-dots={dots}>
              <span className="vote-item-title">{item.title}</span>
              <Dots count={dots} />
              <span className="vote-item-count" title={round.hidden ? t('voting.voted', { count: dots }) : t('voting.dots', { count: dots })}>
                {dots}
              </span>
              <button
                type="button"
                className="vb-icon"
                disabled={!voter || mine(item.id) === 0}
                aria-label={t('voting.retractVote', { title: item.title })}
                title={t('voting.retractVote', { title: item.title })}
                onClick={() => takeDot(useAppStore, item.id)}
              >
                −
              </button>
              <button
                type="button"
                className="vb-icon vote-plus"
                disabled={!voter || votesLeft(round, voter.id) <= 0}
                aria-label={t('voting.castVote', { title: item.title })}
                title={t('voting.castVote', { title: item.title })}
                onClick={() => castDot(useAppStore, item.id)}
              >
                +
              </button>
            </li>
          );
        })}
      </ul>

      <div className="voting-actions">
        <button
          type="button"
          onClick={() => {
            apply((d) => deleteRound(d, { roundId: round.id }));
            setVoter(null);
          }}
        >
          {t('voting.discard')}
        </button>
        <button type="button" className="primary" data-testid="close-round" onClick={close}>
          {t('voting.close')}
        </button>
      </div>
    </div>
  );
}

/** Pain points ranked as the exported register ranks them: by votes, then severity. */
function Register({ doc }: { doc: JourneyMap }) {
  const { t } = useTranslation();
  const register = painRegister(doc);
  const color = new Map(doc.agencies.map((a) => [a.id, a.color]));
  if (register.length === 0) return <p className="muted">{t('voting.registerEmpty')}</p>;
  return (
    <ol className="vote-register" data-testid="vote-register">
      {register.map((pain) => (
        <li key={pain.id} data-pain-id={pain.id} data-votes={pain.votes}>
          <span className="register-title">{pain.title}</span>
          <span className="register-votes">
            <Dots count={pain.votes} max={6} />
            {t('voting.votesShort', { count: pain.votes })}
          </span>
          {Object.keys(pain.votesByAgency).length > 0 && (
            <span className="register-agencies">
              {Object.entries(pain.votesByAgency)
                .sort((a, b) => b[1] - a[1])
                .map(([agencyId, n]) => (
                  <span key={agencyId} className="tally-agency">
                    <i className="agency-dot" style={{ background: color.get(agencyId) ?? '#94a3b8' }} />
                    {agencyLabel(doc, agencyId) || t('voting.noAgencyShort')} {n}
                  </span>
                ))}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

function History({ doc }: { doc: JourneyMap }) {
  const { t, i18n } = useTranslation();
  const apply = useAppStore((s) => s.apply);
  const closed = doc.votingRounds.filter((r) => r.closedAt !== undefined).reverse();
  if (closed.length === 0) return <p className="muted">{t('voting.historyEmpty')}</p>;
  return (
    <ul className="vote-history">
      {closed.map((round) => (
        <li key={round.id} data-testid="past-round" data-round-id={round.id}>
          <div className="past-round-title">{round.title || t('voting.untitled')}</div>
          <div className="muted">
            {t('voting.roundSummary', { date: formatWhen(round.closedAt, i18n.language), participants: round.participants.length, votes: round.votes.length })}
          </div>
          <div className="past-round-people">{round.participants.map((p) => p.name).join(', ')}</div>
          <div className="past-round-buttons">
            <button type="button" onClick={() => useWorkshopUi.getState().showTally(round.id)}>
              {t('voting.showTally')}
            </button>
            <button type="button" className="vb-icon" title={t('voting.deleteRound')} aria-label={t('voting.deleteRound')} onClick={() => apply((d) => deleteRound(d, { roundId: round.id }))}>
              ✕
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}

export function VotingPanel() {
  const { t } = useTranslation();
  const doc = useAppStore((s) => s.doc);
  const round = openRound(doc);
  return (
    <section className="voting-panel" aria-label={t('voting.tab')}>
      {round ? (
        <OpenRound doc={doc} round={round} />
      ) : (
        <>
          <p className="muted">{t('voting.nothingOpen')}</p>
          <button type="button" className="primary" data-testid="start-round" onClick={() => useWorkshopUi.getState().setSetupOpen(true)}>
            {t('voting.startTitle')}
          </button>
        </>
      )}
      <h3>{t('voting.register')}</h3>
      <Register doc={doc} />
      <h3>{t('voting.history')}</h3>
      <History doc={doc} />
    </section>
  );
}
