import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { channelOf, DESKTOP_METHODS, type DesktopApi, type DesktopMethod } from '../../../shared/ipc';
import { createAppUrlCheck, createSenderCheck, handle, registerDesktopApi, type IpcMainLike } from '../../../electron/ipc';
import { z } from 'zod';

const rendererDir = path.resolve('/opt/marshrut/resources/app.asar/out/renderer');
const appUrl = 'app://marshrut/index.html';

function fakeIpcMain() {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  return { ipcMain, handlers };
}

const GOOD_ARGS: Record<DesktopMethod, unknown[]> = {
  getStartup: [],
  openDialog: [],
  openPath: ['/home/user/map.cjm'],
  openImportFile: ['spreadsheet'],
  saveExport: [{ suggestedName: 'Map', extension: 'svg', data: '<svg/>' }],
  printExport: [
    {
      format: 'pdf',
      content: '{}',
      catalogs: [],
      locale: 'ru',
      title: true,
      legend: true,
      pdf: { page: 'A3', tiles: false, tileScale: 1, appendix: true },
      png: { scale: 2, transparent: false },
    },
  ],
  save: [{ path: null, content: '{}', suggestedName: 'Map', saveAs: false, overwrite: true }],
  checkFile: ['/home/user/map.cjm'],
  readDiskVersion: ['/home/user/map.cjm'],
  writeRecovery: [{ content: '{}', path: null, name: 'Map' }],
  clearRecovery: [],
  listRecovery: [],
  readRecovery: ['0123456789abcdef0123456789abcdef'],
  takeRecovery: ['0123456789abcdef0123456789abcdef'],
  discardRecovery: ['0123456789abcdef0123456789abcdef'],
  listRecent: [],
  clearRecent: [],
  askUnsaved: ['Map'],
  showError: ['Title', 'Message'],
  setDocumentState: [{ name: 'Map', path: null, dirty: true, readOnly: false }],
  setLocale: ['ru'],
  openExternal: ['https://github.com/'],
  closeWindow: [],
};

const BAD_ARGS: Record<DesktopMethod, unknown[]> = {
  getStartup: ['unexpected'],
  openDialog: [{ defaultPath: '/etc' }],
  openPath: [42],
  openImportFile: ['/etc/passwd'],
  saveExport: [{ suggestedName: 'Map', extension: 'exe', data: 'MZ' }],
  printExport: [
    {
      format: 'pdf',
      content: '{}',
      catalogs: [],
      locale: 'ru',
      title: true,
      legend: true,
      pdf: { page: 'B5', tiles: false, tileScale: 1, appendix: true },
      png: { scale: 3, transparent: false },
    },
  ],
  save: [{ path: null, content: 5, suggestedName: 'Map', saveAs: false }],
  checkFile: [''],
  readDiskVersion: [null],
  writeRecovery: [{ content: '{}', path: 7, name: 'Map' }],
  clearRecovery: ['all'],
  listRecovery: [{}],
  readRecovery: ['../../etc/passwd'],
  takeRecovery: ['__proto__'],
  discardRecovery: ['0123456789ABCDEF0123456789ABCDEF'],
  listRecent: [1],
  clearRecent: [true],
  askUnsaved: [{ name: 'Map' }],
  showError: ['only a title'],
  setDocumentState: [{ name: 'Map', dirty: 'yes' }],
  setLocale: ['de'],
  openExternal: ['not a url'],
  closeWindow: ['now'],
};

function setup() {
  const { ipcMain, handlers } = fakeIpcMain();
  const webContents = { id: 1 };
  const impl = Object.fromEntries(DESKTOP_METHODS.map((m) => [m, vi.fn(async () => `${m}:ok`)])) as unknown as DesktopApi &
    Record<DesktopMethod, ReturnType<typeof vi.fn>>;
  const check = createSenderCheck({ getWebContents: () => webContents, isAppUrl: createAppUrlCheck({ rendererDir }) });
  registerDesktopApi(ipcMain, impl, check);
  const invoke = (method: DesktopMethod, event: unknown, args: unknown[]) => {
    const handler = handlers.get(channelOf(method));
    if (!handler) throw new Error(`no handler for ${method}`);
    return Promise.resolve().then(() => handler(event, ...args));
  };
  return { handlers, impl, webContents, invoke };
}

