import { describe, expect, it } from 'vitest';
import {
  addEntity,
  addFlow,
  addLane,
  addStep,
  computeLayout,
  createEmptyDocument,
  createLayoutMemo,
  createEntity,
  handoffFlowIds,
  updateEntity,
  updateFlow,
  updateStep,
  type JourneyMap,
} from '../../shared/model';
import { loadTemplate } from '../../templates';
import {
  createNodeCache,
  deriveEdges,
  deriveNodes,
  EMOTION_NODE_ID,
  HANDOFF_COLOR,
  handlesFor,
  severityLevel,
  type MapNode,
  type OpportunityNode,
  type StepNode,
} from '../../renderer/canvas/derive';

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

/** The sample with two agencies, a pains lane and an opportunities lane, pain points and an idea. */
function agencyDoc(): JourneyMap {
  let doc = sampleDoc();
  doc = addEntity(doc, 'agencies', createEntity('agencies', { id: 'mvd', name: 'Госавтоинспекция МВД', shortName: 'ГАИ', color: '#1e3a8a' }));
  doc = addEntity(doc, 'agencies', createEntity('agencies', { id: 'clinic', name: 'Городская поликлиника', color: '#15803d' }));
  doc = updateStep(doc, { id: 'a', patch: { agencyIds: ['clinic'], channel: 'medical', inPerson: true, emotion: -1 } });
  doc = updateStep(doc, { id: 'b', patch: { agencyIds: ['mvd'] } });
  doc = updateStep(doc, { id: 'c', patch: { agencyIds: ['mvd', 'clinic'] } });
  doc = addLane(doc, { id: 'lane-pains', title: 'Боли', kind: 'pains' });
  doc = addLane(doc, { id: 'lane-opps', title: 'Возможности', kind: 'opportunities' });
  doc = addEntity(doc, 'painPoints', createEntity('painPoints', { id: 'p1', stepId: 'a', title: 'Очередь', severity: 2, agencyIds: ['clinic'] }));
  doc = addEntity(doc, 'painPoints', createEntity('painPoints', { id: 'p2', stepId: 'a', title: 'Касса', severity: 4 }));
  doc = addEntity(doc, 'painPoints', createEntity('painPoints', { id: 'p3', stepId: 'b', title: 'Запись', severity: 3 }));
  doc = addEntity(doc, 'opportunities', createEntity('opportunities', { id: 'o1', title: 'Одна касса', painPointIds: ['p2'], effort: 1, impact: 3 }));
  return doc;
}

const derive = (doc: JourneyMap, cache = createNodeCache(), selected: string[] = []) =>
  deriveNodes(doc, computeLayout(doc), { nodes: selected, edges: [] }, null, cache);
const find = (nodes: MapNode[], id: string) => nodes.find((n) => n.id === id);
const stepData = (nodes: MapNode[], id: string) => (find(nodes, id) as StepNode).data;

