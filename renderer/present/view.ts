/**
 * The geometry of the walk-through: which slides there are, where the view goes for each, and
 * which stage column a card stands in. Pure functions of the document and its layout.
 */
import type { GridLayout, JourneyMap, Rect } from '../../shared/model';

export type Slide = { kind: 'overview' } | { kind: 'stage'; stageId: string; index: number } | { kind: 'compare' };

export function slidesOf(doc: JourneyMap, withCompare: boolean): Slide[] {
  return [
    { kind: 'overview' },
    ...doc.stages.map((s, index): Slide => ({ kind: 'stage', stageId: s.id, index })),
    ...(withCompare ? [{ kind: 'compare' } as const] : []),
  ];
}

/** The stage column whose horizontal extent holds `x`, if any. */
export function stageAt(layout: GridLayout, x: number): string | undefined {
  return layout.stages.find((b) => x >= b.start && x < b.start + b.size)?.id;
}

/**
 * The part of the map a stage slide shows: the stage's column, from its header down to its
 * lowest card (the whole height when it has none), with half a column of context on each side.
 */
export function stageRect(layout: GridLayout, stageId: string): Rect | null {
  const band = layout.stages.find((b) => b.id === stageId);
  if (!band) return null;
  let bottom = 0;
  for (const rect of layout.cards.values()) {
    const centre = rect.x + rect.width / 2;
    if (centre >= band.start && centre < band.start + band.size) bottom = Math.max(bottom, rect.y + rect.height);
  }
  const height = bottom > 0 ? Math.min(layout.height, bottom + 24) : layout.height;
  const context = band.size / 2;
  return { x: band.start - context, y: 0, width: band.size + 2 * context, height };
}

export interface Area {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The viewport that shows `rect` as large as fits in `area` (screen pixels of the pane), centred. */
export function viewportFor(rect: Rect, area: Area, maxZoom = 1.6, minZoom = 0.05): { x: number; y: number; zoom: number } {
  const width = Math.max(1, area.width);
  const height = Math.max(1, area.height);
  const zoom = Math.min(maxZoom, Math.max(minZoom, Math.min(width / Math.max(1, rect.width), height / Math.max(1, rect.height))));
  return {
    x: area.left + (width - rect.width * zoom) / 2 - rect.x * zoom,
    y: area.top + (height - rect.height * zoom) / 2 - rect.y * zoom,
    zoom,
  };
}
