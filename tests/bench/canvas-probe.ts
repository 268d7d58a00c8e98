/**
 * The canvas benchmark's in-page half, injected into both pages (Marshrut and bare React Flow)
 * before their own scripts run; tests/bench/canvas.ts bundles it with esbuild into one init script.
 * Everything is timed inside the page with `performance.now()` and requestAnimationFrame, so
 * Playwright's round trips do not count:
 * - a user action's start is the trusted input event's own `timeStamp` (same clock), taken by a
 *   capturing listener armed before the action is sent;
 * - "painted" is the requestAnimationFrame callback after the one in which the DOM was seen in the
 *   wanted state: by then the frame that shows it has done its main-thread work (style, layout,
 *   paint recording) and been handed to the compositor;
 * - "settled" (opening a map, fitting the view, zooming back in) is the painted frame after the
 *   last DOM change inside the canvas (`.react-flow`), once 30 frames in a row have passed without
 *   one. The canvas need not put every card in the DOM: React Flow may cull what is off screen
 *   and Marshrut may draw a far-out view as blocks on a <canvas> (its level of detail, lod.tsx), so
 *   "all N cards are in the DOM" is not a definition that holds for every build;
 * - frame times are the gaps between consecutive requestAnimationFrame timestamps.
 * Selectors are the ones both pages share: `.react-flow__node[data-id]` (React Flow's own wrapper,
 * whose id is the step id in both), `[data-testid="step-card"]`, `.step-title`.
 */

/** A DOM state to wait for, serialisable so that Node can pass it in. */
export type Condition =
  /** A map is shown (a step card, or Marshrut's canvas of blocks, inside React Flow) and the canvas has settled. */
  | { kind: 'mapDrawn' }
  /** No map is shown and the canvas has settled. */
  | { kind: 'mapGone' }
  /** The viewport's CSS transform is no longer `from` and the canvas has settled. */
  | { kind: 'viewportMoved'; from: string }
  /** A node's wrapper has exactly this CSS transform (its position). */
  | { kind: 'nodeAt'; id: string; transform: string }
  /** A card's title reads exactly this. */
  | { kind: 'title'; id: string; text: string };

/** What starts the clock: the next trusted event of a type (modifier keys alone do not count), or now. */
export type Trigger = 'keydown' | 'click' | 'wheel' | 'now';

export interface Timed {
  /** Input (or arming) to the painted frame, ms. */
  ms: number;
  /** Step cards in the DOM then. */
  cards: number;
}

export interface PanePoint {
  x: number;
  y: number;
}

export interface CardSpot {
  id: string;
  /** Centre of the card in the window, CSS px. */
  x: number;
  y: number;
  /** Its wrapper's CSS transform (its place on the canvas). */
  transform: string;
}

export interface BenchProbe {
  /** Navigation start to the settled frame with the map; null after `timeoutMs`. */
  fullRender(timeoutMs: number): Promise<Timed | null>;
  cards(): number;
  /** Starts a clock at `trigger` that stops when `condition` holds and that frame has painted. */
  arm(condition: Condition, trigger: Trigger): void;
  /** The armed measurement; null if the condition did not hold within `timeoutMs`. */
  result(timeoutMs: number): Promise<Timed | null>;
  startFrames(): void;
  /** requestAnimationFrame timestamps since `startFrames`. */
  stopFrames(): number[];
  viewport(): { transform: string; zoom: number };
  pane(): { x: number; y: number; width: number; height: number };
  /** A point on the canvas where a drag pans the view (no card, edge, handle or panel there), nearest the pane's centre. */
  panPoint(): PanePoint | null;
  /** The step card nearest the pane's centre that is wholly in view with `room` px free to its right. */
  cardForDrag(room: number): CardSpot | null;
  card(id: string): CardSpot | null;
}

declare global {
  interface Window {
    __bench: BenchProbe;
  }
}

