import { describe, expect, it } from 'vitest';
import { addFlow, addStep, computeLayout, createEmptyDocument, updateStep } from '../../shared/model';
import { createNodeCache, deriveEdges, deriveNodes, handlesFor } from '../../renderer/canvas/derive';

function sampleDoc() {
  let doc = createEmptyDocument('ru');
  doc = addStep(doc, { id: 'a', laneId: 'lane-citizen', stageId: 'stage-1', title: 'A' });
  doc = addStep(doc, { id: 'b', laneId: 'lane-citizen', stageId: 'stage-2', title: 'B' });
  doc = addStep(doc, { id: 'c', laneId: 'lane-backstage', stageId: 'stage-2', title: 'C' });
  return addFlow(doc, { id: 'f', from: 'a', to: 'b' });
}

describe('deriving React Flow nodes from the document', () => {
  it('makes a grid node, a header per stage and lane, and a card per step with fixed size and handles', () => {
    const doc = sampleDoc();
    const nodes = deriveNodes(doc, computeLayout(doc), { nodes: ['b'], edges: [] }, null, createNodeCache());
    expect(nodes.filter((n) => n.type === 'stage')).toHaveLength(3);
    expect(nodes.filter((n) => n.type === 'lane')).toHaveLength(4);
    const cards = nodes.filter((n) => n.type === 'step');
    expect(cards.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    expect(cards.every((n) => n.width && n.height && n.handles?.length === 4)).toBe(true);
    expect(cards.find((n) => n.id === 'b')?.selected).toBe(true);
  });

  it('reuses the node objects of unchanged cards, so React Flow skips them', () => {
    const doc = sampleDoc();
    const cache = createNodeCache();
    const first = deriveNodes(doc, computeLayout(doc), { nodes: [], edges: [] }, null, cache);
    const next = updateStep(doc, { id: 'b', patch: { title: 'B2' } });
    const second = deriveNodes(next, computeLayout(next), { nodes: [], edges: [] }, null, cache);
    const byId = (list: typeof first, id: string) => list.find((n) => n.id === id);
    expect(byId(second, 'a')).toBe(byId(first, 'a'));
    expect(byId(second, 'c')).toBe(byId(first, 'c'));
    expect(byId(second, 'b')).not.toBe(byId(first, 'b'));
  });

  it('shows a dragged card where the pointer has it, without touching the document', () => {
    const doc = sampleDoc();
    const nodes = deriveNodes(doc, computeLayout(doc), { nodes: [], edges: [] }, { a: { x: 999, y: 55 } }, createNodeCache());
    expect(nodes.find((n) => n.id === 'a')?.position).toEqual({ x: 999, y: 55 });
  });

  it('routes flows sideways between stages and vertically within one', () => {
    expect(handlesFor({ x: 0, y: 0 }, { x: 300, y: 0 })).toEqual(['r', 'l']);
    expect(handlesFor({ x: 300, y: 0 }, { x: 0, y: 0 })).toEqual(['l', 'r']);
    expect(handlesFor({ x: 0, y: 0 }, { x: 0, y: 200 })).toEqual(['b', 't']);
    expect(handlesFor({ x: 0, y: 200 }, { x: 0, y: 0 })).toEqual(['t', 'b']);
    const doc = sampleDoc();
    const [edge] = deriveEdges(doc, computeLayout(doc), { nodes: [], edges: ['f'] }, createNodeCache());
    expect(edge).toMatchObject({ source: 'a', target: 'b', sourceHandle: 'r', targetHandle: 'l', selected: true });
  });
});
