/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security), all
 * 20 items, each asserted against the code that implements it — or, where an item cannot apply,
 * an assertion that the thing it warns about is absent. Deeper tests of each piece live in
 * window, ipc, protocol, preload, handlers and main tests; this file is the index.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { createBridge } from '../../../electron/bridge';
import { EXTERNAL_HOST_ALLOW_LIST, isAllowedExternalUrl } from '../../../electron/handlers';
import { createAppUrlCheck, createSenderCheck } from '../../../electron/ipc';
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES, resolveAppFile } from '../../../electron/protocol';
import { CONTENT_SECURITY_POLICY, hardenSession, installNavigationGuards, secureWebPreferences, type SessionLike } from '../../../electron/window';
import { DESKTOP_METHODS } from '../../../shared/ipc';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const source = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
const prefs = secureWebPreferences('/app/out/preload/preload.cjs');
const rendererDir = path.resolve('/app/out/renderer');
const isAppUrl = createAppUrlCheck({ rendererDir });
/** Every TypeScript source of the shell. */
const shellSources = fs
  .readdirSync(path.join(root, 'electron'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => source(path.join('electron', f)));

describe('Electron security checklist', () => {
  it('1. only secure content: the app loads its own pages (app://) and nothing remote; the CSP allows no other origin', () => {
    expect(APP_INDEX_URL).toBe('app://marshrut/index.html');
    expect(APP_SCHEME_PRIVILEGES.privileges.secure).toBe(true);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
    expect(source('electron/main.ts')).toMatch(/loadURL\(APP_INDEX_URL\)/);
  });

  it('2. no Node.js integration in the page', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).not.toBe(true);
    expect(prefs.nodeIntegrationInSubFrames).not.toBe(true);
  });

  it('3. context isolation', () => expect(prefs.contextIsolation).toBe(true));

  it('4. process sandboxing, for every renderer (app.enableSandbox) and this window', () => {
    expect(prefs.sandbox).toBe(true);
    expect(source('electron/main.ts')).toMatch(/app\.enableSandbox\(\)/);
  });

  it('5. permission requests are refused but for the few the page needs, and only for our pages', () => {
    let request: Parameters<SessionLike['setPermissionRequestHandler']>[0] = null;
    const session: SessionLike = {
      webRequest: { onHeadersReceived: () => {} },
      setPermissionRequestHandler: (h) => void (request = h),
      setPermissionCheckHandler: () => {},
    };
    hardenSession(session, isAppUrl, { csp: CONTENT_SECURITY_POLICY });
    const answer = (permission: string, url: string) => {
      let granted: boolean | null = null;
      request!({}, permission, (g) => (granted = g), { requestingUrl: url });
      return granted;
    };
    expect(answer('media', APP_INDEX_URL)).toBe(false);
    expect(answer('geolocation', APP_INDEX_URL)).toBe(false);
    expect(answer('fullscreen', 'https://evil.example/')).toBe(false);
    expect(answer('fullscreen', APP_INDEX_URL)).toBe(true);
  });

  it('6. web security stays on', () => expect(prefs.webSecurity).toBe(true));

  it('7. a Content Security Policy, sent as a header and in the page', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    // (tests/e2e/security.e2e.ts: an inline script injected into the built page does not run.)
  });

  it('8. no insecure content', () => expect(prefs.allowRunningInsecureContent).toBe(false));

  it('9. no experimental features', () => {
    expect(prefs.experimentalFeatures).not.toBe(true);
    for (const text of shellSources) expect(text).not.toMatch(/experimentalFeatures:\s*true/);
  });

  it('10. no enableBlinkFeatures', () => {
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    for (const text of shellSources) expect(text).not.toMatch(/enableBlinkFeatures/);
  });

  it('11. <webview>: not enabled, so no allowpopups', () => {
    expect(prefs.webviewTag).toBe(false);
    for (const text of shellSources) expect(text).not.toMatch(/allowpopups|webviewTag:\s*true/);
  });

  it('12. <webview> options verified: any attach is refused', () => {
    const handlers = new Map<string, (event: { preventDefault(): void; url?: string }, url?: string) => void>();
    installNavigationGuards(
      { on: (name: string, h: (event: { preventDefault(): void; url?: string }, url?: string) => void) => void handlers.set(name, h), setWindowOpenHandler: () => {} } as never,
      isAppUrl,
      () => {},
    );
    const preventDefault = vi.fn();
    handlers.get('will-attach-webview')!({ preventDefault });
    expect(preventDefault).toHaveBeenCalled();
  });

  it('13. navigation limited to our pages; web links go to the system browser', () => {
    const handlers = new Map<string, (event: { preventDefault(): void; url?: string }) => void>();
    const opened: string[] = [];
    installNavigationGuards(
      { on: (name: string, h: (event: { preventDefault(): void; url?: string }) => void) => void handlers.set(name, h), setWindowOpenHandler: () => {} } as never,
      isAppUrl,
      (url) => opened.push(url),
    );
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://evil/index.html']) {
      const preventDefault = vi.fn();
      handlers.get('will-navigate')!({ preventDefault, url });
      expect(preventDefault, url).toHaveBeenCalled();
    }
    const stay = vi.fn();
    handlers.get('will-navigate')!({ preventDefault: stay, url: 'app://marshrut/index.html' });
    expect(stay).not.toHaveBeenCalled();
    expect(opened).toEqual(['https://evil.example/']);
  });

  it('14. new windows denied', () => {
    let open: ((details: { url: string }) => { action: string }) | null = null;
    installNavigationGuards({ on: () => {}, setWindowOpenHandler: (h: (details: { url: string }) => { action: string }) => void (open = h) } as never, isAppUrl, () => {});
    expect(open!({ url: 'https://example.org/' }).action).toBe('deny');
    expect(open!({ url: APP_INDEX_URL }).action).toBe('deny');
  });

  it('15. shell.openExternal only through the allow-list (https/http to known hosts; others after a confirmation)', () => {
    expect(EXTERNAL_HOST_ALLOW_LIST).toContain('cx.cdto.ranepa.ru');
    expect(isAllowedExternalUrl('https://cx.cdto.ranepa.ru/predislovie')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@cx.cdto.ranepa.ru/', 'https://evil.example/']) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
    // shell.openExternal is called from handlers.ts (after the check) and main.ts's guarded link opener only.
    const callers = fs
      .readdirSync(path.join(root, 'electron'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && source(path.join('electron', f)).includes('shell.openExternal('));
    expect(callers.sort()).toEqual(['handlers.ts', 'main.ts']);
  });

  it('16. a current Electron', () => {
    const version = JSON.parse(source('node_modules/electron/package.json')).version as string;
    expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(40);
  });

  it('17. every IPC message: the sender is our window’s main frame showing our page', () => {
    const contents = {};
    const check = createSenderCheck({ getWebContents: () => contents, isAppUrl });
    expect(check({ sender: contents, senderFrame: { url: APP_INDEX_URL, parent: null } })).toBe(true);
    expect(check({ sender: {}, senderFrame: { url: APP_INDEX_URL, parent: null } })).toBe(false);
    expect(check({ sender: contents, senderFrame: { url: 'https://evil.example/', parent: null } })).toBe(false);
    expect(check({ sender: contents, senderFrame: { url: APP_INDEX_URL, parent: {} } })).toBe(false);
    // (ipc.test.ts: every contract method validates its arguments with zod through one wrapper.)
  });

  it('18. not file://: a custom protocol serving the renderer folder only', () => {
    expect(isAppUrl('file:///app/out/renderer/index.html')).toBe(false);
    expect(resolveAppFile(rendererDir, 'app://marshrut/..%2f..%2fetc%2fpasswd')).toBeNull();
  });

  it('19. fuses flipped at packaging', () => {
    const yml = source('electron-builder.yml');
    for (const [fuse, value] of [
      ['runAsNode', 'false'],
      ['enableCookieEncryption', 'true'],
      ['enableNodeOptionsEnvironmentVariable', 'false'],
      ['enableNodeCliInspectArguments', 'false'],
      ['enableEmbeddedAsarIntegrityValidation', 'true'],
      ['onlyLoadAppFromAsar', 'true'],
      ['grantFileProtocolExtraPrivileges', 'false'],
    ]) {
      expect(yml, fuse).toMatch(new RegExp(`^\\s+${fuse}: ${value}$`, 'm'));
    }
  });

  it('20. no Electron or Node API exposed to the page: the preload exposes exactly the contract', () => {
    const ipc = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() };
    const bridge = createBridge(ipc as never, { getPathForFile: () => '' });
    expect(Object.keys(bridge).sort()).toEqual([...DESKTOP_METHODS, 'onEvent', 'pathForFile'].sort());
    expect(Object.values(bridge)).not.toContain(ipc.invoke);
    expect(source('electron/preload.ts')).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
  });
});
