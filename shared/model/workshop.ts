/**
 * Workshop data (issue 6), as pure operations: comment threads on any element, dot-voting
 * rounds whose tally is written into the map, baselines (named snapshots kept in the file) and
 * the difference between two maps. Like every operation: (doc, args) → doc, ids and times come
 * in the arguments, a no-op returns the same object.
 */
import { produce, type Draft } from 'immer';
import type { z } from 'zod';
import type { BaselineSchema, CommentSchema, ParticipantSchema, ThreadSchema, VotingRoundSchema } from './schema';
import { MAX_BASELINES } from './schema';
import type { JourneyMap, Opportunity, PainPoint, Step } from './types';

export type Thread = z.output<typeof ThreadSchema>;
export type Comment = z.output<typeof CommentSchema>;
export type CommentTarget = Thread['target'];
export type VotingRound = z.output<typeof VotingRoundSchema>;
export type Participant = z.output<typeof ParticipantSchema>;
export type Baseline = z.output<typeof BaselineSchema>;

// ------------------------------------------------------------------------- references
/**
 * Drops what points at elements that are gone: threads on a deleted element, votes for a deleted
 * pain point or opportunity (or by a removed participant), agencies no longer in the map. Every
 * operation that deletes calls it, so a saved map always passes the reference checks.
 */
export function pruneWorkshopRefs(d: Draft<JourneyMap>): void {
  const has = {
    stage: new Set(d.stages.map((x) => x.id)),
    lane: new Set(d.lanes.map((x) => x.id)),
    step: new Set(d.steps.map((x) => x.id)),
    flow: new Set(d.flows.map((x) => x.id)),
    painPoint: new Set(d.painPoints.map((x) => x.id)),
    opportunity: new Set(d.opportunities.map((x) => x.id)),
  };
  const agencies = new Set(d.agencies.map((a) => a.id));
  if (d.threads.some((t) => t.target.kind !== 'map' && !has[t.target.kind].has(t.target.id ?? ''))) {
    d.threads = d.threads.filter((t) => t.target.kind === 'map' || has[t.target.kind].has(t.target.id ?? ''));
  }
  for (const thread of d.threads) for (const c of thread.comments) if (c.agencyId !== undefined && !agencies.has(c.agencyId)) delete c.agencyId;
  for (const round of d.votingRounds) {
    for (const p of round.participants) if (p.agencyId !== undefined && !agencies.has(p.agencyId)) delete p.agencyId;
    const items = round.target === 'painPoints' ? has.painPoint : has.opportunity;
    const people = new Set(round.participants.map((p) => p.id));
    if (round.votes.some((v) => !items.has(v.itemId) || !people.has(v.participantId))) {
      round.votes = round.votes.filter((v) => items.has(v.itemId) && people.has(v.participantId));
    }
  }
}

// ---------------------------------------------------------------------------- comments
export function addThread(doc: JourneyMap, args: { id: string; target: CommentTarget; comment: Comment }): JourneyMap {
  if (!args.comment.text.trim()) return doc;
  return produce(doc, (d) => {
    d.threads.push({ id: args.id, target: { ...args.target }, resolved: false, comments: [{ ...args.comment }] });
  });
}

export function replyToThread(doc: JourneyMap, args: { threadId: string; comment: Comment }): JourneyMap {
  if (!args.comment.text.trim()) return doc;
  return produce(doc, (d) => {
    const thread = d.threads.find((t) => t.id === args.threadId);
    if (!thread) return;
    thread.comments.push({ ...args.comment });
    thread.resolved = false;
  });
}

export function setThreadResolved(doc: JourneyMap, args: { threadId: string; resolved: boolean }): JourneyMap {
  return produce(doc, (d) => {
    const thread = d.threads.find((t) => t.id === args.threadId);
    if (thread && thread.resolved !== args.resolved) thread.resolved = args.resolved;
  });
}

/** Deletes one comment; a thread left without comments goes too. */
export function deleteComment(doc: JourneyMap, args: { threadId: string; commentId: string }): JourneyMap {
  return produce(doc, (d) => {
    const thread = d.threads.find((t) => t.id === args.threadId);
    if (!thread || !thread.comments.some((c) => c.id === args.commentId)) return;
    thread.comments = thread.comments.filter((c) => c.id !== args.commentId);
    if (thread.comments.length === 0) d.threads = d.threads.filter((t) => t.id !== args.threadId);
  });
}

/** Threads about one element (or the map), open ones first, oldest first. */
export function threadsFor(doc: JourneyMap, target: CommentTarget): Thread[] {
  return doc.threads
    .filter((t) => t.target.kind === target.kind && (target.kind === 'map' || t.target.id === target.id))
    .sort((a, b) => Number(a.resolved) - Number(b.resolved));
}

