/**
 * Presentation mode and the workshop timer, in the browser edition on the driving-licence
 * sample (Debian's Chromium): entering from the toolbar and with F5, the stage-by-stage walk
 * with the view gliding and the stage's pain points standing out, leaving with Escape to the
 * editor exactly as it was, the spotlight, high contrast, and the countdown to "time is up".
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { stageScorecard } from '../../shared/model/stage-metrics';
import { loadTemplate } from '../../templates';
import { useBuiltApp } from './support/suite';
import { MarshrutPage } from './support/app';

const env = useBuiltApp();
const sample = loadTemplate('driving-licence-as-is');
/** The overview, one slide per stage (no comparison is loaded). */
const SLIDES = 1 + sample.stages.length;
const GLIDE = 700;

let context: BrowserContext;
let page: Page;
let app: MarshrutPage;
let errors: string[];

async function open(options: { clock?: boolean } = {}) {
  context = await env.browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'ru-RU' });
  page = await context.newPage();
  errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (options.clock) await page.clock.install({ time: new Date('2025-03-01T10:00:00Z') });
  app = new MarshrutPage(page);
  await page.goto(env.server.url);
  await app.waitForMap();
}

beforeEach(() => {
  errors = [];
});

afterEach(async () => {
  await context?.close();
  expect(errors).toEqual([]);
});

const presentation = () => page.locator('[data-testid="presentation"]');
const title = () => page.locator('[data-testid="present-title"]');
const counter = () => page.locator('[data-testid="present-counter"]');
/** The CSS transform of a React Flow viewport: the editor's (`.canvas`) or the presentation's. */
const transform = (scope: '.canvas' | '.present') => page.locator(`${scope} .react-flow__viewport`).evaluate((el) => (el as HTMLElement).style.transform);
const presentNode = (id: string) => page.locator(`.present .react-flow__node[data-id="${id}"]`);
const classesOf = async (locator: Locator) => ((await locator.getAttribute('class')) ?? '').split(/\s+/);

/** Waits for the presentation to show the slide with this title, and for the view to settle. */
async function expectSlide(text: string, index: number, total = SLIDES) {
  await page.waitForFunction(
    ([want, n]) => document.querySelector('[data-testid="present-title"]')?.textContent === want && document.querySelector('[data-testid="presentation"]')?.getAttribute('data-slide') === n,
    [text, String(index)] as const,
  );
  await page.waitForTimeout(GLIDE);
  expect(await counter().innerText()).toBe(`${index + 1} / ${total}`);
}

/** The first stages with pain-point cards on the presentation canvas. */
const stagesWithPains = sample.stages
  .map((stage, index) => ({ stage, index, card: stageScorecard(sample, stage.id)! }))
  .filter((s) => s.card.painPoints > 0);

