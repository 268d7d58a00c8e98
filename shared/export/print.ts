/**
 * The pages Chromium prints or captures for the PDF and PNG exports (issue 5). Pure functions
 * of the document: the map's picture is exportSvg's SVG, inline (text stays text), laid out on
 * pages with CSS @page sizes; Electron's printToPDF / capturePage in the app and Playwright's
 * Chromium in tests and the command line turn the same HTML into bytes.
 *
 * PDF: either the whole map on one landscape page (A4–A0), or tiled across A4/A3 pages for a
 * poster (an assembly sheet first, then each sheet with crop marks, dashed overlap lines and its
 * neighbours named); optionally an A4 appendix with the scorecard, the pain register and the
 * guidance sections as clickable links.
 *
 * PNG: the SVG at its natural size (or, for a picture smaller than that, at its final size),
 * captured tile by tile (a tile never exceeds MAX_TILE_PX device pixels a side, which every GPU's
 * texture limit allows) and stitched by the caller.
 */
import type { GuidanceCatalog } from '../guidance/catalog';
import { translate, type Locale } from '../i18n';
import { computeScorecard, NUMERIC_METRICS, type JourneyMap } from '../model';
import { painRegister, referencedSections, translator } from './docx/content';
import { exportSvg, SVG_FONT_FAMILY, svgSize } from './svg';
import { escapeXml } from './xml';
import { commentRows, commentTime } from './comments';

import { PAGE_SIZES, PNG_SCALES, isTilePageSize, type PageSize } from './print-options';

export * from './print-options';

/** A sheet's white border, where crop marks and labels go. */
export const SHEET_MARGIN_MM = 10;
/** How much neighbouring poster sheets repeat of each other, to glue them. */
export const OVERLAP_MM = 10;
const MM_PER_PX = 25.4 / 96;

export interface PrintOptions {
  locale: Locale;
  catalogs: readonly GuidanceCatalog[];
  /** Sheet size (landscape). Default A3. */
  page?: PageSize;
  /** Tile the map across several sheets (A4 or A3 only) instead of fitting it on one. */
  tiles?: boolean;
  /** Poster scale when tiling; 1 = natural size. Default 1. */
  tileScale?: number;
  /** Add the A4 appendix: scorecard, pain register, guidance links. Default false. */
  appendix?: boolean;
  /** Add the comment threads to the appendix. Default false. */
  comments?: boolean;
  /** The title block and legend of the map's picture. Default true. */
  title?: boolean;
  legend?: boolean;
}

export interface TileGrid {
  columns: number;
  rows: number;
}

export interface PrintDocument {
  /** The map's sheets as the page Chromium prints (self-contained, no script, no request). */
  html: string;
  /**
   * The A4 appendix, printed apart and appended to the PDF: Chromium shrinks the content of a
   * sheet when one print job mixes sheet sizes.
   */
  appendixHtml?: string;
  /** Sheets of the map (assembly sheet included when tiled); the appendix comes after. */
  mapPages: number;
  page: PageSize;
  /** Landscape sheet size in millimetres. */
  sheet: { width: number; height: number };
  /** When tiled: the grid of sheets. */
  tiles?: TileGrid;
}

/** The options the PDF gets when none are given, and which combinations are allowed. */
export function normalizePrintOptions(options: PrintOptions): Required<Omit<PrintOptions, 'catalogs' | 'locale' | 'comments'>> {
  const page = options.page ?? 'A3';
  const tiles = options.tiles === true && isTilePageSize(page);
  const scale = options.tileScale !== undefined && Number.isFinite(options.tileScale) && options.tileScale > 0 ? Math.min(Math.max(options.tileScale, 0.25), 4) : 1;
  return { page, tiles, tileScale: scale, appendix: options.appendix === true, title: options.title !== false, legend: options.legend !== false };
}

