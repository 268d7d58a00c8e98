/**
 * A baseline opened read-only: the map as a picture (the SVG export as an image, zoomable and
 * scrollable) with its scorecard. Nothing in it can be edited.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { baselineDocument, computeScorecard } from '../../shared/model';
import { Modal } from '../panels/Modal';
import { MetricList } from '../panels/Scorecard';
import { useAppStore } from '../store';
import { formatWhen } from './VotingTally';
import { useWorkshopUi } from './VotingState';
import './voting.css';

const ZOOMS = [0.25, 0.33, 0.5, 0.67, 0.8, 1, 1.25, 1.5, 2];

export function BaselineViewer() {
  const id = useWorkshopUi((s) => s.viewBaselineId);
  return id ? <Viewer id={id} /> : null;
}

function Viewer({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const doc = useAppStore((s) => s.doc);
  const baseline = doc.baselines.find((b) => b.id === id);
  const snapshot = useMemo(() => baselineDocument(doc, id), [doc, id]);
  const card = useMemo(() => (snapshot ? computeScorecard(snapshot) : null), [snapshot]);
  const [picture, setPicture] = useState<{ uri: string; width: number; height: number } | null>(null);
  const [zoom, setZoom] = useState<number | null>(null);
  const frame = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const close = () => useWorkshopUi.getState().viewBaseline(null);
  const locale = i18n.language === 'en' ? 'en' : 'ru';

  useEffect(() => closeButton.current?.focus(), []);
  useEffect(() => {
    if (!snapshot) return;
    let live = true;
    void Promise.all([import('../../shared/export/svg'), import('../../shared/export/print')]).then(([svg, print]) => {
      if (!live) return;
      const out = svg.exportSvg(snapshot, { locale, idPrefix: 'baseline' });
      setPicture({ uri: print.svgDataUri(out.svg), width: out.width, height: out.height });
    });
    return () => {
      live = false;
    };
  }, [snapshot, locale]);
  // First shown fitted to the frame's width.
  const fit = () => (picture && frame.current ? Math.min(1, (frame.current.clientWidth - 24) / picture.width) : 1);
  useEffect(() => {
    if (picture && zoom === null) setZoom(fit());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [picture]);

  if (!baseline || !snapshot || !card) return null;
  const scale = zoom ?? 1;
  const step = (dir: 1 | -1) => {
    const next = dir > 0 ? ZOOMS.find((z) => z > scale + 0.001) : [...ZOOMS].reverse().find((z) => z < scale - 0.001);
    setZoom(next ?? scale);
  };
  return (
    <Modal className="baseline-viewer" labelledBy="baseline-viewer-title" onClose={close}>
      <div className="baseline-viewer-head">
        <h2 id="baseline-viewer-title">{t('baselines.viewerTitle', { name: baseline.name })}</h2>
        <span className="read-only-badge">{t('baselines.readOnly')}</span>
        <span className="muted">{t('baselines.savedAt', { date: formatWhen(baseline.at, i18n.language) })}</span>
        <span className="baseline-zoom">
          <button type="button" onClick={() => step(-1)} aria-label={t('baselines.zoomOut')} title={t('baselines.zoomOut')}>
            −
          </button>
          <span className="zoom-value">{Math.round(scale * 100)}%</span>
          <button type="button" onClick={() => step(1)} aria-label={t('baselines.zoomIn')} title={t('baselines.zoomIn')}>
            +
          </button>
          <button type="button" onClick={() => setZoom(fit())}>
            {t('baselines.zoomFit')}
          </button>
        </span>
      </div>
      <div className="baseline-body">
        <div className="baseline-picture" ref={frame} data-testid="baseline-picture">
          {picture && (
            <img
              src={picture.uri}
              alt={t('baselines.picture')}
              width={Math.round(picture.width * scale)}
              height={Math.round(picture.height * scale)}
              draggable={false}
            />
          )}
        </div>
        <aside className="baseline-scorecard" aria-label={t('baselines.scorecard')}>
          <h3>{t('baselines.scorecard')}</h3>
          <MetricList card={card} />
        </aside>
      </div>
      <div className="modal-buttons">
        <button type="button" ref={closeButton} className="primary" onClick={close}>
          {t('baselines.close')}
        </button>
      </div>
    </Modal>
  );
}
