/**
 * Table exports of a journey map: CSV (steps or pain points, in exactly the columns and value
 * formats the spreadsheet importer reads, so export → import round-trips) and an XLSX workbook
 * (steps, pain points, opportunities, evidence, metrics, health findings) with typed cells,
 * bold frozen headers and filters. Pure functions of the document; exceljs is loaded on demand
 * (`import('exceljs')`) so that a bundle that never writes a workbook does not carry it.
 *
 * Every text cell goes through `neutralizeFormula` (formula injection); numbers stay numbers.
 */
import Papa from 'papaparse';
import type { GuidanceCatalog } from '../guidance/catalog';
import { runHealthCheck } from '../health';
import { translate, type Locale, type Params } from '../i18n';
import type { PainColumn, StepColumn } from '../import/columns';
import { computeScorecard, NUMERIC_METRICS } from '../model/metrics';
import { LIMITS } from '../model/schema';
import type { JourneyMap, PainPoint, Step } from '../model/types';
import { neutralizeFormula } from './safe';
import { commentRows, commentTime } from './comments';

// ------------------------------------------------------------------------------------ shared

/** Look-ups by id over one document, built once per export. */
export class DocIndex {
  readonly agencyName = new Map<string, string>();
  readonly stageIndex = new Map<string, number>();
  readonly laneIndex = new Map<string, number>();
  readonly stageTitle = new Map<string, string>();
  readonly laneTitle = new Map<string, string>();
  readonly documentName = new Map<string, string>();
  readonly regulationTitle = new Map<string, string>();
  readonly step = new Map<string, Step>();
  readonly pain = new Map<string, PainPoint>();
  readonly opportunityTitle = new Map<string, string>();
  readonly evidence = new Map<string, JourneyMap['evidence'][number]>();

  constructor(readonly doc: JourneyMap) {
    for (const a of doc.agencies) this.agencyName.set(a.id, a.name);
    doc.stages.forEach((s, i) => {
      this.stageIndex.set(s.id, i);
      this.stageTitle.set(s.id, s.title);
    });
    doc.lanes.forEach((l, i) => {
      this.laneIndex.set(l.id, i);
      this.laneTitle.set(l.id, l.title);
    });
    for (const d of doc.documents) this.documentName.set(d.id, d.name);
    for (const r of doc.regulations) this.regulationTitle.set(r.id, r.title);
    for (const s of doc.steps) this.step.set(s.id, s);
    for (const p of doc.painPoints) this.pain.set(p.id, p);
    for (const o of doc.opportunities) this.opportunityTitle.set(o.id, o.title);
    for (const e of doc.evidence) this.evidence.set(e.id, e);
  }

  names(map: Map<string, string>, ids: readonly string[]): string[] {
    return ids.map((id) => map.get(id) ?? id);
  }

  /** Steps in reading order: by stage, then lane, then their order in the document (cell order). */
  orderedSteps(): Step[] {
    const position = new Map(this.doc.steps.map((s, i) => [s.id, i]));
    return [...this.doc.steps].sort(
      (a, b) =>
        (this.stageIndex.get(a.stageId) ?? 0) - (this.stageIndex.get(b.stageId) ?? 0) ||
        (this.laneIndex.get(a.laneId) ?? 0) - (this.laneIndex.get(b.laneId) ?? 0) ||
        (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0),
    );
  }

  /** The stage of a pain point: its step's, else its cell's. */
  painStageId(pain: PainPoint): string | undefined {
    return (pain.stepId ? this.step.get(pain.stepId)?.stageId : undefined) ?? pain.cell?.stageId;
  }

  /** A short text for an evidence item: its source and note. */
  evidenceText(id: string): string {
    const e = this.evidence.get(id);
    if (!e) return id;
    return [e.source, e.note].map((s) => s.trim()).filter(Boolean).join(' — ') || e.kind;
  }
}

// --------------------------------------------------------------------------------------- CSV

export type CsvKind = 'steps' | 'pains';

export interface CsvOptions {
  kind: CsvKind;
  locale: Locale;
  /** `,` (default) or `;` (what a Russian Excel expects; numbers then get a decimal comma). */
  delimiter?: ',' | ';';
}

/** Columns of the steps CSV: the importer's own English names. */
export const CSV_STEP_COLUMNS = [
  'stage',
  'lane',
  'step',
  'agency',
  'channel',
  'visit',
  'wait_min',
  'service_min',
  'lead_days',
  'cost_rub',
  'needs',
  'produces',
  'emotion',
  'id',
  'next',
  'description',
] as const satisfies readonly StepColumn[];

