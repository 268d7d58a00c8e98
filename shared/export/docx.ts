/**
 * The DOCX report for a working group's minutes, in Russian official style: Times New Roman,
 * 14 pt body with 1.5 line spacing (12 pt, single spacing in tables), A4 portrait with margins
 * of 30/10/20/20 mm (left/right/top/bottom, GOST R 7.0.97), numbered sections as real Word
 * headings (Heading1/Heading2, so the navigation pane and a table of contents work), page
 * numbers in the footer (none on the title page).
 *
 * A pure function of the document (plus the catalogs, the counterpart map and an optional map
 * picture): no file system, no DOM, so the app, the command line and tests share it. docx
 * escapes every string; this module only removes characters XML 1.0 cannot hold at all.
 *
 * Evidence flagged as personal data (152-FZ) is shown by kind and source only, never its note.
 */
import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  Footer,
  HeadingLevel,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  TextRun,
  type IStylesOptions,
  type ParagraphChild,
} from 'docx';
import type { GuidanceCatalog } from '../guidance/catalog';
import { runHealthCheck, SEVERITIES, type Finding, type FindingGuidance } from '../health';
import type { Locale } from '../i18n';
import { compareScorecards, computeScorecard, NUMERIC_METRICS, type JourneyMap, type PainPoint, type Step } from '../model';
import {
  evidenceLine,
  filledLines,
  formatDate,
  formatDelta,
  formatNumber,
  isWebUrl,
  lookups,
  painRegister,
  referencedSections,
  regulationDetails,
  regulationsToChange,
  textLines,
  translator,
  xmlSafe,
  type Translate,
} from './docx/content';
import { commentRows, commentTime } from './comments';
import { ReportTable, type Cell, type CellText } from './docx/table';
import { planPngSize, pngSize, type PngOptions } from './print';
import { replaceZipEntry, zipEntryNames } from './zip';

export interface DocxMapImage {
  png: Uint8Array;
  /** The picture's size in pixels; it is scaled to the page's text width. */
  width: number;
  height: number;
}

export interface DocxExportOptions {
  locale: Locale;
  catalogs: readonly GuidanceCatalog[];
  /** The other variant of the same service: adds the as-is / to-be comparison table. */
  counterpart?: JourneyMap;
  /** The map's picture (PNG), e.g. from the SVG export rendered by Chromium. */
  mapImage?: DocxMapImage;
  /** The report's date; today by default. */
  now?: Date;
  /** Add the comment threads as the last section (left out by default: internal talk). */
  comments?: boolean;
}

// ------------------------------------------------------------------------------- page
const FONT = 'Times New Roman';
const BODY_SIZE = 28; // half-points: 14 pt
const TABLE_SIZE = 24; // 12 pt
/** Millimetres to twips, rounded (docx's own helper truncates: A4 would come out 11905 wide). */
const mm = (value: number) => Math.round((value * 1440) / 25.4);
const FIRST_LINE = mm(12.5);
const PAGE = { width: mm(210), height: mm(297) };
const MARGIN = { left: mm(30), right: mm(10), top: mm(20), bottom: mm(20) };
/** The width of the text, in twips and in pixels at 96 dpi (what docx expects for images). */
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const TEXT_WIDTH_PX = Math.floor(((210 - 30 - 10) / 25.4) * 96);
/** Leaves room for the section heading and the caption on the picture's page. */
const TEXT_HEIGHT_PX = Math.floor(((297 - 20 - 20 - 45) / 25.4) * 96);

const STYLE = { body: 'ReportBody', table: 'ReportTable', tableHead: 'ReportTableHead', title: 'ReportTitle', caption: 'ReportCaption' } as const;

