/**
 * The print variant of a picture exportSvg wrote (`purpose: 'print'`): the same picture in markup
 * that Chromium loads, lays out and prints several times faster. Chromium's cost grows with the
 * number of elements and text runs, not with the ink: a 2000-step map is ~36 000 elements as a
 * file (a tooltip, a wrapper group and ids for scripts on every card and flow), and loading it was
 * most of the ~8 s PDF export. Here:
 * - `<title>` tooltips and `class`, `data-*`, `aria-*` and `role` attributes are dropped: a printed
 *   page shows none of them;
 * - groups that only carry inherited presentation attributes are dissolved, their attributes
 *   handed down to the children;
 * - shapes of one paint (fill, stroke, width…) become one `<path>` of many subpaths, and texts of
 *   one style one `<text>` of positioned `<tspan>` chunks, wherever the painting order allows it
 *   (see `Batcher`);
 * - arrowhead markers become plain paths after the line they end, so lines of one paint merge;
 * - rounded corners and circles become cubic curves: one curve a quarter circle, where Chromium's
 *   PDF output makes four of an arc (a fraction of a thousandth of the radius apart).
 *
 * Nothing moves in a way that shows: two things swap their painting order only if their boxes
 * are apart, or if both paint one and the same colour (source-over of one colour commutes,
 * whatever the alpha); a shape joins a path only if it touches nothing already in it. Elements and
 * attributes this file does not know — groups with a transform or an id, transforms, dashes,
 * other markers — stay as written, and nothing is reordered across them.
 *
 * Pure string work on the exporter's own well-formed markup (no DOM); anything it cannot parse is
 * returned unchanged.
 */
import { textWidth } from './text-width';

type Attrs = readonly (readonly [name: string, value: string])[];

interface Element {
  name: string;
  attrs: Attrs;
  children: Node[];
  /** Where it is in the source: the element, and its content (between the tags). */
  start: number;
  end: number;
  innerStart: number;
  innerEnd: number;
}
type Node = Element | string;

