import { describe, expect, it, vi } from 'vitest';
import { BrowserWindow, FakeWebContents } from '../../mocks/electron';
import { EVENT_CHANNEL } from '../../../shared/ipc';
import {
  CONTENT_SECURITY_POLICY,
  createMainWindow,
  hardenSession,
  installCloseGuard,
  installNavigationGuards,
  secureWebPreferences,
  type SessionLike,
} from '../../../electron/window';

const APP = 'file:///app/out/renderer/index.html';
const isAppUrl = (url: string) => url.startsWith('file:///app/out/renderer/');

const preventable = (url: string) => ({ url, preventDefault: vi.fn() });

describe('secureWebPreferences', () => {
  it('is the secure set', () => {
    expect(secureWebPreferences('/app/out/preload/preload.cjs')).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      preload: '/app/out/preload/preload.cjs',
    });
  });

  it('is what the main window gets', () => {
    const win = createMainWindow(BrowserWindow as never, { preloadPath: '/p.cjs', title: 'Marshrut' }) as unknown as BrowserWindow;
    expect(win.options).toMatchObject({ show: false, title: 'Marshrut', webPreferences: secureWebPreferences('/p.cjs') });
    expect((win.options.webPreferences as Record<string, unknown>).nodeIntegration).toBe(false);
  });
});

describe('installNavigationGuards', () => {
  const setup = () => {
    const contents = new FakeWebContents();
    const openExternal = vi.fn();
    installNavigationGuards(contents as never, isAppUrl, openExternal);
    return { contents, openExternal };
  };

  it('blocks navigation away from our pages; web links go to the browser (through the allow-list)', () => {
    const { contents, openExternal } = setup();
    const foreign = preventable('https://evil.example/phish');
    contents.emit('will-navigate', foreign, foreign.url);
    expect(foreign.preventDefault).toHaveBeenCalled();
    expect(openExternal).toHaveBeenCalledWith('https://evil.example/phish');

    const file = preventable('file:///etc/passwd');
    contents.emit('will-navigate', file);
    expect(file.preventDefault).toHaveBeenCalled();
    expect(openExternal).toHaveBeenCalledTimes(1);

    const ours = preventable(`${APP}#/x`);
    contents.emit('will-navigate', ours);
    expect(ours.preventDefault).not.toHaveBeenCalled();
  });

  it('uses the legacy url argument when the event has none', () => {
    const { contents } = setup();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-navigate', event, 'https://evil.example/');
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('blocks foreign frame navigation and redirects', () => {
    const { contents, openExternal } = setup();
    for (const name of ['will-frame-navigate', 'will-redirect']) {
      const event = preventable('https://evil.example/');
      contents.emit(name, event);
      expect(event.preventDefault).toHaveBeenCalled();
      const ours = preventable(APP);
      contents.emit(name, ours);
      expect(ours.preventDefault).not.toHaveBeenCalled();
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('denies every window.open; web links go to the browser', () => {
    const { contents, openExternal } = setup();
    expect(contents.windowOpenHandler?.({ url: 'https://github.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: APP })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://github.com/']]);
  });

  it('never attaches a webview', () => {
    const { contents } = setup();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('hardenSession', () => {
  const fakeSession = () => {
    let headers: Parameters<SessionLike['webRequest']['onHeadersReceived']>[0] | null = null;
    let request: Parameters<SessionLike['setPermissionRequestHandler']>[0] = null;
    let check: Parameters<SessionLike['setPermissionCheckHandler']>[0] = null;
    const session: SessionLike = {
      webRequest: { onHeadersReceived: (listener) => void (headers = listener) },
      setPermissionRequestHandler: (h) => void (request = h),
      setPermissionCheckHandler: (h) => void (check = h),
    };
    return { session, headers: () => headers, request: () => request, check: () => check };
  };

  it('adds the CSP header to our pages only', () => {
    const s = fakeSession();
    hardenSession(s.session, isAppUrl, { csp: CONTENT_SECURITY_POLICY });
    const callback = vi.fn();
    s.headers()!({ url: APP, responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], 'X-Other': ['1'] } });
    const other = vi.fn();
    s.headers()!({ url: 'https://example.com/', responseHeaders: {} }, other);
    expect(other).toHaveBeenCalledWith({});
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });

  it('installs no header in development (the dev server needs inline scripts)', () => {
    const s = fakeSession();
    hardenSession(s.session, isAppUrl, { csp: null });
    expect(s.headers()).toBeNull();
  });

  it('refuses permissions except clipboard writing and full screen for our page', () => {
    const s = fakeSession();
    hardenSession(s.session, isAppUrl, { csp: null });
    const answer = (permission: string, url: string) => {
      let granted: boolean | undefined;
      s.request()!({}, permission, (g) => (granted = g), { requestingUrl: url });
      return granted;
    };
    expect(answer('media', APP)).toBe(false);
    expect(answer('geolocation', APP)).toBe(false);
    expect(answer('clipboard-sanitized-write', APP)).toBe(true);
    expect(answer('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(s.check()!({}, 'notifications', 'file://', { requestingUrl: APP })).toBe(false);
  });
});

describe('installCloseGuard', () => {
  it('closes a clean document at once', () => {
    const win = new BrowserWindow();
    installCloseGuard(win);
    win.close();
    expect(win.isDestroyed()).toBe(true);
    expect(win.webContents.sent).toEqual([]);
  });

  it('keeps a dirty window open and asks the page; forceClose then closes', () => {
    const win = new BrowserWindow();
    const onCloseRequested = vi.fn();
    const guard = installCloseGuard(win, onCloseRequested);
    guard.setDirty(true);
    win.close();
    expect(win.isDestroyed()).toBe(false);
    expect(win.webContents.sent).toEqual([{ channel: EVENT_CHANNEL, args: [{ type: 'closeRequested' }] }]);
    expect(onCloseRequested).toHaveBeenCalledTimes(1);
    guard.forceClose();
    expect(win.isDestroyed()).toBe(true);
    expect(() => guard.forceClose()).not.toThrow();
  });

  it('lets a window with a crashed page close', () => {
    const win = new BrowserWindow();
    Object.assign(win.webContents, { isCrashed: () => true });
    const guard = installCloseGuard(win);
    guard.setDirty(true);
    win.close();
    expect(win.isDestroyed()).toBe(true);
  });
});