describe('what the cards say', () => {
  it('gives a step card its agencies (short name, else name; colour), channel, visit and emotion', () => {
    const nodes = derive(agencyDoc());
    expect(stepData(nodes, 'a')).toEqual({
      title: 'A',
      description: '',
      channel: 'medical',
      inPerson: true,
      emotion: -1,
      agencies: [{ id: 'clinic', label: 'Городская поликлиника', name: 'Городская поликлиника', color: '#15803d' }],
      pains: { count: 2, worst: 4, level: 'high', titles: ['Очередь', 'Касса'] },
      guidance: [],
    });
    expect(stepData(nodes, 'c').agencies.map((a) => a.label)).toEqual(['ГАИ', 'Городская поликлиника']);
    expect(stepData(nodes, 'c')).toMatchObject({ channel: null, inPerson: false, emotion: null, pains: null });
  });

  it('colours a pain badge by the worst severity: 1–2 yellow, 3 orange, 4–5 red', () => {
    expect([1, 2, 3, 4, 5].map(severityLevel)).toEqual(['low', 'low', 'medium', 'high', 'high']);
    const nodes = derive(agencyDoc());
    expect(stepData(nodes, 'b').pains).toEqual({ count: 1, worst: 3, level: 'medium', titles: ['Запись'] });
  });

  it('makes pain-point and opportunity cards with prefixed ids; pains drag, opportunities do not, neither connects', () => {
    const nodes = derive(agencyDoc(), createNodeCache(), ['pain:p2']);
    const pains = nodes.filter((n) => n.type === 'pain');
    expect(pains.map((n) => n.id)).toEqual(['pain:p1', 'pain:p2', 'pain:p3']);
    expect(find(nodes, 'pain:p1')).toMatchObject({
      data: { title: 'Очередь', severity: 2, level: 'low', agencies: [{ id: 'clinic' }] },
      connectable: false,
      selected: false,
    });
    expect(find(nodes, 'pain:p2')).toMatchObject({ selected: true });
    expect(find(nodes, 'pain:p1')?.draggable).not.toBe(false);
    // No handles, declared: React Flow then need not mount a card off screen to look for them.
    expect(find(nodes, 'pain:p1')?.handles).toEqual([]);
    expect(find(nodes, 'opp:o1')?.handles).toEqual([]);
    const opportunity = find(nodes, 'opp:o1');
    expect(opportunity).toMatchObject({
      type: 'opportunity',
      draggable: false,
      connectable: false,
      data: { title: 'Одна касса', effort: 1, impact: 3, status: 'idea' },
    });
    // p2's card is in stage-1, so the idea's is too.
    const layout = computeLayout(agencyDoc());
    expect(opportunity?.position.x).toBe(layout.cards.get('pain:p2')!.x);
  });

  it('gives steps, pain points and opportunities their guidance links, and renews only the card that changed', () => {
    const cache = createNodeCache();
    const base = agencyDoc();
    const before = derive(base, cache);
    const ref = { catalog: 'ranepa-cx', section: '7.1' };
    const linked = updateEntity(base, 'opportunities', 'o1', { guidance: [ref] });
    const after = derive(linked, cache);
    expect((find(after, 'opp:o1') as OpportunityNode).data.guidance).toEqual([ref]);
    expect((find(before, 'opp:o1') as OpportunityNode).data.guidance).toEqual([]);
    expect(find(after, 'pain:p1')).toBe(find(before, 'pain:p1'));
  });

  it('shows a dragged pain-point card where the pointer has it', () => {
    const doc = agencyDoc();
    const nodes = deriveNodes(doc, computeLayout(doc), { nodes: [], edges: [] }, { 'pain:p3': { x: 5, y: 6 } }, createNodeCache());
    expect(find(nodes, 'pain:p3')).toMatchObject({ position: { x: 5, y: 6 }, dragging: true });
  });

  it('adds a click-through emotion-curve node only when the map has an emotions lane', () => {
    expect(find(derive(agencyDoc()), EMOTION_NODE_ID)).toBeUndefined();
    const doc = addLane(agencyDoc(), { id: 'lane-emo', title: 'Эмоции', kind: 'emotions', index: 1 });
    const layout = computeLayout(doc);
    const node = find(derive(doc), EMOTION_NODE_ID);
    const band = layout.lanes[1]!;
    expect(node).toMatchObject({ type: 'emotion', position: { x: 0, y: band.start }, selectable: false, draggable: false, style: { pointerEvents: 'none' } });
    // a is the only citizen step with an emotion (-1), in stage-1.
    expect((node?.data as { points: { stageId: string; value: number }[] }).points).toMatchObject([{ stageId: 'stage-1', value: -1 }]);
  });
});

