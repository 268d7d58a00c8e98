/**
 * Operations on the map's registries — personas, agencies, documents, regulations, evidence,
 * pain points and opportunities — with one generic add / update / delete. Deleting an entity
 * also removes every reference to it, so the map stays valid.
 */
import { pruneWorkshopRefs } from './workshop';
import { produce, type Draft } from 'immer';
import type { z } from 'zod';
import {
  AgencySchema,
  DocumentKindSchema,
  EvidenceSchema,
  OpportunitySchema,
  PainPointSchema,
  PersonaSchema,
  RegulationSchema,
} from './schema';
import type { JourneyMap } from './types';

export const REGISTRY_SCHEMAS = {
  personas: PersonaSchema,
  agencies: AgencySchema,
  documents: DocumentKindSchema,
  regulations: RegulationSchema,
  evidence: EvidenceSchema,
  painPoints: PainPointSchema,
  opportunities: OpportunitySchema,
} as const;

export type Collection = keyof typeof REGISTRY_SCHEMAS;
export type EntityOf<C extends Collection> = JourneyMap[C][number];
export type EntityInput<C extends Collection> = z.input<(typeof REGISTRY_SCHEMAS)[C]>;
type EntityPatch<C extends Collection> = Partial<Omit<EntityOf<C>, 'id'>>;

/** A complete entity from the fields given, the schema's defaults filling the rest. */
export function createEntity<C extends Collection>(collection: C, input: EntityInput<C>): EntityOf<C> {
  return REGISTRY_SCHEMAS[collection].parse(input) as EntityOf<C>;
}

function list<C extends Collection>(draft: Draft<JourneyMap>, collection: C): { id: string }[] {
  return draft[collection] as unknown as { id: string }[];
}

const hasId = (doc: JourneyMap, id: string) =>
  (['personas', 'agencies', 'stages', 'lanes', 'steps', 'flows', 'painPoints', 'opportunities', 'evidence', 'regulations', 'documents'] as const).some(
    (key) => (doc[key] as { id: string }[]).some((x) => x.id === id),
  );

/** Adds an entity (at `index`, else at the end). A no-op if its id is taken anywhere in the map. */
export function addEntity<C extends Collection>(doc: JourneyMap, collection: C, entity: EntityOf<C>, index?: number): JourneyMap {
  if (hasId(doc, entity.id)) return doc;
  return produce(doc, (d) => {
    const items = list(d, collection);
    const at = index === undefined || index < 0 || index > items.length ? items.length : index;
    items.splice(at, 0, entity as { id: string });
  });
}

/** Changes fields of an entity; `undefined` removes an optional field. */
export function updateEntity<C extends Collection>(doc: JourneyMap, collection: C, id: string, patch: EntityPatch<C>): JourneyMap {
  // Found in the base document: a search through the draft makes a proxy of every item it passes.
  const index = (doc[collection] as unknown as { id: string }[]).findIndex((x) => x.id === id);
  if (index < 0) return doc;
  return produce(doc, (d) => {
    const item = list(d, collection)[index] as Record<string, unknown> | undefined;
    if (!item) return;
    for (const [key, value] of Object.entries(patch)) {
      if (key === 'id') continue;
      if (value === undefined) delete item[key];
      else if (JSON.stringify(item[key]) !== JSON.stringify(value)) item[key] = value;
    }
  });
}

const without = (ids: string[], id: string) => (ids.includes(id) ? ids.filter((x) => x !== id) : ids);

/** Deletes an entity and every reference to it. */
export function deleteEntity<C extends Collection>(doc: JourneyMap, collection: C, id: string): JourneyMap {
  return produce(doc, (d) => {
    const items = list(d, collection);
    const index = items.findIndex((x) => x.id === id);
    if (index < 0) return;
    items.splice(index, 1);
    switch (collection) {
      case 'agencies':
        for (const s of d.steps) s.agencyIds = without(s.agencyIds, id);
        for (const p of d.painPoints) {
          p.agencyIds = without(p.agencyIds, id);
          if (p.ownerAgencyId === id) delete p.ownerAgencyId;
        }
        for (const o of d.opportunities) if (o.ownerAgencyId === id) delete o.ownerAgencyId;
        for (const doc of d.documents) if (doc.issuerAgencyId === id) delete doc.issuerAgencyId;
        break;
      case 'documents':
        for (const s of d.steps) {
          s.documentsIn = without(s.documentsIn, id);
          s.documentsOut = without(s.documentsOut, id);
        }
        break;
      case 'regulations':
        for (const s of d.steps) s.regulationIds = without(s.regulationIds, id);
        for (const p of d.painPoints) p.regulationIds = without(p.regulationIds, id);
        break;
      case 'evidence':
        for (const s of d.steps) s.evidenceIds = without(s.evidenceIds, id);
        for (const p of d.painPoints) p.evidenceIds = without(p.evidenceIds, id);
        break;
      case 'painPoints':
        for (const o of d.opportunities) o.painPointIds = without(o.painPointIds, id);
        break;
      case 'opportunities':
        for (const p of d.painPoints) p.opportunityIds = without(p.opportunityIds, id);
        break;
      case 'personas':
        break;
    }
    pruneWorkshopRefs(d);
  });
}

/** Links or unlinks a pain point and an opportunity, on both sides. */
export function linkPainOpportunity(doc: JourneyMap, args: { painPointId: string; opportunityId: string; linked: boolean }): JourneyMap {
  return produce(doc, (d) => {
    const pain = d.painPoints.find((p) => p.id === args.painPointId);
    const opportunity = d.opportunities.find((o) => o.id === args.opportunityId);
    if (!pain || !opportunity) return;
    if (args.linked) {
      if (!pain.opportunityIds.includes(opportunity.id)) pain.opportunityIds.push(opportunity.id);
      if (!opportunity.painPointIds.includes(pain.id)) opportunity.painPointIds.push(pain.id);
    } else {
      pain.opportunityIds = without(pain.opportunityIds, opportunity.id);
      opportunity.painPointIds = without(opportunity.painPointIds, pain.id);
    }
  });
}

/** Moves an entity within its registry (agencies' order is the legend's order). */
export function moveEntity<C extends Collection>(doc: JourneyMap, collection: C, id: string, toIndex: number): JourneyMap {
  return produce(doc, (d) => {
    const items = list(d, collection);
    const from = items.findIndex((x) => x.id === id);
    const to = Math.max(0, Math.min(items.length - 1, Math.floor(toIndex)));
    if (from < 0 || from === to) return;
    const [item] = items.splice(from, 1);
    items.splice(to, 0, item as { id: string });
  });
}
