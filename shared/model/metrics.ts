/**
 * The journey scorecard: exact, documented definitions, because working groups quote these
 * numbers. Pure functions of the document.
 */
import type { JourneyMap, Step } from './types';

export interface Scorecard {
  steps: number;
  stages: number;
  lanes: number;
  /** Distinct agencies that own at least one step. */
  agencies: number;
  /** Steps marked as an in-person visit. */
  visits: number;
  /** Flows whose two steps both have an agency and share none (an inter-agency handoff). */
  handoffs: number;
  /** Distinct documents produced by a step of one agency and needed by a step of another. */
  citizenCarriedDocuments: number;
  /** Steps with a cost above zero (separate payments). */
  payments: number;
  /** Sum of step costs, rubles. */
  costRub: number;
  /** Sum of waiting and service minutes over all steps. */
  citizenMinutes: number;
  /** Sum of lead-time days over all steps. */
  leadDays: number;
  painPoints: number;
  /** Severity 1..5 → count (every severity present, zeros included). */
  painPointsBySeverity: Record<'1' | '2' | '3' | '4' | '5', number>;
  /** Agency name → count; a pain point with two agencies counts for both. */
  painPointsByAgency: Record<string, number>;
  /** Pain points with two or more agencies. */
  crossAgencyPainPoints: number;
}

/** The scorecard's keys in display order. */
export const SCORECARD_KEYS = [
  'steps',
  'stages',
  'lanes',
  'agencies',
  'visits',
  'handoffs',
  'citizenCarriedDocuments',
  'payments',
  'costRub',
  'citizenMinutes',
  'leadDays',
  'painPoints',
  'painPointsBySeverity',
  'painPointsByAgency',
  'crossAgencyPainPoints',
] as const satisfies readonly (keyof Scorecard)[];

/** The metrics that are single numbers (the ones a comparison shows as "4 → 1"), in display order. */
export type NumericMetric = Exclude<(typeof SCORECARD_KEYS)[number], 'painPointsBySeverity' | 'painPointsByAgency'>;
export const NUMERIC_METRICS: readonly NumericMetric[] = SCORECARD_KEYS.filter(
  (key): key is NumericMetric => key !== 'painPointsBySeverity' && key !== 'painPointsByAgency',
);

/** Whether two steps are done by different agencies: both have one, and they share none. */
export function differentAgencies(a: Pick<Step, 'agencyIds'>, b: Pick<Step, 'agencyIds'>): boolean {
  if (a.agencyIds.length === 0 || b.agencyIds.length === 0) return false;
  return !a.agencyIds.some((id) => b.agencyIds.includes(id));
}

/** Flows between steps of different agencies, by flow id. */
export function handoffFlowIds(doc: JourneyMap): Set<string> {
  const steps = new Map(doc.steps.map((s) => [s.id, s]));
  const ids = new Set<string>();
  for (const flow of doc.flows) {
    const from = steps.get(flow.from);
    const to = steps.get(flow.to);
    if (from && to && from.id !== to.id && differentAgencies(from, to)) ids.add(flow.id);
  }
  return ids;
}

/** Ids of documents a citizen carries from one agency to another. */
export function citizenCarriedDocumentIds(doc: JourneyMap): Set<string> {
  const carried = new Set<string>();
  for (const producer of doc.steps) {
    for (const documentId of producer.documentsOut) {
      if (carried.has(documentId)) continue;
      if (doc.steps.some((needer) => needer.documentsIn.includes(documentId) && differentAgencies(producer, needer))) {
        carried.add(documentId);
      }
    }
  }
  return carried;
}

const sum = (values: (number | undefined)[]) => values.reduce<number>((total, v) => total + (v ?? 0), 0);

