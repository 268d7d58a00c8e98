/**
 * React Flow nodes and edges derived from the document and the grid layout. Node objects are
 * reused while their inputs are unchanged, so React Flow and the memoised node components skip
 * the cards that did not change.
 */
import { MarkerType, Position, type Edge, type Node, type NodeHandle } from '@xyflow/react';
import { GRID, type GridLayout, type JourneyMap, type Lane, type Stage, type Step, type FlowKind } from '../../shared/model';
import type { Selection, XY } from '../store/types';

export type GridNodeData = { layout: GridLayout; doc: JourneyMap };
export type StageNodeData = { stage: Stage; index: number; count: number };
export type LaneNodeData = { lane: Lane; index: number; count: number };
export type StepNodeData = { step: Step };

export type GridNode = Node<GridNodeData, 'grid'>;
export type StageNode = Node<StageNodeData, 'stage'>;
export type LaneNode = Node<LaneNodeData, 'lane'>;
export type StepNode = Node<StepNodeData, 'step'>;
export type MapNode = GridNode | StageNode | LaneNode | StepNode;
export type FlowEdge = Edge<{ kind: FlowKind }> & { pathOptions?: { borderRadius?: number; offset?: number } };

export const GRID_NODE_ID = '__grid';
export const stageNodeId = (id: string) => `stage:${id}`;
export const laneNodeId = (id: string) => `lane:${id}`;

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

function memo<T>(cache: Cache, key: string, deps: unknown[], make: () => T): T {
  const hit = cache.get(key);
  if (hit && hit.deps.length === deps.length && hit.deps.every((d, i) => Object.is(d, deps[i]))) return hit.value as T;
  const value = make();
  cache.set(key, { deps, value });
  return value;
}

export function createNodeCache(): Cache {
  return new Map();
}

export function deriveNodes(
  doc: JourneyMap,
  layout: GridLayout,
  selection: Selection,
  drag: Record<string, XY> | null,
  cache: Cache,
): MapNode[] {
  const selected = new Set(selection.nodes);
  const nodes: MapNode[] = [];
  nodes.push(
    memo(cache, GRID_NODE_ID, [layout, doc], (): GridNode => ({
      id: GRID_NODE_ID,
      type: 'grid',
      position: { x: 0, y: 0 },
      width: layout.width,
      height: layout.height,
      measured: { width: layout.width, height: layout.height },
      data: { layout, doc },
      draggable: false,
      selectable: false,
      connectable: false,
      focusable: false,
      zIndex: -1,
    })),
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
        data: { lane, index, count },
      })),
    );
  });
  for (const step of doc.steps) {
    const rect = layout.cards.get(step.id);
    if (!rect) continue;
    const dragged = drag?.[step.id];
    const x = dragged ? dragged.x : rect.x;
    const y = dragged ? dragged.y : rect.y;
    const isSelected = selected.has(step.id);
    nodes.push(
      memo(cache, step.id, [step, x, y, isSelected, !!dragged], (): StepNode => ({
        id: step.id,
        type: 'step',
        position: { x, y },
        width: rect.width,
        height: rect.height,
        measured: { width: rect.width, height: rect.height },
        handles: stepHandles,
        data: { step },
        selected: isSelected,
        dragging: !!dragged,
        zIndex: dragged ? 10 : 1,
      })),
    );
  }
  // Forget cached nodes of elements that are gone.
  if (cache.size > nodes.length * 2) {
    const live = new Set(nodes.map((n) => n.id));
    for (const key of cache.keys()) if (!live.has(key)) cache.delete(key);
  }
  return nodes;
}

const EDGE_STYLE: Record<FlowKind, { stroke: string; strokeDasharray?: string }> = {
  sequence: { stroke: '#475569' },
  handoff: { stroke: '#b45309' },
  rework: { stroke: '#b91c1c', strokeDasharray: '6 4' },
  optional: { stroke: '#64748b', strokeDasharray: '2 4' },
};

export function deriveEdges(doc: JourneyMap, layout: GridLayout, selection: Selection, cache: Cache): FlowEdge[] {
  const selected = new Set(selection.edges);
  return doc.flows.map((flow) => {
    const isSelected = selected.has(flow.id);
    const from = layout.cards.get(flow.from) ?? { x: 0, y: 0 };
    const to = layout.cards.get(flow.to) ?? { x: 0, y: 0 };
    const [sourceHandle, targetHandle] = handlesFor(from, to);
    return memo(cache, `edge:${flow.id}`, [flow, isSelected, sourceHandle, targetHandle], (): FlowEdge => {
      const style = EDGE_STYLE[flow.kind];
      return {
        id: flow.id,
        source: flow.from,
        target: flow.to,
        sourceHandle,
        targetHandle,
        type: 'smoothstep',
        pathOptions: { borderRadius: 10, offset: 14 },
        label: flow.label ? (flow.label.length > 40 ? `${flow.label.slice(0, 39)}…` : flow.label) : undefined,
        selected: isSelected,
        data: { kind: flow.kind },
        className: `flow flow-${flow.kind}`,
        style: { ...style, strokeWidth: isSelected ? 3 : 2 },
        markerEnd: { type: MarkerType.ArrowClosed, color: style.stroke, width: 18, height: 18 },
        interactionWidth: 16,
      };
    });
  });
}
