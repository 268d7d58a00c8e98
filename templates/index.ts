/**
 * Templates for Node (the command line, tests): reads the `.cjm` files next to this module.
 * The renderer and bundled code use `templates/sample.ts`, which inlines the files at build time.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locale } from '../shared/i18n';
import { createEmptyDocument, type JourneyMap } from '../shared/model';
import { getTemplate, parseTemplate, stampNew, type TemplateId } from './catalog';

export * from './catalog';

/** Absolute path of a template's file, or null for a generated template (blank). */
export function templatePath(id: TemplateId): string | null {
  const file = getTemplate(id).file;
  return file === null ? null : fileURLToPath(new URL(file, import.meta.url));
}

/** The template's file text, exactly as stored, or null for a generated template. */
export function readTemplateText(id: TemplateId): string | null {
  const file = templatePath(id);
  return file === null ? null : readFileSync(file, 'utf8');
}

/**
 * The template's document as stored. `blank` is generated in `locale` (and carries `now` as its
 * timestamps); file templates are in their own language and ignore it.
 */
export function loadTemplate(id: TemplateId, locale: Locale = 'ru', now: Date = new Date()): JourneyMap {
  const text = readTemplateText(id);
  return text === null ? createEmptyDocument(locale, now) : parseTemplate(id, text);
}

/** A new map from a template: its content with fresh created/modified timestamps. */
export function createFromTemplate(id: TemplateId, locale: Locale = 'ru', now: Date = new Date()): JourneyMap {
  return stampNew(loadTemplate(id, locale, now), now);
}
