/**
 * File → Export: choose a format and its options, see what the PDF or PNG will be (sheets,
 * poster grid, pixels) on a preview of the map, and export. Text formats come from the pure
 * exporters in shared/export (each loaded on first use); PDF and PNG are printed by Chromium in
 * the main process (the browser edition: a canvas, and the browser's print dialog); the DOCX
 * report gets the map's picture the same way. The user chooses where the file goes.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportExtension, ExportRequest, PrintRequest } from '../../shared/ipc';
import type { Locale } from '../../shared/i18n';
import { serializeDocument, type JourneyMap } from '../../shared/model';
import type { GuidanceCatalog } from '../../shared/guidance/catalog';
import { PAGE_SIZE_NAMES, PNG_SCALES, TILE_SCALES, isTilePageSize, type PageSize, type PngScale } from '../../shared/export/print-options';
import type { Platform } from '../platform/types';
import { useAppStore } from '../store';
import { Modal } from './Modal';
import { ExportPreview } from './ExportPreview';

const FORMATS = ['pdf', 'png', 'svg', 'html', 'docx', 'xlsx', 'csvSteps', 'csvPains', 'md'] as const;
export type Format = (typeof FORMATS)[number];

const EXTENSION: Record<Format, ExportExtension> = {
  pdf: 'pdf',
  png: 'png',
  svg: 'svg',
  html: 'html',
  docx: 'docx',
  xlsx: 'xlsx',
  csvSteps: 'csv',
  csvPains: 'csv',
  md: 'md',
};

export interface ExportOptions {
  title: boolean;
  legend: boolean;
  transparent: boolean;
  page: PageSize;
  tiles: boolean;
  tileScale: number;
  appendix: boolean;
  scale: PngScale;
  picture: boolean;
  /** Include the comment threads (PDF appendix, HTML, DOCX, XLSX, Markdown). */
  comments: boolean;
}

export const DEFAULT_EXPORT_OPTIONS: ExportOptions = {
  title: true,
  legend: true,
  transparent: false,
  page: 'A3',
  tiles: false,
  tileScale: 1,
  appendix: true,
  scale: 2,
  picture: true,
  comments: false,
};

export function printRequest(format: 'pdf' | 'png', doc: JourneyMap, locale: Locale, catalogs: readonly GuidanceCatalog[], o: ExportOptions): PrintRequest {
  return {
    format,
    content: serializeDocument(doc),
    catalogs: catalogs.map((c) => JSON.stringify(c)),
    locale,
    title: o.title,
    legend: o.legend,
    pdf: { page: o.page, tiles: o.tiles && isTilePageSize(o.page), tileScale: o.tileScale, appendix: o.appendix, comments: o.appendix && o.comments },
    png: { scale: o.scale, transparent: o.transparent },
  };
}

type Rendered = { data: string | Uint8Array } | { printed: true } | { error: string };

/** Runs one export: its bytes, or that the print dialog took it, or why it failed. */
export async function renderExport(
  format: Format,
  doc: JourneyMap,
  context: { locale: Locale; catalogs: readonly GuidanceCatalog[]; options: ExportOptions; platform: Platform },
): Promise<Rendered & { warning?: string }> {
  const { locale, catalogs, options, platform } = context;
  switch (format) {
    case 'pdf':
    case 'png': {
      const result = await platform.printExport(printRequest(format, doc, locale, catalogs, options));
      if (!result.ok) return { error: result.error };
      return result.value ? { data: result.value } : { printed: true };
    }
    case 'svg': {
      const { exportSvg } = await import('../../shared/export/svg');
      return { data: exportSvg(doc, { locale, title: options.title, legend: options.legend, background: options.transparent ? 'transparent' : 'white' }).svg };
    }
    case 'html': {
      const { exportHtml } = await import('../../shared/export/html');
      return { data: exportHtml(doc, { locale, catalogs, comments: options.comments }) };
    }
    case 'docx': {
      const { exportDocx, exportDocxWithPicture, REPORT_PICTURE } = await import('../../shared/export/docx');
      const report = { locale, catalogs, comments: options.comments };
      if (!options.picture) return { data: await exportDocx(doc, report) };
      // The main process captures the picture while this one builds the report around it.
      const { title, legend, scale, maxSide } = REPORT_PICTURE;
      const request = printRequest('png', doc, locale, catalogs, { ...options, title, legend, transparent: false, scale });
      const built = await exportDocxWithPicture(doc, report, async (started) => {
        const asked = platform.printExport({ ...request, png: { ...request.png, maxSide } });
        started();
        const picture = await asked;
        // No bytes (nothing the print dialog could take here): no picture, and nothing to warn of.
        return picture.ok ? { ok: true, png: picture.value ?? new Uint8Array() } : { ok: false, error: picture.error };
      });
      return { data: built.docx, ...(built.warning ? { warning: built.warning } : {}) };
    }
    case 'xlsx': {
      const { exportXlsx } = await import('../../shared/export/tables');
      return { data: await exportXlsx(doc, { locale, catalogs, comments: options.comments }) };
    }
    case 'csvSteps':
    case 'csvPains': {
      const { exportCsv } = await import('../../shared/export/tables');
      return { data: exportCsv(doc, { kind: format === 'csvSteps' ? 'steps' : 'pains', locale, delimiter: locale === 'ru' ? ';' : ',' }) };
    }
    case 'md': {
      const { exportMarkdown } = await import('../../shared/export/markdown');
      return { data: exportMarkdown(doc, { locale, catalogs, comments: options.comments }) };
    }
  }
}

