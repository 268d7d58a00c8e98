/** The toolbar: file commands with the recent list, undo/redo, adding elements, view, language. */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '../../shared/i18n';
import type { AppCommand } from '../../shared/ipc';
import { useController } from '../app/context';
import { TEMPLATES } from '../../templates/catalog';
import { Icon, type IconName } from './icons';
import { isDirty, useAppStore, useHistory } from '../store';
import { PresentTools } from '../present/PresentTools';
import { VotingTools } from '../workshop/VotingTools';
import { QuickCaptureButton } from '../workshop/QuickCaptureButton';

const mod = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl+';

function ToolButton({ command, label, icon, shortcut, disabled }: { command: AppCommand; label: string; icon: IconName; shortcut?: string; disabled?: boolean }) {
  const controller = useController();
  return (
    <button
      type="button"
      className="tool"
      data-command={command}
      title={shortcut ? `${label} (${shortcut})` : label}
      aria-label={label}
      disabled={disabled}
      onClick={() => void controller.run(command)}
    >
      <Icon name={icon} />
      <span className="tool-label">{label}</span>
    </button>
  );
}

/** A chevron button that opens a menu; closes on a click elsewhere or on a choice. */
function Dropdown({ label, onOpen, children }: { label: string; onOpen?(): void; children(close: () => void): React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    onOpen?.();
    const close = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  return (
    <div className="dropdown" ref={ref}>
      <button type="button" className="tool tool-narrow" aria-haspopup="menu" aria-expanded={open} title={label} aria-label={label} onClick={() => setOpen(!open)}>
        <Icon name="chevron" size={14} />
      </button>
      {open && (
        <div className="dropdown-menu" role="menu" aria-label={label}>
          {children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}

function NewMenu() {
  const { t, i18n } = useTranslation();
  const controller = useController();
  const locale = i18n.language === 'en' ? 'en' : 'ru';
  return (
    <Dropdown label={t('templatesMenu.newFromTemplate')}>
      {(close) => (
        <>
          <div className="dropdown-heading">{t('templatesMenu.newFromTemplate')}</div>
          {TEMPLATES.map((template) => (
            <button
              type="button"
              role="menuitem"
              key={template.id}
              title={template.description[locale]}
              onClick={() => {
                close();
                void controller.newFromTemplate(template.id);
              }}
            >
              {template.title[locale]}
            </button>
          ))}
          <button
            type="button"
            role="menuitem"
            className="dropdown-secondary"
            onClick={() => {
              close();
              void controller.run('importSpreadsheet');
            }}
          >
            {t('menu.importSpreadsheet')}
          </button>
        </>
      )}
    </Dropdown>
  );
}

function RecentMenu() {
  const { t } = useTranslation();
  const controller = useController();
  const recent = useAppStore((s) => s.recent);
  return (
    <Dropdown label={t('toolbar.recent')} onOpen={() => void controller.refreshRecent()}>
      {(close) => (
        <>
          {recent.length === 0 && <div className="dropdown-empty">{t('menu.noRecent')}</div>}
          {recent.map((entry) => (
            <button
              type="button"
              role="menuitem"
              key={entry.path}
              title={entry.path.startsWith('browser:') ? entry.name : entry.path}
              onClick={() => {
                close();
                void controller.openRecent(entry);
              }}
            >
              {entry.name}
            </button>
          ))}
          {recent.length > 0 && (
            <button type="button" role="menuitem" className="dropdown-secondary" onClick={() => void controller.clearRecent()}>
              {t('menu.clearRecent')}
            </button>
          )}
        </>
      )}
    </Dropdown>
  );
}

export function Toolbar() {
  const { t } = useTranslation();
  const controller = useController();
  const canUndo = useHistory((h) => h.pastStates.length > 0);
  const canRedo = useHistory((h) => h.futureStates.length > 0);
  const locale = useAppStore((s) => s.locale);
  const title = useAppStore((s) => s.doc.meta.title);
  const fileName = useAppStore((s) => s.fileName);
  const dirty = useAppStore(isDirty);
  const inspectorOpen = useAppStore((s) => s.inspectorOpen);
  return (
    <header className="toolbar" role="toolbar" aria-label={t('app.name')}>
      <div className="tool-group">
        <ToolButton command="new" icon="new" label={t('toolbar.new')} shortcut={`${mod}N`} />
        <NewMenu />
        <ToolButton command="open" icon="open" label={t('toolbar.open')} shortcut={`${mod}O`} />
        <RecentMenu />
        <ToolButton command="save" icon="save" label={t('toolbar.save')} shortcut={`${mod}S`} />
        <ToolButton command="saveAs" icon="saveAs" label={t('toolbar.saveAs')} shortcut={`${mod}Shift+S`} />
        <ToolButton command="export" icon="export" label={t('toolbar.export')} />
      </div>
      <div className="tool-group">
        <ToolButton command="undo" icon="undo" label={t('toolbar.undo')} shortcut={`${mod}Z`} disabled={!canUndo} />
        <ToolButton command="redo" icon="redo" label={t('toolbar.redo')} shortcut={`${mod}Shift+Z`} disabled={!canRedo} />
      </div>
      <div className="tool-group">
        <ToolButton command="addStage" icon="stage" label={t('toolbar.addStage')} />
        <ToolButton command="addLane" icon="lane" label={t('toolbar.addLane')} />
        <ToolButton command="addStep" icon="step" label={t('toolbar.addStep')} shortcut={`${mod}Enter`} />
      </div>
      <div className="tool-group">
        <ToolButton command="fitView" icon="fit" label={t('toolbar.fitView')} shortcut="Shift+1" />
      </div>
      <PresentTools />
      <VotingTools />
      <QuickCaptureButton />
      <div className="doc-title" title={fileName ?? title}>
        <span className="doc-name">{fileName ?? title}</span>
        {dirty && (
          <span className="dirty-marker" title={t('toolbar.unsaved')} aria-label={t('toolbar.unsaved')}>
            ●
          </span>
        )}
      </div>
      <div className="tool-group tool-group-end">
        <button
          type="button"
          className={`tool ${inspectorOpen ? 'active' : ''}`}
          aria-pressed={inspectorOpen}
          title={t('toolbar.inspector')}
          onClick={() => void controller.run('toggleInspector')}
        >
          <Icon name="panel" />
          <span className="tool-label">{t('toolbar.inspector')}</span>
        </button>
        <label className="language">
          <span className="visually-hidden">{t('toolbar.language')}</span>
          <select aria-label={t('toolbar.language')} value={locale} onChange={(e) => void controller.setLocale(e.target.value as Locale)}>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </header>
  );
}
