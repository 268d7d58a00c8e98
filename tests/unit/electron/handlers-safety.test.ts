/**
 * The main-process side of "nothing lost": recovery drafts through the contract, the lock file
 * held for the open map, a foreign lock reported on open, stray temp files of a map cleaned
 * when it is opened, and the UTF-16 message.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDesktopApi, type DesktopDeps } from '../../../electron/handlers';
import { acquireLock, lockPathFor, readLock, type LockSelf } from '../../../electron/lock';
import { createEmptyDocument, serializeDocument } from '../../../shared/model';

let dir: string;
let userData: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'marshrut-safety-'));
  userData = path.join(dir, 'userData');
  await fs.mkdir(userData);
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const validMap = (title = 'Visit') => {
  const doc = createEmptyDocument('ru', new Date('2024-01-01T00:00:00Z'));
  return serializeDocument({ ...doc, meta: { ...doc.meta, title } });
};

const me: LockSelf = { user: 'анна', host: 'mfc-pc-1', pid: process.pid, session: 'a'.repeat(32) };
const colleague: LockSelf = { user: 'Иван Петров', host: 'gibdd-pc-7', pid: 4242, session: 'b'.repeat(32) };

function setup(overrides: Partial<DesktopDeps> = {}) {
  const deps: DesktopDeps = {
    dialog: {
      showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
      showSaveDialog: vi.fn(async () => ({ canceled: true })),
      showMessageBox: vi.fn(async () => ({ response: 0 })),
    },
    shell: { openExternal: vi.fn(async () => undefined) },
    getWindow: () => null,
    userDataDir: userData,
    getLocale: () => 'en',
    setLocale: vi.fn(),
    version: '1.0.0',
    startupFile: null,
    onDocumentState: vi.fn(),
    onLocaleChanged: vi.fn(),
    closeWindow: vi.fn(),
    platform: 'linux',
    lockSelf: me,
    ...overrides,
  };
  return { api: createDesktopApi(deps), deps };
}

describe('recovery drafts through the contract', () => {
  it('a draft written by one session is offered to the next, restored, and cleared once saved', async () => {
    const file = path.join(dir, 'карта.cjm');
    await fs.writeFile(file, validMap('Saved'));
    const crashed = setup().api;
    await crashed.getStartup();
    await crashed.openPath(file);
    const unsaved = validMap('Unsaved work — несохранённое');
    expect(await crashed.writeRecovery({ content: unsaved, path: file, name: 'карта.cjm' })).toEqual({ ok: true, value: null });
    expect(await crashed.listRecovery()).toEqual([]); // its own draft is not a crash's

    // The app crashed: a new session starts.
    const next = setup().api;
    await next.getStartup();
    const [entry] = await next.listRecovery();
    expect(entry).toMatchObject({ name: 'карта.cjm', path: file, size: Buffer.byteLength(unsaved) });

    // Compare: the draft and the saved file can both be read without taking anything.
    const read = await next.readRecovery(entry!.id);
    expect(read.ok && read.value.content).toBe(unsaved);
    const disk = await next.readDiskVersion(file);
    expect(disk.ok && disk.value.content).toBe(validMap('Saved'));

    const taken = await next.takeRecovery(entry!.id);
    expect(taken.ok && taken.value.content).toBe(unsaved);
    expect(await next.listRecovery()).toEqual([]); // now this window's draft
    // Saved in place (the file is as the crashed session knew it), then cleared.
    expect((await next.save({ path: file, content: unsaved, suggestedName: 'x', saveAs: false }))?.ok).toBe(true);
    await next.clearRecovery();
    expect(await fs.readdir(path.join(userData, 'recovery'))).toEqual([]);
  });

  it('a restored draft whose file was changed meanwhile is not saved over it', async () => {
    const file = path.join(dir, 'shared.cjm');
    await fs.writeFile(file, validMap('Saved'));
    const crashed = setup().api;
    await crashed.openPath(file);
    await crashed.writeRecovery({ content: validMap('Mine'), path: file, name: 'shared.cjm' });
    await fs.writeFile(file, validMap('Theirs'));

    const next = setup().api;
    await next.getStartup();
    const [entry] = await next.listRecovery();
    await next.takeRecovery(entry!.id);
    expect(await next.save({ path: file, content: validMap('Mine'), suggestedName: 'x', saveAs: false })).toMatchObject({ ok: false, changedOnDisk: true });
    expect(await fs.readFile(file, 'utf8')).toBe(validMap('Theirs'));
  });

  it('untitled work is kept too; discard deletes; closing the window after save/discard clears its draft', async () => {
    const first = setup().api;
    await first.writeRecovery({ content: validMap('Untitled'), path: null, name: 'Без названия' });
    const second = setup();
    await second.api.getStartup();
    const [entry] = await second.api.listRecovery();
    expect(entry).toMatchObject({ name: 'Без названия', path: null });
    await second.api.discardRecovery(entry!.id);
    expect(await second.api.listRecovery()).toEqual([]);

    await second.api.writeRecovery({ content: validMap('More'), path: null, name: 'x' });
    await second.api.closeWindow();
    expect(second.deps.closeWindow).toHaveBeenCalled();
    expect(await fs.readdir(path.join(userData, 'recovery'))).toEqual([]);
  });

  it('a gone draft is a message, not a crash', async () => {
    const { api } = setup();
    const result = await api.takeRecovery('0'.repeat(32));
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/no longer there/) });
  });
});

describe('the lock file next to the open map', () => {
  it('is held while the map is open for editing, moved on Save As, released on close', async () => {
    const file = path.join(dir, 'map.cjm');
    await fs.writeFile(file, validMap());
    const { api } = setup();
    await api.openPath(file);
    await api.setDocumentState({ name: 'map.cjm', path: file, dirty: false });
    expect(await readLock(file)).toMatchObject({ user: me.user, host: me.host, session: me.session });

    await api.dispose();
    expect(await readLock(file)).toBeNull();

    const copy = path.join(dir, 'copy.cjm');
    const saver = setup({
      dialog: {
        showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
        showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: copy })),
        showMessageBox: vi.fn(async () => ({ response: 0 })),
      },
    }).api;
    await saver.openPath(file);
    await saver.setDocumentState({ name: 'map.cjm', path: file, dirty: false });
    expect((await saver.save({ path: file, content: validMap(), suggestedName: 'copy', saveAs: true }))?.ok).toBe(true);
    await saver.setDocumentState({ name: 'copy.cjm', path: copy, dirty: false });
    expect(await readLock(copy)).toMatchObject({ session: me.session });
    expect(await readLock(file)).toBeNull();
    await saver.closeWindow();
    expect(await readLock(copy)).toBeNull();
  });

  it('is not taken for a map opened read-only, nor for an untitled one', async () => {
    const file = path.join(dir, 'map.cjm');
    await fs.writeFile(file, validMap());
    const { api } = setup();
    await api.openPath(file);
    await api.setDocumentState({ name: 'map.cjm', path: file, dirty: false, readOnly: true });
    await api.setDocumentState({ name: 'x', path: null, dirty: true });
    expect(await readLock(file)).toBeNull();
  });

  it('opening a map someone else holds reports who and since when; editing anyway takes the lock over', async () => {
    const file = path.join(dir, 'shared.cjm');
    await fs.writeFile(file, validMap());
    await acquireLock(file, colleague, new Date());
    const { api } = setup();
    const opened = await api.openPath(file);
    expect(opened.ok && opened.value.lock).toEqual({ user: 'Иван Петров', host: 'gibdd-pc-7', since: expect.any(String), stale: false });

    await api.setDocumentState({ name: 'shared.cjm', path: file, dirty: false });
    expect(await readLock(file)).toMatchObject({ session: me.session });
    await api.dispose();
    expect(await readLock(file)).toBeNull();
  });

  it('a lock left by a crashed app on this computer is reported stale', async () => {
    const file = path.join(dir, 'stale.cjm');
    await fs.writeFile(file, validMap());
    await acquireLock(file, { ...me, session: 'c'.repeat(32), pid: 2 ** 22 + 17 }, new Date());
    const opened = await setup().api.openPath(file);
    expect(opened.ok && opened.value.lock?.stale).toBe(true);
  });

  it('our own lock is not reported as someone else’s', async () => {
    const file = path.join(dir, 'mine.cjm');
    await fs.writeFile(file, validMap());
    await acquireLock(file, me, new Date());
    const opened = await setup().api.openPath(file);
    expect(opened.ok && opened.value.lock).toBeUndefined();
    expect(lockPathFor(file)).toBe(path.join(dir, '.~lock.mine.cjm#'));
  });
});

describe('opening a map', () => {
  it('removes temp files a crashed save of that map left in its folder, old ones only', async () => {
    const file = path.join(dir, 'map.cjm');
    await fs.writeFile(file, validMap());
    const old = path.join(dir, '.map.cjm.0123456789ab.tmp');
    const oldBackup = path.join(dir, '.map.cjm.bak.0123456789ab.tmp');
    const fresh = path.join(dir, '.map.cjm.ba9876543210.tmp');
    const otherMap = path.join(dir, '.other.cjm.0123456789ab.tmp');
    for (const f of [old, oldBackup, fresh, otherMap]) await fs.writeFile(f, 'partial');
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const f of [old, oldBackup, otherMap]) await fs.utimes(f, hourAgo, hourAgo);

    expect((await setup().api.openPath(file)).ok).toBe(true);
    const left = await fs.readdir(dir);
    expect(left).not.toContain(path.basename(old));
    expect(left).not.toContain(path.basename(oldBackup));
    expect(left).toContain(path.basename(fresh)); // may be a save in progress elsewhere
    expect(left).toContain(path.basename(otherMap)); // another map's business
  });

  it('a UTF-16 file gets the message that names UTF-16', async () => {
    const file = path.join(dir, 'utf16.cjm');
    await fs.writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(validMap(), 'utf16le')]));
    const result = await setup().api.openPath(file);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/UTF-16/) });
  });
});
