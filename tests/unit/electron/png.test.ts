/**
 * electron/print/png.ts (the band-by-band PNG writer, pngSize, readPngRgba) and the stitching in
 * electron/print/engine.ts (renderPng, renderPdf) on a fake engine: no Chromium needed.
 */
import { describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { PNG } from 'pngjs';
import { renderPdf, renderPng, type CaptureSetup, type PrintEngine, type Rect } from '../../../electron/print/engine';
import { PngWriter, pngSize, readPngRgba } from '../../../electron/print/png';
import { createEmptyDocument } from '../../../shared/model';
import { generateLargeMap } from '../../../shared/export/large-map';
import { MAX_TILE_PX, planPng, printDocument } from '../../../shared/export/print';
import { exportSvg } from '../../../shared/export/svg';
import { loadTemplate } from '../../../templates';
import { BUILT_IN_CATALOGS } from '../../../templates/guidance';

/** Deterministic pseudo-random bytes (xorshift32). */
function noise(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** The chunks of a PNG file, in order. */
function chunks(bytes: Uint8Array): { type: string; data: Buffer }[] {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < b.length; ) {
    const length = b.readUInt32BE(at);
    out.push({ type: b.toString('latin1', at + 4, at + 8), data: b.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

async function write(width: number, height: number, pixels: Buffer, bands: number[], dpi?: number): Promise<Uint8Array> {
  const writer = new PngWriter(width, height, dpi);
  let row = 0;
  for (const count of bands) {
    await writer.rows(pixels.subarray(row * width * 4, (row + count) * width * 4), count);
    row += count;
  }
  return writer.finish();
}

describe('PngWriter', () => {
  const cases = [
    { name: '1 × 1', width: 1, height: 1, bands: [1] },
    { name: 'odd 13 × 17 in bands of 7, 5, 5', width: 13, height: 17, bands: [7, 5, 5] },
    { name: 'odd 101 × 33 in one-row bands', width: 101, height: 33, bands: Array.from({ length: 33 }, () => 1) },
    { name: '257 × 3 in one band', width: 257, height: 3, bands: [3] },
  ];
  for (const c of cases) {
    it(`${c.name}: pngjs decodes exactly the RGBA written (alpha included)`, async () => {
      // Given random RGBA (every alpha value from 0 to 255 occurs in the larger ones)
      const pixels = noise(c.width * c.height * 4, c.width * 31 + c.height);
      // when written band by band
      const png = await write(c.width, c.height, pixels, c.bands);
      // then a standard decoder reads the same size and the same bytes
      const decoded = PNG.sync.read(Buffer.from(png));
      expect([decoded.width, decoded.height]).toEqual([c.width, c.height]);
      expect(decoded.data.equals(pixels)).toBe(true);
      expect(readPngRgba(png).data.equals(pixels)).toBe(true);
    });
  }

  it('keeps fully transparent and half-transparent pixels as written (no premultiplication)', async () => {
    const pixels = Buffer.from([255, 0, 0, 0, 0, 255, 0, 128, 0, 0, 255, 255, 12, 34, 56, 1]);
    const decoded = PNG.sync.read(Buffer.from(await write(2, 2, pixels, [1, 1])));
    expect([...decoded.data]).toEqual([...pixels]);
  });

  it('a large image: several 1 MiB IDAT chunks, back-pressure handled, still exact', async () => {
    const width = 700;
    const height = 650;
    const pixels = noise(width * height * 4, 7);
    const png = await write(width, height, pixels, [200, 200, 200, 50]);
    const idat = chunks(png).filter((c) => c.type === 'IDAT');
    expect(idat.length).toBeGreaterThan(1);
    for (const c of idat.slice(0, -1)) expect(c.data.length).toBe(1 << 20);
    expect(PNG.sync.read(Buffer.from(png)).data.equals(pixels)).toBe(true);
  });

  it('chunks: IHDR (8-bit RGBA), pHYs, IDAT…, IEND; fewer rows than the height are padded transparent', async () => {
    const writer = new PngWriter(4, 3);
    await writer.rows(Buffer.alloc(4 * 4, 0xff), 1);
    const png = await writer.finish();
    const list = chunks(png);
    expect(list.map((c) => c.type)).toEqual(['IHDR', 'pHYs', 'IDAT', 'IEND']);
    const ihdr = list[0]?.data as Buffer;
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9], ihdr[10], ihdr[11], ihdr[12]]).toEqual([4, 3, 8, 6, 0, 0, 0]);
    const decoded = PNG.sync.read(Buffer.from(png));
    expect([...decoded.data.subarray(0, 16)]).toEqual(Array(16).fill(0xff));
    expect([...decoded.data.subarray(16)]).toEqual(Array(32).fill(0));
  });

  it('rows past the height are ignored', async () => {
    const writer = new PngWriter(2, 2);
    await writer.rows(noise(2 * 5 * 4, 3), 5);
    const decoded = PNG.sync.read(Buffer.from(await writer.finish()));
    expect([decoded.width, decoded.height]).toEqual([2, 2]);
    expect(decoded.data.equals(noise(2 * 5 * 4, 3).subarray(0, 16))).toBe(true);
  });

  for (const [dpi, perMetre] of [
    [96, 3780],
    [192, 7559],
    [384, 15118],
  ] as const) {
    it(`pHYs: ${dpi} dpi is ${perMetre} pixels per metre in both directions, unit metre`, async () => {
      const png = await write(3, 2, noise(24, 1), [2], dpi);
      const phys = chunks(png).find((c) => c.type === 'pHYs')?.data as Buffer;
      expect(phys.length).toBe(9);
      expect([phys.readUInt32BE(0), phys.readUInt32BE(4), phys[8]]).toEqual([perMetre, perMetre, 1]);
      // What an image viewer shows back.
      expect(Math.round(phys.readUInt32BE(0) * 0.0254)).toBe(dpi);
    });
  }
});

describe('pngSize', () => {
  it('reads the IHDR of our PNGs and of pngjs', async () => {
    expect(pngSize(await write(13, 17, noise(13 * 17 * 4, 2), [17]))).toEqual({ width: 13, height: 17 });
    const other = new PNG({ width: 321, height: 7 });
    expect(pngSize(PNG.sync.write(other))).toEqual({ width: 321, height: 7 });
  });

  it('reads sizes above 2³¹ as unsigned', () => {
    const header = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0x80, 0, 0, 1, 0, 0, 0x7f, 0xff]);
    expect(pngSize(header)).toEqual({ width: 0x80000001, height: 0x7fff });
  });

  it('works on a view into a larger buffer', async () => {
    const png = await write(5, 6, noise(120, 9), [6]);
    const padded = new Uint8Array(png.byteLength + 10);
    padded.set(png, 10);
    expect(pngSize(padded.subarray(10))).toEqual({ width: 5, height: 6 });
  });

  it('null for what is not a PNG header', () => {
    expect(pngSize(new Uint8Array())).toBeNull();
    expect(pngSize(Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Array(30).fill(0)]))).toBeNull(); // JPEG
    expect(pngSize(Buffer.from('%PDF-1.7 and some more text to be long enough'))).toBeNull();
    const truncated = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48]);
    expect(pngSize(truncated)).toBeNull();
    const notIhdr = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x44, 0x41, 0x54, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(pngSize(notIhdr)).toBeNull();
  });
});

