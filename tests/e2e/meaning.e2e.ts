/**
 * What the map means (issue 3): step attributes and registries edited in the inspector, pain
 * points with evidence, the scorecard and heatmap following every change, the as-is/to-be
 * comparison on the two driver's-licence templates, and the spreadsheet import with a preview.
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
  app = new MarshrutPage(page);
  await page.goto(env.server.url);
  await app.waitForMap();
});
afterEach(async () => {
  await context.close();
});

const metric = (key: string) => page.locator(`.metric[data-metric="${key}"] dd`);
const tab = (name: string) => page.getByRole('tab', { name });

/** A new blank map with one step in the citizen lane, selected in the inspector. */
async function blankMapWithStep(title: string) {
  // The sample is unchanged, so New replaces it without asking.
  await app.press('Control+n');
  await expect.poll(() => app.cards.count()).toBe(0);
  await app.cell('lane-citizen', 'stage-1').dblclick();
  const field = page.locator('[data-focus="step-title"]');
  await field.fill(title);
  await field.press('Enter');
}

describe('agencies, pain points and the scorecard', () => {
  it('sets a step’s agency and minutes in the inspector and the scorecard follows', async () => {
    await blankMapWithStep('Подать заявление');
    await tab('Показатели').click();
    await expect(metric('agencies').innerText()).resolves.toBe('0');
    await expect(metric('citizenMinutes').innerText()).resolves.toBe('0 мин');

    await app.card('Подать заявление').click();
    await tab('Свойства').click();
    const agencies = page.getByLabel('Ведомства: Добавить…');
    await agencies.fill('МФЦ');
    await agencies.press('Enter');
    await page.getByLabel('Ожидание, мин').fill('40');
    await page.getByLabel('Обслуживание, мин').fill('25');
    await page.getByLabel('Стоимость, ₽').fill('2 000');
    await page.getByLabel('Личный визит').check();
    // The card shows its agency.
    await expect.poll(() => app.card('Подать заявление').innerText()).toContain('МФЦ');

    await tab('Показатели').click();
    await expect(metric('agencies').innerText()).resolves.toBe('1');
    await expect(metric('citizenMinutes').innerText()).resolves.toBe('1 ч 5 мин');
    await expect(metric('visits').innerText()).resolves.toBe('1');
    await expect(metric('payments').innerText()).resolves.toBe('1');
    await expect(metric('costRub').innerText()).resolves.toMatch(/^2\s000 ₽$/);

    // The new agency is in the registry, and renaming it there renames it on the card.
    await tab('Справочники').click();
    await page.locator('[data-registry="agencies"] .registry-item').first().click();
    await page.locator('[data-registry="agencies"]').getByLabel('Краткое название').fill('МФЦ-Белгород');
    await expect.poll(() => app.card('Подать заявление').innerText()).toContain('МФЦ-Белгород');

    // Every one of those edits can be undone.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < 6; i++) await app.press('Control+z');
    await tab('Показатели').click();
    await expect(metric('agencies').innerText()).resolves.toBe('0');
  });

  it('adds a pain point with evidence to a step; the counts, the badge and the heatmap change', async () => {
    await tab('Показатели').click();
    const before = Number(await metric('painPoints').innerText());
    const heatBefore = await page.locator('.heat').evaluateAll((cells) => cells.reduce((n, c) => n + Number(c.getAttribute('data-weight')), 0));

    await app.card('Оплатить госпошлину').click();
    await tab('Свойства').click();
    await page.getByRole('button', { name: '+ Добавить боль' }).click();
    const title = page.locator('[data-focus="pain-title"]');
    await title.fill('Реквизиты для оплаты не найти');
    await title.press('Enter');
    await page.getByRole('group', { name: 'Серьёзность' }).getByRole('button', { name: '4' }).click();
    const evidence = page.getByLabel('Свидетельства: Добавить…');
    await evidence.fill('Интервью с заявителем, МФЦ, март');
    await evidence.press('Enter');
    await expect(page.locator('.inspector .chip', { hasText: 'Интервью с заявителем' }).count()).resolves.toBe(1);

    await tab('Показатели').click();
    await expect(metric('painPoints').innerText()).resolves.toBe(String(before + 1));
    const heatAfter = await page.locator('.heat').evaluateAll((cells) => cells.reduce((n, c) => n + Number(c.getAttribute('data-weight')), 0));
    // Severity 4 for the step's agency (Gosuslugi) in the application stage.
    expect(heatAfter).toBe(heatBefore + 4);

    // A heatmap cell selects its pain points on the canvas.
    await page.locator('.heat').first().click();
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBeGreaterThan(0);
  });

  it('compares the as-is sample with the to-be template and shows the improvement', async () => {
    await tab('Показатели').click();
    await page.getByRole('button', { name: 'Сравнить с…' }).click();
    await page.getByRole('menuitem', { name: /Парная карта|как будет/ }).first().click();
    const view = page.locator('.modal.compare');
    await view.waitFor();
    const row = (key: string) => view.locator(`tr[data-metric="${key}"]`);
    await expect(view.innerText()).resolves.toContain('Как есть');
    await expect(view.innerText()).resolves.toContain('Как будет');
    for (const key of ['visits', 'payments', 'citizenMinutes', 'citizenCarriedDocuments', 'painPoints']) {
      await expect(row(key).getAttribute('class')).resolves.toBe('compare-better');
    }
    await expect(row('visits').locator('.compare-change').innerText()).resolves.toMatch(/→/);
    await page.getByRole('button', { name: 'Закрыть' }).click();
    await expect(view.count()).resolves.toBe(0);
  });

  it('imports a spreadsheet with a preview, reports a bad row, and builds the map', async () => {
    await page.getByRole('button', { name: 'Создать по шаблону' }).click();
    await page.getByRole('menuitem', { name: 'Импорт из таблицы…' }).click();
    const dialog = page.locator('.modal.import-dialog');
    await dialog.waitFor();
    const csv = [
      'этап;дорожка;шаг;ведомство;визит;ожидание_мин;стоимость_руб',
      'Медкомиссия;Действия гражданина;Пройти осмотр;Поликлиника;да;60;1500',
      'Заявление;Действия гражданина;Подать заявление;МФЦ;да;20;2000',
      'Экзамены;Действия гражданина;Сдать экзамен;Госавтоинспекция;да;abc;0',
    ].join('\r\n');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), dialog.getByRole('button', { name: 'Выбрать…' }).first().click()]);
    await chooser.setFiles({ name: 'шаги.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect.poll(() => dialog.locator('[data-testid="import-problems"]').innerText()).toMatch(/строка 4/);
    await expect(dialog.getByRole('button', { name: 'Импортировать' }).isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Пропустить строки с ошибками').check();
    await expect.poll(() => dialog.locator('[data-testid="import-summary"]').innerText()).toContain('Шагов: 2');
    await dialog.getByLabel('Название карты').fill('Права из таблицы');
    await dialog.getByRole('button', { name: 'Импортировать' }).click();
    // The sample had no changes, so it is replaced without a question.
    await expect.poll(() => app.cards.count()).toBe(2);
    await expect.poll(() => page.title()).toContain('Права из таблицы');
  });

  it('imports an XLSX workbook in the page (exceljs under the app CSP)', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Шаги');
    sheet.addRow(['stage', 'lane', 'step', 'agency', 'visit', 'wait_min', 'cost_rub']);
    sheet.addRow(['Подача', 'Гражданин', 'Записаться на приём', 'Госуслуги', 'нет', 5, 0]);
    sheet.addRow(['Подача', 'Гражданин', 'Прийти в МФЦ', 'МФЦ', 'да', 30, 0]);
    sheet.addRow(['Получение', 'Гражданин', 'Получить паспорт', 'МВД', 'да', { formula: '10+5', result: 15 }, 6000]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    await page.getByRole('button', { name: 'Создать по шаблону' }).click();
    await page.getByRole('menuitem', { name: 'Импорт из таблицы…' }).click();
    const dialog = page.locator('.modal.import-dialog');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), dialog.getByRole('button', { name: 'Выбрать…' }).first().click()]);
    await chooser.setFiles({ name: 'шаги.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });
    await expect.poll(() => dialog.locator('[data-testid="import-summary"]').innerText(), { timeout: 20_000 }).toContain('Шагов: 3');
    await dialog.getByRole('button', { name: 'Импортировать' }).click();
    await expect.poll(() => app.cards.count()).toBe(3);
    await tab('Показатели').click();
    await expect(metric('citizenMinutes').innerText()).resolves.toBe('50 мин');
  });

  it('starts a new map from a template', async () => {
    await page.getByRole('button', { name: 'Создать по шаблону' }).click();
    await page.getByRole('menuitem', { name: 'Пустой сервисный чертёж' }).click();
    await expect.poll(() => app.cards.count()).toBe(0);
    await expect(app.laneTitles()).resolves.toHaveLength(7);
    expect(await app.dirtyMarker.count()).toBe(0);
  });
});
