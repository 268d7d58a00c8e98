/**
 * The Export dialog's preview: the map's picture as it will be exported, on its sheet (PDF), with
 * the poster's sheet grid (tiled PDF), and what comes out: pages and sheet size, or pixels (PNG),
 * or why the PNG cannot be that large. The exporter modules load on first use.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../shared/i18n';
import type { JourneyMap } from '../../shared/model';
import type { Format, ExportOptions } from './ExportDialog';

interface Props {
  doc: JourneyMap;
  locale: Locale;
  format: Format;
  options: ExportOptions;
}

interface Picture {
  uri: string;
  width: number;
  height: number;
}

type PrintModule = typeof import('../../shared/export/print');

const BOX = { width: 300, height: 230 };

export function ExportPreview({ doc, locale, format, options }: Props) {
  const { t } = useTranslation();
  const [print, setPrint] = useState<PrintModule | null>(null);
  const [picture, setPicture] = useState<Picture | null>(null);
  useEffect(() => {
    let live = true;
    void import('../../shared/export/print').then((m) => live && setPrint(m));
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    if (!print) return;
    // A little later than the click, so toggling options stays snappy on a large map.
    const timer = setTimeout(() => {
      void import('../../shared/export/svg').then(({ exportSvg }) => {
        const svg = exportSvg(doc, { locale, title: options.title, legend: options.legend, background: options.transparent && format !== 'pdf' ? 'transparent' : 'white' });
        setPicture({ uri: print.svgDataUri(svg.svg), width: svg.width, height: svg.height });
      });
    }, 60);
    return () => clearTimeout(timer);
  }, [print, doc, locale, format, options.title, options.legend, options.transparent]);

  if (!print || !picture) return <div className="export-preview" aria-busy="true" />;
  const number = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB');

  let frame: { width: number; height: number } = picture;
  let inner = { x: 0, y: 0, width: picture.width, height: picture.height };
  let grid: { columns: number; rows: number; step: { x: number; y: number }; cell: { w: number; h: number } } | null = null;
  let caption = '';
  let problem: string | null = null;

  if (format === 'pdf') {
    const tiles = options.tiles && print.isTilePageSize(options.page);
    const sheet = print.PAGE_SIZES[options.page];
    if (tiles) {
      const g = print.tileGrid(picture.width, picture.height, options.page, options.tileScale);
      const pxPerMm = 1 / g.mmPerPx;
      grid = { columns: g.columns, rows: g.rows, step: { x: g.stepX * pxPerMm, y: g.stepY * pxPerMm }, cell: { w: g.areaW * pxPerMm, h: g.areaH * pxPerMm } };
      frame = { width: (g.columns - 1) * grid.step.x + grid.cell.w, height: (g.rows - 1) * grid.step.y + grid.cell.h };
      caption = t('exportDialog.posterPages', { columns: g.columns, rows: g.rows, page: options.page, count: g.columns * g.rows + 1 });
    } else {
      // The sheet in map pixels, the map fitted inside its margins.
      const margin = print.SHEET_MARGIN_MM;
      const fit = Math.min((sheet.width - 2 * margin) / picture.width, (sheet.height - 2 * margin) / picture.height);
      frame = { width: sheet.width / fit, height: sheet.height / fit };
      inner = { x: (frame.width - picture.width) / 2, y: (frame.height - picture.height) / 2, width: picture.width, height: picture.height };
      caption = t('exportDialog.onePage', { page: options.page });
    }
    if (options.appendix) caption += ` ${t('exportDialog.plusAppendix')}`;
  } else if (format === 'png') {
    const width = picture.width * options.scale;
    const height = picture.height * options.scale;
    const tooLarge = width > print.PNG_LIMITS.side || height > print.PNG_LIMITS.side || width * height > print.PNG_LIMITS.pixels;
    caption = t('exportDialog.pixels', { width: number.format(width), height: number.format(height) });
    if (tooLarge) {
      problem = t('export.print.pngTooLarge', {
        width: number.format(width),
        height: number.format(height),
        scale: options.scale,
        side: number.format(print.PNG_LIMITS.side),
        megapixels: number.format(print.PNG_LIMITS.pixels / 1e6),
      });
    }
  } else {
    caption = t('exportDialog.pixels', { width: number.format(picture.width), height: number.format(picture.height) });
  }

  const k = Math.min(BOX.width / frame.width, BOX.height / frame.height);
  const w = Math.max(1, Math.round(frame.width * k));
  const h = Math.max(1, Math.round(frame.height * k));
  return (
    <figure className="export-preview" aria-label={t('exportDialog.preview')}>
      <div className={`export-preview-frame${format === 'pdf' && !grid ? ' sheet' : ''}${options.transparent && format !== 'pdf' ? ' checker' : ''}`} style={{ width: w, height: h }}>
        <img alt="" src={picture.uri} style={{ left: inner.x * k, top: inner.y * k, width: inner.width * k, height: inner.height * k }} />
        {grid && (
          <svg className="export-preview-grid" width={w} height={h} viewBox={`0 0 ${frame.width} ${frame.height}`} aria-hidden="true">
            {Array.from({ length: grid.rows }, (_, row) =>
              Array.from({ length: grid.columns }, (_, column) => (
                <rect
                  key={`${row}-${column}`}
                  x={column * grid.step.x}
                  y={row * grid.step.y}
                  width={grid.cell.w}
                  height={grid.cell.h}
                  vectorEffect="non-scaling-stroke"
                />
              )),
            )}
          </svg>
        )}
      </div>
      <figcaption className="export-preview-caption">{caption}</figcaption>
      {problem && (
        <p className="import-error export-preview-problem" role="alert">
          {problem}
        </p>
      )}
    </figure>
  );
}
