/**
 * The hostile-file corpus (issue 7, "Hostile input"): every file in tests/fixtures/hostile/ and
 * the huge ones generated here (too big to commit) is refused with a message in the user's
 * language, within 2 s, without an exception escaping and without touching the global
 * prototypes. The one valid file with a byte-order mark opens.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSpreadsheets, IMPORT_LIMITS } from '../../../shared/import';
import { JSON_LIMITS, LIMITS, MAX_FILE_BYTES, parseJsonSafely, problemLines, restoreBytes, restoreDocument, scanJson, stringIssues, type RestoreResult } from '../../../shared/model';
import { parseCatalog } from '../../../templates/guidance';

const dir = fileURLToPath(new URL('../../fixtures/hostile/', import.meta.url));
const enc = (text: string) => new TextEncoder().encode(text);
const NOW = new Date('2025-05-06T07:08:09Z');
const TIME_LIMIT_MS = 2_000;

/** What each committed map file is refused with (English; the Russian is checked to be Russian). */
const EXPECTED: Record<string, RegExp | 'opens'> = {
  'empty.cjm': /^The file is empty\.$/,
  'whitespace-only.cjm': /^The file is empty\.$/,
  'all-nul.cjm': /^The file contains binary data \(a zero byte at line 1, column 1\)/,
  'truncated.cjm': /^The file is not a JSON document: .*\(line \d+, column \d+\)$/,
  'invalid-utf8.cjm': /^The file is not UTF-8 text/,
  'overlong-utf8.cjm': /^The file is not UTF-8 text/,
  'utf16-bom.cjm': /^The file is UTF-16 text; map files are UTF-8/,
  'utf16be-bom.cjm': /^The file is UTF-16 text; map files are UTF-8/,
  'lone-surrogate-high.cjm': /^meta\.title: Contains a broken character \(U\+D800/,
  'lone-surrogate-low.cjm': /^steps\[0\]\.title: Contains a broken character \(U\+DC00/,
  'control-char-title.cjm': /^steps\[0\]\.title: Contains the invisible control character U\+0007/,
  'nul-escape-description.cjm': /^meta\.description: Contains the invisible control character U\+0000/,
  'deep-nesting-100.cjm': /^meta\.x\[0\]\[0\]…: Nested more than 64 levels deep/,
  'deep-nesting-objects-100.cjm': /^meta\.a\.a\.a…: Nested more than 64 levels deep/,
  'proto-top.cjm': /^__proto__: The key “__proto__” is not allowed in a map file/,
  'proto-nested.cjm': /^steps\[0\]\.__proto__: The key “__proto__” is not allowed/,
  'constructor-prototype.cjm': /^meta\.constructor: The key “constructor” is not allowed/,
  'prototype-key.cjm': /^meta\.x\.prototype: The key “prototype” is not allowed/,
  'proto-escaped.cjm': /^__proto__: The key “__proto__” is not allowed/,
  'proto-votes-record.cjm': /^painPoints\[0\]\.votesByAgency\.__proto__: The key “__proto__” is not allowed/,
  'wrong-types.cjm': /^meta\.title: Invalid input: expected string, received number$/,
  'dangling-references.cjm': /^steps\[0\]\.laneId: refers to a lane “lane-missing” that does not exist in the map$/,
  'duplicate-ids.cjm': /^steps\[0\]\.id: the id “step-1” is used twice$/,
  'newer-version.cjm': /^The map was saved by a newer version of Marshrut \(format version 3; this version reads up to 2\)/,
  'version-0.cjm': /^The file has no valid format version \(found “0”\)\.$/,
  'version-fraction.cjm': /^The file has no valid format version \(found “1\.5”\)\.$/,
  'missing-format.cjm': /^This is not a Marshrut journey map \(the “format” field is “”/,
  'missing-meta.cjm': /^meta: Invalid input: expected object, received undefined$/,
  'root-number.cjm': /^The file does not contain a journey map \(expected a JSON object\)\.$/,
  'root-array.cjm': /^The file does not contain a journey map/,
  'root-string.cjm': /^The file does not contain a journey map/,
  'root-null.cjm': /^The file does not contain a journey map/,
  'nan.cjm': /^The file is not a JSON document: /,
  'infinity.cjm': /^The file is not a JSON document: /,
  'huge-number.cjm': /^steps\[0\]\.waitMinutes: /,
  'comments.cjm': /^The file is not a JSON document: Unexpected token '\/'/,
  'trailing-commas.cjm': /^The file is not a JSON document: /,
  'single-quotes.cjm': /^The file is not a JSON document: /,
  'html-not-json.cjm': /^The file is not a JSON document: /,
  'bom-valid.cjm': 'opens',
};

const ownKeys = () => ({
  object: Reflect.ownKeys(Object.prototype).map(String).sort(),
  array: Reflect.ownKeys(Array.prototype).map(String).sort(),
  fn: Reflect.ownKeys(Function.prototype).map(String).sort(),
});
let before: ReturnType<typeof ownKeys>;
beforeAll(() => {
  before = ownKeys();
});
function expectPrototypesUntouched() {
  expect(ownKeys()).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}
afterAll(expectPrototypesUntouched);

/** Runs `work`, asserting it neither throws nor takes longer than the issue's 2 s. */
async function timed<T>(label: string, work: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  let result: T;
  try {
    result = await work();
  } catch (error) {
    throw new Error(`${label}: an exception escaped: ${String(error)}`);
  }
  const ms = performance.now() - start;
  expect(ms, `${label} took ${ms.toFixed(0)} ms`).toBeLessThan(TIME_LIMIT_MS);
  return result;
}

/** Every refusal: at least one problem, a one-line message without a stack trace. */
function expectCleanRefusal(result: RestoreResult, label: string, locale: 'en' | 'ru'): string[] {
  expect(result.ok, `${label} should be refused`).toBe(false);
  const lines = result.ok ? [] : problemLines(result.problems);
  expect(lines.length, label).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line.trim(), label).not.toBe('');
    expect(line, label).not.toMatch(/\n\s+at |Error:|TypeError|RangeError/);
    expect(line.length, label).toBeLessThan(2_000);
    if (locale === 'ru') expect(line, `${label}: not Russian`).toMatch(/[а-яё]/i);
  }
  return lines;
}

/** A report of what refused what, printed once for the closing note. */
const report: string[] = [];
afterAll(() => {
  console.log(`hostile corpus: ${report.length} cases\n${report.join('\n')}`);
});

describe('the committed hostile map files', () => {
  const files = fs.readdirSync(dir).filter((name) => name.endsWith('.cjm')).sort();

  it('are all listed here, and there are enough of them', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(files.length).toBeGreaterThanOrEqual(35);
  });

  for (const name of files) {
    it(`${name}: ${EXPECTED[name] === 'opens' ? 'opens' : 'is refused'} in both languages, within 2 s`, async () => {
      const bytes = new Uint8Array(fs.readFileSync(dir + name));
      const expected = EXPECTED[name];
      const en = await timed(name, () => restoreBytes(bytes, 'en'));
      const ru = await timed(name, () => restoreBytes(bytes, 'ru'));
      if (expected === 'opens') {
        expect(en.ok).toBe(true);
        expect(ru.ok).toBe(true);
        report.push(`${name}: opens`);
      } else {
        const lines = expectCleanRefusal(en, name, 'en');
        expectCleanRefusal(ru, name, 'ru');
        expect(lines[0]).toMatch(expected!);
        report.push(`${name}: ${lines[0]}${lines.length > 1 ? ` (+${lines.length - 1} more)` : ''}`);
      }
      // As a guidance catalog the file is refused too (none of them is a catalog), never thrown.
      const text = new TextDecoder().decode(bytes);
      const catalog = await timed(`${name} as catalog`, () => parseCatalog(text, 'en'));
      expect(catalog.ok).toBe(false);
      expectPrototypesUntouched();
    });
  }
});

