/**
 * The one IPC contract between the renderer and the main process: the methods the page may
 * call (each an `ipcRenderer.invoke` on its own channel), the zod schemas main validates their
 * arguments with, and the events main sends to the page. Main implements `DesktopApi`, the
 * preload exposes one function per method, the renderer calls them through its platform API.
 */
import { z } from 'zod';
import type { Locale } from './i18n';
import { PAGE_SIZE_NAMES, PNG_SCALES, type PageSize, type PngScale } from './export/print-options';

export interface OpenedFile {
  /** Absolute path on disk; null for a document that has none (a template, an upload). */
  path: string | null;
  /** File name shown in the title bar and recent list. */
  name: string;
  /** The file's text (decoded strictly as UTF-8 by main). */
  content: string;
  /** Someone else has the file open: the lock file next to it names who and since when. */
  lock?: LockInfo | null;
}

/** Who holds a map open, from the lock file next to it (`.~lock.<name>#`, as LibreOffice does). */
export interface LockInfo {
  user: string;
  host: string;
  /** When they opened it (ISO 8601). */
  since: string;
  /** The holder is gone (a crashed app on this computer, or not refreshed for a long time): safe to break. */
  stale: boolean;
}

/** Unsaved work the app autosaved to its recovery folder and did not clear (the app or the computer crashed). */
export interface RecoveryEntry {
  id: string;
  /** The document's display name (file name or map title). */
  name: string;
  /** The file it belongs to; null for an untitled map. */
  path: string | null;
  /** When it was last autosaved (ISO 8601). */
  savedAt: string;
  /** Size of the autosaved map in bytes. */
  size: number;
}

export interface RecoveryDraft {
  /** The map as it would be saved (its JSON text). */
  content: string;
  path: string | null;
  name: string;
}

export interface RecoveredDraft extends RecoveryEntry {
  content: string;
}

/** How a file on disk compares with what the app last read or wrote there. */
export interface FileStatus {
  state: 'unchanged' | 'changed' | 'missing';
  /** SHA-256 of the file as it is now (state 'changed'): to ask about one change only once. */
  sha256?: string;
}

export interface RecentFile {
  path: string;
  name: string;
}

export interface SaveRequest {
  /** Where to write; null (or saveAs) asks for a path with the native dialog. */
  path: string | null;
  content: string;
  /** File name proposed by the Save dialog, e.g. the map's title. */
  suggestedName: string;
  saveAs: boolean;
  /** Write even though the file changed on disk since it was read (the user chose to overwrite). */
  overwrite?: boolean;
}

export interface SavedFile {
  path: string;
  name: string;
}

export type UnsavedChoice = 'save' | 'discard' | 'cancel';

/** A spreadsheet picked for import: its name and raw bytes (CSV or XLSX). */
export interface PickedFile {
  name: string;
  data: Uint8Array;
}

export type ImportKind = 'spreadsheet' | 'catalog';

/** File types the Export dialog writes. */
export const EXPORT_EXTENSIONS = ['pdf', 'png', 'svg', 'html', 'docx', 'xlsx', 'csv', 'md'] as const;
export type ExportExtension = (typeof EXPORT_EXTENSIONS)[number];

export interface ExportRequest {
  /** File name proposed by the Save dialog, without extension. */
  suggestedName: string;
  extension: ExportExtension;
  data: string | Uint8Array;
}

/**
 * A map for the main process to print with Chromium (PDF) or capture (PNG). Main restores and
 * checks the document itself and builds the page from it: it prints nothing the page wrote.
 */
export interface PrintRequest {
  format: 'pdf' | 'png';
  /** The map as saved (its JSON text). */
  content: string;
  /** The user's guidance catalogs (JSON texts), for the appendix's section titles and links. */
  catalogs: string[];
  locale: Locale;
  title: boolean;
  legend: boolean;
  pdf: { page: PageSize; tiles: boolean; tileScale: number; appendix: boolean; comments?: boolean };
  /** maxSide lowers the scale so the picture fits (a map picture for the report). */
  png: { scale: PngScale; transparent: boolean; maxSide?: number };
}

/** Largest export the shell writes. */
export const MAX_EXPORT_BYTES = 200 * 1024 * 1024;

/** Largest spreadsheet the import reads. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** A result that crosses IPC without losing its message: errors are values, not exceptions. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export interface StartupInfo {
  locale: Locale;
  version: string;
  /** A file named on the command line or by the OS (double-click on a .cjm); null for none. */
  file: Result<OpenedFile> | null;
}

