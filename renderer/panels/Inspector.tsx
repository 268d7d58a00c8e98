/**
 * The inspector: properties of what is selected (a step, pain point, opportunity, stage, lane or
 * flow), or of the map when nothing is. Every change is one undo step; typing in one field too.
 */
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import {
  CHANNELS,
  FLOW_KINDS,
  LANE_KINDS,
  OPPORTUNITY_STATUSES,
  PAIN_CAUSES,
  PAIN_STATUSES,
  VARIANTS,
  addEntity,
  createEntity,
  linkPainOpportunity,
  moveLane,
  moveStage,
  newId,
  updateEntity,
  updateFlow,
  updateLane,
  updateMeta,
  updateStage,
  updateStep,
  type JourneyMap,
  type Opportunity,
  type PainPoint,
  type Step,
} from '../../shared/model';
import { useController } from '../app/context';
import { useAppStore } from '../store';
import type { StoreState } from '../store/types';
import { localized } from '../../shared/guidance/catalog';
import { refsOf, setRefs, type LinkTarget } from '../guidance/links';
import { CheckboxField, NumberField, RefsField, ScaleField, SelectField, TextField, type RefOption } from './fields';
import { InspectorComments } from '../workshop/CommentsSection';

type T = (key: string, params?: Record<string, string | number>) => string;
type Apply = (op: (doc: JourneyMap) => JourneyMap) => boolean;

const agencyOptions = (doc: JourneyMap): RefOption[] => doc.agencies.map((a) => ({ id: a.id, label: a.shortName || a.name, color: a.color }));
const documentOptions = (doc: JourneyMap): RefOption[] => doc.documents.map((d) => ({ id: d.id, label: d.name }));
const regulationOptions = (doc: JourneyMap): RefOption[] =>
  doc.regulations.map((r) => ({ id: r.id, label: r.number ? `${r.title} № ${r.number}` : r.title }));
const evidenceOptions = (doc: JourneyMap, t: T): RefOption[] =>
  doc.evidence.map((e) => ({ id: e.id, label: `${t(`evidenceKind.${e.kind}`)}: ${e.source || e.note.slice(0, 60) || e.id}` }));

/** Creates a registry entry from a typed name and returns the operation and its id. */
function creator(apply: Apply) {
  return {
    agency: (name: string, then: (id: string) => (d: JourneyMap) => JourneyMap) => {
      const id = newId('agency');
      apply((d) => then(id)(addEntity(d, 'agencies', createEntity('agencies', { id, name, shortName: name.slice(0, 12) }))));
    },
    document: (name: string, then: (id: string) => (d: JourneyMap) => JourneyMap) => {
      const id = newId('doc');
      apply((d) => then(id)(addEntity(d, 'documents', createEntity('documents', { id, name }))));
    },
    regulation: (title: string, then: (id: string) => (d: JourneyMap) => JourneyMap) => {
      const id = newId('reg');
      apply((d) => then(id)(addEntity(d, 'regulations', createEntity('regulations', { id, title }))));
    },
    evidence: (note: string, then: (id: string) => (d: JourneyMap) => JourneyMap) => {
      const id = newId('ev');
      apply((d) => then(id)(addEntity(d, 'evidence', createEntity('evidence', { id, kind: 'observation', note }))));
    },
  };
}

const EMOTIONS = [
  { value: -2, label: '−2', className: 'emotion-n2' },
  { value: -1, label: '−1', className: 'emotion-n1' },
  { value: 0, label: '0', className: 'emotion-0' },
  { value: 1, label: '+1', className: 'emotion-p1' },
  { value: 2, label: '+2', className: 'emotion-p2' },
] as const;

const SEVERITIES = [1, 2, 3, 4, 5].map((value) => ({ value, label: String(value), className: `severity-${value}` }));
const LEVELS = [1, 2, 3].map((value) => ({ value, label: String(value) }));

/** The guidance sections an element links to; pick more by number or title, or from the guidance panel. */
function GuidanceField({ doc, target }: { doc: JourneyMap; target: LinkTarget }) {
  const { t, i18n } = useTranslation();
  const apply = useAppStore((s) => s.apply);
  const catalogs = useAppStore((s) => s.catalogs);
  const locale = i18n.language === 'en' ? 'en' : 'ru';
  const key = (catalog: string, section: string) => `${catalog}#${section}`;
  const options: RefOption[] = catalogs.flatMap((c) => c.sections.map((s) => ({ id: key(c.id, s.id), label: `${s.id} ${localized(s.title, locale)}` })));
  const refs = refsOf(doc, target);
  return (
    <RefsField
      label={t('guidancePanel.links')}
      selected={refs.map((r) => key(r.catalog, r.section))}
      options={options}
      onChange={(ids) =>
        apply((d) =>
          setRefs(
            d,
            target,
            ids.map((id) => {
              const [catalog = '', section = ''] = id.split('#');
              return { catalog, section };
            }),
          ),
        )
      }
    />
  );
}

