/**
 * The print variant of the map's SVG (exportSvg `purpose: 'print'`, shared/export/svg-print.ts),
 * which the PDF and PNG exports load into Chromium: well-formed, the same size, every text and
 * no tooltip or id, a few elements a step; and the rules that keep the picture the same — what
 * overlaps keeps its painting order unless both paint one colour, translucent or filled shapes
 * never share a path with what they touch, markers become polygons where they were drawn.
 * Chromium draws both variants and the PDF in tests/e2e/export-print.e2e.ts.
 */
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { generateLargeMap } from '../../../shared/export/large-map';
import { printDocument } from '../../../shared/export/print';
import { exportSvg } from '../../../shared/export/svg';
import { printSvg } from '../../../shared/export/svg-print';
import type { JourneyMap } from '../../../shared/model';
import { loadTemplate, TEMPLATE_IDS } from '../../../templates';
import { BUILT_IN_CATALOGS } from '../../../templates/guidance';

const NOW = new Date('2025-03-01T10:00:00Z');
const catalogs = BUILT_IN_CATALOGS;

/** The document element of well-formed XML (xmldom reports errors through its handler). */
function parseXml(xml: string): Element {
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: (level: string, message: unknown) => {
      if (level !== 'warning') errors.push(String(message));
    },
  }).parseFromString(xml, 'image/svg+xml');
  expect(errors).toEqual([]);
  return doc.documentElement as unknown as Element;
}

const all = (root: Element, name: string) => Array.from(root.getElementsByTagName(name)) as Element[];
const elementCount = (root: Element) => root.getElementsByTagName('*').length;
/** Every line of text drawn: a text's own content, or each of its tspans. */
function lines(root: Element): string[] {
  const out: string[] = [];
  for (const text of all(root, 'text')) {
    const spans = all(text, 'tspan');
    if (spans.length === 0) out.push(text.textContent ?? '');
    else {
      const own = Array.from(text.childNodes)
        .filter((n) => n.nodeType === 3)
        .map((n) => n.nodeValue ?? '')
        .join('');
      if (own.trim()) out.push(own);
      for (const span of spans) out.push(span.textContent ?? '');
    }
  }
  return out.sort();
}

/** A document with markup in the texts the picture shows. */
function hostile(): JourneyMap {
  const doc = structuredClone(loadTemplate('driving-licence-as-is', 'ru', NOW));
  const x = '<script>alert("x")</script>&<title>t</title>';
  doc.meta.title = `Карта ${x}`;
  doc.steps = doc.steps.map((s, i) => ({ ...s, title: `${s.title} ${x} ${i}` }));
  doc.agencies = doc.agencies.map((a) => ({ ...a, shortName: `${a.shortName} ${x}` }));
  return doc;
}

const svgOf = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300" fill="#0f172a">${body}</svg>\n`;
/** The painting elements of a print variant, in order, as `name fill stroke`. */
const painted = (svg: string) =>
  Array.from(parseXml(svg).getElementsByTagName('*'))
    .filter((e) => ['path', 'rect', 'circle', 'line', 'text'].includes(e.tagName))
    .map((e) => [e.tagName, e.getAttribute('fill') ?? '', e.getAttribute('stroke') ?? ''].join(' ').trim());

