import { describe, expect, it } from 'vitest';
import { displayValue, migrate, MigrationError, MIGRATIONS, type Migration, type RawDocument } from '../../../shared/model';
import { richInput } from './fixtures';

const v1 = (): RawDocument => ({ format: 'marshrut/journey-map', version: 1, meta: { title: 'old name' } });

/** A made-up history: v2 renamed meta.title to meta.name, v3 added a field. */
const history: Migration[] = [
  {
    from: 1,
    description: 'rename title to name',
    up: (doc) => {
      const meta = doc.meta as Record<string, unknown>;
      const { title, ...rest } = meta;
      return { ...doc, meta: { ...rest, name: title } };
    },
  },
  { from: 2, description: 'add tags', up: (doc) => ({ ...doc, tags: [] }) },
];

const error = (run: () => unknown): MigrationError => {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(MigrationError);
    return e as MigrationError;
  }
  throw new Error('expected a MigrationError');
};

describe('migrate', () => {
  it('a current document comes back unchanged, as the same object', () => {
    const doc = richInput() as unknown as RawDocument;
    const result = migrate(doc);
    expect(result.doc).toBe(doc);
    expect(result.applied).toEqual([]);
  });

  it('1 → 2 adds the workshop collections and keeps any the file already has', () => {
    expect(MIGRATIONS.map((m) => m.from)).toEqual([1]);
    const v1: RawDocument = { ...(richInput() as unknown as RawDocument), version: 1 };
    delete v1.threads;
    delete v1.votingRounds;
    delete v1.baselines;
    const result = migrate(v1);
    expect(result.doc).toMatchObject({ version: 2, threads: [], votingRounds: [], baselines: [] });
    expect(result.applied.map((m) => m.description)).toEqual(['workshop data: comment threads, voting rounds, baselines']);
    const kept = migrate({ ...v1, threads: [{ id: 't' }] });
    expect(kept.doc.threads).toEqual([{ id: 't' }]);
  });

  it('applies migrations in order up to the target, setting the version itself', () => {
    const result = migrate(v1(), history, 3);
    expect(result.doc).toEqual({ format: 'marshrut/journey-map', version: 3, meta: { name: 'old name' }, tags: [] });
    expect(result.applied.map((m) => m.description)).toEqual(['rename title to name', 'add tags']);
  });

  it('stops at the target version', () => {
    const result = migrate(v1(), history, 2);
    expect(result.doc).toEqual({ format: 'marshrut/journey-map', version: 2, meta: { name: 'old name' } });
    expect(result.applied).toHaveLength(1);
  });

  it('finds each migration by its from-version, whatever the list order', () => {
    const reversed = [...history].reverse();
    expect(migrate(v1(), reversed, 3).applied.map((m) => m.from)).toEqual([1, 2]);
  });

  it('starts from the document’s version', () => {
    const result = migrate({ version: 2, meta: {} }, history, 3);
    expect(result.applied.map((m) => m.from)).toEqual([2]);
  });

  it('does not mutate the input', () => {
    const doc = v1();
    const copy = structuredClone(doc);
    migrate(doc, history, 3);
    expect(doc).toEqual(copy);
  });

  it('refuses a gap in the history', () => {
    const e = error(() => migrate(v1(), [history[1]!], 3));
    expect(e.code).toBe('missing-migration');
    expect(e.version).toBe(1);
  });

  it('refuses a newer version', () => {
    const e = error(() => migrate({ version: 4 }, history, 3));
    expect(e.code).toBe('newer-version');
    expect(e.version).toBe(4);
    expect(error(() => migrate({ version: 3 })).code).toBe('newer-version');
  });

  it('refuses a missing or malformed version', () => {
    for (const version of [undefined, '1', 0, -2, 1.5, null, Number.NaN, { toString: 1 }]) {
      expect(error(() => migrate({ version } as RawDocument, history, 3)).code).toBe('bad-version');
    }
  });
});

describe('displayValue', () => {
  it('prints any value briefly and never throws', () => {
    expect(displayValue('abc')).toBe('abc');
    expect(displayValue(undefined)).toBe('');
    expect(displayValue(null)).toBe('null');
    expect(displayValue(7)).toBe('7');
    expect(displayValue({ toString: 1 })).toBe('{"toString":1}');
    expect(displayValue('x'.repeat(100))).toHaveLength(60);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(displayValue(cyclic)).toBe('?');
    expect(displayValue(10n)).toBe('10');
  });
});
