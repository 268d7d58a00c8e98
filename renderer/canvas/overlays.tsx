/**
 * What floats over the map without being part of it: the legend (the map's agencies and the
 * line styles) and the header strip (variant and persona). Each reads only its own slice of
 * the document.
 */
import { memo, useState } from 'react';
import { Panel } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { StoreState } from '../store/types';
import { useAppStore } from '../store';
import { EDGE_STYLE, HANDOFF_COLOR } from './derive';

const selectAgencies = (s: StoreState) => s.doc.agencies;
const selectVariant = (s: StoreState) => s.doc.meta.variant;
const selectPersona = (s: StoreState) => s.doc.personas[0];

function LineSample({ stroke, dash, band }: { stroke: string; dash?: string; band?: boolean }) {
  return (
    <svg width="34" height="12" aria-hidden="true" className="legend-line">
      {band && <line x1="2" x2="32" y1="6" y2="6" stroke={HANDOFF_COLOR} strokeOpacity="0.28" strokeWidth="9" strokeLinecap="round" />}
      <line x1="2" x2="32" y1="6" y2="6" stroke={stroke} strokeWidth={band ? 2.75 : 2} strokeDasharray={dash} />
    </svg>
  );
}

/** The map's agencies (colour, short name; the full name on hover) and the kinds of lines. */
export const Legend = memo(function Legend() {
  const agencies = useAppStore(selectAgencies);
  const { t } = useTranslation();
  const [open, setOpen] = useState(true);
  if (agencies.length === 0) return null;
  return (
    <Panel position="bottom-left" className={`legend ${open ? 'open' : 'closed'}`} data-testid="legend" aria-label={t('canvas.legend')}>
      <button
        type="button"
        className="legend-toggle"
        aria-expanded={open}
        title={open ? t('canvas.legendHide') : t('canvas.legendShow')}
        onClick={() => setOpen((v) => !v)}
      >
        <span className="legend-chevron" aria-hidden="true">{open ? '▾' : '▸'}</span>
        {t('canvas.legend')}
      </button>
      {open && (
        <div className="legend-body">
          <ul className="legend-agencies" aria-label={t('canvas.legendAgencies')}>
            {agencies.map((a) => (
              <li key={a.id} className="legend-agency" title={a.name}>
                <i className="legend-swatch" style={{ background: a.color }} />
                {a.shortName.trim() || a.name}
              </li>
            ))}
          </ul>
          <ul className="legend-lines" aria-label={t('canvas.legendFlows')}>
            <li className="legend-line-item legend-handoff">
              <LineSample stroke={HANDOFF_COLOR} band />
              {t('canvas.handoff')}
            </li>
            <li className="legend-line-item">
              <LineSample stroke={EDGE_STYLE.rework.stroke} dash={EDGE_STYLE.rework.strokeDasharray} />
              {t('flowKind.rework')}
            </li>
            <li className="legend-line-item">
              <LineSample stroke={EDGE_STYLE.optional.stroke} dash={EDGE_STYLE.optional.strokeDasharray} />
              {t('flowKind.optional')}
            </li>
          </ul>
        </div>
      )}
    </Panel>
  );
});

/** A small strip over the map: as-is or to-be, and for whom (the first persona). */
export const MapHeader = memo(function MapHeader() {
  const variant = useAppStore(selectVariant);
  const persona = useAppStore(selectPersona);
  const { t } = useTranslation();
  return (
    <Panel position="top-center" className="map-header" data-testid="map-header">
      <span className={`map-variant map-variant-${variant}`}>{t(`variant.${variant}`)}</span>
      {persona && (
        <span className="persona-chip" title={persona.description || persona.name}>
          <span className="persona-avatar" aria-hidden="true">
            {persona.name.trim().charAt(0).toUpperCase()}
          </span>
          <span className="persona-label">{t('canvas.persona')}:</span>
          <span className="persona-name">{persona.name}</span>
        </span>
      )}
    </Panel>
  );
});