describe('reusing node objects', () => {
  it('keeps a card when only fields it does not show change', () => {
    const doc = agencyDoc();
    const cache = createNodeCache();
    const first = derive(doc, cache);
    const next = updateStep(doc, { id: 'a', patch: { costRub: 1500, waitMinutes: 30 } });
    const second = derive(next, cache);
    expect(find(second, 'a')).toBe(find(first, 'a'));
  });

  it('renews only the cards an agency or a pain point touches', () => {
    const doc = agencyDoc();
    const cache = createNodeCache();
    const first = derive(doc, cache);
    // Renaming ГАИ touches b and c (steps of mvd), not a.
    const renamed = updateEntity(doc, 'agencies', 'mvd', { shortName: 'Госавтоинспекция' });
    const second = derive(renamed, cache);
    expect(find(second, 'a')).toBe(find(first, 'a'));
    expect(find(second, 'b')).not.toBe(find(first, 'b'));
    expect(stepData(second, 'c').agencies[0]?.label).toBe('Госавтоинспекция');
    expect(find(second, 'pain:p1')).toBe(find(first, 'pain:p1'));
    // A new pain point on b renews b's badge, and nothing else on the first row.
    const third = derive(addEntity(renamed, 'painPoints', createEntity('painPoints', { id: 'p4', stepId: 'b', title: 'Ещё', severity: 5 })), cache);
    expect(stepData(third, 'b').pains).toMatchObject({ count: 2, worst: 5, level: 'high' });
    expect(find(third, 'a')).toBe(find(second, 'a'));
    expect(find(third, 'pain:p1')).toBe(find(second, 'pain:p1'));
    expect(find(third, 'opp:o1')).toBe(find(second, 'opp:o1'));
  });

  it('renews a pain-point card when it moves to another cell, and keeps the others', () => {
    const doc = agencyDoc();
    const cache = createNodeCache();
    const first = derive(doc, cache);
    const moved = updateEntity(doc, 'painPoints', 'p3', { cell: { laneId: 'lane-opps', stageId: 'stage-3' } });
    const second = derive(moved, cache);
    expect(find(second, 'pain:p3')).not.toBe(find(first, 'pain:p3'));
    expect(find(second, 'pain:p1')).toBe(find(first, 'pain:p1'));
    expect(find(second, 'a')).toBe(find(first, 'a'));
  });
});

describe('keystrokes on a big map (issue 8)', () => {
  it('keeps the edges array itself while typing, and renews it when flows, agencies or the selection change', () => {
    const cache = createNodeCache();
    let doc = loadTemplate('driving-licence-as-is');
    const layoutOf = createLayoutMemo();
    const edges = (d: JourneyMap, selected: string[] = []) => deriveEdges(d, layoutOf(d), { nodes: [], edges: selected }, cache);
    const selection: string[] = [];
    const first = deriveEdges(doc, layoutOf(doc), { nodes: [], edges: selection }, cache);
    const id = doc.steps[2]!.id;
    doc = updateStep(doc, { id, patch: { title: 'Новое название', waitMinutes: 5 } });
    expect(deriveEdges(doc, layoutOf(doc), { nodes: [], edges: selection }, cache)).toBe(first);
    const regrouped = updateStep(doc, { id, patch: { agencyIds: [] } });
    const second = edges(regrouped);
    expect(second).not.toBe(first);
    expect(second).toEqual(deriveEdges(regrouped, computeLayout(regrouped), { nodes: [], edges: [] }, createNodeCache()));
    const flowId = doc.flows[0]!.id;
    expect(edges(updateFlow(regrouped, { id: flowId, patch: { label: 'иначе' } })).find((e) => e.id === flowId)?.label).toBe('иначе');
    expect(edges(regrouped, [flowId]).find((e) => e.id === flowId)?.selected).toBe(true);
  });

  it('keeps the grid node without recomputing it while the layout object and lanes are the same', () => {
    const cache = createNodeCache();
    const layoutOf = createLayoutMemo();
    let doc = loadTemplate('driving-licence-as-is');
    const grid = (d: JourneyMap) => deriveNodes(d, layoutOf(d), { nodes: [], edges: [] }, null, cache).find((n) => n.type === 'grid');
    const first = grid(doc);
    doc = updateStep(doc, { id: doc.steps[0]!.id, patch: { title: 'Другое' } });
    expect(grid(doc)).toBe(first);
    // A new step in an empty cell changes the occupied cells: a new grid node.
    const empty = doc.stages.find((s) => !doc.steps.some((st) => st.stageId === s.id && st.laneId === 'lane-backstage'))!;
    const more = addStep(doc, { id: 'new', laneId: 'lane-backstage', stageId: empty.id, title: 'Новый' });
    expect(grid(more)).not.toBe(first);
  });
});

