/**
 * The one way the main process answers the page: every handler goes through `handle`, which
 * refuses calls from any frame but our own page in our own window and validates the
 * arguments against the contract's zod tuple before the implementation sees them.
 * (Electron security checklist item 17; drawio-desktop's `validateSender`.)
 *
 * No runtime import of 'electron': the objects come in as arguments, so tests and the e2e
 * harness can pass fakes.
 */
import path from 'node:path';
import { resolveAppFile } from './protocol';
import type { z } from 'zod';
import { channelOf, DESKTOP_ARGS, DESKTOP_METHODS, type DesktopApi, type DesktopMethod } from '../shared/ipc';

/** The parts of an `IpcMainInvokeEvent` the checks read. */
export interface InvokeEventLike {
  sender: unknown;
  senderFrame: { url: string; parent?: unknown } | null | undefined;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: any, ...args: any[]) => unknown): void;
  removeHandler?(channel: string): void;
}

export type SenderCheck = (event: InvokeEventLike) => boolean;

/**
 * Whether a URL is one of our pages: `app://marshrut/…` naming a file inside the built renderer
 * folder (never `file://`), or (in development only) a page of the dev server's origin.
 */
export function createAppUrlCheck(options: { rendererDir: string; devServerUrl?: string | null }): (url: string) => boolean {
  // Windows paths compare case-insensitively (Chromium may spell the drive letter differently).
  const norm = (p: string) => (process.platform === 'win32' ? p.toLowerCase() : p);
  const root = norm(path.resolve(options.rendererDir));
  let devOrigin: string | null = null;
  if (options.devServerUrl) {
    try {
      devOrigin = new URL(options.devServerUrl).origin;
    } catch {
      devOrigin = null;
    }
  }
  return (url: string) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (devOrigin !== null && devOrigin !== 'null' && parsed.origin === devOrigin) return true;
    // Our pages come from app://marshrut/ (electron/protocol.ts), never from file://.
    const file = resolveAppFile(root, url);
    return file !== null && (norm(file) === root || norm(file).startsWith(root + path.sep));
  };
}

/**
 * The sender check for the app window: the call must come from the main frame of the
 * window's own web contents, and that frame must show one of our pages.
 */
export function createSenderCheck(options: {
  getWebContents: () => unknown;
  isAppUrl: (url: string) => boolean;
}): SenderCheck {
  return (event) => {
    const expected = options.getWebContents();
    if (expected == null || event.sender !== expected) return false;
    const frame = event.senderFrame;
    if (!frame || typeof frame.url !== 'string') return false;
    // Only the top frame: our page has no iframes, and none may speak for it.
    if (frame.parent != null) return false;
    return options.isAppUrl(frame.url);
  };
}

export class IpcRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IpcRefusedError';
  }
}

const describeIssues = (error: z.ZodError) =>
  error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(arguments)'}: ${issue.message}`)
    .join('; ');

/**
 * Registers `fn` on `channel`. A call from a foreign sender or with arguments that do not
 * match `argsSchema` throws (the page's `invoke` rejects) and never reaches `fn`.
 */
export function handle<S extends z.ZodTuple>(
  ipcMain: IpcMainLike,
  channel: string,
  argsSchema: S,
  fn: (...args: z.infer<S>) => unknown,
  isTrustedSender: SenderCheck,
): void {
  ipcMain.handle(channel, (event: InvokeEventLike, ...args: unknown[]) => {
    let trusted = false;
    try {
      trusted = isTrustedSender(event);
    } catch {
      trusted = false;
    }
    if (!trusted) {
      const url = event?.senderFrame?.url ?? 'unknown frame';
      throw new IpcRefusedError(`${channel}: refused a call from an untrusted sender (${url})`);
    }
    const parsed = argsSchema.safeParse(args);
    if (!parsed.success) {
      throw new IpcRefusedError(`${channel}: invalid arguments: ${describeIssues(parsed.error)}`);
    }
    return fn(...(parsed.data as z.infer<S>));
  });
}

/** Registers one checked handler per method of the contract. Returns an unregister function. */
export function registerDesktopApi(ipcMain: IpcMainLike, impl: DesktopApi, isTrustedSender: SenderCheck): () => void {
  for (const method of DESKTOP_METHODS) {
    const fn = impl[method] as (...args: unknown[]) => unknown;
    if (typeof fn !== 'function') throw new Error(`DesktopApi implementation lacks ${method}`);
    handle(
      ipcMain,
      channelOf(method as DesktopMethod),
      DESKTOP_ARGS[method],
      (...args: unknown[]) => fn.apply(impl, args),
      isTrustedSender,
    );
  }
  return () => {
    for (const method of DESKTOP_METHODS) ipcMain.removeHandler?.(channelOf(method));
  };
}
