/** Small documents for the model tests. */
import { JourneyMapSchema, type JourneyMap, type JourneyMapInput } from '../../../shared/model';

/** The least a file may contain. */
export const minimalInput = (): JourneyMapInput => ({
  format: 'marshrut/journey-map',
  version: 2,
  meta: { title: 'Карта' },
});

/**
 * Two stages × three lanes, five steps, every kind of entity and every kind of reference, so a
 * test can break one reference at a time.
 */
export const richInput = (): JourneyMapInput => ({
  format: 'marshrut/journey-map',
  version: 2,
  meta: { title: 'Водительское удостоверение', variant: 'as-is', language: 'ru', guidance: [{ catalog: 'ranepa-cx', section: '1' }] },
  personas: [{ id: 'persona-1', name: 'Анна' }],
  agencies: [
    { id: 'agency-mvd', name: 'МВД', kind: 'federal' },
    { id: 'agency-clinic', name: 'Поликлиника', kind: 'medical', color: '#15803d' },
  ],
  stages: [
    { id: 'stage-a', title: 'A' },
    { id: 'stage-b', title: 'B' },
  ],
  lanes: [
    { id: 'lane-citizen', title: 'Гражданин', kind: 'citizen' },
    { id: 'lane-front', title: 'Видимая часть', kind: 'frontstage' },
    { id: 'lane-pains', title: 'Боли', kind: 'pains' },
  ],
  documents: [{ id: 'doc-cert', name: 'Справка', issuerAgencyId: 'agency-clinic' }],
  regulations: [{ id: 'reg-1', title: 'Закон', kind: 'federal-law' }],
  evidence: [{ id: 'ev-1', kind: 'interview' }],
  steps: [
    { id: 'step-1', laneId: 'lane-citizen', stageId: 'stage-a', title: 'Один', agencyIds: ['agency-clinic'], emotion: -1 },
    { id: 'step-2', laneId: 'lane-citizen', stageId: 'stage-a', title: 'Два', documentsOut: ['doc-cert'] },
    { id: 'step-3', laneId: 'lane-citizen', stageId: 'stage-a', title: 'Три' },
    {
      id: 'step-4',
      laneId: 'lane-front',
      stageId: 'stage-b',
      title: 'Четыре',
      agencyIds: ['agency-mvd'],
      documentsIn: ['doc-cert'],
      regulationIds: ['reg-1'],
      evidenceIds: ['ev-1'],
    },
    { id: 'step-5', laneId: 'lane-citizen', stageId: 'stage-b', title: 'Пять' },
  ],
  flows: [
    { id: 'flow-1', from: 'step-1', to: 'step-2' },
    { id: 'flow-2', from: 'step-2', to: 'step-4', kind: 'handoff' },
  ],
  painPoints: [
    {
      id: 'pain-step',
      stepId: 'step-2',
      title: 'На шаге',
      agencyIds: ['agency-clinic'],
      ownerAgencyId: 'agency-clinic',
      evidenceIds: ['ev-1'],
      opportunityIds: ['opp-1'],
      regulationIds: ['reg-1'],
    },
    { id: 'pain-cell', cell: { laneId: 'lane-pains', stageId: 'stage-b' }, title: 'В ячейке', opportunityIds: ['opp-1'] },
  ],
  opportunities: [{ id: 'opp-1', title: 'Идея', ownerAgencyId: 'agency-mvd', painPointIds: ['pain-step', 'pain-cell'] }],
});

export const parseDoc = (input: unknown): JourneyMap => JourneyMapSchema.parse(input);
export const richDoc = (): JourneyMap => parseDoc(richInput());

/** Freezes a value and everything in it, so a test notices any mutation (strict mode throws). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
