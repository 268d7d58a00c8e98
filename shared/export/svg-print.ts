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

/** Attributes as one flat list in source order: name, value, name, value… */
type Attrs = readonly string[];

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
/** The attributes that place a shape (the rest is how it paints). */
const GEOMETRY: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['rect', new Set(['x', 'y', 'width', 'height', 'rx', 'ry'])],
  ['circle', new Set(['cx', 'cy', 'r'])],
  ['line', new Set(['x1', 'y1', 'x2', 'y2'])],
  ['path', new Set(['d'])],
]);
/** On a shape, these make it one of a kind: never merged (and unbounded when they move it). */
const UNIQUE_SHAPE = ['id', 'transform', 'style', 'clip-path', 'mask', 'filter', 'marker-start', 'marker-mid', 'pathLength', 'vector-effect', 'opacity', 'display'];
/** On a text, these make its extent unknown. */
const UNIQUE_TEXT = ['id', 'transform', 'style', 'rotate', 'dx', 'dy', 'textLength', 'lengthAdjust', 'clip-path', 'mask', 'filter', 'opacity', 'display'];
/** Right-to-left scripts and bidi controls: such texts keep their own element (bidi runs per element). */
const BIDI = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069]|\ud802[\udc00-\udfff]|\ud83a[\udc00-\udfff]/;

/** Shared by everything without attributes: never written to. */
const NO_ATTRS: Attrs = [];

// ---------------------------------------------------------------------------------- parsing
// A 2000-step map is ~33 000 elements with ~130 000 attributes. The parser keeps them as numbers
// (where they are in the source) in typed arrays: as objects and strings they all lived to the
// end, and the garbage collector copying them from one collection to the next was a third of the
// time. Attributes become strings when an element is looked at, and are garbage soon after.

// A record is an element, or character data in a text: these fields, in document order.
const NAME = 0; // the name's id, or TEXT_NODE
const START = 1; // where it starts in the source
const INNER_START = 2; // its content, between the tags
const INNER_END = 3;
const END = 4; // where it ends
const ATTR_FIRST = 5; // its first attribute's number
const ATTR_COUNT = 6;
const NEXT = 7; // the record after its content: its next sibling, or its parent's
const FIELDS = 8;
const TEXT_NODE = -1;
// An attribute: its name's id, where its value starts and ends.
const ATTR_FIELDS = 3;

const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;
const ATTR_NAME = /^[A-Za-z_:][\w:.-]*$/;
const TAG_NAME = /^[A-Za-z][\w:.-]*$/;

/** The names of a document (a few dozen), by a hash of their characters: checked once, then found without a copy. */
class Names {
  readonly list: string[] = [];
  private readonly byHash = new Map<number, number[]>();
  constructor(private readonly valid: RegExp) {}

  /** The id of the name `source[start, end)`, or -1 when it is not a valid one. */
  id(source: string, start: number, end: number): number {
    const length = end - start;
    let hash = length;
    for (let k = start; k < end; k++) hash = (Math.imul(hash, 31) + source.charCodeAt(k)) | 0;
    const known = this.byHash.get(hash);
    if (known) {
      for (let k = 0; k < known.length; k++) {
        const id = known[k] as number;
        const name = this.list[id] as string;
        if (name.length === length && source.startsWith(name, start)) return id;
      }
    }
    const name = source.slice(start, end);
    if (!this.valid.test(name)) return -1;
    const id = this.list.length;
    this.list.push(name);
    if (known) known.push(id);
    else this.byHash.set(hash, [id]);
    return id;
  }
}

interface Doc {
  source: string;
  prolog: string;
  tags: Names;
  attrNames: Names;
  /** FIELDS numbers a record; the root is record 0. */
  records: Int32Array;
  /** ATTR_FIELDS numbers an attribute (markup for scripts left out). */
  attrs: Int32Array;
}

/** The array, or a copy twice as large when `need` numbers do not fit. */
function room(array: Int32Array, need: number): Int32Array {
  if (need <= array.length) return array;
  const larger = new Int32Array(Math.max(need, array.length * 2));
  larger.set(array);
  return larger;
}

/** Whether `source[from, to)` closes `name` (spaces around it allowed). */
const closes = (source: string, from: number, to: number, name: string) =>
  (to - from === name.length && source.startsWith(name, from)) || source.slice(from, to).trim() === name;

/**
 * The document, or null when it is not markup this file expects (tags, double-quoted attributes,
 * text, comments and processing instructions; no doctype or CDATA) with an `svg` root.
 */
function parse(svg: string): Doc | null {
  const tags = new Names(TAG_NAME);
  const attrNames = new Names(ATTR_NAME);
  // Room for a map's usual density (a record per 50 characters, an attribute per 16), grown when short.
  let records: Int32Array = new Int32Array(FIELDS * Math.max(256, Math.ceil(svg.length / 50)));
  let attrs: Int32Array = new Int32Array(ATTR_FIELDS * Math.max(1024, Math.ceil(svg.length / 16)));
  let count = 0;
  let attrCount = 0;
  /** Whether each attribute name (by id) is markup for scripts. */
  const meta: boolean[] = [];
  /** The open elements; character data is kept only inside a text. */
  const stack: number[] = [];
  let parent = -1;
  let inText = false;
  let prolog = '';
  let i = 0;
  const n = svg.length;
  const add = (name: number, start: number, innerStart: number, end: number, firstAttr: number) => {
    records = room(records, (count + 1) * FIELDS);
    const r = count * FIELDS;
    records[r + NAME] = name;
    records[r + START] = start;
    records[r + INNER_START] = innerStart;
    records[r + INNER_END] = innerStart;
    records[r + END] = end;
    records[r + ATTR_FIRST] = firstAttr;
    records[r + ATTR_COUNT] = attrCount - firstAttr;
    records[r + NEXT] = count + 1;
    return count++;
  };
  while (i < n) {
    const lt = svg.indexOf('<', i);
    if (lt !== i) {
      const textEnd = lt < 0 ? n : lt;
      // Character data paints only in a text (elsewhere it is the whitespace between elements).
      if (inText) {
        const r = add(TEXT_NODE, i, i, textEnd, attrCount);
        records[r * FIELDS + INNER_END] = textEnd;
      }
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
      if (stack.length === 0) prolog += svg.slice(i, close + 2);
      i = close + 2;
      continue;
    }
    if (c === 47 /* / */) {
      const close = svg.indexOf('>', i + 2);
      if (close < 0 || parent < 0 || !closes(svg, i + 2, close, tags.list[records[parent * FIELDS + NAME] as number] as string)) return null;
      records[parent * FIELDS + INNER_END] = i;
      records[parent * FIELDS + END] = close + 1;
      records[parent * FIELDS + NEXT] = count;
      stack.pop();
      parent = stack.length > 0 ? (stack[stack.length - 1] as number) : -1;
      const name = parent < 0 ? '' : tags.list[records[parent * FIELDS + NAME] as number];
      inText = name === 'text' || name === 'tspan';
      i = close + 1;
      continue;
    }
    // A start tag: its name, then name="value" pairs, then > or />.
    let j = i + 1;
    for (; j < n; j++) {
      const k = svg.charCodeAt(j);
      if (isSpace(k) || k === 62 /* > */ || k === 47 /* / */) break;
    }
    const name = tags.id(svg, i + 1, j);
    if (name < 0) return null;
    const firstAttr = attrCount;
    for (;;) {
      while (j < n && isSpace(svg.charCodeAt(j))) j++;
      const k = svg.charCodeAt(j);
      if (k === 62 || (k === 47 && svg.charCodeAt(j + 1) === 62)) break;
      const eq = svg.indexOf('=', j);
      if (eq < 0 || svg.charCodeAt(eq + 1) !== 34 /* " */) return null;
      const close = svg.indexOf('"', eq + 2);
      if (close < 0) return null;
      const attr = attrNames.id(svg, j, eq);
      if (attr < 0) return null;
      // Elements left as they are are copied from the source, so markup for scripts can go now.
      if (!(meta[attr] ??= isMeta(attrNames.list[attr] as string))) {
        attrs = room(attrs, (attrCount + 1) * ATTR_FIELDS);
        attrs[attrCount * ATTR_FIELDS] = attr;
        attrs[attrCount * ATTR_FIELDS + 1] = eq + 2;
        attrs[attrCount * ATTR_FIELDS + 2] = close;
        attrCount++;
      }
      j = close + 1;
    }
    const selfClose = svg.charCodeAt(j) === 47;
    const tagEnd = j + (selfClose ? 2 : 1);
    const r = add(name, i, tagEnd, tagEnd, firstAttr);
    if (!selfClose) {
      stack.push(r);
      parent = r;
      const tag = tags.list[name];
      inText = tag === 'text' || tag === 'tspan';
    }
    i = tagEnd;
  }
  // The root is the first element (what follows it is not read).
  if (stack.length !== 0 || count === 0 || tags.list[records[NAME] as number] !== 'svg') return null;
  return { source: svg, prolog, tags, attrNames, records, attrs };
}

