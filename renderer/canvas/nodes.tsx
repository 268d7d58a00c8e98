/**
 * The canvas's node components: the grid of cells (with the blueprint lines and the emotion
 * curve), stage and lane headers, step, pain-point and opportunity cards. Each is memoised and reads the store through narrow selectors; inputs carry the `nodrag` class.
 */
import { memo, useEffect, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { Handle, useStore, type NodeProps, type ReactFlowState } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import {
  moveLane,
  moveStage,
  updateLane,
  updateStage,
  GRID,
  cellKey,
  type BlueprintLine,
  type GridLayout,
  type GuidanceRef,
} from '../../shared/model';
import { localized, resolveRef } from '../../shared/guidance/catalog';
import { useController } from '../app/context';
import { useFixedT, useLanguage } from '../i18n';
import { useAppStore } from '../store';
import {
  HANDLE_SIDES,
  type AgencyChip,
  type EmotionNode,
  type GridNode,
  type LaneNode,
  type OpportunityNode,
  type PainNode,
  type StageNode,
  type StepNode,
} from './derive';
import { ChannelGlyph, EmotionGlyph, emotionColor, PainGlyph, VisitGlyph } from './glyphs';
import { VoteBadge } from '../workshop/VotingBadge';
import { CommentBadge } from '../workshop/CommentsShared';
import { CaptureCellMark } from '../workshop/QuickCapture';

export const GridNodeView = memo(function GridNodeView({ data }: NodeProps<GridNode>) {
  const { layout, occupied, emotionLaneId, lines } = data;
  const { t } = useTranslation();
  const controller = useController();
  const hint = t('canvas.emptyCellHint');
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
            {!occupied.has(cellKey(lane.id, stage.id)) && lane.id !== emotionLaneId && <span className="cell-hint">{hint}</span>}
          </div>
        )),
      )}
      <GridOverlay layout={layout} lines={lines} />
      <CaptureCellMark layout={layout} />
    </div>
  );
});

const formatEmotion = (value: number, locale: string) =>
  new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(Math.round(value * 10) / 10);

