/**
 * Page object for the Marshrut editor: what a person sees and does, in the words of the UI.
 * Tests read as given/when/then on top of it.
 */
import type { Locator, Page } from 'playwright-core';

export class MarshrutPage {
  constructor(readonly page: Page) {}

  get cards(): Locator {
    return this.page.locator('[data-testid="step-card"]');
  }

  /** The card whose title is exactly `title`. */
  card(title: string): Locator {
    return this.cards.filter({ has: this.page.locator('.step-title').getByText(title, { exact: true }) }).first();
  }

  get stageHeaders(): Locator {
    return this.page.locator('.stage-header');
  }

  get laneHeaders(): Locator {
    return this.page.locator('.lane-header');
  }

  get edges(): Locator {
    return this.page.locator('.react-flow__edge');
  }

  cell(laneId: string, stageId: string): Locator {
    return this.page.locator(`.cell[data-lane="${laneId}"][data-stage="${stageId}"]`);
  }

  tool(command: string): Locator {
    return this.page.locator(`.toolbar [data-command="${command}"]`);
  }

  get inspector(): Locator {
    return this.page.locator('.inspector');
  }

  get dialog(): Locator {
    return this.page.locator('.modal');
  }

  get docName(): Locator {
    return this.page.locator('.doc-name');
  }

  get dirtyMarker(): Locator {
    return this.page.locator('.dirty-marker');
  }

  async waitForMap() {
    await this.cards.first().waitFor();
  }

  async stageTitles(): Promise<string[]> {
    return this.page.locator('.stage-header .header-title').allInnerTexts();
  }

  async laneTitles(): Promise<string[]> {
    return this.page.locator('.lane-header .header-title').allInnerTexts();
  }

  /** Types into the inline rename box of a freshly added stage or lane and confirms. */
  async typeInlineName(text: string) {
    const input = this.page.locator('.inline-rename');
    await input.waitFor();
    await input.fill(text);
    await input.press('Enter');
  }

  async fitView() {
    await this.tool('fitView').click();
    await this.page.waitForTimeout(100);
  }

  /** Drags a card with the mouse so that its centre lands on the centre of a cell. */
  async dragCardTo(card: Locator, target: Locator) {
    const from = await card.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error('card or cell not visible');
    const mouse = this.page.mouse;
    await mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await mouse.down();
    const steps = 12;
    for (let i = 1; i <= steps; i++) {
      await mouse.move(
        from.x + from.width / 2 + ((to.x + to.width / 2 - (from.x + from.width / 2)) * i) / steps,
        from.y + from.height / 2 + ((to.y + to.height / 2 - (from.y + from.height / 2)) * i) / steps,
      );
    }
    await mouse.up();
  }

  /** Drags from the right handle of one card to the left side of another. */
  /**
   * Draws a flow as a person does: hover the source card (its handles appear), drag from its
   * right handle to the middle of the target card's left edge (the target's handles appear once
   * the flow is being drawn), release. `during` runs with the mouse held over the target.
   */
  async connect(source: Locator, target: Locator, during?: () => Promise<void>) {
    await source.hover();
    const from = await source.locator('.react-flow__handle-right').boundingBox();
    const box = await target.boundingBox();
    if (!from || !box) throw new Error('source handle or target card not visible');
    const to = { x: box.x, y: box.y + box.height / 2 };
    const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
    const mouse = this.page.mouse;
    await mouse.move(start.x, start.y);
    await mouse.down();
    for (let i = 1; i <= 10; i++) {
      await mouse.move(start.x + ((to.x - start.x) * i) / 10 + 2, start.y + ((to.y - start.y) * i) / 10 + 2);
    }
    await mouse.move(to.x, to.y);
    await during?.();
    await mouse.up();
  }

  /** Which stage column a card's centre is in (by the stage header's horizontal extent). */
  async stageOf(card: Locator): Promise<string | null> {
    const box = await card.boundingBox();
    if (!box) return null;
    const cx = box.x + box.width / 2;
    for (const header of await this.stageHeaders.all()) {
      const h = await header.boundingBox();
      if (h && cx >= h.x && cx < h.x + h.width) return (await header.getAttribute('data-testid'))?.replace(/^stage-/, '') ?? null;
    }
    return null;
  }

  async press(keys: string) {
    await this.page.keyboard.press(keys);
  }

  async chooseLanguage(locale: 'ru' | 'en') {
    await this.page.locator('.toolbar .language select').selectOption(locale);
  }
}
