/**
 * The map's registries: agencies, documents, regulations, evidence and personas. Each entry
 * opens to its fields; deleting one removes every reference to it (one undo step).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AGENCY_KINDS,
  EVIDENCE_KINDS,
  REGULATION_KINDS,
  addEntity,
  createEntity,
  deleteEntity,
  newId,
  updateEntity,
  type Collection,
  type EntityOf,
  type JourneyMap,
} from '../../shared/model';
import { useAppStore } from '../store';
import { CheckboxField, SelectField, TextField } from './fields';

type T = (key: string, params?: Record<string, string | number>) => string;

/** A palette for new agencies: distinct, readable on white, in registry order. */
const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#475569', '#b45309'];

/** How many references an entity has, for the "used N times" hint. */
function usage(doc: JourneyMap, collection: Collection, id: string): number {
  const count = (lists: string[][]) => lists.reduce((n, list) => n + (list.includes(id) ? 1 : 0), 0);
  switch (collection) {
    case 'agencies':
      return (
        count(doc.steps.map((s) => s.agencyIds)) +
        count(doc.painPoints.map((p) => p.agencyIds)) +
        doc.painPoints.filter((p) => p.ownerAgencyId === id).length +
        doc.opportunities.filter((o) => o.ownerAgencyId === id).length
      );
    case 'documents':
      return count(doc.steps.map((s) => s.documentsIn)) + count(doc.steps.map((s) => s.documentsOut));
    case 'regulations':
      return count(doc.steps.map((s) => s.regulationIds)) + count(doc.painPoints.map((p) => p.regulationIds));
    case 'evidence':
      return count(doc.steps.map((s) => s.evidenceIds)) + count(doc.painPoints.map((p) => p.evidenceIds));
    default:
      return 0;
  }
}

interface Spec<C extends Collection> {
  collection: C;
  title: string;
  label(item: EntityOf<C>): string;
  create(doc: JourneyMap, id: string): EntityOf<C>;
  fields(item: EntityOf<C>, patch: (p: Partial<EntityOf<C>>) => (d: JourneyMap) => JourneyMap, set: (p: Partial<EntityOf<C>>) => void): React.ReactNode;
}

