/**
 * Quick capture (issue 6): a bar docked at the bottom of the canvas for a facilitator typing what
 * the room says. The field keeps focus: Enter adds a card in the target cell (`!` pain point with
 * `!`-marks for severity, `+` opportunity, `?` question), Tab / Shift+Tab and Alt+arrows move the
 * cell, Ctrl+Z on an empty field takes back the last card, Escape leaves. Every card is one
 * undo step (one `apply`).
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useReactFlow } from '@xyflow/react';
import { computeLayout, newId, type GridLayout, type JourneyMap } from '../../shared/model';
import { applyCapture, initialCaptureCell, parseCapture, shiftCell, stepCell, type CaptureCell, type CaptureResult } from '../../shared/model/capture';
import { useController } from '../app/context';
import { useAppStore } from '../store';
import type { CaptureSession } from './QuickCaptureSlice';
import { rememberedAuthor } from './CommentsShared';
import './workshop.css';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
export const CAPTURE_SHORTCUT = isMac ? '⌘⇧K' : 'Ctrl+Shift+K';

const cellExists = (doc: JourneyMap, cell: CaptureCell) => doc.lanes.some((l) => l.id === cell.laneId) && doc.stages.some((s) => s.id === cell.stageId);

/** The target cell, outlined on the grid (rendered inside the grid node, in its coordinates). */
export function CaptureCellMark({ layout }: { layout: GridLayout }) {
  const cell = useAppStore((s) => s.capture?.cell ?? null);
  if (!cell) return null;
  const stage = layout.stages.find((b) => b.id === cell.stageId);
  const lane = layout.lanes.find((b) => b.id === cell.laneId);
  if (!stage || !lane) return null;
  return (
    <div
      className="capture-cell"
      data-testid="capture-cell"
      data-lane={cell.laneId}
      data-stage={cell.stageId}
      style={{ left: stage.start, top: lane.start, width: stage.size, height: lane.size }}
    />
  );
}

/** The bar, while quick capture is on. */
export function QuickCaptureBar() {
  const session = useAppStore((s) => s.capture);
  if (!session) return null;
  return <Bar session={session} />;
}

