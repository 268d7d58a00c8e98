/**
 * Nothing lost (issue 7), end to end through the real main-process handlers and the real disk:
 * unsaved work recovered after a crash (desktop and browser editions), a file changed on disk by
 * someone else (on focus and when saving), a map someone else has open (lock file), and a map
 * from a newer version opened read-only.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { acquireLock, readLock } from '../../electron/lock';
import { restoreDocument, serializeDocument, type JourneyMap } from '../../shared/model';
import { createFromTemplate, SAMPLE_TEMPLATE_ID } from '../../templates/sample';
import { useBuiltApp } from './support/suite';
import { MarshrutPage } from './support/app';
import { openDesktopApp, type DesktopSession } from './support/desktop';

const env = useBuiltApp();

let dir: string;
let userData: string;
const sessions: DesktopSession[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'marshrut-safety-e2e-'));
  userData = join(dir, 'userData');
});
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.context.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

const sample = (): JourneyMap => createFromTemplate(SAMPLE_TEMPLATE_ID, 'ru');
const withStepTitle = (doc: JourneyMap, from: string, to: string): JourneyMap => ({
  ...doc,
  steps: doc.steps.map((s) => (s.title === from ? { ...s, title: to } : s)),
});
const titlesIn = async (file: string) => {
  const restored = restoreDocument(await readFile(file, 'utf8'));
  if (!restored.ok) throw new Error(`not a map: ${file}`);
  return restored.doc.steps.map((s) => s.title);
};

/** Starts the desktop app; `waitForMap` false when it will ask something before showing the file. */
async function start(startupFile: string | null = null, waitForMap = true) {
  const session = await openDesktopApp(env.browser, env.server.url, { userDataDir: userData, startupFile });
  sessions.push(session);
  const app = new MarshrutPage(session.page);
  if (waitForMap) await app.waitForMap().catch(() => undefined);
  return { session, app, page: session.page };
}

async function renameStep(app: MarshrutPage, from: string, to: string) {
  await app.card(from).click();
  const title = app.page.locator('[data-focus="step-title"]');
  await title.fill(to);
  await title.press('Enter');
  await app.page.keyboard.press('Escape');
}

const focusWindow = (page: Page) => page.evaluate(() => window.dispatchEvent(new Event('focus')));
const recoveryFiles = async () => (await readdir(join(userData, 'recovery')).catch(() => [] as string[])).filter((f) => f.endsWith('.json'));

