/**
 * Spreadsheet import: a table of steps (and optionally one of pain points), as CSV or XLSX bytes,
 * becomes a journey map — or a list of problems, each with the file, the row as Excel numbers it,
 * the column and what is wrong. Pure: no fs, no DOM; the command line and the app's File menu
 * read the files and call `importSpreadsheets`.
 *
 * Steps: one row per step. Stages, lanes, agencies and documents are created in the order they
 * first appear. A blank `stage` repeats the stage above (as in a sheet with merged stage cells);
 * a blank `lane` puts the step in a "citizen actions" lane. Flows: when the `next` column has any
 * value, flows come from it alone (`;`-separated ids; a blank `next` ends a path); otherwise each
 * imported row flows to the next one. A flow between steps of different agencies is a handoff,
 * one back to the same or an earlier row is a rework loop, the rest are sequences.
 *
 * Every row with a problem is a bad row. Without `skipBadRows` a bad row means no document; with
 * it, bad rows are left out (and flows to them dropped) and the rest is imported. Problems with a
 * whole file (unreadable, too large, a required column missing) always mean no document.
 */
import { translate, type Locale } from '../i18n';
import { restoreValue } from '../model/restore';
import { CURRENT_VERSION, FORMAT, LIMITS } from '../model/schema';
import type { Agency, DocumentKind, Evidence, Flow, JourneyMap, Lane, PainPoint, Stage, Step } from '../model/types';
import { differentAgencies } from '../model/metrics';
import {
  abbreviate,
  agencyColor,
  CAUSE_WORDS,
  CHANNEL_WORDS,
  columnFor,
  guessAgencyKind,
  guessLaneKind,
  PAIN_COLUMNS,
  parseNumber,
  sanitizeId,
  STEP_COLUMNS,
  wordKey,
  yesNo,
  type ColumnDef,
  type PainColumn,
  type StepColumn,
} from './columns';
import { readSpreadsheet, type ImportProblem, type Table, type TableRow } from './read';

export type { ImportProblem, Table, TableRow } from './read';
export { IMPORT_LIMITS, decodeText, detectDelimiter, detectFormat, cellText, zipInflatedSize, zipUnpackedSize } from './read';
export {
  STEP_COLUMNS,
  PAIN_COLUMNS,
  AGENCY_PALETTE,
  abbreviate,
  agencyColor,
  columnFor,
  guessAgencyKind,
  guessLaneKind,
  parseNumber,
  sanitizeId,
  yesNo,
  type ColumnDef,
  type StepColumn,
  type PainColumn,
} from './columns';

export interface ImportFile {
  /** File name (a path is fine: the extension and, for the title, the base name are used). */
  name: string;
  data: Uint8Array;
}

export interface ImportInput {
  steps: ImportFile;
  pains?: ImportFile;
  /** Map title; by default the steps file's name without its extension. */
  title?: string;
  /** Language of the messages and of the default names (the citizen lane, the first stage). */
  locale: Locale;
  /** Import the good rows when some rows are bad (the bad ones are still reported). */
  skipBadRows?: boolean;
  /** Clock for the map's created/modified stamps. */
  now?: Date;
}

export interface ImportStats {
  /** Data rows read (not blank), in both files. */
  rows: number;
  /** Rows without problems: imported, or would be with skipBadRows. */
  imported: number;
  /** Rows with problems. */
  skipped: number;
  stages: number;
  lanes: number;
  agencies: number;
  documents: number;
  steps: number;
  flows: number;
  painPoints: number;
}

export interface ImportResult {
  /** The map; null when there are problems and skipBadRows is off, or the problems concern a whole file. */
  doc: JourneyMap | null;
  problems: ImportProblem[];
  /**
   * The problems concern a whole file (unreadable, too large, a required column missing…), so
   * skipBadRows cannot help.
   */
  fatal: boolean;
  /** Counts of the map the good rows make (also when `doc` is null, for a preview). */
  stats: ImportStats;
  /** The steps file's header and first rows, as read, for a preview. */
  preview: { headers: string[]; rows: string[][] };
}