/** Frames without a DOM change in the canvas before it counts as settled (about 0.5 s). */
const QUIET_FRAMES = 30;
const MODIFIERS = new Set(['Control', 'Shift', 'Alt', 'Meta']);

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
const countCards = () => document.querySelectorAll('[data-testid="step-card"]').length;
const viewportEl = () => document.querySelector<HTMLElement>('.react-flow__viewport');
const nodeEl = (id: string) => document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
// The blocks' canvas, not any canvas: Marshrut's minimap is a <canvas> too, there with or without a map.
const hasMap = () => countCards() > 0 || document.querySelector('.react-flow canvas[data-testid="lod-layer"]') !== null;

// ----------------------------------------------------------------- DOM changes inside the canvas
/** performance.now() of the last DOM change inside `.react-flow` (or of it arriving or leaving). */
let lastChange = -1;
const touchesCanvas = (node: Node) => node instanceof Element && (node.matches('.react-flow') || node.querySelector('.react-flow') !== null);
const observer = new MutationObserver((records) => {
  for (const r of records) {
    const target = r.target instanceof Element ? r.target : r.target.parentElement;
    if (target?.closest('.react-flow') || [...r.addedNodes].some(touchesCanvas) || [...r.removedNodes].some(touchesCanvas)) {
      lastChange = performance.now();
      return;
    }
  }
});
// Watched only while something waits to settle, so that it costs nothing in the frame figures.
let watchers = 0;
function watchChanges(): () => void {
  if (watchers++ === 0) observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (--watchers === 0) {
      observer.takeRecords();
      observer.disconnect();
    }
  };
}

function holds(condition: Condition): boolean {
  switch (condition.kind) {
    case 'mapDrawn':
      return hasMap();
    case 'mapGone':
      return !hasMap();
    case 'viewportMoved': {
      const el = viewportEl();
      return !!el && el.style.transform !== condition.from;
    }
    case 'nodeAt':
      return nodeEl(condition.id)?.style.transform === condition.transform;
    case 'title':
      return nodeEl(condition.id)?.querySelector('.step-title')?.textContent === condition.text;
  }
}

const settles = (condition: Condition) => condition.kind === 'mapDrawn' || condition.kind === 'mapGone' || condition.kind === 'viewportMoved';

/**
 * Resolves with the painted time for `condition` (see the file's comment), checking once per frame
 * from when `since()` gives a start time; null after `timeoutMs`.
 */
