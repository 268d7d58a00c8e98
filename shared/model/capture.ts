/**
 * Quick capture (issue 6): one line typed by a facilitator becomes one card. The first
 * character says what the line is:
 *
 * - `!` a pain point. Trailing `!` marks give its severity: their number, 1–5 (more than five
 *   count as five); without any the severity is 3. `!Очередь в кассу!!` → severity 2.
 * - `+` an opportunity.
 * - `?` a question: a comment thread (the text without the leading `?`; a trailing `?` stays).
 * - `\` takes the rest literally as a step (to start a step's title with `!`, `+`, `?` or `\`).
 * - anything else: a step.
 *
 * Whitespace around the line, after the prefix and before the trailing marks is dropped. A line
 * left without text (empty, a prefix alone, `!!`, `! !!!`) captures nothing: `null`. Titles are
 * cut to the schema's short-text limit; a question to the long-text limit.
 */
import { painPointCell } from './layout';
import { addStep } from './operations';
import { addEntity, createEntity, linkPainOpportunity } from './registry';
import { LIMITS } from './schema';
import type { JourneyMap } from './types';
import { addThread } from './workshop';

export type Capture =
  | { kind: 'step'; title: string }
  | { kind: 'pain'; title: string; severity: number }
  | { kind: 'opportunity'; title: string }
  | { kind: 'question'; text: string };

export const DEFAULT_CAPTURE_SEVERITY = 3;
const MAX_SEVERITY = 5;

const cut = (text: string, max: number) => Array.from(text).slice(0, max).join('').trim();

export function parseCapture(text: string): Capture | null {
  const line = text.replace(/[\r\n]+/g, ' ').trim();
  if (!line) return null;
  const prefix = line[0];
  const rest = line.slice(1).trim();
  switch (prefix) {
    case '!': {
      const marks = /\s*(!+)$/.exec(rest);
      const title = cut(marks ? rest.slice(0, marks.index) : rest, LIMITS.shortText);
      if (!title) return null;
      const severity = marks ? Math.min(MAX_SEVERITY, (marks[1] as string).length) : DEFAULT_CAPTURE_SEVERITY;
      return { kind: 'pain', title, severity };
    }
    case '+': {
      const title = cut(rest, LIMITS.shortText);
      return title ? { kind: 'opportunity', title } : null;
    }
    case '?': {
      const question = cut(rest, LIMITS.longText);
      return question ? { kind: 'question', text: question } : null;
    }
    case '\\': {
      const title = cut(rest, LIMITS.shortText);
      return title ? { kind: 'step', title } : null;
    }
    default:
      return { kind: 'step', title: cut(line, LIMITS.shortText) };
  }
}

// ------------------------------------------------------------------------ applying a line
export interface CaptureCell {
  laneId: string;
  stageId: string;
}

export interface CaptureContext {
  /** The target cell (lane × stage). */
  cell: CaptureCell;
  /** The last step added in this capture session (a pain point attaches to it while it is in the cell). */
  lastStepId: string | null;
  /** The last pain point added in this session (an opportunity links to it). */
  lastPainId: string | null;
  /** The selected step, if any (a pain point attaches to it when no step was captured in the cell). */
  selectedStepId: string | null;
  /** Comment author and time for questions. */
  author: string;
  agencyId?: string;
  at: string;
  makeId(prefix: string): string;
}

export interface CaptureResult {
  doc: JourneyMap;
  kind: Capture['kind'];
  /** The new element's id (the thread's, for a question). */
  id: string;
  /** The step a pain point hangs on, if any. */
  stepId?: string;
}

/**
 * One parsed line as one operation on the map (null when it changes nothing — the cell is gone):
 * - a step goes to the end of the cell;
 * - a pain point hangs on the last step captured in the cell, else the selected step if it is in
 *   the cell; its card goes to the first `pains` lane at the cell's stage (else the cell itself);
 * - an opportunity links to the last pain point captured, else the last pain point of the stage
 *   (its card is drawn in the opportunities lane at that pain point's stage);
 * - a question opens a comment thread on the stage.
 */
