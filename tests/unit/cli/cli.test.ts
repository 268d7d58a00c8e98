import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { isCliInvocation, printable, runCli, type CliOptions } from '../../../electron/cli/run';
import { IMPORT_LIMITS } from '../../../shared/import';
import { MAX_FILE_BYTES, NUMERIC_METRICS, restoreDocument, SCORECARD_KEYS } from '../../../shared/model';
import { readTemplateText } from '../../../templates';
import { PNG } from 'pngjs';
import { PDFDocument } from 'pdf-lib';
import type { CaptureSetup, PrintEngine } from '../../../electron/print/engine';

/**
 * A stand-in for Chromium, so these tests run without one (tests/e2e/export-print.e2e.ts prints
 * for real): the PDF is one blank page; a capture is a white tile of the asked size.
 */
interface PrintCall {
  kind: 'pdf' | 'capture';
  html: string;
  setup?: CaptureSetup;
}
const printCalls: PrintCall[] = [];
const fakeEngine = (): PrintEngine => ({
  async pdf(html) {
    printCalls.push({ kind: 'pdf', html });
    const pdf = await PDFDocument.create();
    pdf.addPage([842, 595]);
    return pdf.save();
  },
  async capture(html, setup) {
    printCalls.push({ kind: 'capture', html, setup });
    return {
      async shot(clip) {
        const png = new PNG({ width: Math.round(clip.width * setup.scale), height: Math.round(clip.height * setup.scale) });
        png.data.fill(255);
        return new Uint8Array(PNG.sync.write(png));
      },
      async close() {},
    };
  },
  async close() {},
});
const withChromium: CliOptions['openPrintEngine'] = async () => ({ ok: true, engine: fakeEngine() });

const root = fileURLToPath(new URL('../../../', import.meta.url));
const samplePath = path.join(root, 'templates/maps/driving-licence-as-is.cjm');
const sampleText = fs.readFileSync(samplePath, 'utf8');

/** Every line any test printed, to check that none is a stack trace. */
const everything: string[] = [];
const STACK_LINE = /^\s*at\s|\bat .+:\d+:\d+\)?$/m;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marshrut-cli-'));
});
afterAll(() => {
  expect(everything.length).toBeGreaterThan(0);
  for (const line of everything) expect(line).not.toMatch(STACK_LINE);
});

async function cli(args: string[], options: CliOptions = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    { cwd: dir, env: { LANG: 'en_US.UTF-8' }, openPrintEngine: withChromium, ...options },
  );
  everything.push(...out, ...err);
  return { code, out, err };
}
const write = (name: string, content: string | Uint8Array) => fs.writeFileSync(path.join(dir, name), content);
const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

describe('isCliInvocation', () => {
  it('is true when the first argument that is not an option is a command, or for --help/--version', () => {
    for (const args of [
      ['validate', 'a.cjm'],
      ['new', '--template', 'blank', '-o', 'x.cjm'],
      ['templates'],
      ['help'],
      ['--help'],
      ['-h'],
      ['--version'],
      ['--lang', 'ru', 'validate', 'a.cjm'],
      ['--lang=en', 'templates'],
      ['--no-sandbox', 'validate', 'a.cjm'],
      ['--', 'validate'],
      ['import', 'steps.csv', '-o', 'x.cjm'],
      ['metrics', 'a.cjm', '--json'],
      ['--lang', 'ru', 'compare', 'a.cjm', 'b.cjm'],
      ['--no-sandbox', 'import', '--pains', 'p.csv', 's.csv'],
      ['check', 'a.cjm', '--json'],
      ['--lang', 'ru', 'catalog', 'validate', 'c.json'],
      ['export', 'a.cjm', '--format', 'svg', '-o', 'a.svg'],
      ['--lang', 'ru', '--format', 'csv', 'export', 'a.cjm'],
      ['upgrade', 'old.cjm'],
    ]) {
      expect(isCliInvocation(args), args.join(' ')).toBe(true);
    }
  });

  it('is false for no arguments, a file to open, or only Chromium switches', () => {
    for (const args of [[], ['map.cjm'], ['/home/u/validate.cjm'], ['--no-sandbox'], ['--inspect=9229', 'map.cjm'], ['--lang', 'validate'], ['--', 'map.cjm']]) {
      expect(isCliInvocation(args), args.join(' ')).toBe(false);
    }
  });
});

describe('validate', () => {
  it('accepts the sample map: OK and exit 0', async () => {
    const result = await cli(['validate', samplePath]);
    expect(result).toEqual({ code: 0, out: [`OK ${samplePath}`], err: [] });
  });

  it('reports one line per problem, "<file>: <path>: <message>", and exits 1', async () => {
    const doc = JSON.parse(sampleText);
    doc.steps[0].emotion = 7;
    doc.steps[1].laneId = 'lane-nowhere';
    doc.meta.title = '';
    write('broken.cjm', JSON.stringify(doc));
    const result = await cli(['validate', 'broken.cjm']);
    expect(result.code).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err).toEqual([
      'broken.cjm: meta.title: Too small: expected string to have >=1 characters',
      'broken.cjm: steps[0].emotion: Too big: expected number to be <=2',
      'broken.cjm: steps[1].laneId: refers to a lane “lane-nowhere” that does not exist in the map',
    ]);
    doc.steps[0].emotion = 1;
    doc.meta.title = 'ok';
    write('dangling.cjm', JSON.stringify(doc));
    expect((await cli(['validate', 'dangling.cjm'])).err).toEqual([
      'dangling.cjm: steps[1].laneId: refers to a lane “lane-nowhere” that does not exist in the map',
    ]);
  });

  it('checks several files and fails if any fails', async () => {
    write('good.cjm', sampleText);
    write('bad.cjm', '{');
    const result = await cli(['validate', 'good.cjm', 'bad.cjm', 'good.cjm']);
    expect(result.code).toBe(1);
    expect(result.out).toEqual(['OK good.cjm', 'OK good.cjm']);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(/^bad\.cjm: The file is not a JSON document: /);
  });

  it('reports a missing file, a folder, an empty file, invalid UTF-8 and a newer version in one line each', async () => {
    fs.mkdirSync(path.join(dir, 'folder.cjm'));
    write('empty.cjm', '');
    write('latin1.cjm', new Uint8Array([0x7b, 0xe9, 0x7d]));
    write('newer.cjm', JSON.stringify({ format: 'marshrut/journey-map', version: 3 }));
    write('other.cjm', JSON.stringify({ format: 'drawio' }));
    const result = await cli(['validate', 'missing.cjm', 'folder.cjm', 'empty.cjm', 'latin1.cjm', 'newer.cjm', 'other.cjm']);
    expect(result.code).toBe(1);
    expect(result.err).toEqual([
      'missing.cjm: The file “missing.cjm” does not exist (it may have been moved or deleted).',
      'folder.cjm: “folder.cjm” is not a file.',
      'empty.cjm: The file is empty.',
      'latin1.cjm: The file is not UTF-8 text (it may be a different kind of file or damaged).',
      'newer.cjm: The map was saved by a newer version of Marshrut (format version 3; this version reads up to 2). Update the app to open it.',
      'other.cjm: This is not a Marshrut journey map (the “format” field is “drawio”, expected “marshrut/journey-map”).',
    ]);
  });

  it('refuses a file over the size limit without reading it', async () => {
    const big = path.join(dir, 'big.cjm');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, MAX_FILE_BYTES + 1); // sparse: no real disk use
    const result = await cli(['validate', 'big.cjm']);
    expect(result.code).toBe(1);
    expect(result.err).toEqual(['big.cjm: The file is too large (50.0 MB; the limit is 50.0 MB).']);
  });

  it('keeps each problem on one line and escapes control characters from the file', async () => {
    write('notjson.cjm', 'nope\n');
    write('escape.cjm', JSON.stringify({ format: '\u001b[2J\u202ex' }));
    const result = await cli(['validate', 'notjson.cjm', 'escape.cjm']);
    expect(result.err).toHaveLength(2);
    for (const line of result.err) {
      expect(line).not.toMatch(/[\n\r\u001b\u202e]/);
    }
    expect(result.err[1]).toContain('\\u001b[2J\\u202ex');
  });

  it('speaks Russian with --lang ru or a Russian LANG', async () => {
    const a = await cli(['--lang', 'ru', 'validate', 'missing.cjm']);
    expect(a.err).toEqual(['missing.cjm: Файл «missing.cjm» не существует (возможно, его переместили или удалили).']);
    const b = await cli(['validate', 'missing.cjm'], { env: { LANG: 'ru_RU.UTF-8' } });
    expect(b.err).toEqual(a.err);
    const c = await cli(['validate', 'missing.cjm', '--lang=en'], { env: { LANG: 'ru_RU.UTF-8' } });
    expect(c.err[0]).toMatch(/does not exist/);
    const d = await cli(['validate', 'missing.cjm'], { env: { LC_ALL: 'en_US.UTF-8', LANG: 'ru_RU.UTF-8' } });
    expect(d.err[0]).toMatch(/does not exist/);
  });

  it('needs at least one file', async () => {
    const result = await cli(['validate']);
    expect(result.code).toBe(1);
    expect(result.err).toEqual(['Name at least one file to check.', 'Run “marshrut help” to see the commands.']);
  });

  it('prints a count after the first 200 problems of a file', async () => {
    const doc = JSON.parse(sampleText);
    doc.flows = Array.from({ length: 300 }, (_, i) => ({ id: `f${i}`, from: 'x', to: 'step-find-info' }));
    write('many.cjm', JSON.stringify(doc));
    const result = await cli(['validate', 'many.cjm']);
    expect(result.err).toHaveLength(201);
    expect(result.err[200]).toBe('many.cjm: …and 100 more problems');
  });
});

