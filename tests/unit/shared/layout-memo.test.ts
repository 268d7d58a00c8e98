/**
 * The layout memo (issue 8): edits that move no card keep the very same layout object, so the
 * canvas can keep what it derived from it; every edit that moves a card gets a new one, equal to
 * computing it afresh.
 */
import { describe, expect, it } from 'vitest';
import {
  addEntity,
  addLane,
  computeLayout,
  createEntity,
  createLayoutMemo,
  deleteElements,
  linkPainOpportunity,
  moveStage,
  moveSteps,
  sameLayoutInputs,
  updateEntity,
  updateLane,
  updateStep,
  type JourneyMap,
} from '../../../shared/model';
import { generateLargeMap } from '../../../shared/export/large-map';
import { loadTemplate } from '../../../templates';

const sample = loadTemplate('driving-licence-as-is');
const step = sample.steps[3]!;
const pain = sample.painPoints.find((p) => p.stepId)!;

describe('sameLayoutInputs', () => {
  const same: [string, JourneyMap][] = [
    ['a step title', updateStep(sample, { id: step.id, patch: { title: 'Другое название' } })],
    ['a step time, cost and agencies', updateStep(sample, { id: step.id, patch: { waitMinutes: 90, costRub: 500, agencyIds: [] } })],
    ['a pain point title and severity', updateEntity(sample, 'painPoints', pain.id, { title: 'Иначе', severity: 1 })],
    ['a lane title', updateLane(sample, { id: sample.lanes[0]!.id, patch: { title: 'Граждане' } })],
    ['the map title', { ...sample, meta: { ...sample.meta, title: 'Новое' } }],
  ];
  it.each(same)('holds after changing %s', (_what, next) => {
    expect(sameLayoutInputs(sample, next)).toBe(true);
  });

  const other = sample.stages.find((s) => s.id !== step.stageId)!;
  const changed: [string, JourneyMap][] = [
    ['a step to another stage', moveSteps(sample, { moves: [{ id: step.id, laneId: step.laneId, stageId: other.id, index: 0 }] })],
    ['the order of stages', moveStage(sample, { id: sample.stages[0]!.id, toIndex: 2 })],
    ['a new lane', addLane(sample, { id: 'lane-new', title: 'Новая', kind: 'custom' })],
    ['a lane kind', updateLane(sample, { id: sample.lanes.find((l) => l.kind === 'pains')!.id, patch: { kind: 'custom' } })],
    ['a pain point to a cell', updateEntity(sample, 'painPoints', pain.id, { cell: { laneId: sample.lanes[0]!.id, stageId: other.id } })],
    ['a new pain point', addEntity(sample, 'painPoints', createEntity('painPoints', { id: 'p-new', stepId: step.id, title: 'Новая боль' }))],
    ['a deleted step', deleteElements(sample, { stepIds: [step.id] })],
  ];
  it.each(changed)('fails after %s', (_what, next) => {
    expect(sameLayoutInputs(sample, next)).toBe(false);
  });

  it('fails when an opportunity is linked to a pain point elsewhere', () => {
    const withOpp = addEntity(sample, 'opportunities', createEntity('opportunities', { id: 'o-new', title: 'Идея' }));
    expect(sameLayoutInputs(withOpp, linkPainOpportunity(withOpp, { painPointId: pain.id, opportunityId: 'o-new', linked: true }))).toBe(false);
  });
});

describe('createLayoutMemo', () => {
  it('returns the same layout while typing, a fresh and correct one after a move', () => {
    const layoutOf = createLayoutMemo();
    let doc = generateLargeMap(500);
    const first = layoutOf(doc);
    for (const ch of 'abc') {
      doc = updateStep(doc, { id: doc.steps[10]!.id, patch: { title: `${doc.steps[10]!.title}${ch}` } });
      expect(layoutOf(doc)).toBe(first);
    }
    const target = doc.steps[10]!;
    const moved = moveSteps(doc, { moves: [{ id: target.id, laneId: doc.lanes[0]!.id, stageId: doc.stages[0]!.id, index: 0 }] });
    const second = layoutOf(moved);
    expect(second).not.toBe(first);
    expect(second).toEqual(computeLayout(moved));
    // And back: undo gives an equal layout again.
    expect(layoutOf(doc)).toEqual(first);
  });
});
