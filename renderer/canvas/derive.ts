/**
 * React Flow nodes and edges derived from the document and the grid layout. Node objects are
 * reused while their inputs are unchanged, so React Flow and the memoised node components skip
 * the cards that did not change. Node data carries only what a card shows.
 */
import { MarkerType, Position, type Edge, type Node, type NodeHandle } from '@xyflow/react';
import {
  GRID,
  blueprintLines,
  cellKey,
  emotionCurve,
  handoffFlowIds,
  opportunityCardId,
  painCardId,
  type BlueprintLine,
  type EmotionPoint,
  type FlowKind,
  type GridLayout,
  type GuidanceRef,
  type JourneyMap,
  type Lane,
  type Rect,
  type Stage,
  type Step,
} from '../../shared/model';
import type { Selection, XY } from '../store/types';

export type Channel = NonNullable<Step['channel']>;

export type GridNodeData = {
  /** The bands and size the cells are drawn from (card positions are not read). */
  layout: GridLayout;
  /** Cells that hold a card (`cellKey`): they show no "double-click to add" hint. */
  occupied: ReadonlySet<string>;
  /** The emotions lane, whose cells show no hint either; null when the map has none. */
  emotionLaneId: string | null;
  lines: BlueprintLine[];
};

/**
 * The cells that hold a card. Pain and opportunity cards are placed by the layout, so their cell
 * is found from their rectangle.
 */
function occupiedCells(doc: JourneyMap, layout: GridLayout): Set<string> {
  const occupied = new Set(doc.steps.map((s) => cellKey(s.laneId, s.stageId)));
  for (const [key, rect] of layout.cards) {
    if (!key.startsWith('pain:') && !key.startsWith('opp:')) continue;
    const stage = layout.stages.find((b) => rect.x >= b.start && rect.x < b.start + b.size);
    const lane = layout.lanes.find((b) => rect.y >= b.start && rect.y < b.start + b.size);
    if (stage && lane) occupied.add(cellKey(lane.id, stage.id));
  }
  return occupied;
}
/** The emotion curve, in the coordinates of the emotions lane (its node's own box). */
export type EmotionNodeData = {
  points: EmotionPoint[];
  width: number;
  height: number;
  /** Where the stage columns begin. */
  left: number;
};
export type StageNodeData = { stage: Stage; index: number; count: number };
export type LaneNodeData = { lane: Lane; index: number; count: number };

/** An agency as a card shows it: short name (else name), full name, colour. */
export interface AgencyChip {
  id: string;
  label: string;
  name: string;
  color: string;
}

export type SeverityLevel = 'low' | 'medium' | 'high';
/** 1–2 low (yellow), 3 medium (orange), 4–5 high (red). */
export const severityLevel = (severity: number): SeverityLevel => (severity >= 4 ? 'high' : severity >= 3 ? 'medium' : 'low');

/** The pain points hanging on a step, as its badge shows them. */
export interface PainBadge {
  count: number;
  /** The highest severity among them. */
  worst: number;
  level: SeverityLevel;
  titles: string[];
}

export type StepNodeData = {
  title: string;
  description: string;
  channel: Channel | null;
  inPerson: boolean;
  emotion: number | null;
  agencies: AgencyChip[];
  pains: PainBadge | null;
  /** Guidance sections the step links to (the array of the document, so it is stable). */
  guidance: GuidanceRef[];
};
export type PainNodeData = {
  title: string;
  severity: number;
  level: SeverityLevel;
  agencies: AgencyChip[];
  guidance: GuidanceRef[];
};
export type OpportunityNodeData = {
  title: string;
  effort: number | null;
  impact: number | null;
  status: JourneyMap['opportunities'][number]['status'];
  guidance: GuidanceRef[];
};

export type GridNode = Node<GridNodeData, 'grid'>;
export type StageNode = Node<StageNodeData, 'stage'>;
export type LaneNode = Node<LaneNodeData, 'lane'>;
export type EmotionNode = Node<EmotionNodeData, 'emotion'>;
export type StepNode = Node<StepNodeData, 'step'>;
export type PainNode = Node<PainNodeData, 'pain'>;
export type OpportunityNode = Node<OpportunityNodeData, 'opportunity'>;
export type MapNode = GridNode | StageNode | LaneNode | EmotionNode | StepNode | PainNode | OpportunityNode;

