/**
 * PDF and PNG in the browser edition, which has no main process to print with: the PNG is the
 * SVG drawn on a canvas (as big as the browser allows one), the PDF goes through the browser's
 * own print dialog ("Save as PDF") from a hidden frame holding the same print page the desktop
 * app prints. Loaded only when used.
 */
import { translate, type Locale } from '../../shared/i18n';
import type { PrintRequest, Result } from '../../shared/ipc';
import { restoreDocument, problemLines } from '../../shared/model';
import { planPng, printDocument, svgDataUri } from '../../shared/export/print';
import { parseCatalog } from '../../templates/guidance';
import type { GuidanceCatalog } from '../../shared/guidance/catalog';

export async function browserPrintExport(request: PrintRequest): Promise<Result<Uint8Array | null>> {
  const locale: Locale = request.locale;
  const restored = restoreDocument(request.content, locale);
  if (!restored.ok) return { ok: false, error: problemLines(restored.problems).slice(0, 20).join('\n') };
  const doc = restored.doc;
  const failed = (detail: string) => ({ ok: false as const, error: translate(locale, 'export.print.failed', { detail }) });

  if (request.format === 'png') {
    const planned = planPng(doc, {
      locale,
      scale: request.png.scale,
      background: request.png.transparent ? 'transparent' : 'white',
      title: request.title,
      legend: request.legend,
      ...(request.png.maxSide !== undefined ? { maxSide: request.png.maxSide } : {}),
    });
    if (!planned.ok) return planned;
    const { plan } = planned;
    try {
      const image = new Image();
      image.decoding = 'async';
      image.src = svgDataUri(plan.svg);
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = plan.width;
      canvas.height = plan.height;
      const context = canvas.getContext('2d');
      if (!context) return failed('canvas');
      context.drawImage(image, 0, 0, plan.width, plan.height);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (!blob) return failed(`${plan.width} × ${plan.height}`);
      return { ok: true, value: new Uint8Array(await blob.arrayBuffer()) };
    } catch (error) {
      return failed(error instanceof Error ? error.message : String(error));
    }
  }

  const catalogs: GuidanceCatalog[] = [];
  for (const text of request.catalogs) {
    const parsed = parseCatalog(text, locale);
    if (parsed.ok) catalogs.push(parsed.catalog);
  }
  const printed = printDocument(doc, { locale, catalogs, title: request.title, legend: request.legend, ...request.pdf });
  // One page for the browser's dialog: the sheets, then the appendix's body.
  const html = printed.appendixHtml ? printed.html.replace('</body>', `${/<body>([\s\S]*)<\/body>/.exec(printed.appendixHtml)?.[1] ?? ''}</body>`) : printed.html;
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;visibility:hidden';
  frame.srcdoc = html;
  document.body.append(frame);
  await new Promise<void>((resolve) => frame.addEventListener('load', () => resolve(), { once: true }));
  const win = frame.contentWindow;
  if (!win) {
    frame.remove();
    return failed('frame');
  }
  win.addEventListener('afterprint', () => setTimeout(() => frame.remove(), 0), { once: true });
  win.focus();
  win.print();
  return { ok: true, value: null };
}
