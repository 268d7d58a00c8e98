/**
 * The PDF and PNG exports through a real Chromium (playwrightEngine on the suites' browser),
 * written to files and read back with poppler (pdfinfo, pdftotext) and the PNG header/pixels:
 * page counts and sizes for every sheet size, tiled posters with their sheet names, the A4
 * appendix with its links, PNG sizes at 1×/2×/4× and the background, the stitched PNG against a
 * single screenshot, the report picture below 1×, the 1000-step map, and the other templates.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { launchChromium } from './support/browser';
import { renderPdf, renderPng, type PrintEngine } from '../../electron/print/engine';
import { playwrightEngine } from '../../electron/print/playwright-engine';
import { pngSize } from '../../electron/print/png';
import { exportDocxWithPicture, REPORT_PICTURE } from '../../shared/export/docx';
import { painRegister } from '../../shared/export/docx/content';
import { generateLargeMap } from '../../shared/export/large-map';
import { capturePage, planPng, printDocument, svgDataUri, tileName, type PageSize, type PrintOptions } from '../../shared/export/print';
import { exportSvg } from '../../shared/export/svg';
import { translate } from '../../shared/i18n';
import type { JourneyMap } from '../../shared/model';
import { loadTemplate, type TemplateId } from '../../templates';
import { BUILT_IN_CATALOGS } from '../../templates/guidance';

const NOW = new Date('2025-03-01T10:00:00Z');
const catalogs = BUILT_IN_CATALOGS;
const MM_TO_PT = 72 / 25.4;
const SIZES_PT: Record<PageSize, [number, number]> = {
  A4: [842, 595],
  A3: [1191, 842],
  A2: [1684, 1191],
  A1: [2384, 1684],
  A0: [3370, 2384],
};

let browser: Browser;
let engine: PrintEngine;
let dir: string;
let fileCount = 0;

beforeAll(async () => {
  browser = await launchChromium();
  engine = playwrightEngine(browser);
  dir = mkdtempSync(join(tmpdir(), 'marshrut-print-'));
});
afterAll(async () => {
  await engine?.close();
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sample = () => loadTemplate('driving-licence-as-is', 'ru', NOW);

function save(bytes: Uint8Array, ext: string): string {
  const file = join(dir, `out-${++fileCount}.${ext}`);
  writeFileSync(file, bytes);
  return file;
}

async function pdfFile(doc: JourneyMap, options: Omit<PrintOptions, 'catalogs'>): Promise<string> {
  const bytes = await renderPdf(engine, doc, { catalogs, ...options });
  expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  return save(bytes, 'pdf');
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** Page count and every page's size in points, from pdfinfo. */
function pdfPages(file: string): { count: number; sizes: [number, number][] } {
  const count = Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [file]))?.[1]);
  const info = run('pdfinfo', ['-f', '1', '-l', String(count), file]);
  const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [Number(m[1]), Number(m[2])] as [number, number]);
  return { count, sizes };
}

/** The text of a PDF (or of pages first…last), whitespace collapsed to single spaces. */
function pdfText(file: string, first?: number, last?: number): string {
  const range = [...(first ? ['-f', String(first)] : []), ...(last ? ['-l', String(last)] : [])];
  return run('pdftotext', ['-enc', 'UTF-8', ...range, file, '-']).replace(/\s+/g, ' ');
}

/** The link annotations' URLs, from `pdfinfo -url`. */
function pdfUrls(file: string): { page: number; url: string }[] {
  return [...run('pdfinfo', ['-url', file]).matchAll(/^\s*(\d+)\s+Annotation\s+(\S+)/gm)].map((m) => ({ page: Number(m[1]), url: m[2] ?? '' }));
}

function expectSize(size: [number, number] | undefined, want: [number, number]): void {
  expect(size).toBeDefined();
  expect(Math.abs((size?.[0] ?? 0) - want[0])).toBeLessThanOrEqual(1);
  expect(Math.abs((size?.[1] ?? 0) - want[1])).toBeLessThanOrEqual(1);
}

