/**
 * Property tests of the loading path with fast-check (issue 7, "Hostile input"): generated and
 * mutated documents — from the templates, a generated large map and the richest test fixture —
 * either open (and then save and re-open to the same document) or are refused cleanly with at
 * least one problem. Never an exception; the global prototypes stay as they were.
 *
 * At least 10,000 cases per run (the sum of the `numRuns` below). `FUZZ_SCALE=10` multiplies
 * them for a full-size run; `FUZZ_SEED=<n>` replays a run (fast-check prints the seed and the
 * shrunk counterexample of a failure).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLargeMap } from '../../../shared/export/large-map';
import { restoreBytes, restoreDocument, serializeDocument, type RestoreResult } from '../../../shared/model';
import { readTemplateText, TEMPLATE_IDS } from '../../../templates';
import { parseCatalog } from '../../../templates/guidance';
import { richInput } from './fixtures';

const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1));
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const runs = (n: number) => Math.round(n * SCALE);
const params = (numRuns: number) => ({ numRuns: runs(numRuns), ...(SEED === undefined ? {} : { seed: SEED }) });

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const SEEDS: { name: string; value: Json }[] = [
  ...TEMPLATE_IDS.flatMap((id) => {
    const text = readTemplateText(id);
    return text === null ? [] : [{ name: id, value: JSON.parse(text) as Json }];
  }),
  { name: 'large-map-40', value: JSON.parse(serializeDocument(generateLargeMap(40))) as Json },
  { name: 'rich-fixture', value: JSON.parse(JSON.stringify(richInput())) as Json },
];

const HOSTILE_STRINGS = [
  '__proto__',
  'constructor',
  'prototype',
  '\ud800',
  '\udc00x',
  'a\u0000b',
  '\u0007\u001b[31m',
  '\u202eevil',
  '<script>alert(1)</script>',
  '=HYPERLINK("http://x")',
  '',
  ' ',
  'x'.repeat(301),
  'я'.repeat(20_001),
  'step-1',
  'lane-citizen',
  '😀'.repeat(10),
  '\r\n\t',
];

// ----------------------------------------------------------------------------- the checks
let cases = 0;
let opened = 0;
let refused = 0;
const started = performance.now();

const prototypeKeys = () => [Reflect.ownKeys(Object.prototype).length, Reflect.ownKeys(Array.prototype).length, Reflect.ownKeys(Function.prototype).length];
let before: number[];
beforeAll(() => {
  before = prototypeKeys();
});
function prototypesUntouched(): boolean {
  const now = prototypeKeys();
  return (
    now.every((n, i) => n === before[i]) &&
    ({} as Record<string, unknown>).polluted === undefined &&
    ([] as unknown as Record<string, unknown>).polluted === undefined &&
    Object.getPrototypeOf({}) === Object.prototype
  );
}

/** The property every document must have: it opens and round-trips, or it is refused cleanly. */
function opensOrRefusesCleanly(text: string, locale: 'en' | 'ru' = 'en'): boolean {
  cases++;
  let result: RestoreResult;
  try {
    result = restoreDocument(text, locale);
  } catch (error) {
    throw new Error(`restoreDocument threw: ${String(error)}`);
  }
  if (!prototypesUntouched()) throw new Error('a global prototype changed');
  if (!result.ok) {
    refused++;
    if (result.problems.length === 0) throw new Error('refused without a problem');
    for (const p of result.problems) {
      if (typeof p.message !== 'string' || p.message.trim() === '' || typeof p.path !== 'string') throw new Error(`bad problem ${JSON.stringify(p)}`);
    }
    return true;
  }
  opened++;
  const saved = serializeDocument(result.doc);
  const again = restoreDocument(saved, locale);
  if (!again.ok) throw new Error(`a document that opened does not re-open after saving: ${JSON.stringify(again.problems.slice(0, 3))}`);
  expect(again.doc).toEqual(result.doc);
  expect(serializeDocument(again.doc)).toBe(saved);
  // The same bytes through the file path agree with the text path.
  const fromBytes = restoreBytes(new TextEncoder().encode(saved), locale);
  if (!fromBytes.ok) throw new Error('saved bytes do not open');
  return true;
}

// ------------------------------------------------------------------------------ mutations
const clone = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;

/** Every container in the value with the key of one of its children, for picking a spot. */
function spots(root: Json): { parent: Json[] | { [key: string]: Json }; key: string | number }[] {
  const out: { parent: Json[] | { [key: string]: Json }; key: string | number }[] = [];
  const stack: Json[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push({ parent: node, key: i });
        stack.push(child);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        out.push({ parent: node, key });
        stack.push(child);
      }
    }
  }
  return out;
}

const setAt = (parent: Json[] | { [key: string]: Json }, key: string | number, value: Json) => {
  // defineProperty, so that a key such as "__proto__" becomes a real own key that JSON.stringify writes.
  Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
};

type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'string'; at: number; text: string }
  | { kind: 'duplicate'; at: number }
  | { kind: 'dangle'; at: number; id: string }
  | { kind: 'nest'; at: number; depth: number; object: boolean }
  | { kind: 'key'; at: number; key: string; value: Json }
  | { kind: 'number'; at: number; value: number };

