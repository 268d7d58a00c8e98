import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CATALOG_FORMAT,
  GuidanceCatalogSchema,
  guidanceRefsOf,
  localized,
  missingCatalogs,
  resolveRef,
  searchSections,
  sectionUrl,
  type GuidanceCatalog,
} from '../../../shared/guidance/catalog';
import { BUILT_IN_CATALOGS, MAX_CATALOG_BYTES, parseCatalog } from '../../../templates/guidance';
import { loadTemplate, TEMPLATE_IDS } from '../../../templates';
import { parseDoc, richInput } from './fixtures';

const fileText = (name: string) => readFileSync(new URL(`../../../templates/guidance/${name}`, import.meta.url), 'utf8');
const ranepa = () => BUILT_IN_CATALOGS.find((c) => c.id === 'ranepa-cx') as GuidanceCatalog;
const govFrame = () => BUILT_IN_CATALOGS.find((c) => c.id === 'gov-frame') as GuidanceCatalog;

/** The sections the handbook README lists (id → confirmed URL or null), in order. */
const README_SECTIONS: [string, string | null][] = [
  ['preface', 'https://cx.cdto.ranepa.ru/predislovie'],
  ['1', null],
  ['2', null],
  ['2.1', 'https://cx.cdto.ranepa.ru/2-1-osnovnyeatributy-klientocentrichnogo-podhoda'],
  ['3.2', 'https://cx.cdto.ranepa.ru/3-2-produkt-v-rabote-gossluzhashchego'],
  ['4', null],
  ['5', null],
  ['5.1', 'https://cx.cdto.ranepa.ru/5-1-ehtapy-proektirovaniya-klientocentrichnogo-produkta'],
  ['7.1', null],
];
const CHAPTER_1_PARTS: [string, string][] = [
  ['1.horizontal', 'Упрощение горизонтального взаимодействия'],
  ['1.complaints', 'Повышение удовлетворенности граждан услугами и уменьшение количества жалоб'],
  ['1.kpi', 'Включение метрик удовлетворенности граждан в KPI госслужащих'],
  ['1.competition', 'Конкурентное преимущество по сравнению с коммерческими организациями'],
  ['1.career', 'Бонусы к карьере'],
];

/** A valid catalog as a plain object, to break one field at a time. */
const goodCatalog = () => ({
  format: CATALOG_FORMAT,
  version: 1,
  id: 'my-guide',
  title: { ru: 'Моё руководство' },
  baseUrl: 'https://example.org/guide',
  languages: ['ru'],
  sections: [
    { id: 'a', title: { ru: 'Раздел А', en: 'Section A' }, url: 'https://example.org/guide/a', urlConfirmed: true },
    { id: 'b', title: { en: 'Section B' } },
  ],
});
const parse = (value: unknown, locale: 'ru' | 'en' = 'en') => parseCatalog(JSON.stringify(value), locale);
const problemsOf = (value: unknown, locale: 'ru' | 'en' = 'en') => {
  const result = typeof value === 'string' ? parseCatalog(value, locale) : parse(value, locale);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
};

