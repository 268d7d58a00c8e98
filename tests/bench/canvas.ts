/**
 * Canvas benchmark (issue 8): Marshrut's canvas against bare React Flow on the same generated maps.
 * `npm run bench:canvas [-- --steps 100,500,1000,2000 --runs 3 --nocull-runs 1 --marshrut-dist DIR --out FILE]`
 *
 * Both pages are production builds in headless Chromium (1600 × 1000):
 * - Marshrut: the browser edition (`npm run build:web`, dist/web) inside the desktop harness
 *   (tests/e2e/support/desktop.ts): the real main-process handlers read the generated .cjm file
 *   named on the "command line" and the page opens it at start, as the desktop app does;
 * - bare React Flow: tests/bench/bare (built here with Vite into bench-results/bare-dist): the same
 *   step cards at the same places and size, the map's flows as edges, `onlyRenderVisibleElements`
 *   on; `--nocull-runs` runs (default 1) without it, for context. Its canvas is put exactly where
 *   Marshrut's is and fitted the same way, so one input script gives both the same view.
 *
 * Each run opens the map, then: Ctrl+N and Ctrl+O it again in the loaded page, 1 s idle, pan at
 * zoom 1, zoom 1 → 0.5 → 1, fit view, pan at the fit zoom, back to zoom 1, drag a card, undo the
 * drag, type 20 characters into the card's title field, then pan and zoom once more (the same
 * gestures, with the code that mounts cards warm). What is timed and how: canvas-probe.ts.
 * Reports the median of `--runs` runs with the spread (min–max) and the ratio Marshrut / bare as an
 * aligned table, and writes bench-results/canvas.json (or `--out`). It is a benchmark: it never
 * fails on a number. `--marshrut-dist DIR` measures a browser edition built elsewhere (another
 * commit, say) instead of building dist/web from the working tree.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { build as viteBuild } from 'vite';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { generateLargeMap } from '../../shared/export/large-map';
import { computeLayout, serializeDocument, type JourneyMap } from '../../shared/model';
import { CHROMIUM_PATH, launchChromium } from '../e2e/support/browser';
import { openDesktopApp } from '../e2e/support/desktop';
import { serveStatic, type StaticServer } from '../e2e/support/server';
import { WEB_ROOT } from '../e2e/support/suite';
import { BARE_SETUP_KEY, type BareRect, type BareSetup } from './bare/contract';
import type { CardSpot, Condition, Timed, Trigger } from './canvas-probe';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BARE_CONFIG = path.join(ROOT, 'tests/bench/bare/vite.config.ts');
const BARE_ROOT = path.join(ROOT, 'bench-results/bare-dist');
const PROBE_ENTRY = path.join(ROOT, 'tests/bench/canvas-probe.ts');
const VIEWPORT = { width: 1600, height: 1000 };

/**
 * Marshrut's canvas settings that decide the view (renderer/canvas/Canvas.tsx): zoom limits and
 * the fit padding with the minimap open (the default) and a legend (the generated map has
 * agencies). The run checks that both pages end up with the same fitted transform.
 */
const MARSHRUT_VIEW = {
  minZoom: 0.02,
  maxZoom: 2.5,
  padding: { top: '52px', right: '16px', bottom: '140px', left: '16px' },
} as const satisfies Pick<BareSetup, 'minZoom' | 'maxZoom' | 'padding'>;

/**
 * tsx compiles this file and the e2e support modules with esbuild's `keepNames`, which wraps
 * named functions in a `__name(...)` helper — also inside the desktop harness's bridge script,
 * which Playwright serialises into the page, where no `__name` exists. The bridge then throws and
 * the page quietly falls back to the browser edition with the sample map (vitest does not
 * transform that way, so the e2e tests never see it). A no-op `__name` in every page fixes it.
 */
const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((fn) => fn);';

// ------------------------------------------------------------------------------------- arguments
interface Options {
  steps: number[];
  runs: number;
  nocullRuns: number;
  /** A Marshrut browser edition built elsewhere (e.g. from another commit); default: build dist/web. */
  marshrutDist: string | null;
  /** The JSON file to write. */
  out: string;
}

function argValue(argv: readonly string[], name: string): string | undefined {
  const at = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (at < 0) return undefined;
  const arg = argv[at] as string;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[at + 1];
}