export type FlowEdgeData = {
  kind: FlowKind;
  /** Set when the flow joins steps of different agencies: who hands over to whom. */
  handoff: { from: string; to: string } | null;
};
export type FlowEdge = Edge<FlowEdgeData, 'flow'> & { pathOptions?: { borderRadius?: number; offset?: number } };

export const GRID_NODE_ID = '__grid';
export const EMOTION_NODE_ID = '__emotions';
export const stageNodeId = (id: string) => `stage:${id}`;
export const laneNodeId = (id: string) => `lane:${id}`;
export { painCardId as painNodeId, opportunityCardId as opportunityNodeId };

const HANDLE = 10;
const W = GRID.cardWidth;
const H = GRID.cardHeight;
/**
 * Four handles per card, declared up front (cards have a fixed size, so nothing needs
 * measuring). With loose connections any handle may start or end a flow; each edge picks the
 * pair that faces the other card.
 */
export const HANDLE_SIDES = [
  { id: 'l', position: Position.Left, x: -HANDLE / 2, y: H / 2 - HANDLE / 2 },
  { id: 'r', position: Position.Right, x: W - HANDLE / 2, y: H / 2 - HANDLE / 2 },
  { id: 't', position: Position.Top, x: W / 2 - HANDLE / 2, y: -HANDLE / 2 },
  { id: 'b', position: Position.Bottom, x: W / 2 - HANDLE / 2, y: H - HANDLE / 2 },
] as const;
const stepHandles: NodeHandle[] = HANDLE_SIDES.map((h) => ({ ...h, type: 'source', width: HANDLE, height: HANDLE }));

/** The handles a flow leaves and enters by: sideways between stages, up or down within one. */
export function handlesFor(from: { x: number; y: number }, to: { x: number; y: number }): [string, string] {
  const dx = to.x - from.x;
  if (Math.abs(dx) >= W / 2) return dx > 0 ? ['r', 'l'] : ['l', 'r'];
  return to.y >= from.y ? ['b', 't'] : ['t', 'b'];
}

type Cache = Map<string, { deps: unknown[]; value: unknown }>;

function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function memo<T>(cache: Cache, key: string, deps: unknown[], make: () => T): T {
  const hit = cache.get(key);
  if (hit && sameDeps(hit.deps, deps)) return hit.value as T;
  const value = make();
  cache.set(key, { deps, value });
  return value;
}

/**
 * memo with a cheap check first: when every `quick` dependency (whole objects: the step, its
 * place) is the same as last time, so is the node, and nothing else is computed. Otherwise the
 * field-level `deps` decide, so an edit of something the card does not show keeps the node.
 */
function memoQuick<T>(cache: Cache, key: string, quick: unknown[], deps: () => unknown[], make: () => T): T {
  const quickKey = `${QUICK}${key}`;
  const hit = cache.get(quickKey);
  if (hit && sameDeps(hit.deps, quick)) return hit.value as T;
  const value = memo(cache, key, deps(), make);
  cache.set(quickKey, { deps: quick, value });
  return value;
}
const QUICK = 'quick\u0000';

export function createNodeCache(): Cache {
  return new Map();
}

/** Agency chips for a list of agency ids, and a string that is equal when the chips are. */
function agencyChips(ids: readonly string[], agencies: ReadonlyMap<string, AgencyChip>): [AgencyChip[], string] {
  const chips: AgencyChip[] = [];
  for (const id of ids) {
    const chip = agencies.get(id);
    if (chip && !chips.includes(chip)) chips.push(chip);
  }
  return [chips, chips.map((c) => `${c.id}\u0001${c.label}\u0001${c.name}\u0001${c.color}`).join('\u0002')];
}

const agencyIndexes = new WeakMap<JourneyMap['agencies'], Map<string, AgencyChip>>();
/** The map's agencies as chips by id; the same Map object while the agencies are unchanged. */
function agencyIndex(doc: JourneyMap): Map<string, AgencyChip> {
  let index = agencyIndexes.get(doc.agencies);
  if (!index) {
    index = new Map(doc.agencies.map((a) => [a.id, { id: a.id, label: a.shortName.trim() || a.name, name: a.name, color: a.color }]));
    agencyIndexes.set(doc.agencies, index);
  }
  return index;
}

