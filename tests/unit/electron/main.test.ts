/**
 * The entry's wiring, with the fake `electron` module: one hardened window on our page, the
 * checked IPC handlers, the menu, the startup file, the close guard, a second instance, and
 * the command-line mode that opens no window.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as FakeElectron from '../../mocks/electron';
import { channelOf, DESKTOP_METHODS, EVENT_CHANNEL, type DesktopMethod } from '../../../shared/ipc';
import { createEmptyDocument, serializeDocument } from '../../../shared/model';
import { secureWebPreferences } from '../../../electron/window';
import type { MenuItemConstructorOptions } from 'electron';

let dir: string;
const savedArgv = process.argv;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'marshrut-main-'));
  vi.resetModules();
});
afterEach(async () => {
  process.argv = savedArgv;
  vi.doUnmock('../../../electron/cli/run');
  vi.restoreAllMocks();
  await fs.rm(dir, { recursive: true, force: true });
});

const loadFakeElectron = async () => (await import('electron')) as unknown as typeof FakeElectron;

function findItem(items: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    if (Array.isArray(item.submenu)) {
      const inner = findItem(item.submenu as MenuItemConstructorOptions[], id);
      if (inner) return inner;
    }
  }
  return undefined;
}

describe('electron/main.ts', () => {
  it('opens one hardened window with the checked API, the menu and the startup file', async () => {
    const startFile = path.join(dir, 'start.cjm');
    const content = serializeDocument(createEmptyDocument('en'));
    await fs.writeFile(startFile, content);
    process.argv = ['/usr/bin/electron', '.', '--no-sandbox', startFile];

    const electron = await loadFakeElectron();
    const userData = path.join(dir, 'userData');
    vi.spyOn(electron.app, 'getPath').mockReturnValue(userData);
    const runCli = vi.fn();
    vi.doMock('../../../electron/cli/run', () => ({ isCliInvocation: () => false, runCli }));
    await import('../../../electron/main');

    await vi.waitFor(() => expect(electron.BrowserWindow.windows).toHaveLength(1));
    const win = electron.BrowserWindow.windows[0]!;
    expect(runCli).not.toHaveBeenCalled();
    expect(win.options.webPreferences).toEqual(secureWebPreferences(path.resolve('renderer', '..', 'preload', 'preload.cjs')));
    // Served from the app's own protocol, not file:// (checklist item 18).
    expect(win.loadedFile).toBeNull();
    expect(win.loadedUrl).toBe('app://marshrut/index.html');
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(DESKTOP_METHODS.map((m) => channelOf(m)).sort());
    const menu = electron.Menu.applicationMenu!.template as MenuItemConstructorOptions[];
    expect(menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Help']); // system locale en-US

    const page = { sender: win.webContents, senderFrame: { url: win.loadedUrl!, parent: null } };
    const call = (method: DesktopMethod, event: unknown, ...args: unknown[]) =>
      Promise.resolve().then(() => electron.ipcMain.handlers.get(channelOf(method))!(event, ...args));

    // a forged sender is refused
    await expect(call('getStartup', { ...page, sender: {} })).rejects.toThrow(/untrusted sender/);
    await expect(call('getStartup', { ...page, senderFrame: { url: 'https://evil.example/', parent: null } })).rejects.toThrow(/untrusted/);

    // the page gets the startup file once
    expect(await call('getStartup', page)).toEqual({ locale: 'en', version: '0.0.0-test', file: { ok: true, value: { path: startFile, name: 'start.cjm', content } } });
    expect((await call('getStartup', page) as { file: unknown }).file).toBeNull();

    // close guard: a dirty document keeps the window open until the page says close
    await call('setDocumentState', page, { name: 'start.cjm', path: startFile, dirty: true });
    win.close();
    expect(win.isDestroyed()).toBe(false);
    expect(win.webContents.sent.at(-1)).toEqual({ channel: EVENT_CHANNEL, args: [{ type: 'closeRequested' }] });

    // a second instance hands over its file
    const other = path.join(dir, 'other.cjm');
    electron.app.emit('second-instance', {}, ['/usr/bin/electron', '--whatever'], '/', { argv: ['other.cjm'], cwd: dir });
    await vi.waitFor(() => expect(win.webContents.sent.at(-1)).toEqual({ channel: EVENT_CHANNEL, args: [{ type: 'openPath', path: other }] }));

    // menu: switching the language tells the page, rebuilds the menu and is remembered
    (findItem(menu, 'locale:ru')!.click as unknown as () => void)();
    expect(win.webContents.sent.at(-1)).toEqual({ channel: EVENT_CHANNEL, args: [{ type: 'setLocale', locale: 'ru' }] });
    await vi.waitFor(async () => {
      expect((electron.Menu.applicationMenu!.template as MenuItemConstructorOptions[])[0]!.label).toBe('Файл');
      expect(JSON.parse(await fs.readFile(path.join(userData, 'settings.json'), 'utf8'))).toEqual({ locale: 'ru' });
    });
    (findItem(menu, 'save')!.click as unknown as () => void)();
    expect(win.webContents.sent.at(-1)).toEqual({ channel: EVENT_CHANNEL, args: [{ type: 'command', command: 'save' }] });

    // the page has answered: close for real
    await call('closeWindow', page);
    expect(win.isDestroyed()).toBe(true);
  });

  it('removes the temp files a crashed save left in the settings folder before the window opens', async () => {
    process.argv = ['/usr/bin/electron', '.'];
    const electron = await loadFakeElectron();
    const userData = path.join(dir, 'userData');
    await fs.mkdir(userData);
    // what a save killed mid-write leaves (tests/kill/run.ts does this for real to map folders)
    await fs.writeFile(path.join(userData, '.settings.json.0123456789ab.tmp'), '{"loc');
    await fs.writeFile(path.join(userData, '.settings.json.bak.abcdef012345.tmp'), '');
    await fs.writeFile(path.join(userData, 'settings.json'), '{"locale":"en"}');
    vi.spyOn(electron.app, 'getPath').mockReturnValue(userData);
    vi.doMock('../../../electron/cli/run', () => ({ isCliInvocation: () => false, runCli: vi.fn() }));
    await import('../../../electron/main');
    await vi.waitFor(() => expect(electron.BrowserWindow.windows).toHaveLength(1));
    expect(await fs.readdir(userData)).toEqual(['settings.json']);
  });

  it('runs the command line and exits without opening a window', async () => {
    process.argv = ['/usr/bin/electron', '.', 'validate', 'x.cjm'];
    const electron = await loadFakeElectron();
    const exit = vi.spyOn(electron.app, 'exit');
    const lock = vi.spyOn(electron.app, 'requestSingleInstanceLock');
    const runCli = vi.fn(async (_args: string[], io: { out(line: string): void }) => {
      io.out('checked');
      return 3;
    });
    const flushing = ((_chunk: unknown, ...rest: unknown[]) => {
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(flushing);
    vi.spyOn(process.stderr, 'write').mockImplementation(flushing);
    vi.doMock('../../../electron/cli/run', () => ({ isCliInvocation: (args: string[]) => args[0] === 'validate', runCli }));
    await import('../../../electron/main');
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(3));
    expect(runCli.mock.calls[0]![0]).toEqual(['validate', 'x.cjm']);
    expect(write).toHaveBeenCalledWith('checked\n');
    expect(electron.BrowserWindow.windows).toHaveLength(0);
    expect(electron.ipcMain.handlers.size).toBe(0);
    expect(lock).not.toHaveBeenCalled();
  });

  it('quits at once when another instance holds the lock', async () => {
    process.argv = ['/usr/bin/electron', '.'];
    const electron = await loadFakeElectron();
    vi.spyOn(electron.app, 'requestSingleInstanceLock').mockReturnValue(false);
    const quit = vi.spyOn(electron.app, 'quit');
    vi.doMock('../../../electron/cli/run', () => ({ isCliInvocation: () => false, runCli: vi.fn() }));
    await import('../../../electron/main');
    expect(quit).toHaveBeenCalled();
    await new Promise((r) => setTimeout(r, 20));
    expect(electron.BrowserWindow.windows).toHaveLength(0);
  });
});
