/**
 * The command line: `marshrut validate <file...>`, `marshrut new --template <id> -o <file>`,
 * `marshrut import <steps> [--pains <pains>] -o <file>`, `marshrut metrics <file> [--json]`,
 * `marshrut compare <as-is> <to-be> [--json]`, `marshrut check <file> [--json]`,
 * `marshrut catalog validate <file.json>`, `marshrut upgrade <file>`,
 * `marshrut export <file> --format pdf|png|svg|html|docx|xlsx|csv|md -o <out>`, `marshrut templates`, `marshrut help`,
 * `--version`, `--lang ru|en`. Used by the desktop app
 * (electron/main.ts, no window) and by `npm run cli --` (electron/cli/main.ts, under tsx).
 *
 * Every outcome is a line of text and an exit code: bad input, missing files and failed writes
 * are messages in the user's language, never exceptions or stack traces.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { LOCALES, isLocale, localeFromSystem, translate, type Locale, type Params } from '../../shared/i18n';
import {
  compareScorecards,
  computeScorecard,
  createEmptyDocument,
  CURRENT_VERSION,
  formatBytes,
  MAX_FILE_BYTES,
  NUMERIC_METRICS,
  problemLines,
  restoreBytes,
  SCORECARD_KEYS,
  serializeDocument,
  type JourneyMap,
  type Scorecard,
} from '../../shared/model';
import { IMPORT_LIMITS, importSpreadsheets, type ImportProblem } from '../../shared/import';
import { runHealthCheck, type Finding } from '../../shared/health';
import type { GuidanceCatalog } from '../../shared/guidance/catalog';
import { BUILT_IN_CATALOGS, MAX_CATALOG_BYTES, parseCatalog } from '../../templates/guidance';
import { isTemplateId, parseTemplate, readTemplateText, stampNew, TEMPLATES, TEMPLATE_IDS, type TemplateId } from '../../templates';
import { exportSvg } from '../../shared/export/svg';
import { exportDocxWithPicture, REPORT_PICTURE } from '../../shared/export/docx';
import { exportCsv, exportXlsx, type CsvKind } from '../../shared/export/tables';
import { exportMarkdown } from '../../shared/export/markdown';
import { exportHtml } from '../../shared/export/html';
import { PAGE_SIZE_NAMES, isTilePageSize, type PageSize } from '../../shared/export/print-options';
import { renderPdf, renderPng, type PrintEngine } from '../print/engine';
import { atomicWriteFile, backupPathFor, describeFsError } from '../files';
import pkg from '../../package.json';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CliOptions {
  /** Environment for the default language (LC_ALL, LC_MESSAGES, LANG); process.env by default. */
  env?: Record<string, string | undefined>;
  /** Folder that relative file names are resolved against; process.cwd() by default. */
  cwd?: string;
  /** Clock for the timestamps of new maps. */
  now?: () => Date;
  /**
   * The text of a file template (null for a generated one). Defaults to reading the `.cjm` next to
   * templates/index.ts, which works from the sources (tsx, tests); a bundled build passes
   * `templateText` from templates/sample.ts, which inlines the files.
   */
  templateText?: (id: TemplateId) => string | null;
  /** Version printed by --version; package.json's by default. */
  version?: string;
  /**
   * The Chromium that prints PDF and PNG (and the docx's map picture): Electron's own in the
   * app; Playwright with `--browser <path>` or a found Chromium under Node. None: those formats
   * say so.
   */
  openPrintEngine?: (browser: string | undefined) => Promise<{ ok: true; engine: PrintEngine } | { ok: false; detail: string }>;
}

const PROGRAM = 'marshrut';
const COMMANDS = ['validate', 'new', 'import', 'metrics', 'compare', 'check', 'catalog', 'export', 'upgrade', 'templates', 'help'] as const;
type Command = (typeof COMMANDS)[number];

/** Options that take a value, by every spelling, and the field they fill. */
const VALUE_OPTIONS: Record<
  string,
  'lang' | 'template' | 'output' | 'pains' | 'title' | 'format' | 'kind' | 'delimiter' | 'counterpart' | 'page' | 'scale' | 'browser'
