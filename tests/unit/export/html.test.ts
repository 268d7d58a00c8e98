import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cspHash, exportHtml, jsonForScript, safeLinkUrl } from '../../../shared/export/html';
import { VIEWER_CSS, VIEWER_SCRIPT } from '../../../shared/export/html-viewer';
import { LOCALES, translate, type Locale } from '../../../shared/i18n';
import { computeScorecard, NUMERIC_METRICS, type JourneyMap } from '../../../shared/model';
import { loadTemplate, TEMPLATE_IDS } from '../../../templates';
import { BUILT_IN_CATALOGS } from '../../../templates/guidance';

const NOW = new Date('2025-03-01T10:00:00Z');
const catalogs = BUILT_IN_CATALOGS;
const html = (doc: JourneyMap, locale: Locale = 'ru') => exportHtml(doc, { locale, catalogs, now: NOW });
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The parts of an exported page the tests look at. */
function parts(page: string) {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1] ?? '';
  const styles = [...page.matchAll(/<style\b([^>]*)>([\s\S]*?)<\/style>/g)].map((m) => ({ attrs: m[1] ?? '', body: m[2] ?? '' }));
  const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1] ?? '', body: m[2] ?? '' }));
  const json = scripts.find((s) => /type="application\/json"/.test(s.attrs));
  return { csp, styles, scripts, json, data: JSON.parse(json?.body ?? 'null') as { details: [string, { title: string; description?: string }][] } };
}

/** Every user link the map may turn into a hyperlink: catalog sections and roots, regulation URLs. */
function userLinks(doc: JourneyMap): Set<string> {
  const links = new Set<string>();
  for (const c of catalogs) {
    links.add(c.baseUrl);
    for (const s of c.sections) if (s.url) links.add(s.url);
  }
  for (const r of doc.regulations) if (r.url.trim()) links.add(r.url.trim());
  return links;
}

const decode = (text: string) => text.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

describe('exportHtml on every template', () => {
  for (const id of TEMPLATE_IDS) {
    for (const locale of LOCALES) {
      it(`${id} (${locale}): strict CSP with the hashes of the one style and the one script`, () => {
        const doc = loadTemplate(id, 'ru', NOW);
        const page = html(doc, locale);
        expect(page.startsWith('<!doctype html>\n')).toBe(true);
        expect(page).toContain(`<html lang="${locale}">`);
        expect(page).toContain('<meta charset="utf-8">');
        const { csp, styles, scripts, json } = parts(page);

        // One style sheet and two script blocks: the runtime, and JSON that never executes.
        expect(styles).toHaveLength(1);
        expect(scripts).toHaveLength(2);
        expect((page.match(/<script\b/g) ?? []).length).toBe(2);
        expect(json).toBeDefined();
        const executable = scripts.filter((s) => !/type="application\/json"/.test(s.attrs));
        expect(executable).toHaveLength(1);
        expect(executable[0]?.attrs).toBe('');
        expect(executable[0]?.body).toBe(VIEWER_SCRIPT);
        expect(styles[0]?.body).toBe(VIEWER_CSS);

        const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
        expect(directives.get('default-src')).toEqual(["'none'"]);
        expect(directives.get('img-src')).toEqual(['data:']);
        expect(directives.get('style-src')).toEqual([sha256(styles[0]?.body ?? '')]);
        expect(directives.get('script-src')).toEqual([sha256(executable[0]?.body ?? '')]);
        expect(directives.get('base-uri')).toEqual(["'none'"]);
        expect(directives.get('form-action')).toEqual(["'none'"]);
        expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|https?:/);

        // Nothing that a CSP with style hashes would block or that would load something.
        expect(page).not.toMatch(/\sstyle="/);
        expect(page).not.toMatch(/\son[a-z]+="/i);
        expect(page).not.toMatch(/<(img|iframe|object|embed|link|base|form|foreignObject)\b/i);
      });

      it(`${id} (${locale}): no src, and hrefs only to the map's own links or within the page`, () => {
        const doc = loadTemplate(id, 'ru', NOW);
        const page = html(doc, locale);
        expect(page).not.toMatch(/\ssrc=/i);
        expect(page).not.toMatch(/xlink:href/i);
        const allowed = userLinks(doc);
        const anchors = [...page.matchAll(/<a\b([^>]*)>/g)].map((m) => m[1] ?? '');
        for (const attrs of anchors) {
          const href = decode(/\shref="([^"]*)"/.exec(attrs)?.[1] ?? '');
          if (href.startsWith('#')) continue;
          expect(allowed.has(href), href).toBe(true);
          expect(attrs).toContain('target="_blank"');
          expect(attrs).toContain('rel="noopener noreferrer"');
        }
        const hrefs = [...page.matchAll(/\shref="([^"]*)"/g)].map((m) => decode(m[1] ?? ''));
        for (const href of hrefs) expect(href.startsWith('#') || allowed.has(href), href).toBe(true);
      });

      it(`${id} (${locale}): deterministic, complete data, every metric`, () => {
        const doc = loadTemplate(id, 'ru', NOW);
        const page = html(doc, locale);
        expect(html(doc, locale)).toBe(page);
        const { data } = parts(page);
        const keys = new Set(data.details.map(([key]) => key));
        for (const s of doc.steps) expect(keys.has(`step:${s.id}`)).toBe(true);
        for (const p of doc.painPoints) expect(keys.has(`pain:${p.id}`)).toBe(true);
        for (const o of doc.opportunities) expect(keys.has(`opp:${o.id}`)).toBe(true);
        const card = computeScorecard(doc);
        for (const key of NUMERIC_METRICS) {
          expect(page).toContain(`<tr data-metric="${key}"><td>${translate(locale, `metrics.${key}`)}</td>`);
          expect(card[key]).toBeTypeOf('number');
        }
        expect(page).toContain(translate(locale, 'exportHtml.footer', { date: locale === 'ru' ? '01.03.2025' : '1 March 2025' }));
      });
    }
  }
});

