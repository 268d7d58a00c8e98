import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createDesktopApi,
  EXTERNAL_HOST_ALLOW_LIST,
  isAllowedExternalUrl,
  sanitizeFileName,
  type DesktopDeps,
  type DialogLike,
} from '../../../electron/handlers';
import { RECENT_FILE } from '../../../electron/recent';
import type { Locale } from '../../../shared/i18n';
import { createEmptyDocument, serializeDocument } from '../../../shared/model';

let dir: string;
let userData: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'marshrut-handlers-'));
  userData = path.join(dir, 'userData');
  await fs.mkdir(userData);
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const validMap = (title = 'Visit') => {
  const doc = createEmptyDocument('en', new Date('2024-01-01T00:00:00Z'));
  return serializeDocument({ ...doc, meta: { ...doc.meta, title } });
};

function setup(overrides: Partial<DesktopDeps> = {}) {
  let locale: Locale = 'en';
  const dialog = {
    showOpenDialog: vi.fn<DialogLike['showOpenDialog']>(async () => ({ canceled: true, filePaths: [] })),
    showSaveDialog: vi.fn<DialogLike['showSaveDialog']>(async () => ({ canceled: true, filePath: '' })),
    showMessageBox: vi.fn<DialogLike['showMessageBox']>(async () => ({ response: 0 })),
  };
  const shell = { openExternal: vi.fn(async (_url: string) => undefined) };
  const win = { setDocumentEdited: vi.fn(), setRepresentedFilename: vi.fn(), isDestroyed: () => false };
  const deps = {
    dialog,
    shell,
    getWindow: () => win,
    userDataDir: userData,
    getLocale: () => locale,
    setLocale: vi.fn((l: Locale) => {
      locale = l;
    }),
    version: '1.2.3',
    startupFile: null,
    onDocumentState: vi.fn(),
    onLocaleChanged: vi.fn(),
    closeWindow: vi.fn(),
    onRecentChanged: vi.fn(),
    platform: 'linux' as NodeJS.Platform,
    ...overrides,
  } satisfies DesktopDeps;
  return { api: createDesktopApi(deps), deps, dialog, shell, win };
}

const saveAt = (target: string) => async () => ({ canceled: false, filePath: target });