> = {
  '--lang': 'lang',
  '--template': 'template',
  '-t': 'template',
  '--output': 'output',
  '-o': 'output',
  '--pains': 'pains',
  '--title': 'title',
  '--format': 'format',
  '--kind': 'kind',
  '--delimiter': 'delimiter',
  '--counterpart': 'counterpart',
  '--page': 'page',
  '--scale': 'scale',
  '--browser': 'browser',
};
const FLAG_OPTIONS: Record<string, 'force' | 'help' | 'version' | 'json' | 'skipBadRows' | 'noTitle' | 'noLegend' | 'transparent' | 'tiles' | 'appendix' | 'comments'> = {
  '--force': 'force',
  '-f': 'force',
  '--json': 'json',
  '--skip-bad-rows': 'skipBadRows',
  '--no-title': 'noTitle',
  '--no-legend': 'noLegend',
  '--transparent': 'transparent',
  '--tiles': 'tiles',
  '--appendix': 'appendix',
  '--comments': 'comments',
  '--help': 'help',
  '-h': 'help',
  '--version': 'version',
  '-v': 'version',
};
/** Formats `export` writes. */
const EXPORT_FORMATS = ['pdf', 'png', 'svg', 'html', 'docx', 'xlsx', 'csv', 'md'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];
const isExportFormat = (value: string): value is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(value);
/** Format options of `export`, and the formats each applies to. */
const FORMAT_OPTIONS: readonly { option: string; given: (p: Parsed) => boolean; formats: readonly ExportFormat[] }[] = [
  { option: '--no-title', given: (p) => p.noTitle, formats: ['svg', 'png', 'pdf'] },
  { option: '--no-legend', given: (p) => p.noLegend, formats: ['svg', 'png', 'pdf'] },
  { option: '--transparent', given: (p) => p.transparent, formats: ['svg', 'png'] },
  { option: '--page', given: (p) => p.page !== undefined, formats: ['pdf'] },
  { option: '--tiles', given: (p) => p.tiles, formats: ['pdf'] },
  { option: '--appendix', given: (p) => p.appendix, formats: ['pdf'] },
  { option: '--comments', given: (p) => p.comments, formats: ['pdf', 'html', 'docx', 'xlsx', 'md'] },
  { option: '--scale', given: (p) => p.scale !== undefined, formats: ['png', 'pdf'] },
  { option: '--browser', given: (p) => p.browser !== undefined, formats: ['pdf', 'png', 'docx'] },
  { option: '--kind', given: (p) => p.kind !== undefined, formats: ['csv'] },
  { option: '--delimiter', given: (p) => p.delimiter !== undefined, formats: ['csv'] },
  { option: '--counterpart', given: (p) => p.counterpart !== undefined, formats: ['docx'] },
];

/** Largest number of problem lines printed per file; the rest are counted. */
const MAX_PROBLEM_LINES = 200;
/** Synopses longer than this get a line of their own in the usage. */
const MAX_SYNOPSIS_COLUMN = 44;

const isCommand = (value: string): value is Command => (COMMANDS as readonly string[]).includes(value);

/**
 * Whether these user arguments (argv without the executable and script) ask for the command
 * line rather than the desktop window: the first argument that is not an option is a command, or
 * --help / --version is given. A file name (`map.cjm`) or Chromium's own switches are not.
 */
export function isCliInvocation(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') return isCommand(args[i + 1] ?? '');
    if (arg === '--help' || arg === '-h' || arg === '--version' || arg === '-v') return true;
    if (arg in VALUE_OPTIONS) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return isCommand(arg);
  }
  return false;
}

interface Parsed {
  command: string | undefined;
  positionals: string[];
  lang?: string;
  template?: string;
  output?: string;
  pains?: string;
  title?: string;
  format?: string;
  kind?: string;
  delimiter?: string;
  counterpart?: string;
  page?: string;
  scale?: string;
  browser?: string;
  tiles: boolean;
  appendix: boolean;
  comments: boolean;
  force: boolean;
  help: boolean;
  version: boolean;
  json: boolean;
  skipBadRows: boolean;
  noTitle: boolean;
  noLegend: boolean;
  transparent: boolean;
  /** The first usage mistake, as a translation key and its parameters. */
  error?: { key: string; params: Params };
}

function parseArgs(args: readonly string[]): Parsed {
  const parsed: Parsed = {
    command: undefined,
    positionals: [],
    force: false,
    help: false,
    version: false,
    json: false,
    skipBadRows: false,
    noTitle: false,
    noLegend: false,
    transparent: false,
    tiles: false,
    appendix: false,
    comments: false,
  };
  const fail = (key: string, params: Params) => {
    parsed.error ??= { key, params };
  };
  let onlyPositionals = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      if (parsed.command === undefined) parsed.command = arg;
      else parsed.positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const valueField = VALUE_OPTIONS[name];
    if (valueField) {
      let value: string | undefined;
      if (name !== arg) value = arg.slice(eq + 1);
      else if (i + 1 < args.length) value = args[++i];
      if (value === undefined || value === '') fail('cli.missingValue', { option: name });
      else parsed[valueField] = value;
      continue;
    }
    const flag = FLAG_OPTIONS[arg];
    if (flag) parsed[flag] = true;
    // Before the command, an unknown switch belongs to the host (Electron, Chromium, a launcher
    // adding --no-sandbox), as isCliInvocation assumes; after it, it is the user's typo.
    else if (parsed.command !== undefined) fail('cli.unknownOption', { option: arg });
  }
  return parsed;
}