// ------------------------------------------------------------------------ renderPng, renderPdf

/** The colour a fake "page" has at device pixel (x, y): the coordinates themselves. */
const colourAt = (x: number, y: number) => [x & 0xff, y & 0xff, ((x >> 8) & 0x0f) | ((y >> 4) & 0xf0), 255] as const;

/**
 * An engine whose captures are computed from the clip: each pixel encodes its absolute device
 * coordinates, so a stitched image is right exactly when every pixel equals colourAt(x, y).
 */
function fakeEngine(options: { ragged?: boolean } = {}) {
  const log = { setups: [] as CaptureSetup[], shots: [] as Rect[], pdfs: [] as string[], closedSessions: 0 };
  const engine: PrintEngine = {
    async pdf(html) {
      log.pdfs.push(html);
      const doc = await PDFDocument.create();
      const appendix = html.includes('<section class="appendix">');
      const sheets = appendix ? 2 : (html.match(/<section class="sheet/g) ?? []).length;
      for (let i = 0; i < sheets; i++) doc.addPage(appendix ? [595, 842] : [1191, 842]);
      return doc.save();
    },
    async capture(_html, setup) {
      log.setups.push(setup);
      return {
        async shot(clip) {
          log.shots.push(clip);
          const w = Math.round(clip.width * setup.scale);
          const h = Math.round(clip.height * setup.scale);
          // A ragged engine returns one pixel more than asked (as a rounding Chromium might).
          const png = new PNG({ width: w + (options.ragged ? 1 : 0), height: h + (options.ragged ? 1 : 0) });
          const x0 = Math.round(clip.x * setup.scale);
          const y0 = Math.round(clip.y * setup.scale);
          for (let y = 0; y < png.height; y++) {
            for (let x = 0; x < png.width; x++) png.data.set(colourAt(x0 + x, y0 + y), (y * png.width + x) * 4);
          }
          return PNG.sync.write(png, { filterType: 0, deflateLevel: 1 });
        },
        async close() {
          log.closedSessions++;
        },
      };
    },
    async close() {},
  };
  return { engine, log };
}

function expectCoordinates(png: Uint8Array, width: number, height: number): void {
  const image = PNG.sync.read(Buffer.from(png));
  expect([image.width, image.height]).toEqual([width, height]);
  let wrong = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      const want = colourAt(x, y);
      if (image.data[at] !== want[0] || image.data[at + 1] !== want[1] || image.data[at + 2] !== want[2] || image.data[at + 3] !== want[3]) wrong++;
    }
  }
  expect(wrong).toBe(0);
}

