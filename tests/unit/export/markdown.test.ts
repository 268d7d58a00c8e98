import { describe, expect, it } from 'vitest';
import { escapeMarkdown, exportMarkdown, markdownLink, markdownUrl } from '../../../shared/export/markdown';
import { translate } from '../../../shared/i18n';
import { computeScorecard, NUMERIC_METRICS, restoreValue, type JourneyMap } from '../../../shared/model';
import { loadTemplate, TEMPLATE_IDS } from '../../../templates';
import { BUILT_IN_CATALOGS } from '../../../templates/guidance';

const NOW = new Date('2025-01-01T00:00:00Z');
const templates = TEMPLATE_IDS.map((id) => [id, loadTemplate(id, 'ru', NOW)] as const);
const HOSTILE = '| *bold* _it_ `code` [link](javascript:alert(1)) <script>alert(1)</script>\nnext line';

/** A deterministic map of `n` steps over 10 stages and 4 lanes, with a pain point on every third step. */
function bigMap(n = 1000): JourneyMap {
  const draft = {
    format: 'marshrut/journey-map',
    version: 1,
    meta: { title: 'Большая карта', service: 'Тест', variant: 'as-is', language: 'ru' },
    personas: [{ id: 'persona', name: 'Гражданин' }],
    agencies: Array.from({ length: 8 }, (_, i) => ({ id: `ag-${i}`, name: `Ведомство ${i}` })),
    stages: Array.from({ length: 10 }, (_, i) => ({ id: `st-${i}`, title: `Этап ${i + 1}` })),
    lanes: Array.from({ length: 4 }, (_, i) => ({ id: `ln-${i}`, title: `Дорожка ${i + 1}` })),
    steps: Array.from({ length: n }, (_, i) => ({
      id: `s-${i}`,
      laneId: `ln-${i % 4}`,
      stageId: `st-${Math.floor((i * 10) / n)}`,
      title: `Шаг ${i}`,
      agencyIds: [`ag-${i % 8}`],
      waitMinutes: i % 30,
      serviceMinutes: 5,
      costRub: i % 100 === 0 ? 2000 : 0,
      guidance: i % 100 === 0 ? [{ catalog: 'ranepa-cx', section: '7.1' }] : [],
    })),
    flows: Array.from({ length: n - 1 }, (_, i) => ({ id: `f-${i}`, from: `s-${i}`, to: `s-${i + 1}` })),
    painPoints: Array.from({ length: Math.floor(n / 3) }, (_, i) => ({
      id: `p-${i}`,
      stepId: `s-${i * 3}`,
      title: `Боль ${i}`,
      severity: (i % 5) + 1,
      agencyIds: [`ag-${i % 8}`],
      cause: 'process',
    })),
  };
  const checked = restoreValue(draft, 'en');
  if (!checked.ok) throw new Error(checked.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return checked.doc;
}

/** Table rows of a Markdown text: lines that start with `|`. */
const tableLines = (md: string) => md.split('\n').filter((l) => l.startsWith('|'));
/** Cells of a table line, split at unescaped pipes. */
const cellsOf = (line: string) => line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());