export function usageLines(locale: Locale): string[] {
  const t = (key: string, params: Params = {}) => translate(locale, key, params);
  const commands: [string, string][] = [
    [t('cli.synopsisValidate'), t('cli.describeValidate')],
    [t('cli.synopsisNew'), t('cli.describeNew')],
    [t('cli.synopsisImport'), t('cli.describeImport')],
    [t('cli.synopsisMetrics'), t('cli.describeMetrics')],
    [t('cli.synopsisCompare'), t('cli.describeCompare')],
    [t('cli.synopsisCheck'), t('cli.describeCheck')],
    [t('cli.synopsisCatalogValidate'), t('cli.describeCatalogValidate')],
    [t('cli.synopsisExport'), t('cli.describeExport')],
    [t('cli.synopsisUpgrade'), t('cli.describeUpgrade')],
    [t('cli.synopsisTemplates'), t('cli.describeTemplates')],
    [t('cli.synopsisHelp'), t('cli.describeHelp')],
  ];
  const options: [string, string][] = [
    [t('cli.synopsisExportSvg'), t('cli.describeExportSvg')],
    [t('cli.synopsisExportPdf'), t('cli.describeExportPdf')],
    [t('cli.synopsisExportScale'), t('cli.describeExportScale')],
    [t('cli.synopsisExportComments'), t('cli.describeExportComments')],
    [t('cli.synopsisExportBrowser'), t('cli.describeExportBrowser')],
    [t('cli.synopsisExportCsv'), t('cli.describeExportCsv')],
    [t('cli.synopsisExportDocx'), t('cli.describeExportDocx')],
    [t('cli.synopsisLang'), t('cli.describeLang')],
    [t('cli.synopsisVersion'), t('cli.describeVersion')],
  ];
  // A synopsis too long for the column gets a line of its own, with its description below.
  const lefts = [...commands, ...options].map(([left]) => left.length).filter((n) => n <= MAX_SYNOPSIS_COLUMN);
  const width = Math.max(...lefts) + 2;
  const rows = (pairs: [string, string][]) =>
    pairs.flatMap(([left, right]) =>
      left.length > MAX_SYNOPSIS_COLUMN ? [`  ${left}`, `  ${' '.repeat(width)}${right}`] : [`  ${left.padEnd(width)}${right}`],
    );
  return [
    t('cli.usage', { program: PROGRAM }),
    '',
    t('cli.commandsHeading'),
    ...rows(commands),
    '',
    t('cli.optionsHeading'),
    ...rows(options),
  ];
}

const errorMessage = (error: unknown): string => {
  if (error instanceof Error) return error.message.split('\n')[0] ?? '';
  try {
    return String(error);
  } catch {
    return '?';
  }
};

const errorCode = (error: unknown): string | undefined =>
  error && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : undefined;

/**
 * One printable line: line breaks become spaces, and control and bidi-override characters (which
 * a hostile file could smuggle into a message to move the cursor or reorder text) are escaped.
 */
