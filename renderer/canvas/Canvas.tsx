/**
 * The map on a React Flow canvas. Nodes and edges are derived from the document; React Flow's
 * change events become store actions: selection goes to the UI slice, a finished drag becomes
 * one operation (steps: `moveSteps`; pain-point cards: their `cell`) and so one undo step, a new
 * connection one `addFlow`.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  ConnectionMode,
  Controls,
  ReactFlow,
  useReactFlow,
  useStoreApi,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnNodeDrag,
} from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { addFlow, cellAt, computeLayout, createLayoutMemo, moveSteps, newId, painPointCell, updateEntity, type JourneyMap, type StepMove } from '../../shared/model';
import { useController } from '../app/context';
import { isTextInput } from '../app/keyboard';
import { useAppStore } from '../store';
import type { StoreState, XY } from '../store/types';
import { createNodeCache, deriveEdges, deriveNodes, GRID_NODE_ID, type FlowEdge, type MapNode } from './derive';
import { fitZoom, LOD_ENTER_ZOOM, LOD_MIN_CARDS, LodLayer, useCardHandover, useLevelOfDetail, type FitPadding } from './lod';
import { skipKnownMeasures } from './measures';
import { MiniMapCanvas } from './minimap';
import { edgeTypes } from './edges';
import { nodeTypes } from './nodes';
import { Legend, MapHeader } from './overlays';
import { QuickCaptureBar } from '../workshop/QuickCapture';

const selectCanvasState = (s: StoreState) => ({
  doc: s.doc,
  selection: s.selection,
  dragPositions: s.dragPositions,
  minimapOpen: s.minimapOpen,
  fitRequest: s.fitRequest,
});

/**
 * Fit with room for the header strip above the map and for the minimap and legend below it, so
 * they never cover the stage headers or the bottom cells.
 */
const fitPadding = (minimap: boolean, legend: boolean): FitPadding => ({ top: 52, left: 16, right: 16, bottom: minimap ? 140 : legend ? 96 : 16 });
const fitOptions = (p: FitPadding) =>
  ({ padding: { top: `${p.top}px`, left: `${p.left}px`, right: `${p.right}px`, bottom: `${p.bottom}px` }, duration: 0 }) as const;
/** Far enough out that zoom to fit shows the whole of an 80-stage map (in blocks at that zoom). */
const MIN_ZOOM = 0.02;
const MAX_ZOOM = 2.5;

function applySelection(current: string[], changes: { id: string; selected: boolean }[]): string[] {
  const set = new Set(current);
  for (const change of changes) {
    if (change.selected) set.add(change.id);
    else set.delete(change.id);
  }
  return [...set];
}

/**
 * A click on the canvas takes focus from a panel's text field (React Flow keeps the mouse-down to
 * itself), so the editor's keys — Ctrl+Z, Delete — act on the map again.
 */
function releaseTextFocus() {
  const active = document.activeElement;
  if (active instanceof HTMLElement && isTextInput(active)) active.blur();
}

const CARD_TYPES = new Set<string | undefined>(['step', 'pain', 'opportunity']);
const NO_EDGES: FlowEdge[] = [];

/** How long after the view stops moving it is painted crisp again (see useMovingLayer). */
const SETTLE_MS = 150;

/**
 * While the view pans or zooms, the viewport is its own compositor layer (`will-change:
 * transform` through the `moving` class, from the first frame the view moves): each frame then
 * moves the painted layer instead of painting every card again, and only cards that come into
 * view are painted. Once the view has been still for SETTLE_MS the class goes, so the cards are
 * painted again at the zoom they are seen at (a layer keeps the scale it was painted at, which is
 * blurry after zooming in).
 *
 * While a pan or zoom by the user's hand lasts (not one the app makes, as fit view or React
 * Flow's auto-pan at the edge while a flow is drawn, where the pointer must still find
 * handles), the `gesture` class also lays a blank sheet over the map (styles.css): the browser
 * looks for the element under the pointer at every frame in which the map moves under it, and
 * on a big map each search went through every card, flow and cell (about 100 ms a 2-second zoom
 * at 2000 steps); on the sheet it stops at once. It goes as soon as the gesture ends, so the next
 * click reaches the cards.
 */