describe('save and open', () => {
  it('saves through the Save dialog, then opens the same bytes', async () => {
    const { api, dialog, deps } = setup();
    const target = path.join(dir, 'Visit');
    dialog.showSaveDialog.mockImplementation(saveAt(target));
    const content = validMap('Визит в МФЦ');
    const saved = await api.save({ path: null, content, suggestedName: 'Визит: в МФЦ?', saveAs: false });
    expect(saved).toEqual({ ok: true, value: { path: `${target}.cjm`, name: 'Visit.cjm' } });

    const options = dialog.showSaveDialog.mock.calls[0]![0];
    expect(path.basename(String(options.defaultPath))).toBe('Визит в МФЦ.cjm');
    expect(options.filters).toEqual([{ name: 'Journey maps', extensions: ['cjm'] }]);

    expect(await fs.readFile(`${target}.cjm`, 'utf8')).toBe(content);
    expect((await fs.readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    const opened = await api.openPath(`${target}.cjm`);
    expect(opened).toEqual({ ok: true, value: { path: `${target}.cjm`, name: 'Visit.cjm', content } });
    expect(await api.listRecent()).toEqual([{ path: `${target}.cjm`, name: 'Visit.cjm' }]);
    expect(deps.onRecentChanged).toHaveBeenCalled();
  });

  it('returns null when the Save dialog is cancelled, and writes nothing', async () => {
    const { api, dialog } = setup();
    expect(await api.save({ path: null, content: validMap(), suggestedName: 'x', saveAs: false })).toBeNull();
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '' });
    expect(await api.save({ path: null, content: validMap(), suggestedName: 'x', saveAs: true })).toBeNull();
    expect(await fs.readdir(dir)).toEqual(['userData']);
  });

  it('refuses content that is not a valid map, before asking for a path', async () => {
    const { api, dialog } = setup();
    const result = await api.save({ path: null, content: '{"format":"something-else"}', suggestedName: 'x', saveAs: false });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/not saved.*not a valid journey map/) });
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
    const broken = await api.save({ path: null, content: '{', suggestedName: 'x', saveAs: false });
    expect(broken?.ok).toBe(false);
  });

  it('saves in place to a file it opened, keeping a backup, without a dialog', async () => {
    const { api, dialog } = setup();
    const file = path.join(dir, 'map.cjm');
    const first = validMap('One');
    await fs.writeFile(file, first);
    expect((await api.openPath(file)).ok).toBe(true);
    const second = validMap('Two');
    expect(await api.save({ path: file, content: second, suggestedName: 'Two', saveAs: false })).toEqual({
      ok: true,
      value: { path: file, name: 'map.cjm' },
    });
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
    expect(await fs.readFile(file, 'utf8')).toBe(second);
    expect(await fs.readFile(`${file}.bak`, 'utf8')).toBe(first);
    // and again (the fingerprint follows our own writes)
    expect((await api.save({ path: file, content: validMap('Three'), suggestedName: 'Three', saveAs: false }))?.ok).toBe(true);
    expect(dialog.showMessageBox).not.toHaveBeenCalled();
  });

  it('asks for a path before writing to a path the user never chose', async () => {
    const { api, dialog } = setup();
    const elsewhere = path.join(dir, 'elsewhere.cjm');
    expect(await api.save({ path: elsewhere, content: validMap(), suggestedName: 'x', saveAs: false })).toBeNull();
    expect(dialog.showSaveDialog).toHaveBeenCalledTimes(1);
    expect(dialog.showSaveDialog.mock.calls[0]![0].defaultPath).toBe(path.join(dir, 'x.cjm'));
    await expect(fs.access(elsewhere)).rejects.toThrow();
  });

  it('Save As always asks', async () => {
    const { api, dialog } = setup();
    const file = path.join(dir, 'map.cjm');
    await fs.writeFile(file, validMap());
    await api.openPath(file);
    const copy = path.join(dir, 'copy.cjm');
    dialog.showSaveDialog.mockImplementation(saveAt(copy));
    expect(await api.save({ path: file, content: validMap('Copy'), suggestedName: 'Copy', saveAs: true })).toEqual({
      ok: true,
      value: { path: copy, name: 'copy.cjm' },
    });
    expect((await api.listRecent()).map((r) => r.name)).toEqual(['copy.cjm', 'map.cjm']);
  });

  it('never overwrites a file changed on disk since it was read unless told to', async () => {
    const { api, dialog } = setup();
    const file = path.join(dir, 'shared.cjm');
    await fs.writeFile(file, validMap('Mine'));
    await api.openPath(file);
    expect(await api.checkFile(file)).toEqual({ state: 'unchanged' });
    const theirs = validMap('Theirs, edited elsewhere');
    await fs.writeFile(file, theirs);
    const status = await api.checkFile(file);
    expect(status).toEqual({ state: 'changed', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    // The disk version can be read for a comparison without being adopted.
    const disk = await api.readDiskVersion(file);
    expect(disk.ok && disk.value.content).toBe(theirs);
    expect((await api.checkFile(file)).state).toBe('changed');

    expect(await api.save({ path: file, content: validMap('Mine 2'), suggestedName: 'x', saveAs: false })).toEqual({
      ok: false,
      changedOnDisk: true,
      error: expect.stringContaining('shared.cjm'),
    });
    expect(await fs.readFile(file, 'utf8')).toBe(theirs);
    expect(dialog.showMessageBox).not.toHaveBeenCalled();

    const mine = validMap('Mine 3');
    expect((await api.save({ path: file, content: mine, suggestedName: 'x', saveAs: false, overwrite: true }))?.ok).toBe(true);
    expect(await fs.readFile(file, 'utf8')).toBe(mine);
    expect(await fs.readFile(`${file}.bak`, 'utf8')).toBe(theirs); // their version is not lost
    expect(await api.checkFile(file)).toEqual({ state: 'unchanged' });

    // Same bytes written again by another program (new mtime) is no change; a deleted file is "missing".
    await fs.writeFile(file, mine);
    expect(await api.checkFile(file)).toEqual({ state: 'unchanged' });
    await fs.rm(file);
    expect(await api.checkFile(file)).toEqual({ state: 'missing' });
  });

  it('readDiskVersion reads only files opened or saved here', async () => {
    const { api } = setup();
    const file = path.join(dir, 'other.cjm');
    await fs.writeFile(file, validMap());
    expect((await api.readDiskVersion(file)).ok).toBe(false);
    expect(await api.checkFile(file)).toEqual({ state: 'unchanged' });
  });

  it('reports a write failure as a message', async () => {
    const { api, dialog } = setup();
    dialog.showSaveDialog.mockImplementation(saveAt(path.join(dir, 'no-such-folder', 'map.cjm')));
    const result = await api.save({ path: null, content: validMap(), suggestedName: 'x', saveAs: false });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/does not exist/) });
  });

  it('openDialog: cancelled → null; a picked file is read and remembered', async () => {
    const { api, dialog } = setup();
    expect(await api.openDialog()).toBeNull();
    const file = path.join(dir, 'picked.json');
    await fs.writeFile(file, validMap());
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [file] });
    const opened = await api.openDialog();
    expect(opened).toMatchObject({ ok: true, value: { path: file, name: 'picked.json' } });
    expect(dialog.showOpenDialog.mock.calls[1]![0]).toMatchObject({ properties: ['openFile'] });
    expect((await api.listRecent())[0]?.path).toBe(file);
  });

  it('openPath opens map files only, and drops a vanished file from the recent list', async () => {
    const { api } = setup();
    const text = path.join(dir, 'secret.txt');
    await fs.writeFile(text, 'x');
    expect(await api.openPath(text)).toEqual({ ok: false, error: 'Only journey-map files (.cjm) can be opened this way.' });

    const file = path.join(dir, 'gone.cjm');
    await fs.writeFile(file, validMap());
    await api.openPath(file);
    expect(await api.listRecent()).toHaveLength(1);
    await fs.rm(file);
    expect(await api.openPath(file)).toEqual({ ok: false, error: expect.stringMatching(/does not exist/) });
    expect(await api.listRecent()).toEqual([]);
  });

  it('getStartup opens the startup file', async () => {
    const file = path.join(dir, 'start.cjm');
    await fs.writeFile(file, validMap());
    const { api } = setup({ startupFile: file });
    const info = await api.getStartup();
    expect(info).toMatchObject({ locale: 'en', version: '1.2.3', file: { ok: true, value: { path: file } } });
    const none = setup({ startupFile: () => null });
    expect((await none.api.getStartup()).file).toBeNull();
  });
});

