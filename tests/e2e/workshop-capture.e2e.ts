/**
 * Quick capture (issue 6) in the built browser edition, by keyboard alone: the shortcut opens the
 * bar, lines typed with Enter become steps, pain points (severity from trailing `!`), an
 * opportunity and a question; Tab, Shift+Tab and Alt+arrows move the target cell; Ctrl+Z takes
 * back the last card; Escape leaves. The saved file is read back to check every card's cell.
 */
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { restoreDocument, type JourneyMap } from '../../shared/model';
import { useBuiltApp } from './support/suite';
import { MarshrutPage } from './support/app';

const env = useBuiltApp();

let context: BrowserContext;
let page: Page;
let app: MarshrutPage;
let errors: string[];

beforeEach(async () => {
  context = await env.browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'ru-RU', acceptDownloads: true });
  page = await context.newPage();
  errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // Save by download, so the test can read the file.
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

const bar = () => page.locator('[data-testid="capture-bar"]');
const input = () => bar().getByRole('textbox');
const target = () => page.locator('[data-testid="capture-cell"]');

async function targetCell(): Promise<[string | null, string | null]> {
  return [await target().getAttribute('data-lane'), await target().getAttribute('data-stage')];
}

/** Types a line into the focused field and presses Enter. */
async function capture(line: string) {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

async function saveByKeyboard(): Promise<JourneyMap> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
  const restored = restoreDocument(await readFile((await download.path()) as string, 'utf8'));
  if (!restored.ok) throw new Error('the saved map does not restore');
  return restored.doc;
}

const isFocused = () => input().evaluate((el) => el === document.activeElement);

describe('quick capture', () => {
  it('captures five steps, two pain points and an opportunity by keyboard alone; Ctrl+Z takes back the last card', async () => {
    const before = await app.cards.count();
    await page.keyboard.press('Control+Shift+K');
    await bar().waitFor();
    await expect.poll(isFocused).toBe(true);
    // Nothing selected: the first citizen-lane cell.
    expect(await targetCell()).toEqual(['lane-citizen', 'stage-prepare']);
    await expect(bar().locator('[data-testid="capture-target"]').innerText()).resolves.toContain('Подготовка и запись');

    await capture('Узнать список врачей');
    await capture('!Никто не знает порядок!!');
    await page.keyboard.press('Tab');
    expect(await targetCell()).toEqual(['lane-citizen', 'stage-polyclinic']);
    await capture('Взять талон к терапевту');
    await page.keyboard.press('Tab');
    await capture('  Обойти три диспансера  ');
    await capture('!Три очереди за день!!!!!');
    await capture('+Единый медицинский центр');
    await capture('?Кто выдаёт итоговое заключение?');
    await page.keyboard.press('Tab');
    await capture('Оплатить пошлину онлайн');
    // Alt+↓ goes one lane down (the emotion lane is skipped), Shift+Tab and Tab go back and forth.
    await page.keyboard.press('Alt+ArrowDown');
    expect(await targetCell()).toEqual(['lane-touchpoints', 'stage-application']);
    await page.keyboard.press('Shift+Tab');
    expect(await targetCell()).toEqual(['lane-touchpoints', 'stage-dispensaries']);
    await page.keyboard.press('Tab');
    await capture('Подать заявление через окно МФЦ');
    // A prefix alone or a blank line captures nothing (the text stays to be finished or erased).
    await capture('!');
    expect(await input().inputValue()).toBe('!');
    await page.keyboard.press('Backspace');
    await capture('   ');
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    expect(await app.cards.count()).toBe(before + 5);
    await expect(bar().innerText()).resolves.toContain('Добавлено: 9');

    // One more card, then Ctrl+Z on the empty field takes it back; the field keeps focus.
    await capture('Лишняя карточка');
    await expect.poll(() => app.card('Лишняя карточка').count()).toBe(1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => app.card('Лишняя карточка').count()).toBe(0);
    expect(await app.cards.count()).toBe(before + 5);
    expect(await isFocused()).toBe(true);

    // The new cards are drawn in their cells.
    const inCell = async (title: string, lane: string, stage: string) => {
      const card = await app.card(title).boundingBox();
      const cell = await app.cell(lane, stage).boundingBox();
      if (!card || !cell) return false;
      const cx = card.x + card.width / 2;
      const cy = card.y + card.height / 2;
      return cx > cell.x && cx < cell.x + cell.width && cy > cell.y && cy < cell.y + cell.height;
    };
    await page.keyboard.press('Escape');
    await expect.poll(() => bar().count()).toBe(0);
    await page.keyboard.press('Shift+1');
    await expect.poll(() => inCell('Взять талон к терапевту', 'lane-citizen', 'stage-polyclinic')).toBe(true);
    expect(await inCell('Подать заявление через окно МФЦ', 'lane-touchpoints', 'stage-application')).toBe(true);

    const doc = await saveByKeyboard();
    const step = (title: string) => doc.steps.find((s) => s.title === title);
    const cells = [
      ['Узнать список врачей', 'lane-citizen', 'stage-prepare'],
      ['Взять талон к терапевту', 'lane-citizen', 'stage-polyclinic'],
      ['Обойти три диспансера', 'lane-citizen', 'stage-dispensaries'],
      ['Оплатить пошлину онлайн', 'lane-citizen', 'stage-application'],
      ['Подать заявление через окно МФЦ', 'lane-touchpoints', 'stage-application'],
    ] as const;
    for (const [title, laneId, stageId] of cells) expect(step(title), title).toMatchObject({ laneId, stageId });
    // Appended at the end of their cells.
    const prepare = doc.steps.filter((s) => s.laneId === 'lane-citizen' && s.stageId === 'stage-prepare');
    expect(prepare.at(-1)?.title).toBe('Узнать список врачей');
    expect(step('Лишняя карточка')).toBeUndefined();

    const pain = (title: string) => doc.painPoints.find((p) => p.title === title);
    expect(pain('Никто не знает порядок')).toMatchObject({ severity: 2, stepId: step('Узнать список врачей')!.id, cell: { laneId: 'lane-pains', stageId: 'stage-prepare' } });
    expect(pain('Три очереди за день')).toMatchObject({ severity: 5, stepId: step('Обойти три диспансера')!.id, cell: { laneId: 'lane-pains', stageId: 'stage-dispensaries' } });
    const opportunity = doc.opportunities.find((o) => o.title === 'Единый медицинский центр');
    expect(opportunity?.painPointIds).toEqual([pain('Три очереди за день')!.id]);
    const question = doc.threads.find((t) => t.comments[0]?.text === 'Кто выдаёт итоговое заключение?');
    expect(question?.target).toEqual({ kind: 'stage', id: 'stage-dispensaries' });
    expect(errors).toEqual([]);
  });

  it('starts at the selected step\'s cell, hangs `!` on that step, and Escape leaves', async () => {
    await app.card('Звонок в регистратуру поликлиники').click();
    await page.keyboard.press('Control+Shift+K');
    await bar().waitFor();
    expect(await targetCell()).toEqual(['lane-touchpoints', 'stage-prepare']);
    await expect(bar().innerText()).resolves.toContain('Звонок в регистратуру поликлиники');
    await capture('!Не дозвониться');
    await page.keyboard.press('Escape');
    await expect.poll(() => bar().count()).toBe(0);
    await expect.poll(() => target().count()).toBe(0);
    const doc = await saveByKeyboard();
    expect(doc.painPoints.find((p) => p.title === 'Не дозвониться')).toMatchObject({ stepId: 'step-call-polyclinic', severity: 3 });
    expect(errors).toEqual([]);
  });
});
