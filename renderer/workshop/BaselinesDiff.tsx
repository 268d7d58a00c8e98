/**
 * What was added, removed or changed between two maps (steps, pain points, opportunities), with
 * the changed fields named in the user's language: the list under the compare view's metrics.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { diffMaps, isEmptyDiff, type JourneyMap, type MapDiff } from '../../shared/model';
import './voting.css';

const KINDS = ['steps', 'painPoints', 'opportunities'] as const;

export function MapDiffList({ before, after }: { before: JourneyMap; after: JourneyMap }) {
  const { t, i18n } = useTranslation();
  const diff: MapDiff = useMemo(() => diffMaps(before, after), [before, after]);
  const field = (name: string) => (i18n.exists(`baselines.field.${name}`) ? t(`baselines.field.${name}`) : name);
  return (
    <section className="map-diff" data-testid="map-diff" aria-labelledby="map-diff-title">
      <h3 id="map-diff-title">{t('baselines.diffTitle')}</h3>
      {isEmptyDiff(diff) ? (
        <p className="muted">{t('baselines.diffNone')}</p>
      ) : (
        KINDS.map((kind) => {
          const d = diff[kind];
          if (d.added.length + d.removed.length + d.changed.length === 0) return null;
          return (
            <div key={kind} className="diff-kind" data-kind={kind}>
              <h4>{t(`baselines.${kind}`)}</h4>
              <ul>
                {d.added.map((x) => (
                  <li key={`a-${x.id}`} className="diff-added" data-diff="added" data-id={x.id}>
                    <span className="diff-mark" title={t('baselines.added')}>+</span>
                    <span className="diff-what">{t('baselines.added')}:</span> {x.title}
                  </li>
                ))}
                {d.removed.map((x) => (
                  <li key={`r-${x.id}`} className="diff-removed" data-diff="removed" data-id={x.id}>
                    <span className="diff-mark" title={t('baselines.removed')}>−</span>
                    <span className="diff-what">{t('baselines.removed')}:</span> {x.title}
                  </li>
                ))}
                {d.changed.map((x) => (
                  <li key={`c-${x.id}`} className="diff-changed" data-diff="changed" data-id={x.id} data-fields={x.fields.join(' ')}>
                    <span className="diff-mark" title={t('baselines.changed')}>~</span>
                    <span className="diff-what">{t('baselines.changed')}:</span> {x.title}{' '}
                    <span className="diff-fields">({t('baselines.changedFields', { fields: x.fields.map(field).join(', ') })})</span>
                  </li>
                ))}
              </ul>
            </div>
          );
        })
      )}
    </section>
  );
}
