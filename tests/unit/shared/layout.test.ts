import { describe, expect, it } from 'vitest';
import { cellAt, computeLayout, GRID, painPointCell, type JourneyMap, type Rect } from '../../../shared/model';
import { loadTemplate } from '../../../templates';
import { richDoc } from './fixtures';

const overlap = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const laneHeight = (cards: number) => 2 * GRID.cellPadding + cards * GRID.cardHeight + (cards - 1) * GRID.cardGap;

describe('computeLayout', () => {
  const docs: [string, JourneyMap][] = [
    ['the rich fixture', richDoc()],
    ['the sample template', loadTemplate('driving-licence-as-is')],
  ];

  it.each(docs)('places every card of %s without overlaps, inside its own cell', (_name, doc) => {
    const layout = computeLayout(doc);
    // Every step has a card; pain points and opportunities have theirs under prefixed keys.
    expect([...layout.cards.keys()].filter((k) => !k.startsWith('pain:') && !k.startsWith('opp:'))).toHaveLength(doc.steps.length);
    const rects = [...layout.cards.values()];
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) expect(overlap(rects[i]!, rects[j]!)).toBe(false);
    }
    const inside = (rect: Rect, laneId: string, stageId: string) => {
      const stage = layout.stages.find((s) => s.id === stageId)!;
      const lane = layout.lanes.find((l) => l.id === laneId)!;
      expect(rect.x).toBeGreaterThanOrEqual(stage.start);
      expect(rect.x + rect.width).toBeLessThanOrEqual(stage.start + stage.size);
      expect(rect.y).toBeGreaterThanOrEqual(lane.start);
      expect(rect.y + rect.height).toBeLessThanOrEqual(lane.start + lane.size);
    };
    for (const step of doc.steps) inside(layout.cards.get(step.id)!, step.laneId, step.stageId);
    for (const pain of doc.painPoints) {
      const cell = painPointCell(doc, pain);
      if (cell) inside(layout.cards.get(`pain:${pain.id}`)!, cell.laneId, cell.stageId);
      else expect(layout.cards.has(`pain:${pain.id}`)).toBe(false);
    }
  });

  it('lays stages out left to right and lanes top to bottom, contiguously', () => {
    const doc = richDoc();
    const layout = computeLayout(doc);
    expect(layout.stages.map((s) => s.id)).toEqual(['stage-a', 'stage-b']);
    expect(layout.stages[0]!.start).toBe(GRID.laneHeaderWidth);
    expect(layout.stages[1]!.start).toBe(GRID.laneHeaderWidth + GRID.stageWidth);
    expect(layout.lanes[0]!.start).toBe(GRID.stageHeaderHeight);
    for (let i = 1; i < layout.lanes.length; i++) {
      expect(layout.lanes[i]!.start).toBe(layout.lanes[i - 1]!.start + layout.lanes[i - 1]!.size);
    }
    expect(layout.width).toBe(GRID.laneHeaderWidth + 2 * GRID.stageWidth);
    const last = layout.lanes[layout.lanes.length - 1]!;
    expect(layout.height).toBe(last.start + last.size);
  });

  it('grows each lane to its fullest cell; an empty lane is one card high', () => {
    const layout = computeLayout(richDoc());
    const size = (id: string) => layout.lanes.find((l) => l.id === id)!.size;
    expect(size('lane-citizen')).toBe(laneHeight(3)); // three steps in (citizen, stage-a), one in stage-b
    expect(size('lane-front')).toBe(laneHeight(1));
    expect(size('lane-pains')).toBe(laneHeight(1));
  });

  it('stacks the cards of a cell in document order', () => {
    const layout = computeLayout(richDoc());
    const y = (id: string) => layout.cards.get(id)!.y;
    expect(y('step-1')).toBeLessThan(y('step-2'));
    expect(y('step-2')).toBeLessThan(y('step-3'));
    expect(y('step-2') - y('step-1')).toBe(GRID.cardHeight + GRID.cardGap);
  });

  it('handles a document with no stages or lanes', () => {
    const layout = computeLayout({ ...richDoc(), stages: [], lanes: [], steps: [] });
    expect(layout.cards.size).toBe(0);
    expect(layout.width).toBe(GRID.laneHeaderWidth);
    expect(layout.height).toBe(GRID.stageHeaderHeight);
  });
});

describe('cellAt', () => {
  const doc = richDoc();
  const layout = computeLayout(doc);
  const stageA = layout.stages[0]!;
  const citizen = layout.lanes[0]!;
  const x = stageA.start + stageA.size / 2;
  const card = (id: string) => layout.cards.get(id)!;

  it('finds the cell under a point and the index a drop there takes', () => {
    expect(cellAt(layout, doc, { x, y: citizen.start + 1 })).toEqual({ laneId: 'lane-citizen', stageId: 'stage-a', index: 0 });
    expect(cellAt(layout, doc, { x, y: card('step-2').y + card('step-2').height / 2 - 1 })).toMatchObject({ index: 1 });
    expect(cellAt(layout, doc, { x, y: card('step-2').y + card('step-2').height / 2 + 1 })).toMatchObject({ index: 2 });
    expect(cellAt(layout, doc, { x, y: citizen.start + citizen.size - 1 })).toMatchObject({ index: 3 });
    const front = layout.lanes[1]!;
    const stageB = layout.stages[1]!;
    expect(cellAt(layout, doc, { x: stageB.start + 5, y: front.start + 5 })).toEqual({ laneId: 'lane-front', stageId: 'stage-b', index: 0 });
  });

  it('leaves the dragged steps out of the count', () => {
    const point = { x, y: citizen.start + citizen.size - 1 };
    expect(cellAt(layout, doc, point, new Set(['step-1']))).toMatchObject({ index: 2 });
  });

  it('returns null outside the grid (headers included)', () => {
    expect(cellAt(layout, doc, { x: 10, y: citizen.start + 5 })).toBeNull();
    expect(cellAt(layout, doc, { x, y: 10 })).toBeNull();
    expect(cellAt(layout, doc, { x: layout.width + 1, y: citizen.start + 5 })).toBeNull();
    expect(cellAt(layout, doc, { x, y: layout.height + 1 })).toBeNull();
  });
});
