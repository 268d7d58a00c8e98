/**
 * Loading a document: text → JSON → format check → migrate → validate, with every refusal
 * turned into problems that say where and what, in the user's language. Never throws for bad
 * input.
 */
import { z } from 'zod';
import { en as enLocale, ru as ruLocale } from 'zod/locales';
import { translate, type Locale } from '../i18n';
import { CURRENT_VERSION, FORMAT, JourneyMapSchema } from './schema';
import { displayValue, migrate, MigrationError, MIGRATIONS, type Migration, type RawDocument } from './migrations';
import type { JourneyMap } from './types';

export interface Problem {
  /** Where in the document, e.g. `steps[3].title`; empty for the whole file. */
  path: string;
  message: string;
}

export type RestoreResult =
  | { ok: true; doc: JourneyMap; fromVersion: number; migrations: string[] }
  | { ok: false; problems: Problem[]; newerVersion?: boolean };

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
    if (code === 'dangling') {
      const [kind = '', ...id] = rest;
      return translate(locale, 'errors.dangling', { kind: translate(locale, `refKind.${kind}`), id: id.join(':') });
    }
  }
  return issue.message;
}

const fail = (locale: Locale, key: string, params: Record<string, string | number> = {}): RestoreResult => ({
  ok: false,
  problems: [{ path: '', message: translate(locale, key, params) }],
});

/** Validates an already-parsed value (used by restore and by the command line). */
export function restoreValue(
  value: unknown,
  locale: Locale = 'en',
  migrations: readonly Migration[] = MIGRATIONS,
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
  return {
    ok: true,
    doc: parsed.data,
    fromVersion: raw.version as number,
    migrations: migrated.applied.map((m) => m.description),
  };
}

/** Parses the text of a `.cjm` file. */
export function restoreDocument(text: string, locale: Locale = 'en'): RestoreResult {
  if (text.trim() === '') return fail(locale, 'errors.empty');
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return fail(locale, 'errors.notJson', { detail: error instanceof Error ? error.message : String(error) });
  }
  return restoreValue(value, locale);
}

/** Decodes file bytes strictly as UTF-8 (after the size cap) and restores the document. */
export function restoreBytes(bytes: Uint8Array, locale: Locale = 'en'): RestoreResult {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    return fail(locale, 'errors.tooLarge', { size: formatBytes(bytes.byteLength), limit: formatBytes(MAX_FILE_BYTES) });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail(locale, 'errors.notUtf8');
  }
  return restoreDocument(text, locale);
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
