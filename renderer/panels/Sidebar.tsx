/** The side panel: the inspector, the scorecard, the health check, the guidance and the registries, as tabs. */
import { useTranslation } from 'react-i18next';
import type { Platform } from '../platform/types';
import { useAppStore } from '../store';
import type { SidebarTab } from '../store/types';
import { GuidancePanel } from './GuidancePanel';
import { HealthPanel, useFindings } from './HealthPanel';
import { Inspector } from './Inspector';
import { Registries } from './Registries';
import { Scorecard } from './Scorecard';
import { VotingPanel } from '../workshop/VotingPanel';
import { BaselinesPanel } from '../workshop/BaselinesPanel';
import { CommentsPanel, CommentsTabBadge } from '../workshop/CommentsPanel';

const TABS: readonly SidebarTab[] = ['inspector', 'scorecard', 'health', 'guidance', 'registries', 'voting', 'baselines', 'comments'];

/** The number on the health tab: problems and warnings. */
function HealthBadge() {
  const findings = useFindings();
  const serious = findings.filter((f) => f.severity !== 'info');
  if (serious.length === 0) return null;
  const worst = serious.some((f) => f.severity === 'problem') ? 'problem' : 'warning';
  return <span className={`tab-badge tab-badge-${worst}`}>{serious.length}</span>;
}

export function Sidebar({ platform }: { platform: Platform }) {
  const { t } = useTranslation();
  const tab = useAppStore((s) => s.sidebarTab);
  const show = useAppStore((s) => s.showSidebar);
  return (
    <aside className="inspector sidebar">
      <div className="tabs" role="tablist" aria-label={t('toolbar.inspector')}>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`panel-${name}`}
            className={`tab ${tab === name ? 'active' : ''}`}
            onClick={() => show(name)}
          >
            {t(name === 'voting' || name === 'baselines' || name === 'comments' ? `${name}.tab` : `sidebar.${name}`)}
            {name === 'health' && <HealthBadge />}
            {name === 'comments' && <CommentsTabBadge />}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'inspector' && <Inspector />}
        {tab === 'scorecard' && <Scorecard />}
        {tab === 'health' && <HealthPanel />}
        {tab === 'guidance' && <GuidancePanel platform={platform} />}
        {tab === 'registries' && <Registries />}
        {tab === 'voting' && <VotingPanel />}
        {tab === 'baselines' && <BaselinesPanel />}
        {tab === 'comments' && <CommentsPanel />}
      </div>
    </aside>
  );
}
