/**
 * Lock files next to open maps, as LibreOffice does (`.~lock.<name>#` in the map's folder), so a
 * second person opening the same map from a shared folder is told who has it open and since
 * when. A lock is advice, never a barrier: reading one never stops a map from opening, and a
 * lock we cannot write (a read-only share) only means others will not be warned.
 *
 * A holder on this computer is gone when its process is; one elsewhere must refresh its lock,
 * or it counts as stale after LOCK_STALE_MS (a crashed or unplugged laptop cannot clean up).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LockInfo } from '../shared/ipc';

export const LOCK_STALE_MS = 12 * 60 * 60_000;
/** A real lock file is a few hundred bytes; a bigger one is not read (but still counts as a lock). */
export const MAX_LOCK_BYTES = 64 * 1024;
const APP = 'marshrut';
/** User and host names are shown in a dialog: a hostile lock file must not fill the screen. */
const MAX_NAME_CHARS = 200;

export interface LockSelf {
  user: string;
  host: string;
  pid: number;
  /** Tells our own lock from one another window or run of the app holds on this computer. */
  session: string;
}

/** A lock file as read. `pid` and `session` are null for locks not written by us (LibreOffice, garbage). */
export interface LockRecord {
  /** 'marshrut' for our own format, 'libreoffice' or 'unknown' for locks we only half understand. */
  app: string;
  user: string;
  host: string;
  pid: number | null;
  session: string | null;
  /** ISO 8601. */
  since: string;
  /** ISO 8601; the last refresh (equal to `since` for locks that are never refreshed). */
  updated: string;
}

export const lockPathFor = (target: string) => path.join(path.dirname(target), `.~lock.${path.basename(target)}#`);

const errorCode = (error: unknown): string | undefined =>
  error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : undefined;

export function currentLockSelf(session: string): LockSelf {
  let user = '';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry for this uid (containers, some domain setups)
  }
  if (!user) user = process.env.USER ?? process.env.USERNAME ?? '?';
  return { user, host: os.hostname() || '?', pid: process.pid, session };
}

export function defaultIsPidAlive(pid: number): boolean {
  // 0 and negative numbers address process groups, not a process.
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else. Anything unexpected: assume alive, never break a live lock.
    return errorCode(error) !== 'ESRCH';
  }
}

const cleanName = (value: unknown): string => {
  if (typeof value !== 'string') return '?';
  const text = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim().slice(0, MAX_NAME_CHARS);
  return text || '?';
};

const isoOrNull = (value: unknown): string | null => {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

/** LibreOffice's record: fields separated by ',', ended by ';', with '\' escaping either. */
function splitLibreOffice(text: string): string[] {
  const fields: string[] = [];
  let field = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '\\' && i + 1 < text.length) field += text.charAt(++i);
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === ';') break;
    else field += ch;
  }
  fields.push(field);
  return fields;
}

/** LibreOffice writes the local time as `dd.mm.yyyy hh:mm`. */
function parseLibreOfficeDate(text: string | undefined): string | null {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4}) (\d{1,2}):(\d{2})$/.exec(text?.trim() ?? '');
  if (!m) return null;
  const [day, month, year, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
  const date = new Date(year, month - 1, day, hour, minute);
  // Reject 31.02 and the like rather than let Date roll them over.
  if (date.getDate() !== day || date.getMonth() !== month - 1 || hour > 23) return null;
  return date.toISOString();
}

function parseLock(text: string, mtime: string): LockRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (json && typeof json === 'object' && !Array.isArray(json)) {
    const o = json as Record<string, unknown>;
    const since = isoOrNull(o.since) ?? mtime;
    return {
      app: typeof o.app === 'string' ? o.app.slice(0, MAX_NAME_CHARS) : 'unknown',
      user: cleanName(o.user),
      host: cleanName(o.host),
      pid: typeof o.pid === 'number' && Number.isSafeInteger(o.pid) && o.pid > 0 ? o.pid : null,
      session: typeof o.session === 'string' && o.session !== '' ? o.session : null,
      since,
      updated: isoOrNull(o.updated) ?? since,
    };
  }
  const fields = splitLibreOffice(text.trim());
  if (fields.length >= 3) {
    // [0] LibreOffice's own user name (often empty), [1] the login name, [2] host, [3] time, [4] profile URL.
    const since = parseLibreOfficeDate(fields[3]) ?? mtime;
    return {
      app: 'libreoffice',
      user: cleanName(fields[1] || fields[0]),
      host: cleanName(fields[2]),
      pid: null,
      session: null,
      since,
      updated: since,
    };
  }
  return { app: 'unknown', user: '?', host: '?', pid: null, session: null, since: mtime, updated: mtime };
}

/**
 * The lock next to `target`, or null when there is none. Never throws: content we do not
 * understand still counts as a lock; a file-system error counts as no lock.
 */
