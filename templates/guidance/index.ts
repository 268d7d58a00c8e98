/**
 * The guidance catalogs that ship with the app, and the parser for catalog files a user adds.
 *
 * The JSON files are imported as modules, so Vite (the renderer and the desktop build), tsx (the
 * command line) and vitest all inline them; no file system is needed. They are validated (and
 * their defaults filled in) once, at load: a broken built-in catalog is a bug in the app, so
 * loading this module throws rather than running with half a catalog.
 */
import { z } from 'zod';
import { en as enLocale, ru as ruLocale } from 'zod/locales';
import { CATALOG_FORMAT, GuidanceCatalogSchema, type GuidanceCatalog } from '../../shared/guidance/catalog';
import { translate, type Locale, type Params } from '../../shared/i18n';
import { describeJsonFailure, displayValue, formatBytes, formatPath, problemLines } from '../../shared/model';
import { parseJsonSafely } from '../../shared/model/safe-json';
import govFrameJson from './gov-frame.json';
import ranepaCxJson from './ranepa-cx.json';

function builtIn(name: string, value: unknown): GuidanceCatalog {
  const parsed = GuidanceCatalogSchema.safeParse(value);
  if (!parsed.success) throw new Error(`Built-in guidance catalog “${name}” is invalid: ${parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** The handbook (RANEPA's client-centricity navigator) first, then the official frame. */
export const BUILT_IN_CATALOGS: GuidanceCatalog[] = [builtIn('ranepa-cx.json', ranepaCxJson), builtIn('gov-frame.json', govFrameJson)];

/** Largest catalog file accepted: a real catalog is a few tens of kilobytes. */
export const MAX_CATALOG_BYTES = 2 * 1024 * 1024;

/** The catalog format version this app reads. */
const SUPPORTED_VERSION = 1;

export type ParseCatalogResult = { ok: true; catalog: GuidanceCatalog } | { ok: false; problems: string[] };

const zodLocales = { ru: ruLocale(), en: enLocale() } as const;

/** The UTF-8 size of a text, without encoding all of it when it is obviously too large. */
function utf8Length(text: string): number {
  if (text.length > MAX_CATALOG_BYTES) return text.length; // at least one byte a character: too large either way
  return new TextEncoder().encode(text).byteLength;
}

/** One issue in the user's language; the schema's own custom messages are in English. */
function describeIssue(issue: z.core.$ZodIssue, value: unknown, locale: Locale): string {
  const t = (key: string, params: Params = {}) => translate(locale, `catalogFile.${key}`, params);
  const last = issue.path[issue.path.length - 1];
  if (issue.code === 'invalid_format' && issue.format === 'url') return t('badUrl');
  if (issue.code === 'custom') {
    if (last === 'title') return t('noTitle');
    const [key, index] = issue.path;
    if (key === 'sections' && typeof index === 'number' && last === 'id') {
      const sections = (value as { sections?: unknown }).sections;
      const section = Array.isArray(sections) ? (sections[index] as { id?: unknown } | undefined) : undefined;
      return t('duplicateSection', { id: displayValue(section?.id) });
    }
  }
  return issue.message;
}

/**
 * Parses a catalog file's text: strict JSON (no comments, no trailing commas), then the catalog
 * schema. Never throws; every refusal is a line in `locale`, prefixed with where it is
 * (`sections[3].url: …`).
 */
export function parseCatalog(text: string, locale: Locale): ParseCatalogResult {
  const fail = (key: string, params: Params = {}): ParseCatalogResult => ({ ok: false, problems: [translate(locale, `catalogFile.${key}`, params)] });
  try {
    const size = utf8Length(text);
    if (size > MAX_CATALOG_BYTES) return fail('tooLarge', { size: formatBytes(size), limit: formatBytes(MAX_CATALOG_BYTES) });
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (body.trim() === '') return fail('empty');
    // The same safe parse as a map: depth and size caps, no prototype keys.
    const json = parseJsonSafely(body);
    if (!json.ok) return { ok: false, problems: problemLines([describeJsonFailure(json.failure, locale, 'catalogFile.notJson')]) };
    const value = json.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('notObject');
    const raw = value as { format?: unknown; version?: unknown };
    if (raw.format !== CATALOG_FORMAT) return fail('wrongFormat', { found: displayValue(raw.format), expected: CATALOG_FORMAT });
    if (raw.version !== SUPPORTED_VERSION) return fail('badVersion', { found: displayValue(raw.version), supported: SUPPORTED_VERSION });
    const parsed = GuidanceCatalogSchema.safeParse(value, { error: zodLocales[locale].localeError });
    if (parsed.success) return { ok: true, catalog: parsed.data };
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const where = formatPath(issue.path);
        const message = describeIssue(issue, value, locale);
        return where ? `${where}: ${message}` : message;
      }),
    };
  } catch (error) {
    // Nothing above should throw; if something does, it is still a refusal, not a crash.
    return { ok: false, problems: [translate(locale, 'errors.generic', { detail: error instanceof Error ? error.message : String(error) })] };
  }
}
