/**
 * The scorecard of one stage, for the stage-by-stage walk-through of a presentation. Pure, and
 * defined so that the figures of all stages add up to the map's scorecard (`computeScorecard`):
 * a step counts in its stage, a handoff in the stage of the step it leads to (where the citizen
 * arrives with the case), a pain point in `painPointStage` (its step's stage, else its cell's).
 */
import { handoffFlowIds, painPointStage } from './metrics';
import type { JourneyMap } from './types';

export interface StageScorecard {
  stageId: string;
  /** Position of the stage among the map's stages, from 0. */
  index: number;
  title: string;
  steps: number;
  /** Steps marked as an in-person visit. */
  visits: number;
  /** Inter-agency handoffs (see `handoffFlowIds`) whose target step is in this stage. */
  handoffs: number;
  /** Distinct agencies that own a step of this stage. */
  agencies: number;
  /** Steps with a cost above zero. */
  payments: number;
  /** Sum of the stage's step costs, rubles. */
  costRub: number;
  /** Sum of waiting and service minutes over the stage's steps. */
  citizenMinutes: number;
  /** Sum of lead-time days over the stage's steps. */
  leadDays: number;
  painPoints: number;
  /** Severity 1..5 → count (every severity present, zeros included). */
  painPointsBySeverity: Record<'1' | '2' | '3' | '4' | '5', number>;
  /** Ids of the stage's pain points, in document order. */
  painPointIds: string[];
}

/** The figures of one stage of the map, or null when the map has no stage of that id. */
export function stageScorecard(doc: JourneyMap, stageId: string): StageScorecard | null {
  const index = doc.stages.findIndex((s) => s.id === stageId);
  const stage = doc.stages[index];
  if (!stage) return null;
  const steps = doc.steps.filter((s) => s.stageId === stageId);
  const stepStage = new Map(doc.steps.map((s) => [s.id, s.stageId]));
  const handoffs = handoffFlowIds(doc);
  const pains = doc.painPoints.filter((p) => painPointStage(doc, p) === stageId);
  const bySeverity: StageScorecard['painPointsBySeverity'] = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const pain of pains) {
    const key = String(pain.severity) as keyof typeof bySeverity;
    if (key in bySeverity) bySeverity[key] += 1;
  }
  const sum = (values: (number | undefined)[]) => values.reduce<number>((total, v) => total + (v ?? 0), 0);
  return {
    stageId,
    index,
    title: stage.title,
    steps: steps.length,
    visits: steps.filter((s) => s.inPerson === true).length,
    handoffs: doc.flows.filter((f) => handoffs.has(f.id) && stepStage.get(f.to) === stageId).length,
    agencies: new Set(steps.flatMap((s) => s.agencyIds)).size,
    payments: steps.filter((s) => (s.costRub ?? 0) > 0).length,
    costRub: sum(steps.map((s) => s.costRub)),
    citizenMinutes: sum(steps.map((s) => (s.waitMinutes ?? 0) + (s.serviceMinutes ?? 0))),
    leadDays: sum(steps.map((s) => s.leadTimeDays)),
    painPoints: pains.length,
    painPointsBySeverity: bySeverity,
    painPointIds: pains.map((p) => p.id),
  };
}

/** Every stage's figures, in stage order. */
export function stageScorecards(doc: JourneyMap): StageScorecard[] {
  return doc.stages.map((s) => stageScorecard(doc, s.id)).filter((c): c is StageScorecard => c !== null);
}
