/**
 * Level of detail for big maps. Zoomed out, a map of a thousand cards would put every card on
 * screen as a DOM subtree, and panning or zooming then crawls (the issue measured ~10 fps at 2000
 * nodes in bare React Flow). Below LOD_ENTER_ZOOM the cards and flows leave React Flow and are
 * drawn into one <canvas> in flow coordinates instead: coloured blocks (the step's agency, the
 * pain's severity, opportunities in green), the selection, the flows as lines, and titles
 * wherever they are big enough to read. The headers, grid and emotion curve stay as they are.
 * Zooming back in past LOD_LEAVE_ZOOM (a little higher, so the view does not flicker between
 * the two at the threshold) brings the cards back; a click on a block selects that card and
 * zooms to it.
 *
 * The canvas is redrawn only when the map, the selection or the zoom (by more than a quarter)
 * changes; panning moves it with the viewport's CSS transform, at no cost.
 */
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { useReactFlow, useStoreApi, ViewportPortal } from '@xyflow/react';
import { GRID, handoffFlowIds, type GridLayout, type JourneyMap, type Rect } from '../../shared/model';
import { useAppStore } from '../store';
import type { Selection } from '../store/types';
import { textWidth } from '../../shared/export/text-width';
import { EDGE_STYLE, handlesFor, HANDOFF_COLOR, severityLevel } from './derive';

/** Below this zoom big maps are drawn as blocks... */
export const LOD_ENTER_ZOOM = 0.4;
/** ...and above this the cards come back. */
export const LOD_LEAVE_ZOOM = 0.46;
/** Maps with fewer cards than this always show real cards (they are light at any zoom). */
export const LOD_MIN_CARDS = 300;
/** Largest canvas backing store, in pixels (memory: 4 bytes each). */
const MAX_CANVAS_PIXELS = 24_000_000;
const MAX_CANVAS_SIDE = 16_384;
/** Redraw once the zoom has moved this factor away from the one drawn at. */
const REDRAW_FACTOR = 1.25;
/** Titles are drawn when they come out at least this many pixels high on screen. */
const MIN_SCREEN_FONT = 7;

/**
 * Whether the canvas is in block mode: follows the zoom with hysteresis, and only maps with many
 * cards ever enter it. Re-renders its user only when the mode flips. `enter()` switches to blocks
 * ahead of a zoom change that is known to end far out (fit view): the cards then leave React Flow
 * before the view zooms out, instead of all of them being mounted at the fitted zoom first and
 * unmounted in the next frame (seconds on a 2000-step map).
 */
export function useLevelOfDetail(cardCount: number): [boolean, () => void] {
  const store = useStoreApi();
  const [lod, setLod] = useState(false);
  const current = useRef(false);
  const big = cardCount >= LOD_MIN_CARDS;
  useEffect(() => {
    if (!big) {
      current.current = false;
      setLod(false);
      return;
    }
    const update = (zoom: number) => {
      const next = current.current ? zoom < LOD_LEAVE_ZOOM : zoom < LOD_ENTER_ZOOM;
      if (next === current.current) return;
      current.current = next;
      setLod(next);
    };
    // Blocks entered already (enter(), in the render or layout effect that brought a big map whose
    // fit ends in blocks) stay until the zoom changes: deciding now, at the view before the fit,
    // would mount every card at the fitted zoom only to drop them again.
    if (!current.current) update(store.getState().transform[2]);
    // Only a change of zoom decides again (so a switch made by enter() waits for the zoom).
    return store.subscribe((state, previous) => {
      if (state.transform[2] !== previous.transform[2]) update(state.transform[2]);
    });
  }, [big, store]);
  const enter = useCallback(() => {
    if (!big || current.current) return;
    current.current = true;
    setLod(true);
  }, [big]);
  return [big && lod, enter];
}

/** Room kept free around the map when it is fitted, in CSS px. */
export interface FitPadding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The zoom at which a map of `layout`'s size fits a pane, as React Flow's fitView computes it. */
export function fitZoom(layout: Pick<GridLayout, 'width' | 'height'>, pane: { width: number; height: number }, padding: FitPadding, minZoom: number, maxZoom: number): number {
  const width = Math.max(1, pane.width - padding.left - padding.right);
  const height = Math.max(1, pane.height - padding.top - padding.bottom);
  const zoom = Math.min(width / Math.max(1, layout.width), height / Math.max(1, layout.height));
  return Math.min(maxZoom, Math.max(minZoom, zoom));
}