/** The report's styles; `lang` marks the text's language for spelling and hyphenation. */
const styles = (lang: string): IStylesOptions => ({
  default: {
    document: {
      run: { font: FONT, size: BODY_SIZE, language: { value: lang } },
      paragraph: { spacing: { line: 360, lineRule: LineRuleType.AUTO, before: 0, after: 0 } },
    },
    heading1: {
      run: { font: FONT, size: BODY_SIZE, bold: true, color: '000000' },
      paragraph: { spacing: { before: 240, after: 120, line: 360 }, indent: { firstLine: FIRST_LINE }, keepNext: true, keepLines: true, outlineLevel: 0 },
    },
    heading2: {
      run: { font: FONT, size: BODY_SIZE, bold: true, color: '000000' },
      paragraph: { spacing: { before: 180, after: 120, line: 360 }, indent: { firstLine: FIRST_LINE }, keepNext: true, keepLines: true, outlineLevel: 1 },
    },
    hyperlink: { run: { color: '0563C1', underline: { type: 'single' } } },
  },
  paragraphStyles: [
    {
      id: STYLE.body,
      name: 'Report Body',
      basedOn: 'Normal',
      quickFormat: true,
      run: { font: FONT, size: BODY_SIZE },
      paragraph: { alignment: AlignmentType.JUSTIFIED, indent: { firstLine: FIRST_LINE }, spacing: { line: 360, lineRule: LineRuleType.AUTO } },
    },
    {
      id: STYLE.table,
      name: 'Report Table Text',
      basedOn: 'Normal',
      quickFormat: true,
      run: { font: FONT, size: TABLE_SIZE },
      paragraph: { alignment: AlignmentType.LEFT, indent: { firstLine: 0 }, spacing: { line: 240, lineRule: LineRuleType.AUTO, before: 0, after: 0 } },
    },
    {
      id: STYLE.tableHead,
      name: 'Report Table Heading',
      basedOn: STYLE.table,
      quickFormat: true,
      run: { font: FONT, size: TABLE_SIZE, bold: true },
      paragraph: { alignment: AlignmentType.CENTER, keepNext: true },
    },
    {
      id: STYLE.title,
      name: 'Report Title Page',
      basedOn: 'Normal',
      quickFormat: true,
      run: { font: FONT, size: BODY_SIZE },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { line: 360, lineRule: LineRuleType.AUTO } },
    },
    {
      id: STYLE.caption,
      name: 'Report Caption',
      basedOn: 'Normal',
      quickFormat: true,
      run: { font: FONT, size: TABLE_SIZE },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 120, after: 240, line: 240 } },
    },
  ],
});

// --------------------------------------------------------------------------- builders
type Block = Paragraph | ReportTable;

/** Runs for a text that may hold line breaks (a description typed with Enter). */
function textRuns(text: string, options: { bold?: boolean; italics?: boolean } = {}): TextRun[] {
  return textLines(text).map((line, i) => new TextRun({ text: line, ...options, ...(i > 0 ? { break: 1 } : {}) }));
}

const body = (text: string): Paragraph => new Paragraph({ style: STYLE.body, children: textRuns(text) });
const bodyRuns = (children: ParagraphChild[]): Paragraph => new Paragraph({ style: STYLE.body, children });

/** Body paragraphs for a long text: one per line the author typed, empty lines dropped. */
function bodyText(text: string): Paragraph[] {
  return filledLines(text).map(body);
}

function link(text: string, url: string): ParagraphChild {
  const safeText = xmlSafe(text);
  if (!isWebUrl(url)) return new TextRun(safeText);
  return new ExternalHyperlink({ link: xmlSafe(url.trim()), children: [new TextRun({ text: safeText, style: 'Hyperlink' })] });
}

const cellParagraph = (text: string, options: { bold?: boolean; italics?: boolean } = {}): CellText => ({ text, ...options });

const TABLE_BORDER = { size: 4, color: '000000' };
const TABLE_MARGINS = { top: 40, bottom: 40, left: 80, right: 80 };

/** A table the width of the text, its columns in proportion to `weights`, the first row its heading. */
function table(headers: readonly string[], rows: readonly Cell[][], weights: readonly number[]): ReportTable {
  const total = weights.reduce((a, b) => a + b, 0);
  const columns = weights.map((w) => Math.floor((TEXT_WIDTH * w) / total));
  return new ReportTable({ text: STYLE.table, head: STYLE.tableHead, width: TEXT_WIDTH, columns, border: TABLE_BORDER, margins: TABLE_MARGINS, headFill: 'E7E6E6' }, headers, rows);
}

/** An empty paragraph after a table, so two tables or a table and a heading do not touch. */
const gap = () => new Paragraph({ style: STYLE.table, children: [] });

