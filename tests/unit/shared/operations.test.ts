import { describe, expect, it } from 'vitest';
import {
  addFlow,
  addLane,
  addStage,
  addStep,
  deleteElements,
  deleteLane,
  deleteStage,
  moveLane,
  moveStage,
  moveStep,
  moveSteps,
  restoreValue,
  updateFlow,
  updateLane,
  updateMeta,
  updateStage,
  updateStep,
  type JourneyMap,
} from '../../../shared/model';
import { deepFreeze, richDoc } from './fixtures';

/** A frozen rich document: any mutation by an operation throws. */
const doc = (): JourneyMap => deepFreeze(richDoc());
const ids = (items: readonly { id: string }[]) => items.map((x) => x.id);
const cell = (d: JourneyMap, laneId: string, stageId: string) =>
  d.steps.filter((s) => s.laneId === laneId && s.stageId === stageId).map((s) => s.id);
/** Every operation must leave a document that still validates (no dangling references). */
const expectValid = (d: JourneyMap) => {
  const result = restoreValue(d);
  expect(result.ok ? [] : result.problems).toEqual([]);
};

describe('meta', () => {
  it('updateMeta patches fields, removes an optional one given undefined, and is a no-op for equal values', () => {
    const d = doc();
    const next = updateMeta(d, { title: 'Новое', variant: 'to-be', counterpart: 'b.cjm' });
    expect(next.meta).toMatchObject({ title: 'Новое', variant: 'to-be', counterpart: 'b.cjm' });
    expect('counterpart' in updateMeta(next, { counterpart: undefined }).meta).toBe(false);
    expect(updateMeta(d, { title: d.meta.title })).toBe(d);
    expect(d.meta.title).toBe('Водительское удостоверение');
  });
});

describe('stages', () => {
  it('addStage appends, or inserts at an index; out-of-range indices append', () => {
    const d = doc();
    expect(ids(addStage(d, { id: 'stage-c', title: 'C' }).stages)).toEqual(['stage-a', 'stage-b', 'stage-c']);
    expect(ids(addStage(d, { id: 'stage-c', title: 'C', index: 0 }).stages)).toEqual(['stage-c', 'stage-a', 'stage-b']);
    expect(ids(addStage(d, { id: 'stage-c', title: 'C', index: 99 }).stages)).toEqual(['stage-a', 'stage-b', 'stage-c']);
    expect(ids(addStage(d, { id: 'stage-c', title: 'C', index: -1 }).stages)).toEqual(['stage-a', 'stage-b', 'stage-c']);
    const added = addStage(d, { id: 'stage-c', title: 'C' });
    expect(added.stages[2]).toEqual({ id: 'stage-c', title: 'C', description: '', guidance: [] });
    expectValid(added);
  });

  it('addStage with an existing id is a no-op', () => {
    const d = doc();
    expect(addStage(d, { id: 'stage-a', title: 'again' })).toBe(d);
    expect(addStage(d, { id: 'step-1', title: 'id of a step' }).stages).toHaveLength(3); // ids of other kinds are the caller's concern
  });

  it('updateStage patches, ignores id, and is a no-op for unknown ids or equal values', () => {
    const d = doc();
    const next = updateStage(d, { id: 'stage-a', patch: { title: 'Запись', description: 'd' } });
    expect(next.stages[0]).toMatchObject({ id: 'stage-a', title: 'Запись', description: 'd' });
    expect(updateStage(d, { id: 'stage-a', patch: { id: 'other' } as never }).stages[0]!.id).toBe('stage-a');
    expect(updateStage(d, { id: 'nope', patch: { title: 'x' } })).toBe(d);
    expect(updateStage(d, { id: 'stage-a', patch: { title: 'A' } })).toBe(d);
  });

  it('moveStage reorders, clamping the index; same place or unknown id is a no-op', () => {
    const d = doc();
    expect(ids(moveStage(d, { id: 'stage-b', toIndex: 0 }).stages)).toEqual(['stage-b', 'stage-a']);
    expect(ids(moveStage(d, { id: 'stage-a', toIndex: 10 }).stages)).toEqual(['stage-b', 'stage-a']);
    expect(moveStage(d, { id: 'stage-a', toIndex: 0 })).toBe(d);
    expect(moveStage(d, { id: 'stage-a', toIndex: -5 })).toBe(d);
    expect(moveStage(d, { id: 'nope', toIndex: 0 })).toBe(d);
  });

  it('deleteStage removes its steps, their flows and pain points, and the links to those pains', () => {
    const next = deleteStage(doc(), { id: 'stage-a' });
    expect(ids(next.stages)).toEqual(['stage-b']);
    expect(ids(next.steps)).toEqual(['step-4', 'step-5']);
    expect(ids(next.flows)).toEqual([]);
    expect(ids(next.painPoints)).toEqual(['pain-cell']);
    expect(next.opportunities[0]!.painPointIds).toEqual(['pain-cell']);
    expectValid(next);
  });

  it('deleteStage removes pain points pinned to its cells and unlinks them from opportunities', () => {
    const next = deleteStage(doc(), { id: 'stage-b' });
    expect(ids(next.steps)).toEqual(['step-1', 'step-2', 'step-3']);
    expect(ids(next.flows)).toEqual(['flow-1']);
    expect(ids(next.painPoints)).toEqual(['pain-step']);
    expect(next.opportunities[0]!.painPointIds).toEqual(['pain-step']);
    expectValid(next);
  });

  it('deleteStage of an unknown id is a no-op', () => {
    const d = doc();
    expect(deleteStage(d, { id: 'nope' })).toBe(d);
  });
});

