/**
 * The journey-map document: one zod schema per entity, the document schema that ties them
 * together, and the cross-reference checks. Types are inferred from the schemas (types.ts).
 *
 * Field order in each object is the order of keys in a saved file (serialize.ts relies on it),
 * so add new fields at the end of an object to keep diffs small.
 */
import { z } from 'zod';

export const FORMAT = 'marshrut/journey-map' as const;
export const CURRENT_VERSION = 2 as const;

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
  .regex(/^[A-Za-z0-9_.:-]+$/, { message: 'id may contain only latin letters, digits and _ . : -' })
  // Ids become object keys (votes by agency): never one that names a prototype.
  .refine((id) => id !== '__proto__' && id !== 'constructor' && id !== 'prototype', { message: 'reserved-id' });

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
  /** The last closed voting round's votes by the voters' agency (`''` for voters without one). */
  votesByAgency: z.record(z.string().max(64), z.number().int().min(0).max(1_000_000)).default({}),
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
  votes: z.number().int().min(0).max(1_000_000).default(0),
  votesByAgency: z.record(z.string().max(64), z.number().int().min(0).max(1_000_000)).default({}),
});

// -------------------------------------------------------------------------------- comments
/** What a comment thread is about: the map itself, or one of its elements. */
export const COMMENT_TARGET_KINDS = ['map', 'stage', 'lane', 'step', 'flow', 'painPoint', 'opportunity'] as const;
export const CommentTargetSchema = z.object({ kind: z.enum(COMMENT_TARGET_KINDS), id: IdSchema.optional() });
export const CommentSchema = z.object({
  id: IdSchema,
  author: shortText().default(''),
  agencyId: IdSchema.optional(),
  text: z.string().min(1).max(LIMITS.longText),
  /** ISO date-time. */
  at: z.string().max(40),
});
export const ThreadSchema = z.object({
  id: IdSchema,
  target: CommentTargetSchema,
  resolved: z.boolean().default(false),
  comments: z.array(CommentSchema).min(1).max(LIMITS.refs),
});

// ---------------------------------------------------------------------------------- voting
export const VOTE_TARGETS = ['painPoints', 'opportunities'] as const;
export const ParticipantSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(LIMITS.shortText),
  agencyId: IdSchema.optional(),
});
export const VoteSchema = z.object({ participantId: IdSchema, itemId: IdSchema });
export const VotingRoundSchema = z.object({
  id: IdSchema,
  title: shortText().default(''),
  target: z.enum(VOTE_TARGETS),
  votesPerParticipant: z.number().int().min(1).max(50),
  /** Votes stay hidden from the room until the round closes. */
  hidden: z.boolean().default(false),
  startedAt: z.string().max(40),
  closedAt: z.string().max(40).optional(),
  participants: z.array(ParticipantSchema).max(LIMITS.refs).default([]),
  votes: z.array(VoteSchema).max(LIMITS.listItems).default([]),
});

// ------------------------------------------------------------------------------ document
const list = <T extends z.ZodType>(item: T) => z.array(item).max(LIMITS.listItems).default([]);

/** Everything of a map but its baselines: what a baseline keeps a copy of. */
const SnapshotShape = z.object({
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
  threads: list(ThreadSchema),
  votingRounds: list(VotingRoundSchema),
});

// ------------------------------------------------------------------------------ baselines
/** Largest number of baselines one file keeps (each is a whole copy of the map). */
export const MAX_BASELINES = 50;
export const BaselineSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(LIMITS.shortText),
  at: z.string().max(40),
  snapshot: SnapshotShape,
});

const DocumentShape = SnapshotShape.extend({
  baselines: z.array(BaselineSchema).max(MAX_BASELINES).default([]),
});

type Shape = z.output<typeof SnapshotShape>;
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
  const flows = ids('flows');
  const targets: Record<string, [Set<string>, string]> = {
    stage: [stages, 'stage'],
    lane: [lanes, 'lane'],
    step: [steps, 'step'],
    flow: [flows, 'flow'],
    painPoint: [pains, 'painPoint'],
    opportunity: [opportunities, 'opportunity'],
  };
  const threadIds = new Set<string>();
  doc.threads.forEach((thread, i) => {
    if (threadIds.has(thread.id)) issues.push({ path: ['threads', i, 'id'], message: `duplicate-id:${thread.id}` });
    threadIds.add(thread.id);
    const target = targets[thread.target.kind];
    if (target) check(target[0], target[1], thread.target.id ?? '', ['threads', i, 'target', 'id']);
    thread.comments.forEach((c, j) => check(agencies, 'agency', c.agencyId, ['threads', i, 'comments', j, 'agencyId']));
  });
  const roundIds = new Set<string>();
  doc.votingRounds.forEach((round, i) => {
    if (roundIds.has(round.id)) issues.push({ path: ['votingRounds', i, 'id'], message: `duplicate-id:${round.id}` });
    roundIds.add(round.id);
    const people = new Set(round.participants.map((p) => p.id));
    round.participants.forEach((p, j) => check(agencies, 'agency', p.agencyId, ['votingRounds', i, 'participants', j, 'agencyId']));
    const items = round.target === 'painPoints' ? pains : opportunities;
    round.votes.forEach((v, j) => {
      check(people, 'participant', v.participantId, ['votingRounds', i, 'votes', j, 'participantId']);
      check(items, round.target === 'painPoints' ? 'painPoint' : 'opportunity', v.itemId, ['votingRounds', i, 'votes', j, 'itemId']);
    });
  });
  return issues;
}

export const JourneyMapSchema = DocumentShape.superRefine((doc, ctx) => {
  for (const issue of referenceIssues(doc)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  doc.baselines.forEach((baseline, i) => {
    for (const issue of referenceIssues(baseline.snapshot)) {
      ctx.addIssue({ code: 'custom', path: ['baselines', i, 'snapshot', ...issue.path], message: issue.message });
    }
  });
});

/** The schema without cross-reference checks, for the published JSON Schema. */
export const JourneyMapShapeSchema = DocumentShape;