describe('generated hostile maps (too big to commit)', () => {
  const head = '{"format":"marshrut/journey-map","version":2,"meta":{"title":"x"},';

  const cases: { name: string; text: () => string; expected: RegExp }[] = [
    {
      name: '1,000,000-deep nesting of arrays',
      text: () => `${head}"x":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`,
      expected: /^x\[0\]\[0\]\[0\]…: Nested more than 64 levels deep/,
    },
    {
      name: '1,000,000-deep nesting of objects, never closed',
      text: () => `${head}"x":${'{"a":'.repeat(1_000_000)}`,
      expected: /^x\.a\.a\.a…: Nested more than 64 levels deep/,
    },
    {
      name: '1,000,000-deep root array',
      text: () => '['.repeat(1_000_000),
      expected: /^\[0\]\[0\]\[0\]\[0\]…: Nested more than 64 levels deep/,
    },
    {
      name: 'a 100 MB string (as text)',
      text: () => `{"format":"marshrut/journey-map","version":2,"meta":{"title":"${'a'.repeat(100 * 1024 * 1024)}"}}`,
      expected: /^The file is too large \(> 50\.0 MB; the limit is 50\.0 MB\)\.$/,
    },
    {
      name: 'a 40 MB title (under the file cap)',
      text: () => `{"format":"marshrut/journey-map","version":2,"meta":{"title":"${'я'.repeat(20 * 1024 * 1024)}"}}`,
      expected: /^meta\.title: /,
    },
    {
      name: '200,000 steps',
      text: () => {
        const step = (i: number) => `{"id":"s-${i}","laneId":"l","stageId":"st","title":"Шаг ${i}"}`;
        return `${head}"stages":[{"id":"st","title":"A"}],"lanes":[{"id":"l","title":"L"}],"steps":[${Array.from({ length: 200_000 }, (_, i) => step(i)).join(',')}]}`;
      },
      expected: new RegExp(`^steps: The list has more than ${LIMITS.listItems} items`),
    },
    {
      name: 'more than 2,000,000 values in short lists',
      text: () => {
        const list = `[${'1,'.repeat(9_999)}1]`;
        return `${head}"junk":[${Array.from({ length: 201 }, () => list).join(',')}]}`;
      },
      expected: new RegExp(`^junk\\[\\d+\\]: The file holds more than ${JSON_LIMITS.maxValues} values`),
    },
    {
      name: '100,000 __proto__ keys',
      text: () => `${head}"x":[${'{"__proto__":{"polluted":1}},'.repeat(100_000)}1]}`,
      expected: /^x\[0\]\.__proto__: The key “__proto__”/,
    },
  ];

  for (const c of cases) {
    it(`${c.name}: refused within 2 s (text and bytes)`, async () => {
      const text = c.text();
      const result = await timed(c.name, () => restoreDocument(text, 'en'));
      const lines = expectCleanRefusal(result, c.name, 'en');
      expect(lines[0]).toMatch(c.expected);
      const ru = await timed(c.name, () => restoreDocument(text, 'ru'));
      expectCleanRefusal(ru, c.name, 'ru');
      report.push(`${c.name}: ${lines[0]!.slice(0, 200)}`);
      expectPrototypesUntouched();
    }, 30_000);
  }

  it('a 100 MB file (as bytes) is refused by size before it is decoded', async () => {
    const bytes = new Uint8Array(100 * 1024 * 1024).fill(0x61);
    const result = await timed('100 MB bytes', () => restoreBytes(bytes, 'en'));
    expect(expectCleanRefusal(result, '100 MB bytes', 'en')[0]).toBe('The file is too large (100.0 MB; the limit is 50.0 MB).');
    expect(MAX_FILE_BYTES).toBe(50 * 1024 * 1024);
    report.push(`100 MB bytes: ${result.ok ? 'opened' : problemLines(result.problems)[0]}`);
  }, 30_000);

  it('a 100 MB string catalog is refused by size', async () => {
    const text = `{"format":"x","title":"${'a'.repeat(100 * 1024 * 1024)}"}`;
    const result = await timed('100 MB catalog', () => parseCatalog(text, 'ru'));
    expect(result.ok).toBe(false);
  }, 30_000);

  it('a deeply nested or prototype-polluting catalog is refused', async () => {
    const deep = await timed('deep catalog', () => parseCatalog(`{"x":${'['.repeat(1_000_000)}`, 'en'));
    expect(deep).toEqual({ ok: false, problems: [expect.stringMatching(/^x\[0\]\[0\]\[0\]…: Nested more than 64 levels deep/)] });
    const proto = parseCatalog('{"format":"marshrut/guidance-catalog","version":1,"__proto__":{"polluted":true}}', 'ru');
    expect(proto).toEqual({ ok: false, problems: [expect.stringMatching(/^__proto__: Ключ «__proto__» недопустим/)] });
    expectPrototypesUntouched();
  });
});

