/**
 * Takes the README screenshot of the sample map from the built browser edition:
 *   npm run build:web && npm run screenshot [-- out.png] [--lang en]
 */
import { fileURLToPath } from 'node:url';
import { launchChromium } from './support/browser';
import { serveStatic } from './support/server';

const args = process.argv.slice(2);
const langIndex = args.indexOf('--lang');
const lang = langIndex >= 0 ? args[langIndex + 1] : 'ru';
const out = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--lang') ?? 'docs/screenshot.png';

const server = await serveStatic(fileURLToPath(new URL('../../dist/web', import.meta.url)));
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(`${server.url}?lang=${lang}`);
  await page.locator('[data-testid="step-card"]').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
