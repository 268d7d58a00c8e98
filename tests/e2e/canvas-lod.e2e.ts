/**
 * Level of detail on big maps (issue 8): zoomed out, the cards and flows of a 1000-step map are
 * one canvas of blocks instead of thousands of DOM nodes; zooming in brings the cards back; a
 * click on a block selects its card and zooms to it. Small maps never switch.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLargeMap } from '../../shared/export/large-map';
import { computeLayout, serializeDocument } from '../../shared/model';
import { useBuiltApp } from './support/suite';
import { MarshrutPage } from './support/app';
import { openDesktopApp, type DesktopSession } from './support/desktop';

const env = useBuiltApp();
let dir: string;
let session: DesktopSession;
let app: MarshrutPage;

const big = generateLargeMap(1000);
const lodLayer = () => app.page.locator('[data-testid="lod-layer"]');
/** The view [x, y, zoom] (React Flow's viewport transform) and the pane's size. */
const viewOf = () =>
  app.page.evaluate(() => {
    const transform = document.querySelector<HTMLElement>('.react-flow__viewport')?.style.transform ?? '';
    const [, x, y, k] = (/translate\(([-\d.e]+)px, ([-\d.e]+)px\) scale\(([\d.e]+)\)/.exec(transform) ?? []).map(Number);
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
    return { x: x ?? NaN, y: y ?? NaN, zoom: k ?? NaN, width: pane.width, height: pane.height };
  });
const zoom = async () => (await viewOf()).zoom;