const badgeIndexes = new WeakMap<JourneyMap['painPoints'], Map<string, { badge: PainBadge; key: string }>>();
/** painBadges, the same Map (and entries) while the pain points are unchanged. */
function painBadgesOf(doc: JourneyMap): Map<string, { badge: PainBadge; key: string }> {
  let badges = badgeIndexes.get(doc.painPoints);
  if (!badges) {
    badges = painBadges(doc);
    badgeIndexes.set(doc.painPoints, badges);
  }
  return badges;
}

/** Badges of every step that has pain points (`stepId`), with a key equal when a badge is. */
export function painBadges(doc: JourneyMap): Map<string, { badge: PainBadge; key: string }> {
  const byStep = new Map<string, JourneyMap['painPoints']>();
  for (const pain of doc.painPoints) {
    if (!pain.stepId) continue;
    const list = byStep.get(pain.stepId);
    if (list) list.push(pain);
    else byStep.set(pain.stepId, [pain]);
  }
  const out = new Map<string, { badge: PainBadge; key: string }>();
  for (const [stepId, pains] of byStep) {
    const worst = Math.max(...pains.map((p) => p.severity));
    const titles = pains.map((p) => p.title);
    out.set(stepId, { badge: { count: pains.length, worst, level: severityLevel(worst), titles }, key: `${worst}\u0001${titles.join('\u0002')}` });
  }
  return out;
}

const emotionLaneOf = (doc: JourneyMap) => doc.lanes.find((l) => l.kind === 'emotions')?.id ?? null;

/** A string equal when the grid node draws the same: bands, occupied cells, blueprint lines, the emotions lane. */
function gridKey(doc: JourneyMap, layout: GridLayout): string {
  const band = (b: GridLayout['stages'][number]) => `${b.id}:${b.start}:${b.size}`;
  return [
    layout.width,
    layout.height,
    layout.stages.map(band).join(','),
    layout.lanes.map(band).join(','),
    [...occupiedCells(doc, layout)].sort().join(','),
    blueprintLines(doc, layout).map((l) => `${l.kind}:${l.y}:${l.x1}:${l.x2}`).join(','),
    emotionLaneOf(doc),
  ].join('|');
}

/** What the last derivation had, to redo only the steps a step edit changed. */
interface NodeInputs {
  doc: JourneyMap;
  layout: GridLayout;
  selection: Selection;
  drag: Record<string, XY> | null;
  nodes: MapNode[];
  /** For each step (by its index in doc.steps), the index of its node in `nodes`; -1 when it has none. */
  stepAt: number[];
  /** The index of the emotion-curve node; -1 when there is none. */
  emotionAt: number;
  /** The draggable cards of `nodes` (made when a drag first needs them; for this `doc` only). */
  cards?: Map<string, { at: number; step?: Step; pain?: JourneyMap['painPoints'][number] }>;
}
const lastNodes = new WeakMap<Cache, NodeInputs>();

export function deriveNodes(
  doc: JourneyMap,
  layout: GridLayout,
  selection: Selection,
  drag: Record<string, XY> | null,
  cache: Cache,
): MapNode[] {
  const last = lastNodes.get(cache);
  const edited = last ? (afterDragMove(last, doc, layout, selection, drag, cache) ?? afterStepEdit(last, doc, layout, selection, drag, cache)) : null;
  if (edited && last) {
    lastNodes.set(cache, { ...last, doc, drag, nodes: edited, ...(last.doc === doc ? {} : { cards: undefined }) });
    return edited;
  }
  const stepAt: number[] = [];
  let emotionAt = -1;
  const nodes = deriveAll(doc, layout, selection, drag, cache, stepAt, (at) => (emotionAt = at));
  lastNodes.set(cache, { doc, layout, selection, drag, nodes, stepAt, emotionAt });
  return nodes;
}

/**
 * The nodes after an edit of steps that moves no card (typing in a title, a new channel…): the
 * last nodes with the edited steps' cards (and the emotion curve, if an emotion changed) made
 * again. The very same array when no card shows a difference, so React Flow has nothing to do.
 * Null when anything else may have changed: the layout, the selection, a drag, the stages, lanes,
 * agencies, pain points or opportunities, or which steps there are.
 */
