/** The side panel: the inspector, the scorecard and the registries, as tabs. */
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store';
import type { SidebarTab } from '../store/types';
import { Inspector } from './Inspector';
import { Registries } from './Registries';
import { Scorecard } from './Scorecard';

const TABS: readonly SidebarTab[] = ['inspector', 'scorecard', 'registries'];

export function Sidebar() {
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
            {t(`sidebar.${name}`)}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'inspector' && <Inspector />}
        {tab === 'scorecard' && <Scorecard />}
        {tab === 'registries' && <Registries />}
      </div>
    </aside>
  );
}