export function printable(line: string): string {
  return line
    .replace(/[ \t]*(\r\n|\r|\n)[ \t]*/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Runs one command line; resolves to the process exit code. Never rejects. */
export async function runCli(args: readonly string[], rawIo: CliIo, options: CliOptions = {}): Promise<number> {
  const io: CliIo = { out: (line) => rawIo.out(printable(line)), err: (line) => rawIo.err(printable(line)) };
  const env = options.env ?? process.env;
  let locale: Locale = localeFromSystem(env.LC_ALL || env.LC_MESSAGES || env.LANG);
  const t = (key: string, params: Params = {}) => translate(locale, key, params);
  try {
    const parsed = parseArgs(args);
    if (parsed.lang !== undefined) {
      if (isLocale(parsed.lang)) locale = parsed.lang;
      else {
        io.err(t('cli.unknownLanguage', { lang: parsed.lang, languages: LOCALES.join(', ') }));
        return 1;
      }
    }
    const usageError = (key: string, params: Params = {}) => {
      io.err(t(key, params));
      io.err(t('cli.helpHint', { program: PROGRAM }));
      return 1;
    };
    if (parsed.error) return usageError(parsed.error.key, parsed.error.params);
    if (parsed.version) {
      io.out(`${PROGRAM} ${options.version ?? pkg.version}`);
      return 0;
    }
    if (parsed.help || parsed.command === 'help') {
      for (const line of usageLines(locale)) io.out(line);
      return 0;
    }
    if (parsed.command === undefined) {
      io.err(t('cli.noCommand'));
      for (const line of usageLines(locale)) io.err(line);
      return 1;
    }
    if (!isCommand(parsed.command)) {
      io.err(t('cli.unknownCommand', { command: parsed.command }));
      for (const line of usageLines(locale)) io.err(line);
      return 1;
    }
    const cwd = options.cwd ?? process.cwd();
    switch (parsed.command) {
      case 'validate':
        if (parsed.positionals.length === 0) return usageError('cli.noFiles');
        return await validateFiles(parsed.positionals, cwd, locale, io);
      case 'templates': {
        if (parsed.positionals[0] !== undefined) return usageError('cli.unexpectedArgument', { argument: parsed.positionals[0] });
        io.out(t('cli.templatesHeading'));
        const width = Math.max(...TEMPLATE_IDS.map((id) => id.length)) + 2;
        for (const template of TEMPLATES) io.out(`  ${template.id.padEnd(width)}${template.title[locale]}`);
        return 0;
      }
      case 'new': {
        const output = parsed.output ?? (parsed.positionals.length === 1 ? parsed.positionals[0] : undefined);
        const extra = parsed.positionals[parsed.output === undefined ? 1 : 0];
        if (extra !== undefined) return usageError('cli.unexpectedArgument', { argument: extra });
        const ids = TEMPLATE_IDS.join(', ');
        if (parsed.template === undefined) return usageError('cli.missingTemplate', { ids });
        if (!isTemplateId(parsed.template)) {
          io.err(t('cli.unknownTemplate', { id: parsed.template, ids }));
          return 1;
        }
        if (output === undefined) return usageError('cli.missingOutput');
        return await createMap(parsed.template, output, parsed.force, cwd, locale, io, options);
      }
      case 'import': {
        const [steps, extra] = parsed.positionals;
        if (extra !== undefined) return usageError('cli.unexpectedArgument', { argument: extra });
        if (steps === undefined) return usageError('cli.missingSteps');
        if (parsed.output === undefined) return usageError('cli.missingOutput');
        return await importFiles(
          { steps, pains: parsed.pains, output: parsed.output, title: parsed.title, force: parsed.force, skipBadRows: parsed.skipBadRows },
          cwd,
          locale,
          io,
          options,
        );
      }
      case 'metrics': {
        const [file, extra] = parsed.positionals;
        if (extra !== undefined) return usageError('cli.unexpectedArgument', { argument: extra });
        if (file === undefined) return usageError('cli.missingMap');
        return await printMetrics(file, parsed.json, cwd, locale, io);
      }
      case 'compare': {
        const [asIs, toBe, extra] = parsed.positionals;
        if (extra !== undefined) return usageError('cli.unexpectedArgument', { argument: extra });
        if (asIs === undefined || toBe === undefined) return usageError('cli.missingMaps');
        return await printComparison(asIs, toBe, parsed.json, cwd, locale, io);
      }
      case 'check': {
        const [file, extra] = parsed.positionals;
        if (extra !== undefined) return usageError('cli.unexpectedArgument', { argument: extra });
        if (file === undefined) return usageError('cli.missingCheckMap');
        return await checkMap(file, parsed.json, cwd, locale, io, BUILT_IN_CATALOGS);
      }
      case 'catalog': {
        const [action, file, extra] = parsed.positionals;
        if (action === undefined) return usageError('cli.missingCatalogAction');
        if (action !== 'validate') return usageError('cli.unknownCatalogAction', { action });
        if (extra !== undefined) return usageError('cli.unexpectedArgument', { argument: extra });
        if (file === undefined) return usageError('cli.missingCatalogFile');
        return await validateCatalogFile(file, cwd, locale, io);
      }
      case 'export': {
        const [file, extra] = parsed.positionals;
        if (extra !== undefined) return usageError('cli.unexpectedArgument', { argument: extra });
        const formats = EXPORT_FORMATS.join(', ');
        if (parsed.format === undefined) return usageError('cli.missingFormat', { formats });
        const format = parsed.format.toLowerCase();
        if (!isExportFormat(format)) return usageError('cli.unknownFormat', { format: parsed.format, formats });
        const misplaced = FORMAT_OPTIONS.find((o) => o.given(parsed) && !o.formats.includes(format));
        if (misplaced) return usageError('cli.optionNotForFormat', { option: misplaced.option, format: misplaced.formats.join(', ') });
        let kind: CsvKind = 'steps';
        if (parsed.kind !== undefined) {
          if (parsed.kind !== 'steps' && parsed.kind !== 'pains') return usageError('cli.unknownCsvKind', { kind: parsed.kind });
          kind = parsed.kind;
        }
        let delimiter: ',' | ';' = ',';
        if (parsed.delimiter !== undefined) {
          if (parsed.delimiter !== ',' && parsed.delimiter !== ';') return usageError('cli.unknownDelimiter', { delimiter: parsed.delimiter });
          delimiter = parsed.delimiter;
        }
        let page: PageSize = 'A3';
        if (parsed.page !== undefined) {
          const named = PAGE_SIZE_NAMES.find((p) => p === parsed.page?.toUpperCase());
          if (!named) return usageError('cli.badPage', { page: parsed.page, pages: PAGE_SIZE_NAMES.join(', ') });
          page = named;
        }
        if (parsed.tiles && !isTilePageSize(page)) return usageError('cli.tilesNeedSmallPage', { page });
        let scale = 1;
        if (parsed.scale !== undefined) {
          scale = Number(parsed.scale.replace(',', '.'));
          const ok = format === 'png' ? [1, 2, 4].includes(scale) : parsed.tiles && scale >= 0.5 && scale <= 2;
          if (!ok) return usageError('cli.badScale', { scale: parsed.scale });
        }
        if (file === undefined) return usageError('cli.missingExportMap');
        if (parsed.output === undefined) return usageError('cli.missingOutput');
        return await exportMap(
          {
            file,
            output: parsed.output,
            format,
            force: parsed.force,
            svg: { title: !parsed.noTitle, legend: !parsed.noLegend, transparent: parsed.transparent },
            csv: { kind, delimiter },
            counterpart: parsed.counterpart,
            pdf: { page, tiles: parsed.tiles, appendix: parsed.appendix || parsed.comments, tileScale: scale },
            comments: parsed.comments,
            pngScale: scale as 1 | 2 | 4,
            browser: parsed.browser,
          },
          cwd,
          locale,
          io,
          options,
        );
      }
      case 'upgrade': {
        const [file, extra] = parsed.positionals;
        if (extra !== undefined) return usageError('cli.unexpectedArgument', { argument: extra });
        if (file === undefined) return usageError('cli.missingUpgradeMap');
        return await upgradeMap(file, cwd, locale, io);
      }
      case 'help':
        return 0; // handled above
    }
  } catch (error) {
    try {
      io.err(t('errors.generic', { detail: errorMessage(error) }));
    } catch {
      // the output itself failed (a closed pipe); the exit code still tells
    }
    return 1;
  }
}

async function validateFiles(files: readonly string[], cwd: string, locale: Locale, io: CliIo): Promise<number> {
  let failed = 0;
  for (const file of files) {
    const problems = await validateFile(path.resolve(cwd, file), locale);
    if (problems.length === 0) {
      io.out(translate(locale, 'cli.ok', { file }));
      continue;
    }
    failed++;
    for (const line of problems.slice(0, MAX_PROBLEM_LINES)) io.err(`${file}: ${line}`);
    if (problems.length > MAX_PROBLEM_LINES) {
      io.err(`${file}: ${translate(locale, 'dialog.moreProblems', { count: problems.length - MAX_PROBLEM_LINES })}`);
    }
  }
  return failed === 0 ? 0 : 1;
}

/** The problems of one file, one line each ("steps[3].title: …"); none when it is a valid map. */
async function validateFile(absolute: string, locale: Locale): Promise<string[]> {
  const loaded = await loadMap(absolute, locale);
  return loaded.ok ? [] : loaded.problems;
}

/** A file's bytes after a size check, or one line that says why not. */
async function readBytes(
  absolute: string,
  limit: number,
  tooLargeKey: string,
  locale: Locale,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; problem: string }> {
  try {
    const stat = await fs.stat(absolute);
    if (!stat.isFile()) return { ok: false, problem: translate(locale, 'errors.notAFile', { name: path.basename(absolute) }) };
    if (stat.size > limit) {
      return { ok: false, problem: translate(locale, tooLargeKey, { size: formatBytes(stat.size), limit: formatBytes(limit) }) };
    }
    return { ok: true, bytes: await fs.readFile(absolute) };
  } catch (error) {
    return { ok: false, problem: describeFsError(error, absolute, locale, 'read') };
  }
}

/** A valid map from a file, or its problems, one line each. */
async function loadMap(absolute: string, locale: Locale): Promise<{ ok: true; doc: JourneyMap } | { ok: false; problems: string[] }> {
  const read = await readBytes(absolute, MAX_FILE_BYTES, 'errors.tooLarge', locale);
  if (!read.ok) return { ok: false, problems: [read.problem] };
  const result = restoreBytes(read.bytes, locale); // checks the size again: the file may have grown
  return result.ok ? { ok: true, doc: result.doc } : { ok: false, problems: problemLines(result.problems) };
}

/**
 * Migrates a map from an older format version in place, with the atomic save and the previous
 * file kept as `<file>.bak`. A map already at the current version is left alone (exit 0); one
 * from a newer version, or an invalid one, is refused with its problems and left untouched.
 */
async function upgradeMap(file: string, cwd: string, locale: Locale, io: CliIo): Promise<number> {
  const target = path.resolve(cwd, file);
  const read = await readBytes(target, MAX_FILE_BYTES, 'errors.tooLarge', locale);
  if (!read.ok) {
    io.err(`${file}: ${read.problem}`);
    return 1;
  }
  const restored = restoreBytes(read.bytes, locale);
  if (!restored.ok) {
    const problems = problemLines(restored.problems);
    for (const line of problems.slice(0, MAX_PROBLEM_LINES)) io.err(`${file}: ${line}`);
    if (problems.length > MAX_PROBLEM_LINES) {
      io.err(`${file}: ${translate(locale, 'dialog.moreProblems', { count: problems.length - MAX_PROBLEM_LINES })}`);
    }
    return 1;
  }
  if (restored.fromVersion >= CURRENT_VERSION) {
    io.out(translate(locale, 'cli.alreadyCurrent', { file, version: CURRENT_VERSION }));
    return 0;
  }
  try {
    await atomicWriteFile(target, serializeDocument(restored.doc), { backup: true });
  } catch (error) {
    io.err(`${file}: ${describeFsError(error, target, locale, 'write')}`);
    return 1;
  }
  io.out(translate(locale, 'cli.upgraded', { file, from: restored.fromVersion, to: CURRENT_VERSION, backup: backupPathFor(file) }));
  return 0;
}

/** Loads maps for metrics and compare; prints the problems of any that fails. */
async function loadMaps(files: readonly string[], cwd: string, locale: Locale, io: CliIo): Promise<JourneyMap[] | null> {
  const docs: JourneyMap[] = [];
  let failed = false;
  for (const file of files) {
    const loaded = await loadMap(path.resolve(cwd, file), locale);
    if (loaded.ok) docs.push(loaded.doc);
    else {
      failed = true;
      for (const line of loaded.problems.slice(0, MAX_PROBLEM_LINES)) io.err(`${file}: ${line}`);
      if (loaded.problems.length > MAX_PROBLEM_LINES) {
        io.err(`${file}: ${translate(locale, 'dialog.moreProblems', { count: loaded.problems.length - MAX_PROBLEM_LINES })}`);
      }
    }
  }
  return failed ? null : docs;
}

/** A number for people: at most two decimals, with the language's decimal mark. */
function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: false }).format(value);
}

