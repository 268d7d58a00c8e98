/** What every e2e file needs: the built browser edition on a loopback server, and Chromium. */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { serveStatic, type StaticServer } from './server';

export const WEB_ROOT = fileURLToPath(new URL('../../../dist/web', import.meta.url));

/** Serves dist/web and starts Chromium before the file's tests; closes both after them. */
export function useBuiltApp(): { readonly browser: Browser; readonly server: StaticServer } {
  const env = {} as { browser: Browser; server: StaticServer };
  beforeAll(async () => {
    env.server = await serveStatic(WEB_ROOT);
    env.browser = await launchChromium();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
