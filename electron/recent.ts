/**
 * Small JSON stores in the userData folder: the recent-files list and the app settings.
 * Written atomically; a missing or damaged file reads as empty instead of stopping the app.
 * Writes are queued so two quick changes never interleave.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { isLocale, type Locale } from '../shared/i18n';
import type { RecentFile } from '../shared/ipc';
import { atomicWriteFile } from './files';

export const MAX_RECENT = 10;
export const RECENT_FILE = 'recent-files.json';
export const SETTINGS_FILE = 'settings.json';

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined; // missing or damaged: start afresh
  }
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await atomicWriteFile(file, `${JSON.stringify(value, null, 2)}\n`, { backup: false });
}

/** Runs async tasks one after another; a failed task does not block the next. */
function createQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

const samePath = (a: string, b: string) =>
  process.platform === 'win32' || process.platform === 'darwin' ? a.toLowerCase() === b.toLowerCase() : a === b;

function sanitizeRecent(value: unknown): RecentFile[] {
  const list = Array.isArray(value)
    ? value
    : value && typeof value === 'object' && Array.isArray((value as { files?: unknown }).files)
      ? (value as { files: unknown[] }).files
      : [];
  const out: RecentFile[] = [];
  for (const item of list) {
    if (!item || typeof item !== 'object') continue;
    const p = (item as { path?: unknown }).path;
    if (typeof p !== 'string' || p === '' || !path.isAbsolute(p)) continue;
    if (out.some((r) => samePath(r.path, p))) continue;
    out.push({ path: p, name: path.basename(p) });
    if (out.length >= MAX_RECENT) break;
  }
  return out;
}

export interface RecentStore {
  list(): Promise<RecentFile[]>;
  /** Puts `filePath` first (removing an older entry for it), keeps at most MAX_RECENT. */
  add(filePath: string): Promise<RecentFile[]>;
  remove(filePath: string): Promise<RecentFile[]>;
  clear(): Promise<RecentFile[]>;
}

export function createRecentStore(userDataDir: string): RecentStore {
  const file = path.join(userDataDir, RECENT_FILE);
  const queue = createQueue();
  const read = async () => sanitizeRecent(await readJson(file));
  const update = (change: (list: RecentFile[]) => RecentFile[]) =>
    queue(async () => {
      const next = change(await read()).slice(0, MAX_RECENT);
      await writeJson(file, { version: 1, files: next });
      return next;
    });
  return {
    list: () => queue(read),
    add: (filePath) => {
      const absolute = path.resolve(filePath);
      return update((list) => [
        { path: absolute, name: path.basename(absolute) },
        ...list.filter((r) => !samePath(r.path, absolute)),
      ]);
    },
    remove: (filePath) => {
      const absolute = path.resolve(filePath);
      return update((list) => list.filter((r) => !samePath(r.path, absolute)));
    },
    clear: () => update(() => []),
  };
}

export interface Settings {
  /** The language the user chose; absent until they choose one (then the system's is used). */
  locale?: Locale;
}

export interface SettingsStore {
  get(): Promise<Settings>;
  update(patch: Partial<Settings>): Promise<Settings>;
}

function sanitizeSettings(value: unknown): Settings {
  const out: Settings = {};
  if (value && typeof value === 'object') {
    const locale = (value as { locale?: unknown }).locale;
    if (isLocale(locale)) out.locale = locale;
  }
  return out;
}

export function createSettingsStore(userDataDir: string): SettingsStore {
  const file = path.join(userDataDir, SETTINGS_FILE);
  const queue = createQueue();
  const read = async () => sanitizeSettings(await readJson(file));
  return {
    get: () => queue(read),
    update: (patch) =>
      queue(async () => {
        const next = sanitizeSettings({ ...(await read()), ...patch });
        await writeJson(file, next);
        return next;
      }),
  };
}
