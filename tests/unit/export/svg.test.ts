/**
 * The SVG export (issue 5): the whole map from the document, well-formed and escaped, on every
 * template and on a generated 1000-step map. Chromium loads the same output in
 * tests/e2e/export-svg.e2e.ts.
 */
import { describe, expect, it } from 'vitest';
import { computeLayout, opportunityCardId, painCardId, type JourneyMap } from '../../../shared/model';
import { exportSvg, SVG_FONT_FAMILY } from '../../../shared/export/svg';
import { generateLargeMap } from '../../../shared/export/large-map';
import { ellipsize, textWidth, wrapText } from '../../../shared/export/text-width';
import { escapeXml, stripInvalidXml } from '../../../shared/export/xml';
import { loadTemplate, TEMPLATE_IDS } from '../../../templates';

const NOW = new Date('2025-03-01T10:00:00Z');

/**
 * A small XML well-formedness check: one root, tags nested and closed, attributes quoted,
 * no raw `<` or stray `&` in text or values, no characters XML 1.0 forbids. Returns the problem,
 * or null.
 */
function xmlProblem(xml: string): string | null {
  if (stripInvalidXml(xml) !== xml) return 'invalid XML character';
  let i = 0;
  if (xml.startsWith('<?xml')) i = xml.indexOf('?>') + 2;
  const stack: string[] = [];
  let roots = 0;
  const entityOk = (s: string) => !/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s);
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = lt < 0 ? xml.slice(i) : xml.slice(i, lt);
    if (!entityOk(text)) return `bad entity in text near ${i}`;
    if (stack.length === 0 && text.trim() !== '') return `text outside the root near ${i}`;
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt);
      if (end < 0) return 'unclosed comment';
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt) || xml.startsWith('<!', lt) || xml.startsWith('<?', lt)) return `unexpected markup near ${lt}`;
    // Scan the tag, respecting quoted attribute values.
    let j = lt + 1;
    let quote: string | null = null;
    while (j < xml.length) {
      const ch = xml[j] as string;
      if (quote) {
        if (ch === quote) quote = null;
        else if (ch === '<') return `raw < in an attribute near ${j}`;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '>') break;
      else if (ch === '<') return `raw < in a tag near ${j}`;
      j++;
    }
    if (j >= xml.length) return 'unclosed tag';
    const tag = xml.slice(lt + 1, j);
    i = j + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) return `mismatched </${name}> near ${lt}`;
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const m = /^([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*$/.exec(body);
    if (!m) return `malformed tag <${tag.slice(0, 60)}>`;
    const names = [...(m[2] ?? '').matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)];
    const seen = new Set<string>();
    for (const a of names) {
      if (seen.has(a[1] as string)) return `duplicate attribute ${a[1]}`;
      seen.add(a[1] as string);
      if (!entityOk(a[2] ?? a[3] ?? '')) return `bad entity in attribute ${a[1]}`;
    }
    if (stack.length === 0) roots++;
    if (roots > 1) return 'more than one root';
    if (!selfClosing) stack.push(m[1] as string);
  }
  return stack.length === 0 && roots === 1 ? null : `unclosed <${stack.join('><')}>`;
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

/** A step's title is in the SVG whole: as a one-line text, or as the card's tooltip. */
const hasWhole = (svg: string, title: string) => svg.includes(`>${escapeXml(title)}<`);