describe('new', () => {
  const now = () => new Date('2025-05-06T07:08:09Z');

  it('writes the template canonically with fresh timestamps', async () => {
    const result = await cli(['new', '--template', 'driving-licence-as-is', '-o', 'licence.cjm'], { now });
    expect(result).toEqual({ code: 0, out: ['Created licence.cjm from the template “driving-licence-as-is”.'], err: [] });
    const text = read('licence.cjm');
    const restored = restoreDocument(text);
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    expect(restored.doc.meta.created).toBe('2025-05-06T07:08:09.000Z');
    expect(restored.doc.meta.modified).toBe('2025-05-06T07:08:09.000Z');
    // Apart from the timestamps it is the template, byte for byte.
    const template = readTemplateText('driving-licence-as-is')!;
    expect(text.replace(/\n {4}"created": .*\n {4}"modified": .*,/, '')).toBe(template);
    expect(fs.readdirSync(dir)).toEqual(['licence.cjm']); // no temp file left behind
    expect((await cli(['validate', 'licence.cjm'])).code).toBe(0);
  });

  it('creates a blank map in the chosen language', async () => {
    await cli(['new', '--template', 'blank', '--output', 'en.cjm', '--lang', 'en']);
    await cli(['--lang=ru', 'new', '-t', 'blank', '-o', 'ru.cjm']);
    const en = restoreDocument(read('en.cjm'));
    const ru = restoreDocument(read('ru.cjm'));
    expect(en.ok && en.doc.meta.title).toBe('New journey map');
    expect(ru.ok && ru.doc.meta.title).toBe('Новая карта пути');
  });

  it('refuses to overwrite an existing file unless --force', async () => {
    write('taken.cjm', 'precious');
    const refused = await cli(['new', '--template', 'blank', '-o', 'taken.cjm']);
    expect(refused.code).toBe(1);
    expect(refused.err).toEqual(['taken.cjm already exists; add --force to replace it.']);
    expect(read('taken.cjm')).toBe('precious');
    const forced = await cli(['new', '--template', 'blank', '-o', 'taken.cjm', '--force']);
    expect(forced.code).toBe(0);
    expect(restoreDocument(read('taken.cjm')).ok).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['taken.cjm']);
  });

  it('names the templates when the id is unknown or missing', async () => {
    const unknown = await cli(['new', '--template', 'passport', '-o', 'x.cjm']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toEqual(['There is no template “passport”. Templates: driving-licence-as-is, driving-licence-to-be, foreign-passport-as-is, child-birth-as-is, blank-blueprint, blank.']);
    const missing = await cli(['new', '-o', 'x.cjm']);
    expect(missing.code).toBe(1);
    expect(missing.err[0]).toBe('Choose a template with --template <id>. Templates: driving-licence-as-is, driving-licence-to-be, foreign-passport-as-is, child-birth-as-is, blank-blueprint, blank.');
    const ru = await cli(['new', '--template', 'passport', '-o', 'x.cjm', '--lang', 'ru']);
    expect(ru.err).toEqual(['Шаблона «passport» нет. Шаблоны: driving-licence-as-is, driving-licence-to-be, foreign-passport-as-is, child-birth-as-is, blank-blueprint, blank.']);
    expect(fs.existsSync(path.join(dir, 'x.cjm'))).toBe(false);
  });

  it('needs an output file, and says so when its folder does not exist', async () => {
    const noOutput = await cli(['new', '--template', 'blank']);
    expect(noOutput.code).toBe(1);
    expect(noOutput.err[0]).toBe('Name the file to create with -o <file>.');
    const noFolder = await cli(['new', '--template', 'blank', '-o', 'nowhere/x.cjm']);
    expect(noFolder.code).toBe(1);
    expect(noFolder.err).toEqual([`nowhere/x.cjm: The folder “${path.join(dir, 'nowhere')}” does not exist.`]);
    const value = await cli(['new', '--template']);
    expect(value.err[0]).toBe('The option --template needs a value.');
  });

  it('accepts the output file as a positional argument', async () => {
    expect((await cli(['new', '--template', 'blank', 'pos.cjm'])).code).toBe(0);
    expect(restoreDocument(read('pos.cjm')).ok).toBe(true);
    const extra = await cli(['new', '--template', 'blank', '-o', 'a.cjm', 'b.cjm']);
    expect(extra.err[0]).toBe('Unexpected argument “b.cjm”.');
  });
});

const fixtures = path.join(root, 'tests/fixtures/import');
const copyFixture = (name: string, as = name) => fs.copyFileSync(path.join(fixtures, name), path.join(dir, as));

/** Steps of an as-is and a to-be journey, small enough to check every number by hand. */
const AS_IS_CSV = [
  'stage,step,agency,visit,wait_min,service_min,cost_rub,lead_days,needs,produces',
  'Medical,Therapist,Clinic,yes,40,20,1500,1,,certificate',
  'Medical,Dispensary,Dispensary,yes,60,15,1000,2,,certificate',
  'Apply,Apply at the MFC,MFC,yes,30,15,2000,,certificate,receipt',
  'Licence,Get the licence,Traffic police,yes,20,10,,5,receipt,licence',
].join('\n');
const TO_BE_CSV = [
  'stage,step,agency,visit,wait_min,service_min,cost_rub,lead_days',
  'Medical,Medical check in one visit,Clinic,yes,30,40,2500,1',
  'Apply,Apply online,Gosuslugi,no,0,15,2000,',
  'Licence,Get the licence,Gosuslugi,no,,,,3',
].join('\n');

async function importedPair() {
  write('as-is.csv', AS_IS_CSV);
  write('to-be.csv', TO_BE_CSV);
  expect((await cli(['import', 'as-is.csv', '-o', 'as-is.cjm'])).code).toBe(0);
  expect((await cli(['import', 'to-be.csv', '-o', 'to-be.cjm'])).code).toBe(0);
}

