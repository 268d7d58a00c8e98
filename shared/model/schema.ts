/**
 * The journey-map document: one zod schema per entity, the document schema that ties them
 * together, and the cross-reference checks. Types are inferred from the schemas (types.ts).
 *
 * Field order in each object is the order of keys in a saved file (serialize.ts relies on it),
 * so add new fields at the end of an object to keep diffs small.
 */
import { z } from 'zod';

export const FORMAT = 'marshrut/journey-map' as const;
export const CURRENT_VERSION = 1 as const;

/** Limits that keep a hostile file from exhausting memory; generous for real maps. */
export const LIMITS = {
  shortText: 300,
  longText: 20_000,
  url: 2_000,
  listItems: 10_000,
  refs: 500,
} as const;

export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, { message: 'id may contain only latin letters, digits and _ . : -' });

const shortText = () => z.string().max(LIMITS.shortText);
const longText = () => z.string().max(LIMITS.longText);
const idList = () => z.array(IdSchema).max(LIMITS.refs);

/** A link to a section of a guidance catalog (the handbook and others). */
export const GuidanceRefSchema = z.object({
  catalog: IdSchema,
  section: z.string().min(1).max(64),
});
const guidanceList = () => z.array(GuidanceRefSchema).max(LIMITS.refs).default([]);

// ---------------------------------------------------------------------------------- meta
export const VARIANTS = ['as-is', 'to-be'] as const;
export const MetaSchema = z.object({
  title: z.string().min(1).max(LIMITS.shortText),
  service: shortText().default(''),
  description: longText().default(''),
  variant: z.enum(VARIANTS).default('as-is'),
  /** File name or path of the counterpart map (the to-be of an as-is, or vice versa). */
  counterpart: z.string().max(LIMITS.url).optional(),
  authors: z.array(shortText()).max(100).default([]),
  language: z.enum(['ru', 'en']).default('ru'),
  created: z.string().max(40).optional(),
  modified: z.string().max(40).optional(),
  guidance: guidanceList(),
});

// ------------------------------------------------------------------------------ personas
export const PersonaSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(LIMITS.shortText),
  description: longText().default(''),
  goals: z.array(shortText()).max(100).default([]),
});

// ------------------------------------------------------------------------------ agencies
export const AGENCY_KINDS = ['federal', 'regional', 'municipal', 'mfc', 'portal', 'medical', 'other'] as const;
export const AgencySchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(LIMITS.shortText),
  shortName: z.string().max(40).default(''),
  kind: z.enum(AGENCY_KINDS).default('other'),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, { message: 'colour must look like #1a2b3c' })
    .default('#6b7280'),
});

// -------------------------------------------------------------------------------- stages
export const StageSchema = z.object({
  id: IdSchema,
  title: shortText(),
  description: longText().default(''),
  guidance: guidanceList(),
});

// --------------------------------------------------------------------------------- lanes
export const LANE_KINDS = [
  'citizen',
  'touchpoint',
  'frontstage',
  'backstage',
  'support',
  'documents',
  'thoughts',
  'emotions',
  'pains',
  'opportunities',
  'custom',
] as const;
export const LaneSchema = z.object({
  id: IdSchema,
  title: shortText(),
  kind: z.enum(LANE_KINDS).default('custom'),
});

// ----------------------------------------------------------------------------- documents
/** A paper or electronic document a step needs or produces (a medical certificate...). */
export const DocumentKindSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(LIMITS.shortText),
  issuerAgencyId: IdSchema.optional(),
});

// --------------------------------------------------------------------------- regulations
export const REGULATION_KINDS = [
  'federal-law',
  'decree',
  'government-resolution',
  'government-order',
  'ministry-order',
  'administrative-regulation',
  'regional-act',
  'other',
] as const;
export const RegulationSchema = z.object({
  id: IdSchema,
  title: z.string().min(1).max(LIMITS.shortText * 2),
  kind: z.enum(REGULATION_KINDS).default('other'),
  number: shortText().default(''),
  date: z.string().max(40).default(''),
  article: shortText().default(''),
  url: z.string().max(LIMITS.url).default(''),
});

