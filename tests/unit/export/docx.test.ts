/**
 * The DOCX report, opened with a real ZIP reader and a strict XML parser: every template in both
 * languages, the as-is / to-be pair, personal data, a hostile document, the map picture, and
 * (where LibreOffice is installed) a PDF conversion.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';

type XmlDocument = globalThis.Document;
type XmlElement = globalThis.Element;
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { exportDocx } from '../../../shared/export/docx';
import { evidenceLine, formatDelta, painRegister, regulationsToChange, translator, xmlSafe } from '../../../shared/export/docx/content';
import { guidanceRefsOf, resolveRef } from '../../../shared/guidance/catalog';
import { translate, type Locale } from '../../../shared/i18n';
import { JourneyMapSchema, NUMERIC_METRICS, type JourneyMap, type JourneyMapInput } from '../../../shared/model';
import { BUILT_IN_CATALOGS } from '../../../templates/guidance';
import { loadTemplate, TEMPLATES, type TemplateId } from '../../../templates/index';

const NOW = new Date(2025, 5, 9);
const catalogs = BUILT_IN_CATALOGS;
const SECTION_KEYS = ['service', 'map', 'metrics', 'steps', 'pains', 'opportunities', 'regulations', 'guidance'] as const;

interface Opened {
  zip: JSZip;
  documentXml: string;
  document: XmlDocument;
  styles: string;
  rels: string;
  /** Every paragraph's text, with its style. */
  paragraphs: { style: string; text: string }[];
  /** Every table's text, one string per table. */
  tables: string[];
  /** All text of the body. */
  text: string;
}

/** A strict parse: any XML error fails the test. */
function parseXml(xml: string): XmlDocument {
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: (level: string, message: unknown) => {
      if (level !== 'warning') errors.push(String(message));
    },
  }).parseFromString(xml, 'text/xml') as unknown as XmlDocument;
  if (errors.length > 0) throw new Error(`XML does not parse: ${errors.join('; ')}`);
  return doc;
}

const elements = (node: XmlDocument | XmlElement, tag: string): XmlElement[] => Array.from(node.getElementsByTagName(tag));
const textOf = (node: XmlElement): string =>
  elements(node, 'w:t')
    .map((t) => t.textContent ?? '')
    .join('');

async function open(bytes: Uint8Array): Promise<Opened> {
  expect(bytes).toBeInstanceOf(Uint8Array);
  const zip = await JSZip.loadAsync(bytes);
  const read = async (name: string) => {
    const file = zip.file(name);
    if (!file) throw new Error(`${name} is missing`);
    return file.async('string');
  };
  const documentXml = await read('word/document.xml');
  const styles = await read('word/styles.xml');
  const rels = await read('word/_rels/document.xml.rels');
  parseXml(styles);
  parseXml(rels);
  parseXml(await read('docProps/core.xml'));
  const document = parseXml(documentXml);
  const paragraphs = elements(document, 'w:p').map((p) => ({
    style: elements(p, 'w:pStyle')[0]?.getAttribute('w:val') ?? '',
    text: textOf(p),
  }));
  const tables = elements(document, 'w:tbl').map(textOf);
  return { zip, documentXml, document, styles, rels, paragraphs, tables, text: paragraphs.map((p) => p.text).join('\n') };
}

/** Every hyperlink target of the document (external relationships). */
function hyperlinkTargets(o: Opened): Set<string> {
  const rels = parseXml(o.rels);
  const byId = new Map(
    elements(rels, 'Relationship')
      .filter((r) => r.getAttribute('Type')?.endsWith('/hyperlink'))
      .map((r) => [r.getAttribute('Id') ?? '', r.getAttribute('Target') ?? ''] as const),
  );
  const used = elements(o.document, 'w:hyperlink').map((h) => byId.get(h.getAttribute('r:id') ?? ''));
  return new Set(used.filter((u): u is string => u !== undefined));
}

const t = (locale: Locale, key: string) => translate(locale, key);