/** How many sheets a poster of this map size takes (before the assembly sheet). */
export function tileGrid(mapWidthPx: number, mapHeightPx: number, page: PageSize, tileScale: number): TileGrid & { stepX: number; stepY: number; areaW: number; areaH: number; mmPerPx: number } {
  const sheet = PAGE_SIZES[page];
  const areaW = sheet.width - 2 * SHEET_MARGIN_MM;
  const areaH = sheet.height - 2 * SHEET_MARGIN_MM;
  const mmPerPx = MM_PER_PX * tileScale;
  const mapW = mapWidthPx * mmPerPx;
  const mapH = mapHeightPx * mmPerPx;
  const stepX = areaW - OVERLAP_MM;
  const stepY = areaH - OVERLAP_MM;
  const columns = Math.max(1, Math.ceil((mapW - OVERLAP_MM) / stepX - 1e-9));
  const rows = Math.max(1, Math.ceil((mapH - OVERLAP_MM) / stepY - 1e-9));
  return { columns, rows, stepX, stepY, areaW, areaH, mmPerPx };
}

/** A sheet's name in the poster grid: row letter and column number (A1, A2, B1…). */
export function tileName(row: number, column: number): string {
  let letters = '';
  let r = row;
  do {
    letters = String.fromCharCode(65 + (r % 26)) + letters;
    r = Math.floor(r / 26) - 1;
  } while (r >= 0);
  return `${letters}${column + 1}`;
}

const mm = (v: number) => `${Math.round(v * 1000) / 1000}mm`;
const num = (v: number) => String(Math.round(v * 1000) / 1000);

const BASE64 = Uint8Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', (c) => c.charCodeAt(0));

/** Base64 of bytes, written straight into a byte buffer (btoa of a binary string took ~0.3 s for a 2000-step map). */
function base64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  const at = (i: number) => bytes[i] ?? 0;
  let o = 0;
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    out[o++] = BASE64[n >> 18] as number;
    out[o++] = BASE64[(n >> 12) & 63] as number;
    out[o++] = i + 1 < bytes.length ? (BASE64[(n >> 6) & 63] as number) : 61; // '='
    out[o++] = i + 2 < bytes.length ? (BASE64[n & 63] as number) : 61;
  }
  return new TextDecoder('latin1').decode(out);
}