describe('recovery of unsaved work after a crash', () => {
  it('desktop: autosaved work is offered at the next start, compared with the saved file, restored and saved in place', async () => {
    const file = join(dir, 'права.cjm');
    await writeFile(file, serializeDocument(sample()));
    // Given a map opened and edited, not saved...
    const first = await start(file);
    await renameStep(first.app, 'Оплатить госпошлину', 'Оплатить госпошлину онлайн');
    expect(await first.app.dirtyMarker.count()).toBe(1);
    // ...autosaved a moment later...
    await expect.poll(recoveryFiles, { timeout: 10_000 }).toHaveLength(1);
    // ...when the app crashes (no close, no question asked).
    await first.session.context.close();
    sessions.splice(sessions.indexOf(first.session), 1);
    expect(await titlesIn(file)).toContain('Оплатить госпошлину');

    // When the app starts again, it offers the work back.
    const next = await start();
    const dialog = next.page.locator('.recovery-dialog');
    await dialog.waitFor();
    const item = dialog.locator('[data-testid="recovery-item"]');
    expect(await item.count()).toBe(1);
    expect(await item.innerText()).toContain('права.cjm');
    expect(await item.innerText()).toContain(file);

    // Compare: the changed step, by name and field.
    await item.getByRole('button', { name: 'Сравнить с сохранённым файлом' }).click();
    const changed = dialog.locator('[data-diff="changed"]');
    await changed.first().waitFor();
    expect(await changed.innerText()).toContain('Оплатить госпошлину онлайн');
    expect(await changed.getAttribute('data-fields')).toContain('title');

    // Restore: the work is back, unsaved, under the file's name.
    await item.getByRole('button', { name: 'Восстановить' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await next.app.card('Оплатить госпошлину онлайн').count()).toBe(1);
    expect(await next.app.dirtyMarker.count()).toBe(1);
    await expect.poll(() => next.page.title()).toBe('• права.cjm — Маршрут');

    // Save writes it in place (no Save dialog) and the draft is gone.
    await next.app.press('Control+s');
    await expect.poll(() => next.app.dirtyMarker.count()).toBe(0);
    expect(next.session.dialogs.asked.filter((a) => a.kind === 'save')).toEqual([]);
    expect(await titlesIn(file)).toContain('Оплатить госпошлину онлайн');
    await expect.poll(recoveryFiles).toEqual([]);

    // A third start offers nothing.
    await next.session.context.close();
    sessions.splice(sessions.indexOf(next.session), 1);
    const third = await start();
    await third.page.waitForTimeout(500);
    expect(await third.page.locator('.recovery-dialog').count()).toBe(0);
  });

  it('desktop: untitled work is kept too; Discard deletes it; a clean close leaves nothing behind', async () => {
    const first = await start();
    await renameStep(first.app, 'Оплатить госпошлину', 'Черновик без файла');
    await expect.poll(recoveryFiles, { timeout: 10_000 }).toHaveLength(1);
    await first.session.context.close();
    sessions.splice(sessions.indexOf(first.session), 1);

    const next = await start();
    const item = next.page.locator('.recovery-dialog [data-testid="recovery-item"]');
    await item.waitFor();
    expect(await item.innerText()).toContain('ещё не сохранена в файл');
    expect(await item.getByRole('button', { name: 'Сравнить с сохранённым файлом' }).count()).toBe(0);
    await item.getByRole('button', { name: 'Удалить' }).click();
    await next.page.locator('.recovery-dialog').waitFor({ state: 'detached' });
    expect(await recoveryFiles()).toEqual([]);

    // Edit, then close the window choosing "Don't save": the draft goes with the work.
    await renameStep(next.app, 'Оплатить госпошлину', 'Отброшенная правка');
    await expect.poll(recoveryFiles, { timeout: 10_000 }).toHaveLength(1);
    next.session.dialogs.answers.push('Не сохранять');
    await next.session.emit({ type: 'closeRequested' });
    await expect.poll(() => next.session.closed()).toBe(true);
    expect(await recoveryFiles()).toEqual([]);
  });

  it('browser: unsaved work of a tab that died is offered in the next tab (IndexedDB, Web Locks)', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'ru-RU' });
    try {
      const page = await context.newPage();
      await page.goto(env.server.url);
      const app = new MarshrutPage(page);
      await app.waitForMap();
      await renameStep(app, 'Оплатить госпошлину', 'Правка во вкладке');
      await page.waitForTimeout(2500);
      // Another tab open at the same time does not offer the first tab's live draft...
      const other = await context.newPage();
      await other.goto(env.server.url);
      await new MarshrutPage(other).waitForMap();
      await other.waitForTimeout(500);
      expect(await other.locator('.recovery-dialog').count()).toBe(0);
      await other.close();
      // ...but once the first tab is gone without saving, the next one does.
      await page.close({ runBeforeUnload: false });
      const next = await context.newPage();
      await next.goto(env.server.url);
      const item = next.locator('.recovery-dialog [data-testid="recovery-item"]');
      await item.waitFor();
      await item.getByRole('button', { name: 'Восстановить' }).click();
      const restored = new MarshrutPage(next);
      await expect.poll(() => restored.card('Правка во вкладке').count()).toBe(1);
      expect(await restored.dirtyMarker.count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});

describe('a file changed on disk by someone else', () => {
  it('is noticed when the window regains focus: compare, then keep mine as a copy', async () => {
    const file = join(dir, 'общая.cjm');
    await writeFile(file, serializeDocument(sample()));
    const { session, app, page } = await start(file);
    await renameStep(app, 'Оплатить госпошлину', 'Моя правка');
    // Someone else saves their version.
    const theirs = serializeDocument(withStepTitle(sample(), 'Подать заявление в МФЦ с медицинским заключением', 'Их правка'));
    await writeFile(file, theirs);

    await focusWindow(page);
    const dialog = page.locator('.conflict-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('общая.cjm');
    expect(await dialog.getByRole('button', { name: 'Перезаписать моей версией' }).count()).toBe(0); // only when saving
    await dialog.getByRole('button', { name: 'Сравнить' }).click();
    await dialog.locator('[data-testid="map-diff"]').waitFor();
    const diff = await dialog.locator('[data-testid="map-diff"]').innerText();
    expect(diff).toContain('Моя правка');
    expect(diff).toContain('Подать заявление в МФЦ с медицинским заключением');

    const copy = join(dir, 'общая (моя версия).cjm');
    session.dialogs.savePaths.push(copy);
    await dialog.getByRole('button', { name: 'Сохранить мою версию как копию…' }).click();
    await expect.poll(() => page.title()).toBe('общая (моя версия).cjm — Маршрут');
    expect(session.dialogs.asked.find((a) => a.kind === 'save')?.defaultPath).toMatch(/общая \(моя версия\)\.cjm$/);
    expect(await readFile(file, 'utf8')).toBe(theirs); // theirs untouched
    expect(await titlesIn(copy)).toContain('Моя правка');

    // The same change is not asked about twice.
    await focusWindow(page);
    await page.waitForTimeout(300);
    expect(await page.locator('.conflict-dialog').count()).toBe(0);
  });

  it('reload takes the other version when there is nothing unsaved here', async () => {
    const file = join(dir, 'map.cjm');
    await writeFile(file, serializeDocument(sample()));
    const { app, page } = await start(file);
    await writeFile(file, serializeDocument(withStepTitle(sample(), 'Оплатить госпошлину', 'Изменено коллегой')));
    await focusWindow(page);
    const dialog = page.locator('.conflict-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Несохранённых изменений у вас нет');
    await dialog.getByRole('button', { name: 'Загрузить с диска' }).click();
    await expect.poll(() => app.card('Изменено коллегой').count()).toBe(1);
    expect(await app.dirtyMarker.count()).toBe(0);
  });

  it('is not overwritten by Save without asking; Overwrite keeps theirs as the backup', async () => {
    const file = join(dir, 'map.cjm');
    await writeFile(file, serializeDocument(sample()));
    const { app, page } = await start(file);
    await renameStep(app, 'Оплатить госпошлину', 'Моя версия');
    const theirs = serializeDocument(withStepTitle(sample(), 'Оплатить госпошлину', 'Их версия'));
    await writeFile(file, theirs);

    await app.press('Control+s');
    const dialog = page.locator('.conflict-dialog');
    await dialog.waitFor();
    expect(await readFile(file, 'utf8')).toBe(theirs);
    await dialog.getByRole('button', { name: 'Перезаписать моей версией' }).click();
    await expect.poll(() => app.dirtyMarker.count()).toBe(0);
    expect(await titlesIn(file)).toContain('Моя версия');
    expect(await readFile(`${file}.bak`, 'utf8')).toBe(theirs);
  });
});

describe('a map someone else has open (lock file next to it)', () => {
  it('says who and since when; read-only refuses edits; "Edit anyway" takes the lock over', async () => {
    const file = join(dir, 'общая.cjm');
    await writeFile(file, serializeDocument(sample()));
    await acquireLock(file, { user: 'Иван Петров', host: 'gibdd-pc-7', pid: 4242, session: 'b'.repeat(32) }, new Date('2026-11-27T07:40:00Z'));

    const { session, app, page } = await start(file, false);
    const dialog = page.locator('.lock-dialog');
    await dialog.waitFor();
    const text = await dialog.innerText();
    expect(text).toContain('Иван Петров');
    expect(text).toContain('gibdd-pc-7');
    expect(text).toContain('27.11.2026');
    await dialog.getByRole('button', { name: 'Открыть только для чтения' }).click();
    await app.waitForMap();

    const banner = page.locator('[data-testid="read-only-banner"]');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('Иван Петров');
    expect(session.states.at(-1)).toMatchObject({ path: file, readOnly: true });
    expect((await readLock(file))?.user).toBe('Иван Петров'); // not taken

    // Editing is refused with a message; nothing changes.
    const cards = await app.cards.count();
    await app.card('Оплатить госпошлину').click();
    await app.press('Delete');
    expect(await app.cards.count()).toBe(cards);
    expect(await page.locator('.statusbar').innerText()).toContain('только для чтения');

    // Save offers a copy under another name.
    await app.press('Control+s');
    await expect.poll(() => session.dialogs.asked.some((a) => a.kind === 'save')).toBe(true);
    expect(session.dialogs.asked.find((a) => a.kind === 'save')?.defaultPath).toMatch(/общая \(моя версия\)\.cjm$/);

    await banner.getByRole('button', { name: 'Всё равно редактировать' }).click();
    await banner.waitFor({ state: 'detached' });
    await expect.poll(async () => (await readLock(file))?.host).not.toBe('gibdd-pc-7');
    await app.card('Оплатить госпошлину').click();
    await app.press('Delete');
    expect(await app.cards.count()).toBe(cards - 1);
  });
});

describe('a map from a newer version of the app', () => {
  it('opens read-only with a clear message instead of being refused', async () => {
    const file = join(dir, 'из-будущего.cjm');
    const future = { ...JSON.parse(serializeDocument(sample())), version: 3, somethingNew: { kind: 'unknown to this version' } };
    await writeFile(file, JSON.stringify(future, null, 2));
    const { app, page } = await start(file);
    const banner = page.locator('[data-testid="read-only-banner"]');
    await banner.waitFor();
    expect(await banner.getAttribute('data-reason')).toBe('newerVersion');
    expect(await banner.innerText()).toContain('формат файла 3');
    expect(await app.cards.count()).toBeGreaterThan(20);
    expect(await banner.getByRole('button', { name: 'Всё равно редактировать' }).count()).toBe(0);
    await expect.poll(() => page.title()).toBe('из-будущего.cjm [Только чтение] — Маршрут');
  });
});
