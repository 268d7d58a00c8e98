/**
 * The minimap: the whole map in small, with the part on screen left clear and the rest veiled.
 * React Flow's own minimap draws every node as an SVG element that follows the store, so on a big
 * map each frame of a pan or zoom re-checked thousands of them (and measured the bounds of all
 * nodes again). This one draws the cards once onto a <canvas> — again only when the map changes,
 * and not while someone types — and on a pan or zoom only moves that canvas and redraws the veil:
 * a few attribute writes, no React render.
 *
 * Dragging in it moves the view and the wheel zooms (React Flow's XYMinimap, as its own minimap
 * does); a click centres the view on that point.
 */
import { memo, useEffect, useRef } from 'react';
import { Panel, useReactFlow, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { XYMinimap, type XYMinimapInstance } from '@xyflow/system';
import { useTranslation } from 'react-i18next';
import { GRID, type GridLayout, type JourneyMap } from '../../shared/model';
import { blocksOf } from './lod';

/** The minimap's size on screen, CSS px. */
export const MINIMAP_WIDTH = 180;
export const MINIMAP_HEIGHT = 110;
/** Room around the map and the view, in minimap pixels (as React Flow's). */
const MARGIN = 5;
/** Redraw the cards this long after the map last changed, so typing does not pay for it. */
const REDRAW_DELAY_MS = 150;
/** The canvas's backing store: this many device pixels per minimap pixel at the map's size. */
const OVERSAMPLE = 2;
const HEADER_FILL = '#e2e8f0';
const GRID_FILL = '#f8fafc';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the minimap shows, in flow coordinates: its viewBox, and the view (the part on screen). */
export function minimapFrame(map: Box, transform: readonly [number, number, number], paneWidth: number, paneHeight: number) {
  const [tx, ty, zoom] = transform;
  const view: Box = { x: -tx / zoom, y: -ty / zoom, width: paneWidth / zoom, height: paneHeight / zoom };
  const x1 = Math.min(map.x, view.x);
  const y1 = Math.min(map.y, view.y);
  const x2 = Math.max(map.x + map.width, view.x + view.width);
  const y2 = Math.max(map.y + map.height, view.y + view.height);
  // Flow units per minimap pixel: the union of map and view fits, centred, inside the margin.
  const scale = Math.max((x2 - x1) / (MINIMAP_WIDTH - 2 * MARGIN), (y2 - y1) / (MINIMAP_HEIGHT - 2 * MARGIN)) || 1;
  const width = MINIMAP_WIDTH * scale;
  const height = MINIMAP_HEIGHT * scale;
  const box: Box = { x: x1 - (width - (x2 - x1)) / 2, y: y1 - (height - (y2 - y1)) / 2, width, height };
  return { box, view, scale };
}

/** The cards as coloured blocks (the step's agency, the pain's severity, opportunities in green) over the grid. */
function drawCards(ctx: CanvasRenderingContext2D, doc: JourneyMap, layout: GridLayout, scale: number) {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.fillStyle = GRID_FILL;
  ctx.fillRect(0, 0, layout.width, layout.height);
  ctx.fillStyle = HEADER_FILL;
  ctx.fillRect(0, 0, layout.width, GRID.stageHeaderHeight);
  ctx.fillRect(0, 0, GRID.laneHeaderWidth, layout.height);
  for (const block of blocksOf(doc, layout)) {
    const { x, y, width, height } = block.rect;
    ctx.fillStyle = block.band ?? block.stroke;
    ctx.fillRect(x, y, width, height);
  }
}

const selectPaneSize = (s: ReactFlowState) => [s.width, s.height] as const;

export const MiniMapCanvas = memo(function MiniMapCanvas({ doc, layout }: { doc: JourneyMap; layout: GridLayout }) {
  const { t } = useTranslation();
  const store = useStoreApi();
  const flow = useReactFlow();
  const svg = useRef<SVGSVGElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const veil = useRef<SVGPathElement>(null);
  const scale = useRef(1);
  const down = useRef<{ x: number; y: number } | null>(null);

  // The cards, drawn a moment after the map last changed.
  useEffect(() => {
    const element = canvas.current;
    const ctx = element?.getContext('2d');
    if (!element || !ctx) return;
    const timer = setTimeout(() => {
      const dpr = window.devicePixelRatio || 1;
      const fit = Math.min(MINIMAP_WIDTH / Math.max(1, layout.width), MINIMAP_HEIGHT / Math.max(1, layout.height)) * OVERSAMPLE * dpr;
      element.width = Math.max(1, Math.round(layout.width * fit));
      element.height = Math.max(1, Math.round(layout.height * fit));
      drawCards(ctx, doc, layout, fit);
    }, REDRAW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [doc, layout]);

  // The view: on every change of the transform or pane size, straight into the DOM.
  useEffect(() => {
    const map: Box = { x: 0, y: 0, width: layout.width, height: layout.height };
    let last = '';
    const place = (state: ReactFlowState) => {
      const [width, height] = selectPaneSize(state);
      const key = `${state.transform.join(',')},${width},${height}`;
      if (key === last || !svg.current || !canvas.current || !veil.current) return;
      last = key;
      const { box, view, scale: unitsPerPixel } = minimapFrame(map, state.transform, width, height);
      scale.current = unitsPerPixel;
      svg.current.setAttribute('viewBox', `${box.x} ${box.y} ${box.width} ${box.height}`);
      const k = 1 / unitsPerPixel;
      const style = canvas.current.style;
      style.left = `${(map.x - box.x) * k}px`;
      style.top = `${(map.y - box.y) * k}px`;
      style.width = `${map.width * k}px`;
      style.height = `${map.height * k}px`;
      const pad = 2 * unitsPerPixel;
      veil.current.setAttribute(
        'd',
        `M${box.x - pad},${box.y - pad}h${box.width + 2 * pad}v${box.height + 2 * pad}h${-box.width - 2 * pad}z` +
          `M${view.x},${view.y}h${view.width}v${view.height}h${-view.width}z`,
      );
    };
    place(store.getState());
    return store.subscribe(place);
  }, [store, layout]);

  // Drag to move the view, wheel to zoom: React Flow's minimap behaviour.
  useEffect(() => {
    const { panZoom } = store.getState();
    if (!svg.current || !panZoom) return;
    const instance: XYMinimapInstance = XYMinimap({
      domNode: svg.current,
      panZoom,
      getTransform: () => store.getState().transform,
      getViewScale: () => scale.current,
    });
    const { translateExtent, width, height } = store.getState();
    instance.update({ translateExtent, width, height, pannable: true, zoomable: true });
    return () => instance.destroy();
  }, [store]);

  return (
    <Panel position="bottom-right" className="react-flow__minimap minimap" data-testid="minimap" style={{ width: MINIMAP_WIDTH, height: MINIMAP_HEIGHT }}>
      <canvas ref={canvas} className="minimap-cards" aria-hidden="true" />
      <svg
        ref={svg}
        className="minimap-view"
        width={MINIMAP_WIDTH}
        height={MINIMAP_HEIGHT}
        role="img"
        aria-label={t('canvas.minimap')}
        onPointerDown={(event) => {
          down.current = { x: event.clientX, y: event.clientY };
        }}
        onClick={(event) => {
          // A click, not the end of a drag: centre the view there.
          const start = down.current;
          const element = svg.current;
          if (!start || !element || Math.hypot(event.clientX - start.x, event.clientY - start.y) > 3) return;
          const point = element.createSVGPoint();
          point.x = event.clientX;
          point.y = event.clientY;
          const at = point.matrixTransform(element.getScreenCTM()?.inverse());
          void flow.setCenter(at.x, at.y, { zoom: flow.getZoom(), duration: 200 });
        }}
      >
        <path ref={veil} className="react-flow__minimap-mask" fillRule="evenodd" pointerEvents="none" />
      </svg>
    </Panel>
  );
});