describe('the print variant of the map', () => {
  const cases: [string, JourneyMap][] = [
    ...TEMPLATE_IDS.map((id) => [id, loadTemplate(id, 'ru', NOW)] as [string, JourneyMap]),
    ['a 300-step map', generateLargeMap(300)],
    ['markup in the texts', hostile()],
  ];

  for (const [name, doc] of cases) {
    it(`${name}: well-formed, the file's size and every text line, no tooltip, class, data-* or aria-*`, () => {
      const file = exportSvg(doc, { locale: 'ru', idPrefix: 'pm' });
      const print = exportSvg(doc, { locale: 'ru', idPrefix: 'pm', purpose: 'print' });
      expect([print.width, print.height]).toEqual([file.width, file.height]);
      const root = parseXml(print.svg);
      const fileRoot = parseXml(file.svg);
      expect(root.getAttribute('viewBox')).toBe(fileRoot.getAttribute('viewBox'));
      expect(root.getAttribute('width')).toBe(String(file.width));
      expect(all(root, 'title')).toHaveLength(0);
      expect(print.svg).not.toMatch(/\s(class|data-[\w-]+|aria-[\w-]+|role)="/);
      // Every line of text the file draws, and no other (wrapped titles stay wrapped, ellipses stay).
      expect(lines(root)).toEqual(lines(fileRoot));
      // Markup in the texts stays text.
      expect(print.svg).not.toMatch(/<script|<title/);
      // Fewer elements than the file.
      expect(elementCount(root)).toBeLessThan(elementCount(fileRoot));
    });
  }

  it('every step title is there in the 1000-step map, at under 6.5 elements a step (the file has ~18)', () => {
    const doc = generateLargeMap(1000);
    const file = parseXml(exportSvg(doc, { locale: 'ru' }).svg);
    const root = parseXml(exportSvg(doc, { locale: 'ru', purpose: 'print' }).svg);
    const text = lines(root).join('\n');
    for (const step of doc.steps) expect(text, step.title).toContain(step.title.split(/\s+/)[0] as string);
    expect(text).toContain('шаг 1000');
    expect(elementCount(file) / doc.steps.length).toBeGreaterThan(15);
    expect(elementCount(root) / doc.steps.length).toBeLessThan(6.5);
  });

  it('is a pure function: the same document gives the same string; the file variant is untouched', () => {
    const doc = generateLargeMap(120);
    expect(exportSvg(doc, { locale: 'en', purpose: 'print' }).svg).toBe(exportSvg(doc, { locale: 'en', purpose: 'print' }).svg);
    expect(exportSvg(doc, { locale: 'en', purpose: 'file' }).svg).toBe(exportSvg(doc, { locale: 'en' }).svg);
    expect(exportSvg(doc, { locale: 'en' }).svg).toContain('<title>');
  });

  it('the PDF page shows the print variant and keeps the appendix links; the PNG plans it too', () => {
    const doc = loadTemplate('driving-licence-as-is', 'ru', NOW);
    const printed = printDocument(doc, { locale: 'ru', catalogs, page: 'A3', appendix: true });
    const uri = /class="map-picture"[^>]*src="data:image\/svg\+xml;base64,([^"]+)"/.exec(printed.html)?.[1] ?? '';
    const picture = Buffer.from(uri, 'base64').toString('utf8');
    expect(picture).toBe(exportSvg(doc, { locale: 'ru', idPrefix: 'pm', purpose: 'print' }).svg);
    expect(picture).not.toContain('<title>');
    const links = [...(printed.appendixHtml ?? '').matchAll(/<a href="(https:[^"]+)">/g)];
    expect(links.length).toBeGreaterThan(0);
  });
});

