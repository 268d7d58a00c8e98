/**
 * The grid geometry of a map: stage columns, lane rows, and where each step card sits. Pure and
 * shared by the canvas and (later) the SVG export, so both draw the same picture.
 */
import type { JourneyMap } from './types';

export const GRID = {
  laneHeaderWidth: 200,
  stageHeaderHeight: 64,
  stageWidth: 248,
  cardWidth: 208,
  cardHeight: 76,
  cardGap: 12,
  cellPadding: 20,
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
  /** Card rectangle of every step, by step id. */
  cards: Map<string, Rect>;
  width: number;
  height: number;
}

export const cellKey = (laneId: string, stageId: string) => `${laneId}\u0000${stageId}`;

export function computeLayout(doc: JourneyMap): GridLayout {
  const g = GRID;
  const perCell = new Map<string, string[]>();
  for (const step of doc.steps) {
    const key = cellKey(step.laneId, step.stageId);
    const list = perCell.get(key);
    if (list) list.push(step.id);
    else perCell.set(key, [step.id]);
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
    let most = 1;
    for (const stage of stages) {
      const ids = perCell.get(cellKey(lane.id, stage.id));
      if (!ids) continue;
      most = Math.max(most, ids.length);
      ids.forEach((id, i) => {
        cards.set(id, {
          x: stage.start + (g.stageWidth - g.cardWidth) / 2,
          y: y + g.cellPadding + i * (g.cardHeight + g.cardGap),
          width: g.cardWidth,
          height: g.cardHeight,
        });
      });
    }
    const height = 2 * g.cellPadding + most * g.cardHeight + (most - 1) * g.cardGap;
    lanes.push({ id: lane.id, start: y, size: height });
    y += height;
  }
  return { stages, lanes, cards, width: x, height: y };
}

const inBand = (bands: readonly Band[], v: number) => bands.find((b) => v >= b.start && v < b.start + b.size);

/** The cell under a point of the canvas, and the index a card dropped there would take. */
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