function useMovingLayer() {
  const element = useRef<HTMLDivElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  // Not at the start: React Flow starts a "move" at every mouse-down on the canvas, and a sheet
  // laid then would take the second click of a double-click on a cell.
  const onMoveStart = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  }, []);
  // Called at every frame of a move: the classes are set once (setting one again is still a
  // change of the attribute for the DOM).
  const onMove = useCallback((event: MouseEvent | TouchEvent | null) => {
    const classes = element.current?.classList;
    if (!classes) return;
    if (!classes.contains('moving')) classes.add('moving');
    if (event && !classes.contains('gesture')) classes.add('gesture', ...(event.type === 'wheel' ? [] : ['gesture-drag']));
  }, []);
  const onMoveEnd = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    element.current?.classList.remove('gesture', 'gesture-drag');
    timer.current = setTimeout(() => element.current?.classList.remove('moving'), SETTLE_MS);
  }, []);
  return { element, onMoveStart, onMove, onMoveEnd };
}

/** Whether the view is moving now, or settling after a move (for work that can wait, as autosave). */
export const viewMoving = (): boolean => document.querySelector('.canvas.moving') !== null;

export function Canvas() {
  const { doc, selection, dragPositions, minimapOpen, fitRequest } = useAppStore(useShallow(selectCanvasState));
  const { t } = useTranslation();
  const controller = useController();
  const flow = useReactFlow();
  // Before React Flow's node renderer first renders (measures.ts): during this first render.
  const flowStore = useStoreApi();
  useState(() => skipKnownMeasures(flowStore));
  const moving = useMovingLayer();
  const nodeCache = useRef(createNodeCache());
  const edgeCache = useRef(createNodeCache());

  // The same layout object while typing and other edits that move no card (shared/model/layout.ts).
  const layoutOf = useRef(createLayoutMemo());
  const layout = useMemo(() => layoutOf.current(doc), [doc]);
  const nodes = useMemo(
    () => deriveNodes(doc, layout, selection, dragPositions, nodeCache.current),
    [doc, layout, selection, dragPositions],
  );
  const edges = useMemo(() => deriveEdges(doc, layout, selection, edgeCache.current), [doc, layout, selection]);

  // Zoomed far out on a big map, the cards and flows are drawn as one canvas of blocks (lod.tsx).
  const [lod, enterLod] = useLevelOfDetail(layout.cards.size);
  // Out of blocks, the cards come back a few a frame (lod.tsx, useCardHandover).
  const handover = useCardHandover(lod, layout, edges);
  const backCards = handover?.cards ?? null;
  const backFlows = handover?.flows ?? null;
  // In blocks no card is back (the hand-over is null there).
  const shownNodes = useMemo(
    () => (lod || backCards ? nodes.filter((n) => !CARD_TYPES.has(n.type) || backCards?.has(n.id)) : nodes),
    [lod, backCards, nodes],
  );
  const shownEdges = useMemo(() => {
    if (lod || backCards) return NO_EDGES;
    if (backFlows) return edges.filter((e) => backFlows.has(e.id));
    return edges;
  }, [lod, backCards, backFlows, edges]);

  const hasLegend = doc.agencies.length > 0;
  const padding = useMemo(() => fitPadding(minimapOpen, hasLegend), [minimapOpen, hasLegend]);
  const fit = useMemo(() => fitOptions(padding), [padding]);

  // Fitting a big map ends in block mode: switch to blocks first, then fit (the effect below), so
  // React Flow never mounts every card at the fitted zoom only to drop them a frame later.
  const latest = useRef({ layout, padding, lod });
  latest.current = { layout, padding, lod };
  const pendingFit = useRef(false);
  const fitEndsInBlocks = useCallback(() => {
    const { layout: current, padding: room, lod: inBlocks } = latest.current;
    const pane = moving.element.current;
    if (inBlocks || !pane || current.cards.size < LOD_MIN_CARDS) return false;
    return fitZoom(current, { width: pane.clientWidth, height: pane.clientHeight }, room, MIN_ZOOM, MAX_ZOOM) < LOD_ENTER_ZOOM;
  }, [moving.element]);
  // A map opened (or restored, imported...) comes with a fit request in the same update: when
  // that fit ends in blocks, be in blocks from this very render, so that the new map's cards are
  // not mounted at the old view first.
  const [fitSeen, setFitSeen] = useState(fitRequest);
  if (fitSeen !== fitRequest) {
    setFitSeen(fitRequest);
    if (fitEndsInBlocks()) enterLod();
  }
  const fitView = useCallback(() => {
    if (fitEndsInBlocks()) {
      pendingFit.current = true;
      enterLod();
    } else void flow.fitView(fit);
  }, [fitEndsInBlocks, enterLod, flow, fit]);
  useEffect(() => {
    if (!lod || !pendingFit.current) return;
    pendingFit.current = false;
    void flow.fitView(fit);
  }, [lod, flow, fit]);
  // The map the canvas starts with is fitted by React Flow itself (the fitView prop): in blocks
  // from the first frame if that is where the fit ends.
  useLayoutEffect(() => {
    if (fitEndsInBlocks()) enterLod();
    // Only at mount: later fits go through fitView above.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    controller.registerCanvas({
      fitView,
      zoomIn: () => void flow.zoomIn({ duration: 150 }),
      zoomOut: () => void flow.zoomOut({ duration: 150 }),
      centre: (nodeId) => {
        const node = flow.getInternalNode(nodeId);
        if (!node) return;
        const { zoom } = flow.getViewport();
        const { x, y } = node.internals.positionAbsolute;
        void flow.setCenter(x + (node.measured.width ?? 0) / 2, y + (node.measured.height ?? 0) / 2, { zoom: Math.max(zoom, 0.8), duration: 250 });
      },
      reveal: (nodeId) => {
        const node = flow.getInternalNode(nodeId);
        const pane = document.querySelector('.canvas .react-flow')?.getBoundingClientRect();
        if (!node || !pane) return;
        const { x, y, zoom } = flow.getViewport();
        const { x: nx, y: ny } = node.internals.positionAbsolute;
        const w = node.measured.width ?? 0;
        const h = node.measured.height ?? 0;
        // The smallest pan that brings the node fully into view, with a margin.
        const margin = 24;
        const shift = (start: number, size: number, room: number) => {
          if (size + 2 * margin > room || start < margin) return margin - start;
          if (start + size > room - margin) return room - margin - (start + size);
          return 0;
        };
        const dx = shift(nx * zoom + x, w * zoom, pane.width);
        const dy = shift(ny * zoom + y, h * zoom, pane.height);
        if (dx !== 0 || dy !== 0) void flow.setViewport({ x: x + dx, y: y + dy, zoom }, { duration: 200 });
      },
    });
    return () => controller.registerCanvas(null);
  }, [controller, flow, fitView]);

  useEffect(() => {
    if (fitRequest === 0) return;
    const id = requestAnimationFrame(fitView);
    return () => cancelAnimationFrame(id);
    // Only a new request re-fits; toggling the minimap must not move the view.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fitRequest, flow]);

  const onNodesChange = useCallback((changes: NodeChange<MapNode>[]) => {
    const store = useAppStore.getState();
    const selects = changes.filter((c) => c.type === 'select');
    if (selects.length > 0) {
      const nodes = applySelection(store.selection.nodes, selects);
      // Clicking a node without Shift replaces the selection of edges too.
      const edges = selects.some((c) => c.selected) && nodes.length === 1 ? [] : store.selection.edges;
      store.select({ nodes, edges });
    }
    const moves = changes.filter((c) => c.type === 'position' && c.position && c.dragging);
    if (moves.length > 0) {
      const positions: Record<string, XY> = { ...(store.dragPositions ?? {}) };
      for (const move of moves) if (move.type === 'position' && move.position) positions[move.id] = move.position;
      store.setDragPositions(positions);
    }
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const store = useAppStore.getState();
    const selects = changes.filter((c) => c.type === 'select');
    if (selects.length === 0) return;
    const edges = applySelection(store.selection.edges, selects);
    const nodes = selects.some((c) => c.selected) && edges.length === 1 ? [] : store.selection.nodes;
    store.select({ nodes, edges });
  }, []);

  const onNodeDragStop: OnNodeDrag<MapNode> = useCallback((_event, _node, dragged) => {
    const store = useAppStore.getState();
    const current = store.doc;
    const grid = computeLayout(current);
    const centre = (node: MapNode) => ({ x: node.position.x + (node.width ?? 0) / 2, y: node.position.y + (node.height ?? 0) / 2 });
    const steps = dragged.filter((n) => n.type === 'step');
    const ids = new Set(steps.map((n) => n.id));
    const moves: StepMove[] = [];
    for (const node of [...steps].sort((a, b) => a.position.y - b.position.y)) {
      const cell = cellAt(grid, current, centre(node), ids);
      if (cell) moves.push({ id: node.id, ...cell, index: cell.index + moves.filter((m) => m.laneId === cell.laneId && m.stageId === cell.stageId).length });
    }
    // A pain-point card dropped on a cell takes that cell (if it is not already there).
    const painMoves: { id: string; cell: { laneId: string; stageId: string } }[] = [];
    for (const node of dragged) {
      if (node.type !== 'pain') continue;
      const id = node.id.slice('pain:'.length);
      const pain = current.painPoints.find((p) => p.id === id);
      const target = cellAt(grid, current, centre(node));
      if (!pain || !target) continue;
      const now = painPointCell(current, pain);
      if (now && now.laneId === target.laneId && now.stageId === target.stageId) continue;
      painMoves.push({ id, cell: { laneId: target.laneId, stageId: target.stageId } });
    }
    if (moves.length > 0 || painMoves.length > 0) {
      // One operation, so a drag of several cards is one undo step.
      store.apply((d) => {
        let next: JourneyMap = moves.length > 0 ? moveSteps(d, { moves }) : d;
        for (const m of painMoves) next = updateEntity(next, 'painPoints', m.id, { cell: m.cell });
        return next;
      });
    }
    store.setDragPositions(null);
  }, []);

  const onConnect = useCallback((connection: Connection) => {
    const { source, target } = connection;
    if (!source || !target || source === target) return;
    const id = newId('flow');
    const store = useAppStore.getState();
    if (store.apply((d) => addFlow(d, { id, from: source, to: target }))) store.select({ nodes: [], edges: [id] });
  }, []);

  const isValidConnection = useCallback(
    (c: Connection | { source: string; target: string }) =>
      c.source !== c.target && !c.source.includes(':') && !c.target.includes(':') && !c.source.startsWith('__') && !c.target.startsWith('__'),
    [],
  );

  const onNodeDoubleClick = useCallback((_: unknown, node: MapNode) => {
    // Double-clicking a card opens its title in the inspector.
    const field = node.type === 'step' ? 'step-title' : node.type === 'pain' ? 'pain-title' : node.type === 'opportunity' ? 'opportunity-title' : null;
    if (!field) return;
    useAppStore.getState().showSidebar('inspector');
    requestAnimationFrame(() => {
      const input = document.querySelector<HTMLInputElement>(`[data-focus="${field}"]`);
      input?.focus();
      input?.select();
    });
  }, []);

  const onPaneClick = useCallback(() => {
    releaseTextFocus();
    const store = useAppStore.getState();
    if (store.selection.nodes.length || store.selection.edges.length) store.select({ nodes: [], edges: [] });
  }, []);

  // A read-only map can be looked at, selected and presented, not moved or connected.
  const readOnly = useAppStore((s) => s.readOnly !== null);

  const onNodeClick = useCallback((_: unknown, node: MapNode) => {
    releaseTextFocus();
    if (node.id === GRID_NODE_ID) onPaneClick();
  }, [onPaneClick]);

  return (
    <div className="canvas" aria-label={t('canvas.label')} ref={moving.element}>
      <ReactFlow<MapNode>
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        nodes={shownNodes}
        edges={shownEdges}
        onlyRenderVisibleElements
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onNodeDoubleClick={onNodeDoubleClick}
        onNodeClick={onNodeClick}
        onPaneClick={onPaneClick}
        onMoveStart={moving.onMoveStart}
        onMove={moving.onMove}
        onMoveEnd={moving.onMoveEnd}
        connectionMode={ConnectionMode.Loose}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        zoomOnDoubleClick={false}
        minZoom={MIN_ZOOM}
        maxZoom={MAX_ZOOM}
        fitView
        fitViewOptions={fit}
        proOptions={{ hideAttribution: true }}
        elevateNodesOnSelect={false}
      >
        {(lod || handover) && <LodLayer doc={doc} layout={layout} under={!lod} />}
        <Controls showInteractive={false} />
        <MapHeader />
        <Legend />
        {minimapOpen && <MiniMapCanvas doc={doc} layout={layout} />}
      </ReactFlow>
      <QuickCaptureBar />
    </div>
  );
}
