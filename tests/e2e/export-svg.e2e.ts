/**
 * The SVG export in a real reader (issue 5): the sample and a generated 1000-step map, inline in
 * an HTML page and parsed as XML by Chromium. Text is text (Cyrillic titles present and within
 * their cards as DejaVu Sans measures them), nothing is requested from the network, the size is
 * what the exporter says, and XSS payloads in every text field stay inert.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { hostileDocument } from './support/xss';
import { exportSvg } from '../../shared/export/svg';
import { generateLargeMap } from '../../shared/export/large-map';
import { loadTemplate } from '../../templates';

let browser: Browser;
let context: BrowserContext;
let page: Page;
let requests: string[];
let errors: string[];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  requests = [];
  errors = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
});
afterEach(async () => {
  await context.close();
});

/** Given an HTML page with the SVG inline (as the HTML export and the print page embed it). */
async function showInline(svg: string) {
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;padding:0}</style></head><body>${svg}</body></html>`);
}

/** The SVG parsed as a standalone XML document: null when well-formed, else the parser's error. */
async function xmlError(svg: string): Promise<string | null> {
  return page.evaluate((text) => {
    const parsed = new DOMParser().parseFromString(text, 'image/svg+xml');
    const error = parsed.querySelector('parsererror');
    return error ? (error.textContent ?? 'parsererror') : null;
  }, svg);
}

async function svgBox() {
  return page.evaluate(() => {
    const box = (document.querySelector('body > svg') as SVGSVGElement).getBoundingClientRect();
    return { width: box.width, height: box.height };
  });
}

/** The widest step-title line, as Chromium measures it in DejaVu Sans. */
async function widestTitleLine(): Promise<number> {
  return page.evaluate(() => {
    let widest = 0;
    for (const el of document.querySelectorAll<SVGTextContentElement>('.step-title, .step-title tspan')) {
      if (el.tagName === 'text' && el.querySelector('tspan')) continue;
      widest = Math.max(widest, el.getComputedTextLength());
    }
    return widest;
  });
}

describe('the SVG export in Chromium', () => {
  it('the sample: well-formed, Cyrillic text selectable, right size, no requests, no errors', async () => {
    const doc = loadTemplate('driving-licence-as-is');
    const { svg, width, height } = exportSvg(doc, { locale: 'ru' });
    await showInline(svg);
    expect(await xmlError(svg)).toBeNull();
    const texts = await page.evaluate(() => [...document.querySelectorAll('text')].map((t) => t.textContent ?? ''));
    const all = texts.join('\n');
    expect(all).toMatch(/[А-Яа-яЁё]/);
    for (const step of doc.steps) expect(all, step.title).toContain(step.title.split(/\s+/)[0]);
    for (const stage of doc.stages) expect(all).toContain(stage.title.split(/\s+/)[0]);
    expect(all).toContain(doc.meta.title);
    expect(await page.locator('.step-card').count()).toBe(doc.steps.length);
    expect(await page.locator('.flow-path').count()).toBe(doc.flows.length);
    expect(await svgBox()).toEqual({ width, height });
    // The width estimate keeps every title line inside its card (208 − 19 px of padding).
    expect(await widestTitleLine()).toBeLessThanOrEqual(189 + 2);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('the 1000-step map: every card and flow drawn, nothing requested', async () => {
    const doc = generateLargeMap(1000);
    const { svg, width, height } = exportSvg(doc, { locale: 'ru' });
    expect(await xmlError(svg)).toBeNull();
    await showInline(svg);
    expect(await page.locator('.step-card').count()).toBe(1000);
    expect(await page.locator('.flow-path').count()).toBe(doc.flows.length);
    const cyrillic = await page.evaluate(() => [...document.querySelectorAll('.step-title')].filter((t) => /[А-Яа-я]{3}/.test(t.textContent ?? '')).length);
    expect(cyrillic).toBe(1000);
    // A wrapped title reads whole when its lines are joined with a space.
    const all = await page.evaluate(() =>
      [...document.querySelectorAll('text')]
        .map((t) => (t.querySelector('tspan') ? [...t.querySelectorAll('tspan')].map((s) => s.textContent).join(' ') : (t.textContent ?? '')))
        .join('\n'),
    );
    for (const step of doc.steps.filter((s) => s.title.length < 30)) expect(all).toContain(step.title);
    expect(await svgBox()).toEqual({ width, height });
    expect(await widestTitleLine()).toBeLessThanOrEqual(189 + 2);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('an XSS payload in every text field does not execute', async () => {
    const doc = hostileDocument();
    const { svg } = exportSvg(doc, { locale: 'ru' });
    expect(await xmlError(svg)).toBeNull();
    await showInline(svg);
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.evaluate(() => document.querySelectorAll('script, img, iframe, foreignObject').length)).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('body > svg').length)).toBe(1);
    const texts = await page.evaluate(() => [...document.querySelectorAll('text')].map((t) => t.textContent ?? '').join('\n'));
    expect(texts).toContain('<script>window.__xss=1</script>');
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
  });
});