/** Ctrl+wheel over the canvas until the zoom is at least `least` (a dozen steps at most). */
async function zoomInTo(least: number) {
  await app.page.locator('.react-flow__pane').hover();
  for (let i = 0; i < 12 && (await zoom()) < least; i++) {
    await app.page.keyboard.down('Control');
    await app.page.mouse.wheel(0, -300);
    await app.page.keyboard.up('Control');
    await app.page.waitForTimeout(150);
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'marshrut-lod-'));
  const file = join(dir, 'big.cjm');
  await writeFile(file, serializeDocument(big));
  session = await openDesktopApp(env.browser, env.server.url, { userDataDir: join(dir, 'userData'), startupFile: file });
  app = new MarshrutPage(session.page);
  await lodLayer().waitFor();
});
afterAll(async () => {
  await session?.context.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a 1000-step map', () => {
  it('at fit is one canvas of blocks: no card or flow in the DOM, headers still there', async () => {
    expect(await zoom()).toBeLessThan(0.4);
    expect(await app.cards.count()).toBe(0);
    expect(await app.edges.count()).toBe(0);
    expect(await app.stageHeaders.count()).toBe(big.stages.length);
    // Fit shows the whole map: the first and the last stage are both inside the canvas.
    const pane = (await app.page.locator('.react-flow').boundingBox())!;
    for (const stage of [big.stages[0]!, big.stages.at(-1)!]) {
      const box = (await app.page.locator(`[data-testid="stage-${stage.id}"]`).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(pane.x);
      expect(box.x + box.width).toBeLessThanOrEqual(pane.x + pane.width);
    }
    // The canvas has drawn something: not all pixels transparent.
    const painted = await lodLayer().evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let opaque = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) opaque++;
      return opaque / (data.length / 4);
    });
    expect(painted).toBeGreaterThan(0.05);
  });

  it('zooming in brings the cards back (culled to what is on screen); zooming out draws blocks again', async () => {
    await zoomInTo(0.5);
    expect(await zoom()).toBeGreaterThan(0.46);
    await app.cards.first().waitFor();
    // The blocks stay under the cards until every card in view is back (next test).
    await lodLayer().waitFor({ state: 'detached' });
    const shown = await app.cards.count();
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(big.steps.length); // only the visible ones
    await app.fitView();
    await lodLayer().waitFor();
    expect(await app.cards.count()).toBe(0);
  });

  it('zooming in hands the cards back a batch a frame over the blocks, then the flows; no card off screen is mounted', async () => {
    // Every frame from here: the cards and flows in the DOM, whether the blocks are there, and
    // every card React Flow has put in the DOM, if only for a frame.
    await app.page.evaluate(() => {
      const w = window as unknown as { __frames: [number, number, number][]; __added: Set<string>; __stop: () => void };
      w.__frames = [];
      w.__added = new Set();
      const cards = '.react-flow__node-step, .react-flow__node-pain, .react-flow__node-opportunity';
      const observer = new MutationObserver((records) => {
        for (const record of records)
          for (const node of record.addedNodes)
            if (node instanceof Element) for (const el of [node, ...node.querySelectorAll(cards)]) if (el.matches(cards)) w.__added.add(el.getAttribute('data-id') ?? '');
      });
      observer.observe(document.querySelector('.react-flow')!, { childList: true, subtree: true });
      let on = true;
      const frame = () => {
        w.__frames.push([document.querySelectorAll(cards).length, document.querySelectorAll('.react-flow__edge').length, document.querySelectorAll('[data-testid="lod-layer"]').length]);
        if (on) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      w.__stop = () => {
        on = false;
        observer.disconnect();
      };
    });
    await zoomInTo(0.5);
    await lodLayer().waitFor({ state: 'detached' });
    await app.page.waitForTimeout(300);
    const { frames, added, inView } = await app.page.evaluate(() => {
      const w = window as unknown as { __frames: [number, number, number][]; __added: Set<string>; __stop: () => void };
      w.__stop();
      const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
      const inView = [...document.querySelectorAll('.react-flow__node-step, .react-flow__node-pain, .react-flow__node-opportunity')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.right > pane.left && r.left < pane.right && r.bottom > pane.top && r.top < pane.bottom;
      }).length;
      return { frames: w.__frames, added: [...w.__added], inView };
    });
    const handover = frames.filter(([cards, , blocks]) => blocks === 1 && cards > 0);
    // Several frames of cards over the blocks, none adding more than a batch (HANDOVER_CARDS, lod.tsx).
    expect(handover.length).toBeGreaterThan(2);
    for (let i = 1; i < frames.length; i++) {
      const [cards, , blocks] = frames[i]!;
      if (blocks === 1) expect(cards - frames[i - 1]![0]).toBeLessThanOrEqual(20);
    }
    // The flows come back only once the cards in view are all back, and before the blocks go.
    const firstFlows = frames.findIndex(([, edges]) => edges > 0);
    expect(firstFlows).toBeGreaterThan(frames.indexOf(handover[0]!));
    expect(frames[firstFlows]![2]).toBe(1);
    // At the end: the cards and flows in view, and no card ever mounted off screen (React Flow
    // mounts a node whose handles it does not know once, wherever it is).
    const [cards, edges, blocks] = frames.at(-1)!;
    expect(blocks).toBe(0);
    expect(cards).toBeGreaterThan(20);
    expect(edges).toBeGreaterThan(0);
    expect(inView).toBe(cards);
    expect(added.length).toBeLessThan(cards * 1.5);
    await app.fitView();
    await lodLayer().waitFor();
    expect(await app.cards.count()).toBe(0);
  });

  it('dragging over the blocks pans the view (and selects nothing)', async () => {
    const transform = () => app.page.locator('.react-flow__viewport').evaluate((el: HTMLElement) => el.style.transform);
    const before = await transform();
    const box = (await lodLayer().boundingBox())!;
    const y = box.y + Math.min(box.height / 2, 300);
    await app.page.mouse.move(700, y);
    await app.page.mouse.down();
    await app.page.mouse.move(500, y, { steps: 8 });
    await app.page.mouse.up();
    expect(await transform()).not.toBe(before);
    expect(await zoom()).toBeLessThan(0.4);
    expect(await lodLayer().count()).toBe(1);
  });

  it('a click on a block selects that card and zooms to it', async () => {
    await app.fitView();
    const step = big.steps[0]!;
    // The first step's block, in screen coordinates.
    const point = await app.page.evaluate(() => {
      const canvas = document.querySelector('[data-testid="lod-layer"]') as HTMLCanvasElement;
      const box = canvas.getBoundingClientRect();
      return { x: box.left, y: box.top, scale: box.width / canvas.offsetWidth };
    });
    // Cards start one cell padding inside the first cell, just past the header column and row.
    await app.page.mouse.click(point.x + 40 * point.scale, point.y + 40 * point.scale);
    await app.card(step.title).waitFor();
    await expect.poll(() => session.page.locator('[data-testid="step-card"].selected, .react-flow__node.selected [data-testid="step-card"]').count()).toBeGreaterThan(0);
    await expect.poll(() => zoom()).toBeCloseTo(0.9, 1);
  });
});