function checkReport(o: Opened, doc: JourneyMap, locale: Locale): void {
  // The map title and every pain point's title.
  expect(o.text).toContain(doc.meta.title);
  for (const pain of doc.painPoints) expect(o.text).toContain(pain.title);

  // Numbered sections as real Heading1 paragraphs, in the report's language.
  const h1 = o.paragraphs.filter((p) => p.style === 'Heading1').map((p) => p.text);
  expect(h1).toEqual(SECTION_KEYS.map((key, i) => `${i + 1}. ${t(locale, `report.sections.${key}`)}`));
  const h2 = o.paragraphs.filter((p) => p.style === 'Heading2').map((p) => p.text);
  expect(h2.length).toBeGreaterThan(0);
  for (const text of h2) expect(text).toMatch(/^\d\.\d+ \S/);

  // A table holds every metric's label.
  const labels = NUMERIC_METRICS.map((key) => t(locale, `metrics.${key}`));
  expect(o.tables.some((table) => labels.every((label) => table.includes(label)))).toBe(true);

  // Times New Roman, A4 portrait with GOST margins, 14 pt body, 1.5 spacing, page numbers.
  // (Plain booleans: a failed match would print the whole document.)
  expect(o.styles.includes('w:ascii="Times New Roman"')).toBe(true);
  expect(/<w:docDefaults>.*<w:sz w:val="28"\/>.*<w:spacing [^>]*w:line="360"/s.test(o.styles)).toBe(true);
  const sectPr = /<w:sectPr>.*<\/w:sectPr>/s.exec(o.documentXml)?.[0] ?? '';
  expect(sectPr).toMatch(/<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/);
  expect(sectPr).toMatch(/<w:pgMar w:top="1134" w:right="567" w:bottom="1134" w:left="1701"/);
  expect(sectPr).toContain('<w:titlePg/>');
  expect(sectPr).toMatch(/w:footerReference w:type="default"/);

  // Every handbook section the map links to with a confirmed address is a clickable link.
  const links = hyperlinkTargets(o);
  for (const { ref } of guidanceRefsOf(doc)) {
    const { section } = resolveRef(catalogs, ref);
    if (section?.url && section.urlConfirmed) expect(links).toContain(section.url);
  }
}

describe('exportDocx: templates', () => {
  const ids = TEMPLATES.map((x) => x.id as TemplateId);
  for (const locale of ['ru', 'en'] as const) {
    for (const id of ids) {
      it(`${id} (${locale})`, async () => {
        const doc = loadTemplate(id, locale, NOW);
        const o = await open(await exportDocx(doc, { locale, catalogs, now: NOW }));
        checkReport(o, doc, locale);
        // Without a picture, the map is said to be attached separately.
        expect(o.text).toContain(t(locale, 'report.mapAttached'));
        expect(Object.keys(o.zip.files).some((name) => name.startsWith('word/media/'))).toBe(false);
        // The title page's date.
        expect(o.text).toContain(locale === 'ru' ? '09.06.2025' : '9 June 2025');
      });
    }
  }

  it('sorts the pain register by severity, most severe first', async () => {
    const doc = loadTemplate('driving-licence-as-is');
    const o = await open(await exportDocx(doc, { locale: 'ru', catalogs, now: NOW }));
    const register = o.tables.find((table) => table.includes(t('ru', 'report.col.cause')) && table.includes(t('ru', 'report.col.evidence')));
    expect(register).toBeDefined();
    const positions = painRegister(doc).map((p) => register!.indexOf(p.title));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const severities = painRegister(doc).map((p) => p.severity);
    expect([...severities].sort((a, b) => b - a)).toEqual(severities);
  });

  it('numbers pages in the footer, defines outline-level headings and Times New Roman tables', async () => {
    const o = await open(await exportDocx(loadTemplate('child-birth-as-is'), { locale: 'ru', catalogs, now: NOW }));
    const footers = await Promise.all(
      Object.keys(o.zip.files)
        .filter((name) => /^word\/footer\d+\.xml$/.test(name))
        .map((name) => o.zip.file(name)!.async('string')),
    );
    footers.forEach(parseXml);
    expect(footers.some((f) => /<w:instrText[^>]*>PAGE<\/w:instrText>/.test(f))).toBe(true);
    const style = (id: string) => new RegExp(`<w:style [^>]*w:styleId="${id}">.*?</w:style>`, 's').exec(o.styles)?.[0] ?? '';
    expect(style('Heading1')).toContain('<w:outlineLvl w:val="0"/>');
    expect(style('Heading2')).toContain('<w:outlineLvl w:val="1"/>');
    expect(style('ReportTable')).toContain('<w:sz w:val="24"/>');
    expect(style('ReportTable')).toContain('w:ascii="Times New Roman"');
    expect(style('ReportBody')).toMatch(/w:line="360"/);
  });

  it('links the confirmed handbook addresses of the health-check findings', async () => {
    const doc = loadTemplate('driving-licence-as-is');
    const o = await open(await exportDocx(doc, { locale: 'ru', catalogs, now: NOW }));
    const links = hyperlinkTargets(o);
    expect(links).toContain('https://cx.cdto.ranepa.ru/3-2-produkt-v-rabote-gossluzhashchego');
    expect(links).toContain('https://cx.cdto.ranepa.ru/5-1-ehtapy-proektirovaniya-klientocentrichnogo-produkta');
    expect(o.rels).toContain('TargetMode="External"');
    // Findings grouped by severity under their own headings.
    expect(o.paragraphs.some((p) => p.style === 'Heading2' && p.text.includes(t('ru', 'report.severity.warning')))).toBe(true);
  });
});

