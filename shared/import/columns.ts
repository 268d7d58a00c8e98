/**
 * The columns of the import spreadsheets, their Russian aliases, and the words accepted in
 * their cells. Header and value matching ignore case, `ё`/`е`, and spaces, `_`, `-` and
 * punctuation, so `Ожидание, мин`, `ожидание_мин` and `WAIT-MIN` are all the same column.
 */
import { CHANNELS, LANE_KINDS, PAIN_CAUSES, type AGENCY_KINDS } from '../model/schema';

export interface ColumnDef<K extends string = string> {
  /** The English name, as documented (`wait_min`). */
  key: K;
  /** Other names accepted for the column; the first is the documented Russian one. */
  aliases: readonly string[];
  required?: boolean;
}

export const STEP_COLUMNS = [
  { key: 'id', aliases: ['ид', 'идентификатор', 'код'] },
  { key: 'stage', aliases: ['этап', 'стадия', 'фаза'] },
  { key: 'lane', aliases: ['дорожка', 'полоса', 'уровень'] },
  { key: 'step', aliases: ['шаг', 'название шага', 'действие', 'название', 'title'], required: true },
  { key: 'description', aliases: ['описание'] },
  { key: 'agency', aliases: ['ведомство', 'ведомства', 'agencies', 'организация', 'орган', 'исполнитель'] },
  { key: 'channel', aliases: ['канал', 'канал обращения'] },
  { key: 'visit', aliases: ['визит', 'личный визит', 'посещение', 'личное посещение', 'очно', 'in_person'] },
  { key: 'wait_min', aliases: ['ожидание_мин', 'ожидание', 'время ожидания', 'время ожидания мин', 'wait', 'wait_minutes'] },
  {
    key: 'service_min',
    aliases: ['обслуживание_мин', 'обслуживание', 'время обслуживания', 'время обслуживания мин', 'service', 'service_minutes'],
  },
  { key: 'lead_days', aliases: ['срок_дней', 'срок', 'срок дн', 'lead_time', 'lead_time_days'] },
  { key: 'cost_rub', aliases: ['стоимость_руб', 'стоимость', 'стоимость руб', 'цена', 'плата', 'cost'] },
  { key: 'needs', aliases: ['нужны', 'требуются', 'нужны документы', 'требуемые документы', 'documents_in'] },
  { key: 'produces', aliases: ['выдаются', 'получает', 'выдаётся', 'результат', 'documents_out'] },
  { key: 'emotion', aliases: ['эмоция', 'эмоции', 'настроение'] },
  { key: 'next', aliases: ['далее', 'следующий', 'следующие', 'следующий шаг'] },
] as const satisfies readonly ColumnDef[];

export const PAIN_COLUMNS = [
  { key: 'step', aliases: ['шаг', 'ид шага', 'step_id'] },
  { key: 'pain', aliases: ['боль', 'проблема', 'title'], required: true },
  { key: 'description', aliases: ['описание'] },
  { key: 'severity', aliases: ['серьёзность', 'важность', 'критичность', 'тяжесть'] },
  { key: 'agencies', aliases: ['ведомства', 'ведомство', 'agency'] },
  { key: 'cause', aliases: ['причина'] },
  { key: 'evidence', aliases: ['доказательство', 'свидетельство', 'подтверждение', 'источник'] },
] as const satisfies readonly ColumnDef[];

export type StepColumn = (typeof STEP_COLUMNS)[number]['key'];
export type PainColumn = (typeof PAIN_COLUMNS)[number]['key'];

/** A header or word reduced to what matters: lower case, `ё` → `е`, letters and digits only. */
export const headerKey = (text: string): string =>
  text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, '');

/** The column a header names, if any. */
export function columnFor<K extends string>(header: string, columns: readonly ColumnDef<K>[]): K | undefined {
  const key = headerKey(header);
  if (key === '') return undefined;
  for (const column of columns) {
    if (headerKey(column.key) === key || column.aliases.some((alias) => headerKey(alias) === key)) return column.key;
  }
  return undefined;
}

/** A cell value reduced for vocabulary look-ups: lower case, `ё` → `е`, runs of space/_/- as one space. */
export const wordKey = (text: string): string =>
  text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[\s_\-–—.,]+/g, ' ')
    .trim();

const vocabulary = <T extends string>(entries: Record<T, readonly string[]>): Map<string, T> => {
  const map = new Map<string, T>();
  for (const [value, words] of Object.entries(entries) as [T, readonly string[]][]) {
    map.set(wordKey(value), value);
    for (const word of words) map.set(wordKey(word), value);
  }
  return map;
};

