/**
 * The pure page builders of the PDF and PNG exports (shared/export/print.ts): sheet sizes, the
 * one-page fit, the poster grid, sheet names, escaping, the page's CSP and that it loads nothing,
 * the A4 appendix, and the PNG plan (size, tiles, the too-large message).
 */
import { describe, expect, it } from 'vitest';
import { painRegister, referencedSections, translator } from '../../../shared/export/docx/content';
import { generateLargeMap } from '../../../shared/export/large-map';
import {
  MAX_TILE_PX,
  OVERLAP_MM,
  PAGE_SIZE_NAMES,
  PNG_LIMITS,
  SHEET_MARGIN_MM,
  capturePage,
  planPng,
  printDocument,
  svgDataUri,
  tileGrid,
  tileName,
  type PageSize,
  type PngPlan,
} from '../../../shared/export/print';
import { exportSvg } from '../../../shared/export/svg';
import { translate, type Locale } from '../../../shared/i18n';
import { createEmptyDocument, NUMERIC_METRICS, type JourneyMap } from '../../../shared/model';
import { loadTemplate, TEMPLATE_IDS } from '../../../templates';
import { BUILT_IN_CATALOGS } from '../../../templates/guidance';

const NOW = new Date('2025-03-01T10:00:00Z');
const catalogs = BUILT_IN_CATALOGS;
const sample = () => loadTemplate('driving-licence-as-is', 'ru', NOW);
const MM_PER_PX = 25.4 / 96;
const EXPECTED_SHEETS: Record<PageSize, [number, number]> = {
  A4: [297, 210],
  A3: [420, 297],
  A2: [594, 420],
  A1: [841, 594],
  A0: [1189, 841],
};

/** `12.5mm` → 12.5 */
const mmValue = (text: string | undefined): number => {
  const m = /^(-?[\d.]+)mm$/.exec(text?.trim() ?? '');
  if (!m) throw new Error(`not a length in mm: ${text}`);
  return Number(m[1]);
};

/** The inline style of the first element matching `selector` (a class name) as a map. */
function styleOf(html: string, className: string): Record<string, string> {
  const tag = new RegExp(`<[a-z]+ class="${className}"[^>]*\\sstyle="([^"]*)"`).exec(html);
  if (!tag) throw new Error(`no element with class ${className}`);
  return Object.fromEntries(
    (tag[1] ?? '')
      .split(';')
      .filter(Boolean)
      .map((d) => {
        const at = d.indexOf(':');
        return [d.slice(0, at).trim(), d.slice(at + 1).trim()];
      }),
  );
}

const cspOf = (html: string) => /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

