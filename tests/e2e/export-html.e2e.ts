/**
 * The offline HTML viewer in Chromium, opened from a file as a user double-clicking it would: it
 * loads with no errors, no CSP violation and no request but the file itself; clicking a card
 * shows its details; the agency and severity filters dim cards; zoom and pan work with buttons,
 * wheel, keys and drag; the scorecard, the health check and the guidance links are there; the
 * 1000-step map loads and fits; and XSS payloads in every text field stay text.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { hostileDocument, XSS_PAYLOADS } from './support/xss';
import { exportHtml } from '../../shared/export/html';
import { formatNumber } from '../../shared/export/docx/content';
import { generateLargeMap } from '../../shared/export/large-map';
import { runHealthCheck } from '../../shared/health';
import type { Locale } from '../../shared/i18n';
import { computeScorecard, type JourneyMap } from '../../shared/model';
import { loadTemplate } from '../../templates';
import { BUILT_IN_CATALOGS } from '../../templates/guidance';

const NOW = new Date('2025-03-01T10:00:00Z');
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dir: string;
let requests: string[];
let errors: string[];
let dialogs: string[];
let fileCount = 0;

beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'marshrut-html-'));
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // Runs before the page's own script (and outside its CSP): records policy violations.
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page = await context.newPage();
  requests = [];
  errors = [];
  dialogs = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') errors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});
afterEach(async () => {
  await context.close();
});

/** Exports the map, writes it to a file and opens it by its file:// URL; returns that URL. */
async function open(doc: JourneyMap, locale: Locale = 'ru'): Promise<string> {
  const file = join(dir, `map-${++fileCount}.html`);
  writeFileSync(file, exportHtml(doc, { locale, catalogs: BUILT_IN_CATALOGS, now: NOW }), 'utf8');
  const url = pathToFileURL(file).href;
  await page.goto(url);
  await page.waitForSelector('body[data-ready="1"]');
  return url;
}

/** Fails on anything the page should never do. */
async function expectClean(url: string) {
  await page.waitForTimeout(100);
  expect(errors).toEqual([]);
  expect(dialogs).toEqual([]);
  expect(requests).toEqual([url]);
  expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
}

const scale = () => page.locator('#mv-viewport').evaluate((el) => Number(el.getAttribute('data-scale')));
const viewBox = () => page.locator('#mv-viewport svg').evaluate((el) => (el.getAttribute('viewBox') ?? '').split(' ').map(Number));
/** The parts of the map (grid, legend) whose box on screen is not inside the viewport's. */
const outsideViewport = () =>
  page.evaluate(() => {
    const viewport = (document.getElementById('mv-viewport') as HTMLElement).getBoundingClientRect();
    return [...document.querySelectorAll('#mv-viewport svg > g')]
      .filter((g) => {
        const r = g.getBoundingClientRect();
        return r.left < viewport.left - 1 || r.top < viewport.top - 1 || r.right > viewport.right + 1 || r.bottom > viewport.bottom + 1;
      })
      .map((g) => g.getAttribute('class'));
  });
const dimmed = (selector: string) => page.locator(selector).evaluate((el) => el.classList.contains('is-dimmed'));