describe('exportHtml: escaping', () => {
  const BREAKOUT = '</script><script>alert(1)</script>\u2028<!-- <script> & \u2029 ]]> "\' <b>x</b>';

  function hostile(): JourneyMap {
    const doc = loadTemplate('driving-licence-as-is', 'ru', NOW);
    doc.meta.title = `Карта ${BREAKOUT}`;
    doc.meta.service = BREAKOUT;
    doc.meta.description = BREAKOUT;
    doc.meta.authors = [BREAKOUT];
    doc.personas.forEach((p) => {
      p.name = BREAKOUT;
      p.description = BREAKOUT;
      p.goals = [BREAKOUT];
    });
    doc.agencies.forEach((a) => {
      a.name = BREAKOUT;
      a.shortName = BREAKOUT.slice(0, 40);
    });
    doc.stages.forEach((s) => (s.title = BREAKOUT));
    doc.lanes.forEach((l) => (l.title = BREAKOUT));
    doc.steps.forEach((s) => {
      s.title = `Шаг ${BREAKOUT}`;
      s.description = BREAKOUT;
    });
    doc.flows.forEach((f) => (f.label = BREAKOUT));
    doc.painPoints.forEach((p) => {
      p.title = BREAKOUT;
      p.description = BREAKOUT;
      p.category = BREAKOUT;
    });
    doc.opportunities.forEach((o) => {
      o.title = BREAKOUT;
      o.description = BREAKOUT;
    });
    doc.evidence.forEach((e) => {
      e.source = BREAKOUT;
      e.note = BREAKOUT;
    });
    doc.regulations.forEach((r) => {
      r.title = BREAKOUT;
      r.number = BREAKOUT;
      r.article = BREAKOUT;
      r.url = 'javascript:alert(1)';
    });
    doc.documents.forEach((d) => (d.name = BREAKOUT));
    return doc;
  }

  for (const locale of LOCALES) {
    it(`user text cannot close a script, open a tag or make a link (${locale})`, () => {
      const doc = hostile();
      const page = html(doc, locale);
      const { scripts, json, data, csp } = parts(page);
      expect(scripts).toHaveLength(2);
      expect((page.match(/<script\b/gi) ?? []).length).toBe(2);
      expect((page.match(/<\/script>/gi) ?? []).length).toBe(2);
      expect(page).not.toContain('<b>x</b>');
      expect(page).not.toContain('<!-- <script>');
      expect(page).not.toMatch(/javascript:/i);
      expect(csp).toContain("script-src 'sha256-");
      // The JSON block holds no raw <, >, &, U+2028 or U+2029, and reads back exactly.
      expect(json?.body).not.toMatch(/[<>&\u2028\u2029]/);
      const step = data.details.find(([key]) => key === `step:${doc.steps[0]?.id}`)?.[1];
      expect(step?.title).toBe(`Шаг ${BREAKOUT}`);
      expect(step?.description).toBe(BREAKOUT);
      // In the HTML the text is escaped.
      expect(page).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    });
  }

  it('jsonForScript escapes the characters that could end the block', () => {
    const value = { a: '</script><!--<script>&\u2028\u2029' };
    const out = jsonForScript(value);
    expect(out).toBe('{"a":"\\u003c/script\\u003e\\u003c!--\\u003cscript\\u003e\\u0026\\u2028\\u2029"}');
    expect(JSON.parse(out)).toEqual(value);
  });

  it('safeLinkUrl allows http(s) and mailto only', () => {
    expect(safeLinkUrl('https://example.org/a?b=c')).toBe('https://example.org/a?b=c');
    expect(safeLinkUrl(' http://example.org ')).toBe('http://example.org');
    expect(safeLinkUrl('mailto:group@example.org')).toBe('mailto:group@example.org');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'smb://host/x', '//example.org', 'https://a" onmouseover="x', 'https://a b', '', undefined]) {
      expect(safeLinkUrl(bad), String(bad)).toBeUndefined();
    }
  });

  it('cspHash is the base64 SHA-256 of the UTF-8 text', () => {
    for (const text of ['', 'abc', VIEWER_CSS, 'кириллица ✓']) expect(cspHash(text)).toBe(sha256(text));
  });
});

