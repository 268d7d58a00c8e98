import { describe, expect, it } from 'vitest';
import {
  AgencySchema,
  DocumentKindSchema,
  EvidenceSchema,
  FlowSchema,
  GuidanceRefSchema,
  IdSchema,
  JourneyMapSchema,
  LaneSchema,
  MetaSchema,
  OpportunitySchema,
  PainPointSchema,
  PersonaSchema,
  RegulationSchema,
  StageSchema,
  StepSchema,
  referenceIssues,
  LIMITS,
} from '../../../shared/model';
import { minimalInput, parseDoc, richInput } from './fixtures';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) => schema.safeParse(value).success;

describe('the document schema', () => {
  it('accepts a valid document with every kind of entity', () => {
    const result = JourneyMapSchema.safeParse(richInput());
    expect(result.success).toBe(true);
  });

  it('fills in defaults for everything a file may omit', () => {
    const doc = parseDoc(minimalInput());
    expect(doc.meta).toEqual({ title: 'Карта', service: '', description: '', variant: 'as-is', authors: [], language: 'ru', guidance: [] });
    for (const key of ['personas', 'agencies', 'stages', 'lanes', 'steps', 'flows', 'painPoints', 'opportunities', 'evidence', 'regulations', 'documents'] as const) {
      expect(doc[key]).toEqual([]);
    }
    const rich = parseDoc(richInput());
    expect(rich.agencies[0]).toEqual({ id: 'agency-mvd', name: 'МВД', shortName: '', kind: 'federal', color: '#6b7280' });
    expect(rich.personas[0]).toEqual({ id: 'persona-1', name: 'Анна', description: '', goals: [] });
    expect(rich.stages[0]).toEqual({ id: 'stage-a', title: 'A', description: '', guidance: [] });
    expect(rich.steps[2]).toEqual({
      id: 'step-3',
      laneId: 'lane-citizen',
      stageId: 'stage-a',
      title: 'Три',
      description: '',
      agencyIds: [],
      documentsIn: [],
      documentsOut: [],
      regulationIds: [],
      evidenceIds: [],
      guidance: [],
    });
    expect(rich.flows[0]).toEqual({ id: 'flow-1', from: 'step-1', to: 'step-2', kind: 'sequence', label: '' });
    expect(rich.painPoints[1]).toMatchObject({ severity: 3, status: 'open', votes: 0, category: '', agencyIds: [], evidenceIds: [] });
    expect(rich.opportunities[0]).toMatchObject({ status: 'idea', description: '' });
    expect(rich.evidence[0]).toEqual({ id: 'ev-1', kind: 'interview', source: '', date: '', note: '', personalData: false, confidence: 'medium' });
    expect(rich.regulations[0]).toEqual({ id: 'reg-1', title: 'Закон', kind: 'federal-law', number: '', date: '', article: '', url: '' });
    expect(LaneSchema.parse({ id: 'l', title: 'L' }).kind).toBe('custom');
  });

  it('requires the format marker and version 2', () => {
    expect(ok(JourneyMapSchema, { ...minimalInput(), format: 'other' })).toBe(false);
    expect(ok(JourneyMapSchema, { ...minimalInput(), version: 3 })).toBe(false);
    expect(ok(JourneyMapSchema, { ...minimalInput(), version: 1 })).toBe(false);
    expect(ok(JourneyMapSchema, { format: 'marshrut/journey-map', version: 2 })).toBe(false);
  });
});