describe('lanes', () => {
  it('addLane appends or inserts, custom kind by default; an existing id is a no-op', () => {
    const d = doc();
    const next = addLane(d, { id: 'lane-x', title: 'X' });
    expect(next.lanes[3]).toEqual({ id: 'lane-x', title: 'X', kind: 'custom' });
    expect(addLane(d, { id: 'lane-x', title: 'X', kind: 'emotions', index: 1 }).lanes[1]).toEqual({ id: 'lane-x', title: 'X', kind: 'emotions' });
    expect(addLane(d, { id: 'lane-front', title: 'again' })).toBe(d);
    expectValid(next);
  });

  it('updateLane patches title and kind; unknown id or equal values are no-ops', () => {
    const d = doc();
    expect(updateLane(d, { id: 'lane-front', patch: { kind: 'backstage', title: 'Тыл' } }).lanes[1]).toEqual({
      id: 'lane-front',
      title: 'Тыл',
      kind: 'backstage',
    });
    expect(updateLane(d, { id: 'nope', patch: { title: 'x' } })).toBe(d);
    expect(updateLane(d, { id: 'lane-front', patch: { kind: 'frontstage' } })).toBe(d);
  });

  it('moveLane reorders; same place is a no-op', () => {
    const d = doc();
    expect(ids(moveLane(d, { id: 'lane-pains', toIndex: 0 }).lanes)).toEqual(['lane-pains', 'lane-citizen', 'lane-front']);
    expect(moveLane(d, { id: 'lane-front', toIndex: 1 })).toBe(d);
  });

  it('deleteLane removes its steps with their flows and pains', () => {
    const next = deleteLane(doc(), { id: 'lane-citizen' });
    expect(ids(next.steps)).toEqual(['step-4']);
    expect(next.flows).toEqual([]);
    expect(ids(next.painPoints)).toEqual(['pain-cell']);
    expectValid(next);
  });

  it('deleteLane removes pain points pinned to its cells and unlinks them from opportunities', () => {
    const next = deleteLane(doc(), { id: 'lane-pains' });
    expect(ids(next.lanes)).toEqual(['lane-citizen', 'lane-front']);
    expect(ids(next.painPoints)).toEqual(['pain-step']);
    expect(next.opportunities[0]!.painPointIds).toEqual(['pain-step']);
    expectValid(next);
  });

  it('deleteLane of an unknown id is a no-op', () => {
    const d = doc();
    expect(deleteLane(d, { id: 'nope' })).toBe(d);
  });
});

