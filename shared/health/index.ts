/**
 * The journey health check: what a map lacks, as findings in the user's language, each pointing
 * to the elements concerned and to the handbook sections that help. Pure: a function of the
 * document, the language and the catalogs the app has.
 *
 * Findings come problem → warning → info; within a severity, in the order of RULES, and within a
 * rule, in the document's order. A map with no steps and no pain points (a new, blank map) gets
 * only the rules that make sense for it (persona, guidance links): there is nothing else to check.
 */
import { guidanceRefsOf, localized, resolveRef, sectionUrl, type GuidanceCatalog } from '../guidance/catalog';
import { translate, type Locale, type Params } from '../i18n';
import { citizenCarriedDocumentIds, handoffFlowIds, type GuidanceRef, type JourneyMap, type LaneKind, type PainPoint, type Step } from '../model';

export const SEVERITIES = ['problem', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type ElementKind = 'map' | 'stage' | 'lane' | 'step' | 'flow' | 'painPoint' | 'opportunity' | 'evidence' | 'document';
/** An element of the map a finding is about; the map itself has the id ''. */
export interface ElementRef {
  kind: ElementKind;
  id: string;
}

/** A handbook section that helps, with its title and link when the app has the catalog. */
export interface FindingGuidance {
  catalog: string;
  section: string;
  title?: string;
  url?: string;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** In the language asked for. */
  message: string;
  elements: ElementRef[];
  guidance: FindingGuidance[];
}

export interface RuleInfo {
  id: string;
  severity: Severity;
  /** 'map': at most one finding for the whole map; 'element': one per offending element. */
  scope: 'map' | 'element';
  guidance: readonly GuidanceRef[];
}

const cx = (section: string): GuidanceRef => ({ catalog: 'ranepa-cx', section });

/** Every rule, in the order the UI lists them (and findings of one severity come). */
export const RULES = [
  { id: 'severe-pain-without-opportunity', severity: 'problem', scope: 'element', guidance: [cx('5.1')] },
  { id: 'severe-pain-without-owner', severity: 'problem', scope: 'element', guidance: [cx('1.kpi'), cx('3.2')] },
  { id: 'no-persona', severity: 'warning', scope: 'map', guidance: [cx('2.1')] },
  { id: 'no-evidence', severity: 'warning', scope: 'map', guidance: [cx('7.1')] },
  { id: 'pain-without-evidence', severity: 'warning', scope: 'element', guidance: [cx('7.1')] },
  { id: 'step-without-agency', severity: 'warning', scope: 'element', guidance: [cx('3.2'), cx('2.1')] },
  { id: 'unexamined-handoff', severity: 'warning', scope: 'element', guidance: [cx('1.horizontal'), cx('3.2')] },
  { id: 'unexamined-carried-document', severity: 'warning', scope: 'element', guidance: [cx('1.horizontal'), cx('3.2')] },
  { id: 'personal-data-evidence', severity: 'warning', scope: 'element', guidance: [] },
  { id: 'stage-without-citizen-step', severity: 'info', scope: 'element', guidance: [cx('2.1')] },
  { id: 'as-is-without-to-be', severity: 'info', scope: 'map', guidance: [cx('5.1')] },
  { id: 'no-emotion', severity: 'info', scope: 'map', guidance: [cx('7.1')] },
  { id: 'missing-time-data', severity: 'info', scope: 'map', guidance: [cx('7.1')] },
  { id: 'missing-catalog', severity: 'info', scope: 'element', guidance: [] },
  { id: 'unknown-section', severity: 'info', scope: 'element', guidance: [] },
] as const satisfies readonly RuleInfo[];

export type RuleId = (typeof RULES)[number]['id'];
export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.id);

/** A rule's short name for lists ("Pain points without evidence"). */
export function ruleLabel(rule: RuleId, locale: Locale): string {
  return translate(locale, `health.rules.${rule}`);
}

export interface HealthCheckOptions {
  locale: Locale;
  catalogs: readonly GuidanceCatalog[];
}

/** Severity ≥ this makes a pain point severe (it must have an opportunity and an owner). */
export const SEVERE_PAIN = 4;
/** Lanes whose cards are not actions of an agency, so they need no agency. */
const LANES_WITHOUT_AGENCY: readonly LaneKind[] = ['thoughts', 'emotions', 'pains', 'opportunities'];
/** How many step titles a map-level message names before "and N more". */
const MAX_NAMED = 5;

type Raw = { elements: ElementRef[]; params?: Params };