describe('exportDocx: as-is and to-be', () => {
  const asIs = loadTemplate('driving-licence-as-is');
  const toBe = loadTemplate('driving-licence-to-be');

  for (const [name, doc, counterpart] of [
    ['as-is with its to-be', asIs, toBe],
    ['to-be with its as-is', toBe, asIs],
  ] as const) {
    it(`compares ${name}, as-is first`, async () => {
      for (const locale of ['ru', 'en'] as const) {
        const o = await open(await exportDocx(doc, { locale, catalogs, counterpart, now: NOW }));
        checkReport(o, doc, locale);
        const comparison = o.tables.find((table) => table.includes(t(locale, 'report.col.change')));
        expect(comparison).toBeDefined();
        expect(comparison).toContain(t(locale, 'report.col.asIs'));
        expect(comparison).toContain(t(locale, 'report.col.toBe'));
        // Visits 6 → 3: a real minus sign, and in the as-is → to-be direction.
        const rows = elements(o.document, 'w:tbl')
          .find((tbl) => textOf(tbl).includes(t(locale, 'report.col.change')))!
          .getElementsByTagName('w:tr');
        const visits = Array.from(rows)
          .map((row) => Array.from(row.getElementsByTagName('w:tc')).map((c) => textOf(c)))
          .find((cells) => cells[0] === t(locale, 'metrics.visits'));
        expect(visits?.slice(1, 3)).toEqual(['6', '3']);
        expect(visits?.[3]).toMatch(/^\u22123/);
        expect(o.text).toContain(counterpart.meta.title);
      }
    });
  }
});

