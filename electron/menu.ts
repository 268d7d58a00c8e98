/**
 * The application menu as a pure function of the locale, the recent files and the platform.
 * Items the page handles send it a command; their shortcuts are shown but not registered
 * (`registerAccelerator: false`), because the page listens for the keys itself: so a text
 * field keeps its own Ctrl+Z, and a key never fires twice (menu and page).
 */
import type { MenuItemConstructorOptions } from 'electron';
import { LOCALES, translate, type Locale } from '../shared/i18n';
import type { AppCommand, MainEvent, RecentFile } from '../shared/ipc';
import { TEMPLATES } from '../templates/catalog';

export const HANDBOOK_URL = 'https://cx.cdto.ranepa.ru';

export interface MenuOptions {
  locale: Locale;
  recent: readonly RecentFile[];
  isMac: boolean;
  isDev: boolean;
  /** Sends an event to the page (main routes it to the app window). */
  send(event: MainEvent): void;
  openRecent(path: string): void;
  clearRecent(): void;
  setLocale(locale: Locale): void;
  openExternal(url: string): void;
}

/** The page's shortcuts, as shown in the menu (the page itself handles the keys). */
export const ACCELERATORS: Partial<Record<AppCommand, string>> = {
  new: 'CmdOrCtrl+N',
  open: 'CmdOrCtrl+O',
  save: 'CmdOrCtrl+S',
  saveAs: 'CmdOrCtrl+Shift+S',
  undo: 'CmdOrCtrl+Z',
  redo: 'CmdOrCtrl+Shift+Z',
  delete: 'Delete',
  selectAll: 'CmdOrCtrl+A',
  addStep: 'CmdOrCtrl+Enter',
  zoomIn: 'CmdOrCtrl+=',
  zoomOut: 'CmdOrCtrl+-',
  fitView: 'Shift+1',
  present: 'F5',
  quickCapture: 'CmdOrCtrl+Shift+K',
};

/** Menu labels: '&' would be read as a mnemonic marker on Windows and Linux. */
const escapeLabel = (label: string) => label.replace(/&/g, '&&');