export interface DocumentState {
  /** The document's display name (file name or map title). */
  name: string;
  path: string | null;
  dirty: boolean;
  /** Open read-only (someone else has it, or a newer version made it): main does not lock the file. */
  readOnly?: boolean;
}

/** What a save returns: saved, cancelled (null), or why not; `changedOnDisk` when someone else changed the file. */
export type SaveResult = { ok: true; value: SavedFile } | { ok: false; error: string; changedOnDisk?: boolean };

/** Everything the page can ask the desktop shell to do. */
export interface DesktopApi {
  getStartup(): Promise<StartupInfo>;
  /** Shows the native Open dialog; null when cancelled. */
  openDialog(): Promise<Result<OpenedFile> | null>;
  /** Opens a file the user picked from the recent list or dropped on the window. */
  openPath(path: string): Promise<Result<OpenedFile>>;
  /** Shows the Open dialog for a spreadsheet (CSV, XLSX) or a guidance catalog (JSON) and reads it; null when cancelled. */
  openImportFile(kind: ImportKind): Promise<Result<PickedFile> | null>;
  /** Asks where to save an export (native Save dialog) and writes it atomically; null when cancelled. */
  saveExport(request: ExportRequest): Promise<Result<SavedFile> | null>;
  /** Prints the map to PDF or captures it as PNG in a hidden window; the bytes, or why not. */
  printExport(request: PrintRequest): Promise<Result<Uint8Array>>;
  /**
   * Writes the map atomically; null when the Save dialog was cancelled. A file changed on disk
   * since it was read is not overwritten unless `overwrite` is set: `changedOnDisk` says so.
   */
  save(request: SaveRequest): Promise<SaveResult | null>;
  /** Whether the file changed on disk since the app last read or wrote it. */
  checkFile(path: string): Promise<FileStatus>;
  /** Reads the file as it is on disk now, for a comparison, without adopting it as the open version. */
  readDiskVersion(path: string): Promise<Result<OpenedFile>>;
  /** Autosaves unsaved work to the recovery folder (this window's one draft, replaced each time). */
  writeRecovery(draft: RecoveryDraft): Promise<Result<null>>;
  /** Removes this window's draft (the work was saved or discarded). */
  clearRecovery(): Promise<void>;
  /** Drafts left behind by a session that ended without clearing them (a crash). */
  listRecovery(): Promise<RecoveryEntry[]>;
  /** Reads a left-behind draft without taking it (to compare it with the saved file). */
  readRecovery(id: string): Promise<Result<RecoveredDraft>>;
  /** Reads a left-behind draft and makes it this window's draft (cleared once saved). */
  takeRecovery(id: string): Promise<Result<RecoveredDraft>>;
  /** Deletes a left-behind draft. */
  discardRecovery(id: string): Promise<void>;
  listRecent(): Promise<RecentFile[]>;
  clearRecent(): Promise<void>;
  /** Asks with a native message box whether to save changes to `name`. */
  askUnsaved(name: string): Promise<UnsavedChoice>;
  /** Shows a native error box. */
  showError(title: string, message: string): Promise<void>;
  /** Keeps main informed for the title bar, the close guard and macOS's edited dot. */
  setDocumentState(state: DocumentState): Promise<void>;
  /** Switches the menus (and remembers the choice). */
  setLocale(locale: Locale): Promise<void>;
  /** Opens an http(s) link in the system browser: at once for allow-listed hosts, after asking for others. */
  openExternal(url: string): Promise<boolean>;
  /** Closes the window without asking again (after the page has saved or discarded). */
  closeWindow(): Promise<void>;
}

export type DesktopMethod = keyof DesktopApi;

export const DESKTOP_METHODS = [
  'getStartup',
  'openDialog',
  'openPath',
  'openImportFile',
  'saveExport',
  'printExport',
  'save',
  'checkFile',
  'readDiskVersion',
  'writeRecovery',
  'clearRecovery',
  'listRecovery',
  'readRecovery',
  'takeRecovery',
  'discardRecovery',
  'listRecent',
  'clearRecent',
  'askUnsaved',
  'showError',
  'setDocumentState',
  'setLocale',
  'openExternal',
  'closeWindow',
] as const satisfies readonly DesktopMethod[];

// Compile-time check that the list names every method exactly once.
type Missing = Exclude<DesktopMethod, (typeof DESKTOP_METHODS)[number]>;
const _allMethodsListed: Missing extends never ? true : Missing = true;
void _allMethodsListed;

export const channelOf = (method: DesktopMethod) => `marshrut:${method}` as const;

/** Main → page: one channel, typed events. */
export const EVENT_CHANNEL = 'marshrut:event';

