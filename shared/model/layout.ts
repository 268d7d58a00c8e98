/**
 * The grid geometry of a map: stage columns, lane rows, and where each card sits — step cards,
 * pain-point cards and opportunity cards — plus the emotion curve and the blueprint lines. Pure
 * and shared by the canvas and (later) the SVG export, so both draw the same picture.
 */
import type { CellRef, JourneyMap, LaneKind, Opportunity, PainPoint } from './types';

export const GRID = {
  laneHeaderWidth: 200,
  stageHeaderHeight: 64,
  stageWidth: 248,
  cardWidth: 208,
  cardHeight: 76,
  /** Height of a pain-point or opportunity card (they say less than a step card). */
  noteHeight: 64,
  cardGap: 12,
  cellPadding: 20,
  /** An emotions lane is at least this high, so its curve has room. */
  emotionLaneMinHeight: 150,
  /** Room above +2 and below -2 inside the emotions lane. */
  emotionPadding: 28,
} as const;

export interface Band {
  id: string;
  /** x for stages, y for lanes */
  start: number;
  size: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GridLayout {
  stages: Band[];
  lanes: Band[];
  /**
   * Card rectangles: a step's by its id, a pain point's by `pain:<id>`, an opportunity's by
   * `opp:<id>`. Pain points and opportunities without a place on the grid have none.
   */
  cards: Map<string, Rect>;
  width: number;
  height: number;
}

export const cellKey = (laneId: string, stageId: string) => `${laneId}\u0000${stageId}`;
/** The key of a pain point's card in `layout.cards` (also its React Flow node id). */
export const painCardId = (id: string) => `pain:${id}`;
/** The key of an opportunity's card in `layout.cards` (also its React Flow node id). */
export const opportunityCardId = (id: string) => `opp:${id}`;

/** Lookups for placing pain points and opportunities, built once per layout. */
function placer(doc: JourneyMap) {
  const lanes = new Set(doc.lanes.map((l) => l.id));
  const stages = new Set(doc.stages.map((s) => s.id));
  const steps = new Map(doc.steps.map((s) => [s.id, s]));
  const pains = new Map(doc.painPoints.map((p) => [p.id, p]));
  const painsLane = doc.lanes.find((l) => l.kind === 'pains');
  const opportunitiesLane = doc.lanes.find((l) => l.kind === 'opportunities');

  const painCell = (pain: PainPoint): CellRef | null => {
    if (pain.cell && lanes.has(pain.cell.laneId) && stages.has(pain.cell.stageId)) {
      return { laneId: pain.cell.laneId, stageId: pain.cell.stageId };
    }
    const step = pain.stepId ? steps.get(pain.stepId) : undefined;
    if (painsLane && step && stages.has(step.stageId)) return { laneId: painsLane.id, stageId: step.stageId };
    return null;
  };
  /** The stage of a pain point: where its card is, else where its step is. */
  const painStage = (pain: PainPoint): string | undefined => {
    const cell = painCell(pain);
    if (cell) return cell.stageId;
    const step = pain.stepId ? steps.get(pain.stepId) : undefined;
    return step && stages.has(step.stageId) ? step.stageId : undefined;
  };
  const opportunityCell = (opportunity: Opportunity): CellRef | null => {
    if (!opportunitiesLane) return null;
    const linked = [...opportunity.painPointIds];
    for (const pain of doc.painPoints) if (pain.opportunityIds.includes(opportunity.id)) linked.push(pain.id);
    for (const id of linked) {
      const pain = pains.get(id);
      const stageId = pain && painStage(pain);
      if (stageId) return { laneId: opportunitiesLane.id, stageId };
    }
    return null;
  };
  return { painCell, opportunityCell };
}

/**
 * Where a pain point's card goes: its own cell if that lane and stage exist; else, for a pain
 * point on a step, the first `pains` lane in the step's stage; else nowhere (the step's badge
 * is all there is).
 */
export function painPointCell(doc: JourneyMap, pain: PainPoint): CellRef | null {
  return placer(doc).painCell(pain);
}

/**
 * Where an opportunity's card goes: the first `opportunities` lane, in the stage of the first
 * linked pain point that has one (its card's, else its step's); else nowhere. Links are read
 * from both sides (the opportunity's `painPointIds`, then pain points that list it).
 */
export function opportunityCell(doc: JourneyMap, opportunity: Opportunity): CellRef | null {
  return placer(doc).opportunityCell(opportunity);
}

export function computeLayout(doc: JourneyMap): GridLayout {
  const g = GRID;
  /** Cards per cell in stacking order: steps, then pain points, then opportunities. */
  const perCell = new Map<string, { key: string; height: number }[]>();
  const put = (laneId: string, stageId: string, key: string, height: number) => {
    const cell = cellKey(laneId, stageId);
    const list = perCell.get(cell);
    if (list) list.push({ key, height });
    else perCell.set(cell, [{ key, height }]);
  };
  for (const step of doc.steps) put(step.laneId, step.stageId, step.id, g.cardHeight);
  const place = placer(doc);
  for (const pain of doc.painPoints) {
    const cell = place.painCell(pain);
    if (cell) put(cell.laneId, cell.stageId, painCardId(pain.id), g.noteHeight);
  }
  for (const opportunity of doc.opportunities) {
    const cell = place.opportunityCell(opportunity);
    if (cell) put(cell.laneId, cell.stageId, opportunityCardId(opportunity.id), g.noteHeight);
  }
  const stages: Band[] = [];
  let x = g.laneHeaderWidth;
  for (const stage of doc.stages) {
    stages.push({ id: stage.id, start: x, size: g.stageWidth });
    x += g.stageWidth;
  }
  const lanes: Band[] = [];
  const cards = new Map<string, Rect>();
  let y = g.stageHeaderHeight;
  for (const lane of doc.lanes) {
    let content: number = g.cardHeight;
    for (const stage of stages) {
      const list = perCell.get(cellKey(lane.id, stage.id));
      if (!list) continue;
      let top = y + g.cellPadding;
      for (const card of list) {
        cards.set(card.key, { x: stage.start + (g.stageWidth - g.cardWidth) / 2, y: top, width: g.cardWidth, height: card.height });
        top += card.height + g.cardGap;
      }
      content = Math.max(content, top - g.cardGap - (y + g.cellPadding));
    }
    let height = 2 * g.cellPadding + content;
    if (lane.kind === 'emotions') height = Math.max(height, g.emotionLaneMinHeight);
    lanes.push({ id: lane.id, start: y, size: height });
    y += height;
  }
  return { stages, lanes, cards, width: x, height: y };
}

/** Two lists with the same entries by `same`, or the very same list. */
function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !same(a[i] as T, b[i] as T)) return false;
  return true;
}