/** The SVG as a data: URI (base64 of its UTF-8), for <img> and CSS backgrounds. */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${base64(new TextEncoder().encode(svg))}`;
}

const PRINT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; script-src 'none'; base-uri 'none'; form-action 'none'";

function page(html: { title: string; lang: Locale; css: string; body: string }): string {
  return (
    `<!doctype html>\n<html lang="${html.lang}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${PRINT_CSP}">` +
    `<title>${escapeXml(html.title)}</title><style>${html.css}</style></head>\n<body>\n${html.body}\n</body></html>\n`
  );
}

/** The HTML page of the PDF export. */
export function printDocument(doc: JourneyMap, options: PrintOptions): PrintDocument {
  const { locale } = options;
  const o = normalizePrintOptions(options);
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, `export.print.${key}`, params);
  const sheet = PAGE_SIZES[o.page];
  const picture = exportSvg(doc, { locale, title: o.title, legend: o.legend, idPrefix: 'pm', purpose: 'print' });
  const sections: string[] = [];
  let mapPages = 1;
  let tiles: TileGrid | undefined;
  const extraCss: string[] = [];

  if (!o.tiles) {
    const areaW = sheet.width - 2 * SHEET_MARGIN_MM;
    const areaH = sheet.height - 2 * SHEET_MARGIN_MM;
    const fit = Math.min(areaW / (picture.width * MM_PER_PX), areaH / (picture.height * MM_PER_PX));
    const w = picture.width * MM_PER_PX * fit;
    const h = picture.height * MM_PER_PX * fit;
    sections.push(
      `<section class="sheet map-sheet">` +
        `<img class="map-picture" alt="${escapeXml(doc.meta.title)}" src="${svgDataUri(picture.svg)}" ` +
        `style="left:${mm((sheet.width - w) / 2)};top:${mm((sheet.height - h) / 2)};width:${mm(w)};height:${mm(h)}">` +
        `</section>`,
    );
  } else {
    const grid = tileGrid(picture.width, picture.height, o.page, o.tileScale);
    tiles = { columns: grid.columns, rows: grid.rows };
    const count = grid.columns * grid.rows;
    mapPages = count + 1;
    // The picture once, as the background image of every sheet's window (Chromium parses and
    // lays out the SVG once; an inline copy or a <use> per sheet took ~4 s a sheet at 1000 steps).
    const uri = svgDataUri(picture.svg);
    extraCss.push(`.map-bg { background-image: url(${uri}); background-repeat: no-repeat; background-size: ${mm(picture.width * grid.mmPerPx)} ${mm(picture.height * grid.mmPerPx)} }`);
    sections.push(assemblySheet(picture, uri, grid, o.page, o.tileScale, t));
    for (let row = 0; row < grid.rows; row++) {
      for (let column = 0; column < grid.columns; column++) {
        const index = row * grid.columns + column + 1;
        const neighbours = {
          left: column > 0 ? tileName(row, column - 1) : null,
          right: column < grid.columns - 1 ? tileName(row, column + 1) : null,
          top: row > 0 ? tileName(row - 1, column) : null,
          bottom: row < grid.rows - 1 ? tileName(row + 1, column) : null,
        };
        sections.push(
          tileSheet({
            name: tileName(row, column),
            label: t('sheetLabel', { name: tileName(row, column), index, count, row: row + 1, column: column + 1, page: o.page, overlap: OVERLAP_MM }),
            sheet,
            offset: { x: column * grid.stepX, y: row * grid.stepY },
            neighbours,
            glue: t('glue'),
          }),
        );
      }
    }
  }

  const css = [printCss(sheet), ...extraCss].join('\n');
  const appendixHtml = o.appendix ? page({ title: doc.meta.title, lang: locale, css: printCss(sheet), body: appendix(doc, options) }) : undefined;
  return {
    html: page({ title: doc.meta.title, lang: locale, css, body: sections.join('\n') }),
    ...(appendixHtml ? { appendixHtml } : {}),
    mapPages,
    page: o.page,
    sheet: { ...sheet },
    ...(tiles ? { tiles } : {}),
  };
}

function printCss(sheet: { width: number; height: number }): string {
  return [
    `@page { size: ${sheet.width}mm ${sheet.height}mm; margin: 0 }`,
    `@page appendix { size: 210mm 297mm; margin: 18mm 15mm 18mm 22mm }`,
    `html, body { margin: 0; padding: 0; background: #fff; color: #0f172a; font-family: ${SVG_FONT_FAMILY}; -webkit-print-color-adjust: exact; print-color-adjust: exact }`,
    `.sheet { position: relative; width: ${sheet.width}mm; height: ${sheet.height}mm; overflow: hidden; break-after: page; page-break-after: always }`,
    `.sheet:last-of-type { break-after: auto }`,
    `.map-picture { position: absolute; display: block }`,
    `.tile { position: absolute; left: ${SHEET_MARGIN_MM}mm; top: ${SHEET_MARGIN_MM}mm; display: block; overflow: hidden }`,
    `.assembly-map { position: absolute; display: block }`,
    `.marks { position: absolute; left: 0; top: 0 }`,
    `.sheet-label { position: absolute; left: ${SHEET_MARGIN_MM}mm; bottom: 3mm; font-size: 8pt; color: #475569; white-space: nowrap }`,
    `.assembly h1 { position: absolute; left: ${SHEET_MARGIN_MM}mm; top: 6mm; margin: 0; font-size: 14pt }`,
    `.assembly p { position: absolute; left: ${SHEET_MARGIN_MM}mm; top: 14mm; margin: 0; font-size: 9.5pt; color: #334155; max-width: ${sheet.width - 2 * SHEET_MARGIN_MM}mm }`,
    `.appendix { page: appendix; font-size: 10pt; line-height: 1.35 }`,
    `.appendix h1 { font-size: 16pt; margin: 0 0 4mm } .appendix h2 { font-size: 12.5pt; margin: 7mm 0 2.5mm; break-after: avoid }`,
    `.appendix table { width: 100%; border-collapse: collapse; font-size: 9pt }`,
    `.appendix th, .appendix td { border: 0.3mm solid #cbd5e1; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top }`,
    `.appendix th { background: #eef2f7 } .appendix tr { break-inside: avoid } .appendix thead { display: table-header-group }`,
    `.appendix td.n { text-align: right; white-space: nowrap } .appendix a { color: #1d4ed8 }`,
    `.appendix .sev { display: inline-block; min-width: 5mm; text-align: center; border-radius: 1mm; font-weight: bold; color: #fff }`,
    `.appendix .sev-low { background: #facc15; color: #422006 } .appendix .sev-medium { background: #f97316 } .appendix .sev-high { background: #dc2626 }`,
    `.appendix .muted { color: #64748b }`,
  ].join('\n');
}

