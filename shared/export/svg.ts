/**
 * The map as one SVG string: a pure function of the document (no DOM), drawn from the same grid
 * layout as the canvas, so the picture matches the app — stage and lane headers, the cells with
 * alternating lane shading, step cards with their agency colour and pain badge, pain-point and
 * opportunity cards, flows with arrowheads (inter-agency handoffs orange, rework red dashed,
 * optional dotted), the emotion curve, the service-blueprint lines, a legend and a title block.
 *
 * Text stays `<text>` (selectable and searchable); every string is XML-escaped; nothing refers to
 * anything outside the file (no links, fonts, images or scripts). The same document and options
 * give the same string. PDF and PNG are Chromium printing / capturing this SVG.
 */
import { translate, type Locale } from '../i18n';
import {
  GRID,
  blueprintLines,
  computeLayout,
  emotionCurve,
  handoffFlowIds,
  opportunityCardId,
  painCardId,
  type BlueprintLineKind,
  type FlowKind,
  type GridLayout,
  type JourneyMap,
  type LaneKind,
  type Rect,
} from '../model';
import { printSvg } from './svg-print';
import { ellipsize, textWidth, wrapText, type TextStyle } from './text-width';
import { escapeXml } from './xml';

export interface SvgExportOptions {
  locale: Locale;
  /** The title block above the map (service, variant, persona, date, authors). Default true. */
  title?: boolean;
  /** The legend under the map (agencies, line styles, severities). Default true. */
  legend?: boolean;
  /** Default white; transparent leaves the page (margins, title, legend) unpainted. */
  background?: 'white' | 'transparent';
  /**
   * Prefix of the ids of markers and gradients, for pages that embed several maps. Letters,
   * digits, `_` and `-`; default `mr`.
   */
  idPrefix?: string;
  /**
   * `file` (default): the standalone SVG, with tooltips, classes and ids for viewers and scripts.
   * `print`: the same picture in markup Chromium loads and prints several times faster, for the
   * PDF and PNG exports (see svg-print.ts): no tooltips or ids, shapes of one paint merged.
   */
  purpose?: 'file' | 'print';
}

export interface SvgExport {
  svg: string;
  width: number;
  height: number;
}

/** Ends in an unquoted generic family, so a viewer without DejaVu still draws text. */
export const SVG_FONT_FAMILY = "'DejaVu Sans', 'Noto Sans', Arial, sans-serif";

const MARGIN = 24;
const GAP = 20;

// Colours, as in renderer/styles.css and renderer/canvas/derive.ts.
const C = {
  text: '#0f172a',
  muted: '#64748b',
  border: '#e2e8f0',
  borderStrong: '#cbd5e1',
  headerBg: '#eef2f7',
  cell: '#ffffff',
  cellOdd: '#f6f8fb',
  meta: '#475569',
};

const LANE_COLORS: Record<LaneKind, string> = {
  citizen: '#2563eb',
  touchpoint: '#0891b2',
  frontstage: '#059669',
  backstage: '#7c3aed',
  support: '#6d28d9',
  documents: '#a16207',
  thoughts: '#0d9488',
  emotions: '#db2777',
  pains: '#dc2626',
  opportunities: '#16a34a',
  custom: '#94a3b8',
};

const FLOW_STYLE: Record<FlowKind, { stroke: string; dash?: string }> = {
  sequence: { stroke: '#475569' },
  handoff: { stroke: '#b45309' },
  rework: { stroke: '#b91c1c', dash: '6 4' },
  optional: { stroke: '#64748b', dash: '2 4' },
};
const HANDOFF_COLOR = '#ea580c';

const BLUEPRINT: Record<BlueprintLineKind, { stroke: string; text: string; border: string }> = {
  interaction: { stroke: '#0e7490', text: '#0e7490', border: '#a5f3fc' },
  visibility: { stroke: '#7c3aed', text: '#6d28d9', border: '#ddd6fe' },
  internal: { stroke: '#64748b', text: '#475569', border: '#cbd5e1' },
};

type Level = 'low' | 'medium' | 'high';
const levelOf = (severity: number): Level => (severity >= 4 ? 'high' : severity >= 3 ? 'medium' : 'low');
const BADGE: Record<Level, { fill: string; text: string }> = {
  low: { fill: '#facc15', text: '#422006' },
  medium: { fill: '#f97316', text: '#ffffff' },
  high: { fill: '#dc2626', text: '#ffffff' },
};
const PAIN_CARD: Record<Level, { fill: string; border: string; accent: string; text: string; number: string }> = {
  low: { fill: '#fefce8', border: '#fde68a', accent: '#eab308', text: '#3f2d05', number: '#a16207' },
  medium: { fill: '#fff7ed', border: '#fed7aa', accent: '#f97316', text: '#431407', number: '#c2410c' },
  high: { fill: '#fef2f2', border: '#fecaca', accent: '#dc2626', text: '#450a0a', number: '#b91c1c' },
};
const OPPORTUNITY_STATUS: Record<string, { fill: string; border: string; text: string }> = {
  idea: { fill: '#ffffff', border: '#cbd5e1', text: '#475569' },
  agreed: { fill: '#eff6ff', border: '#bfdbfe', text: '#1d4ed8' },
  'in-progress': { fill: '#fffbeb', border: '#fde68a', text: '#92400e' },
  done: { fill: '#16a34a', border: '#16a34a', text: '#ffffff' },
  rejected: { fill: '#ffffff', border: '#cbd5e1', text: '#64748b' },
};

