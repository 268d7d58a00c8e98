/**
 * The main process's implementation of the IPC contract. Everything Electron-specific comes
 * in through `DesktopDeps` as plain objects (type-only imports from 'electron'), so the same
 * code runs in Electron, in unit tests and in the e2e harness in plain Node, where the page's
 * `window.marshrut` calls are routed here with stubbed dialogs.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { MessageBoxOptions, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { translate, type Locale } from '../shared/i18n';
import {
  MAP_FILE_EXTENSION,
  type DesktopApi,
  type ExportRequest,
  type ImportKind,
  type DocumentState,
  type OpenedFile,
  type FileStatus,
  type PrintRequest,
  type RecentFile,
  type RecoveredDraft,
  type RecoveryDraft,
  type Result,
  type SaveResult,
  type SaveRequest,
  type StartupInfo,
  type UnsavedChoice,
} from '../shared/ipc';
import { problemLines, restoreDocument } from '../shared/model';
import {
  atomicWriteFile,
  cleanStrayTempFilesFor,
  describeFsError,
  isUnchangedOnDisk,
  readMapFileDetailed,
  sha256,
  type Fingerprint,
  readImportFile,
} from './files';
import { createRecentStore } from './recent';
import { createLockManager, currentLockSelf, describeLock, readLock, type LockSelf } from './lock';
import { createRecoveryStore } from './recovery';
import { renderPdf, renderPng, type PrintEngine } from './print/engine';
import { parseCatalog } from '../templates/guidance';
import type { GuidanceCatalog } from '../shared/guidance/catalog';

/** Hosts whose pages the app may open in the system browser. */
export const EXTERNAL_HOST_ALLOW_LIST: readonly string[] = [
  'cx.cdto.ranepa.ru',
  'github.com',
  'www.consultant.ru',
  'publication.pravo.gov.ru',
  'www.gosuslugi.ru',
  'gosuslugi.ru',
];

/** Extensions `openPath` accepts (the page may name any path; only map files are read). */
export const OPENABLE_EXTENSIONS: readonly string[] = [`.${MAP_FILE_EXTENSION}`, '.json'];

/** The subset of Electron's `dialog` used here (options-only forms; main binds the parent window). */
export interface DialogLike {
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string | undefined }>;
  showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

/** The parts of a BrowserWindow used here; all optional so `{}` is a valid stub. */
export interface WindowLike {
  setDocumentEdited?(edited: boolean): void;
  setRepresentedFilename?(filename: string): void;
  isDestroyed?(): boolean;
}

export interface DesktopDeps {
  dialog: DialogLike;
  shell: ShellLike;
  getWindow(): WindowLike | null;
  /** Folder for recent-files.json (Electron's userData, or a temp dir in tests). */
  userDataDir: string;
  getLocale(): Locale;
  /** Remembers the user's language choice (main persists it in settings). */
  setLocale(locale: Locale): void | Promise<void>;
  version: string;
  /** The file named on the command line or by the OS; a function when main learns it late. */
  startupFile: string | null | (() => string | null);
  /** The page's document state: for the close guard, the title and macOS's edited dot. */
  onDocumentState(state: DocumentState): void;
  /** After setLocale: main rebuilds its menus. */
  onLocaleChanged(locale: Locale): void;
  /** Closes the window without asking again. */
  closeWindow(): void;
  /** After the recent list changed: main rebuilds the Open Recent menu. */
  onRecentChanged?(recent: RecentFile[]): void;
  /** Defaults to process.platform (macOS-only window calls are skipped elsewhere). */
  platform?: NodeJS.Platform;
  /** The Chromium that prints PDF and captures PNG (a hidden window in the app), made on first use. */
  printEngine?(): PrintEngine | Promise<PrintEngine>;
  /** Who this app is in lock files next to open maps (tests pass their own). */
  lockSelf?: LockSelf;
  /** Temp files of a map older than this are a crashed save's and removed when the map is opened. */
  strayTempAgeMs?: number;
}

/** The contract plus what main itself calls: releasing the lock when the window goes away. */
export interface DesktopApiHandle extends DesktopApi {
  dispose(): Promise<void>;
}

/** Whether `url` is an http(s) link to a host on the allow-list (no credentials in it). */
/** The host name of a URL, or '' when it is not one. */
const hostOf = (url: string) => {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
};