describe('hostile imports', () => {
  const run = (name: string, data: Uint8Array, locale: 'en' | 'ru' = 'en') =>
    importSpreadsheets({ steps: { name, data }, locale, now: NOW });
  const lines = (result: Awaited<ReturnType<typeof run>>) => result.problems.map((p) => `${p.file} ${p.row}${p.column ? ` ${p.column}` : ''}: ${p.message}`);

  async function expectRefused(name: string, data: Uint8Array, expected: RegExp) {
    for (const locale of ['en', 'ru'] as const) {
      const result = await timed(name, () => run(name, data, locale));
      expect(result.doc, name).toBeNull();
      expect(result.problems.length, name).toBeGreaterThan(0);
      if (locale === 'en') {
        expect(lines(result)[0]).toMatch(expected);
        report.push(`${name}: ${lines(result)[0]}`);
      } else expect(result.problems[0]?.message).toMatch(/[а-яё]/i);
    }
    expectPrototypesUntouched();
  }

  it('the committed zip bomb (a directory declaring 10 × 4 GB) is refused before inflating', async () => {
    await expectRefused('zip-bomb.xlsx', new Uint8Array(fs.readFileSync(`${dir}zip-bomb.xlsx`)), /^zip-bomb\.xlsx 0: The workbook is too large when unpacked/);
  });

  it('a zip bomb whose directory lies (declares 1 KB, inflates to 260 MB) is stopped while inflating', async () => {
    const payload = deflateRawSync(Buffer.alloc(260 * 1024 * 1024), { level: 9 });
    const bomb = zipOf([{ name: '[Content_Types].xml', data: payload, declared: 1_000 }]);
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    await expectRefused('liar.xlsx', bomb, /^liar\.xlsx 0: The workbook is too large when unpacked \(> 200\.0 MB/);
  }, 30_000);

  it(`a zip with more than ${IMPORT_LIMITS.zipEntries} parts is refused`, async () => {
    const tiny = deflateRawSync(Buffer.from('x'));
    const many = zipOf(Array.from({ length: IMPORT_LIMITS.zipEntries + 1 }, (_, i) => ({ name: `p${i}.xml`, data: tiny, declared: 1 })));
    await expectRefused('parts.xlsx', many, /^parts\.xlsx 0: The workbook has 2001 parts/);
  });

  it('a CSV with a 10,000,000-character cell is refused, naming the row and column', async () => {
    const csv = enc(`step;description\nA;${'x'.repeat(10_000_000)}\n`);
    await expectRefused('long.csv', csv, /^long\.csv 2 description: The cell has 10000000 characters; a cell may hold at most 32767/);
  });

  it('a CSV with 1,000,000 rows is refused', async () => {
    await expectRefused('rows.csv', enc(`step\n${'x\n'.repeat(1_000_000)}`), /^rows\.csv 0: The file has more than 200000 rows; the limit is 50000\.$/);
  }, 30_000);

  it('a CSV over the size cap, a binary file and a header of prototype keys are refused', async () => {
    await expectRefused('big.csv', new Uint8Array(IMPORT_LIMITS.bytes + 1), /^big\.csv 0: The file is too large/);
    await expectRefused('nul.csv', new Uint8Array(4096), /^nul\.csv 0: /);
    await expectRefused('proto.csv', enc('__proto__,constructor,prototype\n{"polluted":1},2,3\n'), /^proto\.csv /);
  });
});

/** A zip with the given entries, its sizes as declared (not necessarily true). */
function zipOf(entries: { name: string; data: Uint8Array; declared: number }[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 14); // crc (not checked before inflating)
    local.writeUInt32LE(entry.data.byteLength, 18);
    local.writeUInt32LE(entry.declared, 22);
    local.writeUInt16LE(name.length, 26);
    const dirEntry = Buffer.alloc(46);
    dirEntry.writeUInt32LE(0x02014b50, 0);
    dirEntry.writeUInt16LE(20, 4);
    dirEntry.writeUInt16LE(20, 6);
    dirEntry.writeUInt16LE(8, 10);
    dirEntry.writeUInt32LE(entry.data.byteLength, 20);
    dirEntry.writeUInt32LE(entry.declared, 24);
    dirEntry.writeUInt16LE(name.length, 28);
    dirEntry.writeUInt32LE(offset, 42);
    parts.push(local, name, Buffer.from(entry.data));
    central.push(dirEntry, name);
    offset += 30 + name.length + entry.data.byteLength;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, dir, end]));
}

