/**
 * The map on a React Flow canvas. Nodes and edges are derived from the document; React Flow's
 * change events become store actions: selection goes to the UI slice, a finished drag becomes
 * one `moveSteps` operation (one undo step), a new connection one `addFlow`.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import {
  ConnectionMode,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnNodeDrag,
} from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { addFlow, cellAt, computeLayout, moveSteps, newId, type StepMove } from '../../shared/model';
import { useController } from '../app/context';
import { useAppStore } from '../store';
import type { StoreState, XY } from '../store/types';
import { createNodeCache, deriveEdges, deriveNodes, GRID_NODE_ID, type MapNode } from './derive';
import { nodeTypes } from './nodes';

const selectCanvasState = (s: StoreState) => ({
  doc: s.doc,
  selection: s.selection,
  dragPositions: s.dragPositions,
  minimapOpen: s.minimapOpen,
  fitRequest: s.fitRequest,
});

/** Fit with room for the minimap, so it never covers the map's bottom-right cells. */
const fitOptions = (minimap: boolean) =>
  ({ padding: { top: '16px', left: '16px', right: '16px', bottom: minimap ? '140px' : '16px' }, duration: 0 }) as const;

function applySelection(current: string[], changes: { id: string; selected: boolean }[]): string[] {
  const set = new Set(current);
  for (const change of changes) {
    if (change.selected) set.add(change.id);
    else set.delete(change.id);
  }
  return [...set];
}

const minimapColor = (node: MapNode) => {
  if (node.type === 'step') return '#2563eb';
  if (node.type === 'grid') return 'transparent';
  return '#cbd5e1';
};

export function Canvas() {
  const { doc, selection, dragPositions, minimapOpen, fitRequest } = useAppStore(useShallow(selectCanvasState));
  const { t } = useTranslation();
  const controller = useController();
  const flow = useReactFlow();
  const nodeCache = useRef(createNodeCache());
  const edgeCache = useRef(createNodeCache());

  const layout = useMemo(() => computeLayout(doc), [doc]);
  const nodes = useMemo(
    () => deriveNodes(doc, layout, selection, dragPositions, nodeCache.current),
    [doc, layout, selection, dragPositions],
  );
  const edges = useMemo(() => deriveEdges(doc, layout, selection, edgeCache.current), [doc, layout, selection]);

  const fit = useMemo(() => fitOptions(minimapOpen), [minimapOpen]);
  useEffect(() => {
    controller.registerCanvas({
      fitView: () => void flow.fitView(fit),
      zoomIn: () => void flow.zoomIn({ duration: 150 }),
      zoomOut: () => void flow.zoomOut({ duration: 150 }),
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
  }, [controller, flow, fit]);

  useEffect(() => {
    if (fitRequest === 0) return;
    const id = requestAnimationFrame(() => void flow.fitView(fit));
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
    const steps = dragged.filter((n) => n.type === 'step');
    const ids = new Set(steps.map((n) => n.id));
    const moves: StepMove[] = [];
    for (const node of [...steps].sort((a, b) => a.position.y - b.position.y)) {
      const center = { x: node.position.x + (node.width ?? 0) / 2, y: node.position.y + (node.height ?? 0) / 2 };
      const cell = cellAt(grid, current, center, ids);
      if (cell) moves.push({ id: node.id, ...cell, index: cell.index + moves.filter((m) => m.laneId === cell.laneId && m.stageId === cell.stageId).length });
    }
    if (moves.length > 0) store.apply((d) => moveSteps(d, { moves }));
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
      c.source !== c.target && !c.source.includes(':') && !c.target.includes(':') && c.source !== GRID_NODE_ID && c.target !== GRID_NODE_ID,
    [],
  );

  const onNodeDoubleClick = useCallback((_: unknown, node: MapNode) => {
    if (node.type !== 'step') return;
    requestAnimationFrame(() => {
      const input = document.querySelector<HTMLInputElement>('[data-focus="step-title"]');
      input?.focus();
      input?.select();
    });
  }, []);

  const onPaneClick = useCallback(() => {
    const store = useAppStore.getState();
    if (store.selection.nodes.length || store.selection.edges.length) store.select({ nodes: [], edges: [] });
  }, []);

  const onNodeClick = useCallback((_: unknown, node: MapNode) => {
    if (node.id === GRID_NODE_ID) onPaneClick();
  }, [onPaneClick]);

  return (
    <div className="canvas" aria-label={t('canvas.label')}>
      <ReactFlow<MapNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onNodeDoubleClick={onNodeDoubleClick}
        onNodeClick={onNodeClick}
        onPaneClick={onPaneClick}
        connectionMode={ConnectionMode.Loose}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        zoomOnDoubleClick={false}
        minZoom={0.1}
        maxZoom={2.5}
        fitView
        fitViewOptions={fit}
        proOptions={{ hideAttribution: true }}
        elevateNodesOnSelect={false}
      >
        <Controls showInteractive={false} />
        {minimapOpen && (
          <MiniMap<MapNode> pannable zoomable nodeColor={minimapColor} ariaLabel={t('canvas.minimap')} style={{ width: 180, height: 110 }} />
        )}
      </ReactFlow>
    </div>
  );
}