describe('the built-in catalogs', () => {
  it('are the handbook, then the official frame, and both files validate against the schema', () => {
    expect(BUILT_IN_CATALOGS.map((c) => c.id)).toEqual(['ranepa-cx', 'gov-frame']);
    for (const name of ['ranepa-cx.json', 'gov-frame.json']) {
      const text = fileText(name);
      expect(GuidanceCatalogSchema.safeParse(JSON.parse(text)).success, name).toBe(true);
      const parsed = parseCatalog(text, 'ru');
      expect(parsed.ok, name).toBe(true);
      // pretty-printed, two spaces, newline at the end
      expect(text, name).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    }
  });

  it('ranepa-cx has exactly the README’s sections and chapter 1’s named parts, nothing invented', () => {
    const catalog = ranepa();
    expect(catalog.baseUrl).toBe('https://cx.cdto.ranepa.ru');
    expect(catalog.languages).toEqual(['ru']);
    expect(localized(catalog.description, 'ru')).toMatch(/описательное/);
    expect(catalog.sections.map((s) => s.id).sort()).toEqual([...README_SECTIONS.map(([id]) => id), ...CHAPTER_1_PARTS.map(([id]) => id)].sort());
    for (const id of ['3.1', '5.2', '5.3', '6', '6.1', '7.2', '7.3', '3']) expect(catalog.sections.some((s) => s.id === id), id).toBe(false);
  });

  it('ranepa-cx links exactly the four confirmed URLs; every other section links to the root and is unconfirmed', () => {
    const catalog = ranepa();
    const confirmed = catalog.sections.filter((s) => s.urlConfirmed).map((s) => [s.id, s.url]);
    expect(confirmed).toEqual(README_SECTIONS.filter(([, url]) => url !== null));
    for (const section of catalog.sections.filter((s) => !s.urlConfirmed)) {
      expect(section.url, section.id).toBeUndefined();
      expect(sectionUrl(catalog, section)).toBe('https://cx.cdto.ranepa.ru');
    }
  });

  it('ranepa-cx titles follow the handbook; chapter 1’s parts carry the chapter’s own headings', () => {
    const catalog = ranepa();
    const title = (id: string) => catalog.sections.find((s) => s.id === id)?.title;
    expect(title('7.1')).toEqual({ ru: 'Шаг 1. Осознать текущую ситуацию', en: 'Step 1: understand the current situation' });
    expect(title('3.2')?.ru).toBe('Продукт в работе госслужащего');
    expect(title('preface')).toEqual({ ru: 'Предисловие', en: 'Foreword' });
    for (const [id, heading] of CHAPTER_1_PARTS) expect(title(id)?.ru, id).toBe(heading);
  });

  it('every section of both catalogs has titles and a short summary in Russian and English', () => {
    for (const catalog of BUILT_IN_CATALOGS) {
      for (const section of catalog.sections) {
        for (const locale of ['ru', 'en'] as const) {
          const where = `${catalog.id} ${section.id} ${locale}`;
          expect(section.title[locale]?.trim(), where).toBeTruthy();
          const summary = section.summary[locale] ?? '';
          expect(summary.length, where).toBeGreaterThan(60);
          expect(summary.length, where).toBeLessThan(600);
          const sentences = summary.split(/[.!?](?:\s|$)/).filter((s) => s.trim() !== '').length;
          expect(sentences, where).toBeGreaterThanOrEqual(1);
          expect(sentences, where).toBeLessThanOrEqual(3);
        }
        expect(/[а-яё]/i.test(section.title.ru ?? ''), `${section.id} ru title is Russian`).toBe(true);
        expect(section.title.ru, 'normal case, not ALL CAPS').not.toBe(section.title.ru?.toUpperCase());
      }
    }
  });

  it('gov-frame holds the official frame from the README, with no URL of its own and nothing confirmed', () => {
    const catalog = govFrame();
    expect(catalog.baseUrl).toBe('http://publication.pravo.gov.ru');
    expect(catalog.sections.map((s) => s.id)).toEqual([
      'project-state-for-people',
      'standard-state-for-people',
      'standard-state-for-business',
      'standard-state-for-business-4.1.12',
      'standard-state-for-business-4.5.1',
      'standard-internal-client',
      'decree-601',
      'resolution-1284',
      'order-2516-r',
      'decree-474',
    ]);
    for (const section of catalog.sections) {
      expect(section.url, section.id).toBeUndefined();
      expect(section.urlConfirmed, section.id).toBe(false);
    }
    const text = (id: string) => {
      const s = catalog.sections.find((x) => x.id === id);
      return `${s?.title.ru} ${s?.summary.ru}`;
    };
    expect(text('project-state-for-people')).toMatch(/06\.10\.2021 № 2816-р/);
    expect(text('decree-601')).toMatch(/07\.05\.2012 № 601[\s\S]*90 %/);
    expect(text('resolution-1284')).toMatch(/12\.12\.2012 № 1284/);
    expect(text('order-2516-r')).toMatch(/25\.12\.2013 № 2516-р[\s\S]*электронном виде/);
    expect(text('decree-474')).toMatch(/21\.07\.2020 № 474[\s\S]*цифровая трансформация/);
    expect(text('standard-state-for-business-4.1.12')).toMatch(/избыточных издержек/);
    expect(text('standard-state-for-business-4.5.1')).toMatch(/исследовании потребностей[\s\S]*выбор каналов[\s\S]*проактивно/);
  });

  it('resolve every guidance link in every bundled template', () => {
    for (const id of TEMPLATE_IDS) {
      const doc = loadTemplate(id);
      expect(missingCatalogs(doc, BUILT_IN_CATALOGS), id).toEqual([]);
      for (const { ref } of guidanceRefsOf(doc)) expect(resolveRef(BUILT_IN_CATALOGS, ref).section, `${id}: ${ref.catalog} ${ref.section}`).toBeDefined();
    }
  });
});

