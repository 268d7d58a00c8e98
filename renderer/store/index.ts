/**
 * The one store of the page, made of a document slice and a UI slice. zundo's temporal
 * middleware is applied once, on the combined store, and tracks the document alone: selection,
 * viewport, panels and dialogs are never undone.
 */
import { create, useStore as useZustandStore, type StateCreator } from 'zustand';
import { temporal, type TemporalState } from 'zundo';
import { createEmptyDocument, type JourneyMap } from '../../shared/model';
import { translate } from '../../shared/i18n';
import type { DocumentSlice, StoreState, UiSlice } from './types';
import { createPresentationUi } from '../present/slice';
import { createCaptureUi } from '../workshop/QuickCaptureSlice';

type Creator<T> = StateCreator<StoreState, [['temporal', unknown]], [], T>;

const HISTORY_LIMIT = 200;

const createDocumentSlice: Creator<DocumentSlice> = (set, get, api) => {
  let coalescing: string | null = null;
  const history = () => (api as unknown as { temporal: { getState(): TemporalState<{ doc: JourneyMap }> } }).temporal.getState();
  const initial = createEmptyDocument('ru');
  return {
    doc: initial,
    filePath: null,
    fileName: null,
    savedDoc: initial,
    readOnly: null,
    loadDocument(doc, file, options = {}) {
      coalescing = null;
      history().pause();
      set({
        doc,
        // A copy with another identity: recovered work counts as unsaved until it is saved.
        savedDoc: options.dirty ? { ...doc } : doc,
        readOnly: options.readOnly ?? null,
        filePath: file.path,
        fileName: file.name,
        selection: { nodes: [], edges: [] },
        dragPositions: null,
        renaming: null,
      });
      history().resume();
      history().clear();
    },
    markSaved(doc, file) {
      set({ savedDoc: doc, filePath: file.path, fileName: file.name, readOnly: null });
    },
    setReadOnly(readOnly) {
      set({ readOnly });
    },
    apply(op, coalesce) {
      if (get().readOnly) {
        get().setStatus(translate(get().locale, 'readOnly.refused'));
        return false;
      }
      const before = get().doc;
      const after = op(before);
      if (after === before) return false;
      if (coalesce !== undefined && coalesce === coalescing) {
        history().pause();
        set({ doc: after });
        history().resume();
      } else {
        set({ doc: after });
      }
      coalescing = coalesce ?? null;
      return true;
    },
    endCoalescing() {
      coalescing = null;
    },
    undo() {
      coalescing = null;
      history().undo();
      pruneSelection(get, set);
    },
    redo() {
      coalescing = null;
      history().redo();
      pruneSelection(get, set);
    },
  };
};

/** After undo/redo, drop selected elements that no longer exist. */
function pruneSelection(get: () => StoreState, set: (s: Partial<StoreState>) => void) {
  const { doc, selection } = get();
  const steps = new Set(doc.steps.map((s) => s.id));
  const nodes = selection.nodes.filter((id) => {
    if (id.startsWith('stage:')) return doc.stages.some((s) => `stage:${s.id}` === id);
    if (id.startsWith('lane:')) return doc.lanes.some((l) => `lane:${l.id}` === id);
    if (id.startsWith('pain:')) return doc.painPoints.some((p) => `pain:${p.id}` === id);
    if (id.startsWith('opp:')) return doc.opportunities.some((o) => `opp:${o.id}` === id);
    return steps.has(id);
  });
  const edges = selection.edges.filter((id) => doc.flows.some((f) => f.id === id));
  if (nodes.length !== selection.nodes.length || edges.length !== selection.edges.length) set({ selection: { nodes, edges } });
}

const createUiSlice: Creator<UiSlice> = (set) => ({
  ...createPresentationUi(set),
  ...createCaptureUi(set),
  locale: 'ru',
  version: '',
  selection: { nodes: [], edges: [] },
  dragPositions: null,
  inspectorOpen: true,
  sidebarTab: 'inspector',
  minimapOpen: true,
  renaming: null,
  dialog: null,
  status: null,
  recent: [],
  compare: null,
  importing: false,
  exporting: false,
  catalogs: [],
  guidanceFocus: null,
  fitRequest: 0,
  setLocale: (locale) => set({ locale }),
  select: (selection) => set((s) => ({ selection: { ...s.selection, ...selection } })),
  setDragPositions: (dragPositions) => set({ dragPositions }),
  toggleInspector: () => set((s) => ({ inspectorOpen: !s.inspectorOpen })),
  showSidebar: (sidebarTab) => set({ sidebarTab, inspectorOpen: true }),
  toggleMinimap: () => set((s) => ({ minimapOpen: !s.minimapOpen })),
  setRenaming: (renaming) => set({ renaming }),
  openDialog: (dialog) => set({ dialog }),
  setStatus: (status) => set({ status }),
  setRecent: (recent) => set({ recent }),
  requestFit: () => set((s) => ({ fitRequest: s.fitRequest + 1 })),
  setCompare: (compare) => set({ compare }),
  setImporting: (importing) => set({ importing }),
  setExporting: (exporting) => set({ exporting }),
  setCatalogs: (catalogs) => set({ catalogs }),
  showGuidance: (guidanceFocus) => set({ guidanceFocus, sidebarTab: 'guidance', inspectorOpen: true }),
});

export function createAppStore() {
  return create<StoreState>()(
    temporal(
      (...args) => ({
        ...createDocumentSlice(...args),
        ...createUiSlice(...args),
      }),
      {
        partialize: (state) => ({ doc: state.doc }),
        equality: (past, current) => past.doc === current.doc,
        limit: HISTORY_LIMIT,
      },
    ),
  );
}

export const useAppStore = createAppStore();
export type AppStore = typeof useAppStore;

/** Subscribes a component to the undo history (for enabling Undo and Redo). */
export function useHistory<T>(selector: (state: TemporalState<{ doc: JourneyMap }>) => T): T {
  return useZustandStore(useAppStore.temporal, selector);
}

export const isDirty = (s: StoreState) => s.doc !== s.savedDoc;
