/**
 * The desktop edition end to end: the built page, the preload-shaped bridge, the real
 * main-process handlers and the real disk, with only the native dialogs stubbed.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restoreDocument } from '../../shared/model';
import { useBuiltApp } from './support/suite';
import { MarshrutPage } from './support/app';
import { openDesktopApp, type DesktopSession } from './support/desktop';

const env = useBuiltApp();

let dir: string;
let userData: string;
const sessions: DesktopSession[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'marshrut-e2e-'));
  userData = join(dir, 'userData');
});
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.context.close();
  await rm(dir, { recursive: true, force: true });
});

async function start(startupFile: string | null = null) {
  const session = await openDesktopApp(env.browser, env.server.url, { userDataDir: userData, startupFile });
  sessions.push(session);
  const app = new MarshrutPage(session.page);
  await app.waitForMap().catch(() => undefined);
  return { session, app, page: session.page };
}

const laneIdOf = async (app: MarshrutPage, title: string) =>
  (await app.page.locator('.lane-header', { hasText: title }).getAttribute('data-testid'))?.replace(/^lane-/, '') ?? '';
const stageIdOf = async (app: MarshrutPage, title: string) =>
  (await app.page.locator('.stage-header', { hasText: title }).getAttribute('data-testid'))?.replace(/^stage-/, '') ?? '';

describe('desktop edition through the real main-process handlers', () => {
  it('edits the sample, saves it, and finds everything as left when the file is reopened', async () => {
    const { session, app, page } = await start();
    // Given the sample map, untitled.
    expect(await app.cards.count()).toBe(25);
    const edges = await app.edges.count();

    // When: add a stage, a lane and a step in their cell.
    await app.tool('addStage').click();
    await app.typeInlineName('Апелляция');
    await app.tool('addLane').click();
    await app.typeInlineName('Регион');
    const laneId = await laneIdOf(app, 'Регион');
    const stageId = await stageIdOf(app, 'Апелляция');
    await app.fitView();
    await app.cell(laneId, stageId).dblclick();
    await page.locator('[data-focus="step-title"]').fill('Жалоба в региональный орган');
    await page.locator('[data-focus="step-title"]').press('Enter');

    // ...edit an existing step's title in the inspector...
    await app.card('Оплатить госпошлину').click();
    await page.locator('[data-focus="step-title"]').fill('Оплатить госпошлину на Госуслугах');
    await page.locator('[data-focus="step-title"]').press('Enter');

    // ...drag a step to another cell...
    const movedId = await app.card('Звонок в регистратуру поликлиники').getAttribute('data-step-id');
    const moved = page.locator(`[data-step-id="${movedId}"]`);
    await app.dragCardTo(moved, app.cell('lane-touchpoints', 'stage-exams'));
    expect(await app.stageOf(moved)).toBe('stage-exams');

    // ...connect two steps, undo the connection and redo it.
    await app.connect(app.card('Получить водительское удостоверение'), app.card('Жалоба в региональный орган'));
    expect(await app.edges.count()).toBe(edges + 1);
    await app.press('Control+z');
    expect(await app.edges.count()).toBe(edges);
    await app.press('Control+Shift+z');
    expect(await app.edges.count()).toBe(edges + 1);
    expect(await app.dirtyMarker.count()).toBe(1);

    // Save: the native Save dialog offers the map's title; the file is written.
    const file = join(dir, 'права.cjm');
    session.dialogs.savePaths.push(file);
    await app.press('Control+s');
    await expect.poll(() => app.dirtyMarker.count()).toBe(0);
    expect(session.dialogs.asked.find((a) => a.kind === 'save')?.defaultPath).toMatch(/Получение водительского удостоверения/);
    await expect.poll(() => page.title()).toBe('права.cjm — Маршрут');
    expect(session.states.at(-1)).toMatchObject({ name: 'права.cjm', path: file, dirty: false });

    // The file on disk is a valid map with every change in it.
    const restored = restoreDocument(await readFile(file, 'utf8'));
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    const doc = restored.doc;
    expect(doc.stages.at(-1)?.title).toBe('Апелляция');
    expect(doc.lanes.at(-1)?.title).toBe('Регион');
    expect(doc.steps.find((s) => s.title === 'Жалоба в региональный орган')).toMatchObject({ laneId, stageId });
    expect(doc.steps.some((s) => s.title === 'Оплатить госпошлину на Госуслугах')).toBe(true);
    expect(doc.steps.find((s) => s.id === movedId)).toMatchObject({ laneId: 'lane-touchpoints', stageId: 'stage-exams' });
    expect(doc.flows).toHaveLength(edges + 1);
    // No temp files left next to it.
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // Reopen: a new map, then Open... the saved file.
    await app.press('Control+n');
    expect(await app.cards.count()).toBe(0);
    session.dialogs.openPaths.push(file);
    await app.press('Control+o');
    await expect.poll(() => app.cards.count()).toBe(26);
    expect(await app.stageTitles()).toContain('Апелляция');
    expect(await app.laneTitles()).toContain('Регион');
    expect(await app.card('Оплатить госпошлину на Госуслугах').count()).toBe(1);
    expect(await app.stageOf(page.locator(`[data-step-id="${movedId}"]`))).toBe('stage-exams');
    expect(await app.edges.count()).toBe(edges + 1);

    // And a fresh app started with the file on its command line opens it too (once this window
    // has let go of it: while it is open here, its lock file would make the other ask first).
    await app.press('Control+n');
    await expect.poll(() => readdir(dir)).not.toContain('.~lock.права.cjm#');
    const second = await start(file);
    expect(await second.app.cards.count()).toBe(26);
    await expect.poll(() => second.page.title()).toBe('права.cjm — Маршрут');
  });

  it('saves in place with a backup of the previous version, and lists the file under recent files', async () => {
    const { session, app, page } = await start();
    const file = join(dir, 'map.cjm');
    session.dialogs.savePaths.push(file);
    await app.press('Control+s');
    await expect.poll(() => page.title()).toBe('map.cjm — Маршрут');
    const first = await readFile(file, 'utf8');

    await app.tool('addStage').click();
    await app.typeInlineName('Ещё этап');
    await app.press('Control+s');
    await expect.poll(() => app.dirtyMarker.count()).toBe(0);
    expect(session.dialogs.asked.filter((a) => a.kind === 'save')).toHaveLength(1);
    expect(await readFile(file, 'utf8')).toContain('Ещё этап');
    expect(await readFile(`${file}.bak`, 'utf8')).toBe(first);

    await app.press('Control+n');
    await page.getByRole('button', { name: 'Недавние файлы' }).click();
    await page.getByRole('menuitem', { name: 'map.cjm' }).click();
    await expect.poll(() => app.stageTitles()).toContain('Ещё этап');
  });

  it('asks with a native dialog before closing a window with unsaved changes', async () => {
    const { session, app } = await start();
    await session.emit({ type: 'closeRequested' });
    await expect.poll(() => session.closed()).toBe(true);

    const next = await start();
    await next.app.tool('addStage').click();
    await next.app.typeInlineName('Не сохранённый');
    next.session.dialogs.answers.push('Отмена');
    await next.session.emit({ type: 'closeRequested' });
    await expect.poll(() => next.session.dialogs.asked.filter((a) => a.kind === 'message').length).toBe(1);
    expect(next.session.closed()).toBe(false);
    expect(next.session.dialogs.asked.at(-1)?.message).toContain('Сохранить изменения');

    const file = join(dir, 'closing.cjm');
    next.session.dialogs.answers.push('Сохранить');
    next.session.dialogs.savePaths.push(file);
    await next.session.emit({ type: 'closeRequested' });
    await expect.poll(() => next.session.closed()).toBe(true);
    expect(await readFile(file, 'utf8')).toContain('Не сохранённый');
    void app;
  });

  it('refuses a broken file with a clear message and keeps the open map', async () => {
    const { session, app, page } = await start();
    const bad = join(dir, 'broken.cjm');
    await writeFile(bad, '{"format":"marshrut/journey-map","version":1,"meta":{"title":"x"},"steps":[{"id":"s","laneId":"nowhere","stageId":"nowhere","title":"t"}]}');
    session.dialogs.openPaths.push(bad);
    await app.press('Control+o');
    await app.dialog.waitFor();
    const text = await app.dialog.innerText();
    expect(text).toContain('Не удалось открыть карту');
    expect(text).toContain('broken.cjm');
    expect(text).toMatch(/steps\[0\]\.laneId/);
    expect(text).not.toMatch(/at .*\.(js|ts):\d+/);
    await page.getByRole('button', { name: 'ОК', exact: true }).click();
    expect(await app.cards.count()).toBe(25);
  });

  it('runs menu commands from the shell and follows its language switch', async () => {
    const { session, app } = await start();
    const stages = (await app.stageTitles()).length;
    await session.emit({ type: 'command', command: 'addStage' });
    await app.typeInlineName('Из меню');
    expect(await app.stageTitles()).toHaveLength(stages + 1);
    // Naming it was a step of its own: the first undo takes the name back, the second the stage.
    await session.emit({ type: 'command', command: 'undo' });
    expect(await app.stageTitles()).toContain('Новый этап');
    await session.emit({ type: 'command', command: 'undo' });
    expect(await app.stageTitles()).toHaveLength(stages);
    await session.emit({ type: 'setLocale', locale: 'en' });
    await expect.poll(() => app.tool('save').innerText()).toContain('Save');
    // Choosing the language in the page tells main, which rebuilds its menus.
    await app.chooseLanguage('ru');
    await expect.poll(() => app.tool('save').innerText()).toContain('Сохранить');
  });

  it('opens a .cjm file dropped on the window', async () => {
    const { app, page } = await start();
    const file = join(dir, 'dropped.cjm');
    const doc = restoreDocument(await readFile(fileURLToPath(new URL('../../templates/maps/driving-licence-as-is.cjm', import.meta.url)), 'utf8'));
    if (!doc.ok) throw new Error('sample invalid');
    await writeFile(file, JSON.stringify({ ...doc.doc, meta: { ...doc.doc.meta, title: 'Брошенная карта' } }));
    await page.evaluate((path) => {
      const f = new File(['{}'], 'dropped.cjm') as File & { testPath?: string };
      f.testPath = path;
      const dt = new DataTransfer();
      dt.items.add(f);
      const target = document.querySelector('.app') as HTMLElement;
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, file);
    await expect.poll(() => page.title()).toBe('dropped.cjm — Маршрут');
  });
});