describe('step edits redo only the edited cards (issue 8)', () => {
  const selection = { nodes: [], edges: [] };
  const fresh = (d: JourneyMap) => deriveNodes(d, computeLayout(d), selection, null, createNodeCache());
  // The grid node draws from the bands only; it may keep an older layout object whose cards differ.
  const drawn = (nodes: MapNode[]) =>
    nodes.map((n) => (n.type === 'grid' ? { ...n, data: { ...n.data, layout: { ...n.data.layout, cards: null } } } : n));

  it('typing in a title renews that card alone, in place; the rest are the same objects', () => {
    const cache = createNodeCache();
    const layoutOf = createLayoutMemo();
    let doc = loadTemplate('driving-licence-as-is');
    const first = deriveNodes(doc, layoutOf(doc), selection, null, cache);
    const id = doc.steps[3]!.id;
    for (const title of ['Н', 'Но', 'Нов']) {
      doc = updateStep(doc, { id, patch: { title } });
      const next = deriveNodes(doc, layoutOf(doc), selection, null, cache);
      expect(next).not.toBe(first);
      expect(next).toEqual(fresh(doc));
      const changed = next.filter((n, i) => n !== first[i]).map((n) => n.id);
      expect(changed).toEqual([id]);
      expect((next.find((n) => n.id === id) as StepNode).data.title).toBe(title);
    }
  });

  it('hands back the very same array when no card shows the edit (a step field off the card, the map title)', () => {
    const cache = createNodeCache();
    const layoutOf = createLayoutMemo();
    let doc = loadTemplate('driving-licence-as-is');
    const first = deriveNodes(doc, layoutOf(doc), selection, null, cache);
    doc = updateStep(doc, { id: doc.steps[0]!.id, patch: { waitMinutes: 17, costRub: 300 } });
    expect(deriveNodes(doc, layoutOf(doc), selection, null, cache)).toBe(first);
    doc = { ...doc, meta: { ...doc.meta, title: 'Другая карта' } };
    expect(deriveNodes(doc, layoutOf(doc), selection, null, cache)).toBe(first);
  });

  it('a new emotion renews the card and the emotion curve, as a full derivation would', () => {
    const cache = createNodeCache();
    const layoutOf = createLayoutMemo();
    let doc = loadTemplate('driving-licence-as-is');
    const first = deriveNodes(doc, layoutOf(doc), selection, null, cache);
    const step = doc.steps.find((s) => s.laneId === 'lane-citizen' && s.emotion !== undefined) ?? doc.steps[0]!;
    doc = updateStep(doc, { id: step.id, patch: { emotion: step.emotion === 2 ? -2 : 2 } });
    const next = deriveNodes(doc, layoutOf(doc), selection, null, cache);
    expect(next).toEqual(fresh(doc));
    expect(next.filter((n, i) => n !== first[i]).map((n) => n.id).sort()).toEqual([EMOTION_NODE_ID, step.id].sort());
  });

  it('while cards are dragged, renews only the cards the pointer has or had, as a full derivation would', () => {
    const cache = createNodeCache();
    const layoutOf = createLayoutMemo();
    let doc = loadTemplate('driving-licence-as-is');
    const layout = layoutOf(doc);
    const first = deriveNodes(doc, layout, selection, null, cache);
    const step = doc.steps[2]!.id;
    const pain = `pain:${doc.painPoints[0]!.id}`;
    let before = first;
    let held: string[] = [];
    for (const drag of [{ [step]: { x: 500, y: 300 } }, { [step]: { x: 520, y: 310 }, [pain]: { x: 40, y: 900 } }, { [pain]: { x: 60, y: 910 } }, null]) {
      const nodes = deriveNodes(doc, layout, selection, drag, cache);
      expect(nodes).toEqual(deriveNodes(doc, computeLayout(doc), selection, drag, createNodeCache()));
      // Renewed: the cards held now or a moment ago; every other node is the same object.
      const renewed = nodes.filter((n, i) => n !== before[i]).map((n) => n.id);
      expect(new Set([...held, ...Object.keys(drag ?? {})])).toEqual(new Set(renewed));
      before = nodes;
      held = Object.keys(drag ?? {});
      for (const [id, at] of Object.entries(drag ?? {})) expect(nodes.find((n) => n.id === id)).toMatchObject({ position: at, dragging: true, zIndex: 10 });
    }
    // A drop that moves the step, then typing: nodes follow the document.
    doc = updateStep(doc, { id: step, patch: { title: 'После переноса' } });
    expect((deriveNodes(doc, layoutOf(doc), selection, null, cache).find((n) => n.id === step) as StepNode).data.title).toBe('После переноса');
    const dragged = deriveNodes(doc, layoutOf(doc), selection, { [step]: { x: 1, y: 2 } }, cache);
    expect((dragged.find((n) => n.id === step) as StepNode).data.title).toBe('После переноса');
  });

  it('derives everything again when a step is added, the selection changes or a pain point changes', () => {
    const cache = createNodeCache();
    const layoutOf = createLayoutMemo();
    let doc = loadTemplate('driving-licence-as-is');
    deriveNodes(doc, layoutOf(doc), selection, null, cache);
    const selected = { nodes: [doc.steps[1]!.id], edges: [] };
    const picked = deriveNodes(doc, layoutOf(doc), selected, null, cache);
    expect(picked.find((n) => n.id === doc.steps[1]!.id)?.selected).toBe(true);
    doc = updateEntity(doc, 'painPoints', doc.painPoints[0]!.id, { title: 'Очередь' });
    expect(drawn(deriveNodes(doc, layoutOf(doc), selected, null, cache))).toEqual(drawn(deriveNodes(doc, computeLayout(doc), selected, null, createNodeCache())));
    const cell = doc.steps[0]!;
    doc = addStep(doc, { id: 'extra', laneId: cell.laneId, stageId: cell.stageId, title: 'Ещё шаг' });
    const grown = deriveNodes(doc, layoutOf(doc), selected, null, cache);
    expect(grown.some((n) => n.id === 'extra')).toBe(true);
    expect(drawn(grown)).toEqual(drawn(deriveNodes(doc, computeLayout(doc), selected, null, createNodeCache())));
  });
});