/** Width and height straight from the IHDR chunk. */
function ihdr(png: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  expect(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(b.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('PDF, one sheet', () => {
  it('the ISO sizes in points are the sheet sizes in mm', () => {
    for (const page of Object.keys(SIZES_PT) as PageSize[]) {
      const { sheet } = printDocument(sample(), { locale: 'ru', catalogs, page });
      expect(Math.round(sheet.width * MM_TO_PT)).toBe(SIZES_PT[page][0]);
      expect(Math.round(sheet.height * MM_TO_PT)).toBe(SIZES_PT[page][1]);
    }
  });

  for (const page of Object.keys(SIZES_PT) as PageSize[]) {
    it(`${page}: one landscape page of ${SIZES_PT[page].join(' × ')} pt with the map's Cyrillic text`, async () => {
      // Given the sample, when printed on one sheet
      const doc = sample();
      const file = await pdfFile(doc, { locale: 'ru', page });
      // then one page of the sheet's size, landscape
      const { count, sizes } = pdfPages(file);
      expect(count).toBe(1);
      expectSize(sizes[0], SIZES_PT[page]);
      // and the map's text is text: the title, every stage, every step (its first word: long titles are cut)
      const text = pdfText(file);
      expect(text).toContain(doc.meta.title);
      for (const stage of doc.stages) expect(text).toContain(stage.title.split(/\s+/)[0]);
      for (const step of doc.steps) expect(text, step.title).toContain(step.title.split(/\s+/)[0]);
      expect(text).toMatch(/[А-Яа-яЁё]{6}/);
    });
  }

  const others: TemplateId[] = ['driving-licence-to-be', 'foreign-passport-as-is', 'child-birth-as-is', 'blank-blueprint'];
  for (const id of others) {
    it(`${id}: one A3 page with its title`, async () => {
      const doc = loadTemplate(id, 'ru', NOW);
      const file = await pdfFile(doc, { locale: 'ru', page: 'A3' });
      const { count, sizes } = pdfPages(file);
      expect(count).toBe(1);
      expectSize(sizes[0], SIZES_PT.A3);
      const text = pdfText(file);
      expect(text).toContain(doc.meta.title.split(/\s+/).slice(0, 2).join(' '));
      for (const step of doc.steps.slice(0, 5)) expect(text, step.title).toContain(step.title.split(/\s+/)[0]);
    });
  }
});

describe('PDF, tiled poster', () => {
  for (const page of ['A4', 'A3'] as const) {
    it(`${page}: the assembly sheet and every tile, all ${page} landscape, every sheet named`, async () => {
      const doc = sample();
      const printed = printDocument(doc, { locale: 'ru', catalogs, page, tiles: true });
      const grid = printed.tiles;
      expect(grid).toBeDefined();
      if (!grid) return;
      const file = await pdfFile(doc, { locale: 'ru', page, tiles: true });
      const { count, sizes } = pdfPages(file);
      expect(count).toBe(grid.columns * grid.rows + 1);
      expect(count).toBe(printed.mapPages);
      expect(sizes).toHaveLength(count);
      for (const size of sizes) expectSize(size, SIZES_PT[page]);
      // Assembly sheet first, with its title; then sheet A1, A2…
      expect(pdfText(file, 1, 1)).toContain(translate('ru', 'export.print.assemblyTitle'));
      for (let r = 0; r < grid.rows; r++) {
        for (let c = 0; c < grid.columns; c++) {
          const index = r * grid.columns + c + 1;
          const text = pdfText(file, index + 1, index + 1);
          expect(text).toContain(`Лист ${tileName(r, c)} — ${index} из ${grid.columns * grid.rows}`);
        }
      }
    });
  }

  it('tiled at 50 % takes fewer sheets than at 100 %', async () => {
    const doc = sample();
    const file = await pdfFile(doc, { locale: 'en', page: 'A4', tiles: true, tileScale: 0.5 });
    const printed = printDocument(doc, { locale: 'en', catalogs, page: 'A4', tiles: true, tileScale: 0.5 });
    const full = printDocument(doc, { locale: 'en', catalogs, page: 'A4', tiles: true });
    expect(printed.mapPages).toBeLessThan(full.mapPages);
    expect(pdfPages(file).count).toBe(printed.mapPages);
    expect(pdfText(file)).toContain('Sheet A1 — 1 of');
  });
});

describe('PDF with the A4 appendix', () => {
  it('A3 map, then A4 portrait pages: scorecard, pain register, handbook links that stay clickable', async () => {
    const doc = sample();
    const printed = printDocument(doc, { locale: 'ru', catalogs, page: 'A3', appendix: true });
    const file = await pdfFile(doc, { locale: 'ru', page: 'A3', appendix: true });
    const { count, sizes } = pdfPages(file);
    expect(count).toBeGreaterThan(printed.mapPages);
    expectSize(sizes[0], SIZES_PT.A3);
    for (const size of sizes.slice(printed.mapPages)) expectSize(size, [595, 842]);

    const appendix = pdfText(file, printed.mapPages + 1);
    expect(appendix).toContain(`${translate('ru', 'export.print.appendix')}: ${doc.meta.title}`);
    expect(appendix).toContain(translate('ru', 'metrics.painPointsBySeverity'));
    // The pain register, in severity order (compared without spaces and hyphens: table cells wrap,
    // and pdftotext joins a line ending in a hyphen without it).
    const register = painRegister(doc);
    expect(register.length).toBeGreaterThan(1);
    const squeeze = (text: string) => text.replace(/[\s\-\u2010]/g, '');
    const at = register.map((p) => squeeze(appendix).indexOf(squeeze(p.title)));
    for (const [i, p] of register.entries()) expect(at[i], p.title).toBeGreaterThanOrEqual(0);
    expect(at).toEqual([...at].sort((a, b) => a - b));

    // The handbook sections are link annotations on the appendix pages.
    const urls = pdfUrls(file);
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) {
      expect(u.url).toMatch(/^https:\/\/cx\.cdto\.ranepa\.ru\//);
      expect(u.page).toBeGreaterThan(printed.mapPages);
    }
    const hrefs = new Set([...(printed.appendixHtml ?? '').matchAll(/<a href="([^"]+)">/g)].map((m) => new URL(m[1] ?? '').href));
    expect(new Set(urls.map((u) => u.url))).toEqual(hrefs);
    expect(urls.some((u) => /^https:\/\/cx\.cdto\.ranepa\.ru\/.+/.test(u.url))).toBe(true);
  });

  it('a tiled A4 poster with the appendix: the sheets, then A4 portrait', async () => {
    const doc = sample();
    const printed = printDocument(doc, { locale: 'en', catalogs, page: 'A4', tiles: true, appendix: true });
    const file = await pdfFile(doc, { locale: 'en', page: 'A4', tiles: true, appendix: true });
    const { count, sizes } = pdfPages(file);
    expect(count).toBeGreaterThan(printed.mapPages);
    for (const size of sizes.slice(0, printed.mapPages)) expectSize(size, SIZES_PT.A4);
    for (const size of sizes.slice(printed.mapPages)) expectSize(size, [595, 842]);
    expect(pdfText(file, printed.mapPages + 1)).toContain('Pain register');
  });
});

describe('PNG', () => {
  for (const scale of [1, 2, 4] as const) {
    it(`the sample at ${scale}×: the SVG's size × ${scale}`, { timeout: 90_000 }, async () => {
      const doc = sample();
      const svg = exportSvg(doc, { locale: 'ru' });
      const result = await renderPng(engine, doc, { locale: 'ru', scale });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      save(result.png, 'png');
      expect(ihdr(result.png)).toEqual({ width: svg.width * scale, height: svg.height * scale });
      expect(pngSize(result.png)).toEqual({ width: result.width, height: result.height });
      expect([result.width, result.height]).toEqual([svg.width * scale, svg.height * scale]);
    });
  }

  it('white background: the corner is opaque white; transparent: alpha 0 there, the map still drawn', async () => {
    const doc = sample();
    const corner = (png: Uint8Array) => {
      const image = PNG.sync.read(Buffer.from(png));
      const at = (x: number, y: number) => [...image.data.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4)];
      const opaque = (() => {
        let n = 0;
        for (let i = 3; i < image.data.length; i += 4) if ((image.data[i] as number) > 0) n++;
        return n / (image.width * image.height);
      })();
      return { topLeft: at(1, 1), bottomRight: at(image.width - 2, image.height - 2), opaque };
    };
    const white = await renderPng(engine, doc, { locale: 'ru', scale: 1 });
    const clear = await renderPng(engine, doc, { locale: 'ru', scale: 1, background: 'transparent' });
    expect(white.ok && clear.ok).toBe(true);
    if (!white.ok || !clear.ok) return;
    const w = corner(white.png);
    expect(w.topLeft).toEqual([255, 255, 255, 255]);
    expect(w.bottomRight).toEqual([255, 255, 255, 255]);
    expect(w.opaque).toBe(1);
    const c = corner(clear.png);
    expect(c.topLeft[3]).toBe(0);
    expect(c.bottomRight[3]).toBe(0);
    // The map itself is painted (its grid has a white fill of its own).
    expect(c.opaque).toBeGreaterThan(0.3);
    expect(c.opaque).toBeLessThan(1);
  });

  it('the stitched 2× PNG (4 tiles) is the same picture as one full-page screenshot', { timeout: 90_000 }, async () => {
    const doc = sample();
    const planned = planPng(doc, { locale: 'ru', scale: 2 });
    if (!planned.ok) throw new Error(planned.error);
    expect(planned.plan.tiles.length).toBeGreaterThan(1);
    const result = await renderPng(engine, doc, { locale: 'ru', scale: 2 });
    if (!result.ok) throw new Error(result.error);
    const context = await browser.newContext({ viewport: { width: planned.plan.cssWidth, height: planned.plan.cssHeight }, deviceScaleFactor: 2 });
    try {
      const page = await context.newPage();
      await page.setContent(capturePage(planned.plan, false, 'ru'), { waitUntil: 'load' });
      const reference = PNG.sync.read(await page.screenshot({ type: 'png', scale: 'device' }));
      const stitched = PNG.sync.read(Buffer.from(result.png));
      expect([reference.width, reference.height]).toEqual([stitched.width, stitched.height]);
      let different = 0;
      for (let i = 0; i < reference.data.length; i += 4) {
        for (let k = 0; k < 4; k++) {
          if (Math.abs((reference.data[i + k] as number) - (stitched.data[i + k] as number)) > 16) {
            different++;
            break;
          }
        }
      }
      // Anti-aliasing at tile seams may differ by a shade; nothing may be shifted or missing.
      expect(different / (reference.width * reference.height)).toBeLessThan(0.001);
    } finally {
      await context.close();
    }
  });
});

describe('the report picture (maxSide, as the DOCX export asks for)', () => {
  /** A screenshot of a whole page, as pixels. */
  async function screenshot(html: string, viewport: { width: number; height: number }, deviceScaleFactor: number): Promise<PNG> {
    const context = await browser.newContext({ viewport, deviceScaleFactor });
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      return PNG.sync.read(await page.screenshot({ type: 'png', scale: 'device' }));
    } finally {
      await context.close();
    }
  }
  /**
   * The share of pixels two images differ in by more than `by` (any channel), and the mean
   * difference, over the area they share (they may differ by `slack` pixels a side).
   */
  function difference(a: PNG, b: PNG, by: number, slack = 0): { share: number; mean: number } {
    expect(Math.abs(a.width - b.width)).toBeLessThanOrEqual(slack);
    expect(Math.abs(a.height - b.height)).toBeLessThanOrEqual(slack);
    const width = Math.min(a.width, b.width);
    const height = Math.min(a.height, b.height);
    let count = 0;
    let sum = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * a.width + x) * 4;
        const j = (y * b.width + x) * 4;
        let d = 0;
        for (let k = 0; k < 4; k++) d = Math.max(d, Math.abs((a.data[i + k] as number) - (b.data[j + k] as number)));
        if (d > by) count++;
        sum += d;
      }
    }
    return { share: count / (width * height), mean: sum / (width * height) };
  }

  it('below 1×: drawn at its pixel size and captured at device scale 1 in two tiles; the same picture as before', { timeout: 120_000 }, async () => {
    const doc = generateLargeMap(500);
    const options = { locale: 'ru', title: false, scale: 2, maxSide: 2500 } as const;
    const planned = planPng(doc, options);
    if (!planned.ok) throw new Error(planned.error);
    const { plan } = planned;
    expect(plan.scale).toBeLessThan(1);
    expect(plan.deviceScale).toBe(1);
    expect(plan.tiles.length).toBe(2);
    const result = await renderPng(engine, doc, options);
    if (!result.ok) throw new Error(result.error);
    save(result.png, 'png');
    expect(ihdr(result.png)).toEqual({ width: plan.width, height: plan.height });
    expect(Math.max(plan.width, plan.height)).toBe(2500);
    const stitched = PNG.sync.read(Buffer.from(result.png));
    // The tiles stitched are the page in one shot.
    const page = await screenshot(capturePage(plan, false, 'ru'), { width: plan.width, height: plan.height }, 1);
    expect(difference(page, stitched, 16).share).toBeLessThan(0.001);
    // The page has the SVG inline; as an <img> of a data: URI (as it had before), the picture is the same.
    const html = capturePage(plan, false, 'ru');
    const asImage = html.replace(/<body>\n[\s\S]*\n<\/body>/, `<body>\n<img alt="" width="${plan.width}" height="${plan.height}" src="${svgDataUri(plan.svg)}">\n</body>`).replace('svg { display: block }', 'img { display: block }');
    expect(asImage).toContain('<img alt=""');
    expect(difference(await screenshot(asImage, { width: plan.width, height: plan.height }, 1), page, 0).share).toBeLessThan(0.0001);
    // And the picture as it was captured before, at its natural size at a fractional device
    // scale: the same, but for the anti-aliasing of small text.
    const svg = exportSvg(doc, { locale: 'ru', title: false });
    const natural = await screenshot(capturePage({ svg: plan.svg, cssWidth: svg.width, cssHeight: svg.height }, false, 'ru'), { width: svg.width, height: svg.height }, plan.scale);
    const before = difference(natural, stitched, 64, 1);
    expect(before.share).toBeLessThan(0.02);
    expect(before.mean).toBeLessThan(6);
  });
});