export function computeScorecard(doc: JourneyMap): Scorecard {
  const agencyName = new Map(doc.agencies.map((a) => [a.id, a.name]));
  const owning = new Set(doc.steps.flatMap((s) => s.agencyIds));
  const bySeverity: Scorecard['painPointsBySeverity'] = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  // No prototype: an agency called "constructor" or "__proto__" is just a name.
  const byAgency: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const pain of doc.painPoints) {
    bySeverity[String(pain.severity) as keyof typeof bySeverity] += 1;
    for (const id of new Set(pain.agencyIds)) {
      const name = agencyName.get(id) ?? id;
      byAgency[name] = (byAgency[name] ?? 0) + 1;
    }
  }
  return {
    steps: doc.steps.length,
    stages: doc.stages.length,
    lanes: doc.lanes.length,
    agencies: owning.size,
    visits: doc.steps.filter((s) => s.inPerson === true).length,
    handoffs: handoffFlowIds(doc).size,
    citizenCarriedDocuments: citizenCarriedDocumentIds(doc).size,
    payments: doc.steps.filter((s) => (s.costRub ?? 0) > 0).length,
    costRub: sum(doc.steps.map((s) => s.costRub)),
    citizenMinutes: sum(doc.steps.map((s) => (s.waitMinutes ?? 0) + (s.serviceMinutes ?? 0))),
    leadDays: sum(doc.steps.map((s) => s.leadTimeDays)),
    painPoints: doc.painPoints.length,
    painPointsBySeverity: bySeverity,
    painPointsByAgency: byAgency,
    crossAgencyPainPoints: doc.painPoints.filter((p) => new Set(p.agencyIds).size >= 2).length,
  };
}

export interface MetricChange {
  asIs: number;
  toBe: number;
  /** toBe − asIs */
  delta: number;
}

/** Every numeric metric of two maps, side by side. */
export function compareScorecards(asIs: Scorecard, toBe: Scorecard): Record<NumericMetric, MetricChange> {
  const out = {} as Record<NumericMetric, MetricChange>;
  for (const key of NUMERIC_METRICS) out[key] = { asIs: asIs[key], toBe: toBe[key], delta: toBe[key] - asIs[key] };
  return out;
}

export interface HeatmapCell {
  agencyId: string;
  stageId: string;
  /** Sum of the severities of the pain points in this cell. */
  weight: number;
  painPointIds: string[];
}

export interface Heatmap {
  /** Agencies that have pain points, in registry order. */
  agencyIds: string[];
  stageIds: string[];
  cells: HeatmapCell[];
  maxWeight: number;
}

/**
 * Where a pain point sits in time: the stage of its step, else of its cell. Pain points with
 * neither have no stage.
 */
export function painPointStage(doc: JourneyMap, pain: JourneyMap['painPoints'][number]): string | undefined {
  if (pain.stepId) {
    const step = doc.steps.find((s) => s.id === pain.stepId);
    if (step) return step.stageId;
  }
  return pain.cell?.stageId;
}

/** Pain points by agency × stage, weighted by severity (a pain of two agencies counts in both rows). */
export function painHeatmap(doc: JourneyMap): Heatmap {
  const cells = new Map<string, HeatmapCell>();
  const agencies = new Set<string>();
  for (const pain of doc.painPoints) {
    const stageId = painPointStage(doc, pain);
    if (!stageId) continue;
    for (const agencyId of new Set(pain.agencyIds)) {
      agencies.add(agencyId);
      const key = `${agencyId}\u0000${stageId}`;
      const cell = cells.get(key) ?? { agencyId, stageId, weight: 0, painPointIds: [] };
      cell.weight += pain.severity;
      cell.painPointIds.push(pain.id);
      cells.set(key, cell);
    }
  }
  const list = [...cells.values()];
  return {
    agencyIds: doc.agencies.map((a) => a.id).filter((id) => agencies.has(id)),
    stageIds: doc.stages.map((s) => s.id),
    cells: list,
    maxWeight: list.reduce((m, c) => Math.max(m, c.weight), 0),
  };
}
