/**
 * The app window and its hardening: secure web preferences, navigation and pop-up guards,
 * a content security policy, permission refusal and the close guard for unsaved changes.
 * Electron objects come in as arguments (type-only imports), so all of it is unit-testable.
 */
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { EVENT_CHANNEL, type MainEvent } from '../shared/ipc';

import { CONTENT_SECURITY_POLICY } from '../shared/csp';

export { CONTENT_SECURITY_POLICY };

/** Permissions our page may have; every other request (camera, geolocation, ...) is refused. */
export const ALLOWED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write', 'fullscreen'];

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    preload: preloadPath,
  };
}

export interface MainWindowOptions {
  preloadPath: string;
  title: string;
  icon?: string;
  backgroundColor?: string;
  width?: number;
  height?: number;
}

export function createMainWindow<W>(
  BrowserWindowCtor: new (options: BrowserWindowConstructorOptions) => W,
  options: MainWindowOptions,
): W {
  return new BrowserWindowCtor({
    width: options.width ?? 1360,
    height: options.height ?? 860,
    minWidth: 760,
    minHeight: 480,
    title: options.title,
    show: false, // shown on ready-to-show, so no white flash
    backgroundColor: options.backgroundColor ?? '#f7f7f5',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: secureWebPreferences(options.preloadPath),
  });
}

// ------------------------------------------------------------------------ navigation guards
interface PreventableEvent {
  preventDefault(): void;
  url?: string;
}

/** The parts of WebContents the guards use. */
export interface GuardedWebContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: PreventableEvent, url?: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent, ...rest: unknown[]) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
}

const isWebLink = (url: string) => /^https?:\/\//i.test(url);

/**
 * Keeps a web contents on our pages: navigation elsewhere is blocked (http(s) links go to
 * `openExternal`, which applies the allow-list), every window.open is denied the same way,
 * and <webview> can never be attached.
 */
export function installNavigationGuards(
  contents: GuardedWebContents,
  isAppUrl: (url: string) => boolean,
  openExternal: (url: string) => void,
): void {
  const guard = (event: PreventableEvent, legacyUrl?: string) => {
    const url = typeof event.url === 'string' ? event.url : (legacyUrl ?? '');
    if (isAppUrl(url)) return;
    event.preventDefault();
    if (isWebLink(url)) openExternal(url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', (event, legacyUrl) => {
    const url = typeof event.url === 'string' ? event.url : (legacyUrl ?? '');
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, legacyUrl) => {
    const url = typeof event.url === 'string' ? event.url : (legacyUrl ?? '');
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isWebLink(url)) openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

// ------------------------------------------------------------------ session: CSP, permissions
export interface SessionLike {
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { url: string; responseHeaders?: Record<string, string[] | string> },
        callback: (response: { responseHeaders?: Record<string, string[] | string>; cancel?: boolean }) => void,
      ) => void,
    ): void;
  };
  setPermissionRequestHandler(
    handler: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void) | null,
  ): void;
  setPermissionCheckHandler(
    handler: ((contents: unknown, permission: string, requestingOrigin: string, details: { requestingUrl?: string }) => boolean) | null,
  ): void;
}

/** Adds our CSP header to our pages and refuses every permission but the few the page needs. */
export function hardenSession(session: SessionLike, isAppUrl: (url: string) => boolean, options: { csp: string | null }): void {
  if (options.csp !== null) {
    const csp = options.csp;
    session.webRequest.onHeadersReceived((details, callback) => {
      if (!isAppUrl(details.url)) {
        callback({});
        return;
      }
      const headers = { ...(details.responseHeaders ?? {}) };
      for (const key of Object.keys(headers)) if (key.toLowerCase() === 'content-security-policy') delete headers[key];
      headers['Content-Security-Policy'] = [csp];
      callback({ responseHeaders: headers });
    });
  }
  const allowed = (permission: string, url: string | undefined) =>
    ALLOWED_PERMISSIONS.includes(permission) && typeof url === 'string' && isAppUrl(url);
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowed(permission, details?.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, _origin, details) => allowed(permission, details?.requestingUrl));
}

// ------------------------------------------------------------------------------ close guard
export interface ClosableWindow {
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
  close(): void;
  isDestroyed(): boolean;
  webContents: { send(channel: string, ...args: unknown[]): void; isCrashed?(): boolean };
}

export interface CloseGuard {
  setDirty(dirty: boolean): void;
  isDirty(): boolean;
  /** Closes without asking (the page has saved or discarded). */
  forceClose(): void;
}

/**
 * Stops the window from closing while the document has unsaved changes and tells the page
 * instead; the page asks (askUnsaved), saves if need be, and calls closeWindow.
 */
export function installCloseGuard(win: ClosableWindow, onCloseRequested?: () => void): CloseGuard {
  let dirty = false;
  let forcing = false;
  win.on('close', (event) => {
    if (!dirty || forcing) return;
    // A crashed page cannot answer; let it go rather than trap the user.
    if (win.webContents.isCrashed?.()) return;
    event.preventDefault();
    const message: MainEvent = { type: 'closeRequested' };
    win.webContents.send(EVENT_CHANNEL, message);
    onCloseRequested?.();
  });
  return {
    setDirty: (value) => {
      dirty = value;
    },
    isDirty: () => dirty,
    forceClose: () => {
      if (win.isDestroyed()) return;
      forcing = true;
      win.close();
    },
  };
}