describe('parseCatalog', () => {
  it('accepts a good catalog and fills in the defaults', () => {
    const result = parse(goodCatalog());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.catalog.id).toBe('my-guide');
    expect(result.catalog.sections[1]).toEqual({ id: 'b', title: { en: 'Section B' }, summary: {}, urlConfirmed: false });
    expect(result.catalog.description).toEqual({});
    expect(parseCatalog(`\ufeff${JSON.stringify(goodCatalog(), null, 2)}`, 'ru').ok).toBe(true); // a BOM is fine
  });

  it('refuses what is not JSON, is empty, or is not a catalog object, in one line', () => {
    expect(problemsOf('{ "format": "marshrut/guidance-catalog", }')).toEqual([expect.stringMatching(/^The file is not JSON: /)]);
    expect(problemsOf('// comment\n{}')).toEqual([expect.stringMatching(/^The file is not JSON: /)]);
    expect(problemsOf('   ')).toEqual(['The file is empty.']);
    expect(problemsOf('[]')).toEqual(['There is no guidance catalog in the file (expected a JSON object).']);
    expect(problemsOf('"catalog"', 'ru')).toEqual(['В файле нет справочника разделов (ожидался объект JSON).']);
  });

  it('refuses another format or version, saying what it found', () => {
    expect(problemsOf({ ...goodCatalog(), format: 'marshrut/journey-map' })).toEqual([
      'This is not a Marshrut guidance catalog (the “format” field is “marshrut/journey-map”, expected “marshrut/guidance-catalog”).',
    ]);
    expect(problemsOf({ ...goodCatalog(), format: undefined }, 'ru')[0]).toMatch(/^Это не справочник разделов «Маршрута»/);
    expect(problemsOf({ ...goodCatalog(), version: 2 })).toEqual(['Unsupported catalog version “2” (this version of Marshrut reads version 1).']);
  });

  it('names the path of every schema problem, in the chosen language', () => {
    const broken = goodCatalog() as Record<string, unknown> & { sections: Record<string, unknown>[] };
    broken.sections[0] = { ...broken.sections[0], title: {} };
    broken.sections[1] = { ...broken.sections[1], url: 'not a url' };
    broken.languages = [];
    const en = problemsOf(broken);
    expect(en).toContain('sections[0].title: a title is needed in at least one language (ru or en)');
    expect(en).toContain('sections[1].url: expected a web link that starts with http:// or https://');
    expect(en.some((line) => line.startsWith('languages: '))).toBe(true);
    const ru = problemsOf(broken, 'ru');
    expect(ru).toContain('sections[0].title: нужно название хотя бы на одном языке (ru или en)');
    expect(ru).toContain('sections[1].url: ожидается веб-ссылка, начинающаяся с http:// или https://');
    expect(ru.find((line) => line.startsWith('languages: '))).toMatch(/[а-я]/);
  });

  it('refuses a missing title of the catalog or a section', () => {
    const { title: _dropped, ...noTitle } = goodCatalog();
    expect(problemsOf(noTitle)[0]).toMatch(/^title: /);
    const section = goodCatalog();
    section.sections[1] = { id: 'b' } as (typeof section.sections)[number];
    expect(problemsOf(section)[0]).toMatch(/^sections\[1\]\.title: /);
    expect(problemsOf({ ...goodCatalog(), title: { ru: '' } })).toEqual(['title: a title is needed in at least one language (ru or en)']);
  });

  it('refuses duplicate section ids', () => {
    const catalog = goodCatalog();
    catalog.sections[1] = { ...catalog.sections[1], id: 'a' } as (typeof catalog.sections)[number];
    expect(problemsOf(catalog)).toEqual(['sections[1].id: the section id “a” is used twice']);
    expect(problemsOf(catalog, 'ru')).toEqual(['sections[1].id: идентификатор раздела «a» использован дважды']);
  });

  it('refuses links that are not http(s): javascript:, file:, smb:, ftp:', () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 'ftp://example.org/x', 'https://']) {
      expect(problemsOf({ ...goodCatalog(), baseUrl: url }), url).toEqual(['baseUrl: expected a web link that starts with http:// or https://']);
    }
    expect(parse({ ...goodCatalog(), baseUrl: 'https://мвд.рф/' }).ok).toBe(true);
  });

  it('refuses a file over 2 MB without parsing it', () => {
    const big = JSON.stringify({ ...goodCatalog(), description: { ru: 'я'.repeat(MAX_CATALOG_BYTES / 2) } });
    expect(MAX_CATALOG_BYTES).toBe(2 * 1024 * 1024);
    expect(problemsOf(big)).toEqual([expect.stringMatching(/^The catalog file is too large \(2\.0 MB; the limit is 2\.0 MB\)\.$/)]);
    expect(problemsOf('x'.repeat(MAX_CATALOG_BYTES + 1))[0]).toMatch(/too large/);
  });

  it('never throws, whatever it is given', () => {
    const hostile = [
      '{"__proto__": {"polluted": true}, "format": "marshrut/guidance-catalog", "version": 1}',
      '{"format":"marshrut/guidance-catalog","version":1,"id":"x","title":{"ru":"т"},"baseUrl":"https://a.ru","languages":["ru"],"sections":' +
        JSON.stringify(Array.from({ length: 2001 }, (_, i) => ({ id: String(i), title: { ru: 'т' } }))) +
        '}',
      '[[[[[[[[[[]]]]]]]]]]',
      'null',
      '1e999',
      '\u0000',
    ];
    for (const text of hostile) {
      const result = parseCatalog(text, 'en');
      expect(result.ok, text.slice(0, 40)).toBe(false);
      if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('catalog helpers', () => {
  it('searchSections finds by title or summary, in Russian or English, any case, ё = е, every word', () => {
    const catalog = ranepa();
    const ids = (query: string) => searchSections(catalog, query).map((s) => s.id);
    expect(ids('горизонтального')).toEqual(['1.horizontal']);
    expect(ids('HORIZONTAL')).toEqual(['1.horizontal']);
    expect(ids('текущую ситуацию')).toEqual(['7.1']);
    expect(ids('удовлетворён')).toEqual(expect.arrayContaining(['1.complaints', '1.kpi'])); // the titles spell it with е
    expect(ids('четвертого')).toEqual(['1.competition']); // the summary spells it with ё
    expect(ids('KPI')).toEqual(expect.arrayContaining(['1.kpi']));
    expect(ids('горизонтального kpi')).toEqual([]);
    expect(ids('   ')).toHaveLength(catalog.sections.length);
    expect(ids('5.1')).toContain('5.1');
  });

  it('missingCatalogs names the catalogs a map links to that the app lacks, once each', () => {
    const input = richInput();
    input.meta.guidance = [
      { catalog: 'ranepa-cx', section: '1' },
      { catalog: 'regional-guide', section: '2' },
    ];
    input.stages = [{ id: 'stage-a', title: 'A', guidance: [{ catalog: 'regional-guide', section: '9' }] }, { id: 'stage-b', title: 'B' }];
    const doc = parseDoc(input);
    expect(missingCatalogs(doc, BUILT_IN_CATALOGS)).toEqual(['regional-guide']);
    expect(missingCatalogs(doc, [])).toEqual(['ranepa-cx', 'regional-guide']);
  });

  it('resolveRef finds the catalog and section; sectionUrl prefers the section’s own URL', () => {
    const found = resolveRef(BUILT_IN_CATALOGS, { catalog: 'ranepa-cx', section: '5.1' });
    expect(found.section?.title.ru).toBe('Этапы проектирования клиентоцентричного продукта');
    expect(sectionUrl(found.catalog as GuidanceCatalog, found.section as NonNullable<typeof found.section>)).toBe(
      'https://cx.cdto.ranepa.ru/5-1-ehtapy-proektirovaniya-klientocentrichnogo-produkta',
    );
    const noSection = resolveRef(BUILT_IN_CATALOGS, { catalog: 'ranepa-cx', section: '3.1' });
    expect(noSection.catalog?.id).toBe('ranepa-cx');
    expect(noSection.section).toBeUndefined();
    expect(resolveRef(BUILT_IN_CATALOGS, { catalog: 'nope', section: '1' })).toEqual({ ref: { catalog: 'nope', section: '1' } });
  });

  it('localized falls back to the other language', () => {
    expect(localized({ ru: 'Да', en: 'Yes' }, 'en')).toBe('Yes');
    expect(localized({ ru: 'Да' }, 'en')).toBe('Да');
    expect(localized({ en: 'Yes' }, 'ru')).toBe('Yes');
    expect(localized({}, 'ru')).toBe('');
  });
});