const STEP_FILL = '#ffffff';
const NOTE_FILL = { low: '#fef9c3', medium: '#ffedd5', high: '#fee2e2' } as const;
const NOTE_STROKE = { low: '#ca8a04', medium: '#ea580c', high: '#dc2626' } as const;
const OPPORTUNITY_FILL = '#dcfce7';
const OPPORTUNITY_STROKE = '#16a34a';
const SELECTED = '#2563eb';
const FONT = 'system-ui, "DejaVu Sans", sans-serif';

export interface Block {
  id: string;
  rect: Rect;
  fill: string;
  stroke: string;
  /** The agency colour band on a step's left edge. */
  band: string | null;
  title: string;
}

/** Every card of the map as a block: its place, colours and title (also the minimap's picture). */
export function blocksOf(doc: JourneyMap, layout: GridLayout): Block[] {
  const colour = new Map(doc.agencies.map((a) => [a.id, a.color]));
  const blocks: Block[] = [];
  for (const step of doc.steps) {
    const rect = layout.cards.get(step.id);
    const band = colour.get(step.agencyIds[0] ?? '') ?? null;
    if (rect) blocks.push({ id: step.id, rect, fill: STEP_FILL, stroke: band ?? '#94a3b8', band, title: step.title });
  }
  for (const pain of doc.painPoints) {
    const id = `pain:${pain.id}`;
    const rect = layout.cards.get(id);
    const level = severityLevel(pain.severity);
    if (rect) blocks.push({ id, rect, fill: NOTE_FILL[level], stroke: NOTE_STROKE[level], band: null, title: pain.title });
  }
  for (const opportunity of doc.opportunities) {
    const id = `opp:${opportunity.id}`;
    const rect = layout.cards.get(id);
    if (rect) blocks.push({ id, rect, fill: OPPORTUNITY_FILL, stroke: OPPORTUNITY_STROKE, band: null, title: opportunity.title });
  }
  return blocks;
}

const anchor = (r: Rect, side: string) =>
  side === 'l' ? [r.x, r.y + r.height / 2] : side === 'r' ? [r.x + r.width, r.y + r.height / 2] : side === 't' ? [r.x + r.width / 2, r.y] : [r.x + r.width / 2, r.y + r.height];

/**
 * Up to `most` lines of `text` that fit `width`, the last cut with an ellipsis; `measure` gives a
 * string's width at the font the lines are drawn in.
 */
export function wrapTitle(text: string, width: number, measure: (text: string) => number, most = 2): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const space = measure(' ');
  const lines: string[] = [];
  const widths: number[] = [];
  let line = '';
  let lineWidth = 0;
  for (const word of words) {
    const wordWidth = measure(word);
    if (!line || lineWidth + space + wordWidth <= width) {
      lineWidth = line ? lineWidth + space + wordWidth : wordWidth;
      line = line ? `${line} ${word}` : word;
      continue;
    }
    lines.push(line);
    widths.push(lineWidth);
    line = word;
    lineWidth = wordWidth;
    if (lines.length === most) break;
  }
  if (lines.length < most && line) {
    lines.push(line);
    widths.push(lineWidth);
  }
  const last = lines.length - 1;
  const lastLine = lines[last];
  if (lastLine === undefined) return lines;
  const rest = words.join(' ').length > lines.join(' ').length;
  if (!rest && (widths[last] as number) <= width) return lines;
  // Character by character: the widths of the line's prefixes, without measuring each prefix.
  const chars = [...lastLine];
  const advances = chars.map(measure);
  const room = width - measure('…');
  let kept = chars.length;
  let keptWidth = advances.reduce((sum, w) => sum + w, 0);
  while (kept > 1 && keptWidth > room) keptWidth -= advances[--kept] as number;
  lines[last] = `${chars.slice(0, kept).join('').trimEnd()}…`;
  return lines;
}

/** Title sizes in flow px step by this factor, so that redraws share their fonts' glyphs. */
const FONT_STEP = 1.25;

