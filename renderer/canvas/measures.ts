/**
 * React Flow measures every node that mounts: its resize observer reports each new node element
 * with `force`, and the store then reads the node's size and handles from the DOM, walks every
 * node of the map again (absolute positions) and notifies every subscriber — each mounted node
 * and flow recomputes what it selects. Our nodes come with their size (`measured`) and declare
 * their handles (derive.ts), so for them that measurement finds what was already known. On a big
 * map, cards mount at almost every frame of a zoom, and this pass was about 65 ms of script per
 * 2-second zoom at 2000 steps.
 *
 * `skipKnownMeasures` wraps the store's `updateNodeInternals` so that updates for such nodes are
 * dropped when the element's size is the one the node declares; any other update (a node whose
 * size differs, one without declared handles, a hidden one, or any while a fit waits for the
 * measurement) goes to React Flow as before.
 */
import type { InternalNode, ReactFlowState } from '@xyflow/react';

type UpdateNodeInternals = ReactFlowState['updateNodeInternals'];
type Updates = Parameters<UpdateNodeInternals>[0];
interface StoreApi {
  getState(): ReactFlowState;
  setState(partial: Partial<ReactFlowState>): void;
}

/** Whether measuring this node's element would tell React Flow nothing it does not know. */
export function knownMeasure(node: InternalNode | undefined, element: { offsetWidth: number; offsetHeight: number }): boolean {
  if (!node || node.hidden || !node.handles || !node.internals.handleBounds) return false;
  return node.measured.width === element.offsetWidth && node.measured.height === element.offsetHeight;
}

const WRAPPED = Symbol('skipKnownMeasures');

/**
 * Installs the filter on a React Flow store (once per store). It must run before React Flow's
 * node renderer first renders: its resize observer keeps the function it saw then.
 */
export function skipKnownMeasures(store: StoreApi): void {
  const original = store.getState().updateNodeInternals;
  if ((original as { [WRAPPED]?: true })[WRAPPED]) return;
  const filtered: UpdateNodeInternals = (updates, params) => {
    const { nodeLookup, fitViewQueued } = store.getState();
    if (fitViewQueued) return original(updates, params);
    let rest: Updates | null = null;
    for (const [id, update] of updates) {
      if (!knownMeasure(nodeLookup.get(id), update.nodeElement)) continue;
      rest ??= new Map(updates);
      rest.delete(id);
    }
    if (rest === null) return original(updates, params);
    if (rest.size > 0) original(rest, params);
  };
  (filtered as { [WRAPPED]?: true })[WRAPPED] = true;
  store.setState({ updateNodeInternals: filtered });
}