// ------------------------------------------------------------------------------ helpers
/** A coordinate: at most two decimals, no "-0". */
const n = (v: number): string => {
  const r = Math.round(v * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
};
const esc = escapeXml;

/** The colour of an emotion value, as the canvas draws it (hsl) but in hex for every renderer. */
export function emotionHex(value: number): string {
  const v = Math.max(-2, Math.min(2, value));
  const h = Math.round(((v + 2) / 4) * 135);
  const s = 0.72;
  const l = Math.round(44 - Math.abs(v) * 3) / 100;
  const a = s * Math.min(l, 1 - l);
  const f = (k0: number) => {
    const k = (k0 + h / 30) % 12;
    const c = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** One `<text>` of one or more lines (tspans), each line already fitted. */
function textBlock(lines: readonly string[], x: number, y: number, lineHeight: number, attrs = ''): string {
  if (lines.length === 1) return `<text x="${n(x)}" y="${n(y)}"${attrs}>${esc(lines[0] as string)}</text>`;
  const spans = lines.map((line, i) => `<tspan x="${n(x)}" y="${n(y + i * lineHeight)}">${esc(line)}</tspan>`).join('');
  return `<text${attrs}>${spans}</text>`;
}

type Pt = { x: number; y: number };

/**
 * The corners a flow goes through: out of the side facing the other card (as the canvas's
 * handles), vertical legs in the gap between stage columns (where no card is), or straight down
 * or up within a column; a loop on the right for a flow from a step to itself.
 */
function flowPoints(from: Rect, to: Rect): Pt[] {
  const W = from.width;
  const gap = (GRID.stageWidth - GRID.cardWidth) / 2;
  if (from === to || (from.x === to.x && from.y === to.y)) {
    const x = from.x + W;
    const y1 = from.y + from.height * 0.35;
    const y2 = from.y + from.height * 0.65;
    return [
      { x, y: y1 },
      { x: x + gap - 4, y: y1 },
      { x: x + gap - 4, y: y2 },
      { x, y: y2 },
    ];
  }
  const dx = to.x - from.x;
  if (Math.abs(dx) >= W / 2) {
    const forward = dx > 0;
    const s = { x: forward ? from.x + W : from.x, y: from.y + from.height / 2 };
    const t = { x: forward ? to.x : to.x + to.width, y: to.y + to.height / 2 };
    if (s.y === t.y) return [s, t];
    const mid = forward ? t.x - gap : t.x + gap;
    return [s, { x: mid, y: s.y }, { x: mid, y: t.y }, t];
  }
  const down = to.y >= from.y;
  const s = { x: from.x + W / 2, y: down ? from.y + from.height : from.y };
  const t = { x: to.x + to.width / 2, y: down ? to.y : to.y + to.height };
  if (s.x === t.x) return [s, t];
  const mid = (s.y + t.y) / 2;
  return [s, { x: s.x, y: mid }, { x: t.x, y: mid }, t];
}

/** An orthogonal path through the points with rounded corners. */
function roundedPath(points: readonly Pt[], radius = 8): string {
  const first = points[0];
  if (!first) return '';
  let d = `M${n(first.x)},${n(first.y)}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i] as Pt;
    const prev = points[i - 1] as Pt;
    const next = points[i + 1];
    if (!next) {
      d += `L${n(p.x)},${n(p.y)}`;
      break;
    }
    const r = Math.min(radius, Math.hypot(p.x - prev.x, p.y - prev.y) / 2, Math.hypot(next.x - p.x, next.y - p.y) / 2);
    const towards = (a: Pt, b: Pt, dist: number) => {
      const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
      return { x: a.x + ((b.x - a.x) / len) * dist, y: a.y + ((b.y - a.y) / len) * dist };
    };
    const a = towards(p, prev, r);
    const b = towards(p, next, r);
    d += `L${n(a.x)},${n(a.y)}Q${n(p.x)},${n(p.y)} ${n(b.x)},${n(b.y)}`;
  }
  return d;
}

/** The point halfway along a polyline, for a flow's label. */
function midpoint(points: readonly Pt[]): Pt {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += Math.hypot((points[i] as Pt).x - (points[i - 1] as Pt).x, (points[i] as Pt).y - (points[i - 1] as Pt).y);
  let left = total / 2;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Pt;
    const b = points[i] as Pt;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    if (len >= left && len > 0) return { x: a.x + ((b.x - a.x) * left) / len, y: a.y + ((b.y - a.y) * left) / len };
    left -= len;
  }
  return points[0] ?? { x: 0, y: 0 };
}

/** A rounded left strip in the card's accent colour (the canvas's 4px left border). */
function accentStrip(r: Rect, color: string, radius = 6): string {
  const { x, y, height: h } = r;
  return `<path d="M${n(x + radius)},${n(y)}A${radius},${radius} 0 0 0 ${n(x)},${n(y + radius)}V${n(y + h - radius)}A${radius},${radius} 0 0 0 ${n(x + radius)},${n(y + h)}Z" fill="${esc(color)}"/>`;
}

interface Chip {
  label: string;
  name: string;
  color: string;
}

/** Agency squares and short names along a card's bottom, up to `max` then "+N". */
function agencyRow(chips: readonly Chip[], x: number, baseline: number, maxWidth: number, max: number, align: 'start' | 'end' = 'start'): string {
  if (chips.length === 0) return '';
  const style: TextStyle = { fontSize: 10.5, bold: true };
  const shown = chips.length > max ? chips.slice(0, Math.max(1, max - 1)) : [...chips];
  const more = chips.length - shown.length;
  const moreText = more > 0 ? `+${more}` : '';
  const moreWidth = more > 0 ? textWidth(moreText, 10.5, true) + 4 : 0;
  const per = (maxWidth - moreWidth - (shown.length - 1) * 7) / shown.length;
  const items = shown.map((chip) => {
    const label = ellipsize(chip.label, Math.max(12, per - 10), style);
    return { chip, label, width: 10 + textWidth(label, 10.5, true) };
  });
  const total = items.reduce((a, it) => a + it.width, 0) + (items.length - 1) * 7 + moreWidth;
  let cx = align === 'end' ? x + maxWidth - total : x;
  let out = '';
  for (const it of items) {
    out += `<rect x="${n(cx)}" y="${n(baseline - 7)}" width="7" height="7" rx="2" fill="${esc(it.chip.color)}"/>`;
    out += `<text x="${n(cx + 10)}" y="${n(baseline)}">${esc(it.label)}</text>`;
    cx += it.width + 7;
  }
  if (moreText) out += `<text x="${n(cx - 3)}" y="${n(baseline)}" fill="${C.muted}">${moreText}</text>`;
  return out;
}

/** A small warning triangle with an exclamation mark, `size` wide, its top-left at (x, y). */
function painGlyph(x: number, y: number, size: number, fill: string, cut: string): string {
  const s = size;
  return (
    `<path d="M${n(x + s / 2)},${n(y)}L${n(x + s)},${n(y + s * 0.9)}H${n(x)}Z" fill="${fill}"/>` +
    `<path d="M${n(x + s / 2)},${n(y + s * 0.32)}V${n(y + s * 0.58)}M${n(x + s / 2)},${n(y + s * 0.7)}V${n(y + s * 0.74)}" stroke="${cut}" stroke-width="${n(s / 8)}" stroke-linecap="round"/>`
  );
}

function formatDate(value: string | undefined, locale: Locale): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  return locale === 'ru' ? `${m[3]}.${m[2]}.${m[1]}` : `${m[1]}-${m[2]}-${m[3]}`;
}

// ------------------------------------------------------------------------------- export
/**
 * Where the blocks of the picture go: the grid's layout, the title block and the legend, and
 * the picture's size. What the size depends on, and nothing that is only drawn.
 */
function frame(doc: JourneyMap, options: SvgExportOptions, id: (name: string) => string) {
  const layout = computeLayout(doc);
  // Everything is placed in one coordinate system; the grid sits at (MARGIN, gridTop).
  const contentMinWidth = Math.max(layout.width, 640);
  const title = options.title !== false ? titleBlock(doc, options.locale, contentMinWidth) : { svg: '', height: 0 };
  const legend = options.legend !== false ? legendBlock(doc, options.locale, layout, id) : { svg: '', width: 0, height: 0 };
  const contentWidth = Math.max(contentMinWidth, legend.width);
  const gridTop = MARGIN + (title.height > 0 ? title.height + GAP : 0);
  const legendTop = gridTop + layout.height + GAP + 4;
  const width = Math.ceil(contentWidth + 2 * MARGIN);
  const height = Math.ceil((legend.height > 0 ? legendTop + legend.height : gridTop + layout.height) + MARGIN);
  return { layout, title, legend, gridTop, legendTop, width, height };
}

/**
 * The size exportSvg gives the picture (with these options; for either purpose), without drawing
 * it: at 2000 steps a few milliseconds, where drawing it takes ~80 (~250 with the print markup).
 */
export function svgSize(doc: JourneyMap, options: SvgExportOptions): { width: number; height: number } {
  const { width, height } = frame(doc, options, (name) => name);
  return { width, height };
}

export function exportSvg(doc: JourneyMap, options: SvgExportOptions): SvgExport {
  const { locale } = options;
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const white = options.background !== 'transparent';
  const prefix = /^[A-Za-z][A-Za-z0-9_-]*$/.test(options.idPrefix ?? '') ? (options.idPrefix as string) : 'mr';
  const id = (name: string) => `${prefix}-${name}`;

  const { layout, title, legend, gridTop, legendTop, width, height } = frame(doc, options, id);
  const agencies = new Map<string, Chip>(doc.agencies.map((a) => [a.id, { label: a.shortName.trim() || a.name, name: a.name, color: a.color }]));
  const chipsOf = (ids: readonly string[]): Chip[] => {
    const out: Chip[] = [];
    for (const agencyId of ids) {
      const chip = agencies.get(agencyId);
      if (chip && !out.includes(chip)) out.push(chip);
    }
    return out;
  };

  const parts: string[] = [];
  parts.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="${esc(SVG_FONT_FAMILY)}" font-size="13" fill="${C.text}" role="img" aria-labelledby="${id('title')}">\n`,
  );
  parts.push(`<title id="${id('title')}">${esc(doc.meta.title)}</title>\n`);
  parts.push(defs(id));
  if (white) parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>\n`);
  if (title.svg) parts.push(`<g class="title-block" transform="translate(${MARGIN},${MARGIN})">${title.svg}</g>\n`);

  parts.push(`<g class="map" transform="translate(${MARGIN},${n(gridTop)})">\n`);
  // Tooltips only in the file: a printed or captured picture shows none.
  const tooltips = options.purpose !== 'print';
  parts.push(gridSvg(doc, layout, t, tooltips));
  parts.push(flowsSvg(doc, layout, t, id, tooltips));
  parts.push(emotionSvg(doc, layout, locale, id));
  parts.push(cardsSvg(doc, layout, t, chipsOf, tooltips));
  parts.push('</g>\n');
  if (legend.svg) parts.push(`<g class="legend" transform="translate(${MARGIN},${n(legendTop)})">${legend.svg}</g>\n`);
  parts.push('</svg>\n');
  const svg = parts.join('');
  return { svg: options.purpose === 'print' ? printSvg(svg) : svg, width, height };
}

function defs(id: (name: string) => string): string {
  const arrow = (name: string, color: string) =>
    `<marker id="${id(`arrow-${name}`)}" viewBox="0 0 10 10" refX="9.5" refY="5" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto">` +
    `<path d="M0,0.5L10,5L0,9.5Z" fill="${color}"/></marker>`;
  return (
    '<defs>' +
    arrow('sequence', FLOW_STYLE.sequence.stroke) +
    arrow('handoff', FLOW_STYLE.handoff.stroke) +
    arrow('rework', FLOW_STYLE.rework.stroke) +
    arrow('optional', FLOW_STYLE.optional.stroke) +
    arrow('interagency', HANDOFF_COLOR) +
    `<linearGradient id="${id('emotion-legend')}" x1="0" x2="1" y1="0" y2="0">${[-2, 0, 2].map((v, i) => `<stop offset="${i * 50}%" stop-color="${emotionHex(v)}"/>`).join('')}</linearGradient>` +
    '</defs>\n'
  );
}

type T = (key: string, params?: Record<string, string | number>) => string;

// ---------------------------------------------------------------------------- title block
function titleBlock(doc: JourneyMap, locale: Locale, width: number): { svg: string; height: number } {
  const t = (key: string) => translate(locale, key);
  const { meta } = doc;
  let y = 0;
  let svg = '';
  const titleStyle: TextStyle = { fontSize: 22, bold: true };
  const titleLines = wrapText(meta.title, width, 2, titleStyle).lines;
  svg += textBlock(titleLines, 0, 22, 28, ' class="map-title" font-size="22" font-weight="bold"');
  y = 22 + (titleLines.length - 1) * 28;
  const service = meta.service.trim();
  if (service && service !== meta.title.trim()) {
    const lines = wrapText(service, width, 2, { fontSize: 14 }).lines;
    svg += textBlock(lines, 0, y + 24, 18, ` class="map-service" font-size="14" fill="${C.meta}"`);
    y += 24 + (lines.length - 1) * 18;
  }
  const facts: string[] = [`${t('export.svg.variant')}: ${t(`variant.${meta.variant}`)}`];
  const personas = doc.personas.map((p) => p.name.trim()).filter((s) => s);
  if (personas.length > 0) facts.push(`${t('export.svg.persona')}: ${personas.join(', ')}`);
  const date = formatDate(meta.modified ?? meta.created, locale);
  if (date) facts.push(`${t('export.svg.date')}: ${date}`);
  const authors = meta.authors.map((a) => a.trim()).filter((s) => s);
  if (authors.length > 0) facts.push(`${t('export.svg.authors')}: ${authors.join(', ')}`);
  const line = ellipsize(facts.join('   ·   '), width, { fontSize: 12 });
  svg += `<text class="map-facts" x="0" y="${n(y + 22)}" font-size="12" fill="${C.muted}">${esc(line)}</text>`;
  y += 22 + 6;
  return { svg, height: y };
}

// ----------------------------------------------------------------------------------- grid
function gridSvg(doc: JourneyMap, layout: GridLayout, t: T, tooltips: boolean): string {
  const g = GRID;
  const out: string[] = ['<g class="grid">'];
  const right = layout.width;
  const bottom = layout.height;
  // Lane rows across the stage columns, alternately shaded.
  layout.lanes.forEach((band, i) => {
    out.push(`<rect x="${g.laneHeaderWidth}" y="${n(band.start)}" width="${n(right - g.laneHeaderWidth)}" height="${n(band.size)}" fill="${i % 2 ? C.cellOdd : C.cell}"/>`);
  });
  // Cell borders.
  let lines = '';
  for (const band of layout.stages) lines += `M${n(band.start + band.size - 0.5)},${g.stageHeaderHeight}V${n(bottom)}`;
  for (const band of layout.lanes) lines += `M${g.laneHeaderWidth},${n(band.start + band.size - 0.5)}H${n(right)}`;
  if (lines) out.push(`<path d="${lines}" stroke="${C.border}" stroke-width="1" fill="none"/>`);
  // Headers: the corner, stage columns, lane rows.
  out.push(`<rect x="0" y="0" width="${g.laneHeaderWidth}" height="${g.stageHeaderHeight}" fill="${C.headerBg}"/>`);
  out.push(`<g class="stage-headers" font-weight="bold">`);
  layout.stages.forEach((band, i) => {
    const stage = doc.stages[i];
    if (!stage) return;
    const h = g.stageHeaderHeight;
    const cx = band.start + 12 + 11;
    const lines = wrapText(stage.title, band.size - 42 - 10, 2, { fontSize: 13, bold: true }).lines;
    const top = h / 2 - ((lines.length - 1) * 16) / 2 + 4.5;
    out.push(
      `<g class="stage-header"><rect x="${n(band.start)}" y="0" width="${n(band.size)}" height="${h}" fill="${C.headerBg}"/>` +
        `<circle cx="${n(cx)}" cy="${h / 2}" r="11" fill="#ffffff" stroke="${C.borderStrong}"/>` +
        `<text x="${n(cx)}" y="${h / 2 + 4}" text-anchor="middle" font-size="12" font-weight="normal" fill="${C.muted}">${i + 1}</text>` +
        (lines.length > 0 ? textBlock(lines, band.start + 42, top, 16) : '') +
        (tooltips && (lines.length > 1 || lines[0] !== stage.title) ? `<title>${esc(stage.title)}</title>` : '') +
        '</g>',
    );
  });
  out.push('</g>');
  out.push(`<g class="lane-headers">`);
  layout.lanes.forEach((band, i) => {
    const lane = doc.lanes[i];
    if (!lane) return;
    const kind = t(`laneKind.${lane.kind}`);
    const showKind = kind !== lane.title;
    const room = band.size - 16 - (showKind ? 16 : 0);
    const maxLines = Math.max(1, Math.min(4, Math.floor(room / 16)));
    const lines = wrapText(lane.title, g.laneHeaderWidth - 16 - 12, maxLines, { fontSize: 13, bold: true }).lines;
    const blockHeight = lines.length * 16 + (showKind ? 15 : 0);
    const top = band.start + band.size / 2 - blockHeight / 2 + 12;
    out.push(
      `<g class="lane-header"><rect x="0" y="${n(band.start)}" width="${g.laneHeaderWidth}" height="${n(band.size)}" fill="${C.headerBg}"/>` +
        `<rect x="0" y="${n(band.start)}" width="4" height="${n(band.size)}" fill="${LANE_COLORS[lane.kind]}"/>` +
        (lines.length > 0 ? textBlock(lines, 16, top, 16, ' font-weight="bold"') : '') +
        (showKind ? `<text x="16" y="${n(top + lines.length * 16 + (lines.length ? 0 : 0))}" font-size="11" fill="${C.muted}">${esc(kind)}</text>` : '') +
        (tooltips && (lines.length > 1 || lines[0] !== lane.title) ? `<title>${esc(lane.title)}</title>` : '') +
        '</g>',
    );
  });
  out.push('</g>');
  // Header borders.
  let hd = `M0,${g.stageHeaderHeight - 0.5}H${n(right)}M${g.laneHeaderWidth - 0.5},0V${n(bottom)}`;
  for (const band of layout.stages) hd += `M${n(band.start + band.size - 0.5)},0V${g.stageHeaderHeight}`;
  for (const band of layout.lanes) hd += `M0,${n(band.start + band.size - 0.5)}H${g.laneHeaderWidth}`;
  out.push(`<path d="${hd}" stroke="${C.borderStrong}" stroke-width="1" fill="none"/>`);
  out.push(`<rect x="0.5" y="0.5" width="${n(right - 1)}" height="${n(bottom - 1)}" fill="none" stroke="${C.borderStrong}"/>`);
  // Service-blueprint lines and their labels.
  for (const line of blueprintLines(doc, layout)) {
    const style = BLUEPRINT[line.kind];
    const label = t(`canvas.blueprint.${line.kind}`);
    const w = textWidth(label, 10.5, true) + 14;
    out.push(
      `<g class="blueprint-line blueprint-${line.kind}"><line x1="${n(line.x1)}" x2="${n(line.x2)}" y1="${n(line.y)}" y2="${n(line.y)}" stroke="${style.stroke}" stroke-width="1.5" stroke-dasharray="8 5"/>` +
        `<rect x="${n(line.x1 + 8)}" y="${n(line.y - 9)}" width="${n(w)}" height="18" rx="9" fill="#ffffff" stroke="${style.border}"/>` +
        `<text x="${n(line.x1 + 15)}" y="${n(line.y + 3.8)}" font-size="10.5" font-weight="bold" fill="${style.text}">${esc(label)}</text></g>`,
    );
  }
  out.push('</g>\n');
  return out.join('');
}

// ---------------------------------------------------------------------------------- flows
function flowsSvg(doc: JourneyMap, layout: GridLayout, t: T, id: (name: string) => string, tooltips: boolean): string {
  const handoffs = handoffFlowIds(doc);
  const steps = new Map(doc.steps.map((s) => [s.id, s]));
  const agencyLabel = new Map(doc.agencies.map((a) => [a.id, a.shortName.trim() || a.name]));
  const names = (stepId: string) => [...new Set(steps.get(stepId)?.agencyIds ?? [])].map((a) => agencyLabel.get(a) ?? a).join(', ');
  const out: string[] = ['<g class="flows" fill="none" stroke-linejoin="round">'];
  const labels: string[] = [];
  for (const flow of doc.flows) {
    const from = layout.cards.get(flow.from);
    const to = layout.cards.get(flow.to);
    if (!from || !to) continue;
    const points = flowPoints(from, to);
    const d = roundedPath(points);
    const handoff = handoffs.has(flow.id);
    const style = FLOW_STYLE[flow.kind];
    const orange = handoff && (flow.kind === 'sequence' || flow.kind === 'handoff');
    const stroke = orange ? HANDOFF_COLOR : style.stroke;
    const marker = orange ? 'interagency' : flow.kind;
    const width = handoff ? 2.75 : 2;
    const cls = `flow flow-${flow.kind}${handoff ? ' flow-interagency' : ''}`;
    let g = `<g class="${cls}" data-flow-id="${esc(flow.id)}">`;
    if (handoff) {
      if (tooltips) g += `<title>${esc(t('canvas.handoffBetween', { from: names(flow.from), to: names(flow.to) }))}</title>`;
      g += `<path class="flow-handoff-band" d="${d}" stroke="${HANDOFF_COLOR}" stroke-opacity="0.22" stroke-width="10" stroke-linecap="round"/>`;
    }
    g += `<path class="flow-path" d="${d}" stroke="${stroke}" stroke-width="${width}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} marker-end="url(#${id(`arrow-${marker}`)})"/>`;
    g += '</g>';
    out.push(g);
    if (flow.label.trim()) {
      const text = ellipsize(flow.label.trim().replace(/\s+/g, ' '), 220, { fontSize: 10 });
      const m = midpoint(points);
      labels.push(`<text x="${n(m.x)}" y="${n(m.y - 4)}">${esc(text)}</text>`);
    }
  }
  out.push('</g>\n');
  if (labels.length > 0) {
    out.push(
      `<g class="flow-labels" font-size="10" text-anchor="middle" fill="${C.meta}" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">${labels.join('')}</g>\n`,
    );
  }
  return out.join('');
}

// ------------------------------------------------------------------------- emotion curve
function emotionSvg(doc: JourneyMap, layout: GridLayout, locale: Locale, id: (name: string) => string): string {
  const index = doc.lanes.findIndex((l) => l.kind === 'emotions');
  const band = layout.lanes[index];
  if (index < 0 || !band) return '';
  const fmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const format = (v: number) => fmt.format(Math.round(v * 10) / 10);
  const pad = Math.min(GRID.emotionPadding, band.size / 4);
  const yOf = (v: number) => band.start + pad + ((2 - v) / 4) * (band.size - 2 * pad);
  const left = GRID.laneHeaderWidth;
  const out: string[] = ['<g class="emotion-layer">'];
  out.push(`<line x1="${left}" x2="${n(layout.width)}" y1="${n(yOf(0))}" y2="${n(yOf(0))}" stroke="${C.borderStrong}" stroke-dasharray="3 4"/>`);
  out.push(`<g font-size="10" fill="#94a3b8">${[2, 0, -2].map((v) => `<text x="${left + 6}" y="${n(yOf(v) + 3.5)}">${esc(format(v))}</text>`).join('')}</g>`);
  const points = emotionCurve(doc, layout);
  const first = points[0];
  if (first) {
    let d = `M${n(first.x)},${n(first.y)}`;
    let prev = first;
    for (const p of points.slice(1)) {
      const mid = (p.x - prev.x) / 2;
      d += `C${n(prev.x + mid)},${n(prev.y)} ${n(p.x - mid)},${n(p.y)} ${n(p.x)},${n(p.y)}`;
      prev = p;
    }
    // A gradient in user space from +2 (green) to -2 (red), like the canvas.
    out.push(
      `<linearGradient id="${id('emotion-curve')}" gradientUnits="userSpaceOnUse" x1="0" x2="0" y1="${n(yOf(2))}" y2="${n(yOf(-2))}">` +
        [2, 0, -2].map((v, i) => `<stop offset="${i * 50}%" stop-color="${emotionHex(v)}"/>`).join('') +
        '</linearGradient>',
    );
    out.push(`<path class="emotion-curve" d="${d}" fill="none" stroke="url(#${id('emotion-curve')})" stroke-width="3" stroke-linecap="round"/>`);
    out.push(`<g class="emotion-points">`);
    for (const p of points) {
      out.push(
        `<circle cx="${n(p.x)}" cy="${n(p.y)}" r="6" fill="${emotionHex(p.value)}" stroke="#ffffff" stroke-width="2"/>` +
          `<text x="${n(p.x)}" y="${n(p.value > 1.2 ? p.y + 21 : p.y - 11)}" font-size="11" font-weight="bold" text-anchor="middle" fill="#334155" stroke="#ffffff" stroke-width="3" paint-order="stroke">${esc(format(p.value))}</text>`,
      );
    }
    out.push('</g>');
  }
  out.push('</g>\n');
  return out.join('');
}

// ---------------------------------------------------------------------------------- cards
function cardsSvg(doc: JourneyMap, layout: GridLayout, t: T, chipsOf: (ids: readonly string[]) => Chip[], tooltips: boolean): string {
  const out: string[] = [];
  const byStep = new Map<string, { count: number; worst: number }>();
  for (const pain of doc.painPoints) {
    if (!pain.stepId) continue;
    const b = byStep.get(pain.stepId) ?? { count: 0, worst: 0 };
    b.count += 1;
    b.worst = Math.max(b.worst, pain.severity);
    byStep.set(pain.stepId, b);
  }
  const titleStyle: TextStyle = { fontSize: 12.5, bold: true };

  out.push(`<g class="steps">`);
  for (const step of doc.steps) {
    const r = layout.cards.get(step.id);
    if (!r) continue;
    const chips = chipsOf(step.agencyIds);
    const accent = chips[0]?.color ?? '#94a3b8';
    const textX = r.x + 10;
    const textWidthMax = r.width - 10 - 9;
    const wrapped = wrapText(step.title, textWidthMax, 2, titleStyle);
    let g = `<g class="step-card" data-step-id="${esc(step.id)}">`;
    if (tooltips && (wrapped.lines.length > 1 || wrapped.truncated)) g += `<title>${esc(step.title)}</title>`;
    g += `<rect x="${n(r.x)}" y="${n(r.y)}" width="${n(r.width)}" height="${n(r.height)}" rx="6" fill="#ffffff" stroke="${C.borderStrong}"/>`;
    g += accentStrip(r, accent);
    if (wrapped.lines.length > 0) g += textBlock(wrapped.lines, textX, r.y + 19, 15.6, ' class="step-title" font-size="12.5" font-weight="bold"');
    const description = step.description.trim();
    if (description && wrapped.lines.length <= 1) {
      g += `<text x="${n(textX)}" y="${n(r.y + 35)}" font-size="11" fill="${C.muted}">${esc(ellipsize(description.replace(/\s+/g, ' '), textWidthMax, { fontSize: 11 }))}</text>`;
    }
    if (chips.length > 0) g += `<g font-size="10.5" font-weight="bold" fill="${C.meta}">${agencyRow(chips, textX, r.y + r.height - 9, r.width - 10 - 8, 2)}</g>`;
    const badge = byStep.get(step.id);
    if (badge) {
      const level = levelOf(badge.worst);
      const colors = BADGE[level];
      const count = String(badge.count);
      const w = Math.max(19, 5 + 10 + 2 + textWidth(count, 11, true) + 6);
      const bx = r.x + r.width + 8 - w;
      const by = r.y - 8;
      g +=
        `<g class="pain-badge severity-${level}" data-severity="${badge.worst}">${tooltips ? `<title>${esc(t('canvas.painBadge', { count: badge.count }))}</title>` : ''}` +
        `<rect x="${n(bx)}" y="${n(by)}" width="${n(w)}" height="19" rx="9.5" fill="${colors.fill}" stroke="#ffffff" stroke-width="2"/>` +
        painGlyph(bx + 5, by + 4.5, 10, colors.text, colors.fill) +
        `<text x="${n(bx + 17)}" y="${n(by + 13.5)}" font-size="11" font-weight="bold" fill="${colors.text}">${count}</text></g>`;
    }
    g += '</g>';
    out.push(g);
  }
  out.push('</g>\n');

  const noteStyle: TextStyle = { fontSize: 12, bold: true };
  out.push(`<g class="pain-points">`);
  for (const pain of doc.painPoints) {
    const r = layout.cards.get(painCardId(pain.id));
    if (!r) continue;
    const level = levelOf(pain.severity);
    const c = PAIN_CARD[level];
    const wrapped = wrapText(pain.title, r.width - 10 - 9 - 15, 2, noteStyle);
    let g = `<g class="pain-card severity-${level}" data-pain-id="${esc(pain.id)}">`;
    if (tooltips && (wrapped.lines.length > 1 || wrapped.truncated)) g += `<title>${esc(pain.title)}</title>`;
    g += `<rect x="${n(r.x)}" y="${n(r.y)}" width="${n(r.width)}" height="${n(r.height)}" rx="6" fill="${c.fill}" stroke="${c.border}"/>`;
    g += accentStrip(r, c.accent);
    g += painGlyph(r.x + 10, r.y + 8, 11, c.accent, c.fill);
    if (wrapped.lines.length > 0) g += textBlock(wrapped.lines, r.x + 25, r.y + 18, 15, ` font-size="12" font-weight="bold" fill="${c.text}"`);
    const base = r.y + r.height - 9;
    let dots = '';
    for (let i = 1; i <= 5; i++) dots += `<circle cx="${n(r.x + 13 + (i - 1) * 8)}" cy="${n(base - 3.5)}" r="3" fill="${i <= pain.severity ? c.accent : '#0f172a'}"${i <= pain.severity ? '' : ' fill-opacity="0.2"'}/>`;
    g += dots + `<text x="${n(r.x + 13 + 5 * 8)}" y="${n(base)}" font-size="10.5" font-weight="bold" fill="${c.number}">${pain.severity}</text>`;
    const chips = chipsOf(pain.agencyIds);
    if (chips.length > 0) g += `<g font-size="10.5" font-weight="bold" fill="#57534e">${agencyRow(chips, r.x + 66, base, r.width - 66 - 8, 1, 'end')}</g>`;
    g += '</g>';
    out.push(g);
  }
  out.push('</g>\n');

  out.push(`<g class="opportunities">`);
  for (const opportunity of doc.opportunities) {
    const r = layout.cards.get(opportunityCardId(opportunity.id));
    if (!r) continue;
    const rejected = opportunity.status === 'rejected';
    const accent = rejected ? '#94a3b8' : opportunity.status === 'done' ? '#15803d' : '#16a34a';
    const wrapped = wrapText(opportunity.title, r.width - 10 - 9, 2, noteStyle);
    let g = `<g class="opportunity-card status-${esc(opportunity.status)}" data-opportunity-id="${esc(opportunity.id)}">`;
    if (tooltips && (wrapped.lines.length > 1 || wrapped.truncated)) g += `<title>${esc(opportunity.title)}</title>`;
    g += `<rect x="${n(r.x)}" y="${n(r.y)}" width="${n(r.width)}" height="${n(r.height)}" rx="6" fill="${rejected ? '#f8fafc' : '#f0fdf4'}" stroke="${rejected ? C.border : '#bbf7d0'}"/>`;
    g += accentStrip(r, accent);
    if (wrapped.lines.length > 0) g += textBlock(wrapped.lines, r.x + 10, r.y + 19, 15, ` font-size="12" font-weight="bold" fill="${rejected ? C.muted : '#052e16'}"`);
    const base = r.y + r.height - 9;
    let mx = r.x + 10;
    let meters = '';
    for (const [key, value] of [
      ['canvas.impactShort', opportunity.impact],
      ['canvas.effortShort', opportunity.effort],
    ] as const) {
      if (value === undefined) continue;
      const label = t(key);
      meters += `<text x="${n(mx)}" y="${n(base)}">${esc(label)}</text>`;
      mx += textWidth(label, 10.5) + 5;
      for (let i = 1; i <= 3; i++) meters += `<circle cx="${n(mx + (i - 1) * 8 + 3)}" cy="${n(base - 3.5)}" r="3" fill="${i <= value ? '#16a34a' : '#0f172a'}"${i <= value ? '' : ' fill-opacity="0.2"'}/>`;
      mx += 3 * 8 + 10;
    }
    if (meters) g += `<g font-size="10.5" fill="${C.meta}">${meters}</g>`;
    const status = t(`opportunityStatus.${opportunity.status}`);
    const sc = OPPORTUNITY_STATUS[opportunity.status] ?? (OPPORTUNITY_STATUS.idea as { fill: string; border: string; text: string });
    const sw = textWidth(status, 10, true) + 14;
    const sx = r.x + r.width - 8 - sw;
    g +=
      `<rect x="${n(sx)}" y="${n(r.y - 8)}" width="${n(sw)}" height="16" rx="8" fill="${sc.fill}" stroke="${sc.border}"/>` +
      `<text x="${n(sx + 7)}" y="${n(r.y + 3.5)}" font-size="10" font-weight="bold" fill="${sc.text}"${rejected ? ' text-decoration="line-through"' : ''}>${esc(status)}</text>`;
    g += '</g>';
    out.push(g);
  }
  out.push('</g>\n');
  return out.join('');
}

// --------------------------------------------------------------------------------- legend
function legendBlock(doc: JourneyMap, locale: Locale, layout: GridLayout, id: (name: string) => string): { svg: string; width: number; height: number } {
  const t = (key: string) => translate(locale, key);
  const ROW = 20;
  const HEAD = 40;
  const columns: { svg: string; width: number; rows: number }[] = [];

  // Agencies: colour, short name — full name; up to 8 to a column.
  const agencyStyle: TextStyle = { fontSize: 12 };
  const perColumn = 8;
  const agencyColumnWidth = 460;
  if (doc.agencies.length > 0) {
    let svg = `<text x="0" y="${HEAD - 14}" font-size="12" font-weight="bold" fill="${C.meta}">${esc(t('export.svg.agencies'))}</text>`;
    doc.agencies.forEach((a, i) => {
      const col = Math.floor(i / perColumn);
      const row = i % perColumn;
      const x = col * agencyColumnWidth;
      const y = HEAD + row * ROW;
      const short = a.shortName.trim();
      const label = short && short !== a.name ? `${short} — ${a.name}` : a.name;
      svg +=
        `<rect x="${x}" y="${y - 10}" width="12" height="12" rx="3" fill="${esc(a.color)}"/>` +
        `<text x="${x + 18}" y="${y}" font-size="12">${esc(ellipsize(label, agencyColumnWidth - 36, agencyStyle))}</text>`;
    });
    const cols = Math.ceil(doc.agencies.length / perColumn);
    columns.push({ svg, width: cols * agencyColumnWidth, rows: Math.min(perColumn, doc.agencies.length) });
  }

  // Line styles: flow kinds, the inter-agency handoff, the blueprint lines this map has.
  {
    let svg = `<text x="0" y="${HEAD - 14}" font-size="12" font-weight="bold" fill="${C.meta}">${esc(t('export.svg.lines'))}</text>`;
    const items: { draw: (y: number) => string; label: string }[] = [];
    const flowLine = (stroke: string, width: number, marker: string, dash?: string, band = false) => (y: number) =>
      (band ? `<path d="M0,${y - 4}H40" stroke="${HANDOFF_COLOR}" stroke-opacity="0.22" stroke-width="10" stroke-linecap="round"/>` : '') +
      `<path d="M0,${y - 4}H40" stroke="${stroke}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ''} marker-end="url(#${id(`arrow-${marker}`)})"/>`;
    for (const kind of ['sequence', 'handoff', 'rework', 'optional'] as const) {
      const style = FLOW_STYLE[kind];
      items.push({ draw: flowLine(style.stroke, 2, kind, style.dash), label: t(`flowKind.${kind}`) });
    }
    items.push({ draw: flowLine(HANDOFF_COLOR, 2.75, 'interagency', undefined, true), label: t('export.svg.interAgency') });
    const kinds = new Set(blueprintLines(doc, layout).map((l) => l.kind));
    for (const kind of ['interaction', 'visibility', 'internal'] as const) {
      if (!kinds.has(kind)) continue;
      items.push({ draw: (y) => `<path d="M0,${y - 4}H40" stroke="${BLUEPRINT[kind].stroke}" stroke-width="1.5" stroke-dasharray="8 5"/>`, label: t(`canvas.blueprint.${kind}`) });
    }
    items.forEach((item, i) => {
      const y = HEAD + i * ROW;
      svg += `<g fill="none">${item.draw(y)}</g><text x="52" y="${y}" font-size="12">${esc(ellipsize(item.label, 248, { fontSize: 12 }))}</text>`;
    });
    columns.push({ svg, width: 300, rows: items.length });
  }

  // Pain badges by severity, and the emotion curve.
  {
    let svg = `<text x="0" y="${HEAD - 14}" font-size="12" font-weight="bold" fill="${C.meta}">${esc(t('export.svg.painBadges'))}</text>`;
    const levels: [Level, string][] = [
      ['low', 'export.svg.severityLow'],
      ['medium', 'export.svg.severityMedium'],
      ['high', 'export.svg.severityHigh'],
    ];
    levels.forEach(([level, key], i) => {
      const y = HEAD + i * ROW;
      const c = BADGE[level];
      svg += `<rect x="0" y="${y - 13}" width="30" height="17" rx="8.5" fill="${c.fill}"/>` + painGlyph(5, y - 10, 10, c.text, c.fill);
      svg += `<text x="17" y="${y}" font-size="11" font-weight="bold" fill="${c.text}">1</text>`;
      svg += `<text x="40" y="${y}" font-size="12">${esc(t(key))}</text>`;
    });
    let rows = levels.length;
    if (doc.lanes.some((l) => l.kind === 'emotions')) {
      const y = HEAD + rows * ROW;
      svg += `<rect x="0" y="${y - 7}" width="30" height="4" rx="2" fill="url(#${id('emotion-legend')})"/>`;
      svg += `<text x="40" y="${y}" font-size="12">${esc(ellipsize(t('export.svg.emotionCurve'), 250, { fontSize: 12 }))}</text>`;
      rows += 1;
    }
    columns.push({ svg, width: 300, rows });
  }

  let x = 0;
  let svg = `<text x="0" y="0" font-size="14" font-weight="bold">${esc(t('export.svg.legend'))}</text>`;
  let rows = 0;
  for (const column of columns) {
    svg += `<g transform="translate(${x},8)">${column.svg}</g>`;
    x += column.width + 32;
    rows = Math.max(rows, column.rows);
  }
  const width = x - 32;
  const height = 8 + HEAD + (rows - 1) * ROW + 8;
  return { svg: `<g transform="translate(0,14)">${svg}</g>`, width, height: height + 14 };
}
