/**
 * File → Export: choose a format (and its options), and the map is exported by the pure
 * exporters in shared/export — loaded only when used — then saved where the user chooses.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportExtension, ExportRequest } from '../../shared/ipc';
import type { Locale } from '../../shared/i18n';
import type { JourneyMap } from '../../shared/model';
import type { GuidanceCatalog } from '../../shared/guidance/catalog';
import type { Platform } from '../platform/types';
import { useAppStore } from '../store';
import { Modal } from './Modal';

const FORMATS = ['svg', 'docx', 'xlsx', 'csvSteps', 'csvPains', 'md'] as const;
type Format = (typeof FORMATS)[number];

const EXTENSION: Record<Format, ExportExtension> = { svg: 'svg', docx: 'docx', xlsx: 'xlsx', csvSteps: 'csv', csvPains: 'csv', md: 'md' };

interface SvgOptions {
  title: boolean;
  legend: boolean;
  transparent: boolean;
}

/** Runs one exporter; each is imported on demand so the page loads none of them up front. */
export async function renderExport(
  format: Format,
  doc: JourneyMap,
  options: { locale: Locale; catalogs: readonly GuidanceCatalog[]; svg: SvgOptions },
): Promise<string | Uint8Array> {
  const { locale, catalogs } = options;
  switch (format) {
    case 'svg': {
      const { exportSvg } = await import('../../shared/export/svg');
      return exportSvg(doc, { locale, title: options.svg.title, legend: options.svg.legend, background: options.svg.transparent ? 'transparent' : 'white' }).svg;
    }
    case 'docx': {
      const { exportDocx } = await import('../../shared/export/docx');
      return exportDocx(doc, { locale, catalogs });
    }
    case 'xlsx': {
      const { exportXlsx } = await import('../../shared/export/tables');
      return exportXlsx(doc, { locale, catalogs });
    }
    case 'csvSteps':
    case 'csvPains': {
      const { exportCsv } = await import('../../shared/export/tables');
      return exportCsv(doc, { kind: format === 'csvSteps' ? 'steps' : 'pains', locale, delimiter: locale === 'ru' ? ';' : ',' });
    }
    case 'md': {
      const { exportMarkdown } = await import('../../shared/export/markdown');
      return exportMarkdown(doc, { locale, catalogs });
    }
  }
}

export function ExportDialog({ platform }: { platform: Platform }) {
  const { t, i18n } = useTranslation();
  const open = useAppStore((s) => s.exporting);
  const close = useAppStore((s) => s.setExporting);
  const [format, setFormat] = useState<Format>('docx');
  const [svg, setSvg] = useState<SvgOptions>({ title: true, legend: true, transparent: false });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) {
      setError(null);
      requestAnimationFrame(() => first.current?.focus());
    }
  }, [open]);
  if (!open) return null;

  const { doc, fileName, catalogs } = useAppStore.getState();
  const personalData = doc.evidence.some((e) => e.personalData);
  const locale: Locale = i18n.language === 'en' ? 'en' : 'ru';

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const data = await renderExport(format, doc, { locale, catalogs, svg });
      const base = (fileName ?? doc.meta.title).replace(/\.cjm$/i, '');
      const suffix = format === 'csvPains' ? ` — ${t('props.painPoints').toLowerCase()}` : '';
      const request: ExportRequest = { suggestedName: `${base}${suffix}`, extension: EXTENSION[format], data };
      const saved = await platform.saveExport(request);
      if (!saved) return;
      if (!saved.ok) {
        setError(saved.error);
        return;
      }
      close(false);
      useAppStore.getState().setStatus(t('exportDialog.done', { name: saved.value.name }));
    } catch (e) {
      setError(`${t('exportDialog.failed')}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal className="export-dialog" labelledBy="export-title" onClose={() => close(false)}>
      <h2 id="export-title">{t('exportDialog.title')}</h2>
      <fieldset className="export-formats">
        <legend className="field-label">{t('exportDialog.format')}</legend>
        {FORMATS.map((f, i) => (
          <label key={f} className="export-format">
            <input ref={i === 0 ? first : undefined} type="radio" name="export-format" value={f} checked={format === f} onChange={() => setFormat(f)} />
            <span>{t(`exportDialog.formats.${f}`)}</span>
          </label>
        ))}
      </fieldset>
      {format === 'svg' && (
        <div className="export-options">
          <label className="field field-checkbox">
            <input type="checkbox" checked={svg.title} onChange={(e) => setSvg({ ...svg, title: e.target.checked })} />
            <span>{t('exportDialog.withTitle')}</span>
          </label>
          <label className="field field-checkbox">
            <input type="checkbox" checked={svg.legend} onChange={(e) => setSvg({ ...svg, legend: e.target.checked })} />
            <span>{t('exportDialog.withLegend')}</span>
          </label>
          <label className="field field-checkbox">
            <input type="checkbox" checked={svg.transparent} onChange={(e) => setSvg({ ...svg, transparent: e.target.checked })} />
            <span>{t('exportDialog.transparent')}</span>
          </label>
        </div>
      )}
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
