/**
 * Quick capture's part of the UI slice (issue 6): whether the capture bar is open, its target
 * cell and what this session added last (a pain point hangs on the last step, an opportunity
 * links to the last pain point). Never undone, never saved.
 */
import { initialCaptureCell, type CaptureCell } from '../../shared/model/capture';
import type { JourneyMap } from '../../shared/model';

export interface CaptureSession {
  cell: CaptureCell;
  lastStepId: string | null;
  lastPainId: string | null;
  /** Cards added in this session (the bar shows the count). */
  added: number;
}

export interface CaptureUi {
  capture: CaptureSession | null;
  setCapture(capture: CaptureSession | null): void;
  /** Changes the open session (nothing when capture is off). */
  updateCapture(patch: Partial<CaptureSession>): void;
}

type Set = (update: (s: CaptureUi) => Partial<CaptureUi>) => void;

export function createCaptureUi(set: Set): CaptureUi {
  return {
    capture: null,
    setCapture: (capture) => set(() => ({ capture })),
    updateCapture: (patch) => set((s) => (s.capture ? { capture: { ...s.capture, ...patch } } : {})),
  };
}

/** Opens the capture bar (at the selected step's cell, else the first citizen cell) or closes it; false when the map has no cell. */
export function toggleCapture(state: {
  doc: JourneyMap;
  selection: { nodes: string[] };
  capture: CaptureSession | null;
  setCapture(capture: CaptureSession | null): void;
}): boolean {
  if (state.capture) {
    state.setCapture(null);
    return true;
  }
  const selected = state.selection.nodes[state.selection.nodes.length - 1] ?? null;
  const cell = initialCaptureCell(state.doc, selected);
  if (cell) state.setCapture({ cell, lastStepId: null, lastPainId: null, added: 0 });
  return cell !== null;
}
