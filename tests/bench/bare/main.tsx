/**
 * Bare React Flow, for the canvas benchmark (tests/bench/canvas.ts): the same step cards at the
 * same places as Marshrut's layout, as memoised custom nodes of Marshrut's card size, with the
 * map's flows as built-in smooth-step edges — and nothing else (no store, no grid, headers,
 * minimap or undo history beyond one snapshot per drag). It answers the benchmark's input scripts
 * the way Marshrut does, so the same script drives both pages:
 * - a toolbar button `[data-command="fitView"]` at Marshrut's place; Ctrl+N empties the canvas,
 *   Ctrl+O loads the map again and fits it (Marshrut's New and Open); Ctrl+Z undoes the last drag;
 * - an "inspector" input `[data-focus="step-title"]` that edits the selected card's title.
 * Cards carry Marshrut's `data-testid="step-card"` and `.step-title`, nodes their step ids.
 */
import { memo, useCallback, useEffect, useMemo, useRef, type ChangeEvent } from 'react';
import { createRoot } from 'react-dom/client';
import {
  Handle,
  Position,
  ReactFlow,
  ReactFlowProvider,
  getViewportForBounds,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Edge,
  type Node,
  type NodeHandle,
  type NodeProps,
  type Viewport,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './bare.css';
import { BARE_SETUP_KEY, type BareSetup } from './contract';

type CardNode = Node<{ title: string }, 'card'>;

function readSetup(): BareSetup {
  const injected = (window as unknown as Record<string, BareSetup | undefined>)[BARE_SETUP_KEY];
  if (!injected) throw new Error(`the benchmark did not inject window.${BARE_SETUP_KEY}`);
  return injected;
}
const setup = readSetup();

const CardView = memo(function CardView({ data }: NodeProps<CardNode>) {
  return (
    <div className="step-card" data-testid="step-card">
      <div className="step-title">{data.title}</div>
      <Handle type="target" position={Position.Left} id="l" />
      <Handle type="source" position={Position.Right} id="r" />
    </div>
  );
});

// At module scope, as React Flow asks (a new object per render re-mounts every node).
const nodeTypes = { card: CardView };

const HANDLE = 10;
/**
 * Handles declared up front, as Marshrut does: React Flow then knows every node's handles without
 * mounting it, so with `onlyRenderVisibleElements` even the first render skips off-screen cards
 * (a node without known handle bounds is always rendered once to measure them).
 */
const handlesOf = (width: number, height: number): NodeHandle[] => [
  { id: 'l', type: 'target', position: Position.Left, x: -HANDLE / 2, y: height / 2 - HANDLE / 2, width: HANDLE, height: HANDLE },
  { id: 'r', type: 'source', position: Position.Right, x: width - HANDLE / 2, y: height / 2 - HANDLE / 2, width: HANDLE, height: HANDLE },
];

const initialNodes: CardNode[] = setup.cards.map((c) => ({
  id: c.id,
  type: 'card',
  position: { x: c.x, y: c.y },
  width: c.width,
  height: c.height,
  // Fixed-size cards: nothing to measure before the first paint.
  measured: { width: c.width, height: c.height },
  handles: handlesOf(c.width, c.height),
  data: { title: c.title },
}));
const initialEdges: Edge[] = setup.flows.map((f) => ({ id: f.id, source: f.source, target: f.target, sourceHandle: 'r', targetHandle: 'l', type: 'smoothstep' }));

/** The view Marshrut's fitView gives the same map in a canvas of the same size. */
const fitted: Viewport = getViewportForBounds(setup.bounds, setup.pane.width, setup.pane.height, setup.minZoom, setup.maxZoom, setup.padding);

function Bench() {
  const flow = useReactFlow<CardNode, Edge>();
  const [nodes, setNodes, onNodesChange] = useNodesState<CardNode>(initialNodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<Edge>(initialEdges);
  // The nodes before the last drag began: Ctrl+Z puts them back (the bare minimum of undo).
  const beforeDrag = useRef<CardNode[] | null>(null);
  const current = useRef(nodes);
  current.current = nodes;

  const fit = useCallback(() => void flow.setViewport(fitted), [flow]);
  const onNodeDragStart = useCallback(() => {
    beforeDrag.current = current.current;
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.ctrlKey) return;
      const inText = e.target instanceof HTMLInputElement;
      if (e.code === 'KeyN') {
        e.preventDefault();
        setNodes([]);
        setEdges([]);
      } else if (e.code === 'KeyO') {
        e.preventDefault();
        setNodes(initialNodes);
        setEdges(initialEdges);
        // Marshrut fits a map it opens.
        void flow.setViewport(fitted);
      } else if (e.code === 'KeyZ' && !inText && beforeDrag.current) {
        e.preventDefault();
        setNodes(beforeDrag.current);
        beforeDrag.current = null;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [flow, setNodes, setEdges]);

  const selected = useMemo(() => nodes.find((n) => n.selected) ?? null, [nodes]);
  const selectedId = selected?.id ?? null;
  const onTitle = useCallback(
    (e: ChangeEvent<HTMLInputElement>) => {
      const title = e.target.value;
      setNodes((all) => all.map((n) => (n.id === selectedId ? { ...n, data: { ...n.data, title } } : n)));
    },
    [selectedId, setNodes],
  );

  const { pane } = setup;
  return (
    <>
      <div className="toolbar" style={{ height: pane.y }}>
        <button type="button" data-command="fitView" onClick={fit}>
          fit view
        </button>
      </div>
      <div className="canvas" style={{ left: pane.x, top: pane.y, width: pane.width, height: pane.height }}>
        <ReactFlow<CardNode, Edge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeDragStart={onNodeDragStart}
          onlyRenderVisibleElements={setup.cull}
          defaultViewport={fitted}
          minZoom={setup.minZoom}
          maxZoom={setup.maxZoom}
          zoomOnDoubleClick={false}
          deleteKeyCode={null}
          elevateNodesOnSelect={false}
          proOptions={{ hideAttribution: true }}
        />
      </div>
      <div className="inspector" style={{ left: pane.x + pane.width, top: pane.y }}>
        <label>
          title
          <input data-focus="step-title" value={selected?.data.title ?? ''} disabled={!selected} onChange={onTitle} />
        </label>
      </div>
    </>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <ReactFlowProvider>
    <Bench />
  </ReactFlowProvider>,
);
