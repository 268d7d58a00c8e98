/**
 * Bytes of a spreadsheet → a table of strings with the row numbers a user sees in Excel. CSV is
 * parsed with papaparse; XLSX with exceljs, loaded on demand (`import('exceljs')`) so that a
 * bundle that never reads a workbook does not carry it. Pure: no fs, no DOM.
 */
import Papa from 'papaparse';
import { formatBytes } from '../model/restore';
import { translate, type Locale } from '../i18n';

export interface ImportProblem {
  /** The file name as given to the import. */
  file: string;
  /** The row as Excel numbers it (the header is row 1); 0 for a problem with the whole file. */
  row: number;
  /** The column's header as written in the file (or the column's English name if it is missing). */
  column?: string;
  /** What is wrong, in the user's language. */
  message: string;
}

export interface TableRow {
  /** Row number as Excel shows it. */
  row: number;
  cells: string[];
}

export interface Table {
  headers: string[];
  /** Row number of the header row. */
  headerRow: number;
  /** Data rows that have at least one non-blank cell. */
  rows: TableRow[];
}

export interface ReadResult {
  table: Table | null;
  problems: ImportProblem[];
}

export const IMPORT_LIMITS = {
  /** Largest input file. */
  bytes: 20 * 1024 * 1024,
  /** Most data rows in one file. */
  rows: 50_000,
  /** Largest total of a workbook's unpacked parts (a zip bomb is refused before it is inflated). */
  unpackedBytes: 200 * 1024 * 1024,
  /** Most parts (zip entries) in a workbook; a real one has a few dozen. */
  zipEntries: 2_000,
  /** Longest cell: Excel's own limit, so no real spreadsheet has a longer one. */
  cellChars: 32_767,
} as const;

export type SpreadsheetFormat = 'csv' | 'xlsx' | 'xls';

/** The format from the magic bytes (a zip is xlsx, an OLE compound file is the old xls), else the extension. */
export function detectFormat(name: string, data: Uint8Array): SpreadsheetFormat {
  if (data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04) return 'xlsx';
  if (data[0] === 0xd0 && data[1] === 0xcf && data[2] === 0x11 && data[3] === 0xe0) return 'xls';
  const ext = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase();
  if (ext === 'xlsx' || ext === 'xlsm') return 'xlsx';
  return 'csv';
}

/**
 * Text of a CSV file: UTF-8 (a BOM is dropped), UTF-16 with a BOM (Excel's "Unicode text"), and
 * Windows-1251 when the bytes are not valid UTF-8 (a Russian Excel saves CSV that way).
 */
export function decodeText(data: Uint8Array): string {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return new TextDecoder('utf-8').decode(data.subarray(3));
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data.subarray(2));
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(data);
  } catch {
    return new TextDecoder('windows-1251').decode(data);
  }
}

const DELIMITERS = [',', ';', '\t'] as const;

/** Splits one line at a delimiter, outside double quotes. */
function splitLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) {
      out.push(field);
      field = '';
      continue;
    }
    field += ch;
  }
  out.push(field);
  return out.map((f) => f.trim().replace(/^"(.*)"$/s, '$1'));
}

/**
 * The delimiter of a CSV: the one that splits the header line into the most recognised column
 * names, then into the most fields (Russian Excel writes `;`, others `,` or tab).
 */
export function detectDelimiter(text: string, isKnownHeader: (header: string) => boolean): string {
  // The first non-blank line, without splitting the whole (possibly huge) file.
  let firstLine = '';
  const breaks = /\r\n|\n|\r/g;
  for (let from = 0; from <= text.length; ) {
    const found = breaks.exec(text);
    const line = text.slice(from, found ? found.index : text.length);
    if (line.trim() !== '') {
      firstLine = line;
      break;
    }
    if (!found) break;
    from = breaks.lastIndex;
  }
  let best: { delimiter: string; known: number; fields: number } = { delimiter: ',', known: -1, fields: 0 };
  for (const delimiter of DELIMITERS) {
    const fields = splitLine(firstLine, delimiter);
    const known = fields.filter(isKnownHeader).length;
    if (known > best.known || (known === best.known && fields.length > best.fields)) best = { delimiter, known, fields: fields.length };
  }
  return best.delimiter;
}

const isBlank = (cells: readonly string[]) => cells.every((c) => c.trim() === '');