describe('the HTML export in Chromium', () => {
  it('the sample opens from a file with no errors, CSP violations or requests, fitted to the viewport', async () => {
    const doc = loadTemplate('driving-licence-as-is');
    const url = await open(doc);
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await page.locator('h1').textContent()).toBe(doc.meta.title);
    expect(await page.locator('#mv-viewport [data-step-id]').count()).toBe(doc.steps.length);
    // Fitted: the whole map is inside the viewport.
    expect(await outsideViewport()).toEqual([]);
    expect(await page.locator('footer').textContent()).toContain('01.03.2025');
    await expectClean(url);
  });

  it('clicking a step card shows its Russian title and facts in Details and highlights it', async () => {
    const doc = loadTemplate('driving-licence-as-is');
    const url = await open(doc);
    const step = doc.steps.find((s) => s.costRub && s.costRub > 0 && s.description) ?? doc.steps[0];
    if (!step) throw new Error('no step');
    await page.click('#mv-tab-scorecard');
    await page.locator(`#mv-viewport [data-step-id="${step.id}"] > rect`).first().click();
    expect(await page.locator('#mv-tab-details').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#mv-details-body h2').textContent()).toBe(step.title);
    expect(step.title).toMatch(/[А-Яа-яЁё]/);
    const text = (await page.locator('#mv-details-body').textContent()) ?? '';
    expect(text).toContain(step.description.trim().slice(0, 40));
    expect(text).toContain(formatNumber(step.costRub ?? 0, 'ru'));
    expect(await page.locator('#mv-viewport .is-selected').getAttribute('data-step-id')).toBe(step.id);
    // A pain point of the step is a button that selects it.
    const pain = doc.painPoints.find((p) => p.stepId === step.id);
    if (pain) {
      await page.locator('#mv-details-body button[data-target^="pain:"]').first().click();
      expect(await page.locator('#mv-details-body h2').textContent()).toBe(pain.title);
    }
    // Escape clears the selection.
    await page.keyboard.press('Escape');
    expect(await page.locator('#mv-viewport .is-selected').count()).toBe(0);
    await expectClean(url);
  });

  it('filters: one agency dims the cards of the others; a minimum severity dims lighter pains', async () => {
    const doc = loadTemplate('driving-licence-as-is');
    const url = await open(doc);
    const agency = doc.agencies.find((a) => doc.steps.some((s) => s.agencyIds.includes(a.id)) && doc.painPoints.some((p) => p.agencyIds.includes(a.id)));
    if (!agency) throw new Error('no agency with steps and pains');
    await page.click('#mv-tab-filters');
    await page.click('#mv-agencies-none');
    await page.locator(`input[data-agency="${agency.id}"]`).check();
    for (const step of doc.steps) {
      expect(await dimmed(`#mv-viewport [data-step-id="${step.id}"]`), step.title).toBe(!step.agencyIds.includes(agency.id));
    }
    for (const pain of doc.painPoints) {
      expect(await dimmed(`#mv-viewport [data-pain-id="${pain.id}"]`), pain.title).toBe(!pain.agencyIds.includes(agency.id));
    }
    // A flow between two dimmed steps is dimmed too.
    const flow = doc.flows.find((f) => [f.from, f.to].every((id) => !doc.steps.find((s) => s.id === id)?.agencyIds.includes(agency.id)));
    if (flow) expect(await dimmed(`#mv-viewport [data-flow-id="${flow.id}"]`)).toBe(true);

    await page.click('#mv-agencies-all');
    await page.selectOption('#mv-min-severity', '4');
    for (const step of doc.steps) expect(await dimmed(`#mv-viewport [data-step-id="${step.id}"]`)).toBe(false);
    for (const pain of doc.painPoints) {
      expect(await dimmed(`#mv-viewport [data-pain-id="${pain.id}"]`), `${pain.title} (${pain.severity})`).toBe(pain.severity < 4);
    }
    expect(doc.painPoints.some((p) => p.severity < 4)).toBe(true);
    expect(await page.locator('#mv-filter-summary').textContent()).toMatch(/\d+ из \d+/);
    await page.click('#mv-filters-reset');
    expect(await page.locator('#mv-viewport .is-dimmed').count()).toBe(0);
    await expectClean(url);
  });

  it('zoom by buttons, wheel and keys, pan by drag and arrow keys', async () => {
    const url = await open(loadTemplate('driving-licence-as-is'));
    const fitted = await scale();
    await page.click('#mv-zoom-in');
    const zoomedIn = await scale();
    expect(zoomedIn).toBeGreaterThan(fitted);
    await page.click('#mv-zoom-out');
    await page.click('#mv-zoom-out');
    expect(await scale()).toBeLessThan(zoomedIn);

    await page.click('#mv-fit');
    expect(await scale()).toBeCloseTo(fitted, 5);
    const box = await page.locator('#mv-viewport').boundingBox();
    if (!box) throw new Error('no viewport');
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx, cy);
    await page.mouse.wheel(0, -400);
    await expect.poll(scale).toBeGreaterThan(fitted);
    const wheeled = await scale();
    await page.mouse.wheel(0, 400);
    await expect.poll(scale).toBeLessThan(wheeled);

    // Drag: the map moves with the pointer (the view box moves the other way).
    const before = await viewBox();
    const s = await scale();
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 60, cy + 30, { steps: 4 });
    await page.mouse.move(cx + 120, cy + 60, { steps: 4 });
    await page.mouse.up();
    const after = await viewBox();
    expect((after[0] ?? 0) - (before[0] ?? 0)).toBeCloseTo(-120 / s, 0);
    expect((after[1] ?? 0) - (before[1] ?? 0)).toBeCloseTo(-60 / s, 0);
    // A drag is not a click: nothing got selected.
    expect(await page.locator('#mv-viewport .is-selected').count()).toBe(0);

    // Keys: arrows pan the focused map, + and - zoom, 0 fits.
    await page.locator('#mv-viewport').focus();
    const beforeKey = await viewBox();
    await page.keyboard.press('ArrowRight');
    expect((await viewBox())[0]).toBeGreaterThan(beforeKey[0] ?? 0);
    await page.keyboard.press('+');
    expect(await scale()).toBeGreaterThan(s);
    await page.keyboard.press('0');
    expect(await scale()).toBeCloseTo(fitted, 5);
    await page.keyboard.press('-');
    expect(await scale()).toBeLessThan(fitted);
    await expectClean(url);
  });

  it('scorecard, check and guidance tabs', async () => {
    const doc = loadTemplate('driving-licence-as-is');
    const url = await open(doc);
    const card = computeScorecard(doc);
    await page.click('#mv-tab-scorecard');
    expect(await page.locator('#mv-panel-scorecard').isVisible()).toBe(true);
    expect(await page.locator('tr[data-metric="visits"] td').first().textContent()).toBe('Личные визиты');
    expect(await page.locator('tr[data-metric="visits"] td.num').textContent()).toBe(formatNumber(card.visits, 'ru'));
    expect(card.visits).toBeGreaterThan(0);

    // Check: every finding listed; clicking one selects its element and centres it.
    const findings = runHealthCheck(doc, { locale: 'ru', catalogs: BUILT_IN_CATALOGS });
    expect(findings.length).toBeGreaterThan(0);
    await page.click('#mv-tab-check');
    expect(await page.locator('#mv-panel-check .mv-finding').count()).toBe(findings.length);
    expect(await page.locator('#mv-panel-check').textContent()).toContain(findings[0]?.message ?? '');
    const button = page.locator('#mv-panel-check button[data-target]').first();
    const target = (await button.getAttribute('data-target')) ?? '';
    await button.click();
    expect(await page.locator('#mv-tab-check').getAttribute('aria-selected')).toBe('true');
    const [kind, ...rest] = target.split(':');
    const attr = kind === 'step' ? 'data-step-id' : kind === 'pain' ? 'data-pain-id' : 'data-opportunity-id';
    const selected = page.locator(`#mv-viewport [${attr}="${rest.join(':')}"]`);
    expect(await selected.evaluate((el) => el.classList.contains('is-selected'))).toBe(true);
    const [cardBox, viewBoxRect] = await Promise.all([selected.boundingBox(), page.locator('#mv-viewport').boundingBox()]);
    if (!cardBox || !viewBoxRect) throw new Error('no boxes');
    expect(Math.abs(cardBox.x + cardBox.width / 2 - (viewBoxRect.x + viewBoxRect.width / 2))).toBeLessThan(4);
    expect(Math.abs(cardBox.y + cardBox.height / 2 - (viewBoxRect.y + viewBoxRect.height / 2))).toBeLessThan(4);
    // Guidance links in findings point to the catalog.
    for (const href of await page.locator('#mv-panel-check a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) expect(href).toMatch(/^https:\/\/cx\.cdto\.ranepa\.ru/);

    // Guidance: the referenced sections, with the catalog's https URLs.
    await page.click('#mv-tab-guidance');
    const catalogUrls = new Set(BUILT_IN_CATALOGS.flatMap((c) => [c.baseUrl, ...c.sections.flatMap((s) => (s.url ? [s.url] : []))]));
    const links = await page.locator('#mv-panel-guidance a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), target: a.getAttribute('target'), rel: a.getAttribute('rel') })));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(link.href).toMatch(/^https:\/\//);
      expect(catalogUrls.has(link.href ?? '')).toBe(true);
      expect(link.target).toBe('_blank');
      expect(link.rel).toBe('noopener noreferrer');
    }
    // What links to a section is clickable and selects that element.
    await page.locator('#mv-panel-guidance button[data-target^="step:"]').first().click();
    expect(await page.locator('#mv-viewport .is-selected[data-step-id]').count()).toBe(1);

    // The pain register, most severe first; its titles select the pain point.
    const severities = await page.locator('#mv-register tbody tr .mv-sev').allTextContents();
    expect(severities.map(Number)).toEqual([...doc.painPoints.map((p) => p.severity)].sort((a, b) => b - a));
    await page.locator('#mv-register tbody tr button[data-target^="pain:"]').first().click();
    expect(await page.locator('#mv-details-body h2').textContent()).toBe([...doc.painPoints].sort((a, b) => b.severity - a.severity)[0]?.title);
    await expectClean(url);
  });

  it('the tabs are a keyboard-operable tab list', async () => {
    const url = await open(loadTemplate('driving-licence-as-is'), 'en');
    expect(await page.locator('[role="tablist"] [role="tab"]').count()).toBe(5);
    expect(await page.locator('#mv-tab-details').textContent()).toBe('Details');
    await page.locator('#mv-tab-details').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('#mv-tab-filters').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#mv-panel-filters').isVisible()).toBe(true);
    expect(await page.locator('#mv-panel-details').isVisible()).toBe(false);
    await page.keyboard.press('End');
    expect(await page.locator('#mv-tab-guidance').getAttribute('aria-selected')).toBe('true');
    // A card is focusable and Enter selects it.
    await page.locator('#mv-viewport [data-step-id]').first().focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('#mv-tab-details').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#mv-viewport .is-selected').count()).toBe(1);
    await expectClean(url);
  });

  it('the 1000-step map loads without errors and fits', async () => {
    const doc = generateLargeMap(1000);
    const url = await open(doc);
    expect(await page.locator('#mv-viewport [data-step-id]').count()).toBe(1000);
    expect(await outsideViewport()).toEqual([]);
    expect(await scale()).toBeLessThan(0.2);
    // Selecting from the register zooms in on the card.
    await page.locator('#mv-register button[data-target^="pain:"]').first().click();
    expect(await scale()).toBeGreaterThan(0.5);
    await expectClean(url);
  });

  it('an XSS payload in every text field executes nothing and shows as text', async () => {
    const doc = hostileDocument();
    const regulation = doc.regulations[0];
    const url = await open(doc);
    // Open every panel and the details of every card, so all text gets rendered.
    for (const tab of ['filters', 'scorecard', 'check', 'guidance', 'details']) await page.click(`#mv-tab-${tab}`);
    const keys = await page.locator('#mv-viewport [data-step-id], #mv-viewport [data-pain-id], #mv-viewport [data-opportunity-id]').count();
    for (let i = 0; i < keys; i += 1) {
      await page.locator('#mv-viewport [data-step-id], #mv-viewport [data-pain-id], #mv-viewport [data-opportunity-id]').nth(i).focus();
      await page.keyboard.press('Enter');
    }
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.evaluate(() => document.querySelectorAll('script').length)).toBe(2);
    expect(await page.evaluate(() => document.querySelectorAll('img, iframe, object, embed, foreignObject').length)).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('a[href^="javascript:" i]').length)).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('#mv-viewport svg svg').length)).toBe(0);
    expect(await page.locator('h1').textContent()).toBe(doc.meta.title);
    expect(await page.locator('#mv-details-body h2').textContent()).toMatch(/^(<script>|<img|"><svg|'\/>|\]\]>|<\/text>)/);
    const body = (await page.locator('body').textContent()) ?? '';
    for (const payload of XSS_PAYLOADS) expect(body).toContain(payload);
    // The details of a step show its description, regulation and evidence as text.
    const step = doc.steps[0];
    if (!step) throw new Error('no step');
    await page.locator(`#mv-viewport [data-step-id="${step.id}"]`).focus();
    await page.keyboard.press('Enter');
    const details = (await page.locator('#mv-details-body').textContent()) ?? '';
    expect(details).toContain(step.description);
    expect(details).toContain(regulation?.title ?? '');
    expect(dialogs).toEqual([]);
    await expectClean(url);
  });
});
