import { beforeEach, describe, expect, it } from 'vitest';
import { addStage, addStep, createEmptyDocument, updateStep } from '../../shared/model';
import { createAppStore, isDirty } from '../../renderer/store';

let store: ReturnType<typeof createAppStore>;
const history = () => store.temporal.getState();

beforeEach(() => {
  store = createAppStore();
  store.getState().loadDocument(createEmptyDocument('ru'), { path: null, name: null });
});

describe('store and undo history', () => {
  it('starts clean with an empty history after loading a document', () => {
    expect(isDirty(store.getState())).toBe(false);
    expect(history().pastStates).toHaveLength(0);
  });

  it('records each document change as one undo step and undoes/redoes it', () => {
    const s = store.getState();
    s.apply((d) => addStage(d, { id: 'stage-x', title: 'X' }));
    s.apply((d) => addStep(d, { id: 'step-1', laneId: 'lane-citizen', stageId: 'stage-x', title: 'A' }));
    expect(history().pastStates).toHaveLength(2);
    expect(isDirty(store.getState())).toBe(true);
    store.getState().undo();
    expect(store.getState().doc.steps).toHaveLength(0);
    store.getState().undo();
    expect(store.getState().doc.stages.map((x) => x.id)).not.toContain('stage-x');
    expect(isDirty(store.getState())).toBe(false);
    store.getState().redo();
    store.getState().redo();
    expect(store.getState().doc.steps.map((x) => x.id)).toEqual(['step-1']);
  });

  it('does not record no-op operations', () => {
    const changed = store.getState().apply((d) => updateStep(d, { id: 'missing', patch: { title: 'x' } }));
    expect(changed).toBe(false);
    expect(history().pastStates).toHaveLength(0);
  });

  it('coalesces typing in one field into a single undo step, and starts a new one after blur', () => {
    const s = store.getState();
    s.apply((d) => addStep(d, { id: 'step-1', laneId: 'lane-citizen', stageId: 'stage-1', title: '' }));
    for (const title of ['М', 'МФ', 'МФЦ']) s.apply((d) => updateStep(d, { id: 'step-1', patch: { title } }), 'step-1:title');
    expect(history().pastStates).toHaveLength(2);
    s.endCoalescing();
    s.apply((d) => updateStep(d, { id: 'step-1', patch: { title: 'МФЦ!' } }), 'step-1:title');
    expect(history().pastStates).toHaveLength(3);
    s.undo();
    expect(store.getState().doc.steps[0]?.title).toBe('МФЦ');
    s.undo();
    expect(store.getState().doc.steps[0]?.title).toBe('');
  });

  it('never records selection, panels, drag positions or dialogs', () => {
    const s = store.getState();
    s.select({ nodes: ['x'] });
    s.toggleInspector();
    s.toggleMinimap();
    s.setDragPositions({ a: { x: 1, y: 2 } });
    s.setRenaming({ kind: 'stage', id: 'stage-1' });
    s.setStatus('hello');
    expect(history().pastStates).toHaveLength(0);
  });

  it('drops selected elements that an undo removed', () => {
    const s = store.getState();
    s.apply((d) => addStep(d, { id: 'step-1', laneId: 'lane-citizen', stageId: 'stage-1', title: 'A' }));
    s.select({ nodes: ['step-1', 'stage:stage-1'] });
    s.undo();
    expect(store.getState().selection.nodes).toEqual(['stage:stage-1']);
  });

  it('is clean again after saving, and dirty after the next change', () => {
    const s = store.getState();
    s.apply((d) => addStage(d, { id: 'stage-x', title: 'X' }));
    s.markSaved(store.getState().doc, { path: '/tmp/a.cjm', name: 'a.cjm' });
    expect(isDirty(store.getState())).toBe(false);
    expect(store.getState().fileName).toBe('a.cjm');
    store.getState().undo();
    expect(isDirty(store.getState())).toBe(true);
  });
});

describe('undo history memory (issue 8)', () => {
  it('is bounded in length and shares every unchanged part between states (not full copies)', async () => {
    const { generateLargeMap } = await import('../../shared/export/large-map');
    const big = generateLargeMap(2000);
    store.getState().loadDocument(big, { path: null, name: null });
    const edited = big.steps[7]!.id;
    // 300 separate edits (no coalescing key): more than the history keeps.
    for (let i = 0; i < 300; i++) store.getState().apply((d) => updateStep(d, { id: edited, patch: { title: `Title ${i}` } }));
    const past = history().pastStates;
    expect(past.length).toBeLessThanOrEqual(200);
    const now = store.getState().doc;
    // Every past state holds the very same objects for all that did not change: the other 1999
    // steps, the flows, the stages, the lanes, the agencies.
    for (const state of past) {
      const doc = state.doc!;
      expect(doc.flows).toBe(now.flows);
      expect(doc.stages).toBe(now.stages);
      expect(doc.agencies).toBe(now.agencies);
      let shared = 0;
      for (let i = 0; i < doc.steps.length; i++) if (doc.steps[i] === now.steps[i]) shared++;
      expect(shared).toBe(doc.steps.length - 1);
    }
    // So the history costs about one steps array (2000 pointers) and one step per edit, not 200 maps.
  });
});
