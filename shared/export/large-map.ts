/**
 * A generated journey map of any size, for exporter tests and benchmarks (the issue's
 * "1000-step map"): Russian titles, eight agencies, all four flow kinds, inter-agency handoffs,
 * pain points on steps, opportunities, emotions and the blueprint lanes. Deterministic: the same
 * size gives the same document.
 */
import { CURRENT_VERSION, JourneyMapSchema } from '../model/schema';
import type { FlowKind, JourneyMap, JourneyMapInput, LaneKind } from '../model/types';

const AGENCIES = [
  ['mvd', 'МВД России — Госавтоинспекция', 'Госавтоинспекция', '#1e3a8a'],
  ['mfc', 'Многофункциональный центр «Мои документы»', 'МФЦ', '#0891b2'],
  ['fns', 'Федеральная налоговая служба', 'ФНС', '#7c3aed'],
  ['sfr', 'Социальный фонд России', 'СФР', '#b45309'],
  ['zags', 'Орган ЗАГС', 'ЗАГС', '#be185d'],
  ['clinic', 'Минздрав — поликлиника', 'Поликлиника', '#15803d'],
  ['portal', 'Единый портал государственных услуг', 'Госуслуги', '#2563eb'],
  ['region', 'Министерство социальной защиты региона', 'Минсоцзащиты', '#64748b'],
] as const;

const ACTIONS = ['Подать заявление', 'Получить справку', 'Оплатить госпошлину', 'Записаться на приём', 'Дождаться решения', 'Предъявить документы', 'Пройти осмотр', 'Забрать результат'];
const STEP_LANES: LaneKind[] = ['citizen', 'touchpoint', 'frontstage', 'backstage'];

/** A map with `stepCount` steps in about `stepCount / 25` stages. */
export function generateLargeMap(stepCount = 1000): JourneyMap {
  const stageCount = Math.max(1, Math.ceil(stepCount / 25));
  const lanes: LaneKind[] = ['citizen', 'emotions', 'touchpoint', 'frontstage', 'backstage', 'pains', 'opportunities'];
  const input: JourneyMapInput = {
    format: 'marshrut/journey-map',
    version: CURRENT_VERSION,
    meta: {
      title: `Большая карта: ${stepCount} шагов`,
      service: 'Сгенерированная услуга для проверки экспорта',
      variant: 'as-is',
      authors: ['Рабочая группа'],
      language: 'ru',
      created: '2025-01-15T09:00:00.000Z',
      modified: '2025-02-01T12:30:00.000Z',
    },
    personas: [{ id: 'persona-1', name: 'Гражданин' }],
    agencies: AGENCIES.map(([id, name, shortName, color]) => ({ id: `agency-${id}`, name, shortName, color })),
    stages: Array.from({ length: stageCount }, (_, i) => ({ id: `stage-${i + 1}`, title: `Этап ${i + 1}: ${ACTIONS[i % ACTIONS.length]?.toLowerCase()}` })),
    lanes: lanes.map((kind) => ({ id: `lane-${kind}`, title: kind === 'citizen' ? 'Действия гражданина' : `Дорожка ${kind}`, kind })),
    steps: Array.from({ length: stepCount }, (_, i) => {
      const agency = AGENCIES[(i * 3) % AGENCIES.length] as (typeof AGENCIES)[number];
      const second = i % 7 === 0 ? [`agency-${(AGENCIES[(i + 1) % AGENCIES.length] as (typeof AGENCIES)[number])[0]}`] : [];
      const lane = STEP_LANES[i % STEP_LANES.length] as LaneKind;
      return {
        id: `step-${i + 1}`,
        laneId: `lane-${lane}`,
        stageId: `stage-${Math.floor(i / 25) + 1}`,
        title: `${ACTIONS[i % ACTIONS.length]} — шаг ${i + 1}${i % 5 === 0 ? ' с длинным названием, которое не помещается в две строки карточки' : ''}`,
        agencyIds: [`agency-${agency[0]}`, ...second],
        ...(lane === 'citizen' ? { emotion: ((i * 7) % 5) - 2 } : {}),
      };
    }),
    flows: Array.from({ length: Math.max(0, stepCount - 1) }, (_, i) => ({
      id: `flow-${i + 1}`,
      from: `step-${i + 1}`,
      to: `step-${i + 2}`,
      kind: (i % 37 === 0 ? 'optional' : i % 11 === 0 ? 'handoff' : 'sequence') as FlowKind,
      label: i % 50 === 0 ? `переход ${i + 1}` : '',
    })).concat(
      Array.from({ length: Math.floor(stepCount / 50) }, (_, i) => ({
        id: `rework-${i + 1}`,
        from: `step-${(i + 1) * 50}`,
        to: `step-${(i + 1) * 50 - 30}`,
        kind: 'rework' as FlowKind,
        label: 'возврат',
      })),
    ),
    painPoints: Array.from({ length: Math.floor(stepCount / 10) }, (_, i) => ({
      id: `pain-${i + 1}`,
      stepId: `step-${i * 10 + 1}`,
      title: `Проблема ${i + 1}: очередь и повторный визит`,
      severity: (i % 5) + 1,
      agencyIds: [`agency-${(AGENCIES[i % AGENCIES.length] as (typeof AGENCIES)[number])[0]}`],
    })),
    opportunities: Array.from({ length: Math.floor(stepCount / 20) }, (_, i) => ({
      id: `opp-${i + 1}`,
      title: `Возможность ${i + 1}: подать онлайн`,
      painPointIds: [`pain-${i * 2 + 1}`],
      impact: (i % 3) + 1,
      effort: ((i + 1) % 3) + 1,
      status: (['idea', 'agreed', 'in-progress', 'done', 'rejected'] as const)[i % 5],
    })),
  };
  return JourneyMapSchema.parse(input);
}