/** A change with its sign: +2, −3 (a real minus sign), 0. */
function formatDelta(value: number, locale: Locale): string {
  const text = formatNumber(Math.abs(value), locale);
  if (text === formatNumber(0, locale)) return text;
  return `${value > 0 ? '+' : '\u2212'}${text}`;
}

const jsonLines = (value: unknown) => JSON.stringify(value, null, 2).split('\n');

async function printMetrics(file: string, json: boolean, cwd: string, locale: Locale, io: CliIo): Promise<number> {
  const docs = await loadMaps([file], cwd, locale, io);
  const doc = docs?.[0];
  if (!doc) return 1;
  const scorecard = computeScorecard(doc);
  if (json) {
    const ordered = Object.fromEntries(SCORECARD_KEYS.map((key) => [key, scorecard[key]]));
    for (const line of jsonLines(ordered)) io.out(line);
    return 0;
  }
  for (const line of scorecardLines(scorecard, locale)) io.out(line);
  return 0;
}

/** The scorecard as a two-column table: label, value; the agencies' counts one per line below their label. */
export function scorecardLines(scorecard: Scorecard, locale: Locale): string[] {
  const label = (key: string) => translate(locale, `metrics.${key}`);
  const width = Math.max(...SCORECARD_KEYS.map((key) => label(key).length)) + 2;
  const lines: string[] = [];
  for (const key of SCORECARD_KEYS) {
    if (key === 'painPointsBySeverity') {
      const histogram = Object.entries(scorecard.painPointsBySeverity).map(([severity, count]) => `${severity}: ${count}`);
      lines.push(`${label(key).padEnd(width)}${histogram.join(' · ')}`);
    } else if (key === 'painPointsByAgency') {
      const entries = Object.entries(scorecard.painPointsByAgency).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], locale));
      if (entries.length === 0) lines.push(`${label(key).padEnd(width)}—`);
      else {
        lines.push(label(key));
        const nameWidth = Math.max(...entries.map(([name]) => name.length)) + 2;
        for (const [name, count] of entries) lines.push(`  ${name.padEnd(nameWidth)}${count}`);
      }
    } else lines.push(`${label(key).padEnd(width)}${formatNumber(scorecard[key], locale)}`);
  }
  return lines;
}