/** The poster's first sheet: the whole map small, the sheet grid over it, how to assemble. */
function assemblySheet(
  picture: { width: number; height: number },
  uri: string,
  grid: ReturnType<typeof tileGrid>,
  pageSize: PageSize,
  tileScale: number,
  t: (key: string, params?: Record<string, string | number>) => string,
): string {
  const sheet = PAGE_SIZES[pageSize];
  const top = 26;
  const areaW = sheet.width - 2 * SHEET_MARGIN_MM;
  const areaH = sheet.height - top - SHEET_MARGIN_MM;
  const fit = Math.min(areaW / picture.width, areaH / picture.height);
  const w = picture.width * fit;
  const h = picture.height * fit;
  const pxPerMm = 1 / grid.mmPerPx;
  const overlay: string[] = [];
  for (let row = 0; row < grid.rows; row++) {
    for (let column = 0; column < grid.columns; column++) {
      const x = column * grid.stepX * pxPerMm;
      const y = row * grid.stepY * pxPerMm;
      const cw = grid.areaW * pxPerMm;
      const ch = grid.areaH * pxPerMm;
      const size = Math.max(12, Math.min(cw, ch) / 6);
      overlay.push(
        `<rect x="${num(x)}" y="${num(y)}" width="${num(cw)}" height="${num(ch)}" fill="none" stroke="#2563eb" stroke-width="${num(0.6 / fit)}" stroke-dasharray="${num(2 / fit)} ${num(1.5 / fit)}"/>` +
          `<text x="${num(x + cw / 2)}" y="${num(y + ch / 2)}" font-size="${num(size)}" font-weight="bold" fill="#1d4ed8" fill-opacity="0.8" text-anchor="middle" dominant-baseline="middle" stroke="#fff" stroke-width="${num(size / 8)}" paint-order="stroke">${tileName(row, column)}</text>`,
      );
    }
  }
  const x = SHEET_MARGIN_MM + (areaW - w) / 2;
  const box = `left:${mm(x)};top:${mm(top)};width:${mm(w)};height:${mm(h)}`;
  return (
    `<section class="sheet assembly">` +
    `<h1>${escapeXml(t('assemblyTitle'))}</h1>` +
    `<p>${escapeXml(t('assemblyText', { columns: grid.columns, rows: grid.rows, count: grid.columns * grid.rows, page: pageSize, overlap: OVERLAP_MM, scale: Math.round(tileScale * 100) }))}</p>` +
    `<img class="assembly-map" alt="" src="${uri}" style="${box}">` +
    `<svg class="assembly-map" style="${box}" viewBox="0 0 ${picture.width} ${picture.height}" font-family="${escapeXml(SVG_FONT_FAMILY)}" overflow="hidden">${overlay.join('')}</svg>` +
    `</section>`
  );
}

interface TileSheet {
  name: string;
  label: string;
  sheet: { width: number; height: number };
  /** Where the sheet's window starts on the poster, in mm. */
  offset: { x: number; y: number };
  neighbours: Record<'left' | 'right' | 'top' | 'bottom', string | null>;
  glue: string;
}