function parseOptions(argv: readonly string[]): Options {
  const list = (argValue(argv, '--steps') ?? '100,500,1000,2000')
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  const count = (name: string, fallback: number, min: number) => {
    const n = Number(argValue(argv, name) ?? fallback);
    return Number.isInteger(n) && n >= min ? n : fallback;
  };
  return {
    steps: list.length > 0 ? list : [100, 500, 1000, 2000],
    runs: count('--runs', 3, 1),
    nocullRuns: count('--nocull-runs', 1, 0),
    marshrutDist: argValue(argv, '--marshrut-dist') ? path.resolve(argValue(argv, '--marshrut-dist') as string) : null,
    out: path.resolve(argValue(argv, '--out') ?? path.join(ROOT, 'bench-results', 'canvas.json')),
  };
}

// -------------------------------------------------------------------------------------- figures
type PageKind = 'marshrut' | 'bare' | 'bareNoCull';

/** `higher`: more is better (fps); `none`: no ratio. The ratio is always Marshrut / bare. */
const FIGURES = [
  { key: 'render', label: 'open → full render (navigation)', unit: 'ms', better: 'lower' },
  { key: 'reopen', label: 'open in loaded page (Ctrl+O)', unit: 'ms', better: 'lower' },
  // Context, not a score: culling and Marshrut's level of detail keep cards out of the DOM.
  { key: 'cards', label: 'step cards in the DOM then', unit: 'n', better: 'none' },
  { key: 'heap', label: 'JS heap after load', unit: 'MB', better: 'lower' },
  { key: 'idleFps', label: 'idle, 1 s', unit: 'fps', better: 'higher' },
  { key: 'panFps', label: 'pan at zoom 1', unit: 'fps', better: 'higher' },
  { key: 'panP95', label: 'pan at zoom 1, p95 frame', unit: 'ms', better: 'lower' },
  { key: 'zoomFps', label: 'zoom 1 → 0.5 → 1', unit: 'fps', better: 'higher' },
  { key: 'zoomP95', label: 'zoom 1 → 0.5 → 1, p95 frame', unit: 'ms', better: 'lower' },
  { key: 'fitMs', label: 'fit view (click → paint)', unit: 'ms', better: 'lower' },
  { key: 'fitPanFps', label: 'pan at fit zoom', unit: 'fps', better: 'higher' },
  { key: 'fitPanP95', label: 'pan at fit zoom, p95 frame', unit: 'ms', better: 'lower' },
  { key: 'backMs', label: 'fit → zoom 1 (wheel → paint)', unit: 'ms', better: 'lower' },
  // The cards may come back over several frames (Marshrut's hand-over from blocks, lod.tsx): how long the view froze.
  { key: 'backLongest', label: 'fit → zoom 1, longest frame', unit: 'ms', better: 'lower' },
  { key: 'dragFps', label: 'drag a card 300 px', unit: 'fps', better: 'higher' },
  { key: 'dragP95', label: 'drag a card, p95 frame', unit: 'ms', better: 'lower' },
  { key: 'undoMs', label: 'undo the drag (Ctrl+Z → paint)', unit: 'ms', better: 'lower' },
  { key: 'typeMedian', label: 'typing: key → paint, median', unit: 'ms', better: 'lower' },
  { key: 'typeP95', label: 'typing: key → paint, p95', unit: 'ms', better: 'lower' },
  { key: 'panAgainFps', label: 'pan at zoom 1, again at the end', unit: 'fps', better: 'higher' },
  { key: 'panAgainP95', label: 'pan again, p95 frame', unit: 'ms', better: 'lower' },
  { key: 'zoomAgainFps', label: 'zoom 1 → 0.5 → 1, again at the end', unit: 'fps', better: 'higher' },
  { key: 'zoomAgainP95', label: 'zoom again, p95 frame', unit: 'ms', better: 'lower' },
] as const;
type FigureKey = (typeof FIGURES)[number]['key'];

interface RunResult {
  page: PageKind;
  steps: number;
  run: number;
  figures: Partial<Record<FigureKey, number | null>>;
  /** The fitted view after opening (both pages should agree). */
  fittedTransform: string | null;
  /** Per-keystroke latencies, ms. */
  keys: number[];
  dragCard: string | null;
  notes: string[];
  consoleErrors: string[];
  wallMs: number;
}

const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);
function median(values: readonly number[]): number {
  const s = sorted(values);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  const s = sorted(values);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}

/** fps and p95 frame time from requestAnimationFrame timestamps. */
function frameStats(stamps: readonly number[]): { fps: number | null; p95: number | null } {
  if (stamps.length < 3) return { fps: null, p95: null };
  const gaps = stamps.slice(1).map((t, i) => t - (stamps[i] as number));
  const span = (stamps[stamps.length - 1] as number) - (stamps[0] as number);
  return { fps: (gaps.length / span) * 1000, p95: percentile(gaps, 95) };
}

