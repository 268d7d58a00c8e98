/**
 * Loading a document: text → JSON → format check → migrate → validate, with every refusal
 * turned into problems that say where and what, in the user's language. Never throws for bad
 * input.
 */
import { z } from 'zod';
import { en as enLocale, ru as ruLocale } from 'zod/locales';
import { translate, type Locale } from '../i18n';
import { CURRENT_VERSION, FORMAT, JourneyMapSchema, LIMITS } from './schema';
import { parseJsonSafely, stringIssues, utf8Length, type JsonFailure } from './safe-json';
import { displayValue, migrate, MigrationError, MIGRATIONS, type Migration, type RawDocument } from './migrations';
import type { JourneyMap } from './types';

export interface Problem {
  /** Where in the document, e.g. `steps[3].title`; empty for the whole file. */
  path: string;
  message: string;
}

export type RestoreResult =
  | {
      ok: true;
      doc: JourneyMap;
      fromVersion: number;
      migrations: string[];
      /** Set when a newer version of the app wrote the file: what this version understood of it, to view read-only. */
      newerVersion?: number;
    }
  | { ok: false; problems: Problem[]; newerVersion?: boolean };

export interface RestoreOptions {
  /**
   * Read a file of a newer format as far as this version understands it (unknown fields are
   * dropped), for viewing read-only. Without it such a file is refused.
   */
  allowNewer?: boolean;
}

/** Largest file the app opens: far above any real map, well below what hurts memory. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

const zodLocales = { ru: ruLocale(), en: enLocale() } as const;

function describeIssue(issue: z.core.$ZodIssue, locale: Locale): string {
  if (issue.code === 'custom') {
    const [code, ...rest] = issue.message.split(':');
    if (code === 'duplicate-id') return translate(locale, 'errors.duplicateId', { id: rest.join(':') });
    if (code === 'reserved-id') return translate(locale, 'errors.reservedId');
    if (code === 'dangling') {
      const [kind = '', ...id] = rest;
      return translate(locale, 'errors.dangling', { kind: translate(locale, `refKind.${kind}`), id: id.join(':') });
    }
  }
  // The schema's two patterns carry English messages of their own: say them in the user's language.
  if (issue.code === 'invalid_format' && issue.format === 'regex') {
    return translate(locale, issue.path[issue.path.length - 1] === 'color' ? 'errors.badColour' : 'errors.badId');
  }
  return issue.message;
}

const fail = (locale: Locale, key: string, params: Record<string, string | number> = {}): RestoreResult => ({
  ok: false,
  problems: [{ path: '', message: translate(locale, key, params) }],
});

/** Most string problems collected from one file (the callers list 20 or 200). */
const MAX_STRING_PROBLEMS = 1_000;

/** Validates an already-parsed value (used by restore and by the command line). */
export function restoreValue(
  value: unknown,
  locale: Locale = 'en',
  migrations: readonly Migration[] = MIGRATIONS,
  options: RestoreOptions = {},
): RestoreResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail(locale, 'errors.notObject');
  const raw = value as RawDocument;
  if (raw.format !== FORMAT) {
    return fail(locale, 'errors.wrongFormat', { found: displayValue(raw.format), expected: FORMAT });
  }
  let migrated: { doc: RawDocument; applied: Migration[] };
  try {
    migrated = migrate(raw, migrations);
  } catch (error) {
    if (error instanceof MigrationError) {
      if (error.code === 'newer-version') {
        if (options.allowNewer && typeof raw.version === 'number') {
          const found = raw.version;
          const understood = restoreValue({ ...raw, version: CURRENT_VERSION }, locale, migrations);
          if (understood.ok) return { ...understood, fromVersion: found, newerVersion: found };
        }
        return {
          ...(fail(locale, 'errors.newerVersion', { found: displayValue(error.version), supported: CURRENT_VERSION }) as {
            ok: false;
            problems: Problem[];
          }),
          newerVersion: true,
        };
      }
      const key = error.code === 'bad-version' ? 'errors.badVersion' : 'errors.missingMigration';
      return fail(locale, key, { found: displayValue(error.version) });
    }
    // A migration that trips over a malformed old file must not crash the caller.
    return fail(locale, 'errors.generic', { detail: error instanceof Error ? error.message : displayValue(error) });
  }
  const parsed = JourneyMapSchema.safeParse(migrated.doc, { error: zodLocales[locale].localeError });
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: describeIssue(issue, locale) })),
    };
  }
  // Strings last: only what the schema kept is checked (unknown keys are already gone).
  const strings = stringIssues(parsed.data, MAX_STRING_PROBLEMS);
  if (strings.length > 0) {
    return {
      ok: false,
      problems: strings.map((issue) => ({ path: issue.path, message: translate(locale, `errors.${issue.code}`, { char: issue.char }) })),
    };
  }
  return {
    ok: true,
    doc: parsed.data,
    fromVersion: raw.version as number,
    migrations: migrated.applied.map((m) => m.description),
  };
}