/** Rows shown in a preview. */
export const PREVIEW_ROWS = 100;

const split = (text: string) => {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(';')) {
    const value = part.replace(/\s+/g, ' ').trim();
    const key = wordKey(value);
    if (value !== '' && !seen.has(key)) {
      seen.add(key);
      out.push(value);
    }
  }
  return out;
};

/** A name for look-ups: case, `ё`, and runs of spaces do not matter. */
const nameKey = (text: string) => text.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();

const baseName = (name: string) => name.split(/[\\/]/).pop() ?? name;
const withoutExtension = (name: string) => baseName(name).replace(/\.[^.]+$/, '');

/** Access to one row's cells by column, and its problems. */
class RowReader<K extends string> {
  readonly problems: ImportProblem[] = [];
  constructor(
    private readonly file: string,
    readonly row: TableRow,
    private readonly columns: Map<K, number>,
    private readonly headers: string[],
    readonly locale: Locale,
  ) {}

  has(key: K): boolean {
    return this.columns.has(key);
  }

  get(key: K): string {
    const index = this.columns.get(key);
    return index === undefined ? '' : (this.row.cells[index] ?? '').trim();
  }

  header(key: K): string {
    const index = this.columns.get(key);
    return (index === undefined ? undefined : this.headers[index]) ?? key;
  }

  fail(key: K, messageKey: string, params: Record<string, string | number> = {}): undefined {
    this.problems.push({
      file: this.file,
      row: this.row.row,
      column: this.header(key),
      message: translate(this.locale, `import.${messageKey}`, params),
    });
    return undefined;
  }

  /** A text cell within a length limit. */
  text(key: K, limit: number = LIMITS.shortText): string {
    const value = this.get(key);
    if ([...value].length > limit) this.fail(key, 'tooLong', { length: [...value].length, limit });
    return value;
  }

  /** A non-negative number, or undefined when blank. */
  number(key: K): number | undefined {
    const raw = this.get(key);
    if (raw === '') return undefined;
    const value = parseNumber(raw);
    if (Number.isNaN(value)) return this.fail(key, 'notNumber', { value: raw });
    if (value < 0) return this.fail(key, 'negative', { value: raw });
    if (value > 1_000_000_000) return this.fail(key, 'notNumber', { value: raw });
    return value;
  }

  /** A whole number in [min, max], or undefined when blank. */
  integer(key: K, min: number, max: number, messageKey: string): number | undefined {
    const raw = this.get(key);
    if (raw === '') return undefined;
    const value = parseNumber(raw);
    if (!Number.isInteger(value) || value < min || value > max) return this.fail(key, messageKey, { value: raw });
    return value;
  }

  /** `;`-separated names, each within the short-text limit. */
  list(key: K): string[] {
    const values = split(this.get(key));
    for (const value of values) {
      if ([...value].length > LIMITS.shortText) this.fail(key, 'tooLong', { length: [...value].length, limit: LIMITS.shortText });
    }
    return values;
  }
}

interface Columns<K extends string> {
  map: Map<K, number>;
  problems: ImportProblem[];
}

/** Which column is where; a missing required column or two headers for one column are problems. */
function locateColumns<K extends string>(file: string, table: Table, defs: readonly ColumnDef<K>[], locale: Locale): Columns<K> {
  const map = new Map<K, number>();
  const problems: ImportProblem[] = [];
  table.headers.forEach((header, index) => {
    const key = columnFor(header, defs);
    if (key === undefined) return;
    const previous = map.get(key);
    if (previous !== undefined) {
      problems.push({
        file,
        row: table.headerRow,
        column: header,
        message: translate(locale, 'import.duplicateColumn', { first: table.headers[previous] ?? key, second: header }),
      });
    } else map.set(key, index);
  });
  for (const def of defs) {
    if (def.required && !map.has(def.key)) {
      problems.push({
        file,
        row: table.headerRow,
        column: def.key,
        message: translate(locale, 'import.missingColumn', { english: def.key, russian: def.aliases[0] ?? def.key }),
      });
    }
  }
  return { map, problems };
}