describe('entity constraints', () => {
  it('ids: latin letters, digits and _ . : -, 1 to 64 characters', () => {
    for (const id of ['step-1', 'a.b:c_D', 'x', 'a'.repeat(64)]) expect(ok(IdSchema, id), id).toBe(true);
    for (const id of ['', 'a b', 'шаг', 'a/b', 'a'.repeat(65), 5, null, '__proto__', 'constructor', 'prototype']) expect(ok(IdSchema, id), String(id)).toBe(false);
  });

  it('meta', () => {
    expect(ok(MetaSchema, { title: 'x' })).toBe(true);
    expect(ok(MetaSchema, { title: '' })).toBe(false);
    expect(ok(MetaSchema, { title: 'x'.repeat(LIMITS.shortText + 1) })).toBe(false);
    expect(ok(MetaSchema, { title: 'x', variant: 'maybe' })).toBe(false);
    expect(ok(MetaSchema, { title: 'x', variant: 'to-be' })).toBe(true);
    expect(ok(MetaSchema, { title: 'x', language: 'de' })).toBe(false);
    expect(ok(MetaSchema, { title: 'x', description: 'x'.repeat(LIMITS.longText + 1) })).toBe(false);
    expect(ok(MetaSchema, { title: 'x', authors: Array(101).fill('a') })).toBe(false);
  });

  it('personas, stages and lanes', () => {
    expect(ok(PersonaSchema, { id: 'p', name: '' })).toBe(false);
    expect(ok(PersonaSchema, { id: 'p', name: 'P', goals: ['x'.repeat(301)] })).toBe(false);
    expect(ok(StageSchema, { id: 's', title: 'x'.repeat(301) })).toBe(false);
    expect(ok(StageSchema, { id: 's', title: '' })).toBe(true); // an untitled column is allowed
    expect(ok(LaneSchema, { id: 'l', title: 'L', kind: 'emotions' })).toBe(true);
    expect(ok(LaneSchema, { id: 'l', title: 'L', kind: 'feelings' })).toBe(false);
  });

  it('agencies: kind, colour and short name', () => {
    expect(ok(AgencySchema, { id: 'a', name: 'A', kind: 'mfc', color: '#A1b2C3' })).toBe(true);
    expect(ok(AgencySchema, { id: 'a', name: 'A', kind: 'ministry' })).toBe(false);
    for (const color of ['red', '#abc', '#abcdef0', 'abcdef']) expect(ok(AgencySchema, { id: 'a', name: 'A', color }), color).toBe(false);
    expect(ok(AgencySchema, { id: 'a', name: 'A', shortName: 'x'.repeat(41) })).toBe(false);
    expect(ok(AgencySchema, { id: 'a', name: '' })).toBe(false);
  });

  it('steps: channel, numbers and emotion', () => {
    const base = { id: 's', laneId: 'l', stageId: 'g', title: 'S' };
    expect(ok(StepSchema, { ...base, channel: 'portal', inPerson: false, waitMinutes: 0, serviceMinutes: 12.5, leadTimeDays: 3, costRub: 2000, emotion: -2 })).toBe(true);
    expect(ok(StepSchema, { ...base, channel: 'fax' })).toBe(false);
    for (const field of ['waitMinutes', 'serviceMinutes', 'leadTimeDays', 'costRub']) {
      for (const value of [-1, Number.POSITIVE_INFINITY, Number.NaN, 2e9, '5']) {
        expect(ok(StepSchema, { ...base, [field]: value }), `${field}=${String(value)}`).toBe(false);
      }
    }
    for (const emotion of [-3, 3, 0.5, '1']) expect(ok(StepSchema, { ...base, emotion }), String(emotion)).toBe(false);
    for (const emotion of [-2, -1, 0, 1, 2]) expect(ok(StepSchema, { ...base, emotion })).toBe(true);
    expect(ok(StepSchema, { ...base, inPerson: 'yes' })).toBe(false);
    expect(ok(StepSchema, { ...base, agencyIds: Array(LIMITS.refs + 1).fill('a') })).toBe(false);
    expect(ok(StepSchema, { ...base, agencyIds: ['not an id'] })).toBe(false);
    expect(ok(StepSchema, { ...base, laneId: undefined })).toBe(false);
  });

  it('flows', () => {
    expect(ok(FlowSchema, { id: 'f', from: 'a', to: 'b', kind: 'rework', label: 'назад' })).toBe(true);
    expect(ok(FlowSchema, { id: 'f', from: 'a', to: 'b', kind: 'loop' })).toBe(false);
    expect(ok(FlowSchema, { id: 'f', from: 'a' })).toBe(false);
  });

  it('pain points', () => {
    const base = { id: 'p', title: 'P' };
    expect(ok(PainPointSchema, { ...base, severity: 5, cause: 'premises', status: 'solved', votes: 3 })).toBe(true);
    for (const severity of [0, 6, 2.5]) expect(ok(PainPointSchema, { ...base, severity }), String(severity)).toBe(false);
    expect(ok(PainPointSchema, { ...base, votes: -1 })).toBe(false);
    expect(ok(PainPointSchema, { ...base, status: 'closed' })).toBe(false);
    expect(ok(PainPointSchema, { ...base, cause: 'weather' })).toBe(false);
    expect(ok(PainPointSchema, { ...base, cell: { laneId: 'l' } })).toBe(false);
    expect(ok(PainPointSchema, { id: 'p', title: '' })).toBe(false);
  });

  it('opportunities', () => {
    const base = { id: 'o', title: 'O' };
    expect(ok(OpportunitySchema, { ...base, effort: 1, impact: 3, status: 'agreed' })).toBe(true);
    for (const effort of [0, 4, 1.5]) expect(ok(OpportunitySchema, { ...base, effort })).toBe(false);
    expect(ok(OpportunitySchema, { ...base, impact: 4 })).toBe(false);
    expect(ok(OpportunitySchema, { ...base, status: 'maybe' })).toBe(false);
  });

  it('evidence, regulations, documents and guidance links', () => {
    expect(ok(EvidenceSchema, { id: 'e' })).toBe(false); // kind is required
    expect(ok(EvidenceSchema, { id: 'e', kind: 'mystery-shopping', personalData: true, confidence: 'high' })).toBe(true);
    expect(ok(EvidenceSchema, { id: 'e', kind: 'rumour' })).toBe(false);
    expect(ok(EvidenceSchema, { id: 'e', kind: 'survey', confidence: 'total' })).toBe(false);
    expect(ok(RegulationSchema, { id: 'r', title: '' })).toBe(false);
    expect(ok(RegulationSchema, { id: 'r', title: 'x'.repeat(600) })).toBe(true);
    expect(ok(RegulationSchema, { id: 'r', title: 'x'.repeat(601) })).toBe(false);
    expect(ok(RegulationSchema, { id: 'r', title: 'R', kind: 'ukaz' })).toBe(false);
    expect(ok(RegulationSchema, { id: 'r', title: 'R', url: 'x'.repeat(LIMITS.url + 1) })).toBe(false);
    expect(ok(DocumentKindSchema, { id: 'd', name: '' })).toBe(false);
    expect(ok(DocumentKindSchema, { id: 'd', name: 'D', issuerAgencyId: 'bad id' })).toBe(false);
    expect(ok(GuidanceRefSchema, { catalog: 'ranepa-cx', section: '3.2' })).toBe(true);
    expect(ok(GuidanceRefSchema, { catalog: 'ranepa-cx', section: '' })).toBe(false);
    expect(ok(GuidanceRefSchema, { catalog: 'bad catalog', section: '1' })).toBe(false);
  });
});

