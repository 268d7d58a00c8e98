import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvNumber, exportCsv, exportXlsx, listCell } from '../../../shared/export/tables';
import { looksLikeFormula, neutralizeFormula, safeCell } from '../../../shared/export/safe';
import { importSpreadsheets } from '../../../shared/import';
import { computeScorecard, NUMERIC_METRICS, restoreValue, type JourneyMap, type JourneyMapInput } from '../../../shared/model';
import { translate } from '../../../shared/i18n';
import { loadTemplate, TEMPLATE_IDS } from '../../../templates';
import { BUILT_IN_CATALOGS } from '../../../templates/guidance';

const NOW = new Date('2025-01-01T00:00:00Z');
const templates = TEMPLATE_IDS.map((id) => [id, loadTemplate(id, 'ru', NOW)] as const);
const enc = (text: string) => new TextEncoder().encode(text);
const HOSTILE = '=HYPERLINK("http://x")';

/** A deterministic map of `n` steps: 10 stages × 4 lanes, 8 agencies, pains, opportunities, evidence. */
function bigMap(n = 1000): JourneyMap {
  const agencies = Array.from({ length: 8 }, (_, i) => ({ id: `ag-${i}`, name: `Ведомство №${i}`, shortName: `В${i}`, kind: 'other' as const, color: '#123456' }));
  const stages = Array.from({ length: 10 }, (_, i) => ({ id: `st-${i}`, title: `Этап ${i + 1}`, description: '', guidance: [] }));
  const lanes = ['Гражданин', 'Точки контакта', 'Фронт-офис', 'Бэк-офис'].map((title, i) => ({ id: `ln-${i}`, title, kind: 'custom' as const }));
  const documents = Array.from({ length: 20 }, (_, i) => ({ id: `doc-${i}`, name: `Документ ${i}` }));
  const evidence = Array.from({ length: 30 }, (_, i) => ({
    id: `ev-${i}`,
    kind: 'interview' as const,
    source: `Интервью ${i}`,
    date: '2024-05-01',
    note: `Цитата ${i}; «так и было»`,
    personalData: i % 7 === 0,
    confidence: 'medium' as const,
  }));
  const steps = Array.from({ length: n }, (_, i) => ({
    id: `s-${i}`,
    laneId: `ln-${i % 4}`,
    stageId: `st-${Math.floor((i * 10) / n)}`,
    title: i === 3 ? HOSTILE : `Шаг ${i}: подать, заявление; "копия"`,
    description: i % 50 === 0 ? 'строка 1\nстрока 2' : '',
    agencyIds: [`ag-${i % 8}`, ...(i % 5 === 0 ? [`ag-${(i + 3) % 8}`] : [])],
    channel: (['mfc', 'portal', 'agency-office', 'medical'] as const)[i % 4],
    inPerson: i % 3 === 0,
    waitMinutes: (i * 7) % 60,
    serviceMinutes: (i * 3) % 25,
    leadTimeDays: i % 10 === 0 ? 1.5 : 0,
    costRub: i % 25 === 0 ? 1500.5 : 0,
    documentsIn: i % 4 === 1 ? [`doc-${i % 20}`] : [],
    documentsOut: i % 4 === 0 ? [`doc-${(i + 1) % 20}`] : [],
    regulationIds: [],
    emotion: (i % 5) - 2,
    evidenceIds: [],
    guidance: i % 100 === 0 ? [{ catalog: 'ranepa-cx', section: '7.1' }] : [],
  }));
  const flows = steps.slice(1).map((s, i) => ({ id: `f-${i}`, from: `s-${i}`, to: s.id, kind: 'sequence' as const, label: '' }));
  const painPoints = Array.from({ length: 300 }, (_, i) => ({
    id: `p-${i}`,
    stepId: `s-${(i * 3) % n}`,
    title: i === 0 ? '-минус в начале' : `Боль ${i}`,
    description: '',
    severity: (i % 5) + 1,
    category: '',
    agencyIds: [`ag-${i % 8}`, ...(i % 4 === 0 ? [`ag-${(i + 1) % 8}`] : [])],
    cause: (['regulation', 'process', 'it-system', 'staff', 'premises', 'information'] as const)[i % 6],
    ownerAgencyId: `ag-${i % 8}`,
    status: 'open' as const,
    evidenceIds: [`ev-${i % 30}`],
    opportunityIds: i % 6 === 0 ? [`o-${(i / 6) % 50}`] : [],
    regulationIds: [],
    votes: i % 9,
    guidance: [],
  }));
  const opportunities = Array.from({ length: 50 }, (_, i) => ({
    id: `o-${i}`,
    title: `Возможность ${i}`,
    description: '',
    effort: (i % 3) + 1,
    impact: ((i + 1) % 3) + 1,
    painPointIds: [`p-${i * 6}`],
    status: 'idea' as const,
    guidance: [],
  }));
  const draft: JourneyMapInput = {
    format: 'marshrut/journey-map',
    version: 2,
    meta: {
      title: 'Большая карта',
      service: 'Тест',
      description: '',
      variant: 'as-is',
      authors: [],
      language: 'ru',
      created: NOW.toISOString(),
      modified: NOW.toISOString(),
      guidance: [],
    },
    personas: [{ id: 'persona', name: 'Гражданин', description: '', goals: [] }],
    agencies,
    stages,
    lanes,
    steps,
    flows,
    painPoints,
    opportunities,
    evidence,
    regulations: [],
    documents,
  };
  const checked = restoreValue(draft, 'en');
  if (!checked.ok) throw new Error(checked.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return checked.doc;
}
const big = bigMap();

/** Every cell of a sheet as [row, col, value]. */
function cells(sheet: ExcelJS.Worksheet): { row: number; col: number; value: ExcelJS.CellValue }[] {
  const out: { row: number; col: number; value: ExcelJS.CellValue }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, r) => row.eachCell({ includeEmpty: false }, (cell, c) => out.push({ row: r, col: c, value: cell.value })));
  return out;
}

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as Parameters<typeof wb.xlsx.load>[0]);
  return wb;
}

