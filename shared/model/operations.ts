/**
 * Pure document operations: (doc, args) → doc. The store calls them; nothing else changes a
 * document. An operation that changes nothing returns the same object (immer's structural
 * sharing), so callers can tell a no-op by reference and the undo history stays clean.
 * Ids of new elements come in the arguments, so operations are deterministic.
 */
import { produce, type Draft } from 'immer';
import type { FlowKind, JourneyMap, Lane, LaneKind, Meta, Stage, Step, Flow } from './types';
import { pruneWorkshopRefs } from './workshop';

type Patch<T> = Partial<Omit<T, 'id'>>;

const clampIndex = (index: number | undefined, length: number) =>
  index === undefined || index < 0 || index > length ? length : Math.floor(index);

function moveInArray<T extends { id: string }>(items: T[], id: string, toIndex: number): void {
  const from = items.findIndex((x) => x.id === id);
  if (from < 0) return;
  const to = Math.max(0, Math.min(items.length - 1, Math.floor(toIndex)));
  if (from === to) return;
  const [item] = items.splice(from, 1);
  items.splice(to, 0, item as T);
}

function applyPatch<T extends object>(target: T, patch: Partial<T>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'id') continue;
    const k = key as keyof T;
    if (value === undefined) delete target[k];
    else if (target[k] !== value) target[k] = value as T[keyof T];
  }
}

/** Removes steps and everything that cannot live without them (flows, pains attached to them). */
function removeSteps(draft: Draft<JourneyMap>, stepIds: ReadonlySet<string>): void {
  if (stepIds.size === 0) return;
  draft.steps = draft.steps.filter((s) => !stepIds.has(s.id));
  draft.flows = draft.flows.filter((f) => !stepIds.has(f.from) && !stepIds.has(f.to));
  removePains(draft, (p) => p.stepId !== undefined && stepIds.has(p.stepId));
}

/** Removes pain points and the opportunities' links to them (a dangling link is an invalid file). */
function removePains(draft: Draft<JourneyMap>, doomed: (pain: Draft<JourneyMap>['painPoints'][number]) => boolean): void {
  const removedPains = new Set(draft.painPoints.filter(doomed).map((p) => p.id));
  if (removedPains.size === 0) return;
  draft.painPoints = draft.painPoints.filter((p) => !removedPains.has(p.id));
  for (const o of draft.opportunities) {
    if (o.painPointIds.some((id) => removedPains.has(id))) o.painPointIds = o.painPointIds.filter((id) => !removedPains.has(id));
  }
}

// ------------------------------------------------------------------------------- meta
export const updateMeta = (doc: JourneyMap, patch: Partial<Meta>): JourneyMap =>
  produce(doc, (d) => {
    applyPatch(d.meta, patch);
  });

// ----------------------------------------------------------------------------- stages
export const addStage = (doc: JourneyMap, args: { id: string; title: string; index?: number }): JourneyMap =>
  produce(doc, (d) => {
    if (d.stages.some((s) => s.id === args.id)) return;
    d.stages.splice(clampIndex(args.index, d.stages.length), 0, {
      id: args.id,
      title: args.title,
      description: '',
      guidance: [],
    });
  });

export const updateStage = (doc: JourneyMap, args: { id: string; patch: Patch<Stage> }): JourneyMap =>
  produce(doc, (d) => {
    const stage = d.stages.find((s) => s.id === args.id);
    if (stage) applyPatch(stage, args.patch);
  });

export const moveStage = (doc: JourneyMap, args: { id: string; toIndex: number }): JourneyMap =>
  produce(doc, (d) => moveInArray(d.stages, args.id, args.toIndex));

export const deleteStage = (doc: JourneyMap, args: { id: string }): JourneyMap =>
  produce(doc, (d) => {
    if (!d.stages.some((s) => s.id === args.id)) return;
    d.stages = d.stages.filter((s) => s.id !== args.id);
    removeSteps(d, new Set(d.steps.filter((s) => s.stageId === args.id).map((s) => s.id)));
    removePains(d, (p) => p.cell?.stageId === args.id);
    pruneWorkshopRefs(d);
  });

// ------------------------------------------------------------------------------ lanes
export const addLane = (
  doc: JourneyMap,
  args: { id: string; title: string; kind?: LaneKind; index?: number },
): JourneyMap =>
  produce(doc, (d) => {
    if (d.lanes.some((l) => l.id === args.id)) return;
    d.lanes.splice(clampIndex(args.index, d.lanes.length), 0, {
      id: args.id,
      title: args.title,
      kind: args.kind ?? 'custom',
    });
  });

export const updateLane = (doc: JourneyMap, args: { id: string; patch: Patch<Lane> }): JourneyMap =>
  produce(doc, (d) => {
    const lane = d.lanes.find((l) => l.id === args.id);
    if (lane) applyPatch(lane, args.patch);
  });

export const moveLane = (doc: JourneyMap, args: { id: string; toIndex: number }): JourneyMap =>
  produce(doc, (d) => moveInArray(d.lanes, args.id, args.toIndex));

export const deleteLane = (doc: JourneyMap, args: { id: string }): JourneyMap =>
  produce(doc, (d) => {
    if (!d.lanes.some((l) => l.id === args.id)) return;
    d.lanes = d.lanes.filter((l) => l.id !== args.id);
    removeSteps(d, new Set(d.steps.filter((s) => s.laneId === args.id).map((s) => s.id)));
    removePains(d, (p) => p.cell?.laneId === args.id);
    pruneWorkshopRefs(d);
  });

