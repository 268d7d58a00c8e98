/**
 * The flow edge: a smooth-step path styled by its kind (rework red dashed, optional dotted…);
 * an inter-agency handoff also gets an orange band underneath and, on hover, a label saying who
 * hands over to whom. Declared at module scope and memoised like the nodes.
 */
import { memo, useState } from 'react';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, Position, type EdgeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { FlowEdge } from './derive';

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
  const { t } = useTranslation();
  const [hover, setHover] = useState(false);
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX,
    sourceY,
    sourcePosition,
    targetX,
    targetY,
    targetPosition,
    borderRadius: pathOptions?.borderRadius,
    offset: pathOptions?.offset,
  });
  const handoff = data?.handoff ?? null;
  const tip = handoff ? t('canvas.handoffBetween', { from: handoff.from, to: handoff.to }) : undefined;
  return (
    <g onMouseEnter={handoff ? () => setHover(true) : undefined} onMouseLeave={handoff ? () => setHover(false) : undefined}>
      {handoff && <path className="flow-handoff-band" d={path} fill="none" />}
      <BaseEdge
        id={id}
        path={path}
        labelX={labelX}
        labelY={labelY}
        label={label}
        labelBgPadding={[4, 2]}
        labelBgBorderRadius={3}
        style={style}
        markerEnd={markerEnd}
        interactionWidth={interactionWidth}
      />
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
});

export const edgeTypes = {
  flow: FlowEdgeView,
};