function afterStepEdit(last: NodeInputs, doc: JourneyMap, layout: GridLayout, selection: Selection, drag: Record<string, XY> | null, cache: Cache): MapNode[] | null {
  const before = last.doc;
  if (last.layout !== layout || last.selection !== selection || last.drag !== drag) return null;
  if (before.stages !== doc.stages || before.lanes !== doc.lanes || before.agencies !== doc.agencies) return null;
  if (before.painPoints !== doc.painPoints || before.opportunities !== doc.opportunities) return null;
  if (before.steps === doc.steps) return last.nodes;
  if (before.steps.length !== doc.steps.length) return null;
  let nodes = last.nodes;
  let emotion = false;
  const cards = cardContext(doc, layout, selection, drag);
  for (let i = 0; i < doc.steps.length; i++) {
    const was = before.steps[i] as Step;
    const step = doc.steps[i] as Step;
    if (was === step) continue;
    if (was.id !== step.id) return null;
    if (was.emotion !== step.emotion) emotion = true;
    const at = last.stepAt[i] ?? -1;
    if (at < 0) continue;
    const node = stepNode(step, cards, cache);
    if (!node) return null;
    if (node !== nodes[at]) {
      if (nodes === last.nodes) nodes = nodes.slice();
      nodes[at] = node;
    }
  }
  if (emotion) {
    const node = emotionNode(doc, layout, cache);
    if (!node || last.emotionAt < 0) return null;
    if (node !== nodes[last.emotionAt]) {
      if (nodes === last.nodes) nodes = nodes.slice();
      nodes[last.emotionAt] = node;
    }
  }
  return nodes;
}

/**
 * The nodes while cards are dragged (the document, layout and selection as they were): the last
 * nodes with the cards the pointer has, or had, made again. Null for anything else.
 */
function afterDragMove(last: NodeInputs, doc: JourneyMap, layout: GridLayout, selection: Selection, drag: Record<string, XY> | null, cache: Cache): MapNode[] | null {
  if (last.doc !== doc || last.layout !== layout || last.selection !== selection || last.drag === drag) return null;
  const ids = new Set([...Object.keys(last.drag ?? {}), ...Object.keys(drag ?? {})]);
  last.cards ??= cardSources(doc, last.nodes);
  const cards = cardContext(doc, layout, selection, drag);
  let nodes = last.nodes;
  for (const id of ids) {
    const source = last.cards.get(id);
    if (!source) return null;
    const node = source.step ? stepNode(source.step, cards, cache) : source.pain ? painNode(source.pain, cards, cache) : null;
    if (!node) return null;
    if (node !== nodes[source.at]) {
      if (nodes === last.nodes) nodes = nodes.slice();
      nodes[source.at] = node;
    }
  }
  return nodes;
}

/** The draggable cards by node id: the step or pain point each shows, and its index in `nodes`. */
function cardSources(doc: JourneyMap, nodes: readonly MapNode[]): NonNullable<NodeInputs['cards']> {
  const steps = new Map(doc.steps.map((s) => [s.id, s]));
  const pains = new Map(doc.painPoints.map((p) => [painCardId(p.id), p]));
  const out: NonNullable<NodeInputs['cards']> = new Map();
  nodes.forEach((node, at) => {
    if (node.type === 'step') {
      const step = steps.get(node.id);
      if (step) out.set(node.id, { at, step });
    } else if (node.type === 'pain') {
      const pain = pains.get(node.id);
      if (pain) out.set(node.id, { at, pain });
    }
  });
  return out;
}

/** Where a card is drawn, with what it is drawn with: shared by every card of one derivation. */
interface CardContext {
  agencies: Map<string, AgencyChip>;
  badges: Map<string, { badge: PainBadge; key: string }>;
  place: (id: string) => Place | null;
}
interface Place {
  rect: Rect;
  x: number;
  y: number;
  dragging: boolean;
  selected: boolean;
}

function cardContext(doc: JourneyMap, layout: GridLayout, selection: Selection, drag: Record<string, XY> | null): CardContext {
  const selected = new Set(selection.nodes);
  return {
    agencies: agencyIndex(doc),
    badges: painBadgesOf(doc),
    /** Where a card is drawn: where the pointer has it while dragged, else its grid place. */
    place: (id) => {
      const rect = layout.cards.get(id);
      if (!rect) return null;
      const dragged = drag?.[id];
      return { rect, x: dragged ? dragged.x : rect.x, y: dragged ? dragged.y : rect.y, dragging: !!dragged, selected: selected.has(id) };
    },
  };
}

