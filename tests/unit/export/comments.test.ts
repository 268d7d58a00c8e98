/**
 * Exports include the comment threads only when asked (issue 6: "exports can include or leave
 * out comments"): DOCX, XLSX, Markdown, HTML and the PDF's appendix page.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { addThread, replyToThread, setThreadResolved, type JourneyMap } from '../../../shared/model';
import { commentRows } from '../../../shared/export/comments';
import { exportDocx } from '../../../shared/export/docx';
import { exportHtml } from '../../../shared/export/html';
import { exportMarkdown } from '../../../shared/export/markdown';
import { printDocument } from '../../../shared/export/print';
import { exportXlsx } from '../../../shared/export/tables';
import { BUILT_IN_CATALOGS } from '../../../templates/guidance';
import { loadTemplate } from '../../../templates';

const AT = '2026-03-12T10:00:00.000Z';
const catalogs = BUILT_IN_CATALOGS;

function commented(): JourneyMap {
  let doc = loadTemplate('driving-licence-as-is');
  const step = doc.steps[0]!;
  doc = addThread(doc, {
    id: 't1',
    target: { kind: 'step', id: step.id },
    comment: { id: 'c1', author: 'Иванова', agencyId: doc.agencies[0]!.id, text: 'Бланк справки 003-В/у где взять?', at: AT },
  });
  doc = replyToThread(doc, { threadId: 't1', comment: { id: 'c2', author: 'Петров', text: 'У терапевта <b>бесплатно</b>', at: AT } });
  doc = addThread(doc, { id: 't2', target: { kind: 'map' }, comment: { id: 'c3', author: '', text: 'Сверить с регламентом МВД', at: AT } });
  return setThreadResolved(doc, { threadId: 't2', resolved: true });
}

describe('comments in exports', () => {
  const doc = commented();

  it('lists every comment with the element it is about, in the user language', () => {
    const rows = commentRows(doc, 'ru');
    expect(rows.map((r) => [r.element, r.author, r.reply, r.resolved])).toEqual([
      [`Шаг «${doc.steps[0]!.title}»`, 'Иванова', false, false],
      [`Шаг «${doc.steps[0]!.title}»`, 'Петров', true, false],
      ['Карта в целом', '', false, true],
    ]);
    expect(commentRows(doc, 'en')[2]?.element).toBe('The map');
  });

  it('Markdown, HTML and the PDF appendix: only with comments: true, and escaped', () => {
    const text = 'Бланк справки 003-В/у где взять?';
    expect(exportMarkdown(doc, { locale: 'ru', catalogs })).not.toContain(text);
    const md = exportMarkdown(doc, { locale: 'ru', catalogs, comments: true });
    expect(md).toContain('## Комментарии');
    expect(md).toContain(text);
    expect(md).not.toContain('<b>');

    expect(exportHtml(doc, { locale: 'ru', catalogs })).not.toContain('id="mv-comments"');
    const html = exportHtml(doc, { locale: 'ru', catalogs, comments: true });
    expect(html).toContain('id="mv-comments"');
    expect(html).toContain('У терапевта &lt;b&gt;бесплатно&lt;/b&gt;');

    expect(printDocument(doc, { locale: 'ru', catalogs, appendix: true }).appendixHtml).not.toContain('Сверить с регламентом');
    const appendix = printDocument(doc, { locale: 'ru', catalogs, appendix: true, comments: true }).appendixHtml ?? '';
    expect(appendix).toContain('Сверить с регламентом МВД');
    expect(appendix).toContain('решён');
  });

  it('DOCX: a last numbered section; XLSX: a Comments sheet', async () => {
    const text = async (bytes: Uint8Array) => (await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
    const now = new Date('2026-03-13T09:00:00Z');
    expect(await text(await exportDocx(doc, { locale: 'ru', catalogs, now }))).not.toContain('Сверить с регламентом');
    const withComments = await text(await exportDocx(doc, { locale: 'ru', catalogs, now, comments: true }));
    expect(withComments).toMatch(/\d+\. Комментарии/);
    expect(withComments).toContain('Сверить с регламентом МВД');

    const workbook = async (comments: boolean) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await exportXlsx(doc, { locale: 'ru', catalogs, comments })) as unknown as Parameters<typeof wb.xlsx.load>[0]);
      return wb;
    };
    expect((await workbook(false)).getWorksheet('Комментарии')).toBeUndefined();
    const sheet = (await workbook(true)).getWorksheet('Комментарии')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'К чему', 'Автор', 'Ведомства', 'Время', 'Комментарий', 'Статус']);
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(4).getCell(5).value).toBe('Сверить с регламентом МВД');
  });
});