/** One poster sheet: its window on the map, crop marks, overlap lines, neighbours' names. */
function tileSheet(s: TileSheet): string {
  const { width: W, height: H } = s.sheet;
  const m = SHEET_MARGIN_MM;
  const areaW = W - 2 * m;
  const areaH = H - 2 * m;
  const marks: string[] = [];
  // Crop marks at the printable area's corners, in the white border.
  const L = 6;
  for (const [cx, cy] of [
    [m, m],
    [W - m, m],
    [m, H - m],
    [W - m, H - m],
  ] as const) {
    const dx = cx === m ? -1 : 1;
    const dy = cy === m ? -1 : 1;
    marks.push(`<line x1="${cx + dx}" y1="${cy}" x2="${cx + dx * (L + 1)}" y2="${cy}"/><line x1="${cx}" y1="${cy + dy}" x2="${cx}" y2="${cy + dy * (L + 1)}"/>`);
  }
  // Dashed lines where a neighbour's sheet overlaps this one, and its name beyond the edge.
  const dashed: string[] = [];
  const names: string[] = [];
  const o = OVERLAP_MM;
  const label = (x: number, y: number, text: string, rotate = 0) =>
    `<text x="${num(x)}" y="${num(y)}" font-size="3.2" fill="#475569" text-anchor="middle" dominant-baseline="middle"${rotate ? ` transform="rotate(${rotate} ${num(x)} ${num(y)})"` : ''}>${escapeXml(text)}</text>`;
  if (s.neighbours.left) {
    dashed.push(`<line x1="${m + o}" y1="${m}" x2="${m + o}" y2="${H - m}"/>`);
    names.push(label(m / 2, H / 2, `◀ ${s.neighbours.left}`, -90));
  }
  if (s.neighbours.right) {
    dashed.push(`<line x1="${W - m - o}" y1="${m}" x2="${W - m - o}" y2="${H - m}"/>`);
    names.push(label(W - m / 2, H / 2, `${s.neighbours.right} ▶`, 90));
  }
  if (s.neighbours.top) {
    dashed.push(`<line x1="${m}" y1="${m + o}" x2="${W - m}" y2="${m + o}"/>`);
    names.push(label(W / 2, m / 2, `▲ ${s.neighbours.top}`));
  }
  if (s.neighbours.bottom) {
    dashed.push(`<line x1="${m}" y1="${H - m - o}" x2="${W - m}" y2="${H - m - o}"/>`);
    names.push(label(W / 2, H - m / 2, `${s.neighbours.bottom} ▼`));
  }
  return (
    `<section class="sheet tile-sheet" data-tile="${s.name}">` +
    `<div class="tile map-bg" style="width:${mm(areaW)};height:${mm(areaH)};background-position:${mm(-s.offset.x)} ${mm(-s.offset.y)}"></div>` +
    `<svg class="marks" width="${mm(W)}" height="${mm(H)}" viewBox="0 0 ${W} ${H}">` +
    `<g stroke="#0f172a" stroke-width="0.25">${marks.join('')}</g>` +
    `<g stroke="#2563eb" stroke-width="0.3" stroke-dasharray="2 1.5">${dashed.join('')}</g>` +
    `<title>${escapeXml(s.glue)}</title>${names.join('')}` +
    `<text x="${W - m}" y="${num(m / 2)}" font-size="6" font-weight="bold" fill="#1d4ed8" text-anchor="end" dominant-baseline="middle">${escapeXml(s.name)}</text>` +
    `</svg>` +
    `<div class="sheet-label">${escapeXml(s.label)}</div>` +
    `</section>`
  );
}

