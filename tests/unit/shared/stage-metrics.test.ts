import { describe, expect, it } from 'vitest';
import { computeScorecard, type JourneyMap, type JourneyMapInput } from '../../../shared/model';
import { stageScorecard, stageScorecards } from '../../../shared/model/stage-metrics';
import { loadTemplate } from '../../../templates';
import { deepFreeze, minimalInput, parseDoc } from './fixtures';

type StepIn = NonNullable<JourneyMapInput['steps']>[number];
type PainIn = NonNullable<JourneyMapInput['painPoints']>[number];

/** Agencies A, B, C; stages s1, s2, s3; a citizen lane and a pains lane. */
function map(parts: { steps?: Partial<StepIn>[]; flows?: [string, string][]; pains?: Partial<PainIn>[] }): JourneyMap {
  return parseDoc({
    ...minimalInput(),
    agencies: [
      { id: 'A', name: 'Агентство А' },
      { id: 'B', name: 'Агентство Б' },
      { id: 'C', name: 'Агентство В' },
    ],
    stages: [
      { id: 's1', title: 'Подготовка' },
      { id: 's2', title: 'Подача' },
      { id: 's3', title: 'Получение' },
    ],
    lanes: [
      { id: 'l1', title: 'Гражданин', kind: 'citizen' },
      { id: 'lp', title: 'Боли', kind: 'pains' },
    ],
    steps: (parts.steps ?? []).map((s, i) => ({ id: `x${i + 1}`, laneId: 'l1', stageId: 's1', title: `Шаг ${i + 1}`, ...s })),
    flows: (parts.flows ?? []).map(([from, to], i) => ({ id: `f${i + 1}`, from, to })),
    painPoints: (parts.pains ?? []).map((p, i) => ({ id: `p${i + 1}`, title: `Боль ${i + 1}`, ...p })),
  });
}

describe('stageScorecard', () => {
  it('is null for a stage the map does not have', () => {
    expect(stageScorecard(map({}), 'nope')).toBeNull();
  });

  it('gives zeros, the stage title and its position for an empty stage', () => {
    expect(stageScorecard(map({}), 's2')).toEqual({
      stageId: 's2',
      index: 1,
      title: 'Подача',
      steps: 0,
      visits: 0,
      handoffs: 0,
      agencies: 0,
      payments: 0,
      costRub: 0,
      citizenMinutes: 0,
      leadDays: 0,
      painPoints: 0,
      painPointsBySeverity: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
      painPointIds: [],
    });
  });

  it('counts only the steps of the stage: visits, payments, cost, minutes, lead days, agencies', () => {
    const doc = map({
      steps: [
        { stageId: 's1', inPerson: true, costRub: 500, waitMinutes: 30, serviceMinutes: 10, leadTimeDays: 1, agencyIds: ['A'] },
        { stageId: 's2', inPerson: true, costRub: 2000, waitMinutes: 60, serviceMinutes: 15, leadTimeDays: 10, agencyIds: ['A', 'B'] },
        { stageId: 's2', inPerson: false, costRub: 0, waitMinutes: 5, agencyIds: ['B'] },
        { stageId: 's2', costRub: 300.5 },
      ],
    });
    const s2 = stageScorecard(doc, 's2');
    expect(s2).toMatchObject({ steps: 3, visits: 1, payments: 2, costRub: 2300.5, citizenMinutes: 80, leadDays: 10, agencies: 2 });
    expect(stageScorecard(doc, 's1')).toMatchObject({ steps: 1, visits: 1, payments: 1, costRub: 500, citizenMinutes: 40, leadDays: 1, agencies: 1 });
    expect(stageScorecard(doc, 's3')).toMatchObject({ steps: 0, costRub: 0 });
  });

  it('counts a handoff in the stage of the step it leads to', () => {
    const doc = map({
      steps: [
        { stageId: 's1', agencyIds: ['A'] },
        { stageId: 's2', agencyIds: ['B'] },
        { stageId: 's2', agencyIds: ['B'] },
        { stageId: 's3', agencyIds: ['C'] },
        { stageId: 's3' },
      ],
      flows: [
        ['x1', 'x2'], // A → B, into s2: a handoff
        ['x2', 'x3'], // B → B: not a handoff
        ['x3', 'x4'], // B → C, into s3: a handoff
        ['x4', 'x5'], // to a step with no agency: not a handoff
      ],
    });
    expect(stageScorecard(doc, 's1')?.handoffs).toBe(0);
    expect(stageScorecard(doc, 's2')?.handoffs).toBe(1);
    expect(stageScorecard(doc, 's3')?.handoffs).toBe(1);
  });

  it('places a pain point by its step’s stage, else by its cell, and counts severities', () => {
    const doc = map({
      steps: [{ stageId: 's2' }],
      pains: [
        { stepId: 'x1', severity: 5 }, // s2 by its step
        { cell: { laneId: 'lp', stageId: 's2' }, severity: 3 }, // s2 by its cell
        { cell: { laneId: 'lp', stageId: 's3' }, severity: 2 }, // s3
        { severity: 4 }, // nowhere
        { stepId: 'x1', cell: { laneId: 'lp', stageId: 's3' }, severity: 5 }, // the step wins: s2
      ],
    });
    const s2 = stageScorecard(doc, 's2');
    expect(s2?.painPoints).toBe(3);
    expect(s2?.painPointIds).toEqual(['p1', 'p2', 'p5']);
    expect(s2?.painPointsBySeverity).toEqual({ '1': 0, '2': 0, '3': 1, '4': 0, '5': 2 });
    expect(stageScorecard(doc, 's3')?.painPointIds).toEqual(['p3']);
    expect(stageScorecard(doc, 's1')?.painPoints).toBe(0);
  });

  it('does not change the document', () => {
    const doc = deepFreeze(map({ steps: [{ stageId: 's1', costRub: 10 }], pains: [{ stepId: 'x1' }] }));
    expect(() => stageScorecard(doc, 's1')).not.toThrow();
  });
});

describe('stageScorecards', () => {
  it('lists every stage in order', () => {
    expect(stageScorecards(map({})).map((c) => c.stageId)).toEqual(['s1', 's2', 's3']);
  });

  it('on a real map, the stages add up to the whole map’s scorecard (for placed steps and pains)', () => {
    const doc = loadTemplate('driving-licence-as-is');
    const total = computeScorecard(doc);
    const stages = stageScorecards(doc);
    const add = (key: 'steps' | 'visits' | 'handoffs' | 'payments' | 'costRub' | 'citizenMinutes' | 'leadDays') =>
      stages.reduce((sum, c) => sum + c[key], 0);
    for (const key of ['steps', 'visits', 'handoffs', 'payments', 'costRub', 'citizenMinutes', 'leadDays'] as const) {
      expect(add(key), key).toBeCloseTo(total[key]);
    }
    const placed = doc.painPoints.filter((p) => p.stepId || p.cell).length;
    expect(stages.reduce((sum, c) => sum + c.painPoints, 0)).toBe(placed);
    expect(stages.some((c) => c.painPoints > 0)).toBe(true);
  });
});