describe('escapeMarkdown', () => {
  it('escapes every inline special character and joins lines', () => {
    const out = escapeMarkdown(HOSTILE);
    expect(out).not.toMatch(/\n/);
    expect(out).not.toContain('<br');
    expect(out).toContain('\\| \\*bold\\* \\_it\\_ \\`code\\` \\[link\\](javascript:alert(1)) \\<script\\>');
    expect(out).toContain('next line');
    // no unescaped special character remains
    expect(out.replace(/\\./g, '')).not.toMatch(/[|*_`[\]<>]/);
  });
  it('defuses line-start markers', () => {
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. item')).toBe('1\\. item');
    expect(escapeMarkdown('# title')).toBe('\\# title');
    expect(escapeMarkdown('a - b')).toBe('a - b');
  });
  it('prints only web links, with their special characters encoded', () => {
    expect(markdownUrl('javascript:alert(1)')).toBeNull();
    expect(markdownUrl('https://x.ru/a (b)')).toBe('https://x.ru/a%20%28b%29');
    expect(markdownLink('[t]', 'https://x.ru')).toBe('[\\[t\\]](https://x.ru)');
    expect(markdownLink('t', 'file:///etc/passwd')).toBe('t');
  });
});

describe('exportMarkdown', () => {
  it.each(templates)('summarises %s: title, scorecard, stages, pain register, guidance', (_id, doc) => {
    const md = exportMarkdown(doc, { locale: 'ru', catalogs: BUILT_IN_CATALOGS });
    expect(md.startsWith(`# ${escapeMarkdown(doc.meta.title)}\n`)).toBe(true);
    const card = computeScorecard(doc);
    const lines = tableLines(md);
    for (const key of NUMERIC_METRICS) {
      const row = lines.find((l) => cellsOf(l)[0] === escapeMarkdown(translate('ru', `metrics.${key}`)));
      expect(row, key).toBeDefined();
      expect(cellsOf(row!)[1]?.replace(/\s/g, '')).toBe(new Intl.NumberFormat('ru-RU').format(card[key]).replace(/\s/g, ''));
    }
    for (const stage of doc.stages) expect(md).toContain(escapeMarkdown(stage.title));
    for (const step of doc.steps) expect(md).toContain(escapeMarkdown(step.title));
    expect(md).toContain(`## ${translate('ru', 'exportTables.markdown.painRegister')}`);
    for (const pain of doc.painPoints) expect(md).toContain(escapeMarkdown(pain.title));
    // the register is sorted by severity, highest first
    const registerStart = md.indexOf(`## ${translate('ru', 'exportTables.markdown.painRegister')}`);
    const registerEnd = md.indexOf('\n## ', registerStart + 1);
    const severities = tableLines(md.slice(registerStart, registerEnd)).slice(2).map((l) => Number(cellsOf(l)[1]));
    expect(severities).toHaveLength(doc.painPoints.length);
    expect([...severities].sort((a, b) => b - a)).toEqual(severities);
    // every table row has as many cells as its header
    for (const block of md.split('\n\n').filter((b) => b.startsWith('|'))) {
      const rows = block.split('\n');
      const width = cellsOf(rows[0]!).length;
      for (const row of rows) expect(cellsOf(row), row).toHaveLength(width);
    }
    // guidance links resolve to titles and URLs from the catalogs
    const linked = doc.meta.guidance.length + doc.steps.reduce((n, s) => n + s.guidance.length, 0) + doc.painPoints.reduce((n, p) => n + p.guidance.length, 0);
    if (linked > 0) expect(md).toMatch(/\]\(https:\/\//);
    expect(md.endsWith('\n')).toBe(true);
  });

  it('keeps a hostile title from breaking tables, making links or injecting HTML', () => {
    const doc = structuredClone(templates[0]![1]);
    doc.meta.title = HOSTILE;
    doc.steps[0]!.title = HOSTILE;
    doc.painPoints[0]!.title = HOSTILE;
    doc.stages[0]!.title = HOSTILE;
    const md = exportMarkdown(doc, { locale: 'en', catalogs: BUILT_IN_CATALOGS });
    expect(md).not.toContain('<script>');
    expect(md).not.toMatch(/(^|[^\\])\]\(javascript:/m);
    expect(md).not.toMatch(/(^|[^\\])\*bold/m);
    expect(md.startsWith(`# ${escapeMarkdown(HOSTILE)}\n`)).toBe(true);
    // the step's table row still has exactly as many cells as the header
    const lines = tableLines(md);
    const row = lines.find((l) => l.includes('next line') && cellsOf(l).length > 2);
    expect(row).toBeDefined();
    const rowIndex = lines.indexOf(row!);
    let headerIndex = rowIndex;
    while (headerIndex > 0 && !lines[headerIndex + 1]?.startsWith('| ---')) headerIndex--;
    expect(cellsOf(row!)).toHaveLength(cellsOf(lines[headerIndex]!).length);
  });

  it('names a missing catalog instead of linking it', () => {
    const doc = structuredClone(templates[0]![1]);
    doc.meta.guidance = [{ catalog: 'regional-standard', section: '4.2' }];
    const md = exportMarkdown(doc, { locale: 'en', catalogs: BUILT_IN_CATALOGS });
    expect(md).toContain(escapeMarkdown(translate('en', 'exportTables.markdown.missingCatalog', { catalog: 'regional-standard' })));
  });

  it('summarises a 1000-step map quickly', () => {
    const doc = bigMap();
    const start = performance.now();
    const md = exportMarkdown(doc, { locale: 'ru', catalogs: BUILT_IN_CATALOGS });
    const ms = Math.round(performance.now() - start);
    console.log(`markdown export, 1000 steps: ${ms} ms, ${md.length} characters`);
    expect(md).toContain('Шаг 999');
    expect(tableLines(md).length).toBeGreaterThan(1000 + 333);
    expect(ms).toBeLessThan(5_000);
  });
});