function recentLabels(recent: readonly RecentFile[]): string[] {
  return recent.map((file) => {
    const sameName = recent.filter((other) => other.name === file.name).length > 1;
    return escapeLabel(sameName ? `${file.name} — ${file.path}` : file.name);
  });
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { locale, recent, isMac, isDev } = options;
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
  const sep: MenuItemConstructorOptions = { type: 'separator' };

  /** An item that asks the page to run a command. */
  const command = (cmd: AppCommand, labelKey: string, extra: MenuItemConstructorOptions = {}): MenuItemConstructorOptions => {
    const accelerator = ACCELERATORS[cmd];
    return {
      id: cmd,
      label: t(labelKey),
      ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
      click: () => options.send({ type: 'command', command: cmd }),
      ...extra,
    };
  };

  const labels = recentLabels(recent);
  const recentSubmenu: MenuItemConstructorOptions[] = [
    ...(recent.length === 0
      ? [{ id: 'noRecent', label: t('menu.noRecent'), enabled: false }]
      : recent.map((file, i) => ({
          id: `recent:${i}`,
          label: labels[i] ?? escapeLabel(file.name),
          click: () => options.openRecent(file.path),
        }))),
    sep,
    { id: 'clearRecent', label: t('menu.clearRecent'), enabled: recent.length > 0, click: () => options.clearRecent() },
  ];

  const about = command('about', 'menu.about', { id: 'about' });

  const appMenu: MenuItemConstructorOptions = {
    id: 'app',
    label: t('app.name'),
    submenu: [
      about,
      sep,
      { role: 'services', label: t('menu.services') },
      sep,
      { role: 'hide', label: t('menu.hide') },
      { role: 'hideOthers', label: t('menu.hideOthers') },
      { role: 'unhide', label: t('menu.showAll') },
      sep,
      { role: 'quit', label: t('menu.quit') },
    ],
  };

  const fileMenu: MenuItemConstructorOptions = {
    id: 'file',
    label: t('menu.file'),
    submenu: [
      command('new', 'menu.new'),
      {
        id: 'newFromTemplate',
        label: t('templatesMenu.newFromTemplate'),
        submenu: TEMPLATES.map((template) => ({
          id: `template:${template.id}`,
          label: escapeLabel(template.title[locale]),
          click: () => options.send({ type: 'newFromTemplate', templateId: template.id }),
        })),
      },
      command('open', 'menu.open'),
      { id: 'openRecent', label: t('menu.openRecent'), submenu: recentSubmenu },
      sep,
      command('importSpreadsheet', 'menu.importSpreadsheet'),
      command('export', 'menu.export'),
      sep,
      command('save', 'menu.save'),
      command('saveAs', 'menu.saveAs'),
      command('saveBaseline', 'baselines.menu'),
      sep,
      { id: 'close', role: 'close', label: t('menu.close') },
      ...(isMac ? [] : [sep, { id: 'quit', role: 'quit' as const, label: t('menu.quit') }]),
    ],
  };

  const editMenu: MenuItemConstructorOptions = {
    id: 'edit',
    label: t('menu.edit'),
    submenu: [
      command('undo', 'menu.undo'),
      command('redo', 'menu.redo'),
      // Ctrl+Y is the other Redo on Windows and Linux; the page handles it, the item stays hidden.
      ...(isMac
        ? []
        : [command('redo', 'menu.redo', { id: 'redoAlt', accelerator: 'Ctrl+Y', registerAccelerator: false, visible: false })]),
      sep,
      { id: 'cut', role: 'cut', label: t('menu.cut') },
      { id: 'copy', role: 'copy', label: t('menu.copy') },
      { id: 'paste', role: 'paste', label: t('menu.paste') },
      command('delete', 'menu.delete'),
      command('selectAll', 'menu.selectAll'),
      sep,
      command('addStage', 'menu.addStage'),
      command('addLane', 'menu.addLane'),
      command('addStep', 'menu.addStep'),
      sep,
      command('startVoting', 'voting.menu'),
    ],
  };

  const viewMenu: MenuItemConstructorOptions = {
    id: 'view',
    label: t('menu.view'),
    submenu: [
      command('zoomIn', 'menu.zoomIn'),
      command('zoomOut', 'menu.zoomOut'),
      command('fitView', 'menu.fitView'),
      sep,
      command('toggleMinimap', 'menu.toggleMinimap'),
      command('toggleInspector', 'menu.toggleInspector'),
      command('showScorecard', 'menu.showScorecard'),
      command('present', 'present.menu'),
      command('quickCapture', 'capture.menu'),
      sep,
      {
        id: 'language',
        label: t('menu.language'),
        submenu: LOCALES.map((l) => ({
          id: `locale:${l}`,
          label: translate(l, `language.${l}`),
          type: 'radio' as const,
          checked: l === locale,
          click: () => options.setLocale(l),
        })),
      },
      sep,
      { id: 'fullScreen', role: 'togglefullscreen', label: t('menu.fullScreen') },
      ...(isDev
        ? [
            sep,
            { id: 'reload', role: 'reload' as const, label: t('menu.reload') },
            { id: 'devTools', role: 'toggleDevTools' as const, label: t('menu.devTools') },
          ]
        : []),
    ],
  };

  const windowMenu: MenuItemConstructorOptions = {
    id: 'window',
    label: t('menu.window'),
    submenu: [
      { role: 'minimize', label: t('menu.minimize') },
      { role: 'close', label: t('menu.close') },
    ],
  };

  const helpMenu: MenuItemConstructorOptions = {
    id: 'help',
    label: t('menu.help'),
    role: 'help',
    submenu: [
      { id: 'handbook', label: t('menu.handbook'), click: () => options.openExternal(HANDBOOK_URL) },
      ...(isMac ? [] : [sep, about]),
    ],
  };

  return isMac ? [appMenu, fileMenu, editMenu, viewMenu, windowMenu, helpMenu] : [fileMenu, editMenu, viewMenu, helpMenu];
}