// ------------------------------------------------------------------------------ voting
export function startRound(
  doc: JourneyMap,
  args: { id: string; title?: string; target: VotingRound['target']; votesPerParticipant: number; hidden: boolean; at: string; participants: Participant[] },
): JourneyMap {
  return produce(doc, (d) => {
    d.votingRounds.push({
      id: args.id,
      title: args.title ?? '',
      target: args.target,
      votesPerParticipant: Math.max(1, Math.min(50, Math.floor(args.votesPerParticipant))),
      hidden: args.hidden,
      startedAt: args.at,
      participants: args.participants.map((p) => ({ ...p })),
      votes: [],
    });
  });
}

/** The round still taking votes, if any (the last one not closed). */
export function openRound(doc: JourneyMap): VotingRound | undefined {
  return [...doc.votingRounds].reverse().find((r) => r.closedAt === undefined);
}

export function addParticipant(doc: JourneyMap, args: { roundId: string; participant: Participant }): JourneyMap {
  return produce(doc, (d) => {
    const round = d.votingRounds.find((r) => r.id === args.roundId);
    if (!round || round.closedAt !== undefined || round.participants.some((p) => p.id === args.participant.id)) return;
    round.participants.push({ ...args.participant });
  });
}

export function removeParticipant(doc: JourneyMap, args: { roundId: string; participantId: string }): JourneyMap {
  return produce(doc, (d) => {
    const round = d.votingRounds.find((r) => r.id === args.roundId);
    if (!round || round.closedAt !== undefined || !round.participants.some((p) => p.id === args.participantId)) return;
    round.participants = round.participants.filter((p) => p.id !== args.participantId);
    round.votes = round.votes.filter((v) => v.participantId !== args.participantId);
  });
}

/** Votes a participant has left in a round. */
export function votesLeft(round: VotingRound, participantId: string): number {
  return round.votesPerParticipant - round.votes.filter((v) => v.participantId === participantId).length;
}

/** One more vote (dots may stack on one item); nothing when the round is closed or the voter has none left. */
export function castVote(doc: JourneyMap, args: { roundId: string; participantId: string; itemId: string }): JourneyMap {
  const round = doc.votingRounds.find((r) => r.id === args.roundId);
  if (!round || round.closedAt !== undefined) return doc;
  if (!round.participants.some((p) => p.id === args.participantId)) return doc;
  const items: { id: string }[] = round.target === 'painPoints' ? doc.painPoints : doc.opportunities;
  if (!items.some((i) => i.id === args.itemId) || votesLeft(round, args.participantId) <= 0) return doc;
  return produce(doc, (d) => {
    d.votingRounds.find((r) => r.id === args.roundId)?.votes.push({ participantId: args.participantId, itemId: args.itemId });
  });
}

/** Takes back one of a participant's votes on an item. */
export function retractVote(doc: JourneyMap, args: { roundId: string; participantId: string; itemId: string }): JourneyMap {
  return produce(doc, (d) => {
    const round = d.votingRounds.find((r) => r.id === args.roundId);
    if (!round || round.closedAt !== undefined) return;
    const at = round.votes.findLastIndex((v) => v.participantId === args.participantId && v.itemId === args.itemId);
    if (at >= 0) round.votes.splice(at, 1);
  });
}

export interface TallyRow {
  itemId: string;
  total: number;
  /** Votes by the voters' agency id ('' for voters named without one). */
  byAgency: Record<string, number>;
}

/** Votes per item, most first (ties in the map's order); items without votes are left out. */
export function tallyRound(doc: JourneyMap, round: VotingRound): TallyRow[] {
  const agencyOf = new Map(round.participants.map((p) => [p.id, p.agencyId ?? '']));
  const rows = new Map<string, TallyRow>();
  for (const vote of round.votes) {
    const row = rows.get(vote.itemId) ?? { itemId: vote.itemId, total: 0, byAgency: {} };
    row.total += 1;
    const agency = agencyOf.get(vote.participantId) ?? '';
    row.byAgency[agency] = (row.byAgency[agency] ?? 0) + 1;
    rows.set(vote.itemId, row);
  }
  const items: { id: string }[] = round.target === 'painPoints' ? doc.painPoints : doc.opportunities;
  const order = new Map(items.map((item, i) => [item.id, i]));
  return [...rows.values()].sort((a, b) => b.total - a.total || (order.get(a.itemId) ?? 0) - (order.get(b.itemId) ?? 0));
}

/**
 * Closes a round: its tally becomes the votes of every pain point (or opportunity) — total and by
 * agency, zero for those without — which ranks the pain register; the round stays in the file as
 * the record (date, participants, votes).
 */
