import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  acquireLock,
  createLockManager,
  currentLockSelf,
  defaultIsPidAlive,
  describeLock,
  isStale,
  LOCK_STALE_MS,
  lockPathFor,
  MAX_LOCK_BYTES,
  readLock,
  refreshLock,
  releaseLock,
  type LockSelf,
} from '../../../electron/lock';

let dir: string;
let map: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'marshrut-lock-'));
  map = path.join(dir, 'Паспорт.cjm');
});
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await fs.rm(dir, { recursive: true, force: true });
});

const me: LockSelf = { user: 'ivan', host: 'ivan-pc', pid: process.pid, session: 'session-me' };
const colleague: LockSelf = { user: 'maria', host: 'maria-laptop', pid: 4242, session: 'session-maria' };
const at = (iso: string) => new Date(iso);
const lockFile = () => lockPathFor(map);
const tempFiles = async () => (await fs.readdir(dir)).filter((name) => name.endsWith('.tmp'));

/** The pid of a process that has certainly exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  const pid = child.pid;
  await new Promise((resolve) => child.on('exit', resolve));
  if (pid === undefined) throw new Error('no pid');
  return pid;
}

describe('lock files', () => {
  it('are named like LibreOffice’s, next to the map', () => {
    expect(lockPathFor(path.join('/share', 'maps', 'Паспорт.cjm'))).toBe(path.join('/share', 'maps', '.~lock.Паспорт.cjm#'));
  });

  it('describe who we are on this computer', () => {
    const self = currentLockSelf('abc');
    expect(self).toEqual({ user: expect.any(String), host: os.hostname(), pid: process.pid, session: 'abc' });
    expect(self.user).not.toBe('');
    vi.spyOn(os, 'userInfo').mockImplementation(() => {
      throw Object.assign(new Error('no passwd entry'), { code: 'ENOENT' });
    });
    expect(currentLockSelf('abc').user).not.toBe('');
  });

  it('round-trip: acquire, read, describe', async () => {
    expect(await readLock(map)).toBeNull();
    const now = at('2026-11-27T10:40:00.000Z');
    expect(await acquireLock(map, me, now)).toBe(true);
    expect(JSON.parse(await fs.readFile(lockFile(), 'utf8'))).toEqual({
      app: 'marshrut',
      user: 'ivan',
      host: 'ivan-pc',
      pid: process.pid,
      session: 'session-me',
      since: now.toISOString(),
      updated: now.toISOString(),
    });
    const lock = await readLock(map);
    expect(lock).toMatchObject({ app: 'marshrut', user: 'ivan', host: 'ivan-pc', pid: process.pid, session: 'session-me' });
    // ours: nothing to warn about, and never stale
    expect(describeLock(lock!, me, now)).toBeNull();
    expect(isStale(lock!, me, new Date(now.getTime() + 2 * LOCK_STALE_MS), () => false)).toBe(false);
    expect(await tempFiles()).toEqual([]);
  });

  it('a colleague’s lock is described with user, host and since', async () => {
    const since = at('2026-11-27T08:00:00.000Z');
    await acquireLock(map, colleague, since);
    const lock = (await readLock(map))!;
    expect(describeLock(lock, me, at('2026-11-27T09:00:00.000Z'))).toEqual({
      user: 'maria',
      host: 'maria-laptop',
      since: since.toISOString(),
      stale: false,
    });
    // Another window of this very app (same pid and host, other session) is someone else too, and alive.
    await acquireLock(map, { ...me, session: 'other-window' }, since);
    expect(describeLock((await readLock(map))!, me, since)).toEqual({ user: 'ivan', host: 'ivan-pc', since: since.toISOString(), stale: false });
  });

  it('is stale when the holder on this computer is gone', async () => {
    const pid = await deadPid();
    expect(defaultIsPidAlive(pid)).toBe(false);
    expect(defaultIsPidAlive(process.pid)).toBe(true);
    expect(defaultIsPidAlive(0)).toBe(false);
    const now = new Date();
    await acquireLock(map, { user: 'ivan', host: 'IVAN-PC', pid, session: 'crashed' }, now);
    const lock = (await readLock(map))!;
    expect(isStale(lock, me, now)).toBe(true); // host names compare case-insensitively
    expect(describeLock(lock, me, now)?.stale).toBe(true);
    // The same pid on another computer says nothing about that computer.
    expect(isStale(lock, { ...me, host: 'elsewhere' }, now)).toBe(false);
  });

  it('is stale when a remote holder has not refreshed for LOCK_STALE_MS', async () => {
    const since = at('2026-11-27T08:00:00.000Z');
    await acquireLock(map, colleague, since);
    const isPidAlive = vi.fn(() => true);
    const justBefore = new Date(since.getTime() + LOCK_STALE_MS);
    const after = new Date(since.getTime() + LOCK_STALE_MS + 1);
    expect(isStale((await readLock(map))!, me, justBefore, isPidAlive)).toBe(false);
    expect(isStale((await readLock(map))!, me, after, isPidAlive)).toBe(true);
    expect(isPidAlive).not.toHaveBeenCalled(); // a pid on another host is not checked

    // A refresh by the holder keeps it fresh; `since` stays.
    expect(await refreshLock(map, colleague, justBefore)).toBe(true);
    const refreshed = (await readLock(map))!;
    expect(refreshed.since).toBe(since.toISOString());
    expect(refreshed.updated).toBe(justBefore.toISOString());
    expect(isStale(refreshed, me, after, isPidAlive)).toBe(false);
  });

  it('garbage and oversized lock files still count as locks, dated by the file', async () => {
    for (const content of ['garbage', '', '\u0000\u0001\u0002', '{"app":', '[1,2]', 'x'.repeat(MAX_LOCK_BYTES + 1)]) {
      await fs.writeFile(lockFile(), content);
      const mtime = new Date('2026-01-02T03:04:05.000Z');
      await fs.utimes(lockFile(), mtime, mtime);
      const lock = await readLock(map);
      expect(lock, JSON.stringify(content.slice(0, 20))).toMatchObject({ user: '?', host: '?', pid: null, session: null, since: mtime.toISOString() });
      expect(describeLock(lock!, me, mtime)).toEqual({ user: '?', host: '?', since: mtime.toISOString(), stale: false });
    }
  });

  it('a lock written by something else in JSON is read best-effort', async () => {
    await fs.writeFile(lockFile(), JSON.stringify({ user: 'x'.repeat(5000), host: 42, pid: -1, since: 'yesterday' }));
    const lock = (await readLock(map))!;
    expect(lock.user).toHaveLength(200);
    expect(lock).toMatchObject({ app: 'unknown', host: '?', pid: null, session: null });
    expect(Number.isNaN(Date.parse(lock.since))).toBe(false);
  });

  it('reads LibreOffice’s lock format', async () => {
    await fs.writeFile(lockFile(), ',Мария Петрова,maria-laptop,27.11.2026 10:40,file:///home/maria/.config/libreoffice/4;');
    const lock = (await readLock(map))!;
    expect(lock).toMatchObject({ app: 'libreoffice', user: 'Мария Петрова', host: 'maria-laptop', pid: null, session: null });
    expect(lock.since).toBe(new Date(2026, 10, 27, 10, 40).toISOString()); // local time
    expect(describeLock(lock, me, new Date(2026, 10, 27, 11, 0))).toEqual({
      user: 'Мария Петрова',
      host: 'maria-laptop',
      since: lock.since,
      stale: false,
    });

    // Escaped commas; an unreadable date falls back to the file's time.
    await fs.writeFile(lockFile(), 'Full Name,Doe\\, John,host1,not a date;');
    const mtime = new Date('2026-01-02T03:04:05.000Z');
    await fs.utimes(lockFile(), mtime, mtime);
    expect(await readLock(map)).toMatchObject({ user: 'Doe, John', host: 'host1', since: mtime.toISOString() });
  });

  it('a file-system error reading the lock counts as no lock', async () => {
    await fs.mkdir(lockFile());
    expect(await readLock(map)).toBeNull();
    expect(await readLock(path.join(dir, 'no-such-folder', 'map.cjm'))).toBeNull();
  });

  it('acquire reports a lock it cannot write', async () => {
    expect(await acquireLock(path.join(dir, 'no-such-folder', 'map.cjm'), me)).toBe(false);
  });

  it('release and refresh leave someone else’s lock alone', async () => {
    await acquireLock(map, colleague, at('2026-11-27T08:00:00.000Z'));
    const before = await fs.readFile(lockFile(), 'utf8');
    expect(await releaseLock(map, me)).toBe(false);
    expect(await refreshLock(map, me, new Date())).toBe(false);
    expect(await fs.readFile(lockFile(), 'utf8')).toBe(before);

    await fs.writeFile(lockFile(), 'garbage');
    expect(await releaseLock(map, me)).toBe(false);
    expect(await fs.readFile(lockFile(), 'utf8')).toBe('garbage');

    await acquireLock(map, me);
    expect(await releaseLock(map, me)).toBe(true);
    expect(await readLock(map)).toBeNull();
    expect(await releaseLock(map, me)).toBe(false); // nothing left to release
    expect(await refreshLock(map, me)).toBe(false); // and a refresh does not bring it back
    expect(await readLock(map)).toBeNull();
  });
});

describe('lock manager', () => {
  it('holds one lock at a time, refreshes it, switches and cleans up its timer', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(at('2026-11-27T08:00:00.000Z'));
    const other = path.join(dir, 'other.cjm');
    const manager = createLockManager({ self: me, refreshMs: 1000 });
    expect(manager.current()).toBeNull();

    expect(await manager.hold(map)).toBe(true);
    expect(manager.current()).toBe(map);
    expect(vi.getTimerCount()).toBe(1);
    const first = (await readLock(map))!;
    expect(first.since).toBe('2026-11-27T08:00:00.000Z');

    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitUntil(async () => (await readLock(map))?.updated === '2026-11-27T08:00:01.000Z');
    expect((await readLock(map))?.since).toBe(first.since);

    // Holding the same map again changes nothing.
    expect(await manager.hold(map)).toBe(true);
    expect(vi.getTimerCount()).toBe(1);

    expect(await manager.hold(other)).toBe(true);
    expect(await readLock(map)).toBeNull();
    expect((await readLock(other))?.session).toBe('session-me');
    expect(vi.getTimerCount()).toBe(1);

    expect(await manager.hold(null)).toBe(false);
    expect(manager.current()).toBeNull();
    expect(await readLock(other)).toBeNull();
    expect(vi.getTimerCount()).toBe(0);

    await manager.hold(map);
    await manager.release();
    await manager.release(); // twice is fine
    expect(await readLock(map)).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
    expect(await tempFiles()).toEqual([]);
  });

  it('does not take a colleague’s lock back from them when releasing', async () => {
    const manager = createLockManager({ self: me });
    await manager.hold(map);
    // They broke our (say, stale) lock and took it over.
    await acquireLock(map, colleague);
    await manager.release();
    expect((await readLock(map))?.user).toBe('maria');
  });

  it('holds nothing when the lock cannot be written', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const manager = createLockManager({ self: me });
    expect(await manager.hold(path.join(dir, 'no-such-folder', 'map.cjm'))).toBe(false);
    expect(manager.current()).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('queued holds end with the last one', async () => {
    const manager = createLockManager({ self: me });
    const other = path.join(dir, 'other.cjm');
    await Promise.all([manager.hold(map), manager.hold(other), manager.hold(map)]);
    expect(manager.current()).toBe(map);
    expect(await readLock(other)).toBeNull();
    expect((await readLock(map))?.session).toBe('session-me');
    await manager.release();
  });

  it('its refresh timer does not keep the app alive', async () => {
    const spy = vi.spyOn(globalThis, 'setInterval');
    const manager = createLockManager({ self: me, now: () => at('2026-11-27T08:00:00.000Z') });
    await manager.hold(map);
    expect(spy).toHaveBeenCalledTimes(1);
    const timer = spy.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    expect((await readLock(map))?.since).toBe('2026-11-27T08:00:00.000Z');
    await manager.release();
  });
});