describe('registerDesktopApi', () => {
  it('registers exactly one handler per contract method, on its channel', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(DESKTOP_METHODS.map((m) => channelOf(m)).sort());
  });

  describe.each(DESKTOP_METHODS)('%s', (method) => {
    it('passes a good call from our page through to the implementation', async () => {
      const { impl, webContents, invoke } = setup();
      const event = { sender: webContents, senderFrame: { url: appUrl, parent: null } };
      await expect(invoke(method, event, GOOD_ARGS[method])).resolves.toBe(`${method}:ok`);
      expect(impl[method]).toHaveBeenCalledTimes(1);
      expect(impl[method]).toHaveBeenCalledWith(...GOOD_ARGS[method]);
    });

    it('refuses a call from another web contents', async () => {
      const { impl, invoke } = setup();
      const event = { sender: { id: 2 }, senderFrame: { url: appUrl, parent: null } };
      await expect(invoke(method, event, GOOD_ARGS[method])).rejects.toThrow(/untrusted sender/);
      expect(impl[method]).not.toHaveBeenCalled();
    });

    it('refuses a call from a frame that is not our page', async () => {
      const { impl, webContents, invoke } = setup();
      for (const url of ['https://evil.example/', 'file:///etc/passwd', `${pathToFileURL(rendererDir).href}/../../secret.html`]) {
        const event = { sender: webContents, senderFrame: { url, parent: null } };
        await expect(invoke(method, event, GOOD_ARGS[method])).rejects.toThrow(/untrusted sender/);
      }
      // a subframe, or a frame that is gone
      await expect(invoke(method, { sender: webContents, senderFrame: { url: appUrl, parent: {} } }, GOOD_ARGS[method])).rejects.toThrow(
        /untrusted sender/,
      );
      await expect(invoke(method, { sender: webContents, senderFrame: null }, GOOD_ARGS[method])).rejects.toThrow(/untrusted sender/);
      expect(impl[method]).not.toHaveBeenCalled();
    });

    it('refuses a bad payload', async () => {
      const { impl, webContents, invoke } = setup();
      const event = { sender: webContents, senderFrame: { url: appUrl, parent: null } };
      await expect(invoke(method, event, BAD_ARGS[method])).rejects.toThrow(/invalid arguments/);
      expect(impl[method]).not.toHaveBeenCalled();
    });
  });

  it('can unregister its handlers', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const impl = Object.fromEntries(DESKTOP_METHODS.map((m) => [m, vi.fn()])) as unknown as DesktopApi;
    const off = registerDesktopApi(ipcMain, impl, () => true);
    off();
    expect(handlers.size).toBe(0);
  });
});

describe('handle', () => {
  it('validates with the given tuple and passes the parsed values', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const fn = vi.fn((a: string, b: number) => `${a}${b}`);
    handle(ipcMain, 'test:x', z.tuple([z.string(), z.number()]), fn, () => true);
    const handler = handlers.get('test:x')!;
    expect(await handler({}, 'a', 1)).toBe('a1');
    expect(() => handler({}, 'a', 'b')).toThrow(/test:x: invalid arguments/);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('treats a throwing sender check as untrusted', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const fn = vi.fn();
    handle(ipcMain, 'test:y', z.tuple([]), fn, () => {
      throw new Error('boom');
    });
    expect(() => handlers.get('test:y')!({ senderFrame: null })).toThrow(/untrusted sender/);
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('createAppUrlCheck', () => {
  it('accepts pages of the built renderer at app://marshrut/ only, never file://', () => {
    const isAppUrl = createAppUrlCheck({ rendererDir });
    expect(isAppUrl(appUrl)).toBe(true);
    expect(isAppUrl(`${appUrl}#/map`)).toBe(true);
    expect(isAppUrl('app://marshrut/assets/index.js')).toBe(true);
    expect(isAppUrl('app://marshrut/..%2fmain/main.js')).toBe(false);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl(pathToFileURL(path.join(rendererDir, 'index.html')).href)).toBe(false);
    expect(isAppUrl(pathToFileURL(path.join(rendererDir, '..', 'main', 'main.js')).href)).toBe(false);
    expect(isAppUrl('file://evil-host/share/index.html')).toBe(false);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('accepts the dev server origin only when one is given', () => {
    const isAppUrl = createAppUrlCheck({ rendererDir, devServerUrl: 'http://localhost:5173/' });
    expect(isAppUrl('http://localhost:5173/index.html')).toBe(true);
    expect(isAppUrl('http://localhost:5174/')).toBe(false);
    expect(isAppUrl('https://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/')).toBe(false);
  });
});