function Check({ checked, onChange, label, disabled }: { checked: boolean; onChange: (value: boolean) => void; label: string; disabled?: boolean }) {
  return (
    <label className="field field-checkbox">
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}

export function ExportDialog({ platform }: { platform: Platform }) {
  const { t, i18n } = useTranslation();
  const open = useAppStore((s) => s.exporting);
  const close = useAppStore((s) => s.setExporting);
  const [format, setFormat] = useState<Format>('pdf');
  const [options, setOptions] = useState<ExportOptions>(DEFAULT_EXPORT_OPTIONS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const set = (patch: Partial<ExportOptions>) => setOptions((o) => ({ ...o, ...patch }));
  const doc = useAppStore((s) => s.doc);
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ru';
  useEffect(() => {
    if (open) {
      setError(null);
      requestAnimationFrame(() => first.current?.focus());
    }
  }, [open]);
  const previewed = format === 'pdf' || format === 'png' || format === 'svg';
  const preview = useMemo(() => (open && previewed ? { doc, locale, format, options } : null), [open, previewed, doc, locale, format, options]);
  if (!open) return null;

  const { fileName, catalogs } = useAppStore.getState();
  const personalData = doc.evidence.some((e) => e.personalData);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const rendered = await renderExport(format, doc, { locale, catalogs, options, platform });
      if ('error' in rendered) {
        setError(rendered.error);
        return;
      }
      if ('printed' in rendered) {
        close(false);
        useAppStore.getState().setStatus(t('exportDialog.printDialog'));
        return;
      }
      const base = (fileName ?? doc.meta.title).replace(/\.cjm$/i, '');
      const suffix = format === 'csvPains' ? ` — ${t('props.painPoints').toLowerCase()}` : '';
      const request: ExportRequest = { suggestedName: `${base}${suffix}`, extension: EXTENSION[format], data: rendered.data };
      const saved = await platform.saveExport(request);
      if (!saved) return;
      if (!saved.ok) {
        setError(saved.error);
        return;
      }
      close(false);
      const status = rendered.warning ? t('exportDialog.noPicture', { name: saved.value.name, reason: rendered.warning }) : t('exportDialog.done', { name: saved.value.name });
      useAppStore.getState().setStatus(status);
    } catch (e) {
      setError(`${t('exportDialog.failed')}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const commentCount = doc.threads.length;
  const commentsOption = (disabled = false) => (
    <Check
      checked={options.comments}
      disabled={disabled}
      onChange={(comments) => set({ comments })}
      label={t('exportDialog.withComments', { count: commentCount })}
    />
  );

  const pictureOptions = (
    <>
      <Check checked={options.title} onChange={(title) => set({ title })} label={t('exportDialog.withTitle')} />
      <Check checked={options.legend} onChange={(legend) => set({ legend })} label={t('exportDialog.withLegend')} />
    </>
  );

  return (
    <Modal className={`export-dialog${previewed ? ' with-preview' : ''}`} labelledBy="export-title" onClose={() => close(false)}>
      <h2 id="export-title">{t('exportDialog.title')}</h2>
      <div className="export-body">
        <div className="export-settings">
          <fieldset className="export-formats">
            <legend className="field-label">{t('exportDialog.format')}</legend>
            {FORMATS.map((f, i) => (
              <label key={f} className="export-format">
                <input ref={i === 0 ? first : undefined} type="radio" name="export-format" value={f} checked={format === f} onChange={() => setFormat(f)} />
                <span>{t(`exportDialog.formats.${f}`)}</span>
              </label>
            ))}
          </fieldset>
          {format === 'pdf' && (
            <div className="export-options export-options-grid">
              <label className="field">
                <span className="field-label">{t('exportDialog.page')}</span>
                <select aria-label={t('exportDialog.page')} value={options.page} onChange={(e) => set({ page: e.target.value as PageSize })}>
                  {PAGE_SIZE_NAMES.map((p) => (
                    <option key={p} value={p} disabled={options.tiles && !isTilePageSize(p)}>
                      {p}
                    </option>
                  ))}
                </select>
              </label>
              <fieldset className="export-layout">
                <legend className="field-label">{t('exportDialog.layout')}</legend>
                <label className="export-format">
                  <input type="radio" name="export-layout" checked={!options.tiles} onChange={() => set({ tiles: false })} />
                  <span>{t('exportDialog.oneSheet')}</span>
                </label>
                <label className="export-format">
                  <input
                    type="radio"
                    name="export-layout"
                    checked={options.tiles}
                    onChange={() => set({ tiles: true, page: isTilePageSize(options.page) ? options.page : 'A3' })}
                  />
                  <span>{t('exportDialog.poster')}</span>
                </label>
              </fieldset>
              {options.tiles && (
                <label className="field">
                  <span className="field-label">{t('exportDialog.posterScale')}</span>
                  <select aria-label={t('exportDialog.posterScale')} value={options.tileScale} onChange={(e) => set({ tileScale: Number(e.target.value) })}>
                    {TILE_SCALES.map((s) => (
                      <option key={s} value={s}>
                        {Math.round(s * 100)} %
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <div className="export-options">
                {pictureOptions}
                <Check checked={options.appendix} onChange={(appendix) => set({ appendix })} label={t('exportDialog.appendix')} />
                {commentsOption(!options.appendix)}
              </div>
            </div>
          )}
          {format === 'png' && (
            <div className="export-options export-options-grid">
              <fieldset className="export-layout">
                <legend className="field-label">{t('exportDialog.scale')}</legend>
                {PNG_SCALES.map((s) => (
                  <label key={s} className="export-format export-inline">
                    <input type="radio" name="export-scale" checked={options.scale === s} onChange={() => set({ scale: s })} />
                    <span>{s}×</span>
                  </label>
                ))}
              </fieldset>
              <div className="export-options">
                {pictureOptions}
                <Check checked={options.transparent} onChange={(transparent) => set({ transparent })} label={t('exportDialog.transparent')} />
              </div>
            </div>
          )}
          {format === 'svg' && (
            <div className="export-options">
              {pictureOptions}
              <Check checked={options.transparent} onChange={(transparent) => set({ transparent })} label={t('exportDialog.transparent')} />
            </div>
          )}
          {format === 'docx' && (
            <div className="export-options">
              <Check checked={options.picture} onChange={(picture) => set({ picture })} label={t('exportDialog.withPicture')} />
              {commentsOption()}
            </div>
          )}
          {(format === 'html' || format === 'xlsx' || format === 'md') && <div className="export-options">{commentsOption()}</div>}
        </div>
        {preview && <ExportPreview {...preview} />}
      </div>
      {personalData && (
        <p className="notice" role="note">
          {t('exportDialog.personalData')}
        </p>
      )}
      {error && (
        <p className="import-error" role="alert">
          {error}
        </p>
      )}
      <div className="modal-buttons">
        <button type="button" className="primary" disabled={busy} onClick={() => void run()}>
          {busy ? t('exportDialog.working') : t('exportDialog.export')}
        </button>
        <button type="button" onClick={() => close(false)}>
          {t('exportDialog.cancel')}
        </button>
      </div>
    </Modal>
  );
}