describe('printSvg: what it may move and merge', () => {
  it('dissolves groups of inherited attributes into their children; drops titles and ids for scripts', () => {
    const out = printSvg(svgOf('<g class="c" data-id="1" fill="#ff0000"><title>tip</title><rect x="0" y="0" width="10" height="10"/></g>'));
    expect(out).not.toContain('<g');
    expect(out).not.toContain('tip');
    expect(out).toContain('<path d="M0,0H10V10H0Z" fill="#ff0000"/>');
  });

  it('merges apart shapes of one paint into one path, and keeps what overlaps in order', () => {
    // red A, blue B over A, red C far away (may join A), red D over B (must stay above B)
    const out = printSvg(
      svgOf(
        '<rect x="0" y="0" width="10" height="10" fill="#ff0000"/>' +
          '<rect x="5" y="5" width="10" height="10" fill="#0000ff"/>' +
          '<rect x="200" y="200" width="10" height="10" fill="#ff0000"/>' +
          '<rect x="12" y="12" width="10" height="10" fill="#ff0000"/>',
      ),
    );
    expect(painted(out)).toEqual(['path #ff0000', 'path #0000ff', 'path #ff0000']);
    expect(/<path d="([^"]*)" fill="#ff0000"/.exec(out)?.[1]).toBe('M0,0H10V10H0ZM200,200H210V210H200Z');
    expect(out).toContain('<path d="M12,12H22V22H12Z" fill="#ff0000"/></svg>');
  });

  it('things of one colour swap freely (translucent too), but a shape never joins a path it touches', () => {
    const band = (x: number) => `<path d="M${x},0V100" fill="none" stroke="#ea580c" stroke-opacity="0.22" stroke-width="10"/>`;
    const line = (x: number) => `<path d="M${x},0V100" fill="none" stroke="#ea580c" stroke-width="2"/>`;
    // Overlapping bands stay apart (their overlap is darker), so do overlapping lines (their edges
    // are painted twice); the far band and line join the first ones, across the orange between.
    const out = printSvg(svgOf(band(50) + line(50) + band(54) + line(54) + band(300) + line(300)));
    const bands = [...out.matchAll(/<path d="([^"]*)"[^>]*stroke-opacity="0.22"/g)].map((m) => m[1]);
    expect(bands).toEqual(['M50,0V100M300,0V100', 'M54,0V100']);
    const lines = [...out.matchAll(/<path d="([^"]*)"[^>]*stroke-width="2"/g)].map((m) => m[1]);
    expect(lines).toEqual(['M50,0V100M300,0V100', 'M54,0V100']);
    // Lines apart of each other merge even with a band of their colour over both.
    const apart = printSvg(svgOf(line(50) + band(55) + line(60)));
    expect([...apart.matchAll(/<path d="([^"]*)"[^>]*stroke-width="2"/g)].map((m) => m[1])).toEqual(['M50,0V100M60,0V100']);
    // A grey line between them keeps the later band above it.
    const grey = printSvg(svgOf(band(50) + '<path d="M50,0V100" fill="none" stroke="#475569" stroke-width="2"/>' + band(52) + band(300)));
    expect(painted(grey)).toEqual(['path none #ea580c', 'path none #475569', 'path none #ea580c']);
  });

  it('draws an arrowhead marker as a polygon after its line, turned the way the line arrives', () => {
    const defs =
      '<defs><marker id="a" viewBox="0 0 10 10" refX="9.5" refY="5" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0.5L10,5L0,9.5Z" fill="#475569"/></marker></defs>';
    const out = printSvg(svgOf(`${defs}<g fill="none"><path d="M0,20H40" stroke="#475569" stroke-width="2" marker-end="url(#a)"/><path d="M100,0L100,50" stroke="#475569" stroke-width="2" marker-end="url(#a)"/></g>`));
    expect(out).not.toContain('marker-end');
    expect(out).toContain('M30.5,15.5L40.5,20L30.5,24.5Z'); // pointing right
    expect(out).toContain('M104.5,40.5L100,50.5L95.5,40.5Z'); // pointing down
    // A dashed line keeps its marker as written (dashes are never merged).
    const dashed = printSvg(svgOf(`${defs}<path d="M0,20H40" fill="none" stroke="#475569" stroke-dasharray="4 2" marker-end="url(#a)"/>`));
    expect(dashed).toContain('marker-end="url(#a)"');
  });

  it('rounded corners and circles become one cubic a quarter', () => {
    const out = printSvg(svgOf('<rect x="10" y="20" width="100" height="50" rx="6" fill="#ffffff" stroke="#cbd5e1"/><rect x="10" y="200" width="100" height="50" rx="6" fill="#ffffff" stroke="#cbd5e1"/>'));
    const d = /<path d="([^"]*)"/.exec(out)?.[1] ?? '';
    expect(d.startsWith('M16,20h88c3.314,0 6,2.686 6,6v38c')).toBe(true);
    expect(d.match(/c/g)).toHaveLength(8);
    expect(d).not.toContain('A');
  });

  it('texts of one style become chunks of one text; a text whose spaces or script could tell stays whole', () => {
    const out = printSvg(svgOf('<g font-size="12"><text x="10" y="20">Один</text><text x="10" y="40"><tspan x="10" y="40">Два</tspan><tspan x="10" y="55">три</tspan></text><text x="200" y="20"> пробел</text><text x="200" y="60">שלום</text></g>'));
    expect(out).toContain('<text><tspan x="10" y="20">Один</tspan><tspan x="10" y="40">Два</tspan><tspan x="10" y="55">три</tspan></text>');
    expect(out).toContain('<text x="200" y="20"> пробел</text>');
    expect(out).toContain('<text x="200" y="60">שלום</text>');
    expect(out.match(/<g font-size="12">/g)).toHaveLength(1);
  });

  it('leaves what it does not know in place: transformed groups, other elements; markup it cannot read unchanged', () => {
    const body = '<rect x="0" y="0" width="10" height="10" fill="#ff0000"/><g transform="translate(5,5)"><rect x="0" y="0" width="10" height="10" fill="#0000ff"/></g><use href="#x"/><rect x="200" y="200" width="10" height="10" fill="#ff0000"/>';
    const out = printSvg(svgOf(body));
    expect(out).toContain('<g transform="translate(5,5)">');
    expect(out).toContain('<use href="#x"/>');
    // Nothing moves across the unknown: the second red rect is not merged back before the group.
    expect(painted(out)).toEqual(['path #ff0000', 'path #0000ff', 'path #ff0000']);
    for (const bad of ['<svg><rect></svg>', 'not svg', '<svg width=1></svg>']) expect(printSvg(bad)).toBe(bad);
  });
});