export function isAllowedExternalUrl(url: string, allowList: readonly string[] = EXTERNAL_HOST_ALLOW_LIST): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (parsed.port !== '') return false;
  return allowList.includes(parsed.hostname.toLowerCase());
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/** A file name (without extension) safe on Windows, macOS and Linux, from a map title. */
export function sanitizeFileName(name: string, fallback: string): string {
  let out = name
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  if (out.toLowerCase().endsWith(`.${MAP_FILE_EXTENSION}`)) out = out.slice(0, -(MAP_FILE_EXTENSION.length + 1)).trim();
  if (out.length > 120) out = out.slice(0, 120).trim();
  if (out === '') out = sanitizeFileName(fallback, 'map');
  if (WINDOWS_RESERVED.test(out)) out = `_${out}`;
  return out;
}

const hasOpenableExtension = (p: string) => OPENABLE_EXTENSIONS.includes(path.extname(p).toLowerCase());

/** Adds `.cjm` unless the chosen name already ends in a map extension. */
const withMapExtension = (p: string) => (hasOpenableExtension(p) ? p : `${p}.${MAP_FILE_EXTENSION}`);

/** A temp file older than this next to a map is a crashed save's, not one in progress. */
export const STRAY_TEMP_AGE_MS = 5 * 60_000;

const errorCode = (error: unknown): string | undefined =>
  error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : undefined;

const pathKey = (p: string) => {
  const resolved = path.resolve(p);
  return process.platform === 'win32' || process.platform === 'darwin' ? resolved.toLowerCase() : resolved;
};