function paintedWhen(condition: Condition, since: () => number | null, timeoutMs: number): Promise<number | null> {
  const deadline = performance.now() + timeoutMs;
  const settle = settles(condition);
  const unwatch = settle ? watchChanges() : () => {};
  let previous = performance.now();
  /** The painted frame after the last change seen; `pending`: a change was seen, its paint not yet. */
  let painted: number | null = null;
  let pending = false;
  let quiet = 0;
  return new Promise<number | null>((resolve) => {
    const finish = (value: number | null) => {
      unwatch();
      resolve(value);
    };
    const tick = () => {
      const now = performance.now();
      const changed = lastChange > previous;
      previous = now;
      if (now > deadline) return finish(null);
      if (since() === null) return void requestAnimationFrame(tick);
      if (!settle) {
        if (holds(condition)) return void nextFrame().then(finish);
        return void requestAnimationFrame(tick);
      }
      if (changed) {
        pending = true;
        quiet = 0;
      } else if (pending) {
        painted = now;
        pending = false;
        quiet = 0;
      } else quiet++;
      if (holds(condition)) {
        // Held without any change since the start: its first painted frame is now.
        painted ??= now;
        if (!pending && quiet >= QUIET_FRAMES) return finish(painted);
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

// Started at document creation, so that navigation start → map needs no round trip.
let fullRenderCards = 0;
const fullRendered = paintedWhen({ kind: 'mapDrawn' }, () => 0, 180_000).then((at) => {
  fullRenderCards = countCards();
  return at;
});

let armed: { start: number | null; off: () => void; done: Promise<number | null> } | null = null;

function arm(condition: Condition, trigger: Trigger): void {
  armed?.off();
  const state = { start: null as number | null, off: () => {}, done: Promise.resolve<number | null>(null) };
  if (trigger === 'now') state.start = performance.now();
  else {
    const listener = (e: Event) => {
      if (!e.isTrusted || state.start !== null) return;
      if (e instanceof KeyboardEvent && MODIFIERS.has(e.key)) return;
      state.start = e.timeStamp;
    };
    window.addEventListener(trigger, listener, { capture: true, passive: true });
    state.off = () => window.removeEventListener(trigger, listener, { capture: true });
  }
  // The caller's timeout applies in `result`; this one only ends a forgotten poll.
  state.done = paintedWhen(condition, () => state.start, 180_000);
  armed = state;
}

const within = <T,>(promise: Promise<T>, timeoutMs: number) =>
  Promise.race([promise, new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs))]);

async function result(timeoutMs: number): Promise<Timed | null> {
  const current = armed;
  if (!current) return null;
  const painted = await within(current.done, timeoutMs);
  current.off();
  if (armed === current) armed = null;
  return painted === null || current.start === null ? null : { ms: painted - current.start, cards: countCards() };
}

let frames: number[] | null = null;
function startFrames(): void {
  const mine: number[] = [];
  frames = mine;
  const loop = (t: number) => {
    if (frames !== mine) return;
    mine.push(t);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
}

function paneRect() {
  const el = document.querySelector('.react-flow');
  const r = el?.getBoundingClientRect() ?? new DOMRect(0, 0, innerWidth, innerHeight);
  return { x: r.x, y: r.y, width: r.width, height: r.height };
}

/** Under this point a mouse drag pans React Flow's view: nothing that takes the drag for itself. */
function pansAt(x: number, y: number): boolean {
  const el = document.elementFromPoint(x, y);
  if (!el || !el.closest('.react-flow')) return false;
  return !el.closest('.nopan, .react-flow__edge, .react-flow__edgelabel-renderer, .react-flow__handle, .react-flow__panel, button, input, select, textarea, a');
}

function panPoint(): PanePoint | null {
  const pane = paneRect();
  const cx = pane.x + pane.width / 2;
  const cy = pane.y + pane.height / 2;
  // Rings around the centre, 8 px apart: the nearest free point, so both pages start alike.
  for (let r = 0; r < Math.min(pane.width, pane.height) / 2; r += 8) {
    const steps = Math.max(1, Math.round((2 * Math.PI * r) / 8));
    for (let i = 0; i < steps; i++) {
      const x = Math.round(cx + r * Math.cos((2 * Math.PI * i) / steps));
      const y = Math.round(cy + r * Math.sin((2 * Math.PI * i) / steps));
      if (pansAt(x, y)) return { x, y };
    }
  }
  return null;
}

function spot(el: HTMLElement): CardSpot {
  const r = el.getBoundingClientRect();
  return { id: el.dataset.id ?? '', x: r.x + r.width / 2, y: r.y + r.height / 2, transform: el.style.transform };
}

function cardForDrag(room: number): CardSpot | null {
  const pane = paneRect();
  const cx = pane.x + pane.width / 2;
  const cy = pane.y + pane.height / 2;
  let best: { el: HTMLElement; d: number } | null = null;
  for (const el of document.querySelectorAll<HTMLElement>('.react-flow__node')) {
    if (!el.querySelector('[data-testid="step-card"]')) continue;
    const r = el.getBoundingClientRect();
    if (r.left < pane.x || r.top < pane.y || r.right + room > pane.x + pane.width || r.bottom > pane.y + pane.height) continue;
    const d = Math.hypot(r.x + r.width / 2 - cx, r.y + r.height / 2 - cy);
    if (!best || d < best.d) best = { el, d };
  }
  return best ? spot(best.el) : null;
}

window.__bench = {
  fullRender: async (timeoutMs) => {
    const at = await within(fullRendered, timeoutMs);
    return at === null ? null : { ms: at, cards: fullRenderCards };
  },
  cards: countCards,
  arm,
  result,
  startFrames,
  stopFrames: () => {
    const out = frames ?? [];
    frames = null;
    return out;
  },
  viewport: () => {
    const transform = viewportEl()?.style.transform ?? '';
    const zoom = Number(/scale\(([^)]+)\)/.exec(transform)?.[1] ?? NaN);
    return { transform, zoom };
  },
  pane: paneRect,
  panPoint,
  cardForDrag,
  card: (id) => {
    const el = nodeEl(id);
    return el ? spot(el) : null;
  },
};