/** The A4 appendix: scorecard, pain register, guidance sections (links stay clickable in the PDF). */
function appendix(doc: JourneyMap, options: PrintOptions): string {
  const { locale, catalogs } = options;
  const tr = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const col = (key: string) => escapeXml(tr(`exportTables.columns.${key}`));
  const e = escapeXml;
  const format = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 2 });
  const card = computeScorecard(doc);
  const out: string[] = [`<section class="appendix">`, `<h1>${e(tr('export.print.appendix'))}: ${e(doc.meta.title)}</h1>`];

  out.push(`<h2>${e(tr('exportTables.markdown.scorecard'))}</h2>`);
  out.push(`<table class="scorecard"><thead><tr><th>${col('metric')}</th><th>${col('value')}</th></tr></thead><tbody>`);
  for (const key of NUMERIC_METRICS) out.push(`<tr><td>${e(tr(`metrics.${key}`))}</td><td class="n">${e(format.format(card[key]))}</td></tr>`);
  const bySeverity = (['5', '4', '3', '2', '1'] as const).map((s) => `${s}: ${card.painPointsBySeverity[s]}`).join(' · ');
  out.push(`<tr><td>${e(tr('metrics.painPointsBySeverity'))}</td><td class="n">${e(bySeverity)}</td></tr>`);
  out.push(`</tbody></table>`);

  out.push(`<h2>${e(tr('exportTables.markdown.painRegister'))}</h2>`);
  const register = painRegister(doc);
  if (register.length === 0) out.push(`<p class="muted">${e(tr('exportTables.markdown.none'))}</p>`);
  else {
    const agency = new Map(doc.agencies.map((a) => [a.id, a.shortName.trim() || a.name]));
    const step = new Map(doc.steps.map((s) => [s.id, s.title]));
    out.push(
      `<table class="pains"><thead><tr><th>#</th><th>${col('severity')}</th><th>${col('title')}</th><th>${col('step')}</th><th>${col('agencies')}</th><th>${col('cause')}</th><th>${col('owner')}</th><th>${col('status')}</th></tr></thead><tbody>`,
    );
    register.forEach((p, i) => {
      const level = p.severity >= 4 ? 'high' : p.severity >= 3 ? 'medium' : 'low';
      out.push(
        `<tr><td class="n">${i + 1}</td><td class="n"><span class="sev sev-${level}">${p.severity}</span></td><td>${e(p.title)}</td>` +
          `<td>${e(p.stepId ? (step.get(p.stepId) ?? '') : '')}</td><td>${e(p.agencyIds.map((id) => agency.get(id) ?? id).join(', '))}</td>` +
          `<td>${p.cause ? e(tr(`cause.${p.cause}`)) : ''}</td><td>${e(p.ownerAgencyId ? (agency.get(p.ownerAgencyId) ?? '') : '')}</td><td>${e(tr(`painStatus.${p.status}`))}</td></tr>`,
      );
    });
    out.push(`</tbody></table>`);
  }

  out.push(`<h2>${e(tr('exportTables.markdown.guidance'))}</h2>`);
  const sections = referencedSections(doc, catalogs, locale, translator(locale));
  if (sections.length === 0) out.push(`<p class="muted">${e(tr('exportTables.markdown.none'))}</p>`);
  else {
    out.push(`<table class="guidance"><thead><tr><th>${col('section')}</th><th>${col('linkedFrom')}</th></tr></thead><tbody>`);
    for (const s of sections) {
      const name = `${s.ref.section}${s.title ? ` ${s.title}` : ''}`;
      const safeUrl = s.url && /^https?:\/\//i.test(s.url) ? s.url : undefined;
      const link = safeUrl ? `<a href="${e(safeUrl)}">${e(name)}</a><br><span class="muted">${e(safeUrl)}</span>` : e(name);
      out.push(`<tr><td>${link}</td><td>${e(s.usedBy.join('; '))}</td></tr>`);
    }
    out.push(`</tbody></table>`);
  }
  if (options.comments) {
    out.push(`<h2>${e(tr('exportComments.heading'))}</h2>`);
    const rows = commentRows(doc, locale);
    const c = (key: string) => e(tr(`exportComments.columns.${key}`));
    if (rows.length === 0) out.push(`<p class="muted">${e(tr('exportComments.none'))}</p>`);
    else {
      out.push(`<table class="comments"><thead><tr><th>${c('element')}</th><th>${c('author')}</th><th>${c('time')}</th><th>${c('text')}</th><th>${c('status')}</th></tr></thead><tbody>`);
      for (const r of rows) {
        out.push(
          `<tr><td>${e(r.element)}</td><td>${e([r.author, r.agency].filter(Boolean).join(', '))}</td><td>${e(commentTime(r.at, locale))}</td>` +
            `<td>${r.reply ? `<span class="muted">${e(tr('exportComments.reply'))}:</span> ` : ''}${e(r.text)}</td><td>${e(tr(`exportComments.${r.resolved ? 'resolved' : 'open'}`))}</td></tr>`,
        );
      }
      out.push(`</tbody></table>`);
    }
  }
  out.push(`</section>`);
  return out.join('\n');
}

