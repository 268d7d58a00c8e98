/**
 * The inspector: properties of what is selected (a step, stage, lane or flow), or of the map
 * when nothing is. Typing in one field is a single undo step (coalesced by field).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import {
  FLOW_KINDS,
  LANE_KINDS,
  VARIANTS,
  moveLane,
  moveStage,
  updateFlow,
  updateLane,
  updateMeta,
  updateStage,
  updateStep,
  type JourneyMap,
} from '../../shared/model';
import { useController } from '../app/context';
import { useAppStore } from '../store';
import type { StoreState } from '../store/types';

interface FieldProps {
  label: string;
  value: string;
  coalesce: string;
  onChange(value: string): (doc: JourneyMap) => JourneyMap;
  multiline?: boolean;
  focusKey?: string;
  maxLength?: number;
  /** The value may not be empty: while the field is cleared, the document keeps the last text. */
  required?: boolean;
}

function TextField({ label, value, coalesce, onChange, multiline, focusKey, maxLength = 300, required }: FieldProps) {
  const apply = useAppStore((s) => s.apply);
  const endCoalescing = useAppStore((s) => s.endCoalescing);
  const [cleared, setCleared] = useState(false);
  const props = {
    value: cleared ? '' : value,
    maxLength,
    'data-focus': focusKey,
    'aria-invalid': cleared || undefined,
    onChange: (e: { target: { value: string } }) => {
      const next = e.target.value;
      setCleared(!!required && next.trim() === '');
      if (!required || next.trim() !== '') apply(onChange(next), coalesce);
    },
    onBlur: () => {
      setCleared(false);
      endCoalescing();
    },
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === 'Enter' && !multiline) (e.target as HTMLElement).blur();
    },
  };
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {multiline ? <textarea rows={4} {...props} /> : <input type="text" {...props} />}
    </label>
  );
}

function SelectField<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange(value: T): void;
}) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

const BAND_TEXT = {
  stage: {
    heading: 'inspector.stage',
    title: 'inspector.stageTitle',
    back: ['◀', 'canvas.moveLeft'],
    forward: ['▶', 'canvas.moveRight'],
    remove: 'inspector.deleteStage',
  },
  lane: {
    heading: 'inspector.lane',
    title: 'inspector.laneTitle',
    back: ['▲', 'canvas.moveUp'],
    forward: ['▼', 'canvas.moveDown'],
    remove: 'inspector.deleteLane',
  },
} as const;

/** The inspector of a stage or a lane: its title, `children` (its own fields), move and delete. */
function BandSection({ kind, id, title, index, count, children }: { kind: 'stage' | 'lane'; id: string; title: string; index: number; count: number; children: React.ReactNode }) {
  const { t } = useTranslation();
  const apply = useAppStore((s) => s.apply);
  const controller = useController();
  const text = BAND_TEXT[kind];
  const update = kind === 'stage' ? updateStage : updateLane;
  const move = (toIndex: number) => apply((d) => (kind === 'stage' ? moveStage : moveLane)(d, { id, toIndex }));
  const label = ([icon, key]: readonly [string, string]) => `${icon} ${t(key)}`;
  return (
    <section>
      <h2>{t(text.heading)}</h2>
      <TextField label={t(text.title)} value={title} coalesce={`${kind}:${id}:title`} onChange={(value) => (d) => update(d, { id, patch: { title: value } })} />
      {children}
      <div className="button-row">
        <button type="button" disabled={index === 0} onClick={() => move(index - 1)}>
          {label(text.back)}
        </button>
        <button type="button" disabled={index === count - 1} onClick={() => move(index + 1)}>
          {label(text.forward)}
        </button>
      </div>
      <button type="button" className="danger" onClick={() => controller.run('delete')}>
        {t(text.remove)}
      </button>
    </section>
  );
}

const selectInspector = (s: StoreState) => ({ doc: s.doc, selection: s.selection });