/**
 * Pain and opportunity cards have no handles, and say so: React Flow renders every node whose
 * handles it does not know once, wherever it is, to measure them — on a big map, hundreds of
 * cards mounted off screen in one frame whenever the cards come back from blocks.
 */
const NO_HANDLES: NodeHandle[] = [];

const frame = (p: Place) => ({
  position: { x: p.x, y: p.y },
  width: p.rect.width,
  height: p.rect.height,
  measured: { width: p.rect.width, height: p.rect.height },
  selected: p.selected,
  dragging: p.dragging,
  zIndex: p.dragging ? 10 : 1,
});

/** A step's card; null when the layout has no place for it. */
function stepNode(step: Step, cards: CardContext, cache: Cache): StepNode | null {
  const p = cards.place(step.id);
  if (!p) return null;
  const pains = cards.badges.get(step.id);
  const { agencies } = cards;
  // Typing in one card's title leaves every other step the same object: those cost a lookup.
  const quick = [step, agencies, pains, p.rect, p.x, p.y, p.selected, p.dragging];
  let chips: AgencyChip[] = [];
  const deps = () => {
    const [list, chipsKey] = agencyChips(step.agencyIds, agencies);
    chips = list;
    return [step.title, step.description, step.channel, step.inPerson, step.emotion, chipsKey, pains?.key, step.guidance, p.x, p.y, p.selected, p.dragging];
  };
  return memoQuick(cache, step.id, quick, deps, (): StepNode => ({
    id: step.id,
    type: 'step',
    ...frame(p),
    handles: stepHandles,
    data: {
      title: step.title,
      description: step.description,
      channel: step.channel ?? null,
      inPerson: step.inPerson === true,
      emotion: step.emotion ?? null,
      agencies: chips,
      pains: pains?.badge ?? null,
      guidance: step.guidance,
    },
  }));
}

/** A pain point's card; null when the layout has no place for it. */
function painNode(pain: JourneyMap['painPoints'][number], cards: CardContext, cache: Cache): PainNode | null {
  const id = painCardId(pain.id);
  const p = cards.place(id);
  if (!p) return null;
  const [chips, chipsKey] = agencyChips(pain.agencyIds, cards.agencies);
  return memo(cache, id, [pain.title, pain.severity, chipsKey, pain.guidance, p.x, p.y, p.selected, p.dragging, p.rect.height], (): PainNode => ({
    id,
    type: 'pain',
    ...frame(p),
    handles: NO_HANDLES,
    connectable: false,
    data: { title: pain.title, severity: pain.severity, level: severityLevel(pain.severity), agencies: chips, guidance: pain.guidance },
  }));
}

/** The emotion curve's node; null when the map has no emotions lane. */
function emotionNode(doc: JourneyMap, layout: GridLayout, cache: Cache): EmotionNode | null {
  const emotionLane = doc.lanes.findIndex((l) => l.kind === 'emotions');
  const emotionBand = layout.lanes[emotionLane];
  if (!emotionBand) return null;
  const points = emotionCurve(doc, layout).map((p) => ({ ...p, y: p.y - emotionBand.start }));
  const key = points.map((p) => `${p.stageId}:${p.x}:${p.y}:${p.value}`).join('|');
  const size = { width: layout.width, height: emotionBand.size };
  return memo(cache, EMOTION_NODE_ID, [key, emotionBand.start, layout.width, emotionBand.size], (): EmotionNode => ({
    id: EMOTION_NODE_ID,
    type: 'emotion',
    position: { x: 0, y: emotionBand.start },
    ...size,
    measured: size,
    handles: NO_HANDLES,
    data: { points, ...size, left: GRID.laneHeaderWidth },
    draggable: false,
    selectable: false,
    connectable: false,
    focusable: false,
    // Over the flows, under the cards; clicks go through to the cells.
    zIndex: 0,
    style: { pointerEvents: 'none' },
  }));
}