describe('exportHtml: personal data (152-FZ)', () => {
  for (const locale of LOCALES) {
    it(`never writes the note of personal-data evidence, with or without a source (${locale})`, () => {
      const doc = loadTemplate('driving-licence-as-is', 'ru', NOW);
      const [first, second] = doc.evidence;
      if (!first || !second) throw new Error('the sample needs two evidence items');
      first.personalData = true;
      first.note = 'СЕКРЕТНАЯ-ЦИТАТА-ИВАНОВ-ИВАН-ИВАНОВИЧ паспорт 1234 567890';
      second.personalData = true;
      second.source = '';
      second.note = 'ВТОРАЯ-СЕКРЕТНАЯ-ЦИТАТА без источника';
      const page = html(doc, locale);
      expect(page).not.toContain('СЕКРЕТНАЯ');
      expect(page).not.toContain('1234 567890');
      expect(page).toContain(translate(locale, 'report.personalData'));
      // The health check still reports both items, by source or by kind and id.
      expect(page).toContain(`data-rule="personal-data-evidence"`);
      expect(page).toContain(second.id);
    });
  }
});

describe('the viewer runtime', () => {
  it('is plain script text: no innerHTML, eval, Function, string timers or closing tags', () => {
    expect(VIEWER_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\b|new Function|\bFunction\(/);
    expect(VIEWER_SCRIPT).not.toMatch(/setTimeout\(\s*['"]/);
    expect(VIEWER_SCRIPT).not.toMatch(/<\/script/i);
    expect(VIEWER_SCRIPT).not.toMatch(/__name|\bimport\b|\bexport\b|\brequire\(/);
    expect(VIEWER_CSS).not.toMatch(/<\/style|@import|url\(/i);
    // Parses as a script.
    expect(() => new Function(VIEWER_SCRIPT)).not.toThrow();
  });

  it('is the same for every map and language (the CSP hash is a constant)', () => {
    const a = parts(html(loadTemplate('driving-licence-as-is', 'ru', NOW), 'ru')).csp;
    const b = parts(html(loadTemplate('blank-blueprint', 'ru', NOW), 'en')).csp;
    expect(a).toBe(b);
  });
});
