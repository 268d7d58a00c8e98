/**
 * File → Export in the app (issue 5): each format from the dialog, in the browser edition (a
 * download; PNG drawn on a canvas) and in the desktop edition (the real main-process handlers
 * print PDF and PNG with Chromium and write the file).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { useBuiltApp } from './support/suite';
import { MarshrutPage } from './support/app';
import { openDesktopApp } from './support/desktop';

const env = useBuiltApp();

const FORMAT_LABELS: Record<string, RegExp> = {
  png: /Рисунок PNG/,
  html: /просмотрщик HTML/,
  svg: /Рисунок SVG/,
  docx: /Отчёт Word/,
  xlsx: /Книга Excel/,
  csvSteps: /Шаги в CSV/,
  csvPains: /Боли в CSV/,
  md: /Сводка в Markdown/,
};

describe('export from the app', () => {
  it('downloads every format from the Export dialog in the browser edition', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'ru-RU', acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const app = new MarshrutPage(page);
    await page.goto(env.server.url);
    await app.waitForMap();
    const files: Record<string, Buffer> = {};
    for (const [format, label] of Object.entries(FORMAT_LABELS)) {
      await app.tool('export').click();
      const dialog = page.locator('.modal.export-dialog');
      await dialog.getByLabel(label).check();
      const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Экспортировать…' }).click()]);
      files[format] = await readFile((await download.path()) as string);
      expect(download.suggestedFilename()).toMatch(/^Получение водительского удостоверения \(как есть\).*\.(png|html|svg|docx|xlsx|csv|md)$/);
      await expect.poll(() => dialog.count()).toBe(0);
    }
    expect(files.png!.subarray(1, 4).toString()).toBe('PNG');
    expect(files.html!.toString('utf8')).toContain('Content-Security-Policy');
    expect(files.svg!.toString('utf8')).toContain('<svg');
    expect(files.svg!.toString('utf8')).toContain('Оплатить госпошлину');
    const docx = await JSZip.loadAsync(files.docx!);
    expect(await docx.file('word/document.xml')!.async('string')).toContain('Получение водительского удостоверения');
    // The report carries the map's picture (drawn by the page's canvas here).
    expect(Object.keys(docx.files).some((name) => /^word\/media\/.+\.png$/.test(name))).toBe(true);
    expect(files.xlsx!.subarray(0, 2).toString()).toBe('PK');
    expect(files.csvSteps!.toString('utf8').startsWith('\uFEFFstage')).toBe(true);
    expect(files.csvPains!.toString('utf8')).toContain('Три кассы');
    expect(files.md!.toString('utf8').startsWith('#')).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('hands the PDF to the browser\'s print dialog in the browser edition, the sheets and the appendix in one page', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'ru-RU' });
    // Every frame's print() is counted instead of opening the dialog (headless has none).
    await context.addInitScript(() => {
      window.print = () => {
        const top = window.top as unknown as { __printed?: string[] };
        top.__printed = [...(top.__printed ?? []), document.documentElement.outerHTML];
      };
    });
    const page = await context.newPage();
    const app = new MarshrutPage(page);
    await page.goto(env.server.url);
    await app.waitForMap();
    await app.tool('export').click();
    const dialog = page.locator('.modal.export-dialog');
    await dialog.getByLabel(/^PDF/).check();
    await dialog.getByRole('button', { name: 'Экспортировать…' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Сохранить как PDF');
    const printed = await page.evaluate(() => (window as unknown as { __printed?: string[] }).__printed ?? []);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toContain('size: 420mm 297mm');
    expect(printed[0]).toContain('class="appendix"');
    expect(printed[0]).toContain('Реестр болей');
    await context.close();
  });

  it('writes an export to disk through the desktop shell', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'marshrut-export-'));
    try {
      const session = await openDesktopApp(env.browser, env.server.url, { userDataDir: join(dir, 'userData') });
      const app = new MarshrutPage(session.page);
      await app.waitForMap();
      for (const [format, file] of [
        ['pdf', join(dir, 'карта.pdf')],
        ['png', join(dir, 'карта.png')],
        ['docx', join(dir, 'отчёт.docx')],
        ['svg', join(dir, 'карта')],
      ] as const) {
        session.dialogs.savePaths.push(file);
        await app.tool('export').click();
        const dialog = session.page.locator('.modal.export-dialog');
        await dialog.getByLabel(format === 'pdf' ? /^PDF/ : FORMAT_LABELS[format]!).check();
        if (format === 'png') await dialog.getByLabel('1×').check();
        await dialog.getByRole('button', { name: 'Экспортировать…' }).click();
        await expect.poll(() => dialog.count(), { timeout: 30_000 }).toBe(0);
      }
      // The PDF: the map on one A3 sheet (the dialog's default) and the A4 appendix.
      const info = execFileSync('pdfinfo', ['-f', '1', '-l', '3', join(dir, 'карта.pdf')], { encoding: 'utf8' });
      expect(info).toMatch(/Page\s+1 size:\s+1191\.\d+ x 841\.\d+ pts/);
      expect(info).toMatch(/Page\s+2 size:\s+594\.\d+ x 841\.\d+ pts/);
      const text = execFileSync('pdftotext', [join(dir, 'карта.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('Оплатить госпошлину');
      expect(text).toContain('Реестр болей');
      const png = await readFile(join(dir, 'карта.png'));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBeGreaterThan(1000);
      const docx = await readFile(join(dir, 'отчёт.docx'));
      expect(docx.subarray(0, 2).toString()).toBe('PK');
      const zip = await JSZip.loadAsync(docx);
      expect(Object.keys(zip.files).some((name) => /^word\/media\/.+\.png$/.test(name))).toBe(true);
      // The extension is added when the name in the Save dialog has none.
      expect((await readFile(join(dir, 'карта.svg'), 'utf8')).startsWith('<svg') || (await readFile(join(dir, 'карта.svg'), 'utf8')).startsWith('<?xml')).toBe(true);
      expect(session.dialogs.asked.filter((a) => a.kind === 'save').map((a) => a.defaultPath)).toEqual([
        'Получение водительского удостоверения (как есть).pdf',
        'Получение водительского удостоверения (как есть).png',
        'Получение водительского удостоверения (как есть).docx',
        'Получение водительского удостоверения (как есть).svg',
      ]);
      await session.context.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
