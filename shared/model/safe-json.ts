/**
 * JSON from an untrusted file, parsed without letting it hurt the program:
 *
 * 1. `scanJson` walks the text once, iteratively (no recursion, so no stack overflow), and
 *    refuses nesting deeper than `maxDepth`, more than `maxValues` values, an array longer than
 *    `maxArrayItems`, a raw NUL character, and object keys that could reach a prototype
 *    (`__proto__`, `constructor`, `prototype`), each with the path where it happened.
 * 2. `parseJsonSafely` runs the scan and then `JSON.parse` with a reviver that drops those keys
 *    anyway (defence in depth: nothing is ever assigned through them).
 * 3. `stringIssues` checks the strings of a validated document: no unpaired UTF-16 surrogates
 *    (they cannot be written as UTF-8) and no control characters other than tab and line breaks
 *    in short texts (titles, names, ids...).
 *
 * Pure and free of i18n: the codes are turned into words by restore.ts and the catalog parser.
 */

export const JSON_LIMITS = {
  /** Deepest nesting of arrays and objects; a real map nests about 8 levels. */
  maxDepth: 64,
  /** Most values (objects, arrays, strings, numbers, literals) in one file. */
  maxValues: 2_000_000,
} as const;

/** Keys that a JSON document never needs and that prototype-pollution payloads rely on. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export interface JsonLimits {
  maxDepth?: number;
  maxValues?: number;
  /** Longest array; unlimited by default. */
  maxArrayItems?: number;
}

export type JsonFailure =
  | { code: 'tooDeep'; path: string; limit: number }
  | { code: 'tooManyValues'; path: string; limit: number }
  | { code: 'arrayTooLong'; path: string; limit: number }
  | { code: 'forbiddenKey'; path: string; key: string }
  | { code: 'binary'; path: string; line: number; column: number }
  | { code: 'syntax'; path: string; detail: string; line?: number; column?: number };

export type SafeJsonResult = { ok: true; value: unknown } | { ok: false; failure: JsonFailure };

type Part = string | number;

/** `steps[3].title` from path parts (same form as restore.ts's formatPath). */
export function joinPath(parts: readonly Part[]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: end - start + 1 };
}

interface Frame {
  array: boolean;
  /** Current element index (arrays) or the last key read (objects). */
  index: number;
  key: string;
  /** The label of this container in its parent. */
  label: Part | null;
  expectingKey: boolean;
}

function pathOf(stack: readonly Frame[], extra?: Part): string {
  const parts: Part[] = [];
  for (const frame of stack) if (frame.label !== null) parts.push(frame.label);
  if (extra !== undefined) parts.push(extra);
  return joinPath(parts);
}

const labelIn = (frame: Frame | undefined): Part | null => (frame ? (frame.array ? frame.index : frame.key) : null);

/** Decodes a JSON string token (quotes included) for use as a key in a path; never throws. */
function decodeKey(token: string): string {
  if (token.length > 202) return `${token.slice(1, 100)}…`;
  try {
    const value: unknown = JSON.parse(token);
    return typeof value === 'string' ? value : token.slice(1, -1);
  } catch {
    return token.slice(1, -1);
  }
}

/**
 * One pass over the text, counting nesting and values outside strings. It does not validate the
 * syntax (JSON.parse does that next); on malformed text it simply stops at the end. Returns the
 * first limit exceeded, or null.
 */
export function scanJson(text: string, limits: JsonLimits = {}): JsonFailure | null {
  const maxDepth = limits.maxDepth ?? JSON_LIMITS.maxDepth;
  const maxValues = limits.maxValues ?? JSON_LIMITS.maxValues;
  const maxArrayItems = limits.maxArrayItems ?? Infinity;
  const nul = text.indexOf('\u0000');
  if (nul !== -1) return { code: 'binary', path: '', ...lineColumn(text, nul) };
  const stack: Frame[] = [];
  let values = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x3a /* : */) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === 0x22 /* " */) {
      // Find the closing quote: the next " not preceded by an odd number of backslashes.
      let end = i;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end === -1) break;
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
      }
      const stop = end === -1 ? n : end + 1;
      if (top && !top.array && top.expectingKey) {
        const key = decodeKey(text.slice(i, stop));
        if (FORBIDDEN_KEYS.has(key)) return { code: 'forbiddenKey', path: pathOf(stack, key), key };
        top.key = printable(key, 100);
        top.expectingKey = false;
      } else if (++values > maxValues) {
        return { code: 'tooManyValues', path: pathOf(stack), limit: maxValues };
      }
      i = stop;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++values > maxValues) return { code: 'tooManyValues', path: pathOf(stack), limit: maxValues };
      const frame: Frame = { array: c === 0x5b, index: 0, key: '', label: labelIn(top), expectingKey: c === 0x7b };
      stack.push(frame);
      if (stack.length > maxDepth) {
        // The first few steps say where the nesting starts; sixty more `[0]` would say nothing.
        const parts = stack.slice(0, 5).map((f) => f.label).filter((l): l is Part => l !== null);
        return { code: 'tooDeep', path: `${joinPath(parts)}…`, limit: maxDepth };
      }
      i++;
      continue;
    }
    if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      i++;
      continue;
    }
    if (c === 0x2c /* , */) {
      if (top) {
        if (top.array) {
          top.index++;
          if (top.index >= maxArrayItems) return { code: 'arrayTooLong', path: pathOf(stack), limit: maxArrayItems };
        } else top.expectingKey = true;
      }
      i++;
      continue;
    }
    // A number or a literal (or junk, which JSON.parse will name): skip to the next delimiter.
    if (++values > maxValues) return { code: 'tooManyValues', path: pathOf(stack), limit: maxValues };
    i++;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 0x2c || d === 0x5d || d === 0x7d || d === 0x22 || d === 0x5b || d === 0x7b || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09 || d === 0x3a) break;
      i++;
    }
  }
  return null;
}

