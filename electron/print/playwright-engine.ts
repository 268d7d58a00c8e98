/**
 * The print engine outside Electron: a Chromium driven by Playwright (playwright-core, no
 * browser download). The command line under Node uses it (`--browser <path>`, else
 * /usr/bin/chromium and its usual siblings), and so do the tests. Nothing is fetched: every
 * request a page makes is aborted, and the pages carry a CSP with `script-src 'none'`.
 *
 * Two things keep an export quick here (measured on a 2000-step map, 2 cores):
 * - Pages load in tabs of windows that stay open. Chromium (headless since v132 is the full
 *   browser) starts its omnibox popup's page, a ~2 s WebUI renderer, with every new window — and
 *   a context per export, or a last tab closed, made one per export, racing it for the CPU.
 * - A page arrives as the response to a navigation (a route fulfils it) rather than through
 *   `setContent`, which passes a 2 MB page as a script argument to `document.write` (~0.4 s).
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CaptureSession, CaptureSetup, PrintEngine } from './engine';

/** Where Chromium usually is on Linux, macOS and Windows. */
export const CHROMIUM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

export type FoundBrowser = { ok: true; path: string } | { ok: false; detail: string };

/** The Chromium to print with: the one named, else CHROMIUM_PATH, else the first usual place that has one. */
export function findChromium(named: string | undefined, env: Record<string, string | undefined> = process.env): FoundBrowser {
  if (named !== undefined) return existsSync(named) ? { ok: true, path: named } : { ok: false, detail: `${named} does not exist` };
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? { ok: true, path: fromEnv } : { ok: false, detail: `CHROMIUM_PATH=${fromEnv} does not exist` };
  const found = CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate));
  return found ? { ok: true, path: found } : { ok: false, detail: `none of ${CHROMIUM_CANDIDATES.slice(0, 2).join(', ')} … exists` };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--font-render-hinting=none',
];

export async function launchPlaywrightEngine(executablePath: string): Promise<PrintEngine> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  return playwrightEngine(browser, { closeBrowser: true });
}

/** The address a print page is served at, by a route of its own page (no request leaves). */
export const PRINT_PAGE_URL = 'https://print.marshrut.invalid/';

/** The page each tab is to show next, served at PRINT_PAGE_URL by the tab's route. */
const pages = new WeakMap<Page, string>();

/** Loads `html` as the page at PRINT_PAGE_URL, then waits for its fonts. */
async function show(page: Page, html: string): Promise<void> {
  if (!pages.has(page)) await page.route(PRINT_PAGE_URL, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: pages.get(page) ?? '' }));
  pages.set(page, html);
  await page.goto(PRINT_PAGE_URL, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** An engine on a running browser (tests share theirs); it closes the browser only when told. */
export function playwrightEngine(browser: Browser, options: { closeBrowser?: boolean } = {}): PrintEngine {
  // Offline contexts, each with a window a blank tab keeps open (see the top of this file): one
  // for PDFs, one per capture pixel density (a context's, not a page's, in Playwright).
  const windows = new Map<string, Promise<BrowserContext>>();
  const windowFor = (key: string, deviceScaleFactor?: number) => {
    let context = windows.get(key);
    if (!context) {
      context = (async () => {
        const created = await browser.newContext(deviceScaleFactor === undefined ? {} : { deviceScaleFactor });
        await created.route('**/*', (route) => route.abort());
        await created.newPage();
        return created;
      })();
      windows.set(key, context);
      context.catch(() => windows.delete(key));
    }
    return context;
  };
  // Tabs free for the next page of the same window (a new tab and closing it took ~0.25 s).
  const idle = new Map<string, Page[]>();
  const tab = async (key: string, deviceScaleFactor?: number): Promise<Page> => idle.get(key)?.pop() ?? (await (await windowFor(key, deviceScaleFactor)).newPage());
  /** After its work: the tab's page freed (its memory after the bytes are handed back), the tab offered again; closed when it failed. */
  const release = (key: string, page: Page, ok: boolean) => {
    pages.set(page, '');
    if (ok)
      void page.goto('about:blank').then(
        () => {
          // An engine closed meanwhile has closed its windows, and the tab with them.
          if (!windows.has(key)) return;
          const free = idle.get(key) ?? [];
          idle.set(key, free);
          free.push(page);
        },
        () => page.close().catch(() => undefined),
      );
    else void page.close().catch(() => undefined);
  };
  return {
    async pdf(html) {
      const page = await tab('pdf');
      let ok = false;
      try {
        await show(page, html);
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true });
        ok = true;
        return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      } finally {
        release('pdf', page, ok);
      }
    },
    async capture(html: string, setup: CaptureSetup): Promise<CaptureSession> {
      const key = `capture@${setup.scale}`;
      const page = await tab(key, setup.scale);
      try {
        await page.setViewportSize({ width: Math.ceil(setup.viewport.width), height: Math.ceil(setup.viewport.height) });
        await show(page, html);
      } catch (error) {
        release(key, page, false);
        throw error;
      }
      // A shot that failed leaves the tab in a state not known: it is closed, not reused.
      let ok = true;
      let closed = false;
      return {
        async shot(clip) {
          try {
            // Scroll the region into the viewport (as Electron's capturePage needs too); at the
            // page's far edges the scroll stops short, so the clip is taken relative to it.
            const at = await page.evaluate(([x, y]) => {
              window.scrollTo(x, y);
              return { x: window.scrollX, y: window.scrollY };
            }, [clip.x, clip.y] as const);
            const view = { x: clip.x - at.x, y: clip.y - at.y, width: clip.width, height: clip.height };
            const png = await page.screenshot({ clip: view, omitBackground: setup.transparent, type: 'png', animations: 'disabled', caret: 'initial', scale: 'device' });
            return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
          } catch (error) {
            ok = false;
            throw error;
          }
        },
        async close() {
          if (closed) return;
          closed = true;
          release(key, page, ok);
        },
      };
    },
    async close() {
      const open = [...windows.values()];
      windows.clear();
      idle.clear();
      await Promise.all(open.map(async (context) => (await context.catch(() => null))?.close()));
      if (options.closeBrowser) await browser.close();
    },
  };
}