export function runHealthCheck(doc: JourneyMap, options: HealthCheckOptions): Finding[] {
  const { locale, catalogs } = options;
  const t = (key: string, params: Params = {}) => translate(locale, key, params);
  const untitled = t('health.untitled');
  const name = (text: string | undefined) => (text && text.trim() !== '' ? text : untitled);
  const quoted = (text: string) => t('health.quoted', { text });

  const lanes = new Map(doc.lanes.map((l) => [l.id, l]));
  const agencies = new Map(doc.agencies.map((a) => [a.id, a]));
  const citizenLaneIds = new Set(doc.lanes.filter((l) => l.kind === 'citizen').map((l) => l.id));
  const stepsWithPain = new Set(doc.painPoints.flatMap((p) => (p.stepId ? [p.stepId] : [])));
  const linkedPains = new Set(doc.opportunities.flatMap((o) => o.painPointIds));
  const hasOpportunity = (pain: PainPoint) => pain.opportunityIds.length > 0 || linkedPains.has(pain.id);
  const hasContent = doc.steps.length > 0 || doc.painPoints.length > 0;
  const agencyNames = (step: Step) => step.agencyIds.map((id) => name(agencies.get(id)?.shortName || agencies.get(id)?.name)).join(', ');
  const mapRef: ElementRef = { kind: 'map', id: '' };
  const stepRef = (s: Step): ElementRef => ({ kind: 'step', id: s.id });

  const rules: Record<RuleId, () => Raw[]> = {
    'severe-pain-without-opportunity': () =>
      doc.painPoints
        .filter((p) => p.severity >= SEVERE_PAIN && !hasOpportunity(p))
        .map((p) => ({ elements: [{ kind: 'painPoint', id: p.id }], params: { title: name(p.title), severity: p.severity } })),

    'severe-pain-without-owner': () =>
      doc.painPoints
        .filter((p) => p.severity >= SEVERE_PAIN && !p.ownerAgencyId)
        .map((p) => ({ elements: [{ kind: 'painPoint', id: p.id }], params: { title: name(p.title), severity: p.severity } })),

    'no-persona': () => (doc.personas.length === 0 ? [{ elements: [mapRef] }] : []),

    'no-evidence': () => (hasContent && doc.evidence.length === 0 ? [{ elements: [mapRef] }] : []),

    'pain-without-evidence': () =>
      doc.painPoints.filter((p) => p.evidenceIds.length === 0).map((p) => ({ elements: [{ kind: 'painPoint', id: p.id }], params: { title: name(p.title) } })),

    'step-without-agency': () =>
      doc.steps
        .filter((s) => s.agencyIds.length === 0 && !LANES_WITHOUT_AGENCY.includes(lanes.get(s.laneId)?.kind ?? 'custom'))
        .map((s) => ({ elements: [stepRef(s)], params: { title: name(s.title) } })),

    // A pain point on either step counts as examined; opportunities hang on pain points, so a
    // handoff with no pain point on either side has none either.
    'unexamined-handoff': () => {
      const handoffs = handoffFlowIds(doc);
      const steps = new Map(doc.steps.map((s) => [s.id, s]));
      const out: Raw[] = [];
      for (const flow of doc.flows) {
        const from = steps.get(flow.from);
        const to = steps.get(flow.to);
        if (!handoffs.has(flow.id) || !from || !to) continue;
        if (stepsWithPain.has(from.id) || stepsWithPain.has(to.id)) continue;
        out.push({
          elements: [{ kind: 'flow', id: flow.id }, stepRef(from), stepRef(to)],
          params: { from: name(from.title), to: name(to.title), fromAgencies: agencyNames(from), toAgencies: agencyNames(to) },
        });
      }
      return out;
    },

    'unexamined-carried-document': () => {
      const carried = citizenCarriedDocumentIds(doc);
      const involved = new Map<string, Step[]>();
      for (const step of doc.steps) {
        for (const id of new Set([...step.documentsOut, ...step.documentsIn])) {
          if (!carried.has(id)) continue;
          const list = involved.get(id) ?? [];
          list.push(step);
          involved.set(id, list);
        }
      }
      return doc.documents
        .filter((d) => carried.has(d.id) && !(involved.get(d.id) ?? []).some((s) => stepsWithPain.has(s.id)))
        .map((d) => ({
          elements: [{ kind: 'document', id: d.id }, ...(involved.get(d.id) ?? []).map(stepRef)],
          params: { name: name(d.name) },
        }));
    },

    'personal-data-evidence': () => {
      const citing = new Map<string, ElementRef[]>();
      const cite = (evidenceIds: readonly string[], element: ElementRef) => {
        for (const id of new Set(evidenceIds)) {
          const list = citing.get(id) ?? [];
          list.push(element);
          citing.set(id, list);
        }
      };
      for (const s of doc.steps) cite(s.evidenceIds, stepRef(s));
      for (const p of doc.painPoints) cite(p.evidenceIds, { kind: 'painPoint', id: p.id });
      return doc.evidence
        .filter((e) => e.personalData)
        .map((e) => {
          // Named by its source, else its kind and id: never by its note, which holds the personal
          // data itself and would travel into every report and export that lists findings.
          const label = e.source.trim() || `${t(`evidenceKind.${e.kind}`)} (${e.id})`;
          return { elements: [{ kind: 'evidence', id: e.id }, ...(citing.get(e.id) ?? [])], params: { name: label } };
        });
    },

    'stage-without-citizen-step': () => {
      if (citizenLaneIds.size === 0 || doc.steps.length === 0) return [];
      const covered = new Set(doc.steps.filter((s) => citizenLaneIds.has(s.laneId)).map((s) => s.stageId));
      return doc.stages.filter((s) => !covered.has(s.id)).map((s) => ({ elements: [{ kind: 'stage', id: s.id }], params: { title: name(s.title) } }));
    },

    'as-is-without-to-be': () => (hasContent && doc.meta.variant === 'as-is' && !doc.meta.counterpart?.trim() ? [{ elements: [mapRef] }] : []),

    'no-emotion': () => (doc.steps.length > 0 && doc.steps.every((s) => s.emotion === undefined) ? [{ elements: [mapRef] }] : []),

    'missing-time-data': () => {
      const timed = (s: Step) => s.waitMinutes !== undefined || s.serviceMinutes !== undefined;
      if (!doc.steps.some(timed)) return [];
      const missing = doc.steps.filter((s) => citizenLaneIds.has(s.laneId) && !timed(s));
      if (missing.length === 0) return [];
      const named = missing.slice(0, MAX_NAMED).map((s) => quoted(name(s.title))).join(', ');
      const steps = missing.length > MAX_NAMED ? t('health.andMore', { list: named, count: missing.length - MAX_NAMED }) : named;
      return [{ elements: missing.map(stepRef), params: { steps } }];
    },

    'missing-catalog': () => {
      const refs = guidanceRefsOf(doc);
      return [...new Set(refs.map((r) => r.ref.catalog))]
        .filter((id) => !catalogs.some((c) => c.id === id))
        .map((id) => ({ elements: unique(refs.filter((r) => r.ref.catalog === id).map((r) => r.element)), params: { catalog: id } }));
    },

    'unknown-section': () => {
      const seen = new Set<string>();
      const out: Raw[] = [];
      for (const { element, ref } of guidanceRefsOf(doc)) {
        const resolved = resolveRef(catalogs, ref);
        if (!resolved.catalog || resolved.section) continue;
        const key = JSON.stringify([element.kind, element.id, ref.catalog, ref.section]);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ elements: [element], params: { element: elementPhrase(doc, element, t, name), section: ref.section, catalog: ref.catalog } });
      }
      return out;
    },
  };

  const findings: Finding[] = [];
  for (const rule of RULES) {
    const raws = rules[rule.id]();
    if (raws.length === 0) continue;
    const guidance = rule.guidance.map((ref) => resolveGuidance(catalogs, ref, locale));
    for (const raw of raws) {
      findings.push({
        rule: rule.id,
        severity: rule.severity,
        message: t(`health.messages.${rule.id}`, raw.params),
        elements: raw.elements,
        guidance: guidance.map((g) => ({ ...g })),
      });
    }
  }
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  return findings.sort((a, b) => rank(a.severity) - rank(b.severity)); // stable
}