export function closeRound(doc: JourneyMap, args: { roundId: string; at: string }): JourneyMap {
  const round = doc.votingRounds.find((r) => r.id === args.roundId);
  if (!round || round.closedAt !== undefined) return doc;
  const tally = new Map(tallyRound(doc, round).map((row) => [row.itemId, row]));
  return produce(doc, (d) => {
    const target = d.votingRounds.find((r) => r.id === args.roundId);
    if (target) target.closedAt = args.at;
    const items: Draft<PainPoint | Opportunity>[] = round.target === 'painPoints' ? d.painPoints : d.opportunities;
    for (const item of items) {
      const row = tally.get(item.id);
      item.votes = row?.total ?? 0;
      item.votesByAgency = row ? { ...row.byAgency } : {};
    }
  });
}

export function deleteRound(doc: JourneyMap, args: { roundId: string }): JourneyMap {
  return produce(doc, (d) => {
    if (d.votingRounds.some((r) => r.id === args.roundId)) d.votingRounds = d.votingRounds.filter((r) => r.id !== args.roundId);
  });
}

// --------------------------------------------------------------------------- baselines
/** The map without its baselines: what a baseline keeps. */
export function snapshotOf(doc: JourneyMap): Baseline['snapshot'] {
  const { baselines: _baselines, ...rest } = doc;
  return structuredClone(rest) as Baseline['snapshot'];
}

/** Names a snapshot of the map as it is now; the oldest goes when there are MAX_BASELINES. */
export function addBaseline(doc: JourneyMap, args: { id: string; name: string; at: string }): JourneyMap {
  const name = args.name.trim();
  if (!name) return doc;
  const snapshot = snapshotOf(doc);
  return produce(doc, (d) => {
    d.baselines.push({ id: args.id, name, at: args.at, snapshot: snapshot as Draft<Baseline['snapshot']> });
    if (d.baselines.length > MAX_BASELINES) d.baselines.splice(0, d.baselines.length - MAX_BASELINES);
  });
}

export function renameBaseline(doc: JourneyMap, args: { id: string; name: string }): JourneyMap {
  const name = args.name.trim();
  return produce(doc, (d) => {
    const baseline = d.baselines.find((b) => b.id === args.id);
    if (baseline && name && baseline.name !== name) baseline.name = name;
  });
}

export function deleteBaseline(doc: JourneyMap, args: { id: string }): JourneyMap {
  return produce(doc, (d) => {
    if (d.baselines.some((b) => b.id === args.id)) d.baselines = d.baselines.filter((b) => b.id !== args.id);
  });
}

/** A baseline as a map of its own (no baselines inside), to open read-only or compare. */
export function baselineDocument(doc: JourneyMap, id: string): JourneyMap | null {
  const baseline = doc.baselines.find((b) => b.id === id);
  return baseline ? { ...(structuredClone(baseline.snapshot) as Omit<JourneyMap, 'baselines'>), baselines: [] } : null;
}

// -------------------------------------------------------------------------------- diff
export interface ChangedItem {
  id: string;
  title: string;
  /** The fields whose values differ, in the schema's order. */
  fields: string[];
}

export interface ItemDiff {
  added: { id: string; title: string }[];
  removed: { id: string; title: string }[];
  changed: ChangedItem[];
}

export interface MapDiff {
  steps: ItemDiff;
  painPoints: ItemDiff;
  opportunities: ItemDiff;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function diffItems<T extends { id: string; title: string }>(before: readonly T[], after: readonly T[], ignore: readonly string[] = []): ItemDiff {
  const old = new Map(before.map((x) => [x.id, x]));
  const now = new Map(after.map((x) => [x.id, x]));
  const out: ItemDiff = { added: [], removed: [], changed: [] };
  for (const item of after) if (!old.has(item.id)) out.added.push({ id: item.id, title: item.title });
  for (const item of before) if (!now.has(item.id)) out.removed.push({ id: item.id, title: item.title });
  for (const item of after) {
    const previous = old.get(item.id);
    if (!previous) continue;
    const keys = [...new Set([...Object.keys(previous), ...Object.keys(item)])].filter((k) => k !== 'id' && !ignore.includes(k));
    const fields = keys.filter((k) => !same((previous as Record<string, unknown>)[k], (item as Record<string, unknown>)[k]));
    if (fields.length > 0) out.changed.push({ id: item.id, title: item.title, fields });
  }
  return out;
}

/** What was added, removed or changed between two maps (by id): steps, pain points, opportunities. */
export function diffMaps(before: JourneyMap, after: JourneyMap): MapDiff {
  return {
    steps: diffItems<Step>(before.steps, after.steps),
    painPoints: diffItems<PainPoint>(before.painPoints, after.painPoints),
    opportunities: diffItems<Opportunity>(before.opportunities, after.opportunities),
  };
}

export const isEmptyDiff = (diff: MapDiff) =>
  (['steps', 'painPoints', 'opportunities'] as const).every((k) => diff[k].added.length + diff[k].removed.length + diff[k].changed.length === 0);