describe('exportDocx: personal data (152-FZ)', () => {
  it('shows the kind and source of personal-data evidence, never its note', async () => {
    const doc = structuredClone(loadTemplate('driving-licence-as-is'));
    const [first, second] = doc.evidence;
    if (!first || !second) throw new Error('the template has evidence');
    first.personalData = true;
    first.note = 'PD-SECRET-NOTE Иванова Мария Петровна, паспорт 4510 123456';
    // No source: the health check would otherwise name it by the start of its note.
    second.personalData = true;
    second.source = '';
    second.note = 'PD-SECRET-SECOND телефон +7 900 000-00-00';
    for (const locale of ['ru', 'en'] as const) {
      const bytes = await exportDocx(doc, { locale, catalogs, now: NOW });
      const zip = await JSZip.loadAsync(bytes);
      for (const name of Object.keys(zip.files)) {
        const file = zip.file(name);
        if (!file) continue;
        const text = await file.async('string');
        expect(text, name).not.toContain('PD-SECRET');
        expect(text, name).not.toContain('4510 123456');
        expect(text, name).not.toContain('+7 900');
      }
      const o = await open(bytes);
      expect(o.text).toContain(first.source);
      expect(o.text).toContain(t(locale, 'report.personalData'));
    }
  });

  it('evidenceLine withholds the note of personal data and cuts long notes', () => {
    const tr = translator('ru');
    const base = { id: 'e', kind: 'interview', source: 'Опрос', date: '2024', note: 'секрет', personalData: true, confidence: 'medium' } as const;
    expect(evidenceLine(base, tr)).not.toContain('секрет');
    expect(evidenceLine(base, tr)).toContain('Опрос');
    const long = evidenceLine({ ...base, personalData: false, note: 'а'.repeat(1000) }, tr);
    expect(long.length).toBeLessThan(260);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('exportDocx: hostile text', () => {
  const HOSTILE = 'Карта </w:t></w:r><w:r><w:t>INJECTED</w:t> <script>alert(1)</script> & "q" \u0001\u0007\u000b\u001f\ufffe\ud800 end';
  const CLEAN = 'Карта </w:t></w:r><w:r><w:t>INJECTED</w:t> <script>alert(1)</script> & "q"  end';

  it('strips characters XML 1.0 cannot hold, keeps the rest', () => {
    expect(xmlSafe(HOSTILE)).toBe(CLEAN);
    expect(xmlSafe('tab\tnl\ncr\r 😀 ё')).toBe('tab\tnl\ncr\r 😀 ё');
    expect(xmlSafe(undefined)).toBe('');
  });

  it('keeps a hostile title, pain point and names as text in well-formed XML', async () => {
    const doc = structuredClone(loadTemplate('driving-licence-as-is'));
    doc.meta.title = HOSTILE;
    doc.meta.service = HOSTILE;
    doc.meta.authors = [HOSTILE];
    doc.personas[0]!.name = HOSTILE;
    doc.painPoints[0]!.title = `${HOSTILE} pain`;
    doc.steps[0]!.description = `line 1\n${HOSTILE}\r\nline 3`;
    doc.agencies[0]!.name = HOSTILE;
    doc.regulations[0]!.url = 'javascript:alert(1)';
    doc.regulations[1]!.url = 'https://example.org/a?b=1&c=<2>';
    for (const locale of ['ru', 'en'] as const) {
      const bytes = await exportDocx(doc, { locale, catalogs, now: NOW });
      const o = await open(bytes);
      expect(o.text).toContain(CLEAN);
      expect(o.text).toContain(`${CLEAN} pain`);
      // The markup is text: no run was injected.
      expect(elements(o.document, 'w:t').some((node) => node.textContent === 'INJECTED')).toBe(false);
      expect(/[\u0001\u0007\u000b\u001f]/.test(o.documentXml)).toBe(false);
      // Only web links become hyperlinks; the & and < of a URL are escaped by docx.
      const links = hyperlinkTargets(o);
      expect([...links].some((l) => l.startsWith('javascript:'))).toBe(false);
      expect(links).toContain('https://example.org/a?b=1&c=<2>');
      const core = parseXml(await o.zip.file('docProps/core.xml')!.async('string'));
      expect(elements(core, 'dc:title')[0]?.textContent).toBe(CLEAN);
    }
  });
});

// ----------------------------------------------------------------------------- the picture
function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A plain grey PNG of the given size. */
function makePng(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    Buffer.from(data).copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const raw = Buffer.alloc((width + 1) * height, 0xc0);
  for (let y = 0; y < height; y++) raw[y * (width + 1)] = 0; // filter: none
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())]);
}

describe('exportDocx: the map picture', () => {
  it('embeds the PNG scaled to the text width', async () => {
    const png = makePng(4000, 1000);
    const doc = loadTemplate('driving-licence-as-is');
    const o = await open(await exportDocx(doc, { locale: 'ru', catalogs, mapImage: { png, width: 4000, height: 1000 }, now: NOW }));
    const media = Object.keys(o.zip.files).filter((name) => /^word\/media\/.+\.png$/.test(name));
    expect(media).toHaveLength(1);
    expect(await o.zip.file(media[0]!)!.async('uint8array')).toEqual(new Uint8Array(png));
    const extent = elements(o.document, 'wp:extent')[0];
    const cx = Number(extent?.getAttribute('cx'));
    const cy = Number(extent?.getAttribute('cy'));
    const textWidthEmu = (170 / 25.4) * 914400;
    expect(cx).toBeLessThanOrEqual(textWidthEmu);
    expect(cx).toBeGreaterThan(textWidthEmu * 0.95);
    expect(cx / cy).toBeCloseTo(4, 1);
    expect(o.text).not.toContain(t('ru', 'report.mapAttached'));
    expect(o.text).toContain('Рисунок 1');
  });

  it('fits a tall picture to the page height', async () => {
    const png = makePng(100, 2000);
    const o = await open(await exportDocx(loadTemplate('blank'), { locale: 'en', catalogs, mapImage: { png, width: 100, height: 2000 }, now: NOW }));
    const cy = Number(elements(o.document, 'wp:extent')[0]?.getAttribute('cy'));
    expect(cy).toBeLessThanOrEqual((257 / 25.4) * 914400);
  });

  it('ignores a picture with no size', async () => {
    const o = await open(await exportDocx(loadTemplate('blank'), { locale: 'ru', catalogs, mapImage: { png: makePng(2, 2), width: 0, height: Number.NaN }, now: NOW }));
    expect(o.text).toContain(t('ru', 'report.mapAttached'));
  });
});

// ------------------------------------------------------------------------- the content rules
describe('report content', () => {
  it('lists regulations of pain points first, then of steps', () => {
    const doc = loadTemplate('driving-licence-as-is');
    const register = painRegister(doc);
    const uses = regulationsToChange(doc, register);
    const firstStepOnly = uses.findIndex((u) => u.painNumbers.length === 0);
    expect(firstStepOnly).toBeGreaterThan(0);
    expect(uses.slice(firstStepOnly).every((u) => u.painNumbers.length === 0)).toBe(true);
    const referenced = new Set([...doc.painPoints, ...doc.steps].flatMap((x) => x.regulationIds));
    expect(uses.map((u) => u.regulation.id).sort()).toEqual([...referenced].sort());
  });

  it('formats changes with a real minus sign', () => {
    expect(formatDelta(-3, 'ru')).toBe('\u22123');
    expect(formatDelta(2, 'en')).toBe('+2');
    expect(formatDelta(0, 'en')).toBe('0');
    expect(formatDelta(-1500, 'ru')).toBe('\u22121\u00a0500');
  });
});

// ---------------------------------------------------------------------- a 1000-step map
function largeMap(steps: number): JourneyMap {
  const stages = 20;
  const lanes = ['citizen', 'touchpoint', 'frontstage', 'backstage', 'documents'] as const;
  const agencies = Array.from({ length: 8 }, (_, i) => ({ id: `a${i}`, name: `Ведомство ${i}`, shortName: `В${i}` }));
  const input: JourneyMapInput = {
    format: 'marshrut/journey-map',
    version: 2,
    meta: { title: 'Большая карта', service: 'Услуга', guidance: [{ catalog: 'ranepa-cx', section: '3.2' }] },
    personas: [{ id: 'p', name: 'Гражданин', goals: ['Быстро'] }],
    agencies,
    stages: Array.from({ length: stages }, (_, i) => ({ id: `s${i}`, title: `Этап ${i + 1}` })),
    lanes: lanes.map((kind, i) => ({ id: `l${i}`, title: kind, kind })),
    documents: Array.from({ length: 30 }, (_, i) => ({ id: `d${i}`, name: `Документ ${i}` })),
    regulations: Array.from({ length: 20 }, (_, i) => ({ id: `r${i}`, title: `Акт ${i}`, kind: 'ministry-order' as const, number: `${i}н`, date: '2020-01-01', url: `https://example.org/r${i}` })),
    evidence: Array.from({ length: 40 }, (_, i) => ({ id: `e${i}`, kind: 'interview' as const, source: `Интервью ${i}`, note: 'Цитата '.repeat(20), personalData: i % 5 === 0 })),
    steps: Array.from({ length: steps }, (_, i) => ({
      id: `st${i}`,
      laneId: `l${i % lanes.length}`,
      stageId: `s${Math.floor((i * stages) / steps)}`,
      title: `Шаг ${i + 1}: подать заявление и дождаться ответа`,
      description: 'Описание шага, достаточно длинное, чтобы занять строку в таблице.',
      agencyIds: [`a${i % 8}`],
      channel: 'mfc' as const,
      inPerson: i % 3 === 0,
      waitMinutes: 10 + (i % 30),
      serviceMinutes: 5,
      costRub: i % 10 === 0 ? 500 : 0,
      documentsIn: [`d${i % 30}`],
      documentsOut: [`d${(i + 1) % 30}`],
      regulationIds: i % 50 === 0 ? [`r${(i / 50) % 20}`] : [],
      evidenceIds: [`e${i % 40}`],
      guidance: i % 100 === 0 ? [{ catalog: 'ranepa-cx', section: '5.1' }] : [],
    })),
    flows: Array.from({ length: steps - 1 }, (_, i) => ({ id: `f${i}`, from: `st${i}`, to: `st${i + 1}` })),
    painPoints: Array.from({ length: 200 }, (_, i) => ({
      id: `pp${i}`,
      stepId: `st${i * 5}`,
      title: `Боль ${i + 1}`,
      severity: (i % 5) + 1,
      agencyIds: [`a${i % 8}`, `a${(i + 1) % 8}`],
      cause: 'process' as const,
      ownerAgencyId: `a${i % 8}`,
      evidenceIds: [`e${i % 40}`],
      regulationIds: i % 20 === 0 ? [`r${i % 20}`] : [],
    })),
    opportunities: Array.from({ length: 50 }, (_, i) => ({ id: `o${i}`, title: `Возможность ${i + 1}`, painPointIds: [`pp${i * 4}`], effort: 2, impact: 3 })),
  };
  return JourneyMapSchema.parse(input);
}

describe('exportDocx: a 1000-step map', () => {
  it('exports in reasonable time and size', async () => {
    const doc = largeMap(1000);
    const started = performance.now();
    const bytes = await exportDocx(doc, { locale: 'ru', catalogs, now: NOW });
    const ms = performance.now() - started;
    console.log(`DOCX of a 1000-step map: ${Math.round(ms)} ms, ${(bytes.byteLength / 1024).toFixed(0)} KiB`);
    expect(ms).toBeLessThan(30_000);
    const o = await open(bytes);
    checkReport(o, doc, 'ru');
    expect(o.text).toContain('Шаг 1000: подать заявление');
  }, 60_000);
});

// ------------------------------------------------------------------ LibreOffice, where present
const soffice = ['soffice', 'libreoffice'].find((name) => spawnSync('which', [name]).status === 0);

describe.skipIf(!soffice)('exportDocx: LibreOffice', () => {
  it('converts to a PDF of more than one page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marshrut-docx-'));
    try {
      const file = join(dir, 'report.docx');
      writeFileSync(file, await exportDocx(loadTemplate('driving-licence-as-is'), { locale: 'ru', catalogs, now: NOW }));
      execFileSync(soffice!, ['--headless', '--convert-to', 'pdf', '--outdir', dir, file], { timeout: 120_000 });
      const pdf = readFileSync(join(dir, 'report.pdf'), 'latin1');
      const pages = pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
      expect(pages).toBeGreaterThan(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
