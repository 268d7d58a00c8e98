import { translate, type Locale } from '../i18n';
import { CURRENT_VERSION, FORMAT } from './schema';
import type { JourneyMap, LaneKind } from './types';

/** The lanes a new map starts with: the service-blueprint rows most maps need. */
const STARTER_LANES: LaneKind[] = ['citizen', 'touchpoint', 'frontstage', 'backstage'];

/**
 * A new, untitled map: a persona to fill in (every map is for someone), three stages and the
 * blueprint's four lanes, in the user's language.
 */
export function createEmptyDocument(locale: Locale, now: Date = new Date()): JourneyMap {
  const stamp = now.toISOString();
  return {
    format: FORMAT,
    version: CURRENT_VERSION,
    meta: {
      title: translate(locale, 'defaults.mapTitle'),
      service: '',
      description: '',
      variant: 'as-is',
      authors: [],
      language: locale,
      created: stamp,
      modified: stamp,
      guidance: [],
    },
    personas: [{ id: 'persona-1', name: translate(locale, 'defaults.persona'), description: '', goals: [] }],
    agencies: [],
    stages: [1, 2, 3].map((n) => ({
      id: `stage-${n}`,
      title: `${translate(locale, 'defaults.stage')} ${n}`,
      description: '',
      guidance: [],
    })),
    lanes: STARTER_LANES.map((kind) => ({ id: `lane-${kind}`, title: translate(locale, `laneKind.${kind}`), kind })),
    steps: [],
    flows: [],
    painPoints: [],
    opportunities: [],
    evidence: [],
    regulations: [],
    documents: [],
    threads: [],
    votingRounds: [],
    baselines: [],
  };
}