describe('the minimap of a 1000-step map', () => {
  const minimap = () => app.page.locator('[data-testid="minimap"]');
  const translateX = async () => (await viewOf()).x;

  it('is one canvas and a veil, whatever the zoom: no element per card', async () => {
    await app.fitView();
    expect(await minimap().isVisible()).toBe(true);
    expect(await minimap().locator('canvas').count()).toBe(1);
    expect(await minimap().locator('rect, .react-flow__minimap-node').count()).toBe(0);
    // The cards are drawn: the canvas is not blank.
    const painted = await minimap().locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 200 || data[i + 1]! < 200) coloured++;
      return coloured / (data.length / 4);
    });
    expect(painted).toBeGreaterThan(0.05);
  });

  it('a click centres the view on that point, dragging in it moves the view', async () => {
    await zoomInTo(0.8);
    const box = (await minimap().locator('svg').boundingBox())!;
    const pane = (await app.page.locator('.react-flow').boundingBox())!;
    /** The flow x under the minimap pixel `px` (its viewBox), and the flow x at the pane's centre. */
    const flowXAt = async (px: number) => {
      const [x, , width] = ((await minimap().locator('svg').getAttribute('viewBox')) ?? '').split(' ').map(Number);
      return { x: x! + ((px - box.x) / box.width) * width!, pixel: width! / box.width };
    };
    const centreX = async () => (pane.width / 2 - (await translateX())) / (await zoom());
    for (const px of [box.x + box.width - 20, box.x + 20]) {
      const target = await flowXAt(px);
      await app.page.mouse.click(px, box.y + box.height / 2);
      // Within one minimap pixel (a click lands on whole pixels).
      await expect.poll(async () => Math.abs((await centreX()) - target.x), { timeout: 5000 }).toBeLessThan(target.pixel);
    }
    // Drag the veil's hole to the right: the view follows.
    const before = await translateX();
    await app.page.mouse.move(box.x + 20, box.y + box.height / 2);
    await app.page.mouse.down();
    await app.page.mouse.move(box.x + 70, box.y + box.height / 2, { steps: 6 });
    await app.page.mouse.up();
    expect(await translateX()).toBeLessThan(before - 500);
  });
});

describe('the flows of a 1000-step map', () => {
  const layout = computeLayout(big);
  /** The flows React Flow draws at the view now, were it given every flow: their two cards' box overlaps the view. */
  const flowsInView = async () => {
    const { x, y, zoom: k, width, height } = await viewOf();
    const view = { left: -x / k, top: -y / k, right: (width - x) / k, bottom: (height - y) / k };
    return big.flows
      .filter((flow) => {
        const a = layout.cards.get(flow.from)!;
        const b = layout.cards.get(flow.to)!;
        const left = Math.min(a.x, b.x);
        const right = Math.max(a.x + a.width, b.x + b.width);
        const top = Math.min(a.y, b.y);
        const bottom = Math.max(a.y + a.height, b.y + b.height);
        return left < view.right && right > view.left && top < view.bottom && bottom > view.top;
      })
      .map((flow) => flow.id)
      .sort();
  };
  const drawnFlows = async () => (await app.edges.evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? ''))).sort();

  it("are drawn wherever the view goes: exactly those whose two cards' box meets the view", async () => {
    await zoomInTo(0.5);
    await lodLayer().waitFor({ state: 'detached' });
    await expect.poll(async () => (await drawnFlows()).join() === (await flowsInView()).join(), { timeout: 5000 }).toBe(true);
    // Far along the map (the minimap centres the view where it is clicked), and back.
    const box = (await app.page.locator('[data-testid="minimap"] svg').boundingBox())!;
    for (const px of [box.x + box.width - 25, box.x + box.width / 2, box.x + 25]) {
      const before = await drawnFlows();
      await app.page.mouse.click(px, box.y + box.height / 2);
      await app.page.waitForTimeout(800); // the view moves there in 200 ms
      // Once the view has stopped, the flows drawn are those it shows, and they are others than before.
      await expect.poll(async () => (await drawnFlows()).join() === (await flowsInView()).join(), { timeout: 5000 }).toBe(true);
      const after = await drawnFlows();
      expect(after.length).toBeGreaterThan(10);
      expect(after.filter((id) => before.includes(id)).length).toBeLessThan(after.length / 2);
    }
    await app.fitView();
    await lodLayer().waitFor();
  });
});