describe('neutralizeFormula', () => {
  it('prefixes text that a spreadsheet would take for a formula', () => {
    for (const s of ['=1+1', '+7 999', '-2+3', '@SUM(A1)', '\tx', '\rx', HOSTILE]) {
      expect(neutralizeFormula(s)).toBe(`'${s}`);
      expect(looksLikeFormula(s)).toBe(true);
    }
    for (const s of ['', 'МФЦ', ' =x', "'=x", '1+1', 'a=b']) expect(neutralizeFormula(s)).toBe(s);
  });
  it('leaves numbers as numbers', () => {
    expect(safeCell(-2)).toBe(-2);
    expect(safeCell('-2')).toBe("'-2");
    expect(safeCell(null)).toBe(null);
  });
});

describe('exportCsv', () => {
  it('writes a BOM, CRLF and the importer’s English headers', () => {
    const doc = templates[0]![1];
    const steps = exportCsv(doc, { kind: 'steps', locale: 'ru' });
    expect(steps.startsWith('\ufeffstage,lane,step,agency,channel,visit,wait_min,service_min,lead_days,cost_rub,needs,produces,emotion,id,next,description\r\n')).toBe(true);
    expect(steps.endsWith('\r\n')).toBe(true);
    expect(steps.replace(/\r\n/g, '')).not.toMatch(/(^|[^"])\n/); // every LF is inside a quoted value or part of CRLF
    const pains = exportCsv(doc, { kind: 'pains', locale: 'en', delimiter: ';' });
    expect(pains.startsWith('\ufeffstep;pain;severity;agencies;cause;evidence;description\r\n')).toBe(true);
  });

  it('quotes ; , " and line breaks (RFC 4180) and neutralises formulas', () => {
    const doc = structuredClone(big);
    doc.steps[0]!.title = 'a;b, "c"\nd';
    doc.steps[1]!.title = '+7 (999) 000-00-00';
    for (const delimiter of [',', ';'] as const) {
      const csv = exportCsv(doc, { kind: 'steps', locale: 'ru', delimiter });
      expect(csv).toContain('"a;b, ""c""\nd"');
      expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
      expect(csv).toContain("'+7 (999) 000-00-00");
      const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter, skipEmptyLines: true });
      expect(parsed.errors).toEqual([]);
      const header = parsed.data[0]!;
      const rows = parsed.data.slice(1);
      expect(rows).toHaveLength(1000);
      const titles = rows.map((r) => r[header.indexOf('step')]);
      expect(titles).toContain('a;b, "c"\nd');
      expect(titles).toContain(`'${HOSTILE}`);
      // numbers are not neutralised: a negative emotion stays a number
      expect(rows.map((r) => r[header.indexOf('emotion')])).toContain('-2');
      // decimals: a point with `,`, a comma with `;`
      expect(rows.map((r) => r[header.indexOf('cost_rub')])).toContain(delimiter === ',' ? '1500.5' : '1500,5');
    }
    const pains = exportCsv(doc, { kind: 'pains', locale: 'ru' });
    expect(pains).toContain("'-минус в начале");
  });

  it('formats numbers and lists as the importer reads them', () => {
    expect(csvNumber(1e-7, false)).toBe('0.0000001');
    expect(csvNumber(1500.5, true)).toBe('1500,5');
    expect(csvNumber(undefined, false)).toBe('');
    expect(listCell(['МВД; ГИБДД', '  Поликлиника   №3 '])).toBe('МВД, ГИБДД; Поликлиника №3');
  });

  const roundTrip = async (doc: JourneyMap, delimiter: ',' | ';') => {
    const steps = exportCsv(doc, { kind: 'steps', locale: 'ru', delimiter });
    const pains = exportCsv(doc, { kind: 'pains', locale: 'ru', delimiter });
    return importSpreadsheets({
      steps: { name: 'steps.csv', data: enc(steps) },
      pains: { name: 'pains.csv', data: enc(pains) },
      locale: 'ru',
      now: NOW,
    });
  };

  /** What a round trip must keep, by names and ids (the importer makes its own ids for the rest). */
  const essence = (doc: JourneyMap) => {
    const agency = new Map(doc.agencies.map((a) => [a.id, a.name]));
    const document = new Map(doc.documents.map((d) => [d.id, d.name]));
    const stage = new Map(doc.stages.map((s) => [s.id, s.title]));
    const lane = new Map(doc.lanes.map((l) => [l.id, l.title]));
    const used = (ids: Set<string>, list: { id: string; title: string }[]) => list.filter((x) => ids.has(x.id)).map((x) => x.title);
    const steps = [...doc.steps]
      .map((s) => ({
        id: s.id,
        stage: stage.get(s.stageId),
        lane: lane.get(s.laneId),
        title: s.title,
        agencies: s.agencyIds.map((id) => agency.get(id)),
        channel: s.channel,
        inPerson: s.inPerson,
        waitMinutes: s.waitMinutes,
        serviceMinutes: s.serviceMinutes,
        leadTimeDays: s.leadTimeDays,
        costRub: s.costRub,
        needs: s.documentsIn.map((id) => document.get(id)),
        produces: s.documentsOut.map((id) => document.get(id)),
        emotion: s.emotion,
        description: s.description,
      }))
      .sort((a, b) => a.id.localeCompare(b.id));
    return {
      stages: used(new Set(doc.steps.map((s) => s.stageId)), doc.stages),
      lanes: new Set(used(new Set(doc.steps.map((s) => s.laneId)), doc.lanes)),
      steps,
      flows: [...new Set(doc.flows.map((f) => `${f.from} → ${f.to}`))].sort(),
      pains: doc.painPoints.map((p) => ({
        step: p.stepId,
        title: p.title,
        severity: p.severity,
        // an empty agency list imports as the step's agencies
        agencies: (p.agencyIds.length > 0 ? p.agencyIds : (doc.steps.find((s) => s.id === p.stepId)?.agencyIds ?? [])).map((id) => agency.get(id)),
        cause: p.cause,
        description: p.description,
      })),
    };
  };

  it.each(templates.filter(([, doc]) => doc.steps.length > 0))('round-trips %s through the importer', async (_id, doc) => {
    for (const delimiter of [',', ';'] as const) {
      const result = await roundTrip(doc, delimiter);
      expect(result.problems).toEqual([]);
      expect(result.doc).not.toBeNull();
      const back = result.doc as JourneyMap;
      expect(essence(back)).toEqual(essence(doc));
      // the scorecard survives too (pain points with agencies of their own and flows included)
      const a = computeScorecard(doc);
      const b = computeScorecard(back);
      for (const key of ['steps', 'visits', 'costRub', 'citizenMinutes', 'leadDays', 'painPoints', 'agencies'] as const) expect(b[key], key).toBe(a[key]);
    }
  });

  it('exports only a header for a map without steps', () => {
    const blank = templates.find(([, doc]) => doc.steps.length === 0);
    if (!blank) return;
    const csv = exportCsv(blank[1], { kind: 'steps', locale: 'en' });
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(1);
  });

  it('round-trips the 1000-step map (except the neutralised titles)', async () => {
    const result = await roundTrip(big, ',');
    expect(result.problems).toEqual([]);
    const back = result.doc as JourneyMap;
    expect(back.steps).toHaveLength(1000);
    expect(back.flows).toHaveLength(999);
    expect(back.painPoints).toHaveLength(300);
    expect(back.steps.find((s) => s.id === 's-3')?.title).toBe(`'${HOSTILE}`);
    expect(back.stages.map((s) => s.title)).toEqual(big.stages.map((s) => s.title));
    expect(computeScorecard(back).citizenMinutes).toBe(computeScorecard(big).citizenMinutes);
    expect(computeScorecard(back).costRub).toBe(computeScorecard(big).costRub);
  });
});

describe('exportXlsx', () => {
  const sheetNames = (locale: 'ru' | 'en') =>
    ['steps', 'painPoints', 'opportunities', 'evidence', 'metrics', 'health'].map((k) => translate(locale, `exportTables.sheets.${k}`));

  it('writes typed, filtered sheets with frozen bold headers (1000 steps)', async () => {
    const bytes = await exportXlsx(big, { locale: 'ru', catalogs: BUILT_IN_CATALOGS });
    expect(bytes).toBeInstanceOf(Uint8Array);
    const wb = await readBack(bytes);
    expect(wb.worksheets.map((s) => s.name)).toEqual(sheetNames('ru'));
    for (const sheet of wb.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.autoFilter).toBeTruthy();
      expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
      for (const { value } of cells(sheet)) {
        // no formulas anywhere, and no text that a spreadsheet would take for one
        expect(typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value)).toBe(false);
        if (typeof value === 'string') expect(looksLikeFormula(value), value).toBe(false);
      }
    }
    const steps = wb.getWorksheet(translate('ru', 'exportTables.sheets.steps'))!;
    const header = (steps.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['Этап', 'Дорожка', 'Название']);
    expect(steps.rowCount).toBe(1001);
    const col = (name: string) => header.indexOf(translate('ru', `exportTables.columns.${name}`)) + 1;
    const hostile = cells(steps).find((c) => typeof c.value === 'string' && c.value.includes('HYPERLINK'));
    expect(hostile?.value).toBe(`'${HOSTILE}`);
    const row2 = steps.getRow(2);
    expect(typeof row2.getCell(col('wait')).value).toBe('number');
    expect(typeof row2.getCell(col('cost')).value).toBe('number');
    expect(row2.getCell(col('emotion')).value).toBe(-2);
    expect(row2.getCell(col('visit')).value).toBe('да');
    expect(steps.getColumn(col('title')).width).toBeGreaterThan(8);

    const pains = wb.getWorksheet(translate('ru', 'exportTables.sheets.painPoints'))!;
    const painHeader = (pains.getRow(1).values as unknown[]).slice(1);
    expect(painHeader).toContain('Серьёзность (1–5)');
    const severities = cells(pains).filter((c) => c.row > 1 && c.col === painHeader.indexOf('Серьёзность (1–5)') + 1);
    expect(severities).toHaveLength(300);
    expect(severities.every((c) => typeof c.value === 'number')).toBe(true);
    expect(cells(pains).some((c) => c.value === "'-минус в начале")).toBe(true);
  }, 30_000);

  it('lists every scorecard metric with its label', async () => {
    for (const [id, doc] of templates) {
      const wb = await readBack(await exportXlsx(doc, { locale: 'en', catalogs: BUILT_IN_CATALOGS }));
      expect(wb.worksheets.map((s) => s.name), id).toEqual(sheetNames('en'));
      const metrics = wb.getWorksheet('Metrics')!;
      const rows = cells(metrics).filter((c) => c.row > 1);
      const value = (label: string) => rows.find((c) => c.col === 3 && metrics.getRow(c.row).getCell(1).value === label && !metrics.getRow(c.row).getCell(2).value)?.value;
      const card = computeScorecard(doc);
      for (const key of NUMERIC_METRICS) expect(value(translate('en', `metrics.${key}`)), `${id} ${key}`).toBe(card[key]);
      const bySeverity = rows.filter((c) => c.col === 1 && c.value === translate('en', 'metrics.painPointsBySeverity'));
      expect(bySeverity).toHaveLength(5);
      const byAgency = rows.filter((c) => c.col === 1 && c.value === translate('en', 'metrics.painPointsByAgency'));
      expect(byAgency).toHaveLength(Object.keys(card.painPointsByAgency).length);
      const steps = wb.getWorksheet('Steps')!;
      expect(steps.rowCount).toBe(doc.steps.length + 1);
      expect(steps.getRow(1).getCell(1).value).toBe('Stage');
    }
  });
});

describe('timings on the 1000-step map', () => {
  it('exports each table format quickly', async () => {
    const time = async (f: () => unknown) => {
      const start = performance.now();
      await f();
      return Math.round(performance.now() - start);
    };
    const timings = {
      csvSteps: await time(() => exportCsv(big, { kind: 'steps', locale: 'ru' })),
      csvPains: await time(() => exportCsv(big, { kind: 'pains', locale: 'ru' })),
      xlsx: await time(() => exportXlsx(big, { locale: 'ru', catalogs: BUILT_IN_CATALOGS })),
    };
    console.log('export timings, ms (1000 steps):', JSON.stringify(timings));
    expect(timings.xlsx).toBeLessThan(20_000);
  });
});