interface StepRow {
  reader: RowReader<StepColumn>;
  rawId: string;
  stage: string;
  lane: string;
  title: string;
  description: string;
  agencies: string[];
  channel?: Step['channel'];
  inPerson?: boolean;
  waitMinutes?: number;
  serviceMinutes?: number;
  leadTimeDays?: number;
  costRub?: number;
  needs: string[];
  produces: string[];
  emotion?: number;
  next: string[];
  /** The step's id in the map (set for good rows). */
  id?: string;
}

function readStepRow(reader: RowReader<StepColumn>, previousStage: string): StepRow {
  const title = reader.text('step');
  if (title === '') reader.fail('step', 'required');
  const channelText = reader.get('channel');
  let channel: Step['channel'];
  if (channelText !== '') {
    channel = CHANNEL_WORDS.get(wordKey(channelText));
    if (!channel) reader.fail('channel', 'unknownChannel', { value: channelText, values: translate(reader.locale, 'import.channelValues') });
  }
  const visitText = reader.get('visit');
  let inPerson: boolean | undefined;
  if (visitText !== '') {
    inPerson = yesNo(visitText);
    if (inPerson === undefined) reader.fail('visit', 'notYesNo', { value: visitText });
  }
  const stage = reader.text('stage') || previousStage;
  return {
    reader,
    rawId: reader.get('id'),
    stage,
    lane: reader.text('lane'),
    title,
    description: reader.text('description', LIMITS.longText),
    agencies: reader.list('agency'),
    channel,
    inPerson,
    waitMinutes: reader.number('wait_min'),
    serviceMinutes: reader.number('service_min'),
    leadTimeDays: reader.number('lead_days'),
    costRub: reader.number('cost_rub'),
    needs: reader.list('needs'),
    produces: reader.list('produces'),
    emotion: reader.integer('emotion', -2, 2, 'badEmotion'),
    next: split(reader.get('next')),
  };
}

/** Ids unique across the whole map. */
class IdPool {
  private readonly used = new Set<string>();
  private readonly counters = new Map<string, number>();

  /** Takes `wanted`, or `wanted-2`, `wanted-3`… when it is taken. */
  claim(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.used.has(id); n++) id = `${wanted.slice(0, 60)}-${n}`;
    this.used.add(id);
    return id;
  }

  /** The next free `prefix-N`. */
  next(prefix: string): string {
    let n = this.counters.get(prefix) ?? 0;
    let id: string;
    do id = `${prefix}-${++n}`;
    while (this.used.has(id));
    this.counters.set(prefix, n);
    this.used.add(id);
    return id;
  }
}

const emptyStats = (rows: number): ImportStats => ({
  rows,
  imported: 0,
  skipped: 0,
  stages: 0,
  lanes: 0,
  agencies: 0,
  documents: 0,
  steps: 0,
  flows: 0,
  painPoints: 0,
});

/** Builds a journey map from spreadsheets of steps and pain points. Never throws for bad input. */
export async function importSpreadsheets(input: ImportInput): Promise<ImportResult> {
  const { locale } = input;
  try {
    return await importUnsafe(input);
  } catch (error) {
    const detail = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    return {
      doc: null,
      problems: [{ file: input.steps.name, row: 0, message: translate(locale, 'import.failed', { detail }) }],
      fatal: true,
      stats: emptyStats(0),
      preview: { headers: [], rows: [] },
    };
  }
}

