/**
 * exportDocxWithPicture (shared/export/docx.ts): the report built while the picture is captured
 * is the report exportDocx builds from the finished picture — on real documents, unzipped and
 * compared file by file (the hyperlinks' relationship ids, which docx draws at random, the
 * drawings' ids, which it counts over the process's life, and the times it stamps in core.xml
 * aside); the failure paths are today's report without the
 * picture, with the capture's error as the warning.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { exportDocx, exportDocxWithPicture, REPORT_PICTURE, type DocxExportOptions, type PictureCapture } from '../../../shared/export/docx';
import { generateLargeMap } from '../../../shared/export/large-map';
import { planPng, planPngSize } from '../../../shared/export/print';
import type { JourneyMap } from '../../../shared/model';
import { BUILT_IN_CATALOGS } from '../../../templates/guidance';
import { loadTemplate } from '../../../templates/index';

const NOW = new Date('2025-03-01T10:00:00Z');
const options = (locale: 'ru' | 'en' = 'ru'): Omit<DocxExportOptions, 'mapImage'> => ({ locale, catalogs: BUILT_IN_CATALOGS, now: NOW });
const MEDIA = /^word\/media\/.+\.png$/;

/** A PNG of this size with something in it (a gradient), as a capture would give. */
function picture(width: number, height: number): Uint8Array {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      png.data[i] = x & 0xff;
      png.data[i + 1] = y & 0xff;
      png.data[i + 2] = (x >> 4) & 0xff;
      png.data[i + 3] = 255;
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}

/** The size of the report picture of `doc`, as the capture makes it. */
function reportSize(doc: JourneyMap, locale: 'ru' | 'en' = 'ru'): { width: number; height: number } {
  const planned = planPng(doc, { locale, ...REPORT_PICTURE });
  if (!planned.ok) throw new Error(planned.error);
  return { width: planned.plan.width, height: planned.plan.height };
}

/** Every file of a DOCX, text for XML (normalised) and bytes for the rest. */
async function unpack(docx: Uint8Array): Promise<Map<string, string | Uint8Array>> {
  const zip = await JSZip.loadAsync(docx, { checkCRC32: true });
  const out = new Map<string, string | Uint8Array>();
  // Hyperlink relationships get random ids (rId + letters): numbered in order of appearance.
  const ids = new Map<string, string>();
  const id = (raw: string) => (/^rId\d+$/.test(raw) ? raw : (ids.get(raw) ?? (ids.set(raw, `link${ids.size + 1}`), `link${ids.size}`)));
  for (const name of Object.keys(zip.files).sort((a, b) => (a === 'word/document.xml' ? -1 : b === 'word/document.xml' ? 1 : a.localeCompare(b)))) {
    const file = zip.file(name);
    if (!file) continue;
    if (!/\.(xml|rels)$/.test(name)) {
      out.set(name, await file.async('uint8array'));
      continue;
    }
    let xml = await file.async('string');
    xml = xml.replace(/(r:id|Id)="([^"]+)"/g, (_, attr: string, raw: string) => `${attr}="${id(raw)}"`);
    // docx numbers drawings from a counter that lives as long as the module.
    xml = xml.replace(/<wp:docPr id="\d+"/g, '<wp:docPr id="N"');
    // docx stamps core.xml with the time it packs.
    if (name === 'docProps/core.xml') xml = xml.replace(/<dcterms:(created|modified)[^>]*>[^<]*</g, '<dcterms:$1>T<');
    out.set(name, xml);
  }
  return out;
}

async function expectSameReport(actual: Uint8Array, expected: Uint8Array): Promise<void> {
  const [a, b] = await Promise.all([unpack(actual), unpack(expected)]);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [name, content] of b) {
    if (typeof content === 'string') expect(a.get(name), name).toBe(content);
    else expect(Buffer.compare(Buffer.from(a.get(name) as Uint8Array), Buffer.from(content)), name).toBe(0);
  }
}

/** A capture that calls `started` at once, then gives `result` a moment later (as the main process would). */
const capturing =
  (result: PictureCapture | (() => never), calls = { started: 0, captures: 0 }) =>
  async (started: () => void): Promise<PictureCapture> => {
    calls.captures++;
    started();
    calls.started++;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return typeof result === 'function' ? result() : result;
  };

