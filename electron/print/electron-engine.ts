/**
 * The print engine inside the app: a hidden, sandboxed window with no preload loads the page
 * (from a temporary file: a page this size is too long for a data: URL) and Electron's
 * printToPDF / capturePage make the bytes — the same Chromium as the app, so the command line
 * of the installed app needs no other browser. The window may not navigate, open windows or
 * reach the network; the page's CSP forbids scripts, and the scroll the capture needs is the
 * only script run, by the main process.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserWindow as ElectronBrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { CaptureSession, CaptureSetup, PrintEngine } from './engine';

export interface ElectronPrintDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => ElectronBrowserWindow;
  /** Folder for the page files; the system's temporary folder by default. */
  tmpdir?: string;
}

const PAGE_PREFERENCES = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  webSecurity: true,
  spellcheck: false,
  webgl: false,
  images: true,
  backgroundThrottling: false,
  // An in-memory session of its own: nothing shared with the app's window, nothing kept.
  partition: 'marshrut-print',
} as const;

function lockDown(win: ElectronBrowserWindow): void {
  const contents = win.webContents;
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
}

export function electronEngine(deps: ElectronPrintDeps): PrintEngine {
  const folder = deps.tmpdir ?? os.tmpdir();
  const open = new Map<ElectronBrowserWindow, string>();

  async function load(html: string, options: BrowserWindowConstructorOptions): Promise<{ win: ElectronBrowserWindow; file: string }> {
    const file = path.join(folder, `marshrut-print-${randomBytes(6).toString('hex')}.html`);
    await fs.writeFile(file, html, { encoding: 'utf8', mode: 0o600 });
    let win: ElectronBrowserWindow;
    try {
      win = new deps.BrowserWindow({ show: false, ...options, webPreferences: { ...PAGE_PREFERENCES, ...options.webPreferences } });
    } catch (error) {
      await fs.rm(file, { force: true });
      throw error;
    }
    open.set(win, file);
    try {
      lockDown(win);
      await win.loadFile(file);
    } catch (error) {
      await dispose(win);
      throw error;
    }
    return { win, file };
  }

  async function dispose(win: ElectronBrowserWindow): Promise<void> {
    const file = open.get(win);
    open.delete(win);
    if (!win.isDestroyed()) win.destroy();
    if (file) await fs.rm(file, { force: true });
  }

  return {
    async pdf(html) {
      const { win } = await load(html, { width: 1200, height: 900, webPreferences: { javascript: false } });
      try {
        const pdf = await win.webContents.printToPDF({
          preferCSSPageSize: true,
          printBackground: true,
          margins: { top: 0, bottom: 0, left: 0, right: 0 },
          generateDocumentOutline: true,
          generateTaggedPDF: true,
        });
        return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      } finally {
        await dispose(win);
      }
    },

    async capture(html: string, setup: CaptureSetup): Promise<CaptureSession> {
      const width = Math.ceil(setup.viewport.width);
      const height = Math.ceil(setup.viewport.height);
      const { win } = await load(html, {
        width,
        height,
        useContentSize: true,
        frame: false,
        transparent: setup.transparent,
        backgroundColor: setup.transparent ? '#00000000' : '#ffffff',
        enableLargerThanScreen: true,
        // Offscreen: the capture's pixel density is ours (scale), not the screen's.
        webPreferences: { offscreen: { deviceScaleFactor: setup.scale }, javascript: true },
      });
      return {
        async shot(clip) {
          const at = (await win.webContents.executeJavaScript(
            `new Promise((done) => { window.scrollTo(${Number(clip.x)}, ${Number(clip.y)}); requestAnimationFrame(() => requestAnimationFrame(() => done({ x: window.scrollX, y: window.scrollY }))); })`,
          )) as { x: number; y: number };
          const rect = { x: Math.round(clip.x - at.x), y: Math.round(clip.y - at.y), width: Math.round(clip.width), height: Math.round(clip.height) };
          let image = await win.webContents.capturePage(rect);
          const want = { width: Math.round(clip.width * setup.scale), height: Math.round(clip.height * setup.scale) };
          const got = image.getSize();
          if (got.width !== want.width || got.height !== want.height) image = image.resize({ ...want, quality: 'best' });
          const png = image.toPNG();
          return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
        },
        close: () => dispose(win),
      };
    },

    async close() {
      await Promise.all([...open.keys()].map((win) => dispose(win)));
    },
  };
}
