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
    id: 'driving-licence-to-be',
    title: {
      ru: 'Получение водительского удостоверения (как будет)',
      en: 'Getting a driving licence (to-be)',
    },
    description: {
      ru: 'После белгородского проекта из навигатора: диспансеры на одной площадке, онлайн-запись, одна касса, врачи на первом этаже, медицинское заключение уходит в Госавтоинспекцию в электронном виде. Сравните с картой «как есть».',
      en: 'After the handbook’s Belgorod project: both dispensaries on one site, online booking, one cashier, doctors on the ground floor, the medical certificate sent to the traffic police electronically. Compare it with the as-is map.',
    },
    file: 'maps/driving-licence-to-be.cjm',
  },
  {
    id: 'foreign-passport-as-is',
    title: {
      ru: 'Оформление загранпаспорта нового образца (как есть)',
      en: 'Getting a biometric international passport (as-is)',
    },
    description: {
      ru: 'Заявление на Госуслугах с трудовой деятельностью за 10 лет, запись и визит в подразделение МВД по вопросам миграции, госпошлина, изготовление и второй визит за паспортом.',
      en: 'An application on Gosuslugi listing ten years of work history, booking and a visit to the MVD migration office, the state fee, production and a second visit to collect the passport.',
    },
    file: 'maps/foreign-passport-as-is.cjm',
  },
  {
    id: 'child-birth-as-is',
    title: {
      ru: 'Рождение ребёнка: регистрация и выплаты (как есть)',
      en: 'A child’s birth: registration and benefits (as-is)',
    },
    description: {
      ru: 'Медицинское свидетельство из роддома, регистрация рождения в ЗАГС, регистрация по месту жительства через МФЦ, СНИЛС и полис ОМС, пособия Социального фонда, детская поликлиника.',
      en: 'The maternity hospital’s medical birth certificate, birth registration at the civil registry (ZAGS), residence registration via the MFC, SNILS and the health-insurance policy, Social Fund benefits, the children’s polyclinic.',
    },
    file: 'maps/child-birth-as-is.cjm',
  },
  {
    id: 'blank-blueprint',
    title: { ru: 'Пустой сервисный чертёж', en: 'Blank service blueprint' },
    description: {
      ru: 'Четыре этапа и дорожки сервисного чертежа по порядку: точки контакта, действия гражданина, фронт-офис, бэк-офис, обеспечивающие процессы, эмоции и боли; одна персона-заготовка. Названия — на русском.',
      en: 'Four stages and the service-blueprint lanes in order: touchpoints, citizen actions, frontstage, backstage, support processes, emotions and pains; one placeholder persona. Titles are in Russian.',
    },
    file: 'maps/blank-blueprint.cjm',
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
