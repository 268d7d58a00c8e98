/** The toolbar's "Start voting" button (the Voting tab while a round runs). */
import { useTranslation } from 'react-i18next';
import { openRound } from '../../shared/model';
import { useController } from '../app/context';
import { useAppStore } from '../store';
import './voting.css';

function DotsIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
      <circle cx="7" cy="8" r="3" />
      <circle cx="17" cy="8" r="3" />
      <circle cx="12" cy="17" r="3" />
    </svg>
  );
}

export function VotingTools() {
  const { t } = useTranslation();
  const controller = useController();
  const running = useAppStore((s) => openRound(s.doc) !== undefined);
  return (
    <div className="tool-group">
      <button
        type="button"
        className={`tool ${running ? 'active voting-running' : ''}`}
        data-command="startVoting"
        title={t('voting.startTitle')}
        aria-label={t('voting.start')}
        onClick={() => void controller.run('startVoting')}
      >
        <DotsIcon />
        <span className="tool-label">{t('voting.start')}</span>
      </button>
    </div>
  );
}