// ------------------------------------------------------------------------------ evidence
export const EVIDENCE_KINDS = [
  'interview',
  'mystery-shopping',
  'survey',
  'complaints',
  'observation',
  'statistics',
  'document',
] as const;
export const EvidenceSchema = z.object({
  id: IdSchema,
  kind: z.enum(EVIDENCE_KINDS),
  source: shortText().default(''),
  date: z.string().max(40).default(''),
  note: longText().default(''),
  /** Contains personal data in the sense of Federal Law 152-FZ. */
  personalData: z.boolean().default(false),
  confidence: z.enum(['low', 'medium', 'high']).default('medium'),
});

// --------------------------------------------------------------------------------- steps
export const CHANNELS = ['agency-office', 'mfc', 'medical', 'portal', 'phone', 'post', 'other'] as const;
const nonNegative = () => z.number().finite().min(0).max(1_000_000_000);
export const StepSchema = z.object({
  id: IdSchema,
  laneId: IdSchema,
  stageId: IdSchema,
  title: shortText(),
  description: longText().default(''),
  agencyIds: idList().default([]),
  channel: z.enum(CHANNELS).optional(),
  inPerson: z.boolean().optional(),
  waitMinutes: nonNegative().optional(),
  serviceMinutes: nonNegative().optional(),
  leadTimeDays: nonNegative().optional(),
  costRub: nonNegative().optional(),
  documentsIn: idList().default([]),
  documentsOut: idList().default([]),
  regulationIds: idList().default([]),
  emotion: z.number().int().min(-2).max(2).optional(),
  evidenceIds: idList().default([]),
  guidance: guidanceList(),
});

// --------------------------------------------------------------------------------- flows
export const FLOW_KINDS = ['sequence', 'handoff', 'rework', 'optional'] as const;
export const FlowSchema = z.object({
  id: IdSchema,
  from: IdSchema,
  to: IdSchema,
  kind: z.enum(FLOW_KINDS).default('sequence'),
  label: shortText().default(''),
});

// --------------------------------------------------------------------------- pain points
export const PAIN_CAUSES = ['regulation', 'process', 'it-system', 'staff', 'premises', 'information'] as const;
export const PAIN_STATUSES = ['open', 'accepted', 'in-progress', 'solved'] as const;
export const CellRefSchema = z.object({ laneId: IdSchema, stageId: IdSchema });
export const PainPointSchema = z.object({
  id: IdSchema,
  stepId: IdSchema.optional(),
  cell: CellRefSchema.optional(),
  title: z.string().min(1).max(LIMITS.shortText),
  description: longText().default(''),
  severity: z.number().int().min(1).max(5).default(3),
  category: shortText().default(''),
  agencyIds: idList().default([]),
  cause: z.enum(PAIN_CAUSES).optional(),
  ownerAgencyId: IdSchema.optional(),
  status: z.enum(PAIN_STATUSES).default('open'),
  evidenceIds: idList().default([]),
  opportunityIds: idList().default([]),
  regulationIds: idList().default([]),
  votes: z.number().int().min(0).max(1_000_000).default(0),
  guidance: guidanceList(),
});

// ------------------------------------------------------------------------- opportunities
export const OPPORTUNITY_STATUSES = ['idea', 'agreed', 'in-progress', 'done', 'rejected'] as const;
export const OpportunitySchema = z.object({
  id: IdSchema,
  title: z.string().min(1).max(LIMITS.shortText),
  description: longText().default(''),
  ownerAgencyId: IdSchema.optional(),
  effort: z.number().int().min(1).max(3).optional(),
  impact: z.number().int().min(1).max(3).optional(),
  painPointIds: idList().default([]),
  status: z.enum(OPPORTUNITY_STATUSES).default('idea'),
  guidance: guidanceList(),
});

// ------------------------------------------------------------------------------ document
const list = <T extends z.ZodType>(item: T) => z.array(item).max(LIMITS.listItems).default([]);

const DocumentShape = z.object({
  format: z.literal(FORMAT),
  version: z.literal(CURRENT_VERSION),
  meta: MetaSchema,
  personas: list(PersonaSchema),
  agencies: list(AgencySchema),
  stages: list(StageSchema),
  lanes: list(LaneSchema),
  steps: list(StepSchema),
  flows: list(FlowSchema),
  painPoints: list(PainPointSchema),
  opportunities: list(OpportunitySchema),
  evidence: list(EvidenceSchema),
  regulations: list(RegulationSchema),
  documents: list(DocumentKindSchema),
});