export function applyCapture(doc: JourneyMap, capture: Capture, ctx: CaptureContext): CaptureResult | null {
  const { laneId, stageId } = ctx.cell;
  if (!doc.lanes.some((l) => l.id === laneId) || !doc.stages.some((s) => s.id === stageId)) return null;
  const inCell = (id: string | null) => {
    const step = id ? doc.steps.find((s) => s.id === id) : undefined;
    return step && step.laneId === laneId && step.stageId === stageId ? step : undefined;
  };
  switch (capture.kind) {
    case 'step': {
      const id = ctx.makeId('step');
      const next = addStep(doc, { id, laneId, stageId, title: capture.title });
      return next === doc ? null : { doc: next, kind: 'step', id };
    }
    case 'pain': {
      const id = ctx.makeId('pain');
      const step = inCell(ctx.lastStepId) ?? inCell(ctx.selectedStepId);
      const painLane = doc.lanes.find((l) => l.kind === 'pains');
      const cell = painLane ? { laneId: painLane.id, stageId } : step ? undefined : { laneId, stageId };
      const pain = createEntity('painPoints', {
        id,
        title: capture.title,
        severity: capture.severity,
        ...(step ? { stepId: step.id, agencyIds: step.agencyIds.slice(0, 5) } : {}),
        ...(cell ? { cell } : {}),
      });
      const next = addEntity(doc, 'painPoints', pain);
      return next === doc ? null : { doc: next, kind: 'pain', id, ...(step ? { stepId: step.id } : {}) };
    }
    case 'opportunity': {
      const id = ctx.makeId('opp');
      const last = ctx.lastPainId ? doc.painPoints.find((p) => p.id === ctx.lastPainId) : undefined;
      const pain = last ?? [...doc.painPoints].reverse().find((p) => painPointCell(doc, p)?.stageId === stageId);
      let next = addEntity(doc, 'opportunities', createEntity('opportunities', { id, title: capture.title, ...(pain?.ownerAgencyId ? { ownerAgencyId: pain.ownerAgencyId } : {}) }));
      if (next === doc) return null;
      if (pain) next = linkPainOpportunity(next, { painPointId: pain.id, opportunityId: id, linked: true });
      return { doc: next, kind: 'opportunity', id };
    }
    case 'question': {
      const id = ctx.makeId('thread');
      const comment = { id: ctx.makeId('comment'), author: ctx.author, text: capture.text, at: ctx.at, ...(ctx.agencyId ? { agencyId: ctx.agencyId } : {}) };
      const next = addThread(doc, { id, target: { kind: 'stage', id: stageId }, comment });
      return next === doc ? null : { doc: next, kind: 'question', id };
    }
  }
}

/** The cells quick capture walks through: stage by stage, then the next lane (the emotion curve's lane is skipped). */
export function captureCells(doc: JourneyMap): CaptureCell[] {
  const lanes = doc.lanes.filter((l) => l.kind !== 'emotions');
  return lanes.flatMap((lane) => doc.stages.map((stage) => ({ laneId: lane.id, stageId: stage.id })));
}

/** The cell after (`+1`) or before (`-1`) this one in `captureCells` order, wrapping round. */
export function stepCell(doc: JourneyMap, cell: CaptureCell, delta: 1 | -1): CaptureCell {
  const cells = captureCells(doc);
  if (cells.length === 0) return cell;
  const at = cells.findIndex((c) => c.laneId === cell.laneId && c.stageId === cell.stageId);
  const next = at < 0 ? 0 : (at + delta + cells.length) % cells.length;
  return cells[next] as CaptureCell;
}

/** The cell one stage left/right or one lane up/down (the emotions lane skipped), staying on the grid. */
export function shiftCell(doc: JourneyMap, cell: CaptureCell, direction: 'left' | 'right' | 'up' | 'down'): CaptureCell {
  const lanes = doc.lanes.filter((l) => l.kind !== 'emotions');
  const li = lanes.findIndex((l) => l.id === cell.laneId);
  const si = doc.stages.findIndex((s) => s.id === cell.stageId);
  if (li < 0 || si < 0) return cell;
  const clamp = (n: number, length: number) => Math.max(0, Math.min(length - 1, n));
  const nl = direction === 'up' ? clamp(li - 1, lanes.length) : direction === 'down' ? clamp(li + 1, lanes.length) : li;
  const ns = direction === 'left' ? clamp(si - 1, doc.stages.length) : direction === 'right' ? clamp(si + 1, doc.stages.length) : si;
  return { laneId: (lanes[nl] as { id: string }).id, stageId: (doc.stages[ns] as { id: string }).id };
}

/** Where capture starts: the selected step's cell, else the first cell of the first citizen lane (else the first lane). */
export function initialCaptureCell(doc: JourneyMap, selectedStepId: string | null): CaptureCell | null {
  const step = selectedStepId ? doc.steps.find((s) => s.id === selectedStepId) : undefined;
  if (step) return { laneId: step.laneId, stageId: step.stageId };
  const lane = doc.lanes.find((l) => l.kind === 'citizen') ?? doc.lanes.find((l) => l.kind !== 'emotions');
  const stage = doc.stages[0];
  return lane && stage ? { laneId: lane.id, stageId: stage.id } : null;
}