export async function readLock(target: string): Promise<LockRecord | null> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(lockPathFor(target), 'r');
    const stat = await handle.stat();
    if (!stat.isFile()) return null;
    const mtime = stat.mtime.toISOString();
    if (stat.size > MAX_LOCK_BYTES) return parseLock('', mtime);
    const buffer = Buffer.alloc(MAX_LOCK_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    // It may have grown since the stat.
    if (bytesRead > MAX_LOCK_BYTES) return parseLock('', mtime);
    return parseLock(buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, ''), mtime);
  } catch {
    return null;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

const sameHost = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Whether the holder is gone, so the lock may be broken (see the file comment). Our own lock is never stale. */
export function isStale(
  lock: LockRecord,
  self: LockSelf,
  now: Date,
  isPidAlive: (pid: number) => boolean = defaultIsPidAlive,
): boolean {
  if (lock.session !== null && lock.session === self.session) return false;
  if (lock.pid !== null && sameHost(lock.host, self.host) && !isPidAlive(lock.pid)) return true;
  const last = Date.parse(lock.updated);
  const at = Number.isNaN(last) ? Date.parse(lock.since) : last;
  return !Number.isNaN(at) && now.getTime() - at > LOCK_STALE_MS;
}

/** What to tell the user about `lock`, or null when it is our own. */
export function describeLock(
  lock: LockRecord,
  self: LockSelf,
  now: Date,
  isPidAlive: (pid: number) => boolean = defaultIsPidAlive,
): LockInfo | null {
  if (lock.session !== null && lock.session === self.session) return null;
  return { user: lock.user, host: lock.host, since: lock.since, stale: isStale(lock, self, now, isPidAlive) };
}

/**
 * Written in place, as LibreOffice does, not through a temp file: a lock is a hint that is
 * re-read and tolerated when torn (an unreadable lock still counts as one), and a shared folder
 * should not see temp files come and go every time someone opens a map.
 */
async function writeLock(target: string, self: LockSelf, since: string, updated: string): Promise<void> {
  const record = { app: APP, user: self.user, host: self.host, pid: self.pid, session: self.session, since, updated };
  await fs.writeFile(lockPathFor(target), `${JSON.stringify(record)}\n`, { encoding: 'utf8' });
}

/** Writes our lock next to `target` (replacing any other). False when it cannot be written (a read-only share). */
export async function acquireLock(target: string, self: LockSelf, now = new Date()): Promise<boolean> {
  try {
    await writeLock(target, self, now.toISOString(), now.toISOString());
    return true;
  } catch {
    return false;
  }
}

const isOurs = (lock: LockRecord | null, self: LockSelf): lock is LockRecord =>
  lock !== null && lock.app === APP && lock.session === self.session;

/** Marks our lock as still held. Leaves any other lock alone (someone broke ours and took over). */
export async function refreshLock(target: string, self: LockSelf, now = new Date()): Promise<boolean> {
  const lock = await readLock(target);
  if (!isOurs(lock, self)) return false;
  try {
    await writeLock(target, self, lock.since, now.toISOString());
    return true;
  } catch {
    return false;
  }
}

/** Deletes the lock next to `target` if it is ours. */
export async function releaseLock(target: string, self: LockSelf): Promise<boolean> {
  if (!isOurs(await readLock(target), self)) return false;
  try {
    await fs.rm(lockPathFor(target), { force: true });
    return true;
  } catch {
    return false;
  }
}

export interface LockManager {
  /**
   * Holds the lock next to `target` (an absolute path), or none for null: the previous lock is
   * released when the path changes. True when a lock is held now.
   */
  hold(target: string | null): Promise<boolean>;
  release(): Promise<void>;
  /** The map whose lock we hold. */
  current(): string | null;
}

export interface LockManagerOptions {
  self: LockSelf;
  now?: () => Date;
  /** How often the held lock is refreshed; well below LOCK_STALE_MS. */
  refreshMs?: number;
}

/** Holds at most one lock at a time and keeps it fresh. */
export function createLockManager({ self, now = () => new Date(), refreshMs = 10 * 60_000 }: LockManagerOptions): LockManager {
  let held: string | null = null;
  let timer: ReturnType<typeof setInterval> | undefined;
  // One operation at a time: a refresh finishing after a release would write the lock back.
  let tail: Promise<unknown> = Promise.resolve();
  const queue = <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };

  const stopTimer = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };

  const releaseHeld = async () => {
    stopTimer();
    const previous = held;
    held = null;
    if (previous !== null) await releaseLock(previous, self);
  };

  return {
    hold: (target) =>
      queue(async () => {
        if (target !== null && target === held) return true;
        await releaseHeld();
        if (target === null || !(await acquireLock(target, self, now()))) return false;
        held = target;
        const tick = setInterval(() => {
          void queue(async () => {
            if (held === target) await refreshLock(target, self, now());
          });
        }, refreshMs);
        // An open map must not keep the app alive.
        tick.unref();
        timer = tick;
        return true;
      }),
    release: () => queue(releaseHeld),
    current: () => held,
  };
}
