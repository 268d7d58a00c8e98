import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  abbreviate,
  agencyColor,
  cellText,
  columnFor,
  decodeText,
  detectDelimiter,
  detectFormat,
  guessAgencyKind,
  guessLaneKind,
  IMPORT_LIMITS,
  importSpreadsheets,
  parseNumber,
  PAIN_COLUMNS,
  sanitizeId,
  STEP_COLUMNS,
  yesNo,
  zipUnpackedSize,
  type ImportInput,
  type ImportResult,
} from '../../../shared/import';
import { computeScorecard, restoreDocument, serializeDocument, type JourneyMap } from '../../../shared/model';

const fixtures = fileURLToPath(new URL('../../fixtures/import/', import.meta.url));
const fixture = (name: string) => new Uint8Array(fs.readFileSync(fixtures + name));
const enc = (text: string) => new TextEncoder().encode(text);
const NOW = new Date('2025-05-06T07:08:09Z');

function run(steps: { name: string; data: Uint8Array } | string, extra: Partial<ImportInput> = {}): Promise<ImportResult> {
  const file = typeof steps === 'string' ? { name: 'steps.csv', data: enc(steps) } : steps;
  return importSpreadsheets({ steps: file, locale: 'en', now: NOW, ...extra });
}

/** The map, after checking that it is there, valid, and survives a save and a reopen unchanged. */
function docOf(result: ImportResult): JourneyMap {
  expect(result.problems).toEqual([]);
  expect(result.doc).not.toBeNull();
  const doc = result.doc as JourneyMap;
  const text = serializeDocument(doc);
  const reopened = restoreDocument(text);
  expect(reopened.ok).toBe(true);
  if (reopened.ok) expect(serializeDocument(reopened.doc)).toBe(text);
  return doc;
}

/** problems as [row, column, message] for compact expectations. */
const where = (result: ImportResult) => result.problems.map((p) => [p.file, p.row, p.column ?? null, p.message]);