describe('the DOCX report with the map picture (exportDocxWithPicture)', () => {
  it('built around the placeholder, then the captured PNG put in: the report holds the PNG the capture gave', { timeout: 120_000 }, async () => {
    const doc = generateLargeMap(300);
    let captured: Uint8Array | undefined;
    const built = await exportDocxWithPicture(doc, { locale: 'ru', catalogs, now: NOW }, async (started) => {
      // As the export dialog: the capture asked for, then the build (here in the same thread, so after it).
      started();
      const result = await renderPng(engine, doc, { locale: 'ru', ...REPORT_PICTURE });
      if (result.ok) captured = result.png;
      return result;
    });
    expect(built.warning).toBeUndefined();
    expect(captured).toBeDefined();
    const zip = await JSZip.loadAsync(built.docx, { checkCRC32: true });
    const media = Object.keys(zip.files).filter((name) => /^word\/media\/.+\.png$/.test(name));
    expect(media).toHaveLength(1);
    expect(Buffer.compare(Buffer.from(await zip.file(media[0] as string)!.async('uint8array')), Buffer.from(captured as Uint8Array))).toBe(0);
    const size = ihdr(captured as Uint8Array);
    expect(Math.max(size.width, size.height)).toBe(REPORT_PICTURE.maxSide);
    expect(await zip.file('word/document.xml')!.async('string')).toContain(doc.meta.title);
  });

  it('capture tabs are reused: PNGs one after another open no more tabs than the first', { timeout: 120_000 }, async () => {
    const doc = sample();
    const tabs = () => browser.contexts().reduce((n, context) => n + context.pages().length, 0);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
    expect((await renderPng(engine, doc, { locale: 'ru', scale: 1 })).ok).toBe(true);
    await settle();
    const open = tabs();
    for (let i = 0; i < 3; i++) {
      expect((await renderPng(engine, doc, { locale: 'ru', scale: 1, background: i === 1 ? 'transparent' : 'white' })).ok).toBe(true);
      await settle();
      expect(tabs()).toBe(open);
    }
  });
});

