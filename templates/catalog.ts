/**
 * The templates a new map can start from: ids, titles and descriptions in both languages, and the
 * helpers both loaders share. No file system here, so the renderer can import it; the Node
 * loader is `templates/index.ts`, the bundled one `templates/sample.ts`.
 */
import type { Locale } from '../shared/i18n';
import { problemLines, restoreDocument, type JourneyMap } from '../shared/model';

export interface TemplateInfo {
  id: string;
  title: Record<Locale, string>;
  description: Record<Locale, string>;
  /** The `.cjm` file next to this module (relative path), or null for a generated template. */
  file: string | null;
}

export const TEMPLATES = [
  {
    id: 'driving-licence-as-is',
    title: {
      ru: 'Получение водительского удостоверения (как есть)',
      en: 'Getting a driving licence (as-is)',
    },
    description: {
      ru: 'Пример из навигатора РАНХиГС: медицинская справка из поликлиники и двух диспансеров, отдельные чеки, заявление в МФЦ, экзамены в Госавтоинспекции.',
      en: 'The handbook’s example: a medical certificate from a polyclinic and two dispensaries, separate receipts, the application at the MFC, exams with the traffic police.',
    },
    file: 'maps/driving-licence-as-is.cjm',
  },
  {
    id: 'blank',
    title: { ru: 'Пустая карта', en: 'Blank map' },
    description: {
      ru: 'Три этапа и четыре дорожки сервисного чертежа: действия гражданина, точки контакта, видимая часть, внутренние процессы.',
      en: 'Three stages and the four service-blueprint lanes: citizen actions, touchpoints, frontstage, backstage.',
    },
    file: null,
  },
] as const satisfies readonly TemplateInfo[];

export type TemplateId = (typeof TEMPLATES)[number]['id'];

export const TEMPLATE_IDS: readonly TemplateId[] = TEMPLATES.map((t) => t.id);

/** The template opened when the app starts with no file. */
export const SAMPLE_TEMPLATE_ID: TemplateId = 'driving-licence-as-is';

export function isTemplateId(value: unknown): value is TemplateId {
  return typeof value === 'string' && (TEMPLATE_IDS as readonly string[]).includes(value);
}

export function getTemplate(id: TemplateId): TemplateInfo {
  return TEMPLATES.find((t) => t.id === id) as TemplateInfo;
}

/** Restores a template's file text; a broken template is a bug in the app, so this throws. */
export function parseTemplate(id: string, text: string): JourneyMap {
  const result = restoreDocument(text, 'en');
  if (!result.ok) throw new Error(`Template “${id}” is not a valid map: ${problemLines(result.problems).join('; ')}`);
  return result.doc;
}

/** A copy of a template's document as a new map: created and modified set to `now`. */
export function stampNew(doc: JourneyMap, now: Date = new Date()): JourneyMap {
  const stamp = now.toISOString();
  return { ...doc, meta: { ...doc.meta, created: stamp, modified: stamp } };
}