// -------------------------------------------------------------------------------------- builds
function buildMarshrut(): void {
  console.error('building the browser edition (npm run build:web)…');
  const out = spawnSync('npm', ['run', 'build:web'], { cwd: ROOT, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`npm run build:web failed:\n${out.stdout}\n${out.stderr}`);
}

/**
 * A private copy of a build to serve: other work on this machine (npm test, say) may rebuild
 * dist/web while the benchmark runs, and a page must not load assets of two builds.
 */
function snapshot(dir: string): string {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'marshrut-canvas-bench-web-'));
  cpSync(dir, copy, { recursive: true });
  return copy;
}

/** The commit the build came from, and whether the files that go into the page differed from it. */
function gitState(dir: string): string {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return 'unknown';
  const dirty = git('status', '--porcelain', '--', 'renderer', 'shared', 'templates', 'vite.web.config.ts').stdout.trim();
  return `${head.stdout.trim()}${dirty ? ' + uncommitted changes in renderer/shared/templates' : ''}`;
}

async function buildBare(): Promise<void> {
  console.error('building the bare React Flow page (tests/bench/bare → bench-results/bare-dist)…');
  await viteBuild({ configFile: BARE_CONFIG, mode: 'production' });
}

/** The probe as one classic script (no `__name` wrappers: esbuild's API leaves names alone). */
function bundleProbe(): string {
  const out = buildSync({ entryPoints: [PROBE_ENTRY], bundle: true, format: 'iife', target: 'es2022', write: false, logLevel: 'warning' });
  return (out.outputFiles[0] as { text: string }).text;
}

// ------------------------------------------------------------------------------------- the maps
interface SizedMap {
  steps: number;
  doc: JourneyMap;
  text: string;
}

function makeMap(steps: number): SizedMap {
  const doc = generateLargeMap(steps);
  return { steps, doc, text: serializeDocument(doc) };
}

/** The bare page's input: Marshrut's layout of the same map, cards only. */
function bareSetup(map: SizedMap, pane: BareRect, cull: boolean): BareSetup {
  const layout = computeLayout(map.doc);
  return {
    cards: map.doc.steps.flatMap((s) => {
      const rect = layout.cards.get(s.id);
      return rect ? [{ id: s.id, title: s.title, x: rect.x, y: rect.y, width: rect.width, height: rect.height }] : [];
    }),
    flows: map.doc.flows.map((f) => ({ id: f.id, source: f.from, target: f.to })),
    bounds: { x: 0, y: 0, width: layout.width, height: layout.height },
    pane,
    ...MARSHRUT_VIEW,
    cull,
  };
}

// ---------------------------------------------------------------------------------- browser side
/**
 * The browser as openDesktopApp sees it, with our init scripts added to every context it makes:
 * it creates its context and navigates at once, and the probe must be there from the first line.
 */
