/**
 * The page's Content Security Policy at work (Electron checklist item 7), in the built page in
 * Chromium: an inline script injected into the page does not run, a remote request is blocked,
 * and each attempt is reported as a CSP violation.
 */
import { describe, expect, it } from 'vitest';
import { useBuiltApp } from './support/suite';
import { MarshrutPage } from './support/app';

const env = useBuiltApp();

describe('the page under its Content Security Policy', () => {
  it('runs no injected inline script and reaches no remote host', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(env.server.url);
    await new MarshrutPage(page).waitForMap();
    const result = await page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
      const w = window as unknown as { __injected?: number };
      const script = document.createElement('script');
      script.textContent = 'window.__injected = 1';
      document.head.append(script);
      const handler = document.createElement('div');
      handler.innerHTML = '<img src="x" onerror="window.__injected = 2">';
      document.body.append(handler);
      let fetched = 'blocked';
      try {
        await fetch('https://example.org/');
        fetched = 'reached';
      } catch {
        fetched = 'blocked';
      }
      await new Promise((r) => setTimeout(r, 300));
      return { injected: w.__injected ?? null, fetched, violations };
    });
    expect(result.injected).toBeNull();
    expect(result.fetched).toBe('blocked');
    expect(result.violations).toEqual(expect.arrayContaining(['script-src-elem', 'script-src-attr', 'connect-src']));
    await context.close();
  });
});
