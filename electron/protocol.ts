/**
 * The app's pages come from a custom protocol, `app://marshrut/…`, not from `file://` (Electron
 * security checklist item 18): a `file://` page may read any file its URL names, while this
 * handler serves only files inside the renderer folder, by GET or HEAD, and refuses everything
 * else — other hosts, `..` in any spelling, encoded separators, NUL, absolute or drive paths.
 * Plain functions over an injected file reader, so they are tested without Electron.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'marshrut';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window opens. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** For `protocol.registerSchemesAsPrivileged`, before the app is ready: a standard, secure origin. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: false, bypassCSP: false },
} as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
};

export const contentTypeOf = (file: string) => TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

/**
 * The file inside `rendererDir` that an app URL names, or null when the URL is not ours or tries
 * to leave the folder.
 */
export function resolveAppFile(rendererDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST || parsed.port !== '' || parsed.username !== '' || parsed.password !== '') return null;
  // The raw path, before the URL parser folds `..` away: any `..` segment or encoded separator is refused.
  const raw = parsed.pathname;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (/%2f|%5c|%00/i.test(raw) || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || /^[a-zA-Z]:/.test(s))) return null;
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

export interface AppRequest {
  url: string;
  method: string;
}

/** The protocol handler: the file's bytes with its type and a no-sniff header, or 403/404/405. */
export function createAppProtocolHandler(options: { rendererDir: string; readFile: (file: string) => Promise<Uint8Array>; csp?: string | null }) {
  return async (request: AppRequest): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const file = resolveAppFile(options.rendererDir, request.url);
    if (!file) return new Response(null, { status: 403 });
    let bytes: Uint8Array;
    try {
      bytes = await options.readFile(file);
    } catch {
      return new Response(null, { status: 404 });
    }
    const headers: Record<string, string> = { 'content-type': contentTypeOf(file), 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' };
    if (options.csp && file.endsWith('.html')) headers['content-security-policy'] = options.csp;
    return new Response(request.method === 'HEAD' ? null : (bytes as BodyInit), { status: 200, headers });
  };
}
