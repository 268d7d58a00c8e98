/**
 * A stand-in for the `electron` module in tests (vitest aliases `electron` here, because
 * importing the real package tries to download the Electron binary). Plain fakes, no `vi`:
 * tests spy on or replace what they need. Only what the app imports is here.
 */
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';

type Listener = (...args: any[]) => unknown;

class FakeApp extends EventEmitter {
  isPackaged = false;
  name = 'Marshrut';
  private readyResolved = false;
  getVersion(): string {
    return '0.0.0-test';
  }
  getName(): string {
    return this.name;
  }
  getLocale(): string {
    return 'en-US';
  }
  getPath(name: string): string {
    return path.join(os.tmpdir(), 'marshrut-fake-electron', name);
  }
  requestSingleInstanceLock(_data?: unknown): boolean {
    return true;
  }
  whenReady(): Promise<void> {
    this.readyResolved = true;
    return Promise.resolve();
  }
  isReady(): boolean {
    return this.readyResolved;
  }
  quit(): void {
    this.emit('quit-requested');
  }
  exit(_code?: number): void {
    this.emit('exit-requested', _code);
  }
  enableSandbox(): void {}
  addRecentDocument(_path: string): void {}
  clearRecentDocuments(): void {}
  setAboutPanelOptions(_options: unknown): void {}
  dock = { hide(): void {}, show(): Promise<void> { return Promise.resolve(); } };
}

export const app = new FakeApp();

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export const ipcMain = new FakeIpcMain();

class FakeIpcRenderer extends EventEmitter {
  invoke(_channel: string, ..._args: unknown[]): Promise<unknown> {
    return Promise.resolve(undefined);
  }
  send(_channel: string, ..._args: unknown[]): void {}
}

export const ipcRenderer = new FakeIpcRenderer();

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    contextBridge.exposed.set(key, api);
  },
};

export const webUtils = {
  getPathForFile(file: { path?: string; name?: string }): string {
    return file.path ?? '';
  },
};

export class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  url = '';
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  readonly session = {
    webRequest: {
      onHeadersReceived(_filter: unknown, _listener?: Listener): void {},
    },
    setPermissionRequestHandler(_handler: unknown): void {},
    setPermissionCheckHandler(_handler: unknown): void {},
  };
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return false;
  }
  openDevTools(): void {}
}

export const webContents = {
  getAllWebContents(): FakeWebContents[] {
    return [];
  },
  getFocusedWebContents(): FakeWebContents | null {
    return null;
  },
};

export class BrowserWindow extends EventEmitter {
  static readonly windows: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.windows.filter((w) => !w.destroyed);
  }
  static getFocusedWindow(): BrowserWindow | null {
    return BrowserWindow.getAllWindows()[0] ?? null;
  }
  readonly webContents = new FakeWebContents();
  readonly options: Record<string, unknown>;
  title = '';
  documentEdited = false;
  representedFilename = '';
  loadedUrl: string | null = null;
  loadedFile: string | null = null;
  private destroyed = false;
  private visible = false;
  private minimized = false;
  constructor(options: Record<string, unknown> = {}) {
    super();
    this.options = options;
    BrowserWindow.windows.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.url = url;
    return Promise.resolve();
  }
  loadFile(file: string): Promise<void> {
    this.loadedFile = file;
    this.webContents.url = `file://${file}`;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
  focus(): void {}
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setDocumentEdited(edited: boolean): void {
    this.documentEdited = edited;
  }
  setRepresentedFilename(filename: string): void {
    this.representedFilename = filename;
  }
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('closed');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export const dialog = {
  showOpenDialog(..._args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    return Promise.resolve({ canceled: true, filePaths: [] });
  },
  showSaveDialog(..._args: unknown[]): Promise<{ canceled: boolean; filePath: string }> {
    return Promise.resolve({ canceled: true, filePath: '' });
  },
  showMessageBox(..._args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    return Promise.resolve({ response: 0, checkboxChecked: false });
  },
  showErrorBox(_title: string, _content: string): void {},
};

export const shell = {
  openExternal(_url: string): Promise<void> {
    return Promise.resolve();
  },
  showItemInFolder(_path: string): void {},
};

export class Menu {
  static applicationMenu: Menu | null = null;
  static buildFromTemplate(template: unknown[]): Menu {
    return new Menu(template);
  }
  static setApplicationMenu(menu: Menu | null): void {
    Menu.applicationMenu = menu;
  }
  constructor(readonly template: unknown[] = []) {}
}

export const session = {
  defaultSession: new FakeWebContents().session,
};

export const nativeTheme = Object.assign(new EventEmitter(), {
  shouldUseDarkColors: false,
  themeSource: 'system' as 'system' | 'light' | 'dark',
});

export const protocol = {
  handle(_scheme: string, _handler: unknown): void {},
  registerSchemesAsPrivileged(_schemes: unknown[]): void {},
};

export default {
  app,
  ipcMain,
  ipcRenderer,
  contextBridge,
  webUtils,
  webContents,
  BrowserWindow,
  dialog,
  shell,
  Menu,
  session,
  nativeTheme,
  protocol,
};
