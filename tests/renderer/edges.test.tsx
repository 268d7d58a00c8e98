/**
 * The flow edge (renderer/canvas/edges.tsx) against React Flow's handle measurements: a card that
 * mounts (culling mounts cards all the time while the view moves) is measured on screen and the
 * result, divided by the zoom, is off its declared handles by float noise. The flow must be drawn
 * from where it was, not again with micro-bends.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { Position, type EdgeProps } from '@xyflow/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initI18n } from '../../renderer/i18n';
import { FlowEdgeView } from '../../renderer/canvas/edges';
import type { FlowEdge } from '../../renderer/canvas/derive';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const flow = (ends: { sourceX: number; sourceY: number; targetX: number; targetY: number }): EdgeProps<FlowEdge> =>
  ({
    id: 'flow-1',
    source: 'step-1',
    target: 'step-2',
    sourcePosition: Position.Bottom,
    targetPosition: Position.Top,
    data: { handoff: null },
    selected: false,
    animated: false,
    deletable: true,
    selectable: true,
    interactionWidth: 16,
    ...ends,
  }) as unknown as EdgeProps<FlowEdge>;

let host: HTMLDivElement;
let root: Root;
beforeEach(async () => {
  await initI18n('en');
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

const draw = (props: EdgeProps<FlowEdge>) =>
  act(() =>
    root.render(
      <svg>
        <FlowEdgeView {...props} />
      </svg>,
    ),
  );
const path = () => host.querySelector('.react-flow__edge-path')?.getAttribute('d');

describe('a flow whose card was measured', () => {
  const declared = { sourceX: 9252, sourceY: 959, targetX: 9252, targetY: 1517 };
  // What React Flow measured at one zoom for the same two handles (seen in the app at 2000 steps).
  const measured = { sourceX: 9252, sourceY: 959, targetX: 9252.00002261766, targetY: 1516.9999867978745 };

  it('is drawn straight, as from the declared handles', () => {
    draw(flow(measured));
    expect(path()).toBe('M9252 959L9252 1517');
  });

  it('is not drawn again for float noise, and is for a real move', () => {
    draw(flow(declared));
    const changes: string[] = [];
    const observer = new MutationObserver((records) => changes.push(...records.map((r) => `${r.type}:${r.attributeName ?? ''}`)));
    observer.observe(host, { subtree: true, attributes: true, childList: true });
    draw(flow(measured));
    expect(observer.takeRecords().length + changes.length).toBe(0);
    draw(flow({ ...declared, targetX: 9262 }));
    observer.disconnect();
    expect(path()).not.toBe('M9252 959L9252 1517');
  });
});