/** The cards' area: the map without its header row and column (those stay React Flow nodes). */
export const lodArea = (layout: GridLayout) => ({
  x: GRID.laneHeaderWidth,
  y: GRID.stageHeaderHeight,
  width: Math.max(1, layout.width - GRID.laneHeaderWidth),
  height: Math.max(1, layout.height - GRID.stageHeaderHeight),
});

/** Draws the blocks and flows of `doc` at `scale` canvas pixels per flow unit, the canvas starting at `area`'s corner. */
export function drawMap(ctx: CanvasRenderingContext2D, doc: JourneyMap, layout: GridLayout, selection: Selection, scale: number, zoom: number) {
  const { width, height } = ctx.canvas;
  const area = lodArea(layout);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.setTransform(scale, 0, 0, scale, -area.x * scale, -area.y * scale);
  // One screen pixel, in flow units: lines never get thinner than that.
  const px = 1 / zoom;

  const handoffs = handoffFlowIds(doc);
  const selectedEdges = new Set(selection.edges);
  ctx.lineCap = 'round';
  for (const flow of doc.flows) {
    const from = layout.cards.get(flow.from);
    const to = layout.cards.get(flow.to);
    if (!from || !to) continue;
    const [a, b] = handlesFor(from, to);
    const [x1, y1] = anchor(from, a);
    const [x2, y2] = anchor(to, b);
    const handoff = handoffs.has(flow.id) && (flow.kind === 'sequence' || flow.kind === 'handoff');
    ctx.strokeStyle = selectedEdges.has(flow.id) ? SELECTED : handoff ? HANDOFF_COLOR : EDGE_STYLE[flow.kind].stroke;
    ctx.lineWidth = Math.max(handoff ? 3 : 2, (handoff ? 2 : 1) * px);
    ctx.setLineDash(flow.kind === 'rework' ? [6 * px, 4 * px] : flow.kind === 'optional' ? [2 * px, 4 * px] : []);
    ctx.beginPath();
    ctx.moveTo(x1 as number, y1 as number);
    ctx.lineTo(x2 as number, y2 as number);
    ctx.stroke();
  }
  ctx.setLineDash([]);

  const selected = new Set(selection.nodes);
  const blocks = blocksOf(doc, layout);
  for (const block of blocks) {
    const { x, y, width: w, height: h } = block.rect;
    ctx.fillStyle = block.fill;
    ctx.fillRect(x, y, w, h);
    if (block.band) {
      ctx.fillStyle = block.band;
      ctx.fillRect(x, y, Math.max(6, 3 * px), h);
    }
    const isSelected = selected.has(block.id);
    ctx.strokeStyle = isSelected ? SELECTED : block.stroke;
    ctx.lineWidth = isSelected ? Math.max(4, 3 * px) : Math.max(1.5, px);
    ctx.strokeRect(x, y, w, h);
  }

  // Titles where they can be read: a font that comes out at MIN_SCREEN_FONT px on screen, if
  // at least a few characters of it fit in a card.
  const font = 13 * FONT_STEP ** Math.max(0, Math.ceil(Math.log(MIN_SCREEN_FONT / zoom / 13) / Math.log(FONT_STEP) - 1e-9));
  if (font * 4 > GRID.cardWidth) return;
  ctx.font = `${font}px ${FONT}`;
  ctx.fillStyle = '#0f172a';
  ctx.textBaseline = 'top';
  const pad = Math.max(8, 2 * px);
  for (const block of blocks) {
    const { x, y, width: w, height: h } = block.rect;
    const room = w - pad * 2 - (block.band ? Math.max(6, 3 * px) : 0);
    const lineHeight = font * 1.15;
    const lines = wrapTitle(block.title, room, (text) => textWidth(text, font), Math.min(2, Math.max(1, Math.floor((h - pad) / lineHeight))));
    lines.forEach((line, i) => {
      ctx.fillText(line, x + w - pad - room, y + pad / 2 + i * lineHeight, room);
    });
  }
}

/** Blocks are drawn only at zooms where block mode can last (above it the cards come back). */
const drawable = (zoom: number) => zoom < LOD_LEAVE_ZOOM;