describe('import', () => {
  const now = () => new Date('2025-05-06T07:08:09Z');

  it('writes a valid map from a CSV of steps and one of pains, and prints a summary', async () => {
    copyFixture('steps-en.csv');
    copyFixture('pains-en.csv');
    const result = await cli(['import', 'steps-en.csv', '--pains', 'pains-en.csv', '-o', 'map.cjm', '--title', 'Driving licence'], { now });
    expect(result).toEqual({
      code: 0,
      out: [
        'Rows: 8 (good: 8, with problems: 0). Stages: 4, lanes: 2, agencies: 4, documents: 4, steps: 4, flows: 4, pain points: 4.',
        'Wrote map.cjm.',
      ],
      err: [],
    });
    const restored = restoreDocument(read('map.cjm'));
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    expect(restored.doc.meta.title).toBe('Driving licence');
    expect(restored.doc.meta.created).toBe('2025-05-06T07:08:09.000Z');
    expect(restored.doc.painPoints).toHaveLength(4);
    expect((await cli(['validate', 'map.cjm'])).code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['map.cjm', 'pains-en.csv', 'steps-en.csv']); // no temp file left
  });

  it('reads a Russian cp1251 CSV and an XLSX, and speaks Russian', async () => {
    copyFixture('steps-ru-cp1251.csv', 'шаги.csv');
    const ru = await cli(['import', 'шаги.csv', '-o', 'ru.cjm', '--lang', 'ru']);
    expect(ru.code).toBe(0);
    expect(ru.out).toEqual([
      'Строк: 4 (без ошибок: 4, с ошибками: 0). Этапы: 3, дорожки: 2, ведомства: 4, документы: 4, шаги: 4, связи: 3, боли: 0.',
      'Записан файл ru.cjm.',
    ]);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Шаги');
    sheet.addRow(['Шаг', 'Стоимость_руб', 'Визит']);
    sheet.addRow(['Оплатить', { formula: '1000+500', result: 1500 }, true]);
    write('steps.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
    const xlsx = await cli(['import', 'steps.xlsx', '-o', 'x.cjm']);
    expect(xlsx.code).toBe(0);
    const doc = restoreDocument(read('x.cjm'));
    expect(doc.ok && doc.doc.steps[0]).toMatchObject({ title: 'Оплатить', costRub: 1500, inPerson: true });
  });

  it('prints one line per problem as <file>:<row>:<column>: <message>, writes nothing and exits 1', async () => {
    write('steps.csv', 'id,step,wait_min,next\na,First,5,b\nb,,x,zzz\nc,Third,1,\n');
    write('pains.csv', 'step,pain,severity\na,Queue,9\n');
    const result = await cli(['import', 'steps.csv', '--pains', 'pains.csv', '-o', 'out.cjm']);
    expect(result.code).toBe(1);
    expect(result.err).toEqual([
      'steps.csv:3:step: A value is required here.',
      'steps.csv:3:wait_min: “x” is not a number.',
      'steps.csv:3:next: There is no step with the id “zzz”.',
      'pains.csv:2:severity: “9” is not a severity: use a whole number from 1 to 5.',
      'Nothing was written: 4 problems. Fix them, or add --skip-bad-rows to import the other rows.',
    ]);
    expect(result.out).toEqual([
      'Rows: 4 (good: 2, with problems: 2). Stages: 1, lanes: 1, agencies: 0, documents: 0, steps: 2, flows: 0, pain points: 0.',
    ]);
    expect(fs.existsSync(path.join(dir, 'out.cjm'))).toBe(false);
  });

  it('imports the good rows with --skip-bad-rows, still listing the bad ones', async () => {
    write('steps.csv', 'step,wait_min\nFirst,5\nSecond,x\nThird,1\n');
    const result = await cli(['import', 'steps.csv', '-o', 'out.cjm', '--skip-bad-rows']);
    expect(result.code).toBe(0);
    expect(result.err).toEqual(['steps.csv:3:wait_min: “x” is not a number.']);
    expect(result.out[1]).toBe('Wrote out.cjm.');
    const doc = restoreDocument(read('out.cjm'));
    expect(doc.ok && doc.doc.steps.map((s) => s.title)).toEqual(['First', 'Third']);
    expect(doc.ok && doc.doc.flows.length).toBe(1);
  });

  it('says a whole-file problem once, without suggesting --skip-bad-rows', async () => {
    write('broken.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9, 9]));
    const corrupt = await cli(['import', 'broken.xlsx', '-o', 'out.cjm']);
    expect(corrupt.code).toBe(1);
    expect(corrupt.err).toHaveLength(2);
    expect(corrupt.err[0]).toMatch(/^broken\.xlsx: The file cannot be read as an Excel workbook \(\.xlsx\): /);
    expect(corrupt.err[1]).toBe('Nothing was written.');
    expect(corrupt.out).toEqual([]); // no rows were read: no summary
    write('noheader.csv', 'stage,agency\nA,B\n');
    const missing = await cli(['import', 'noheader.csv', '-o', 'out.cjm', '--skip-bad-rows']);
    expect(missing.err).toEqual(['noheader.csv:1:step: The required column “step” is missing (in Russian: “шаг”).', 'Nothing was written.']);
    write('empty.csv', '');
    expect((await cli(['import', 'empty.csv', '-o', 'out.cjm'])).err).toEqual(['empty.csv: The file is empty.', 'Nothing was written.']);
    expect(fs.existsSync(path.join(dir, 'out.cjm'))).toBe(false);
  });

  it('reports an unreadable, missing or too large input in one line', async () => {
    const missing = await cli(['import', 'missing.csv', '-o', 'out.cjm']);
    expect(missing).toEqual({ code: 1, out: [], err: ['missing.csv: The file “missing.csv” does not exist (it may have been moved or deleted).'] });
    fs.mkdirSync(path.join(dir, 'folder.csv'));
    expect((await cli(['import', 'folder.csv', '-o', 'out.cjm'])).err).toEqual(['folder.csv: “folder.csv” is not a file.']);
    write('steps.csv', 'step\nA\n');
    expect((await cli(['import', 'steps.csv', '--pains', 'nope.csv', '-o', 'out.cjm'])).err).toEqual([
      'nope.csv: The file “nope.csv” does not exist (it may have been moved or deleted).',
    ]);
    const big = path.join(dir, 'big.csv');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, IMPORT_LIMITS.bytes + 1);
    expect((await cli(['import', 'big.csv', '-o', 'out.cjm'])).err).toEqual(['big.csv: The file is too large (20.0 MB; the limit is 20.0 MB).']);
    expect(fs.existsSync(path.join(dir, 'out.cjm'))).toBe(false);
  });

  it('refuses to overwrite without --force, and says when the folder is missing', async () => {
    write('steps.csv', 'step\nA\n');
    write('taken.cjm', 'precious');
    const refused = await cli(['import', 'steps.csv', '-o', 'taken.cjm']);
    expect(refused).toEqual({ code: 1, out: [], err: ['taken.cjm already exists; add --force to replace it.'] });
    expect(read('taken.cjm')).toBe('precious');
    expect((await cli(['import', 'steps.csv', '-o', 'taken.cjm', '--force'])).code).toBe(0);
    expect(restoreDocument(read('taken.cjm')).ok).toBe(true);
    const noFolder = await cli(['import', 'steps.csv', '-o', 'nowhere/x.cjm']);
    expect(noFolder.code).toBe(1);
    expect(noFolder.err).toEqual([`nowhere/x.cjm: The folder “${path.join(dir, 'nowhere')}” does not exist.`]);
  });

  it('needs a steps file and an output', async () => {
    const none = await cli(['import']);
    expect(none.code).toBe(1);
    expect(none.err).toEqual(['Name the spreadsheet of steps: import <steps.csv|steps.xlsx> -o <file.cjm>.', 'Run “marshrut help” to see the commands.']);
    expect((await cli(['import', 'steps.csv'])).err[0]).toBe('Name the file to create with -o <file>.');
    expect((await cli(['import', 'a.csv', 'b.csv', '-o', 'x.cjm'])).err[0]).toBe('Unexpected argument “b.csv”.');
    expect((await cli(['import', 'a.csv', '-o', 'x.cjm', '--pains'])).err[0]).toBe('The option --pains needs a value.');
  });
});

describe('metrics', () => {
  it('prints the scorecard as a table in the chosen language', async () => {
    await importedPair();
    const en = await cli(['metrics', 'as-is.cjm']);
    expect(en.code).toBe(0);
    expect(en.err).toEqual([]);
    expect(en.out).toEqual([
      'Steps                          4',
      'Stages                         3',
      'Lanes                          1',
      'Agencies                       4',
      'In-person visits               4',
      'Handoffs between agencies      3',
      'Documents the citizen carries  2',
      'Separate payments              3',
      'Cost, ₽                        4500',
      'Citizen’s time, min            210',
      'Lead time, days                8',
      'Pain points                    0',
      'Pain points by severity        1: 0 · 2: 0 · 3: 0 · 4: 0 · 5: 0',
      'Pain points by agency          —',
      'Cross-agency pain points       0',
    ]);
    const ru = await cli(['metrics', 'as-is.cjm', '--lang', 'ru']);
    expect(ru.out[4]).toMatch(/^Личные визиты +4$/);
    expect(ru.out[8]).toMatch(/^Стоимость, ₽ +4500$/);
    expect(ru.out).toHaveLength(SCORECARD_KEYS.length);
  });

  it('lists pain points by agency one per line, most first', async () => {
    copyFixture('steps-en.csv');
    copyFixture('pains-en.csv');
    await cli(['import', 'steps-en.csv', '--pains', 'pains-en.csv', '-o', 'map.cjm']);
    const result = await cli(['metrics', 'map.cjm']);
    const at = result.out.findIndex((line) => line.startsWith('Pain points by agency'));
    expect(result.out.slice(at, at + 5)).toEqual([
      'Pain points by agency',
      '  Polyclinic No. 3      2',
      '  Gosuslugi portal      1',
      '  MFC                   1',
      '  Traffic police (MVD)  1',
    ]);
    expect(result.out).toContain('Pain points by severity        1: 0 · 2: 1 · 3: 1 · 4: 1 · 5: 1');
  });

  it('--json prints an object with exactly the scorecard keys, in order', async () => {
    await importedPair();
    const result = await cli(['metrics', 'as-is.cjm', '--json']);
    expect(result.code).toBe(0);
    const card = JSON.parse(result.out.join('\n'));
    expect(Object.keys(card)).toEqual([...SCORECARD_KEYS]);
    expect(card).toMatchObject({ steps: 4, visits: 4, handoffs: 3, citizenCarriedDocuments: 2, costRub: 4500, citizenMinutes: 210, leadDays: 8 });
    expect(card.painPointsBySeverity).toEqual({ '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 });
    expect(card.painPointsByAgency).toEqual({});
  });

  it('reports a missing or invalid map in one line per problem and exits 1', async () => {
    const missing = await cli(['metrics', 'missing.cjm', '--json']);
    expect(missing).toEqual({ code: 1, out: [], err: ['missing.cjm: The file “missing.cjm” does not exist (it may have been moved or deleted).'] });
    write('bad.cjm', '{');
    const bad = await cli(['metrics', 'bad.cjm']);
    expect(bad.code).toBe(1);
    expect(bad.err).toHaveLength(1);
    expect(bad.err[0]).toMatch(/^bad\.cjm: The file is not a JSON document: /);
    expect((await cli(['metrics'])).err[0]).toBe('Name the map: metrics <file>.');
    expect((await cli(['metrics', 'a.cjm', 'b.cjm'])).err[0]).toBe('Unexpected argument “b.cjm”.');
  });
});

describe('compare', () => {
  it('prints one line per numeric metric: as-is → to-be (change)', async () => {
    await importedPair();
    const en = await cli(['compare', 'as-is.cjm', 'to-be.cjm']);
    expect(en.code).toBe(0);
    expect(en.out).toEqual([
      'Steps                          4 → 3 (−1)',
      'Stages                         3 → 3 (0)',
      'Lanes                          1 → 1 (0)',
      'Agencies                       4 → 2 (−2)',
      'In-person visits               4 → 1 (−3)',
      'Handoffs between agencies      3 → 1 (−2)',
      'Documents the citizen carries  2 → 0 (−2)',
      'Separate payments              3 → 2 (−1)',
      'Cost, ₽                        4500 → 4500 (0)',
      'Citizen’s time, min            210 → 85 (−125)',
      'Lead time, days                8 → 4 (−4)',
      'Pain points                    0 → 0 (0)',
      'Cross-agency pain points       0 → 0 (0)',
    ]);
    const ru = await cli(['compare', 'to-be.cjm', 'as-is.cjm', '--lang', 'ru']);
    expect(ru.out).toHaveLength(NUMERIC_METRICS.length);
    expect(ru.out[4]).toMatch(/^Личные визиты +1 → 4 \(\+3\)$/);
  });

  it('--json prints { metric: { asIs, toBe, delta } } for exactly the numeric metrics', async () => {
    await importedPair();
    const result = await cli(['compare', 'as-is.cjm', 'to-be.cjm', '--json']);
    expect(result.code).toBe(0);
    const changes = JSON.parse(result.out.join('\n'));
    expect(Object.keys(changes)).toEqual([...NUMERIC_METRICS]);
    for (const key of NUMERIC_METRICS) expect(Object.keys(changes[key]), key).toEqual(['asIs', 'toBe', 'delta']);
    expect(changes.visits).toEqual({ asIs: 4, toBe: 1, delta: -3 });
    expect(changes.citizenMinutes).toEqual({ asIs: 210, toBe: 85, delta: -125 });
  });

  it('needs two valid maps', async () => {
    await importedPair();
    expect((await cli(['compare', 'as-is.cjm'])).err[0]).toBe('Name two maps: compare <as-is> <to-be>.');
    expect((await cli(['compare', 'a', 'b', 'c'])).err[0]).toBe('Unexpected argument “c”.');
    const missing = await cli(['compare', 'as-is.cjm', 'gone.cjm']);
    expect(missing).toEqual({ code: 1, out: [], err: ['gone.cjm: The file “gone.cjm” does not exist (it may have been moved or deleted).'] });
    write('broken.cjm', '{"format":"marshrut/journey-map","version":1,"meta":{"title":""}}');
    const both = await cli(['compare', 'broken.cjm', 'gone.cjm', '--json']);
    expect(both.code).toBe(1);
    expect(both.out).toEqual([]);
    expect(both.err).toEqual([
      'broken.cjm: meta.title: Too small: expected string to have >=1 characters',
      'gone.cjm: The file “gone.cjm” does not exist (it may have been moved or deleted).',
    ]);
  });
});

describe('check', () => {
  const toBePath = path.join(root, 'templates/maps/driving-licence-to-be.cjm');
  /** The sample with its severe pain point cut off from every opportunity. */
  const withProblem = () => {
    const doc = JSON.parse(sampleText);
    const pain = doc.painPoints.find((p: { id: string }) => p.id === 'pain-two-dispensaries');
    pain.opportunityIds = [];
    doc.opportunities = doc.opportunities.filter((o: { id: string }) => o.id !== 'opp-one-site');
    return JSON.stringify(doc);
  };

  it('prints one line per finding, "[severity] message (→ catalog section “title” url)", and exits 0 without problems', async () => {
    const result = await cli(['check', samplePath]);
    expect(result.code).toBe(0);
    expect(result.err).toEqual([]);
    expect(result.out).toHaveLength(6);
    for (const line of result.out) expect(line).toMatch(/^\[warning\] .+ \(→ ranepa-cx 1\.horizontal “Simplifying horizontal \(inter-agency\) interaction” https:\/\/cx\.cdto\.ranepa\.ru; ranepa-cx 3\.2 “The product in a civil servant’s work” https:\/\/cx\.cdto\.ranepa\.ru\/3-2-produkt-v-rabote-gossluzhashchego\)$/);
    expect(result.out[0]).toMatch(/^\[warning\] The handoff “Приём психиатра” → “Вернуться в поликлинику с заключениями диспансеров” between agencies/);
    const ru = await cli(['check', toBePath, '--lang', 'ru']);
    expect(ru.code).toBe(0);
    expect(ru.out).toHaveLength(3);
    expect(ru.out.at(-1)).toMatch(/^\[предупреждение\] Передача «.+» → «.+» между ведомствами .+ \(→ ranepa-cx 1\.horizontal «.+» https:\/\/cx\.cdto\.ranepa\.ru; ranepa-cx 3\.2 «.+» https:\/\/cx\.cdto\.ranepa\.ru\/3-2-produkt-v-rabote-gossluzhashchego\)$/);
  });

  it('exits 1 when a finding is a problem; problems come first', async () => {
    write('problem.cjm', withProblem());
    const result = await cli(['check', 'problem.cjm']);
    expect(result.code).toBe(1);
    expect(result.out[0]).toMatch(/^\[problem\] The severe pain point “Два диспансера в разных местах города” \(severity 5 of 5\) has no linked opportunity: propose how to fix it\. \(→ ranepa-cx 5\.1 “Stages of designing a client-centric product” https:\/\/cx\.cdto\.ranepa\.ru\/5-1-ehtapy-proektirovaniya-klientocentrichnogo-produkta\)$/);
  });

  it('says so when there is nothing to report', async () => {
    await cli(['new', '--template', 'blank', '-o', 'blank.cjm']);
    expect(await cli(['check', 'blank.cjm'])).toEqual({ code: 0, out: ['No findings: the map is in good shape.'], err: [] });
    expect((await cli(['check', 'blank.cjm', '--lang', 'ru'])).out).toEqual(['Замечаний нет: с картой всё в порядке.']);
  });

  it('--json prints a list of { rule, severity, message, elementIds, guidance: [{ catalog, section, url }] }', async () => {
    write('problem.cjm', withProblem());
    const result = await cli(['check', 'problem.cjm', '--json']);
    expect(result.code).toBe(1);
    const list = JSON.parse(result.out.join('\n')) as Record<string, unknown>[];
    expect(list).toHaveLength(7);
    for (const item of list) {
      expect(Object.keys(item)).toEqual(['rule', 'severity', 'message', 'elementIds', 'guidance']);
      for (const g of item.guidance as Record<string, unknown>[]) expect(Object.keys(g)).toEqual(['catalog', 'section', 'url']);
    }
    expect(list[0]).toEqual({
      rule: 'severe-pain-without-opportunity',
      severity: 'problem',
      message: 'The severe pain point “Два диспансера в разных местах города” (severity 5 of 5) has no linked opportunity: propose how to fix it.',
      elementIds: ['pain-two-dispensaries'],
      guidance: [{ catalog: 'ranepa-cx', section: '5.1', url: 'https://cx.cdto.ranepa.ru/5-1-ehtapy-proektirovaniya-klientocentrichnogo-produkta' }],
    });
    expect(list[1]).toMatchObject({ rule: 'unexamined-handoff', severity: 'warning', elementIds: ['flow-10', 'step-pnd-doctor', 'step-return-polyclinic'] });
    const clean = await cli(['check', samplePath, '--json']);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.out.join('\n'))).toHaveLength(6);
    // a map-level finding has no element ids
    const doc = JSON.parse(sampleText);
    doc.personas = [];
    write('nobody.cjm', JSON.stringify(doc));
    const nobody = JSON.parse((await cli(['check', 'nobody.cjm', '--json'])).out.join('\n')) as { rule: string; elementIds: string[] }[];
    expect(nobody.find((f) => f.rule === 'no-persona')?.elementIds).toEqual([]);
  });

  it('needs one valid map', async () => {
    expect(await cli(['check'])).toEqual({ code: 1, out: [], err: ['Name the map: check <file>.', 'Run “marshrut help” to see the commands.'] });
    expect((await cli(['check', 'a.cjm', 'b.cjm'])).err[0]).toBe('Unexpected argument “b.cjm”.');
    const missing = await cli(['check', 'missing.cjm', '--json']);
    expect(missing).toEqual({ code: 1, out: [], err: ['missing.cjm: The file “missing.cjm” does not exist (it may have been moved or deleted).'] });
    write('bad.cjm', '{"format":"marshrut/journey-map","version":1,"meta":{"title":""}}');
    expect(await cli(['check', 'bad.cjm'])).toEqual({ code: 1, out: [], err: ['bad.cjm: meta.title: Too small: expected string to have >=1 characters'] });
  });
});

describe('catalog validate', () => {
  const catalogPath = path.join(root, 'templates/guidance/ranepa-cx.json');
  const good = () => ({
    format: 'marshrut/guidance-catalog',
    version: 1,
    id: 'regional',
    title: { ru: 'Региональное руководство' },
    baseUrl: 'https://example.org',
    languages: ['ru'],
    sections: [{ id: '1', title: { ru: 'Глава 1' } }],
  });

  it('accepts the built-in catalogs and a good one: OK, the id and the number of sections, exit 0', async () => {
    expect(await cli(['catalog', 'validate', catalogPath])).toEqual({ code: 0, out: [`OK ${catalogPath}: catalog “ranepa-cx”, sections: 14`], err: [] });
    expect((await cli(['catalog', 'validate', path.join(root, 'templates/guidance/gov-frame.json')])).code).toBe(0);
    write('regional.json', JSON.stringify(good()));
    expect((await cli(['catalog', 'validate', 'regional.json', '--lang', 'ru'])).out).toEqual(['OK regional.json: справочник «regional», разделов: 1']);
  });

  it('prints one line per problem, "<file>: <path>: <message>", and exits 1', async () => {
    const catalog = good() as ReturnType<typeof good> & { sections: Record<string, unknown>[] };
    catalog.sections.push({ id: '1', title: { ru: 'Снова 1' } });
    catalog.baseUrl = 'javascript:alert(1)';
    write('bad.json', JSON.stringify(catalog));
    const result = await cli(['catalog', 'validate', 'bad.json']);
    expect(result).toEqual({
      code: 1,
      out: [],
      err: ['bad.json: baseUrl: expected a web link that starts with http:// or https://', 'bad.json: sections[1].id: the section id “1” is used twice'],
    });
    catalog.baseUrl = 'https://example.org';
    write('bad.json', JSON.stringify(catalog));
    expect((await cli(['catalog', 'validate', 'bad.json'])).err).toEqual(['bad.json: sections[1].id: the section id “1” is used twice']);
  });

  it('refuses a map, a file that is not JSON or not UTF-8, a missing file and one over 2 MB, in one line', async () => {
    expect((await cli(['catalog', 'validate', samplePath])).err).toEqual([
      `${samplePath}: This is not a Marshrut guidance catalog (the “format” field is “marshrut/journey-map”, expected “marshrut/guidance-catalog”).`,
    ]);
    write('notjson.json', '{ format: 1 }');
    const notJson = await cli(['catalog', 'validate', 'notjson.json']);
    expect(notJson.code).toBe(1);
    expect(notJson.err).toEqual([expect.stringMatching(/^notjson\.json: The file is not JSON: /)]);
    write('latin1.json', new Uint8Array([0x7b, 0xe9, 0x7d]));
    expect((await cli(['catalog', 'validate', 'latin1.json'])).err).toHaveLength(1);
    expect((await cli(['catalog', 'validate', 'missing.json'])).err).toEqual(['missing.json: The file “missing.json” does not exist (it may have been moved or deleted).']);
    write('big.json', ' '.repeat(2 * 1024 * 1024 + 1));
    expect(await cli(['catalog', 'validate', 'big.json'])).toEqual({ code: 1, out: [], err: ['big.json: The catalog file is too large (2.0 MB; the limit is 2.0 MB).'] });
  });

  it('needs the action and one file', async () => {
    expect((await cli(['catalog'])).err[0]).toBe('Say what to do with the catalog: catalog validate <file.json>.');
    expect(await cli(['catalog', 'check', 'a.json'])).toEqual({
      code: 1,
      out: [],
      err: ['Unknown catalog action “check”; use: catalog validate <file.json>.', 'Run “marshrut help” to see the commands.'],
    });
    expect((await cli(['catalog', 'validate'])).err[0]).toBe('Name the catalog file: catalog validate <file.json>.');
    expect((await cli(['catalog', 'validate', 'a.json', 'b.json'])).err[0]).toBe('Unexpected argument “b.json”.');
  });
});

describe('export', () => {
  const toBePath = path.join(root, 'templates/maps/driving-licence-to-be.cjm');
  const toBeTitle = (JSON.parse(fs.readFileSync(toBePath, 'utf8')) as { meta: { title: string } }).meta.title;
  const bytes = (name: string) => fs.readFileSync(path.join(dir, name));
  const docxText = async (name: string) => (await JSZip.loadAsync(bytes(name)).then((zip) => zip.file('word/document.xml')?.async('string'))) ?? '';

  it('writes each available format of the sample map: non-empty, of the right kind, with one line "Exported <out> (<size>)"', async () => {
    const expected: Record<string, (data: Buffer) => void> = {
      pdf: (data) => expect(data.toString('latin1')).toMatch(/^%PDF-/),
      png: (data) => expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
      html: (data) => expect(data.toString('utf8')).toMatch(/^<!doctype html>/i),
      svg: (data) => expect(data.toString('utf8')).toMatch(/^(<svg|<\?xml)/),
      docx: (data) => expect(data.subarray(0, 2).toString('latin1')).toBe('PK'),
      xlsx: (data) => expect(data.subarray(0, 2).toString('latin1')).toBe('PK'),
      csv: (data) => expect(data.toString('utf8')).toMatch(/^\uFEFFstage,lane,step,agency,/),
      md: (data) => expect(data.toString('utf8')).toMatch(/^#/),
    };
    for (const [format, check] of Object.entries(expected)) {
      const out = `map.${format}`;
      const result = await cli(['export', samplePath, '--format', format, '-o', out]);
      expect(result.err, format).toEqual([]);
      expect(result.code, format).toBe(0);
      const data = bytes(out);
      expect(data.length, format).toBeGreaterThan(100);
      check(data);
      expect(result.out, format).toHaveLength(1);
      expect(result.out[0], format).toMatch(new RegExp(`^Exported map\\.${format} \\(\\d+(\\.\\d)? (B|KB|MB)\\)$`));
    }
    // the workbook opens in a real parser, with the steps sheet filled
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(dir, 'map.xlsx'));
    expect(workbook.worksheets.length).toBeGreaterThan(1);
    expect(workbook.worksheets[0]?.rowCount).toBeGreaterThan(5);
    // the report is a real docx with the map's title
    const sampleTitle = (JSON.parse(sampleText) as { meta: { title: string } }).meta.title;
    expect(await docxText('map.docx')).toContain(sampleTitle);
  }, 60_000);

  it('applies the format options: csv --kind pains --delimiter ";", svg --no-title --no-legend --transparent', async () => {
    expect((await cli(['export', samplePath, '--format', 'csv', '--kind', 'pains', '--delimiter', ';', '-o', 'pains.csv'])).code).toBe(0);
    expect(read('pains.csv')).toMatch(/^\uFEFFstep;pain;severity;agencies;cause;evidence;description\r\n/);
    expect((await cli(['export', samplePath, '--format=csv', '--delimiter=;', '-o', 'steps.csv'])).code).toBe(0);
    expect(read('steps.csv')).toMatch(/^\uFEFFstage;lane;step;/);

    expect((await cli(['export', samplePath, '--format', 'svg', '-o', 'full.svg'])).code).toBe(0);
    expect((await cli(['export', samplePath, '--format', 'svg', '--no-title', '--no-legend', '--transparent', '-o', 'bare.svg'])).code).toBe(0);
    const full = read('full.svg');
    const bare = read('bare.svg');
    expect(bare.length).toBeLessThan(full.length);
    const sampleTitle = (JSON.parse(sampleText) as { meta: { title: string } }).meta.title;
    expect(full).toContain(sampleTitle);
  });

  it('writes the as-is / to-be comparison into the docx with --counterpart', async () => {
    expect((await cli(['export', samplePath, '--format', 'docx', '-o', 'plain.docx'])).code).toBe(0);
    const result = await cli(['export', samplePath, '--format', 'docx', '--counterpart', toBePath, '-o', 'compared.docx']);
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    const plain = await docxText('plain.docx');
    const compared = await docxText('compared.docx');
    expect(plain).not.toContain('As-is and to-be comparison');
    expect(compared).toContain('As-is and to-be comparison');
    expect(compared).toContain(toBeTitle);
    // a broken counterpart stops the export with its problems, one line each
    write('broken.cjm', '{');
    const broken = await cli(['export', samplePath, '--format', 'docx', '--counterpart', 'broken.cjm', '-o', 'x.docx']);
    expect(broken.code).toBe(1);
    expect(broken.err).toHaveLength(1);
    expect(broken.err[0]).toMatch(/^broken\.cjm: The file is not a JSON document: /);
    expect(fs.existsSync(path.join(dir, 'x.docx'))).toBe(false);
  }, 60_000);

  it('speaks Russian with --lang ru, in the messages and in the export', async () => {
    const result = await cli(['export', samplePath, '--format', 'md', '-o', 'map.md', '--lang', 'ru']);
    expect(result.code).toBe(0);
    expect(result.out[0]).toMatch(/^Выгружен файл map\.md \(\d/);
    expect(read('map.md')).toMatch(/[а-яё]/i);
    const badScale = await cli(['export', samplePath, '--format', 'png', '--scale', '3', '-o', 'map.png', '--lang', 'ru']);
    expect(badScale.err[0]).toBe('--scale 3: для PNG укажите 1, 2 или 4; для плаката PDF — число от 0,5 до 2.');
  });

  it('refuses to overwrite without --force, replaces with it, and never overwrites the map itself', async () => {
    write('taken.svg', 'old');
    const refused = await cli(['export', samplePath, '--format', 'svg', '-o', 'taken.svg']);
    expect(refused).toEqual({ code: 1, out: [], err: ['taken.svg already exists; add --force to replace it.'] });
    expect(read('taken.svg')).toBe('old');
    const forced = await cli(['export', samplePath, '--format', 'svg', '-o', 'taken.svg', '--force']);
    expect(forced.code).toBe(0);
    expect(read('taken.svg')).toMatch(/^(<svg|<\?xml)/);
    expect(fs.readdirSync(dir).sort()).toEqual(['taken.svg']); // no temporary or backup files left

    write('map.cjm', sampleText);
    const self = await cli(['export', 'map.cjm', '--format', 'md', '-o', './map.cjm', '--force']);
    expect(self.code).toBe(1);
    expect(self.err).toEqual(['./map.cjm is the map being exported; choose another output file.']);
    expect(read('map.cjm')).toBe(sampleText);

    const noFolder = await cli(['export', samplePath, '--format', 'md', '-o', 'nowhere/map.md']);
    expect(noFolder.code).toBe(1);
    expect(noFolder.err).toEqual([`nowhere/map.md: The folder “${path.join(dir, 'nowhere')}” does not exist.`]);
  });

  it('prints PDF and PNG with their options, and says in one line when there is no Chromium', async () => {
    // --page A4 --tiles --appendix: the A4 poster page, then the appendix printed apart.
    printCalls.length = 0;
    const poster = await cli(['export', samplePath, '--format', 'pdf', '--page', 'a4', '--tiles', '--scale', '0.5', '--appendix', '-o', 'poster.pdf']);
    expect(poster.err).toEqual([]);
    expect(poster.code).toBe(0);
    expect(printCalls.map((c) => c.kind)).toEqual(['pdf', 'pdf']);
    expect(printCalls[0]?.html).toContain('size: 297mm 210mm');
    expect(printCalls[0]?.html).toContain('class="sheet assembly"');
    expect(printCalls[1]?.html).toContain('class="appendix"');
    // --scale 2: the PNG is the picture at twice its size.
    printCalls.length = 0;
    expect((await cli(['export', samplePath, '--format', 'png', '--scale', '2', '-o', 'map.png'])).code).toBe(0);
    const png = PNG.sync.read(fs.readFileSync(path.join(dir, 'map.png')));
    const setup = printCalls[0]?.setup as CaptureSetup;
    expect(setup.scale).toBe(2);
    expect([png.width, png.height]).toEqual([setup.width * 2, setup.height * 2]);
    // The docx report gets the map's picture from the same engine.
    const report = await JSZip.loadAsync(await cli(['export', samplePath, '--format', 'docx', '-o', 'report.docx']).then(() => bytes('report.docx')));
    expect(Object.keys(report.files).some((name) => name.startsWith('word/media/'))).toBe(true);

    const none: CliOptions['openPrintEngine'] = async (browser) => ({ ok: false, detail: `${browser ?? '/usr/bin/chromium'} does not exist` });
    for (const format of ['pdf', 'png']) {
      const result = await cli(['export', samplePath, '--format', format, '--browser', '/no/chromium', '-o', `none.${format}`], { openPrintEngine: none });
      expect(result).toEqual({
        code: 1,
        out: [],
        err: ['No Chromium to print with: /no/chromium does not exist. Install it (on Debian: apt-get install -y chromium) or name one with --browser <path>.'],
      });
      expect(fs.existsSync(path.join(dir, `none.${format}`))).toBe(false);
    }
    // Without Chromium the docx is still written, without the picture, and says so.
    const plain = await cli(['export', samplePath, '--format', 'docx', '-o', 'plain.docx'], { openPrintEngine: none });
    expect(plain.code).toBe(0);
    expect(plain.err).toEqual(['The report has no map picture: No Chromium to print with: /usr/bin/chromium does not exist. Install it (on Debian: apt-get install -y chromium) or name one with --browser <path>.']);
    const plainZip = await JSZip.loadAsync(bytes('plain.docx'));
    expect(Object.keys(plainZip.files).some((name) => name.startsWith('word/media/'))).toBe(false);
   }, 60_000);

  it('refuses a PNG larger than a PNG may be, naming the size', async () => {
    write('big.cjm', JSON.stringify((await import('../../../shared/export/large-map')).generateLargeMap(1000)));
    const result = await cli(['export', 'big.cjm', '--format', 'png', '--scale', '4', '-o', 'big.png']);
    expect(result.code).toBe(1);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toMatch(/^The picture would be 40,672 × 14,408 pixels at 4×/);
    expect(fs.existsSync(path.join(dir, 'big.png'))).toBe(false);
  }, 30_000);

  it('reports an invalid or missing map with the restore problems, one line each, and writes nothing', async () => {
    const doc = JSON.parse(sampleText);
    doc.steps[0].emotion = 7;
    doc.meta.title = '';
    write('broken.cjm', JSON.stringify(doc));
    const broken = await cli(['export', 'broken.cjm', '--format', 'svg', '-o', 'out.svg']);
    expect(broken.code).toBe(1);
    expect(broken.out).toEqual([]);
    expect(broken.err).toEqual([
      'broken.cjm: meta.title: Too small: expected string to have >=1 characters',
      'broken.cjm: steps[0].emotion: Too big: expected number to be <=2',
    ]);
    const missing = await cli(['export', 'missing.cjm', '--format', 'xlsx', '-o', 'out.xlsx']);
    expect(missing.err).toEqual(['missing.cjm: The file “missing.cjm” does not exist (it may have been moved or deleted).']);
    expect(fs.readdirSync(dir)).toEqual(['broken.cjm']);
  });

  it('names the formats when the format is unknown or missing, and refuses misplaced or bad options', async () => {
    const hint = 'Run “marshrut help” to see the commands.';
    expect(await cli(['export', samplePath, '--format', 'pptx', '-o', 'x.pptx'])).toEqual({
      code: 1,
      out: [],
      err: ['Unknown format “pptx”; use one of: pdf, png, svg, html, docx, xlsx, csv, md.', hint],
    });
    expect((await cli(['export', samplePath, '-o', 'x.svg'])).err).toEqual(['Choose a format with --format <format>: pdf, png, svg, html, docx, xlsx, csv, md.', hint]);
    expect((await cli(['export', samplePath, '--format', 'svg'])).err[0]).toBe('Name the file to create with -o <file>.');
    expect((await cli(['export', '--format', 'svg', '-o', 'x.svg'])).err[0]).toBe('Name the map: export <file> --format <format> -o <out>.');
    expect((await cli(['export', samplePath, 'b.cjm', '--format', 'svg', '-o', 'x.svg'])).err[0]).toBe('Unexpected argument “b.cjm”.');
    expect((await cli(['export', samplePath, '--format', 'md', '--kind', 'pains', '-o', 'x.md'])).err[0]).toBe('The option --kind applies only to --format csv.');
    expect((await cli(['export', samplePath, '--format', 'csv', '--no-legend', '-o', 'x.csv'])).err[0]).toBe('The option --no-legend applies only to --format svg, png, pdf.');
    expect((await cli(['export', samplePath, '--format', 'svg', '--tiles', '-o', 'x.svg'])).err[0]).toBe('The option --tiles applies only to --format pdf.');
    expect((await cli(['export', samplePath, '--format', 'pdf', '--page', 'B5', '-o', 'x.pdf'])).err[0]).toBe('--page B5: use one of A4, A3, A2, A1, A0.');
    expect((await cli(['export', samplePath, '--format', 'pdf', '--page', 'A2', '--tiles', '-o', 'x.pdf'])).err[0]).toBe('--tiles prints on A4 or A3 sheets, not A2.');
    expect((await cli(['export', samplePath, '--format', 'pdf', '--scale', '2', '-o', 'x.pdf'])).err[0]).toBe('--scale 2: for PNG use 1, 2 or 4; for a tiled PDF a number from 0.5 to 2.');
    expect((await cli(['export', samplePath, '--format', 'svg', '--counterpart', toBePath, '-o', 'x.svg'])).err[0]).toBe(
      'The option --counterpart applies only to --format docx.',
    );
    expect((await cli(['export', samplePath, '--format', 'csv', '--kind', 'flows', '-o', 'x.csv'])).err[0]).toBe('Unknown CSV kind “flows”; use steps or pains.');
    expect((await cli(['export', samplePath, '--format', 'csv', '--delimiter', 'tab', '-o', 'x.csv'])).err[0]).toBe('Unknown delimiter “tab”; use ";" or ",".');
    expect((await cli(['export', samplePath, '--format'])).err[0]).toBe('The option --format needs a value.');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('upgrade', () => {
  /** The sample as a format-1 file: version 1, without the workshop arrays format 2 added. */
  const versionOne = () => {
    const raw = JSON.parse(sampleText) as Record<string, unknown>;
    raw.version = 1;
    delete raw.threads;
    delete raw.votingRounds;
    delete raw.baselines;
    return `${JSON.stringify(raw, null, 2)}\n`;
  };
  const bytes = (name: string) => fs.readFileSync(path.join(dir, name));
  const names = () => fs.readdirSync(dir).sort();

  it('migrates a version-1 map in place, keeping the old bytes as <file>.bak', async () => {
    write('map.cjm', versionOne());
    const before = bytes('map.cjm');
    expect(restoreDocument(before.toString('utf8'))).toMatchObject({ ok: true, fromVersion: 1 });

    const result = await cli(['upgrade', 'map.cjm']);
    expect(result).toEqual({ code: 0, out: ['Upgraded map.cjm from format version 1 to 2 (backup: map.cjm.bak)'], err: [] });
    const after = JSON.parse(read('map.cjm')) as Record<string, unknown>;
    expect(after.version).toBe(2);
    expect(after).toMatchObject({ threads: [], votingRounds: [], baselines: [] });
    const restored = restoreDocument(read('map.cjm'));
    expect(restored).toMatchObject({ ok: true, fromVersion: 2, migrations: [] });
    // the content is the sample's: only the version and the new arrays changed
    expect(restored.ok && restored.doc).toEqual((restoreDocument(sampleText) as { doc: unknown }).doc);
    expect(bytes('map.cjm.bak').equals(before)).toBe(true);
    expect(names()).toEqual(['map.cjm', 'map.cjm.bak']); // no temp file left

    // a second run has nothing to do and touches nothing
    const upgraded = bytes('map.cjm');
    expect(await cli(['upgrade', 'map.cjm'])).toEqual({ code: 0, out: ['map.cjm is already at format version 2'], err: [] });
    expect(bytes('map.cjm').equals(upgraded)).toBe(true);
    expect(bytes('map.cjm.bak').equals(before)).toBe(true);
  });

  it('leaves a current map alone, and answers in Russian', async () => {
    write('current.cjm', sampleText);
    expect(await cli(['upgrade', 'current.cjm'])).toEqual({ code: 0, out: ['current.cjm is already at format version 2'], err: [] });
    expect(read('current.cjm')).toBe(sampleText);
    expect(names()).toEqual(['current.cjm']);

    write('old.cjm', versionOne());
    const ru = await cli(['upgrade', 'old.cjm', '--lang', 'ru']);
    expect(ru).toEqual({ code: 0, out: ['Файл old.cjm переведён с версии формата 1 на 2 (резервная копия: old.cjm.bak)'], err: [] });
    expect((await cli(['upgrade', 'old.cjm', '--lang', 'ru'])).out).toEqual(['Файл old.cjm уже в версии формата 2']);
  });

  it('refuses a map from a newer version and leaves it untouched', async () => {
    const raw = JSON.parse(sampleText) as Record<string, unknown>;
    raw.version = 3;
    const text = JSON.stringify(raw);
    write('newer.cjm', text);
    const result = await cli(['upgrade', 'newer.cjm']);
    expect(result.code).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err).toEqual([
      'newer.cjm: The map was saved by a newer version of Marshrut (format version 3; this version reads up to 2). Update the app to open it.',
    ]);
    expect(read('newer.cjm')).toBe(text);
    expect(names()).toEqual(['newer.cjm']);
  });

  it('refuses an invalid map with its problems one line each and leaves it untouched', async () => {
    const raw = JSON.parse(versionOne()) as { meta: Record<string, unknown>; steps: Record<string, unknown>[] };
    delete raw.meta.title;
    (raw.steps[0] as Record<string, unknown>).title = 5;
    const text = JSON.stringify(raw);
    write('broken.cjm', text);
    const result = await cli(['upgrade', 'broken.cjm']);
    expect(result.code).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err).toHaveLength(2);
    expect(result.err[0]).toMatch(/^broken\.cjm: meta\.title: /);
    expect(result.err[1]).toMatch(/^broken\.cjm: steps\[0\]\.title: /);
    expect(read('broken.cjm')).toBe(text);

    write('junk.cjm', '{"format": "marshrut/journey-map", "version": 1, ');
    const junk = await cli(['upgrade', 'junk.cjm']);
    expect(junk.code).toBe(1);
    expect(junk.err).toHaveLength(1);
    expect(junk.err[0]).toMatch(/^junk\.cjm: /);
    expect(read('junk.cjm')).toBe('{"format": "marshrut/journey-map", "version": 1, ');
    expect(names()).toEqual(['broken.cjm', 'junk.cjm']);
  });

  it('explains a missing file, a missing argument and an extra one', async () => {
    const missing = await cli(['upgrade', 'nowhere.cjm']);
    expect(missing.code).toBe(1);
    expect(missing.err).toHaveLength(1);
    expect(missing.err[0]).toMatch(/^nowhere\.cjm: /);
    expect(await cli(['upgrade'])).toEqual({ code: 1, out: [], err: ['Name the map: upgrade <file>.', 'Run “marshrut help” to see the commands.'] });
    expect(await cli(['upgrade', 'a.cjm', 'b.cjm'])).toEqual({ code: 1, out: [], err: ['Unexpected argument “b.cjm”.', 'Run “marshrut help” to see the commands.'] });
  });
});

describe('templates, help, version and mistakes', () => {
  it('lists the templates with their titles', async () => {
    const en = await cli(['templates']);
    expect(en.code).toBe(0);
    expect(en.out).toEqual([
      'Templates:',
      '  driving-licence-as-is   Getting a driving licence (as-is)',
      '  driving-licence-to-be   Getting a driving licence (to-be)',
      '  foreign-passport-as-is  Getting a biometric international passport (as-is)',
      '  child-birth-as-is       A child’s birth: registration and benefits (as-is)',
      '  blank-blueprint         Blank service blueprint',
      '  blank                   Blank map',
    ]);
    const ru = await cli(['templates', '--lang', 'ru']);
    expect(ru.out[1]).toContain('Получение водительского удостоверения (как есть)');
  });

  it('prints usage for help, --help and -h', async () => {
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    expect(help.out[0]).toBe('Usage: marshrut <command> [options]');
    expect(help.out.join('\n')).toMatch(/validate <file\.\.\.>[\s\S]*new --template <id> -o <file> \[--force\][\s\S]*templates[\s\S]*--lang ru\|en[\s\S]*--version/);
    expect(help.out).toContain('  import <steps.csv|xlsx> -o <file.cjm> [--pains <pains.csv|xlsx>] [--title <text>] [--skip-bad-rows] [--force]');
    expect(help.out.join('\n')).toMatch(/metrics <file> \[--json\] +print the journey scorecard[\s\S]*compare <as-is> <to-be> \[--json\] +compare two maps/);
    expect(help.out.join('\n')).toMatch(/check <file> \[--json\] +check a map against the handbook[\s\S]*catalog validate <file\.json> +check a guidance catalog file/);
    expect(help.out).toContain('  export <file> --format pdf|png|svg|html|docx|xlsx|csv|md -o <out> [--force]');
    expect(help.out.join('\n')).toMatch(/upgrade <file> +bring a map saved by an older version to the current file format, in place; the previous file is kept as <file>\.bak/);
    expect(help.out.join('\n')).toMatch(/--no-title, --no-legend, --transparent +for --format svg, png and pdf[\s\S]*--page A4\|A3\|A2\|A1\|A0, --tiles, --appendix[\s\S]*--scale <n>[\s\S]*--browser <path>[\s\S]*--kind steps\|pains, --delimiter ";"\|"," +for --format csv[\s\S]*--counterpart <file> +for --format docx/);
    expect((await cli(['--help'])).out).toEqual(help.out);
    expect((await cli(['validate', '-h'])).out).toEqual(help.out);
    const ru = await cli(['help', '--lang', 'ru']);
    expect(ru.out[0]).toBe('Использование: marshrut <команда> [параметры]');
    expect(ru.out.join('\n')).toContain('выгрузить карту: PDF (один лист или плакат из листов), рисунок PNG');
    expect(ru.out.join('\n')).toMatch(/upgrade <файл> +перевести карту, сохранённую старой версией, на текущий формат файла/);
  });

  it('prints the version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, out: ['marshrut 0.1.0'], err: [] });
    expect((await cli(['-v'], { version: '9.9.9' })).out).toEqual(['marshrut 9.9.9']);
  });

  it('answers an unknown command with the usage and exit 1', async () => {
    const result = await cli(['frobnicate']);
    expect(result.code).toBe(1);
    expect(result.out).toEqual([]);
    expect(result.err[0]).toBe('Unknown command “frobnicate”.');
    expect(result.err[1]).toBe('Usage: marshrut <command> [options]');
  });

  it('answers no command with the usage and exit 1', async () => {
    const result = await cli([]);
    expect(result.code).toBe(1);
    expect(result.err[0]).toBe('Name a command.');
  });

  it('refuses unknown options and languages', async () => {
    const option = await cli(['validate', '--strict', 'a.cjm']);
    expect(option.code).toBe(1);
    expect(option.err).toEqual(['Unknown option “--strict”.', 'Run “marshrut help” to see the commands.']);
    // Before the command, unknown switches are the host's (Electron, Chromium) and are ignored.
    expect((await cli(['--no-sandbox', 'templates'])).code).toBe(0);
    expect((await cli(['templates', '--no-sandbox'])).code).toBe(1);
    const lang = await cli(['templates', '--lang', 'de']);
    expect(lang.code).toBe(1);
    expect(lang.err).toEqual(['Unknown language “de”; use one of: ru, en.']);
  });

  it('turns an unexpected failure into one line, not a stack trace', async () => {
    const result = await cli(['new', '--template', 'driving-licence-as-is', '-o', 'x.cjm'], {
      templateText: () => {
        throw new Error('disk on fire\n    at somewhere (file.ts:1:1)');
      },
    });
    expect(result.code).toBe(1);
    expect(result.err).toEqual(['Something went wrong: disk on fire']);
  });
});

describe('printable', () => {
  it('joins lines and escapes control and bidi characters', () => {
    expect(printable('a\n  b\r\nc')).toBe('a b c');
    expect(printable('\u001b[31mred\u0007')).toBe('\\u001b[31mred\\u0007');
    expect(printable('x\u202ey\u2066z')).toBe('x\\u202ey\\u2066z');
    expect(printable('Привет «мир» — ок')).toBe('Привет «мир» — ок');
  });
});

describe('npm run cli (electron/cli/main.ts under tsx)', () => {
  const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [tsx, path.join(root, 'electron/cli/main.ts'), ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
      timeout: 30_000,
    });
    everything.push(result.stdout, result.stderr);
    return result;
  };

  it('exits 0 for a valid map and 1 for a broken one, printing no stack trace', () => {
    const good = run('validate', samplePath);
    expect(good.status).toBe(0);
    expect(good.stdout).toBe(`OK ${samplePath}\n`);
    expect(good.stderr).toBe('');
    write('broken.cjm', '{"format":"marshrut/journey-map","version":1,"meta":{"title":""}}');
    const bad = run('validate', 'broken.cjm', 'missing.cjm');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toEqual([
      'broken.cjm: meta.title: Too small: expected string to have >=1 characters',
      'missing.cjm: The file “missing.cjm” does not exist (it may have been moved or deleted).',
    ]);
    const unknown = run('nope');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).not.toMatch(STACK_LINE);
  }, 60_000);

  it('imports an XLSX (exceljs loaded on demand) and prints metrics as JSON', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Steps').addRows([
      ['step', 'agency', 'visit'],
      ['One', 'MFC', 'yes'],
      ['Two', 'Traffic police', 'yes'],
    ]);
    write('steps.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
    const imported = run('import', 'steps.xlsx', '-o', 'map.cjm');
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    expect(imported.stdout).toBe(
      'Rows: 2 (good: 2, with problems: 0). Stages: 1, lanes: 1, agencies: 2, documents: 0, steps: 2, flows: 1, pain points: 0.\nWrote map.cjm.\n',
    );
    const metrics = run('metrics', 'map.cjm', '--json');
    expect(metrics.status).toBe(0);
    expect(JSON.parse(metrics.stdout)).toMatchObject({ steps: 2, visits: 2, handoffs: 1 });
    write('bad.xlsx', 'PK\u0003\u0004 not really');
    const bad = run('import', 'bad.xlsx', '-o', 'x.cjm');
    expect(bad.status).toBe(1);
    expect(bad.stderr).not.toMatch(STACK_LINE);
    expect(bad.stderr.trim().split('\n')).toHaveLength(2);
  }, 60_000);

  it('exports a docx report with the map picture and a PDF, printing with Chromium, and says in one line when it has none', () => {
    const exported = run('export', samplePath, '--format', 'docx', '-o', 'report.docx');
    expect(exported.stderr).toBe('');
    expect(exported.status).toBe(0);
    expect(exported.stdout).toMatch(/^Exported report\.docx \(\d+(\.\d)? KB\)\n$/);
    expect(fs.readFileSync(path.join(dir, 'report.docx')).subarray(0, 2).toString('latin1')).toBe('PK');
    const pdf = run('export', samplePath, '--format', 'pdf', '-o', 'map.pdf');
    expect(pdf.stderr).toBe('');
    expect(pdf.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'map.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const none = run('export', samplePath, '--format', 'png', '--browser', path.join(dir, 'no-chromium'), '-o', 'map.png');
    expect(none.status).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe(
      `No Chromium to print with: ${path.join(dir, 'no-chromium')} does not exist. Install it (on Debian: apt-get install -y chromium) or name one with --browser <path>.\n`,
    );
  }, 60_000);
});
