import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { isCliInvocation, printable, runCli, type CliOptions } from '../../../electron/cli/run';
import { MAX_FILE_BYTES, restoreDocument } from '../../../shared/model';
import { readTemplateText } from '../../../templates';

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
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) }, { cwd: dir, env: { LANG: 'en_US.UTF-8' }, ...options });
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
    write('newer.cjm', JSON.stringify({ format: 'marshrut/journey-map', version: 2 }));
    write('other.cjm', JSON.stringify({ format: 'drawio' }));
    const result = await cli(['validate', 'missing.cjm', 'folder.cjm', 'empty.cjm', 'latin1.cjm', 'newer.cjm', 'other.cjm']);
    expect(result.code).toBe(1);
    expect(result.err).toEqual([
      'missing.cjm: The file “missing.cjm” does not exist (it may have been moved or deleted).',
      'folder.cjm: “folder.cjm” is not a file.',
      'empty.cjm: The file is empty.',
      'latin1.cjm: The file is not UTF-8 text (it may be a different kind of file or damaged).',
      'newer.cjm: The map was saved by a newer version of Marshrut (format version 2; this version reads up to 1). Update the app to open it.',
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
    expect(unknown.err).toEqual(['There is no template “passport”. Templates: driving-licence-as-is, blank.']);
    const missing = await cli(['new', '-o', 'x.cjm']);
    expect(missing.code).toBe(1);
    expect(missing.err[0]).toBe('Choose a template with --template <id>. Templates: driving-licence-as-is, blank.');
    const ru = await cli(['new', '--template', 'passport', '-o', 'x.cjm', '--lang', 'ru']);
    expect(ru.err).toEqual(['Шаблона «passport» нет. Шаблоны: driving-licence-as-is, blank.']);
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

describe('templates, help, version and mistakes', () => {
  it('lists the templates with their titles', async () => {
    const en = await cli(['templates']);
    expect(en.code).toBe(0);
    expect(en.out).toEqual(['Templates:', '  driving-licence-as-is  Getting a driving licence (as-is)', '  blank                  Blank map']);
    const ru = await cli(['templates', '--lang', 'ru']);
    expect(ru.out[1]).toContain('Получение водительского удостоверения (как есть)');
  });

  it('prints usage for help, --help and -h', async () => {
    const help = await cli(['help']);
    expect(help.code).toBe(0);
    expect(help.out[0]).toBe('Usage: marshrut <command> [options]');
    expect(help.out.join('\n')).toMatch(/validate <file\.\.\.>[\s\S]*new --template <id> -o <file> \[--force\][\s\S]*templates[\s\S]*--lang ru\|en[\s\S]*--version/);
    expect((await cli(['--help'])).out).toEqual(help.out);
    expect((await cli(['validate', '-h'])).out).toEqual(help.out);
    const ru = await cli(['help', '--lang', 'ru']);
    expect(ru.out[0]).toBe('Использование: marshrut <команда> [параметры]');
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
});