/** Control and invisible direction characters made visible, for quoting an engine's message. */
export function printable(text: string, max = 160): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '\ufffd');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function syntaxFailure(text: string, error: unknown): JsonFailure {
  const message = error instanceof Error ? error.message : String(error);
  const at = /at position (\d+)/.exec(message);
  const where = at?.[1] !== undefined ? lineColumn(text, Number(at[1])) : /end of JSON input/i.test(message) ? lineColumn(text, text.length) : undefined;
  return { code: 'syntax', path: '', detail: printable(message), ...where };
}

const dropForbidden = function (this: unknown, key: string, value: unknown): unknown {
  return FORBIDDEN_KEYS.has(key) ? undefined : value;
};

/** Scan, then parse; drops forbidden keys even if the scan were bypassed. Never throws. */
export function parseJsonSafely(text: string, limits: JsonLimits = {}): SafeJsonResult {
  try {
    const failure = scanJson(text, limits);
    if (failure) return { ok: false, failure };
    return { ok: true, value: JSON.parse(text, dropForbidden) as unknown };
  } catch (error) {
    return { ok: false, failure: syntaxFailure(text, error) };
  }
}

/**
 * The UTF-8 size of a text, counting only until it passes `stop` (so a huge text costs no more
 * than the limit it is checked against). Unpaired surrogates count as the 3 bytes of U+FFFD.
 */
export function utf8Length(text: string, stop = Infinity): number {
  if (text.length > stop) return text.length; // at least one byte a character
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= stop; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export type StringIssue = { path: string; code: 'loneSurrogate' | 'controlChar'; char: string };

/** Keys whose strings are long, free texts (descriptions, notes, comments): line breaks and tabs are theirs. */
const LONG_TEXT_KEYS: ReadonlySet<string> = new Set(['description', 'note', 'text']);

const CONTROL_SHORT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const NUL = /\u0000/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const codePoint = (ch: string) => `U+${(ch.charCodeAt(0) || 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Every string of a (validated) value checked: an unpaired surrogate anywhere, a control
 * character other than tab, line feed and carriage return in a short text, NUL in a long one.
 * Iterative; stops after `max` issues.
 */
export function stringIssues(value: unknown, max = 50): StringIssue[] {
  const issues: StringIssue[] = [];
  const stack: { value: unknown; path: Part[] }[] = [{ value, path: [] }];
  while (stack.length > 0 && issues.length < max) {
    const item = stack.pop()!;
    const v = item.value;
    if (typeof v === 'string') {
      const last = item.path[item.path.length - 1];
      const lone = LONE_SURROGATE.exec(v);
      if (lone) {
        issues.push({ path: joinPath(item.path), code: 'loneSurrogate', char: codePoint(lone[0]) });
        continue;
      }
      const control = (typeof last === 'string' && LONG_TEXT_KEYS.has(last) ? NUL : CONTROL_SHORT).exec(v);
      if (control) issues.push({ path: joinPath(item.path), code: 'controlChar', char: codePoint(control[0]) });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...item.path, i] });
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        // A key is a string too (votesByAgency is keyed by agency ids).
        if (LONE_SURROGATE.test(key) || CONTROL_SHORT.test(key)) {
          const bad = LONE_SURROGATE.exec(key) ?? CONTROL_SHORT.exec(key);
          issues.push({ path: joinPath([...item.path, printable(key, 100)]), code: LONE_SURROGATE.test(key) ? 'loneSurrogate' : 'controlChar', char: codePoint(bad?.[0] ?? '') });
          continue;
        }
        stack.push({ value: (v as Record<string, unknown>)[key], path: [...item.path, key] });
      }
    }
  }
  return issues;
}