/** Rows (with their Excel row numbers) → a table: the first non-blank row is the header. */
function toTable(file: string, rows: TableRow[], locale: Locale): ReadResult {
  const t = (key: string, params = {}) => translate(locale, `import.${key}`, params);
  const headerIndex = rows.findIndex((r) => !isBlank(r.cells));
  const header = rows[headerIndex];
  if (!header) return { table: null, problems: [{ file, row: 0, message: t('empty') }] };
  const data = rows.slice(headerIndex + 1).filter((r) => !isBlank(r.cells));
  if (data.length > IMPORT_LIMITS.rows) {
    return { table: null, problems: [{ file, row: 0, message: t('tooManyRows', { count: data.length, limit: IMPORT_LIMITS.rows }) }] };
  }
  // A cell longer than Excel allows is not from a real spreadsheet; refuse before it travels further.
  for (const r of [header, ...data]) {
    const index = r.cells.findIndex((cell) => cell.length > IMPORT_LIMITS.cellChars);
    if (index !== -1) {
      const column = (header.cells[index] ?? '').trim().slice(0, 60) || undefined;
      const length = r.cells[index]?.length ?? 0;
      return { table: null, problems: [{ file, row: r.row, ...(column ? { column } : {}), message: t('cellTooLong', { length, limit: IMPORT_LIMITS.cellChars }) }] };
    }
  }
  let width = header.cells.length;
  while (width > 0 && (header.cells[width - 1] ?? '').trim() === '') width--;
  const table: Table = { headers: header.cells.slice(0, width).map((h) => h.trim()), headerRow: header.row, rows: data };
  if (data.length === 0) return { table, problems: [{ file, row: 0, message: t('noRows') }] };
  return { table, problems: [] };
}

export function readCsv(file: string, data: Uint8Array, locale: Locale, isKnownHeader: (header: string) => boolean): ReadResult {
  const text = decodeText(data);
  if (text.trim() === '') return { table: null, problems: [{ file, row: 0, message: translate(locale, 'import.empty') }] };
  const delimiter = detectDelimiter(text, isKnownHeader);
  // Parse no further than a file within the row limit can reach (blank lines count here too).
  const preview = IMPORT_LIMITS.rows * 4;
  const parsed = Papa.parse<string[]>(text, { delimiter, header: false, skipEmptyLines: false, dynamicTyping: false, preview });
  if (parsed.meta.truncated) {
    return { table: null, problems: [{ file, row: 0, message: translate(locale, 'import.tooManyRowsMore', { count: preview, limit: IMPORT_LIMITS.rows }) }] };
  }
  const rows: TableRow[] = parsed.data.map((cells, i) => ({ row: i + 1, cells: Array.isArray(cells) ? cells.map(String) : [] }));
  const result = toTable(file, rows, locale);
  // An unclosed quote swallows the rest of the file into one value: say where it starts.
  for (const error of parsed.errors) {
    if (error.code === 'MissingQuotes') {
      result.problems.push({ file, row: (error.row ?? 0) + 1, message: translate(locale, 'import.unclosedQuote') });
    }
  }
  return result;
}