async function xlsx(rows: unknown[][], build?: (sheet: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Шаги');
  for (const row of rows) sheet.addRow(row);
  build?.(sheet, workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('importSpreadsheets: a good CSV of steps and one of pain points', () => {
  const load = () =>
    run({ name: 'data/steps-en.csv', data: fixture('steps-en.csv') }, { pains: { name: 'data/pains-en.csv', data: fixture('pains-en.csv') } });

  it('makes a valid map: registry in order of first appearance, readable ids', async () => {
    const result = await load();
    const doc = docOf(result);
    expect(doc.meta).toMatchObject({
      title: 'steps-en',
      variant: 'as-is',
      language: 'en',
      created: '2025-05-06T07:08:09.000Z',
      modified: '2025-05-06T07:08:09.000Z',
      description: 'Imported from steps-en.csv, pains-en.csv.',
    });
    expect(doc.stages.map((s) => [s.id, s.title])).toEqual([
      ['stage-1', 'Preparation'],
      ['stage-2', 'Medical check'],
      ['stage-3', 'Application'],
      ['stage-4', 'Licence'],
    ]);
    expect(doc.lanes).toEqual([
      { id: 'lane-1', title: 'Citizen actions', kind: 'citizen' },
      { id: 'lane-2', title: 'Frontstage', kind: 'frontstage' },
    ]);
    expect(doc.agencies.map((a) => [a.id, a.name, a.shortName, a.kind])).toEqual([
      ['agency-1', 'Gosuslugi portal', 'GP', 'portal'],
      ['agency-2', 'Polyclinic No. 3', 'PN3', 'medical'],
      ['agency-3', 'MFC', 'MFC', 'mfc'],
      ['agency-4', 'Traffic police (MVD)', 'MVD', 'federal'],
    ]);
    expect(new Set(doc.agencies.map((a) => a.color)).size).toBe(4);
    for (const a of doc.agencies) expect(a.shortName.length).toBeLessThanOrEqual(12);
    expect(doc.documents).toEqual([
      { id: 'doc-1', name: 'passport' },
      { id: 'doc-2', name: 'medical certificate', issuerAgencyId: 'agency-2' },
      { id: 'doc-3', name: 'application receipt', issuerAgencyId: 'agency-3' },
      { id: 'doc-4', name: 'driving licence', issuerAgencyId: 'agency-4' },
    ]);
  });

  it('fills every step field and keeps the user ids', async () => {
    const doc = docOf(await load());
    expect(doc.steps.map((s) => s.id)).toEqual(['find', 'exam', 'apply', 'licence']);
    expect(doc.steps[1]).toEqual({
      id: 'exam',
      laneId: 'lane-1',
      stageId: 'stage-2',
      title: 'Medical check, therapist',
      description: '',
      agencyIds: ['agency-2'],
      channel: 'medical',
      inPerson: true,
      waitMinutes: 45,
      serviceMinutes: 20,
      leadTimeDays: 1,
      costRub: 1500.5,
      documentsIn: ['doc-1'],
      documentsOut: ['doc-2'],
      regulationIds: [],
      emotion: -1,
      evidenceIds: [],
      guidance: [],
    });
    expect(doc.steps[0]).toMatchObject({ channel: 'portal', inPerson: false, serviceMinutes: 10, emotion: 0 });
    expect(doc.steps[0]).not.toHaveProperty('waitMinutes');
    expect(doc.steps[0]).not.toHaveProperty('costRub');
    expect(doc.steps[2]).toMatchObject({ documentsIn: ['doc-1', 'doc-2'], documentsOut: ['doc-3'], emotion: -2 });
    expect(doc.steps[3]).toMatchObject({ channel: 'agency-office', inPerson: true, leadTimeDays: 5, emotion: 2 });
  });

  it('makes flows from next: handoffs between agencies, a rework loop back', async () => {
    const doc = docOf(await load());
    expect(doc.flows.map((f) => [f.id, f.from, f.to, f.kind])).toEqual([
      ['flow-1', 'find', 'exam', 'handoff'],
      ['flow-2', 'exam', 'apply', 'handoff'],
      ['flow-3', 'apply', 'exam', 'rework'],
      ['flow-4', 'apply', 'licence', 'handoff'],
    ]);
  });

  it('attaches pain points by id, by exact title and by title in any case; agencies from the column or the step', async () => {
    const doc = docOf(await load());
    expect(doc.painPoints.map((p) => [p.id, p.stepId ?? null, p.title, p.severity, p.agencyIds, p.cause ?? null])).toEqual([
      ['pain-1', 'exam', 'Queues at every doctor', 4, ['agency-2'], 'process'],
      ['pain-2', 'apply', 'The citizen carries the certificate', 5, ['agency-3', 'agency-2'], 'regulation'],
      ['pain-3', 'licence', 'No online booking for the exam', 2, ['agency-4'], 'it-system'],
      ['pain-4', null, 'Nobody explains the order of steps', 3, ['agency-1'], 'information'],
    ]);
    // No pains lane in this map, so no cells, and none is created.
    expect(doc.painPoints.every((p) => p.cell === undefined)).toBe(true);
    expect(doc.lanes.some((l) => l.kind === 'pains')).toBe(false);
    expect(doc.evidence).toEqual([
      {
        id: 'evidence-1',
        kind: 'document',
        source: 'pains-en.csv, row 2',
        date: '',
        note: 'Timed in March: 45 minutes on average',
        personalData: false,
        confidence: 'medium',
      },
    ]);
    expect(doc.painPoints[0]?.evidenceIds).toEqual(['evidence-1']);
  });

  it('reports counts and a preview, and the scorecard reads the imported numbers', async () => {
    const result = await load();
    expect(result.stats).toEqual({
      rows: 8,
      imported: 8,
      skipped: 0,
      stages: 4,
      lanes: 2,
      agencies: 4,
      documents: 4,
      steps: 4,
      flows: 4,
      painPoints: 4,
    });
    expect(result.fatal).toBe(false);
    expect(result.preview.headers[3]).toBe('step');
    expect(result.preview.rows).toHaveLength(4);
    expect(result.preview.rows[1]?.[3]).toBe('Medical check, therapist');
    const card = computeScorecard(result.doc as JourneyMap);
    // Every flow joins two agencies (the rework loop too).
    expect(card).toMatchObject({ visits: 3, costRub: 3500.5, citizenMinutes: 150, leadDays: 6, payments: 2, handoffs: 4, citizenCarriedDocuments: 2 });
  });

  it('takes the title given', async () => {
    const result = await run({ name: 'steps-en.csv', data: fixture('steps-en.csv') }, { title: '  Driving licence (as-is) ' });
    expect(docOf(result).meta.title).toBe('Driving licence (as-is)');
  });
});

describe('CSV dialects', () => {
  it('reads a Windows-1251, semicolon-separated file with Russian headers and decimal commas', async () => {
    const result = await run({ name: 'шаги.csv', data: fixture('steps-ru-cp1251.csv') }, { locale: 'ru' });
    const doc = docOf(result);
    expect(doc.meta.title).toBe('шаги');
    expect(doc.meta.description).toBe('Импортировано из шаги.csv.');
    expect(doc.stages.map((s) => s.title)).toEqual(['Подготовка', 'Медкомиссия', 'Заявление']);
    expect(doc.lanes).toEqual([
      { id: 'lane-1', title: 'Действия гражданина', kind: 'citizen' },
      { id: 'lane-2', title: 'Сотрудники ведомств (видимая часть)', kind: 'frontstage' },
    ]);
    expect(doc.agencies.map((a) => [a.name, a.shortName, a.kind])).toEqual([
      ['Госуслуги', 'Госуслуги', 'portal'],
      ['Поликлиника № 3', 'Полик. № 3', 'medical'],
      ['Наркологический диспансер', 'НД', 'medical'],
      ['МФЦ', 'МФЦ', 'mfc'],
    ]);
    const [s1, s2, s3, s4] = doc.steps;
    expect(s1).toMatchObject({ title: 'Выяснить порядок', channel: 'portal', inPerson: false, serviceMinutes: 10, emotion: 0 });
    expect(s2).toMatchObject({ costRub: 1500.5, waitMinutes: 45, leadTimeDays: 1, channel: 'medical', inPerson: true, emotion: -1 });
    // A blank stage repeats the one above.
    expect(s3).toMatchObject({ stageId: s2?.stageId, costRub: 1200, leadTimeDays: 0.5, waitMinutes: 90, inPerson: true, emotion: -2 });
    expect(s4).toMatchObject({ channel: 'mfc', documentsIn: ['doc-1', 'doc-2'], documentsOut: ['doc-4'] });
    expect(doc.documents.map((d) => d.name)).toEqual(['паспорт', 'медицинское заключение', 'справка нарколога', 'расписка']);
    // No next column: each row flows to the next.
    expect(doc.flows.map((f) => [f.from, f.to, f.kind])).toEqual([
      ['step-1', 'step-2', 'handoff'],
      ['step-2', 'step-3', 'handoff'],
      ['step-3', 'step-4', 'handoff'],
    ]);
  });

  it('reads a tab-separated UTF-8 file with a BOM; no stage or lane gives a first stage and the citizen lane', async () => {
    const ru = docOf(await run({ name: 'steps.tsv', data: fixture('steps-tab-bom.tsv') }, { locale: 'ru' }));
    expect(ru.stages.map((s) => s.title)).toEqual(['Этап 1']);
    expect(ru.lanes).toEqual([{ id: 'lane-1', title: 'Действия гражданина', kind: 'citizen' }]);
    expect(ru.steps.map((s) => [s.title, s.costRub ?? null, s.inPerson])).toEqual([
      ['Оплатить пошлину', 2000, false],
      ['Сдать экзамен', null, true],
    ]);
    const en = docOf(await run({ name: 'steps.tsv', data: fixture('steps-tab-bom.tsv') }));
    expect(en.stages.map((s) => s.title)).toEqual(['Stage 1']);
    expect(en.lanes[0]?.title).toBe('Citizen actions');
  });

  it('reads comma-separated UTF-8 with headers in any case and spelling, quotes, CRLF and blank lines', async () => {
    const text =
      'STEP,Wait-Min,"Стоимость, руб",Серьезность,Эмоция\r\n' +
      '"Шаг с ""кавычками"", запятой",  1 500 ,"2 500,75",,−1\r\n' +
      '\r\n' +
      '"Многострочный\nшаг",0,"1\u00a0000",,+2\r\n';
    const doc = docOf(await run(text));
    expect(doc.steps.map((s) => [s.title, s.waitMinutes, s.costRub, s.emotion])).toEqual([
      ['Шаг с "кавычками", запятой', 1500, 2500.75, -1],
      ['Многострочный\nшаг', 0, 1000, 2],
    ]);
  });

  it('numbers the rows as Excel does, counting blank lines and multi-line values', async () => {
    const text = 'step,cost_rub\nA,1\n\n"B\nB",x\nC,y\n';
    const result = await run(text);
    expect(where(result)).toEqual([
      ['steps.csv', 4, 'cost_rub', '“x” is not a number.'],
      ['steps.csv', 5, 'cost_rub', '“y” is not a number.'],
    ]);
  });

  it('reports an unclosed quote at the row where it starts', async () => {
    const result = await run('step,cost_rub\nA,1\n"B,2\nC,3\n');
    expect(result.doc).toBeNull();
    expect(where(result)).toEqual([['steps.csv', 3, null, 'A quoted value is not closed (a closing " is missing).']]);
    const skipped = await run('step,cost_rub\nA,1\n"B,2\nC,3\n', { skipBadRows: true });
    expect(skipped.doc?.steps.map((s) => s.title)).toEqual(['A']);
  });
});

describe('XLSX', () => {
  it('reads numbers, formulas, dates, rich text, booleans, hyperlinks and merged stage cells from the first sheet', async () => {
    const data = await xlsx(
      [
        ['Этап', 'Шаг', 'Ведомство', 'Визит', 'Ожидание_мин', 'Стоимость_руб', 'Описание', 'Эмоция', 'Срок_дней'],
        ['Медкомиссия', { richText: [{ text: 'Пройти ' }, { text: 'терапевта', font: { bold: true } }] }, 'Поликлиника', true, 45, 1500.5, new Date(Date.UTC(2024, 0, 15)), -1, { formula: 'B9*2', result: 0.5 }],
        [null, 'Пройти нарколога', { text: 'Наркодиспансер', hyperlink: 'https://example.org' }, 'нет', { formula: 'E2*2', result: 90 }, { formula: 'F2+700', result: 2200.5 }, new Date(Date.UTC(2024, 0, 15, 9, 30)), 0, null],
        ['Заявление', 'Подать заявление', 'МФЦ', 1, { sharedFormula: 'E3', result: 30 }, 0, 'текст', { formula: '1-3', result: -2 }, 3],
      ],
      (sheet, workbook) => {
        sheet.mergeCells('A2:A3');
        workbook.addWorksheet('Другой лист').addRow(['шаг']);
      },
    );
    const result = await run({ name: 'шаги.xlsx', data }, { locale: 'ru' });
    const doc = docOf(result);
    expect(doc.stages.map((s) => s.title)).toEqual(['Медкомиссия', 'Заявление']);
    expect(doc.steps.map((s) => [s.title, s.stageId, s.inPerson, s.waitMinutes, s.costRub, s.description, s.emotion, s.leadTimeDays ?? null])).toEqual([
      ['Пройти терапевта', 'stage-1', true, 45, 1500.5, '2024-01-15', -1, 0.5],
      ['Пройти нарколога', 'stage-1', false, 90, 2200.5, '2024-01-15T09:30:00', 0, null],
      ['Подать заявление', 'stage-2', true, 30, 0, 'текст', -2, 3],
    ]);
    expect(doc.agencies.map((a) => a.name)).toEqual(['Поликлиника', 'Наркодиспансер', 'МФЦ']);
    expect(result.preview.headers).toEqual(['Этап', 'Шаг', 'Ведомство', 'Визит', 'Ожидание_мин', 'Стоимость_руб', 'Описание', 'Эмоция', 'Срок_дней']);
    expect(result.preview.rows[0]?.slice(0, 4)).toEqual(['Медкомиссия', 'Пройти терапевта', 'Поликлиника', 'true']);
  });

  it('reports problems at the row Excel shows, with a header below blank rows', async () => {
    const data = await xlsx([[], [], ['step', 'wait_min'], ['A', 5], ['B', 'много'], [], ['C', -5]]);
    const result = await run({ name: 'steps.xlsx', data });
    expect(where(result)).toEqual([
      ['steps.xlsx', 5, 'wait_min', '“много” is not a number.'],
      ['steps.xlsx', 7, 'wait_min', 'The number must not be negative (found -5).'],
    ]);
    expect(result.stats).toMatchObject({ rows: 3, imported: 1, skipped: 2, steps: 1 });
  });

  it('imports a pains workbook alongside a steps CSV', async () => {
    const pains = await xlsx([
      ['Шаг', 'Боль', 'Важность', 'Ведомства', 'Причина', 'Свидетельство'],
      ['exam', 'Очереди', 4, 'Поликлиника; МФЦ', 'Персонал', { richText: [{ text: 'Хронометраж' }] }],
    ]);
    const doc = docOf(await run({ name: 'steps-en.csv', data: fixture('steps-en.csv') }, { pains: { name: 'боли.xlsx', data: pains }, locale: 'ru' }));
    expect(doc.painPoints).toHaveLength(1);
    expect(doc.painPoints[0]).toMatchObject({ stepId: 'exam', severity: 4, cause: 'staff', title: 'Очереди' });
    // New agencies from the pains file join the registry after those of the steps.
    expect(doc.agencies.slice(4).map((a) => a.name)).toEqual(['Поликлиника', 'МФЦ']);
    expect(doc.painPoints[0]?.agencyIds).toEqual(['agency-5', 'agency-6']);
    expect(doc.evidence[0]).toMatchObject({ note: 'Хронометраж', source: 'боли.xlsx, строка 2' });
  });

  it('refuses a corrupt workbook, an old .xls and a CSV named .xlsx with one problem each', async () => {
    const corrupt = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    const a = await run({ name: 'broken.xlsx', data: corrupt });
    expect(a.doc).toBeNull();
    expect(a.fatal).toBe(true);
    expect(a.problems).toHaveLength(1);
    expect(a.problems[0]).toMatchObject({ file: 'broken.xlsx', row: 0 });
    expect(a.problems[0]?.message).toMatch(/^The file cannot be read as an Excel workbook \(\.xlsx\): /);

    const truncated = (await xlsx([['step'], ['A']])).slice(0, 300);
    const b = await run({ name: 'cut.xlsx', data: truncated });
    expect(b.problems).toHaveLength(1);
    expect(b.problems[0]?.message).toMatch(/Excel workbook/);

    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    const c = await run({ name: 'old.xls', data: xls });
    expect(where(c)).toEqual([['old.xls', 0, null, 'Old Excel workbooks (.xls) cannot be imported; save the file as .xlsx or CSV.']]);

    const d = await run({ name: 'csv.xlsx', data: enc('step\nA\n') });
    expect(d.problems[0]?.message).toMatch(/Excel workbook/);
  });

  it('refuses a workbook that says it unpacks to more than the limit, before unpacking it', async () => {
    const data = await xlsx([['step'], ['A']]);
    const declared = zipUnpackedSize(data);
    expect(declared).toBeGreaterThan(0);
    expect(declared).toBeLessThan(IMPORT_LIMITS.unpackedBytes);
    // Rewrite the first central-directory entry's uncompressed size to 3 GB.
    const bomb = data.slice();
    const view = new DataView(bomb.buffer);
    let entry = -1;
    for (let i = bomb.length - 22; i >= 0; i--) {
      if (view.getUint32(i, true) === 0x06054b50) {
        entry = view.getUint32(i + 16, true);
        break;
      }
    }
    view.setUint32(entry + 24, 3_000_000_000, true);
    const result = await run({ name: 'bomb.xlsx', data: bomb });
    expect(where(result)).toEqual([['bomb.xlsx', 0, null, expect.stringMatching(/^The workbook is too large when unpacked \(2\.8 GB|^The workbook is too large when unpacked \(\d/)]]);
    expect(zipUnpackedSize(enc('not a zip'))).toBeNull();
  });

  it('reports a workbook with no data rows', async () => {
    const result = await run({ name: 'steps.xlsx', data: await xlsx([['step', 'agency']]) });
    expect(where(result)).toEqual([['steps.xlsx', 0, null, 'The file has a header row but no data rows.']]);
  });
});

describe('bad rows', () => {
  const steps = [
    'id,step,channel,visit,wait_min,cost_rub,emotion,next',
    'a,Good one,mfc,yes,5,,1,b',
    'b,,portal,,,,,c', // 3: no title
    'c,Bad number,,,abc,,,d', // 4
    'd,Negative,,,,-100,,e', // 5
    'e,Bad visit,,maybe,,,,f', // 6
    'f,Bad emotion,,,,,3,g', // 7
    'g,Bad channel,telegraph,,,,,h', // 8
    'h,Unknown next,,,,,,zzz', // 9
    'a,Duplicate id,,,,,,', // 10
    'i,Good two,phone,no,,,,', // 11
  ].join('\n');
  const pains = [
    'step,pain,severity,cause',
    'a,Fine,2,process', // 2
    'a,Too severe,7,', // 3
    'a,Odd cause,,weather', // 4
    'nowhere,Lost,,', // 5
    'c,On a bad step,,', // 6
    ',,,', // 7: blank, ignored
    'i,,,', // 8: no pain title
  ].join('\n');
  const input = (extra: Partial<ImportInput> = {}) =>
    run({ name: 'steps.csv', data: enc(steps) }, { pains: { name: 'pains.csv', data: enc(pains) }, ...extra });

  it('are each reported with the row and column, and nothing is imported', async () => {
    const result = await input();
    expect(result.doc).toBeNull();
    expect(result.fatal).toBe(false);
    expect(where(result)).toEqual([
      ['steps.csv', 3, 'step', 'A value is required here.'],
      ['steps.csv', 4, 'wait_min', '“abc” is not a number.'],
      ['steps.csv', 5, 'cost_rub', 'The number must not be negative (found -100).'],
      ['steps.csv', 6, 'visit', '“maybe” is not yes or no (use yes/no, да/нет, true/false or 1/0).'],
      ['steps.csv', 7, 'emotion', '“3” is not an emotion score: use a whole number from −2 to 2.'],
      [
        'steps.csv',
        8,
        'channel',
        '“telegraph” is not a channel; use one of: agency-office, mfc, medical, portal, phone, post, other.',
      ],
      ['steps.csv', 9, 'next', 'There is no step with the id “zzz”.'],
      ['steps.csv', 10, 'id', 'The id “a” is already used in row 2.'],
      ['pains.csv', 3, 'severity', '“7” is not a severity: use a whole number from 1 to 5.'],
      ['pains.csv', 4, 'cause', '“weather” is not a cause; use one of: regulation, process, it-system, staff, premises, information.'],
      ['pains.csv', 5, 'step', 'There is no step “nowhere” in the steps file (give its id or its title).'],
      ['pains.csv', 6, 'step', 'The step “c” is in row 4 of the steps file, which has problems.'],
      ['pains.csv', 8, 'pain', 'A value is required here.'],
    ]);
    expect(result.stats).toMatchObject({ rows: 16, imported: 3, skipped: 13, steps: 2, painPoints: 1 });
  });

  it('are left out with skipBadRows, with the flows to them, and the rest is imported', async () => {
    const result = await input({ skipBadRows: true });
    expect(result.problems).toHaveLength(13);
    expect(result.fatal).toBe(false);
    const doc = result.doc as JourneyMap;
    expect(doc).not.toBeNull();
    expect(restoreDocument(serializeDocument(doc)).ok).toBe(true);
    expect(doc.steps.map((s) => [s.id, s.title])).toEqual([
      ['a', 'Good one'],
      ['i', 'Good two'],
    ]);
    expect(doc.flows).toEqual([]); // a → b went with b; i has no next
    expect(doc.painPoints.map((p) => [p.title, p.stepId])).toEqual([['Fine', 'a']]);
    expect(result.stats).toMatchObject({ rows: 16, imported: 3, skipped: 13, steps: 2, flows: 0, painPoints: 1 });
  });

  it('speak Russian', async () => {
    const result = await input({ locale: 'ru' });
    expect(result.problems[0]?.message).toBe('Здесь нужно указать значение.');
    expect(result.problems[1]?.message).toBe('«abc» — не число.');
    expect(result.problems[5]?.message).toBe('«telegraph» — не канал; допустимые значения: ведомство, МФЦ, поликлиника, Госуслуги, телефон, почта, иное.');
  });

  it('include text over the length limits', async () => {
    const long = 'я'.repeat(301);
    const result = await run(`step,agency,needs\n${long},${long},ok;${long}\n`);
    expect(where(result)).toEqual([
      ['steps.csv', 2, 'step', 'The text is too long (301 characters; the limit is 300).'],
      ['steps.csv', 2, 'agency', 'The text is too long (301 characters; the limit is 300).'],
      ['steps.csv', 2, 'needs', 'The text is too long (301 characters; the limit is 300).'],
    ]);
  });

  it('name the column as the file writes it', async () => {
    const result = await run('Шаг;Ожидание, мин\nА;много\n');
    expect(where(result)).toEqual([['steps.csv', 2, 'Ожидание, мин', '“много” is not a number.']]);
  });

  it('make no map when every row is bad, even with skipBadRows', async () => {
    const result = await run('step,wait_min\nA,x\n', { skipBadRows: true });
    expect(result.doc).toBeNull();
    expect(result.fatal).toBe(true);
    expect(where(result)).toEqual([
      ['steps.csv', 2, 'wait_min', '“x” is not a number.'],
      ['steps.csv', 0, null, 'No row could be imported.'],
    ]);
  });
});

describe('whole-file problems', () => {
  it('an empty file, a blank one and one with only a header', async () => {
    for (const [data, message] of [
      [new Uint8Array(0), 'The file is empty.'],
      [enc(' \n\n  \n'), 'The file is empty.'],
      [enc('step,agency\n'), 'The file has a header row but no data rows.'],
      [enc('step,agency\n,\n\n'), 'The file has a header row but no data rows.'],
    ] as const) {
      const result = await run({ name: 'x.csv', data }, { skipBadRows: true });
      expect(result.doc).toBeNull();
      expect(result.fatal).toBe(true);
      expect(where(result)).toEqual([['x.csv', 0, null, message]]);
    }
  });

  it('a missing required column, and two columns that mean the same', async () => {
    const missing = await run('stage,agency\nA,B\n', { skipBadRows: true });
    expect(where(missing)).toEqual([['steps.csv', 1, 'step', 'The required column “step” is missing (in Russian: “шаг”).']]);
    expect(missing.fatal).toBe(true);
    expect(missing.preview).toEqual({ headers: ['stage', 'agency'], rows: [['A', 'B']] });
    const ru = await run('stage,agency\nA,B\n', { locale: 'ru' });
    expect(ru.problems[0]?.message).toBe('Нет обязательного столбца «шаг» (или «step»).');
    const twice = await run('step,Шаг\nA,B\n');
    expect(where(twice)).toEqual([['steps.csv', 1, 'Шаг', 'The columns “step” and “Шаг” mean the same thing; keep one of them.']]);
    const pains = await run('step\nA\n', { pains: { name: 'p.csv', data: enc('step,severity\nA,2\n') } });
    expect(where(pains)).toEqual([['p.csv', 1, 'pain', 'The required column “pain” is missing (in Russian: “боль”).']]);
    expect(pains.doc).toBeNull();
    expect(pains.stats.steps).toBe(1); // the steps still make a preview
  });

  it('a file over 20 MB and one over 50,000 rows', async () => {
    const big = await run({ name: 'big.csv', data: new Uint8Array(IMPORT_LIMITS.bytes + 1) });
    expect(where(big)).toEqual([['big.csv', 0, null, 'The file is too large (20.0 MB; the limit is 20.0 MB).']]);
    const many = await run(`step\n${'x\n'.repeat(50_001)}`);
    expect(where(many)).toEqual([['steps.csv', 0, null, 'The file has 50001 rows; the limit is 50000.']]);
    const manyXlsx = await run({ name: 'many.xlsx', data: await xlsx([['step'], ...Array.from({ length: 50_001 }, () => ['x'])]) });
    expect(where(manyXlsx)).toEqual([['many.xlsx', 0, null, 'The file has 50001 rows; the limit is 50000.']]);
  }, 60_000);

  it('more steps than a map holds', async () => {
    const result = await run(`step\n${'x\n'.repeat(10_001)}`);
    expect(result.doc).toBeNull();
    expect(where(result)).toEqual([['steps.csv', 0, null, 'Too many steps (10001); a map holds at most 10000.']]);
  });

  it('never throws: random bytes, binary junk, a hostile header', async () => {
    const random = new Uint8Array(4096);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) % 251;
    for (const data of [random, new Uint8Array([0, 0, 0, 0]), enc('"'), enc('__proto__,constructor\n1,2\n')]) {
      const result = await run({ name: 'junk.bin', data });
      expect(result.doc).toBeNull();
      expect(result.problems.length).toBeGreaterThan(0);
    }
  });
});

describe('ids, flows and registry details', () => {
  it('sanitises user ids and keeps every id in the map unique', async () => {
    const text = ['id,step,next', 'шаг 1,A,a b', 'a b,B,a-b', 'a-b,C,stage-1', 'stage-1,D,', ',E,'].join('\n');
    const doc = docOf(await run(text));
    expect(doc.steps.map((s) => s.id)).toEqual(['shag-1', 'a-b', 'a-b-2', 'stage-1', 'step-1']);
    expect(doc.stages[0]?.id).toBe('stage-2'); // stage-1 is a step's
    expect(doc.flows.map((f) => [f.from, f.to])).toEqual([
      ['shag-1', 'a-b'],
      ['a-b', 'a-b-2'],
      ['a-b-2', 'stage-1'],
    ]);
  });

  it('with a next column, a blank next ends a path; a step may point to itself', async () => {
    const text = ['id,step,next', 'a,A,b;c', 'b,B,', 'c,C,c;a', 'd,D,'].join('\n');
    const doc = docOf(await run(text));
    expect(doc.flows.map((f) => [f.from, f.to, f.kind])).toEqual([
      ['a', 'b', 'sequence'],
      ['a', 'c', 'sequence'],
      ['c', 'c', 'rework'],
      ['c', 'a', 'rework'],
    ]);
  });

  it('matches next ids ignoring case, and a blank next column means sequential flows', async () => {
    const doc = docOf(await run(['id,step,next', 'Alpha,A,BETA', 'beta,B,'].join('\n')));
    expect(doc.flows.map((f) => [f.from, f.to])).toEqual([['Alpha', 'beta']]);
    const sequential = docOf(await run(['id,step,next', 'a,A,', 'b,B,', 'c,C,'].join('\n')));
    expect(sequential.flows.map((f) => [f.from, f.to])).toEqual([
      ['a', 'b'],
      ['b', 'c'],
    ]);
  });

  it('merges names that differ only in case and spaces, and puts pains in the pains lane when there is one', async () => {
    const steps = ['stage,lane,step,agency', 'A,Гражданин,S1,МФЦ', 'a,гражданин,S2,мфц ; Госуслуги', 'B,Боли,S3,'].join('\n');
    const pains = ['step,pain', 'S2,P', ',Q'].join('\n');
    const doc = docOf(await run(steps, { pains: { name: 'p.csv', data: enc(pains) } }));
    expect(doc.stages.map((s) => s.title)).toEqual(['A', 'B']);
    expect(doc.lanes.map((l) => [l.title, l.kind])).toEqual([
      ['Гражданин', 'citizen'],
      ['Боли', 'pains'],
    ]);
    expect(doc.agencies.map((a) => a.name)).toEqual(['МФЦ', 'Госуслуги']);
    expect(doc.steps[1]?.agencyIds).toEqual(['agency-1', 'agency-2']);
    expect(doc.painPoints[0]).toMatchObject({ stepId: doc.steps[1]?.id, cell: { laneId: 'lane-2', stageId: 'stage-1' }, agencyIds: ['agency-1', 'agency-2'] });
    expect(doc.painPoints[1]?.cell).toBeUndefined();
  });

  it('gives each agency a distinct colour, also past the palette', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `Ведомство номер ${i + 1}`);
    const doc = docOf(await run(`step,agency\n${names.map((n, i) => `S${i},${n}`).join('\n')}\n`));
    const colours = doc.agencies.map((a) => a.color);
    expect(new Set(colours).size).toBe(30);
    for (const c of colours) expect(c).toMatch(/^#[0-9a-f]{6}$/);
    expect(agencyColor(0)).toBe(colours[0]);
    expect(agencyColor(40)).toBe(agencyColor(40)); // stable
  });
});

describe('helpers', () => {
  it('parseNumber reads Russian and English number formats', () => {
    const cases: [string, number][] = [
      ['1500', 1500],
      ['1 500,50', 1500.5],
      ['1\u00a0500,5', 1500.5],
      ['1\u202f500', 1500],
      ['1,5', 1.5],
      ['1.5', 1.5],
      ['1,500.25', 1500.25],
      ['1.500,25', 1500.25],
      ['1.500.000', 1500000],
      ['1,500,000', 1500000],
      ['−3', -3],
      ['+2', 2],
      [',5', 0.5],
      ["1'000", 1000],
    ];
    for (const [text, value] of cases) expect(parseNumber(text), text).toBe(value);
    for (const text of ['', 'abc', '1-2', '12 руб', '1e3', '--1', 'NaN', 'Infinity']) expect(parseNumber(text), text).toBeNaN();
  });

  it('yesNo knows the spellings of yes and no', () => {
    for (const t of ['yes', 'Y', 'TRUE', '1', 'да', 'Да', 'ИСТИНА', '+']) expect(yesNo(t), t).toBe(true);
    for (const f of ['no', 'N', 'false', '0', 'нет', 'НЕТ', 'ЛОЖЬ', '-']) expect(yesNo(f), f).toBe(false);
    for (const x of ['', 'maybe', '2', 'да нет']) expect(yesNo(x), x).toBeUndefined();
  });

  it('columnFor matches English names and Russian aliases in any case and punctuation', () => {
    expect(columnFor(' Wait Min ', STEP_COLUMNS)).toBe('wait_min');
    expect(columnFor('ОЖИДАНИЕ_МИН', STEP_COLUMNS)).toBe('wait_min');
    expect(columnFor('Срок (дней)', STEP_COLUMNS)).toBe('lead_days');
    expect(columnFor('Личный визит', STEP_COLUMNS)).toBe('visit');
    expect(columnFor('ид', STEP_COLUMNS)).toBe('id');
    expect(columnFor('Далее', STEP_COLUMNS)).toBe('next');
    expect(columnFor('Серьёзность', PAIN_COLUMNS)).toBe('severity');
    expect(columnFor('серьезность', PAIN_COLUMNS)).toBe('severity');
    expect(columnFor('Доказательство', PAIN_COLUMNS)).toBe('evidence');
    expect(columnFor('Заметки', STEP_COLUMNS)).toBeUndefined();
    expect(columnFor('', STEP_COLUMNS)).toBeUndefined();
  });

  it('every column has a Russian alias first, and no alias names two columns', () => {
    for (const columns of [STEP_COLUMNS, PAIN_COLUMNS] as const) {
      const seen = new Map<string, string>();
      for (const column of columns) {
        expect(column.aliases[0], column.key).toMatch(/[а-яё]/);
        for (const name of [column.key, ...column.aliases]) {
          const key = name.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}]+/gu, '');
          expect(seen.get(key) ?? column.key, name).toBe(column.key);
          seen.set(key, column.key);
        }
      }
    }
  });

  it('guessLaneKind and guessAgencyKind read the words of a name', () => {
    const lanes: [string, string][] = [
      ['Действия гражданина', 'citizen'],
      ['Citizen', 'citizen'],
      ['Точки контакта', 'touchpoint'],
      ['Frontstage', 'frontstage'],
      ['Фронт-офис', 'frontstage'],
      ['Бэк-офис', 'backstage'],
      ['Внутренние процессы ведомств', 'backstage'],
      ['Документы', 'documents'],
      ['Боли гражданина', 'pains'],
      ['Pain points', 'pains'],
      ['Эмоции', 'emotions'],
      ['Мысли', 'thoughts'],
      ['Возможности', 'opportunities'],
      ['Поддерживающие процессы', 'support'],
      ['Больница', 'custom'],
      ['Прочее', 'custom'],
    ];
    for (const [title, kind] of lanes) expect(guessLaneKind(title), title).toBe(kind);
    expect(guessAgencyKind('Многофункциональный центр предоставления государственных и муниципальных услуг')).toBe('mfc');
    expect(guessAgencyKind('Госавтоинспекция МВД')).toBe('federal');
    expect(guessAgencyKind('Администрация города')).toBe('municipal');
    expect(guessAgencyKind('Что-то ещё')).toBe('other');
  });

  it('abbreviate keeps short names, uses acronyms, initials, and never exceeds 12 characters', () => {
    expect(abbreviate('МФЦ')).toBe('МФЦ');
    expect(abbreviate('Госавтоинспекция')).toBe('Госавтоинсп…');
    expect(abbreviate('МВД России — Госавтоинспекция')).toBe('МВД');
    expect(abbreviate('Многофункциональный центр предоставления государственных и муниципальных услуг')).toBe('МЦПГМУ');
    expect(abbreviate('Наркологический диспансер')).toBe('НД');
    for (const name of ['Очень-очень-длинное-одно-слово-без-пробелов', 'A B C D E F G H I J K L M N O P', 'ААА БББ ВВВ ГГГ ДДД ЕЕЕ']) {
      expect([...abbreviate(name)].length, name).toBeLessThanOrEqual(12);
    }
  });

  it('sanitizeId transliterates and keeps only the id characters', () => {
    expect(sanitizeId('шаг 1')).toBe('shag-1');
    expect(sanitizeId('Шаг№2')).toBe('Shag-2');
    expect(sanitizeId('  a.b:c_d  ')).toBe('a.b:c_d');
    expect(sanitizeId('!!!')).toBe('');
    expect(sanitizeId('x'.repeat(100))).toHaveLength(64);
  });

  it('detectFormat, detectDelimiter, decodeText and cellText', () => {
    expect(detectFormat('a.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toBe('xlsx');
    expect(detectFormat('a.xlsx', enc('x'))).toBe('xlsx');
    expect(detectFormat('a.txt', enc('x'))).toBe('csv');
    const known = (h: string) => columnFor(h, STEP_COLUMNS) !== undefined;
    expect(detectDelimiter('шаг;стоимость, руб\nА;1,5', known)).toBe(';');
    expect(detectDelimiter('step,agency\n', known)).toBe(',');
    expect(detectDelimiter('step\tagency\n', known)).toBe('\t');
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toBe('A');
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x1f, 0x04]))).toBe('П');
    expect(decodeText(new Uint8Array([0xcf, 0xf0, 0xe8]))).toBe('При');
    expect(cellText({ error: '#DIV/0!' })).toBe('#DIV/0!');
    expect(cellText({ formula: 'A1', result: { error: '#N/A' } })).toBe('#N/A');
    expect(cellText({ formula: 'A1' })).toBe('');
    expect(cellText(Number.NaN)).toBe('');
  });
});
