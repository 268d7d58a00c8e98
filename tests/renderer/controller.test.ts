import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { OpenedFile, Result, UnsavedChoice } from '../../shared/ipc';
import { fakePlatform } from './support/platform';
import { addStage, createEmptyDocument, restoreDocument, serializeDocument } from '../../shared/model';
import { createController } from '../../renderer/app/controller';
import { createAppStore, isDirty } from '../../renderer/store';

const opened = (content: string, name = 'map.cjm'): Result<OpenedFile> => ({ ok: true, value: { path: `/maps/${name}`, name, content } });

let store: ReturnType<typeof createAppStore>;
beforeEach(() => {
  store = createAppStore();
  store.setState({ locale: 'ru' });
  store.getState().loadDocument(createEmptyDocument('ru'), { path: null, name: null });
});

describe('file commands', () => {
  it('opens a valid map, names the window after the file, and forgets the undo history', async () => {
    const doc = addStage(createEmptyDocument('en'), { id: 'stage-extra', title: 'Extra' });
    const { platform } = fakePlatform({ openDialog: async () => opened(serializeDocument(doc)) });
    const controller = createController(store, platform, () => createEmptyDocument('ru'));
    store.getState().apply((d) => addStage(d, { id: 'stage-y', title: 'Y' }));
    store.getState().markSaved(store.getState().doc, { path: null, name: 'x' });
    await controller.run('open');
    expect(store.getState().doc.stages.map((s) => s.id)).toContain('stage-extra');
    expect(store.getState().fileName).toBe('map.cjm');
    expect(store.getState().filePath).toBe('/maps/map.cjm');
    expect(store.temporal.getState().pastStates).toHaveLength(0);
  });

  it('refuses an invalid map with a dialog that says where and what, and keeps the current map', async () => {
    const { platform } = fakePlatform({
      openDialog: async () => opened('{"format":"marshrut/journey-map","version":1,"meta":{"title":5}}', 'плохая.cjm'),
    });
    const controller = createController(store, platform, () => createEmptyDocument('ru'));
    const before = store.getState().doc;
    await controller.run('open');
    const dialog = store.getState().dialog;
    expect(dialog?.kind).toBe('error');
    if (dialog?.kind !== 'error') return;
    expect(dialog.title).toBe('Не удалось открыть карту');
    expect(dialog.lines[0]).toBe('плохая.cjm');
    expect(dialog.lines.some((l) => l.startsWith('meta.title:'))).toBe(true);
    expect(store.getState().doc).toBe(before);
  });

  it('refuses a file that is not JSON, and a map from a newer version', async () => {
    let content = 'not json at all';
    const { platform } = fakePlatform({ openDialog: async () => opened(content) });
    const controller = createController(store, platform, () => createEmptyDocument('ru'));
    await controller.run('open');
    expect(store.getState().dialog?.kind).toBe('error');
    content = JSON.stringify({ format: 'marshrut/journey-map', version: 99 });
    await controller.run('open');
    const dialog = store.getState().dialog;
    expect(dialog?.kind === 'error' && dialog.lines.join(' ')).toMatch(/более новой версией/);
  });

  it('saves a valid canonical document and marks the map clean; Save As always asks for a path', async () => {
    const { platform, saved } = fakePlatform();
    const controller = createController(store, platform, () => createEmptyDocument('ru'));
    store.getState().apply((d) => addStage(d, { id: 'stage-x', title: 'X' }));
    expect(await controller.save(false)).toBe(true);
    expect(saved[0]?.path).toBeNull();
    expect(saved[0]?.saveAs).toBe(true);
    const restored = restoreDocument(saved[0]?.content ?? '');
    expect(restored.ok).toBe(true);
    expect(isDirty(store.getState())).toBe(false);
    expect(store.getState().fileName).toBe('карта.cjm');
    await controller.save(false);
    expect(saved[1]?.path).toBe('/maps/карта.cjm');
    expect(saved[1]?.saveAs).toBe(false);
    await controller.run('saveAs');
    expect(saved[2]?.saveAs).toBe(true);
  });

  it('keeps the map dirty and shows the reason when saving fails', async () => {
    const { platform } = fakePlatform({ save: async () => ({ ok: false, error: 'Диск переполнен' }) });
    const controller = createController(store, platform, () => createEmptyDocument('ru'));
    store.getState().apply((d) => addStage(d, { id: 'stage-x', title: 'X' }));
    expect(await controller.save(false)).toBe(false);
    expect(isDirty(store.getState())).toBe(true);
    const dialog = store.getState().dialog;
    expect(dialog?.kind === 'error' && dialog.lines).toEqual(['Диск переполнен']);
  });

  it('asks before replacing unsaved work: cancel keeps it, discard replaces it, save saves first', async () => {
    let choice: UnsavedChoice = 'cancel';
    const { platform, saved } = fakePlatform({ askUnsaved: async () => choice });
    const controller = createController(store, platform, () => createEmptyDocument('ru'));
    store.getState().apply((d) => addStage(d, { id: 'stage-x', title: 'X' }));
    await controller.run('new');
    expect(store.getState().doc.stages.map((s) => s.id)).toContain('stage-x');
    choice = 'save';
    await controller.run('new');
    expect(saved).toHaveLength(1);
    expect(store.getState().doc.stages.map((s) => s.id)).not.toContain('stage-x');
    store.getState().apply((d) => addStage(d, { id: 'stage-z', title: 'Z' }));
    choice = 'discard';
    await controller.run('new');
    expect(saved).toHaveLength(1);
    expect(store.getState().doc.stages.map((s) => s.id)).not.toContain('stage-z');
  });

  it('closes the window on request only after unsaved changes are dealt with', async () => {
    let choice: UnsavedChoice = 'cancel';
    const { platform } = fakePlatform({ askUnsaved: async () => choice });
    const controller = createController(store, platform, () => createEmptyDocument('ru'));
    await controller.handleEvent({ type: 'closeRequested' });
    expect(platform.closeWindow).toHaveBeenCalledTimes(1);
    store.getState().apply((d) => addStage(d, { id: 'stage-x', title: 'X' }));
    await controller.handleEvent({ type: 'closeRequested' });
    expect(platform.closeWindow).toHaveBeenCalledTimes(1);
    choice = 'discard';
    await controller.handleEvent({ type: 'closeRequested' });
    expect(platform.closeWindow).toHaveBeenCalledTimes(2);
  });

  it('runs menu commands sent by the desktop shell', async () => {
    const { platform } = fakePlatform();
    const controller = createController(store, platform, () => createEmptyDocument('ru'));
    await controller.handleEvent({ type: 'command', command: 'addStage' });
    expect(store.getState().doc.stages).toHaveLength(4);
    await controller.handleEvent({ type: 'command', command: 'undo' });
    expect(store.getState().doc.stages).toHaveLength(3);
    await controller.handleEvent({ type: 'setLocale', locale: 'en' });
    expect(store.getState().locale).toBe('en');
  });
});

describe('when the platform fails outright', () => {
  it('shows a message instead of an unhandled rejection, and keeps the map and its unsaved state', async () => {
    const { platform } = fakePlatform({
      save: async () => {
        throw new Error("Error invoking remote method 'marshrut:save': refused");
      },
      openDialog: async () => {
        throw new Error('bridge gone');
      },
    });
    const controller = createController(store, platform, () => createEmptyDocument('ru'));
    store.getState().apply((d) => addStage(d, { id: 'stage-x', title: 'X' }));
    expect(await controller.save(false)).toBe(false);
    let dialog = store.getState().dialog;
    expect(dialog?.kind === 'error' && dialog.title).toBe('Не удалось сохранить карту');
    expect(dialog?.kind === 'error' && dialog.lines[0]).toContain('refused');
    expect(isDirty(store.getState())).toBe(true);
    store.getState().markSaved(store.getState().doc, { path: null, name: 'x' });
    const before = store.getState().doc;
    await controller.run('open');
    dialog = store.getState().dialog;
    expect(dialog?.kind === 'error' && dialog.lines[0]).toContain('bridge gone');
    expect(store.getState().doc).toBe(before);
  });
});