describe('steps', () => {
  it('addStep puts a new step at the end of its cell, with defaults', () => {
    const next = addStep(doc(), { id: 'step-new', laneId: 'lane-citizen', stageId: 'stage-a', title: 'Новый' });
    expect(cell(next, 'lane-citizen', 'stage-a')).toEqual(['step-1', 'step-2', 'step-3', 'step-new']);
    expect(ids(next.steps)).toEqual(['step-1', 'step-2', 'step-3', 'step-new', 'step-4', 'step-5']);
    expect(next.steps[3]).toEqual({
      id: 'step-new',
      laneId: 'lane-citizen',
      stageId: 'stage-a',
      title: 'Новый',
      description: '',
      agencyIds: [],
      documentsIn: [],
      documentsOut: [],
      regulationIds: [],
      evidenceIds: [],
      guidance: [],
    });
    expectValid(next);
  });

  it('addStep inserts at an index within the cell, and into an empty cell', () => {
    const d = doc();
    expect(cell(addStep(d, { id: 'n', laneId: 'lane-citizen', stageId: 'stage-a', title: 'N', index: 0 }), 'lane-citizen', 'stage-a')).toEqual([
      'n',
      'step-1',
      'step-2',
      'step-3',
    ]);
    expect(cell(addStep(d, { id: 'n', laneId: 'lane-citizen', stageId: 'stage-a', title: 'N', index: 2 }), 'lane-citizen', 'stage-a')).toEqual([
      'step-1',
      'step-2',
      'n',
      'step-3',
    ]);
    expect(cell(addStep(d, { id: 'n', laneId: 'lane-pains', stageId: 'stage-a', title: 'N' }), 'lane-pains', 'stage-a')).toEqual(['n']);
  });

  it('addStep is a no-op for an existing id or an unknown cell', () => {
    const d = doc();
    expect(addStep(d, { id: 'step-1', laneId: 'lane-citizen', stageId: 'stage-a', title: 'x' })).toBe(d);
    expect(addStep(d, { id: 'n', laneId: 'nope', stageId: 'stage-a', title: 'x' })).toBe(d);
    expect(addStep(d, { id: 'n', laneId: 'lane-citizen', stageId: 'nope', title: 'x' })).toBe(d);
  });

  it('updateStep patches fields, never the cell, and removes optional fields given undefined', () => {
    const d = doc();
    const next = updateStep(d, { id: 'step-1', patch: { title: 'Т', costRub: 500, laneId: 'lane-front', stageId: 'stage-b' } });
    expect(next.steps[0]).toMatchObject({ title: 'Т', costRub: 500, laneId: 'lane-citizen', stageId: 'stage-a' });
    expect('emotion' in updateStep(d, { id: 'step-1', patch: { emotion: undefined } }).steps[0]!).toBe(false);
    expect(updateStep(d, { id: 'step-1', patch: { title: 'Один' } })).toBe(d);
    expect(updateStep(d, { id: 'nope', patch: { title: 'x' } })).toBe(d);
    expectValid(next);
  });

  it('moveSteps reorders within a cell', () => {
    const d = doc();
    expect(cell(moveSteps(d, { moves: [{ id: 'step-3', laneId: 'lane-citizen', stageId: 'stage-a', index: 0 }] }), 'lane-citizen', 'stage-a')).toEqual([
      'step-3',
      'step-1',
      'step-2',
    ]);
    expect(cell(moveStep(d, { id: 'step-1', laneId: 'lane-citizen', stageId: 'stage-a', index: 1 }), 'lane-citizen', 'stage-a')).toEqual([
      'step-2',
      'step-1',
      'step-3',
    ]);
    expect(cell(moveStep(d, { id: 'step-1', laneId: 'lane-citizen', stageId: 'stage-a' }), 'lane-citizen', 'stage-a')).toEqual([
      'step-2',
      'step-3',
      'step-1',
    ]);
  });

  it('moveSteps to the same place is a no-op', () => {
    const d = doc();
    expect(moveStep(d, { id: 'step-2', laneId: 'lane-citizen', stageId: 'stage-a', index: 1 })).toBe(d);
    expect(moveStep(d, { id: 'step-3', laneId: 'lane-citizen', stageId: 'stage-a' })).toBe(d);
    expect(moveStep(d, { id: 'step-3', laneId: 'lane-citizen', stageId: 'stage-a', index: 99 })).toBe(d);
  });

  it('moveSteps moves across cells at an index, keeping flows and pains', () => {
    const next = moveStep(doc(), { id: 'step-2', laneId: 'lane-front', stageId: 'stage-b', index: 0 });
    expect(cell(next, 'lane-front', 'stage-b')).toEqual(['step-2', 'step-4']);
    expect(cell(next, 'lane-citizen', 'stage-a')).toEqual(['step-1', 'step-3']);
    expect(next.steps.find((s) => s.id === 'step-2')).toMatchObject({ laneId: 'lane-front', stageId: 'stage-b' });
    expect(next.flows).toHaveLength(2);
    expect(next.painPoints).toHaveLength(2);
    expectValid(next);
    expect(cell(moveStep(doc(), { id: 'step-2', laneId: 'lane-front', stageId: 'stage-b' }), 'lane-front', 'stage-b')).toEqual(['step-4', 'step-2']);
  });

  it('moveSteps applies several moves in one operation', () => {
    const next = moveSteps(doc(), {
      moves: [
        { id: 'step-1', laneId: 'lane-citizen', stageId: 'stage-b' },
        { id: 'step-2', laneId: 'lane-citizen', stageId: 'stage-b' },
      ],
    });
    expect(cell(next, 'lane-citizen', 'stage-b')).toEqual(['step-5', 'step-1', 'step-2']);
    expect(cell(next, 'lane-citizen', 'stage-a')).toEqual(['step-3']);
  });

  it('moveSteps skips moves to unknown cells or of unknown steps', () => {
    const d = doc();
    expect(moveSteps(d, { moves: [{ id: 'step-1', laneId: 'nope', stageId: 'stage-a' }] })).toBe(d);
    expect(moveSteps(d, { moves: [{ id: 'nope', laneId: 'lane-citizen', stageId: 'stage-a' }] })).toBe(d);
    expect(moveSteps(d, { moves: [] })).toBe(d);
  });
});