describe('the moving layer of a 1000-step map', () => {
  const layout = computeLayout(big);

  it("stays one compositor layer while the view zooms out far from the map's origin, so what is on screen is not rasterised anew", async () => {
    await zoomInTo(0.5);
    await lodLayer().waitFor({ state: 'detached' });
    // Near the map's end (the minimap centres the view where it is clicked), then to zoom 1.
    const box = (await app.page.locator('[data-testid="minimap"] svg').boundingBox())!;
    await app.page.mouse.click(box.x + box.width - 25, box.y + box.height / 2);
    await app.page.waitForTimeout(800);
    const pane = (await app.page.locator('.react-flow__pane').boundingBox())!;
    await app.page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    let now = await zoom();
    // React Flow's wheel zoom: k × 2^(−deltaY × 0.002) about the pointer.
    const wheelTo = async (target: number) => {
      await app.page.mouse.wheel(0, 500 * (Math.log2(now) - Math.log2(target)));
      now = target;
    };
    await wheelTo(1);
    await app.page.waitForTimeout(500);
    const view = await viewOf();
    // The view's left edge is far from the map's origin (more than 4 panes' width in).
    expect(-view.x / view.zoom).toBeGreaterThan(4 * view.width);

    // The compositor layers as big as the map, as Chromium reports them while the view zooms out
    // in 3 % steps, in one gesture, to just above the zoom where the cards become blocks.
    const cdp = await app.page.context().newCDPSession(app.page);
    const mapLayers = new Set<number>();
    cdp.on('LayerTree.layerTreeDidChange', (event) => {
      for (const layer of event.layers ?? []) if (layer.drawsContent && layer.width * layer.height >= 0.9 * layout.width * layout.height) mapLayers.add(Number(layer.layerId));
    });
    await cdp.send('LayerTree.enable');
    for (let target = 0.97; target > 0.42; target *= 0.97) {
      await wheelTo(target);
      await app.page.waitForTimeout(40);
    }
    await app.page.waitForTimeout(100);
    expect(await zoom()).toBeLessThan(0.45);
    expect(await lodLayer().count()).toBe(0);
    await cdp.detach();
    // One layer from start to end: a new one would have every tile on screen rasterised again.
    expect([...mapLayers]).toHaveLength(1);
    await app.fitView();
    await lodLayer().waitFor();
  });
});

describe('opening a big map whose fit ends in blocks', () => {
  /** Step cards React Flow has put in the DOM since the count was reset (even if gone again). */
  const added = () => app.page.evaluate(() => (window as unknown as { __addedCards: number }).__addedCards);
  const reset = () => app.page.evaluate(() => ((window as unknown as { __addedCards: number }).__addedCards = 0));

  it('at start and with Ctrl+O goes straight to blocks: its cards are not mounted at the fitted zoom on the way', async () => {
    await app.page.addInitScript(() => {
      const w = window as unknown as { __addedCards: number };
      w.__addedCards = 0;
      new MutationObserver((records) => {
        for (const record of records)
          for (const node of record.addedNodes)
            if (node instanceof Element) w.__addedCards += (node.matches('.react-flow__node-step') ? 1 : 0) + node.querySelectorAll('.react-flow__node-step').length;
      }).observe(document, { childList: true, subtree: true });
    });
    // At start: the page loads the file named on the command line.
    await app.page.reload();
    await lodLayer().waitFor();
    await app.page.waitForTimeout(500);
    // React Flow's very first render is at its default view (zoom 1, before the pane is measured),
    // and shows the few cards there until blocks take over in the same task, before any paint;
    // what must not happen is every card mounted at the fitted zoom.
    expect(await added()).toBeLessThan(60);
    expect(await zoom()).toBeLessThan(0.4);
    // Ctrl+O from a small map (the cards of the new map are never mounted at the old view).
    await app.press('Control+n');
    await lodLayer().waitFor({ state: 'detached' });
    await reset();
    session.dialogs.openPaths.push(join(dir, 'big.cjm'));
    await app.press('Control+o');
    await lodLayer().waitFor();
    await app.page.waitForTimeout(500);
    expect(await added()).toBe(0);
    expect(await app.cards.count()).toBe(0);
  });
});

describe('a small map', () => {
  it('never switches to blocks, however far out', async () => {
    await app.press('Control+n');
    await app.page.locator('.react-flow__pane').hover();
    for (let i = 0; i < 10; i++) {
      await app.page.keyboard.down('Control');
      await app.page.mouse.wheel(0, 400);
      await app.page.keyboard.up('Control');
    }
    await app.page.waitForTimeout(300);
    expect(await zoom()).toBeLessThan(0.2);
    expect(await lodLayer().count()).toBe(0);
  });
});