async function printComparison(asIsFile: string, toBeFile: string, json: boolean, cwd: string, locale: Locale, io: CliIo): Promise<number> {
  const docs = await loadMaps([asIsFile, toBeFile], cwd, locale, io);
  if (!docs || docs.length !== 2) return 1;
  const [asIs, toBe] = docs as [JourneyMap, JourneyMap];
  const changes = compareScorecards(computeScorecard(asIs), computeScorecard(toBe));
  if (json) {
    const ordered = Object.fromEntries(NUMERIC_METRICS.map((key) => [key, changes[key]]));
    for (const line of jsonLines(ordered)) io.out(line);
    return 0;
  }
  const label = (key: string) => translate(locale, `metrics.${key}`);
  const width = Math.max(...NUMERIC_METRICS.map((key) => label(key).length)) + 2;
  for (const key of NUMERIC_METRICS) {
    const { asIs: a, toBe: b, delta } = changes[key];
    io.out(`${label(key).padEnd(width)}${formatNumber(a, locale)} → ${formatNumber(b, locale)} (${formatDelta(delta, locale)})`);
  }
  return 0;
}

/** A finding as one line: `[severity] message (→ catalog section “title” url; …)`. */
export function findingLine(finding: Finding, locale: Locale): string {
  const severity = translate(locale, `health.severity.${finding.severity}`);
  const refs = finding.guidance.map((g) =>
    [g.catalog, g.section, ...(g.title ? [translate(locale, 'health.quoted', { text: g.title })] : []), ...(g.url ? [g.url] : [])].join(' '),
  );
  return `[${severity}] ${finding.message}${refs.length > 0 ? ` (→ ${refs.join('; ')})` : ''}`;
}

/** A finding for scripts: the rule, severity, message, the ids of the elements and the sections to read. */
export function findingJson(finding: Finding) {
  return {
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    elementIds: finding.elements.filter((e) => e.kind !== 'map').map((e) => e.id),
    guidance: finding.guidance.map((g) => ({ catalog: g.catalog, section: g.section, url: g.url ?? null })),
  };
}

/** The health check of one map; exit code 1 when any finding is a problem (or the map does not load). */
async function checkMap(file: string, json: boolean, cwd: string, locale: Locale, io: CliIo, catalogs: readonly GuidanceCatalog[]): Promise<number> {
  const docs = await loadMaps([file], cwd, locale, io);
  const doc = docs?.[0];
  if (!doc) return 1;
  const findings = runHealthCheck(doc, { locale, catalogs });
  if (json) for (const line of jsonLines(findings.map(findingJson))) io.out(line);
  else if (findings.length === 0) io.out(translate(locale, 'cli.checkClean'));
  else for (const finding of findings) io.out(findingLine(finding, locale));
  return findings.some((f) => f.severity === 'problem') ? 1 : 0;
}

/** A catalog file read and checked: the catalog, or its problems one line each. */
async function loadCatalogFile(absolute: string, locale: Locale): Promise<{ ok: true; catalog: GuidanceCatalog } | { ok: false; problems: string[] }> {
  const read = await readBytes(absolute, MAX_CATALOG_BYTES, 'catalogFile.tooLarge', locale);
  if (!read.ok) return { ok: false, problems: [read.problem] };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes);
  } catch {
    return { ok: false, problems: [translate(locale, 'errors.notUtf8')] };
  }
  return parseCatalog(text, locale);
}