function Bar({ session }: { session: CaptureSession }) {
  const { t } = useTranslation();
  const doc = useAppStore((s) => s.doc);
  const controller = useController();
  const flow = useReactFlow();
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const layout = useMemo(() => computeLayout(doc), [doc]);
  const { cell } = session;
  const valid = cellExists(doc, cell);

  // The cell went away (its stage or lane was deleted, or undone): start again where capture starts.
  useEffect(() => {
    if (valid) return;
    const fresh = initialCaptureCell(doc, null);
    const ui = useAppStore.getState();
    if (fresh) ui.updateCapture({ cell: fresh });
    else ui.setCapture(null);
  }, [valid, doc]);

  useEffect(() => {
    input.current?.focus();
  }, []);

  // Keep the target cell in view (the smallest pan, clear of the bar).
  useEffect(() => {
    const stage = layout.stages.find((b) => b.id === cell.stageId);
    const lane = layout.lanes.find((b) => b.id === cell.laneId);
    const pane = document.querySelector('.canvas .react-flow')?.getBoundingClientRect();
    const bar = document.querySelector('.capture-bar')?.getBoundingClientRect();
    if (!stage || !lane || !pane) return;
    const { x, y, zoom } = flow.getViewport();
    const margin = 24;
    const bottom = bar ? Math.max(0, pane.bottom - bar.top) : 0;
    const shift = (start: number, size: number, lo: number, hi: number) => {
      if (size > hi - lo || start < lo) return lo - start;
      if (start + size > hi) return hi - (start + size);
      return 0;
    };
    const dx = shift(stage.start * zoom + x, stage.size * zoom, margin, pane.width - margin);
    const dy = shift(lane.start * zoom + y, lane.size * zoom, 52, pane.height - bottom - margin);
    if (dx !== 0 || dy !== 0) void flow.setViewport({ x: x + dx, y: y + dy, zoom }, { duration: 150 });
    // Only a new cell moves the view; edits inside it must not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cell.laneId, cell.stageId, flow]);

  const stageIndex = doc.stages.findIndex((s) => s.id === cell.stageId);
  const stage = doc.stages[stageIndex];
  const lane = doc.lanes.find((l) => l.id === cell.laneId);
  const lastStep = session.lastStepId ? doc.steps.find((s) => s.id === session.lastStepId) : undefined;
  const selected = useAppStore((s) => s.selection.nodes[s.selection.nodes.length - 1] ?? null);
  const selectedStep = selected ? doc.steps.find((s) => s.id === selected) : undefined;
  const inCell = (s: typeof lastStep) => (s && s.laneId === cell.laneId && s.stageId === cell.stageId ? s : undefined);
  const anchor = inCell(lastStep) ?? inCell(selectedStep);

  const move = (next: CaptureCell) => useAppStore.getState().updateCapture({ cell: next });

  const commit = () => {
    const parsed = parseCapture(text);
    if (!parsed) return;
    const ui = useAppStore.getState();
    const out: { result: CaptureResult | null } = { result: null };
    const selectedNow = ui.selection.nodes[ui.selection.nodes.length - 1] ?? null;
    ui.apply((d) => {
      out.result = applyCapture(d, parsed, {
        cell,
        lastStepId: session.lastStepId,
        lastPainId: session.lastPainId,
        selectedStepId: selectedNow && d.steps.some((s) => s.id === selectedNow) ? selectedNow : null,
        author: rememberedAuthor() || t('capture.facilitator'),
        at: new Date().toISOString(),
        makeId: newId,
      });
      return out.result?.doc ?? d;
    });
    const result = out.result;
    if (!result) return;
    setText('');
    ui.updateCapture({
      added: session.added + 1,
      ...(result.kind === 'step' ? { lastStepId: result.id } : {}),
      ...(result.kind === 'pain' ? { lastPainId: result.id } : {}),
    });
    const nodeId = result.kind === 'step' ? result.id : result.kind === 'pain' ? `pain:${result.id}` : result.kind === 'opportunity' ? `opp:${result.id}` : null;
    if (nodeId) {
      ui.select({ nodes: [nodeId], edges: [] });
      requestAnimationFrame(() => controller.reveal(nodeId));
    }
    const title = 'title' in parsed ? parsed.title : '';
    ui.setStatus(
      parsed.kind === 'step'
        ? t('capture.addedStep', { title })
        : parsed.kind === 'pain'
          ? t('capture.addedPain', { title, severity: parsed.severity })
          : parsed.kind === 'opportunity'
            ? t('capture.addedOpportunity', { title })
            : t('capture.addedQuestion', { stage: stage?.title ?? '' }),
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing) return;
    const mod = isMac ? e.metaKey : e.ctrlKey;
    const arrows: Record<string, 'left' | 'right' | 'up' | 'down'> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
    const ui = useAppStore.getState();
    let handled = true;
    if (e.key === 'Enter' && !mod && !e.altKey) commit();
    else if (e.key === 'Tab' && !mod && !e.altKey) move(stepCell(doc, cell, e.shiftKey ? -1 : 1));
    else if (e.altKey && !mod && arrows[e.key]) move(shiftCell(doc, cell, arrows[e.key] as 'left'));
    else if (e.key === 'Escape') ui.setCapture(null);
    // On an empty field the editor's undo and redo act on the map (a card just added).
    else if (mod && !e.altKey && e.code === 'KeyZ' && text === '') (e.shiftKey ? ui.redo : ui.undo)();
    else if (mod && !e.altKey && !isMac && e.code === 'KeyY' && text === '') ui.redo();
    else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  return (
    <div className="capture-bar nodrag nopan" role="group" aria-label={t('capture.label')} data-testid="capture-bar" onMouseUp={() => input.current?.focus()}>
      <div className="capture-target">
        <button type="button" className="capture-nav" title={t('capture.prev')} aria-label={t('capture.prev')} tabIndex={-1} onClick={() => move(stepCell(doc, cell, -1))}>
          ‹
        </button>
        <span className="capture-cell-label" data-testid="capture-target" title={t('capture.cell')}>
          <span className="capture-stage">
            {stageIndex + 1}. {stage?.title}
          </span>
          <span className="capture-times">×</span>
          <span className="capture-lane">{lane?.title}</span>
        </span>
        <button type="button" className="capture-nav" title={t('capture.next')} aria-label={t('capture.next')} tabIndex={-1} onClick={() => move(stepCell(doc, cell, 1))}>
          ›
        </button>
      </div>
      <div className="capture-main">
        <input
          ref={input}
          className="capture-input"
          type="text"
          aria-label={t('capture.input')}
          placeholder={t('capture.placeholder')}
          value={text}
          maxLength={2000}
          autoComplete="off"
          spellCheck
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <div className="capture-help">
          <span>{t('capture.help')}</span>
          {anchor && <span className="capture-anchor">{t('capture.attachTo', { title: anchor.title })}</span>}
          {session.added > 0 && <span className="capture-added">{t('capture.added', { count: session.added })}</span>}
        </div>
      </div>
      <button type="button" className="capture-close" title={t('capture.close')} aria-label={t('capture.close')} onClick={() => useAppStore.getState().setCapture(null)}>
        ✕
      </button>
    </div>
  );
}
