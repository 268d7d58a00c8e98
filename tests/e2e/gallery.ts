/**
 * The README's gallery of exports, made by the exporters themselves from the sample map:
 *   npm run build:web && npm run gallery [-- --lang en] [--out docs/gallery]
 * PDF pages are rendered to PNG with poppler's pdftoppm; the HTML viewer and the Export dialog
 * are screenshots in Chromium.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchChromium } from './support/browser';
import { serveStatic } from './support/server';
import { renderPdf, renderPng } from '../../electron/print/engine';
import { playwrightEngine } from '../../electron/print/playwright-engine';
import { exportHtml } from '../../shared/export/html';
import { loadTemplate } from '../../templates';
import { BUILT_IN_CATALOGS } from '../../templates/guidance';
import type { Locale } from '../../shared/i18n';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const locale: Locale = option('--lang', 'ru') === 'en' ? 'en' : 'ru';
const out = option('--out', 'docs/gallery');
await mkdir(out, { recursive: true });
const work = await mkdtemp(join(tmpdir(), 'marshrut-gallery-'));
const browser = await launchChromium();
const server = await serveStatic(fileURLToPath(new URL('../../dist/web', import.meta.url)));
const engine = playwrightEngine(browser);
const doc = loadTemplate('driving-licence-as-is');

/** Page `n` of a PDF as a PNG of the given width. */
function pdfPage(pdf: string, n: number, name: string, width: number): void {
  execFileSync('pdftoppm', ['-png', '-f', String(n), '-l', String(n), '-scale-to-x', String(width), '-scale-to-y', '-1', '-singlefile', pdf, join(out, name)]);
}

try {
  const catalogs = BUILT_IN_CATALOGS;
  const sheet = join(work, 'sheet.pdf');
  await writeFile(sheet, await renderPdf(engine, doc, { locale, catalogs, page: 'A3', appendix: true }));
  pdfPage(sheet, 1, 'pdf-a3', 1200);
  pdfPage(sheet, 2, 'pdf-appendix', 700);
  const poster = join(work, 'poster.pdf');
  await writeFile(poster, await renderPdf(engine, doc, { locale, catalogs, page: 'A4', tiles: true }));
  pdfPage(poster, 1, 'pdf-poster-assembly', 900);
  pdfPage(poster, 2, 'pdf-poster-sheet', 900);

  const png = await renderPng(engine, doc, { locale, scale: 1 });
  if (png.ok) await writeFile(join(out, 'map.png'), png.png);

  const html = join(work, 'viewer.html');
  await writeFile(html, exportHtml(doc, { locale, catalogs }));
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.goto(pathToFileURL(html).href);
  await page.locator('[data-step-id]').first().waitFor();
  await page.locator('[data-pain-id]').first().click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, 'html-viewer.png') });

  await page.goto(`${server.url}?lang=${locale}`);
  await page.locator('[data-testid="step-card"]').first().waitFor();
  await page.locator('.toolbar [data-command="export"]').click();
  const dialog = page.locator('.modal.export-dialog');
  await dialog.getByLabel(locale === 'ru' ? 'Плакат из листов для склейки' : 'Poster of sheets to glue').check();
  await dialog.getByRole('combobox', { name: locale === 'ru' ? 'Лист' : 'Sheet' }).selectOption('A4');
  await page.waitForTimeout(600);
  await dialog.screenshot({ path: join(out, 'export-dialog.png') });
  console.log(`gallery written to ${out}`);
} finally {
  await engine.close();
  await browser.close();
  await server.close();
  await rm(work, { recursive: true, force: true });
}
