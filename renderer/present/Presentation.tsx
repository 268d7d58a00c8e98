/**
 * Presentation mode: the map full screen, read-only, walked through stage by stage — an overview
 * slide (title, persona, the scorecard's numbers, the pain heatmap), one slide per stage (the
 * view glides to the stage's column, its pain points stand out, its figures beside it), and an
 * as-is / to-be slide when a comparison is loaded. A click on a card puts it in the spotlight.
 *
 * The presentation draws the map on its own React Flow canvas, over the editor: the editor's
 * canvas, selection, panels and document are never touched, so leaving returns to them exactly
 * as they were.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { ReactFlow, ReactFlowProvider, useReactFlow, type Edge } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import {
  compareScorecards,
  computeLayout,
  computeScorecard,
  NUMERIC_METRICS,
  painHeatmap,
  type GridLayout,
  type JourneyMap,
  type NumericMetric,
} from '../../shared/model';
import { stageScorecard, type StageScorecard } from '../../shared/model/stage-metrics';
import { isTextInput } from '../app/keyboard';
import { createNodeCache, deriveEdges, deriveNodes, severityLevel, type MapNode } from '../canvas/derive';
import { edgeTypes } from '../canvas/edges';
import { nodeTypes } from '../canvas/nodes';
import { formatMetric, metricLabel } from '../panels/Scorecard';
import { useAppStore } from '../store';
import type { Selection, StoreState } from '../store/types';
import { fullscreenEnded, startPresentation, stopPresentation } from './fullscreen';
import { TimerMenu } from './PresentTools';
import { slidesOf, stageAt, stageRect, viewportFor, type Area, type Slide } from './view';
import './present.css';

const NO_SELECTION: Selection = { nodes: [], edges: [] };
/** How long the view glides between slides. */
export const GLIDE_MS = 500;
/** Room the stage slide keeps for its header strip and its figures panel (screen pixels). */
const BAR_HEIGHT = 104;
const PANEL_WIDTH = 420;
const MARGIN = 24;

type T = (key: string, params?: Record<string, string | number>) => string;

const selectPresentation = (s: StoreState) => ({
  doc: s.doc,
  compare: s.compare,
  presenting: s.presenting,
  highContrast: s.highContrast,
  fileName: s.fileName,
});

