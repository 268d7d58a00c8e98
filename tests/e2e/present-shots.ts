/** Screenshots of presentation mode to /tmp/present-*.png: `npm run build:web && npx tsx tests/e2e/present-shots.ts` (not a test). */
import { serveStatic } from './support/server';
import { launchChromium } from './support/browser';
import { WEB_ROOT } from './support/suite';

const server = await serveStatic(WEB_ROOT);
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: process.env.SHOT_LOCALE ?? 'ru-RU' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('pageerror', e.message));
  await page.goto(server.url);
  await page.locator('[data-testid="step-card"]').first().waitFor();
  await page.locator('.toolbar [data-command="present"]').click();
  await page.locator('[data-testid="presentation"]').waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/present-overview.png' });
  await page.keyboard.press('ArrowRight');
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/present-stage.png' });
  await page.keyboard.press('3');
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/present-stage3.png' });
  const card = page.locator('.present .react-flow__node-pain.present-hot').first();
  await card.click({ force: true });
  await page.waitForTimeout(500);
  await page.screenshot({ path: '/tmp/present-spotlight.png' });
  await page.keyboard.press('Escape');
  await page.keyboard.press('c');
  await page.waitForTimeout(500);
  await page.screenshot({ path: '/tmp/present-contrast.png' });
  await page.keyboard.press('Home');
  await page.waitForTimeout(800);
  await page.screenshot({ path: '/tmp/present-contrast-overview.png' });
  await page.keyboard.press('c');
  await page.keyboard.press('Escape');
  await page.locator('.toolbar [data-command="timer"]').click();
  await page.screenshot({ path: '/tmp/present-timer-menu.png' });
  await page.locator('[data-testid="timer-custom"]').fill('0,05');
  await page.locator('[data-testid="timer-start"]').click();
  await page.waitForTimeout(1200);
  await page.screenshot({ path: '/tmp/present-timer-running.png' });
  await page.waitForTimeout(2500);
  await page.screenshot({ path: '/tmp/present-timer-end.png' });
  await page.locator('.toolbar [data-command="present"]').click();
  await page.waitForTimeout(900);
  await page.screenshot({ path: '/tmp/present-timer-end-presenting.png' });
  await page.locator('[data-testid="timer-dismiss"]').click();
  await page.locator('[data-testid="timer-close"]').click();
  await page.keyboard.press('Escape');
  // The as-is / to-be slide: F5 over the comparison.
  await page.locator('#tab-scorecard').click();
  await page.locator('.compare-menu > button').click();
  await page.locator('.compare-menu [role="menuitem"]').first().click();
  await page.locator('.modal.compare').waitFor();
  await page.keyboard.press('F5');
  await page.keyboard.press('End');
  await page.waitForTimeout(900);
  await page.screenshot({ path: '/tmp/present-compare.png' });
} finally {
  await browser.close();
  await server.close();
}
