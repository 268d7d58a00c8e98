/**
 * Kill test (issue 7): `npm run kill-test` (`tsx tests/kill/run.ts --kills 1000 [--seed n]`);
 * `npm test` runs 40 kills through tests/unit/electron/kill.test.ts.
 *
 * A fresh writer process (tests/kill/writer.ts, bundled once with esbuild and run as plain
 * node) saves maps of varying size to one file in a loop with the app's `atomicWriteFile`, and
 * is killed with SIGKILL at a random moment: during its start, right as a save begins, or after
 * a random delay of up to a few saves. After every kill:
 *   - the file parses and validates (restoreBytes: strict UTF-8, JSON, schema) — else "corrupted";
 *   - it equals, byte for byte, the content of the last finished save (old) or of the save in
 *     progress (new), as the writer announced them — else "neither old nor new";
 *   - `<file>.bak`, when present, validates and equals one of the maps written;
 *   - `cleanStrayTempFiles` on the folder (what the app does at start) leaves nothing but the
 *     file and its backup — else "orphan temp files".
 * Then the next writer starts from what is on disk. Nothing is mocked: real processes, real
 * SIGKILL, the real file system of os.tmpdir() (or --dir).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { atomicWriteFile, backupPathFor, cleanStrayTempFiles } from '../../electron/files';
import { generateLargeMap } from '../../shared/export/large-map';
import { problemLines, restoreBytes, serializeDocument } from '../../shared/model';
import { loadTemplate, TEMPLATE_IDS } from '../../templates';

export interface KillTestOptions {
  /** How many writers to kill (default 1000). */
  kills?: number;
  /** Seed of the random moments (default: from the clock; printed so a run can be repeated). */
  seed?: number;
  /** Folder to work in (default: a new one under os.tmpdir(), removed afterwards). */
  dir?: string;
  /** Progress and summary lines (default: none). */
  log?: (line: string) => void;
  /** Largest delay after the first save starts, in ms (default 40). */
  maxDelayMs?: number;
  /** Writers killed side by side, each on its own file (default: 2, or 1 on one CPU). */
  concurrency?: number;
}

