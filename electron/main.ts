/**
 * The main-process entry. Two modes:
 *  - command line (`marshrut validate map.cjm`, ...): runs the CLI and exits, no window;
 *  - desktop: one instance, one hardened window, the typed IPC handlers, the menu.
 * The logic lives in plain modules that take Electron objects as arguments (tested with fakes);
 * this file only wires them to the real ones.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, type MessageBoxOptions } from 'electron';
import { readFile } from 'node:fs/promises';
import { DEFAULT_LOCALE, localeFromSystem, type Locale } from '../shared/i18n';
import { EVENT_CHANNEL, type DesktopApi, type MainEvent, type RecentFile } from '../shared/ipc';
import { findMapFileArg, userArgs } from './args';
import { templateText } from '../templates/sample';
import { isCliInvocation, runCli } from './cli/run';
import { cleanStrayTempFiles } from './files';
import { createDesktopApi, isAllowedExternalUrl, type DialogLike } from './handlers';
import { createAppUrlCheck, createSenderCheck, registerDesktopApi } from './ipc';
import { buildMenuTemplate } from './menu';
import { createSettingsStore } from './recent';
import { electronEngine } from './print/electron-engine';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol';
import {
  CONTENT_SECURITY_POLICY,
  createMainWindow,
  hardenSession,
  installCloseGuard,
  installNavigationGuards,
  type CloseGuard,
} from './window';

const here = path.dirname(fileURLToPath(import.meta.url)); // out/main
const args = userArgs(process.argv, app.isPackaged);

if (isCliInvocation(args)) {
  const io = {
    out: (line: string) => void process.stdout.write(`${line}\n`),
    err: (line: string) => void process.stderr.write(`${line}\n`),
  };
  // Exit only once both streams are flushed (pipes are asynchronous on macOS).
  const exitAfterFlush = (code: number) =>
    process.stdout.write('', () => process.stderr.write('', () => app.exit(code)));
  // PDF and PNG from the command line print with the app's own Chromium, once it is ready.
  const openPrintEngine = async () => {
    await app.whenReady();
    return { ok: true as const, engine: electronEngine({ BrowserWindow }) };
  };
  runCli(args, io, { templateText, version: app.getVersion(), openPrintEngine }).then(exitAfterFlush, (error: unknown) => {
    io.err(error instanceof Error ? error.message : String(error));
    exitAfterFlush(1);
  });
} else {
  startDesktop();
}

function startDesktop(): void {
  const isMac = process.platform === 'darwin';
  // Only an unpackaged build may load the dev server; a packaged app never loads remote content.
  const devServerUrl = !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL ?? null) : null;
  const rendererDir = path.join(here, '../renderer');
  const preloadPath = path.join(here, '../preload/preload.cjs');
  const isAppUrl = createAppUrlCheck({ rendererDir, devServerUrl });

  app.enableSandbox();
  // The pages are served from app://marshrut/, a standard secure origin (not file://).
  protocol.registerSchemesAsPrivileged([{ ...APP_SCHEME_PRIVILEGES, privileges: { ...APP_SCHEME_PRIVILEGES.privileges } }]);

  // The second instance hands over its own argv and folder (Chromium reorders `argv`).
  if (!app.requestSingleInstanceLock({ argv: args, cwd: process.cwd() })) {
    app.quit();
    return;
  }

  let win: BrowserWindow | null = null;
  let guard: CloseGuard | null = null;
  let locale: Locale = DEFAULT_LOCALE;
  let recent: RecentFile[] = [];
  /** A file to give the page at startup (command line, OS, or a request before the page was up). */
  let startupFile: string | null = findMapFileArg(args, process.cwd());
  /** True once the page has asked for its startup info (and so listens for events). */
  let pageReady = false;
  const pending: MainEvent[] = [];
  let quitting = false;
  let quitWhenClosed = false;
  let quitAfterForcedClose = false;
  let api: DesktopApi | null = null;
  /** Releases the lock file next to the open map. */
  let releaseLock: () => Promise<void> = async () => undefined;

  const focusWindow = () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  const flushPending = () => {
    if (!win || !pageReady) return;
    for (const event of pending.splice(0)) win.webContents.send(EVENT_CHANNEL, event);
  };

  const send = (event: MainEvent) => {
    if (win && pageReady) {
      win.webContents.send(EVENT_CHANNEL, event);
      return;
    }
    if (event.type === 'openPath') {
      startupFile = event.path; // the page picks it up in getStartup
    } else if (!(event.type === 'command' && event.command === 'new' && !win)) {
      pending.push(event); // a fresh window already shows a new map
    }
    if (!win && app.isReady()) createWindow();
  };

  const requestOpen = (filePath: string) => {
    send({ type: 'openPath', path: filePath });
    focusWindow();
  };

  // macOS: double-click on a .cjm in Finder, also before the app is ready.
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    requestOpen(filePath);
  });

  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    const data = additionalData as { argv?: unknown; cwd?: unknown } | null;
    const theirArgs =
      data && Array.isArray(data.argv) && data.argv.every((a) => typeof a === 'string')
        ? (data.argv as string[])
        : userArgs(argv, app.isPackaged);
    const cwd = data && typeof data.cwd === 'string' ? data.cwd : workingDirectory;
    const file = findMapFileArg(theirArgs, cwd);
    if (file) requestOpen(file);
    else focusWindow();
  });

  // Every web contents, present and future: no foreign navigation, no pop-ups, no <webview>.
  const openExternalSafely = (url: string) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url).catch(() => undefined);
  };
  app.on('web-contents-created', (_event, contents) => installNavigationGuards(contents, isAppUrl, openExternalSafely));

  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', () => void releaseLock());

  app.on('window-all-closed', () => {
    if (!isMac || quitWhenClosed) app.quit();
  });

  app.on('activate', () => {
    if (!win && app.isReady()) createWindow();
  });

  const rebuildMenu = () => {
    const template = buildMenuTemplate({
      locale,
      recent,
      isMac,
      isDev: !app.isPackaged,
      send,
      openRecent: requestOpen,
      clearRecent: () => void api?.clearRecent(),
      setLocale: (next) => {
        void api?.setLocale(next);
        send({ type: 'setLocale', locale: next });
      },
      openExternal: openExternalSafely,
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };

  /** Native dialogs, modal to the window when there is one. */
  const parentedDialog: DialogLike = {
    showOpenDialog: (options) => (win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options)),
    showSaveDialog: (options) => (win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options)),
    showMessageBox: (options: MessageBoxOptions) => (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options)),
  };

  function createWindow(): void {
    const created = createMainWindow(BrowserWindow, { preloadPath, title: app.getName() });
    win = created;
    pageReady = false;
    guard = installCloseGuard(created, () => {
      // Remember whether this close was part of quitting (Cmd+Q), to finish quitting after the page has answered.
      quitAfterForcedClose = quitting;
      quitting = false;
    });
    created.once('ready-to-show', () => created.show());
    created.webContents.on('did-start-loading', () => {
      pageReady = false;
    });
    let reloads = 0;
    created.webContents.on('render-process-gone', (_event, details) => {
      // The document lives in the page; a crashed page is reloaded (a few times, not in a loop).
      if (details.reason !== 'clean-exit' && !created.isDestroyed() && reloads++ < 3) created.webContents.reload();
    });
    created.on('closed', () => {
      void releaseLock();
      if (win === created) {
        win = null;
        guard = null;
        pageReady = false;
      }
    });
    if (devServerUrl) void created.loadURL(devServerUrl);
    else void created.loadURL(APP_INDEX_URL);
  }

  void app.whenReady().then(async () => {
    const userDataDir = app.getPath('userData');
    await cleanStrayTempFiles(userDataDir);
    const settings = createSettingsStore(userDataDir);
    locale = (await settings.get()).locale ?? localeFromSystem(app.getLocale());

    hardenSession(session.defaultSession, isAppUrl, { csp: devServerUrl ? null : CONTENT_SECURITY_POLICY });
    protocol.handle(
      APP_SCHEME,
      createAppProtocolHandler({ rendererDir, readFile: (file) => readFile(file), csp: devServerUrl ? null : CONTENT_SECURITY_POLICY }),
    );

    const base = createDesktopApi({
      dialog: parentedDialog,
      shell,
      getWindow: () => win,
      userDataDir,
      getLocale: () => locale,
      setLocale: async (next) => {
        locale = next;
        await settings.update({ locale: next });
      },
      version: app.getVersion(),
      startupFile: () => startupFile,
      onDocumentState: (state) => guard?.setDirty(state.dirty),
      onLocaleChanged: () => rebuildMenu(),
      closeWindow: () => {
        quitWhenClosed = quitAfterForcedClose;
        quitAfterForcedClose = false;
        guard?.forceClose();
      },
      onRecentChanged: (list) => {
        recent = list;
        rebuildMenu();
      },
      printEngine: () => electronEngine({ BrowserWindow }),
    });
    releaseLock = () => base.dispose();
    api = {
      ...base,
      // The first call of a freshly loaded page: it gets the startup file once, then events.
      getStartup: async () => {
        const info = await base.getStartup();
        startupFile = null;
        pageReady = true;
        setTimeout(flushPending, 250);
        return info;
      },
    };
    registerDesktopApi(ipcMain, api, createSenderCheck({ getWebContents: () => win?.webContents ?? null, isAppUrl }));

    recent = await api.listRecent();
    rebuildMenu();
    createWindow();
  });
}