describe('renderPng on a fake engine', () => {
  const sample = () => loadTemplate('driving-licence-as-is', 'ru', new Date('2025-03-01T10:00:00Z'));

  // The sample is 1736 × 1682 px: 1 × 1 tiles at 1×, 2 × 2 at 2×; the empty map (992 × 860) at 4× is 2 × 2.
  for (const [name, make, scale] of [
    ['the sample', sample, 1],
    ['the sample', sample, 2],
    ['an empty map', () => createEmptyDocument('ru', new Date('2025-03-01T10:00:00Z')), 4],
  ] as const) {
    it(`${name} at ${scale}×: every device pixel lands where it belongs, the session is closed`, { timeout: 60_000 }, async () => {
      const doc = make();
      const { engine, log } = fakeEngine();
      const result = await renderPng(engine, doc, { locale: 'ru', scale });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const svg = exportSvg(doc, { locale: 'ru' });
      expect([result.width, result.height]).toEqual([svg.width * scale, svg.height * scale]);
      expect(pngSize(result.png)).toEqual({ width: result.width, height: result.height });
      expectCoordinates(result.png, result.width, result.height);
      // One page loaded, its viewport the first tile, captured tile by tile.
      expect(log.setups).toHaveLength(1);
      expect(log.setups[0]).toMatchObject({ width: svg.width, height: svg.height, scale, transparent: false });
      expect(log.setups[0]?.viewport.width).toBeLessThanOrEqual(MAX_TILE_PX / scale);
      const plan = planPng(doc, { locale: 'ru', scale });
      expect(plan.ok && log.shots).toEqual(plan.ok ? plan.plan.tiles : false);
      expect(log.closedSessions).toBe(1);
      // The resolution says how big it prints: 96 dpi × scale.
      const phys = chunks(result.png).find((c) => c.type === 'pHYs')?.data as Buffer;
      expect(Math.round(phys.readUInt32BE(0) * 0.0254)).toBe(96 * scale);
    });
  }

  // A picture for a report (maxSide, as the DOCX export asks for) below 1×: drawn at its final size.
  for (const [name, make, maxSide] of [
    ['the sample', sample, 1000],
    ['a 300-step map', () => generateLargeMap(300), 2500],
  ] as const) {
    it(`${name} fitted into ${maxSide} px: captured at device scale 1, every pixel where it belongs, 96 dpi × scale`, { timeout: 60_000 }, async () => {
      const doc = make();
      const options = { locale: 'ru', title: false, scale: 2, maxSide } as const;
      const planned = planPng(doc, options);
      if (!planned.ok) throw new Error(planned.error);
      const { plan } = planned;
      expect(plan.scale).toBeLessThan(1);
      const { engine, log } = fakeEngine();
      const result = await renderPng(engine, doc, options);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect([result.width, result.height]).toEqual([plan.width, plan.height]);
      expect(Math.max(result.width, result.height)).toBe(maxSide);
      expectCoordinates(result.png, result.width, result.height);
      // The page is the picture at its pixel size, captured pixel for pixel, tile by tile.
      expect(log.setups).toEqual([{ width: plan.width, height: plan.height, viewport: { width: plan.tiles[0]?.width, height: plan.tiles[0]?.height }, scale: 1, transparent: false }]);
      expect(log.setups[0]?.viewport.width).toBeLessThanOrEqual(MAX_TILE_PX);
      expect(log.shots).toEqual(plan.tiles);
      expect(log.closedSessions).toBe(1);
      // The resolution is the scale's, as before: 96 dpi × scale.
      const phys = chunks(result.png).find((c) => c.type === 'pHYs')?.data as Buffer;
      expect(phys.readUInt32BE(0)).toBe(Math.round((96 * plan.scale) / 0.0254));
    });
  }

  it('a capture one pixel too large is cropped, not shifted', { timeout: 60_000 }, async () => {
    const doc = createEmptyDocument('ru', new Date('2025-03-01T10:00:00Z'));
    const { engine } = fakeEngine({ ragged: true });
    const result = await renderPng(engine, doc, { locale: 'ru', scale: 2 });
    expect(result.ok).toBe(true);
    if (result.ok) expectCoordinates(result.png, result.width, result.height);
  });

  it('transparent background reaches the capture setup', async () => {
    const { engine, log } = fakeEngine();
    await renderPng(engine, createEmptyDocument('en', new Date('2025-03-01T10:00:00Z')), { locale: 'en', scale: 1, background: 'transparent' });
    expect(log.setups[0]?.transparent).toBe(true);
  });

  it('too large: the message, and no capture at all', async () => {
    const { engine, log } = fakeEngine();
    const result = await renderPng(engine, generateLargeMap(1000), { locale: 'en', scale: 4 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^The picture would be 40,672 × 14,408 pixels at 4×/);
    expect(log.setups).toHaveLength(0);
  });

  it('the session is closed when a capture fails', async () => {
    const { engine, log } = fakeEngine();
    const failing: PrintEngine = {
      ...engine,
      async capture(html, setup) {
        const session = await engine.capture(html, setup);
        return { shot: async () => Promise.reject(new Error('GPU lost')), close: session.close };
      },
    };
    await expect(renderPng(failing, sample(), { locale: 'ru', scale: 1 })).rejects.toThrow('GPU lost');
    expect(log.closedSessions).toBe(1);
  });
});

describe('renderPdf on a fake engine', () => {
  const sample = () => loadTemplate('driving-licence-as-is', 'ru', new Date('2025-03-01T10:00:00Z'));

  it('without appendix: one print job, its bytes as they are', async () => {
    const { engine, log } = fakeEngine();
    const pdf = await renderPdf(engine, sample(), { locale: 'ru', catalogs: BUILT_IN_CATALOGS, page: 'A3' });
    expect(log.pdfs).toHaveLength(1);
    expect(log.pdfs[0]).toBe(printDocument(sample(), { locale: 'ru', catalogs: BUILT_IN_CATALOGS, page: 'A3' }).html);
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(1);
  });

  it('with appendix: the sheets, then the A4 appendix printed apart, joined in that order with the title', async () => {
    const { engine, log } = fakeEngine();
    const doc = sample();
    const pdf = await renderPdf(engine, doc, { locale: 'ru', catalogs: BUILT_IN_CATALOGS, page: 'A4', tiles: true, appendix: true });
    const printed = printDocument(doc, { locale: 'ru', catalogs: BUILT_IN_CATALOGS, page: 'A4', tiles: true, appendix: true });
    expect(log.pdfs).toEqual([printed.html, printed.appendixHtml]);
    const joined = await PDFDocument.load(pdf);
    const sizes = joined.getPages().map((p) => [Math.round(p.getWidth()), Math.round(p.getHeight())]);
    expect(sizes).toEqual([...Array(printed.mapPages).fill([1191, 842]), [595, 842], [595, 842]]);
    expect(joined.getTitle()).toBe(doc.meta.title);
    expect(joined.getCreator()).toBe('Marshrut');
  });
});