type Shape = z.output<typeof DocumentShape>;
type Issue = { path: (string | number)[]; message: string };

/**
 * Cross-reference checks that a per-entity schema cannot do: ids are unique within the document
 * and every reference points to an entity of the right kind. The messages are codes that
 * restore.ts turns into words in the user's language.
 */
export function referenceIssues(doc: Shape): Issue[] {
  const issues: Issue[] = [];
  const seen = new Map<string, string>();
  const collections = [
    'personas',
    'agencies',
    'stages',
    'lanes',
    'steps',
    'flows',
    'painPoints',
    'opportunities',
    'evidence',
    'regulations',
    'documents',
  ] as const;
  for (const key of collections) {
    (doc[key] as { id: string }[]).forEach((item, index) => {
      const previous = seen.get(item.id);
      if (previous !== undefined) issues.push({ path: [key, index, 'id'], message: `duplicate-id:${item.id}` });
      else seen.set(item.id, key);
    });
  }
  const ids = (key: (typeof collections)[number]) => new Set((doc[key] as { id: string }[]).map((x) => x.id));
  const stages = ids('stages');
  const lanes = ids('lanes');
  const steps = ids('steps');
  const agencies = ids('agencies');
  const documents = ids('documents');
  const regulations = ids('regulations');
  const evidence = ids('evidence');
  const pains = ids('painPoints');
  const opportunities = ids('opportunities');

  const check = (set: Set<string>, kind: string, value: string | undefined, path: (string | number)[]) => {
    if (value !== undefined && !set.has(value)) issues.push({ path, message: `dangling:${kind}:${value}` });
  };
  const checkAll = (set: Set<string>, kind: string, values: string[], path: (string | number)[]) =>
    values.forEach((value, i) => check(set, kind, value, [...path, i]));

  doc.documents.forEach((d, i) => check(agencies, 'agency', d.issuerAgencyId, ['documents', i, 'issuerAgencyId']));
  doc.steps.forEach((s, i) => {
    check(lanes, 'lane', s.laneId, ['steps', i, 'laneId']);
    check(stages, 'stage', s.stageId, ['steps', i, 'stageId']);
    checkAll(agencies, 'agency', s.agencyIds, ['steps', i, 'agencyIds']);
    checkAll(documents, 'document', s.documentsIn, ['steps', i, 'documentsIn']);
    checkAll(documents, 'document', s.documentsOut, ['steps', i, 'documentsOut']);
    checkAll(regulations, 'regulation', s.regulationIds, ['steps', i, 'regulationIds']);
    checkAll(evidence, 'evidence', s.evidenceIds, ['steps', i, 'evidenceIds']);
  });
  doc.flows.forEach((f, i) => {
    check(steps, 'step', f.from, ['flows', i, 'from']);
    check(steps, 'step', f.to, ['flows', i, 'to']);
  });
  doc.painPoints.forEach((p, i) => {
    check(steps, 'step', p.stepId, ['painPoints', i, 'stepId']);
    if (p.cell) {
      check(lanes, 'lane', p.cell.laneId, ['painPoints', i, 'cell', 'laneId']);
      check(stages, 'stage', p.cell.stageId, ['painPoints', i, 'cell', 'stageId']);
    }
    checkAll(agencies, 'agency', p.agencyIds, ['painPoints', i, 'agencyIds']);
    check(agencies, 'agency', p.ownerAgencyId, ['painPoints', i, 'ownerAgencyId']);
    checkAll(evidence, 'evidence', p.evidenceIds, ['painPoints', i, 'evidenceIds']);
    checkAll(opportunities, 'opportunity', p.opportunityIds, ['painPoints', i, 'opportunityIds']);
    checkAll(regulations, 'regulation', p.regulationIds, ['painPoints', i, 'regulationIds']);
  });
  doc.opportunities.forEach((o, i) => {
    check(agencies, 'agency', o.ownerAgencyId, ['opportunities', i, 'ownerAgencyId']);
    checkAll(pains, 'painPoint', o.painPointIds, ['opportunities', i, 'painPointIds']);
  });
  return issues;
}

export const JourneyMapSchema = DocumentShape.superRefine((doc, ctx) => {
  for (const issue of referenceIssues(doc)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

/** The schema without cross-reference checks, for the published JSON Schema. */
export const JourneyMapShapeSchema = DocumentShape;
