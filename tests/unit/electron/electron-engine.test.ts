/**
 * electron/print/electron-engine.ts with a hand-written fake BrowserWindow (there is no Electron
 * binary here): the window is hidden and locked down, the page goes through a private temporary
 * file that is removed afterwards, printToPDF gets the CSS page sizes, and capture scrolls,
 * clips relative to the scroll, and resizes what the screen's scale factor got wrong.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import { electronEngine, type ElectronPrintDeps } from '../../../electron/print/electron-engine';
import { renderPng } from '../../../electron/print/engine';
import { PNG } from 'pngjs';
import { createEmptyDocument } from '../../../shared/model';
import { generateLargeMap } from '../../../shared/export/large-map';
import { planPng } from '../../../shared/export/print';

interface Size {
  width: number;
  height: number;
}

/** A NativeImage stand-in: a size, resize, and PNG bytes of that size. */
class FakeImage {
  readonly resizedTo: (Size & { quality?: string })[] = [];
  constructor(private readonly size: Size) {}
  getSize(): Size {
    return { ...this.size };
  }
  resize(options: Size & { quality?: string }): FakeImage {
    this.resizedTo.push(options);
    const image = new FakeImage({ width: options.width, height: options.height });
    FakeWindow.images.push(image);
    return image;
  }
  toPNG(): Buffer {
    return PNG.sync.write(new PNG({ width: this.size.width, height: this.size.height }));
  }
}

class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  permissionHandler: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
  readonly printOptions: unknown[] = [];
  readonly scripts: string[] = [];
  readonly captures: { x: number; y: number; width: number; height: number }[] = [];
  /** What window.scrollX/Y end up as after a scroll (the page stops short at its far edges). */
  scrollLimit = { x: Number.POSITIVE_INFINITY, y: Number.POSITIVE_INFINITY };
  /** The device scale the capture actually used (the screen's, say, instead of the asked one). */
  captureScale = 1;
  readonly session = {
    setPermissionRequestHandler: (handler: FakeWebContents['permissionHandler']) => {
      this.permissionHandler = handler;
    },
  };
  setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = handler;
  }
  async printToPDF(options: unknown): Promise<Buffer> {
    this.printOptions.push(options);
    return Buffer.from('%PDF-1.7 fake');
  }
  async executeJavaScript(code: string): Promise<unknown> {
    this.scripts.push(code);
    const m = /window\.scrollTo\(([-\w.]+), ([-\w.]+)\)/.exec(code);
    if (!m) return undefined;
    return { x: Math.min(Number(m[1]), this.scrollLimit.x), y: Math.min(Number(m[2]), this.scrollLimit.y) };
  }
  async capturePage(rect: { x: number; y: number; width: number; height: number }): Promise<FakeImage> {
    this.captures.push(rect);
    const image = new FakeImage({ width: Math.round(rect.width * this.captureScale), height: Math.round(rect.height * this.captureScale) });
    FakeWindow.images.push(image);
    return image;
  }
}

class FakeWindow {
  static instances: FakeWindow[] = [];
  static images: FakeImage[] = [];
  /** When set, loadFile rejects with it. */
  static loadError: Error | undefined;
  /** Set on each new window's contents before use. */
  static configure: ((contents: FakeWebContents) => void) | undefined;
  readonly webContents = new FakeWebContents();
  loadedFile: string | undefined;
  /** The file's text and mode when loadFile was called. */
  fileAtLoad: { text: string; mode: number } | undefined;
  destroyed = false;
  constructor(readonly options: Record<string, any>) {
    FakeWindow.instances.push(this);
    FakeWindow.configure?.(this.webContents);
  }
  async loadFile(file: string): Promise<void> {
    this.loadedFile = file;
    this.fileAtLoad = { text: readFileSync(file, 'utf8'), mode: statSync(file).mode & 0o777 };
    if (FakeWindow.loadError) throw FakeWindow.loadError;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    if (this.destroyed) throw new Error('destroyed twice');
    this.destroyed = true;
  }
}

