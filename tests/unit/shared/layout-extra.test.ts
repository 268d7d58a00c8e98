/**
 * The layout beyond step cards: where pain-point and opportunity cards go, how a cell stacks
 * them, the emotions lane and its curve, and the service-blueprint lines.
 */
import { describe, expect, it } from 'vitest';
import {
  blueprintLines,
  cellAt,
  computeLayout,
  emotionCurve,
  GRID,
  opportunityCell,
  painPointCell,
  type JourneyMapInput,
  type LaneKind,
} from '../../../shared/model';
import { loadTemplate } from '../../../templates';
import { parseDoc, richInput } from './fixtures';

/** The rich fixture with changes to its input. */
const rich = (change: (input: JourneyMapInput & Record<string, unknown>) => void = () => {}) => {
  const input = richInput() as JourneyMapInput & Record<string, unknown>;
  change(input);
  return parseDoc(input);
};
const lanesOf = (...kinds: LaneKind[]) => kinds.map((kind, i) => ({ id: `lane-${i}-${kind}`, title: kind, kind }));

describe('pain-point cards', () => {
  it('go to their own cell, else to the first pains lane in their step’s stage, else nowhere', () => {
    const doc = rich((d) => {
      d.painPoints!.push({ id: 'pain-loose', title: 'Ни шага, ни ячейки' });
    });
    const layout = computeLayout(doc);
    // pain-cell has a cell; pain-step hangs on step-2 (stage-a) and the map has a pains lane.
    expect(painPointCell(doc, doc.painPoints[1]!)).toEqual({ laneId: 'lane-pains', stageId: 'stage-b' });
    expect(painPointCell(doc, doc.painPoints[0]!)).toEqual({ laneId: 'lane-pains', stageId: 'stage-a' });
    const pains = layout.lanes.find((l) => l.id === 'lane-pains')!;
    const stageA = layout.stages[0]!;
    const card = layout.cards.get('pain:pain-step')!;
    expect(card).toMatchObject({ y: pains.start + GRID.cellPadding, width: GRID.cardWidth, height: GRID.noteHeight });
    expect(card.x).toBe(stageA.start + (GRID.stageWidth - GRID.cardWidth) / 2);
    expect(layout.cards.has('pain:pain-loose')).toBe(false);
  });

  it('on a step have no card when the map has no pains lane (only the step’s badge)', () => {
    const doc = rich((d) => {
      d.lanes = d.lanes!.filter((l) => l.kind !== 'pains');
      d.painPoints = d.painPoints!.filter((p) => p.id === 'pain-step');
      d.opportunities![0]!.painPointIds = ['pain-step'];
    });
    expect(painPointCell(doc, doc.painPoints[0]!)).toBeNull();
    expect([...computeLayout(doc).cards.keys()].some((k) => k.startsWith('pain:'))).toBe(false);
  });

  it('ignore a cell whose lane is gone and fall back to the step', () => {
    const doc = rich((d) => {
      d.lanes!.push({ id: 'lane-extra', title: 'Ещё', kind: 'custom' });
      d.painPoints![0]!.cell = { laneId: 'lane-extra', stageId: 'stage-b' };
    });
    expect(painPointCell(doc, doc.painPoints[0]!)).toEqual({ laneId: 'lane-extra', stageId: 'stage-b' });
    const gone = { ...doc, lanes: doc.lanes.filter((l) => l.id !== 'lane-extra') };
    expect(painPointCell(gone, gone.painPoints[0]!)).toEqual({ laneId: 'lane-pains', stageId: 'stage-a' });
  });

  it('stack after the steps of a cell, in document order, and grow the lane', () => {
    const doc = rich((d) => {
      d.steps!.push({ id: 'step-in-pains', laneId: 'lane-pains', stageId: 'stage-b', title: 'Шаг среди болей' });
      d.painPoints!.push({ id: 'pain-2', cell: { laneId: 'lane-pains', stageId: 'stage-b' }, title: 'Вторая' });
    });
    const layout = computeLayout(doc);
    const y = (key: string) => layout.cards.get(key)!.y;
    expect(y('step-in-pains')).toBeLessThan(y('pain:pain-cell'));
    expect(y('pain:pain-cell')).toBeLessThan(y('pain:pain-2'));
    expect(y('pain:pain-cell') - y('step-in-pains')).toBe(GRID.cardHeight + GRID.cardGap);
    expect(y('pain:pain-2') - y('pain:pain-cell')).toBe(GRID.noteHeight + GRID.cardGap);
    const lane = layout.lanes.find((l) => l.id === 'lane-pains')!;
    expect(lane.size).toBe(2 * GRID.cellPadding + GRID.cardHeight + 2 * GRID.noteHeight + 2 * GRID.cardGap);
  });
});