function checkMap(doc: JourneyMap, svg: string, width: number, height: number) {
  expect(xmlProblem(svg)).toBeNull();
  const layout = computeLayout(doc);
  expect(count(svg, 'class="step-card"')).toBe(doc.steps.length);
  expect(count(svg, 'class="flow-path"')).toBe(doc.flows.filter((f) => layout.cards.has(f.from) && layout.cards.has(f.to)).length);
  expect(count(svg, 'class="pain-card ')).toBe(doc.painPoints.filter((p) => layout.cards.has(painCardId(p.id))).length);
  expect(count(svg, 'class="opportunity-card ')).toBe(doc.opportunities.filter((o) => layout.cards.has(opportunityCardId(o.id))).length);
  expect(count(svg, 'class="stage-header"')).toBe(doc.stages.length);
  expect(count(svg, 'class="lane-header"')).toBe(doc.lanes.length);
  for (const step of doc.steps) expect(hasWhole(svg, step.title), step.title).toBe(true);
  expect(width).toBeGreaterThanOrEqual(layout.width);
  expect(height).toBeGreaterThanOrEqual(layout.height);
  expect(svg).toContain(`width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`);
  expect(svg).toContain(`font-family="${escapeXml(SVG_FONT_FAMILY)}"`);
  expect(SVG_FONT_FAMILY.endsWith(', sans-serif')).toBe(true);
  expect(/<script|href|@import|url\((?!#)|<image|<foreignObject/i.test(svg)).toBe(false);
  expect(svg).not.toContain('http://www.w3.org/1999/xlink');
  expect(count(svg, 'http')).toBe(1); // the SVG namespace, nothing else
}

describe('the well-formedness check itself', () => {
  it('flags broken XML', () => {
    expect(xmlProblem('<a><b/><c x="1">t &amp; u</c></a>')).toBeNull();
    for (const bad of ['<a><b></a>', '<a>&x</a>', '<a x=1/>', '<a/><b/>', '<a>', '<a x="<"/>', '<a><![CDATA[x]]></a>', '<a>\u0001</a>']) {
      expect(xmlProblem(bad), bad).not.toBeNull();
    }
  });
});

describe('exportSvg on the templates', () => {
  for (const id of TEMPLATE_IDS) {
    it(`${id}: the whole map, well-formed, deterministic`, () => {
      const doc = loadTemplate(id, 'ru', NOW);
      const a = exportSvg(doc, { locale: 'ru' });
      checkMap(doc, a.svg, a.width, a.height);
      expect(exportSvg(structuredClone(doc), { locale: 'ru' }).svg).toBe(a.svg);
      const en = exportSvg(doc, { locale: 'en' });
      expect(xmlProblem(en.svg)).toBeNull();
      if (doc.stages.length > 0) expect(en.svg).toContain(`${'Variant'}: ${doc.meta.variant === 'to-be' ? 'To-be' : 'As-is'}`);
    });
  }

  it('draws the sample’s pain badges, handoffs, emotion curve, blueprint lines, legend and title block', () => {
    const doc = loadTemplate('driving-licence-as-is');
    const { svg } = exportSvg(doc, { locale: 'ru' });
    expect(svg).toContain('class="pain-badge severity-');
    expect(svg).toMatch(/class="flow flow-\w+ flow-interagency"/);
    expect(svg).toContain('marker-end="url(#mr-arrow-interagency)"');
    expect(svg).toContain('stroke-dasharray="6 4"'); // rework
    expect(svg).toContain('class="emotion-curve"');
    expect(svg).toContain('Линия взаимодействия');
    expect(svg).toContain('class="legend"');
    expect(svg).toContain('Вариант: Как есть');
    expect(svg).toContain(escapeXml(doc.personas[0]?.name ?? '?'));
    for (const agency of doc.agencies) expect(svg).toContain(escapeXml(agency.shortName));
  });

  it('the options: no title block, no legend, transparent background, id prefix', () => {
    const doc = loadTemplate('driving-licence-to-be');
    const full = exportSvg(doc, { locale: 'en' });
    const bare = exportSvg(doc, { locale: 'en', title: false, legend: false, background: 'transparent', idPrefix: 'map2' });
    expect(xmlProblem(bare.svg)).toBeNull();
    expect(full.svg).toContain('class="map-title"');
    expect(bare.svg).not.toContain('class="map-title"');
    expect(bare.svg).not.toContain('class="legend"');
    expect(bare.svg).not.toContain(`<rect width="${bare.width}" height="${bare.height}" fill="#ffffff"/>`);
    expect(full.svg).toContain(`<rect width="${full.width}" height="${full.height}" fill="#ffffff"/>`);
    expect(bare.svg).toContain('id="map2-arrow-sequence"');
    expect(bare.svg).not.toContain('mr-arrow');
    expect(bare.height).toBeLessThan(full.height);
    const layout = computeLayout(doc);
    expect(bare.height).toBe(layout.height + 48);
    // An id prefix that could break out of an attribute is ignored.
    expect(exportSvg(doc, { locale: 'en', idPrefix: '"><x' }).svg).toContain('id="mr-arrow-sequence"');
  });
});

const HOSTILE = `<script>alert(1)</script>&"' ]]> <img src=x onerror=alert(2)> \u0001\u0008\uFFFF\uD800 конец`;

function hostileDoc(): JourneyMap {
  const doc = loadTemplate('driving-licence-as-is');
  const h = (s: string) => `${s} ${HOSTILE}`;
  doc.meta.title = h('title');
  doc.meta.service = h('service');
  doc.meta.authors = [h('author')];
  doc.meta.modified = h('date');
  doc.personas.forEach((p) => (p.name = h('persona')));
  doc.agencies.forEach((a) => {
    a.name = h('agency');
    a.shortName = '<b>&</b>';
  });
  doc.stages.forEach((s) => (s.title = h('stage')));
  doc.lanes.forEach((l) => (l.title = h('lane')));
  doc.steps.forEach((s, i) => {
    s.title = i % 2 ? HOSTILE : h('step');
    s.description = h('description');
  });
  doc.flows.forEach((f) => (f.label = h('flow')));
  doc.painPoints.forEach((p) => (p.title = h('pain')));
  doc.opportunities.forEach((o) => (o.title = h('opportunity')));
  return doc;
}

describe('exportSvg escapes everything', () => {
  it('a hostile title in every text field stays text', () => {
    const doc = hostileDoc();
    const { svg, width, height } = exportSvg(doc, { locale: 'ru' });
    expect(xmlProblem(svg)).toBeNull();
    expect(/<script|<img|<b>|<[^>]*onerror|]]>/i.test(svg)).toBe(false);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&apos; ]]&gt;');
    expect(/[\u0001\u0008\uFFFF\uD800-\uDFFF]/.test(svg)).toBe(false);
    // Titles are stripped of invalid characters, then shown whole.
    for (const step of doc.steps) expect(hasWhole(svg, stripInvalidXml(step.title).replace(/\s+/g, ' ')) || svg.includes(`<title>${escapeXml(step.title)}</title>`)).toBe(true);
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
  });

  it('escapeXml and stripInvalidXml', () => {
    expect(escapeXml(`<a href="x">'&'</a>]]>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;]]&gt;');
    expect(stripInvalidXml('a\u0000b\u001Fc\td\ne\uD83D\uDE00f\uDC00g\uFFFEh')).toBe('abc\td\ne\uD83D\uDE00fgh');
  });
});

describe('exportSvg on a generated 1000-step map', () => {
  it('draws every step and flow, fast', () => {
    const doc = generateLargeMap(1000);
    expect(doc.steps).toHaveLength(1000);
    const started = performance.now();
    const { svg, width, height } = exportSvg(doc, { locale: 'ru' });
    const ms = performance.now() - started;
    checkMap(doc, svg, width, height);
    expect(exportSvg(doc, { locale: 'ru' }).svg).toBe(svg);
    expect(ms).toBeLessThan(5000);
    expect(Buffer.byteLength(svg)).toBeLessThan(4 * 1024 * 1024);
  });
});

describe('the text width estimate', () => {
  it('orders scripts and weights sensibly', () => {
    expect(textWidth('', 12)).toBe(0);
    expect(textWidth('Шаг', 12)).toBeGreaterThan(textWidth('ill', 12));
    expect(textWidth('Получить справку', 13, true)).toBeGreaterThan(textWidth('Получить справку', 13));
    expect(textWidth('ММ', 10)).toBeCloseTo(2 * 0.761 * 10, 5);
    expect(textWidth('中文', 10)).toBeCloseTo(20, 5);
  });

  it('wraps to the width and the number of lines, with an ellipsis when cut', () => {
    const style = { fontSize: 12.5, bold: true };
    const text = 'Оплатить осмотры в кассе поликлиники (четыре отдельных чека) и вернуться в очередь';
    const { lines, truncated } = wrapText(text, 189, 2, style);
    expect(lines).toHaveLength(2);
    expect(truncated).toBe(true);
    expect(lines[1]?.endsWith('…')).toBe(true);
    for (const line of lines) expect(textWidth(line, 12.5, true)).toBeLessThanOrEqual(189);
    expect(wrapText('Короткий', 189, 2, style)).toEqual({ lines: ['Короткий'], truncated: false });
    expect(wrapText('  a   b  ', 189, 2, style).lines).toEqual(['a b']);
    expect(wrapText('', 189, 2, style)).toEqual({ lines: [], truncated: false });
    // A word longer than a line is broken, not overflowed.
    const long = wrapText('Х'.repeat(100), 100, 3, style);
    expect(long.lines).toHaveLength(3);
    for (const line of long.lines) expect(textWidth(line, 12.5, true)).toBeLessThanOrEqual(100);
    expect(ellipsize('Госавтоинспекция', 60, { fontSize: 10.5 })).toMatch(/…$/);
    expect(ellipsize('МФЦ', 60, { fontSize: 10.5 })).toBe('МФЦ');
  });
});
