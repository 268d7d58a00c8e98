/**
 * ReportTable writes the XML docx's own Table, TableRow, TableCell, Paragraph and TextRun write
 * for the same table, byte for byte: each table below is packed into a document both ways and
 * the documents' XML compared (hyperlink relationship ids, random per pack, aside).
 */
import JSZip from 'jszip';
import {
  BorderStyle,
  Document,
  ExternalHyperlink,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
} from 'docx';
import { describe, expect, it } from 'vitest';
import { exportDocx } from '../../../shared/export/docx';
import { xmlSafe } from '../../../shared/export/docx/content';
import { ReportTable, type Cell, type TableStyle } from '../../../shared/export/docx/table';
import { generateLargeMap } from '../../../shared/export/large-map';
import { BUILT_IN_CATALOGS } from '../../../templates/guidance';

const STYLE: TableStyle = {
  text: 'ReportTable',
  head: 'ReportTableHead',
  width: 9638,
  columns: [481, 2891, 1349, 1060],
  border: { size: 4, color: '000000' },
  margins: { top: 40, bottom: 40, left: 80, right: 80 },
  headFill: 'E7E6E6',
};

/** The table as the report built it with docx's components before ReportTable. */
function reference(headers: readonly string[], rows: readonly Cell[][]): Table {
  const runs = (text: string, options: { bold?: boolean; italics?: boolean } = {}) =>
    xmlSafe(text)
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line, i) => new TextRun({ text: line, ...options, ...(i > 0 ? { break: 1 } : {}) }));
  const paragraph = (text: string, options: { bold?: boolean; italics?: boolean } = {}) => new Paragraph({ style: STYLE.text, children: runs(text, options) });
  const border = { style: BorderStyle.SINGLE, size: STYLE.border.size, color: STYLE.border.color };
  const cell = (content: Cell, i: number, head: boolean) =>
    new TableCell({
      width: { size: STYLE.columns[i] ?? 0, type: WidthType.DXA },
      ...(head ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: STYLE.headFill } } : {}),
      children:
        typeof content === 'string'
          ? [head ? new Paragraph({ style: STYLE.head, children: runs(content) }) : paragraph(content)]
          : content.length > 0
            ? content.map((block) => (block instanceof Paragraph ? block : paragraph(block.text, { ...(block.bold ? { bold: true } : {}), ...(block.italics ? { italics: true } : {}) })))
            : [paragraph('')],
    });
  return new Table({
    width: { size: STYLE.width, type: WidthType.DXA },
    columnWidths: [...STYLE.columns],
    layout: TableLayoutType.FIXED,
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    margins: STYLE.margins,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, i, true)) }),
      ...rows.map((row) => new TableRow({ children: row.map((c, i) => cell(c, i, false)) })),
    ],
  });
}

async function documentXml(children: FileChild[]): Promise<string> {
  const bytes = await Packer.pack(new Document({ sections: [{ children }] }), 'uint8array');
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  return xml.replace(/r:id="rId[^"]*"/g, 'r:id="rIdX"');
}

const link = (url: string) => new Paragraph({ style: STYLE.text, children: [new ExternalHyperlink({ link: url, children: [new TextRun({ text: url, style: 'Hyperlink' })] })] });

describe('ReportTable', () => {
  it('writes what docx writes for the same table: texts, line breaks, bold and italic paragraphs, empty cells, links, markup and invalid characters', async () => {
    const headers = ['№', 'Шаг <b>', 'Ведомство & "МФЦ"', 'Line\nbreak'];
    const rows = (): Cell[][] => [
      ['1', [{ text: 'Подать заявление', bold: true }, { text: 'дорожка «Гражданин»', italics: true }, { text: 'описание\r\nв две строки\rи третья' }], 'МВД, Минздрав', '—'],
      ['2', [], '', '  spaces kept  '],
      ['3', [{ text: 'both', bold: true, italics: true }, { text: '' }], 'a\u0001b\uFFFEc <script>alert(1)</script>', [link('https://cx.cdto.ranepa.ru/predislovie')]],
      ['4', 'Ёлка 🚗 \u{1F600}', [{ text: '\n\nempty lines\n' }], [link('https://example.org/a?b=1&c=2'), { text: 'after the link' }]],
    ];
    const ours = await documentXml([new ReportTable(STYLE, headers, rows()) as unknown as FileChild]);
    const theirs = await documentXml([reference(headers, rows())]);
    expect(ours).toContain('<w:tbl>');
    expect(ours).toContain('https://example.org/a?b=1&amp;c=2');
    expect(ours).toBe(theirs);
  });

  it('the same for a table with more cells in a row than columns, and with no rows but the heading', async () => {
    const ours = await documentXml([new ReportTable(STYLE, ['a', 'b'], []) as unknown as FileChild, new ReportTable(STYLE, ['a'], [['1', '2', '3', '4', '5']]) as unknown as FileChild]);
    const theirs = await documentXml([reference(['a', 'b'], []), reference(['a'], [['1', '2', '3', '4', '5']])]);
    expect(ours).toBe(theirs);
  });

  it('a table packed twice (two exports of one document object) writes the same both times', async () => {
    const table = new ReportTable(STYLE, ['a'], [[[link('https://example.org/')]]]);
    expect(await documentXml([table as unknown as FileChild])).toBe(await documentXml([table as unknown as FileChild]));
  });

  it('the 2000-step report has all its step rows, each cell a paragraph in the table style', async () => {
    const doc = generateLargeMap(2000);
    const bytes = await exportDocx(doc, { locale: 'ru', catalogs: BUILT_IN_CATALOGS, now: new Date(2025, 5, 9) });
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    for (const step of doc.steps.slice(0, 50)) expect(xml).toContain(`<w:t xml:space="preserve">${step.title}</w:t>`);
    // A heading row per table, a row per step, per pain point, per opportunity, per regulation.
    const rows = xml.match(/<w:tr>/g)?.length ?? 0;
    expect(rows).toBeGreaterThan(doc.steps.length + doc.painPoints.length);
  });
});