/** Checks a guidance catalog file: `OK …` and 0, or one line per problem and 1. */
async function validateCatalogFile(file: string, cwd: string, locale: Locale, io: CliIo): Promise<number> {
  const loaded = await loadCatalogFile(path.resolve(cwd, file), locale);
  if (loaded.ok) {
    io.out(translate(locale, 'cli.catalogOk', { file, id: loaded.catalog.id, count: loaded.catalog.sections.length }));
    return 0;
  }
  for (const line of loaded.problems.slice(0, MAX_PROBLEM_LINES)) io.err(`${file}: ${line}`);
  if (loaded.problems.length > MAX_PROBLEM_LINES) {
    io.err(`${file}: ${translate(locale, 'dialog.moreProblems', { count: loaded.problems.length - MAX_PROBLEM_LINES })}`);
  }
  return 1;
}

interface ImportRequest {
  steps: string;
  pains: string | undefined;
  output: string;
  title: string | undefined;
  force: boolean;
  skipBadRows: boolean;
}

/** One problem as `<file>:<row>:<column>: <message>` (row and column left out when they do not apply). */
export function importProblemLine(problem: ImportProblem): string {
  const where = [problem.file, ...(problem.row > 0 ? [String(problem.row)] : []), ...(problem.row > 0 && problem.column ? [problem.column] : [])];
  return `${where.join(':')}: ${problem.message}`;
}

async function importFiles(request: ImportRequest, cwd: string, locale: Locale, io: CliIo, options: CliOptions): Promise<number> {
  const target = path.resolve(cwd, request.output);
  if (!request.force && !(await checkFree(target, request.output, locale, io))) return 1;

  const inputs: { name: string; data: Uint8Array }[] = [];
  for (const name of [request.steps, ...(request.pains === undefined ? [] : [request.pains])]) {
    const read = await readBytes(path.resolve(cwd, name), IMPORT_LIMITS.bytes, 'import.tooLarge', locale);
    if (!read.ok) {
      io.err(`${name}: ${read.problem}`);
      return 1;
    }
    inputs.push({ name, data: read.bytes });
  }
  const [steps, pains] = inputs as [{ name: string; data: Uint8Array }, { name: string; data: Uint8Array } | undefined];
  const result = await importSpreadsheets({
    steps,
    ...(pains ? { pains } : {}),
    ...(request.title !== undefined ? { title: request.title } : {}),
    locale,
    skipBadRows: request.skipBadRows,
    now: options.now?.() ?? new Date(),
  });

  for (const problem of result.problems.slice(0, MAX_PROBLEM_LINES)) io.err(importProblemLine(problem));
  if (result.problems.length > MAX_PROBLEM_LINES) {
    io.err(translate(locale, 'dialog.moreProblems', { count: result.problems.length - MAX_PROBLEM_LINES }));
  }
  if (result.stats.rows > 0) io.out(translate(locale, 'import.summary', { ...result.stats }));
  if (!result.doc) {
    const hint = !request.skipBadRows && !result.fatal;
    io.err(hint ? translate(locale, 'cli.notWritten', { count: result.problems.length }) : translate(locale, 'cli.notWrittenFatal'));
    return 1;
  }
  if (!(await writeMap(target, request.output, serializeDocument(result.doc), locale, io))) return 1;
  io.out(translate(locale, 'cli.wrote', { file: request.output }));
  return 0;
}

/** Whether nothing is at the target yet; says why not otherwise. */
async function checkFree(target: string, output: string, locale: Locale, io: CliIo): Promise<boolean> {
  try {
    await fs.lstat(target);
    io.err(translate(locale, 'cli.exists', { file: output }));
    return false;
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') {
      io.err(`${output}: ${describeFsError(error, target, locale, 'write')}`);
      return false;
    }
    return true;
  }
}

/** Writes a map (or an export) atomically; says why not on failure. */
async function writeMap(target: string, output: string, data: string | Uint8Array, locale: Locale, io: CliIo): Promise<boolean> {
  try {
    await atomicWriteFile(target, data, { backup: false });
    return true;
  } catch (error) {
    const folder = path.dirname(target);
    const message =
      errorCode(error) === 'ENOENT' && !(await exists(folder))
        ? translate(locale, 'cli.folderMissing', { folder })
        : describeFsError(error, target, locale, 'write');
    io.err(`${output}: ${message}`);
    return false;
  }
}

async function createMap(
  id: TemplateId,
  output: string,
  force: boolean,
  cwd: string,
  locale: Locale,
  io: CliIo,
  options: CliOptions,
): Promise<number> {
  const target = path.resolve(cwd, output);
  const now = options.now?.() ?? new Date();
  const text = (options.templateText ?? readTemplateText)(id);
  const doc = stampNew(text === null ? createEmptyDocument(locale, now) : parseTemplate(id, text), now);
  const data = serializeDocument(doc);

  if (!force && !(await checkFree(target, output, locale, io))) return 1;
  if (!(await writeMap(target, output, data, locale, io))) return 1;
  io.out(translate(locale, 'cli.created', { file: output, id }));
  return 0;
}

