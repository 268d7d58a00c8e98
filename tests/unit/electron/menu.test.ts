import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, HANDBOOK_URL, type MenuOptions } from '../../../electron/menu';
import type { Locale } from '../../../shared/i18n';
import type { RecentFile } from '../../../shared/ipc';

type Item = MenuItemConstructorOptions;

const recent: RecentFile[] = [
  { path: '/maps/passport.cjm', name: 'passport.cjm' },
  { path: '/maps/R&D.cjm', name: 'R&D.cjm' },
];

function build(overrides: Partial<MenuOptions> = {}) {
  const options: MenuOptions = {
    locale: 'en',
    recent,
    isMac: false,
    isDev: false,
    send: vi.fn(),
    openRecent: vi.fn(),
    clearRecent: vi.fn(),
    setLocale: vi.fn(),
    openExternal: vi.fn(),
    ...overrides,
  };
  return { template: buildMenuTemplate(options), options };
}

const submenu = (item: Item | undefined): Item[] => (Array.isArray(item?.submenu) ? (item.submenu as Item[]) : []);

function find(items: Item[], id: string): Item | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    const inner = find(submenu(item), id);
    if (inner) return inner;
  }
  return undefined;
}

const click = (item: Item | undefined) => (item?.click as unknown as () => void)();

const TOP = {
  en: ['File', 'Edit', 'View', 'Help'],
  ru: ['Файл', 'Правка', 'Вид', 'Справка'],
};

describe.each(['en', 'ru'] as Locale[])('menu in %s', (locale) => {
  it('has File, Edit, View and Help, all labelled', () => {
    const { template } = build({ locale });
    expect(template.map((m) => m.label)).toEqual(TOP[locale]);
    const walk = (items: Item[]) => {
      for (const item of items) {
        if (item.type === 'separator') continue;
        expect(item.label, JSON.stringify(item.id ?? item.role)).toBeTruthy();
        expect(item.label).not.toMatch(/^menu\.|^dialog\./); // a missing translation comes back as its key
        walk(submenu(item));
      }
    };
    walk(template);
  });

  it('shows the expected shortcuts; the page handles the keys itself', () => {
    const { template } = build({ locale });
    const expected: Record<string, string> = {
      new: 'CmdOrCtrl+N',
      open: 'CmdOrCtrl+O',
      save: 'CmdOrCtrl+S',
      saveAs: 'CmdOrCtrl+Shift+S',
      undo: 'CmdOrCtrl+Z',
      redo: 'CmdOrCtrl+Shift+Z',
      redoAlt: 'Ctrl+Y',
      addStep: 'CmdOrCtrl+Enter',
      zoomIn: 'CmdOrCtrl+=',
      zoomOut: 'CmdOrCtrl+-',
      fitView: 'Shift+1',
    };
    for (const [id, accelerator] of Object.entries(expected)) {
      const item = find(template, id);
      expect(item?.accelerator, id).toBe(accelerator);
      expect(item?.registerAccelerator, id).toBe(false);
    }
    expect(find(template, 'redoAlt')?.visible).toBe(false);
    expect(find(template, 'cut')?.role).toBe('cut');
    expect(find(template, 'copy')?.role).toBe('copy');
    expect(find(template, 'paste')?.role).toBe('paste');
    expect(find(template, 'fullScreen')?.role).toBe('togglefullscreen');
  });

  it('lists recent files, opens them, and clears the list', () => {
    const { template, options } = build({ locale });
    const items = submenu(find(template, 'openRecent'));
    expect(items.map((i) => i.label ?? i.type)).toEqual([
      'passport.cjm',
      'R&&D.cjm',
      'separator',
      locale === 'en' ? 'Clear Recent' : 'Очистить список',
    ]);
    click(items[1]);
    expect(options.openRecent).toHaveBeenCalledWith('/maps/R&D.cjm');
    click(find(template, 'clearRecent'));
    expect(options.clearRecent).toHaveBeenCalled();
  });
});

describe('menu behaviour', () => {
  it('sends the page commands', () => {
    const { template, options } = build();
    const ids = ['new', 'open', 'save', 'saveAs', 'undo', 'redo', 'delete', 'selectAll', 'addStage', 'addLane', 'addStep', 'zoomIn', 'zoomOut', 'fitView', 'toggleMinimap', 'toggleInspector', 'about'];
    for (const id of ids) click(find(template, id));
    expect((options.send as ReturnType<typeof vi.fn>).mock.calls.map((c) => c[0])).toEqual(ids.map((command) => ({ type: 'command', command })));
    click(find(template, 'redoAlt'));
    expect(options.send).toHaveBeenLastCalledWith({ type: 'command', command: 'redo' });
  });

  it('says so when there are no recent files', () => {
    const { template } = build({ recent: [] });
    const items = submenu(find(template, 'openRecent'));
    expect(items[0]).toMatchObject({ label: 'No recent files', enabled: false });
    expect(find(template, 'clearRecent')?.enabled).toBe(false);
  });

  it('tells files with the same name apart', () => {
    const { template } = build({ recent: [{ path: '/a/map.cjm', name: 'map.cjm' }, { path: '/b/map.cjm', name: 'map.cjm' }] });
    expect(submenu(find(template, 'openRecent')).slice(0, 2).map((i) => i.label)).toEqual(['map.cjm — /a/map.cjm', 'map.cjm — /b/map.cjm']);
  });

  it('switches the language with radio items', () => {
    const { template, options } = build({ locale: 'ru' });
    const items = submenu(find(template, 'language'));
    expect(items.map((i) => [i.label, i.type, i.checked])).toEqual([
      ['Русский', 'radio', true],
      ['English', 'radio', false],
    ]);
    click(items[1]);
    expect(options.setLocale).toHaveBeenCalledWith('en');
  });

  it('opens the handbook through openExternal', () => {
    const { template, options } = build();
    click(find(template, 'handbook'));
    expect(options.openExternal).toHaveBeenCalledWith(HANDBOOK_URL);
    expect(HANDBOOK_URL).toBe('https://cx.cdto.ranepa.ru');
  });

  it('has Reload and Developer Tools only in development', () => {
    expect(find(build().template, 'devTools')).toBeUndefined();
    expect(find(build().template, 'reload')).toBeUndefined();
    const dev = build({ isDev: true }).template;
    expect(find(dev, 'devTools')?.role).toBe('toggleDevTools');
    expect(find(dev, 'reload')?.role).toBe('reload');
  });

  it('has the macOS app and Window menus on a Mac, Quit in File elsewhere', () => {
    const mac = build({ isMac: true, locale: 'ru' }).template;
    expect(mac.map((m) => m.label)).toEqual(['Маршрут', 'Файл', 'Правка', 'Вид', 'Окно', 'Справка']);
    expect(submenu(mac[0]).map((i) => i.role ?? i.id ?? i.type)).toEqual([
      'about',
      'separator',
      'services',
      'separator',
      'hide',
      'hideOthers',
      'unhide',
      'separator',
      'quit',
    ]);
    expect(find(mac, 'quit')).toBeUndefined();
    expect(find(mac, 'redoAlt')).toBeUndefined();
    const other = build().template;
    expect(find(other, 'quit')).toMatchObject({ role: 'quit', label: 'Quit' });
    expect(find(other, 'close')).toMatchObject({ role: 'close', label: 'Close Window' });
  });
});
