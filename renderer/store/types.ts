import type { Locale } from '../../shared/i18n';
import type { LockInfo, RecentFile, RecoveryEntry, UnsavedChoice } from '../../shared/ipc';
import type { GuidanceCatalog } from '../../shared/guidance/catalog';
import type { JourneyMap } from '../../shared/model';
import type { PresentationUi } from '../present/slice';
import type { CaptureUi } from '../workshop/QuickCaptureSlice';

export interface XY {
  x: number;
  y: number;
}

/** The undoable part of the state: the document only. */
export interface DocumentSlice {
  doc: JourneyMap;
  /** Where the document lives: a file path (desktop) or handle id (browser); null if nowhere yet. */
  filePath: string | null;
  fileName: string | null;
  /** The document as last opened or saved; `doc !== savedDoc` means unsaved changes. */
  savedDoc: JourneyMap;
  /** Why the document may not be edited (someone else has it open, a newer version made it); null when it may. */
  readOnly: ReadOnlyReason | null;
  /**
   * Replaces the document (open, new) and forgets the undo history. `dirty` marks it as unsaved
   * (recovered work); `readOnly` opens it for viewing only.
   */
  loadDocument(doc: JourneyMap, file: { path: string | null; name: string | null }, options?: { dirty?: boolean; readOnly?: ReadOnlyReason | null }): void;
  /** Records that `doc` (the document as it was when saving began) is now on disk; a saved copy is editable. */
  markSaved(doc: JourneyMap, file: { path: string | null; name: string }): void;
  setReadOnly(reason: ReadOnlyReason | null): void;
  /**
   * Runs a pure operation on the document. Calls with the same `coalesce` key in a row (typing
   * in one field) make a single undo step. Returns whether the document changed.
   */
  apply(op: (doc: JourneyMap) => JourneyMap, coalesce?: string): boolean;
  /** Ends a run of coalesced edits (a field lost focus). */
  endCoalescing(): void;
  undo(): void;
  redo(): void;
}

export type ReadOnlyReason = { kind: 'locked'; lock: LockInfo } | { kind: 'newerVersion'; version: number };

export type ConflictChoice = 'reload' | 'copy' | 'overwrite' | 'cancel';
export type LockChoice = 'readOnly' | 'edit' | 'cancel';

export type Dialog =
  | { kind: 'unsaved'; name: string; resolve(choice: UnsavedChoice): void }
  /** Work autosaved by a session that crashed, offered back at start. */
  | { kind: 'recovery'; entries: RecoveryEntry[] }
  /** The open file changed on disk: noticed on focus, or when saving (then Overwrite is offered). */
  | { kind: 'conflict'; name: string; path: string; when: 'focus' | 'save'; resolve(choice: ConflictChoice): void }
  /** The file being opened is locked by someone else. */
  | { kind: 'lock'; name: string; lock: LockInfo; resolve(choice: LockChoice): void }
  | { kind: 'error'; title: string; lines: string[] }
  | { kind: 'about'; version: string };

export type SidebarTab = 'inspector' | 'scorecard' | 'health' | 'guidance' | 'registries' | 'voting' | 'baselines' | 'comments';

export interface Selection {
  /** Node ids: step ids, `stage:<id>`, `lane:<id>`, `pain:<id>`, `opp:<id>`. */
  nodes: string[];
  /** Flow ids. */
  edges: string[];
}

/** Everything that is not the document: never undone, never saved. */
export interface UiSlice extends PresentationUi, CaptureUi {
  locale: Locale;
  version: string;
  selection: Selection;
  /** Positions of cards while they are being dragged. */
  dragPositions: Record<string, XY> | null;
  inspectorOpen: boolean;
  /** Which page of the side panel shows. */
  sidebarTab: SidebarTab;
  minimapOpen: boolean;
  /** A stage or lane header being renamed in place. */
  renaming: { kind: 'stage' | 'lane'; id: string } | null;
  dialog: Dialog | null;
  status: string | null;
  recent: RecentFile[];
  /** The other map of an as-is / to-be comparison, while the compare view is open. */
  compare: { doc: JourneyMap; name: string; /** The left side, when two versions are compared in a set order (baselines). */ base?: { doc: JourneyMap; name: string } } | null;
  /** The guidance catalogs the app has (built-in and the user's, with corrected URLs). */
  catalogs: GuidanceCatalog[];
  /** The section the guidance panel shows. */
  guidanceFocus: { catalog: string; section: string } | null;
  /** The spreadsheet import dialog is open. */
  importing: boolean;
  /** The export dialog is open. */
  exporting: boolean;
  /** Bumped to ask the canvas to fit the whole map in view (after opening a map). */
  fitRequest: number;
  setLocale(locale: Locale): void;
  select(selection: Partial<Selection>): void;
  setDragPositions(positions: Record<string, XY> | null): void;
  toggleInspector(): void;
  showSidebar(tab: SidebarTab): void;
  toggleMinimap(): void;
  setRenaming(renaming: UiSlice['renaming']): void;
  openDialog(dialog: Dialog | null): void;
  setStatus(status: string | null): void;
  setRecent(recent: RecentFile[]): void;
  requestFit(): void;
  setCompare(compare: UiSlice['compare']): void;
  setImporting(importing: boolean): void;
  setExporting(exporting: boolean): void;
  setCatalogs(catalogs: GuidanceCatalog[]): void;
  showGuidance(focus: { catalog: string; section: string } | null): void;
}

export type StoreState = DocumentSlice & UiSlice;
