import { describe, expect, it } from 'vitest';
import {
  citizenCarriedDocumentIds,
  compareScorecards,
  computeScorecard,
  differentAgencies,
  handoffFlowIds,
  NUMERIC_METRICS,
  painHeatmap,
  painPointStage,
  SCORECARD_KEYS,
  type JourneyMap,
  type JourneyMapInput,
  type Scorecard,
} from '../../../shared/model';
import { parseDoc } from './fixtures';

type StepIn = NonNullable<JourneyMapInput['steps']>[number];
type PainIn = NonNullable<JourneyMapInput['painPoints']>[number];

/** A map with agencies A, B, C, two stages, one lane, and the steps, flows and pains given. */
function map(parts: { steps?: Partial<StepIn>[]; flows?: [string, string][]; pains?: Partial<PainIn>[]; documents?: string[] }): JourneyMap {
  return parseDoc({
    format: 'marshrut/journey-map',
    version: 2,
    meta: { title: 'Карта' },
    agencies: [
      { id: 'A', name: 'Агентство А' },
      { id: 'B', name: 'Агентство Б' },
      { id: 'C', name: 'Агентство В' },
    ],
    stages: [
      { id: 's1', title: 'Этап 1' },
      { id: 's2', title: 'Этап 2' },
    ],
    lanes: [
      { id: 'l1', title: 'Гражданин', kind: 'citizen' },
      { id: 'lp', title: 'Боли', kind: 'pains' },
    ],
    documents: (parts.documents ?? []).map((id) => ({ id, name: id })),
    steps: (parts.steps ?? []).map((s, i) => ({ id: `x${i + 1}`, laneId: 'l1', stageId: 's1', title: `Шаг ${i + 1}`, ...s })),
    flows: (parts.flows ?? []).map(([from, to], i) => ({ id: `f${i + 1}`, from, to })),
    painPoints: (parts.pains ?? []).map((p, i) => ({ id: `p${i + 1}`, title: `Боль ${i + 1}`, ...p })),
  });
}

const empty = map({});

