/**
 * Handbook guidance (issue 4): the health check lists findings and a click selects the element;
 * sections are searched, linked to a pain point and shown on its card; a map that names a
 * catalog the app lacks opens with a notice; a user's catalog is added from a file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { useBuiltApp } from './support/suite';
import { MarshrutPage } from './support/app';

const env = useBuiltApp();

let context: BrowserContext;
let page: Page;
let app: MarshrutPage;

beforeEach(async () => {
  context = await env.browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'ru-RU' });
  page = await context.newPage();
  // Open and save by upload and download, so the test can hand files to the page.
  await page.addInitScript(() => {
    delete (window as unknown as Record<string, unknown>).showOpenFilePicker;
    delete (window as unknown as Record<string, unknown>).showSaveFilePicker;
  });
  app = new MarshrutPage(page);
  await page.goto(env.server.url);
  await app.waitForMap();
});
afterEach(async () => {
  await context.close();
});

const tab = (name: string) => page.getByRole('tab', { name });

describe('guidance and the health check', () => {
  it('lists health findings for the sample, and a click selects and centres the element', async () => {
    await tab('Проверка').click();
    const findings = page.locator('.finding');
    await expect.poll(() => findings.count()).toBeGreaterThan(0);
    await expect(page.locator('[data-testid="health-counts"]').innerText()).resolves.toMatch(/Проблем: \d+/);
    const clickable = page.locator('.finding-main:not([disabled])').first();
    await clickable.click();
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBeGreaterThan(0);
    // A finding's guidance opens the section in the guidance panel.
    const chip = page.locator('.guidance-chip').first();
    if ((await chip.count()) > 0) {
      await chip.click();
      await expect.poll(() => page.locator('.guidance-section').count()).toBe(1);
    }
  });

  it('searches the handbook in Russian and English', async () => {
    await tab('Навигатор').click();
    const search = page.getByLabel('Поиск по разделам');
    await search.fill('продукт');
    const ids = () => page.locator('.guidance-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-section')));
    await expect.poll(ids).toEqual(expect.arrayContaining(['3.2', '5.1']));
    await search.fill('stages of designing');
    await expect.poll(ids).toContain('5.1');
    expect(await ids()).not.toContain('3.2');
    await search.fill('нет такого раздела');
    await expect(page.locator('.guidance-panel').innerText()).resolves.toContain('Нет разделов');
  });

  it('links a pain point to a section; its card shows the mark and the section lists it', async () => {
    const pain = page.locator('[data-testid="pain-card"]').first();
    const painTitle = (await pain.locator('.note-title').innerText()).trim();
    await pain.click();
    await tab('Навигатор').click();
    await page.getByLabel('Поиск по разделам').fill('осознать');
    await page.locator('.guidance-item[data-section="7.1"]').click();
    await page.getByRole('button', { name: /^Связать с «/ }).first().click();
    const marker = pain.locator('[data-testid="guidance-marker"]');
    const linkedTo71 = async () => (await marker.count()) > 0 && ((await marker.getAttribute('title')) ?? '').includes('7.1');
    await expect.poll(linkedTo71).toBe(true);
    await expect(page.locator('.guidance-section').innerText()).resolves.toContain(painTitle);
    // The link is an ordinary edit: undo takes it back.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await app.press('Control+z');
    await expect.poll(linkedTo71).toBe(false);
  });

  it('opens a map that names a missing catalog, says which, and takes the catalog from a file', async () => {
    // A small map with a link to a regional standard's catalog, which the app does not have.
    const doc = {
      format: 'marshrut/journey-map',
      version: 1,
      meta: { title: 'Региональная карта', guidance: [{ catalog: 'region-standard', section: '2' }] },
      stages: [{ id: 's1', title: 'Этап' }],
      lanes: [{ id: 'l1', title: 'Гражданин', kind: 'citizen' }],
      steps: [{ id: 'step-a', laneId: 'l1', stageId: 's1', title: 'Подать заявление' }],
    };
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), app.tool('open').click()]);
    await chooser.setFiles({ name: 'регион.cjm', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });
    await expect.poll(() => app.cards.count()).toBe(1);
    await tab('Навигатор').click();
    await expect(page.locator('.notice').innerText()).resolves.toContain('region-standard');

    const catalog = {
      format: 'marshrut/guidance-catalog',
      version: 1,
      id: 'region-standard',
      title: { ru: 'Региональный стандарт обслуживания' },
      baseUrl: 'https://standard.region.example/',
      languages: ['ru'],
      sections: [{ id: '2', title: { ru: 'Требования к помещениям' }, summary: { ru: 'Навигация, зоны ожидания, доступность.' } }],
    };
    const [catalogChooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: '+ Добавить каталог из файла…' }).click()]);
    await catalogChooser.setFiles({ name: 'стандарт.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(catalog)) });
    await expect.poll(() => page.locator('.notice').count()).toBe(0);
    await expect(page.getByLabel('Каталог').inputValue()).resolves.toBe('region-standard');
    await expect(page.locator('.guidance-item[data-section="2"] .guidance-count').innerText()).resolves.toBe('1');

    // A broken catalog is refused with the reason.
    const [badChooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: '+ Добавить каталог из файла…' }).click()]);
    await badChooser.setFiles({ name: 'сломан.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"marshrut/guidance-catalog"') });
    await expect.poll(() => app.dialog.innerText()).toContain('Не удалось добавить каталог');
  });
});
