/**
 * Export benchmark: `npm run bench [-- --steps 100,1000]` (default 1000 steps).
 *
 * For each generated map size: wall time and output size of every export format, and of the
 * model operations under them (parse + validate, serialise, scorecard, health check). Fast
 * operations: one warm-up, then the median of 3 runs. Chromium ones (PDF, PNG, DOCX with the
 * map picture): one warm-up print of the sample first, then 2 runs each (median = mean of the
 * two); the table's "runs" column says which. `docx + map picture` is the report as the command
 * line makes it (the picture first, then the report, in one thread); `docx + map picture (app)` as
 * the app does (the report built in a worker thread, as in the renderer, while this thread
 * captures the picture, as the main process). Prints an aligned table and writes
 * bench-results/exports.json. It reports numbers; it never fails on one.
 *
 * `--kills N` then runs the kill test (tests/kill/run.ts: N writers killed with SIGKILL mid-save;
 * exit code 1 if any file was damaged); without it, a note says how to run it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { renderPdf, renderPng, type PrintEngine } from '../../electron/print/engine';
import { findChromium, launchPlaywrightEngine } from '../../electron/print/playwright-engine';
import { exportDocx, exportDocxWithPicture, REPORT_PICTURE } from '../../shared/export/docx';
import { exportHtml } from '../../shared/export/html';
import { generateLargeMap } from '../../shared/export/large-map';
import { exportMarkdown } from '../../shared/export/markdown';
import { printDocument } from '../../shared/export/print';
import { exportSvg } from '../../shared/export/svg';
import { exportCsv, exportXlsx } from '../../shared/export/tables';
import { runHealthCheck } from '../../shared/health';
import { computeScorecard, restoreDocument, serializeDocument, type JourneyMap } from '../../shared/model';
import { BUILT_IN_CATALOGS } from '../../templates/guidance';
import { loadTemplate } from '../../templates';
import { parseKillArgs, passed, runKillTest } from '../kill/run';
import type { FromReportThread, ToReportThread } from './docx-thread';

const catalogs = BUILT_IN_CATALOGS;
const NOW = new Date('2025-03-01T10:00:00Z');

interface Row {
  steps: number;
  name: string;
  /** Median wall time, ms; null when skipped. */
  ms: number | null;
  /** Every run's time, ms. */
  runs: number[];
  /** Output size in bytes (UTF-8 for text); null when it has none. */
  bytes: number | null;
  note?: string;
}

function parseSteps(argv: readonly string[]): number[] {
  const at = argv.findIndex((a) => a === '--steps' || a.startsWith('--steps='));
  if (at < 0) return [1000];
  const arg = argv[at] as string;
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[at + 1] ?? '');
  const sizes = value
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  if (sizes.length === 0) {
    console.error(`--steps wants a list of positive integers like 100,1000; got "${value}". Using 1000.`);
    return [1000];
  }
  return sizes;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const sizeOf = (out: unknown): number | null => {
  if (typeof out === 'string') return Buffer.byteLength(out, 'utf8');
  if (out instanceof Uint8Array) return out.byteLength;
  if (out && typeof out === 'object' && 'svg' in out && typeof (out as { svg: unknown }).svg === 'string') return Buffer.byteLength((out as { svg: string }).svg, 'utf8');
  if (out && typeof out === 'object' && 'png' in out && (out as { png: unknown }).png instanceof Uint8Array) return (out as { png: Uint8Array }).png.byteLength;
  return null;
};

