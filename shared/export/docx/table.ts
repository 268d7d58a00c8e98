/**
 * The report's tables, written straight into the objects docx serialises, not built from docx's
 * Table, TableRow, TableCell, Paragraph and TextRun components.
 *
 * Why: at 2000 steps the report holds ~2 400 table rows and ~19 000 cells, ~150 000 XML elements.
 * docx makes a component (with its properties and attribute components) per element, then a plain
 * object per element again when the file is packed; the profile put two thirds of the report's
 * ~1.8 s there and in the garbage collector. Here each table is one component that writes its
 * plain objects when packed, sharing every part that does not change from cell to cell (cell
 * widths, paragraph style, bold and italic run properties): the same XML, byte for byte, as docx's
 * components write (tests/unit/export/docx-table.test.ts compares the two).
 *
 * A cell holds text (lines become line breaks), paragraphs of table text, or docx Paragraphs for
 * what needs docx's own handling (a hyperlink registers a relationship when packed).
 */
import { FileChild, Paragraph, type IContext, type IXmlableObject } from 'docx';
import { textLines } from './content';

/** A paragraph of table text, in the table's text style; its lines become line breaks. */
export interface CellText {
  text: string;
  bold?: boolean;
  italics?: boolean;
}

/** A table cell: a text, or its paragraphs (none: one empty paragraph). */
export type Cell = string | readonly (CellText | Paragraph)[];

export interface TableStyle {
  /** Paragraph style of the cells' text and of the heading row's. */
  text: string;
  head: string;
  /** The table's width and its columns', in twips. */
  width: number;
  columns: readonly number[];
  /** Border: width in eighths of a point, colour; cell margins (twips). */
  border: { size: number; color: string };
  margins: { top: number; bottom: number; left: number; right: number };
  /** Shading of the heading row's cells. */
  headFill: string;
}

type Xml = IXmlableObject;
const attr = (values: Record<string, string | number>) => ({ _attr: values });
const EMPTY = {};
const PRESERVE = attr({ 'xml:space': 'preserve' });
const BREAK: Xml = { 'w:br': EMPTY };
const RUN_PROPS = {
  plain: null,
  bold: { 'w:rPr': [{ 'w:b': EMPTY }, { 'w:bCs': EMPTY }] },
  italics: { 'w:rPr': [{ 'w:i': EMPTY }, { 'w:iCs': EMPTY }] },
  both: { 'w:rPr': [{ 'w:b': EMPTY }, { 'w:bCs': EMPTY }, { 'w:i': EMPTY }, { 'w:iCs': EMPTY }] },
} as const;
const paragraphProps = (style: string): Xml => ({ 'w:pPr': [{ 'w:pStyle': attr({ 'w:val': style }) }] });

/** The runs of one text paragraph: one per line, each after the first opened by a line break. */
function runs(text: string, props: Xml | null, out: Xml[]): void {
  const lines = textLines(text);
  for (let i = 0; i < lines.length; i++) {
    const parts: Xml[] = [];
    if (props) parts.push(props);
    if (i > 0) parts.push(BREAK);
    parts.push({ 'w:t': [PRESERVE, lines[i] as string] });
    out.push({ 'w:r': parts });
  }
}

export class ReportTable extends FileChild {
  constructor(
    private readonly style: TableStyle,
    private readonly headers: readonly string[],
    private readonly rows: readonly (readonly Cell[])[],
  ) {
    super('w:tbl');
  }

  override prepForXml(context: IContext): IXmlableObject {
    const { style } = this;
    const border = attr({ 'w:val': 'single', 'w:color': style.border.color, 'w:sz': style.border.size });
    const margin = (w: number) => attr({ 'w:type': 'dxa', 'w:w': w });
    const table: Xml[] = [
      {
        'w:tblPr': [
          { 'w:tblW': attr({ 'w:type': 'dxa', 'w:w': style.width }) },
          {
            'w:tblBorders': [{ 'w:top': border }, { 'w:left': border }, { 'w:bottom': border }, { 'w:right': border }, { 'w:insideH': border }, { 'w:insideV': border }],
          },
          { 'w:tblLayout': attr({ 'w:type': 'fixed' }) },
          {
            'w:tblCellMar': [
              { 'w:top': margin(style.margins.top) },
              { 'w:left': margin(style.margins.left) },
              { 'w:bottom': margin(style.margins.bottom) },
              { 'w:right': margin(style.margins.right) },
            ],
          },
        ],
      },
      { 'w:tblGrid': style.columns.map((w) => ({ 'w:gridCol': attr({ 'w:w': w }) })) },
    ];
    const textProps = paragraphProps(style.text);
    const headProps = paragraphProps(style.head);
    const cellWidth = style.columns.map((w) => ({ 'w:tcW': attr({ 'w:type': 'dxa', 'w:w': w }) }));
    const bodyCellProps = cellWidth.map((width) => ({ 'w:tcPr': [width] }));
    const shading = { 'w:shd': attr({ 'w:fill': style.headFill, 'w:color': 'auto', 'w:val': 'clear' }) };
    const headCellProps = cellWidth.map((width) => ({ 'w:tcPr': [width, shading] }));
    const paragraph = (text: string, props: Xml, runProps: Xml | null): Xml => {
      const parts: Xml[] = [props];
      runs(text, runProps, parts);
      return { 'w:p': parts };
    };
    const cell = (content: Cell, i: number, head: boolean): Xml => {
      // A row wider than the grid (not written by the report) gets cells of no set width.
      const props = (head ? headCellProps[i] : bodyCellProps[i]) ?? { 'w:tcPr': [{ 'w:tcW': attr({ 'w:type': 'dxa', 'w:w': 0 }) }] };
      const parts: Xml[] = [props];
      if (typeof content === 'string') parts.push(paragraph(content, head ? headProps : textProps, null));
      else if (content.length === 0) parts.push(paragraph('', textProps, null));
      else
        for (const block of content) {
          if (block instanceof Paragraph) {
            const prepared = block.prepForXml(context);
            if (prepared) parts.push(prepared);
          } else parts.push(paragraph(block.text, textProps, RUN_PROPS[block.bold ? (block.italics ? 'both' : 'bold') : block.italics ? 'italics' : 'plain']));
        }
      return { 'w:tc': parts };
    };
    table.push({ 'w:tr': [{ 'w:trPr': [{ 'w:cantSplit': EMPTY }, { 'w:tblHeader': EMPTY }] }, ...this.headers.map((h, i) => cell(h, i, true))] });
    for (const row of this.rows) table.push({ 'w:tr': row.map((c, i) => cell(c, i, false)) });
    return { 'w:tbl': table };
  }
}
