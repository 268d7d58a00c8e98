/**
 * The canvas says what the map means: agencies on cards, pain badges and pain-point cards,
 * inter-agency handoffs, the emotion curve, blueprint lines, the legend and the header strip.
 * The browser edition (`npm run build:web`) on the driving-licence sample, in Debian's Chromium.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { handoffFlowIds } from '../../shared/model';
import { loadTemplate } from '../../templates';
import { useBuiltApp } from './support/suite';
import { MarshrutPage } from './support/app';

const env = useBuiltApp();
const sample = loadTemplate('driving-licence-as-is');
const level = (severity: number) => (severity >= 4 ? 'high' : severity >= 3 ? 'medium' : 'low');

let context: BrowserContext;
let page: Page;
let app: MarshrutPage;
let errors: string[];

beforeEach(async () => {
  context = await env.browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'ru-RU' });
  page = await context.newPage();
  errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  app = new MarshrutPage(page);
  await page.goto(env.server.url);
  await app.waitForMap();
});

afterEach(async () => {
  await context.close();
  expect(errors).toEqual([]);
});

const painCards = () => page.locator('[data-testid="pain-card"]');
const painCard = (id: string) => page.locator(`[data-testid="pain-card"][data-pain-id="${id}"]`);
const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

/** Whether a box lies within the vertical extent of a lane (by its header). */
async function inLane(box: Locator, laneId: string): Promise<boolean> {
  const b = await box.boundingBox();
  const lane = await page.locator(`[data-testid="lane-${laneId}"]`).boundingBox();
  if (!b || !lane) return false;
  return b.y >= lane.y - 1 && b.y + b.height <= lane.y + lane.height + 1;
}