// ----------------------------------------------------------------------------- report
export async function exportDocx(doc: JourneyMap, options: DocxExportOptions): Promise<Uint8Array> {
  const { locale, catalogs, counterpart, mapImage } = options;
  const now = options.now ?? new Date();
  const t: Translate = translator(locale);
  const L = lookups(doc);
  const dash = t('props.none');
  const num = (value: number | undefined) => (value === undefined ? dash : formatNumber(value, locale));
  const agencies = (ids: readonly string[]) => (ids.length > 0 ? [...new Set(ids)].map(L.agencyLabel).join(', ') : dash);
  const title = xmlSafe(doc.meta.title).trim() || t('app.untitled');
  const persona = doc.personas[0];
  const register = painRegister(doc);
  const painNumber = new Map(register.map((p, i) => [p.id, i + 1]));

  // Section numbering: "1.", "1.1", as text in real Heading1/Heading2 paragraphs.
  let h1 = 0;
  let h2 = 0;
  const heading1 = (key: string, pageBreak = false): Paragraph => {
    h1 += 1;
    h2 = 0;
    return new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: pageBreak, children: [new TextRun(`${h1}. ${t(`report.sections.${key}`)}`)] });
  };
  const heading2 = (text: string): Paragraph => {
    h2 += 1;
    return new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`${h1}.${h2} ${xmlSafe(text)}`)] });
  };

  const blocks: Block[] = [];
  const push = (...items: Block[]) => blocks.push(...items);

  // ------------------------------------------------------------------ title page
  const titleLine = (label: string, value: string) =>
    new Paragraph({ style: STYLE.title, alignment: AlignmentType.LEFT, children: [new TextRun({ text: `${label}: `, bold: true }), ...textRuns(value)] });
  push(
    new Paragraph({ style: STYLE.title, spacing: { before: 2400, after: 480 }, children: [new TextRun({ text: t('report.kind').toUpperCase(), bold: true })] }),
    new Paragraph({ style: STYLE.title, spacing: { after: 960 }, children: textRuns(`«${title}»`, { bold: true }).map((r) => r) }),
  );
  if (doc.meta.service.trim()) push(titleLine(t('report.service'), doc.meta.service));
  push(titleLine(t('report.variant'), t(`variant.${doc.meta.variant}`)));
  if (persona) push(titleLine(t('report.persona'), persona.name));
  if (counterpart) push(titleLine(t('report.counterpart'), `«${xmlSafe(counterpart.meta.title)}» (${t(`variant.${counterpart.meta.variant}`)})`));
  const authors = doc.meta.authors.map((a) => xmlSafe(a).trim()).filter(Boolean);
  if (authors.length > 0) push(titleLine(t('report.authors'), authors.join(', ')));
  push(new Paragraph({ style: STYLE.title, spacing: { before: 1440 }, children: [new TextRun(formatDate(now, locale))] }));

  // ------------------------------------------------- 1. the service and the recipient
  push(heading1('service', true));
  push(heading2(t('report.sub.service')));
  if (doc.meta.service.trim()) push(bodyRuns([new TextRun({ text: `${t('report.service')}: `, bold: true }), ...textRuns(doc.meta.service)]));
  const description = bodyText(doc.meta.description);
  push(...(description.length > 0 ? description : [body(t('report.noDescription'))]));
  push(heading2(t('report.sub.persona')));
  if (doc.personas.length === 0) push(body(t('report.noPersona')));
  for (const p of doc.personas) {
    push(bodyRuns(textRuns(p.name, { bold: true })));
    push(...bodyText(p.description));
    if (p.goals.length > 0) {
      push(body(t('report.goals')));
      for (const goal of p.goals) push(body(`— ${xmlSafe(goal)}`));
    }
  }
  push(heading2(t('report.sub.agencies')));
  if (doc.agencies.length === 0) push(body(t('report.noAgencies')));
  for (const a of doc.agencies) {
    const short = xmlSafe(a.shortName).trim();
    push(body(`— ${xmlSafe(a.name)}${short && short !== a.name ? ` (${short})` : ''}`));
  }

  // ---------------------------------------------------------------- 2. the map
  push(heading1('map'));
  if (mapImage && mapImage.png.byteLength > 0 && mapImage.width > 0 && mapImage.height > 0 && Number.isFinite(mapImage.width) && Number.isFinite(mapImage.height)) {
    const scale = Math.min(TEXT_WIDTH_PX / mapImage.width, TEXT_HEIGHT_PX / mapImage.height);
    const width = Math.max(1, Math.round(mapImage.width * scale));
    const height = Math.max(1, Math.round(mapImage.height * scale));
    const caption = t('report.mapCaption', { title });
    push(
      new Paragraph({
        style: STYLE.caption,
        keepNext: true,
        children: [new ImageRun({ type: 'png', data: mapImage.png, transformation: { width, height }, altText: { name: 'map', title: caption, description: caption } })],
      }),
      new Paragraph({ style: STYLE.caption, children: [new TextRun(caption)] }),
    );
  } else push(body(t('report.mapAttached')));

  // ------------------------------------------------------------- 3. the metrics
  push(heading1('metrics'));
  const card = computeScorecard(doc);
  push(heading2(t('report.sub.scorecard')));
  const severityList = (['5', '4', '3', '2', '1'] as const).map((s) => `${s}: ${card.painPointsBySeverity[s]}`).join('; ');
  const agencyList = Object.entries(card.painPointsByAgency).map(([name, count]) => `${xmlSafe(name)}: ${count}`).join('; ') || dash;
  push(
    table(
      [t('report.col.metric'), t('report.col.value')],
      [
        ...NUMERIC_METRICS.map((key) => [t(`metrics.${key}`), num(card[key])]),
        [t('metrics.painPointsBySeverity'), severityList],
        [t('metrics.painPointsByAgency'), agencyList],
      ],
      [60, 40],
    ),
    gap(),
  );
  if (counterpart) {
    const docIsToBe = doc.meta.variant === 'to-be' && counterpart.meta.variant !== 'to-be';
    const asIs = docIsToBe ? counterpart : doc;
    const toBe = docIsToBe ? doc : counterpart;
    const changes = compareScorecards(computeScorecard(asIs), computeScorecard(toBe));
    push(heading2(t('report.sub.comparison')));
    push(body(`${t('report.col.asIs')}: «${xmlSafe(asIs.meta.title)}». ${t('report.col.toBe')}: «${xmlSafe(toBe.meta.title)}».`));
    push(
      table(
        [t('report.col.metric'), t('report.col.asIs'), t('report.col.toBe'), t('report.col.change')],
        NUMERIC_METRICS.map((key) => {
          const c = changes[key];
          let change = c.delta === 0 ? t('compare.noDifference') : formatDelta(c.delta, locale);
          if (c.delta < 0 && c.toBe > 0 && c.asIs / c.toBe >= 2) change += ` (${t('report.fewerTimes', { ratio: formatNumber(Math.round((c.asIs / c.toBe) * 10) / 10, locale) })})`;
          return [t(`metrics.${key}`), num(c.asIs), num(c.toBe), change];
        }),
        [40, 18, 18, 24],
      ),
      gap(),
    );
  }

  // ------------------------------------------------------- 4. steps by stage
  push(heading1('steps'));
  if (doc.steps.length === 0) push(body(t('report.noSteps')));
  else {
    const laneOrder = new Map(doc.lanes.map((l, i) => [l.id, i]));
    const laneTitle = new Map(doc.lanes.map((l) => [l.id, l.title]));
    const byStage = new Map<string, { step: Step; index: number }[]>();
    doc.steps.forEach((step, index) => {
      const list = byStage.get(step.stageId) ?? [];
      list.push({ step, index });
      byStage.set(step.stageId, list);
    });
    let n = 0;
    const stepRow = (s: Step): Cell[] => {
      n += 1;
      const stepCell = [cellParagraph(s.title, { bold: true })];
      const lane = laneTitle.get(s.laneId);
      if (lane?.trim()) stepCell.push(cellParagraph(t('report.lane', { name: lane }), { italics: true }));
      for (const line of filledLines(s.description)) stepCell.push(cellParagraph(line));
      const minutes = s.waitMinutes === undefined && s.serviceMinutes === undefined ? dash : `${num(s.waitMinutes)} + ${num(s.serviceMinutes)}`;
      const time = s.leadTimeDays !== undefined ? `${minutes}\n${t('report.leadDays', { count: formatNumber(s.leadTimeDays, locale) })}` : minutes;
      const documents: string[] = [];
      if (s.documentsIn.length > 0) documents.push(t('report.needed', { list: s.documentsIn.map(L.documentName).join(', ') }));
      if (s.documentsOut.length > 0) documents.push(t('report.produced', { list: s.documentsOut.map(L.documentName).join(', ') }));
      return [
        String(n),
        stepCell,
        agencies(s.agencyIds),
        s.channel ? t(`channel.${s.channel}`) : dash,
        s.inPerson === undefined ? dash : t(s.inPerson ? 'report.yes' : 'report.no'),
        time,
        num(s.costRub),
        documents.join('\n') || dash,
      ];
    };
    const headers = ['number', 'step', 'agencies', 'channel', 'visit', 'minutes', 'cost', 'documents'].map((k) => t(`report.col.${k}`));
    for (const stage of doc.stages) {
      push(heading2(stage.title.trim() || t('health.untitled')));
      push(...bodyText(stage.description));
      const steps = (byStage.get(stage.id) ?? [])
        .sort((a, b) => (laneOrder.get(a.step.laneId) ?? 0) - (laneOrder.get(b.step.laneId) ?? 0) || a.index - b.index)
        .map((x) => x.step);
      if (steps.length === 0) push(body(t('report.emptyStage')));
      else push(table(headers, steps.map(stepRow), [5, 30, 14, 11, 8, 11, 8, 13]), gap());
    }
  }

  // ------------------------------------------------------------ 5. pain register
  push(heading1('pains'));
  if (register.length === 0) push(body(t('report.noPains')));
  else {
    const evidenceCell = (p: PainPoint): Cell => {
      const lines = p.evidenceIds.flatMap((id) => {
        const e = L.evidence.get(id);
        return e ? [evidenceLine(e, t)] : [];
      });
      return lines.length > 0 ? lines.map((line) => cellParagraph(line)) : dash;
    };
    const painCell = (p: PainPoint): Cell => {
      const out = [cellParagraph(p.title, { bold: true })];
      for (const line of filledLines(p.description)) out.push(cellParagraph(line));
      return out;
    };
    push(
      table(
        ['number', 'pain', 'severity', 'agencies', 'cause', 'owner', 'evidence', 'status'].map((k) => t(`report.col.${k}`)),
        register.map((p, i) => [
          String(i + 1),
          painCell(p),
          String(p.severity),
          agencies(p.agencyIds),
          p.cause ? t(`cause.${p.cause}`) : dash,
          p.ownerAgencyId ? L.agencyLabel(p.ownerAgencyId) : dash,
          evidenceCell(p),
          t(`painStatus.${p.status}`),
        ]),
        [5, 27, 9, 12, 10, 11, 17, 9],
      ),
      gap(),
    );
    push(body(t('report.severityCounts', { list: severityList })));
  }

  // ------------------------------------------------------------- 6. opportunities
  push(heading1('opportunities'));
  if (doc.opportunities.length === 0) push(body(t('report.noOpportunities')));
  else {
    push(
      table(
        ['number', 'opportunity', 'owner', 'effort', 'impact', 'painPoints', 'status'].map((k) => t(`report.col.${k}`)),
        doc.opportunities.map((o, i) => {
          const pains = new Set(o.painPointIds);
          for (const p of doc.painPoints) if (p.opportunityIds.includes(o.id)) pains.add(p.id);
          const numbers = [...pains].flatMap((id) => {
            const n = painNumber.get(id);
            return n === undefined ? [] : [n];
          });
          const cell = [cellParagraph(o.title, { bold: true })];
          for (const line of filledLines(o.description)) cell.push(cellParagraph(line));
          return [
            String(i + 1),
            cell,
            o.ownerAgencyId ? L.agencyLabel(o.ownerAgencyId) : dash,
            o.effort === undefined ? dash : `${o.effort} / 3`,
            o.impact === undefined ? dash : `${o.impact} / 3`,
            numbers.sort((a, b) => a - b).join(', ') || dash,
            t(`opportunityStatus.${o.status}`),
          ];
        }),
        [5, 37, 15, 10, 9, 11, 13],
      ),
      gap(),
    );
  }

  // --------------------------------------------------------------- 7. regulations
  push(heading1('regulations'));
  const regulations = regulationsToChange(doc, register);
  if (regulations.length === 0) push(body(t('report.noRegulations')));
  else {
    push(
      table(
        ['number', 'regulation', 'details', 'referencedBy', 'link'].map((k) => t(`report.col.${k}`)),
        regulations.map((use, i) => {
          const where: string[] = [];
          if (use.painNumbers.length > 0) where.push(t('report.painRef', { list: use.painNumbers.join(', ') }));
          if (use.steps.length > 0) where.push(t('report.stepRef', { list: use.steps.map((s) => `«${xmlSafe(s.title)}»`).join(', ') }));
          const url = use.regulation.url.trim();
          return [
            String(i + 1),
            use.regulation.title,
            regulationDetails(use.regulation, t, locale),
            where.join('\n'),
            url ? [new Paragraph({ style: STYLE.table, children: [link(url, url)] })] : dash,
          ];
        }),
        [5, 33, 22, 22, 18],
      ),
      gap(),
    );
  }

  // ------------------------------------------------------------------ 8. guidance
  push(heading1('guidance'));
  push(heading2(t('report.sub.referenced')));
  const sections = referencedSections(doc, catalogs, locale, t);
  if (sections.length === 0) push(body(t('report.noGuidance')));
  sections.forEach((s, i) => {
    const label = s.title ? `${xmlSafe(s.ref.section)}. ${s.title}` : t('report.unknownSection', { section: s.ref.section, catalog: s.ref.catalog });
    const children: ParagraphChild[] = [new TextRun(`${i + 1}) `), s.url ? link(label, s.url) : new TextRun(label)];
    if (s.url && !s.urlConfirmed) children.push(new TextRun(` ${t('report.unconfirmed')}`));
    children.push(new TextRun({ text: `${t('report.usedBy', { list: s.usedBy.join('; ') })}.`, break: 1 }));
    push(bodyRuns(children));
  });

  const findings = runHealthCheck(doc, { locale, catalogs }).map((f) => withoutPersonalData(f, doc, t));
  if (findings.length === 0) {
    push(heading2(t('report.sub.noFindings')));
    push(body(t('report.noFindings')));
  }
  for (const severity of SEVERITIES) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    push(heading2(t('report.sub.findings', { severity: t(`report.severity.${severity}`) })));
    group.forEach((f, i) => {
      const children: ParagraphChild[] = [new TextRun(`${i + 1}) ${xmlSafe(f.message)}`)];
      const guides = f.guidance.filter((g) => g.url || g.title);
      if (guides.length > 0) {
        children.push(new TextRun({ text: `${t('report.read')} `, break: 1, italics: true }));
        guides.forEach((g, k) => {
          if (k > 0) children.push(new TextRun('; '));
          children.push(guideLink(g));
        });
      }
      push(bodyRuns(children));
    });
  }

  if (options.comments) {
    const rows = commentRows(doc, locale);
    push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(`${(h1 += 1)}. ${t('exportComments.heading')}`)] }));
    if (rows.length === 0) push(body(t('exportComments.none')));
    else {
      const c = (key: string) => t(`exportComments.columns.${key}`);
      push(
        table(
          [c('element'), c('author'), c('time'), c('text'), c('status')],
          rows.map((r) => [
            xmlSafe(r.element),
            xmlSafe([r.author, r.agency].filter(Boolean).join(', ')),
            commentTime(r.at, locale),
            `${r.reply ? `(${t('exportComments.reply')}) ` : ''}${xmlSafe(r.text)}`,
            t(`exportComments.${r.resolved ? 'resolved' : 'open'}`),
          ]),
          [3, 2, 2, 5, 1.4],
        ),
      );
    }
  }

  // ------------------------------------------------------------------- assemble
  const pageFooter = new Footer({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { line: 240 }, children: [new TextRun({ children: [PageNumber.CURRENT], size: TABLE_SIZE })] })],
  });
  const document = new Document({
    creator: authors.join(', ') || 'Marshrut',
    lastModifiedBy: 'Marshrut',
    title,
    subject: t('report.kind'),
    description: xmlSafe(doc.meta.service),
    styles: styles(locale === 'ru' ? 'ru-RU' : 'en-GB'),
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE.width, height: PAGE.height, orientation: PageOrientation.PORTRAIT },
            margin: { ...MARGIN, header: mm(10), footer: mm(10) },
          },
        },
        footers: { default: pageFooter, first: new Footer({ children: [new Paragraph({ children: [] })] }) },
        children: blocks,
      },
    ],
  });
  return Packer.pack(document, 'uint8array');
}