describe('recent files', () => {
  it('keeps ten, newest first, without duplicates; clearRecent empties it', async () => {
    const { api, deps } = setup();
    for (let i = 0; i < 12; i++) {
      const file = path.join(dir, `m${i}.cjm`);
      await fs.writeFile(file, validMap());
      await api.openPath(file);
    }
    await api.openPath(path.join(dir, 'm5.cjm'));
    const list = await api.listRecent();
    expect(list).toHaveLength(10);
    expect(list.map((r) => r.name)).toEqual(['m5.cjm', 'm11.cjm', 'm10.cjm', 'm9.cjm', 'm8.cjm', 'm7.cjm', 'm6.cjm', 'm4.cjm', 'm3.cjm', 'm2.cjm']);
    await api.clearRecent();
    expect(await api.listRecent()).toEqual([]);
    expect(deps.onRecentChanged).toHaveBeenLastCalledWith([]);
  });

  it('tolerates a damaged recent-files file', async () => {
    await fs.writeFile(path.join(userData, RECENT_FILE), '{ this is not json');
    const { api } = setup();
    expect(await api.listRecent()).toEqual([]);
    const file = path.join(dir, 'a.cjm');
    await fs.writeFile(file, validMap());
    expect((await api.openPath(file)).ok).toBe(true);
    expect(await api.listRecent()).toEqual([{ path: file, name: 'a.cjm' }]);

    await fs.writeFile(path.join(userData, RECENT_FILE), JSON.stringify({ files: [{ path: 'relative.cjm' }, 7, { path: file }] }));
    expect(await api.listRecent()).toEqual([{ path: file, name: 'a.cjm' }]);
  });

  it('never fails an open because the userData folder is unusable', async () => {
    const { api } = setup({ userDataDir: path.join(dir, 'not-a-folder', 'x') });
    await fs.writeFile(path.join(dir, 'not-a-folder'), 'file, not folder');
    const file = path.join(dir, 'a.cjm');
    await fs.writeFile(file, validMap());
    expect((await api.openPath(file)).ok).toBe(true);
    expect(await api.listRecent()).toEqual([]);
  });
});