/** The canvas over the cards' area, in flow coordinates (inside the viewport's transform). */
export const LodLayer = memo(function LodLayer({ doc, layout, under = false }: { doc: JourneyMap; layout: GridLayout; under?: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const store = useStoreApi();
  const flow = useReactFlow();
  const selection = useAppStore((s) => s.selection);
  const [drawnZoom, setDrawnZoom] = useState(() => store.getState().transform[2]);
  const down = useRef<{ x: number; y: number } | null>(null);
  // Under the cards coming back (useCardHandover): kept as drawn, and not clickable.
  const underRef = useRef(under);
  underRef.current = under;

  // A new zoom far enough from the drawn one: redraw once it has settled — at once when nothing
  // is drawn yet (the layer was switched on ahead of a fit, see drawable).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = store.subscribe((state) => {
      const zoom = state.transform[2];
      if (Math.max(zoom / drawnZoom, drawnZoom / zoom) < REDRAW_FACTOR) return;
      if (timer) clearTimeout(timer);
      if (underRef.current) return;
      if (!drawable(drawnZoom)) setDrawnZoom(zoom);
      else timer = setTimeout(() => setDrawnZoom(store.getState().transform[2]), 120);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store, drawnZoom]);

  useEffect(() => {
    const element = canvas.current;
    const ctx = element?.getContext('2d');
    if (!element || !ctx) return;
    if (!drawable(drawnZoom)) {
      // Switched on ahead of a zoom-out (fit view): the view is about to change, and a canvas
      // of the whole map at this zoom would take a second to allocate and fill.
      element.width = 1;
      element.height = 1;
      return;
    }
    const dpr = window.devicePixelRatio || 1;
    const area = lodArea(layout);
    let scale = drawnZoom * dpr;
    scale = Math.min(scale, MAX_CANVAS_SIDE / area.width, MAX_CANVAS_SIDE / area.height, Math.sqrt(MAX_CANVAS_PIXELS / (area.width * area.height)));
    element.width = Math.max(1, Math.round(area.width * scale));
    element.height = Math.max(1, Math.round(area.height * scale));
    drawMap(ctx, doc, layout, selection, scale, drawnZoom);
  }, [doc, layout, selection, drawnZoom]);

  const area = lodArea(layout);
  return (
    <ViewportPortal>
      <canvas
        ref={canvas}
        className="lod-layer"
        data-testid="lod-layer"
        data-zoom={drawnZoom.toFixed(3)}
        data-under={under ? 'true' : undefined}
        style={{ position: 'absolute', left: area.x, top: area.y, width: area.width, height: area.height, pointerEvents: under ? 'none' : 'all', zIndex: under ? -1 : undefined }}
        onPointerDown={(event) => {
          down.current = { x: event.clientX, y: event.clientY };
        }}
        onClick={(event) => {
          // A click (not the end of a pan) on a block selects that card and zooms in to it.
          const start = down.current;
          if (!start || Math.hypot(event.clientX - start.x, event.clientY - start.y) > 4) return;
          const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
          for (const [id, r] of layout.cards) {
            if (point.x < r.x || point.x > r.x + r.width || point.y < r.y || point.y > r.y + r.height) continue;
            useAppStore.getState().select({ nodes: [id], edges: [] });
            void flow.setCenter(r.x + r.width / 2, r.y + r.height / 2, { zoom: 0.9, duration: 300 });
            return;
          }
        }}
      />
    </ViewportPortal>
  );
});

/** Cards, then flows, brought back per frame when the view leaves blocks (see useCardHandover). */
export const HANDOVER_CARDS = 20;
export const HANDOVER_FLOWS = 40;

type View = { left: number; top: number; right: number; bottom: number; cx: number; cy: number };
const viewOf = ([x, y, zoom]: readonly [number, number, number], width: number, height: number): View => {
  const left = -x / zoom;
  const top = -y / zoom;
  const right = left + width / zoom;
  const bottom = top + height / zoom;
  return { left, top, right, bottom, cx: (left + right) / 2, cy: (top + bottom) / 2 };
};
/** Whether the box from (left, top) to (right, bottom) meets the view. */
const meets = (v: View, left: number, top: number, right: number, bottom: number) => left <= v.right && right >= v.left && top <= v.bottom && bottom >= v.top;
const nearestFirst = (found: { id: string; d: number }[]) => found.sort((a, b) => a.d - b.d).map((f) => f.id);