function withInitScripts(browser: Browser, prepare: (context: BrowserContext) => Promise<void>): Browser {
  return new Proxy(browser, {
    get(target, prop) {
      if (prop === 'newContext') {
        return async (options?: BrowserContextOptions) => {
          const context = await target.newContext(options);
          await prepare(context);
          return context;
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Init scripts for a page of either kind, and a record of its console errors. */
async function prepareContext(context: BrowserContext, probe: string, errors: string[]): Promise<void> {
  await context.addInitScript({ content: NAME_SHIM });
  await context.addInitScript({ content: probe });
  context.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text().slice(0, 300));
  });
  context.on('weberror', (e) => errors.push(`uncaught: ${e.error().message.slice(0, 300)}`));
}

const arm = (page: Page, condition: Condition, trigger: Trigger) => page.evaluate(([c, t]) => window.__bench.arm(c, t), [condition, trigger] as const);
const result = (page: Page, timeoutMs = 30_000) => page.evaluate((ms) => window.__bench.result(ms), timeoutMs);
const startFrames = (page: Page) => page.evaluate(() => window.__bench.startFrames());
const stopFrames = (page: Page) => page.evaluate(() => window.__bench.stopFrames());
const viewport = (page: Page) => page.evaluate(() => window.__bench.viewport());
const paneOf = (page: Page) => page.evaluate(() => window.__bench.pane());
const idle = (page: Page, ms: number) => page.waitForTimeout(ms);

/**
 * Drives a gesture for `durationMs` of wall time: `at(t)` with t from 0 to 1, as often as the page
 * takes the events (each is acknowledged by the renderer before the next is sent), so a slow page
 * gets fewer, larger steps over the same path, as it would from a real mouse.
 */
async function overTime(durationMs: number, at: (t: number) => Promise<void>): Promise<void> {
  const start = performance.now();
  for (;;) {
    const t = (performance.now() - start) / durationMs;
    if (t >= 1) break;
    await at(t);
  }
  await at(1);
}

/** 0 → 1 → 0 over t = 0..1. */
const there = (t: number) => (t < 0.5 ? 2 * t : 2 - 2 * t);

/**
 * Zoom in React Flow's wheel handler: k × 2^(−deltaY × 0.002) for pixel-mode wheel events,
 * about the pointer (@xyflow/system `wheelDelta`), with or without Ctrl on Linux. So one wheel
 * event of this deltaY takes the view from zoom `from` to `to`.
 */
const wheelDeltaFor = (from: number, to: number) => 500 * (Math.log2(from) - Math.log2(to));

async function frameFigures(page: Page, gesture: () => Promise<void>): Promise<{ fps: number | null; p95: number | null }> {
  await startFrames(page);
  await gesture();
  return frameStats(await stopFrames(page));
}

/** A mouse drag on the empty canvas: 480 px left and 240 px up and back, over 2 s. */
async function pan(page: Page, notes: string[], label: string): Promise<{ fps: number | null; p95: number | null }> {
  const from = await page.evaluate(() => window.__bench.panPoint());
  if (!from) {
    notes.push(`${label}: no free spot on the canvas to pan from`);
    return { fps: null, p95: null };
  }
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  const figures = await frameFigures(page, () => overTime(2000, (t) => page.mouse.move(from.x - 480 * there(t), from.y - 240 * there(t))));
  await page.mouse.up();
  return figures;
}

interface ScenarioHooks {
  /** Just before Ctrl+O (Marshrut: the stubbed Open dialog's answer). */
  beforeOpen(): void;
}

/** The input script both pages get, after the map has been opened at navigation. */
/**
 * Zoom 1 → 0.5 → 1 about `centre`: wheel events as fast as the page takes them, each one bringing
 * the zoom to where the 2 s curve is at that moment.
 */
async function zoomOutAndBack(page: Page, centre: { x: number; y: number }): Promise<{ fps: number | null; p95: number | null }> {
  await page.mouse.move(centre.x, centre.y);
  let zoom = (await viewport(page)).zoom;
  return frameFigures(page, () =>
    overTime(2000, async (t) => {
      const target = 2 ** -there(t);
      const delta = wheelDeltaFor(zoom, target);
      if (Math.abs(delta) < 1 && t < 1) return page.waitForTimeout(4);
      await page.mouse.wheel(0, delta);
      zoom = target;
    }),
  );
}

async function scenario(page: Page, out: RunResult, hooks: ScenarioHooks): Promise<void> {
  const f = out.figures;
  const notes = out.notes;
  const pane = await paneOf(page);
  const centre = { x: Math.round(pane.x + pane.width / 2), y: Math.round(pane.y + pane.height / 2) };

  // JS heap after load, after a full collection (what the map and the app keep).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  f.heap = usedSize / 1024 / 1024;

  // Open again in the loaded page: New (the canvas empties), then Open.
  await arm(page, { kind: 'mapGone' }, 'keydown');
  await page.keyboard.press('Control+n');
  if (!(await result(page, 60_000))) notes.push('New: the map did not go within 60 s');
  hooks.beforeOpen();
  await arm(page, { kind: 'mapDrawn' }, 'keydown');
  await page.keyboard.press('Control+o');
  f.reopen = (await result(page, 120_000))?.ms ?? null;
  if (f.reopen === null) notes.push('reopen: the map did not settle within 120 s');
  await idle(page, 500);

  f.idleFps = frameStats(await page.evaluate(() => new Promise<number[]>((resolve) => {
    window.__bench.startFrames();
    setTimeout(() => resolve(window.__bench.stopFrames()), 1000);
  }))).fps;

  // To zoom 1 about the centre of the canvas, with one wheel event.
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.wheel(0, wheelDeltaFor((await viewport(page)).zoom, 1));
  await idle(page, 500);
  const zoomAfterWheel = (await viewport(page)).zoom;
  if (Math.abs(zoomAfterWheel - 1) > 0.01) notes.push(`zoom after the wheel to 1: ${zoomAfterWheel.toFixed(3)}`);

  ({ fps: f.panFps, p95: f.panP95 } = await pan(page, notes, 'pan at zoom 1'));
  await idle(page, 300);

  ({ fps: f.zoomFps, p95: f.zoomP95 } = await zoomOutAndBack(page, centre));
  await idle(page, 300);

  // Fit view with the toolbar button, pan at that zoom (every card on screen), back to zoom 1.
  await arm(page, { kind: 'viewportMoved', from: (await viewport(page)).transform }, 'click');
  await page.locator('.toolbar [data-command="fitView"]').click();
  f.fitMs = (await result(page))?.ms ?? null;
  await idle(page, 300);
  ({ fps: f.fitPanFps, p95: f.fitPanP95 } = await pan(page, notes, 'pan at fit zoom'));
  await idle(page, 300);
  await page.mouse.move(centre.x, centre.y);
  const fitted = await viewport(page);
  await startFrames(page);
  await arm(page, { kind: 'viewportMoved', from: fitted.transform }, 'wheel');
  await page.mouse.wheel(0, wheelDeltaFor(fitted.zoom, 1));
  f.backMs = (await result(page))?.ms ?? null;
  const backFrames = await stopFrames(page);
  f.backLongest = backFrames.length > 1 ? Math.max(...backFrames.slice(1).map((t, i) => t - (backFrames[i] as number))) : null;
  await idle(page, 500);

  // Drag the card nearest the centre 300 px to the right over 1 s (frames while the mouse moves).
  const card: CardSpot | null = await page.evaluate(() => window.__bench.cardForDrag(320));
  out.dragCard = card?.id ?? null;
  if (!card) {
    notes.push('drag: no card wholly in view with room to its right');
    return;
  }
  await page.mouse.move(card.x, card.y);
  await page.mouse.down();
  ({ fps: f.dragFps, p95: f.dragP95 } = await frameFigures(page, () => overTime(1000, (t) => page.mouse.move(card.x + 300 * t, card.y))));
  await page.mouse.up();
  await idle(page, 700);
  const dropped = await page.evaluate((id) => window.__bench.card(id), card.id);
  if (!dropped || dropped.transform === card.transform) {
    notes.push(`undo: the dragged card ${card.id} did not move, nothing to undo`);
    f.undoMs = null;
  } else {
    await arm(page, { kind: 'nodeAt', id: card.id, transform: card.transform }, 'keydown');
    await page.keyboard.press('Control+z');
    f.undoMs = (await result(page))?.ms ?? null;
    if (f.undoMs === null) notes.push(`undo: ${card.id} did not return to ${card.transform}`);
  }
  await idle(page, 500);

  // Typing: select the card, then 20 characters at the end of its title in the inspector.
  const home = await page.evaluate((id) => window.__bench.card(id), card.id);
  if (!home) return;
  await page.mouse.click(home.x, home.y);
  const field = page.locator('[data-focus="step-title"]');
  await field.click();
  await page.keyboard.press('End');
  let text = await field.inputValue();
  await idle(page, 300);
  for (const ch of 'abcdefghijklmnopqrst') {
    text += ch;
    await arm(page, { kind: 'title', id: card.id, text }, 'keydown');
    await page.keyboard.type(ch);
    const key: Timed | null = await result(page, 10_000);
    if (key) out.keys.push(key.ms);
    else {
      notes.push(`typing: the card's title did not read "${text.slice(-12)}" within 10 s`);
      break;
    }
  }
  if (out.keys.length > 0) {
    f.typeMedian = median(out.keys);
    f.typeP95 = percentile(out.keys, 95);
  }

  // Pan and zoom again at the end, with the code that mounts cards run many times over: the first
  // pan and zoom after opening include the page's first mounts of cards at zoom 1.
  await idle(page, 500);
  ({ fps: f.panAgainFps, p95: f.panAgainP95 } = await pan(page, notes, 'pan at zoom 1, again'));
  await idle(page, 300);
  ({ fps: f.zoomAgainFps, p95: f.zoomAgainP95 } = await zoomOutAndBack(page, centre));
}

/** Navigation start → the map settled on screen; false (with a note) if it never did. */
async function firstRender(page: Page, out: RunResult): Promise<boolean> {
  const rendered = await page.evaluate((ms) => window.__bench.fullRender(ms), 150_000);
  out.figures.render = rendered?.ms ?? null;
  out.figures.cards = rendered?.cards ?? null;
  if (!rendered) out.notes.push('render: the map did not settle within 150 s');
  return rendered !== null;
}

function emptyRun(page: PageKind, steps: number, run: number): RunResult {
  return { page, steps, run, figures: {}, fittedTransform: null, keys: [], dragCard: null, notes: [], consoleErrors: [], wallMs: 0 };
}

/**
 * Folders to remove at the very end, not after each run: the harness's main-process handlers run
 * in this process and may still be writing a draft or a lock into a folder when its page closes.
 */
const leftovers: string[] = [];
function removeLeftovers(): void {
  for (const dir of leftovers.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch (error) {
      console.error(`could not remove ${dir}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

async function runMarshrut(browser: Browser, server: StaticServer, probe: string, map: SizedMap, run: number): Promise<{ out: RunResult; pane: BareRect | null }> {
  const out = emptyRun('marshrut', map.steps, run);
  const started = performance.now();
  // A fresh folder per run: the map's lock file and the recovery drafts stay out of the next run.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'marshrut-canvas-bench-'));
  leftovers.push(dir);
  const file = path.join(dir, `map-${map.steps}.cjm`);
  const again = path.join(dir, `again-${map.steps}.cjm`);
  writeFileSync(file, map.text);
  writeFileSync(again, map.text);
  const shimmed = withInitScripts(browser, (context) => prepareContext(context, probe, out.consoleErrors));
  let pane: BareRect | null = null;
  const session = await openDesktopApp(shimmed, server.url, { userDataDir: path.join(dir, 'user-data'), startupFile: file });
  try {
    const page = session.page;
    if (await firstRender(page, out)) {
      // Let the start-up work after the first render (recovery check, recent files, autosave) finish.
      await idle(page, 500);
      out.fittedTransform = (await viewport(page)).transform;
      pane = await paneOf(page);
      await scenario(page, out, { beforeOpen: () => void session.dialogs.openPaths.push(again) });
    }
  } catch (error) {
    out.notes.push(`stopped: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  } finally {
    await session.context.close();
  }
  out.wallMs = performance.now() - started;
  return { out, pane };
}

async function runBare(browser: Browser, server: StaticServer, probe: string, setup: BareSetup, steps: number, run: number): Promise<RunResult> {
  const out = emptyRun(setup.cull ? 'bare' : 'bareNoCull', steps, run);
  const started = performance.now();
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript({ content: `window[${JSON.stringify(BARE_SETUP_KEY)}] = ${JSON.stringify(setup)};` });
    await prepareContext(context, probe, out.consoleErrors);
    const page = await context.newPage();
    await page.goto(server.url);
    if (await firstRender(page, out)) {
      await idle(page, 500);
      out.fittedTransform = (await viewport(page)).transform;
      await scenario(page, out, { beforeOpen: () => {} });
    }
  } catch (error) {
    out.notes.push(`stopped: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  } finally {
    await context.close();
  }
  out.wallMs = performance.now() - started;
  return out;
}

// ------------------------------------------------------------------------------------ reporting
interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

function summarise(runs: readonly RunResult[], page: PageKind, steps: number, key: FigureKey): Summary | null {
  const values = runs.filter((r) => r.page === page && r.steps === steps).map((r) => r.figures[key]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (values.length === 0) return null;
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}

function formatValue(v: number, unit: string): string {
  if (unit === 'n') return v.toFixed(0);
  if (unit === 'fps' || unit === 'MB') return v.toFixed(1);
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}
const formatSummary = (s: Summary | null, unit: string) => (s ? formatValue(s.median, unit) : '—');
const formatSpread = (s: Summary | null, unit: string) => (s && s.n > 1 ? `${formatValue(s.min, unit)}–${formatValue(s.max, unit)}` : '');

function table(runs: readonly RunResult[], sizes: readonly number[]): { text: string; rows: Record<string, unknown>[] } {
  const head = ['steps', 'figure', 'unit', 'Marshrut', 'min–max', 'bare RF', 'min–max', 'Marshrut/bare', 'bare, no culling'];
  const body: string[][] = [];
  const rows: Record<string, unknown>[] = [];
  for (const steps of sizes) {
    for (const fig of FIGURES) {
      const m = summarise(runs, 'marshrut', steps, fig.key);
      const b = summarise(runs, 'bare', steps, fig.key);
      const nc = summarise(runs, 'bareNoCull', steps, fig.key);
      const ratio = fig.better !== 'none' && m && b && b.median !== 0 ? m.median / b.median : null;
      body.push([String(steps), fig.label, fig.unit, formatSummary(m, fig.unit), formatSpread(m, fig.unit), formatSummary(b, fig.unit), formatSpread(b, fig.unit), ratio === null ? '—' : `${ratio.toFixed(2)}×`, formatSummary(nc, fig.unit)]);
      const round = (s: Summary | null) => (s ? { median: +s.median.toFixed(2), min: +s.min.toFixed(2), max: +s.max.toFixed(2), runs: s.n } : null);
      rows.push({ steps, figure: fig.key, label: fig.label, unit: fig.unit, better: fig.better, marshrut: round(m), bare: round(b), bareNoCulling: round(nc), ratioMarshrutToBare: ratio === null ? null : +ratio.toFixed(3) });
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
  const left = new Set([1, 2]);
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (left.has(i) ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const out: string[] = [line(head), widths.map((w) => '-'.repeat(w)).join('  ')];
  body.forEach((r, i) => {
    if (i > 0 && r[0] !== body[i - 1]?.[0]) out.push('');
    out.push(line(r));
  });
  return { text: out.join('\n'), rows };
}

const zoomOf = (transform: string | null) => Number(/scale\(([^)]+)\)/.exec(transform ?? '')?.[1] ?? NaN);

// ----------------------------------------------------------------------------------------- main
async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (process.argv.some((a) => a === '--kills' || a.startsWith('--kills='))) {
    // `npm run bench -- --kills N` hands its arguments to this, the last command of the chain.
    console.error('--kills is for the export benchmark and kill test: npm run bench:exports -- --kills 1000 (or npm run kill-test)');
  }
  const started = performance.now();
  const marshrutSource = options.marshrutDist ? `${options.marshrutDist} (built elsewhere)` : `dist/web built from the working tree at ${gitState(ROOT)}`;
  if (!options.marshrutDist) buildMarshrut();
  await buildBare();
  const probe = bundleProbe();
  const marshrutWeb = snapshot(options.marshrutDist ?? WEB_ROOT);
  const marshrutServer = await serveStatic(marshrutWeb);
  const bareServer = await serveStatic(BARE_ROOT);
  const browser = await launchChromium();
  const runs: RunResult[] = [];
  const log = (r: RunResult) => {
    const f = r.figures;
    const v = (k: FigureKey) => (typeof f[k] === 'number' ? formatValue(f[k] as number, FIGURES.find((x) => x.key === k)?.unit ?? 'ms') : '—');
    console.error(
      `  ${r.page.padEnd(10)} #${r.run + 1}: render ${v('render')} ms, reopen ${v('reopen')} ms, pan ${v('panFps')} fps, zoom ${v('zoomFps')} fps, fit ${v('fitMs')} ms, ` +
        `fit-pan ${v('fitPanFps')} fps, drag p95 ${v('dragP95')} ms, undo ${v('undoMs')} ms, keys ${v('typeMedian')}/${v('typeP95')} ms, again pan/zoom ${v('panAgainFps')}/${v('zoomAgainFps')} fps, heap ${v('heap')} MB` +
        ` (${(r.wallMs / 1000).toFixed(0)} s)${r.notes.length ? ` — ${r.notes.join('; ')}` : ''}${r.consoleErrors.length ? ` — ${r.consoleErrors.length} console errors` : ''}`,
    );
  };
  try {
    for (const steps of options.steps) {
      const map = makeMap(steps);
      console.error(`\n${steps} steps (${map.doc.stages.length} stages, ${map.doc.flows.length} flows, .cjm ${(Buffer.byteLength(map.text) / 1024).toFixed(0)} KiB)`);
      // Until Marshrut has shown where its canvas is: its usual place in a 1600 × 1000 window.
      let pane: BareRect = { x: 0, y: 43, width: 1240, height: 933 };
      for (let run = 0; run < options.runs; run++) {
        // Interleaved, so drift over the minutes (heat, other work) falls on both pages alike.
        const m = await runMarshrut(browser, marshrutServer, probe, map, run);
        if (m.pane) pane = m.pane;
        runs.push(m.out);
        log(m.out);
        const b = await runBare(browser, bareServer, probe, bareSetup(map, pane, true), steps, run);
        runs.push(b);
        log(b);
        if (run < options.nocullRuns) {
          const nc = await runBare(browser, bareServer, probe, bareSetup(map, pane, false), steps, run);
          runs.push(nc);
          log(nc);
        }
        if (run === 0 && m.out.fittedTransform && b.fittedTransform) {
          const a = zoomOf(m.out.fittedTransform);
          const c = zoomOf(b.fittedTransform);
          if (!(Math.abs(a - c) <= 0.005 * Math.max(a, c))) console.error(`  note: fitted views differ: Marshrut ${m.out.fittedTransform}, bare ${b.fittedTransform}`);
        }
      }
    }
  } finally {
    await browser.close();
    await marshrutServer.close();
    await bareServer.close();
    leftovers.push(marshrutWeb);
    removeLeftovers();
  }

  const totalS = (performance.now() - started) / 1000;
  const { text, rows } = table(runs, options.steps);
  console.log('');
  console.log(text);
  console.log('');
  console.log(
    `median of ${options.runs} run(s) (min–max when more than one); bare RF: onlyRenderVisibleElements on; "bare, no culling": ` +
      `${options.nocullRuns > 0 ? `median of ${options.nocullRuns} run(s) without it. ` : 'not run (--nocull-runs 0). '}` +
      'Marshrut/bare: fps and times alike (for fps below 1× is worse, for ms above 1× is worse).',
  );
  const errors = new Map<string, number>();
  for (const r of runs) for (const e of r.consoleErrors) errors.set(`${r.page}: ${e}`, (errors.get(`${r.page}: ${e}`) ?? 0) + 1);
  if (errors.size > 0) {
    console.log('console errors:');
    for (const [e, n] of errors) console.log(`  ${n}× ${e}`);
  }
  const notes = runs.flatMap((r) => r.notes.map((n) => `${r.page} ${r.steps} #${r.run + 1}: ${n}`));
  if (notes.length > 0) {
    console.log('notes:');
    for (const n of notes) console.log(`  ${n}`);
  }
  console.log(`Marshrut: ${marshrutSource}`);
  console.log(`Chromium ${CHROMIUM_PATH}, headless, ${VIEWPORT.width} × ${VIEWPORT.height}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}); Node ${process.version}; total ${totalS.toFixed(0)} s`);

  const file = options.out;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        chromium: CHROMIUM_PATH,
        viewport: VIEWPORT,
        options,
        marshrut: marshrutSource,
        totalSeconds: Math.round(totalS),
        method: {
          pages: 'Marshrut: dist/web in the desktop harness (real main-process handlers, map named at start); bare: tests/bench/bare, same card places and size, map flows as smooth-step edges, onlyRenderVisibleElements on (off in the no-culling runs)',
          settled: 'the requestAnimationFrame after the frame with the last DOM change inside .react-flow, once 30 frames in a row passed without one (and a map is shown: a step card or a drawn <canvas>)',
          render: 'navigation start → settled map',
          reopen: 'Ctrl+N, then Ctrl+O keydown timeStamp → settled map (Marshrut reads the file through the harness bridge)',
          frames: 'requestAnimationFrame timestamps during the gesture; fps = frames / span, p95 of the gaps',
          pan: 'mouse drag on empty canvas, 480 px left and 240 px up and back over 2 s',
          zoom: 'wheel events about the canvas centre, zoom 1 → 0.5 → 1 over 2 s',
          fit: 'toolbar [data-command="fitView"] click timeStamp → settled canvas with a new viewport transform; then the pan above at that zoom; then one wheel event back to zoom 1 (wheel timeStamp → settled)',
          drag: 'the step card nearest the centre, 300 px right over 1 s (frames while moving); undo: Ctrl+Z keydown → painted frame with the card back',
          typing: '20 characters at the end of [data-focus="step-title"]; keydown timeStamp → painted frame whose card title shows the character',
          heap: 'CDP HeapProfiler.collectGarbage, then Runtime.getHeapUsage usedSize, after the first render',
        },
        summary: rows,
        runs: runs.map((r) => ({ ...r, figures: Object.fromEntries(Object.entries(r.figures).map(([k, v]) => [k, typeof v === 'number' ? +v.toFixed(2) : v])), keys: r.keys.map((k) => +k.toFixed(1)), wallMs: Math.round(r.wallMs) })),
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

// Same reason: a handler still busy when its page closed may reject with nobody left to listen;
// that is no reason to throw away the runs so far.
process.on('unhandledRejection', (reason) => {
  console.error(`ignored (a page's handler after the page closed?): ${reason instanceof Error ? reason.message : String(reason)}`);
});

main().catch((error: unknown) => {
  // Figures that cannot be measured are notes; only the harness itself breaking gets here.
  console.error(error);
  process.exitCode = 1;
});
