/**
 * No re-render of unchanged cards (issue 8): typing in the inspector, dragging a card and
 * undoing re-render that card only. Counted in the production build the way React DevTools
 * does: a hook installed before React loads sees every commit, and a step card's host <div>
 * whose props object is not the one it had at the previous commit was rendered again (a
 * memoised component that bails out keeps its children's props objects).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { useBuiltApp } from './support/suite';
import { MarshrutPage } from './support/app';

const env = useBuiltApp();
let context: BrowserContext;
let page: Page;
let app: MarshrutPage;

/** Installed before the page's scripts: counts, per step id, the commits that rendered its card. */
function installRenderCounter() {
  type Fiber = { child: Fiber | null; sibling: Fiber | null; memoizedProps: Record<string, unknown> | null; tag: number };
  const counts: Record<string, number> = {};
  /** How many times the app's shell (App's own <div class="app">) was rendered, and its props at the last commit. */
  const shell: { renders: number; props: unknown } = { renders: 0, props: null };
  /** The props each card's <div> had at the last commit: a new object means it was rendered again. */
  const seen = new Map<string, unknown>();
  const walk = (root: Fiber | null) => {
    const stack: Fiber[] = root ? [root] : [];
    while (stack.length > 0) {
      const fiber = stack.pop() as Fiber;
      const props = fiber.memoizedProps;
      // Step cards by id, and the grid of cells (hundreds of them on a big map) as "grid".
      const isCard = fiber.tag === 5 && props && props['data-testid'] === 'step-card';
      if (isCard || (fiber.tag === 5 && props && props.className === 'grid')) {
        const id = isCard ? String(props['data-step-id']) : 'grid';
        if (seen.get(id) !== props) {
          seen.set(id, props);
          counts[id] = (counts[id] ?? 0) + 1;
        }
      }
      if (fiber.tag === 5 && props && typeof props.className === 'string' && /^app\b/.test(props.className) && shell.props !== props) {
        shell.props = props;
        shell.renders++;
      }
      if (fiber.sibling) stack.push(fiber.sibling);
      if (fiber.child) stack.push(fiber.child);
    }
  };
  (window as unknown as Record<string, unknown>).__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject: () => 1,
    onCommitFiberRoot: (_id: number, root: { current: Fiber }) => {
      (window as unknown as Record<string, unknown>).__lastCommit = performance.now();
      walk(root.current);
    },
    onCommitFiberUnmount: () => undefined,
    onPostCommitFiberRoot: () => undefined,
    checkDCE: () => undefined,
  };
  (window as unknown as Record<string, unknown>).__cardRenders = counts;
  (window as unknown as Record<string, unknown>).__shellRenders = shell;
}

const renders = () => page.evaluate(() => ({ ...(window as unknown as { __cardRenders: Record<string, number> }).__cardRenders }));
const shellRenders = () => page.evaluate(() => (window as unknown as { __shellRenders: { renders: number } }).__shellRenders.renders);
/**
 * Waits until React has committed nothing for 250 ms. A click's pointer moves end in renders
 * React schedules at input-continuous priority (a card's hover state), after the click itself:
 * on a loaded machine one of them can land after the count has begun, and it is not the
 * keystrokes' doing.
 */
const quiet = () =>
  expect
    .poll(() => page.evaluate(() => performance.now() - ((window as unknown as { __lastCommit?: number }).__lastCommit ?? 0)), { interval: 50 })
    .toBeGreaterThan(250);
/** Selects the card, puts the caret at the end of its title in the inspector, and waits for quiet. */
const editTitleOf = async (card: Locator) => {
  await card.click();
  const title = page.locator('[data-focus="step-title"]');
  await title.click();
  await title.press('End');
  await quiet();
  return title;
};
/** Which cards rendered since `before`, with how many times. */
const since = async (before: Record<string, number>) => {
  const now = await renders();
  return Object.fromEntries(Object.entries(now).filter(([id, n]) => n !== (before[id] ?? 0)).map(([id, n]) => [id, n - (before[id] ?? 0)]));
};

beforeEach(async () => {
  context = await env.browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'ru-RU' });
  page = await context.newPage();
  await page.addInitScript(installRenderCounter);
  await page.goto(env.server.url);
  app = new MarshrutPage(page);
  await app.waitForMap();
});
afterEach(async () => {
  await context.close();
});

describe('cards that did not change are not rendered again', () => {
  it('the counter sees every card render: at first, and again when the language changes', async () => {
    const counts = await renders();
    const cards = await app.cards.count();
    expect(Object.keys(counts).length).toBe(cards + 1);
    await app.chooseLanguage('en');
    expect(Object.keys(await since(counts)).length).toBe(cards + 1);
  });

  it('typing a title in the inspector re-renders that card only (not the others, not the grid)', async () => {
    const card = app.card('Оплатить госпошлину');
    const id = (await card.getAttribute('data-step-id')) as string;
    const title = await editTitleOf(card);
    const before = await renders();
    await title.pressSequentially(' онлайн', { delay: 20 });
    await expect.poll(() => app.card('Оплатить госпошлину онлайн').count()).toBe(1);
    const changed = await since(before);
    expect(Object.keys(changed)).toEqual([id]);
    expect(changed[id]).toBeLessThanOrEqual(' онлайн'.length);
  });

  it('the first edit of an unchanged map (it becomes unsaved: a dot in the title) does not render the whole app again', async () => {
    expect(await shellRenders()).toBeGreaterThan(0);
    expect(await page.title()).not.toMatch(/^•/);
    const card = app.card('Оплатить госпошлину');
    const title = await editTitleOf(card);
    const before = await shellRenders();
    await title.press('!');
    await expect.poll(() => page.title()).toMatch(/^• /);
    await expect.poll(() => app.card('Оплатить госпошлину!').count()).toBe(1);
    expect(await shellRenders()).toBe(before);
  });

  it('dragging a card re-renders that card only, and so does undoing the move', async () => {
    const card = app.card('Звонок в регистратуру поликлиники');
    const id = (await card.getAttribute('data-step-id')) as string;
    await quiet();
    const before = await renders();
    await app.dragCardTo(card, app.cell('lane-touchpoints', 'stage-exams'));
    // The card, and the grid: the cell it left and the one it joined change their hints.
    const dragged = await since(before);
    expect(Object.keys(dragged).sort()).toEqual([id, 'grid'].sort());

    const beforeUndo = await renders();
    await app.press('Control+z');
    await expect.poll(() => app.stageOf(page.locator(`[data-step-id="${id}"]`))).not.toBe('stage-exams');
    expect(Object.keys(await since(beforeUndo)).sort()).toEqual([id, 'grid'].sort());
  });

  it('selecting a card re-renders the cards whose selection changed, no others', async () => {
    const a = app.card('Оплатить госпошлину');
    const b = app.card('Приехать в экзаменационное подразделение, сдать теорию');
    const [idA, idB] = [await a.getAttribute('data-step-id'), await b.getAttribute('data-step-id')];
    await a.click();
    await quiet();
    const before = await renders();
    await b.click();
    expect(Object.keys(await since(before)).sort()).toEqual([idA, idB].sort());
  });
});
