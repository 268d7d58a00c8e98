/**
 * The desktop edition without an Electron binary: the built page runs in Chromium with a
 * `window.marshrut` bridge whose every call is routed (Playwright `exposeBinding`) to the real
 * main-process handlers — `createDesktopApi` behind `registerDesktopApi`'s sender check and
 * argument validation — running in the test's Node process. Native dialogs are stubbed.
 * So renderer → bridge → main → disk is exercised for real.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { OpenDialogOptions, SaveDialogOptions, MessageBoxOptions } from 'electron';
import { createDesktopApi, type DialogLike } from '../../../electron/handlers';
import { playwrightEngine } from '../../../electron/print/playwright-engine';
import { createSenderCheck, registerDesktopApi, type InvokeEventLike } from '../../../electron/ipc';
import { BRIDGE_KEY, channelOf, DESKTOP_METHODS, type DocumentState, type MainEvent } from '../../../shared/ipc';
import type { Locale } from '../../../shared/i18n';

/** Scripted answers for the native dialogs, and a record of what was asked. */
export class DialogStub implements DialogLike {
  openPaths: (string | null)[] = [];
  savePaths: (string | null)[] = [];
  /** Button labels to press in message boxes, in order; without one, the cancel button. */
  answers: string[] = [];
  readonly asked: { kind: 'open' | 'save' | 'message'; title?: string; message?: string; defaultPath?: string }[] = [];

  async showOpenDialog(options: OpenDialogOptions) {
    this.asked.push({ kind: 'open', title: options.title });
    const next = this.openPaths.shift() ?? null;
    return next ? { canceled: false, filePaths: [next] } : { canceled: true, filePaths: [] };
  }

  async showSaveDialog(options: SaveDialogOptions) {
    this.asked.push({ kind: 'save', title: options.title, defaultPath: options.defaultPath });
    const next = this.savePaths.shift() ?? null;
    return next ? { canceled: false, filePath: next } : { canceled: true };
  }

  async showMessageBox(options: MessageBoxOptions) {
    this.asked.push({ kind: 'message', title: options.title, message: options.message });
    const label = this.answers.shift();
    const buttons = options.buttons ?? [];
    const index = label === undefined ? (options.cancelId ?? buttons.length - 1) : buttons.indexOf(label);
    if (index < 0) throw new Error(`no button "${label}" in [${buttons.join(', ')}]`);
    return { response: index };
  }
}

export interface DesktopSession {
  page: Page;
  context: BrowserContext;
  dialogs: DialogStub;
  /** Every document state the page reported (title, path, dirty), newest last. */
  states: DocumentState[];
  closed: () => boolean;
  /** Sends an event from "main" to the page, as a menu click or the OS would. */
  emit(event: MainEvent): Promise<void>;
}

/** Injected before the page's scripts: one function per contract method, like the preload. */
function bridgeScript({ key, methods, channels }: { key: string; methods: string[]; channels: string[] }) {
  const listeners = new Set<(event: unknown) => void>();
  const w = window as unknown as Record<string, unknown> & {
    __marshrutInvoke(channel: string, args: unknown[]): Promise<unknown>;
  };
  const bridge: Record<string, unknown> = {};
  // Bytes cross Playwright's binding as base64 (Electron's IPC would pass them as they are).
  const encode = (value: unknown): unknown => {
    if (value instanceof Uint8Array) {
      let binary = '';
      for (const b of value) binary += String.fromCharCode(b);
      return { __bytes: btoa(binary) };
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, encode(v)]));
    }
    return value;
  };
  const decode = (value: unknown): unknown => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      if (typeof record.__bytes === 'string') return Uint8Array.from(atob(record.__bytes), (c) => c.charCodeAt(0));
      return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decode(v)]));
    }
    return value;
  };
  methods.forEach((method, i) => {
    bridge[method] = (...args: unknown[]) => w.__marshrutInvoke(channels[i] as string, args.map(encode)).then(decode);
  });
  bridge.onEvent = (listener: (event: unknown) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  bridge.pathForFile = (file: File) => (file as File & { testPath?: string }).testPath ?? '';
  w.__marshrutEmit = (event: unknown) => listeners.forEach((l) => l(event));
  w[key] = Object.freeze(bridge);
}

/** Wraps Uint8Array results as base64 for the way back through the binding. */
function encodeBytes(value: unknown): unknown {
  if (value instanceof Uint8Array) return { __bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, encodeBytes(v)]));
  }
  return value;
}

/** Undoes the bridge's base64 wrapping of Uint8Array arguments. */
function decodeBytes(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (typeof record.__bytes === 'string') return new Uint8Array(Buffer.from(record.__bytes, 'base64'));
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decodeBytes(v)]));
  }
  return value;
}

export async function openDesktopApp(
  browser: Browser,
  appUrl: string,
  options: { userDataDir: string; startupFile?: string | null; locale?: Locale },
): Promise<DesktopSession> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  const dialogs = new DialogStub();
  const states: DocumentState[] = [];
  let closed = false;
  let locale: Locale = options.locale ?? 'ru';

  const api = createDesktopApi({
    dialog: dialogs,
    shell: { openExternal: async () => {} },
    getWindow: () => null,
    userDataDir: options.userDataDir,
    getLocale: () => locale,
    setLocale: (l) => {
      locale = l;
    },
    version: '0.0.0-test',
    startupFile: options.startupFile ?? null,
    onDocumentState: (state) => states.push(state),
    onLocaleChanged: () => {},
    closeWindow: () => {
      closed = true;
    },
    // The app prints in a hidden Electron window; here the test's own Chromium does.
    printEngine: () => playwrightEngine(browser),
  });

  // The same registration main does, on a stand-in for ipcMain.
  const handlers = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>();
  const sender = { id: 1 };
  const origin = new URL(appUrl).origin;
  registerDesktopApi(
    { handle: (channel, listener) => void handlers.set(channel, listener) },
    api,
    createSenderCheck({ getWebContents: () => sender, isAppUrl: (url) => url.startsWith(`${origin}/`) }),
  );
  await page.exposeBinding('__marshrutInvoke', async (source, channel: string, args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler on ${channel}`);
    return encodeBytes(await handler({ sender, senderFrame: { url: source.frame.url(), parent: source.frame.parentFrame() } }, ...args.map(decodeBytes)));
  });
  await page.addInitScript(bridgeScript, {
    key: BRIDGE_KEY,
    methods: [...DESKTOP_METHODS],
    channels: DESKTOP_METHODS.map((m) => channelOf(m)),
  });
  await page.goto(appUrl);
  await page.locator('.toolbar').waitFor();
  return {
    page,
    context,
    dialogs,
    states,
    closed: () => closed,
    emit: (event) => page.evaluate((e) => (window as unknown as { __marshrutEmit(e: unknown): void }).__marshrutEmit(e), event),
  };
}