function deriveAll(
  doc: JourneyMap,
  layout: GridLayout,
  selection: Selection,
  drag: Record<string, XY> | null,
  cache: Cache,
  stepAt: number[],
  emotionAt: (index: number) => void,
): MapNode[] {
  const selected = new Set(selection.nodes);
  const nodes: MapNode[] = [];

  // The grid (hundreds of cells on a big map) is drawn again only when its bands, its occupied
  // cells or its blueprint lines change, not at every keystroke in a card's title. With the same
  // layout object (createLayoutMemo) and lanes, it is the same node without looking further.
  nodes.push(
    memoQuick(
      cache,
      GRID_NODE_ID,
      [layout, doc.lanes],
      () => [gridKey(doc, layout)],
      (): GridNode => ({
        id: GRID_NODE_ID,
        type: 'grid',
        position: { x: 0, y: 0 },
        width: layout.width,
        height: layout.height,
        measured: { width: layout.width, height: layout.height },
        handles: NO_HANDLES,
        data: { layout, occupied: occupiedCells(doc, layout), emotionLaneId: emotionLaneOf(doc), lines: blueprintLines(doc, layout) },
        draggable: false,
        selectable: false,
        connectable: false,
        focusable: false,
        zIndex: -1,
      }),
    ),
  );
  /** A header node: a stage column's top cell or a lane row's left cell. */
  const header = <N extends StageNode | LaneNode>(id: string, deps: unknown[], node: () => Omit<N, 'id' | 'selected'>): N => {
    const isSelected = selected.has(id);
    return memo(cache, id, [...deps, isSelected], () => ({ ...node(), id, selected: isSelected, draggable: false, connectable: false }) as N);
  };
  layout.stages.forEach((band, index) => {
    const stage = doc.stages[index] as Stage;
    const count = doc.stages.length;
    const size = { width: band.size, height: GRID.stageHeaderHeight };
    nodes.push(
      header<StageNode>(stageNodeId(stage.id), [stage, band.start, band.size, index, count], () => ({
        type: 'stage',
        position: { x: band.start, y: 0 },
        ...size,
        measured: size,
        handles: NO_HANDLES,
        data: { stage, index, count },
      })),
    );
  });
  layout.lanes.forEach((band, index) => {
    const lane = doc.lanes[index] as Lane;
    const count = doc.lanes.length;
    const size = { width: GRID.laneHeaderWidth, height: band.size };
    nodes.push(
      header<LaneNode>(laneNodeId(lane.id), [lane, band.start, band.size, index, count], () => ({
        type: 'lane',
        position: { x: 0, y: band.start },
        ...size,
        measured: size,
        handles: NO_HANDLES,
        data: { lane, index, count },
      })),
    );
  });

  const emotion = emotionNode(doc, layout, cache);
  if (emotion) {
    emotionAt(nodes.length);
    nodes.push(emotion);
  }

  const cards = cardContext(doc, layout, selection, drag);
  const { place } = cards;
  for (const step of doc.steps) {
    const node = stepNode(step, cards, cache);
    stepAt.push(node ? nodes.length : -1);
    if (node) nodes.push(node);
  }
  for (const pain of doc.painPoints) {
    const node = painNode(pain, cards, cache);
    if (node) nodes.push(node);
  }
  for (const opportunity of doc.opportunities) {
    const id = opportunityCardId(opportunity.id);
    const p = place(id);
    if (!p) continue;
    const { title, effort, impact, status, guidance } = opportunity;
    nodes.push(
      memo(cache, id, [title, effort, impact, status, guidance, p.x, p.y, p.selected, p.rect.height], (): OpportunityNode => ({
        id,
        type: 'opportunity',
        ...frame(p),
        handles: NO_HANDLES,
        draggable: false,
        connectable: false,
        data: { title, effort: effort ?? null, impact: impact ?? null, status, guidance },
      })),
    );
  }
  // Forget cached nodes of elements that are gone.
  if (cache.size > nodes.length * 3) {
    const live = new Set(nodes.map((n) => n.id));
    for (const key of cache.keys()) if (!live.has(key.startsWith(QUICK) ? key.slice(QUICK.length) : key)) cache.delete(key);
  }
  return nodes;
}

export const EDGE_STYLE: Record<FlowKind, { stroke: string; strokeDasharray?: string }> = {
  sequence: { stroke: '#475569' },
  handoff: { stroke: '#b45309' },
  rework: { stroke: '#b91c1c', strokeDasharray: '6 4' },
  optional: { stroke: '#64748b', strokeDasharray: '2 4' },
};
/** An inter-agency handoff: an orange band under the flow, which is drawn wider. */
export const HANDOFF_COLOR = '#ea580c';