/** A smooth path through the points, flat at each point, so it never overshoots -2..+2. */
function smoothPath(points: readonly { x: number; y: number }[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let d = `M${first.x},${first.y}`;
  let prev = first;
  for (const p of rest) {
    const mid = (p.x - prev.x) / 2;
    d += ` C${prev.x + mid},${prev.y} ${p.x - mid},${p.y} ${p.x},${p.y}`;
    prev = p;
  }
  return d;
}

/**
 * What the grid draws over its cells and under the cards: the service-blueprint lines and their
 * labels. It takes no pointer events, so double-clicks reach the cells.
 */
function GridOverlay({ layout, lines }: { layout: GridLayout; lines: BlueprintLine[] }) {
  const { t } = useTranslation();
  if (lines.length === 0) return null;
  return (
    <>
      <svg className="grid-overlay" width={layout.width} height={layout.height} aria-hidden="true">
        {lines.map((line) => (
          <line key={`${line.kind}-${line.y}`} className={`blueprint-line blueprint-${line.kind}`} x1={line.x1} x2={line.x2} y1={line.y} y2={line.y} />
        ))}
      </svg>
      {lines.map((line) => (
        <span
          key={`${line.kind}-${line.y}`}
          className={`blueprint-label blueprint-label-${line.kind}`}
          data-testid="blueprint-label"
          style={{ left: line.x1 + 8, top: line.y }}
        >
          {t(`canvas.blueprint.${line.kind}`)}
        </span>
      ))}
    </>
  );
}

/**
 * The emotion curve over the emotions lane: a smooth line coloured by height (red at -2, green
 * at +2), a dot and value per stage. A node of its own so it is drawn over the flows, with no
 * pointer events so the lane's cells still take double-clicks.
 */
export const EmotionNodeView = memo(function EmotionNodeView({ data }: NodeProps<EmotionNode>) {
  const { points, width, height, left } = data;
  const { i18n } = useTranslation();
  const pad = Math.min(GRID.emotionPadding, height / 4);
  const yOf = (value: number) => pad + ((2 - value) / 4) * (height - 2 * pad);
  return (
    <svg className="emotion-layer" width={width} height={height} data-testid="emotion-layer" aria-hidden="true">
      <defs>
        <linearGradient id="emotion-gradient" gradientUnits="userSpaceOnUse" x1="0" x2="0" y1={yOf(2)} y2={yOf(-2)}>
          <stop offset="0%" stopColor={emotionColor(2)} />
          <stop offset="50%" stopColor={emotionColor(0)} />
          <stop offset="100%" stopColor={emotionColor(-2)} />
        </linearGradient>
      </defs>
      <line className="emotion-zero" x1={left} x2={width} y1={yOf(0)} y2={yOf(0)} />
      {[2, 0, -2].map((v) => (
        <text key={v} className="emotion-tick" x={left + 6} y={yOf(v) + 3.5}>
          {formatEmotion(v, i18n.language)}
        </text>
      ))}
      {points.length > 0 && (
        <g className="emotion-curve" data-testid="emotion-curve">
          <path className="emotion-path" d={smoothPath(points)} stroke="url(#emotion-gradient)" />
          {points.map((p) => (
            <g key={p.stageId} className="emotion-point" data-stage={p.stageId} data-value={p.value}>
              <circle cx={p.x} cy={p.y} r={6} fill={emotionColor(p.value)} />
              <text className="emotion-value" x={p.x} y={p.value > 1.2 ? p.y + 21 : p.y - 11}>
                {formatEmotion(p.value, i18n.language)}
              </text>
            </g>
          ))}
        </g>
      )}
    </svg>
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
      after={<GuidanceMarker refs={stage.guidance} />}
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

/** The agencies' short names with their colours: up to `max`, then "+N" (all on hover). */
function AgencyNames({ agencies, max }: { agencies: readonly AgencyChip[]; max: number }) {
  if (agencies.length === 0) return <span className="card-agencies" />;
  const shown = agencies.length > max ? agencies.slice(0, Math.max(1, max - 1)) : agencies;
  const more = agencies.length - shown.length;
  return (
    <span className="card-agencies" title={agencies.map((a) => a.name).join('\n')} data-testid="card-agencies">
      {shown.map((a) => (
        <span key={a.id} className="agency-name">
          <i className="agency-dot" style={{ background: a.color }} />
          <span className="agency-label">{a.label}</span>
        </span>
      ))}
      {more > 0 && (
        <span className="agency-more">
          {agencies.slice(shown.length).map((a) => (
            <i key={a.id} className="agency-dot" style={{ background: a.color }} />
          ))}
          +{more}
        </span>
      )}
    </span>
  );
}

const EMOTION_WORDS = ['veryNegative', 'negative', 'neutral', 'positive', 'veryPositive'] as const;

/**
 * A book mark with the number of linked guidance sections; hovering lists their titles. Most
 * cards link none: they mount nothing here, not even the marker's subscriptions.
 */
function GuidanceMarker({ refs }: { refs: readonly GuidanceRef[] }) {
  return refs.length === 0 ? null : <LinkedGuidance refs={refs} />;
}

function LinkedGuidance({ refs }: { refs: readonly GuidanceRef[] }) {
  const t = useFixedT();
  const language = useLanguage();
  const catalogs = useAppStore((s) => s.catalogs);
  const locale = language === 'en' ? 'en' : 'ru';
  const titles = refs.map((ref) => {
    const { section } = resolveRef(catalogs, ref);
    return `• ${ref.section}${section ? ` ${localized(section.title, locale)}` : ''}`;
  });
  return (
    <span className="guidance-marker" data-testid="guidance-marker" title={`${t('guidancePanel.linkedSections', { count: refs.length })}\n${titles.join('\n')}`}>
      <svg width="10" height="10" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round">
        <path d="M4 4h6a3 3 0 0 1 3 3v13a2 2 0 0 0-2-2H4z M20 4h-6a3 3 0 0 0-3 3v13a2 2 0 0 1 2-2h7z" />
      </svg>
      {refs.length}
    </span>
  );
}

const selectConnecting = (s: ReactFlowState) => s.connection.inProgress;

/**
 * A card's four connection handles. They are mounted only where they can be used — on the card
 * under the pointer, the selected card, and every card while a flow is being drawn (then each is
 * a drop target) — because React Flow's handle is the heaviest part of a card: with them on every
 * card, cards coming into view while panning or zooming a big map cost most of each frame.
 * React Flow knows where they are without them (the nodes declare their handles, derive.ts).
 */
function CardHandles() {
  return (
    <>
      {HANDLE_SIDES.map((h) => (
        <Handle key={h.id} type="source" position={h.position} id={h.id} className="step-handle" />
      ))}
    </>
  );
}

/**
 * Where the handles are when they are not mounted: React Flow measures a card's handles from the
 * DOM (elements with the handle type's class and data-handleid/-handlepos) when the card first
 * appears, and a card measured without any would lose its flows. These are plain, invisible
 * boxes at the declared handle places: nothing to subscribe to, nothing painted.
 */
function HandleAnchors() {
  return (
    <>
      {HANDLE_SIDES.map((h) => (
        <i key={h.id} className="source handle-anchor" data-handleid={h.id} data-handlepos={h.position} style={{ left: h.x, top: h.y }} aria-hidden="true" />
      ))}
    </>
  );
}

export const StepNodeView = memo(function StepNodeView({ id, data, selected }: NodeProps<StepNode>) {
  const { title, description, channel, inPerson, emotion, agencies, pains, guidance } = data;
  const t = useFixedT();
  const [hovered, setHovered] = useState(false);
  const connecting = useStore(selectConnecting);
  const accent = agencies[0]?.color;
  return (
    <>
      <div
        className={`step-card ${selected ? 'selected' : ''}`}
        data-testid="step-card"
        data-step-id={id}
        style={accent ? ({ '--card-accent': accent } as CSSProperties) : undefined}
        // Not while a button is held: a card dragged over others must not mount their handles.
        onPointerEnter={(event) => event.buttons === 0 && setHovered(true)}
        onPointerLeave={() => setHovered(false)}
      >
        <div className="step-title">{title}</div>
        {description && <div className="step-description">{description}</div>}
        <div className="step-meta">
          <AgencyNames agencies={agencies} max={2} />
          <span className="step-marks">
            <GuidanceMarker refs={guidance} />
            {inPerson && (
              <span className="step-mark step-visit" title={t('props.inPerson')} data-testid="visit-mark">
                <VisitGlyph />
              </span>
            )}
            {channel && (
              <span className="step-mark step-channel" title={t(`channel.${channel}`)} data-channel={channel}>
                <ChannelGlyph channel={channel} />
              </span>
            )}
            {emotion !== null && (
              <span
                className="step-mark step-emotion"
                title={t('canvas.emotion', { value: t(`canvas.emotionValue.${EMOTION_WORDS[emotion + 2] ?? 'neutral'}`) })}
                data-emotion={emotion}
              >
                <EmotionGlyph value={emotion} />
              </span>
            )}
          </span>
        </div>
        {hovered || selected || connecting ? <CardHandles /> : <HandleAnchors />}
      </div>
      <CommentBadge kind="step" id={id} />
      {pains && (
        <div
          className={`pain-badge severity-${pains.level}`}
          data-testid="pain-badge"
          data-severity={pains.worst}
          title={`${t('canvas.painBadge', { count: pains.count })}\n${pains.titles.map((x) => `• ${x}`).join('\n')}`}
        >
          <PainGlyph />
          {pains.count}
        </div>
      )}
    </>
  );
});

function SeverityDots({ severity, level }: { severity: number; level: string }) {
  const t = useFixedT();
  return (
    <span className={`note-severity severity-${level}`} title={t('canvas.severityOf', { value: severity })}>
      <span className="severity-dots" aria-hidden="true">
        {[1, 2, 3, 4, 5].map((n) => (
          <i key={n} className={n <= severity ? 'on' : ''} />
        ))}
      </span>
      <span className="severity-number">{severity}</span>
    </span>
  );
}

export const PainNodeView = memo(function PainNodeView({ id, data, selected }: NodeProps<PainNode>) {
  const { title, severity, level, agencies, guidance } = data;
  const t = useFixedT();
  return (
    <div
      className={`note-card pain-card severity-${level} ${selected ? 'selected' : ''}`}
      data-testid="pain-card"
      data-pain-id={id.slice('pain:'.length)}
      aria-label={`${t('props.painPoint')}: ${title}`}
    >
      <div className="note-title" title={title}>
        <span className="note-icon"><PainGlyph size={11} /></span>
        {title}
      </div>
      <div className="note-meta">
        <SeverityDots severity={severity} level={level} />
        <AgencyNames agencies={agencies} max={1} />
        <GuidanceMarker refs={guidance} />
      </div>
      <VoteBadge target="painPoints" itemId={id.slice('pain:'.length)} />
      <CommentBadge kind="painPoint" id={id.slice('pain:'.length)} />
    </div>
  );
});

function Meter({ label, value }: { label: string; value: number | null }) {
  if (value === null) return null;
  return (
    <span className="meter" title={`${label}: ${value} / 3`}>
      {label}
      <span className="meter-dots" aria-hidden="true">
        {[1, 2, 3].map((n) => (
          <i key={n} className={n <= value ? 'on' : ''} />
        ))}
      </span>
    </span>
  );
}

export const OpportunityNodeView = memo(function OpportunityNodeView({ id, data, selected }: NodeProps<OpportunityNode>) {
  const { title, effort, impact, status, guidance } = data;
  const t = useFixedT();
  return (
    <div
      className={`note-card opportunity-card status-${status} ${selected ? 'selected' : ''}`}
      data-testid="opportunity-card"
      data-opportunity-id={id.slice('opp:'.length)}
      aria-label={`${t('props.opportunity')}: ${title}`}
    >
      <div className="note-title" title={title}>
        {title}
      </div>
      <div className="note-meta">
        <span className="meters">
          <Meter label={t('canvas.impactShort')} value={impact} />
          <Meter label={t('canvas.effortShort')} value={effort} />
        </span>
        <GuidanceMarker refs={guidance} />
      </div>
      <span className={`opportunity-status status-${status}`} data-testid="opportunity-status">
        {t(`opportunityStatus.${status}`)}
      </span>
      <VoteBadge target="opportunities" itemId={id.slice('opp:'.length)} />
      <CommentBadge kind="opportunity" id={id.slice('opp:'.length)} />
    </div>
  );
});

export const nodeTypes = {
  grid: GridNodeView,
  stage: StageNodeView,
  lane: LaneNodeView,
  step: StepNodeView,
  emotion: EmotionNodeView,
  pain: PainNodeView,
  opportunity: OpportunityNodeView,
};
