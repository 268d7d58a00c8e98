/**
 * Baselines on the desktop edition: a named snapshot of the sample, a step renamed and a pain
 * point deleted afterwards, the baseline compared with the current map (the metrics and the list
 * of what changed, the field named in Russian), two baselines compared through the pickers, the
 * baseline opened read-only as a picture with its scorecard, renamed, and found in the saved file.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restoreDocument } from '../../shared/model';
import { useBuiltApp } from './support/suite';
import { MarshrutPage } from './support/app';
import { openDesktopApp, type DesktopSession } from './support/desktop';

const env = useBuiltApp();

let dir: string;
let session: DesktopSession | null = null;
let errors: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'marshrut-baselines-'));
  errors = [];
});
afterEach(async () => {
  await session?.context.close();
  session = null;
  await rm(dir, { recursive: true, force: true });
  expect(errors).toEqual([]);
});

const NAME = 'после заседания РГ 12.03';

describe('baselines', () => {
  it('saves a baseline, changes the map, compares, opens it read-only, and keeps it in the file', async () => {
    session = await openDesktopApp(env.browser, env.server.url, { userDataDir: join(dir, 'userData') });
    const { page } = session;
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setViewportSize({ width: 1400, height: 900 });
    const app = new MarshrutPage(page);
    await app.waitForMap();
    await app.fitView();
    const tab = (name: string) => page.getByRole('tab', { name, exact: true });
    const panel = page.locator('.baselines-panel');
    const baselines = panel.locator('[data-testid="baseline"]');

    // Save a baseline with a name.
    await tab('Версии').click();
    await panel.getByLabel('Название версии').fill(NAME);
    await panel.getByRole('button', { name: 'Сохранить версию' }).click();
    await expect.poll(() => baselines.count()).toBe(1);
    expect(await baselines.first().innerText()).toContain(NAME);
    expect(await baselines.first().innerText()).toContain('шагов: 25 · проблем: 6');

    // Change the map: rename a step, delete a pain point.
    const stepId = await app.card('Оплатить госпошлину').getAttribute('data-step-id');
    await app.card('Оплатить госпошлину').click();
    await tab('Свойства').click();
    await page.locator('[data-focus="step-title"]').fill('Оплатить госпошлину на Госуслугах со скидкой');
    await page.locator('[data-focus="step-title"]').press('Enter');
    await page.locator('.canvas [data-pain-id="pain-fourth-floor"]').click();
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(1);
    await page.locator('.canvas .react-flow__node.selected').focus();
    await app.press('Delete');
    await expect.poll(() => page.locator('.canvas [data-pain-id="pain-fourth-floor"]').count()).toBe(0);

    // Compare the baseline with the current map.
    await tab('Версии').click();
    await baselines.first().getByRole('button', { name: 'Сравнить с текущей картой' }).click();
    const view = page.locator('.modal.compare');
    await view.waitFor();
    expect(await view.locator('h2').innerText()).toBe('Сравнить две версии');
    const names = await view.locator('.compare-name').allInnerTexts();
    expect(names[0]).toBe(NAME);
    expect(names[1]).toMatch(/^Текущая карта/);
    await expect(view.locator('tr[data-metric="painPoints"] .compare-change').innerText()).resolves.toBe('6 → 5 (−1)');
    await expect(view.locator('tr[data-metric="steps"] .compare-change').innerText()).resolves.toBe('без изменений');
    const diff = view.locator('[data-testid="map-diff"]');
    const changed = diff.locator(`[data-diff="changed"][data-id="${stepId}"]`);
    await expect(changed.innerText()).resolves.toMatch(/Оплатить госпошлину на Госуслугах со скидкой.*изменено: Название/);
    await expect(changed.getAttribute('data-fields')).resolves.toBe('title');
    const removed = diff.locator('[data-diff="removed"][data-id="pain-fourth-floor"]');
    await expect(removed.innerText()).resolves.toContain('Врачи медкомиссии — на четвёртом этаже');
    await expect(diff.locator('[data-kind="painPoints"] h4').innerText()).resolves.toMatch(/Проблемы/i);
    await view.screenshot({ path: '/tmp/vb-compare.png' });
    await page.screenshot({ path: '/tmp/vb-compare-page.png' });
    await view.getByRole('button', { name: 'Закрыть' }).click();
    await expect.poll(() => view.count()).toBe(0);

    // A second baseline, and the two compared through the pickers (first → second).
    await panel.getByLabel('Название версии').fill('после правок');
    await panel.getByRole('button', { name: 'Сохранить версию' }).click();
    await expect.poll(() => baselines.count()).toBe(2);
    const firstId = await baselines.filter({ hasText: NAME }).getAttribute('data-baseline-id');
    const secondId = await baselines.filter({ hasText: 'после правок' }).getAttribute('data-baseline-id');
    await panel.getByLabel('До', { exact: true }).selectOption(firstId as string);
    await panel.getByLabel('После', { exact: true }).selectOption(secondId as string);
    await page.screenshot({ path: '/tmp/vb-baselines.png' });
    await panel.locator('[data-testid="compare-versions"]').click();
    await view.waitFor();
    expect(await view.locator('.compare-name').allInnerTexts()).toEqual([NAME, 'после правок']);
    expect(await view.locator(`[data-diff="changed"][data-id="${stepId}"]`).count()).toBe(1);
    expect(await view.locator('[data-diff="removed"][data-id="pain-fourth-floor"]').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => view.count()).toBe(0);

    // Open the first baseline read-only: its picture (the old map) and its scorecard, nothing editable.
    await baselines.filter({ hasText: NAME }).getByRole('button', { name: 'Открыть' }).click();
    const viewer = page.locator('.modal.baseline-viewer');
    await viewer.waitFor();
    const img = viewer.locator('[data-testid="baseline-picture"] img');
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(500);
    expect(await img.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(((await img.getAttribute('src')) as string).split(',')[1] as string, 'base64').toString('utf8');
    expect(svg).toContain('Врачи медкомиссии');
    expect(svg).not.toContain('со скидкой');
    await expect(viewer.locator('[data-metric="painPoints"] dd').innerText()).resolves.toBe('6');
    expect(await viewer.locator('input, textarea, select, [contenteditable="true"]').count()).toBe(0);
    const width = Number(await img.getAttribute('width'));
    await viewer.getByRole('button', { name: 'Крупнее' }).click();
    await expect.poll(async () => Number(await img.getAttribute('width'))).toBeGreaterThan(width);
    await page.screenshot({ path: '/tmp/vb-viewer.png' });
    await viewer.getByRole('button', { name: 'Закрыть' }).click();
    await expect.poll(() => viewer.count()).toBe(0);

    // Rename the second baseline.
    await baselines.filter({ hasText: 'после правок' }).getByRole('button', { name: 'Переименовать' }).click();
    await panel.locator('.baseline-rename input').fill('после правок, вариант 2');
    await panel.locator('.baseline-rename input').press('Enter');
    await expect.poll(() => baselines.allInnerTexts()).toEqual([expect.stringContaining('после правок, вариант 2'), expect.stringContaining(NAME)]);

    // Save: both baselines are in the file, the first one with the map as it was.
    const file = join(dir, 'версии.cjm');
    session.dialogs.savePaths.push(file);
    await app.press('Control+s');
    await expect.poll(() => app.dirtyMarker.count()).toBe(0);
    const restored = restoreDocument(await readFile(file, 'utf8'));
    expect(restored.ok).toBe(true);
    if (!restored.ok) return;
    const doc = restored.doc;
    expect(doc.baselines.map((b) => b.name)).toEqual([NAME, 'после правок, вариант 2']);
    const first = doc.baselines[0];
    expect(first?.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(first?.snapshot.painPoints.some((p) => p.id === 'pain-fourth-floor')).toBe(true);
    expect(first?.snapshot.steps.find((s) => s.id === stepId)?.title).toBe('Оплатить госпошлину');
    expect(doc.painPoints.some((p) => p.id === 'pain-fourth-floor')).toBe(false);
    expect(doc.steps.find((s) => s.id === stepId)?.title).toBe('Оплатить госпошлину на Госуслугах со скидкой');
  });
});
