import { describe, expect, it } from 'vitest';
import { restoreDocument, serializeDocument, type JourneyMap } from '../../../shared/model';
import { richDoc } from './fixtures';

/** The same value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  }
  return value;
}

describe('serializeDocument', () => {
  it('round-trips: restore(serialize(doc)) equals doc', () => {
    const doc = richDoc();
    const restored = restoreDocument(serializeDocument(doc));
    expect(restored.ok && restored.doc).toEqual(doc);
  });

  it('writes keys in schema order whatever order they came in', () => {
    const doc = richDoc();
    const shuffled = reverseKeys(doc) as JourneyMap;
    expect(Object.keys(shuffled)[0]).toBe('baselines');
    expect(serializeDocument(shuffled)).toBe(serializeDocument(doc));
    const text = serializeDocument(shuffled);
    expect(text.indexOf('"format"')).toBeLessThan(text.indexOf('"version"'));
    expect(text.indexOf('"version"')).toBeLessThan(text.indexOf('"meta"'));
    expect(text.indexOf('"id": "step-1"')).toBeLessThan(text.indexOf('"laneId": "lane-citizen"'));
  });

  it('gives the same bytes every time, and again after a round trip', () => {
    const first = serializeDocument(richDoc());
    expect(serializeDocument(richDoc())).toBe(first);
    const again = restoreDocument(first);
    expect(again.ok && serializeDocument(again.doc)).toBe(first);
  });

  it('indents with two spaces and ends with exactly one newline', () => {
    const text = serializeDocument(richDoc());
    expect(text.startsWith('{\n  "format": "marshrut/journey-map",\n  "version": 2,\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
  });

  it('keeps Cyrillic as is (no \\u escapes)', () => {
    expect(serializeDocument(richDoc())).toContain('"title": "Водительское удостоверение"');
  });

  it('drops keys the schema does not know and optional fields that are unset', () => {
    const doc = { ...richDoc(), extra: 'x' } as JourneyMap;
    const text = serializeDocument(doc);
    expect(text).not.toContain('extra');
    expect(text).not.toContain('"counterpart"');
  });
});