let folder: string;
const deps = (): ElectronPrintDeps => ({ BrowserWindow: FakeWindow as unknown as ElectronPrintDeps['BrowserWindow'], tmpdir: folder });
const only = (): FakeWindow => {
  expect(FakeWindow.instances).toHaveLength(1);
  return FakeWindow.instances[0] as FakeWindow;
};
/** The temporary file is removed without being awaited (see the report): wait for it. */
const gone = (file: string | undefined) => vi.waitFor(() => expect(file && existsSync(file)).toBe(false), { timeout: 2000, interval: 5 });

const PAGE = '<!doctype html><html><head><title>Карта</title></head><body>Маршрут</body></html>';
const setup = { width: 3000, height: 2500, viewport: { width: 1024, height: 1024 }, scale: 2, transparent: false };

beforeEach(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'marshrut-engine-'));
  FakeWindow.instances = [];
  FakeWindow.images = [];
  FakeWindow.loadError = undefined;
  FakeWindow.configure = undefined;
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

function expectLockedDown(win: FakeWindow): void {
  const prefs = win.options.webPreferences as Record<string, unknown>;
  expect(win.options.show).toBe(false);
  expect(prefs.sandbox).toBe(true);
  expect(prefs.contextIsolation).toBe(true);
  expect(prefs.nodeIntegration).toBe(false);
  expect(prefs.webSecurity).toBe(true);
  expect(prefs.partition).toBe('marshrut-print');
  // In memory: a `persist:` partition would keep a profile on disk.
  expect(String(prefs.partition)).not.toMatch(/^persist:/);
  expect(prefs.preload).toBeUndefined();

  // Navigation is prevented.
  const contents = win.webContents;
  expect(contents.listenerCount('will-navigate')).toBeGreaterThan(0);
  const event = { preventDefault: vi.fn() };
  contents.emit('will-navigate', event, 'https://example.com/');
  expect(event.preventDefault).toHaveBeenCalledTimes(1);
  // window.open is denied.
  expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  // Every permission request is refused.
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
    const callback = vi.fn();
    contents.permissionHandler?.(contents, permission, callback);
    expect(callback).toHaveBeenCalledWith(false);
  }
  expect(contents.permissionHandler).toBeDefined();
}