function RegistrySection<C extends Collection>({ spec, doc }: { spec: Spec<C>; doc: JourneyMap }) {
  const { t } = useTranslation();
  const apply = useAppStore((s) => s.apply);
  const [open, setOpen] = useState<string | null>(null);
  const items = doc[spec.collection] as EntityOf<C>[];
  const add = () => {
    const id = newId(spec.collection.slice(0, 4));
    if (apply((d) => addEntity(d, spec.collection, spec.create(d, id)))) setOpen(id);
  };
  return (
    <section className="registry" data-registry={spec.collection}>
      <div className="section-head">
        <h3>
          {spec.title} <span className="muted">({items.length})</span>
        </h3>
        <button type="button" onClick={add}>
          + {t('registry.add')}
        </button>
      </div>
      {items.length === 0 && <p className="muted">{t('registry.empty')}</p>}
      <ul className="registry-list">
        {items.map((item) => {
          const patch = (p: Partial<EntityOf<C>>) => (d: JourneyMap) => updateEntity(d, spec.collection, item.id, p as never);
          const used = usage(doc, spec.collection, item.id);
          return (
            <li key={item.id} className={open === item.id ? 'open' : ''}>
              <button type="button" className="registry-item" aria-expanded={open === item.id} onClick={() => setOpen(open === item.id ? null : item.id)}>
                {'color' in item && <span className="swatch" style={{ background: String(item.color) }} />}
                <span className="registry-label">{spec.label(item)}</span>
                {used > 0 && <span className="muted registry-usage">{t('registry.usedBy', { count: used })}</span>}
              </button>
              {open === item.id && (
                <div className="registry-fields">
                  {spec.fields(item, patch, (p) => apply(patch(p)))}
                  <button type="button" className="danger" onClick={() => apply((d) => deleteEntity(d, spec.collection, item.id))}>
                    {t('registry.delete')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function specs(t: T) {
  const agencies: Spec<'agencies'> = {
    collection: 'agencies',
    title: t('registry.agencies'),
    label: (a) => (a.shortName && a.shortName !== a.name ? `${a.shortName} — ${a.name}` : a.name),
    create: (doc, id) => createEntity('agencies', { id, name: t('registry.newAgency'), color: PALETTE[doc.agencies.length % PALETTE.length] }),
    fields: (a, patch, set) => (
      <>
        <TextField label={t('registry.name')} value={a.name} required coalesce={`agency:${a.id}:name`} onChange={(name) => patch({ name })} />
        <TextField label={t('registry.shortName')} value={a.shortName} maxLength={40} coalesce={`agency:${a.id}:short`} onChange={(shortName) => patch({ shortName })} />
        <SelectField label={t('registry.kind')} value={a.kind} options={AGENCY_KINDS.map((k) => ({ value: k, label: t(`agencyKind.${k}`) }))} onChange={(kind) => set({ kind: kind ?? 'other' })} />
        <label className="field field-color">
          <span className="field-label">{t('registry.color')}</span>
          <input type="color" value={a.color} onChange={(e) => set({ color: e.target.value })} />
        </label>
      </>
    ),
  };
  const documents: Spec<'documents'> = {
    collection: 'documents',
    title: t('registry.documents'),
    label: (d) => d.name,
    create: (_doc, id) => createEntity('documents', { id, name: t('registry.newDocument') }),
    fields: (d, patch, set) => (
      <>
        <TextField label={t('registry.name')} value={d.name} required coalesce={`document:${d.id}:name`} onChange={(name) => patch({ name })} />
        <DocIssuer id={d.issuerAgencyId} onChange={(issuerAgencyId) => set({ issuerAgencyId })} label={t('registry.issuer')} none={t('props.none')} />
      </>
    ),
  };
  const regulations: Spec<'regulations'> = {
    collection: 'regulations',
    title: t('registry.regulations'),
    label: (r) => (r.number ? `${r.title} № ${r.number}` : r.title),
    create: (_doc, id) => createEntity('regulations', { id, title: t('registry.newRegulation') }),
    fields: (r, patch, set) => (
      <>
        <TextField label={t('registry.title')} value={r.title} required maxLength={600} coalesce={`reg:${r.id}:title`} onChange={(title) => patch({ title })} />
        <SelectField label={t('registry.kind')} value={r.kind} options={REGULATION_KINDS.map((k) => ({ value: k, label: t(`regulationKind.${k}`) }))} onChange={(kind) => set({ kind: kind ?? 'other' })} />
        <div className="field-grid">
          <TextField label={t('registry.number')} value={r.number} coalesce={`reg:${r.id}:number`} onChange={(number) => patch({ number })} />
          <TextField label={t('registry.date')} value={r.date} maxLength={40} coalesce={`reg:${r.id}:date`} onChange={(date) => patch({ date })} />
        </div>
        <TextField label={t('registry.article')} value={r.article} coalesce={`reg:${r.id}:article`} onChange={(article) => patch({ article })} />
        <TextField label={t('registry.url')} value={r.url} type="url" maxLength={2000} coalesce={`reg:${r.id}:url`} onChange={(url) => patch({ url })} />
      </>
    ),
  };
  const evidence: Spec<'evidence'> = {
    collection: 'evidence',
    title: t('registry.evidence'),
    label: (e) => `${t(`evidenceKind.${e.kind}`)}: ${e.source || e.note.slice(0, 60) || '…'}${e.personalData ? ' 🔒' : ''}`,
    create: (_doc, id) => createEntity('evidence', { id, kind: 'interview', source: t('registry.newEvidence') }),
    fields: (e, patch, set) => (
      <>
        <SelectField label={t('registry.kind')} value={e.kind} options={EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`evidenceKind.${k}`) }))} onChange={(kind) => set({ kind: kind ?? 'observation' })} />
        <TextField label={t('registry.source')} value={e.source} coalesce={`ev:${e.id}:source`} onChange={(source) => patch({ source })} />
        <TextField label={t('registry.date')} value={e.date} maxLength={40} coalesce={`ev:${e.id}:date`} onChange={(date) => patch({ date })} />
        <TextField label={t('registry.note')} value={e.note} multiline maxLength={20000} coalesce={`ev:${e.id}:note`} onChange={(note) => patch({ note })} />
        <CheckboxField label={t('registry.personalData')} checked={e.personalData} onChange={(personalData) => set({ personalData })} />
        <SelectField label={t('registry.confidence')} value={e.confidence} options={(['low', 'medium', 'high'] as const).map((c) => ({ value: c, label: t(`confidence.${c}`) }))} onChange={(confidence) => set({ confidence: confidence ?? 'medium' })} />
      </>
    ),
  };
  const personas: Spec<'personas'> = {
    collection: 'personas',
    title: t('registry.personas'),
    label: (p) => p.name,
    create: (_doc, id) => createEntity('personas', { id, name: t('registry.newPersona') }),
    fields: (p, patch) => (
      <>
        <TextField label={t('registry.name')} value={p.name} required coalesce={`persona:${p.id}:name`} onChange={(name) => patch({ name })} />
        <TextField label={t('registry.description')} value={p.description} multiline maxLength={20000} coalesce={`persona:${p.id}:description`} onChange={(description) => patch({ description })} />
        <TextField
          label={t('registry.goals')}
          value={p.goals.join('\n')}
          multiline
          maxLength={20000}
          coalesce={`persona:${p.id}:goals`}
          onChange={(text) => patch({ goals: text.split('\n').map((g) => g.trim()).filter(Boolean).slice(0, 100) })}
        />
      </>
    ),
  };
  return { agencies, documents, regulations, evidence, personas };
}

function DocIssuer({ id, onChange, label, none }: { id: string | undefined; onChange(id: string | undefined): void; label: string; none: string }) {
  const agencies = useAppStore((s) => s.doc.agencies);
  return <SelectField label={label} value={id} emptyLabel={none} options={agencies.map((a) => ({ value: a.id, label: a.shortName || a.name }))} onChange={onChange} />;
}

export function Registries() {
  const { t } = useTranslation();
  const doc = useAppStore((s) => s.doc);
  const all = specs(t);
  return (
    <div className="registries">
      <RegistrySection spec={all.agencies} doc={doc} />
      <RegistrySection spec={all.documents} doc={doc} />
      <RegistrySection spec={all.regulations} doc={doc} />
      <RegistrySection spec={all.evidence} doc={doc} />
      <RegistrySection spec={all.personas} doc={doc} />
    </div>
  );
}