describe('cross-references', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at raw input
  const issues = (mutate: (doc: any) => void) => {
    const input: unknown = richInput();
    mutate(input);
    const result = JourneyMapSchema.safeParse(input);
    expect(result.success).toBe(false);
    return result.error!.issues.map((i) => ({ path: i.path, message: i.message }));
  };

  it('reports a duplicate id at the second use, across collections', () => {
    expect(issues((d) => (d.steps[4].id = 'stage-a'))).toEqual([{ path: ['steps', 4, 'id'], message: 'duplicate-id:stage-a' }]);
    expect(issues((d) => d.lanes.push({ id: 'lane-front', title: 'again' }))).toEqual([{ path: ['lanes', 3, 'id'], message: 'duplicate-id:lane-front' }]);
  });

  const cases: [string, (d: any) => void, (string | number)[], string][] = [
    ['document issuer', (d) => (d.documents[0].issuerAgencyId = 'nope'), ['documents', 0, 'issuerAgencyId'], 'dangling:agency:nope'],
    ['step lane', (d) => (d.steps[0].laneId = 'nope'), ['steps', 0, 'laneId'], 'dangling:lane:nope'],
    ['step stage', (d) => (d.steps[0].stageId = 'nope'), ['steps', 0, 'stageId'], 'dangling:stage:nope'],
    ['step agency', (d) => d.steps[0].agencyIds.push('nope'), ['steps', 0, 'agencyIds', 1], 'dangling:agency:nope'],
    ['step documentsIn', (d) => (d.steps[3].documentsIn = ['nope']), ['steps', 3, 'documentsIn', 0], 'dangling:document:nope'],
    ['step documentsOut', (d) => (d.steps[1].documentsOut = ['doc-cert', 'nope']), ['steps', 1, 'documentsOut', 1], 'dangling:document:nope'],
    ['step regulation', (d) => (d.steps[3].regulationIds = ['nope']), ['steps', 3, 'regulationIds', 0], 'dangling:regulation:nope'],
    ['step evidence', (d) => (d.steps[3].evidenceIds = ['nope']), ['steps', 3, 'evidenceIds', 0], 'dangling:evidence:nope'],
    ['flow from', (d) => (d.flows[0].from = 'nope'), ['flows', 0, 'from'], 'dangling:step:nope'],
    ['flow to', (d) => (d.flows[1].to = 'nope'), ['flows', 1, 'to'], 'dangling:step:nope'],
    ['pain step', (d) => (d.painPoints[0].stepId = 'nope'), ['painPoints', 0, 'stepId'], 'dangling:step:nope'],
    ['pain cell lane', (d) => (d.painPoints[1].cell.laneId = 'nope'), ['painPoints', 1, 'cell', 'laneId'], 'dangling:lane:nope'],
    ['pain cell stage', (d) => (d.painPoints[1].cell.stageId = 'nope'), ['painPoints', 1, 'cell', 'stageId'], 'dangling:stage:nope'],
    ['pain agency', (d) => (d.painPoints[0].agencyIds = ['nope']), ['painPoints', 0, 'agencyIds', 0], 'dangling:agency:nope'],
    ['pain owner', (d) => (d.painPoints[0].ownerAgencyId = 'nope'), ['painPoints', 0, 'ownerAgencyId'], 'dangling:agency:nope'],
    ['pain evidence', (d) => (d.painPoints[0].evidenceIds = ['nope']), ['painPoints', 0, 'evidenceIds', 0], 'dangling:evidence:nope'],
    ['pain opportunity', (d) => (d.painPoints[0].opportunityIds = ['nope']), ['painPoints', 0, 'opportunityIds', 0], 'dangling:opportunity:nope'],
    ['pain regulation', (d) => (d.painPoints[0].regulationIds = ['nope']), ['painPoints', 0, 'regulationIds', 0], 'dangling:regulation:nope'],
    ['opportunity owner', (d) => (d.opportunities[0].ownerAgencyId = 'nope'), ['opportunities', 0, 'ownerAgencyId'], 'dangling:agency:nope'],
    ['opportunity pain', (d) => (d.opportunities[0].painPointIds = ['pain-step', 'nope']), ['opportunities', 0, 'painPointIds', 1], 'dangling:painPoint:nope'],
    ['reference of the wrong kind', (d) => (d.steps[0].laneId = 'stage-a'), ['steps', 0, 'laneId'], 'dangling:lane:stage-a'],
  ];
  it.each(cases)('reports a dangling %s with its path', (_name, mutate, path, message) => {
    expect(issues(mutate)).toEqual([{ path, message }]);
  });

  it('referenceIssues finds nothing in a consistent document', () => {
    expect(referenceIssues(parseDoc(richInput()))).toEqual([]);
  });
});