// ------------------------------------------------------------------------------------- PNG
/** Largest tile Chromium is asked to capture, in device pixels a side. */
export const MAX_TILE_PX = 2048;
/** Largest PNG the export writes: a side (what image viewers open) and the pixel count. */
export const PNG_LIMITS = { side: 32_767, pixels: 250_000_000 } as const;

export interface PngPlan {
  /** The SVG picture captured. */
  svg: string;
  /**
   * The size the picture is drawn at on the capture page, in CSS px: its natural size (the
   * SVG's) at a scale of 1 or more, its size in the PNG below 1.
   */
  cssWidth: number;
  cssHeight: number;
  /** PNG pixels per CSS px of the picture's natural size (the PNG says 96 dpi × scale). */
  scale: number;
  /**
   * Device pixels per CSS px of the capture page: the scale from 1 up; 1 below, where the picture
   * is drawn at its final size instead (captured at its natural size and a fractional device
   * scale, the 4000 px picture of a 2000-step map took 2.9 s to shoot; at its final size, 0.7 s).
   */
  deviceScale: number;
  /** The PNG's size in pixels. */
  width: number;
  height: number;
  /** Tiles in CSS px of the capture page, row by row (bands of equal height), covering the picture exactly. */
  tiles: { x: number; y: number; width: number; height: number }[];
  /** Tiles per band. */
  columns: number;
}

export interface PngOptions {
  locale: Locale;
  scale?: number;
  background?: 'white' | 'transparent';
  title?: boolean;
  legend?: boolean;
  /** Lower the scale (below 1 too) so that neither side exceeds this many pixels: a picture for a report. */
  maxSide?: number;
}

export type PngPlanResult = { ok: true; plan: PngPlan } | { ok: false; error: string };

/** The picture a PNG is captured from: the print variant of the SVG export with these options. */
const pngPictureOptions = (options: PngOptions) =>
  ({
    locale: options.locale,
    title: options.title !== false,
    legend: options.legend !== false,
    background: options.background ?? 'white',
    idPrefix: 'pm',
    purpose: 'print',
  }) as const;

export type PngSizeResult = { ok: true; width: number; height: number; scale: number } | { ok: false; error: string };

/** The PNG's scale and size in pixels for a picture of this natural size, or why it is too large. */
function fit(picture: { width: number; height: number }, options: PngOptions): PngSizeResult {
  let scale = (PNG_SCALES as readonly number[]).includes(options.scale ?? 1) ? (options.scale ?? 1) : 1;
  if (options.maxSide !== undefined && options.maxSide > 0) scale = Math.min(scale, options.maxSide / Math.max(picture.width, picture.height));
  const width = Math.round(picture.width * scale);
  const height = Math.round(picture.height * scale);
  if (width > PNG_LIMITS.side || height > PNG_LIMITS.side || width * height > PNG_LIMITS.pixels) {
    const format = new Intl.NumberFormat(options.locale === 'ru' ? 'ru-RU' : 'en-GB');
    return {
      ok: false,
      error: translate(options.locale, 'export.print.pngTooLarge', {
        width: format.format(width),
        height: format.format(height),
        side: format.format(PNG_LIMITS.side),
        megapixels: format.format(PNG_LIMITS.pixels / 1e6),
        scale: Math.round(scale * 100) / 100,
      }),
    };
  }
  return { ok: true, width, height, scale };
}