/** A refusal of the safe JSON parse as a problem in `locale` (`notJsonKey` for a syntax error). */
export function describeJsonFailure(failure: JsonFailure, locale: Locale, notJsonKey = 'errors.notJson'): Problem {
  const message = (key: string, params: Record<string, string | number> = {}) => ({ path: failure.path, message: translate(locale, key, params) });
  switch (failure.code) {
    case 'syntax': {
      const where = failure.line === undefined ? '' : ` (${translate(locale, 'errors.jsonPosition', { line: failure.line, column: failure.column ?? 1 })})`;
      return message(notJsonKey, { detail: `${failure.detail}${where}` });
    }
    case 'binary':
      return message('errors.binary', { line: failure.line, column: failure.column });
    case 'forbiddenKey':
      return message('errors.forbiddenKey', { key: failure.key });
    default:
      return message(`errors.${failure.code}`, { limit: failure.limit });
  }
}

/**
 * Parses the text of a `.cjm` file: size cap, then the safe JSON parse (depth, value-count and
 * list-length caps; no prototype keys), then restoreValue (format, migrations, schema,
 * references, strings). Never throws.
 */
export function restoreDocument(text: string, locale: Locale = 'en', options: RestoreOptions = {}): RestoreResult {
  try {
    const size = utf8Length(text, MAX_FILE_BYTES);
    if (size > MAX_FILE_BYTES) return fail(locale, 'errors.tooLarge', { size: `> ${formatBytes(MAX_FILE_BYTES)}`, limit: formatBytes(MAX_FILE_BYTES) });
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (body.trim() === '') return fail(locale, 'errors.empty');
    // No list in a map is longer than LIMITS.listItems: refusing a longer one here saves the schema
    // from validating (and reporting) a million items.
    const parsed = parseJsonSafely(body, { maxArrayItems: LIMITS.listItems });
    if (!parsed.ok) return { ok: false, problems: [describeJsonFailure(parsed.failure, locale)] };
    return restoreValue(parsed.value, locale, MIGRATIONS, options);
  } catch (error) {
    // Nothing above should throw (a stack overflow or out-of-memory on absurd input would);
    // it is still a refusal, not a crash.
    return fail(locale, 'errors.generic', { detail: error instanceof Error ? error.message : String(error) });
  }
}

/** Decodes file bytes strictly as UTF-8 (after the size cap) and restores the document. */
export function restoreBytes(bytes: Uint8Array, locale: Locale = 'en'): RestoreResult {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    return fail(locale, 'errors.tooLarge', { size: formatBytes(bytes.byteLength), limit: formatBytes(MAX_FILE_BYTES) });
  }
  const decoded = decodeUtf8Strict(bytes);
  if (!decoded.ok) return fail(locale, decoded.key);
  return restoreDocument(decoded.text, locale);
}

/** Strict UTF-8 decoding of a map file; a UTF-16 file (by its byte-order mark) gets its own message. */
export function decodeUtf8Strict(bytes: Uint8Array): { ok: true; text: string } | { ok: false; key: 'errors.notUtf8' | 'errors.notUtf8Utf16' } {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    return { ok: false, key: utf16 ? 'errors.notUtf8Utf16' : 'errors.notUtf8' };
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** One line per problem: "steps[3].title: expected string". */
export function problemLines(problems: readonly Problem[]): string[] {
  return problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
}