export const CHANNEL_WORDS = vocabulary<(typeof CHANNELS)[number]>({
  'agency-office': ['office', 'agency', 'ведомство', 'офис', 'офис ведомства', 'в ведомстве', 'орган власти'],
  mfc: ['мфц', 'мои документы', 'one-stop shop'],
  medical: ['clinic', 'hospital', 'поликлиника', 'медицинская организация', 'медорганизация', 'больница', 'диспансер', 'медучреждение'],
  portal: ['gosuslugi', 'online', 'госуслуги', 'портал', 'портал госуслуг', 'епгу', 'онлайн', 'сайт'],
  phone: ['telephone', 'call', 'телефон', 'по телефону', 'звонок'],
  post: ['mail', 'почта', 'по почте'],
  other: ['иное', 'другое', 'прочее'],
});

export const CAUSE_WORDS = vocabulary<(typeof PAIN_CAUSES)[number]>({
  regulation: ['law', 'регламент', 'норматив', 'нормативный акт', 'нпа', 'закон', 'регулирование'],
  process: ['процесс', 'процессы'],
  'it-system': ['it', 'is', 'it system', 'ис', 'ит', 'ис система', 'ит система', 'информационная система', 'ис ит'],
  staff: ['personnel', 'персонал', 'сотрудники', 'сотрудник', 'кадры'],
  premises: ['building', 'помещение', 'помещения', 'здание'],
  information: ['info', 'информация', 'информирование'],
});

const YES = new Set(['yes', 'y', 'true', '1', 'да', 'д', 'истина', '+', 'x', 'х', 'v', '✓', '✔']);
const NO = new Set(['no', 'n', 'false', '0', 'нет', 'н', 'ложь', '-', '−', '–', '—']);

/** yes/no, да/нет, true/false (ИСТИНА/ЛОЖЬ in a Russian Excel), 1/0, +/-; undefined otherwise. */
export function yesNo(text: string): boolean | undefined {
  const key = text.trim().toLowerCase();
  if (YES.has(key)) return true;
  if (NO.has(key)) return false;
  return undefined;
}

/**
 * A number as people type it in Russian and English spreadsheets: spaces, no-break spaces and
 * apostrophes as thousand separators, a decimal comma or point ("1 500,50" → 1500.5). A comma
 * alone is decimal; with both, the last one is. A Unicode minus counts. NaN when not a number.
 */
