import { describe, expect, it } from 'vitest';
import {
  addEntity,
  createEntity,
  deleteEntity,
  JourneyMapSchema,
  linkPainOpportunity,
  moveEntity,
  updateEntity,
  type JourneyMap,
} from '../../../shared/model';
import { deepFreeze, richDoc } from './fixtures';

const valid = (doc: JourneyMap) => expect(JourneyMapSchema.safeParse(doc).success).toBe(true);

describe('registry operations', () => {
  it('creates complete entities with the schema defaults', () => {
    expect(createEntity('agencies', { id: 'a', name: 'МФЦ' })).toEqual({ id: 'a', name: 'МФЦ', shortName: '', kind: 'other', color: '#6b7280' });
    expect(createEntity('painPoints', { id: 'p', title: 'Очередь' })).toMatchObject({ severity: 3, status: 'open', agencyIds: [], votes: 0 });
    expect(() => createEntity('agencies', { id: 'a', name: '' })).toThrow();
  });

  it('adds at an index or at the end, and refuses an id already used anywhere in the map', () => {
    const doc = deepFreeze(richDoc());
    const mfc = createEntity('agencies', { id: 'agency-mfc', name: 'МФЦ' });
    const added = addEntity(doc, 'agencies', mfc, 0);
    expect(added.agencies.map((a) => a.id)).toEqual(['agency-mfc', 'agency-mvd', 'agency-clinic']);
    expect(addEntity(doc, 'agencies', mfc).agencies.at(-1)?.id).toBe('agency-mfc');
    expect(addEntity(doc, 'agencies', { ...mfc, id: 'step-1' })).toBe(doc);
    valid(added);
  });

  it('updates fields, removes an optional one with undefined, and is a no-op without a change', () => {
    const doc = deepFreeze(richDoc());
    const renamed = updateEntity(doc, 'agencies', 'agency-mvd', { shortName: 'ГИБДД', color: '#112233' });
    expect(renamed.agencies[0]).toMatchObject({ shortName: 'ГИБДД', color: '#112233' });
    expect(updateEntity(doc, 'agencies', 'agency-mvd', { name: 'МВД' })).toBe(doc);
    expect(updateEntity(doc, 'agencies', 'nope', { name: 'x' })).toBe(doc);
    const noOwner = updateEntity(doc, 'painPoints', 'pain-step', { ownerAgencyId: undefined });
    expect('ownerAgencyId' in (noOwner.painPoints[0] as object)).toBe(false);
    expect(updateEntity(doc, 'painPoints', 'pain-step', { agencyIds: ['agency-clinic'] })).toBe(doc);
  });

  it('deleting an agency removes it from steps, pain points, owners and document issuers', () => {
    const doc = deepFreeze(richDoc());
    const next = deleteEntity(doc, 'agencies', 'agency-clinic');
    expect(next.agencies.map((a) => a.id)).toEqual(['agency-mvd']);
    expect(next.steps.find((s) => s.id === 'step-1')?.agencyIds).toEqual([]);
    expect(next.painPoints[0]?.agencyIds).toEqual([]);
    expect(next.painPoints[0]?.ownerAgencyId).toBeUndefined();
    expect(next.documents[0]?.issuerAgencyId).toBeUndefined();
    valid(next);
    const withoutMvd = deleteEntity(doc, 'agencies', 'agency-mvd');
    expect(withoutMvd.opportunities[0]?.ownerAgencyId).toBeUndefined();
    valid(withoutMvd);
  });

  it.each([
    ['documents', 'doc-cert'],
    ['regulations', 'reg-1'],
    ['evidence', 'ev-1'],
    ['painPoints', 'pain-step'],
    ['opportunities', 'opp-1'],
    ['personas', 'persona-1'],
  ] as const)('deleting from %s leaves no reference behind', (collection, id) => {
    const next = deleteEntity(deepFreeze(richDoc()), collection, id);
    expect(JSON.stringify(next)).not.toContain(`"${id}"`);
    valid(next);
  });

  it('links and unlinks a pain point and an opportunity on both sides', () => {
    let doc = deepFreeze(richDoc());
    doc = linkPainOpportunity(doc, { painPointId: 'pain-step', opportunityId: 'opp-1', linked: false });
    expect(doc.painPoints[0]?.opportunityIds).toEqual([]);
    expect(doc.opportunities[0]?.painPointIds).toEqual(['pain-cell']);
    doc = linkPainOpportunity(doc, { painPointId: 'pain-step', opportunityId: 'opp-1', linked: true });
    expect(doc.painPoints[0]?.opportunityIds).toEqual(['opp-1']);
    expect(doc.opportunities[0]?.painPointIds).toEqual(['pain-cell', 'pain-step']);
    expect(linkPainOpportunity(doc, { painPointId: 'pain-step', opportunityId: 'opp-1', linked: true })).toBe(doc);
    expect(linkPainOpportunity(doc, { painPointId: 'missing', opportunityId: 'opp-1', linked: true })).toBe(doc);
    valid(doc);
  });

  it('reorders an entity within its registry', () => {
    const doc = deepFreeze(richDoc());
    expect(moveEntity(doc, 'agencies', 'agency-clinic', 0).agencies.map((a) => a.id)).toEqual(['agency-clinic', 'agency-mvd']);
    expect(moveEntity(doc, 'agencies', 'agency-mvd', 0)).toBe(doc);
  });
});