describe('opportunity cards', () => {
  const withOpportunityLane = (change: (input: JourneyMapInput & Record<string, unknown>) => void = () => {}) =>
    rich((d) => {
      d.lanes!.push({ id: 'lane-opp', title: 'Возможности', kind: 'opportunities' }, { id: 'lane-opp-2', title: 'Ещё', kind: 'opportunities' });
      change(d);
    });

  it('go to the first opportunities lane, in the stage of the first linked pain point', () => {
    const doc = withOpportunityLane();
    // opp-1 links pain-step (card in stage-a) first.
    expect(opportunityCell(doc, doc.opportunities[0]!)).toEqual({ laneId: 'lane-opp', stageId: 'stage-a' });
    const layout = computeLayout(doc);
    const lane = layout.lanes.find((l) => l.id === 'lane-opp')!;
    expect(layout.cards.get('opp:opp-1')).toMatchObject({ x: layout.stages[0]!.start + 20, y: lane.start + GRID.cellPadding, height: GRID.noteHeight });
  });

  it('follow the pain point’s step when the pain point has no card', () => {
    const doc = withOpportunityLane((d) => {
      d.lanes = d.lanes!.filter((l) => l.kind !== 'pains');
      d.painPoints![1]!.cell = undefined;
      d.opportunities![0]!.painPointIds = ['pain-cell', 'pain-step'];
    });
    // pain-cell has neither cell nor step: skipped; pain-step's step is in stage-a.
    expect(opportunityCell(doc, doc.opportunities[0]!)).toEqual({ laneId: 'lane-opp', stageId: 'stage-a' });
  });

  it('have no card without an opportunities lane or a placed pain point', () => {
    expect(opportunityCell(rich(), rich().opportunities[0]!)).toBeNull();
    const unlinked = withOpportunityLane((d) => {
      d.opportunities!.push({ id: 'opp-free', title: 'Сама по себе' });
    });
    expect(opportunityCell(unlinked, unlinked.opportunities[1]!)).toBeNull();
    expect(computeLayout(unlinked).cards.has('opp:opp-free')).toBe(false);
  });

  it('stack after pain points in a shared cell', () => {
    const doc = rich((d) => {
      d.lanes = [...d.lanes!.slice(0, 2), { id: 'lane-ideas', title: 'Боли и идеи', kind: 'opportunities' }];
      d.painPoints![1]!.cell = { laneId: 'lane-ideas', stageId: 'stage-b' };
      d.opportunities![0]!.painPointIds = ['pain-cell'];
    });
    const layout = computeLayout(doc);
    expect(layout.cards.get('opp:opp-1')!.y).toBe(layout.cards.get('pain:pain-cell')!.y + GRID.noteHeight + GRID.cardGap);
  });
});

describe('cellAt with pain-point and opportunity cards', () => {
  it('counts only steps for the drop index, even over a pain-point card', () => {
    const doc = rich((d) => {
      d.steps!.push({ id: 'step-p', laneId: 'lane-pains', stageId: 'stage-b', title: 'Шаг' });
    });
    const layout = computeLayout(doc);
    const pain = layout.cards.get('pain:pain-cell')!;
    expect(cellAt(layout, doc, { x: pain.x + 10, y: pain.y + pain.height / 2 })).toEqual({ laneId: 'lane-pains', stageId: 'stage-b', index: 1 });
    const step = layout.cards.get('step-p')!;
    expect(cellAt(layout, doc, { x: step.x + 10, y: step.y + 5 })).toMatchObject({ index: 0 });
  });
});