function unzipTests(docx: Uint8Array): boolean | null {
  const dir = mkdtempSync(join(tmpdir(), 'marshrut-docx-'));
  try {
    writeFileSync(join(dir, 'r.docx'), docx);
    const result = spawnSync('unzip', ['-tq', join(dir, 'r.docx')], { encoding: 'utf8' });
    return result.error ? null : result.status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('planPngSize', () => {
  for (const [name, make] of [
    ['the sample', () => loadTemplate('driving-licence-as-is', 'ru', NOW)],
    ['an empty map', () => loadTemplate('blank', 'en', NOW)],
    ['a 1000-step map', () => generateLargeMap(1000)],
    ['a 2000-step map', () => generateLargeMap(2000)],
  ] as const) {
    it(`${name}: the size and scale planPng gives, for the report picture and other options`, () => {
      const doc = make();
      for (const o of [
        { locale: 'ru', ...REPORT_PICTURE },
        { locale: 'en', ...REPORT_PICTURE },
        { locale: 'ru', scale: 1 },
        { locale: 'en', scale: 2, title: false, legend: false, background: 'transparent' },
        { locale: 'ru', scale: 4 },
      ] as const) {
        const size = planPngSize(doc, o);
        const plan = planPng(doc, o);
        if (plan.ok) expect(size).toEqual({ ok: true, width: plan.plan.width, height: plan.plan.height, scale: plan.plan.scale });
        else expect(size).toEqual(plan);
      }
    });
  }
});

describe('exportDocxWithPicture', () => {
  for (const [name, make, locale] of [
    ['the sample (ru)', () => loadTemplate('driving-licence-as-is', 'ru', NOW), 'ru'],
    ['the sample (en)', () => loadTemplate('driving-licence-as-is', 'en', NOW), 'en'],
    ['a 300-step map', () => generateLargeMap(300), 'ru'],
  ] as const) {
    it(`${name}: the report built around the placeholder is the one built from the picture, the picture byte for byte`, { timeout: 60_000 }, async () => {
      const doc = make();
      const size = reportSize(doc, locale);
      const png = picture(size.width, size.height);
      const calls = { started: 0, captures: 0 };
      const built = await exportDocxWithPicture(doc, options(locale), capturing({ ok: true, png }, calls));
      expect(calls).toEqual({ started: 1, captures: 1 });
      expect(built.warning).toBeUndefined();
      const zip = await JSZip.loadAsync(built.docx, { checkCRC32: true });
      const media = Object.keys(zip.files).filter((n) => MEDIA.test(n));
      expect(media).toHaveLength(1);
      expect(Buffer.compare(Buffer.from(await zip.file(media[0] as string)!.async('uint8array')), Buffer.from(png))).toBe(0);
      // The same document, relationships, styles… as the report built after the capture.
      await expectSameReport(built.docx, await exportDocx(doc, { ...options(locale), mapImage: { png, ...size } }));
      expect(unzipTests(built.docx) ?? true).toBe(true);
    });
  }

  it('with the counterpart and comments: still the report built from the picture', async () => {
    const doc = loadTemplate('driving-licence-as-is', 'ru', NOW);
    const counterpart = loadTemplate('driving-licence-to-be', 'ru', NOW);
    const size = reportSize(doc);
    const png = picture(size.width, size.height);
    const o = { ...options(), counterpart, comments: true };
    const built = await exportDocxWithPicture(doc, o, capturing({ ok: true, png }));
    await expectSameReport(built.docx, await exportDocx(doc, { ...o, mapImage: { png, ...size } }));
  });

  it('a capture that fails after it started: the report without the picture, as before, and the error as the warning', async () => {
    const doc = loadTemplate('driving-licence-as-is', 'ru', NOW);
    const built = await exportDocxWithPicture(doc, options(), capturing({ ok: false, error: 'Chromium fell over' }));
    expect(built.warning).toBe('Chromium fell over');
    const zip = await JSZip.loadAsync(built.docx);
    expect(Object.keys(zip.files).some((n) => n.startsWith('word/media/'))).toBe(false);
    await expectSameReport(built.docx, await exportDocx(doc, options()));
  });

  it('a capture that fails before it starts (no Chromium): the same, and the report is built once', async () => {
    const doc = loadTemplate('driving-licence-as-is', 'en', NOW);
    const built = await exportDocxWithPicture(doc, options('en'), async () => ({ ok: false, error: 'No Chromium to print with' }));
    expect(built.warning).toBe('No Chromium to print with');
    await expectSameReport(built.docx, await exportDocx(doc, options('en')));
  });

  it('a capture that throws: so does the export', async () => {
    const doc = loadTemplate('driving-licence-as-is', 'ru', NOW);
    await expect(
      exportDocxWithPicture(
        doc,
        options(),
        capturing(() => {
          throw new Error('IPC gone');
        }),
      ),
    ).rejects.toThrow('IPC gone');
    await expect(exportDocxWithPicture(doc, options(), () => Promise.reject(new Error('at once')))).rejects.toThrow('at once');
  });

  it('a capture that never says it started is waited for: the same report', async () => {
    const doc = loadTemplate('driving-licence-as-is', 'ru', NOW);
    const size = reportSize(doc);
    const png = picture(size.width, size.height);
    const built = await exportDocxWithPicture(doc, options(), async () => ({ ok: true, png }));
    expect(built.warning).toBeUndefined();
    await expectSameReport(built.docx, await exportDocx(doc, { ...options(), mapImage: { png, ...size } }));
  });

  it('a picture of another size than planned: the report built for the size it has', async () => {
    const doc = loadTemplate('driving-licence-as-is', 'ru', NOW);
    const size = reportSize(doc);
    const png = picture(size.width - 10, Math.round(size.height / 2));
    const built = await exportDocxWithPicture(doc, options(), capturing({ ok: true, png }));
    await expectSameReport(built.docx, await exportDocx(doc, { ...options(), mapImage: { png, width: size.width - 10, height: Math.round(size.height / 2) } }));
  });

  it('bytes that are not a PNG: no picture and no warning, as the export dialog did', async () => {
    const doc = loadTemplate('driving-licence-as-is', 'ru', NOW);
    for (const png of [new Uint8Array(), new TextEncoder().encode('not a picture')]) {
      const built = await exportDocxWithPicture(doc, options(), capturing({ ok: true, png }));
      expect(built.warning).toBeUndefined();
      await expectSameReport(built.docx, await exportDocx(doc, options()));
    }
  });
});