export function createDesktopApi(deps: DesktopDeps): DesktopApiHandle {
  const recent = createRecentStore(deps.userDataDir);
  const recovery = createRecoveryStore(deps.userDataDir);
  /** This page's recovery draft; a new one for every page load (a reloaded page may recover the last one's). */
  let draftId = recovery.newId();
  const lockSelf = deps.lockSelf ?? currentLockSelf(recovery.newId());
  const locks = createLockManager({ self: lockSelf });
  const t = (key: string, params?: Record<string, string | number>) => translate(deps.getLocale(), key, params);
  const platform = deps.platform ?? process.platform;
  /**
   * Paths the user opened or chose: the page may save in place only to these, anything else
   * goes through the Save dialog. With each, what the file looked like when we last touched it.
   */
  const known = new Map<string, Fingerprint | null>();

  const filters = () => [{ name: t('dialog.fileFilter'), extensions: [MAP_FILE_EXTENSION] }];
  const notifyRecent = (list: RecentFile[]) => deps.onRecentChanged?.(list);

  const addRecent = async (filePath: string) => {
    try {
      notifyRecent(await recent.add(filePath));
    } catch {
      // the recent list is a convenience; never fail an open or a save because of it
    }
  };

  const lastFolder = async (): Promise<string | undefined> => {
    const first = (await recent.list().catch(() => []))[0];
    return first ? path.dirname(first.path) : undefined;
  };

  async function read(filePath: string): Promise<Result<OpenedFile>> {
    const result = await readMapFileDetailed(filePath, deps.getLocale());
    if (!result.ok) {
      // A file that is gone leaves the recent list.
      try {
        await fs.access(filePath);
      } catch {
        const list = await recent.list().catch(() => []);
        if (list.some((r) => pathKey(r.path) === pathKey(filePath))) notifyRecent(await recent.remove(filePath).catch(() => list));
      }
      return result;
    }
    const opened = result.value.file.path ?? filePath;
    known.set(pathKey(opened), result.value.fingerprint);
    await addRecent(opened);
    // Temp files of this map left by a save that crashed (old enough not to be a save in progress).
    await cleanStrayTempFilesFor(opened, deps.strayTempAgeMs ?? STRAY_TEMP_AGE_MS).catch(() => 0);
    const lock = await readLock(opened);
    const info = lock ? describeLock(lock, lockSelf, new Date()) : null;
    return { ok: true, value: info ? { ...result.value.file, lock: info } : result.value.file };
  }

  async function openPath(filePath: string): Promise<Result<OpenedFile>> {
    if (!hasOpenableExtension(filePath)) return { ok: false, error: t('errors.notAMapFile') };
    return read(path.resolve(filePath));
  }

  const startupFile = () => (typeof deps.startupFile === 'function' ? deps.startupFile() : deps.startupFile);

  async function save(request: SaveRequest): Promise<SaveResult | null> {
    const restored = restoreDocument(request.content, deps.getLocale());
    if (!restored.ok) {
      const lines = problemLines(restored.problems);
      const detail = lines.slice(0, 3).join('; ') + (lines.length > 3 ? ` ${t('dialog.moreProblems', { count: lines.length - 3 })}` : '');
      return { ok: false, error: t('errors.invalidContent', { detail }) };
    }

    let target: string;
    const inPlace = request.path !== null && !request.saveAs && known.has(pathKey(request.path));
    if (inPlace && request.path !== null) {
      target = path.resolve(request.path);
      const fingerprint = known.get(pathKey(target));
      if (fingerprint && !request.overwrite && !(await isUnchangedOnDisk(target, fingerprint))) {
        // Never overwrite someone else's change silently: the page asks what to do.
        return { ok: false, changedOnDisk: true, error: t('dialog.changedOnDiskMessage', { name: path.basename(target) }) };
      }
    } else {
      const name = `${sanitizeFileName(request.suggestedName, t('app.untitled'))}.${MAP_FILE_EXTENSION}`;
      const folder = request.path ? path.dirname(path.resolve(request.path)) : await lastFolder();
      const chosen = await deps.dialog.showSaveDialog({
        title: t('dialog.saveTitle'),
        defaultPath: folder ? path.join(folder, name) : name,
        filters: filters(),
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (chosen.canceled || !chosen.filePath) return null;
      target = withMapExtension(path.resolve(chosen.filePath));
    }

    const bytes = Buffer.from(request.content, 'utf8');
    try {
      await atomicWriteFile(target, bytes);
      let fingerprint: Fingerprint | null = null;
      try {
        const stat = await fs.stat(target);
        fingerprint = { size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(bytes) };
      } catch {
        fingerprint = null;
      }
      known.set(pathKey(target), fingerprint);
    } catch (error) {
      return { ok: false, error: describeFsError(error, target, deps.getLocale(), 'write') };
    }
    await addRecent(target);
    return { ok: true, value: { path: target, name: path.basename(target) } };
  }

  let engine: Promise<PrintEngine> | null = null;
  async function printExport(request: PrintRequest): Promise<Result<Uint8Array>> {
    const locale = deps.getLocale();
    const failed = (detail: string) => ({ ok: false as const, error: translate(locale, 'export.print.failed', { detail }) });
    if (!deps.printEngine) return failed(translate(locale, 'export.print.noEngine'));
    const restored = restoreDocument(request.content, locale);
    if (!restored.ok) return { ok: false, error: problemLines(restored.problems).slice(0, 20).join('\n') };
    const catalogs: GuidanceCatalog[] = [];
    for (const text of request.catalogs) {
      const parsed = parseCatalog(text, locale);
      if (parsed.ok) catalogs.push(parsed.catalog);
    }
    try {
      engine ??= Promise.resolve(deps.printEngine());
      const printer = await engine;
      const options = { locale: request.locale, title: request.title, legend: request.legend };
      if (request.format === 'pdf') {
        return { ok: true, value: await renderPdf(printer, restored.doc, { ...options, catalogs, ...request.pdf }) };
      }
      const png = await renderPng(printer, restored.doc, {
        ...options,
        scale: request.png.scale,
        background: request.png.transparent ? 'transparent' : 'white',
        ...(request.png.maxSide !== undefined ? { maxSide: request.png.maxSide } : {}),
      });
      return png.ok ? { ok: true, value: png.png } : { ok: false, error: png.error };
    } catch (error) {
      // A fresh engine next time; the old one's windows are closed, not left behind.
      const broken = engine;
      engine = null;
      void broken?.then((printer) => printer.close()).catch(() => undefined);
      return failed(error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error));
    }
  }

  async function checkFile(filePath: string): Promise<FileStatus> {
    const fingerprint = known.get(pathKey(filePath));
    if (!fingerprint) return { state: 'unchanged' };
    const target = path.resolve(filePath);
    let bytes: Buffer;
    let mtimeMs: number;
    try {
      const stat = await fs.stat(target);
      if (stat.size === fingerprint.size && stat.mtimeMs === fingerprint.mtimeMs) return { state: 'unchanged' };
      mtimeMs = stat.mtimeMs;
      bytes = await fs.readFile(target);
    } catch (error) {
      return errorCode(error) === 'ENOENT' ? { state: 'missing' } : { state: 'unchanged' };
    }
    const hash = sha256(bytes);
    if (hash !== fingerprint.sha256) return { state: 'changed', sha256: hash };
    // Touched but the same bytes (a sync tool, a copy back): remember the new time, no need to hash again.
    known.set(pathKey(target), { ...fingerprint, mtimeMs });
    return { state: 'unchanged' };
  }

  async function readDiskVersion(filePath: string): Promise<Result<OpenedFile>> {
    // Only a file the user opened or saved here, or one a recovery draft belongs to: the page
    // cannot read arbitrary paths this way.
    const key = pathKey(filePath);
    const ofDraft = async () => (await recovery.list()).some((entry) => entry.path !== null && pathKey(entry.path) === key);
    if (!known.has(key) && !(await ofDraft())) return { ok: false, error: t('errors.notAMapFile') };
    const result = await readMapFileDetailed(path.resolve(filePath), deps.getLocale());
    return result.ok ? { ok: true, value: result.value.file } : result;
  }

  async function writeRecovery(draft: RecoveryDraft): Promise<Result<null>> {
    const base = draft.path ? (known.get(pathKey(draft.path)) ?? null) : null;
    try {
      await recovery.write(draftId, { ...draft, path: draft.path ? path.resolve(draft.path) : null, base });
      return { ok: true, value: null };
    } catch (error) {
      return { ok: false, error: describeFsError(error, path.join(deps.userDataDir, 'recovery'), deps.getLocale(), 'write') };
    }
  }

  async function takeRecovery(id: string): Promise<Result<RecoveredDraft>> {
    const draft = id === draftId ? await recovery.read(id) : await recovery.adopt(id, draftId);
    if (!draft) return { ok: false, error: t('recovery.gone') };
    // Saving the restored work in place is checked against the file as the crashed session knew it.
    if (draft.path) known.set(pathKey(draft.path), draft.base);
    const { base: _base, ...rest } = draft;
    return { ok: true, value: { ...rest, id: draftId } };
  }

  return {
    async dispose() {
      await locks.release();
    },

    checkFile,
    readDiskVersion,
    writeRecovery,
    async clearRecovery() {
      await recovery.remove(draftId);
    },
    async listRecovery() {
      return (await recovery.list()).filter((entry) => entry.id !== draftId);
    },
    async readRecovery(id: string): Promise<Result<RecoveredDraft>> {
      const draft = await recovery.read(id);
      if (!draft) return { ok: false, error: t('recovery.gone') };
      const { base: _base, ...rest } = draft;
      return { ok: true, value: rest };
    },
    takeRecovery,
    async discardRecovery(id: string) {
      if (id !== draftId) await recovery.remove(id);
    },

    async getStartup(): Promise<StartupInfo> {
      // A freshly loaded page: its drafts are new (the previous page's, if it crashed, stay to be offered).
      draftId = recovery.newId();
      const file = startupFile();
      return {
        locale: deps.getLocale(),
        version: deps.version,
        file: file ? await openPath(file) : null,
      };
    },

    async openDialog() {
      const folder = await lastFolder();
      const chosen = await deps.dialog.showOpenDialog({
        title: t('dialog.openTitle'),
        properties: ['openFile'],
        filters: [{ name: t('dialog.fileFilter'), extensions: [MAP_FILE_EXTENSION, 'json'] }],
        ...(folder ? { defaultPath: folder } : {}),
      });
      const picked = chosen.filePaths[0];
      if (chosen.canceled || !picked) return null;
      // The user picked this file themselves: read it whatever its extension.
      return read(path.resolve(picked));
    },

    openPath,

    async openImportFile(kind: ImportKind) {
      const folder = await lastFolder();
      const chosen = await deps.dialog.showOpenDialog({
        title: t(kind === 'catalog' ? 'guidancePanel.addCatalog' : 'importer.title'),
        properties: ['openFile'],
        filters:
          kind === 'catalog'
            ? [{ name: t('guidancePanel.catalogFilter'), extensions: ['json'] }]
            : [{ name: t('importer.stepsFile'), extensions: ['csv', 'xlsx', 'txt'] }],
        ...(folder ? { defaultPath: folder } : {}),
      });
      const picked = chosen.filePaths[0];
      if (chosen.canceled || !picked) return null;
      return readImportFile(picked, deps.getLocale());
    },

    async saveExport(request: ExportRequest) {
      const extension = request.extension;
      const name = `${sanitizeFileName(request.suggestedName, t('app.untitled'))}.${extension}`;
      const folder = await lastFolder();
      const chosen = await deps.dialog.showSaveDialog({
        title: t('exportDialog.title'),
        defaultPath: folder ? path.join(folder, name) : name,
        filters: [{ name: t(`exportDialog.filter.${extension}`), extensions: [extension] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (chosen.canceled || !chosen.filePath) return null;
      let target = path.resolve(chosen.filePath);
      if (path.extname(target).toLowerCase() !== `.${extension}`) target = `${target}.${extension}`;
      const bytes = typeof request.data === 'string' ? Buffer.from(request.data, 'utf8') : Buffer.from(request.data.buffer, request.data.byteOffset, request.data.byteLength);
      try {
        await atomicWriteFile(target, bytes);
      } catch (error) {
        return { ok: false, error: describeFsError(error, target, deps.getLocale(), 'write') };
      }
      return { ok: true, value: { path: target, name: path.basename(target) } };
    },

    printExport,

    save,

    listRecent: () => recent.list().catch(() => []),

    async clearRecent() {
      notifyRecent(await recent.clear());
    },

    async askUnsaved(name: string): Promise<UnsavedChoice> {
      const { response } = await deps.dialog.showMessageBox({
        type: 'warning',
        title: t('dialog.unsavedTitle'),
        message: t('dialog.unsavedMessage', { name }),
        detail: t('dialog.unsavedDetail'),
        buttons: [t('dialog.save'), t('dialog.dontSave'), t('dialog.cancel')],
        defaultId: 0,
        cancelId: 2,
        noLink: true,
      });
      return response === 0 ? 'save' : response === 1 ? 'discard' : 'cancel';
    },

    async showError(title: string, message: string) {
      await deps.dialog.showMessageBox({
        type: 'error',
        title,
        message: title,
        detail: message,
        buttons: [t('dialog.ok')],
        noLink: true,
      });
    },

    async setDocumentState(state: DocumentState) {
      deps.onDocumentState(state);
      // The lock next to the open map: held while it is open for editing (only a file opened or saved here).
      const lockable = state.path !== null && !state.readOnly && known.has(pathKey(state.path));
      await locks.hold(lockable && state.path ? path.resolve(state.path) : null);
      const win = deps.getWindow();
      if (platform === 'darwin' && win && !win.isDestroyed?.()) {
        win.setDocumentEdited?.(state.dirty);
        win.setRepresentedFilename?.(state.path ?? '');
      }
    },

    async setLocale(locale: Locale) {
      await deps.setLocale(locale);
      deps.onLocaleChanged(locale);
    },

    async openExternal(url: string) {
      if (!isAllowedExternalUrl(url)) {
        // Another web address (a user's own catalog, a regional portal): ask first, as VS Code
        // does. Anything that is not a plain http(s) link is refused outright.
        if (!isAllowedExternalUrl(url, [hostOf(url)])) return false;
        const { response } = await deps.dialog.showMessageBox({
          type: 'question',
          title: t('dialog.externalTitle'),
          message: t('dialog.externalMessage', { host: hostOf(url) }),
          detail: url,
          buttons: [t('dialog.externalOpen'), t('dialog.cancel')],
          defaultId: 1,
          cancelId: 1,
          noLink: true,
        });
        if (response !== 0) return false;
      }
      try {
        await deps.shell.openExternal(url);
        return true;
      } catch {
        return false;
      }
    },

    async closeWindow() {
      // The page calls this after the work was saved or deliberately discarded.
      await recovery.remove(draftId).catch(() => undefined);
      await locks.release();
      deps.closeWindow();
    },
  };
}
