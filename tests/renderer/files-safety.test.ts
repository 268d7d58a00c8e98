/**
 * The page's side of "nothing lost": autosave timing and clearing, read-only maps refusing
 * edits, the lock and conflict questions, and restoring a recovered draft.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LockInfo, OpenedFile, RecoveryEntry, Result, SaveResult } from '../../shared/ipc';
import { addStage, createEmptyDocument, serializeDocument } from '../../shared/model';
import { createController } from '../../renderer/app/controller';
import { AUTOSAVE_MAX_WAIT_MS, AUTOSAVE_RETRY_MS, startAutosave, type Autosave } from '../../renderer/files/autosave';
import { createAppStore, isDirty } from '../../renderer/store';
import { fakePlatform } from './support/platform';

let store: ReturnType<typeof createAppStore>;
beforeEach(() => {
  store = createAppStore();
  store.setState({ locale: 'en' });
  store.getState().loadDocument(createEmptyDocument('en'), { path: '/maps/map.cjm', name: 'map.cjm' });
});

const edit = (id = 'stage-x') => store.getState().apply((d) => addStage(d, { id, title: id }));
const opened = (content: string, extra: Partial<OpenedFile> = {}): Result<OpenedFile> => ({
  ok: true,
  value: { path: '/maps/shared.cjm', name: 'shared.cjm', content, ...extra },
});
const lock: LockInfo = { user: 'Иван Петров', host: 'gibdd-pc-7', since: '2026-11-27T07:40:00.000Z', stale: false };

describe('autosave', () => {
  let autosave: Autosave | null = null;
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    autosave?.stop();
    autosave = null;
    vi.useRealTimers();
  });

  it('writes a short delay after the last change, once for a burst, with the file it belongs to', async () => {
    const write = vi.fn(async () => ({ ok: true as const, value: null }));
    const { platform } = fakePlatform();
    platform.recovery.write = write;
    autosave = startAutosave(store, platform, 1000);
    edit('a');
    await vi.advanceTimersByTimeAsync(600);
    edit('b');
    await vi.advanceTimersByTimeAsync(600);
    expect(write).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(500);
    expect(write).toHaveBeenCalledTimes(1);
    expect(write.mock.calls[0]).toEqual([{ content: serializeDocument(store.getState().doc), path: '/maps/map.cjm', name: 'map.cjm' }]);
    // Nothing new: nothing written again.
    await autosave.flush();
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('waits while the view moves, and writes once it stops or has waited long enough', async () => {
    const write = vi.fn(async () => ({ ok: true as const, value: null }));
    const { platform } = fakePlatform();
    platform.recovery.write = write;
    let moving = true;
    autosave = startAutosave(store, platform, 1000, () => moving);
    edit('a');
    await vi.advanceTimersByTimeAsync(3000);
    expect(write).not.toHaveBeenCalled();
    // The pan ends: written at the next look.
    moving = false;
    await vi.advanceTimersByTimeAsync(AUTOSAVE_RETRY_MS);
    expect(write).toHaveBeenCalledTimes(1);
    // A view that never stops moving delays the write by AUTOSAVE_MAX_WAIT_MS at most.
    moving = true;
    edit('b');
    await vi.advanceTimersByTimeAsync(1000 + AUTOSAVE_MAX_WAIT_MS - AUTOSAVE_RETRY_MS);
    expect(write).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2 * AUTOSAVE_RETRY_MS);
    expect(write).toHaveBeenCalledTimes(2);
    // Leaving the window writes at once, moving or not.
    edit('c');
    window.dispatchEvent(new Event('blur'));
    await vi.advanceTimersByTimeAsync(0);
    expect(write).toHaveBeenCalledTimes(3);
  });

  it('writes at once when the window loses focus, and clears the draft once the work is saved', async () => {
    const { platform } = fakePlatform();
    const write = vi.spyOn(platform.recovery, 'write');
    const clear = vi.spyOn(platform.recovery, 'clear');
    autosave = startAutosave(store, platform, 60_000);
    edit();
    window.dispatchEvent(new Event('blur'));
    await vi.advanceTimersByTimeAsync(0);
    expect(write).toHaveBeenCalledTimes(1);
    store.getState().markSaved(store.getState().doc, { path: '/maps/map.cjm', name: 'map.cjm' });
    await vi.advanceTimersByTimeAsync(0);
    expect(clear).toHaveBeenCalledTimes(1);
    expect(isDirty(store.getState())).toBe(false);
  });

  it('says once, not at every keystroke, when autosave fails', async () => {
    const { platform } = fakePlatform();
    platform.recovery.write = async () => ({ ok: false, error: 'disk full' });
    autosave = startAutosave(store, platform, 100);
    edit('a');
    await vi.advanceTimersByTimeAsync(150);
    expect(store.getState().status).toMatch(/Autosave failed: disk full/);
    store.getState().setStatus(null);
    edit('b');
    await vi.advanceTimersByTimeAsync(150);
    expect(store.getState().status).toBeNull();
  });

  it('does not write a read-only map', async () => {
    const { platform } = fakePlatform();
    const write = vi.spyOn(platform.recovery, 'write');
    store.getState().loadDocument(createEmptyDocument('en'), { path: '/maps/x.cjm', name: 'x.cjm' }, { dirty: true, readOnly: { kind: 'newerVersion', version: 3 } });
    autosave = startAutosave(store, platform, 100);
    await vi.advanceTimersByTimeAsync(200);
    expect(write).not.toHaveBeenCalled();
  });
});

describe('read-only maps', () => {
  it('refuse edits with a message and keep the document as it was', () => {
    store.getState().setReadOnly({ kind: 'locked', lock });
    const before = store.getState().doc;
    expect(edit()).toBe(false);
    expect(store.getState().doc).toBe(before);
    expect(store.getState().status).toMatch(/read-only/);
  });

  it('a map someone else has open: read-only, edit, or cancel', async () => {
    const content = serializeDocument(addStage(createEmptyDocument('en'), { id: 'theirs', title: 'Theirs' }));
    const { platform } = fakePlatform({ openDialog: async () => opened(content, { lock }) });
    const controller = createController(store, platform, () => createEmptyDocument('en'));
    const answer = async (choice: 'readOnly' | 'edit' | 'cancel') => {
      const done = controller.run('open') as Promise<unknown>;
      await vi.waitFor(() => expect(store.getState().dialog?.kind).toBe('lock'));
      const dialog = store.getState().dialog;
      if (dialog?.kind !== 'lock') throw new Error('no lock dialog');
      expect(dialog.lock.user).toBe('Иван Петров');
      store.getState().openDialog(null);
      dialog.resolve(choice);
      await done;
    };
    await answer('cancel');
    expect(store.getState().fileName).toBe('map.cjm');
    await answer('readOnly');
    expect(store.getState().fileName).toBe('shared.cjm');
    expect(store.getState().readOnly).toEqual({ kind: 'locked', lock });
    await answer('edit');
    expect(store.getState().readOnly).toBeNull();
  });

  it('a map from a newer version opens read-only; Save then asks for a copy', async () => {
    const future = { ...JSON.parse(serializeDocument(createEmptyDocument('en'))), version: 7 };
    const { platform, saved } = fakePlatform({ openDialog: async () => opened(JSON.stringify(future)) });
    const controller = createController(store, platform, () => createEmptyDocument('en'));
    await controller.run('open');
    expect(store.getState().readOnly).toEqual({ kind: 'newerVersion', version: 7 });
    await controller.run('save');
    expect(saved.at(-1)).toMatchObject({ saveAs: true, suggestedName: 'shared (my version)' });
    expect(JSON.parse(saved.at(-1)!.content).version).toBe(2);
    expect(store.getState().readOnly).toBeNull(); // the copy is the user's own
  });
});

describe('a file changed elsewhere', () => {
  it('saving asks instead of overwriting; Overwrite saves again with overwrite set', async () => {
    const results: SaveResult[] = [
      { ok: false, error: 'changed', changedOnDisk: true },
      { ok: true, value: { path: '/maps/map.cjm', name: 'map.cjm' } },
    ];
    const { platform, saved } = fakePlatform();
    platform.save = async (request) => {
      saved.push(request);
      return results.shift() ?? null;
    };
    const controller = createController(store, platform, () => createEmptyDocument('en'));
    edit();
    const done = controller.save(false);
    await vi.waitFor(() => expect(store.getState().dialog?.kind).toBe('conflict'));
    const dialog = store.getState().dialog;
    if (dialog?.kind !== 'conflict') throw new Error('no conflict dialog');
    expect(dialog).toMatchObject({ when: 'save', path: '/maps/map.cjm', name: 'map.cjm' });
    store.getState().openDialog(null);
    dialog.resolve('overwrite');
    expect(await done).toBe(true);
    expect(saved.map((r) => r.overwrite ?? false)).toEqual([false, true]);
    expect(isDirty(store.getState())).toBe(false);
  });

  it('on focus: asks once per change on disk, and not at all when nothing changed', async () => {
    let status: { state: 'unchanged' | 'changed'; sha256?: string } = { state: 'unchanged' };
    const { platform } = fakePlatform({ checkFile: async () => status });
    const controller = createController(store, platform, () => createEmptyDocument('en'));
    await controller.checkExternalChange();
    expect(store.getState().dialog).toBeNull();

    status = { state: 'changed', sha256: 'a'.repeat(64) };
    const done = controller.checkExternalChange();
    await vi.waitFor(() => expect(store.getState().dialog?.kind).toBe('conflict'));
    const dialog = store.getState().dialog;
    if (dialog?.kind !== 'conflict') throw new Error('no conflict dialog');
    expect(dialog.when).toBe('focus');
    store.getState().openDialog(null);
    dialog.resolve('cancel');
    await done;
    await controller.checkExternalChange();
    expect(store.getState().dialog).toBeNull(); // the same change is not asked about again
  });
});

describe('recovered drafts', () => {
  it('are offered at start, and restore as unsaved work under their file', async () => {
    const doc = addStage(createEmptyDocument('en'), { id: 'recovered', title: 'Recovered' });
    const entry: RecoveryEntry = { id: 'f'.repeat(32), name: 'map.cjm', path: '/maps/map.cjm', savedAt: '2026-11-27T08:00:00Z', size: 10 };
    const { platform } = fakePlatform();
    platform.recovery.list = async () => [entry];
    platform.recovery.take = async () => ({ ok: true, value: { ...entry, content: serializeDocument(doc) } });
    const controller = createController(store, platform, () => createEmptyDocument('en'));
    await controller.offerRecovery();
    expect(store.getState().dialog).toEqual({ kind: 'recovery', entries: [entry] });
    store.getState().openDialog(null);
    expect(await controller.restoreDraft(entry)).toBe(true);
    expect(store.getState().doc.stages.some((s) => s.id === 'recovered')).toBe(true);
    expect(store.getState().filePath).toBe('/maps/map.cjm');
    expect(isDirty(store.getState())).toBe(true);
  });
});