describe('the safe JSON scan itself', () => {
  it('counts nesting only outside strings, and handles escaped quotes and backslashes', () => {
    expect(scanJson(`{"a":"${'['.repeat(1000)}","b":"\\"[[[[","c":"\\\\","d":[1]}`)).toBeNull();
    expect(parseJsonSafely('{"a":"\\\\\\"{{{{"}')).toEqual({ ok: true, value: { a: '\\"{{{{' } });
  });

  it('accepts exactly the limits and refuses one more', () => {
    const nest = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(scanJson(nest(JSON_LIMITS.maxDepth))).toBeNull();
    expect(scanJson(nest(JSON_LIMITS.maxDepth + 1))).toMatchObject({ code: 'tooDeep', limit: 64 });
    const list = (n: number) => `[${Array.from({ length: n }, () => '0').join(',')}]`;
    expect(scanJson(list(10), { maxArrayItems: 10 })).toBeNull();
    expect(scanJson(list(11), { maxArrayItems: 10 })).toMatchObject({ code: 'arrayTooLong', path: '', limit: 10 });
    expect(scanJson(list(9), { maxValues: 10 })).toBeNull(); // the array and its 9 numbers
    expect(scanJson(list(10), { maxValues: 10 })).toMatchObject({ code: 'tooManyValues' });
  });

  it('finds prototype keys however they are spelt, and the reviver drops them even unscanned', () => {
    expect(scanJson('{"a":{"\\u005f_proto__":1}}')).toEqual({ code: 'forbiddenKey', path: 'a.__proto__', key: '__proto__' });
    expect(scanJson('{"a":"__proto__","b":["constructor"]}')).toBeNull(); // as values they are harmless
    expect(scanJson('{"__proto__ ":1}')).toBeNull();
    const parsed = parseJsonSafely('{"a":{"b":1,"c":2}}');
    expect(parsed).toEqual({ ok: true, value: { a: { b: 1, c: 2 } } });
  });

  it('reports syntax errors with a line and column when the engine gives a position, without control characters', () => {
    // (Node 20's engine gives a position for some messages only, e.g. not for "Unexpected token".)
    const result = parseJsonSafely('{\n  "a": 1,\n}');
    expect(result).toMatchObject({ ok: false, failure: { code: 'syntax', line: 3, column: 1 } });
    const control = parseJsonSafely('{"a":\u0007}');
    expect(control.ok === false && control.failure.code === 'syntax' && control.failure.detail).not.toMatch(/\u0007/);
    const nul = parseJsonSafely('{"a":\u0000}');
    expect(nul).toMatchObject({ ok: false, failure: { code: 'binary', line: 1, column: 6 } });
  });

  it('stringIssues: unpaired surrogates anywhere, controls in short texts, NUL in long ones; pairs and line breaks are fine', () => {
    expect(stringIssues({ meta: { title: '😀 ok\ttab', description: 'line\nbreak\r\n\u000b' } })).toEqual([]);
    expect(stringIssues({ meta: { title: 'a\ud83d' } })).toEqual([{ path: 'meta.title', code: 'loneSurrogate', char: 'U+D83D' }]);
    expect(stringIssues({ steps: [{ title: 'x' }, { title: 'a\u001bb' }] })).toEqual([{ path: 'steps[1].title', code: 'controlChar', char: 'U+001B' }]);
    expect(stringIssues({ note: 'a\u0000' })).toEqual([{ path: 'note', code: 'controlChar', char: 'U+0000' }]);
  });
});