describe('the 1000-step map', () => {
  const big = generateLargeMap(1000);

  it('A0 on one page, then the A4 appendix', { timeout: 120_000 }, async () => {
    const printed = printDocument(big, { locale: 'ru', catalogs, page: 'A0', appendix: true });
    const file = await pdfFile(big, { locale: 'ru', page: 'A0', appendix: true });
    const { count, sizes } = pdfPages(file);
    expect(printed.mapPages).toBe(1);
    expectSize(sizes[0], SIZES_PT.A0);
    expect(count).toBeGreaterThan(1);
    for (const size of sizes.slice(1)) expectSize(size, [595, 842]);
    const text = pdfText(file, 1, 1);
    expect(text).toContain(big.meta.title);
    expect(text).toContain('шаг 1000');
    // All 100 pains in the register.
    const appendix = pdfText(file, 2);
    for (const p of painRegister(big)) expect(appendix).toContain(`${p.title.split(':')[0]}:`);
  });

  it('tiled on A3: as many pages as printDocument says, all A3', { timeout: 120_000 }, async () => {
    const printed = printDocument(big, { locale: 'ru', catalogs, page: 'A3', tiles: true });
    const file = await pdfFile(big, { locale: 'ru', page: 'A3', tiles: true });
    const { count, sizes } = pdfPages(file);
    expect(count).toBe(printed.mapPages);
    expect(count).toBe((printed.tiles?.columns ?? 0) * (printed.tiles?.rows ?? 0) + 1);
    expect(sizes.every((s) => Math.abs(s[0] - SIZES_PT.A3[0]) <= 1 && Math.abs(s[1] - SIZES_PT.A3[1]) <= 1)).toBe(true);
    const last = tileName((printed.tiles?.rows ?? 1) - 1, (printed.tiles?.columns ?? 1) - 1);
    expect(pdfText(file, count, count)).toContain(`Лист ${last}`);
  });

  it('PNG at 1×: the SVG size', { timeout: 120_000 }, async () => {
    const svg = exportSvg(big, { locale: 'ru' });
    const result = await renderPng(engine, big, { locale: 'ru', scale: 1 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(ihdr(result.png)).toEqual({ width: svg.width, height: svg.height });
  });

  it('PNG at 4× is refused with the message, in both languages', async () => {
    for (const locale of ['ru', 'en'] as const) {
      const result = await renderPng(engine, big, { locale, scale: 4 });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const planned = planPng(big, { locale, scale: 4 });
      expect(planned.ok === false && planned.error).toBe(result.error);
      expect(result.error).toMatch(locale === 'ru' ? /^Картинка получилась бы 40\s672 × 14\s408 пикселей/ : /^The picture would be 40,672 × 14,408 pixels/);
    }
  });
});
