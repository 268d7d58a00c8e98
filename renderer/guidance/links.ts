/**
 * Which element guidance is linked to, and how to read and change its links: the map itself, a
 * stage, a step, a pain point or an opportunity.
 */
import { updateEntity, updateMeta, updateStage, updateStep, type GuidanceRef, type JourneyMap } from '../../shared/model';
import type { Selection } from '../store/types';

export type LinkTarget = { kind: 'map' } | { kind: 'stage' | 'step' | 'painPoint' | 'opportunity'; id: string };

/** The element a section would be linked to: the one selected node, else nothing (the map is explicit). */
export function targetOfSelection(selection: Selection): Exclude<LinkTarget, { kind: 'map' }> | null {
  if (selection.nodes.length !== 1 || selection.edges.length > 0) return null;
  const id = selection.nodes[0] as string;
  if (id.startsWith('stage:')) return { kind: 'stage', id: id.slice(6) };
  if (id.startsWith('pain:')) return { kind: 'painPoint', id: id.slice(5) };
  if (id.startsWith('opp:')) return { kind: 'opportunity', id: id.slice(4) };
  if (id.startsWith('lane:')) return null;
  return { kind: 'step', id };
}

/** The canvas node that shows an element (pain points and opportunities have cards of their own). */
export function nodeIdOf(element: { kind: string; id: string }): string | null {
  switch (element.kind) {
    case 'step':
      return element.id;
    case 'stage':
      return `stage:${element.id}`;
    case 'lane':
      return `lane:${element.id}`;
    case 'painPoint':
      return `pain:${element.id}`;
    case 'opportunity':
      return `opp:${element.id}`;
    default:
      return null;
  }
}

export function refsOf(doc: JourneyMap, target: LinkTarget): GuidanceRef[] {
  switch (target.kind) {
    case 'map':
      return doc.meta.guidance;
    case 'stage':
      return doc.stages.find((s) => s.id === target.id)?.guidance ?? [];
    case 'step':
      return doc.steps.find((s) => s.id === target.id)?.guidance ?? [];
    case 'painPoint':
      return doc.painPoints.find((p) => p.id === target.id)?.guidance ?? [];
    case 'opportunity':
      return doc.opportunities.find((o) => o.id === target.id)?.guidance ?? [];
  }
}

export function setRefs(doc: JourneyMap, target: LinkTarget, guidance: GuidanceRef[]): JourneyMap {
  switch (target.kind) {
    case 'map':
      return updateMeta(doc, { guidance });
    case 'stage':
      return updateStage(doc, { id: target.id, patch: { guidance } });
    case 'step':
      return updateStep(doc, { id: target.id, patch: { guidance } });
    case 'painPoint':
      return updateEntity(doc, 'painPoints', target.id, { guidance });
    case 'opportunity':
      return updateEntity(doc, 'opportunities', target.id, { guidance });
  }
}

export const sameRef = (a: GuidanceRef, b: GuidanceRef) => a.catalog === b.catalog && a.section === b.section;

/** Links (or unlinks) one section to an element, as one operation. */
export function toggleRef(doc: JourneyMap, target: LinkTarget, ref: GuidanceRef, linked: boolean): JourneyMap {
  const refs = refsOf(doc, target);
  const has = refs.some((r) => sameRef(r, ref));
  if (linked === has) return doc;
  return setRefs(doc, target, linked ? [...refs, ref] : refs.filter((r) => !sameRef(r, ref)));
}

/** The name of an element, for buttons and lists. */
export function targetName(doc: JourneyMap, target: LinkTarget, mapName: string): string {
  switch (target.kind) {
    case 'map':
      return mapName;
    case 'stage':
      return doc.stages.find((s) => s.id === target.id)?.title ?? target.id;
    case 'step':
      return doc.steps.find((s) => s.id === target.id)?.title ?? target.id;
    case 'painPoint':
      return doc.painPoints.find((p) => p.id === target.id)?.title ?? target.id;
    case 'opportunity':
      return doc.opportunities.find((o) => o.id === target.id)?.title ?? target.id;
  }
}