describe('electronEngine.pdf', () => {
  it('a hidden, sandboxed, locked-down window without JavaScript prints the page with its CSS page sizes', async () => {
    const engine = electronEngine(deps());
    const pdf = await engine.pdf(PAGE);
    expect(Buffer.from(pdf).toString()).toBe('%PDF-1.7 fake');
    const win = only();
    expectLockedDown(win);
    expect((win.options.webPreferences as Record<string, unknown>).javascript).toBe(false);
    expect(win.webContents.printOptions).toEqual([
      {
        preferCSSPageSize: true,
        printBackground: true,
        margins: { top: 0, bottom: 0, left: 0, right: 0 },
        generateDocumentOutline: true,
        generateTaggedPDF: true,
      },
    ]);
    // Nothing run in the page.
    expect(win.webContents.scripts).toEqual([]);
  });

  it('the page goes through a private temporary file, written before the load and removed after', async () => {
    const engine = electronEngine(deps());
    await engine.pdf(PAGE);
    const win = only();
    expect(path.dirname(win.loadedFile ?? '')).toBe(folder);
    expect(path.basename(win.loadedFile ?? '')).toMatch(/^marshrut-print-[0-9a-f]{12}\.html$/);
    expect(win.fileAtLoad).toEqual({ text: PAGE, mode: 0o600 });
    await gone(win.loadedFile);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('the window is destroyed after printing, and after a failed print', async () => {
    const engine = electronEngine(deps());
    await engine.pdf(PAGE);
    expect(only().destroyed).toBe(true);

    FakeWindow.instances = [];
    FakeWindow.configure = (contents) => {
      contents.printToPDF = async () => Promise.reject(new Error('printing failed'));
    };
    await expect(engine.pdf(PAGE)).rejects.toThrow('printing failed');
    expect(only().destroyed).toBe(true);
    await gone(only().loadedFile);
  });

  it('a page that does not load: the error, the window destroyed, the file removed', async () => {
    FakeWindow.loadError = new Error('ERR_FAILED');
    const engine = electronEngine(deps());
    await expect(engine.pdf(PAGE)).rejects.toThrow('ERR_FAILED');
    expect(only().destroyed).toBe(true);
    await gone(only().loadedFile);
  });

  it('two pages at once get two windows and two files', async () => {
    const engine = electronEngine(deps());
    await Promise.all([engine.pdf(PAGE), engine.pdf(`${PAGE}<!-- 2 -->`)]);
    expect(FakeWindow.instances).toHaveLength(2);
    const [a, b] = FakeWindow.instances as [FakeWindow, FakeWindow];
    expect(a.loadedFile).not.toBe(b.loadedFile);
    expect(FakeWindow.instances.every((w) => w.destroyed)).toBe(true);
  });

  it('uses the system temporary folder by default', async () => {
    const engine = electronEngine({ BrowserWindow: FakeWindow as unknown as ElectronPrintDeps['BrowserWindow'] });
    await engine.pdf(PAGE);
    expect(path.dirname(only().loadedFile ?? '')).toBe(tmpdir());
    await gone(only().loadedFile);
  });
});

describe('electronEngine.capture', () => {
  it('an offscreen window at the capture scale, the viewport size, locked down, JavaScript only for the scroll', async () => {
    const engine = electronEngine(deps());
    const session = await engine.capture(PAGE, { ...setup, viewport: { width: 1023.5, height: 700.2 } });
    const win = only();
    expectLockedDown(win);
    const prefs = win.options.webPreferences as Record<string, any>;
    expect(prefs.offscreen).toEqual({ deviceScaleFactor: 2 });
    expect(prefs.javascript).toBe(true);
    expect(win.options).toMatchObject({ width: 1024, height: 701, useContentSize: true, frame: false, transparent: false, backgroundColor: '#ffffff', show: false });
    expect(win.fileAtLoad?.text).toBe(PAGE);
    await session.close();
  });

  it('transparent: a transparent window with a transparent background colour', async () => {
    const engine = electronEngine(deps());
    const session = await engine.capture(PAGE, { ...setup, transparent: true });
    expect(only().options).toMatchObject({ transparent: true, backgroundColor: '#00000000' });
    await session.close();
  });

  it('a shot scrolls to the region, captures it relative to the scroll, at clip × scale pixels', async () => {
    const engine = electronEngine(deps());
    FakeWindow.configure = (contents) => {
      contents.captureScale = 2;
      // The page (3000 × 2500 CSS px) in a 1024 × 1024 window scrolls at most to (1976, 1476).
      contents.scrollLimit = { x: 3000 - 1024, y: 2500 - 1024 };
    };
    const session = await engine.capture(PAGE, setup);
    const win = only();

    const first = await session.shot({ x: 0, y: 0, width: 1024, height: 1024 });
    const last = await session.shot({ x: 2048, y: 2048, width: 952, height: 452 });
    expect(win.webContents.scripts).toHaveLength(2);
    expect(win.webContents.scripts[0]).toContain('window.scrollTo(0, 0)');
    expect(win.webContents.scripts[1]).toContain('window.scrollTo(2048, 2048)');
    // The last region is past the furthest scroll: clipped from where the scroll stopped.
    expect(win.webContents.captures).toEqual([
      { x: 0, y: 0, width: 1024, height: 1024 },
      { x: 2048 - 1976, y: 2048 - 1476, width: 952, height: 452 },
    ]);
    // Sizes are right already: nothing resized.
    expect(FakeWindow.images.every((i) => i.resizedTo.length === 0)).toBe(true);
    expect(PNG.sync.read(Buffer.from(first))).toMatchObject({ width: 2048, height: 2048 });
    expect(PNG.sync.read(Buffer.from(last))).toMatchObject({ width: 1904, height: 904 });
    await session.close();
  });

  it("a capture at another scale than asked (the screen's) is resized to clip × scale", async () => {
    const engine = electronEngine(deps());
    FakeWindow.configure = (contents) => {
      contents.captureScale = 1.25;
    };
    const session = await engine.capture(PAGE, setup);
    const png = await session.shot({ x: 10, y: 20, width: 333, height: 111 });
    const captured = FakeWindow.images[0] as FakeImage;
    expect(captured.getSize()).toEqual({ width: 416, height: 139 });
    expect(captured.resizedTo).toEqual([{ width: 666, height: 222, quality: 'best' }]);
    expect(PNG.sync.read(Buffer.from(png))).toMatchObject({ width: 666, height: 222 });
    await session.close();
  });

  it('the scroll script is built from numbers only', async () => {
    const engine = electronEngine(deps());
    const session = await engine.capture(PAGE, setup);
    await session.shot({ x: '1); alert(1' as unknown as number, y: 5, width: 10, height: 10 });
    expect(only().webContents.scripts[0]).toContain('window.scrollTo(NaN, 5)');
    expect(only().webContents.scripts[0]).not.toContain('alert');
    await session.close();
  });

  it('closing the session destroys the window and removes the file', async () => {
    const engine = electronEngine(deps());
    const session = await engine.capture(PAGE, setup);
    const win = only();
    expect(existsSync(win.loadedFile ?? '')).toBe(true);
    expect(win.destroyed).toBe(false);
    await session.close();
    expect(win.destroyed).toBe(true);
    await gone(win.loadedFile);
  });

  it('closing the engine destroys windows still open; closing twice is harmless', async () => {
    const engine = electronEngine(deps());
    const a = await engine.capture(PAGE, setup);
    await engine.capture(PAGE, setup);
    await engine.close();
    expect(FakeWindow.instances.map((w) => w.destroyed)).toEqual([true, true]);
    await a.close();
    await engine.close();
  });

  it('renderPng through the Electron engine: one window, every tile captured at the scale, closed after', async () => {
    FakeWindow.configure = (contents) => {
      contents.captureScale = 2;
    };
    const engine = electronEngine(deps());
    const doc = createEmptyDocument('ru', new Date('2025-03-01T10:00:00Z'));
    const result = await renderPng(engine, doc, { locale: 'ru', scale: 2 });
    expect(result.ok).toBe(true);
    const win = only();
    expect(win.destroyed).toBe(true);
    expect(win.fileAtLoad?.text).toContain("script-src 'none'");
    expect(win.webContents.captures.length).toBe(win.webContents.scripts.length);
    if (result.ok) expect(PNG.sync.read(Buffer.from(result.png))).toMatchObject({ width: result.width, height: result.height });
    await gone(win.loadedFile);
  });

  it('renderPng of a report picture (below 1×): the offscreen window at device scale 1, the first tile large, each tile captured at its pixel size', async () => {
    const doc = generateLargeMap(500);
    const options = { locale: 'ru', title: false, scale: 2, maxSide: 2500 } as const;
    const planned = planPng(doc, options);
    if (!planned.ok) throw new Error(planned.error);
    const { plan } = planned;
    expect(plan.scale).toBeLessThan(1);
    expect(plan.tiles.length).toBe(2);
    const [a, b] = plan.tiles as [(typeof plan.tiles)[number], (typeof plan.tiles)[number]];
    FakeWindow.configure = (contents) => {
      // The page is the picture's pixel size; the window is the first tile's.
      contents.scrollLimit = { x: plan.width - a.width, y: plan.height - a.height };
    };
    const engine = electronEngine(deps());
    const result = await renderPng(engine, doc, options);
    expect(result.ok).toBe(true);
    const win = only();
    expect((win.options.webPreferences as Record<string, any>).offscreen).toEqual({ deviceScaleFactor: 1 });
    expect([win.options.width, win.options.height]).toEqual([a.width, a.height]);
    // The picture is inline, drawn at the PNG's size.
    expect(win.fileAtLoad?.text).toMatch(new RegExp(`<body>\\n<svg [^>]* width="${plan.width}" height="${plan.height}">`));
    expect(win.fileAtLoad?.text).not.toContain('<img');
    expect(win.webContents.captures).toEqual([
      { x: 0, y: 0, width: a.width, height: a.height },
      { x: b.x - (plan.width - a.width), y: 0, width: b.width, height: b.height },
    ]);
    // Captured at the size wanted: nothing resized.
    expect(FakeWindow.images.every((i) => i.resizedTo.length === 0)).toBe(true);
    if (result.ok) expect(PNG.sync.read(Buffer.from(result.png))).toMatchObject({ width: plan.width, height: plan.height });
    expect(win.destroyed).toBe(true);
    await gone(win.loadedFile);
  });
});