/** Columns of the pain-points CSV: the importer's own English names. */
export const CSV_PAIN_COLUMNS = ['step', 'pain', 'severity', 'agencies', 'cause', 'evidence', 'description'] as const satisfies readonly PainColumn[];

/**
 * A number as the importer's `parseNumber` reads it: plain decimal notation (never `1e-7`), with
 * a decimal comma when the delimiter is `;`.
 */
export function csvNumber(value: number | undefined, decimalComma: boolean): string {
  if (value === undefined || !Number.isFinite(value)) return '';
  let text = String(value);
  if (/e/i.test(text)) text = value.toFixed(12).replace(/\.?0+$/, '');
  return decimalComma ? text.replace('.', ',') : text;
}

/**
 * A `;`-separated list cell. A `;` inside a name would split it on import, so it becomes `,`;
 * runs of white space become one space (the importer does the same).
 */
export const listCell = (names: readonly string[]): string =>
  names
    .map((n) => n.replace(/;/g, ',').replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('; ');

const BOM = '\ufeff';

/**
 * The steps or the pain points of a map as CSV text: UTF-8 with a BOM (so that Excel reads
 * Cyrillic right), CRLF line ends, RFC 4180 quoting, a header of the importer's column names.
 * Channel and cause are written as the app's values, visit as yes/no (да/нет in Russian), lists
 * with `;`, `next` as the ids of the steps each step flows to. Steps come in reading order (by
 * stage, then lane), so the importer creates stages in the map's order.
 */
export function exportCsv(doc: JourneyMap, options: CsvOptions): string {
  const delimiter = options.delimiter ?? ',';
  const decimalComma = delimiter === ';';
  const t = (key: string) => translate(options.locale, `exportTables.${key}`);
  const index = new DocIndex(doc);
  const text = (value: string) => neutralizeFormula(value);
  const num = (value: number | undefined) => csvNumber(value, decimalComma);
  let fields: readonly string[];
  let data: string[][];
  if (options.kind === 'steps') {
    fields = CSV_STEP_COLUMNS;
    const next = new Map<string, string[]>();
    for (const flow of doc.flows) {
      const list = next.get(flow.from) ?? [];
      if (!list.includes(flow.to)) list.push(flow.to);
      next.set(flow.from, list);
    }
    data = index.orderedSteps().map((s) => [
      text(index.stageTitle.get(s.stageId) ?? ''),
      text(index.laneTitle.get(s.laneId) ?? ''),
      text(s.title),
      text(listCell(index.names(index.agencyName, s.agencyIds))),
      s.channel ?? '',
      s.inPerson === undefined ? '' : s.inPerson ? t('yes') : t('no'),
      num(s.waitMinutes),
      num(s.serviceMinutes),
      num(s.leadTimeDays),
      num(s.costRub),
      text(listCell(index.names(index.documentName, s.documentsIn))),
      text(listCell(index.names(index.documentName, s.documentsOut))),
      s.emotion === undefined ? '' : String(s.emotion),
      s.id,
      (next.get(s.id) ?? []).join(';'),
      text(s.description),
    ]);
  } else {
    fields = CSV_PAIN_COLUMNS;
    data = doc.painPoints.map((p) => [
      p.stepId ?? '',
      text(p.title),
      String(p.severity),
      text(listCell(index.names(index.agencyName, p.agencyIds))),
      p.cause ?? '',
      // one text, as the importer makes one evidence item of it (within its length limit)
      text([...p.evidenceIds.map((id) => index.evidenceText(id)).join('; ')].slice(0, LIMITS.longText - 1).join('')),
      text(p.description),
    ]);
  }
  const body = Papa.unparse({ fields: [...fields], data }, { delimiter, newline: '\r\n', quotes: false, header: true });
  return `${BOM}${body}\r\n`;
}

// -------------------------------------------------------------------------------------- XLSX

export interface XlsxOptions {
  locale: Locale;
  /** The guidance catalogs the app has (for the health findings' section titles and links). */
  catalogs: readonly GuidanceCatalog[];
  /** Add the health-check sheet (default true). */
  health?: boolean;
  /** Add a sheet of the comment threads (left out by default). */
  comments?: boolean;
}

type Cell = string | number | null;

interface SheetSpec {
  /** Key under exportTables.sheets. */
  name: string;
  /** Keys under exportTables.columns. */
  columns: string[];
  rows: Cell[][];
}

type ExcelModule = typeof import('exceljs');

/** exceljs, loaded on first use; a CommonJS module, so its exports may sit on `default`. */
async function loadExcel(): Promise<ExcelModule> {
  const mod = (await import('exceljs')) as ExcelModule & { default?: ExcelModule };
  return mod.Workbook ? mod : (mod.default as ExcelModule);
}

/** Excel's limits on a sheet name: 31 characters, none of `[]:*?/\`. */
const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);