export function parseNumber(text: string): number {
  let s = text.replace(/[\s\u00a0\u2007\u202f'’]/g, '').replace(/[−–]/g, '-');
  if (s === '') return NaN;
  const comma = s.lastIndexOf(',');
  const point = s.lastIndexOf('.');
  if (comma >= 0 && point >= 0) {
    const decimal = comma > point ? ',' : '.';
    const thousands = decimal === ',' ? '.' : ',';
    s = s.split(thousands).join('');
    if (decimal === ',') s = s.replace(',', '.');
  } else if (comma >= 0) {
    s = (s.match(/,/g) ?? []).length > 1 ? s.split(',').join('') : s.replace(',', '.');
  } else if ((s.match(/\./g) ?? []).length > 1) {
    s = s.split('.').join(''); // 1.500.000
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return NaN;
  return Number(s);
}

const tokens = (text: string) => text.toLowerCase().replace(/ё/g, 'е').split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Patterns for the words of a lane's name that give it a kind, checked in this order ("Боли гражданина" is pains). */
const LANE_KIND_WORDS: [(typeof LANE_KINDS)[number], RegExp][] = [
  ['pains', /^(боль|боли|болей|болям|болями|болях)$|^(болев|pain|проблем)/],
  ['opportunities', /^(возможност|opportunit|идея|идеи|idea|улучшени)/],
  ['emotions', /^(эмоци|emotion|чувств|feeling|настроени)/],
  ['thoughts', /^(мысл|thought)/],
  ['documents', /^(документ|document)/],
  ['touchpoint', /^(touchpoint|точк|касани|канал|channel)/],
  ['frontstage', /^(front|фронт|видим|сотрудник|staff)/],
  ['backstage', /^(back|бэк|бек|закулис|невидим|внутренн)/],
  ['support', /^(support|поддерж|вспомогат|обеспечени)/],
  ['citizen', /^(citizen|гражданин|гражданина|заявител|получател|customer|applicant|user|пользовател)/],
];

/** A lane's kind from the words of its name; `custom` when none fits. */
export function guessLaneKind(title: string): (typeof LANE_KINDS)[number] {
  // An exact kind name ("backstage", "citizen") is that kind.
  const exact = LANE_KINDS.find((kind) => wordKey(title) === kind);
  if (exact) return exact;
  const words = tokens(title);
  for (const [kind, pattern] of LANE_KIND_WORDS) if (words.some((word) => pattern.test(word))) return kind;
  return 'custom';
}

/** Fragments of an agency's name that tell its kind, checked in this order (an MFC name says "муниципальных"). */
const AGENCY_KIND_WORDS: [(typeof AGENCY_KINDS)[number], string[]][] = [
  ['mfc', ['мфц', 'mfc', 'многофункциональн', 'мои документы']],
  ['portal', ['госуслуг', 'портал', 'gosuslugi', 'portal', 'епгу']],
  ['medical', ['поликлиник', 'больниц', 'диспансер', 'медицинск', 'клиник', 'clinic', 'hospital', 'medical']],
  ['federal', ['мвд', 'гибдд', 'госавтоинспекц', 'фнс', 'сфр', 'пфр', 'росреестр', 'федеральн', 'federal', 'mvd', 'traffic police']],
  ['regional', ['региональн', 'областн', 'краев', 'республиканск', 'regional']],
  ['municipal', ['муниципальн', 'администрац', 'municipal']],
];

/** An agency's kind guessed from its name; `other` when nothing fits. */
export function guessAgencyKind(name: string): (typeof AGENCY_KINDS)[number] {
  const lower = name.toLowerCase().replace(/ё/g, 'е');
  for (const [kind, parts] of AGENCY_KIND_WORDS) if (parts.some((part) => lower.includes(part))) return kind;
  return 'other';
}

const SHORT_NAME_MAX = 12;
const STOP_WORDS = new Set(['и', 'в', 'во', 'на', 'по', 'для', 'с', 'со', 'к', 'о', 'об', 'от', 'из', 'the', 'of', 'and', 'for', 'in', 'on', 'at', 'to']);

/**
 * A short name of at most 12 characters: the name itself when short; else the acronyms already in
 * it ("МВД России — Госавтоинспекция" → "МВД"); else the initials of its words ("Наркологический
 * диспансер" → "НД"); else its beginning with an ellipsis.
 */
export function abbreviate(name: string): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  if ([...clean].length <= SHORT_NAME_MAX) return clean;
  const words = clean.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const acronyms = words.filter((w) => [...w].length >= 2 && /\p{L}/u.test(w) && w === w.toUpperCase() && w !== w.toLowerCase());
  if (acronyms.length > 0) {
    const joined = acronyms.join(' ');
    if ([...joined].length <= SHORT_NAME_MAX) return joined;
    return [...(acronyms[0] as string)].slice(0, SHORT_NAME_MAX).join('');
  }
  // Initials of the words, numbers kept whole: "Polyclinic No. 3" → "PN3".
  const significant = words.filter((w) => !STOP_WORDS.has(w.toLowerCase()));
  if (significant.filter((w) => /\p{L}/u.test(w)).length >= 2) {
    const initials = significant.map((w) => (/^\p{N}+$/u.test(w) ? w : ([...w][0] ?? '').toUpperCase())).join('');
    if ([...initials].length <= SHORT_NAME_MAX) return initials;
  }
  // "Поликлиника № 3" → "Полик. № 3": long words cut to five letters and a point.
  const parts = clean.split(' ');
  const cut = parts.map((w) => ([...w].length > 6 && /^\p{L}+$/u.test(w) ? `${[...w].slice(0, 5).join('')}.` : w)).join(' ');
  if (parts.length >= 2 && [...cut].length <= SHORT_NAME_MAX) return cut;
  return `${[...clean].slice(0, SHORT_NAME_MAX - 1).join('').trimEnd()}…`;
}

/** Distinct colours, readable as text on white, in the order agencies appear. */
export const AGENCY_PALETTE = [
  '#1d4ed8',
  '#15803d',
  '#ea580c',
  '#7c3aed',
  '#0891b2',
  '#be123c',
  '#a16207',
  '#c026d3',
  '#4d7c0f',
  '#0f766e',
  '#9a3412',
  '#475569',
] as const;

/** The colour of the n-th agency (0-based): the palette, then hues a golden angle apart. */
export function agencyColor(index: number): string {
  const fixed = AGENCY_PALETTE[index];
  if (fixed) return fixed;
  const hue = (index * 137.508) % 360;
  return hslToHex(hue, 0.6, 0.38);
}

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const v = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/**
 * A user's id made valid for the map (latin letters, digits and `_ . : -`, at most 64 characters):
 * Cyrillic is transliterated ("шаг-1" → "shag-1"), anything else becomes "-". Empty when nothing
 * usable is left.
 */
export function sanitizeId(raw: string): string {
  let out = '';
  for (const ch of raw.trim()) {
    const lower = ch.toLowerCase();
    const latin = TRANSLIT[lower];
    if (latin === undefined) out += ch;
    else out += ch === lower ? latin : latin.charAt(0).toUpperCase() + latin.slice(1);
  }
  return out
    .replace(/[^A-Za-z0-9_.:-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}