// ------------------------------------------------------------------------------ steps
export const addStep = (
  doc: JourneyMap,
  args: { id: string; laneId: string; stageId: string; title: string; index?: number },
): JourneyMap =>
  produce(doc, (d) => {
    if (d.steps.some((s) => s.id === args.id)) return;
    if (!d.lanes.some((l) => l.id === args.laneId) || !d.stages.some((s) => s.id === args.stageId)) return;
    const step: Step = {
      id: args.id,
      laneId: args.laneId,
      stageId: args.stageId,
      title: args.title,
      description: '',
      agencyIds: [],
      documentsIn: [],
      documentsOut: [],
      regulationIds: [],
      evidenceIds: [],
      guidance: [],
    };
    insertIntoCell(d, step, args.index);
  });

/** Puts a step at `index` among the steps of its cell (the end when omitted). */
function insertIntoCell(d: Draft<JourneyMap>, step: Step, index: number | undefined): void {
  const inCell = d.steps.filter((s) => s.laneId === step.laneId && s.stageId === step.stageId);
  const at = clampIndex(index, inCell.length);
  if (at >= inCell.length) {
    const last = inCell[inCell.length - 1];
    const pos = last ? d.steps.findIndex((s) => s.id === last.id) + 1 : d.steps.length;
    d.steps.splice(pos, 0, step);
  } else {
    const before = inCell[at] as Step;
    d.steps.splice(
      d.steps.findIndex((s) => s.id === before.id),
      0,
      step,
    );
  }
}

export const updateStep = (doc: JourneyMap, args: { id: string; patch: Patch<Step> }): JourneyMap =>
  produce(doc, (d) => {
    // Found in the base document: a search through the draft makes a proxy of every step it passes.
    const index = doc.steps.findIndex((s) => s.id === args.id);
    if (index < 0) return;
    const { laneId: _l, stageId: _s, ...rest } = args.patch;
    applyPatch(d.steps[index] as Draft<Step>, rest);
  });

export interface StepMove {
  id: string;
  laneId: string;
  stageId: string;
  /** Position among the steps of the target cell; the end when omitted. */
  index?: number;
}

/** Moves steps to other cells (or to another place in their cell) in one operation. */
export const moveSteps = (doc: JourneyMap, args: { moves: StepMove[] }): JourneyMap =>
  produce(doc, (d) => {
    for (const move of args.moves) {
      if (!d.lanes.some((l) => l.id === move.laneId) || !d.stages.some((s) => s.id === move.stageId)) continue;
      const from = d.steps.findIndex((s) => s.id === move.id);
      if (from < 0) continue;
      const current = d.steps[from] as Step;
      const cell = d.steps.filter((s) => s.laneId === move.laneId && s.stageId === move.stageId);
      const sameCell = current.laneId === move.laneId && current.stageId === move.stageId;
      const currentIndex = cell.findIndex((s) => s.id === move.id);
      const target = clampIndex(move.index, sameCell ? cell.length - 1 : cell.length);
      if (sameCell && currentIndex === target) continue;
      const [step] = d.steps.splice(from, 1);
      const moved = step as Step;
      moved.laneId = move.laneId;
      moved.stageId = move.stageId;
      insertIntoCell(d, moved, target);
    }
  });

export const moveStep = (doc: JourneyMap, move: StepMove): JourneyMap => moveSteps(doc, { moves: [move] });

// ------------------------------------------------------------------------------ flows
export const addFlow = (
  doc: JourneyMap,
  args: { id: string; from: string; to: string; kind?: FlowKind; label?: string },
): JourneyMap =>
  produce(doc, (d) => {
    if (args.from === args.to) return;
    if (!d.steps.some((s) => s.id === args.from) || !d.steps.some((s) => s.id === args.to)) return;
    if (d.flows.some((f) => f.id === args.id || (f.from === args.from && f.to === args.to))) return;
    d.flows.push({ id: args.id, from: args.from, to: args.to, kind: args.kind ?? 'sequence', label: args.label ?? '' });
  });

export const updateFlow = (doc: JourneyMap, args: { id: string; patch: Patch<Flow> }): JourneyMap =>
  produce(doc, (d) => {
    const flow = d.flows.find((f) => f.id === args.id);
    if (!flow) return;
    const { from: _f, to: _t, ...rest } = args.patch;
    applyPatch(flow, rest);
  });

// ---------------------------------------------------------------------------- delete
export interface Selection {
  stepIds?: readonly string[];
  flowIds?: readonly string[];
}

/** Deletes steps (with their flows and attached pain points) and flows. */
export const deleteElements = (doc: JourneyMap, args: Selection): JourneyMap =>
  produce(doc, (d) => {
    const flowIds = new Set(args.flowIds ?? []);
    if (flowIds.size > 0 && d.flows.some((f) => flowIds.has(f.id))) d.flows = d.flows.filter((f) => !flowIds.has(f.id));
    const stepIds = new Set((args.stepIds ?? []).filter((id) => d.steps.some((s) => s.id === id)));
    removeSteps(d, stepIds);
    pruneWorkshopRefs(d);
  });
