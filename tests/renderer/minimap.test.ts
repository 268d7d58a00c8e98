/**
 * The minimap's frame (renderer/canvas/minimap.tsx): the map and the view both fit, centred,
 * at the minimap's aspect ratio, with the view where the transform puts it.
 */
import { describe, expect, it } from 'vitest';
import { MINIMAP_HEIGHT, MINIMAP_WIDTH, minimapFrame } from '../../renderer/canvas/minimap';

const map = { x: 0, y: 0, width: 20_000, height: 3_000 };
const inside = (outer: { x: number; y: number; width: number; height: number }, inner: typeof outer) =>
  inner.x >= outer.x - 1e-6 && inner.y >= outer.y - 1e-6 && inner.x + inner.width <= outer.x + outer.width + 1e-6 && inner.y + inner.height <= outer.y + outer.height + 1e-6;

describe('minimapFrame', () => {
  it('shows the whole map with the view inside it when the view is on the map', () => {
    const { box, view, scale } = minimapFrame(map, [-1000, -500, 1], 1200, 800);
    expect(view).toEqual({ x: 1000, y: 500, width: 1200, height: 800 });
    expect(inside(box, map)).toBe(true);
    expect(box.width / box.height).toBeCloseTo(MINIMAP_WIDTH / MINIMAP_HEIGHT, 6);
    expect(scale).toBeCloseTo(box.width / MINIMAP_WIDTH, 6);
    // The long side fills the minimap but for its margin: 5 px each side.
    expect(map.width / scale).toBeCloseTo(MINIMAP_WIDTH - 10, 6);
  });

  it('grows to keep a view that has left the map in sight, and scales with the zoom', () => {
    const far = minimapFrame(map, [-50_000, 0, 1], 1200, 800);
    expect(inside(far.box, far.view)).toBe(true);
    expect(inside(far.box, map)).toBe(true);
    const zoomedOut = minimapFrame(map, [0, 0, 0.05], 1200, 800);
    expect(zoomedOut.view.width).toBeCloseTo(24_000, 6);
    expect(inside(zoomedOut.box, zoomedOut.view)).toBe(true);
  });
});
