/**
 * PDF and PNG exports: the pages from shared/export/print.ts turned into bytes by a Chromium.
 * The engine is Electron's own (printToPDF / capturePage in a hidden window) in the app, and
 * Playwright driving a Chromium in tests and in the command line under Node; both implement
 * PrintEngine, and everything else here is shared.
 */
import type { JourneyMap } from '../../shared/model';
import { capturePage, planPng, printDocument, type PngOptions, type PrintOptions } from '../../shared/export/print';
import { concatPdf } from './pdf';
import { PngWriter, readPngRgba } from './png';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CaptureSetup {
  /** The page's whole size in CSS px. */
  width: number;
  height: number;
  /** The largest clip asked for, in CSS px (the window or viewport size). */
  viewport: { width: number; height: number };
  /** Device pixels per CSS px. */
  scale: number;
  transparent: boolean;
}

/** A page loaded once, captured region by region. */
export interface CaptureSession {
  /** PNG bytes of one region, clip.width × scale by clip.height × scale pixels. */
  shot(clip: Rect): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface PrintEngine {
  /** Prints a page whose CSS gives its sheet sizes (@page) to PDF. */
  pdf(html: string): Promise<Uint8Array>;
  capture(html: string, setup: CaptureSetup): Promise<CaptureSession>;
  close(): Promise<void>;
}

/**
 * The map's sheets, then the appendix when asked for, as one PDF. The two print side by side:
 * each page is one renderer's work, so a second core takes the appendix.
 */
export async function renderPdf(engine: PrintEngine, doc: JourneyMap, options: PrintOptions): Promise<Uint8Array> {
  const printed = printDocument(doc, options);
  if (!printed.appendixHtml) return engine.pdf(printed.html);
  const [sheets, appendix] = await Promise.all([engine.pdf(printed.html), engine.pdf(printed.appendixHtml)]);
  return concatPdf([sheets, appendix], doc.meta.title);
}

export type PngResult = { ok: true; png: Uint8Array; width: number; height: number } | { ok: false; error: string };

/**
 * The map as a PNG: captured in tiles no GPU refuses, stitched band by band into one image
 * (never more than one band of raw pixels in memory), with its resolution (96 dpi × scale). A
 * picture smaller than the map's natural size is drawn at its final size and captured at device
 * scale 1 (see PngPlan.deviceScale).
 */
export async function renderPng(engine: PrintEngine, doc: JourneyMap, options: PngOptions): Promise<PngResult> {
  const planned = planPng(doc, options);
  if (!planned.ok) return planned;
  const { plan } = planned;
  const transparent = options.background === 'transparent';
  const first = plan.tiles[0] as Rect;
  const session = await engine.capture(capturePage(plan, transparent, options.locale), {
    width: plan.cssWidth,
    height: plan.cssHeight,
    viewport: { width: first.width, height: first.height },
    scale: plan.deviceScale,
    transparent,
  });
  try {
    // Tiles are in CSS px of the capture page, deviceScale device pixels each.
    const ds = plan.deviceScale;
    const writer = new PngWriter(plan.width, plan.height, 96 * plan.scale);
    for (let start = 0; start < plan.tiles.length; start += plan.columns) {
      const band = plan.tiles.slice(start, start + plan.columns);
      const top = Math.round((band[0] as Rect).y * ds);
      const bandHeight = Math.min(plan.height - top, Math.round(((band[0] as Rect).y + (band[0] as Rect).height) * ds) - top);
      const rows = Buffer.alloc(plan.width * bandHeight * 4);
      for (const tile of band) {
        const image = readPngRgba(await session.shot(tile));
        const left = Math.round(tile.x * ds);
        const w = Math.min(image.width, plan.width - left);
        const h = Math.min(image.height, bandHeight);
        for (let y = 0; y < h; y++) {
          image.data.copy(rows, (y * plan.width + left) * 4, y * image.width * 4, (y * image.width + w) * 4);
        }
      }
      await writer.rows(rows, bandHeight);
    }
    return { ok: true, png: await writer.finish(), width: plan.width, height: plan.height };
  } finally {
    await session.close();
  }
}