describe('flow styles', () => {
  it('marks inter-agency handoffs, whatever their kind, and keeps each kind’s own style', () => {
    let doc = agencyDoc(); // a: clinic, b: mvd — flow f is a handoff
    doc = addFlow(doc, { id: 'g', from: 'b', to: 'c' }); // mvd → mvd+clinic: shares mvd, not a handoff
    doc = updateFlow(doc, { id: 'g', patch: { kind: 'handoff' } });
    doc = addFlow(doc, { id: 'h', from: 'b', to: 'a' });
    doc = updateFlow(doc, { id: 'h', patch: { kind: 'rework' } });
    const edges = deriveEdges(doc, computeLayout(doc), { nodes: [], edges: [] }, createNodeCache());
    const byId = (id: string) => edges.find((e) => e.id === id)!;
    expect([...handoffFlowIds(doc)].sort()).toEqual(['f', 'h']);

    expect(byId('f')).toMatchObject({ type: 'flow', className: 'flow flow-sequence flow-interagency', data: { kind: 'sequence', handoff: { from: 'Городская поликлиника', to: 'ГАИ' } } });
    expect(byId('f').style).toMatchObject({ stroke: HANDOFF_COLOR, strokeWidth: 2.75 });

    // An explicit handoff kind between steps sharing an agency looks like its kind, no band.
    expect(byId('g')).toMatchObject({ className: 'flow flow-handoff', data: { handoff: null } });
    expect(byId('g').style).toMatchObject({ stroke: '#b45309', strokeWidth: 2 });

    // A rework loop across agencies stays red and dashed, and is marked as a handoff.
    expect(byId('h')).toMatchObject({ className: 'flow flow-rework flow-interagency' });
    expect(byId('h').style).toMatchObject({ stroke: '#b91c1c', strokeDasharray: '6 4', strokeWidth: 2.75 });
  });

  it('reuses edge objects until the flow, its selection or its agencies change', () => {
    const doc = agencyDoc();
    const cache = createNodeCache();
    const layout = computeLayout(doc);
    const [first] = deriveEdges(doc, layout, { nodes: [], edges: [] }, cache);
    const [same] = deriveEdges(updateStep(doc, { id: 'c', patch: { title: 'C2' } }), layout, { nodes: [], edges: [] }, cache);
    expect(same).toBe(first);
    const [renamed] = deriveEdges(updateEntity(doc, 'agencies', 'mvd', { shortName: 'МВД' }), layout, { nodes: [], edges: [] }, cache);
    expect(renamed).not.toBe(first);
    expect(renamed?.data?.handoff).toEqual({ from: 'Городская поликлиника', to: 'МВД' });
  });

  it('marks the sample map’s handoffs', () => {
    const doc = loadTemplate('driving-licence-as-is');
    const edges = deriveEdges(doc, computeLayout(doc), { nodes: [], edges: [] }, createNodeCache());
    const marked = edges.filter((e) => e.className?.includes('flow-interagency')).map((e) => e.id);
    expect(marked.sort()).toEqual([...handoffFlowIds(doc)].sort());
    expect(marked.length).toBeGreaterThan(3);
  });
});
