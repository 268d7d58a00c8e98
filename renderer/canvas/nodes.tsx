/**
 * The canvas's node components: the grid of cells, stage and lane headers, step cards. Each is
 * memoised and reads the store through narrow selectors; inputs carry the `nodrag` class.
 */
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Handle, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { moveLane, moveStage, updateLane, updateStage, GRID, cellKey } from '../../shared/model';
import { useController } from '../app/context';
import { useAppStore } from '../store';
import { HANDLE_SIDES, type GridNode, type LaneNode, type StageNode, type StepNode } from './derive';

export const GridNodeView = memo(function GridNodeView({ data }: NodeProps<GridNode>) {
  const { layout, doc } = data;
  const { t } = useTranslation();
  const controller = useController();
  const occupied = new Set(doc.steps.map((s) => cellKey(s.laneId, s.stageId)));
  return (
    <div className="grid" style={{ width: layout.width, height: layout.height }}>
      <div className="grid-corner" style={{ width: GRID.laneHeaderWidth, height: GRID.stageHeaderHeight }} />
      {layout.lanes.map((lane, li) =>
        layout.stages.map((stage) => (
          <div
            key={cellKey(lane.id, stage.id)}
            className={`cell ${li % 2 ? 'cell-odd' : ''}`}
            data-lane={lane.id}
            data-stage={stage.id}
            style={{ left: stage.start, top: lane.start, width: stage.size, height: lane.size }}
            onDoubleClick={(event) => {
              event.stopPropagation();
              controller.addStepAt({ laneId: lane.id, stageId: stage.id });
            }}
          >
            {!occupied.has(cellKey(lane.id, stage.id)) && <span className="cell-hint">{t('canvas.emptyCellHint')}</span>}
          </div>
        )),
      )}
    </div>
  );
});

function InlineRename({ value, onDone }: { value: string; onDone(value: string | null): void }) {
  const [text, setText] = useState(value);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    event.stopPropagation();
    if (event.key === 'Enter') onDone(text.trim() || value);
    if (event.key === 'Escape') onDone(null);
  };
  return (
    <input
      ref={ref}
      className="nodrag nopan inline-rename"
      value={text}
      maxLength={300}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => onDone(text.trim() || value)}
    />
  );
}

function HeaderButton({ label, icon, onClick, disabled }: { label: string; icon: string; onClick(): void; disabled?: boolean }) {
  return (
    <button
      type="button"
      className="nodrag nopan header-button"
      title={label}
      aria-label={label}
      disabled={disabled}
      onClick={(e) => {
        e.stopPropagation();
        onClick();
      }}
      onDoubleClick={(e) => e.stopPropagation()}
    >
      {icon}
    </button>
  );
}

/** What differs between a stage header (a column) and a lane header (a row). */
const BANDS = {
  stage: {
    move: moveStage,
    update: updateStage,
    back: { icon: '◀', label: 'canvas.moveLeft' },
    forward: { icon: '▶', label: 'canvas.moveRight' },
  },
  lane: {
    move: moveLane,
    update: updateLane,
    back: { icon: '▲', label: 'canvas.moveUp' },
    forward: { icon: '▼', label: 'canvas.moveDown' },
  },
} as const;

interface BandHeaderProps {
  kind: keyof typeof BANDS;
  id: string;
  title: string;
  index: number;
  count: number;
  selected: boolean;
  className: string;
  /** Shown before the title (a stage's number). */
  before?: React.ReactNode;
  /** Shown after the title (a lane's kind). */
  after?: React.ReactNode;
}

/** A stage or lane header: renamed in place, and with move/rename/delete tools when selected. */
function BandHeader({ kind, id, title, index, count, selected, className, before, after }: BandHeaderProps) {
  const { t } = useTranslation();
  const band = BANDS[kind];
  const renaming = useAppStore((s) => s.renaming?.kind === kind && s.renaming.id === id);
  const apply = useAppStore((s) => s.apply);
  const setRenaming = useAppStore((s) => s.setRenaming);
  const controller = useController();
  const move = (toIndex: number) => apply((d) => band.move(d, { id, toIndex }));
  return (
    <div
      className={`${className} ${selected ? 'selected' : ''}`}
      data-testid={`${kind}-${id}`}
      onDoubleClick={(e) => {
        e.stopPropagation();
        setRenaming({ kind, id });
      }}
    >
      {before}
      {renaming ? (
        <InlineRename
          value={title}
          onDone={(next) => {
            setRenaming(null);
            if (next !== null) apply((d) => band.update(d, { id, patch: { title: next } }));
          }}
        />
      ) : (
        <span className="header-title" title={title}>
          {title}
        </span>
      )}
      {after}
      {selected && !renaming && (
        <span className="header-tools">
          <HeaderButton icon={band.back.icon} label={t(band.back.label)} disabled={index === 0} onClick={() => move(index - 1)} />
          <HeaderButton icon={band.forward.icon} label={t(band.forward.label)} disabled={index === count - 1} onClick={() => move(index + 1)} />
          <HeaderButton icon="✎" label={t('canvas.rename')} onClick={() => setRenaming({ kind, id })} />
          <HeaderButton icon="✕" label={t('canvas.remove')} onClick={() => controller.run('delete')} />
        </span>
      )}
    </div>
  );
}

export const StageNodeView = memo(function StageNodeView({ data, selected }: NodeProps<StageNode>) {
  const { stage, index, count } = data;
  return (
    <BandHeader
      kind="stage"
      id={stage.id}
      title={stage.title}
      index={index}
      count={count}
      selected={selected}
      className="stage-header"
      before={<span className="header-index">{index + 1}</span>}
    />
  );
});

export const LaneNodeView = memo(function LaneNodeView({ data, selected }: NodeProps<LaneNode>) {
  const { lane, index, count } = data;
  const { t } = useTranslation();
  const kindLabel = t(`laneKind.${lane.kind}`);
  return (
    <BandHeader
      kind="lane"
      id={lane.id}
      title={lane.title}
      index={index}
      count={count}
      selected={selected}
      className={`lane-header lane-${lane.kind}`}
      after={kindLabel !== lane.title && <span className="lane-kind">{kindLabel}</span>}
    />
  );
});

/** Counts renders per step card, so a test can prove unchanged cards are not re-rendered. */
export const stepRenderCounts = new Map<string, number>();

export const StepNodeView = memo(function StepNodeView({ data, selected }: NodeProps<StepNode>) {
  const { step } = data;
  stepRenderCounts.set(step.id, (stepRenderCounts.get(step.id) ?? 0) + 1);
  return (
    <div className={`step-card ${selected ? 'selected' : ''}`} data-testid="step-card" data-step-id={step.id}>
      <div className="step-title">{step.title}</div>
      {step.description && <div className="step-description">{step.description}</div>}
      {HANDLE_SIDES.map((h) => (
        <Handle key={h.id} type="source" position={h.position} id={h.id} className="step-handle" />
      ))}
    </div>
  );
});

export const nodeTypes = {
  grid: GridNodeView,
  stage: StageNodeView,
  lane: LaneNodeView,
  step: StepNodeView,
};