function guideLink(g: FindingGuidance): ParagraphChild {
  const label = g.title ? `${xmlSafe(g.section)}. ${xmlSafe(g.title)}` : xmlSafe(g.section);
  return g.url ? link(label, g.url) : new TextRun(label);
}

/**
 * The health check names evidence with personal data by its source or, without one, by the start
 * of its note; the report must not quote the note, so that message is rebuilt from kind, source
 * and id.
 */
function withoutPersonalData(finding: Finding, doc: JourneyMap, t: Translate): Finding {
  if (finding.rule !== 'personal-data-evidence') return finding;
  const id = finding.elements.find((e) => e.kind === 'evidence')?.id;
  const e = doc.evidence.find((x) => x.id === id);
  if (!e) return finding;
  const name = xmlSafe(e.source).trim() || `${t(`evidenceKind.${e.kind}`)} (${xmlSafe(e.id)})`;
  return { ...finding, message: t('health.messages.personal-data-evidence', { name }) };
}

// ------------------------------------------------------------------ with the map picture
/** The report's map picture as the app, the command line and the benchmark capture it (PngOptions but the locale). */
export const REPORT_PICTURE = { title: false, legend: true, background: 'white', scale: 2, maxSide: 4000 } as const satisfies Omit<PngOptions, 'locale'>;

