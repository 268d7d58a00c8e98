/**
 * What the menus, toolbar, keyboard and main-process events do: file commands through the
 * platform API, and editing commands as pure operations applied to the store.
 */
import { translate, type Locale } from '../../shared/i18n';
import type { AppCommand, LockInfo, MainEvent, OpenedFile, RecentFile, RecoveryEntry, Result } from '../../shared/ipc';
import {
  addLane,
  addStage,
  addStep,
  createEmptyDocument,
  deleteElements,
  deleteEntity,
  deleteLane,
  deleteStage,
  newId,
  problemLines,
  restoreDocument,
  serializeDocument,
  type JourneyMap,
} from '../../shared/model';
import type { Platform } from '../platform/types';
import { isDirty, type AppStore } from '../store';
import type { ConflictChoice, Dialog, LockChoice, ReadOnlyReason } from '../store/types';
import { saveBaselineCommand, startVotingCommand } from '../workshop/VotingState';
import { startPresentation } from '../present/fullscreen';
import { toggleCapture } from '../workshop/QuickCaptureSlice';

const MAX_PROBLEM_LINES = 12;

/** Imperative handles the canvas registers so commands can move the view. */
export interface CanvasHandle {
  fitView(): void;
  /** Pans (keeping the zoom) so that the node is in view. */
  reveal(nodeId: string): void;
  /** Pans (keeping the zoom) so that the node is in the middle of the view. */
  centre(nodeId: string): void;
  zoomIn(): void;
  zoomOut(): void;
}

export type Controller = ReturnType<typeof createController>;

/** Bundled templates, by id (the renderer's are inlined at build time). */
export interface TemplateSource {
  load(id: string, locale: Locale): JourneyMap | null;
  /** The template whose file is named `fileName` (for a counterpart named by file), if any. */
  byFileName(fileName: string): string | null;
}

