/**
 * The app:// protocol (Electron checklist item 18): the pages are served from the renderer folder
 * only, by GET/HEAD, and no spelling of a path gets out of it.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, createAppProtocolHandler, resolveAppFile } from '../../../electron/protocol';

const root = path.resolve('/opt/marshrut/resources/app.asar/out/renderer');
const inside = (file: string | null) => file !== null && (file === root || file.startsWith(root + path.sep));

describe('resolveAppFile', () => {
  it('maps app://marshrut/ paths to files in the renderer folder', () => {
    expect(resolveAppFile(root, APP_INDEX_URL)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://marshrut/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://marshrut/assets/index-abc.js?x=1#y')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveAppFile(root, 'app://marshrut/assets/%D0%BA%D0%B0%D1%80%D1%82%D0%B0.png')).toBe(path.join(root, 'assets', 'карта.png'));
  });

  it('never leaves the folder, whatever the spelling', () => {
    for (const url of [
      'app://marshrut/../main/main.js',
      'app://marshrut/%2e%2e/%2e%2e/etc/passwd',
      'app://marshrut/assets/../../../../etc/passwd',
    ]) {
      expect(inside(resolveAppFile(root, url)), url).toBe(true);
    }
    for (const url of [
      'app://marshrut/..%2f..%2fetc%2fpasswd',
      'app://marshrut/..%5c..%5cwindows%5cwin.ini',
      'app://marshrut/index.html%00.png',
      'app://marshrut/C:/Windows/win.ini',
      'app://marshrut/a%E0%A4%A',
      'app://evil/index.html',
      'app://marshrut:8080/index.html',
      'app://user:pw@marshrut/index.html',
      'file:///etc/passwd',
      'https://marshrut/index.html',
      'not a url',
    ]) {
      expect(resolveAppFile(root, url), url).toBeNull();
    }
  });
});

describe('the protocol handler', () => {
  const files = new Map([[path.join(root, 'index.html'), new TextEncoder().encode('<!doctype html><title>Маршрут</title>')]]);
  const handler = createAppProtocolHandler({
    rendererDir: root,
    csp: "default-src 'self'",
    readFile: async (file) => {
      const bytes = files.get(file);
      if (!bytes) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return bytes;
    },
  });

  it('serves a file with its type, no-sniff and the CSP on pages', async () => {
    const response = await handler({ url: APP_INDEX_URL, method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(await response.text()).toContain('Маршрут');
    expect((await handler({ url: APP_INDEX_URL, method: 'HEAD' })).status).toBe(200);
  });

  it('refuses other methods, escapes and missing files', async () => {
    expect((await handler({ url: APP_INDEX_URL, method: 'POST' })).status).toBe(405);
    expect((await handler({ url: 'app://marshrut/..%2f..%2fetc%2fpasswd', method: 'GET' })).status).toBe(403);
    expect((await handler({ url: 'app://evil/index.html', method: 'GET' })).status).toBe(403);
    expect((await handler({ url: 'app://marshrut/missing.js', method: 'GET' })).status).toBe(404);
  });
});
