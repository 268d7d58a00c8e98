/** Quick capture's shortcut and the capture slice of the store (issue 6). */
import { describe, expect, it } from 'vitest';
import { commandForKey } from '../../renderer/app/keyboard';
import { createAppStore } from '../../renderer/store';
import { toggleCapture } from '../../renderer/workshop/QuickCaptureSlice';
import { openThreadCount, openThreadCounts } from '../../renderer/workshop/CommentsShared';
import { addThread, createEmptyDocument } from '../../shared/model';

import { key } from './support/keys';

describe('quick capture', () => {
  it('toggles with Ctrl+Shift+K (⌘⇧K on a Mac), from a text field too', () => {
    expect(commandForKey(key('K', 'KeyK', { ctrlKey: true, shiftKey: true }), false, false)).toBe('quickCapture');
    expect(commandForKey(key('K', 'KeyK', { ctrlKey: true, shiftKey: true }), true, false)).toBe('quickCapture');
    expect(commandForKey(key('K', 'KeyK', { metaKey: true, shiftKey: true }), true, true)).toBe('quickCapture');
    expect(commandForKey(key('k', 'KeyK', { ctrlKey: true }), false, false)).toBeNull();
    expect(commandForKey(key('K', 'KeyK', { ctrlKey: true, shiftKey: true }), false, true)).toBeNull();
  });

  it('opens at the first citizen cell (or the selected step\'s), and closes; never touches the undo history', () => {
    const store = createAppStore();
    store.getState().loadDocument(createEmptyDocument('ru'), { path: null, name: null });
    expect(toggleCapture(store.getState())).toBe(true);
    expect(store.getState().capture).toMatchObject({ cell: { laneId: 'lane-citizen', stageId: 'stage-1' }, lastStepId: null, added: 0 });
    store.getState().updateCapture({ added: 2 });
    expect(store.getState().capture?.added).toBe(2);
    toggleCapture(store.getState());
    expect(store.getState().capture).toBeNull();
    expect(store.temporal.getState().pastStates).toHaveLength(0);
  });
});

describe('open comment counts', () => {
  it('counts open threads per element, once per threads array', () => {
    const at = '2025-01-01T00:00:00.000Z';
    let doc = createEmptyDocument('ru');
    doc = addThread(doc, { id: 't1', target: { kind: 'stage', id: 'stage-1' }, comment: { id: 'c1', author: 'А', text: 'Вопрос', at } });
    doc = addThread(doc, { id: 't2', target: { kind: 'stage', id: 'stage-1' }, comment: { id: 'c2', author: 'Б', text: 'Ещё', at } });
    doc = addThread(doc, { id: 't3', target: { kind: 'map' }, comment: { id: 'c3', author: 'В', text: 'О карте', at } });
    expect(openThreadCount(doc.threads, { kind: 'stage', id: 'stage-1' })).toBe(2);
    expect(openThreadCount(doc.threads, { kind: 'map' })).toBe(1);
    expect(openThreadCount(doc.threads, { kind: 'stage', id: 'stage-2' })).toBe(0);
    expect(openThreadCounts(doc.threads)).toBe(openThreadCounts(doc.threads));
  });
});