/** A captured picture: its PNG bytes, or why there is none. */
export type PictureCapture = { ok: true; png: Uint8Array } | { ok: false; error: string };

export interface DocxWithPicture {
  docx: Uint8Array;
  /** Why the report has no picture (it says the picture is attached apart instead). */
  warning?: string;
}

/** A 1 × 1 PNG (a transparent white pixel): what the report is built around until the picture comes. */
const PLACEHOLDER_PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
  0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x01, 0x63, 0xf8, 0xff, 0xff, 0x3f, 0x03, 0x00, 0x08, 0xfc, 0x02, 0xfe, 0x55, 0xea,
  0x23, 0x52, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
]);
const MEDIA = /^word\/media\/[^/]+\.png$/;

/**
 * The report with the map picture (REPORT_PICTURE), built while `capture` makes the picture
 * rather than after it: the picture's size is known without drawing it (planPngSize), so the
 * report is laid out around a placeholder of that size, and the picture's bytes replace the
 * placeholder's in the finished file (nothing else in it changes; the picture is stored, a PNG
 * being compressed already). At 2000 steps the two take about 2 s each.
 *
 * `capture` calls `started` once its work is in other hands and this thread is free for the
 * build (the app's export dialog: the main process captures): the build holds the thread for a
 * second or two. A capture that needs this thread meanwhile (Chromium driven from it, as in the
 * command line) must not call it: it is waited for, and the report built after it. The result is
 * what exportDocx gives with the picture (`mapImage`), or without it plus the capture's error as
 * the warning when the capture fails (a capture that fails after it started costs a second build);
 * a capture that throws makes this throw.
 */
