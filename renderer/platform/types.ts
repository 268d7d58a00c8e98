import type { Locale } from '../../shared/i18n';
import type {
  DocumentState,
  ExportRequest,
  FileStatus,
  ImportKind,
  MainEvent,
  OpenedFile,
  PickedFile,
  PrintRequest,
  RecentFile,
  RecoveredDraft,
  RecoveryDraft,
  RecoveryEntry,
  Result,
  SaveRequest,
  SaveResult,
  SavedFile,
  UnsavedChoice,
} from '../../shared/ipc';

/**
 * What the page needs from its host. The desktop edition forwards to the preload bridge; the
 * browser edition uses the File System Access API (or upload/download) and local storage.
 */
export interface Platform {
  kind: 'desktop' | 'browser';
  startup(): Promise<{ locale: Locale; version: string; file: Result<OpenedFile> | null }>;
  openDialog(): Promise<Result<OpenedFile> | null>;
  openRecent(entry: RecentFile): Promise<Result<OpenedFile>>;
  /** A file dropped on the window. */
  openDropped(file: File, item?: DataTransferItem): Promise<Result<OpenedFile>>;
  /** Picks a spreadsheet (CSV, XLSX) or a guidance catalog (JSON) and reads its bytes. */
  openImportFile(kind: ImportKind): Promise<Result<PickedFile> | null>;
  /** Saves the map; `changedOnDisk` when the file changed since it was read and `overwrite` was not set. */
  save(request: SaveRequest): Promise<SaveResult | null>;
  /** Whether the open file changed on disk since it was read or written here. */
  checkFile(path: string): Promise<FileStatus>;
  /** The file as it is on disk now, without adopting it (for a comparison). */
  readDiskVersion(path: string): Promise<Result<OpenedFile>>;
  /** Autosave of unsaved work, offered back after a crash. */
  recovery: {
    write(draft: RecoveryDraft): Promise<Result<null>>;
    clear(): Promise<void>;
    list(): Promise<RecoveryEntry[]>;
    read(id: string): Promise<Result<RecoveredDraft>>;
    take(id: string): Promise<Result<RecoveredDraft>>;
    discard(id: string): Promise<void>;
  };
  /** Saves an export where the user chooses (the browser downloads it). */
  saveExport(request: ExportRequest): Promise<Result<SavedFile> | null>;
  /**
   * Prints the map to PDF or captures it as PNG: the bytes to save, or null when the browser's own
   * print dialog took over (the browser edition's PDF).
   */
  printExport(request: PrintRequest): Promise<Result<Uint8Array | null>>;
  listRecent(): Promise<RecentFile[]>;
  clearRecent(): Promise<void>;
  askUnsaved(name: string): Promise<UnsavedChoice>;
  setDocumentState(state: DocumentState): void;
  setLocale(locale: Locale): void;
  openExternal(url: string): void;
  /** Closes the window after the page has dealt with unsaved changes (desktop only). */
  closeWindow(): void;
  onEvent(listener: (event: MainEvent) => void): () => void;
}

/** In-app dialogs a platform can borrow from the UI (the browser has no native message box). */
export interface DialogHost {
  askUnsaved(name: string): Promise<UnsavedChoice>;
}
