/**
 * Takes the README screenshots from the built browser edition:
 *   npm run build:web && npm run screenshot [-- --lang en] [--out docs]
 * docs/screenshot.png (the sample map), docs/scorecard.png (scorecard and heatmap),
 * docs/compare.png (the as-is / to-be comparison), docs/health.png (the health check),
 * docs/guidance.png (the guidance panel).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './support/browser';
import { serveStatic } from './support/server';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const lang = option('--lang', 'ru');
const out = option('--out', 'docs');
const names =
  lang === 'ru'
    ? { scorecard: 'Показатели', compare: 'Сравнить с…', toBe: /как будет/i, health: 'Проверка', guidance: 'Навигатор', close: 'Закрыть' }
    : { scorecard: 'Scorecard', compare: 'Compare with…', toBe: /to-be/i, health: 'Check', guidance: 'Guidance', close: 'Close' };

await mkdir(out, { recursive: true });
const server = await serveStatic(fileURLToPath(new URL('../../dist/web', import.meta.url)));
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(`${server.url}?lang=${lang}`);
  await page.locator('[data-testid="step-card"]').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, 'screenshot.png') });

  // A tall window, so the whole scorecard with its heatmap fits.
  await page.setViewportSize({ width: 1600, height: 1500 });
  await page.getByRole('tab', { name: names.scorecard }).click();
  await page.waitForTimeout(300);
  await page.locator('.sidebar').screenshot({ path: join(out, 'scorecard.png') });
  await page.setViewportSize({ width: 1600, height: 900 });

  await page.getByRole('button', { name: names.compare }).click();
  await page.getByRole('menuitem', { name: names.toBe }).first().click();
  const dialog = page.locator('.modal.compare');
  await dialog.waitFor();
  await dialog.screenshot({ path: join(out, 'compare.png') });
  await dialog.getByRole('button', { name: names.close }).click();

  // The health check and the guidance panel with a section open.
  await page.setViewportSize({ width: 1600, height: 1100 });
  await page.getByRole('tab', { name: names.health }).click();
  await page.waitForTimeout(200);
  await page.locator('.sidebar').screenshot({ path: join(out, 'health.png') });
  await page.getByRole('tab', { name: names.guidance }).click();
  await page.locator('.guidance-item[data-section="7.1"]').click();
  await page.waitForTimeout(200);
  await page.locator('.sidebar').screenshot({ path: join(out, 'guidance.png') });
  console.log(`wrote ${out}/screenshot.png, scorecard.png, compare.png, health.png, guidance.png`);
} finally {
  await browser.close();
  await server.close();
}