const sameIds = (a: readonly string[], b: readonly string[]) => sameList(a, b, (x, y) => x === y);

/**
 * Whether two versions of a map have the same layout: everything computeLayout reads is equal —
 * stage and lane ids (and lane kinds), each step's id and cell in the same order, where pain
 * points and opportunities hang. Typing a title or changing a time does not change the layout.
 * Unchanged parts are the same objects (the store's updates share them), so this is mostly
 * identity checks.
 */
export function sameLayoutInputs(a: JourneyMap, b: JourneyMap): boolean {
  return (
    sameList(a.stages, b.stages, (x, y) => x.id === y.id) &&
    sameList(a.lanes, b.lanes, (x, y) => x.id === y.id && x.kind === y.kind) &&
    sameList(a.steps, b.steps, (x, y) => x.id === y.id && x.laneId === y.laneId && x.stageId === y.stageId) &&
    sameList(
      a.painPoints,
      b.painPoints,
      (x, y) =>
        x.id === y.id &&
        x.stepId === y.stepId &&
        x.cell?.laneId === y.cell?.laneId &&
        x.cell?.stageId === y.cell?.stageId &&
        sameIds(x.opportunityIds, y.opportunityIds),
    ) &&
    sameList(a.opportunities, b.opportunities, (x, y) => x.id === y.id && sameIds(x.painPointIds, y.painPointIds))
  );
}

/**
 * computeLayout that hands back the previous layout (the same object) while the layout inputs
 * are unchanged, so what is derived from it (the canvas's nodes, the grid) can be kept as is.
 */
export function createLayoutMemo(): (doc: JourneyMap) => GridLayout {
  let last: { doc: JourneyMap; layout: GridLayout } | null = null;
  return (doc) => {
    if (last && (last.doc === doc || sameLayoutInputs(last.doc, doc))) {
      last = { doc, layout: last.layout };
      return last.layout;
    }
    last = { doc, layout: computeLayout(doc) };
    return last.layout;
  };
}

const inBand = (bands: readonly Band[], v: number) => bands.find((b) => v >= b.start && v < b.start + b.size);

/**
 * The cell under a point of the canvas, and the index among the cell's steps that a step card
 * dropped there would take (pain-point and opportunity cards do not count).
 */