/** The sheets of the workbook, as plain rows (exported for tests and other formats). */
export function workbookSheets(doc: JourneyMap, options: XlsxOptions): SheetSpec[] {
  const { locale } = options;
  const tr = (key: string, params: Params = {}) => translate(locale, key, params);
  const index = new DocIndex(doc);
  const yesNo = (value: boolean | undefined) => (value === undefined ? null : tr(value ? 'exportTables.yes' : 'exportTables.no'));
  const join = (names: string[]) => names.join('; ');
  const opt = (value: number | undefined) => (value === undefined ? null : value);

  const steps: SheetSpec = {
    name: 'steps',
    columns: ['stage', 'lane', 'title', 'agencies', 'channel', 'visit', 'wait', 'service', 'leadDays', 'cost', 'needs', 'produces', 'emotion', 'regulations', 'description', 'id'],
    rows: index.orderedSteps().map((s) => [
      index.stageTitle.get(s.stageId) ?? '',
      index.laneTitle.get(s.laneId) ?? '',
      s.title,
      join(index.names(index.agencyName, s.agencyIds)),
      s.channel ? tr(`channel.${s.channel}`) : null,
      yesNo(s.inPerson),
      opt(s.waitMinutes),
      opt(s.serviceMinutes),
      opt(s.leadTimeDays),
      opt(s.costRub),
      join(index.names(index.documentName, s.documentsIn)),
      join(index.names(index.documentName, s.documentsOut)),
      opt(s.emotion),
      join(index.names(index.regulationTitle, s.regulationIds)),
      s.description,
      s.id,
    ]),
  };

  const pains: SheetSpec = {
    name: 'painPoints',
    columns: ['title', 'step', 'stage', 'severity', 'agencies', 'cause', 'owner', 'status', 'evidence', 'opportunities', 'votes', 'description', 'id'],
    rows: doc.painPoints.map((p) => {
      const stageId = index.painStageId(p);
      return [
        p.title,
        p.stepId ? (index.step.get(p.stepId)?.title ?? p.stepId) : '',
        stageId ? (index.stageTitle.get(stageId) ?? '') : '',
        p.severity,
        join(index.names(index.agencyName, p.agencyIds)),
        p.cause ? tr(`cause.${p.cause}`) : null,
        p.ownerAgencyId ? (index.agencyName.get(p.ownerAgencyId) ?? '') : '',
        tr(`painStatus.${p.status}`),
        join(p.evidenceIds.map((id) => index.evidenceText(id))),
        join(index.names(index.opportunityTitle, p.opportunityIds)),
        p.votes,
        p.description,
        p.id,
      ];
    }),
  };

  const painTitle = new Map(doc.painPoints.map((p) => [p.id, p.title]));
  const opportunities: SheetSpec = {
    name: 'opportunities',
    columns: ['title', 'painPoints', 'owner', 'effort', 'impact', 'status', 'description', 'id'],
    rows: doc.opportunities.map((o) => [
      o.title,
      join(index.names(painTitle, o.painPointIds)),
      o.ownerAgencyId ? (index.agencyName.get(o.ownerAgencyId) ?? '') : '',
      opt(o.effort),
      opt(o.impact),
      tr(`opportunityStatus.${o.status}`),
      o.description,
      o.id,
    ]),
  };

  const evidence: SheetSpec = {
    name: 'evidence',
    columns: ['kind', 'source', 'date', 'note', 'personalData', 'confidence', 'id'],
    rows: doc.evidence.map((e) => [
      tr(`evidenceKind.${e.kind}`),
      e.source,
      e.date,
      e.note,
      yesNo(e.personalData),
      tr(`confidence.${e.confidence}`),
      e.id,
    ]),
  };

  const card = computeScorecard(doc);
  const metricRows: Cell[][] = NUMERIC_METRICS.map((key) => [tr(`metrics.${key}`), null, card[key]]);
  for (const severity of ['5', '4', '3', '2', '1'] as const) {
    metricRows.push([tr('metrics.painPointsBySeverity'), severity, card.painPointsBySeverity[severity]]);
  }
  for (const [agency, count] of Object.entries(card.painPointsByAgency).sort((a, b) => b[1] - a[1])) {
    metricRows.push([tr('metrics.painPointsByAgency'), agency, count]);
  }
  const metrics: SheetSpec = { name: 'metrics', columns: ['metric', 'breakdown', 'value'], rows: metricRows };

  const sheets = [steps, pains, opportunities, evidence, metrics];
  if (options.health !== false) {
    const findings = runHealthCheck(doc, { locale, catalogs: options.catalogs });
    sheets.push({
      name: 'health',
      columns: ['severity', 'rule', 'finding', 'guidance'],
      rows: findings.map((f) => [
        tr(`healthPanel.severity.${f.severity}`),
        tr(`health.rules.${f.rule}`),
        f.message,
        f.guidance.map((g) => [g.title ?? `${g.catalog} ${g.section}`, g.url].filter(Boolean).join(' ')).join('; '),
      ]),
    });
  }
  if (options.comments) {
    sheets.push({
      name: 'comments',
      columns: ['about', 'author', 'agencies', 'time', 'comment', 'status'],
      rows: commentRows(doc, locale).map((r) => [
        r.element,
        r.author,
        r.agency,
        commentTime(r.at, locale),
        r.text,
        tr(`exportComments.${r.resolved ? 'resolved' : 'open'}`) + (r.reply ? ` (${tr('exportComments.reply')})` : ''),
      ]),
    });
  }
  return sheets;
}

