import type { z } from 'zod';
import type {
  AgencySchema,
  CellRefSchema,
  DocumentKindSchema,
  EvidenceSchema,
  FlowSchema,
  GuidanceRefSchema,
  JourneyMapSchema,
  LaneSchema,
  MetaSchema,
  OpportunitySchema,
  PainPointSchema,
  PersonaSchema,
  RegulationSchema,
  StageSchema,
  StepSchema,
} from './schema';

export type JourneyMap = z.output<typeof JourneyMapSchema>;
/** What a file may contain before defaults are filled in. */
export type JourneyMapInput = z.input<typeof JourneyMapSchema>;
export type Meta = z.output<typeof MetaSchema>;
export type Persona = z.output<typeof PersonaSchema>;
export type Agency = z.output<typeof AgencySchema>;
export type Stage = z.output<typeof StageSchema>;
export type Lane = z.output<typeof LaneSchema>;
export type LaneKind = Lane['kind'];
export type Step = z.output<typeof StepSchema>;
export type Flow = z.output<typeof FlowSchema>;
export type FlowKind = Flow['kind'];
export type PainPoint = z.output<typeof PainPointSchema>;
export type Opportunity = z.output<typeof OpportunitySchema>;
export type Evidence = z.output<typeof EvidenceSchema>;
export type Regulation = z.output<typeof RegulationSchema>;
export type DocumentKind = z.output<typeof DocumentKindSchema>;
export type GuidanceRef = z.output<typeof GuidanceRefSchema>;
export type CellRef = z.output<typeof CellRefSchema>;