interface EdgeInputs {
  flows: JourneyMap['flows'];
  steps: JourneyMap['steps'];
  agencies: JourneyMap['agencies'];
  layout: GridLayout;
  selected: readonly string[];
  edges: FlowEdge[];
}
const lastEdges = new WeakMap<Cache, EdgeInputs>();

/** The flows' steps are the same ones with the same agencies (what handoffs are made of). */
function sameStepAgencies(a: JourneyMap['steps'], b: JourneyMap['steps']): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as JourneyMap['steps'][number];
    const y = b[i] as JourneyMap['steps'][number];
    if (x !== y && (x.id !== y.id || x.agencyIds !== y.agencyIds)) return false;
  }
  return true;
}

/**
 * The flows as React Flow edges. While nothing they are made of has changed — the flows, the
 * layout, the selected flows, the steps' agencies — this is the very same array: React Flow
 * rebuilds its lookup of connections whenever it gets a new one (about 10 ms a keystroke on a
 * 2000-step map).
 */
export function deriveEdges(doc: JourneyMap, layout: GridLayout, selection: Selection, cache: Cache): FlowEdge[] {
  const last = lastEdges.get(cache);
  if (
    last &&
    last.flows === doc.flows &&
    last.layout === layout &&
    last.selected === selection.edges &&
    last.agencies === doc.agencies &&
    sameStepAgencies(last.steps, doc.steps)
  ) {
    if (last.steps !== doc.steps) lastEdges.set(cache, { ...last, steps: doc.steps });
    return last.edges;
  }
  const edges = deriveAllEdges(doc, layout, selection, cache);
  lastEdges.set(cache, { flows: doc.flows, steps: doc.steps, agencies: doc.agencies, layout, selected: selection.edges, edges });
  return edges;
}

function deriveAllEdges(doc: JourneyMap, layout: GridLayout, selection: Selection, cache: Cache): FlowEdge[] {
  const selected = new Set(selection.edges);
  const handoffs = handoffFlowIds(doc);
  const agencies = handoffs.size > 0 ? agencyIndex(doc) : new Map<string, AgencyChip>();
  const steps = handoffs.size > 0 ? new Map(doc.steps.map((s) => [s.id, s])) : new Map<string, JourneyMap['steps'][number]>();
  const names = (stepId: string) => agencyChips(steps.get(stepId)?.agencyIds ?? [], agencies)[0].map((c) => c.label).join(', ');
  return doc.flows.map((flow) => {
    const isSelected = selected.has(flow.id);
    const from = layout.cards.get(flow.from) ?? { x: 0, y: 0 };
    const to = layout.cards.get(flow.to) ?? { x: 0, y: 0 };
    const [sourceHandle, targetHandle] = handlesFor(from, to);
    const handoff = handoffs.has(flow.id) ? { from: names(flow.from), to: names(flow.to) } : null;
    const handoffKey = handoff ? `${handoff.from}\u0001${handoff.to}` : null;
    return memo(cache, `edge:${flow.id}`, [flow, isSelected, sourceHandle, targetHandle, handoffKey], (): FlowEdge => {
      const kindStyle = EDGE_STYLE[flow.kind];
      // Rework and optional paths keep their colours; a plain or handoff-kind flow turns orange.
      const stroke = handoff && (flow.kind === 'sequence' || flow.kind === 'handoff') ? HANDOFF_COLOR : kindStyle.stroke;
      const width = (handoff ? 2.75 : 2) + (isSelected ? 1 : 0);
      return {
        id: flow.id,
        source: flow.from,
        target: flow.to,
        sourceHandle,
        targetHandle,
        type: 'flow',
        pathOptions: { borderRadius: 10, offset: 14 },
        label: flow.label ? (flow.label.length > 40 ? `${flow.label.slice(0, 39)}…` : flow.label) : undefined,
        selected: isSelected,
        data: { kind: flow.kind, handoff },
        className: `flow flow-${flow.kind}${handoff ? ' flow-interagency' : ''}`,
        style: { ...kindStyle, stroke, strokeWidth: width },
        // Markers scale with the stroke: keep the arrowheads the same size on thicker lines.
        markerEnd: { type: MarkerType.ArrowClosed, color: stroke, width: (18 * 2) / width, height: (18 * 2) / width },
        interactionWidth: 16,
      };
    });
  });
}