describe('dialogs, state, locale, links', () => {
  it('askUnsaved maps the three buttons, translated', async () => {
    const { api, dialog } = setup();
    for (const [response, choice] of [
      [0, 'save'],
      [1, 'discard'],
      [2, 'cancel'],
    ] as const) {
      dialog.showMessageBox.mockResolvedValueOnce({ response });
      expect(await api.askUnsaved('Map')).toBe(choice);
    }
    expect(dialog.showMessageBox.mock.calls[0]![0]).toMatchObject({
      buttons: ['Save', 'Don’t Save', 'Cancel'],
      cancelId: 2,
      message: expect.stringContaining('Map'),
    });
    const ru = setup({ getLocale: () => 'ru' });
    await ru.api.askUnsaved('Карта');
    expect(ru.dialog.showMessageBox.mock.calls[0]![0].buttons).toEqual(['Сохранить', 'Не сохранять', 'Отмена']);
  });

  it('showError shows an error box', async () => {
    const { api, dialog } = setup();
    await api.showError('Title', 'Details');
    expect(dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ type: 'error', title: 'Title', detail: 'Details' }));
  });

  it('setDocumentState informs main, and on macOS the window', async () => {
    const linux = setup();
    const state = { name: 'map.cjm', path: '/x/map.cjm', dirty: true };
    await linux.api.setDocumentState(state);
    expect(linux.deps.onDocumentState).toHaveBeenCalledWith(state);
    expect(linux.win.setDocumentEdited).not.toHaveBeenCalled();
    const mac = setup({ platform: 'darwin' });
    await mac.api.setDocumentState(state);
    expect(mac.win.setDocumentEdited).toHaveBeenCalledWith(true);
    expect(mac.win.setRepresentedFilename).toHaveBeenCalledWith('/x/map.cjm');
    // no window: no crash
    const none = setup({ platform: 'darwin', getWindow: () => null });
    await expect(none.api.setDocumentState(state)).resolves.toBeUndefined();
  });

  it('setLocale remembers the choice and tells main; closeWindow closes', async () => {
    const { api, deps } = setup();
    await api.setLocale('ru');
    expect(deps.setLocale).toHaveBeenCalledWith('ru');
    expect(deps.onLocaleChanged).toHaveBeenCalledWith('ru');
    expect((await api.getStartup()).locale).toBe('ru');
    await api.closeWindow();
    expect(deps.closeWindow).toHaveBeenCalledTimes(1);
  });

  it('openExternal opens other http(s) links only after the user agrees', async () => {
    const { api, shell, dialog } = setup();
    dialog.showMessageBox.mockResolvedValueOnce({ response: 0 });
    expect(await api.openExternal('https://standards.region.example/guide')).toBe(true);
    expect(dialog.showMessageBox.mock.calls[0]?.[0].message).toContain('standards.region.example');
    dialog.showMessageBox.mockResolvedValueOnce({ response: 1 });
    expect(await api.openExternal('https://standards.region.example/guide')).toBe(false);
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('openExternal opens allow-listed http(s) links without asking, and never anything else', async () => {
    const { api, shell, dialog } = setup();
    dialog.showMessageBox.mockResolvedValue({ response: 1 });
    expect(await api.openExternal('https://cx.cdto.ranepa.ru/handbook')).toBe(true);
    expect(await api.openExternal('http://www.consultant.ru/document/cons_doc_LAW_1/')).toBe(true);
    for (const url of [
      'https://evil.example/',
      'https://github.com.evil.example/',
      'https://user:pass@github.com/',
      'https://github.com:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://github.com/share',
    ]) {
      expect(await api.openExternal(url)).toBe(false);
    }
    expect(shell.openExternal.mock.calls.map((c) => c[0])).toEqual([
      'https://cx.cdto.ranepa.ru/handbook',
      'http://www.consultant.ru/document/cons_doc_LAW_1/',
    ]);
    shell.openExternal.mockRejectedValueOnce(new Error('no browser'));
    expect(await api.openExternal('https://github.com/')).toBe(false);
  });

  it('printExport: after a failed print, the next one gets a new engine and the broken one is closed', async () => {
    const made: { pdf: ReturnType<typeof vi.fn>; close: ReturnType<typeof vi.fn> }[] = [];
    const printEngine = () => {
      const fails = made.length === 0;
      const engine = {
        pdf: vi.fn(async () => {
          if (fails) throw new Error('Target page, context or browser has been closed\nat stack');
          return new Uint8Array([37, 80, 68, 70]);
        }),
        capture: vi.fn(),
        close: vi.fn(async () => undefined),
      };
      made.push(engine);
      return engine;
    };
    const { api } = setup({ printEngine });
    const request = {
      format: 'pdf' as const,
      content: validMap(),
      catalogs: [],
      locale: 'en' as const,
      title: true,
      legend: true,
      pdf: { page: 'A3' as const, tiles: false, tileScale: 1, appendix: false },
      png: { scale: 1 as const, transparent: false },
    };
    const first = await api.printExport(request);
    expect(first.ok).toBe(false);
    // One line of the cause, no stack.
    expect(first.ok ? '' : first.error).toContain('Target page, context or browser has been closed');
    expect(first.ok ? '' : first.error).not.toContain('at stack');
    await vi.waitFor(() => expect(made[0]?.close).toHaveBeenCalledTimes(1));
    const second = await api.printExport(request);
    expect(second).toEqual({ ok: true, value: new Uint8Array([37, 80, 68, 70]) });
    expect(made).toHaveLength(2);
    expect(made[1]?.close).not.toHaveBeenCalled();
  });

  it('exports the allow-list', () => {
    expect(EXTERNAL_HOST_ALLOW_LIST).toEqual(
      expect.arrayContaining(['cx.cdto.ranepa.ru', 'github.com', 'www.consultant.ru', 'publication.pravo.gov.ru', 'www.gosuslugi.ru', 'gosuslugi.ru']),
    );
    expect(isAllowedExternalUrl('https://GOSUSLUGI.ru/')).toBe(true);
  });
});

describe('sanitizeFileName', () => {
  it('makes a portable file name from a title', () => {
    expect(sanitizeFileName('Визит: в МФЦ?', 'Untitled')).toBe('Визит в МФЦ');
    expect(sanitizeFileName('a/b\\c*d|e"f<g>h', 'x')).toBe('a b c d e f g h');
    expect(sanitizeFileName('  ...hidden. ', 'x')).toBe('hidden');
    expect(sanitizeFileName('map.cjm', 'x')).toBe('map');
    expect(sanitizeFileName('CON', 'x')).toBe('_CON');
    expect(sanitizeFileName('', 'Untitled map')).toBe('Untitled map');
    expect(sanitizeFileName('???', '')).toBe('map');
    expect(sanitizeFileName('x'.repeat(300), 'y')).toHaveLength(120);
  });
});
