/**
 * The browser edition's platform: the File System Access API where the browser has it
 * (Chromium-based browsers: open, save in place, recent files kept as handles in IndexedDB),
 * upload and download elsewhere. Nothing leaves the machine.
 */
import { isLocale, localeFromSystem, translate, type Locale } from '../../shared/i18n';
import {
  MAP_FILE_EXTENSION,
  MAX_IMPORT_BYTES,
  RECOVERY_ID_PATTERN,
  type ExportExtension,
  type FileStatus,
  type OpenedFile,
  type RecentFile,
  type RecoveredDraft,
  type RecoveryEntry,
  type Result,
  type SavedFile,
} from '../../shared/ipc';
import { formatBytes } from '../../shared/model';
import type { DialogHost, Platform } from './types';

interface FileHandle {
  name: string;
  getFile(): Promise<File>;
  createWritable(): Promise<{ write(data: Blob | string): Promise<void>; close(): Promise<void> }>;
  queryPermission?(options: { mode: 'read' | 'readwrite' }): Promise<PermissionState>;
  requestPermission?(options: { mode: 'read' | 'readwrite' }): Promise<PermissionState>;
}
interface PickerOptions {
  types?: { description: string; accept: Record<string, string[]> }[];
  suggestedName?: string;
  excludeAcceptAllOption?: boolean;
}
interface FsAccessWindow {
  showOpenFilePicker?(options?: PickerOptions): Promise<FileHandle[]>;
  showSaveFilePicker?(options?: PickerOptions): Promise<FileHandle>;
}

const LOCALE_KEY = 'marshrut.locale';
const EXPORT_TYPES: Record<ExportExtension, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  html: 'text/html',
  svg: 'image/svg+xml',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  md: 'text/markdown',
};
const DB_NAME = 'marshrut';
const STORE = 'recent';
/** Autosaved drafts of unsaved work (see createBrowserRecovery). */
const DRAFTS = 'drafts';
const MAX_RECENT = 10;

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 2);
    request.onupgradeneeded = () => {
      for (const name of [STORE, DRAFTS]) {
        if (!request.result.objectStoreNames.contains(name)) request.result.createObjectStore(name);
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

interface RecentRecord {
  name: string;
  handle: FileHandle;
  at: number;
}

async function idb<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>, storeName = STORE): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = run(db.transaction(storeName, mode).objectStore(storeName));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

export function browserLocale(search: string, storage: Pick<Storage, 'getItem'> | null, navigatorLanguage: string): Locale {
  const fromQuery = new URLSearchParams(search).get('lang');
  if (isLocale(fromQuery)) return fromQuery;
  const saved = storage?.getItem(LOCALE_KEY);
  if (isLocale(saved)) return saved;
  return localeFromSystem(navigatorLanguage);
}

function pickWithInput(accept = `.${MAP_FILE_EXTENSION},.json,application/json`): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      resolve(input.files?.[0] ?? null);
      input.remove();
    });
    input.addEventListener('cancel', () => {
      resolve(null);
      input.remove();
    });
    document.body.append(input);
    input.click();
  });
}

