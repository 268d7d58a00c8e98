import type { DesktopBridge } from '../../shared/ipc';
import type { Platform } from './types';

/** The desktop edition: every call goes through the preload bridge to the main process. */
export function createDesktopPlatform(bridge: DesktopBridge): Platform {
  return {
    kind: 'desktop',
    startup: () => bridge.getStartup(),
    openDialog: () => bridge.openDialog(),
    openRecent: (entry) => bridge.openPath(entry.path),
    openDropped: async (file) => {
      const path = bridge.pathForFile(file);
      if (!path) return { ok: false, error: file.name };
      return bridge.openPath(path);
    },
    openImportFile: (kind) => bridge.openImportFile(kind),
    save: (request) => bridge.save(request),
    checkFile: (path) => bridge.checkFile(path),
    readDiskVersion: (path) => bridge.readDiskVersion(path),
    recovery: {
      write: (draft) => bridge.writeRecovery(draft),
      clear: () => bridge.clearRecovery(),
      list: () => bridge.listRecovery(),
      read: (id) => bridge.readRecovery(id),
      take: (id) => bridge.takeRecovery(id),
      discard: (id) => bridge.discardRecovery(id),
    },
    saveExport: (request) => bridge.saveExport(request),
    printExport: (request) => bridge.printExport(request),
    listRecent: () => bridge.listRecent(),
    clearRecent: () => bridge.clearRecent(),
    askUnsaved: (name) => bridge.askUnsaved(name),
    setDocumentState: (state) => void bridge.setDocumentState(state),
    setLocale: (locale) => void bridge.setLocale(locale),
    openExternal: (url) => void bridge.openExternal(url),
    closeWindow: () => void bridge.closeWindow(),
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