describe('computeScorecard', () => {
  it('has exactly the keys of SCORECARD_KEYS, in that order, and zeros for an empty map', () => {
    const card = computeScorecard(empty);
    expect(Object.keys(card)).toEqual([...SCORECARD_KEYS]);
    expect(card).toEqual({
      steps: 0,
      stages: 2,
      lanes: 2,
      agencies: 0,
      visits: 0,
      handoffs: 0,
      citizenCarriedDocuments: 0,
      payments: 0,
      costRub: 0,
      citizenMinutes: 0,
      leadDays: 0,
      painPoints: 0,
      painPointsBySeverity: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
      painPointsByAgency: {},
      crossAgencyPainPoints: 0,
    });
    // Every numeric metric is a key of the scorecard and a number.
    for (const key of NUMERIC_METRICS) expect(typeof card[key], key).toBe('number');
  });

  it('counts steps, stages, lanes, and the agencies that own a step (not those in the registry only)', () => {
    const card = computeScorecard(map({ steps: [{ agencyIds: ['A'] }, { agencyIds: ['A', 'B'] }, { agencyIds: [] }] }));
    expect(card.steps).toBe(3);
    expect(card.stages).toBe(2);
    expect(card.lanes).toBe(2);
    expect(card.agencies).toBe(2); // C owns nothing
  });

  it('counts in-person visits: only steps marked true', () => {
    const card = computeScorecard(map({ steps: [{ inPerson: true }, { inPerson: false }, {}, { inPerson: true }] }));
    expect(card.visits).toBe(2);
  });

  it('sums costs, citizen minutes (waiting + service) and lead days, and counts payments above zero', () => {
    const card = computeScorecard(
      map({
        steps: [
          { costRub: 1500.5, waitMinutes: 30, serviceMinutes: 15, leadTimeDays: 2 },
          { costRub: 0, waitMinutes: 10 },
          { serviceMinutes: 5, leadTimeDays: 0.5 },
          { costRub: 2000 },
        ],
      }),
    );
    expect(card.costRub).toBe(3500.5);
    expect(card.payments).toBe(2);
    expect(card.citizenMinutes).toBe(60);
    expect(card.leadDays).toBe(2.5);
  });

  describe('handoffs', () => {
    it('are flows between steps that both have agencies and share none', () => {
      const doc = map({
        steps: [{ agencyIds: ['A'] }, { agencyIds: ['B'] }, { agencyIds: ['B'] }, { agencyIds: [] }, { agencyIds: ['C'] }],
        flows: [
          ['x1', 'x2'], // A → B: handoff
          ['x2', 'x3'], // B → B: same agency
          ['x3', 'x4'], // B → no agency: not counted
          ['x4', 'x5'], // no agency → C: not counted
        ],
      });
      expect([...handoffFlowIds(doc)]).toEqual(['f1']);
      expect(computeScorecard(doc).handoffs).toBe(1);
    });

    it('do not count a step with two agencies sharing one with the next', () => {
      const doc = map({ steps: [{ agencyIds: ['A', 'B'] }, { agencyIds: ['B', 'C'] }, { agencyIds: ['C'] }], flows: [['x1', 'x2'], ['x2', 'x3'], ['x1', 'x3']] });
      expect([...handoffFlowIds(doc)]).toEqual(['f3']); // A,B → C shares nothing
    });

    it('do not count a flow from a step to itself (built by hand, as addFlow would refuse it)', () => {
      const doc = map({ steps: [{ agencyIds: ['A'] }] });
      doc.flows.push({ id: 'self', from: 'x1', to: 'x1', kind: 'rework', label: '' });
      doc.flows.push({ id: 'loop', from: 'x1', to: 'x1', kind: 'sequence', label: '' });
      expect(computeScorecard(doc).handoffs).toBe(0);
      expect(handoffFlowIds(doc).size).toBe(0);
    });

    it('differentAgencies needs an agency on both sides', () => {
      expect(differentAgencies({ agencyIds: [] }, { agencyIds: ['A'] })).toBe(false);
      expect(differentAgencies({ agencyIds: ['A'] }, { agencyIds: [] })).toBe(false);
      expect(differentAgencies({ agencyIds: ['A'] }, { agencyIds: ['B'] })).toBe(true);
    });
  });

  describe('citizen-carried documents', () => {
    it('are documents produced by one agency and needed by another, each counted once', () => {
      const doc = map({
        documents: ['cert', 'receipt', 'own', 'orphan', 'anon'],
        steps: [
          { agencyIds: ['A'], documentsOut: ['cert', 'own'] },
          { agencyIds: ['B'], documentsIn: ['cert'] },
          { agencyIds: ['C'], documentsIn: ['cert'] }, // a second needer: still one document
          { agencyIds: ['A'], documentsIn: ['own'] }, // produced and needed by the same agency: not carried
          { agencyIds: ['B'], documentsOut: ['orphan'] }, // nobody needs it
          { agencyIds: [], documentsOut: ['anon'] }, // no agency produces it
          { agencyIds: ['C'], documentsIn: ['anon'] },
        ],
      });
      expect([...citizenCarriedDocumentIds(doc)]).toEqual(['cert']);
      expect(computeScorecard(doc).citizenCarriedDocuments).toBe(1);
    });

    it('are counted once when several agencies produce the same document', () => {
      const doc = map({
        documents: ['cert'],
        steps: [
          { agencyIds: ['A'], documentsOut: ['cert'] },
          { agencyIds: ['B'], documentsOut: ['cert'] },
          { agencyIds: ['C'], documentsIn: ['cert'] },
        ],
      });
      expect(computeScorecard(doc).citizenCarriedDocuments).toBe(1);
    });

    it('are not carried when the needer shares an agency with the producer', () => {
      const doc = map({ documents: ['d'], steps: [{ agencyIds: ['A', 'B'], documentsOut: ['d'] }, { agencyIds: ['B'], documentsIn: ['d'] }] });
      expect(computeScorecard(doc).citizenCarriedDocuments).toBe(0);
    });
  });

  describe('pain points', () => {
    it('counts every severity, zeros included', () => {
      const card = computeScorecard(map({ pains: [{ severity: 5 }, { severity: 5 }, { severity: 1 }, {}] }));
      expect(card.painPoints).toBe(4);
      expect(card.painPointsBySeverity).toEqual({ '1': 1, '2': 0, '3': 1, '4': 0, '5': 2 });
    });

    it('counts a pain with two agencies for both, by agency name, and as cross-agency', () => {
      const card = computeScorecard(map({ pains: [{ agencyIds: ['A', 'B'] }, { agencyIds: ['A'] }, { agencyIds: [] }] }));
      expect(card.painPointsByAgency).toEqual({ 'Агентство А': 2, 'Агентство Б': 1 });
      expect(card.crossAgencyPainPoints).toBe(1);
    });

    it('counts a pain point with no step and no cell', () => {
      const card = computeScorecard(map({ pains: [{ severity: 2, agencyIds: ['C'] }] }));
      expect(card.painPoints).toBe(1);
      expect(card.painPointsBySeverity['2']).toBe(1);
      expect(card.painPointsByAgency).toEqual({ 'Агентство В': 1 });
    });

    it('counts a repeated agency id once (not as cross-agency)', () => {
      const doc = map({ pains: [{ agencyIds: ['A'] }] });
      doc.painPoints[0]!.agencyIds = ['A', 'A'];
      const card = computeScorecard(doc);
      expect(card.painPointsByAgency).toEqual({ 'Агентство А': 1 });
      expect(card.crossAgencyPainPoints).toBe(0);
    });

    it('keeps an agency called "constructor" or "__proto__" as a plain name', () => {
      const doc = map({ pains: [{ agencyIds: ['A', 'B', 'C'] }] });
      doc.agencies[0]!.name = 'constructor';
      doc.agencies[1]!.name = '__proto__';
      doc.agencies[2]!.name = 'toString';
      const byAgency = computeScorecard(doc).painPointsByAgency;
      expect(Object.keys(byAgency)).toEqual(['constructor', '__proto__', 'toString']);
      expect(Object.values(byAgency)).toEqual([1, 1, 1]);
      expect(JSON.parse(JSON.stringify(byAgency))).toEqual(JSON.parse('{"constructor":1,"__proto__":1,"toString":1}'));
    });
  });
});

