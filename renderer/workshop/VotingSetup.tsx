/**
 * Starting a dot-voting round: its title, what it votes on, how many dots each participant has,
 * whether the dots stay hidden until it closes, and the participants by name and agency.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { newId, startRound, type VotingRound } from '../../shared/model';
import { Modal } from '../panels/Modal';
import { useAppStore } from '../store';
import { itemsOf, useWorkshopUi } from './VotingState';
import './voting.css';

interface Row {
  key: string;
  name: string;
  agencyId: string;
}

const emptyRow = (): Row => ({ key: newId('row'), name: '', agencyId: '' });

export function VotingSetup() {
  const open = useWorkshopUi((s) => s.setupOpen);
  return open ? <SetupDialog /> : null;
}

function SetupDialog() {
  const { t } = useTranslation();
  const agencies = useAppStore((s) => s.doc.agencies);
  const doc = useAppStore((s) => s.doc);
  const close = () => useWorkshopUi.getState().setSetupOpen(false);
  const [title, setTitle] = useState('');
  const [target, setTarget] = useState<VotingRound['target']>('painPoints');
  const [votes, setVotes] = useState(3);
  const [hidden, setHidden] = useState(false);
  const [rows, setRows] = useState<Row[]>(() => [emptyRow(), emptyRow(), emptyRow()]);
  const [problem, setProblem] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const setRow = (key: string, patch: Partial<Row>) => setRows((list) => list.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const begin = () => {
    const participants = rows
      .filter((r) => r.name.trim())
      .map((r) => ({ id: newId('participant'), name: r.name.trim(), ...(r.agencyId ? { agencyId: r.agencyId } : {}) }));
    if (participants.length === 0) return setProblem(t('voting.needParticipant'));
    if (itemsOf(doc, target).length === 0) return setProblem(t('voting.needItems'));
    const id = newId('round');
    const at = new Date().toISOString();
    const state = useAppStore.getState();
    state.apply((d) => startRound(d, { id, title: title.trim(), target, votesPerParticipant: votes, hidden, at, participants }));
    useWorkshopUi.getState().setVoter(participants[0]?.id ?? null);
    close();
    state.showSidebar('voting');
  };

  return (
    <Modal className="voting-setup" labelledBy="voting-setup-title" onClose={close}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          begin();
        }}
      >
        <h2 id="voting-setup-title">{t('voting.startTitle')}</h2>
        <label className="field">
          <span className="field-label">{t('voting.roundTitle')}</span>
          <input ref={first} value={title} maxLength={200} placeholder={t('voting.roundTitlePlaceholder')} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <div className="field-grid">
          <label className="field">
            <span className="field-label">{t('voting.target')}</span>
            <select value={target} onChange={(e) => setTarget(e.target.value as VotingRound['target'])}>
              <option value="painPoints">{t('voting.targetPainPoints')}</option>
              <option value="opportunities">{t('voting.targetOpportunities')}</option>
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t('voting.votesPerParticipant')}</span>
            <input type="number" min={1} max={50} value={votes} onChange={(e) => setVotes(Math.max(1, Math.min(50, Number(e.target.value) || 1)))} />
          </label>
        </div>
        <label className="field field-checkbox">
          <input type="checkbox" checked={hidden} onChange={(e) => setHidden(e.target.checked)} />
          <span>{t('voting.hidden')}</span>
        </label>
        <fieldset className="voting-participants">
          <legend>{t('voting.participants')}</legend>
          {rows.map((row, i) => (
            <div className="voting-participant-row" key={row.key} data-testid="participant-row">
              <input
                aria-label={`${t('voting.participantName')} ${i + 1}`}
                placeholder={t('voting.participantName')}
                value={row.name}
                maxLength={200}
                onChange={(e) => setRow(row.key, { name: e.target.value })}
              />
              <select aria-label={`${t('voting.participantAgency')} ${i + 1}`} value={row.agencyId} onChange={(e) => setRow(row.key, { agencyId: e.target.value })}>
                <option value="">{t('voting.noAgency')}</option>
                {agencies.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.shortName.trim() || a.name}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="vb-icon"
                aria-label={t('voting.removeParticipant', { name: row.name || String(i + 1) })}
                title={t('voting.removeParticipant', { name: row.name || String(i + 1) })}
                onClick={() => setRows((list) => list.filter((r) => r.key !== row.key))}
              >
                ✕
              </button>
            </div>
          ))}
          <button type="button" onClick={() => setRows((list) => [...list, emptyRow()])}>
            + {t('voting.addParticipant')}
          </button>
        </fieldset>
        {problem && (
          <p className="voting-problem" role="alert">
            {problem}
          </p>
        )}
        <div className="modal-buttons">
          <button type="button" onClick={close}>
            {t('voting.cancel')}
          </button>
          <button type="submit" className="primary">
            {t('voting.begin')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