/** The SVG inside a data: URI. */
const decodeDataUri = (uri: string) => Buffer.from(uri.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString('utf8');

/** The capture page's inline SVG root start tag. */
const inlineRoot = (html: string) => /<body>\n(<svg\b[^>]*>)/.exec(html)?.[1] ?? '';

/** A document with markup in every text a print page shows. */
function hostile(): JourneyMap {
  const doc = structuredClone(sample());
  const x = '<script>alert("x")</script><img src=x onerror=alert(1)>&';
  doc.meta.title = `Карта ${x}`;
  doc.meta.service = `Услуга ${x}`;
  doc.steps = doc.steps.map((s, i) => ({ ...s, title: `${s.title} ${x} ${i}` }));
  doc.stages = doc.stages.map((s) => ({ ...s, title: `${s.title} ${x}` }));
  doc.agencies = doc.agencies.map((a) => ({ ...a, name: `${a.name} ${x}`, shortName: `${a.shortName} ${x}` }));
  doc.painPoints = doc.painPoints.map((p) => ({ ...p, title: `${p.title} ${x}` }));
  return doc;
}

describe('printDocument: sheets', () => {
  for (const page of PAGE_SIZE_NAMES) {
    it(`${page}: the sheet is landscape ${EXPECTED_SHEETS[page].join(' × ')} mm and the page CSS says so`, () => {
      // Given the sample, when printed on one sheet of this size
      const printed = printDocument(sample(), { locale: 'ru', catalogs, page });
      // then the sheet is the ISO size, landscape, one page
      const [width, height] = EXPECTED_SHEETS[page];
      expect(printed.page).toBe(page);
      expect(printed.sheet).toEqual({ width, height });
      expect(printed.mapPages).toBe(1);
      expect(printed.tiles).toBeUndefined();
      expect(printed.html).toContain(`@page { size: ${width}mm ${height}mm; margin: 0 }`);
      expect((printed.html.match(/<section class="sheet/g) ?? []).length).toBe(1);
    });

    it(`${page}: the one-page map keeps its aspect, is centred and fits inside the ${SHEET_MARGIN_MM} mm margins`, () => {
      const doc = sample();
      const svg = exportSvg(doc, { locale: 'ru' });
      const printed = printDocument(doc, { locale: 'ru', catalogs, page });
      const [W, H] = EXPECTED_SHEETS[page];
      const style = styleOf(printed.html, 'map-picture');
      const left = mmValue(style.left);
      const top = mmValue(style.top);
      const width = mmValue(style.width);
      const height = mmValue(style.height);
      const eps = 0.002;
      expect(left).toBeGreaterThanOrEqual(SHEET_MARGIN_MM - eps);
      expect(top).toBeGreaterThanOrEqual(SHEET_MARGIN_MM - eps);
      expect(left + width).toBeLessThanOrEqual(W - SHEET_MARGIN_MM + eps);
      expect(top + height).toBeLessThanOrEqual(H - SHEET_MARGIN_MM + eps);
      // Centred, and as large as the printable area allows along one side.
      expect(left * 2 + width).toBeCloseTo(W, 2);
      expect(top * 2 + height).toBeCloseTo(H, 2);
      const fillsWidth = Math.abs(width - (W - 2 * SHEET_MARGIN_MM)) < 0.01;
      const fillsHeight = Math.abs(height - (H - 2 * SHEET_MARGIN_MM)) < 0.01;
      expect(fillsWidth || fillsHeight).toBe(true);
      // Aspect ratio of the SVG (to the rounding of mm to 3 decimals).
      expect(width / height).toBeCloseTo(svg.width / svg.height, 3);
    });
  }

  it('defaults to A3 on one sheet', () => {
    const printed = printDocument(sample(), { locale: 'ru', catalogs });
    expect(printed.page).toBe('A3');
    expect(printed.mapPages).toBe(1);
    expect(printed.appendixHtml).toBeUndefined();
  });

  it('the one-page map is the print variant of the SVG export of the map (title and legend as asked)', () => {
    const doc = sample();
    const uri = (html: string) => /class="map-picture"[^>]*src="([^"]+)"/.exec(html)?.[1] ?? '';
    const full = decodeDataUri(uri(printDocument(doc, { locale: 'ru', catalogs }).html));
    expect(full).toBe(exportSvg(doc, { locale: 'ru', idPrefix: 'pm', purpose: 'print' }).svg);
    const bare = decodeDataUri(uri(printDocument(doc, { locale: 'ru', catalogs, title: false, legend: false }).html));
    expect(bare).toBe(exportSvg(doc, { locale: 'ru', idPrefix: 'pm', title: false, legend: false, purpose: 'print' }).svg);
    expect(bare.length).toBeLessThan(full.length);
  });
});

describe('tileGrid and the poster', () => {
  it('given a 2000 × 1000 px map on A4 at 100 %: 2 × 2 sheets with the documented steps', () => {
    // 2000 px = 529.2 mm, 1000 px = 264.6 mm; printable area 277 × 190 mm; step = area − 10 mm overlap.
    const grid = tileGrid(2000, 1000, 'A4', 1);
    expect(grid.areaW).toBe(297 - 2 * SHEET_MARGIN_MM);
    expect(grid.areaH).toBe(210 - 2 * SHEET_MARGIN_MM);
    expect(grid.stepX).toBe(grid.areaW - OVERLAP_MM);
    expect(grid.stepY).toBe(grid.areaH - OVERLAP_MM);
    expect(grid.mmPerPx).toBeCloseTo(MM_PER_PX, 12);
    expect({ columns: grid.columns, rows: grid.rows }).toEqual({ columns: 2, rows: 2 });
  });

  it('given the same map at 200 % on A3: 3 × 2 sheets', () => {
    // 1058.3 × 529.2 mm on 400 × 277 mm areas (steps 390 × 267): (1058.3 − 10) / 390 = 2.69 → 3 columns, (529.2 − 10) / 267 = 1.94 → 2 rows.
    const grid = tileGrid(2000, 1000, 'A3', 2);
    expect({ columns: grid.columns, rows: grid.rows }).toEqual({ columns: 3, rows: 2 });
  });

  it('a map exactly the printable area takes one sheet; one pixel more takes two', () => {
    const areaPxW = (297 - 2 * SHEET_MARGIN_MM) / MM_PER_PX;
    const areaPxH = (210 - 2 * SHEET_MARGIN_MM) / MM_PER_PX;
    expect(tileGrid(areaPxW, areaPxH, 'A4', 1)).toMatchObject({ columns: 1, rows: 1 });
    expect(tileGrid(areaPxW + 1, areaPxH, 'A4', 1)).toMatchObject({ columns: 2, rows: 1 });
    expect(tileGrid(areaPxW, areaPxH + 1, 'A4', 1)).toMatchObject({ columns: 1, rows: 2 });
    expect(tileGrid(1, 1, 'A3', 1)).toMatchObject({ columns: 1, rows: 1 });
  });

  it('for many sizes the grid covers the map and is the smallest that does', () => {
    for (const page of ['A4', 'A3'] as const) {
      for (const scale of [0.5, 1, 1.5, 2]) {
        for (const [w, h] of [
          [640, 480],
          [1736, 1682],
          [10168, 3602],
          [3333, 777],
        ] as const) {
          const g = tileGrid(w, h, page, scale);
          const mapW = w * MM_PER_PX * scale;
          const mapH = h * MM_PER_PX * scale;
          const covers = (n: number, step: number, area: number, size: number) => (n - 1) * step + area >= size - 1e-6;
          expect(covers(g.columns, g.stepX, g.areaW, mapW)).toBe(true);
          expect(covers(g.rows, g.stepY, g.areaH, mapH)).toBe(true);
          if (g.columns > 1) expect(covers(g.columns - 1, g.stepX, g.areaW, mapW)).toBe(false);
          if (g.rows > 1) expect(covers(g.rows - 1, g.stepY, g.areaH, mapH)).toBe(false);
        }
      }
    }
  });

  for (const page of ['A4', 'A3'] as const) {
    it(`tiled ${page}: mapPages = sheets + 1 assembly sheet, each sheet's window offset by the step`, () => {
      const doc = sample();
      const svg = exportSvg(doc, { locale: 'ru' });
      const grid = tileGrid(svg.width, svg.height, page, 1);
      const printed = printDocument(doc, { locale: 'ru', catalogs, page, tiles: true });
      expect(printed.tiles).toEqual({ columns: grid.columns, rows: grid.rows });
      expect(grid.columns * grid.rows).toBeGreaterThan(1);
      expect(printed.mapPages).toBe(grid.columns * grid.rows + 1);
      expect((printed.html.match(/<section class="sheet/g) ?? []).length).toBe(printed.mapPages);
      expect(printed.html).toContain('<section class="sheet assembly">');

      const names = [...printed.html.matchAll(/data-tile="([^"]+)"/g)].map((m) => m[1]);
      const expected: string[] = [];
      for (let r = 0; r < grid.rows; r++) for (let c = 0; c < grid.columns; c++) expected.push(tileName(r, c));
      expect(names).toEqual(expected);

      // Every sheet shows the poster from (column × step, row × step): neighbours repeat OVERLAP_MM.
      for (let r = 0; r < grid.rows; r++) {
        for (let c = 0; c < grid.columns; c++) {
          const section = new RegExp(`data-tile="${tileName(r, c)}"><div class="tile map-bg" style="([^"]*)"`).exec(printed.html)?.[1] ?? '';
          const position = /background-position:(\S+) (\S+)/.exec(section);
          expect(mmValue(position?.[1])).toBeCloseTo(-c * grid.stepX, 2);
          expect(mmValue(position?.[2])).toBeCloseTo(-r * grid.stepY, 2);
          expect(section).toContain(`width:${grid.areaW}mm;height:${grid.areaH}mm`);
        }
      }
      // The poster is the picture at its natural size (tileScale 1).
      const size = /background-size: (\S+) (\S+) \}/.exec(printed.html);
      expect(mmValue(size?.[1])).toBeCloseTo(svg.width * MM_PER_PX, 2);
      expect(mmValue(size?.[2])).toBeCloseTo(svg.height * MM_PER_PX, 2);
    });
  }

  it('the sheet labels name the sheet, its number and the overlap; inner sheets name their four neighbours', () => {
    const doc = generateLargeMap(200);
    const printed = printDocument(doc, { locale: 'en', catalogs, page: 'A4', tiles: true });
    const grid = printed.tiles;
    expect(grid).toBeDefined();
    if (!grid) return;
    expect(grid.columns).toBeGreaterThanOrEqual(3);
    expect(grid.rows).toBeGreaterThanOrEqual(3);
    const count = grid.columns * grid.rows;
    expect(printed.html).toContain(`Sheet B2 — ${grid.columns + 2} of ${count} (row 2, column 2) · A4 · overlap ${OVERLAP_MM} mm`);
    const b2 = /data-tile="B2">([\s\S]*?)<\/section>/.exec(printed.html)?.[1] ?? '';
    for (const n of ['◀ B1', 'B3 ▶', '▲ A2', 'C2 ▼']) expect(b2).toContain(n);
    const a1 = /data-tile="A1">([\s\S]*?)<\/section>/.exec(printed.html)?.[1] ?? '';
    expect(a1).not.toContain('◀');
    expect(a1).not.toContain('▲');
  });

  it('A2 and larger with tiles asked for fall back to one sheet', () => {
    for (const page of ['A2', 'A1', 'A0'] as const) {
      const printed = printDocument(sample(), { locale: 'ru', catalogs, page, tiles: true });
      expect(printed.mapPages).toBe(1);
      expect(printed.tiles).toBeUndefined();
      expect(printed.html).not.toContain('data-tile=');
    }
  });

  it('tileScale changes the grid (and bad values fall back to 1)', () => {
    const doc = sample();
    const at = (tileScale: number) => printDocument(doc, { locale: 'ru', catalogs, page: 'A4', tiles: true, tileScale }).tiles;
    const svg = exportSvg(doc, { locale: 'ru' });
    const g2 = tileGrid(svg.width, svg.height, 'A4', 2);
    expect(at(2)).toEqual({ columns: g2.columns, rows: g2.rows });
    expect(at(Number.NaN)).toEqual(at(1));
    expect(at(-1)).toEqual(at(1));
  });
});

describe('tileName', () => {
  it('row letters (A…Z, AA…) and 1-based column numbers', () => {
    expect(tileName(0, 0)).toBe('A1');
    expect(tileName(1, 1)).toBe('B2');
    expect(tileName(0, 9)).toBe('A10');
    expect(tileName(25, 0)).toBe('Z1');
    expect(tileName(26, 0)).toBe('AA1');
    expect(tileName(27, 4)).toBe('AB5');
    expect(tileName(51, 0)).toBe('AZ1');
    expect(tileName(52, 0)).toBe('BA1');
    expect(tileName(701, 0)).toBe('ZZ1');
    expect(tileName(702, 0)).toBe('AAA1');
  });

  it('is unique over a large grid', () => {
    const names = new Set<string>();
    for (let r = 0; r < 800; r++) names.add(tileName(r, 0));
    expect(names.size).toBe(800);
  });
});

describe('print pages: escaping, CSP, nothing loaded', () => {
  const variants = [
    { name: 'one sheet', options: { page: 'A3' as const } },
    { name: 'tiled A4', options: { page: 'A4' as const, tiles: true } },
    { name: 'A0 with appendix', options: { page: 'A0' as const, appendix: true } },
  ];

  for (const locale of ['ru', 'en'] as const) {
    for (const v of variants) {
      it(`${v.name} (${locale}): markup in the map's texts stays text`, () => {
        const printed = printDocument(hostile(), { locale, catalogs, ...v.options });
        for (const html of [printed.html, printed.appendixHtml ?? '']) {
          expect(html).not.toMatch(/<script/i);
          expect(html).not.toMatch(/<img src=x/i);
          // Every <img> is one of the page's own (the map's picture).
          for (const m of html.matchAll(/<img\b[^>]*>/g)) expect(m[0]).toMatch(/^<img class="(map-picture|assembly-map)"/);
        }
        expect(printed.html).toContain('<title>Карта &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;</title>');
        if (!printed.tiles) expect(printed.html).toContain('alt="Карта &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
        if (printed.appendixHtml) {
          expect(printed.appendixHtml).toContain('<h1>' + translate(locale, 'export.print.appendix') + ': Карта &lt;script&gt;');
          // Every pain title is there, escaped.
          for (const p of hostile().painPoints) {
            expect(printed.appendixHtml).toContain(`<td>${p.title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</td>`);
          }
        }
        // The pictures are the SVG export of the same map, in which the texts are escaped too.
        for (const m of printed.html.matchAll(/(?:src="|url\()(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+)/g)) {
          const svg = decodeDataUri(m[1] ?? '');
          expect(svg).not.toMatch(/<script|<img|onerror=alert\(1\)>/i);
          expect(svg).toContain('&lt;script&gt;');
        }
      });

      it(`${v.name} (${locale}): a CSP with script-src 'none', no script, nothing loaded from the network`, () => {
        const printed = printDocument(sample(), { locale, catalogs, ...v.options });
        for (const html of [printed.html, ...(printed.appendixHtml ? [printed.appendixHtml] : [])]) {
          const csp = cspOf(html);
          expect(csp).toBeDefined();
          const d = directives(csp ?? '');
          expect(d.get('script-src')).toEqual(["'none'"]);
          expect(d.get('default-src')).toEqual(["'none'"]);
          expect(d.get('img-src')).toEqual(['data:']);
          expect(d.get('base-uri')).toEqual(["'none'"]);
          expect(csp).not.toMatch(/https?:/);
          expect(html).toContain(`<html lang="${locale}">`);
          expect(html).not.toMatch(/<script|<iframe|<object|<embed|<link|<base|<form/i);
          expect(html).not.toMatch(/\son[a-z]+=/i);
          // Everything referenced is a data: URI.
          for (const m of html.matchAll(/\s(?:src|xlink:href)="([^"]*)"/g)) expect(m[1]).toMatch(/^data:/);
          for (const m of html.matchAll(/url\(([^)]*)\)/g)) expect(m[1]).toMatch(/^data:/);
          // The only http(s) URLs are link targets (and their printed text) in the appendix.
          const withoutLinks = html.replace(/<a href="https:\/\/[^"]*">/g, '<a>').replace(/<span class="muted">https:\/\/[^<]*<\/span>/g, '');
          expect(withoutLinks).not.toMatch(/https?:\/\//);
        }
        expect(printed.html).not.toMatch(/<a\s/);
        // The SVG pictures reference nothing outside themselves either.
        for (const m of printed.html.matchAll(/(?:src="|url\()(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+)/g)) {
          const svg = decodeDataUri(m[1] ?? '');
          expect(svg.replace(/xmlns(:\w+)?="http:\/\/www\.w3\.org\/[^"]*"/g, '')).not.toMatch(/https?:|href="(?!#)/);
        }
      });
    }
  }
});

describe('the A4 appendix', () => {
  const appendixOf = (doc: JourneyMap, locale: Locale) => printDocument(doc, { locale, catalogs, page: 'A3', appendix: true }).appendixHtml ?? '';

  it('only when asked for', () => {
    expect(printDocument(sample(), { locale: 'ru', catalogs }).appendixHtml).toBeUndefined();
    expect(printDocument(sample(), { locale: 'ru', catalogs, appendix: false }).appendixHtml).toBeUndefined();
    const printed = printDocument(sample(), { locale: 'ru', catalogs, appendix: true });
    expect(printed.appendixHtml).toBeDefined();
    // The appendix is not counted in the map's pages, and it prints on A4 portrait.
    expect(printed.mapPages).toBe(1);
    expect(printed.appendixHtml).toContain('@page appendix { size: 210mm 297mm;');
    expect(printed.appendixHtml).toContain('<section class="appendix">');
    expect(printed.html).not.toContain('<section class="appendix">');
  });

  for (const locale of ['ru', 'en'] as const) {
    it(`${locale}: the scorecard labels, the pain register in severity order, the guidance links`, () => {
      const doc = sample();
      const html = appendixOf(doc, locale);
      expect(html).toContain(translate(locale, 'export.print.appendix'));
      for (const key of NUMERIC_METRICS) expect(html).toContain(`<td>${translate(locale, `metrics.${key}`)}</td>`);
      expect(html).toContain(translate(locale, 'metrics.painPointsBySeverity'));
      // No untranslated key leaked.
      expect(html).not.toMatch(/>(metrics|exportTables|export|cause|painStatus)\.[a-zA-Z.]+</);

      // Pain register: every pain, highest severity first, ties in document order.
      expect(doc.painPoints.length).toBeGreaterThan(1);
      const rows = [...html.matchAll(/<tr><td class="n">(\d+)<\/td><td class="n"><span class="sev sev-(\w+)">(\d)<\/span><\/td><td>([^<]*)<\/td>/g)];
      const register = painRegister(doc);
      expect(rows.map((r) => r[4])).toEqual(register.map((p) => p.title));
      expect(rows.map((r) => Number(r[1]))).toEqual(register.map((_, i) => i + 1));
      const severities = rows.map((r) => Number(r[3]));
      expect(severities).toEqual([...severities].sort((a, b) => b - a));
      expect(new Set(severities).size).toBeGreaterThan(1);
      for (const r of rows) expect(r[2]).toBe(Number(r[3]) >= 4 ? 'high' : Number(r[3]) >= 3 ? 'medium' : 'low');

      // Guidance: the sections the map refers to, as links to the handbook.
      const sections = referencedSections(doc, catalogs, locale, translator(locale));
      expect(sections.length).toBeGreaterThan(0);
      const hrefs = [...html.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]);
      expect(hrefs).toEqual(sections.filter((s) => s.url).map((s) => s.url));
      for (const href of hrefs) expect(href).toMatch(/^https:\/\/cx\.cdto\.ranepa\.ru(\/|$)/);
      expect(hrefs.some((h) => /^https:\/\/cx\.cdto\.ranepa\.ru\/.+/.test(h ?? ''))).toBe(true);
    });
  }

  it('a map with no pains and no guidance says "none" in both sections', () => {
    const doc = createEmptyDocument('en', NOW);
    expect(doc.painPoints).toHaveLength(0);
    const html = appendixOf(doc, 'en');
    const none = translate('en', 'exportTables.markdown.none');
    expect(html.split(`<p class="muted">${none}</p>`).length - 1).toBe(2);
    expect(html).not.toContain('<table class="pains">');
    expect(html).not.toContain('<a href=');
  });

  it('a guidance URL that is not http(s) is not a link', () => {
    const bad = catalogs.map((c) => ({ ...c, sections: c.sections.map((s) => ({ ...s, url: 'javascript:alert(1)' })) }));
    const html = printDocument(sample(), { locale: 'ru', catalogs: bad, appendix: true }).appendixHtml ?? '';
    expect(html).not.toContain('javascript:');
  });

  it('every template prints with an appendix in both languages', () => {
    for (const id of TEMPLATE_IDS) {
      for (const locale of ['ru', 'en'] as const) {
        const printed = printDocument(loadTemplate(id, locale, NOW), { locale, catalogs, page: 'A4', tiles: true, appendix: true });
        expect(printed.mapPages).toBe((printed.tiles?.columns ?? 0) * (printed.tiles?.rows ?? 0) + 1);
        expect(printed.appendixHtml).toContain('<section class="appendix">');
      }
    }
  });
});

describe('planPng', () => {
  /** Checks the tiles cover [0,W)×[0,H) exactly once, in equal-height bands of `columns`. */
  function expectExactCover(plan: PngPlan): void {
    const { cssWidth: W, cssHeight: H, tiles, columns, deviceScale: scale } = plan;
    let area = 0;
    for (const t of tiles) {
      expect(t.x).toBeGreaterThanOrEqual(0);
      expect(t.y).toBeGreaterThanOrEqual(0);
      expect(t.width).toBeGreaterThan(0);
      expect(t.height).toBeGreaterThan(0);
      expect(t.x + t.width).toBeLessThanOrEqual(W);
      expect(t.y + t.height).toBeLessThanOrEqual(H);
      expect(t.width * scale).toBeLessThanOrEqual(MAX_TILE_PX);
      expect(t.height * scale).toBeLessThanOrEqual(MAX_TILE_PX);
      // Whole device pixels, so the stitched bands line up.
      expect(Number.isInteger(t.x * scale) && Number.isInteger(t.y * scale)).toBe(true);
      expect(Number.isInteger(t.width * scale) && Number.isInteger(t.height * scale)).toBe(true);
      area += t.width * t.height;
    }
    expect(area).toBe(W * H);
    // No two tiles overlap.
    for (let i = 0; i < tiles.length; i++) {
      for (let j = i + 1; j < tiles.length; j++) {
        const a = tiles[i] as PngPlan['tiles'][number];
        const b = tiles[j] as PngPlan['tiles'][number];
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap).toBe(false);
      }
    }
    // Bands: `columns` tiles a row, left to right, all of one height.
    expect(tiles.length % columns).toBe(0);
    for (let start = 0; start < tiles.length; start += columns) {
      const band = tiles.slice(start, start + columns);
      expect(new Set(band.map((t) => t.y)).size).toBe(1);
      expect(new Set(band.map((t) => t.height)).size).toBe(1);
      expect(band[0]?.x).toBe(0);
      for (let k = 1; k < band.length; k++) expect(band[k]?.x).toBe((band[k - 1]?.x ?? 0) + (band[k - 1]?.width ?? 0));
    }
  }

  for (const [name, make] of [
    ['the sample', sample],
    ['a 1000-step map', () => generateLargeMap(1000)],
  ] as const) {
    for (const scale of [1, 2, 4] as const) {
      it(`${name} at ${scale}×: the SVG's size × scale, tiled exactly`, () => {
        const doc = make();
        const svg = exportSvg(doc, { locale: 'ru' });
        const result = planPng(doc, { locale: 'ru', scale });
        if (name === 'a 1000-step map' && scale === 4) {
          expect(result.ok).toBe(false);
          return;
        }
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const { plan } = result;
        expect(plan.scale).toBe(scale);
        expect(plan.deviceScale).toBe(scale);
        expect([plan.cssWidth, plan.cssHeight]).toEqual([svg.width, svg.height]);
        expect([plan.width, plan.height]).toEqual([svg.width * scale, svg.height * scale]);
        expect(plan.columns).toBe(Math.ceil((svg.width * scale) / MAX_TILE_PX));
        expect(plan.tiles.length).toBe(plan.columns * Math.ceil((svg.height * scale) / MAX_TILE_PX));
        expectExactCover(plan);
      });
    }
  }

  // A picture for a report (maxSide, as the DOCX export asks for): scale below 1.
  for (const [name, make, maxSide] of [
    ['the sample', sample, 1000],
    ['a 1000-step map', () => generateLargeMap(1000), 4000],
    ['a 2000-step map', () => generateLargeMap(2000), 4000],
  ] as const) {
    it(`${name} fitted into ${maxSide} px: drawn at its pixel size, captured at device scale 1 in tiles of MAX_TILE_PX`, () => {
      const doc = make();
      const svg = exportSvg(doc, { locale: 'ru', title: false });
      const result = planPng(doc, { locale: 'ru', title: false, scale: 2, maxSide });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const { plan } = result;
      const scale = maxSide / Math.max(svg.width, svg.height);
      expect(scale).toBeLessThan(1);
      // The PNG's size and resolution as before: the natural size × scale.
      expect(plan.scale).toBe(scale);
      expect([plan.width, plan.height]).toEqual([Math.round(svg.width * scale), Math.round(svg.height * scale)]);
      expect(Math.max(plan.width, plan.height)).toBe(maxSide);
      // Drawn at that size on the page, one CSS px a device pixel.
      expect(plan.deviceScale).toBe(1);
      expect([plan.cssWidth, plan.cssHeight]).toEqual([plan.width, plan.height]);
      expect(plan.columns).toBe(Math.ceil(plan.width / MAX_TILE_PX));
      expect(plan.tiles.length).toBe(plan.columns * Math.ceil(plan.height / MAX_TILE_PX));
      for (const t of plan.tiles) expect(Number.isInteger(t.x) && Number.isInteger(t.y) && Number.isInteger(t.width) && Number.isInteger(t.height)).toBe(true);
      expectExactCover(plan);
      // The capture page's picture is the PNG's size.
      const html = capturePage(plan, false, 'ru');
      expect(html).toContain(`width: ${plan.width}px; height: ${plan.height}px`);
      expect(html).toContain(`viewBox="0 0 ${svg.width} ${svg.height}"`);
      expect(inlineRoot(html)).toMatch(new RegExp(` width="${plan.width}" height="${plan.height}">$`));
    });
  }

  it('the 2000-step report picture: two tiles, 2048 and the rest wide, one band', () => {
    const result = planPng(generateLargeMap(2000), { locale: 'ru', title: false, scale: 2, maxSide: 4000 });
    if (!result.ok) throw new Error(result.error);
    const { plan } = result;
    expect(plan.width).toBe(4000);
    expect(plan.tiles).toEqual([
      { x: 0, y: 0, width: 2048, height: plan.height },
      { x: 2048, y: 0, width: 1952, height: plan.height },
    ]);
    expect(plan.columns).toBe(2);
  });

  it('a maxSide the map fits in keeps the scale asked for, at its natural size', () => {
    const doc = sample();
    const svg = exportSvg(doc, { locale: 'ru' });
    const result = planPng(doc, { locale: 'ru', scale: 2, maxSide: 4000 });
    if (!result.ok) throw new Error(result.error);
    expect([result.plan.scale, result.plan.deviceScale]).toEqual([2, 2]);
    expect([result.plan.cssWidth, result.plan.cssHeight]).toEqual([svg.width, svg.height]);
    // Lowered, but not below 1: still the natural size at a device scale above 1.
    const lowered = planPng(doc, { locale: 'ru', scale: 2, maxSide: 3000 });
    if (!lowered.ok) throw new Error(lowered.error);
    expect(lowered.plan.scale).toBe(3000 / Math.max(svg.width, svg.height));
    expect(lowered.plan.deviceScale).toBe(lowered.plan.scale);
    expect([lowered.plan.cssWidth, lowered.plan.cssHeight]).toEqual([svg.width, svg.height]);
  });

  it('a scale it does not offer falls back to 1×; the background and title options reach the SVG', () => {
    const doc = sample();
    const plan = (o: Parameters<typeof planPng>[1]) => {
      const r = planPng(doc, o);
      if (!r.ok) throw new Error(r.error);
      return r.plan;
    };
    expect(plan({ locale: 'ru', scale: 3 }).scale).toBe(1);
    expect(plan({ locale: 'ru', scale: 0 }).scale).toBe(1);
    expect(plan({ locale: 'ru' }).scale).toBe(1);
    expect(plan({ locale: 'ru' }).svg).toContain('fill="#ffffff"');
    expect(plan({ locale: 'ru', background: 'transparent' }).svg).toBe(exportSvg(doc, { locale: 'ru', background: 'transparent', idPrefix: 'pm', purpose: 'print' }).svg);
    const bare = plan({ locale: 'ru', title: false, legend: false });
    expect(bare.cssHeight).toBeLessThan(plan({ locale: 'ru' }).cssHeight);
  });

  for (const locale of ['ru', 'en'] as const) {
    it(`${locale}: the 1000-step map at 4× is refused with a message naming the size and the limits`, () => {
      const doc = generateLargeMap(1000);
      const svg = exportSvg(doc, { locale });
      const result = planPng(doc, { locale, scale: 4 });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const f = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB');
      const expected = translate(locale, 'export.print.pngTooLarge', {
        width: f.format(svg.width * 4),
        height: f.format(svg.height * 4),
        side: f.format(PNG_LIMITS.side),
        megapixels: f.format(PNG_LIMITS.pixels / 1e6),
        scale: 4,
      });
      expect(result.error).toBe(expected);
      expect(result.error).not.toContain('{{');
      if (locale === 'ru') {
        expect(result.error).toMatch(/^Картинка получилась бы 40\s672 × 14\s408 пикселей при масштабе 4×/);
        expect(result.error).toContain('PDF или SVG');
      } else {
        expect(result.error).toMatch(/^The picture would be 40,672 × 14,408 pixels at 4×/);
        expect(result.error).toContain('32,767 pixels a side, 250 megapixels');
      }
    });
  }

  it('the limit is the side and the pixel count', () => {
    // 1000 steps at 2× is under both limits; 4× breaks the side limit.
    const doc = generateLargeMap(1000);
    const at2 = planPng(doc, { locale: 'en', scale: 2 });
    expect(at2.ok).toBe(true);
    if (at2.ok) {
      expect(at2.plan.width).toBeLessThanOrEqual(PNG_LIMITS.side);
      expect(at2.plan.width * at2.plan.height).toBeLessThanOrEqual(PNG_LIMITS.pixels);
    }
  });
});

describe('capturePage and svgDataUri', () => {
  it('the capture page is the picture inline at the plan\'s size and nothing else, under the same CSP', () => {
    const r = planPng(sample(), { locale: 'ru', scale: 2 });
    if (!r.ok) throw new Error(r.error);
    const html = capturePage(r.plan, false, 'ru');
    const d = directives(cspOf(html) ?? '');
    expect(d.get('script-src')).toEqual(["'none'"]);
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(html).toContain(`width: ${r.plan.cssWidth}px; height: ${r.plan.cssHeight}px`);
    expect(html).toContain('background: #fff');
    // The SVG is the body, as exported but for its prolog and its root's size; no <img> of it.
    expect(html).not.toMatch(/<img|data:image|<\?xml/);
    const body = /<body>\n([\s\S]*)\n<\/body>/.exec(html)?.[1] ?? '';
    const root = inlineRoot(html);
    expect(body.startsWith(root)).toBe(true);
    expect(root).toMatch(new RegExp(`^<svg xmlns="http://www.w3.org/2000/svg" .* width="${r.plan.cssWidth}" height="${r.plan.cssHeight}">$`));
    const svgRoot = /<svg\b[^>]*>/.exec(r.plan.svg)?.[0] ?? '';
    expect(root.replace(/ (?:width|height)="[^"]*"/g, '')).toBe(svgRoot.replace(/ (?:width|height)="[^"]*"/g, ''));
    expect(body.slice(root.length).trimEnd()).toBe(r.plan.svg.slice(r.plan.svg.indexOf(svgRoot) + svgRoot.length).trimEnd());
    expect(capturePage(r.plan, true, 'en')).toContain('background: transparent');
    expect(capturePage(r.plan, true, 'en')).toContain('<html lang="en">');
  });

  it('drawn at another size: the root gets that size and keeps its viewBox (one is added when missing)', () => {
    const r = planPng(generateLargeMap(300), { locale: 'ru', title: false, scale: 2, maxSide: 1000 });
    if (!r.ok) throw new Error(r.error);
    const natural = exportSvg(generateLargeMap(300), { locale: 'ru', title: false });
    const root = inlineRoot(capturePage(r.plan, false, 'ru'));
    expect(root).toContain(`viewBox="0 0 ${natural.width} ${natural.height}"`);
    expect(root.endsWith(` width="${r.plan.width}" height="${r.plan.height}">`)).toBe(true);
    expect(root.match(/ width="/g)?.length).toBe(1);
    const bare = capturePage({ svg: '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect stroke-width="2" width="10" height="10"/></svg>', cssWidth: 50, cssHeight: 25 }, false, 'ru');
    expect(bare).toContain('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100" width="50" height="25"><rect stroke-width="2" width="10" height="10"/></svg>');
  });

  for (const locale of ['ru', 'en'] as const) {
    it(`${locale}: markup in the map's texts stays text on the capture page: no script, no event attribute, no element the exporter does not write`, () => {
      for (const options of [
        { locale, scale: 1 },
        { locale, title: false, scale: 2, maxSide: 1000 },
      ]) {
        const r = planPng(hostile(), options);
        if (!r.ok) throw new Error(r.error);
        const html = capturePage(r.plan, false, locale);
        expect(html).not.toMatch(/<script|<img|<iframe|<object|<embed|<link|<base|<form|<foreignObject|<a\s|<use/i);
        // Every '<' left opens a tag the page or the exporter wrote (a text's are entities): the
        // elements are the page's own and the SVG's shapes and texts, with no event handler and
        // nothing that loads or links.
        const tags = [...html.matchAll(/<([A-Za-z][\w:-]*)([^>]*)>/g)];
        expect(tags.length).toBe((html.match(/<[A-Za-z]/g) ?? []).length);
        for (const [, name, attrs] of tags) {
          expect(['html', 'head', 'meta', 'title', 'style', 'body', 'svg', 'defs', 'marker', 'linearGradient', 'stop', 'g', 'path', 'rect', 'circle', 'line', 'text', 'tspan']).toContain(name);
          for (const [, attr] of (attrs ?? '').matchAll(/\s([^\s=]+)="[^"]*"/g)) {
            expect(attr).not.toMatch(/^on/i);
            expect(attr).not.toMatch(/^(?:src|href|xlink:href)$/i);
          }
        }
        // References are to the SVG's own definitions.
        for (const m of html.matchAll(/url\(([^)]*)\)/g)) expect(m[1]).toMatch(/^#pm-/);
        // The hostile texts are there, as text.
        expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&amp;');
        if (options.title !== false) expect(html).toContain('Карта &lt;script&gt;');
      }
    });
  }

  it('svgDataUri is base64 of the UTF-8, Cyrillic and astral characters included, for large input too', () => {
    const text = '<svg>Маршрут 🚗 «ёлка»</svg>';
    expect(svgDataUri(text)).toBe(`data:image/svg+xml;base64,${Buffer.from(text, 'utf8').toString('base64')}`);
    const big = exportSvg(generateLargeMap(300), { locale: 'ru' }).svg;
    expect(decodeDataUri(svgDataUri(big))).toBe(big);
  });
});