async function importUnsafe(input: ImportInput): Promise<ImportResult> {
  const { locale } = input;
  const t = (key: string, params: Record<string, string | number> = {}) => translate(locale, `import.${key}`, params);
  const stepsFile = input.steps.name;
  const painsFile = input.pains?.name ?? '';
  const isStepHeader = (h: string) => columnFor(h, STEP_COLUMNS) !== undefined;
  const isPainHeader = (h: string) => columnFor(h, PAIN_COLUMNS) !== undefined;

  const stepsRead = await readSpreadsheet(stepsFile, input.steps.data, locale, isStepHeader);
  const painsRead = input.pains ? await readSpreadsheet(painsFile, input.pains.data, locale, isPainHeader) : null;

  const preview = {
    headers: stepsRead.table?.headers ?? [],
    rows: (stepsRead.table?.rows ?? []).slice(0, PREVIEW_ROWS).map((r) => r.cells.slice()),
  };
  const problems: ImportProblem[] = [];
  /** Problems that no skipping can get round. */
  let fatal = false;
  const fileProblems = (list: ImportProblem[]) => {
    problems.push(...list);
    // A quote problem is a bad row; everything else read.ts reports is about the whole file.
    if (list.some((p) => p.row === 0)) fatal = true;
  };
  fileProblems(stepsRead.problems);
  if (painsRead) fileProblems(painsRead.problems);
  const badRows = (file: string) => new Set(problems.filter((p) => p.file === file && p.row > 0).map((p) => p.row));

  const totalRows = (stepsRead.table?.rows.length ?? 0) + (painsRead?.table?.rows.length ?? 0);
  const stepTable = stepsRead.table;
  if (!stepTable || stepTable.rows.length === 0) return { doc: null, problems, fatal: true, stats: emptyStats(totalRows), preview };

  const stepColumns = locateColumns(stepsFile, stepTable, STEP_COLUMNS, locale);
  problems.push(...stepColumns.problems);
  if (stepColumns.problems.length > 0) return { doc: null, problems, fatal: true, stats: emptyStats(totalRows), preview };
  let painTable = painsRead?.table && painsRead.table.rows.length > 0 ? painsRead.table : null;
  const painColumns = painTable ? locateColumns(painsFile, painTable, PAIN_COLUMNS, locale) : null;
  if (painColumns && painColumns.problems.length > 0) {
    problems.push(...painColumns.problems);
    fatal = true;
    painTable = null; // the steps still make a preview
  }

  // ---------------------------------------------------------------------- steps: read each row
  const quoteBad = badRows(stepsFile);
  let previousStage = '';
  const stepRows: StepRow[] = stepTable.rows.map((row) => {
    const reader = new RowReader<StepColumn>(stepsFile, row, stepColumns.map, stepTable.headers, locale);
    const parsed = readStepRow(reader, previousStage);
    previousStage = parsed.stage;
    return parsed;
  });

  // Ids: the user's, unique in the file; `next` must name one of them.
  const byRawId = new Map<string, StepRow>();
  const byRawIdLower = new Map<string, StepRow>();
  for (const step of stepRows) {
    if (step.rawId === '') continue;
    const first = byRawId.get(step.rawId);
    if (first) step.reader.fail('id', 'duplicateId', { value: step.rawId, row: first.reader.row.row });
    else {
      byRawId.set(step.rawId, step);
      if (!byRawIdLower.has(nameKey(step.rawId))) byRawIdLower.set(nameKey(step.rawId), step);
    }
  }
  const findById = (ref: string) => byRawId.get(ref) ?? byRawIdLower.get(nameKey(ref));
  const useNext = stepRows.some((s) => s.next.length > 0);
  for (const step of stepRows) {
    for (const ref of step.next) if (!findById(ref)) step.reader.fail('next', 'unknownNext', { value: ref });
  }
  const isGood = (step: StepRow) => step.reader.problems.length === 0 && !quoteBad.has(step.reader.row.row);
  for (const step of stepRows) problems.push(...step.reader.problems);
  const goodSteps = stepRows.filter(isGood);

  // ------------------------------------------------------------------ the registry, in order
  const ids = new IdPool();
  for (const step of goodSteps) {
    const wanted = sanitizeId(step.rawId);
    if (wanted !== '') step.id = ids.claim(wanted);
  }
  const stages: Stage[] = [];
  const stageByName = new Map<string, Stage>();
  const lanes: Lane[] = [];
  const laneByName = new Map<string, Lane>();
  const agencies: Agency[] = [];
  const agencyByName = new Map<string, Agency>();
  const documents: DocumentKind[] = [];
  const documentByName = new Map<string, DocumentKind>();

  const stageFor = (name: string): Stage => {
    const title = name === '' ? t('defaultStage') : name;
    const key = nameKey(title);
    let stage = stageByName.get(key);
    if (!stage) {
      stage = { id: ids.next('stage'), title, description: '', guidance: [] };
      stages.push(stage);
      stageByName.set(key, stage);
    }
    return stage;
  };
  const laneFor = (name: string): Lane => {
    // No lane named: the citizen's own lane, whatever it is called.
    if (name === '') {
      const citizen = lanes.find((l) => l.kind === 'citizen');
      if (citizen) return citizen;
    }
    const title = name === '' ? translate(locale, 'laneKind.citizen') : name;
    const key = nameKey(title);
    let lane = laneByName.get(key);
    if (!lane) {
      lane = { id: ids.next('lane'), title, kind: name === '' ? 'citizen' : guessLaneKind(title) };
      lanes.push(lane);
      laneByName.set(key, lane);
    }
    return lane;
  };
  const agencyFor = (name: string): Agency => {
    const key = nameKey(name);
    let agency = agencyByName.get(key);
    if (!agency) {
      agency = {
        id: ids.next('agency'),
        name,
        shortName: abbreviate(name),
        kind: guessAgencyKind(name),
        color: agencyColor(agencies.length),
      };
      agencies.push(agency);
      agencyByName.set(key, agency);
    }
    return agency;
  };
  const documentFor = (name: string): DocumentKind => {
    const key = nameKey(name);
    let doc = documentByName.get(key);
    if (!doc) {
      doc = { id: ids.next('doc'), name };
      documents.push(doc);
      documentByName.set(key, doc);
    }
    return doc;
  };

  const steps: Step[] = [];
  /** Excel row of each step, for problems the schema finds. */
  const stepRowNumbers: number[] = [];
  for (const row of goodSteps) {
    const stage = stageFor(row.stage);
    const lane = laneFor(row.lane);
    const agencyIds = row.agencies.map((name) => agencyFor(name).id);
    const documentsIn = row.needs.map((name) => documentFor(name).id);
    const documentsOut = row.produces.map((name) => {
      const doc = documentFor(name);
      if (doc.issuerAgencyId === undefined && agencyIds[0] !== undefined) doc.issuerAgencyId = agencyIds[0];
      return doc.id;
    });
    row.id ??= ids.next('step');
    const step: Step = {
      id: row.id,
      laneId: lane.id,
      stageId: stage.id,
      title: row.title,
      description: row.description,
      agencyIds,
      documentsIn,
      documentsOut,
      regulationIds: [],
      evidenceIds: [],
      guidance: [],
    };
    if (row.channel !== undefined) step.channel = row.channel;
    if (row.inPerson !== undefined) step.inPerson = row.inPerson;
    if (row.waitMinutes !== undefined) step.waitMinutes = row.waitMinutes;
    if (row.serviceMinutes !== undefined) step.serviceMinutes = row.serviceMinutes;
    if (row.leadTimeDays !== undefined) step.leadTimeDays = row.leadTimeDays;
    if (row.costRub !== undefined) step.costRub = row.costRub;
    if (row.emotion !== undefined) step.emotion = row.emotion;
    steps.push(step);
    stepRowNumbers.push(row.reader.row.row);
  }

  // -------------------------------------------------------------------------------- flows
  const stepById = new Map(steps.map((s) => [s.id, s]));
  const order = new Map(goodSteps.map((row, i) => [row, i]));
  const flows: Flow[] = [];
  const flowRowNumbers: number[] = [];
  const joined = new Set<string>();
  const addFlow = (from: StepRow, to: StepRow) => {
    const a = stepById.get(from.id as string);
    const b = stepById.get(to.id as string);
    if (!a || !b) return;
    const key = `${a.id}\u0000${b.id}`;
    if (joined.has(key)) return;
    joined.add(key);
    const kind: Flow['kind'] =
      (order.get(to) ?? 0) <= (order.get(from) ?? 0) ? 'rework' : differentAgencies(a, b) ? 'handoff' : 'sequence';
    flows.push({ id: ids.next('flow'), from: a.id, to: b.id, kind, label: '' });
    flowRowNumbers.push(from.reader.row.row);
  };
  if (useNext) {
    for (const row of goodSteps) {
      for (const ref of row.next) {
        const target = findById(ref);
        // A flow to a bad row that was left out goes with it.
        if (target && isGood(target)) addFlow(row, target);
      }
    }
  } else {
    for (let i = 0; i + 1 < goodSteps.length; i++) addFlow(goodSteps[i] as StepRow, goodSteps[i + 1] as StepRow);
  }

  // -------------------------------------------------------------------------- pain points
  const painPoints: PainPoint[] = [];
  const painRowNumbers: number[] = [];
  const evidence: Evidence[] = [];
  let painRowsGood = 0;
  let painRowsBad = 0;
  if (painTable && painColumns) {
    const painQuoteBad = badRows(painsFile);
    const byTitle = new Map<string, StepRow>();
    const byTitleLower = new Map<string, StepRow>();
    const byMapId = new Map<string, StepRow>();
    // Good rows first, so that a title shared with a bad row finds the good one.
    for (const row of [...goodSteps, ...stepRows.filter((r) => !isGood(r))]) {
      if (!byTitle.has(row.title)) byTitle.set(row.title, row);
      if (!byTitleLower.has(nameKey(row.title))) byTitleLower.set(nameKey(row.title), row);
      if (row.id !== undefined) byMapId.set(row.id, row);
    }
    const painsLane = lanes.find((l) => l.kind === 'pains');
    for (const row of painTable.rows) {
      const reader = new RowReader<PainColumn>(painsFile, row, painColumns.map, painTable.headers, locale);
      const title = reader.text('pain');
      if (title === '') reader.fail('pain', 'required');
      const description = reader.text('description', LIMITS.longText);
      const severity = reader.integer('severity', 1, 5, 'badSeverity') ?? 3;
      const causeText = reader.get('cause');
      let cause: PainPoint['cause'];
      if (causeText !== '') {
        cause = CAUSE_WORDS.get(wordKey(causeText));
        if (!cause) reader.fail('cause', 'unknownCause', { value: causeText, values: t('causeValues') });
      }
      const agencyNames = reader.list('agencies');
      const evidenceText = reader.text('evidence', LIMITS.longText);
      const stepRef = reader.get('step');
      let target: StepRow | undefined;
      if (stepRef !== '') {
        target = findById(stepRef) ?? byMapId.get(stepRef) ?? byTitle.get(stepRef) ?? byTitleLower.get(nameKey(stepRef));
        if (!target) reader.fail('step', 'unknownStep', { value: stepRef });
        else if (!isGood(target)) reader.fail('step', 'skippedStep', { value: stepRef, row: target.reader.row.row });
      }
      problems.push(...reader.problems);
      if (reader.problems.length > 0 || painQuoteBad.has(row.row)) {
        painRowsBad++;
        continue;
      }
      painRowsGood++;
      const step = target ? stepById.get(target.id as string) : undefined;
      const pain: PainPoint = {
        id: ids.next('pain'),
        title,
        description,
        severity,
        category: '',
        agencyIds: agencyNames.length > 0 ? agencyNames.map((name) => agencyFor(name).id) : [...(step?.agencyIds ?? [])],
        status: 'open',
        evidenceIds: [],
        opportunityIds: [],
        regulationIds: [],
        votes: 0,
        guidance: [],
        votesByAgency: {},
      };
      if (step) {
        pain.stepId = step.id;
        if (painsLane) pain.cell = { laneId: painsLane.id, stageId: step.stageId };
      }
      if (cause) pain.cause = cause;
      if (evidenceText !== '') {
        const item: Evidence = {
          id: ids.next('evidence'),
          kind: 'document',
          source: [...t('evidenceSource', { file: baseName(painsFile), row: row.row })].slice(0, LIMITS.shortText).join(''),
          date: '',
          note: evidenceText,
          personalData: false,
          confidence: 'medium',
        };
        evidence.push(item);
        pain.evidenceIds.push(item.id);
      }
      painPoints.push(pain);
      painRowNumbers.push(row.row);
    }
  }

  // Every problem in file, row and column order (quote problems were found while reading).
  const headersOf = (file: string) => (file === stepsFile ? stepTable.headers : (painTable?.headers ?? []));
  const columnIndex = (p: ImportProblem) => (p.column === undefined ? -1 : headersOf(p.file).indexOf(p.column));
  const fileIndex = (p: ImportProblem) => (p.file === stepsFile ? 0 : 1);
  problems.sort((a, b) => fileIndex(a) - fileIndex(b) || a.row - b.row || columnIndex(a) - columnIndex(b));

  const stepRowsBad = stepRows.length - goodSteps.length;
  const stats: ImportStats = {
    rows: totalRows,
    imported: goodSteps.length + painRowsGood,
    skipped: stepRowsBad + painRowsBad,
    stages: stages.length,
    lanes: lanes.length,
    agencies: agencies.length,
    documents: documents.length,
    steps: steps.length,
    flows: flows.length,
    painPoints: painPoints.length,
  };

  // A map holds at most LIMITS.listItems of each kind.
  const counts: [string, number][] = [
    ['steps', steps.length],
    ['flows', flows.length],
    ['painPoints', painPoints.length],
    ['agencies', agencies.length],
    ['documents', documents.length],
    ['stages', stages.length],
    ['lanes', lanes.length],
    ['evidence', evidence.length],
  ];
  for (const [what, count] of counts) {
    if (count > LIMITS.listItems) {
      problems.push({ file: stepsFile, row: 0, message: t('tooManyItems', { what: t(`what.${what}`), count, limit: LIMITS.listItems }) });
      fatal = true;
    }
  }
  if (steps.length === 0) {
    // Skipping cannot help; say so when it was asked for (otherwise the row problems say it all).
    if (input.skipBadRows && !fatal) problems.push({ file: stepsFile, row: 0, message: t('nothingImported') });
    fatal = true;
  }
  if (fatal || (problems.length > 0 && !input.skipBadRows)) return { doc: null, problems, fatal, stats, preview };

  const now = (input.now ?? new Date()).toISOString();
  const title = [...(input.title?.trim() || withoutExtension(stepsFile).trim() || translate(locale, 'defaults.mapTitle'))]
    .slice(0, LIMITS.shortText)
    .join('');
  const files = [stepsFile, ...(input.pains ? [painsFile] : [])].map(baseName).join(', ');
  const draft: JourneyMap = {
    format: FORMAT,
    version: CURRENT_VERSION,
    meta: {
      title,
      service: '',
      description: [...t('description', { files })].slice(0, LIMITS.longText).join(''),
      variant: 'as-is',
      authors: [],
      language: locale,
      created: now,
      modified: now,
      guidance: [],
    },
    personas: [{ id: ids.next('persona'), name: translate(locale, 'defaults.persona'), description: '', goals: [] }],
    agencies,
    stages,
    lanes,
    steps,
    flows,
    painPoints,
    opportunities: [],
    evidence,
    regulations: [],
    documents,
    threads: [],
    votingRounds: [],
    baselines: [],
  };

  // The schema has the last word; whatever it finds is a problem, placed on its row where possible.
  const checked = restoreValue(draft, locale);
  if (!checked.ok) {
    for (const problem of checked.problems) {
      const match = /^(steps|flows|painPoints)\[(\d+)\]/.exec(problem.path);
      const index = Number(match?.[2]);
      const rowOf =
        match?.[1] === 'steps' ? stepRowNumbers[index] : match?.[1] === 'flows' ? flowRowNumbers[index] : painRowNumbers[index];
      const file = match?.[1] === 'painPoints' ? painsFile : stepsFile;
      problems.push({
        file,
        row: rowOf ?? 0,
        message: t('invalid', { detail: problem.path ? `${problem.path}: ${problem.message}` : problem.message }),
      });
    }
    return { doc: null, problems, fatal: true, stats, preview };
  }
  return { doc: checked.doc, problems, fatal: false, stats, preview };
}