export const APP_COMMANDS = [
  'new',
  'open',
  'save',
  'saveAs',
  'undo',
  'redo',
  'delete',
  'selectAll',
  'addStage',
  'addLane',
  'addStep',
  'zoomIn',
  'zoomOut',
  'fitView',
  'toggleMinimap',
  'toggleInspector',
  'showScorecard',
  'importSpreadsheet',
  'export',
  'about',
  'startVoting',
  'saveBaseline',
  'present',
  'quickCapture',
] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];

export type MainEvent =
  | { type: 'command'; command: AppCommand }
  /** A file to open: from the recent menu, a second instance, or the OS. */
  | { type: 'openPath'; path: string }
  | { type: 'setLocale'; locale: Locale }
  /** File → New from Template. */
  | { type: 'newFromTemplate'; templateId: string }
  /** The user asked to close the window while the document has unsaved changes. */
  | { type: 'closeRequested' };

/** What the preload puts on `window.marshrut`. */
export interface DesktopBridge extends DesktopApi {
  onEvent(listener: (event: MainEvent) => void): () => void;
  /** The path of a File dropped on the window (Electron's webUtils.getPathForFile). */
  pathForFile(file: File): string;
}

export const BRIDGE_KEY = 'marshrut';

// --------------------------------------------------------------- argument validation (main)
const pathArg = z.string().min(1).max(4096);
const text = (max: number) => z.string().max(max);
/** Recovery drafts are named by a random hex id (never a path). */
export const RECOVERY_ID_PATTERN = /^[0-9a-f]{32}$/;
const RECOVERY_ID = z.string().regex(RECOVERY_ID_PATTERN);
/** A map file's text may be large, but not unbounded. */
const MAX_CONTENT = 50 * 1024 * 1024;

export const DESKTOP_ARGS = {
  getStartup: z.tuple([]),
  openDialog: z.tuple([]),
  openPath: z.tuple([pathArg]),
  openImportFile: z.tuple([z.enum(['spreadsheet', 'catalog'])]),
  saveExport: z.tuple([
    z.object({
      suggestedName: text(300),
      extension: z.enum(EXPORT_EXTENSIONS),
      data: z.union([text(MAX_EXPORT_BYTES), z.instanceof(Uint8Array).refine((d) => d.byteLength <= MAX_EXPORT_BYTES)]),
    }),
  ]),
  printExport: z.tuple([
    z.object({
      format: z.enum(['pdf', 'png']),
      content: text(MAX_CONTENT),
      catalogs: z.array(text(MAX_CONTENT)).max(50),
      locale: z.enum(['ru', 'en']),
      title: z.boolean(),
      legend: z.boolean(),
      pdf: z.object({ page: z.enum(PAGE_SIZE_NAMES), tiles: z.boolean(), tileScale: z.number().min(0.25).max(4), appendix: z.boolean(), comments: z.boolean().optional() }),
      png: z.object({ scale: z.union(PNG_SCALES.map((s) => z.literal(s)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<4>]), transparent: z.boolean(), maxSide: z.number().int().min(256).max(32_767).optional() }),
    }),
  ]),
  save: z.tuple([
    z.object({
      path: pathArg.nullable(),
      content: text(MAX_CONTENT),
      suggestedName: text(300),
      saveAs: z.boolean(),
      overwrite: z.boolean().optional(),
    }),
  ]),
  checkFile: z.tuple([pathArg]),
  readDiskVersion: z.tuple([pathArg]),
  writeRecovery: z.tuple([z.object({ content: text(MAX_CONTENT), path: pathArg.nullable(), name: text(300) })]),
  clearRecovery: z.tuple([]),
  listRecovery: z.tuple([]),
  readRecovery: z.tuple([RECOVERY_ID]),
  takeRecovery: z.tuple([RECOVERY_ID]),
  discardRecovery: z.tuple([RECOVERY_ID]),
  listRecent: z.tuple([]),
  clearRecent: z.tuple([]),
  askUnsaved: z.tuple([text(300)]),
  showError: z.tuple([text(300), text(20_000)]),
  setDocumentState: z.tuple([z.object({ name: text(300), path: pathArg.nullable(), dirty: z.boolean(), readOnly: z.boolean().optional() })]),
  setLocale: z.tuple([z.enum(['ru', 'en'])]),
  openExternal: z.tuple([z.string().url().max(4096)]),
  closeWindow: z.tuple([]),
} satisfies Record<DesktopMethod, z.ZodTuple>;

export const MAP_FILE_EXTENSION = 'cjm';