describe('presentation mode', () => {
  it('walks the journey stage by stage and returns to the editor exactly as it was', async () => {
    await open();
    // The editor as someone left it: a card selected, zoomed in, the health tab open.
    const step = sample.steps[3]!;
    await app.card(step.title).click();
    const fitted = await transform('.canvas');
    await page.keyboard.press('Control+=');
    await page.waitForTimeout(400);
    expect(await transform('.canvas')).not.toBe(fitted);
    await page.locator('#tab-health').click();
    const before = await transform('.canvas');
    expect(await page.locator('.step-card.selected').getAttribute('data-step-id')).toBe(step.id);

    await app.tool('present').click();
    await presentation().waitFor();
    expect(await page.locator('.toolbar').isVisible()).toBe(false);
    expect(await page.locator('.sidebar').isVisible()).toBe(false);
    expect(await page.locator('.canvas .react-flow__minimap').isVisible()).toBe(false);

    // Slide 1: the overview — title, persona, the numbers, the heatmap.
    await expectSlide(sample.meta.title, 0);
    const overview = page.locator('[data-testid="present-overview"]');
    expect(await overview.locator('[data-metric="steps"] dd').innerText()).toBe(String(sample.steps.length));
    expect(await overview.locator('[data-metric="painPoints"] dd').innerText()).toBe(String(sample.painPoints.length));
    if (sample.personas[0]) expect(await overview.innerText()).toContain(sample.personas[0].name);
    expect(await page.locator('[data-testid="present-heatmap"] .present-heat').count()).toBeGreaterThan(0);

    // Forward through three stages with the keys a person and a clicker use.
    let last = await transform('.present');
    const keys = ['ArrowRight', 'PageDown', 'ArrowRight'];
    const seen: string[] = [last];
    for (const [i, key] of keys.entries()) {
      const stage = sample.stages[i]!;
      await page.keyboard.press(key);
      await expectSlide(stage.title, i + 1);
      const now = await transform('.present');
      expect(now, `the view moved to stage ${i + 1}`).not.toBe(last);
      seen.push(now);
      last = now;
      const panel = page.locator('[data-testid="present-stage-panel"]');
      expect(await panel.getAttribute('data-stage')).toBe(stage.id);
      const figures = stageScorecard(sample, stage.id)!;
      expect(await panel.locator('[data-testid="present-stage-pains"]').innerText()).toBe(String(figures.painPoints));
      expect(await panel.locator('[data-metric="steps"] dd').innerText()).toBe(String(figures.steps));
      // The stage's own cards are in full view, the rest dimmed.
      const stageSteps = sample.steps.filter((s) => s.stageId === stage.id);
      for (const s of stageSteps.slice(0, 3)) expect(await classesOf(presentNode(s.id))).toContain('present-in');
      const elsewhere = sample.steps.find((s) => s.stageId !== stage.id);
      if (elsewhere) expect(await classesOf(presentNode(elsewhere.id))).toContain('present-out');
    }

    // The pain points of a stage stand out; those of other stages are dimmed.
    const painful = stagesWithPains.find((s) => s.index >= 0)!;
    await page.keyboard.press(String(painful.index + 1));
    await expectSlide(painful.stage.title, painful.index + 1);
    const hot = page.locator('.present .react-flow__node-pain.present-hot');
    expect(await hot.count()).toBeGreaterThan(0);
    for (const id of await hot.evaluateAll((els) => els.map((el) => el.getAttribute('data-id')))) {
      expect(painful.card.painPointIds).toContain(id!.slice('pain:'.length));
    }
    const others = page.locator('.present .react-flow__node-pain:not(.present-hot)');
    for (const el of (await others.all()).slice(0, 3)) expect(await classesOf(el)).toContain('present-out');
    const box = await hot.first().locator('.pain-card').evaluate((el) => getComputedStyle(el).boxShadow);
    expect(box).not.toBe('none');

    // Back to stage 3 with the digit, then ArrowLeft to stage 2: the view returns to where it was.
    await page.keyboard.press('3');
    await expectSlide(sample.stages[2]!.title, 3);
    await page.keyboard.press('ArrowLeft');
    await expectSlide(sample.stages[1]!.title, 2);
    expect(await transform('.present')).toBe(seen[2]);
    await page.keyboard.press('Home');
    await expectSlide(sample.meta.title, 0);
    await page.keyboard.press('End');
    await expectSlide(sample.stages.at(-1)!.title, SLIDES - 1);
    await page.keyboard.press('ArrowRight'); // past the end: stays
    await page.waitForTimeout(200);
    expect(await counter().innerText()).toBe(`${SLIDES} / ${SLIDES}`);

    // Escape: the editor exactly as it was.
    await page.keyboard.press('Escape');
    await presentation().waitFor({ state: 'detached' });
    expect(await page.locator('.toolbar').isVisible()).toBe(true);
    expect(await page.locator('.sidebar').isVisible()).toBe(true);
    expect(await transform('.canvas')).toBe(before);
    expect(await page.locator('.step-card.selected').getAttribute('data-step-id')).toBe(step.id);
    expect(await page.locator('#tab-health').getAttribute('aria-selected')).toBe('true');
    expect(await app.dirtyMarker.count()).toBe(0);
    expect(await page.title()).not.toContain('•');
    expect(await page.locator('.toolbar [data-command="undo"]').isDisabled()).toBe(true);
  });

  it('enters with F5, keeps the canvas read-only, spotlights a card, and switches to high contrast', async () => {
    await open();
    await page.keyboard.press('F5');
    await presentation().waitFor();
    await expectSlide(sample.meta.title, 0);
    const painful = stagesWithPains[0]!;
    await page.keyboard.press(String(painful.index + 1));
    await expectSlide(painful.stage.title, painful.index + 1);

    // Read-only: a double-click on a cell adds nothing, a card cannot be dragged.
    const cell = page.locator('.present .cell').first();
    await cell.dblclick({ force: true });
    const painId = painful.card.painPointIds.find((id) => sample.painPoints.find((p) => p.id === id)?.cell || sample.lanes.some((l) => l.kind === 'pains'))!;
    const card = page.locator(`.present [data-testid="pain-card"][data-pain-id="${painId}"]`);
    const from = (await card.boundingBox())!;
    await page.mouse.move(from.x + 20, from.y + 20);
    await page.mouse.down();
    await page.mouse.move(from.x + 220, from.y + 160, { steps: 8 });
    await page.mouse.up();
    expect(await card.boundingBox()).toEqual(from);
    expect(await page.locator('.present [data-testid="step-card"]').count()).toBe(sample.steps.length);

    // The spotlight: a click on a card…
    await card.click();
    const caption = page.locator('[data-testid="spotlight-caption"]');
    await caption.waitFor();
    const pain = sample.painPoints.find((p) => p.id === painId)!;
    expect(await caption.innerText()).toContain(pain.title);
    expect(await caption.locator('[data-testid="spotlight-severity"]').innerText()).toContain(String(pain.severity));
    const agency = sample.agencies.find((a) => pain.agencyIds.includes(a.id));
    if (agency) expect(await caption.innerText()).toContain(agency.name);
    expect(await classesOf(presentNode(`pain:${painId}`))).toContain('present-spot');
    expect(await classesOf(presentNode(sample.steps[0]!.id))).toContain('present-shade');
    // …a second click clears it…
    await card.click();
    await caption.waitFor({ state: 'detached' });
    expect(await classesOf(presentNode(`pain:${painId}`))).not.toContain('present-spot');
    // …and so does the first Escape, which leaves the presentation on.
    const step = sample.steps.find((s) => s.stageId === painful.stage.id)!;
    await page.locator(`.present [data-testid="step-card"][data-step-id="${step.id}"]`).click();
    await caption.waitFor();
    expect(await caption.innerText()).toContain(step.title);
    await page.keyboard.press('Escape');
    await caption.waitFor({ state: 'detached' });
    expect(await presentation().isVisible()).toBe(true);

    // High contrast: the C key and the button; remembered.
    expect(await classesOf(presentation())).not.toContain('present-hc');
    await page.keyboard.press('c');
    expect(await classesOf(presentation())).toContain('present-hc');
    expect(await page.evaluate(() => localStorage.getItem('marshrut.presentHighContrast'))).toBe('1');
    await page.locator('[data-testid="present-contrast"]').click();
    expect(await classesOf(presentation())).not.toContain('present-hc');
    await page.locator('[data-testid="present-contrast"]').click();
    expect(await classesOf(presentation())).toContain('present-hc');

    // The second Escape leaves; the document was never touched.
    await page.keyboard.press('Escape');
    await presentation().waitFor({ state: 'detached' });
    expect(await app.dirtyMarker.count()).toBe(0);
    expect(await page.title()).not.toContain('•');
    expect(await app.cards.count()).toBe(sample.steps.length);

    // Next time, high contrast is already on.
    await app.tool('present').click();
    await presentation().waitFor();
    expect(await classesOf(presentation())).toContain('present-hc');
    await page.locator('[data-testid="present-exit"]').click();
    await presentation().waitFor({ state: 'detached' });
  });

  it('ends with the as-is / to-be slide when a comparison is open, and Escape returns to it', async () => {
    await open();
    await page.locator('#tab-scorecard').click();
    await page.locator('.compare-menu > button').click();
    await page.locator('.compare-menu [role="menuitem"]').first().click();
    await page.locator('.modal.compare').waitFor();
    await page.keyboard.press('F5');
    await presentation().waitFor();
    await page.keyboard.press('End');
    await expectSlide('Как есть и как будет', SLIDES, SLIDES + 1);
    const slide = page.locator('[data-testid="present-compare"]');
    expect(await slide.locator('[data-metric="steps"] td').first().innerText()).toBe(String(sample.steps.length));
    expect(await slide.locator('tr.present-better').count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await presentation().waitFor({ state: 'detached' });
    expect(await page.locator('.modal.compare').isVisible()).toBe(true);
    expect(await app.dirtyMarker.count()).toBe(0);
  });
});

describe('the workshop timer', () => {
  it('counts down, pauses, resumes, and ends with a red clock and a banner', async () => {
    await open({ clock: true });
    await app.tool('timer').click();
    await page.locator('[data-testid="timer-custom"]').fill('0,05');
    await page.locator('[data-testid="timer-start"]').click();
    const clock = page.locator('[data-testid="timer-clock"]');
    const time = page.locator('[data-testid="timer-time"]');
    await clock.waitFor();
    expect(await time.innerText()).toBe('00:03');

    await page.clock.runFor(1100);
    expect(await time.innerText()).toBe('00:02');
    await page.locator('[data-testid="timer-pause"]').click();
    await page.clock.runFor(5000);
    expect(await time.innerText()).toBe('00:02');
    expect(await classesOf(clock)).toContain('timer-paused');
    await page.locator('[data-testid="timer-resume"]').click();

    // It stays on screen in the presentation.
    await app.tool('present').click();
    await presentation().waitFor();
    expect(await clock.isVisible()).toBe(true);
    expect(await classesOf(clock)).toContain('timer-in-presentation');

    await page.clock.runFor(3000);
    expect(await time.innerText()).toBe('00:00');
    expect(await classesOf(clock)).toContain('timer-done');
    const banner = page.locator('[data-testid="timer-banner"]');
    expect(await banner.innerText()).toContain('Время вышло');
    await page.locator('[data-testid="timer-dismiss"]').click();
    await banner.waitFor({ state: 'detached' });
    expect(await clock.isVisible()).toBe(true);

    // Reset: the full duration again, paused until resumed.
    await page.locator('[data-testid="timer-reset"]').click();
    expect(await time.innerText()).toBe('00:03');
    await page.locator('[data-testid="timer-close"]').click();
    await clock.waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await presentation().waitFor({ state: 'detached' });

    // A preset, in English.
    await app.chooseLanguage('en');
    await app.tool('timer').click();
    await page.locator('.timer-presets [data-minutes="5"]').click();
    expect(await time.innerText()).toBe('05:00');
    await page.clock.runFor(5 * 60_000 + 500);
    expect(await page.locator('[data-testid="timer-banner"]').innerText()).toContain('Time is up');
    expect(await app.dirtyMarker.count()).toBe(0);
  });
});
