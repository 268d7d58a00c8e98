/**
 * File → Export in the app (issue 5, first formats): each format from the dialog, in the browser
 * edition (a download) and in the desktop edition (the real main-process handler writes it).
 */
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
      expect(download.suggestedFilename()).toMatch(/^Получение водительского удостоверения \(как есть\).*\.(svg|docx|xlsx|csv|md)$/);
      await expect.poll(() => dialog.count()).toBe(0);
    }
    expect(files.svg!.toString('utf8')).toContain('<svg');
    expect(files.svg!.toString('utf8')).toContain('Оплатить госпошлину');
    const docx = await JSZip.loadAsync(files.docx!);
    expect(await docx.file('word/document.xml')!.async('string')).toContain('Получение водительского удостоверения');
    expect(files.xlsx!.subarray(0, 2).toString()).toBe('PK');
    expect(files.csvSteps!.toString('utf8').startsWith('\uFEFFstage')).toBe(true);
    expect(files.csvPains!.toString('utf8')).toContain('Три кассы');
    expect(files.md!.toString('utf8').startsWith('#')).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('writes an export to disk through the desktop shell', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'marshrut-export-'));
    try {
      const session = await openDesktopApp(env.browser, env.server.url, { userDataDir: join(dir, 'userData') });
      const app = new MarshrutPage(session.page);
      await app.waitForMap();
      for (const [format, file] of [
        ['docx', join(dir, 'отчёт.docx')],
        ['svg', join(dir, 'карта')],
      ] as const) {
        session.dialogs.savePaths.push(file);
        await app.tool('export').click();
        const dialog = session.page.locator('.modal.export-dialog');
        await dialog.getByLabel(FORMAT_LABELS[format]!).check();
        await dialog.getByRole('button', { name: 'Экспортировать…' }).click();
        await expect.poll(() => dialog.count()).toBe(0);
      }
      const docx = await readFile(join(dir, 'отчёт.docx'));
      expect(docx.subarray(0, 2).toString()).toBe('PK');
      // The extension is added when the name in the Save dialog has none.
      expect((await readFile(join(dir, 'карта.svg'), 'utf8')).startsWith('<svg') || (await readFile(join(dir, 'карта.svg'), 'utf8')).startsWith('<?xml')).toBe(true);
      expect(session.dialogs.asked.filter((a) => a.kind === 'save').map((a) => a.defaultPath)).toEqual([
        'Получение водительского удостоверения (как есть).docx',
        'Получение водительского удостоверения (как есть).svg',
      ]);
      await session.context.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
