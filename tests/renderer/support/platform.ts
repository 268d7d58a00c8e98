/** A Platform for renderer tests: every call answers "nothing here"; saves succeed and are recorded. */
import { vi } from 'vitest';
import type { FileStatus, RecentFile, SaveRequest, SaveResult, UnsavedChoice } from '../../../shared/ipc';
import type { Platform } from '../../../renderer/platform/types';

export function fakePlatform(overrides: Partial<Platform> = {}) {
  const saved: SaveRequest[] = [];
  const platform: Platform = {
    kind: 'desktop',
    startup: async () => ({ locale: 'ru', version: '0', file: null }),
    openDialog: async () => null,
    openRecent: async () => ({ ok: false, error: 'nope' }),
    openDropped: async () => ({ ok: false, error: 'nope' }),
    openImportFile: async () => null,
    saveExport: async () => null,
    printExport: async () => ({ ok: false, error: 'not here' }),
    save: async (request): Promise<SaveResult | null> => {
      saved.push(request);
      return { ok: true, value: { path: '/maps/карта.cjm', name: 'карта.cjm' } };
    },
    checkFile: async (): Promise<FileStatus> => ({ state: 'unchanged' }),
    readDiskVersion: async () => ({ ok: false, error: 'nope' }),
    recovery: {
      write: async () => ({ ok: true, value: null }),
      clear: async () => {},
      list: async () => [],
      read: async () => ({ ok: false, error: 'nope' }),
      take: async () => ({ ok: false, error: 'nope' }),
      discard: async () => {},
    },
    listRecent: async (): Promise<RecentFile[]> => [],
    clearRecent: async () => {},
    askUnsaved: async (): Promise<UnsavedChoice> => 'cancel',
    setDocumentState: () => {},
    setLocale: () => {},
    openExternal: () => {},
    closeWindow: vi.fn(),
    onEvent: () => () => {},
    ...overrides,
  };
  return { platform, saved };
}