/** The ids of the cards in `layout` that the view [x, y, zoom] over a pane of `width` × `height` shows and `skip` lacks, nearest its centre first. */
export function cardsInView(layout: GridLayout, transform: readonly [number, number, number], width: number, height: number, skip: ReadonlySet<string>): string[] {
  const v = viewOf(transform, width, height);
  const found: { id: string; d: number }[] = [];
  for (const [id, r] of layout.cards) {
    if (skip.has(id) || !meets(v, r.x, r.y, r.x + r.width, r.y + r.height)) continue;
    found.push({ id, d: Math.hypot(r.x + r.width / 2 - v.cx, r.y + r.height / 2 - v.cy) });
  }
  return nearestFirst(found);
}

/** The ids of the flows whose two cards' box meets the view (as React Flow culls them) and `skip` lacks, nearest its centre first. */
export function flowsInView(
  layout: GridLayout,
  flows: readonly { id: string; source: string; target: string }[],
  transform: readonly [number, number, number],
  width: number,
  height: number,
  skip: ReadonlySet<string>,
): string[] {
  const v = viewOf(transform, width, height);
  const found: { id: string; d: number }[] = [];
  for (const flow of flows) {
    const a = layout.cards.get(flow.source);
    const b = layout.cards.get(flow.target);
    if (!a || !b || skip.has(flow.id)) continue;
    const left = Math.min(a.x, b.x);
    const top = Math.min(a.y, b.y);
    const right = Math.max(a.x + a.width, b.x + b.width);
    const bottom = Math.max(a.y + a.height, b.y + b.height);
    if (!meets(v, left, top, right, bottom)) continue;
    found.push({ id: flow.id, d: Math.hypot((left + right) / 2 - v.cx, (top + bottom) / 2 - v.cy) });
  }
  return nearestFirst(found);
}

/** What is back in React Flow during a hand-over: some cards and no flows, then every card and some flows. */
export type Handover = { cards: ReadonlySet<string>; flows: null } | { cards: null; flows: ReadonlySet<string> };

/**
 * Leaving blocks without a freeze. Zooming in past LOD_LEAVE_ZOOM used to hand React Flow every
 * card and flow at once: at 2000 steps about 200 cards and their flows came into view in one
 * frame of 450–580 ms. Instead the cards in view come back HANDOVER_CARDS a frame, nearest the
 * centre of the view first, over the blocks, which stay drawn under them; then React Flow gets
 * every card, and the flows in view come back HANDOVER_FLOWS a frame; then all of them, and the
 * blocks go. While that lasts this says what is back (null when there is no hand-over: blocks,
 * or the whole map).
 */
export function useCardHandover(inBlocks: boolean, layout: GridLayout, flows: readonly { id: string; source: string; target: string }[]): Handover | null {
  const store = useStoreApi();
  const [back, setBack] = useState<Handover | null>(null);
  const [wasBlocks, setWasBlocks] = useState(inBlocks);
  const next = useCallback(
    (sofar: Handover): Handover | null => {
      // Another map, small enough never to be in blocks: it is shown whole.
      if (layout.cards.size < LOD_MIN_CARDS) return null;
      const { transform, width, height } = store.getState();
      if (sofar.cards) {
        const more = cardsInView(layout, transform, width, height, sofar.cards).slice(0, HANDOVER_CARDS);
        return more.length > 0 ? { cards: new Set([...sofar.cards, ...more]), flows: null } : { cards: null, flows: new Set() };
      }
      const more = flowsInView(layout, flows, transform, width, height, sofar.flows).slice(0, HANDOVER_FLOWS);
      return more.length > 0 ? { cards: null, flows: new Set([...sofar.flows, ...more]) } : null;
    },
    [store, layout, flows],
  );
  if (wasBlocks !== inBlocks) {
    setWasBlocks(inBlocks);
    setBack(inBlocks ? null : next({ cards: new Set(), flows: null }));
  }
  useEffect(() => {
    if (!back) return;
    // One batch a frame: the frame with the last one is painted before the next starts.
    const frame = requestAnimationFrame(() => setBack(next(back)));
    return () => cancelAnimationFrame(frame);
  }, [back, next]);
  return inBlocks || layout.cards.size < LOD_MIN_CARDS ? null : back;
}
