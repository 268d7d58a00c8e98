/**
 * Templates without a file system, for the renderer (and any Vite-built code): the `.cjm` files
 * are imported as text and inlined at build time.
 */
import type { Locale } from '../shared/i18n';
import { createEmptyDocument, type JourneyMap } from '../shared/model';
import blankBlueprintText from './maps/blank-blueprint.cjm?raw';
import childBirthText from './maps/child-birth-as-is.cjm?raw';
import drivingLicenceText from './maps/driving-licence-as-is.cjm?raw';
import drivingLicenceToBeText from './maps/driving-licence-to-be.cjm?raw';
import foreignPassportText from './maps/foreign-passport-as-is.cjm?raw';
import { parseTemplate, SAMPLE_TEMPLATE_ID, stampNew, type TemplateId } from './catalog';

export * from './catalog';

const TEXTS: Record<TemplateId, string | null> = {
  'driving-licence-as-is': drivingLicenceText,
  'driving-licence-to-be': drivingLicenceToBeText,
  'foreign-passport-as-is': foreignPassportText,
  'child-birth-as-is': childBirthText,
  'blank-blueprint': blankBlueprintText,
  blank: null,
};

/** The sample map's file text (the driver's-licence journey, as-is). */
export const sampleText: string = drivingLicenceText;

/** The template's file text, exactly as stored, or null for a generated template (blank). */
export function templateText(id: TemplateId): string | null {
  return TEXTS[id];
}

/** The template's document as stored (see `loadTemplate` in templates/index.ts). */
export function loadBundledTemplate(id: TemplateId, locale: Locale = 'ru', now: Date = new Date()): JourneyMap {
  const text = TEXTS[id];
  return text === null ? createEmptyDocument(locale, now) : parseTemplate(id, text);
}

/** A new map from a template: its content with fresh created/modified timestamps. */
export function createFromTemplate(id: TemplateId, locale: Locale = 'ru', now: Date = new Date()): JourneyMap {
  return stampNew(loadBundledTemplate(id, locale, now), now);
}

/** The sample map as a new, unsaved document. */
export function loadSample(now: Date = new Date()): JourneyMap {
  return createFromTemplate(SAMPLE_TEMPLATE_ID, 'ru', now);
}