/** Inherited properties (CSS, SVG 2): a group's value of these reaches every descendant. */
const INHERITED = new Set([
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'paint-order',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'letter-spacing',
  'word-spacing',
  'marker-start',
  'marker-mid',
  'marker-end',
  'color',
  'visibility',
  'text-rendering',
  'shape-rendering',
]);
/** Properties that change nothing on a shape (only text uses them). */
const TEXT_ONLY = new Set(['font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'letter-spacing', 'word-spacing', 'text-rendering', 'text-decoration']);
/** Markup for scripts, stylesheets and assistive technology: nothing a printed page shows. */
const isMeta = (name: string) => name === 'class' || name === 'role' || name.startsWith('data-') || name.startsWith('aria-');
/** Definitions: painted only where referenced, so their place in the document does not matter. */
const RESOURCES = new Set(['defs', 'marker', 'linearGradient', 'radialGradient', 'pattern', 'clipPath', 'mask', 'filter', 'symbol', 'style']);
const SKIPPED = new Set(['title', 'desc', 'metadata']);
const GEOMETRY: Readonly<Record<string, readonly string[]>> = {
  rect: ['x', 'y', 'width', 'height', 'rx', 'ry'],
  circle: ['cx', 'cy', 'r'],
  line: ['x1', 'y1', 'x2', 'y2'],
  path: ['d'],
};
/** On a shape, these make it one of a kind: never merged (and unbounded when they move it). */
const UNIQUE_SHAPE = ['id', 'transform', 'style', 'clip-path', 'mask', 'filter', 'marker-start', 'marker-mid', 'pathLength', 'vector-effect', 'opacity', 'display'];
/** On a text, these make its extent unknown. */
const UNIQUE_TEXT = ['id', 'transform', 'style', 'rotate', 'dx', 'dy', 'textLength', 'lengthAdjust', 'clip-path', 'mask', 'filter', 'opacity', 'display'];
/** Right-to-left scripts and bidi controls: such texts keep their own element (bidi runs per element). */
const BIDI = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]|\ud802[\udc00-\udfff]|\ud83a[\udc00-\udfff]/;

// ---------------------------------------------------------------------------------- parsing
const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;
const ATTR_NAME = /^[A-Za-z_:][\w:.-]*$/;
const TAG_NAME = /^[A-Za-z][\w:.-]*$/;

/**
 * The document's prolog and root element, or null when it is not markup this file expects (tags,
 * double-quoted attributes, text, comments and processing instructions; no doctype or CDATA).
 */
function parse(svg: string): { prolog: string; root: Element } | null {
  const top: Element = { name: '#document', attrs: [], children: [], start: 0, end: svg.length, innerStart: 0, innerEnd: svg.length };
  const stack: Element[] = [top];
  let prolog = '';
  let i = 0;
  const n = svg.length;
  while (i < n) {
    const parent = stack[stack.length - 1] as Element;
    const lt = svg.indexOf('<', i);
    if (lt !== i) {
      const textEnd = lt < 0 ? n : lt;
      // Character data paints only in a text (elsewhere it is the whitespace between elements).
      if (parent.name === 'text' || parent.name === 'tspan') parent.children.push(svg.slice(i, textEnd));
      i = textEnd;
      continue;
    }
    const c = svg.charCodeAt(i + 1);
    if (c === 33 /* ! */) {
      if (!svg.startsWith('<!--', i)) return null;
      const close = svg.indexOf('-->', i + 4);
      if (close < 0) return null;
      i = close + 3;
      continue;
    }
    if (c === 63 /* ? */) {
      const close = svg.indexOf('?>', i + 2);
      if (close < 0) return null;
      if (stack.length === 1) prolog += svg.slice(i, close + 2);
      i = close + 2;
      continue;
    }
    if (c === 47 /* / */) {
      const close = svg.indexOf('>', i + 2);
      if (close < 0 || svg.slice(i + 2, close).trim() !== parent.name || stack.length === 1) return null;
      parent.innerEnd = i;
      parent.end = close + 1;
      stack.pop();
      i = close + 1;
      continue;
    }
    // A start tag: its name, then name="value" pairs, then > or />.
    let j = i + 1;
    while (j < n && !isSpace(svg.charCodeAt(j)) && svg[j] !== '>' && svg[j] !== '/') j++;
    const name = svg.slice(i + 1, j);
    if (!TAG_NAME.test(name)) return null;
    const attrs: [string, string][] = [];
    for (;;) {
      while (j < n && isSpace(svg.charCodeAt(j))) j++;
      if (svg[j] === '>' || (svg[j] === '/' && svg[j + 1] === '>')) break;
      const eq = svg.indexOf('=', j);
      if (eq < 0 || svg[eq + 1] !== '"') return null;
      const close = svg.indexOf('"', eq + 2);
      if (close < 0) return null;
      const attr = svg.slice(j, eq);
      if (!ATTR_NAME.test(attr)) return null;
      // Elements left as they are are copied from the source, so markup for scripts can go now.
      if (!isMeta(attr)) attrs.push([attr, svg.slice(eq + 2, close)]);
      j = close + 1;
    }
    const selfClose = svg[j] === '/';
    const tagEnd = j + (selfClose ? 2 : 1);
    const el: Element = { name, attrs, children: [], start: i, end: tagEnd, innerStart: tagEnd, innerEnd: tagEnd };
    parent.children.push(el);
    if (!selfClose) stack.push(el);
    i = tagEnd;
  }
  const root = top.children.find((c): c is Element => typeof c !== 'string');
  if (stack.length !== 1 || !root || root.name !== 'svg') return null;
  return { prolog, root };
}

function attrsText(attrs: Attrs): string {
  let out = '';
  for (const [k, v] of attrs) out += ` ${k}="${v}"`;
  return out;
}
/** An element or text as written in the source. */
const markupOf = (source: string, node: Node) => (typeof node === 'string' ? node : source.slice(node.start, node.end));
function get(attrs: Attrs, name: string): string | undefined {
  for (const [k, v] of attrs) if (k === name) return v;
  return undefined;
}
/** `over` wins over `base`; base's names keep their places. */
function merge(base: Attrs, over: Attrs): Attrs {
  if (base.length === 0) return over;
  if (over.length === 0) return base;
  const out = base.filter(([k]) => get(over, k) === undefined);
  return [...out, ...over];
}

// --------------------------------------------------------------------------------- geometry
interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
const num = (v: string | undefined, fallback = 0) => {
  const x = v === undefined ? Number.NaN : Number.parseFloat(v);
  return Number.isFinite(x) ? x : fallback;
};
/** A coordinate written back: three decimals at most (the input has two), no "-0". */
const fmt = (v: number) => {
  const r = Math.round(v * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
};
/** Room left around what a thing paints: geometry is exact, so half a unit covers rounding. */
const MARGIN = 0.5;
const grow = (b: Box, by: number): Box => ({ x0: b.x0 - by, y0: b.y0 - by, x1: b.x1 + by, y1: b.y1 + by });
const apart = (a: Box, b: Box) => a.x1 < b.x0 || b.x1 < a.x0 || a.y1 < b.y0 || b.y1 < a.y0;
/** A cubic's control points for a quarter circle: this far along the tangents, as a share of the radius. */
const KAPPA = 0.5522847498;

interface PathInfo {
  box: Box;
  /** The last point and the direction the path arrives in (for an end marker), if known. */
  end?: { x: number; y: number; dx: number; dy: number };
  /** The same path with its quarter-circle arcs as cubics (absolute commands only), else undefined. */
  cubic?: string;
}

const PATH_TOKEN = /([MmLlHhVvCcSsQqTtAaZz])|(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/g;
const SEPARATORS = /^[\s,]*$/;

/**
 * A path's box (control points included, so it bounds the curves), how it ends, and its arcs as
 * cubics when they are all axis-aligned quarter circles; null when it cannot be read.
 */
function pathInfo(d: string): PathInfo | null {
  // Commands as letters, numbers as numbers; anything else but spaces and commas: not a path this reads.
  const tokens: (string | number)[] = [];
  let last = 0;
  PATH_TOKEN.lastIndex = 0;
  for (let m = PATH_TOKEN.exec(d); m; m = PATH_TOKEN.exec(d)) {
    if (!SEPARATORS.test(d.slice(last, m.index))) return null;
    tokens.push(m[1] ?? Number(m[2]));
    last = PATH_TOKEN.lastIndex;
  }
  if (!SEPARATORS.test(d.slice(last))) return null;
  const box: Box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  const see = (x: number, y: number, pad = 0) => {
    box.x0 = Math.min(box.x0, x - pad);
    box.y0 = Math.min(box.y0, y - pad);
    box.x1 = Math.max(box.x1, x + pad);
    box.y1 = Math.max(box.y1, y + pad);
  };
  let i = 0;
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  let from: { x: number; y: number } | null = null;
  let command = '';
  // Rewritten only when it has arcs to turn into cubics.
  let cubic: string | undefined = /A/.test(d) ? '' : undefined;
  const next = () => {
    const t = tokens[i++];
    if (typeof t !== 'number') throw new Error('number expected');
    return t;
  };
  try {
    while (i < tokens.length) {
      const t = tokens[i];
      if (typeof t === 'string') {
        command = t;
        i++;
        if (command === 'Z' || command === 'z') {
          // A closed path's end marker takes the bisector of two segments: not drawn here.
          from = null;
          cx = sx;
          cy = sy;
          if (cubic !== undefined) cubic += 'Z';
          continue;
        }
      } else if (!command || command === 'Z' || command === 'z') return null;
      const rel = command === command.toLowerCase();
      const upper = command.toUpperCase();
      // Only absolute paths are rewritten, and none with smooth curves (a cubic before S or T
      // would change their reflected control point).
      if (rel || upper === 'S' || upper === 'T') cubic = undefined;
      const ox = rel ? cx : 0;
      const oy = rel ? cy : 0;
      const start = i;
      switch (upper) {
        case 'M':
        case 'L':
        case 'T': {
          const x = ox + next();
          const y = oy + next();
          from = upper === 'L' ? { x: cx, y: cy } : null;
          if (upper === 'M') {
            sx = x;
            sy = y;
            command = rel ? 'l' : 'L';
          }
          cx = x;
          cy = y;
          see(x, y);
          break;
        }
        case 'H':
        case 'V':
          from = { x: cx, y: cy };
          if (upper === 'H') cx = (rel ? cx : 0) + next();
          else cy = (rel ? cy : 0) + next();
          see(cx, cy);
          break;
        case 'Q':
        case 'S':
        case 'C': {
          const pairs = upper === 'C' ? 3 : 2;
          let last = { x: cx, y: cy };
          for (let k = 0; k < pairs; k++) {
            const x = ox + next();
            const y = oy + next();
            see(x, y);
            if (k < pairs - 1) last = { x, y };
            else {
              cx = x;
              cy = y;
            }
          }
          from = upper === 'S' ? null : last;
          break;
        }
        case 'A': {
          const rx = Math.abs(next());
          const ry = Math.abs(next());
          const rotation = next();
          const large = next();
          const sweep = next();
          const x = ox + next();
          const y = oy + next();
          // How far the arc bulges from its ends: a circle's minor arc no more than its sagitta;
          // anything else no more than its diameter (radii too small for the chord are scaled up).
          const half = Math.hypot(x - cx, y - cy) / 2;
          const r = Math.max(rx, ry, half);
          const reach = rx === ry && large === 0 ? r - Math.sqrt(Math.max(0, r * r - half * half)) : 2 * r;
          see(cx, cy, reach);
          see(x, y, reach);
          if (cubic !== undefined) {
            const q = quarterCubic(cx, cy, x, y, rx, ry, rotation, large, sweep);
            cubic = q === null ? undefined : cubic + q;
          }
          from = null;
          cx = x;
          cy = y;
          break;
        }
        default:
          return null;
      }
      // Rewritten with its command letter on every segment (so implicit repeats stay what they were).
      if (cubic !== undefined && upper !== 'A') cubic += upper + tokens.slice(start, i).map((v) => fmt(v as number)).join(',');
    }
  } catch {
    return null;
  }
  if (!Number.isFinite(box.x0)) return null;
  const info: PathInfo = { box };
  if (from && (from.x !== cx || from.y !== cy)) info.end = { x: cx, y: cy, dx: cx - from.x, dy: cy - from.y };
  if (cubic !== undefined && /A/.test(d)) info.cubic = cubic;
  return info;
}

/** A quarter-circle arc whose ends are a radius apart along both axes, as one cubic; null for any other arc. */
function quarterCubic(x0: number, y0: number, x1: number, y1: number, rx: number, ry: number, rotation: number, large: number, sweep: number): string | null {
  if (rx !== ry || rx <= 0 || large !== 0 || Math.abs(Math.abs(x1 - x0) - rx) > 1e-9 || Math.abs(Math.abs(y1 - y0) - ry) > 1e-9 || (rotation !== 0 && rx !== ry)) return null;
  // Of the two centres, the one the sweep goes around (positive angles turn clockwise on screen).
  for (const [cx, cy] of [
    [x0, y1],
    [x1, y0],
  ] as const) {
    const cross = (x0 - cx) * (y1 - cy) - (y0 - cy) * (x1 - cx);
    if ((cross > 0) === (sweep !== 0)) {
      // The corner where the tangents at both ends meet.
      const kx = x0 + x1 - cx;
      const ky = y0 + y1 - cy;
      return `C${fmt(x0 + KAPPA * (kx - x0))},${fmt(y0 + KAPPA * (ky - y0))} ${fmt(x1 + KAPPA * (kx - x1))},${fmt(y1 + KAPPA * (ky - y1))} ${fmt(x1)},${fmt(y1)}`;
    }
  }
  return null;
}

/** A quarter circle (or ellipse) to (ex, ey) around the corner (kx, ky), both relative to where it starts, as one cubic. */
const corner = (kx: number, ky: number, ex: number, ey: number) =>
  `c${fmt(KAPPA * kx)},${fmt(KAPPA * ky)} ${fmt(ex + KAPPA * (kx - ex))},${fmt(ey + KAPPA * (ky - ey))} ${fmt(ex)},${fmt(ey)}`;

/** The four corners of a rounded rectangle or an ellipse of these radii, clockwise from the top right (maps have a few sizes). */
const cornerCache = new Map<string, readonly [string, string, string, string]>();
function corners(rx: number, ry: number): readonly [string, string, string, string] {
  const key = `${rx},${ry}`;
  let four = cornerCache.get(key);
  if (!four) {
    four = [corner(rx, 0, rx, ry), corner(0, ry, -rx, ry), corner(-rx, 0, -rx, -ry), corner(0, -ry, rx, -ry)];
    if (cornerCache.size < 256) cornerCache.set(key, four);
  }
  return four;
}

/** A basic shape as path data (the equivalent path SVG 2 defines for it), with its box; null when it draws nothing or cannot be read. */
function shapePath(name: string, attrs: Attrs): { d: string; info: PathInfo } | null {
  const a = (k: string) => num(get(attrs, k));
  if (name === 'path') {
    const d = (get(attrs, 'd') ?? '').trim();
    const info = /^M/.test(d) ? pathInfo(d) : null;
    return info ? { d: info.cubic ?? d, info } : null;
  }
  if (name === 'line') {
    const [x1, y1, x2, y2] = [a('x1'), a('y1'), a('x2'), a('y2')];
    const end = x1 !== x2 || y1 !== y2 ? { x: x2, y: y2, dx: x2 - x1, dy: y2 - y1 } : undefined;
    return { d: `M${fmt(x1)},${fmt(y1)}L${fmt(x2)},${fmt(y2)}`, info: { box: { x0: Math.min(x1, x2), y0: Math.min(y1, y2), x1: Math.max(x1, x2), y1: Math.max(y1, y2) }, ...(end ? { end } : {}) } };
  }
  if (name === 'circle') {
    const [cx, cy, r] = [a('cx'), a('cy'), a('r')];
    if (!(r > 0)) return null;
    const [c1, c2, c3, c4] = corners(r, r);
    // From the right, clockwise: the rectangle's corners, each starting a quarter later.
    const d = `M${fmt(cx + r)},${fmt(cy)}${c2}${c3}${c4}${c1}z`;
    return { d, info: { box: { x0: cx - r, y0: cy - r, x1: cx + r, y1: cy + r } } };
  }
  if (name === 'rect') {
    const [x, y, w, h] = [a('x'), a('y'), a('width'), a('height')];
    if (!(w > 0 && h > 0)) return null;
    const rxAttr = get(attrs, 'rx');
    const ryAttr = get(attrs, 'ry');
    const rx = Math.min(Math.max(num(rxAttr ?? ryAttr), 0), w / 2);
    const ry = Math.min(Math.max(num(ryAttr ?? rxAttr), 0), h / 2);
    const box = { x0: x, y0: y, x1: x + w, y1: y + h };
    if (rx === 0 || ry === 0) return { d: `M${fmt(x)},${fmt(y)}H${fmt(x + w)}V${fmt(y + h)}H${fmt(x)}Z`, info: { box } };
    const [sw, sh] = [fmt(w - 2 * rx), fmt(h - 2 * ry)];
    const [c1, c2, c3, c4] = corners(rx, ry);
    const d = `M${fmt(x + rx)},${fmt(y)}h${sw}${c1}v${sh}${c2}h-${sw}${c3}v-${sh}${c4}z`;
    return { d, info: { box } };
  }
  return null;
}

// ---------------------------------------------------------------------------------- markers
interface Marker {
  viewBox: [number, number, number, number];
  refX: number;
  refY: number;
  width: number;
  height: number;
  userSpace: boolean;
  /** The content: closed polygons (points in the marker's viewBox) and their attributes. */
  shapes: { points: { x: number; y: number }[]; attrs: Attrs }[];
}

/** The markers a path end can be drawn with as plain polygons: orient="auto", no clipping, only polygons inside. */
function readMarkers(root: Element): Map<string, Marker> {
  const out = new Map<string, Marker>();
  const visit = (el: Element, plain: boolean) => {
    for (const child of el.children) {
      if (typeof child === 'string') continue;
      if (child.name === 'marker') {
        const marker = readMarker(child);
        const id = get(child.attrs, 'id');
        if (marker && id && plain) out.set(id, marker);
      } else visit(child, plain && child.attrs.every(([k]) => !INHERITED.has(k)));
    }
  };
  visit(root, true);
  return out;
}

const POLYGON = /[MLZ]|-?(?:\d+\.?\d*|\.\d+)/g;

function readMarker(el: Element): Marker | null {
  const allowed = new Set(['id', 'viewBox', 'refX', 'refY', 'markerWidth', 'markerHeight', 'markerUnits', 'orient']);
  if (el.attrs.some(([k]) => !allowed.has(k)) || get(el.attrs, 'orient') !== 'auto') return null;
  const vb = (get(el.attrs, 'viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
  if (vb.length !== 4 || vb.some((v) => !Number.isFinite(v)) || !((vb[2] as number) > 0 && (vb[3] as number) > 0)) return null;
  const viewBox = vb as [number, number, number, number];
  const width = num(get(el.attrs, 'markerWidth'), 3);
  const height = num(get(el.attrs, 'markerHeight'), 3);
  // A uniform scale, so the default preserveAspectRatio (meet, centred) adds no offset.
  if (Math.abs(width / viewBox[2] - height / viewBox[3]) > 1e-9) return null;
  const inside = (p: { x: number; y: number }) => p.x >= viewBox[0] && p.y >= viewBox[1] && p.x <= viewBox[0] + viewBox[2] && p.y <= viewBox[1] + viewBox[3];
  const shapes: Marker['shapes'] = [];
  for (const child of el.children) {
    if (typeof child === 'string') {
      if (child.trim()) return null;
      continue;
    }
    if (child.name !== 'path' || child.children.length > 0 || child.attrs.some(([k]) => k !== 'd' && !INHERITED.has(k))) return null;
    const d = get(child.attrs, 'd') ?? '';
    if (d.replace(POLYGON, '').replace(/[\s,]/g, '') !== '') return null;
    const commands = d.match(POLYGON) ?? [];
    const points: { x: number; y: number }[] = [];
    for (let i = 0; i < commands.length; i++) {
      const c = commands[i] as string;
      if (c === 'M' || c === 'L') {
        if ((c === 'M') !== (points.length === 0)) return null;
        points.push({ x: Number(commands[i + 1]), y: Number(commands[i + 2]) });
        i += 2;
      } else if (c !== 'Z' || i !== commands.length - 1) return null;
    }
    // Inside the viewBox: the marker's clip then cuts nothing but anti-aliasing.
    if (points.length < 3 || points.some((p) => !Number.isFinite(p.x) || !Number.isFinite(p.y) || !inside(p))) return null;
    shapes.push({ points, attrs: child.attrs.filter(([k]) => k !== 'd') });
  }
  if (shapes.length === 0) return null;
  return { viewBox, refX: num(get(el.attrs, 'refX')), refY: num(get(el.attrs, 'refY')), width, height, userSpace: get(el.attrs, 'markerUnits') === 'userSpaceOnUse', shapes };
}

/** A marker drawn at a path's end as polygons in user space (orient="auto": turned to the way the path arrives). */
function markerPolygons(marker: Marker, end: NonNullable<PathInfo['end']>, strokeWidth: number): { d: string; box: Box; attrs: Attrs }[] {
  const scale = (marker.width / marker.viewBox[2]) * (marker.userSpace ? 1 : strokeWidth);
  const len = Math.hypot(end.dx, end.dy);
  const cos = end.dx / len;
  const sin = end.dy / len;
  return marker.shapes.map((shape) => {
    const pts = shape.points.map((p) => {
      const x = (p.x - marker.refX) * scale;
      const y = (p.y - marker.refY) * scale;
      return { x: end.x + x * cos - y * sin, y: end.y + x * sin + y * cos };
    });
    const box = { x0: Math.min(...pts.map((p) => p.x)), y0: Math.min(...pts.map((p) => p.y)), x1: Math.max(...pts.map((p) => p.x)), y1: Math.max(...pts.map((p) => p.y)) };
    return { d: `M${pts.map((p) => `${fmt(p.x)},${fmt(p.y)}`).join('L')}Z`, box, attrs: shape.attrs };
  });
}

// ------------------------------------------------------------------------------------ items
/** One painted thing, in document order. */
interface Item {
  kind: 'path' | 'text' | 'raw';
  /** Items with equal keys can share one element (a path, a text); null: never. */
  key: string | null;
  /** The one colour it paints (commutes with anything of that colour), else null. */
  colour: string | null;
  /** Where it can paint (anti-aliasing and stroke included); null: anywhere. */
  box: Box | null;
  /** The element as written alone. */
  alone: () => string;
  /** Path: its subpaths. */
  part: string;
  /** Text: its `<text>` without the shared attributes. */
  textPart?: () => string;
  /** Text: its lines as positioned `<tspan>`s, when it can be a chunk of a longer text. */
  chunks?: string;
  /** The attributes written once for a batch. */
  shared: Attrs;
}

interface Context {
  /** The markup parsed, to copy elements and text contents as written. */
  source: string;
  markers: Map<string, Marker>;
  /** Paints and text styles already worked out, by the inherited attributes and the element's own. */
  paints: WeakMap<Attrs, Map<string, Paint>>;
  texts: WeakMap<Attrs, Map<string, TextStyleInfo>>;
  /** The root's presentation attributes: what everything inherits unless told otherwise. */
  root: Attrs;
}

const byName = (a: readonly [string, string], b: readonly [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
const keyOf = (prefix: string, attrs: Attrs) => prefix + [...attrs].sort(byName).map(([k, v]) => `${k}=${v}`).join(';');

/** The single plain colour a fill/stroke pair paints, or null (two colours, gradients, currentColor…). */
function singleColour(fill: string | null, stroke: string | null): string | null {
  const paint = fill ?? stroke;
  if ((fill === null) === (stroke === null) || paint === null) return null;
  return /^#[0-9a-fA-F]{3,8}$|^[a-zA-Z]+$/.test(paint) && paint !== 'currentColor' && paint !== 'inherit' ? paint.toLowerCase() : null;
}

function painted(attrs: Attrs, root: Attrs, name: 'fill' | 'stroke'): string | null {
  const value = get(attrs, name) ?? get(root, name) ?? (name === 'fill' ? 'black' : 'none');
  if (value === 'none' || value === 'transparent') return null;
  if (name === 'stroke' && num(get(attrs, 'stroke-width') ?? get(root, 'stroke-width'), 1) <= 0) return null;
  return value;
}

const raw = (markup: () => string, box: Box | null = null): Item => ({ kind: 'raw', key: null, colour: null, box, alone: markup, part: '', shared: [] });

/** How a shape paints: everything about it but its geometry (shared by the many shapes of one style). */
interface Paint {
  /** Effective presentation attributes, without text-only ones and the end marker. */
  style: Attrs;
  key: string;
  colour: string | null;
  strokeWidth: number;
  /** How far the stroke can reach beyond the outline. */
  reach: number;
  hasMarker: boolean;
  marker: Marker | undefined;
  /** Never merged (dashes, ids, opacity…); `moved`: drawn somewhere its box does not tell (transform, clip…). */
  unique: 'no' | 'yes' | 'moved';
}

function paintOf(el: Element, inherited: Attrs, ctx: Context): Paint {
  const geometry = GEOMETRY[el.name] as readonly string[];
  let signature = el.name;
  for (const [k, v] of el.attrs) if (!geometry.includes(k) && !isMeta(k)) signature += `|${k}=${v}`;
  let cache = ctx.paints.get(inherited);
  if (!cache) ctx.paints.set(inherited, (cache = new Map()));
  const known = cache.get(signature);
  if (known) return known;
  let style: Attrs = merge(
    inherited,
    el.attrs.filter(([k]) => !geometry.includes(k) && !isMeta(k)),
  ).filter(([k]) => !TEXT_ONLY.has(k));
  // A line has no inside: its fill paints nothing.
  if (el.name === 'line') style = merge(style, [['fill', 'none']]);
  const fill = painted(style, ctx.root, 'fill');
  const stroke = painted(style, ctx.root, 'stroke');
  const strokeWidth = num(get(style, 'stroke-width') ?? get(ctx.root, 'stroke-width'), 1);
  const markerEnd = get(style, 'marker-end');
  const hasMarker = markerEnd !== undefined && markerEnd !== 'none';
  const ref = hasMarker ? /^url\(#([^)]+)\)$/.exec(markerEnd)?.[1] : undefined;
  const dashed = (get(style, 'stroke-dasharray') ?? 'none') !== 'none';
  const moved = UNIQUE_SHAPE.some((k) => k !== 'id' && k !== 'opacity' && get(style, k) !== undefined);
  style = style.filter(([k]) => k !== 'marker-end');
  const paint: Paint = {
    style,
    key: keyOf('P|', style),
    colour: hasMarker && dashed ? null : singleColour(fill, stroke),
    strokeWidth,
    // Half the stroke outside the outline, up to twice that at a miter join.
    reach: (stroke ? strokeWidth * 2 : 0) + MARGIN,
    hasMarker,
    marker: ref ? ctx.markers.get(ref) : undefined,
    unique: moved ? 'moved' : dashed || UNIQUE_SHAPE.some((k) => get(style, k) !== undefined) ? 'yes' : 'no',
  };
  cache.set(signature, paint);
  return paint;
}

function shapeItems(el: Element, inherited: Attrs, ctx: Context, plain: boolean): Item[] {
  const asWritten = () => `<${el.name}${attrsText(merge(inherited.filter(([k]) => !TEXT_ONLY.has(k)), el.attrs.filter(([k]) => !isMeta(k))))}/>`;
  const paint = paintOf(el, inherited, ctx);
  const shape = shapePath(el.name, el.attrs);
  if (shape === null) {
    // Draws nothing (zero size) or cannot be read: leave it as it is, and nothing moves across it.
    const empty = (el.name === 'rect' || el.name === 'circle') && paint.unique === 'no';
    return empty ? [] : [raw(asWritten)];
  }
  const { marker, strokeWidth } = paint;
  const expandable = !paint.hasMarker || (marker !== undefined && shape.info.end !== undefined && plain);
  if (!expandable || paint.unique !== 'no') {
    // Left as written; a marker left in place reaches as far as its size around the end (turned any way).
    const markerReach = marker ? Math.SQRT2 * Math.max(marker.width, marker.height) * (marker.userSpace ? 1 : strokeWidth) : 0;
    const box = !expandable || paint.unique === 'moved' ? null : grow(shape.info.box, paint.reach + markerReach);
    return [{ kind: 'raw', key: null, colour: paint.hasMarker ? null : paint.colour, box, alone: asWritten, part: '', shared: [] }];
  }
  const items: Item[] = [
    {
      kind: 'path',
      key: paint.key,
      colour: paint.colour,
      box: grow(shape.info.box, paint.reach),
      alone: () => `<path d="${shape.d}"${attrsText(paint.style)}/>`,
      part: shape.d,
      shared: paint.style,
    },
  ];
  if (marker && shape.info.end) {
    for (const polygon of markerPolygons(marker, shape.info.end, strokeWidth)) {
      const arrowStroke = painted(polygon.attrs, ctx.root, 'stroke');
      items.push({
        kind: 'path',
        key: keyOf('P|', polygon.attrs),
        colour: singleColour(painted(polygon.attrs, ctx.root, 'fill'), arrowStroke),
        box: grow(polygon.box, (arrowStroke ? 2 * num(get(polygon.attrs, 'stroke-width'), 1) : 0) + MARGIN),
        alone: () => `<path d="${polygon.d}"${attrsText(polygon.attrs)}/>`,
        part: polygon.d,
        shared: polygon.attrs,
      });
    }
  }
  return items;
}

const ENTITY: Readonly<Record<string, string>> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
const decodeEntities = (text: string) =>
  text.replace(/&(lt|gt|quot|apos|amp);|&#(x?)([0-9a-fA-F]+);/g, (_, name: string | undefined, hex: string, code: string) =>
    name ? (ENTITY[name] as string) : String.fromCodePoint(Number.parseInt(code, hex ? 16 : 10)),
  );

/** How a text is styled: everything but its position and content (shared by the many texts of one style). */
interface TextStyleInfo {
  all: Attrs;
  shared: Attrs;
  perText: Attrs;
  key: string;
  colour: string | null;
  size: number;
  bold: boolean;
  anchor: string;
  halo: number;
  unique: boolean;
}

function textStyleOf(el: Element, inherited: Attrs, ctx: Context): TextStyleInfo {
  let signature = '';
  for (const [k, v] of el.attrs) if (k !== 'x' && k !== 'y' && !isMeta(k)) signature += `|${k}=${v}`;
  let cache = ctx.texts.get(inherited);
  if (!cache) ctx.texts.set(inherited, (cache = new Map()));
  const known = cache.get(signature);
  if (known) return known;
  const all = merge(
    inherited,
    el.attrs.filter(([k]) => k !== 'x' && k !== 'y' && !isMeta(k)),
  );
  const stroke = painted(all, ctx.root, 'stroke');
  const info: TextStyleInfo = {
    all,
    shared: all.filter(([k]) => INHERITED.has(k)),
    perText: all.filter(([k]) => !INHERITED.has(k)),
    key: keyOf('T|', all),
    colour: singleColour(painted(all, ctx.root, 'fill'), stroke),
    size: num(get(all, 'font-size') ?? get(ctx.root, 'font-size'), 16),
    bold: /^(bold|bolder|[6-9]00)$/.test(get(all, 'font-weight') ?? get(ctx.root, 'font-weight') ?? ''),
    anchor: get(all, 'text-anchor') ?? get(ctx.root, 'text-anchor') ?? 'start',
    halo: stroke ? num(get(all, 'stroke-width'), 1) : 0,
    unique: UNIQUE_TEXT.some((k) => get(all, k) !== undefined),
  };
  cache.set(signature, info);
  return info;
}

const decode = (text: string) => (text.includes('&') ? decodeEntities(text) : text);

/** The text as an item; null when it paints nothing (no characters). */
function textItem(el: Element, inherited: Attrs, ctx: Context): Item | null {
  const style = textStyleOf(el, inherited, ctx);
  const inner = ctx.source.slice(el.innerStart, el.innerEnd);
  const xy = el.attrs.filter(([k]) => k === 'x' || k === 'y');
  const alone = () => `<text${attrsText([...style.all, ...xy])}>${inner}</text>`;
  const { colour } = style;
  const plainTspan = (c: Node): c is Element => typeof c !== 'string' && c.name === 'tspan' && c.children.every((g) => typeof g === 'string') && c.attrs.every(([k]) => k === 'x' || k === 'y' || isMeta(k));
  if (style.unique || el.children.some((c) => typeof c !== 'string' && !plainTspan(c))) {
    return { kind: 'raw', key: null, colour, box: null, alone, part: '', shared: [] };
  }
  // The text's lines: its own content at its x/y, then each tspan at its position.
  const lines: { x: string; y: string; text: string; raw: string }[] = [];
  let x = get(el.attrs, 'x') ?? '0';
  let y = get(el.attrs, 'y') ?? '0';
  // Every line absolutely placed: the text's own content first, then tspans with both x and y.
  let positioned = true;
  for (const child of el.children) {
    if (typeof child === 'string') {
      if (lines.length > 0) positioned = false;
      lines.push({ x, y, text: decode(child), raw: child });
    } else {
      const tx = get(child.attrs, 'x');
      const ty = get(child.attrs, 'y');
      if (tx === undefined || ty === undefined) positioned = false;
      x = tx ?? x;
      y = ty ?? y;
      const content = child.children.join('');
      lines.push({ x, y, text: decode(content), raw: content });
    }
  }
  if (lines.every((l) => l.text === '')) return null;
  // Where the text can be: each line from its anchor, as wide as DejaVu Sans makes it (the widest
  // font of the stack; the table is good to a few per cent) plus 6 % and a unit, from above the
  // accents to below the descenders.
  const { size, bold, anchor, halo } = style;
  let box: Box | null = null;
  for (const line of lines) {
    const lx = num(line.x);
    const ly = num(line.y);
    const w = textWidth(line.text, size, bold) * 1.06 + 2;
    const left = anchor === 'middle' ? lx - w / 2 : anchor === 'end' ? lx - w + 1 : lx - 1;
    const b = grow({ x0: left, x1: left + w, y0: ly - 1.1 * size, y1: ly + 0.35 * size }, halo + MARGIN);
    box = box ? { x0: Math.min(box.x0, b.x0), y0: Math.min(box.y0, b.y0), x1: Math.max(box.x1, b.x1), y1: Math.max(box.y1, b.y1) } : b;
  }
  // A chunk of a longer text when nothing can tell: one colour (no halo painted over a neighbour),
  // lines placed absolutely with no space to collapse or trim at their ends, no right-to-left script.
  const chunkable =
    colour !== null &&
    style.perText.length === 0 &&
    positioned &&
    lines.every((l) => l.text !== '' && !/^\s|\s$|\s\s|[^\S ]/.test(l.text) && !BIDI.test(l.text) && !l.raw.includes('<'));
  const chunks = chunkable ? lines.map((l) => `<tspan x="${l.x}" y="${l.y}">${l.raw}</tspan>`).join('') : undefined;
  return {
    kind: 'text',
    key: style.key,
    colour,
    box,
    alone,
    part: '',
    textPart: () => `<text${attrsText([...xy, ...style.perText])}>${inner}</text>`,
    ...(chunks !== undefined ? { chunks } : {}),
    shared: style.shared,
  };
}

// ---------------------------------------------------------------------------------- batching
/** Item ids by grid cell, to find what overlaps a box. */
class Grid {
  private readonly cells = new Map<number, number[]>();
  private readonly wide: number[] = [];
  private readonly seen: number[] = [];
  private readonly found: number[] = [];
  private stamp = 0;
  constructor(private readonly size = 128) {}

  private range(b: Box) {
    const cx0 = Math.floor(b.x0 / this.size);
    const cy0 = Math.floor(b.y0 / this.size);
    const cx1 = Math.floor(b.x1 / this.size);
    const cy1 = Math.floor(b.y1 / this.size);
    return { cx0, cy0, cx1, cy1, wide: (cx1 - cx0 + 1) * (cy1 - cy0 + 1) > 1024 };
  }

  insert(id: number, b: Box): void {
    const r = this.range(b);
    if (r.wide) {
      this.wide.push(id);
      return;
    }
    for (let cx = r.cx0; cx <= r.cx1; cx++) {
      for (let cy = r.cy0; cy <= r.cy1; cy++) {
        const k = cx * 1_000_003 + cy;
        const list = this.cells.get(k);
        if (list) list.push(id);
        else this.cells.set(k, [id]);
      }
    }
  }

  /** The ids whose cells `b` touches, each once (in a buffer reused by the next call). */
  near(b: Box): readonly number[] {
    const stamp = ++this.stamp;
    const out = this.found;
    out.length = 0;
    const add = (list: readonly number[]) => {
      for (const id of list) {
        if (this.seen[id] === stamp) continue;
        this.seen[id] = stamp;
        out.push(id);
      }
    };
    add(this.wide);
    const r = this.range(b);
    if (r.wide) for (const list of this.cells.values()) add(list);
    else for (let cx = r.cx0; cx <= r.cx1; cx++) for (let cy = r.cy0; cy <= r.cy1; cy++) add(this.cells.get(cx * 1_000_003 + cy) ?? []);
    return out;
  }
}

/**
 * Shapes merge only with shapes in the same square of this size (by the middle of their boxes):
 * Skia leaves out a path that misses what it draws (a poster sheet) only as a whole, and paths
 * across the whole map put all of it on every sheet of a poster (a 2000-step A3 poster grew from
 * 6.8 to 24 MB; with these squares it is 5.8 MB, for a fifth more elements than with none).
 */
const MERGE_SQUARE = 2048;

const mergeKey = (item: Item): string | null => {
  if (item.key === null || item.box === null || item.kind !== 'path') return item.key;
  const { x0, y0, x1, y1 } = item.box;
  return `${item.key}@${Math.floor((x0 + x1) / 2 / MERGE_SQUARE)},${Math.floor((y0 + y1) / 2 / MERGE_SQUARE)}`;
};

/**
 * Painter's batching: items arrive in painting order; each joins the earliest batch of its key it
 * may be moved back to — later than every batch holding something it overlaps and does not commute
 * with, and (a shape) holding nothing it overlaps — or starts a new batch at the end. Batches are
 * painted in the order they started.
 */
class Batcher {
  readonly batches: Item[][] = [];
  private readonly items: Item[] = [];
  private readonly batchOf: number[] = [];
  private readonly byKey = new Map<string, number[]>();
  private readonly grid = new Grid();
  /** The last batch holding an item that may paint anywhere. */
  private unbounded = -1;
  /** Per batch, the last item (by stamp) that overlaps something in it. */
  private readonly touched: number[] = [];
  private stamp = 0;

  add(item: Item): void {
    const id = this.items.length;
    const box = item.box;
    let floor = this.unbounded;
    const touched = ++this.stamp;
    if (box === null) floor = this.batches.length - 1;
    else {
      for (const other of this.grid.near(box)) {
        const o = this.items[other] as Item;
        if (o.box === null || apart(o.box, box)) continue;
        const batch = this.batchOf[other] as number;
        this.touched[batch] = touched;
        if (item.colour === null || o.colour !== item.colour) floor = Math.max(floor, batch);
      }
    }
    // The earliest batch that fits: things painted in the same order elsewhere on the map (the
    // next stage's cards and flows) then land in the same batches.
    let target = -1;
    const key = mergeKey(item);
    const candidates = key === null ? [] : (this.byKey.get(key) ?? []);
    let lo = 0;
    let hi = candidates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((candidates[mid] as number) <= floor) lo = mid + 1;
      else hi = mid;
    }
    for (let c = lo; c < candidates.length && target < 0; c++) {
      const batch = candidates[c] as number;
      // Texts keep their order inside a batch; a shape's coverage would merge with what it overlaps.
      if (item.kind === 'text' || this.touched[batch] !== touched) target = batch;
    }
    if (target < 0) {
      target = this.batches.length;
      this.batches.push([]);
      if (key !== null) {
        const list = this.byKey.get(key);
        if (list) list.push(target);
        else this.byKey.set(key, [target]);
      }
    }
    (this.batches[target] as Item[]).push(item);
    this.items.push(item);
    this.batchOf.push(target);
    if (box === null) this.unbounded = target;
    else this.grid.insert(id, box);
  }
}

function writeBatch(batch: readonly Item[]): string {
  const first = batch[0] as Item;
  if (batch.length === 1 || first.kind === 'raw') return batch.map((i) => i.alone()).join('');
  if (first.kind === 'path') return `<path d="${batch.map((i) => i.part).join('')}"${attrsText(first.shared)}/>`;
  // Texts: runs of chunks as one text, the others as they are, in order.
  let out = '';
  let run = '';
  for (const item of batch) {
    if (item.chunks !== undefined) run += item.chunks;
    else {
      if (run) out += `<text>${run}</text>`;
      run = '';
      out += (item.textPart as () => string)();
    }
  }
  if (run) out += `<text>${run}</text>`;
  return `<g${attrsText(first.shared)}>${out}</g>`;
}

/** The children of a container (the root, or a group that stays) in their lighter form. */
function lighten(children: readonly Node[], ctx: Context, plain: boolean): string {
  const resources: string[] = [];
  const batcher = new Batcher();
  const walk = (nodes: readonly Node[], inherited: Attrs) => {
    for (const node of nodes) {
      // Character data outside a text paints nothing (whitespace between elements).
      if (typeof node === 'string' || SKIPPED.has(node.name)) continue;
      if (RESOURCES.has(node.name)) resources.push(markupOf(ctx.source, node));
      else if (node.name === 'g') {
        const own = node.attrs.filter(([k]) => !isMeta(k));
        if (own.every(([k]) => INHERITED.has(k))) walk(node.children, merge(inherited, own));
        else {
          const attrs = merge(inherited, own);
          const body = lighten(node.children, ctx, plain && attrs.every(([k]) => !INHERITED.has(k)));
          batcher.add(raw(() => `<g${attrsText(attrs)}>${body}</g>`));
        }
      } else if (node.name in GEOMETRY) for (const item of shapeItems(node, inherited, ctx, plain)) batcher.add(item);
      else if (node.name === 'text') {
        const item = textItem(node, inherited, ctx);
        if (item) batcher.add(item);
      }
      else {
        const markup = markupOf(ctx.source, node);
        batcher.add(raw(() => (inherited.length ? `<g${attrsText(inherited)}>${markup}</g>` : markup)));
      }
    }
  };
  walk(children, []);
  return resources.join('') + batcher.batches.map(writeBatch).join('');
}

/** The print variant of an SVG document exportSvg wrote; the input itself when it is not such markup. */
export function printSvg(svg: string): string {
  const parsed = parse(svg);
  if (!parsed) return svg;
  const { prolog, root } = parsed;
  const attrs = root.attrs.filter(([k]) => !isMeta(k));
  const ctx: Context = { source: svg, markers: readMarkers(root), paints: new WeakMap(), texts: new WeakMap(), root: attrs.filter(([k]) => INHERITED.has(k)) };
  return `${prolog ? `${prolog}\n` : ''}<svg${attrsText(attrs)}>${lighten(root.children, ctx, true)}</svg>\n`;
}