describe('flows', () => {
  it('addFlow connects two steps, sequence by default', () => {
    const next = addFlow(doc(), { id: 'flow-3', from: 'step-4', to: 'step-5' });
    expect(next.flows[2]).toEqual({ id: 'flow-3', from: 'step-4', to: 'step-5', kind: 'sequence', label: '' });
    expect(addFlow(doc(), { id: 'flow-3', from: 'step-4', to: 'step-1', kind: 'rework', label: 'назад' }).flows[2]).toEqual({
      id: 'flow-3',
      from: 'step-4',
      to: 'step-1',
      kind: 'rework',
      label: 'назад',
    });
    expect(addFlow(doc(), { id: 'flow-3', from: 'step-2', to: 'step-1' }).flows).toHaveLength(3); // the reverse is a new flow
    expectValid(next);
  });

  it('addFlow refuses self-loops, duplicates, reused ids and dangling ends', () => {
    const d = doc();
    expect(addFlow(d, { id: 'flow-3', from: 'step-1', to: 'step-1' })).toBe(d);
    expect(addFlow(d, { id: 'flow-3', from: 'step-1', to: 'step-2' })).toBe(d);
    expect(addFlow(d, { id: 'flow-1', from: 'step-3', to: 'step-5' })).toBe(d);
    expect(addFlow(d, { id: 'flow-3', from: 'nope', to: 'step-2' })).toBe(d);
    expect(addFlow(d, { id: 'flow-3', from: 'step-1', to: 'nope' })).toBe(d);
  });

  it('updateFlow patches kind and label but never its ends', () => {
    const d = doc();
    const next = updateFlow(d, { id: 'flow-1', patch: { kind: 'optional', label: 'если', from: 'step-5', to: 'step-3' } });
    expect(next.flows[0]).toEqual({ id: 'flow-1', from: 'step-1', to: 'step-2', kind: 'optional', label: 'если' });
    expect(updateFlow(d, { id: 'nope', patch: { label: 'x' } })).toBe(d);
    expect(updateFlow(d, { id: 'flow-2', patch: { kind: 'handoff' } })).toBe(d);
  });
});

describe('deleteElements', () => {
  it('deletes steps with their flows and attached pain points, unlinking opportunities', () => {
    const next = deleteElements(doc(), { stepIds: ['step-2'] });
    expect(ids(next.steps)).toEqual(['step-1', 'step-3', 'step-4', 'step-5']);
    expect(next.flows).toEqual([]);
    expect(ids(next.painPoints)).toEqual(['pain-cell']);
    expect(next.opportunities[0]!.painPointIds).toEqual(['pain-cell']);
    expectValid(next);
  });

  it('deletes flows only', () => {
    const next = deleteElements(doc(), { flowIds: ['flow-2'] });
    expect(ids(next.flows)).toEqual(['flow-1']);
    expect(next.steps).toHaveLength(5);
  });

  it('deletes steps and flows together', () => {
    const next = deleteElements(doc(), { stepIds: ['step-5'], flowIds: ['flow-1'] });
    expect(ids(next.steps)).toEqual(['step-1', 'step-2', 'step-3', 'step-4']);
    expect(ids(next.flows)).toEqual(['flow-2']);
  });

  it('is a no-op for nothing or unknown ids', () => {
    const d = doc();
    expect(deleteElements(d, {})).toBe(d);
    expect(deleteElements(d, { stepIds: ['nope'], flowIds: ['nope'] })).toBe(d);
  });
});

describe('purity', () => {
  it('no operation mutates its input (inputs are deeply frozen) and unrelated parts are shared', () => {
    const d = doc();
    const snapshot = JSON.stringify(d);
    const results = [
      updateMeta(d, { title: 'x' }),
      addStage(d, { id: 's', title: 's' }),
      deleteStage(d, { id: 'stage-a' }),
      addLane(d, { id: 'l', title: 'l' }),
      deleteLane(d, { id: 'lane-pains' }),
      addStep(d, { id: 'n', laneId: 'lane-citizen', stageId: 'stage-b', title: 'n' }),
      moveStep(d, { id: 'step-1', laneId: 'lane-front', stageId: 'stage-a' }),
      addFlow(d, { id: 'f', from: 'step-3', to: 'step-5' }),
      deleteElements(d, { stepIds: ['step-1'] }),
    ];
    expect(JSON.stringify(d)).toBe(snapshot);
    for (const r of results) expect(r).not.toBe(d);
    expect(results[0]!.steps).toBe(d.steps); // structural sharing
  });
});
