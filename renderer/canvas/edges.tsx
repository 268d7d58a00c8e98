/**
 * The flow edge: a smooth-step path styled by its kind (rework red dashed, optional dotted…);
 * an inter-agency handoff also gets an orange band underneath and, on hover, a label saying who
 * hands over to whom. Declared at module scope and memoised like the nodes.
 */
import { memo, useState } from 'react';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, Position, type EdgeProps } from '@xyflow/react';
import { textWidth } from '../../shared/export/text-width';
import { useFixedT } from '../i18n';
import type { FlowEdge } from './derive';

/** The label's font size (React Flow's edge text, styles.css) and its background's padding. */
const LABEL_FONT = 10;
const LABEL_PAD_X = 4;
const LABEL_PAD_Y = 2;

/**
 * A flow's label on a white plate at (x, y). React Flow's own edge text measures itself with
 * getBBox after mounting (a forced layout and a second render per labelled flow — hundreds as a
 * big map moves); the plate here is sized from the font's metrics instead.
 */
function FlowLabel({ x, y, text }: { x: number; y: number; text: string }) {
  const width = textWidth(text, LABEL_FONT);
  const height = LABEL_FONT * 1.2;
  return (
    <g className="react-flow__edge-textwrapper" transform={`translate(${x - width / 2} ${y - height / 2})`}>
      <rect className="react-flow__edge-textbg" x={-LABEL_PAD_X} y={-LABEL_PAD_Y} width={width + 2 * LABEL_PAD_X} height={height + 2 * LABEL_PAD_Y} rx={3} ry={3} />
      <text className="react-flow__edge-text" y={height / 2} dy="0.3em">
        {text}
      </text>
    </g>
  );
}

/**
 * A flow's end, to 1/8 px. React Flow measures a card's handles when the card mounts (culling
 * mounts cards all the time as the view moves) and the measurement, taken on screen and divided
 * by the zoom, is off the declared place by float noise (9252 → 9252.00002). Unrounded, each mount
 * re-rendered the card's flows, and smooth-step made a straight flow a path with micro-bends.
 */
const snap = (value: number) => Math.round(value * 8) / 8;
const ENDS = ['sourceX', 'sourceY', 'targetX', 'targetY'] as const;

/** Props equal but for float noise at the flow's ends: nothing to draw again. */
function sameFlow(a: EdgeProps<FlowEdge>, b: EdgeProps<FlowEdge>): boolean {
  for (const key of Object.keys(b) as (keyof EdgeProps<FlowEdge>)[]) {
    if ((ENDS as readonly string[]).includes(key) ? snap(a[key] as number) !== snap(b[key] as number) : !Object.is(a[key], b[key])) return false;
  }
  return Object.keys(a).length === Object.keys(b).length;
}

export const FlowEdgeView = memo(function FlowEdgeView({
  id,
  data,
  sourceX,
  sourceY,
  targetX,
  targetY,
  sourcePosition = Position.Right,
  targetPosition = Position.Left,
  label,
  style,
  markerEnd,
  interactionWidth,
  pathOptions,
}: EdgeProps<FlowEdge>) {
  const t = useFixedT();
  const [hover, setHover] = useState(false);
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX: snap(sourceX),
    sourceY: snap(sourceY),
    sourcePosition,
    targetX: snap(targetX),
    targetY: snap(targetY),
    targetPosition,
    borderRadius: pathOptions?.borderRadius,
    offset: pathOptions?.offset,
  });
  const handoff = data?.handoff ?? null;
  const tip = handoff ? t('canvas.handoffBetween', { from: handoff.from, to: handoff.to }) : undefined;
  return (
    <g onMouseEnter={handoff ? () => setHover(true) : undefined} onMouseLeave={handoff ? () => setHover(false) : undefined}>
      {handoff && <path className="flow-handoff-band" d={path} fill="none" />}
      <BaseEdge id={id} path={path} style={style} markerEnd={markerEnd} interactionWidth={interactionWidth} />
      {typeof label === 'string' && label && <FlowLabel x={labelX} y={labelY} text={label} />}
      {tip && <title>{tip}</title>}
      {handoff && hover && (
        <EdgeLabelRenderer>
          <div
            className="handoff-label"
            data-testid="handoff-label"
            style={{ transform: `translate(-50%, -100%) translate(${labelX}px, ${labelY - (label ? 12 : 6)}px)` }}
          >
            <span className="handoff-mark">⇄</span> {handoff.from} → {handoff.to}
          </div>
        </EdgeLabelRenderer>
      )}
    </g>
  );
}, sameFlow);

export const edgeTypes = {
  flow: FlowEdgeView,
};
