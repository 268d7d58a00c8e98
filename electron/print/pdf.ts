/**
 * Joins PDFs Chromium printed separately (the map's sheets and the A4 appendix) with pdf-lib,
 * keeping every page's size, text and link annotations.
 */
import { PDFDocument } from 'pdf-lib';

export async function concatPdf(parts: readonly Uint8Array[], title: string): Promise<Uint8Array> {
  const out = await PDFDocument.create();
  for (const part of parts) {
    const source = await PDFDocument.load(part);
    for (const page of await out.copyPages(source, source.getPageIndices())) out.addPage(page);
  }
  out.setTitle(title);
  out.setCreator('Marshrut');
  out.setProducer('Marshrut (Chromium, pdf-lib)');
  return out.save();
}