/**
 * The size planPng gives the PNG (and its scale), or its error, without drawing the picture: a
 * caller that waits for the PNG can lay out around it meanwhile (the DOCX report does).
 */
export function planPngSize(doc: JourneyMap, options: PngOptions): PngSizeResult {
  return fit(svgSize(doc, pngPictureOptions(options)), options);
}

/** The PNG's size and tiles, or why it is too large. */
export function planPng(doc: JourneyMap, options: PngOptions): PngPlanResult {
  const picture = exportSvg(doc, pngPictureOptions(options));
  const fitted = fit(picture, options);
  if (!fitted.ok) return fitted;
  const { scale, width, height } = fitted;
  // Below 1, the picture is drawn at its final size and captured pixel for pixel.
  const deviceScale = scale >= 1 ? scale : 1;
  const cssWidth = scale >= 1 ? picture.width : width;
  const cssHeight = scale >= 1 ? picture.height : height;
  const tile = MAX_TILE_PX / deviceScale;
  const tiles: PngPlan['tiles'] = [];
  const columns = Math.ceil(cssWidth / tile);
  for (let y = 0; y < cssHeight; y += tile) {
    for (let x = 0; x < cssWidth; x += tile) {
      tiles.push({ x, y, width: Math.min(tile, cssWidth - x), height: Math.min(tile, cssHeight - y) });
    }
  }
  return { ok: true, plan: { svg: picture.svg, cssWidth, cssHeight, scale, deviceScale, width, height, tiles, columns } };
}

/**
 * The page a PNG is captured from: the picture at the plan's CSS size at the top left, nothing
 * else. The SVG is inline (its root sized to the plan, its XML prolog dropped), not an `<img>` of
 * a data: URI: Chromium then parses it once, as part of the page, instead of decoding a 3 MB URI
 * and parsing it again as an image document. The 2000-step report picture (2 cores) loaded in
 * ~0.9–1.7 s instead of ~1.5–2.4 s and was shot in ~0.6 s instead of ~0.8 s; the same picture but
 * for two pixels at the seam of its tiles, a shade apart. Its texts are escaped by the exporter,
 * and the page's CSP forbids scripts all the same.
 */
export function capturePage(plan: Pick<PngPlan, 'svg' | 'cssWidth' | 'cssHeight'>, transparent: boolean, lang: Locale): string {
  const css =
    `html, body { margin: 0; padding: 0; background: ${transparent ? 'transparent' : '#fff'}; width: ${plan.cssWidth}px; height: ${plan.cssHeight}px; overflow: hidden }` +
    ` svg { display: block }`;
  return page({ title: 'map', lang, css, body: inlineSvg(plan.svg, plan.cssWidth, plan.cssHeight) });
}

/**
 * An SVG document (as exportSvg writes it) as an element of an HTML page, drawn at `width` ×
 * `height` CSS px: the prolog before the root dropped, the root's width and height replaced (its
 * viewBox, kept or added from the old size, scales the picture as an `<img>` of that size would).
 */
function inlineSvg(svg: string, width: number, height: number): string {
  const start = svg.indexOf('<svg');
  const end = svg.indexOf('>', start);
  if (start < 0 || end < 0) throw new Error('not an SVG document');
  // The exporter escapes every attribute value, so the root's start tag ends at its first '>'.
  let root = svg.slice(start, end);
  const natural = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(root)?.[1];
  if (!/\sviewBox="/.test(root)) root += ` viewBox="0 0 ${natural('width') ?? width} ${natural('height') ?? height}"`;
  root = root.replace(/\s(?:width|height)="[^"]*"/g, '');
  return `${root} width="${width}" height="${height}"${svg.slice(end)}`;
}

/** Width and height from a PNG's header, without decoding it; null when it is not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.byteLength < 24 || signature.some((b, i) => bytes[i] !== b)) return null;
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