export function createController(store: AppStore, platform: Platform, loadSample: (locale: Locale) => JourneyMap, templates?: TemplateSource) {
  let canvas: CanvasHandle | null = null;
  const state = () => store.getState();
  const t = (key: string, params?: Record<string, string | number>) => translate(state().locale, key, params);

  const displayName = () => state().fileName ?? state().doc.meta.title;

  function showError(title: string, lines: string[]) {
    const extra = lines.length - MAX_PROBLEM_LINES;
    const shown = extra > 0 ? [...lines.slice(0, MAX_PROBLEM_LINES), t('dialog.moreProblems', { count: extra })] : lines;
    state().openDialog({ kind: 'error', title, lines: shown });
  }

  /**
   * Runs a platform call; if it fails outright (the bridge refused it, the browser threw), the
   * user gets a message instead of an unhandled rejection, and nothing changes.
   */
  async function attempt<T>(title: string, call: () => Promise<T>): Promise<T | null> {
    try {
      return await call();
    } catch (error) {
      showError(title, [t('errors.generic', { detail: error instanceof Error ? error.message : String(error) })]);
      return null;
    }
  }
  const opening = (call: () => Promise<Result<OpenedFile> | null>) => attempt(t('dialog.openFailedTitle'), call).then(loadOpened);

  async function refreshRecent() {
    state().setRecent(await platform.listRecent().catch(() => []));
  }

  /** Asks about unsaved changes; true when it is fine to replace or close the document. */
  async function confirmDiscard(): Promise<boolean> {
    if (!isDirty(state())) return true;
    const choice = await attempt(t('dialog.unsavedTitle'), () => platform.askUnsaved(displayName()));
    if (choice === null || choice === 'cancel') return false;
    if (choice === 'save') return save(false);
    return true;
  }

  /**
   * The map in an opened file, or null after telling the user what was wrong with it. A map from a
   * newer version is read as far as this version understands it (`newerVersion`), for viewing.
   */
  function restoreOpened(result: Result<OpenedFile> | null): { doc: JourneyMap; file: OpenedFile; newerVersion?: number } | null {
    if (!result) return null;
    if (!result.ok) {
      showError(t('dialog.openFailedTitle'), [result.error]);
      return null;
    }
    const restored = restoreDocument(result.value.content, state().locale, { allowNewer: true });
    if (!restored.ok) {
      showError(t('dialog.openFailedTitle'), [result.value.name, ...problemLines(restored.problems)]);
      return null;
    }
    return { doc: restored.doc, file: result.value, ...(restored.newerVersion !== undefined ? { newerVersion: restored.newerVersion } : {}) };
  }

  const ask = <T,>(make: (resolve: (choice: T) => void) => Dialog) => new Promise<T>((resolve) => state().openDialog(make(resolve)));

  const askLock = (name: string, lock: LockInfo) => ask<LockChoice>((resolve) => ({ kind: 'lock', name, lock, resolve }));

  /** Opens a file the user chose: read-only when a newer version made it or (if they say so) someone else has it open. */
  async function loadOpened(result: Result<OpenedFile> | null): Promise<boolean> {
    const opened = restoreOpened(result);
    if (!opened) return false;
    const { path, name, lock } = opened.file;
    let readOnly: ReadOnlyReason | null = null;
    if (opened.newerVersion !== undefined) {
      readOnly = { kind: 'newerVersion', version: opened.newerVersion };
    } else if (lock) {
      const choice = await askLock(name, lock);
      if (choice === 'cancel') return false;
      if (choice === 'readOnly') readOnly = { kind: 'locked', lock };
    }
    state().loadDocument(opened.doc, { path, name }, { readOnly });
    state().setStatus(t('status.opened', { name }));
    state().requestFit();
    conflictAsked = null;
    void refreshRecent();
    return true;
  }

  /** The file name without the map extension, for "name (my version)". */
  const baseName = (name: string) => name.replace(/\.(cjm|json)$/i, '');

  async function save(saveAs: boolean, options: { overwrite?: boolean; suggestedName?: string } = {}): Promise<boolean> {
    const { doc, filePath, readOnly } = state();
    // A read-only map is only ever saved as a copy under another name.
    const copy = readOnly !== null;
    const name = state().fileName ?? doc.meta.title;
    const stamped = { ...doc, meta: { ...doc.meta, modified: new Date().toISOString() } };
    const result = await attempt(t('dialog.saveFailedTitle'), () =>
      platform.save({
        path: filePath,
        content: serializeDocument(stamped),
        suggestedName: options.suggestedName ?? (copy ? t('conflict.copySuffix', { name: baseName(name) }) : name),
        saveAs: saveAs || copy || filePath === null,
        ...(options.overwrite ? { overwrite: true } : {}),
      }),
    );
    if (!result) return false;
    if (!result.ok) {
      if (result.changedOnDisk && filePath) return resolveConflict(await askConflict(filePath, 'save'), filePath);
      showError(t('dialog.saveFailedTitle'), [result.error]);
      return false;
    }
    state().markSaved(doc, { path: result.value.path || null, name: result.value.name });
    state().setStatus(t('status.saved', { name: result.value.name }));
    conflictAsked = null;
    void refreshRecent();
    return true;
  }

  // ------------------------------------------------------------- changes made elsewhere
  /** The disk version last asked about, so one change is asked about once on focus. */
  let conflictAsked: string | null = null;
  let missingNoted: string | null = null;
  let checking = false;

  const askConflict = (path: string, when: 'focus' | 'save') =>
    ask<ConflictChoice>((resolve) => ({ kind: 'conflict', name: displayName(), path, when, resolve }));

  /** Reloads the open file from disk (the user chose to, so unsaved changes are dropped). */
  async function reload(path: string): Promise<boolean> {
    const name = state().fileName ?? path.split(/[\\/]/).pop() ?? path;
    const result = await attempt(t('dialog.openFailedTitle'), () => platform.openRecent({ path, name }));
    if (!(await loadOpened(result))) return false;
    state().setStatus(t('conflict.reloaded', { name }));
    return true;
  }

  async function resolveConflict(choice: ConflictChoice, path: string): Promise<boolean> {
    switch (choice) {
      case 'reload':
        await reload(path);
        return false;
      case 'copy':
        return save(true, { suggestedName: t('conflict.copySuffix', { name: baseName(displayName()) }) });
      case 'overwrite':
        return save(false, { overwrite: true });
      default:
        return false;
    }
  }

  /** When the window regains focus: has the open file been changed by someone else? */
  async function checkExternalChange(): Promise<void> {
    const { filePath, dialog } = state();
    if (!filePath || checking || dialog) return;
    checking = true;
    try {
      const status = await platform.checkFile(filePath).catch(() => ({ state: 'unchanged' as const }));
      if (status.state === 'missing') {
        if (missingNoted !== filePath) state().setStatus(t('conflict.missing', { name: displayName() }));
        missingNoted = filePath;
        return;
      }
      missingNoted = null;
      if (status.state !== 'changed' || !status.sha256 || status.sha256 === conflictAsked) return;
      conflictAsked = status.sha256;
      if (state().filePath !== filePath || state().dialog) return;
      await resolveConflict(await askConflict(filePath, 'focus'), filePath);
    } finally {
      checking = false;
    }
  }

  /** The map in a text read for a comparison (a newer version's as far as this one understands it). */
  async function mapFrom(read: Promise<Result<{ content: string }>>): Promise<{ ok: true; doc: JourneyMap } | { ok: false; error: string }> {
    const result = await read.catch((error: unknown) => ({ ok: false as const, error: String(error) }));
    if (!result.ok) return result;
    const restored = restoreDocument(result.value.content, state().locale, { allowNewer: true });
    return restored.ok ? { ok: true, doc: restored.doc } : { ok: false, error: problemLines(restored.problems).slice(0, 3).join('; ') };
  }

  /** The map as it is on disk now (for a comparison in the conflict and recovery dialogs). */
  const diskVersion = (path: string) => mapFrom(platform.readDiskVersion(path));

  // ------------------------------------------------------------------------ recovery
  /** At start: work a crashed session autosaved is offered back. */
  async function offerRecovery(): Promise<void> {
    const entries = await platform.recovery.list().catch((): RecoveryEntry[] => []);
    if (entries.length > 0) state().openDialog({ kind: 'recovery', entries });
  }

  const readDraft = (id: string) => mapFrom(platform.recovery.read(id));

  /** Restores an autosaved draft as the open, unsaved document. */
  async function restoreDraft(entry: RecoveryEntry): Promise<boolean> {
    if (!(await confirmDiscard())) return false;
    const result = await attempt(t('dialog.openFailedTitle'), () => platform.recovery.take(entry.id));
    if (!result) return false;
    if (!result.ok) {
      showError(t('dialog.openFailedTitle'), [result.error]);
      return false;
    }
    const restored = restoreDocument(result.value.content, state().locale);
    if (!restored.ok) {
      showError(t('dialog.openFailedTitle'), [entry.name, ...problemLines(restored.problems)]);
      return false;
    }
    const path = platform.kind === 'desktop' ? result.value.path : null;
    state().loadDocument(restored.doc, { path, name: path ? entry.name : null }, { dirty: true });
    state().setStatus(t('recovery.restored', { name: entry.name }));
    state().requestFit();
    return true;
  }

  const discardDraft = (entry: RecoveryEntry) => platform.recovery.discard(entry.id).catch(() => undefined);

  // ------------------------------------------------------------------------ editing
  /** The cell a new step goes to: that of the selected step, stage or lane, else the first. */
  function currentCell(): { laneId: string; stageId: string; index?: number } | null {
    const { doc, selection } = state();
    const selected = selection.nodes[selection.nodes.length - 1];
    const step = doc.steps.find((s) => s.id === selected);
    if (step) {
      const inCell = doc.steps.filter((s) => s.laneId === step.laneId && s.stageId === step.stageId);
      return { laneId: step.laneId, stageId: step.stageId, index: inCell.indexOf(step) + 1 };
    }
    const stageId = selected?.startsWith('stage:') ? selected.slice(6) : doc.stages[0]?.id;
    const laneId = selected?.startsWith('lane:') ? selected.slice(5) : (doc.lanes.find((l) => l.kind === 'citizen') ?? doc.lanes[0])?.id;
    return stageId && laneId ? { laneId, stageId } : null;
  }

  function addStepAt(cell: { laneId: string; stageId: string; index?: number }) {
    const id = newId('step');
    if (state().apply((doc) => addStep(doc, { id, ...cell, title: t('defaults.step') }))) {
      state().select({ nodes: [id], edges: [] });
      state().showSidebar('inspector');
      reveal(id);
      focusInspectorTitle();
    }
  }

  /** Adds a stage (or lane) after the selected one, or at the end, and opens its name for typing. */
  function addBand(kind: 'stage' | 'lane') {
    const { doc, selection } = state();
    const list = kind === 'stage' ? doc.stages : doc.lanes;
    const selected = selection.nodes.find((id) => id.startsWith(`${kind}:`));
    const index = selected ? list.findIndex((x) => `${kind}:${x.id}` === selected) + 1 : list.length;
    const id = newId(kind);
    const title = t(`defaults.${kind}`);
    state().apply((d) => (kind === 'stage' ? addStage(d, { id, title, index }) : addLane(d, { id, title, index })));
    state().select({ nodes: [`${kind}:${id}`], edges: [] });
    state().setRenaming({ kind, id });
    reveal(`${kind}:${id}`);
  }

  function deleteSelection() {
    const { selection } = state();
    const stepIds = selection.nodes.filter((id) => !id.includes(':'));
    const stages = selection.nodes.filter((id) => id.startsWith('stage:')).map((id) => id.slice(6));
    const lanes = selection.nodes.filter((id) => id.startsWith('lane:')).map((id) => id.slice(5));
    const pains = selection.nodes.filter((id) => id.startsWith('pain:')).map((id) => id.slice(5));
    const opportunities = selection.nodes.filter((id) => id.startsWith('opp:')).map((id) => id.slice(4));
    if (selection.nodes.length + selection.edges.length === 0) return;
    state().apply((doc) => {
      let next = deleteElements(doc, { stepIds, flowIds: selection.edges });
      for (const id of pains) next = deleteEntity(next, 'painPoints', id);
      for (const id of opportunities) next = deleteEntity(next, 'opportunities', id);
      for (const id of stages) next = deleteStage(next, { id });
      for (const id of lanes) next = deleteLane(next, { id });
      return next;
    });
    state().select({ nodes: [], edges: [] });
  }

  function selectAll() {
    const { doc } = state();
    state().select({ nodes: doc.steps.map((s) => s.id), edges: doc.flows.map((f) => f.id) });
  }

  /** After the next render, brings a new element into view. */
  function reveal(nodeId: string) {
    requestAnimationFrame(() => canvas?.reveal(nodeId));
  }

  function focusInspectorTitle() {
    requestAnimationFrame(() => {
      const input = document.querySelector<HTMLInputElement>('[data-focus="step-title"]');
      input?.focus();
      input?.select();
    });
  }

  async function setLocale(locale: Locale) {
    state().setLocale(locale);
    platform.setLocale(locale);
  }

  const commands: Record<AppCommand, () => unknown> = {
    new: async () => {
      if (await confirmDiscard()) {
        state().loadDocument(createEmptyDocument(state().locale), { path: null, name: null });
        state().requestFit();
      }
    },
    open: async () => {
      if (await confirmDiscard()) await opening(() => platform.openDialog());
    },
    save: () => save(false),
    saveAs: () => save(true),
    undo: () => state().undo(),
    redo: () => state().redo(),
    delete: deleteSelection,
    selectAll,
    addStage: () => addBand('stage'),
    addLane: () => addBand('lane'),
    addStep: () => {
      const cell = currentCell();
      if (cell) addStepAt(cell);
    },
    zoomIn: () => canvas?.zoomIn(),
    zoomOut: () => canvas?.zoomOut(),
    fitView: () => canvas?.fitView(),
    toggleMinimap: () => state().toggleMinimap(),
    toggleInspector: () => state().toggleInspector(),
    showScorecard: () => state().showSidebar('scorecard'),
    importSpreadsheet: () => state().setImporting(true),
    export: () => state().setExporting(true),
    about: () => state().openDialog({ kind: 'about', version: state().version }),
    startVoting: () => startVotingCommand(state()),
    saveBaseline: () => saveBaselineCommand(state()),
    present: () => startPresentation(state()),
    quickCapture: () => {
      if (!toggleCapture(state())) state().setStatus(t('capture.noCell'));
    },
  };

  /** A new, untitled map with a template's content. */
  async function newFromTemplate(id: string) {
    const doc = templates?.load(id, state().locale);
    if (!doc || !(await confirmDiscard())) return;
    const stamp = new Date().toISOString();
    state().loadDocument({ ...doc, meta: { ...doc.meta, created: stamp, modified: stamp } }, { path: null, name: null });
    state().requestFit();
  }

  /** Replaces the map with one built by the spreadsheet import (after asking about unsaved work). */
  async function loadImported(doc: JourneyMap): Promise<boolean> {
    if (!(await confirmDiscard())) return false;
    state().loadDocument(doc, { path: null, name: null });
    state().requestFit();
    return true;
  }

  // -------------------------------------------------------------------- comparison
  function compareWith(result: Result<OpenedFile> | null): boolean {
    const opened = restoreOpened(result);
    if (!opened) return false;
    state().setCompare({ doc: opened.doc, name: opened.file.name });
    return true;
  }

  function compareWithTemplate(id: string): boolean {
    const doc = templates?.load(id, state().locale);
    if (!doc) return false;
    state().setCompare({ doc, name: doc.meta.title });
    return true;
  }

  /** Opens the map named in `meta.counterpart`: next to this file, or a bundled template of that name. */
  async function compareWithCounterpart(): Promise<boolean> {
    const { doc, filePath } = state();
    const name = doc.meta.counterpart;
    if (!name) return false;
    const fileName = name.split(/[\\/]/).pop() ?? name;
    if (platform.kind === 'desktop' && filePath) {
      const absolute = /^([a-zA-Z]:[\\/]|[\\/])/.test(name);
      const separator = filePath.includes('\\') && !filePath.includes('/') ? '\\' : '/';
      const path = absolute ? name : `${filePath.slice(0, Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\')))}${separator}${name}`;
      const result = await attempt(t('dialog.openFailedTitle'), () => platform.openRecent({ path, name: fileName }));
      if (result?.ok) return compareWith(result);
    }
    const template = templates?.byFileName(fileName);
    if (template) return compareWithTemplate(template);
    showError(t('dialog.openFailedTitle'), [t('compare.notFound', { name })]);
    return false;
  }

  return {
    reveal: (nodeId: string) => canvas?.reveal(nodeId),
    centre: (nodeId: string) => canvas?.centre(nodeId),
    newFromTemplate,
    loadImported,
    compareWithTemplate,
    compareWithCounterpart,
    compareWithFile: async () => compareWith(await attempt(t('dialog.openFailedTitle'), () => platform.openDialog())),
    checkExternalChange,
    diskVersion,
    offerRecovery,
    readDraft,
    restoreDraft,
    discardDraft,
    run: (command: AppCommand) => commands[command](),
    save,
    confirmDiscard,
    addStepAt,
    setLocale,
    refreshRecent,
    registerCanvas(handle: CanvasHandle | null) {
      canvas = handle;
    },
    async openRecent(entry: RecentFile) {
      if (await confirmDiscard()) await opening(() => platform.openRecent(entry));
    },
    async openDropped(file: File, item?: DataTransferItem) {
      if (await confirmDiscard()) await opening(() => platform.openDropped(file, item));
    },
    async clearRecent() {
      await platform.clearRecent().catch(() => undefined);
      await refreshRecent();
    },
    openSample() {
      state().loadDocument(loadSample(state().locale), { path: null, name: null });
      state().requestFit();
    },
    loadOpened,
    async handleEvent(event: MainEvent) {
      switch (event.type) {
        case 'command':
          await commands[event.command]();
          break;
        case 'openPath': {
          const name = event.path.split(/[\\/]/).pop() ?? event.path;
          await this.openRecent({ path: event.path, name });
          break;
        }
        case 'setLocale':
          state().setLocale(event.locale);
          break;
        case 'newFromTemplate':
          await newFromTemplate(event.templateId);
          break;
        case 'closeRequested':
          if (await confirmDiscard()) platform.closeWindow();
          break;
      }
    },
  };
}