/** A guidance reference with its title and link from the catalogs (the section's URL, else the catalog's root). */
export function resolveGuidance(catalogs: readonly GuidanceCatalog[], ref: GuidanceRef, locale: Locale): FindingGuidance {
  const { catalog, section } = resolveRef(catalogs, ref);
  const out: FindingGuidance = { catalog: ref.catalog, section: ref.section };
  if (catalog && section) {
    const title = localized(section.title, locale);
    if (title) out.title = title;
    out.url = sectionUrl(catalog, section);
  } else if (catalog) out.url = catalog.baseUrl;
  return out;
}

function unique(elements: readonly ElementRef[]): ElementRef[] {
  const seen = new Set<string>();
  return elements.filter((e) => {
    const key = `${e.kind}\u0000${e.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** "The step “X”" / «Шаг «X»»: the subject of a sentence about an element that holds guidance links. */
function elementPhrase(
  doc: JourneyMap,
  element: { kind: 'map' | 'stage' | 'step' | 'painPoint' | 'opportunity'; id: string },
  t: (key: string, params?: Params) => string,
  name: (text: string | undefined) => string,
): string {
  switch (element.kind) {
    case 'map':
      return t('health.element.map');
    case 'stage':
      return t('health.element.stage', { name: name(doc.stages.find((s) => s.id === element.id)?.title) });
    case 'step':
      return t('health.element.step', { name: name(doc.steps.find((s) => s.id === element.id)?.title) });
    case 'painPoint':
      return t('health.element.painPoint', { name: name(doc.painPoints.find((p) => p.id === element.id)?.title) });
    case 'opportunity':
      return t('health.element.opportunity', { name: name(doc.opportunities.find((o) => o.id === element.id)?.title) });
  }
}