/** The record's name ('' for character data). */
const nameOf = (doc: Doc, r: number) => {
  const id = doc.records[r * FIELDS + NAME] as number;
  return id === TEXT_NODE ? '' : (doc.tags.list[id] as string);
};
const isTextNode = (doc: Doc, r: number) => doc.records[r * FIELDS + NAME] === TEXT_NODE;
/** The record after r's content (its children are r + 1 up to there). */
const nextOf = (doc: Doc, r: number) => doc.records[r * FIELDS + NEXT] as number;
/** The record as written in the source. */
const markupOf = (doc: Doc, r: number) => doc.source.slice(doc.records[r * FIELDS + START], doc.records[r * FIELDS + END]);
/** What is between its tags (character data: itself). */
const innerOf = (doc: Doc, r: number) => doc.source.slice(doc.records[r * FIELDS + INNER_START], doc.records[r * FIELDS + INNER_END]);

/** The record's attributes as strings. */
function attrsOf(doc: Doc, r: number): Attrs {
  const count = doc.records[r * FIELDS + ATTR_COUNT] as number;
  if (count === 0) return NO_ATTRS;
  const first = doc.records[r * FIELDS + ATTR_FIRST] as number;
  const out = new Array<string>(2 * count);
  for (let k = 0; k < count; k++) {
    const a = (first + k) * ATTR_FIELDS;
    out[2 * k] = doc.attrNames.list[doc.attrs[a] as number] as string;
    out[2 * k + 1] = doc.source.slice(doc.attrs[a + 1], doc.attrs[a + 2]);
  }
  return out;
}

/** The number of the record's attribute `name` (the first, if written twice), or -1. */
function attrIndex(doc: Doc, r: number, name: string): number {
  const first = doc.records[r * FIELDS + ATTR_FIRST] as number;
  const count = doc.records[r * FIELDS + ATTR_COUNT] as number;
  for (let a = first; a < first + count; a++) if (doc.attrNames.list[doc.attrs[a * ATTR_FIELDS] as number] === name) return a;
  return -1;
}
/** The value of the record's attribute `name` (the first, if written twice). */
function attrOf(doc: Doc, r: number, name: string): string | undefined {
  const a = attrIndex(doc, r, name);
  return a < 0 ? undefined : doc.source.slice(doc.attrs[a * ATTR_FIELDS + 1], doc.attrs[a * ATTR_FIELDS + 2]);
}
/**
 * An attribute's value (by its number; -1: none) as a number the way num() reads it, without
 * copying it out of the source when it is plain digits.
 */
function numAttr(doc: Doc, a: number, fallback = 0): number {
  if (a < 0) return fallback;
  const source = doc.source;
  const start = doc.attrs[a * ATTR_FIELDS + 1] as number;
  const end = doc.attrs[a * ATTR_FIELDS + 2] as number;
  let k = start;
  const negative = source.charCodeAt(k) === 45;
  if (negative) k++;
  let m = 0;
  let digits = 0;
  let decimals = -1;
  for (; k < end; k++) {
    const c = source.charCodeAt(k);
    if (isDigit(c)) {
      m = m * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 46 && decimals < 0) decimals = 0;
    else break;
  }
  // Plain: a sign, digits and a point only, up to 15 digits (see numberAt); else parseFloat.
  if (k < end || digits === 0 || digits > 15) return num(source.slice(start, end), fallback);
  const v = decimals > 0 ? m / (POW10[decimals] as number) : m;
  return negative ? -v : v;
}

/** The record's attribute `name` as a number (see numAttr). */
const numOf = (doc: Doc, r: number, name: string, fallback = 0) => numAttr(doc, attrIndex(doc, r, name), fallback);

/** Whether the record's attributes but those in `skip` are `own`: the same names and values in the same order. */
function sameOwn(doc: Doc, r: number, own: Attrs, skip: ReadonlySet<string>): boolean {
  const first = doc.records[r * FIELDS + ATTR_FIRST] as number;
  const count = doc.records[r * FIELDS + ATTR_COUNT] as number;
  let j = 0;
  for (let a = first * ATTR_FIELDS; a < (first + count) * ATTR_FIELDS; a += ATTR_FIELDS) {
    const name = doc.attrNames.list[doc.attrs[a] as number] as string;
    if (skip.has(name)) continue;
    if (own[j] !== name) return false;
    const value = own[j + 1] as string;
    const start = doc.attrs[a + 1] as number;
    if (value.length !== (doc.attrs[a + 2] as number) - start || !doc.source.startsWith(value, start)) return false;
    j += 2;
  }
  return j === own.length;
}

/** A hash of the record's name and its attributes but those in `skip`, to find what was worked out for the same ones. */
function ownHash(doc: Doc, r: number, skip: ReadonlySet<string>): number {
  const first = doc.records[r * FIELDS + ATTR_FIRST] as number;
  const count = doc.records[r * FIELDS + ATTR_COUNT] as number;
  const source = doc.source;
  let hash = doc.records[r * FIELDS + NAME] as number;
  for (let a = first * ATTR_FIELDS; a < (first + count) * ATTR_FIELDS; a += ATTR_FIELDS) {
    const id = doc.attrs[a] as number;
    if (skip.has(doc.attrNames.list[id] as string)) continue;
    const end = doc.attrs[a + 2] as number;
    hash = (Math.imul(hash, 31) + id) | 0;
    for (let k = doc.attrs[a + 1] as number; k < end; k++) hash = (Math.imul(hash, 31) + source.charCodeAt(k)) | 0;
    hash = (Math.imul(hash, 31) + end - (doc.attrs[a + 1] as number)) | 0;
  }
  return hash;
}