export async function exportDocxWithPicture(
  doc: JourneyMap,
  options: Omit<DocxExportOptions, 'mapImage'>,
  capture: (started: () => void) => Promise<PictureCapture>,
): Promise<DocxWithPicture> {
  let started: () => void = () => undefined;
  const handedOver = new Promise<'started'>((resolve) => (started = () => resolve('started')));
  const picture = capture(started);
  // Awaited below on every path but a build that throws; that one must not leave it unhandled.
  picture.catch(() => undefined);
  /** The report as exportDocx makes it from the captured picture. */
  const sequential = async (result: PictureCapture): Promise<DocxWithPicture> => {
    if (!result.ok) return { docx: await exportDocx(doc, options), warning: result.error };
    const got = pngSize(result.png);
    return { docx: await exportDocx(doc, { ...options, ...(got ? { mapImage: { png: result.png, ...got } } : {}) }) };
  };
  const first = await Promise.race([handedOver, picture]);
  if (first !== 'started') return sequential(first);
  // Planned only now: a capture that did not hand over has no use for it (planning draws the SVG).
  const size = planPngSize(doc, { locale: options.locale, ...REPORT_PICTURE });
  if (!size.ok) return sequential(await picture);
  // The placeholder stands for a picture of the size coming, so the page lays it out the same.
  const placeholder = await exportDocx(doc, { ...options, mapImage: { png: PLACEHOLDER_PNG, width: size.width, height: size.height } });
  const result = await picture;
  if (!result.ok) return sequential(result);
  const got = pngSize(result.png);
  const media = (zipEntryNames(placeholder) ?? []).filter((name) => MEDIA.test(name));
  // Another size than planned (or not a PNG) would be laid out otherwise: built again for it.
  if (!got || got.width !== size.width || got.height !== size.height || media.length !== 1) return sequential(result);
  const docx = replaceZipEntry(placeholder, media[0] as string, result.png);
  return docx ? { docx } : sequential(result);
}

