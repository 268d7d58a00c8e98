/**
 * What the canvas benchmark hands the bare React Flow page (tests/bench/bare/main.tsx) before its
 * scripts run: the cards and flows of a generated map at the places Marshrut's grid layout gives
 * them, and where Marshrut's canvas sits in the window, so that the same mouse coordinates land on
 * the same map coordinates in both pages. No imports: the page bundles this file.
 */

export interface BareRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface BareCard extends BareRect {
  id: string;
  title: string;
}

export interface BareFlow {
  id: string;
  source: string;
  target: string;
}

/** Fit padding as Marshrut's canvas gives React Flow (CSS pixel strings per side). */
export interface BarePadding {
  top: `${number}px`;
  right: `${number}px`;
  bottom: `${number}px`;
  left: `${number}px`;
}

export interface BareSetup {
  cards: BareCard[];
  flows: BareFlow[];
  /** The whole map (Marshrut's grid node spans it, so its fitView fits exactly this). */
  bounds: BareRect;
  /** Marshrut's `.react-flow` element in the window: the bare page puts its canvas there. */
  pane: BareRect;
  padding: BarePadding;
  minZoom: number;
  maxZoom: number;
  /** `onlyRenderVisibleElements`. */
  cull: boolean;
}

/** `window[BARE_SETUP_KEY]`: the setup, injected by an init script. */
export const BARE_SETUP_KEY = '__benchBareSetup';