export function Presentation() {
  const presenting = useAppStore((s) => s.presenting !== null);
  // F5 over the as-is / to-be comparison presents it too (the editor's keys are off behind that dialog).
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const store = useAppStore.getState();
      if (e.key !== 'F5' || store.presenting || !store.compare || store.dialog || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      startPresentation(store);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
  if (!presenting) return null;
  return (
    <ReactFlowProvider>
      <PresentationView />
    </ReactFlowProvider>
  );
}

function PresentationView() {
  const { t, i18n } = useTranslation();
  const { doc, compare, presenting, highContrast, fileName } = useAppStore(useShallow(selectPresentation));
  const slide = presenting?.slide ?? 0;
  const spotlight = presenting?.spotlight ?? null;
  const flow = useReactFlow();
  const pane = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const nodeCache = useRef(createNodeCache());
  const edgeCache = useRef(createNodeCache());

  const layout = useMemo(() => computeLayout(doc), [doc]);
  const slides = useMemo(() => slidesOf(doc, compare !== null), [doc, compare]);
  const current: Slide = slides[Math.min(slide, slides.length - 1)] ?? { kind: 'overview' };
  const stageId = current.kind === 'stage' ? current.stageId : null;

  // ------------------------------------------------------------------ the map, read-only
  const baseNodes = useMemo(() => deriveNodes(doc, layout, NO_SELECTION, null, nodeCache.current), [doc, layout]);
  const baseEdges = useMemo(() => deriveEdges(doc, layout, NO_SELECTION, edgeCache.current), [doc, layout]);
  const nodeStage = useMemo(() => {
    const map = new Map<string, string | undefined>();
    for (const node of baseNodes) {
      if (node.type === 'step' || node.type === 'pain' || node.type === 'opportunity') {
        map.set(node.id, stageAt(layout, node.position.x + (node.width ?? 0) / 2));
      } else if (node.type === 'stage') {
        map.set(node.id, node.id.slice('stage:'.length));
      }
    }
    return map;
  }, [baseNodes, layout]);
  const nodes = useMemo(
    () =>
      baseNodes.map((node): MapNode => {
        const classes: string[] = [];
        const inStage = nodeStage.get(node.id);
        if (stageId && nodeStage.has(node.id)) {
          classes.push(inStage === stageId ? 'present-in' : 'present-out');
          const hot = node.type === 'pain' || (node.type === 'step' && node.data.pains !== null);
          if (hot && inStage === stageId) classes.push('present-hot');
        }
        if (spotlight && node.id !== '__grid') classes.push(node.id === spotlight ? 'present-spot' : 'present-shade');
        return { ...node, className: classes.join(' '), selectable: false, draggable: false, connectable: false, focusable: false, selected: false };
      }),
    [baseNodes, nodeStage, stageId, spotlight],
  );
  const edges = useMemo(
    () =>
      baseEdges.map((edge): Edge => {
        const touches = (id: string) => nodeStage.get(id) === stageId;
        let extra = '';
        if (spotlight) extra = edge.source === spotlight || edge.target === spotlight ? '' : ' present-shade';
        else if (stageId) extra = touches(edge.source) || touches(edge.target) ? '' : ' present-out';
        return { ...edge, className: `${edge.className ?? ''}${extra}`, selectable: false, focusable: false, selected: false };
      }),
    [baseEdges, nodeStage, stageId, spotlight],
  );

  // ------------------------------------------------------------------ the view glides
  useEffect(() => {
    const element = pane.current;
    if (!element) return;
    const measure = () => setSize({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const firstMove = useRef(true);
  useEffect(() => {
    if (!ready || size.width === 0) return;
    const target = (spotlight && spotlightViewport(layout, spotlight, current, size)) || targetViewport(layout, current, size);
    // The first slide appears in place; every later change (a slide, a spotlight, a resize) glides.
    void flow.setViewport(target, { duration: firstMove.current ? 0 : GLIDE_MS });
    firstMove.current = false;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, size.width, size.height, layout, slide, slides.length, spotlight, flow]);

  // ------------------------------------------------------------------ keys
  const lastEscape = useRef(0);
  useEffect(() => {
    const go = (next: number) => {
      const store = useAppStore.getState();
      if (!store.presenting) return;
      const clamped = Math.max(0, Math.min(slides.length - 1, next));
      if (clamped !== store.presenting.slide) store.setSlide(clamped);
    };
    const onKeyDown = (e: KeyboardEvent) => {
      const store = useAppStore.getState();
      if (!store.presenting) return;
      if (isTextInput(e.target)) {
        if (e.key === 'Escape' && e.target instanceof HTMLElement) e.target.blur();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const slideNow = store.presenting.slide;
      let handled = true;
      switch (e.key) {
        case 'ArrowRight':
        case 'ArrowDown':
        case 'PageDown':
        case ' ':
        case 'Enter':
          go(slideNow + 1);
          break;
        case 'ArrowLeft':
        case 'ArrowUp':
        case 'PageUp':
        case 'Backspace':
          go(slideNow - 1);
          break;
        case 'Home':
          go(0);
          break;
        case 'End':
          go(slides.length - 1);
          break;
        case 'Escape':
          lastEscape.current = Date.now();
          if (store.presenting.spotlight) store.setSpotlight(null);
          else stopPresentation(store);
          break;
        case 'F5':
          break;
        default:
          if (e.code === 'KeyC' && !e.shiftKey) store.toggleHighContrast();
          else if (/^[0-9]$/.test(e.key)) {
            const n = Number(e.key);
            if (n < slides.length && slides[n]?.kind !== 'compare') go(n);
          } else handled = false;
      }
      if (handled) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [slides]);

  // Full screen ended by the browser itself (its own Escape): a spotlight clears first, then the presentation ends.
  useEffect(() => {
    const onChange = () => {
      if (!fullscreenEnded() || Date.now() - lastEscape.current < 400) return;
      const store = useAppStore.getState();
      if (store.presenting?.spotlight) store.setSpotlight(null);
      else if (store.presenting) stopPresentation(store);
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const onNodeClick = useCallback((_: unknown, node: MapNode) => {
    if (node.type !== 'step' && node.type !== 'pain' && node.type !== 'opportunity') return;
    const store = useAppStore.getState();
    store.setSpotlight(store.presenting?.spotlight === node.id ? null : node.id);
  }, []);
  const onPaneClick = useCallback(() => {
    const store = useAppStore.getState();
    if (store.presenting?.spotlight) store.setSpotlight(null);
  }, []);

  const go = (next: number) => useAppStore.getState().setSlide(Math.max(0, Math.min(slides.length - 1, next)));
  const store = useAppStore.getState;
  const stageTitle = current.kind === 'stage' ? (doc.stages[current.index]?.title ?? '') : current.kind === 'compare' ? t('present.compareTitle') : doc.meta.title;
  const kicker =
    current.kind === 'stage'
      ? t('present.stageN', { n: current.index + 1, count: doc.stages.length })
      : current.kind === 'compare'
        ? t('present.comparison')
        : t('present.overview');
  /** Dims the grid's cells outside the stage (the grid is one node, so by CSS). */
  const cellStyle = stageId
    ? `.present .cell:not([data-stage="${CSS.escape(stageId)}"]) { opacity: 0.28; }`
    : spotlight
      ? '.present .cell { opacity: 0.4; }'
      : '';

  return (
    <div
      className={`present present-slide-${current.kind} ${highContrast ? 'present-hc' : ''} ${spotlight ? 'present-spotlit' : ''}`}
      role="region"
      aria-label={t('present.label')}
      data-testid="presentation"
      data-slide={slide}
      lang={i18n.language}
    >
      <style>{cellStyle}</style>
      <div
        className="present-canvas"
        ref={pane}
        // Read-only: no double-click creates or renames anything.
        onDoubleClickCapture={(e) => {
          e.stopPropagation();
          e.preventDefault();
        }}
      >
        <ReactFlow<MapNode>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onInit={() => setReady(true)}
          onNodeClick={onNodeClick}
          onPaneClick={onPaneClick}
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          panOnDrag={false}
          panOnScroll={false}
          zoomOnScroll={false}
          zoomOnPinch={false}
          zoomOnDoubleClick={false}
          preventScrolling
          deleteKeyCode={null}
          selectionKeyCode={null}
          multiSelectionKeyCode={null}
          disableKeyboardA11y
          minZoom={0.05}
          maxZoom={3}
          proOptions={{ hideAttribution: true }}
          elevateNodesOnSelect={false}
        />
      </div>
      <header className="present-bar">
        <div className="present-heading">
          <div className="present-kicker">{kicker}</div>
          <h1 className="present-title" data-testid="present-title">
            {stageTitle}
          </h1>
        </div>
        <div className="present-controls">
          <TimerMenu variant="present" />
          <button
            type="button"
            className={`present-button ${highContrast ? 'active' : ''}`}
            aria-pressed={highContrast}
            data-testid="present-contrast"
            title={t('present.highContrastTitle')}
            onClick={() => store().toggleHighContrast()}
          >
            {t('present.highContrast')}
          </button>
          <button type="button" className="present-button" title={t('present.prev')} aria-label={t('present.prev')} disabled={slide === 0} onClick={() => go(slide - 1)}>
            ←
          </button>
          <span className="present-counter" data-testid="present-counter" aria-live="polite">
            {t('present.counter', { current: slide + 1, total: slides.length })}
          </span>
          <button
            type="button"
            className="present-button"
            title={t('present.next')}
            aria-label={t('present.next')}
            disabled={slide >= slides.length - 1}
            onClick={() => go(slide + 1)}
          >
            →
          </button>
          <button type="button" className="present-button present-exit" data-testid="present-exit" title={t('present.exitTitle')} onClick={() => stopPresentation(store())}>
            {t('present.exit')}
          </button>
        </div>
      </header>
      {current.kind === 'overview' && <Overview doc={doc} name={fileName ?? doc.meta.title} />}
      {current.kind === 'stage' && <StagePanel doc={doc} stageId={current.stageId} />}
      {current.kind === 'compare' && compare && <CompareSlide doc={doc} other={compare} />}
      {spotlight && <SpotlightCaption doc={doc} nodeId={spotlight} />}
      {!spotlight && <div className="present-hint">{t('present.keysHint')}</div>}
    </div>
  );
}

/** Where the view goes for a slide, in a pane of `size`. */
function targetViewport(layout: GridLayout, slide: Slide, size: { width: number; height: number }) {
  const whole = { x: 0, y: 0, width: Math.max(1, layout.width), height: Math.max(1, layout.height) };
  if (slide.kind === 'stage') {
    const rect = stageRect(layout, slide.stageId) ?? whole;
    const area: Area = { left: MARGIN, top: BAR_HEIGHT, width: size.width - PANEL_WIDTH - 3 * MARGIN, height: size.height - BAR_HEIGHT - MARGIN };
    return viewportFor(rect, area);
  }
  // Behind the overview and the comparison the whole map rests, faded.
  return viewportFor(whole, { left: MARGIN, top: BAR_HEIGHT, width: size.width - 2 * MARGIN, height: size.height - BAR_HEIGHT - MARGIN }, 1);
}

/** Room the spotlight caption takes at the bottom of the screen. */
const CAPTION_HEIGHT = 300;

/** The spotlit card in the middle of the room above its caption, with some of its neighbours around it. */
function spotlightViewport(layout: GridLayout, nodeId: string, slide: Slide, size: { width: number; height: number }) {
  const card = layout.cards.get(nodeId);
  if (!card) return null;
  const context = 120;
  const rect = { x: card.x - context, y: card.y - context / 2, width: card.width + 2 * context, height: card.height + context };
  const right = slide.kind === 'stage' ? PANEL_WIDTH + 2 * MARGIN : MARGIN;
  const area: Area = { left: MARGIN, top: BAR_HEIGHT, width: size.width - right - MARGIN, height: size.height - BAR_HEIGHT - CAPTION_HEIGHT };
  return viewportFor(rect, area, 1.5);
}

function useFormat(): (key: NumericMetric, value: number) => string {
  const { t, i18n } = useTranslation();
  return (key, value) => formatMetric(key, value, i18n.language, t as T);
}

const OVERVIEW_METRICS: readonly NumericMetric[] = ['steps', 'visits', 'handoffs', 'citizenCarriedDocuments', 'citizenMinutes', 'costRub', 'leadDays', 'painPoints'];

const Overview = memo(function Overview({ doc, name }: { doc: JourneyMap; name: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const card = useMemo(() => computeScorecard(doc), [doc]);
  const persona = doc.personas[0];
  return (
    <section className="present-panel present-overview" data-testid="present-overview" aria-label={t('present.overview')}>
      <div className="present-overview-head">
        <span className={`present-variant present-variant-${doc.meta.variant}`}>{t(`variant.${doc.meta.variant}`)}</span>
        {name !== doc.meta.title && <span className="present-file">{name}</span>}
      </div>
      {persona && (
        <p className="present-persona">
          <span className="present-persona-label">{t('present.persona')}:</span> <strong>{persona.name}</strong>
          {persona.description && <span className="present-persona-text"> — {persona.description}</span>}
        </p>
      )}
      <dl className="present-numbers">
        {OVERVIEW_METRICS.map((key) => (
          <div className="present-number" key={key} data-metric={key}>
            <dd>{fmt(key, card[key])}</dd>
            <dt>{metricLabel(key, t as T)}</dt>
          </div>
        ))}
      </dl>
      <PresentHeatmap doc={doc} />
    </section>
  );
});

function PresentHeatmap({ doc }: { doc: JourneyMap }) {
  const { t } = useTranslation();
  const map = useMemo(() => painHeatmap(doc), [doc]);
  if (map.agencyIds.length === 0) return <p className="present-muted">{t('scorecard.heatmapEmpty')}</p>;
  const agencies = new Map(doc.agencies.map((a) => [a.id, a]));
  const stages = new Map(doc.stages.map((s) => [s.id, s]));
  return (
    <div className="present-heatmap-wrap">
      <h2>{t('scorecard.heatmap')}</h2>
      <table className="present-heatmap" data-testid="present-heatmap">
        <thead>
          <tr>
            <th />
            {map.stageIds.map((id, i) => (
              <th key={id} scope="col" title={stages.get(id)?.title}>
                <span className="present-heat-index">{i + 1}</span>
                <span className="present-heat-stage">{stages.get(id)?.title}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.agencyIds.map((agencyId) => {
            const agency = agencies.get(agencyId);
            return (
              <tr key={agencyId}>
                <th scope="row" title={agency?.name}>
                  <i className="present-swatch" style={{ background: agency?.color }} />
                  {agency?.shortName || agency?.name}
                </th>
                {map.stageIds.map((stageId) => {
                  const cell = map.cells.find((c) => c.agencyId === agencyId && c.stageId === stageId);
                  const strength = cell ? cell.weight / Math.max(1, map.maxWeight) : 0;
                  return (
                    <td key={stageId}>
                      {cell && (
                        <span
                          className="present-heat"
                          data-weight={cell.weight}
                          style={{ '--heat': String(0.18 + 0.82 * strength), color: strength > 0.45 ? '#fff' : '#7f1d1d' } as CSSProperties}
                        >
                          {cell.weight}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const STAGE_METRICS: readonly (keyof StageScorecard & NumericMetric)[] = ['steps', 'visits', 'handoffs', 'citizenMinutes', 'costRub', 'leadDays'];

const StagePanel = memo(function StagePanel({ doc, stageId }: { doc: JourneyMap; stageId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const card = useMemo(() => stageScorecard(doc, stageId), [doc, stageId]);
  if (!card) return null;
  const severities = ['5', '4', '3', '2', '1'] as const;
  const most = Math.max(1, ...severities.map((s) => card.painPointsBySeverity[s]));
  const pains = card.painPointIds
    .map((id) => doc.painPoints.find((p) => p.id === id))
    .filter((p) => p !== undefined)
    .sort((a, b) => b.severity - a.severity);
  return (
    <aside className="present-panel present-stage" data-testid="present-stage-panel" data-stage={stageId} aria-label={t('present.figures')}>
      <dl className="present-figures">
        {STAGE_METRICS.map((key) => (
          <div className="present-figure" key={key} data-metric={key}>
            <dt>{metricLabel(key, t as T)}</dt>
            <dd>{fmt(key, card[key])}</dd>
          </div>
        ))}
      </dl>
      <h2>
        {t('metrics.painPoints')}: <span data-testid="present-stage-pains">{card.painPoints}</span>
      </h2>
      <div className="present-severities" aria-label={t('metrics.painPointsBySeverity')}>
        {severities.map((s) => (
          <div className="present-severity" key={s} data-severity={s}>
            <span className="present-severity-label">{s}</span>
            <span className="present-severity-track">
              <span className={`present-severity-bar severity-bg-${s}`} style={{ width: `${(card.painPointsBySeverity[s] / most) * 100}%` }} />
            </span>
            <span className="present-severity-count">{card.painPointsBySeverity[s]}</span>
          </div>
        ))}
      </div>
      {pains.length > 0 ? (
        <ul className="present-pain-list">
          {pains.slice(0, 5).map((p) => (
            <li key={p.id} className={`severity-${severityLevel(p.severity)}`}>
              <span className="present-pain-severity">{p.severity}</span>
              {p.title}
            </li>
          ))}
          {pains.length > 5 && <li className="present-muted">{t('present.morePains', { count: pains.length - 5 })}</li>}
        </ul>
      ) : (
        <p className="present-muted">{t('present.noPains')}</p>
      )}
    </aside>
  );
});

/** Lower is better for every metric but the shape of the map. */
const NEUTRAL: readonly NumericMetric[] = ['stages', 'lanes'];

function CompareSlide({ doc, other }: { doc: JourneyMap; other: { doc: JourneyMap; name: string } }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [asIs, toBe] = doc.meta.variant === 'to-be' && other.doc.meta.variant !== 'to-be' ? [other.doc, doc] : [doc, other.doc];
  const changes = useMemo(() => compareScorecards(computeScorecard(asIs), computeScorecard(toBe)), [asIs, toBe]);
  return (
    <section className="present-panel present-compare" data-testid="present-compare">
      <table>
        <thead>
          <tr>
            <th />
            <th scope="col">
              <span className={`present-variant present-variant-${asIs.meta.variant}`}>{t(`variant.${asIs.meta.variant}`)}</span>
              <span className="present-compare-name">{asIs.meta.title}</span>
            </th>
            <th scope="col">
              <span className={`present-variant present-variant-${toBe.meta.variant}`}>{t(`variant.${toBe.meta.variant}`)}</span>
              <span className="present-compare-name">{toBe.meta.title}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {NUMERIC_METRICS.filter((key) => !NEUTRAL.includes(key)).map((key) => {
            const change = changes[key];
            const verdict = change.delta === 0 ? 'same' : change.delta < 0 ? 'better' : 'worse';
            return (
              <tr key={key} className={`present-${verdict}`} data-metric={key}>
                <th scope="row">{metricLabel(key, t as T)}</th>
                <td>{fmt(key, change.asIs)}</td>
                <td>{fmt(key, change.toBe)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function SpotlightCaption({ doc, nodeId }: { doc: JourneyMap; nodeId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const agencies = new Map(doc.agencies.map((a) => [a.id, a]));
  const chips = (ids: string[]) =>
    ids.length === 0 ? (
      <span className="present-muted">{t('present.noAgency')}</span>
    ) : (
      ids.map((id) => (
        <span className="present-agency" key={id}>
          <i className="present-swatch" style={{ background: agencies.get(id)?.color }} />
          {agencies.get(id)?.name ?? id}
        </span>
      ))
    );
  let kind = '';
  let title = '';
  let body: React.ReactNode = null;
  if (nodeId.startsWith('pain:')) {
    const pain = doc.painPoints.find((p) => `pain:${p.id}` === nodeId);
    if (!pain) return null;
    kind = t('present.painPoint');
    title = pain.title;
    body = (
      <>
        <div className={`present-caption-severity severity-${severityLevel(pain.severity)}`} data-testid="spotlight-severity">
          {t('props.severity')}: <strong>{pain.severity}</strong> / 5
        </div>
        <div className="present-caption-agencies">{chips(pain.agencyIds)}</div>
        {pain.description && <p className="present-caption-text">{pain.description}</p>}
      </>
    );
  } else if (nodeId.startsWith('opp:')) {
    const opportunity = doc.opportunities.find((o) => `opp:${o.id}` === nodeId);
    if (!opportunity) return null;
    kind = t('present.opportunity');
    title = opportunity.title;
    body = (
      <>
        <div className="present-caption-agencies">{chips(opportunity.ownerAgencyId ? [opportunity.ownerAgencyId] : [])}</div>
        {opportunity.description && <p className="present-caption-text">{opportunity.description}</p>}
      </>
    );
  } else {
    const step = doc.steps.find((s) => s.id === nodeId);
    if (!step) return null;
    const pains = doc.painPoints.filter((p) => p.stepId === step.id);
    const minutes = (step.waitMinutes ?? 0) + (step.serviceMinutes ?? 0);
    kind = t('present.step');
    title = step.title;
    body = (
      <>
        <div className="present-caption-agencies">{chips(step.agencyIds)}</div>
        <div className="present-caption-facts">
          {step.channel && <span>{t(`channel.${step.channel}`)}</span>}
          {step.inPerson && <span>{t('props.inPerson')}</span>}
          {minutes > 0 && <span>{fmt('citizenMinutes', minutes)}</span>}
          {(step.costRub ?? 0) > 0 && <span>{fmt('costRub', step.costRub ?? 0)}</span>}
          {pains.length > 0 && (
            <span className={`severity-${severityLevel(Math.max(...pains.map((p) => p.severity)))}`} data-testid="spotlight-severity">
              {t('metrics.painPoints')}: {pains.length} ({t('props.severity')} {Math.max(...pains.map((p) => p.severity))})
            </span>
          )}
        </div>
        {step.description && <p className="present-caption-text">{step.description}</p>}
      </>
    );
  }
  return (
    <div className="present-caption" data-testid="spotlight-caption" role="status">
      <div className="present-kicker">{kind}</div>
      <div className="present-caption-title">{title}</div>
      {body}
      <div className="present-caption-hint">{t('present.spotlightHint')}</div>
    </div>
  );
}
