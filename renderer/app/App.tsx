import { useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { MAP_FILE_EXTENSION } from '../../shared/ipc';
import { Canvas } from '../canvas/Canvas';
import { Dialogs } from '../panels/Dialogs';
import { CompareView } from '../panels/CompareView';
import { ExportDialog } from '../panels/ExportDialog';
import { ImportDialog } from '../panels/ImportDialog';
import { Sidebar } from '../panels/Sidebar';
import { Toolbar } from '../panels/Toolbar';
import type { Platform } from '../platform/types';
import { isDirty, useAppStore } from '../store';
import { useController } from './context';
import { commandForKey, isTextInput } from './keyboard';
import { VotingLayer } from '../workshop/VotingLayer';
import { workshopDialogOpen } from '../workshop/VotingState';
import { Presentation } from '../present/Presentation';
import { TimerClock } from '../present/PresentTools';
import { ReadOnlyBanner } from '../files/ReadOnlyBanner';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);

/**
 * The window's title, the shell's close guard and the browser's leave warning follow the document's
 * name and unsaved state. A component of its own, rendering nothing: the first edit after opening
 * or saving a map makes it unsaved, and when App itself read that, the whole app rendered again
 * with that keystroke.
 */
function DocumentState({ platform }: { platform: Platform }) {
  const { t } = useTranslation();
  const name = useAppStore((s) => s.fileName ?? s.doc.meta.title);
  const path = useAppStore((s) => s.filePath);
  const dirty = useAppStore(isDirty);
  const readOnly = useAppStore((s) => s.readOnly !== null);
  useEffect(() => {
    document.title = `${dirty ? '• ' : ''}${name}${readOnly ? ` [${t('readOnly.badge')}]` : ''} — ${t('app.name')}`;
    platform.setDocumentState({ name, path: platform.kind === 'desktop' ? path : null, dirty, readOnly });
  }, [name, path, dirty, readOnly, t, platform]);

  // The browser asks before a tab with unsaved changes is closed.
  useEffect(() => {
    if (platform.kind !== 'browser' || !dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty, platform]);
  return null;
}

export function App({ platform }: { platform: Platform }) {
  const { t } = useTranslation();
  const controller = useController();
  const inspectorOpen = useAppStore((s) => s.inspectorOpen);
  const status = useAppStore((s) => s.status);
  const presenting = useAppStore((s) => s.presenting !== null);
  const [dropping, setDropping] = useState(false);

  // Keyboard shortcuts.
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const ui = useAppStore.getState();
      if (ui.dialog || ui.compare || ui.importing || ui.exporting || ui.presenting) return;
      if (workshopDialogOpen()) return;
      const command = commandForKey(e, isTextInput(e.target), isMac);
      if (!command) return;
      // Handled here, before React Flow's own node key handling (which would toggle selection).
      e.preventDefault();
      e.stopPropagation();
      if (command === 'escape') useAppStore.getState().select({ nodes: [], edges: [] });
      else void controller.run(command);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [controller]);

  // Events from the desktop shell (menus, files from the OS, close requests).
  useEffect(() => platform.onEvent((event) => void controller.handleEvent(event)), [platform, controller]);

  // A file changed on disk by someone else is noticed when the window comes back to the front.
  useEffect(() => {
    const check = () => {
      if (document.visibilityState !== 'hidden') void controller.checkExternalChange();
    };
    window.addEventListener('focus', check);
    document.addEventListener('visibilitychange', check);
    return () => {
      window.removeEventListener('focus', check);
      document.removeEventListener('visibilitychange', check);
    };
  }, [controller]);

  // The status line fades after a few seconds.
  useEffect(() => {
    if (!status) return;
    const id = setTimeout(() => useAppStore.getState().setStatus(null), 4000);
    return () => clearTimeout(id);
  }, [status]);

  const hasFiles = (e: React.DragEvent) => Array.from(e.dataTransfer.types).includes('Files');

  return (
    <div
      className={`app ${dropping ? 'dropping' : ''} ${presenting ? 'presenting' : ''}`}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDropping(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDropping(false);
        const file = e.dataTransfer.files[0];
        if (!file) return;
        if (!file.name.toLowerCase().endsWith(`.${MAP_FILE_EXTENSION}`) && !file.name.toLowerCase().endsWith('.json')) {
          useAppStore.getState().openDialog({ kind: 'error', title: t('dialog.openFailedTitle'), lines: [file.name, t('errors.notAMapFile')] });
          return;
        }
        void controller.openDropped(file, e.dataTransfer.items[0]);
      }}
    >
      <DocumentState platform={platform} />
      <Toolbar />
      <div className="banner-slot">
        <ReadOnlyBanner />
      </div>
      <main className="workspace">
        <ReactFlowProvider>
          <Canvas />
        </ReactFlowProvider>
        {inspectorOpen && <Sidebar platform={platform} />}
      </main>
      <footer className="statusbar" role="status" aria-live="polite">
        {status}
      </footer>
      {dropping && <div className="drop-overlay">{t('canvas.dropHere')}</div>}
      <CompareView />
      <ImportDialog platform={platform} />
      <ExportDialog platform={platform} />
      <Dialogs />
      <VotingLayer />
      <Presentation />
      <TimerClock />
    </div>
  );
}