describe('the emotions lane and its curve', () => {
  const withEmotions = (change: (input: JourneyMapInput & Record<string, unknown>) => void = () => {}) =>
    rich((d) => {
      d.lanes!.splice(1, 0, { id: 'lane-emo', title: 'Эмоции', kind: 'emotions' });
      change(d);
    });

  it('is at least emotionLaneMinHeight high', () => {
    const layout = computeLayout(withEmotions());
    expect(layout.lanes.find((l) => l.id === 'lane-emo')!.size).toBe(GRID.emotionLaneMinHeight);
  });

  it('has no curve without an emotions lane', () => {
    const doc = rich();
    expect(emotionCurve(doc, computeLayout(doc))).toEqual([]);
  });

  it('averages the citizen lanes’ emotions per stage, at the column centre, +2 high and -2 low', () => {
    const doc = withEmotions((d) => {
      const steps = d.steps!;
      steps[1]!.emotion = 2; // step-2, citizen, stage-a (step-1 is -1)
      steps[3]!.emotion = -2; // step-4, frontstage, stage-b: not a citizen lane, ignored
      steps[4]!.emotion = -2; // step-5, citizen, stage-b
    });
    const layout = computeLayout(doc);
    const points = emotionCurve(doc, layout);
    const lane = layout.lanes.find((l) => l.id === 'lane-emo')!;
    const [a, b] = layout.stages;
    expect(points.map((p) => [p.stageId, p.value])).toEqual([
      ['stage-a', 0.5],
      ['stage-b', -2],
    ]);
    expect(points[0]!.x).toBe(a!.start + a!.size / 2);
    expect(points[1]!.x).toBe(b!.start + b!.size / 2);
    const top = lane.start + GRID.emotionPadding;
    const bottom = lane.start + lane.size - GRID.emotionPadding;
    expect(points[1]!.y).toBeCloseTo(bottom);
    expect(points[0]!.y).toBeCloseTo(top + (1.5 / 4) * (bottom - top));
    for (const p of points) {
      expect(p.y).toBeGreaterThan(lane.start);
      expect(p.y).toBeLessThan(lane.start + lane.size);
    }
  });

  it('uses every step when no citizen-lane step has an emotion, and skips stages without data', () => {
    const doc = withEmotions((d) => {
      d.steps!.forEach((s) => delete s.emotion);
      d.steps![3]!.emotion = 1; // frontstage, stage-b
    });
    const layout = computeLayout(doc);
    const points = emotionCurve(doc, layout);
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({ stageId: 'stage-b', value: 1 });
  });
});

describe('blueprint lines', () => {
  const linesFor = (...kinds: LaneKind[]) => {
    const doc = rich((d) => {
      d.lanes = lanesOf(...kinds);
      d.steps = [];
      d.flows = [];
      d.painPoints = [];
      d.opportunities![0]!.painPointIds = [];
    });
    const layout = computeLayout(doc);
    return { lines: blueprintLines(doc, layout), layout };
  };

  it('falls between adjacent lanes of the customer, front, back and support zones', () => {
    const { lines, layout } = linesFor('citizen', 'touchpoint', 'frontstage', 'backstage', 'support');
    expect(lines.map((l) => l.kind)).toEqual(['interaction', 'visibility', 'internal']);
    expect(lines.map((l) => l.y)).toEqual([layout.lanes[2]!.start, layout.lanes[3]!.start, layout.lanes[4]!.start]);
    for (const line of lines) expect([line.x1, line.x2]).toEqual([GRID.laneHeaderWidth, layout.width]);
  });

  it('works in either order and not across lanes without a zone', () => {
    expect(linesFor('support', 'backstage', 'frontstage', 'citizen').lines.map((l) => l.kind)).toEqual(['internal', 'visibility', 'interaction']);
    expect(linesFor('citizen', 'documents', 'frontstage').lines).toEqual([]);
    expect(linesFor('citizen', 'backstage').lines).toEqual([]);
    expect(linesFor('frontstage', 'frontstage', 'emotions', 'pains').lines).toEqual([]);
  });

  it('draws the interaction and visibility lines of the sample map', () => {
    const doc = loadTemplate('driving-licence-as-is');
    const kinds = blueprintLines(doc, computeLayout(doc)).map((l) => l.kind);
    expect(kinds).toContain('interaction');
    expect(kinds).toContain('visibility');
  });
});