export function cellAt(
  layout: GridLayout,
  doc: JourneyMap,
  point: { x: number; y: number },
  ignoreStepIds: ReadonlySet<string> = new Set(),
): { laneId: string; stageId: string; index: number } | null {
  const stage = inBand(layout.stages, point.x);
  const lane = inBand(layout.lanes, point.y);
  if (!stage || !lane) return null;
  const others = doc.steps.filter((s) => s.laneId === lane.id && s.stageId === stage.id && !ignoreStepIds.has(s.id));
  let index = others.length;
  for (let i = 0; i < others.length; i++) {
    const rect = layout.cards.get((others[i] as { id: string }).id);
    if (rect && point.y < rect.y + rect.height / 2) {
      index = i;
      break;
    }
  }
  return { laneId: lane.id, stageId: stage.id, index };
}

// --------------------------------------------------------------------------- emotion curve
export interface EmotionPoint {
  stageId: string;
  /** Centre of the stage's column. */
  x: number;
  /** Inside the first emotions lane: +2 near its top, -2 near its bottom. */
  y: number;
  /** Mean emotion of the stage, -2..+2 (not rounded). */
  value: number;
}

/**
 * One point per stage that has emotion data, in stage order: the mean emotion of the stage's
 * steps in citizen lanes (or of all its steps, if no step in a citizen lane has an emotion),
 * placed in the first emotions lane. Empty when the map has no emotions lane.
 */
export function emotionCurve(doc: JourneyMap, layout: GridLayout): EmotionPoint[] {
  const laneIndex = doc.lanes.findIndex((l) => l.kind === 'emotions');
  const band = layout.lanes[laneIndex];
  if (laneIndex < 0 || !band) return [];
  const citizenLanes = new Set(doc.lanes.filter((l) => l.kind === 'citizen').map((l) => l.id));
  const rated = doc.steps.filter((s) => s.emotion !== undefined);
  const citizenRated = rated.filter((s) => citizenLanes.has(s.laneId));
  const source = citizenRated.length > 0 ? citizenRated : rated;
  const pad = Math.min(GRID.emotionPadding, band.size / 4);
  const top = band.start + pad;
  const span = band.size - 2 * pad;
  const points: EmotionPoint[] = [];
  for (const stage of layout.stages) {
    const values = source.filter((s) => s.stageId === stage.id).map((s) => s.emotion as number);
    if (values.length === 0) continue;
    const value = values.reduce((a, b) => a + b, 0) / values.length;
    points.push({ stageId: stage.id, x: stage.start + stage.size / 2, y: top + ((2 - value) / 4) * span, value });
  }
  return points;
}

// ------------------------------------------------------------------------- blueprint lines
export type BlueprintLineKind = 'interaction' | 'visibility' | 'internal';
export interface BlueprintLine {
  kind: BlueprintLineKind;
  /** The boundary between the two lanes. */
  y: number;
  /** From the left edge of the stage columns to the right edge of the grid. */
  x1: number;
  x2: number;
}

type Zone = 'customer' | 'front' | 'back' | 'support';
const ZONES: Partial<Record<LaneKind, Zone>> = {
  citizen: 'customer',
  touchpoint: 'customer',
  frontstage: 'front',
  backstage: 'back',
  support: 'support',
};
const LINE_BETWEEN: Record<string, BlueprintLineKind> = {
  'customer|front': 'interaction',
  'front|back': 'visibility',
  'back|support': 'internal',
};

/**
 * The service-blueprint lines: on the boundary between two adjacent lanes whose zones are
 * customer (citizen, touchpoint) and front (frontstage) — the line of interaction; front and
 * back (backstage) — the line of visibility; back and support — the line of internal
 * interaction. Lanes of other kinds have no zone and draw no line.
 */
export function blueprintLines(doc: JourneyMap, layout: GridLayout): BlueprintLine[] {
  const order: Zone[] = ['customer', 'front', 'back', 'support'];
  const lines: BlueprintLine[] = [];
  for (let i = 0; i + 1 < doc.lanes.length; i++) {
    const a = ZONES[(doc.lanes[i] as { kind: LaneKind }).kind];
    const b = ZONES[(doc.lanes[i + 1] as { kind: LaneKind }).kind];
    const band = layout.lanes[i + 1];
    if (!a || !b || !band) continue;
    const pair = [a, b].sort((p, q) => order.indexOf(p) - order.indexOf(q)).join('|');
    const kind = LINE_BETWEEN[pair];
    if (kind) lines.push({ kind, y: band.start, x1: GRID.laneHeaderWidth, x2: layout.width });
  }
  return lines;
}