export function Inspector() {
  const { t } = useTranslation();
  const { doc, selection } = useAppStore(useShallow(selectInspector));
  const apply = useAppStore((s) => s.apply);
  const controller = useController();
  const count = selection.nodes.length + selection.edges.length;

  let body: React.ReactNode;
  if (count > 1) {
    body = (
      <section>
        <h2>{t('inspector.manySelected', { count })}</h2>
        <button type="button" className="danger" onClick={() => controller.run('delete')}>
          {t('inspector.deleteSelected')}
        </button>
      </section>
    );
  } else if (selection.edges.length === 1) {
    const flow = doc.flows.find((f) => f.id === selection.edges[0]);
    const from = doc.steps.find((s) => s.id === flow?.from);
    const to = doc.steps.find((s) => s.id === flow?.to);
    body = flow && (
      <section>
        <h2>{t('inspector.flow')}</h2>
        <p className="muted">
          {t('inspector.from')}: {from?.title} → {t('inspector.to')}: {to?.title}
        </p>
        <SelectField
          label={t('inspector.flowKind')}
          value={flow.kind}
          options={FLOW_KINDS.map((k) => ({ value: k, label: t(`flowKind.${k}`) }))}
          onChange={(kind) => apply((d) => updateFlow(d, { id: flow.id, patch: { kind } }))}
        />
        <TextField
          label={t('inspector.flowLabel')}
          value={flow.label}
          coalesce={`flow:${flow.id}:label`}
          onChange={(label) => (d) => updateFlow(d, { id: flow.id, patch: { label } })}
        />
        <button type="button" className="danger" onClick={() => controller.run('delete')}>
          {t('inspector.deleteFlow')}
        </button>
      </section>
    );
  } else if (selection.nodes.length === 1) {
    const id = selection.nodes[0] as string;
    if (id.startsWith('stage:')) {
      const index = doc.stages.findIndex((s) => s.id === id.slice(6));
      const stage = doc.stages[index];
      body = stage && (
        <BandSection kind="stage" id={stage.id} title={stage.title} index={index} count={doc.stages.length}>
          <TextField
            label={t('inspector.description')}
            value={stage.description}
            multiline
            maxLength={20000}
            coalesce={`stage:${stage.id}:description`}
            onChange={(description) => (d) => updateStage(d, { id: stage.id, patch: { description } })}
          />
        </BandSection>
      );
    } else if (id.startsWith('lane:')) {
      const index = doc.lanes.findIndex((l) => l.id === id.slice(5));
      const lane = doc.lanes[index];
      body = lane && (
        <BandSection kind="lane" id={lane.id} title={lane.title} index={index} count={doc.lanes.length}>
          <SelectField
            label={t('inspector.laneKind')}
            value={lane.kind}
            options={LANE_KINDS.map((k) => ({ value: k, label: t(`laneKind.${k}`) }))}
            onChange={(kind) => apply((d) => updateLane(d, { id: lane.id, patch: { kind } }))}
          />
        </BandSection>
      );
    } else {
      const step = doc.steps.find((s) => s.id === id);
      const stage = doc.stages.find((s) => s.id === step?.stageId);
      const lane = doc.lanes.find((l) => l.id === step?.laneId);
      body = step && (
        <section>
          <h2>{t('inspector.step')}</h2>
          <p className="muted">
            {t('inspector.stage')}: {stage?.title} · {t('inspector.lane')}: {lane?.title}
          </p>
          <TextField
            label={t('inspector.stepTitle')}
            value={step.title}
            focusKey="step-title"
            coalesce={`step:${step.id}:title`}
            onChange={(title) => (d) => updateStep(d, { id: step.id, patch: { title } })}
          />
          <TextField
            label={t('inspector.description')}
            value={step.description}
            multiline
            maxLength={20000}
            coalesce={`step:${step.id}:description`}
            onChange={(description) => (d) => updateStep(d, { id: step.id, patch: { description } })}
          />
          <button type="button" className="danger" onClick={() => controller.run('delete')}>
            {t('inspector.deleteStep')}
          </button>
        </section>
      );
    }
  } else {
    body = (
      <section>
        <h2>{t('inspector.map')}</h2>
        <TextField
          label={t('inspector.mapTitle')}
          value={doc.meta.title}
          coalesce="meta:title"
          required
          onChange={(title) => (d) => updateMeta(d, { title })}
        />
        <TextField
          label={t('inspector.service')}
          value={doc.meta.service}
          coalesce="meta:service"
          onChange={(service) => (d) => updateMeta(d, { service })}
        />
        <SelectField
          label={t('inspector.variant')}
          value={doc.meta.variant}
          options={VARIANTS.map((v) => ({ value: v, label: t(`variant.${v}`) }))}
          onChange={(variant) => apply((d) => updateMeta(d, { variant }))}
        />
        <p className="muted">
          {t('inspector.counts', { stages: doc.stages.length, lanes: doc.lanes.length, steps: doc.steps.length, flows: doc.flows.length })}
        </p>
        <p className="hint">{t('inspector.nothingSelected')}</p>
      </section>
    );
  }

  return (
    <aside className="inspector" aria-label={t('inspector.title')}>
      {body}
    </aside>
  );
}