function attrsText(attrs: Attrs): string {
  let out = '';
  for (let i = 0; i < attrs.length; i += 2) out += ` ${attrs[i] as string}="${attrs[i + 1] as string}"`;
  return out;
}
function get(attrs: Attrs, name: string): string | undefined {
  for (let i = 0; i < attrs.length; i += 2) if (attrs[i] === name) return attrs[i + 1];
  return undefined;
}
/** The attributes whose name passes `keep`, in order. */
function pick(attrs: Attrs, keep: (name: string) => boolean): Attrs {
  const out: string[] = [];
  for (let i = 0; i < attrs.length; i += 2) if (keep(attrs[i] as string)) out.push(attrs[i] as string, attrs[i + 1] as string);
  return out;
}
/** Whether any attribute's name is in `names`. */
function anyIn(attrs: Attrs, names: ReadonlySet<string>): boolean {
  for (let i = 0; i < attrs.length; i += 2) if (names.has(attrs[i] as string)) return true;
  return false;
}
/** Whether every attribute's name is in `names`. */
function allIn(attrs: Attrs, names: ReadonlySet<string>): boolean {
  for (let i = 0; i < attrs.length; i += 2) if (!names.has(attrs[i] as string)) return false;
  return true;
}
/** `over` wins over `base`; base's names keep their places. */
function merge(base: Attrs, over: Attrs): Attrs {
  if (base.length === 0) return over;
  if (over.length === 0) return base;
  const out: string[] = [];
  for (let i = 0; i < base.length; i += 2) if (get(over, base[i] as string) === undefined) out.push(base[i] as string, base[i + 1] as string);
  for (let i = 0; i < over.length; i++) out.push(over[i] as string);
  return out;
}
/**
 * What a group hands down: `inherited` with its own attributes over it, one list per distinct
 * result (so the paints and text styles worked out for one card serve every card like it).
 */
