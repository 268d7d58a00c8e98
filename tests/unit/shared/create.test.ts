import { describe, expect, it } from 'vitest';
import { createEmptyDocument, JourneyMapSchema, restoreDocument, serializeDocument } from '../../../shared/model';

describe('createEmptyDocument', () => {
  it.each(['ru', 'en'] as const)('makes a valid map in %s that survives a save and reopen', (locale) => {
    const doc = createEmptyDocument(locale);
    expect(JourneyMapSchema.safeParse(doc).success).toBe(true);
    const reopened = restoreDocument(serializeDocument(doc), locale);
    expect(reopened.ok && reopened.doc).toEqual(doc);
  });

  it('names things in the chosen language', () => {
    const ru = createEmptyDocument('ru');
    const en = createEmptyDocument('en');
    expect(ru.meta).toMatchObject({ title: 'Новая карта пути', language: 'ru', variant: 'as-is' });
    expect(en.meta).toMatchObject({ title: 'New journey map', language: 'en' });
    expect(ru.lanes.map((l) => l.title)).toEqual(['Действия гражданина', 'Точки контакта', 'Фронт-офис', 'Бэк-офис']);
    expect(en.lanes.map((l) => l.title)).toEqual(['Citizen actions', 'Touchpoints', 'Frontstage', 'Backstage']);
    expect(en.stages.map((s) => s.title)).toEqual(['New stage 1', 'New stage 2', 'New stage 3']);
    expect(ru.stages[0]!.title).not.toBe(en.stages[0]!.title);
  });

  it('starts with a persona to fill in, three stages and the four blueprint lanes, and nothing else', () => {
    const doc = createEmptyDocument('ru');
    expect(doc.personas.map((p) => p.name)).toEqual(['Гражданин']);
    expect(createEmptyDocument('en').personas.map((p) => p.name)).toEqual(['Citizen']);
    expect(doc.stages.map((s) => s.id)).toEqual(['stage-1', 'stage-2', 'stage-3']);
    expect(doc.lanes.map((l) => l.kind)).toEqual(['citizen', 'touchpoint', 'frontstage', 'backstage']);
    expect(doc.steps).toEqual([]);
    expect(doc.agencies).toEqual([]);
  });

  it('stamps created and modified with the given time', () => {
    const now = new Date('2025-03-01T10:00:00Z');
    const doc = createEmptyDocument('en', now);
    expect(doc.meta.created).toBe('2025-03-01T10:00:00.000Z');
    expect(doc.meta.modified).toBe('2025-03-01T10:00:00.000Z');
  });
});
