/**
 * The print engine outside Electron: a Chromium driven by Playwright (playwright-core, no
 * browser download). The command line under Node uses it (`--browser <path>`, else
 * /usr/bin/chromium and its usual siblings), and so do the tests. Nothing is fetched: every
 * request a page makes is aborted, and the pages carry a CSP with `script-src 'none'`.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
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

/** An engine on a running browser (tests share theirs); it closes the browser only when told. */
export function playwrightEngine(browser: Browser, options: { closeBrowser?: boolean } = {}): PrintEngine {
  const offline = async (context: BrowserContext) => {
    await context.route('**/*', (route) => route.abort());
    return context;
  };
  return {
    async pdf(html) {
      const context = await offline(await browser.newContext());
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true });
        return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      } finally {
        await context.close();
      }
    },
    async capture(html: string, setup: CaptureSetup): Promise<CaptureSession> {
      const context = await offline(
        await browser.newContext({ viewport: { width: Math.ceil(setup.viewport.width), height: Math.ceil(setup.viewport.height) }, deviceScaleFactor: setup.scale }),
      );
      let page;
      try {
        page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        await page.evaluate(() => document.fonts.ready.then(() => undefined));
      } catch (error) {
        await context.close();
        throw error;
      }
      return {
        async shot(clip) {
          // Scroll the region into the viewport (as Electron's capturePage needs too); at the
          // page's far edges the scroll stops short, so the clip is taken relative to it.
          const at = await page.evaluate(([x, y]) => {
            window.scrollTo(x, y);
            return { x: window.scrollX, y: window.scrollY };
          }, [clip.x, clip.y] as const);
          const view = { x: clip.x - at.x, y: clip.y - at.y, width: clip.width, height: clip.height };
          const png = await page.screenshot({ clip: view, omitBackground: setup.transparent, type: 'png', animations: 'disabled', caret: 'initial', scale: 'device' });
          return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
        },
        close: () => context.close(),
      };
    },
    async close() {
      if (options.closeBrowser) await browser.close();
    },
  };
}
