/**
 * React Flow's measurement of mounted nodes (renderer/canvas/measures.ts, issue 8): updates for
 * nodes whose size and handles are declared and match the element are dropped; every other
 * update reaches React Flow unchanged.
 */
import { describe, expect, it, vi } from 'vitest';
import type { InternalNode, ReactFlowState } from '@xyflow/react';
import { knownMeasure, skipKnownMeasures } from '../../renderer/canvas/measures';

type Updates = Parameters<ReactFlowState['updateNodeInternals']>[0];

const node = (id: string, extra: Partial<InternalNode> = {}): InternalNode =>
  ({
    id,
    position: { x: 0, y: 0 },
    data: {},
    handles: [],
    measured: { width: 180, height: 90 },
    internals: { positionAbsolute: { x: 0, y: 0 }, z: 0, userNode: {} as never, handleBounds: { source: [], target: [] } },
    ...extra,
  }) as InternalNode;

const element = (width: number, height: number) => ({ offsetWidth: width, offsetHeight: height }) as HTMLDivElement;

function fakeStore(nodes: InternalNode[]) {
  const original = vi.fn<ReactFlowState['updateNodeInternals']>();
  let state = { nodeLookup: new Map(nodes.map((n) => [n.id, n])), fitViewQueued: false, updateNodeInternals: original } as unknown as ReactFlowState;
  const store = {
    getState: () => state,
    setState: (partial: Partial<ReactFlowState>) => {
      state = { ...state, ...partial };
    },
  };
  const update = (...entries: [string, HTMLDivElement][]): void =>
    store.getState().updateNodeInternals(new Map(entries.map(([id, el]) => [id, { id, nodeElement: el, force: true }])) as Updates);
  const sentIds = (call: number) => [...(original.mock.calls[call]?.[0].keys() ?? [])];
  return { store, original, update, sentIds };
}

describe('knownMeasure', () => {
  it('is true for a node with declared handles whose element has the declared size', () => {
    expect(knownMeasure(node('a'), element(180, 90))).toBe(true);
  });

  it('is false when the element has another size, or the node is not yet known', () => {
    expect(knownMeasure(node('a'), element(180, 120))).toBe(false);
    expect(knownMeasure(node('a'), element(200, 90))).toBe(false);
    expect(knownMeasure(undefined, element(180, 90))).toBe(false);
  });

  it('is false for nodes whose handles React Flow finds in the DOM, and for hidden nodes', () => {
    expect(knownMeasure(node('a', { handles: undefined }), element(180, 90))).toBe(false);
    const unmeasured = node('a');
    unmeasured.internals = { ...unmeasured.internals, handleBounds: undefined };
    expect(knownMeasure(unmeasured, element(180, 90))).toBe(false);
    expect(knownMeasure(node('a', { hidden: true }), element(180, 90))).toBe(false);
  });
});

describe('skipKnownMeasures', () => {
  it('drops a batch of mounted nodes that all match what they declare: React Flow is not called', () => {
    const { store, original, update } = fakeStore([node('a'), node('b')]);
    skipKnownMeasures(store);
    update(['a', element(180, 90)], ['b', element(180, 90)]);
    expect(original).not.toHaveBeenCalled();
  });

  it('passes on only the nodes that need measuring, with the same arguments', () => {
    const { store, original, update, sentIds } = fakeStore([node('a'), node('b'), node('grid', { handles: undefined })]);
    skipKnownMeasures(store);
    update(['a', element(180, 90)], ['b', element(180, 140)], ['grid', element(180, 90)], ['new', element(10, 10)]);
    expect(original).toHaveBeenCalledTimes(1);
    expect(sentIds(0)).toEqual(['b', 'grid', 'new']);
    expect(original.mock.calls[0]?.[0].get('b')).toEqual({ id: 'b', nodeElement: element(180, 140), force: true });
  });

  it('passes everything on while a fit waits for the nodes to be measured', () => {
    const { store, original, update, sentIds } = fakeStore([node('a')]);
    skipKnownMeasures(store);
    store.setState({ fitViewQueued: true });
    update(['a', element(180, 90)]);
    expect(sentIds(0)).toEqual(['a']);
  });

  it('is installed once per store', () => {
    const { store, original, update } = fakeStore([node('a')]);
    skipKnownMeasures(store);
    const installed = store.getState().updateNodeInternals;
    skipKnownMeasures(store);
    expect(store.getState().updateNodeInternals).toBe(installed);
    update(['a', element(180, 120)]);
    expect(original).toHaveBeenCalledTimes(1);
  });
});