/** Columns whose text is long: capped wider and wrapped. */
const LONG_COLUMNS = new Set(['description', 'note', 'finding', 'evidence', 'guidance', 'comment', 'about']);

/**
 * The map as an Excel workbook: one sheet each for steps, pain points, opportunities, evidence,
 * metrics (every scorecard metric; by severity and by agency as rows) and the health findings,
 * with translated names and headers, typed cells (numbers are numbers), a bold frozen header row
 * with a filter, and column widths fitted to the content.
 */
export async function exportXlsx(doc: JourneyMap, options: XlsxOptions): Promise<Uint8Array> {
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  workbook.creator = 'Marshrut';
  const stamp = new Date(doc.meta.modified ?? doc.meta.created ?? '');
  if (!Number.isNaN(stamp.getTime())) {
    workbook.created = stamp;
    workbook.modified = stamp;
  }
  workbook.title = doc.meta.title;
  const tr = (key: string) => translate(options.locale, `exportTables.${key}`);
  const used = new Set<string>();
  for (const spec of workbookSheets(doc, options)) {
    let name = sheetName(tr(`sheets.${spec.name}`));
    for (let n = 2; used.has(name.toLowerCase()); n++) name = sheetName(`${tr(`sheets.${spec.name}`).slice(0, 27)} ${n}`);
    used.add(name.toLowerCase());
    const headers = spec.columns.map((c) => tr(`columns.${c}`));
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
    sheet.addRow(headers.map(neutralizeFormula));
    const widths = headers.map((h) => [...h].length);
    for (const row of spec.rows) {
      const values = row.map((v) => (typeof v === 'string' ? neutralizeFormula(v) : v));
      sheet.addRow(values);
      values.forEach((v, i) => {
        const length = v === null ? 0 : typeof v === 'number' ? String(v).length : Math.max(...v.split('\n').map((line) => [...line].length));
        if (length > (widths[i] ?? 0)) widths[i] = length;
      });
    }
    spec.columns.forEach((key, i) => {
      const column = sheet.getColumn(i + 1);
      const long = LONG_COLUMNS.has(key);
      column.width = Math.min(long ? 80 : 50, Math.max(8, (widths[i] ?? 0) + 2));
      if (long) column.alignment = { wrapText: true, vertical: 'top' };
    });
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.alignment = { vertical: 'top', wrapText: true };
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  }
  const buffer = (await workbook.xlsx.writeBuffer()) as unknown as ArrayBuffer | Uint8Array;
  return buffer instanceof Uint8Array ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : new Uint8Array(buffer);
}