/** Text of an exceljs cell value: rich text joined, a formula's result, a date as an ISO date. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') return isoDate(value as Date);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return v.richText.map((part: unknown) => cellText((part as { text?: unknown } | null)?.text)).join('');
    if ('formula' in v || 'sharedFormula' in v || 'result' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text); // a hyperlink
    if (typeof v.error === 'string') return v.error;
  }
  return '';
}

/** A date cell: `2024-01-15`, or `2024-01-15T09:30:00` when it has a time (Excel dates have no zone). */
function isoDate(date: Date): string {
  const time = date.getTime();
  if (Number.isNaN(time)) return '';
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/**
 * The total unpacked size the zip's central directory declares, so that a small workbook that
 * inflates to gigabytes is refused before it is inflated; null when the directory cannot be read
 * (exceljs then reports the damage).
 */
export function zipUnpackedSize(data: Uint8Array): number | null {
  return zipDirectory(data)?.unpacked ?? null;
}

/** The entry count and total unpacked size the zip's central directory declares (see zipUnpackedSize). */
export function zipDirectory(data: Uint8Array): { entries: number; unpacked: number } | null {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const minEnd = Math.max(0, data.byteLength - 22 - 0xffff);
  let end = -1;
  for (let i = data.byteLength - 22; i >= minEnd; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const entries = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (entries === 0xffff || offset === 0xffffffff) return { entries, unpacked: Infinity }; // zip64: far beyond any real import
  if (entries > IMPORT_LIMITS.zipEntries) return { entries, unpacked: Infinity }; // not read further
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > data.byteLength || view.getUint32(offset, true) !== 0x02014b50) return null;
    const size = view.getUint32(offset + 24, true);
    if (size === 0xffffffff) return { entries, unpacked: Infinity };
    total += size;
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return { entries, unpacked: total };
}

/**
 * Inflates every part of the zip with jszip, streaming and counting, and stops as soon as the
 * total passes `limit`: the central directory's sizes can lie (exceljs would inflate each part
 * whole into memory before jszip noticed). Returns the total, or Infinity once past the limit;
 * null when jszip cannot read the zip (exceljs then reports the damage). A real workbook is a few
 * megabytes unpacked, so inflating it twice costs milliseconds.
 */
export async function zipInflatedSize(data: Uint8Array, limit: number = IMPORT_LIMITS.unpackedBytes): Promise<number | null> {
  type Helper = { on(event: string, cb: (...args: never[]) => void): Helper; pause(): Helper; resume(): Helper };
  let zip: import('jszip');
  try {
    const mod = (await import('jszip')) as unknown as { default?: typeof import('jszip') } & typeof import('jszip');
    const JSZip = (mod.default ?? mod) as typeof import('jszip');
    zip = await JSZip.loadAsync(data);
  } catch {
    return null;
  }
  const entries = Object.values(zip.files).filter((entry) => !entry.dir);
  if (entries.length > IMPORT_LIMITS.zipEntries) return Infinity;
  let total = 0;
  for (const entry of entries) {
    const within = await new Promise<boolean | null>((resolve) => {
      let helper: Helper;
      try {
        helper = (entry as unknown as { internalStream(type: 'uint8array'): Helper }).internalStream('uint8array');
      } catch {
        resolve(null);
        return;
      }
      helper
        .on('data', (chunk: Uint8Array) => {
          total += chunk.byteLength;
          if (total > limit) {
            helper.pause();
            resolve(false);
          }
        })
        .on('error', () => resolve(total > limit ? false : null))
        .on('end', () => resolve(true));
      helper.resume();
    });
    if (within === false) return Infinity;
    if (within === null) return null;
  }
  return total;
}

type ExcelModule = typeof import('exceljs');

/** exceljs, loaded on first use; a CommonJS module, so its exports may sit on `default`. */
async function loadExcel(): Promise<ExcelModule> {
  const mod = (await import('exceljs')) as ExcelModule & { default?: ExcelModule };
  return mod.Workbook ? mod : (mod.default as ExcelModule);
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

export async function readXlsx(file: string, data: Uint8Array, locale: Locale): Promise<ReadResult> {
  const t = (key: string, params = {}) => translate(locale, `import.${key}`, params);
  const directory = zipDirectory(data);
  if (directory && directory.entries > IMPORT_LIMITS.zipEntries) {
    return { table: null, problems: [{ file, row: 0, message: t('tooManyParts', { count: directory.entries, limit: IMPORT_LIMITS.zipEntries }) }] };
  }
  const unpacked = directory?.unpacked ?? null;
  if (unpacked !== null && unpacked > IMPORT_LIMITS.unpackedBytes) {
    const size = Number.isFinite(unpacked) ? formatBytes(unpacked) : '> 4 GB';
    return { table: null, problems: [{ file, row: 0, message: t('unpackedTooLarge', { size, limit: formatBytes(IMPORT_LIMITS.unpackedBytes) }) }] };
  }
  // The declared sizes may lie: inflate (streaming, counting) before exceljs inflates whole parts.
  const inflated = await zipInflatedSize(data);
  if (inflated !== null && inflated > IMPORT_LIMITS.unpackedBytes) {
    return {
      table: null,
      problems: [{ file, row: 0, message: t('unpackedTooLarge', { size: `> ${formatBytes(IMPORT_LIMITS.unpackedBytes)}`, limit: formatBytes(IMPORT_LIMITS.unpackedBytes) }) }],
    };
  }
  let sheet: import('exceljs').Worksheet | undefined;
  try {
    const { Workbook } = await loadExcel();
    const workbook = new Workbook();
    // exceljs types its input as a Node Buffer; it hands it to JSZip, which takes any Uint8Array.
    await workbook.xlsx.load(data as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    sheet = workbook.worksheets[0];
  } catch (error) {
    return { table: null, problems: [{ file, row: 0, message: t('corruptXlsx', { detail: firstLine(error) }) }] };
  }
  if (!sheet) return { table: null, problems: [{ file, row: 0, message: t('noWorksheet') }] };
  if (sheet.actualRowCount > IMPORT_LIMITS.rows + 1) {
    return { table: null, problems: [{ file, row: 0, message: t('tooManyRows', { count: sheet.actualRowCount - 1, limit: IMPORT_LIMITS.rows }) }] };
  }
  const rows: TableRow[] = [];
  try {
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const values = Array.isArray(row.values) ? row.values : [];
      const cells: string[] = [];
      for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]).trim());
      rows.push({ row: rowNumber, cells });
    });
  } catch (error) {
    return { table: null, problems: [{ file, row: 0, message: t('corruptXlsx', { detail: firstLine(error) }) }] };
  }
  return toTable(file, rows, locale);
}

/** Reads one input file of any supported kind. Never throws. */
export async function readSpreadsheet(
  file: string,
  data: Uint8Array,
  locale: Locale,
  isKnownHeader: (header: string) => boolean,
): Promise<ReadResult> {
  const t = (key: string, params = {}) => translate(locale, `import.${key}`, params);
  if (data.byteLength > IMPORT_LIMITS.bytes) {
    return {
      table: null,
      problems: [{ file, row: 0, message: t('tooLarge', { size: formatBytes(data.byteLength), limit: formatBytes(IMPORT_LIMITS.bytes) }) }],
    };
  }
  if (data.byteLength === 0) return { table: null, problems: [{ file, row: 0, message: t('empty') }] };
  try {
    const format = detectFormat(file, data);
    if (format === 'xls') return { table: null, problems: [{ file, row: 0, message: t('oldXls') }] };
    if (format === 'xlsx') return await readXlsx(file, data, locale);
    return readCsv(file, data, locale, isKnownHeader);
  } catch (error) {
    return { table: null, problems: [{ file, row: 0, message: t('failed', { detail: firstLine(error) }) }] };
  }
}