function inherit(ctx: Context, inherited: Attrs, own: Attrs): Attrs {
  if (own.length === 0) return inherited;
  let byOwn = ctx.inherits.get(inherited);
  if (!byOwn) ctx.inherits.set(inherited, (byOwn = new Map()));
  const key = attrsText(own);
  let merged = byOwn.get(key);
  if (!merged) byOwn.set(key, (merged = merge(inherited, own)));
  return merged;
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
/** The box `by` larger on every side (a box no one else holds). */
function growInPlace(b: Box, by: number): Box {
  b.x0 -= by;
  b.y0 -= by;
  b.x1 += by;
  b.y1 += by;
  return b;
}
/** A cubic's control points for a quarter circle: this far along the tangents, as a share of the radius. */
const KAPPA = 0.5522847498;

interface PathInfo {
  box: Box;
  /** The last point and the direction the path arrives in (for an end marker), if known. */
  end?: { x: number; y: number; dx: number; dy: number };
  /** The same path with its quarter-circle arcs as cubics (absolute commands only), else undefined. */
  cubic?: string;
}

// A path's tokens, in two lists reused from path to path: the command letter's code (0 for a
// number) and the number; tokenCount of them.
let tokenCommand = new Int32Array(256);
let tokenNumber = new Float64Array(256);
let tokenCount = 0;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const COMMANDS = new Set([...'MmLlHhVvCcSsQqTtAaZz'].map((c) => c.charCodeAt(0)));
const isDigit = (c: number) => c >= 48 && c <= 57;
const SPACE = /\s/;

/** Where a number (-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?) starting at `i` ends; `i` when none starts there. */
function numberEnd(d: string, i: number): number {
  let j = i;
  if (d.charCodeAt(j) === 45 /* - */) j++;
  const digits = j;
  while (isDigit(d.charCodeAt(j))) j++;
  if (j > digits) {
    if (d.charCodeAt(j) === 46 /* . */) {
      j++;
      while (isDigit(d.charCodeAt(j))) j++;
    }
  } else if (d.charCodeAt(j) === 46 && isDigit(d.charCodeAt(j + 1))) {
    j += 2;
    while (isDigit(d.charCodeAt(j))) j++;
  } else return i;
  const e = d.charCodeAt(j);
  if (e === 101 || e === 69) {
    let k = j + 1;
    const sign = d.charCodeAt(k);
    if (sign === 43 || sign === 45) k++;
    if (isDigit(d.charCodeAt(k))) {
      while (isDigit(d.charCodeAt(k))) k++;
      j = k;
    }
  }
  return j;
}

/**
 * The number `d[start, end)` as Number() reads it. Up to 15 digits and no exponent: the digits as
 * an integer over a power of ten, both exact, so the one rounding is the division's (as Number's).
 */
function numberAt(d: string, start: number, end: number): number {
  let k = start;
  const negative = d.charCodeAt(k) === 45;
  if (negative) k++;
  let m = 0;
  let digits = 0;
  let decimals = -1;
  for (; k < end; k++) {
    const c = d.charCodeAt(k);
    if (c === 46) decimals = 0;
    else if (isDigit(c)) {
      m = m * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else return Number(d.slice(start, end));
  }
  if (digits > 15) return Number(d.slice(start, end));
  const v = decimals > 0 ? m / (POW10[decimals] as number) : m;
  return negative ? -v : v;
}

/** Splits path data into tokens (commands, numbers); false when anything but spaces and commas lies between them. */
function tokenize(d: string): boolean {
  tokenCount = 0;
  const n = d.length;
  // A token takes a character at least.
  if (tokenCommand.length < n) {
    tokenCommand = new Int32Array(n);
    tokenNumber = new Float64Array(n);
  }
  let i = 0;
  while (i < n) {
    const c = d.charCodeAt(i);
    if (COMMANDS.has(c)) {
      tokenCommand[tokenCount] = c;
      tokenNumber[tokenCount++] = 0;
      i++;
      continue;
    }
    const end = numberEnd(d, i);
    if (end > i) {
      tokenCommand[tokenCount] = 0;
      tokenNumber[tokenCount++] = numberAt(d, i, end);
      i = end;
      continue;
    }
    if (c === 44 || c === 32 || (c >= 9 && c <= 13) || (c > 127 && SPACE.test(d.charAt(i)))) {
      i++;
      continue;
    }
    return false;
  }
  return true;
}

/** Whether the `count` tokens from `i` on are there and are all numbers. */
function numbersAt(i: number, count: number): boolean {
  if (i + count > tokenCount) return false;
  for (let k = i; k < i + count; k++) if (tokenCommand[k] !== 0) return false;
  return true;
}

/**
 * A path's box (control points included, so it bounds the curves), how it ends, and its arcs as
 * cubics when they are all axis-aligned quarter circles; null when it cannot be read.
 */
function pathInfo(d: string): PathInfo | null {
  const info = readPath(d);
  // The token lists are kept for the next path, unless a very long one grew them.
  if (tokenCommand.length > 1 << 16) {
    tokenCommand = new Int32Array(256);
    tokenNumber = new Float64Array(256);
  }
  return info;
}

function readPath(d: string): PathInfo | null {
  // Commands as letters, numbers as numbers; anything else but spaces and commas: not a path this reads.
  if (!tokenize(d)) return null;
  const count = tokenCount;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let i = 0;
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  // Where the last segment started (for an end marker), when it is a straight one.
  let from = false;
  let fx = 0;
  let fy = 0;
  let command = 0;
  const arcs = d.includes('A');
  // Rewritten only when it has arcs to turn into cubics.
  let cubic: string | undefined = arcs ? '' : undefined;
  while (i < count) {
    const t = tokenCommand[i] as number;
    if (t !== 0) {
      command = t;
      i++;
      if (command === 90 || command === 122 /* Z z */) {
        // A closed path's end marker takes the bisector of two segments: not drawn here.
        from = false;
        cx = sx;
        cy = sy;
        if (cubic !== undefined) cubic += 'Z';
        continue;
      }
    } else if (command === 0 || command === 90 || command === 122) return null;
    const rel = command >= 97;
    const upper = rel ? command - 32 : command;
    // Only absolute paths are rewritten, and none with smooth curves (a cubic before S or T
    // would change their reflected control point).
    if (rel || upper === 83 || upper === 84) cubic = undefined;
    const ox = rel ? cx : 0;
    const oy = rel ? cy : 0;
    const start = i;
    switch (upper) {
      case 77: // M
      case 76: // L
      case 84: {
        // T
        if (!numbersAt(i, 2)) return null;
        const x = ox + (tokenNumber[i] as number);
        const y = oy + (tokenNumber[i + 1] as number);
        i += 2;
        from = upper === 76;
        fx = cx;
        fy = cy;
        if (upper === 77) {
          sx = x;
          sy = y;
          command = rel ? 108 : 76; // l, L
        }
        cx = x;
        cy = y;
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
        break;
      }
      case 72: // H
      case 86: {
        // V
        if (!numbersAt(i, 1)) return null;
        from = true;
        fx = cx;
        fy = cy;
        if (upper === 72) cx = (rel ? cx : 0) + (tokenNumber[i] as number);
        else cy = (rel ? cy : 0) + (tokenNumber[i] as number);
        i++;
        x0 = Math.min(x0, cx);
        y0 = Math.min(y0, cy);
        x1 = Math.max(x1, cx);
        y1 = Math.max(y1, cy);
        break;
      }
      case 81: // Q
      case 83: // S
      case 67: {
        // C
        const pairs = upper === 67 ? 3 : 2;
        if (!numbersAt(i, pairs * 2)) return null;
        let lx = cx;
        let ly = cy;
        for (let k = 0; k < pairs; k++) {
          const x = ox + (tokenNumber[i] as number);
          const y = oy + (tokenNumber[i + 1] as number);
          i += 2;
          x0 = Math.min(x0, x);
          y0 = Math.min(y0, y);
          x1 = Math.max(x1, x);
          y1 = Math.max(y1, y);
          if (k < pairs - 1) {
            lx = x;
            ly = y;
          } else {
            cx = x;
            cy = y;
          }
        }
        from = upper !== 83;
        fx = lx;
        fy = ly;
        break;
      }
      case 65: {
        // A
        if (!numbersAt(i, 7)) return null;
        const rx = Math.abs(tokenNumber[i] as number);
        const ry = Math.abs(tokenNumber[i + 1] as number);
        const rotation = tokenNumber[i + 2] as number;
        const large = tokenNumber[i + 3] as number;
        const sweep = tokenNumber[i + 4] as number;
        const x = ox + (tokenNumber[i + 5] as number);
        const y = oy + (tokenNumber[i + 6] as number);
        i += 7;
        // How far the arc bulges from its ends: a circle's minor arc no more than its sagitta;
        // anything else no more than its diameter (radii too small for the chord are scaled up).
        const half = Math.hypot(x - cx, y - cy) / 2;
        const r = Math.max(rx, ry, half);
        const reach = rx === ry && large === 0 ? r - Math.sqrt(Math.max(0, r * r - half * half)) : 2 * r;
        x0 = Math.min(x0, cx - reach, x - reach);
        y0 = Math.min(y0, cy - reach, y - reach);
        x1 = Math.max(x1, cx + reach, x + reach);
        y1 = Math.max(y1, cy + reach, y + reach);
        if (cubic !== undefined) {
          const q = quarterCubic(cx, cy, x, y, rx, ry, rotation, large, sweep);
          cubic = q === null ? undefined : cubic + q;
        }
        from = false;
        cx = x;
        cy = y;
        break;
      }
      default:
        return null;
    }
    // Rewritten with its command letter on every segment (so implicit repeats stay what they were).
    if (cubic !== undefined && upper !== 65) {
      cubic += String.fromCharCode(upper);
      for (let k = start; k < i; k++) cubic += k === start ? fmt(tokenNumber[k] as number) : `,${fmt(tokenNumber[k] as number)}`;
    }
  }
  if (!Number.isFinite(x0)) return null;
  const info: PathInfo = { box: { x0, y0, x1, y1 } };
  if (from && (fx !== cx || fy !== cy)) info.end = { x: cx, y: cy, dx: cx - fx, dy: cy - fy };
  if (cubic !== undefined && arcs) info.cubic = cubic;
  return info;
}

/** A quarter-circle arc whose ends are a radius apart along both axes, as one cubic; null for any other arc. */
function quarterCubic(x0: number, y0: number, x1: number, y1: number, rx: number, ry: number, rotation: number, large: number, sweep: number): string | null {
  if (rx !== ry || rx <= 0 || large !== 0 || Math.abs(Math.abs(x1 - x0) - rx) > 1e-9 || Math.abs(Math.abs(y1 - y0) - ry) > 1e-9 || (rotation !== 0 && rx !== ry)) return null;
  // Of the two centres, the one the sweep goes around (positive angles turn clockwise on screen).
  for (let k = 0; k < 2; k++) {
    const cx = k === 0 ? x0 : x1;
    const cy = k === 0 ? y1 : y0;
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
const cornerCache = new Map<number, Map<number, readonly [string, string, string, string]>>();
function corners(rx: number, ry: number): readonly [string, string, string, string] {
  let byRy = cornerCache.get(rx);
  let four = byRy?.get(ry);
  if (!four) {
    four = [corner(rx, 0, rx, ry), corner(0, ry, -rx, ry), corner(-rx, 0, -rx, -ry), corner(0, -ry, rx, -ry)];
    if (cornerCache.size < 256) {
      if (!byRy) cornerCache.set(rx, (byRy = new Map()));
      if (byRy.size < 256) byRy.set(ry, four);
    }
  }
  return four;
}

/** A basic shape as path data (the equivalent path SVG 2 defines for it), with its box; null when it draws nothing or cannot be read. */
function shapePath(doc: Doc, r: number, name: string): { d: string; info: PathInfo } | null {
  if (name === 'path') {
    const d = (attrOf(doc, r, 'd') ?? '').trim();
    const info = d.charCodeAt(0) === 77 /* M */ ? pathInfo(d) : null;
    return info ? { d: info.cubic ?? d, info } : null;
  }
  if (name === 'line') {
    const x1 = numOf(doc, r, 'x1');
    const y1 = numOf(doc, r, 'y1');
    const x2 = numOf(doc, r, 'x2');
    const y2 = numOf(doc, r, 'y2');
    const end = x1 !== x2 || y1 !== y2 ? { x: x2, y: y2, dx: x2 - x1, dy: y2 - y1 } : undefined;
    return { d: `M${fmt(x1)},${fmt(y1)}L${fmt(x2)},${fmt(y2)}`, info: { box: { x0: Math.min(x1, x2), y0: Math.min(y1, y2), x1: Math.max(x1, x2), y1: Math.max(y1, y2) }, ...(end ? { end } : {}) } };
  }
  if (name === 'circle') {
    const cx = numOf(doc, r, 'cx');
    const cy = numOf(doc, r, 'cy');
    const radius = numOf(doc, r, 'r');
    if (!(radius > 0)) return null;
    const four = corners(radius, radius);
    // From the right, clockwise: the rectangle's corners, each starting a quarter later.
    const d = `M${fmt(cx + radius)},${fmt(cy)}${four[1]}${four[2]}${four[3]}${four[0]}z`;
    return { d, info: { box: { x0: cx - radius, y0: cy - radius, x1: cx + radius, y1: cy + radius } } };
  }
  if (name === 'rect') {
    const x = numOf(doc, r, 'x');
    const y = numOf(doc, r, 'y');
    const w = numOf(doc, r, 'width');
    const h = numOf(doc, r, 'height');
    if (!(w > 0 && h > 0)) return null;
    // rx alone rounds both ways, and so does ry.
    const rxAttr = attrIndex(doc, r, 'rx');
    const ryAttr = attrIndex(doc, r, 'ry');
    const rx = Math.min(Math.max(numAttr(doc, rxAttr >= 0 ? rxAttr : ryAttr), 0), w / 2);
    const ry = Math.min(Math.max(numAttr(doc, ryAttr >= 0 ? ryAttr : rxAttr), 0), h / 2);
    const box = { x0: x, y0: y, x1: x + w, y1: y + h };
    if (rx === 0 || ry === 0) return { d: `M${fmt(x)},${fmt(y)}H${fmt(x + w)}V${fmt(y + h)}H${fmt(x)}Z`, info: { box } };
    const sw = fmt(w - 2 * rx);
    const sh = fmt(h - 2 * ry);
    const four = corners(rx, ry);
    const d = `M${fmt(x + rx)},${fmt(y)}h${sw}${four[0]}v${sh}${four[1]}h-${sw}${four[2]}v-${sh}${four[3]}z`;
    return { d, info: { box } };
  }
  return null;
}

// ---------------------------------------------------------------------------------- markers
interface MarkerShape {
  /** Closed polygon, points in the marker's viewBox. */
  points: { x: number; y: number }[];
  attrs: Attrs;
  /** How its polygons paint, worked out on first use. */
  paint?: { key: string; colour: string | null; margin: number; text: string };
}

interface Marker {
  viewBox: [number, number, number, number];
  refX: number;
  refY: number;
  width: number;
  height: number;
  userSpace: boolean;
  /** The content: closed polygons and their attributes. */
  shapes: MarkerShape[];
}

/** The markers a path end can be drawn with as plain polygons: orient="auto", no clipping, only polygons inside. */
function readMarkers(doc: Doc): Map<string, Marker> {
  const out = new Map<string, Marker>();
  const visit = (first: number, after: number, plain: boolean) => {
    for (let r = first; r < after; r = nextOf(doc, r)) {
      if (isTextNode(doc, r)) continue;
      if (nameOf(doc, r) === 'marker') {
        const marker = readMarker(doc, r);
        const id = attrOf(doc, r, 'id');
        if (marker && id && plain) out.set(id, marker);
      } else if (nextOf(doc, r) > r + 1) visit(r + 1, nextOf(doc, r), plain && !anyIn(attrsOf(doc, r), INHERITED));
    }
  };
  visit(1, nextOf(doc, 0), true);
  return out;
}

const POLYGON = /[MLZ]|-?(?:\d+\.?\d*|\.\d+)/g;
const MARKER_ATTRS = new Set(['id', 'viewBox', 'refX', 'refY', 'markerWidth', 'markerHeight', 'markerUnits', 'orient']);

function readMarker(doc: Doc, r: number): Marker | null {
  const attrs = attrsOf(doc, r);
  for (let i = 0; i < attrs.length; i += 2) if (!MARKER_ATTRS.has(attrs[i] as string)) return null;
  if (get(attrs, 'orient') !== 'auto') return null;
  const vb = (get(attrs, 'viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
  if (vb.length !== 4 || vb.some((v) => !Number.isFinite(v)) || !((vb[2] as number) > 0 && (vb[3] as number) > 0)) return null;
  const viewBox = vb as [number, number, number, number];
  const width = num(get(attrs, 'markerWidth'), 3);
  const height = num(get(attrs, 'markerHeight'), 3);
  // A uniform scale, so the default preserveAspectRatio (meet, centred) adds no offset.
  if (Math.abs(width / viewBox[2] - height / viewBox[3]) > 1e-9) return null;
  const inside = (p: { x: number; y: number }) => p.x >= viewBox[0] && p.y >= viewBox[1] && p.x <= viewBox[0] + viewBox[2] && p.y <= viewBox[1] + viewBox[3];
  const shapes: MarkerShape[] = [];
  for (let sub = r + 1; sub < nextOf(doc, r); sub = nextOf(doc, sub)) {
    if (isTextNode(doc, sub)) {
      if (innerOf(doc, sub).trim()) return null;
      continue;
    }
    if (nameOf(doc, sub) !== 'path' || nextOf(doc, sub) > sub + 1) return null;
    const child = attrsOf(doc, sub);
    for (let i = 0; i < child.length; i += 2) if (child[i] !== 'd' && !INHERITED.has(child[i] as string)) return null;
    const d = get(child, 'd') ?? '';
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
    shapes.push({ points, attrs: pick(child, (k) => k !== 'd') });
  }
  if (shapes.length === 0) return null;
  return { viewBox, refX: num(get(attrs, 'refX')), refY: num(get(attrs, 'refY')), width, height, userSpace: get(attrs, 'markerUnits') === 'userSpaceOnUse', shapes };
}

/** A marker drawn at a path's end as polygons in user space (orient="auto": turned to the way the path arrives). */
function addMarkerPolygons(batcher: Batcher, marker: Marker, end: NonNullable<PathInfo['end']>, strokeWidth: number, ctx: Context): void {
  const scale = (marker.width / marker.viewBox[2]) * (marker.userSpace ? 1 : strokeWidth);
  const len = Math.hypot(end.dx, end.dy);
  const cos = end.dx / len;
  const sin = end.dy / len;
  for (const shape of marker.shapes) {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    let d = 'M';
    for (let k = 0; k < shape.points.length; k++) {
      const p = shape.points[k] as { x: number; y: number };
      const x = (p.x - marker.refX) * scale;
      const y = (p.y - marker.refY) * scale;
      const px = end.x + x * cos - y * sin;
      const py = end.y + x * sin + y * cos;
      x0 = Math.min(x0, px);
      y0 = Math.min(y0, py);
      x1 = Math.max(x1, px);
      y1 = Math.max(y1, py);
      d += k === 0 ? `${fmt(px)},${fmt(py)}` : `L${fmt(px)},${fmt(py)}`;
    }
    d += 'Z';
    let paint = shape.paint;
    if (!paint) {
      const arrowStroke = painted(shape.attrs, ctx.root, 'stroke');
      paint = shape.paint = {
        key: keyOf('P|', shape.attrs),
        colour: singleColour(painted(shape.attrs, ctx.root, 'fill'), arrowStroke),
        margin: (arrowStroke ? 2 * num(get(shape.attrs, 'stroke-width'), 1) : 0) + MARGIN,
        text: attrsText(shape.attrs),
      };
    }
    batcher.add(item('path', paint.key, paint.colour, { x0: x0 - paint.margin, y0: y0 - paint.margin, x1: x1 + paint.margin, y1: y1 + paint.margin }, d, paint.text));
  }
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
  /** Path: its subpaths. Raw: its markup. */
  part: string;
  /** The attributes written once for a batch, as text. */
  sharedText: string;
  /** Text: its lines as positioned `<tspan>`s, when it can be a chunk of a longer text. */
  chunks: string | undefined;
  /** Text: its style, x and y as written and where its content is, to write it alone or as a part of a batch. */
  style: TextStyleInfo | null;
  xy: string;
  innerStart: number;
  innerEnd: number;
}

const item = (kind: Item['kind'], key: string | null, colour: string | null, box: Box | null, part: string, sharedText: string): Item => ({
  kind,
  key,
  colour,
  box,
  part,
  sharedText,
  chunks: undefined,
  style: null,
  xy: '',
  innerStart: 0,
  innerEnd: 0,
});
/** Markup left as it is (written once, where it was). */
const raw = (markup: string, box: Box | null = null, colour: string | null = null): Item => item('raw', null, colour, box, markup, '');

interface Context {
  /** The markup parsed, to copy elements and text contents as written. */
  doc: Doc;
  markers: Map<string, Marker>;
  /** Paints and text styles already worked out: by the inherited attributes, then a hash of the element's own (see ownHash). */
  paints: WeakMap<Attrs, Map<number, Paint[]>>;
  texts: WeakMap<Attrs, Map<number, TextStyleInfo[]>>;
  /** What groups hand down, one list per distinct result (see inherit). */
  inherits: WeakMap<Attrs, Map<string, Attrs>>;
  /** The root's presentation attributes: what everything inherits unless told otherwise. */
  root: Attrs;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** The attributes in name order (a stable sort), as one string. */
function keyOf(prefix: string, attrs: Attrs): string {
  const order: number[] = [];
  for (let i = 0; i < attrs.length; i += 2) order.push(i);
  order.sort((a, b) => byName(attrs[a] as string, attrs[b] as string));
  return prefix + order.map((i) => `${attrs[i] as string}=${attrs[i + 1] as string}`).join(';');
}

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

/** How a shape paints: everything about it but its geometry (shared by the many shapes of one style). */
interface Paint {
  /** What it was worked out from: the element's name and its attributes but the geometry. */
  name: string;
  own: Attrs;
  /** Effective presentation attributes, without text-only ones and the end marker, as text. */
  styleText: string;
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

function paintOf(doc: Doc, r: number, name: string, inherited: Attrs, ctx: Context): Paint {
  const geometry = GEOMETRY.get(name) as ReadonlySet<string>;
  let cache = ctx.paints.get(inherited);
  if (!cache) ctx.paints.set(inherited, (cache = new Map()));
  const hash = ownHash(doc, r, geometry);
  const known = cache.get(hash);
  if (known) for (const paint of known) if (paint.name === name && sameOwn(doc, r, paint.own, geometry)) return paint;
  const own = pick(attrsOf(doc, r), (k) => !geometry.has(k));
  let style: Attrs = pick(merge(inherited, own), (k) => !TEXT_ONLY.has(k));
  // A line has no inside: its fill paints nothing.
  if (name === 'line') style = merge(style, ['fill', 'none']);
  const fill = painted(style, ctx.root, 'fill');
  const stroke = painted(style, ctx.root, 'stroke');
  const strokeWidth = num(get(style, 'stroke-width') ?? get(ctx.root, 'stroke-width'), 1);
  const markerEnd = get(style, 'marker-end');
  const hasMarker = markerEnd !== undefined && markerEnd !== 'none';
  const ref = hasMarker ? /^url\(#([^)]+)\)$/.exec(markerEnd)?.[1] : undefined;
  const dashed = (get(style, 'stroke-dasharray') ?? 'none') !== 'none';
  const moved = UNIQUE_SHAPE.some((k) => k !== 'id' && k !== 'opacity' && get(style, k) !== undefined);
  style = pick(style, (k) => k !== 'marker-end');
  const paint: Paint = {
    name,
    own,
    styleText: attrsText(style),
    key: keyOf('P|', style),
    colour: hasMarker && dashed ? null : singleColour(fill, stroke),
    strokeWidth,
    // Half the stroke outside the outline, up to twice that at a miter join.
    reach: (stroke ? strokeWidth * 2 : 0) + MARGIN,
    hasMarker,
    marker: ref ? ctx.markers.get(ref) : undefined,
    unique: moved ? 'moved' : dashed || UNIQUE_SHAPE.some((k) => get(style, k) !== undefined) ? 'yes' : 'no',
  };
  if (known) known.push(paint);
  else cache.set(hash, [paint]);
  return paint;
}

/** The shape's items (itself, then its arrowhead), or itself as written when it cannot be merged. */
function addShape(batcher: Batcher, doc: Doc, r: number, name: string, inherited: Attrs, ctx: Context, plain: boolean): void {
  const asWritten = () => `<${name}${attrsText(merge(pick(inherited, (k) => !TEXT_ONLY.has(k)), attrsOf(doc, r)))}/>`;
  const paint = paintOf(doc, r, name, inherited, ctx);
  const shape = shapePath(doc, r, name);
  if (shape === null) {
    // Draws nothing (zero size) or cannot be read: leave it as it is, and nothing moves across it.
    const empty = (name === 'rect' || name === 'circle') && paint.unique === 'no';
    if (!empty) batcher.add(raw(asWritten()));
    return;
  }
  const { marker, strokeWidth } = paint;
  const expandable = !paint.hasMarker || (marker !== undefined && shape.info.end !== undefined && plain);
  if (!expandable || paint.unique !== 'no') {
    // Left as written; a marker left in place reaches as far as its size around the end (turned any way).
    const markerReach = marker ? Math.SQRT2 * Math.max(marker.width, marker.height) * (marker.userSpace ? 1 : strokeWidth) : 0;
    const box = !expandable || paint.unique === 'moved' ? null : growInPlace(shape.info.box, paint.reach + markerReach);
    batcher.add(raw(asWritten(), box, paint.hasMarker ? null : paint.colour));
    return;
  }
  batcher.add(item('path', paint.key, paint.colour, growInPlace(shape.info.box, paint.reach), shape.d, paint.styleText));
  if (marker && shape.info.end) addMarkerPolygons(batcher, marker, shape.info.end, strokeWidth, ctx);
}

const ENTITY: Readonly<Record<string, string>> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
const decodeEntities = (text: string) =>
  text.replace(/&(lt|gt|quot|apos|amp);|&#(x?)([0-9a-fA-F]+);/g, (_, name: string | undefined, hex: string, code: string) =>
    name ? (ENTITY[name] as string) : String.fromCodePoint(Number.parseInt(code, hex ? 16 : 10)),
  );
const decode = (text: string) => (text.includes('&') ? decodeEntities(text) : text);

/** White space as a regular expression's \s matches it. */
const isWhite = (c: number) =>
  c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
/** Whether a line's spaces could tell where it is cut (/^\s|\s$|\s\s|[^\S ]/): at an end, doubled, or other than a plain space. */
function telltaleSpace(text: string): boolean {
  const last = text.length - 1;
  for (let k = 0; k <= last; k++) {
    const c = text.charCodeAt(k);
    if (!isWhite(c)) continue;
    if (c !== 32 || k === 0 || k === last || isWhite(text.charCodeAt(k + 1))) return true;
  }
  return false;
}

/** How a text is styled: everything but its position and content (shared by the many texts of one style). */
interface TextStyleInfo {
  /** What it was worked out from: the text's attributes but its position. */
  own: Attrs;
  /** The attributes not inherited (they stay on each text of a batch). */
  perText: Attrs;
  /** all, the inherited ones (written once for a batch) and perText as written. */
  allText: string;
  sharedText: string;
  perTextText: string;
  key: string;
  colour: string | null;
  size: number;
  bold: boolean;
  anchor: string;
  halo: number;
  unique: boolean;
}

const isXY = (k: string) => k === 'x' || k === 'y';
const XY: ReadonlySet<string> = new Set(['x', 'y']);

function textStyleOf(doc: Doc, r: number, inherited: Attrs, ctx: Context): TextStyleInfo {
  let cache = ctx.texts.get(inherited);
  if (!cache) ctx.texts.set(inherited, (cache = new Map()));
  const hash = ownHash(doc, r, XY);
  const known = cache.get(hash);
  if (known) for (const style of known) if (sameOwn(doc, r, style.own, XY)) return style;
  const own = pick(attrsOf(doc, r), (k) => !isXY(k));
  const all = merge(inherited, own);
  const stroke = painted(all, ctx.root, 'stroke');
  const shared = pick(all, (k) => INHERITED.has(k));
  const perText = pick(all, (k) => !INHERITED.has(k));
  const info: TextStyleInfo = {
    own,
    perText,
    allText: attrsText(all),
    sharedText: attrsText(shared),
    perTextText: attrsText(perText),
    key: keyOf('T|', all),
    colour: singleColour(painted(all, ctx.root, 'fill'), stroke),
    size: num(get(all, 'font-size') ?? get(ctx.root, 'font-size'), 16),
    bold: /^(bold|bolder|[6-9]00)$/.test(get(all, 'font-weight') ?? get(ctx.root, 'font-weight') ?? ''),
    anchor: get(all, 'text-anchor') ?? get(ctx.root, 'text-anchor') ?? 'start',
    halo: stroke ? num(get(all, 'stroke-width'), 1) : 0,
    unique: UNIQUE_TEXT.some((k) => get(all, k) !== undefined),
  };
  if (known) known.push(info);
  else cache.set(hash, [info]);
  return info;
}

/** A record's x and y attributes as written (in their order). */
function xyText(doc: Doc, r: number): string {
  const first = doc.records[r * FIELDS + ATTR_FIRST] as number;
  const count = doc.records[r * FIELDS + ATTR_COUNT] as number;
  let out = '';
  for (let a = first * ATTR_FIELDS; a < (first + count) * ATTR_FIELDS; a += ATTR_FIELDS) {
    const name = doc.attrNames.list[doc.attrs[a] as number] as string;
    if (isXY(name)) out += ` ${name}="${doc.source.slice(doc.attrs[a + 1], doc.attrs[a + 2])}"`;
  }
  return out;
}
/** Whether the record has attributes other than x and y. */
function notOnlyXY(doc: Doc, r: number): boolean {
  const first = doc.records[r * FIELDS + ATTR_FIRST] as number;
  const count = doc.records[r * FIELDS + ATTR_COUNT] as number;
  for (let a = first; a < first + count; a++) if (!isXY(doc.attrNames.list[doc.attrs[a * ATTR_FIELDS] as number] as string)) return true;
  return false;
}
/** The text alone, with all its attributes. */
const textAlone = (item: Item, source: string) => `<text${(item.style as TextStyleInfo).allText}${item.xy}>${source.slice(item.innerStart, item.innerEnd)}</text>`;
/** The text in a batch of its style: the shared attributes go on the batch's group. */
const textPart = (item: Item, source: string) => `<text${item.xy}${(item.style as TextStyleInfo).perTextText}>${source.slice(item.innerStart, item.innerEnd)}</text>`;

/** Whether the record is character data, or a tspan with a position at most and characters only. */
function plainLine(doc: Doc, r: number): boolean {
  if (isTextNode(doc, r)) return true;
  if (nameOf(doc, r) !== 'tspan') return false;
  for (let c = r + 1; c < nextOf(doc, r); c = nextOf(doc, c)) if (!isTextNode(doc, c)) return false;
  return !notOnlyXY(doc, r);
}

/** The text as an item (nothing when it paints no characters). */
function addText(batcher: Batcher, doc: Doc, r: number, inherited: Attrs, ctx: Context): void {
  const style = textStyleOf(doc, r, inherited, ctx);
  const { colour } = style;
  const after = nextOf(doc, r);
  let plain = !style.unique;
  for (let c = r + 1; plain && c < after; c = nextOf(doc, c)) plain = plainLine(doc, c);
  const text = item('text', style.key, colour, null, '', style.sharedText);
  text.style = style;
  text.xy = xyText(doc, r);
  text.innerStart = doc.records[r * FIELDS + INNER_START] as number;
  text.innerEnd = doc.records[r * FIELDS + INNER_END] as number;
  if (!plain) {
    batcher.add(raw(textAlone(text, doc.source), null, colour));
    return;
  }
  // The text's lines: its own content at its x/y, then each tspan at its position. Where the
  // text can be: each line from its anchor, as wide as DejaVu Sans makes it (the widest font of
  // the stack; the table is good to a few per cent) plus 6 % and a unit, from above the accents
  // to below the descenders.
  const { size, bold, anchor, halo } = style;
  const pad = halo + MARGIN;
  let x = attrOf(doc, r, 'x') ?? '0';
  let y = attrOf(doc, r, 'y') ?? '0';
  // Every line absolutely placed: the text's own content first, then tspans with both x and y.
  let positioned = true;
  let anyText = false;
  // A chunk of a longer text when nothing can tell: one colour (no halo painted over a neighbour),
  // lines placed absolutely with no space to collapse or trim at their ends, no right-to-left script.
  let chunkable = colour !== null && style.perText.length === 0;
  let chunks = '';
  let x0 = 0;
  let y0 = 0;
  let x1 = 0;
  let y1 = 0;
  for (let c = r + 1; c < after; c = nextOf(doc, c)) {
    let content: string;
    if (isTextNode(doc, c)) {
      if (c > r + 1) positioned = false;
      content = innerOf(doc, c);
    } else {
      const tx = attrOf(doc, c, 'x');
      const ty = attrOf(doc, c, 'y');
      if (tx === undefined || ty === undefined) positioned = false;
      x = tx ?? x;
      y = ty ?? y;
      content = '';
      for (let t = c + 1; t < nextOf(doc, c); t++) content += innerOf(doc, t);
    }
    const line = decode(content);
    if (line !== '') anyText = true;
    const lx = num(x);
    const ly = num(y);
    const w = textWidth(line, size, bold) * 1.06 + 2;
    const left = anchor === 'middle' ? lx - w / 2 : anchor === 'end' ? lx - w + 1 : lx - 1;
    const bx0 = left - pad;
    const by0 = ly - 1.1 * size - pad;
    const bx1 = left + w + pad;
    const by1 = ly + 0.35 * size + pad;
    if (c === r + 1) {
      x0 = bx0;
      y0 = by0;
      x1 = bx1;
      y1 = by1;
    } else {
      x0 = Math.min(x0, bx0);
      y0 = Math.min(y0, by0);
      x1 = Math.max(x1, bx1);
      y1 = Math.max(y1, by1);
    }
    if (chunkable) {
      chunkable = line !== '' && !telltaleSpace(line) && !BIDI.test(line) && !content.includes('<');
      if (chunkable) chunks += `<tspan x="${x}" y="${y}">${content}</tspan>`;
    }
  }
  if (!anyText) return;
  text.box = { x0, y0, x1, y1 };
  if (chunkable && positioned) text.chunks = chunks;
  batcher.add(text);
}

// ---------------------------------------------------------------------------------- batching
/** Item ids by grid cell, to find what overlaps a box. */
class Grid {
  /** Per cell, its last entry; an entry is an id and the cell's entry before it (-1: none), in `entries`. */
  private readonly cells = new Map<number, number>();
  private entries: Int32Array = new Int32Array(2 * 4096);
  private size = 0;
  /** Ids of boxes too large to file by cell (looked at for every box). */
  private readonly wide: number[] = [];
  /** Every id filed (what a box too large to look up by cell may touch). */
  readonly all: number[] = [];
  private readonly seen: number[] = [];
  readonly found: number[] = [];
  private stamp = 0;
  constructor(private readonly cell = 128) {}

  insert(id: number, b: Box): void {
    const cell = this.cell;
    const cx0 = Math.floor(b.x0 / cell);
    const cy0 = Math.floor(b.y0 / cell);
    const cx1 = Math.floor(b.x1 / cell);
    const cy1 = Math.floor(b.y1 / cell);
    this.all.push(id);
    this.seen[id] = 0;
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > 1024) {
      this.wide.push(id);
      return;
    }
    this.entries = room(this.entries, 2 * (this.size + (cx1 - cx0 + 1) * (cy1 - cy0 + 1)));
    const entries = this.entries;
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        const k = cx * 1_000_003 + cy;
        const e = this.size++;
        entries[2 * e] = id;
        entries[2 * e + 1] = this.cells.get(k) ?? -1;
        this.cells.set(k, e);
      }
    }
  }

  /**
   * How many ids `b`'s cells hold, each once, written to `found` (reused by the next call); -1 when
   * `b` is too large to look up by cell: then every id in `all` may be near.
   */
  near(b: Box): number {
    const cell = this.cell;
    const cx0 = Math.floor(b.x0 / cell);
    const cy0 = Math.floor(b.y0 / cell);
    const cx1 = Math.floor(b.x1 / cell);
    const cy1 = Math.floor(b.y1 / cell);
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > 1024) return -1;
    const stamp = ++this.stamp;
    const seen = this.seen;
    const out = this.found;
    const entries = this.entries;
    let count = 0;
    for (let q = 0; q < this.wide.length; q++) {
      const id = this.wide[q] as number;
      seen[id] = stamp;
      out[count++] = id;
    }
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        for (let e = this.cells.get(cx * 1_000_003 + cy) ?? -1; e >= 0; e = entries[2 * e + 1] as number) {
          const id = entries[2 * e] as number;
          if (seen[id] === stamp) continue;
          seen[id] = stamp;
          out[count++] = id;
        }
      }
    }
    return count;
  }
}

/**
 * Shapes merge only with shapes in the same square of this size (by the middle of their boxes):
 * Skia leaves out a path that misses what it draws (a poster sheet) only as a whole, and paths
 * across the whole map put all of it on every sheet of a poster (a 2000-step A3 poster grew from
 * 6.8 to 24 MB; with these squares it is 5.8 MB, for a fifth more elements than with none).
 */
const MERGE_SQUARE = 2048;
/** The square of what is not a path (texts merge across the map). */
const ANYWHERE = -0.5;

/** The square an item merges in: the middle of a path's box, by MERGE_SQUARE. */
function squareOf(item: Item): number {
  if (item.box === null || item.kind !== 'path') return ANYWHERE;
  const { x0, y0, x1, y1 } = item.box;
  return Math.floor((x0 + x1) / 2 / MERGE_SQUARE) * 1_000_003 + Math.floor((y0 + y1) / 2 / MERGE_SQUARE);
}

const NO_BATCHES: readonly number[] = [];

/**
 * Painter's batching: items arrive in painting order; each joins the earliest batch of its key it
 * may be moved back to — later than every batch holding something it overlaps and does not commute
 * with, and (a shape) holding nothing it overlaps — or starts a new batch at the end. Batches are
 * painted in the order they started.
 */
class Batcher {
  readonly batches: Item[][] = [];
  /** Per item added: its box (x0, y0, x1, y1; unread for items with none), colour and batch. */
  private boxes = new Float64Array(4 * 1024);
  private readonly colours: (string | null)[] = [];
  private readonly batchOf: number[] = [];
  /** Batches by key, then by merge square, in the order they started. */
  private readonly byKey = new Map<string, Map<number, number[]>>();
  private readonly grid = new Grid();
  /** The last batch holding an item that may paint anywhere. */
  private unbounded = -1;
  /** Per batch, the last item (by stamp) that overlaps something in it. */
  private readonly touched: number[] = [];
  private stamp = 0;

  add(item: Item): void {
    const id = this.colours.length;
    const box = item.box;
    let floor = this.unbounded;
    const touched = ++this.stamp;
    if (box === null) floor = this.batches.length - 1;
    else {
      // Only items with a box are filed in the grid.
      let count = this.grid.near(box);
      const near = count < 0 ? this.grid.all : this.grid.found;
      if (count < 0) count = near.length;
      const boxes = this.boxes;
      for (let q = 0; q < count; q++) {
        const other = near[q] as number;
        const b = 4 * other;
        // Apart: nothing to keep in order.
        if ((boxes[b + 2] as number) < box.x0 || box.x1 < (boxes[b] as number) || (boxes[b + 3] as number) < box.y0 || box.y1 < (boxes[b + 1] as number)) continue;
        const batch = this.batchOf[other] as number;
        this.touched[batch] = touched;
        if (item.colour === null || this.colours[other] !== item.colour) floor = Math.max(floor, batch);
      }
    }
    // The earliest batch that fits: things painted in the same order elsewhere on the map (the
    // next stage's cards and flows) then land in the same batches.
    let target = -1;
    const key = item.key;
    const square = key === null ? ANYWHERE : squareOf(item);
    const squares = key === null ? undefined : this.byKey.get(key);
    const candidates = squares?.get(square) ?? NO_BATCHES;
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
      this.touched.push(0);
      if (key !== null) {
        let bySquare = squares;
        if (!bySquare) this.byKey.set(key, (bySquare = new Map()));
        const list = bySquare.get(square);
        if (list) list.push(target);
        else bySquare.set(square, [target]);
      }
    }
    (this.batches[target] as Item[]).push(item);
    this.colours.push(item.colour);
    this.batchOf.push(target);
    if (box === null) this.unbounded = target;
    else {
      if (this.boxes.length < 4 * (id + 1)) {
        const larger = new Float64Array(2 * this.boxes.length);
        larger.set(this.boxes);
        this.boxes = larger;
      }
      this.boxes[4 * id] = box.x0;
      this.boxes[4 * id + 1] = box.y0;
      this.boxes[4 * id + 2] = box.x1;
      this.boxes[4 * id + 3] = box.y1;
      this.grid.insert(id, box);
    }
  }
}

function writeBatch(batch: readonly Item[], source: string): string {
  const first = batch[0] as Item;
  if (first.kind === 'raw') return first.part;
  if (batch.length === 1) return first.kind === 'path' ? `<path d="${first.part}"${first.sharedText}/>` : textAlone(first, source);
  if (first.kind === 'path') {
    let d = '';
    for (const item of batch) d += item.part;
    return `<path d="${d}"${first.sharedText}/>`;
  }
  // Texts: runs of chunks as one text, the others as they are, in order.
  let out = '';
  let run = '';
  for (const item of batch) {
    if (item.chunks !== undefined) run += item.chunks;
    else {
      if (run) out += `<text>${run}</text>`;
      run = '';
      out += textPart(item, source);
    }
  }
  if (run) out += `<text>${run}</text>`;
  return `<g${first.sharedText}>${out}</g>`;
}

/** The children of a container (the root, or a group that stays: records first up to after) in their lighter form. */
function lighten(first: number, after: number, ctx: Context, plain: boolean): string {
  const scope: Scope = { ctx, plain, resources: '', batcher: new Batcher() };
  walk(scope, first, after, NO_ATTRS);
  let out = scope.resources;
  for (const batch of scope.batcher.batches) out += writeBatch(batch, ctx.doc.source);
  return out;
}

interface Scope {
  ctx: Context;
  plain: boolean;
  /** Definitions met so far, as written (they go first). */
  resources: string;
  batcher: Batcher;
}

function walk(scope: Scope, first: number, after: number, inherited: Attrs): void {
  const { ctx, batcher } = scope;
  const { doc } = ctx;
  for (let r = first; r < after; r = nextOf(doc, r)) {
    const name = nameOf(doc, r);
    // Character data outside a text paints nothing (whitespace between elements).
    if (name === '' || SKIPPED.has(name)) continue;
    if (RESOURCES.has(name)) scope.resources += markupOf(doc, r);
    else if (name === 'g') {
      const own = attrsOf(doc, r);
      if (allIn(own, INHERITED)) walk(scope, r + 1, nextOf(doc, r), inherit(ctx, inherited, own));
      else {
        const attrs = merge(inherited, own);
        const body = lighten(r + 1, nextOf(doc, r), ctx, scope.plain && !anyIn(attrs, INHERITED));
        batcher.add(raw(`<g${attrsText(attrs)}>${body}</g>`));
      }
    } else if (GEOMETRY.has(name)) addShape(batcher, doc, r, name, inherited, ctx, scope.plain);
    else if (name === 'text') addText(batcher, doc, r, inherited, ctx);
    else {
      const markup = markupOf(doc, r);
      batcher.add(raw(inherited.length ? `<g${attrsText(inherited)}>${markup}</g>` : markup));
    }
  }
}

/** The print variant of an SVG document exportSvg wrote; the input itself when it is not such markup. */
export function printSvg(svg: string): string {
  const doc = parse(svg);
  if (!doc) return svg;
  const attrs = attrsOf(doc, 0);
  const ctx: Context = {
    doc,
    markers: readMarkers(doc),
    paints: new WeakMap(),
    texts: new WeakMap(),
    inherits: new WeakMap(),
    root: pick(attrs, (k) => INHERITED.has(k)),
  };
  return `${doc.prolog ? `${doc.prolog}\n` : ''}<svg${attrsText(attrs)}>${lighten(1, nextOf(doc, 0), ctx, true)}</svg>\n`;
}