interface ExportRequest {
  file: string;
  output: string;
  format: ExportFormat;
  force: boolean;
  svg: { title: boolean; legend: boolean; transparent: boolean };
  csv: { kind: CsvKind; delimiter: ',' | ';' };
  /** The other variant of the service, for the docx report's comparison. */
  counterpart: string | undefined;
  pdf: { page: PageSize; tiles: boolean; appendix: boolean; tileScale: number };
  /** Include the comment threads (pdf appendix, html, docx, xlsx, md). */
  comments: boolean;
  pngScale: 1 | 2 | 4;
  browser: string | undefined;
}

/** Runs `work` with a print engine, closed afterwards; or the reason there is none. */
async function withPrintEngine<T>(
  browser: string | undefined,
  locale: Locale,
  options: CliOptions,
  work: (engine: PrintEngine) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  const opened = options.openPrintEngine
    ? await options.openPrintEngine(browser)
    : { ok: false as const, detail: translate(locale, 'export.print.noEngine') };
  if (!opened.ok) return { ok: false, error: translate(locale, 'export.print.noBrowser', { detail: opened.detail }) };
  try {
    return { ok: true, value: await work(opened.engine) };
  } catch (error) {
    return { ok: false, error: translate(locale, 'export.print.failed', { detail: errorMessage(error) }) };
  } finally {
    await opened.engine.close().catch(() => undefined);
  }
}

/** Writes one export of a valid map: "Exported <out> (<size>)", or the problems one line each. */
async function exportMap(request: ExportRequest, cwd: string, locale: Locale, io: CliIo, options: CliOptions): Promise<number> {
  const target = path.resolve(cwd, request.output);
  const inputs = [request.file, ...(request.counterpart === undefined ? [] : [request.counterpart])];
  // --force must never turn the map itself (or its counterpart) into its own export.
  if (inputs.some((input) => path.resolve(cwd, input) === target)) {
    io.err(translate(locale, 'cli.outputIsInput', { file: request.output }));
    return 1;
  }
  if (!request.force && !(await checkFree(target, request.output, locale, io))) return 1;
  const docs = await loadMaps(inputs, cwd, locale, io);
  if (!docs) return 1;
  const [doc, counterpart] = docs as [JourneyMap, JourneyMap | undefined];

  let data: string | Uint8Array;
  const picture = { locale, title: request.svg.title, legend: request.svg.legend };
  switch (request.format) {
    case 'pdf': {
      const printed = await withPrintEngine(request.browser, locale, options, (engine) =>
        renderPdf(engine, doc, { ...picture, catalogs: BUILT_IN_CATALOGS, ...request.pdf, comments: request.comments }),
      );
      if (!printed.ok) {
        io.err(printed.error);
        return 1;
      }
      data = printed.value;
      break;
    }
    case 'png': {
      const captured = await withPrintEngine(request.browser, locale, options, (engine) =>
        renderPng(engine, doc, { ...picture, scale: request.pngScale, background: request.svg.transparent ? 'transparent' : 'white' }),
      );
      const png = captured.ok ? captured.value : captured;
      if (!png.ok) {
        io.err(png.error);
        return 1;
      }
      data = png.png;
      break;
    }
    case 'html':
      data = exportHtml(doc, { locale, catalogs: BUILT_IN_CATALOGS, comments: request.comments, ...(options.now ? { now: options.now() } : {}) });
      break;
    case 'svg':
      data = exportSvg(doc, {
        locale,
        title: request.svg.title,
        legend: request.svg.legend,
        background: request.svg.transparent ? 'transparent' : 'white',
      }).svg;
      break;
    case 'docx': {
      // The report's map picture needs Chromium; without one the report says it is attached apart.
      // Chromium is driven from this thread, which the report's build would hold for seconds: the
      // capture does not say it started, so the report is built after the picture (measured: built
      // meanwhile, it gained nothing at 2000 steps and lost ~0.5 s at 1000 on 2 cores).
      const built = await exportDocxWithPicture(
        doc,
        {
          locale,
          catalogs: BUILT_IN_CATALOGS,
          ...(counterpart ? { counterpart } : {}),
          comments: request.comments,
          now: options.now?.() ?? new Date(),
        },
        async () => {
          const captured = await withPrintEngine(request.browser, locale, options, (engine) => renderPng(engine, doc, { locale, ...REPORT_PICTURE }));
          return captured.ok ? captured.value : captured;
        },
      );
      if (built.warning !== undefined) io.err(translate(locale, 'cli.noMapPicture', { reason: built.warning }));
      data = built.docx;
      break;
    }
    case 'xlsx':
      data = await exportXlsx(doc, { locale, catalogs: BUILT_IN_CATALOGS, comments: request.comments });
      break;
    case 'csv':
      data = exportCsv(doc, { locale, kind: request.csv.kind, delimiter: request.csv.delimiter });
      break;
    case 'md':
      data = exportMarkdown(doc, { locale, catalogs: BUILT_IN_CATALOGS, comments: request.comments });
      break;
  }
  const size = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
  if (!(await writeMap(target, request.output, data, locale, io))) return 1;
  io.out(translate(locale, 'cli.exported', { file: request.output, size: formatBytes(size) }));
  return 0;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.stat(p);
    return true;
  } catch {
    return false;
  }
}
