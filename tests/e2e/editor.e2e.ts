/**
 * The browser edition, built by `npm run build:web`, in Debian's Chromium: opening the sample,
 * editing on the canvas, undo/redo, and switching languages.
 */
import { readFile } from 'node:fs/promises';
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { restoreDocument } from '../../shared/model';
import { useBuiltApp } from './support/suite';
import { MarshrutPage } from './support/app';

const env = useBuiltApp();

let context: BrowserContext;
let page: Page;
let app: MarshrutPage;

beforeEach(async () => {
  context = await env.browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'ru-RU' });
  page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  app = new MarshrutPage(page);
});

afterEach(async () => {
  await context.close();
});

async function open(query = '') {
  await page.goto(`${env.server.url}${query}`);
  await app.waitForMap();
}

describe('browser edition', () => {
  it('opens with the driving-licence sample map when there is no document', async () => {
    await open();
    await expect(page.title()).resolves.toContain('Получение водительского удостоверения (как есть)');
    expect(await app.cards.count()).toBe(25);
    expect(await app.stageTitles()).toEqual([
      'Подготовка и запись',
      'Медкомиссия: поликлиника',
      'Медкомиссия: диспансеры и заключение',
      'Госпошлина и заявление',
      'Экзамены',
      'Получение удостоверения',
    ]);
    expect(await app.edges.count()).toBe(23);
    await expect(app.dirtyMarker.count()).resolves.toBe(0);
    // Russian by default for a Russian system locale.
    await expect(app.tool('save').innerText()).resolves.toContain('Сохранить');
  });

  it('adds, renames, reorders and deletes stages and lanes, with undo', async () => {
    await open();
    await app.tool('addStage').click();
    await app.typeInlineName('Обжалование');
    expect((await app.stageTitles()).at(-1)).toBe('Обжалование');
    expect(await app.dirtyMarker.count()).toBe(1);

    // Move it left with the header's own button.
    await page.locator('.stage-header', { hasText: 'Обжалование' }).getByRole('button', { name: 'Сдвинуть влево' }).click();
    await expect.poll(async () => (await app.stageTitles()).at(-2)).toBe('Обжалование');

    // Rename by double-clicking the header.
    await page.locator('.stage-header', { hasText: 'Обжалование' }).dblclick();
    await app.typeInlineName('Апелляция');
    expect(await app.stageTitles()).toContain('Апелляция');

    await app.tool('addLane').click();
    await app.typeInlineName('Регион');
    expect((await app.laneTitles()).at(-1)).toBe('Регион');

    // Delete the selected lane with the keyboard, then bring it back.
    await page.locator('.lane-header', { hasText: 'Регион' }).click();
    await app.press('Delete');
    expect(await app.laneTitles()).not.toContain('Регион');
    await app.press('Control+z');
    expect(await app.laneTitles()).toContain('Регион');

    // Deleting a stage takes its steps along; undo restores them.
    const before = await app.cards.count();
    await page.locator('.stage-header', { hasText: 'Экзамены' }).click();
    await app.press('Delete');
    expect(await app.stageTitles()).not.toContain('Экзамены');
    expect(await app.cards.count()).toBe(before - 3);
    await app.press('Control+z');
    expect(await app.cards.count()).toBe(before);
  });

  it('adds a step by double-clicking an empty cell and edits it in the inspector; typing is one undo step', async () => {
    await open();
    await app.cell('lane-pains', 'stage-exams').dblclick();
    const title = page.locator('[data-focus="step-title"]');
    await expect(title.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await title.fill('');
    await title.pressSequentially('Нет записи на экзамен');
    await title.press('Enter');
    await expect(app.card('Нет записи на экзамен').count()).resolves.toBe(1);
    await page.locator('.inspector textarea').fill('Ближайшая дата через три недели');
    await page.locator('.inspector textarea').blur();
    await expect(app.card('Нет записи на экзамен').innerText()).resolves.toContain('Ближайшая дата');

    // Undo: the description, then the whole typed title at once, then the step itself.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await app.press('Control+z');
    await expect(app.card('Нет записи на экзамен').innerText()).resolves.not.toContain('Ближайшая дата');
    await app.press('Control+z');
    await expect(app.card('Нет записи на экзамен').count()).resolves.toBe(0);
    await expect(app.card('Новый шаг').count()).resolves.toBe(1);
    await app.press('Control+z');
    await expect(app.card('Новый шаг').count()).resolves.toBe(0);
    await app.press('Control+Shift+z');
    await app.press('Control+y');
    await expect(app.card('Нет записи на экзамен').count()).resolves.toBe(1);
  });

  it('adds a step with the keyboard next to the selected one', async () => {
    await open();
    const count = await app.cards.count();
    await app.card('Оплатить госпошлину').click();
    await expect(page.locator('[data-focus="step-title"]').inputValue()).resolves.toBe('Оплатить госпошлину');
    await app.press('Control+Enter');
    expect(await app.cards.count()).toBe(count + 1);
    await page.keyboard.type('Распечатать квитанцию');
    await page.keyboard.press('Enter');
    const added = app.card('Распечатать квитанцию');
    expect(await app.stageOf(added)).toBe('stage-application');
  });

  it('drags a step to another cell as one undo step', async () => {
    await open();
    const id = await app.card('Звонок в регистратуру поликлиники').getAttribute('data-step-id');
    const target = page.locator(`[data-step-id="${id}"]`);
    const before = await app.stageOf(target);
    await app.dragCardTo(target, app.cell('lane-touchpoints', 'stage-exams'));
    expect(before).not.toBe('stage-exams');
    expect(await app.stageOf(target)).toBe('stage-exams');
    await app.press('Control+z');
    expect(await app.stageOf(target)).toBe(before);
    await app.press('Control+Shift+z');
    expect(await app.stageOf(target)).toBe('stage-exams');
  });

  it('connects two steps with a flow, deletes it, and undoes both', async () => {
    await open();
    const edges = await app.edges.count();
    await app.cell('lane-backstage', 'stage-prepare').dblclick();
    await page.locator('[data-focus="step-title"]').fill('Непонятно, с чего начать');
    await page.locator('[data-focus="step-title"]').press('Enter');
    await app.cell('lane-backstage', 'stage-polyclinic').dblclick();
    await page.locator('[data-focus="step-title"]').fill('Очередь в регистратуру');
    await page.locator('[data-focus="step-title"]').press('Enter');
    await app.connect(app.card('Непонятно, с чего начать'), app.card('Очередь в регистратуру'));
    expect(await app.edges.count()).toBe(edges + 1);
    // The new flow is selected: the inspector shows it; Delete removes it.
    await expect(app.inspector.innerText()).resolves.toContain('Связь');
    await app.press('Delete');
    expect(await app.edges.count()).toBe(edges);
    await app.press('Control+z');
    expect(await app.edges.count()).toBe(edges + 1);
  });

  it('selects several steps and deletes them together', async () => {
    await open();
    const count = await app.cards.count();
    await app.card('Приём психиатра-нарколога').click();
    await app.card('Приём психиатра').click({ modifiers: ['Control'] });
    await expect(app.inspector.innerText()).resolves.toMatch(/Выбрано элементов: 2/);
    await app.press('Delete');
    expect(await app.cards.count()).toBe(count - 2);
    await app.press('Control+z');
    expect(await app.cards.count()).toBe(count);
  });

  it('switches the whole UI to English and back at run time, and honours ?lang=en', async () => {
    await open();
    await app.chooseLanguage('en');
    await expect(app.tool('save').innerText()).resolves.toContain('Save');
    await expect(app.inspector.innerText()).resolves.toContain('Map title');
    await app.chooseLanguage('ru');
    await expect(app.tool('save').innerText()).resolves.toContain('Сохранить');

    await open('?lang=en');
    await expect(app.tool('new').innerText()).resolves.toContain('New map');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
  });

  it('asks before a new map replaces unsaved changes, and Cancel keeps them', async () => {
    await open();
    await app.tool('addStage').click();
    await app.typeInlineName('Лишний этап');
    await app.tool('new').click();
    await expect(app.dialog.innerText()).resolves.toContain('Сохранить изменения');
    await page.getByRole('button', { name: 'Отмена' }).click();
    expect(await app.stageTitles()).toContain('Лишний этап');
    await app.tool('new').click();
    await page.getByRole('button', { name: 'Не сохранять' }).click();
    expect(await app.stageTitles()).toEqual(['Новый этап 1', 'Новый этап 2', 'Новый этап 3']);
    expect(await app.cards.count()).toBe(0);
  });

  it('renames the map in the inspector; a cleared title is not saved as empty', async () => {
    await open();
    const field = app.inspector.getByLabel('Название карты');
    await field.fill('Права: как есть, Белгород');
    await expect.poll(() => page.title()).toBe('• Права: как есть, Белгород — Маршрут');
    await field.fill('');
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect.poll(() => page.title()).toBe('• Права: как есть, Белгород — Маршрут');
    await field.blur();
    await expect(field.inputValue()).resolves.toBe('Права: как есть, Белгород');
  });

  it('saves by download and opens by upload where the browser has no File System Access API', async () => {
    await page.addInitScript(() => {
      delete (window as unknown as Record<string, unknown>).showOpenFilePicker;
      delete (window as unknown as Record<string, unknown>).showSaveFilePicker;
    });
    await open();
    await app.tool('addStage').click();
    await app.typeInlineName('Скачанный этап');
    const [download] = await Promise.all([page.waitForEvent('download'), app.tool('save').click()]);
    expect(download.suggestedFilename()).toBe('Получение водительского удостоверения (как есть).cjm');
    const content = await readFile((await download.path()) as string, 'utf8');
    const restored = restoreDocument(content);
    expect(restored.ok && restored.doc.stages.map((x) => x.title)).toContain('Скачанный этап');
    await expect.poll(() => app.dirtyMarker.count()).toBe(0);

    await app.press('Control+n');
    expect(await app.cards.count()).toBe(0);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), app.tool('open').click()]);
    await chooser.setFiles({ name: 'карта.cjm', mimeType: 'application/json', buffer: Buffer.from(content) });
    await expect.poll(() => app.stageTitles()).toContain('Скачанный этап');
    await expect.poll(() => page.title()).toBe('карта.cjm — Маршрут');
  });
});