const jsonValue = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: jsonValue }),
  fc.record({ kind: fc.constant('string' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'binary', maxLength: 20 })) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('dangle' as const), at: fc.nat(), id: fc.constantFrom('nowhere', 'step-1', 'stage-a', 'lane-citizen', 'agency-mvd', '') }),
  fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.integer({ min: 1, max: 120 }), object: fc.boolean() }),
  fc.record({ kind: fc.constant('key' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'polluted', 'format', 'version', 'id'), fc.string({ maxLength: 8 })), value: jsonValue }),
  fc.record({ kind: fc.constant('number' as const), at: fc.nat(), value: fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-1, 0, 1, 2, 3, 1.5, 1e308, -0, 2 ** 53)) }),
);

function mutate(doc: Json, mutation: Mutation): Json {
  const all = spots(doc);
  if (all.length === 0) return mutation.kind === 'replace' ? mutation.value : doc;
  const spot = all[mutation.at % all.length]!;
  const { parent, key } = spot;
  const current = (parent as Record<string | number, Json>)[key] as Json;
  switch (mutation.kind) {
    case 'delete':
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else delete (parent as Record<string, Json>)[key];
      break;
    case 'replace':
      setAt(parent, key, mutation.value);
      break;
    case 'string':
      setAt(parent, key, typeof current === 'string' && current.length < 50 ? `${current}${mutation.text}` : mutation.text);
      break;
    case 'duplicate':
      if (Array.isArray(parent)) parent.push(clone(current));
      else if (Array.isArray(current) && current.length > 0) current.push(clone(current[0]!));
      break;
    case 'dangle':
      setAt(parent, key, mutation.id);
      break;
    case 'nest': {
      let value: Json = current;
      for (let i = 0; i < mutation.depth; i++) value = mutation.object ? { a: value } : [value];
      setAt(parent, key, value);
      break;
    }
    case 'key':
      if (current !== null && typeof current === 'object' && !Array.isArray(current)) setAt(current, mutation.key, mutation.value);
      else if (!Array.isArray(parent)) setAt(parent, mutation.key, mutation.value);
      break;
    case 'number':
      setAt(parent, key, mutation.value);
      break;
  }
  return doc;
}

// ------------------------------------------------------------------------------ properties
describe('fuzz: generated and mutated documents open or are refused cleanly', () => {
  afterAll(() => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`fuzz: ${cases} documents (${opened} opened and round-tripped, ${refused} refused) in ${seconds} s, scale ${SCALE}`);
    expect(cases).toBeGreaterThanOrEqual(runs(10_000));
    expect(prototypesUntouched()).toBe(true);
  });

  it('the unmutated seeds open', () => {
    for (const seed of SEEDS) {
      const result = restoreDocument(JSON.stringify(seed.value));
      expect(result.ok, seed.name).toBe(true);
    }
  });

  it('templates and maps with 1–4 random mutations (delete keys, change types, hostile strings, duplicate ids, dangling references, deep nesting, odd keys, odd numbers)', () => {
    fc.assert(
      fc.property(fc.nat(SEEDS.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), fc.constantFrom('en' as const, 'ru' as const), (index, mutations, locale) => {
        let doc = clone(SEEDS[index]!.value);
        for (const mutation of mutations) doc = mutate(doc, mutation);
        return opensOrRefusesCleanly(JSON.stringify(doc), locale);
      }),
      params(6_500),
    );
  }, 120_000 * SCALE);

  it('damaged text: truncated, bytes replaced, tokens inserted', () => {
    const tokens = ['{', '}', '[', ']', ',', ':', '"', '\\', 'NaN', 'Infinity', '//', '/*', '\u0000', '\ufeff', '"__proto__":{"polluted":1},', '\\ud800', 'null', '1e999', '-'];
    fc.assert(
      fc.property(
        fc.nat(SEEDS.length - 1),
        fc.array(fc.record({ at: fc.nat(), cut: fc.nat(8), insert: fc.oneof(fc.constantFrom(...tokens), fc.string({ unit: 'binary', maxLength: 4 })) }), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (index, edits, truncate) => {
          let text = JSON.stringify(SEEDS[index]!.value);
          for (const edit of edits) {
            const at = edit.at % (text.length + 1);
            text = truncate && edit === edits[0] ? text.slice(0, at) : `${text.slice(0, at)}${edit.insert}${text.slice(at + edit.cut)}`;
          }
          return opensOrRefusesCleanly(text);
        },
      ),
      params(2_000),
    );
  }, 120_000 * SCALE);

  it('random JSON values, alone or dressed up as a map', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }) as fc.Arbitrary<Json>, fc.boolean(), fc.constantFrom(1, 2, 3, 0, '2'), (value, dress, version) => {
        const doc: Json =
          dress && value !== null && typeof value === 'object' && !Array.isArray(value)
            ? { ...value, format: 'marshrut/journey-map', version, meta: (value.meta ?? { title: 'x' }) as Json }
            : value;
        return opensOrRefusesCleanly(JSON.stringify(doc)) && parseCatalog(JSON.stringify(doc), 'ru').ok === false;
      }),
      params(1_500),
    );
  }, 120_000 * SCALE);
});