describe('compareScorecards', () => {
  it('gives as-is, to-be and delta = to-be − as-is for every numeric metric, and only those', () => {
    const asIs = computeScorecard(
      map({
        steps: [{ inPerson: true, costRub: 1000, agencyIds: ['A'] }, { inPerson: true, agencyIds: ['B'] }, { inPerson: true }, { inPerson: true }],
        flows: [['x1', 'x2']],
        pains: [{ agencyIds: ['A', 'B'] }],
      }),
    );
    const toBe = computeScorecard(map({ steps: [{ inPerson: true, costRub: 1500, agencyIds: ['A'] }] }));
    const changes = compareScorecards(asIs, toBe);
    expect(Object.keys(changes)).toEqual([...NUMERIC_METRICS]);
    expect(changes.visits).toEqual({ asIs: 4, toBe: 1, delta: -3 });
    expect(changes.steps).toEqual({ asIs: 4, toBe: 1, delta: -3 });
    expect(changes.costRub).toEqual({ asIs: 1000, toBe: 1500, delta: 500 });
    expect(changes.handoffs).toEqual({ asIs: 1, toBe: 0, delta: -1 });
    expect(changes.agencies).toEqual({ asIs: 2, toBe: 1, delta: -1 });
    expect(changes.crossAgencyPainPoints).toEqual({ asIs: 1, toBe: 0, delta: -1 });
    expect(changes.stages).toEqual({ asIs: 2, toBe: 2, delta: 0 });
    for (const key of NUMERIC_METRICS) expect(changes[key].delta).toBe(changes[key].toBe - changes[key].asIs);
  });

  it('of a map with itself is all zeros', () => {
    const card: Scorecard = computeScorecard(map({ steps: [{ costRub: 5 }] }));
    for (const change of Object.values(compareScorecards(card, card))) expect(change.delta).toBe(0);
  });
});

describe('painHeatmap', () => {
  const doc = () =>
    map({
      steps: [
        { agencyIds: ['B'], stageId: 's1' },
        { agencyIds: ['A'], stageId: 's2' },
      ],
      pains: [
        { stepId: 'x1', severity: 4, agencyIds: ['B'] },
        { stepId: 'x1', severity: 2, agencyIds: ['B', 'A'] }, // two agencies: in both rows
        { stepId: 'x2', severity: 5, agencyIds: ['A'] },
        { cell: { laneId: 'lp', stageId: 's2' }, severity: 1, agencyIds: ['A'] }, // stage from its cell
        { severity: 5, agencyIds: ['C'] }, // no step, no cell: nowhere in time
        { stepId: 'x2', severity: 3, agencyIds: [] }, // no agency: no row
      ],
    });

  it('sums severities per agency × stage and lists the pain points of each cell', () => {
    const heat = painHeatmap(doc());
    const cell = (agencyId: string, stageId: string) => heat.cells.find((c) => c.agencyId === agencyId && c.stageId === stageId);
    expect(cell('B', 's1')).toEqual({ agencyId: 'B', stageId: 's1', weight: 6, painPointIds: ['p1', 'p2'] });
    expect(cell('A', 's1')).toEqual({ agencyId: 'A', stageId: 's1', weight: 2, painPointIds: ['p2'] });
    expect(cell('A', 's2')).toEqual({ agencyId: 'A', stageId: 's2', weight: 6, painPointIds: ['p3', 'p4'] });
    expect(heat.cells).toHaveLength(3);
    expect(heat.maxWeight).toBe(6);
  });

  it('lists the agencies with pain points in registry order, and every stage', () => {
    const heat = painHeatmap(doc());
    expect(heat.agencyIds).toEqual(['A', 'B']); // registry order, not order of appearance; C has no stage
    expect(heat.stageIds).toEqual(['s1', 's2']);
  });

  it('is empty for a map without pain points', () => {
    expect(painHeatmap(empty)).toEqual({ agencyIds: [], stageIds: ['s1', 's2'], cells: [], maxWeight: 0 });
  });

  it('places a pain point by its step first, then its cell', () => {
    const d = doc();
    expect(painPointStage(d, { ...d.painPoints[0]!, cell: { laneId: 'lp', stageId: 's2' } })).toBe('s1');
    expect(painPointStage(d, d.painPoints[3]!)).toBe('s2');
    expect(painPointStage(d, d.painPoints[4]!)).toBeUndefined();
  });
});