describe('the canvas of the sample map', () => {
  it('shows each step’s agencies by short name, with the first agency’s colour on the card', async () => {
    const agencies = new Map(sample.agencies.map((a) => [a.id, a]));
    for (const step of sample.steps.filter((s) => s.agencyIds.length > 0).slice(0, 8)) {
      const card = page.locator(`[data-testid="step-card"][data-step-id="${step.id}"]`);
      const first = agencies.get(step.agencyIds[0]!)!;
      await expect(card.locator('[data-testid="card-agencies"]').innerText()).resolves.toContain(first.shortName || first.name);
      const border = await card.evaluate((el) => getComputedStyle(el).borderLeftColor);
      const hex = first.color.match(/[0-9a-f]{2}/gi)!.map((h) => parseInt(h, 16));
      expect(border).toBe(`rgb(${hex.join(', ')})`);
    }
    // An in-person visit and its channel are marked.
    const visit = sample.steps.find((s) => s.inPerson && s.channel)!;
    const card = node(visit.id);
    await expect(card.locator('[data-testid="visit-mark"]').count()).resolves.toBe(1);
    await expect(card.locator(`[data-channel="${visit.channel}"]`).getAttribute('title')).resolves.toBeTruthy();
  });

  it('badges steps with pain points, coloured by the worst severity, listing their titles', async () => {
    const bySteps = new Map<string, typeof sample.painPoints>();
    for (const pain of sample.painPoints) if (pain.stepId) bySteps.set(pain.stepId, [...(bySteps.get(pain.stepId) ?? []), pain]);
    expect(bySteps.size).toBeGreaterThan(0);
    await expect(page.locator('[data-testid="pain-badge"]').count()).resolves.toBe(bySteps.size);
    for (const [stepId, pains] of bySteps) {
      const badge = node(stepId).locator('[data-testid="pain-badge"]');
      const worst = Math.max(...pains.map((p) => p.severity));
      await expect(badge.getAttribute('class')).resolves.toContain(`severity-${level(worst)}`);
      await expect(badge.innerText()).resolves.toBe(String(pains.length));
      await expect(badge.getAttribute('title')).resolves.toContain(pains[0]!.title);
    }
    // The three colours differ.
    const colours = await page.locator('[data-testid="pain-badge"]').evaluateAll((els) => [...new Set(els.map((el) => getComputedStyle(el).backgroundColor))]);
    expect(colours.length).toBeGreaterThan(1);
  });

  it('puts pain-point cards in the pains lane, without changing the step count', async () => {
    await expect(app.cards.count()).resolves.toBe(sample.steps.length);
    const placed = sample.painPoints.filter((p) => p.cell || p.stepId);
    await expect(painCards().count()).resolves.toBe(placed.length);
    for (const pain of placed) {
      const laneId = pain.cell?.laneId ?? 'lane-pains';
      expect(await inLane(painCard(pain.id), laneId)).toBe(true);
      await expect(painCard(pain.id).innerText()).resolves.toContain(pain.title.slice(0, 12));
    }
  });

  it('draws inter-agency handoffs in their own style, naming the agencies', async () => {
    const handoffs = handoffFlowIds(sample);
    await expect(page.locator('.react-flow__edge.flow-interagency').count()).resolves.toBe(handoffs.size);
    for (const id of handoffs) {
      await expect(page.locator(`.react-flow__edge[data-id="${id}"]`).getAttribute('class')).resolves.toContain('flow-interagency');
    }
    const other = sample.flows.find((f) => !handoffs.has(f.id))!;
    await expect(page.locator(`.react-flow__edge[data-id="${other.id}"]`).getAttribute('class')).resolves.not.toContain('flow-interagency');
    const first = [...handoffs][0]!;
    await expect(page.locator(`.react-flow__edge[data-id="${first}"] title`).textContent()).resolves.toMatch(/Межведомственная передача: .+ → .+/);
    await expect(page.locator(`.react-flow__edge[data-id="${first}"] .flow-handoff-band`).count()).resolves.toBe(1);
  });

  it('labels the blueprint lines, shows the legend and the variant and persona', async () => {
    const labels = page.locator('[data-testid="blueprint-label"]');
    await expect(labels.allInnerTexts()).resolves.toEqual(expect.arrayContaining(['Линия взаимодействия', 'Линия видимости']));
    for (const label of await labels.all()) expect(await label.isVisible()).toBe(true);

    const legend = page.locator('[data-testid="legend"]');
    const text = await legend.innerText();
    for (const agency of sample.agencies) expect(text).toContain(agency.shortName || agency.name);
    expect(text).toContain('Межведомственная передача');
    await expect(legend.locator('.legend-agency').first().getAttribute('title')).resolves.toBe(sample.agencies[0]!.name);
    await legend.getByRole('button', { name: 'Обозначения' }).click();
    await expect(legend.locator('.legend-agency').count()).resolves.toBe(0);
    await legend.getByRole('button', { name: 'Обозначения' }).click();
    await expect(legend.locator('.legend-agency').count()).resolves.toBe(sample.agencies.length);

    const header = page.locator('[data-testid="map-header"]');
    await expect(header.innerText()).resolves.toContain('Как есть');
    if (sample.personas[0]) await expect(header.innerText()).resolves.toContain(sample.personas[0].name);
    // The strip does not cover the stage headers after fitting the map.
    const strip = await header.boundingBox();
    const stage = await app.stageHeaders.first().boundingBox();
    expect(strip!.y + strip!.height).toBeLessThanOrEqual(stage!.y);
  });

  it('draws the emotion curve in the emotions lane (adding the lane in the UI if the sample has none)', async () => {
    let laneId = sample.lanes.find((l) => l.kind === 'emotions')?.id;
    if (!laneId) {
      await app.tool('addLane').click();
      await app.typeInlineName('Эмоции гражданина');
      await app.inspector.getByLabel('Тип дорожки').selectOption({ label: 'Эмоции' });
      const header = page.locator('.lane-header', { hasText: 'Эмоции гражданина' });
      laneId = (await header.getAttribute('data-testid'))!.replace(/^lane-/, '');
    }
    const curve = page.locator('[data-testid="emotion-curve"]');
    await curve.waitFor();
    const stagesWithEmotion = new Set(sample.steps.filter((s) => s.emotion !== undefined && s.laneId === 'lane-citizen').map((s) => s.stageId));
    await expect(curve.locator('.emotion-point').count()).resolves.toBe(stagesWithEmotion.size);
    await expect(curve.locator('path.emotion-path').getAttribute('d')).resolves.toMatch(/^M[\d.]+,[\d.]+( C.+)?$/);
    expect(await inLane(curve, laneId)).toBe(true);
    // The curve lets double-clicks through to the lane's cells: a new step lands there.
    const before = await app.cards.count();
    const stage = sample.stages[0]!.id;
    const cell = app.cell(laneId, stage);
    const box = (await cell.boundingBox())!;
    // A point of the cell that no flow crosses (the curve itself never takes the click).
    const point = await page.evaluate(
      ({ x, y, width, height }) => {
        for (let fx = 0.1; fx < 1; fx += 0.1) {
          const px = x + width * fx;
          const py = y + height / 2;
          const hit = document.elementFromPoint(px, py);
          if (hit?.classList.contains('cell') || hit?.classList.contains('cell-hint')) return { x: px, y: py };
        }
        return null;
      },
      box,
    );
    expect(point).not.toBeNull();
    await page.mouse.dblclick(point!.x, point!.y);
    await expect.poll(() => app.cards.count()).toBe(before + 1);
  });

  it('drags a pain-point card to another cell as one undo step', async () => {
    const pain = sample.painPoints.find((p) => p.stepId || p.cell)!;
    const card = painCard(pain.id);
    const before = await app.stageOf(card);
    const target = sample.stages.at(-1)!.id;
    expect(before).not.toBe(target);
    await app.dragCardTo(card, app.cell('lane-pains', target));
    await expect.poll(() => app.stageOf(card)).toBe(target);
    expect(await inLane(card, 'lane-pains')).toBe(true);
    expect(await app.dirtyMarker.count()).toBe(1);
    await app.press('Control+z');
    await expect.poll(() => app.stageOf(card)).toBe(before);
    await app.press('Control+Shift+z');
    await expect.poll(() => app.stageOf(card)).toBe(target);
  });

  it('mounts connection handles only where they can be used: the card under the pointer, the selected one, all while a flow is drawn', async () => {
    const handles = (card: Locator) => card.locator('.react-flow__handle');
    const from = sample.steps[0]!;
    const to = sample.steps.find((s) => s.id !== from.id && !sample.flows.some((f) => f.from === from.id && f.to === s.id))!;
    const source = page.locator(`[data-testid="step-card"][data-step-id="${from.id}"]`);
    const target = page.locator(`[data-testid="step-card"][data-step-id="${to.id}"]`);
    // At rest no card has handles (they are the heaviest part of a card on a big map).
    await page.mouse.move(5, 5);
    await expect.poll(() => page.locator('.react-flow__handle').count()).toBe(0);
    await source.hover();
    await expect.poll(() => handles(source).count()).toBe(4);
    expect(await handles(target).count()).toBe(0);
    const flows = await app.edges.count();
    await app.connect(source, target, async () => {
      // While the flow is drawn every card on screen is a drop target.
      await expect.poll(() => handles(target).count()).toBe(4);
      const cards = await app.cards.count();
      await expect.poll(() => page.locator('.react-flow__handle').count()).toBe(4 * cards);
    });
    await expect.poll(() => app.edges.count()).toBe(flows + 1);
    // The new flow is selected, not a card: only the card under the pointer keeps its handles.
    await page.mouse.move(5, 5);
    await expect.poll(() => page.locator('.react-flow__handle').count()).toBe(0);
    // A selected card shows its handles without the pointer on it.
    await source.click();
    await page.mouse.move(5, 5);
    await expect.poll(() => handles(source).count()).toBe(4);
  });

  it('lays a blank sheet over the map while the user pans or zooms, not while the app moves it, and takes it away when the gesture ends', async () => {
    const step = sample.steps[2]!;
    const card = page.locator(`[data-testid="step-card"][data-step-id="${step.id}"]`);
    const box = (await card.boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    /** The classes of the element the pointer would hit there. */
    const under = () => page.evaluate(([px, py]) => document.elementFromPoint(px!, py!)?.className.toString() ?? '', [x, y]);
    expect(await under()).toMatch(/step-|agency|card/);
    // React Flow fits the view at start once the cards are measured, a little after the first card
    // is in the DOM, and that move takes the layer too: let it come and go before recording.
    await page.waitForTimeout(500);
    await expect.poll(() => page.locator('.canvas.moving').count()).toBe(0);
    // Record every class the canvas takes from here on.
    await page.evaluate(() => {
      const canvas = document.querySelector('.canvas')!;
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => seen.push(canvas.className)).observe(canvas, { attributes: true, attributeFilter: ['class'] });
    });
    const seen = () => page.evaluate(() => (window as unknown as { seen: string[] }).seen.join(' | '));
    // A click on the empty canvas starts a "move" in React Flow but moves nothing: no layer, no sheet.
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.click(pane.x + 8, pane.y + pane.height - 40);
    await page.waitForTimeout(300);
    expect(await seen()).not.toMatch(/moving|gesture/);
    // Fit view moves the map by the app's hand: the layer, but no sheet.
    await app.fitView();
    await expect.poll(seen).toContain('moving');
    expect(await seen()).not.toContain('gesture');
    await expect.poll(() => page.locator('.canvas.moving').count()).toBe(0);
    // A wheel zoom by the user's hand: while it lasts the pointer hits the sheet (the renderer React Flow listens on).
    await page.mouse.move(x, y);
    await page.mouse.wheel(0, -100);
    await expect.poll(() => page.locator('.canvas.gesture').count()).toBe(1);
    expect(await under()).toContain('react-flow__renderer');
    // Gone when the gesture ends (the layer stays a moment longer), so a click reaches the cards again.
    await expect.poll(() => page.locator('.canvas.gesture').count(), { timeout: 2000 }).toBe(0);
    expect(await under()).not.toContain('react-flow__renderer');
    // A drag on the empty canvas pans under a sheet with the grabbing hand.
    await page.mouse.move(pane.x + 8, pane.y + pane.height - 40);
    await page.mouse.down();
    await page.mouse.move(pane.x + 60, pane.y + pane.height - 60, { steps: 4 });
    await expect.poll(() => page.locator('.canvas.gesture.gesture-drag').count()).toBe(1);
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.react-flow__renderer')!, '::after').cursor)).toBe('grabbing');
    await page.mouse.up();
    await expect.poll(() => page.locator('.canvas.gesture').count()).toBe(0);
    // The next click selects the card under the pointer.
    await card.click();
    await expect(node(step.id).getAttribute('class')).resolves.toContain('selected');
  });

  it('keeps every card’s text and marks inside the card, though the card clips nothing (styles.css: clips cost every frame)', async () => {
    const found = await page.evaluate(() => {
      const spills: string[] = [];
      let cards = 0;
      for (const card of document.querySelectorAll('.step-card, .note-card')) {
        cards++;
        const overflow = getComputedStyle(card).overflow;
        if (overflow !== 'visible') spills.push(`${card.className}: overflow ${overflow}`);
        const box = card.getBoundingClientRect();
        for (const el of card.querySelectorAll('*')) {
          // The handles sit on the card's edge by design.
          if (el.closest('.handle-anchor, .react-flow__handle')) continue;
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
            spills.push(`"${card.textContent?.slice(0, 30)}": ${el.tagName} ${el.getAttribute('class') ?? ''}`);
        }
      }
      return { cards, spills };
    });
    expect(found.cards).toBeGreaterThan(sample.steps.length);
    expect(found.spills).toEqual([]);
  });

  it('selects a pain-point card like a step', async () => {
    const pain = sample.painPoints[0]!;
    await painCard(pain.id).click();
    await expect(node(`pain:${pain.id}`).getAttribute('class')).resolves.toContain('selected');
    await expect(painCard(pain.id).getAttribute('class')).resolves.toContain('selected');
  });
});