async function measure(steps: number, name: string, fn: () => unknown, options: { warmup: number; runs: number; note?: string }): Promise<Row> {
  try {
    for (let i = 0; i < options.warmup; i++) await fn();
    const runs: number[] = [];
    let bytes: number | null = null;
    for (let i = 0; i < options.runs; i++) {
      const start = performance.now();
      const out = await fn();
      runs.push(performance.now() - start);
      bytes = sizeOf(out);
    }
    return { steps, name, ms: median(runs), runs, bytes, ...(options.note ? { note: options.note } : {}) };
  } catch (error) {
    return { steps, name, ms: null, runs: [], bytes: null, note: `failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

const fast = { warmup: 1, runs: 3 };
const slow = { warmup: 0, runs: 2 };

async function benchSize(steps: number, engine: PrintEngine | null, noEngine: string): Promise<Row[]> {
  const rows: Row[] = [];
  const doc: JourneyMap = generateLargeMap(steps);
  const text = serializeDocument(doc);
  const svgSize = exportSvg(doc, { locale: 'ru' });
  console.error(`\n${steps} steps: map ${svgSize.width} × ${svgSize.height} px, .cjm ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB`);
  const add = async (name: string, fn: () => unknown, options: { warmup: number; runs: number; note?: string }) => {
    process.stderr.write(`  ${name}…`);
    const row = await measure(steps, name, fn, options);
    process.stderr.write(` ${row.ms === null ? row.note : `${row.ms.toFixed(0)} ms`}\n`);
    rows.push(row);
  };
  const skip = (name: string) => rows.push({ steps, name, ms: null, runs: [], bytes: null, note: `skipped: ${noEngine}` });

  // The model.
  await add('parse + validate', () => {
    const restored = restoreDocument(text, 'ru');
    if (!restored.ok) throw new Error('the generated map does not restore');
    return text;
  }, { ...fast, note: 'restoreDocument(serializeDocument(doc)); size = the .cjm text' });
  await add('serialise', () => serializeDocument(doc), fast);
  await add('computeScorecard', () => computeScorecard(doc), fast);
  await add('runHealthCheck', () => runHealthCheck(doc, { locale: 'ru', catalogs }), fast);

  // The formats.
  await add('svg', () => exportSvg(doc, { locale: 'ru' }), fast);
  if (engine) {
    await add('pdf A0 one page', () => renderPdf(engine, doc, { locale: 'ru', catalogs, page: 'A0' }), slow);
    const tiles = printDocument(doc, { locale: 'ru', catalogs, page: 'A3', tiles: true });
    await add('pdf A3 tiled', () => renderPdf(engine, doc, { locale: 'ru', catalogs, page: 'A3', tiles: true }), {
      ...slow,
      note: `${tiles.mapPages} pages (${tiles.tiles?.columns} × ${tiles.tiles?.rows} + assembly)`,
    });
    await add('pdf A0 + appendix', () => renderPdf(engine, doc, { locale: 'ru', catalogs, page: 'A0', appendix: true }), slow);
    await add('png 1×', () => renderPng(engine, doc, { locale: 'ru', scale: 1 }), { ...slow, note: `${svgSize.width} × ${svgSize.height} px` });
  } else {
    for (const name of ['pdf A0 one page', 'pdf A3 tiled', 'pdf A0 + appendix', 'png 1×']) skip(name);
  }
  await add('html', () => exportHtml(doc, { locale: 'ru', catalogs, now: NOW }), fast);
  await add('docx', () => exportDocx(doc, { locale: 'ru', catalogs, now: NOW }), fast);
  if (engine) {
    // As the app and the command line do: 2× at most, lowered so the longer side fits 4000 px.
    const side = Math.max(svgSize.width, svgSize.height);
    const scale = Math.min(REPORT_PICTURE.scale, REPORT_PICTURE.maxSide / side);
    await add(
      'docx + map picture',
      async () => {
        // As the command line does: Chromium is driven from this thread, so the report is built after the picture.
        const built = await exportDocxWithPicture(doc, { locale: 'ru', catalogs, now: NOW }, () => renderPng(engine, doc, { locale: 'ru', ...REPORT_PICTURE }));
        if (built.warning) throw new Error(built.warning);
        return built.docx;
      },
      { ...slow, note: `picture: ${Math.round(svgSize.width * scale)} px wide (scale ${scale.toFixed(2)}), time includes it; as the command line` },
    );
    // As the app: the report built in another thread (the renderer) while this one (the main process) captures the picture.
    const thread = await reportThread(engine, doc);
    try {
      await add('docx + map picture (app)', () => thread.run(NOW), { ...slow, note: 'built in a worker thread meanwhile, as the renderer does while the main process captures' });
    } finally {
      await thread.close();
    }
  } else {
    skip('docx + map picture');
    skip('docx + map picture (app)');
  }
  await add('xlsx', () => exportXlsx(doc, { locale: 'ru', catalogs }), fast);
  await add('csv steps', () => exportCsv(doc, { kind: 'steps', locale: 'ru', delimiter: ';' }), fast);
  await add('csv pains', () => exportCsv(doc, { kind: 'pains', locale: 'ru', delimiter: ';' }), fast);
  await add('md', () => exportMarkdown(doc, { locale: 'ru', catalogs }), fast);
  return rows;
}

/**
 * The app's process split for the DOCX with the picture: docx-thread.ts runs the export dialog's
 * part in a worker thread; this thread answers its picture requests as the main process's
 * printExport does (the map restored from its text, then renderPng).
 */
async function reportThread(engine: PrintEngine, doc: JourneyMap): Promise<{ run(now: Date): Promise<Uint8Array>; close(): Promise<void> }> {
  const worker = new Worker(new URL('./docx-thread.mjs', import.meta.url));
  const send = (message: ToReportThread) => worker.postMessage(message);
  let waiting: { type: FromReportThread['type']; resolve: (message: FromReportThread) => void; reject: (error: Error) => void } | null = null;
  const next = (type: FromReportThread['type']) => new Promise<FromReportThread>((resolve, reject) => (waiting = { type, resolve, reject }));
  worker.on('error', (error) => waiting?.reject(error));
  worker.on('message', (message: FromReportThread) => {
    if (message.type === 'capture') {
      void (async () => {
        const restored = restoreDocument(message.content, 'ru');
        const png = restored.ok ? await renderPng(engine, restored.doc, { locale: 'ru', ...REPORT_PICTURE }) : { ok: false as const, error: 'the map does not restore' };
        send({ type: 'picture', result: png.ok ? { ok: true, png: png.png } : { ok: false, error: png.error } });
      })();
    } else if (message.type === 'failed') waiting?.reject(new Error(message.error));
    else if (waiting?.type === message.type) waiting.resolve(message);
  });
  const ready = next('ready');
  send({ type: 'map', doc });
  await ready;
  return {
    async run(now) {
      const done = next('done');
      send({ type: 'run', now: now.getTime() });
      const message = await done;
      if (message.type !== 'done') throw new Error(`unexpected ${message.type}`);
      if (message.warning) throw new Error(message.warning);
      return message.docx;
    },
    close: () => worker.terminate().then(() => undefined),
  };
}

function formatBytes(n: number | null): string {
  if (n === null) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

const formatMs = (ms: number | null): string => (ms === null ? '—' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

function table(rows: readonly Row[]): string {
  const head = ['steps', 'export', 'median ms', 'runs', 'size', 'note'];
  const body = rows.map((r) => [String(r.steps), r.name, formatMs(r.ms), r.runs.length ? String(r.runs.length) : '—', formatBytes(r.bytes), r.note ?? '']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const right = new Set([0, 2, 3, 4]);
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const sizes = parseSteps(process.argv.slice(2));
  const found = findChromium(undefined);
  let engine: PrintEngine | null = null;
  let noEngine = '';
  if (found.ok) {
    try {
      engine = await launchPlaywrightEngine(found.path);
      // Warm the browser up once (first page, fonts) so the first PDF row is not paying for it.
      await renderPdf(engine, loadTemplate('driving-licence-as-is', 'ru', NOW), { locale: 'ru', catalogs, page: 'A4' });
    } catch (error) {
      noEngine = `Chromium at ${found.path} did not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
      engine = null;
    }
  } else noEngine = `no Chromium (${found.detail})`;
  if (!engine) console.error(`PDF and PNG skipped: ${noEngine}`);

  const rows: Row[] = [];
  const started = performance.now();
  try {
    for (const steps of sizes) rows.push(...(await benchSize(steps, engine, noEngine)));
  } finally {
    await engine?.close();
  }

  console.log('');
  console.log(table(rows));
  console.log('');
  console.log(`fast rows: median of 3 after 1 warm-up; Chromium rows (pdf, png, docx + map picture): median of 2, no per-row warm-up (one warm-up print first).`);
  console.log(`Chromium: ${engine ? found.ok && found.path : `none — ${noEngine}`}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}); Node ${process.version}; total ${((performance.now() - started) / 1000).toFixed(0)} s`);

  const out = path.resolve('bench-results', 'exports.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        chromium: engine && found.ok ? found.path : null,
        chromiumNote: engine ? null : noEngine,
        method: { fast: '1 warm-up, median of 3', chromium: '1 warm-up print of the sample, then median of 2' },
        results: rows.map((r) => ({ steps: r.steps, export: r.name, medianMs: r.ms === null ? null : Math.round(r.ms * 10) / 10, runsMs: r.runs.map((v) => Math.round(v * 10) / 10), bytes: r.bytes, note: r.note ?? null })),
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${path.relative(process.cwd(), out)}`);

  const { kills } = parseKillArgs(process.argv.slice(2));
  console.log('');
  if (kills === undefined) {
    console.log('Kill test (SIGKILL mid-save, 1000 times): npm run kill-test, or npm run bench:exports -- --kills 1000 (a few minutes on 2 cores).');
    return;
  }
  console.log(`kill test: ${kills} SIGKILLs of a writer saving maps with atomicWriteFile`);
  const report = await runKillTest({ kills, log: (line) => console.log(line) });
  for (const line of report.failures) console.error(line);
  if (!passed(report)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  // A format that fails is a row with a note; only the harness itself breaking gets here.
  console.error(error);
  process.exitCode = 1;
});