export interface KillTestReport {
  kills: number;
  /** The file did not parse or validate after a kill. */
  corrupted: number;
  /** The file validated but was neither the old nor the new content. */
  neitherOldNorNew: number;
  /** Files other than the map and its backup left after cleanStrayTempFiles. */
  orphansAfterCleanup: number;
  /** `.bak` present but invalid, or not one of the maps written. */
  backupBad: number;
  /** Writers that died on their own (an error) or never started saving in time. */
  writerFailures: number;
  /** After a kill the file held the old content / the new one. */
  old: number;
  new: number;
  /** Kills during the writer's start, before its first save began. */
  beforeFirstSave: number;
  /** Temp files a kill left behind, all removed by cleanStrayTempFiles. */
  tempFilesLeft: number;
  /** Saves the writers finished in all. */
  savesCompleted: number;
  /** Sizes of the maps written, bytes. */
  sizes: { min: number; max: number; count: number };
  seconds: number;
  seed: number;
  /** The first few failures, one line each. */
  failures: string[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const NOW = new Date('2025-03-01T10:00:00Z');
/** Generated map sizes (steps), interleaved with the templates so that sizes jump save to save. */
const GENERATED_STEPS = [10, 1500, 40, 600, 120, 1000, 300, 1200, 25, 800];
const MAX_FAILURE_LINES = 20;
/** A writer that says nothing for this long is stuck. */
const START_TIMEOUT_MS = 15_000;

/** Deterministic random numbers in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The maps the writers save: the templates and generated maps of 10…1500 steps. */
export function buildPool(): Buffer[] {
  const templates = TEMPLATE_IDS.map((id) => serializeDocument(loadTemplate(id, 'ru', NOW)));
  const generated = GENERATED_STEPS.map((n) => serializeDocument(generateLargeMap(n)));
  const pool: string[] = [];
  for (let i = 0; i < Math.max(templates.length, generated.length); i++) {
    if (generated[i] !== undefined) pool.push(generated[i] as string);
    if (templates[i] !== undefined) pool.push(templates[i] as string);
  }
  return pool.map((text) => Buffer.from(text, 'utf8'));
}

/** Bundles the writer so each kill pays a plain `node` start, not a TypeScript compiler's. */
export async function bundleWriter(outDir: string): Promise<string> {
  const outfile = path.join(outDir, 'writer.cjs');
  await build({
    entryPoints: [path.join(here, 'writer.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

interface WriterRun {
  /** Index of the last save announced as started, and as finished (-1: none). */
  saving: number;
  saved: number;
  /** The writer died by our SIGKILL (not on its own). */
  killed: boolean;
  stderr: string;
  startMs: number;
}

/**
 * Starts one writer and kills it: `mode` "start" kills `delay` ms after the spawn, whatever it is
 * doing; "save" kills `delay` ms after the save number `afterSaves` (counted from 1) begins.
 */
function runWriter(
  script: string,
  target: string,
  poolDir: string,
  first: number,
  plan: { mode: 'start' | 'save'; delay: number; afterSaves: number },
): Promise<WriterRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [script, target, poolDir, String(first)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const run: WriterRun = { saving: -1, saved: -1, killed: false, stderr: '', startMs: 0 };
    let buffer = '';
    let savesSeen = 0;
    let timer: NodeJS.Timeout | undefined;
    let armed = false;
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) {
        run.killed = child.kill('SIGKILL');
      }
    };
    const killIn = (ms: number) => {
      if (armed) return;
      armed = true;
      if (ms <= 0) kill();
      else timer = setTimeout(kill, ms);
    };
    const stuck = setTimeout(kill, START_TIMEOUT_MS);
    if (plan.mode === 'start') killIn(plan.delay);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const [word, number] = line.split(' ');
        const index = Number(number);
        if (word === 'saving') {
          run.saving = index;
          if (savesSeen++ === 0) run.startMs = performance.now() - started;
          if (plan.mode === 'save' && savesSeen >= plan.afterSaves) killIn(plan.delay);
        } else if (word === 'saved') run.saved = index;
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      run.stderr += chunk;
    });
    // 'close': the process is gone and both pipes are drained, so every line it wrote was read.
    child.on('close', (_code, signal) => {
      clearTimeout(stuck);
      if (timer) clearTimeout(timer);
      run.killed = run.killed && signal === 'SIGKILL';
      resolve(run);
    });
  });
}

/** Runs the kill test; never throws for a failed check (they are counted in the report). */
export async function runKillTest(options: KillTestOptions = {}): Promise<KillTestReport> {
  const kills = options.kills ?? 1000;
  const seed = options.seed ?? (Date.now() % 2 ** 31);
  const maxDelay = options.maxDelayMs ?? 40;
  const log = options.log ?? (() => undefined);
  const concurrency = options.concurrency ?? Math.max(1, Math.min(2, os.cpus().length));
  const ownDir = options.dir === undefined;
  const work = options.dir ?? mkdtempSync(path.join(os.tmpdir(), 'marshrut-kill-'));
  const started = performance.now();
  const report: KillTestReport = {
    kills: 0,
    corrupted: 0,
    neitherOldNorNew: 0,
    orphansAfterCleanup: 0,
    backupBad: 0,
    writerFailures: 0,
    old: 0,
    new: 0,
    beforeFirstSave: 0,
    tempFilesLeft: 0,
    savesCompleted: 0,
    sizes: { min: 0, max: 0, count: 0 },
    seconds: 0,
    seed,
    failures: [],
  };
  const fail = (line: string) => {
    if (report.failures.length < MAX_FAILURE_LINES) report.failures.push(line);
    log(`FAIL ${line}`);
  };

  try {
    const poolDir = path.join(work, 'pool');
    mkdirSync(poolDir, { recursive: true });
    const pool = buildPool();
    pool.forEach((bytes, i) => writeFileSync(path.join(poolDir, `${String(i).padStart(3, '0')}.cjm`), bytes));
    report.sizes = { min: Math.min(...pool.map((b) => b.length)), max: Math.max(...pool.map((b) => b.length)), count: pool.length };
    for (const [i, bytes] of pool.entries()) {
      const restored = restoreBytes(bytes, 'en');
      if (!restored.ok) throw new Error(`pool map ${i} does not validate: ${problemLines(restored.problems)[0]}`);
    }
    const script = await bundleWriter(work);
    const contentOf = (index: number) => pool[index % pool.length] as Buffer;
    let startTotal = 0;
    let startCount = 0;
    let next = 0; // the next kill's number, shared by the lanes

    /** One writer after another on one file in its own folder, until all kills are done. */
    const lane = async (laneNumber: number) => {
      const rand = random(seed + laneNumber * 7919);
      const mapDir = path.join(work, `maps-${laneNumber}`);
      mkdirSync(mapDir, { recursive: true });
      const target = path.join(mapDir, 'map.cjm');
      const backup = backupPathFor(target);
      // The file as it is before the first writer: save 0, written by us.
      let onDisk = 0;
      await atomicWriteFile(target, contentOf(onDisk));

      while (next < kills) {
        const k = next++;
        // Where to strike: 15 % during the start (0–60 ms after the spawn, often before the first
        // save), 25 % the instant a save begins, 60 % after a random delay of up to maxDelay ms.
        const roll = rand();
        const plan =
          roll < 0.15
            ? { mode: 'start' as const, delay: Math.floor(rand() * 60), afterSaves: 0 }
            : { mode: 'save' as const, delay: roll < 0.4 ? 0 : rand() * maxDelay, afterSaves: 1 + Math.floor(rand() * 3) };
        const first = onDisk + 1;
        const run = await runWriter(script, target, poolDir, first, plan);
        report.kills++;
        if (run.saving >= 0) {
          startTotal += run.startMs;
          startCount++;
        }
        if (!run.killed) {
          report.writerFailures++;
          fail(`kill ${k + 1}: the writer was not killed by us (${run.stderr.trim().split('\n')[0] || 'no output'})`);
        }
        if (run.saved >= first) report.savesCompleted += run.saved - first + 1;
        const oldIndex = run.saved >= first ? run.saved : onDisk;
        const newIndex = run.saving >= first ? run.saving : oldIndex;
        if (run.saving < first) report.beforeFirstSave++;

        const bytes = readFileSync(target);
        const restored = restoreBytes(bytes, 'en');
        if (!restored.ok) {
          report.corrupted++;
          fail(`kill ${k + 1}: ${target} does not validate (${bytes.length} bytes): ${problemLines(restored.problems)[0]}`);
        }
        if (bytes.equals(contentOf(newIndex))) {
          onDisk = newIndex;
          if (newIndex === oldIndex) report.old++;
          else report.new++;
        } else if (bytes.equals(contentOf(oldIndex))) {
          onDisk = oldIndex;
          report.old++;
        } else {
          report.neitherOldNorNew++;
          fail(`kill ${k + 1}: the file is neither save ${oldIndex} nor save ${newIndex} (${bytes.length} bytes)`);
          onDisk = newIndex + 1;
          await atomicWriteFile(target, contentOf(onDisk), { backup: false });
        }

        if (existsSync(backup)) {
          const bak = readFileSync(backup);
          const valid = restoreBytes(bak, 'en').ok;
          if (!valid || !pool.some((p) => p.equals(bak))) {
            report.backupBad++;
            fail(`kill ${k + 1}: ${path.basename(backup)} is ${valid ? 'valid but not a map that was written' : 'invalid'} (${bak.length} bytes)`);
            rmSync(backup, { force: true });
          }
        }

        // What the app does at start.
        report.tempFilesLeft += await cleanStrayTempFiles(mapDir);
        const left = readdirSync(mapDir).filter((name) => name !== 'map.cjm' && name !== 'map.cjm.bak');
        if (left.length > 0) {
          report.orphansAfterCleanup += left.length;
          fail(`kill ${k + 1}: left after cleanup: ${left.join(', ')}`);
          for (const name of left) rmSync(path.join(mapDir, name), { force: true, recursive: true });
        }
        if (report.kills % 100 === 0) {
          log(`  ${report.kills} kills, ${((performance.now() - started) / 1000).toFixed(1)} s; old ${report.old}, new ${report.new}, temp files left ${report.tempFilesLeft}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, kills)) }, (_, i) => lane(i)));
    report.seconds = (performance.now() - started) / 1000;
    const avgStart = startCount > 0 ? startTotal / startCount : 0;
    log(
      `writer start to first save: ${avgStart.toFixed(0)} ms on average; saves finished: ${report.savesCompleted}; ` +
        `maps: ${report.sizes.count}, ${report.sizes.min}–${report.sizes.max} bytes; ${concurrency} writers side by side; seed ${seed}`,
    );
    log(
      `after a kill the file held the old content ${report.old} times, the new one ${report.new}; ` +
        `killed before the first save: ${report.beforeFirstSave}; temp files left by kills (removed at start): ${report.tempFilesLeft}; ` +
        `bad backups: ${report.backupBad}; writer failures: ${report.writerFailures}`,
    );
    log(summaryLine(report));
    return report;
  } finally {
    if (ownDir) rmSync(work, { recursive: true, force: true });
  }
}

export const summaryLine = (r: KillTestReport) =>
  `kills: ${r.kills}, corrupted: ${r.corrupted}, neither old nor new: ${r.neitherOldNorNew}, ` +
  `orphan temp files after cleanup: ${r.orphansAfterCleanup}, time: ${r.seconds.toFixed(1)} s`;

/** Whether a report shows no failure of any kind. */
export const passed = (r: KillTestReport) =>
  r.corrupted === 0 && r.neitherOldNorNew === 0 && r.orphansAfterCleanup === 0 && r.backupBad === 0 && r.writerFailures === 0;

/** `--kills N` and `--seed N` from a command line (either `--kills N` or `--kills=N`). */
export function parseKillArgs(argv: readonly string[]): { kills?: number; seed?: number } {
  const value = (name: string): number | undefined => {
    const at = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
    if (at < 0) return undefined;
    const arg = argv[at] as string;
    const text = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (argv[at + 1] ?? '');
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} wants a whole number, got "${text}"`);
    return n;
  };
  const kills = value('--kills');
  const seed = value('--seed');
  return { ...(kills !== undefined ? { kills } : {}), ...(seed !== undefined ? { seed } : {}) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    const args = parseKillArgs(process.argv.slice(2));
    console.log(`kill test: ${args.kills ?? 1000} SIGKILLs of a writer saving maps with atomicWriteFile`);
    const report = await runKillTest({ ...args, log: (line) => console.log(line) });
    for (const line of report.failures) console.error(line);
    process.exitCode = passed(report) ? 0 : 1;
  } catch (error) {
    console.error(`kill test: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