function DeleteButton({ label }: { label: string }) {
  const controller = useController();
  return (
    <button type="button" className="danger" onClick={() => controller.run('delete')}>
      {label}
    </button>
  );
}

// ------------------------------------------------------------------------------- step
function StepSection({ doc, step }: { doc: JourneyMap; step: Step }) {
  const { t } = useTranslation();
  const apply = useAppStore((s) => s.apply);
  const select = useAppStore((s) => s.select);
  const create = creator(apply);
  const stage = doc.stages.find((s) => s.id === step.stageId);
  const lane = doc.lanes.find((l) => l.id === step.laneId);
  const patch = (p: Partial<Step>) => (d: JourneyMap) => updateStep(d, { id: step.id, patch: p });
  const set = (p: Partial<Step>) => apply(patch(p));
  const key = (field: string) => `step:${step.id}:${field}`;
  const pains = doc.painPoints.filter((p) => p.stepId === step.id);
  const addPain = () => {
    const id = newId('pain');
    const painLane = doc.lanes.find((l) => l.kind === 'pains');
    const pain = createEntity('painPoints', {
      id,
      stepId: step.id,
      title: t('props.newPainPoint'),
      agencyIds: step.agencyIds.slice(0, 5),
      ...(painLane ? { cell: { laneId: painLane.id, stageId: step.stageId } } : {}),
    });
    if (apply((d) => addEntity(d, 'painPoints', pain))) select({ nodes: [`pain:${id}`], edges: [] });
  };
  return (
    <section>
      <h2>{t('inspector.step')}</h2>
      <p className="muted">
        {t('inspector.stage')}: {stage?.title} · {t('inspector.lane')}: {lane?.title}
      </p>
      <TextField label={t('inspector.stepTitle')} value={step.title} focusKey="step-title" coalesce={key('title')} onChange={(title) => patch({ title })} />
      <TextField label={t('inspector.description')} value={step.description} multiline maxLength={20000} coalesce={key('description')} onChange={(description) => patch({ description })} />
      <RefsField
        label={t('props.agencies')}
        selected={step.agencyIds}
        options={agencyOptions(doc)}
        onChange={(agencyIds) => set({ agencyIds })}
        onCreate={(name) => create.agency(name, (id) => patch({ agencyIds: [...step.agencyIds, id] }))}
      />
      <SelectField label={t('props.channel')} value={step.channel} emptyLabel={t('props.none')} options={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} onChange={(channel) => set({ channel })} />
      <CheckboxField label={t('props.inPerson')} checked={step.inPerson === true} onChange={(inPerson) => set({ inPerson: inPerson || undefined })} />
      <div className="field-grid">
        <NumberField label={t('props.waitMinutes')} value={step.waitMinutes} coalesce={key('wait')} onChange={(waitMinutes) => patch({ waitMinutes })} />
        <NumberField label={t('props.serviceMinutes')} value={step.serviceMinutes} coalesce={key('service')} onChange={(serviceMinutes) => patch({ serviceMinutes })} />
        <NumberField label={t('props.leadTimeDays')} value={step.leadTimeDays} coalesce={key('lead')} onChange={(leadTimeDays) => patch({ leadTimeDays })} />
        <NumberField label={t('props.costRub')} value={step.costRub} coalesce={key('cost')} onChange={(costRub) => patch({ costRub })} />
      </div>
      <ScaleField
        label={t('props.emotion')}
        value={step.emotion}
        options={EMOTIONS}
        clearLabel={t('props.noEmotion')}
        onChange={(emotion) => set({ emotion })}
      />
      <RefsField
        label={t('props.documentsIn')}
        selected={step.documentsIn}
        options={documentOptions(doc)}
        onChange={(documentsIn) => set({ documentsIn })}
        onCreate={(name) => create.document(name, (id) => patch({ documentsIn: [...step.documentsIn, id] }))}
      />
      <RefsField
        label={t('props.documentsOut')}
        selected={step.documentsOut}
        options={documentOptions(doc)}
        onChange={(documentsOut) => set({ documentsOut })}
        onCreate={(name) => create.document(name, (id) => patch({ documentsOut: [...step.documentsOut, id] }))}
      />
      <RefsField
        label={t('props.regulations')}
        selected={step.regulationIds}
        options={regulationOptions(doc)}
        onChange={(regulationIds) => set({ regulationIds })}
        onCreate={(title) => create.regulation(title, (id) => patch({ regulationIds: [...step.regulationIds, id] }))}
      />
      <RefsField
        label={t('props.evidence')}
        selected={step.evidenceIds}
        options={evidenceOptions(doc, t)}
        onChange={(evidenceIds) => set({ evidenceIds })}
        onCreate={(note) => create.evidence(note, (id) => patch({ evidenceIds: [...step.evidenceIds, id] }))}
      />
      <GuidanceField doc={doc} target={{ kind: 'step', id: step.id }} />
      <div className="field">
        <span className="field-label">{t('props.painPoints')}</span>
        <ul className="link-list">
          {pains.map((p) => (
            <li key={p.id}>
              <button type="button" className={`link severity-dot severity-${p.severity}`} onClick={() => select({ nodes: [`pain:${p.id}`], edges: [] })}>
                {p.title}
              </button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={addPain}>
          + {t('props.addPainPoint')}
        </button>
      </div>
      <DeleteButton label={t('inspector.deleteStep')} />
    </section>
  );
}

// ------------------------------------------------------------------------- pain point
/** Where a pain point detached from its step goes: the pains lane (else the step's lane), at the step's stage. */
function detachedCell(doc: JourneyMap, pain: PainPoint) {
  const step = doc.steps.find((s) => s.id === pain.stepId);
  const laneId = (doc.lanes.find((l) => l.kind === 'pains') ?? doc.lanes.find((l) => l.id === step?.laneId) ?? doc.lanes[0])?.id;
  const stageId = step?.stageId ?? doc.stages[0]?.id;
  return laneId && stageId ? { laneId, stageId } : undefined;
}

function PainSection({ doc, pain }: { doc: JourneyMap; pain: PainPoint }) {
  const { t } = useTranslation();
  const apply = useAppStore((s) => s.apply);
  const select = useAppStore((s) => s.select);
  const create = creator(apply);
  const patch = (p: Partial<PainPoint>) => (d: JourneyMap) => updateEntity(d, 'painPoints', pain.id, p);
  const set = (p: Partial<PainPoint>) => apply(patch(p));
  const key = (field: string) => `pain:${pain.id}:${field}`;
  const agencies = doc.agencies.map((a) => ({ value: a.id, label: a.shortName || a.name }));
  const setOpportunities = (ids: string[]) =>
    apply((d) => {
      let next = d;
      for (const o of d.opportunities) {
        const linked = ids.includes(o.id);
        if (linked !== pain.opportunityIds.includes(o.id)) next = linkPainOpportunity(next, { painPointId: pain.id, opportunityId: o.id, linked });
      }
      return next;
    });
  const addOpportunity = (title: string) => {
    const id = newId('opp');
    apply((d) =>
      linkPainOpportunity(addEntity(d, 'opportunities', createEntity('opportunities', { id, title, ownerAgencyId: pain.ownerAgencyId })), {
        painPointId: pain.id,
        opportunityId: id,
        linked: true,
      }),
    );
  };
  return (
    <section>
      <h2>{t('props.painPoint')}</h2>
      <TextField label={t('inspector.stepTitle')} value={pain.title} required focusKey="pain-title" coalesce={key('title')} onChange={(title) => patch({ title })} />
      <TextField label={t('inspector.description')} value={pain.description} multiline maxLength={20000} coalesce={key('description')} onChange={(description) => patch({ description })} />
      <SelectField
        label={t('props.step')}
        value={pain.stepId}
        emptyLabel={t('props.noStep')}
        options={doc.steps.map((s) => ({ value: s.id, label: s.title }))}
        onChange={(stepId) => set(stepId ? { stepId } : { stepId: undefined, cell: pain.cell ?? detachedCell(doc, pain) })}
      />
      <ScaleField label={t('props.severity')} value={pain.severity} options={SEVERITIES} onChange={(severity) => set({ severity: severity ?? 3 })} />
      <RefsField
        label={t('props.agencies')}
        selected={pain.agencyIds}
        options={agencyOptions(doc)}
        onChange={(agencyIds) => set({ agencyIds })}
        onCreate={(name) => create.agency(name, (id) => patch({ agencyIds: [...pain.agencyIds, id] }))}
      />
      <SelectField label={t('props.cause')} value={pain.cause} emptyLabel={t('props.none')} options={PAIN_CAUSES.map((c) => ({ value: c, label: t(`cause.${c}`) }))} onChange={(cause) => set({ cause })} />
      <TextField label={t('props.category')} value={pain.category} coalesce={key('category')} onChange={(category) => patch({ category })} />
      <SelectField label={t('props.owner')} value={pain.ownerAgencyId} emptyLabel={t('props.none')} options={agencies} onChange={(ownerAgencyId) => set({ ownerAgencyId })} />
      <SelectField label={t('props.status')} value={pain.status} options={PAIN_STATUSES.map((s) => ({ value: s, label: t(`painStatus.${s}`) }))} onChange={(status) => set({ status: status ?? 'open' })} />
      <RefsField
        label={t('props.evidence')}
        selected={pain.evidenceIds}
        options={evidenceOptions(doc, t)}
        onChange={(evidenceIds) => set({ evidenceIds })}
        onCreate={(note) => create.evidence(note, (id) => patch({ evidenceIds: [...pain.evidenceIds, id] }))}
      />
      <RefsField
        label={t('props.regulations')}
        selected={pain.regulationIds}
        options={regulationOptions(doc)}
        onChange={(regulationIds) => set({ regulationIds })}
        onCreate={(title) => create.regulation(title, (id) => patch({ regulationIds: [...pain.regulationIds, id] }))}
      />
      <RefsField
        label={t('props.opportunities')}
        selected={pain.opportunityIds}
        options={doc.opportunities.map((o) => ({ id: o.id, label: o.title }))}
        onChange={setOpportunities}
        onCreate={addOpportunity}
      />
      <GuidanceField doc={doc} target={{ kind: 'painPoint', id: pain.id }} />
      {pain.opportunityIds.length > 0 && (
        <ul className="link-list">
          {pain.opportunityIds.map((id) => (
            <li key={id}>
              <button type="button" className="link" onClick={() => select({ nodes: [`opp:${id}`], edges: [] })}>
                {doc.opportunities.find((o) => o.id === id)?.title ?? id}
              </button>
            </li>
          ))}
        </ul>
      )}
      <DeleteButton label={t('props.deletePainPoint')} />
    </section>
  );
}

// ------------------------------------------------------------------------ opportunity
function OpportunitySection({ doc, opportunity }: { doc: JourneyMap; opportunity: Opportunity }) {
  const { t } = useTranslation();
  const apply = useAppStore((s) => s.apply);
  const patch = (p: Partial<Opportunity>) => (d: JourneyMap) => updateEntity(d, 'opportunities', opportunity.id, p);
  const set = (p: Partial<Opportunity>) => apply(patch(p));
  const key = (field: string) => `opp:${opportunity.id}:${field}`;
  const setPains = (ids: string[]) =>
    apply((d) => {
      let next = d;
      for (const p of d.painPoints) {
        const linked = ids.includes(p.id);
        if (linked !== opportunity.painPointIds.includes(p.id)) next = linkPainOpportunity(next, { painPointId: p.id, opportunityId: opportunity.id, linked });
      }
      return next;
    });
  return (
    <section>
      <h2>{t('props.opportunity')}</h2>
      <TextField label={t('inspector.stepTitle')} value={opportunity.title} required focusKey="opportunity-title" coalesce={key('title')} onChange={(title) => patch({ title })} />
      <TextField label={t('inspector.description')} value={opportunity.description} multiline maxLength={20000} coalesce={key('description')} onChange={(description) => patch({ description })} />
      <SelectField
        label={t('props.owner')}
        value={opportunity.ownerAgencyId}
        emptyLabel={t('props.none')}
        options={doc.agencies.map((a) => ({ value: a.id, label: a.shortName || a.name }))}
        onChange={(ownerAgencyId) => set({ ownerAgencyId })}
      />
      <ScaleField label={t('props.effort')} value={opportunity.effort} options={LEVELS} clearLabel={t('props.none')} onChange={(effort) => set({ effort })} />
      <ScaleField label={t('props.impact')} value={opportunity.impact} options={LEVELS} clearLabel={t('props.none')} onChange={(impact) => set({ impact })} />
      <SelectField
        label={t('props.status')}
        value={opportunity.status}
        options={OPPORTUNITY_STATUSES.map((s) => ({ value: s, label: t(`opportunityStatus.${s}`) }))}
        onChange={(status) => set({ status: status ?? 'idea' })}
      />
      <RefsField label={t('props.painPoints')} selected={opportunity.painPointIds} options={doc.painPoints.map((p) => ({ id: p.id, label: p.title }))} onChange={setPains} />
      <GuidanceField doc={doc} target={{ kind: 'opportunity', id: opportunity.id }} />
      <DeleteButton label={t('props.deleteOpportunity')} />
    </section>
  );
}

// -------------------------------------------------------------------- stage and lane
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
      <DeleteButton label={t(text.remove)} />
    </section>
  );
}

// ------------------------------------------------------------------------------- map
function MapSection({ doc }: { doc: JourneyMap }) {
  const { t } = useTranslation();
  const apply = useAppStore((s) => s.apply);
  const persona = doc.personas[0];
  const addPersona = () => {
    const id = newId('persona');
    apply((d) => addEntity(d, 'personas', createEntity('personas', { id, name: t('registry.newPersona') })));
  };
  return (
    <section>
      <h2>{t('inspector.map')}</h2>
      <TextField label={t('inspector.mapTitle')} value={doc.meta.title} coalesce="meta:title" required onChange={(title) => (d) => updateMeta(d, { title })} />
      <TextField label={t('inspector.service')} value={doc.meta.service} coalesce="meta:service" onChange={(service) => (d) => updateMeta(d, { service })} />
      <SelectField
        label={t('inspector.variant')}
        value={doc.meta.variant}
        options={VARIANTS.map((v) => ({ value: v, label: t(`variant.${v}`) }))}
        onChange={(variant) => apply((d) => updateMeta(d, { variant: variant ?? 'as-is' }))}
      />
      <TextField
        label={t('props.counterpart')}
        value={doc.meta.counterpart ?? ''}
        maxLength={2000}
        coalesce="meta:counterpart"
        onChange={(counterpart) => (d) => updateMeta(d, { counterpart: counterpart.trim() === '' ? undefined : counterpart })}
      />
      {persona ? (
        <>
          <TextField
            label={t('props.persona')}
            value={persona.name}
            required
            coalesce={`persona:${persona.id}:name`}
            onChange={(name) => (d) => updateEntity(d, 'personas', persona.id, { name })}
          />
          <TextField
            label={t('registry.description')}
            value={persona.description}
            multiline
            maxLength={20000}
            coalesce={`persona:${persona.id}:description`}
            onChange={(description) => (d) => updateEntity(d, 'personas', persona.id, { description })}
          />
        </>
      ) : (
        <button type="button" onClick={addPersona}>
          + {t('registry.newPersona')}
        </button>
      )}
      <GuidanceField doc={doc} target={{ kind: 'map' }} />
      <p className="muted">
        {t('inspector.counts', { stages: doc.stages.length, lanes: doc.lanes.length, steps: doc.steps.length, flows: doc.flows.length })}
      </p>
      <p className="hint">{t('inspector.nothingSelected')}</p>
    </section>
  );
}

const selectInspector = (s: StoreState) => ({ doc: s.doc, selection: s.selection });

export function Inspector() {
  const { t } = useTranslation();
  const { doc, selection } = useAppStore(useShallow(selectInspector));
  const apply = useAppStore((s) => s.apply);
  const readOnly = useAppStore((s) => s.readOnly !== null);
  const count = selection.nodes.length + selection.edges.length;

  let body: React.ReactNode = null;
  if (count > 1) {
    body = (
      <section>
        <h2>{t('inspector.manySelected', { count })}</h2>
        <DeleteButton label={t('inspector.deleteSelected')} />
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
          onChange={(kind) => apply((d) => updateFlow(d, { id: flow.id, patch: { kind: kind ?? 'sequence' } }))}
        />
        <TextField label={t('inspector.flowLabel')} value={flow.label} coalesce={`flow:${flow.id}:label`} onChange={(label) => (d) => updateFlow(d, { id: flow.id, patch: { label } })} />
        <DeleteButton label={t('inspector.deleteFlow')} />
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
          <GuidanceField doc={doc} target={{ kind: 'stage', id: stage.id }} />
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
            onChange={(kind) => apply((d) => updateLane(d, { id: lane.id, patch: { kind: kind ?? 'custom' } }))}
          />
        </BandSection>
      );
    } else if (id.startsWith('pain:')) {
      const pain = doc.painPoints.find((p) => p.id === id.slice(5));
      body = pain && <PainSection doc={doc} pain={pain} />;
    } else if (id.startsWith('opp:')) {
      const opportunity = doc.opportunities.find((o) => o.id === id.slice(4));
      body = opportunity && <OpportunitySection doc={doc} opportunity={opportunity} />;
    } else {
      const step = doc.steps.find((s) => s.id === id);
      body = step && <StepSection key={step.id} doc={doc} step={step} />;
    }
  }
  return (
    <div className="inspector-body" aria-label={t('inspector.title')}>
      {/* A read-only map shows its fields without letting them change. */}
      <fieldset className="inspector-fieldset" disabled={readOnly}>
        {body ?? <MapSection doc={doc} />}
        <InspectorComments />
      </fieldset>
    </div>
  );
}