function download(name: string, content: string | Uint8Array, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

interface DraftRecord {
  id: string;
  name: string;
  path: string | null;
  savedAt: string;
  content: string;
}

interface LockManagerLike {
  request(name: string, callback: () => Promise<unknown>): Promise<unknown>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

const DRAFT_LOCK = 'marshrut-draft-';

/**
 * Drafts of unsaved work in IndexedDB. Each tab holds a Web Lock named after its draft while it
 * lives, so a draft whose lock nobody holds belongs to a tab that closed without clearing it
 * (crashed, killed): that is the one to offer back. Another open tab's draft is left alone.
 */
export function createBrowserRecovery(getLocale: () => Locale): Platform['recovery'] {
  const draftId = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  const locks = (navigator as unknown as { locks?: LockManagerLike }).locks;
  void locks?.request(`${DRAFT_LOCK}${draftId}`, () => new Promise(() => undefined)).catch(() => undefined);
  const size = (text: string) => new TextEncoder().encode(text).byteLength;
  const all = async () => ((await idb('readonly', (st) => st.getAll(), DRAFTS)) as DraftRecord[]).filter((d) => d && RECOVERY_ID_PATTERN.test(d.id));
  return {
    async write(draft) {
      try {
        const record: DraftRecord = { id: draftId, name: draft.name, path: draft.path, savedAt: new Date().toISOString(), content: draft.content };
        await idb('readwrite', (st) => st.put(record, draftId), DRAFTS);
        return { ok: true, value: null };
      } catch (error) {
        return { ok: false, error: translate(getLocale(), 'errors.writeFailed', { detail: message(error) }) };
      }
    },
    async clear() {
      await idb('readwrite', (st) => st.delete(draftId), DRAFTS).catch(() => undefined);
    },
    async list() {
      try {
        const held = new Set(((await locks?.query().catch(() => ({}))) as { held?: { name?: string }[] } | undefined)?.held?.map((l) => l.name) ?? []);
        return (await all())
          .filter((d) => d.id !== draftId && !held.has(`${DRAFT_LOCK}${d.id}`))
          .sort((a, b) => b.savedAt.localeCompare(a.savedAt))
          .map((d): RecoveryEntry => ({ id: d.id, name: d.name, path: d.path, savedAt: d.savedAt, size: size(d.content) }));
      } catch {
        return [];
      }
    },
    async read(id) {
      try {
        const record = (await idb('readonly', (st) => st.get(id), DRAFTS)) as DraftRecord | undefined;
        if (!record) return { ok: false, error: translate(getLocale(), 'recovery.gone') };
        return { ok: true, value: { id, name: record.name, path: record.path, savedAt: record.savedAt, size: size(record.content), content: record.content } };
      } catch (error) {
        return { ok: false, error: translate(getLocale(), 'errors.readFailed', { detail: message(error) }) };
      }
    },
    async take(id) {
      const draft = await this.read(id);
      if (!draft.ok) return draft;
      try {
        // The draft becomes this tab's, kept until the restored work is saved.
        const { content, name, path, savedAt } = draft.value;
        await idb('readwrite', (st) => st.put({ id: draftId, name, path, savedAt, content } satisfies DraftRecord, draftId), DRAFTS);
        if (id !== draftId) await idb('readwrite', (st) => st.delete(id), DRAFTS);
        return { ok: true, value: { ...draft.value, id: draftId } };
      } catch (error) {
        return { ok: false, error: translate(getLocale(), 'errors.readFailed', { detail: message(error) }) };
      }
    },
    async discard(id) {
      if (id !== draftId) await idb('readwrite', (st) => st.delete(id), DRAFTS).catch(() => undefined);
    },
  };
}

const hex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

export const fileNameFor = (title: string) => {
  const base = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120) || 'map';
  return base.toLowerCase().endsWith(`.${MAP_FILE_EXTENSION}`) ? base : `${base}.${MAP_FILE_EXTENSION}`;
};

export function createBrowserPlatform(dialogs: DialogHost, getLocale: () => Locale): Platform {
  const fs = window as unknown as FsAccessWindow;
  /** Handles of files opened or saved in this tab, by the id that stands in for a path. */
  const handles = new Map<string, FileHandle>();
  /** What each file looked like when this tab last read or wrote it, to notice changes made elsewhere. */
  const seen = new Map<string, { size: number; lastModified: number; sha256: string }>();
  const digest = async (file: File) => hex(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  const note = async (id: string, file: File) => void seen.set(id, { size: file.size, lastModified: file.lastModified, sha256: await digest(file) });
  const types = () => [
    { description: translate(getLocale(), 'dialog.fileFilter'), accept: { 'application/json': [`.${MAP_FILE_EXTENSION}`] } },
  ];

  const remember = async (handle: FileHandle): Promise<string> => {
    for (const [id, known] of handles) {
      if (known === handle) return id;
    }
    const id = `browser:${crypto.randomUUID()}`;
    handles.set(id, handle);
    try {
      const all = ((await idb('readonly', (s) => s.getAllKeys())) as string[]).filter((k) => k !== id);
      await idb('readwrite', (s) => s.put({ name: handle.name, handle, at: Date.now() } satisfies RecentRecord, id));
      const records = await Promise.all(all.map(async (k) => ({ k, r: (await idb('readonly', (s) => s.get(k))) as RecentRecord })));
      const stale = records
        .filter((x) => x.r?.name === handle.name)
        .map((x) => x.k)
        .concat(records.sort((a, b) => b.r.at - a.r.at).slice(MAX_RECENT - 1).map((x) => x.k));
      for (const k of new Set(stale)) await idb('readwrite', (s) => s.delete(k));
    } catch {
      // Private windows may have no IndexedDB: the recent list is a convenience, not a must.
    }
    return id;
  };

  const readHandle = async (handle: FileHandle): Promise<Result<OpenedFile>> => {
    try {
      const file = await handle.getFile();
      const id = await remember(handle);
      await note(id, file);
      return { ok: true, value: { path: id, name: handle.name, content: await file.text() } };
    } catch (error) {
      return { ok: false, error: translate(getLocale(), 'errors.readFailed', { detail: message(error) }) };
    }
  };

  const write = async (handle: FileHandle, content: string): Promise<Result<SavedFile>> => {
    try {
      if (handle.requestPermission && (await handle.requestPermission({ mode: 'readwrite' })) !== 'granted') {
        return { ok: false, error: translate(getLocale(), 'errors.writeFailed', { detail: 'permission denied' }) };
      }
      const writable = await handle.createWritable();
      await writable.write(content);
      await writable.close();
      const id = await remember(handle);
      await note(id, await handle.getFile());
      return { ok: true, value: { path: id, name: handle.name } };
    } catch (error) {
      return { ok: false, error: translate(getLocale(), 'errors.writeFailed', { detail: message(error) }) };
    }
  };

  async function checkFile(id: string): Promise<FileStatus> {
    const handle = handles.get(id);
    const before = seen.get(id);
    if (!handle || !before) return { state: 'unchanged' };
    let file: File;
    try {
      file = await handle.getFile();
    } catch (error) {
      return error instanceof DOMException && error.name === 'NotFoundError' ? { state: 'missing' } : { state: 'unchanged' };
    }
    if (file.size === before.size && file.lastModified === before.lastModified) return { state: 'unchanged' };
    const sha256 = await digest(file);
    return sha256 === before.sha256 ? { state: 'unchanged' } : { state: 'changed', sha256 };
  }

  return {
    kind: 'browser',
    checkFile,
    async readDiskVersion(id) {
      const handle = handles.get(id);
      if (!handle) return { ok: false, error: translate(getLocale(), 'errors.readFailed', { detail: id }) };
      try {
        return { ok: true, value: { path: id, name: handle.name, content: await (await handle.getFile()).text() } };
      } catch (error) {
        return { ok: false, error: translate(getLocale(), 'errors.readFailed', { detail: message(error) }) };
      }
    },
    recovery: createBrowserRecovery(getLocale),
    async startup() {
      return {
        locale: browserLocale(location.search, safeStorage(), navigator.language),
        version: import.meta.env.VITE_APP_VERSION ?? '',
        file: null,
      };
    },
    async openDialog() {
      if (fs.showOpenFilePicker) {
        try {
          const [handle] = await fs.showOpenFilePicker({ types: types() });
          return handle ? readHandle(handle) : null;
        } catch (error) {
          if (isAbort(error)) return null;
          return { ok: false, error: translate(getLocale(), 'errors.readFailed', { detail: message(error) }) };
        }
      }
      const file = await pickWithInput();
      if (!file) return null;
      return { ok: true, value: { path: null, name: file.name, content: await file.text() } };
    },
    async openImportFile(kind) {
      const file = await pickWithInput(
        kind === 'catalog' ? '.json,application/json' : '.csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      if (!file) return null;
      if (file.size > MAX_IMPORT_BYTES) {
        return { ok: false, error: translate(getLocale(), 'errors.tooLarge', { size: formatBytes(file.size), limit: formatBytes(MAX_IMPORT_BYTES) }) };
      }
      return { ok: true, value: { name: file.name, data: new Uint8Array(await file.arrayBuffer()) } };
    },
    async openRecent(entry) {
      let handle = handles.get(entry.path);
      if (!handle) {
        const record = (await idb('readonly', (s) => s.get(entry.path)).catch(() => undefined)) as RecentRecord | undefined;
        handle = record?.handle;
        if (handle) handles.set(entry.path, handle);
      }
      if (!handle) return { ok: false, error: translate(getLocale(), 'errors.readFailed', { detail: entry.name }) };
      if (handle.requestPermission && (await handle.requestPermission({ mode: 'read' })) !== 'granted') {
        return { ok: false, error: translate(getLocale(), 'errors.readFailed', { detail: 'permission denied' }) };
      }
      return readHandle(handle);
    },
    async openDropped(file, item) {
      const withHandle = item as (DataTransferItem & { getAsFileSystemHandle?(): Promise<FileHandle | null> }) | undefined;
      if (withHandle?.getAsFileSystemHandle) {
        const handle = await withHandle.getAsFileSystemHandle().catch(() => null);
        if (handle && (handle as { kind?: string }).kind === 'file') return readHandle(handle);
      }
      return { ok: true, value: { path: null, name: file.name, content: await file.text() } };
    },
    async save(request) {
      const known = request.path ? handles.get(request.path) : undefined;
      if (known && request.path && !request.saveAs) {
        if (!request.overwrite && (await checkFile(request.path)).state === 'changed') {
          return { ok: false, changedOnDisk: true, error: translate(getLocale(), 'dialog.changedOnDiskMessage', { name: known.name }) };
        }
        return write(known, request.content);
      }
      const suggestedName = fileNameFor(request.suggestedName);
      if (fs.showSaveFilePicker) {
        try {
          return await write(await fs.showSaveFilePicker({ types: types(), suggestedName }), request.content);
        } catch (error) {
          if (isAbort(error)) return null;
          return { ok: false, error: translate(getLocale(), 'errors.writeFailed', { detail: message(error) }) };
        }
      }
      download(suggestedName, request.content);
      return { ok: true, value: { path: '', name: suggestedName } };
    },
    async saveExport(request) {
      const name = `${fileNameFor(request.suggestedName).replace(/\.cjm$/i, '')}.${request.extension}`;
      download(name, request.data, EXPORT_TYPES[request.extension]);
      return { ok: true, value: { path: '', name } };
    },
    async printExport(request) {
      const { browserPrintExport } = await import('./browser-print');
      return browserPrintExport(request);
    },
    async listRecent() {
      try {
        const keys = (await idb('readonly', (s) => s.getAllKeys())) as string[];
        const records = await Promise.all(keys.map(async (k) => ({ k, r: (await idb('readonly', (s) => s.get(k))) as RecentRecord })));
        return records
          .filter((x) => x.r)
          .sort((a, b) => b.r.at - a.r.at)
          .slice(0, MAX_RECENT)
          .map((x): RecentFile => ({ path: x.k, name: x.r.name }));
      } catch {
        return [];
      }
    },
    async clearRecent() {
      await idb('readwrite', (s) => s.clear()).catch(() => undefined);
    },
    askUnsaved: (name) => dialogs.askUnsaved(name),
    setDocumentState() {},
    setLocale(locale) {
      safeStorage()?.setItem(LOCALE_KEY, locale);
      const url = new URL(location.href);
      if (url.searchParams.has('lang')) {
        url.searchParams.set('lang', locale);
        history.replaceState(null, '', url);
      }
    },
    openExternal(url) {
      if (/^https?:\/\//.test(url)) window.open(url, '_blank', 'noopener,noreferrer');
    },
    closeWindow() {},
    onEvent: () => () => {},
  };
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
