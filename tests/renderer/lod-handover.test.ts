/**
 * Leaving blocks (renderer/canvas/lod.tsx, issue 8): which cards and flows come back first. The
 * view [x, y, zoom] shows the flow-space rectangle from (-x/zoom, -y/zoom), pane size / zoom wide.
 */
import { describe, expect, it } from 'vitest';
import { cardsInView, flowsInView } from '../../renderer/canvas/lod';
import type { GridLayout } from '../../shared/model';

const card = (x: number, y: number) => ({ x, y, width: 200, height: 80 });
const layout = {
  cards: new Map([
    ['centre', card(400, 260)],
    ['near', card(100, 100)],
    ['edge', card(950, 580)],
    ['right', card(2000, 300)],
    ['below', card(400, 1500)],
  ]),
} as unknown as GridLayout;
const pane = { width: 1000, height: 600 };
const none = new Set<string>();

describe('cardsInView', () => {
  it('gives the cards the view touches, nearest its centre first', () => {
    expect(cardsInView(layout, [0, 0, 1], pane.width, pane.height, none)).toEqual(['centre', 'near', 'edge']);
  });

  it('follows the pan and the zoom', () => {
    // Panned 1600 px left: the view is x 1600..2600.
    expect(cardsInView(layout, [-1600, 0, 1], pane.width, pane.height, none)).toEqual(['right']);
    // Zoom 0.4: the view is 2500 × 1500 from the origin, and shows every card.
    expect(cardsInView(layout, [0, 0, 0.4], pane.width, pane.height, none).sort()).toEqual(['below', 'centre', 'edge', 'near', 'right']);
  });

  it('leaves out the cards already back', () => {
    expect(cardsInView(layout, [0, 0, 1], pane.width, pane.height, new Set(['centre', 'edge']))).toEqual(['near']);
  });
});

describe('flowsInView', () => {
  const flows = [
    { id: 'inside', source: 'near', target: 'centre' },
    { id: 'across', source: 'near', target: 'right' },
    { id: 'away', source: 'right', target: 'below' },
    { id: 'dangling', source: 'near', target: 'gone' },
  ];

  it('gives the flows whose two cards span the view (as React Flow culls them), nearest first', () => {
    // "away" spans x 400..2200, y 300..1580: its box meets the view too, as React Flow would draw it.
    expect(flowsInView(layout, flows, [0, 0, 1], pane.width, pane.height, none)).toEqual(['inside', 'across', 'away']);
    expect(flowsInView(layout, flows, [-1600, -1000, 1], pane.width, pane.height, none)).toEqual(['away']);
  });

  it('leaves out the flows already back, and flows whose card has no place', () => {
    expect(flowsInView(layout, flows, [0, 0, 1], pane.width, pane.height, new Set(['inside', 'away']))).toEqual(['across']);
  });
});
