/**
 * Workshop data (issue 6): comment threads, dot voting with the tally written into the map,
 * baselines, the difference between two maps — and that the file stays valid through all of it.
 */
import { describe, expect, it } from 'vitest';
import {
  addBaseline,
  addParticipant,
  addThread,
  baselineDocument,
  castVote,
  closeRound,
  deleteBaseline,
  deleteComment,
  deleteElements,
  deleteEntity,
  diffMaps,
  isEmptyDiff,
  openRound,
  replyToThread,
  restoreDocument,
  retractVote,
  serializeDocument,
  setThreadResolved,
  startRound,
  tallyRound,
  threadsFor,
  updateStep,
  votesLeft,
  type JourneyMap,
} from '../../../shared/model';
import { painRegister } from '../../../shared/export/docx/content';
import { loadTemplate } from '../../../templates';

const AT = '2026-03-12T10:00:00.000Z';
const sample = (): JourneyMap => loadTemplate('driving-licence-as-is');
/** Saved and opened again: what another agency gets by e-mail. */
const roundTrip = (doc: JourneyMap): JourneyMap => {
  const restored = restoreDocument(serializeDocument(doc), 'en');
  if (!restored.ok) throw new Error(restored.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return restored.doc;
};

describe('comment threads', () => {
  it('starts, answers, resolves and deletes threads on an element; they survive saving', () => {
    let doc = sample();
    const step = doc.steps[0]!;
    doc = addThread(doc, {
      id: 'thread-1',
      target: { kind: 'step', id: step.id },
      comment: { id: 'c1', author: 'Иванова', agencyId: doc.agencies[0]!.id, text: 'Где взять бланк?', at: AT },
    });
    doc = replyToThread(doc, { threadId: 'thread-1', comment: { id: 'c2', author: 'Петров', text: 'На Госуслугах', at: AT } });
    expect(threadsFor(doc, { kind: 'step', id: step.id })[0]?.comments.map((c) => c.text)).toEqual(['Где взять бланк?', 'На Госуслугах']);
    doc = setThreadResolved(doc, { threadId: 'thread-1', resolved: true });
    expect(roundTrip(doc).threads).toEqual(doc.threads);
    expect(doc.threads[0]?.resolved).toBe(true);
    // A new reply reopens it.
    doc = replyToThread(doc, { threadId: 'thread-1', comment: { id: 'c3', author: 'Иванова', text: 'Не нашла', at: AT } });
    expect(doc.threads[0]?.resolved).toBe(false);
    // Empty text adds nothing.
    expect(replyToThread(doc, { threadId: 'thread-1', comment: { id: 'c4', author: '', text: '  ', at: AT } })).toBe(doc);
    for (const id of ['c1', 'c2']) doc = deleteComment(doc, { threadId: 'thread-1', commentId: id });
    expect(doc.threads[0]?.comments.map((c) => c.id)).toEqual(['c3']);
    doc = deleteComment(doc, { threadId: 'thread-1', commentId: 'c3' });
    expect(doc.threads).toEqual([]);
  });

  it('a thread goes with its element, and a comment forgets a deleted agency: the file stays valid', () => {
    let doc = sample();
    const step = doc.steps[0]!;
    const agency = doc.agencies[0]!;
    doc = addThread(doc, { id: 't-step', target: { kind: 'step', id: step.id }, comment: { id: 'c1', author: 'А', agencyId: agency.id, text: 'x', at: AT } });
    doc = addThread(doc, { id: 't-map', target: { kind: 'map' }, comment: { id: 'c2', author: 'Б', agencyId: agency.id, text: 'y', at: AT } });
    doc = deleteElements(doc, { stepIds: [step.id] });
    expect(doc.threads.map((t) => t.id)).toEqual(['t-map']);
    doc = deleteEntity(doc, 'agencies', agency.id);
    expect(doc.threads[0]?.comments[0]?.agencyId).toBeUndefined();
    expect(roundTrip(doc).threads).toHaveLength(1);
  });

  it('refuses a thread about an element that does not exist, with where and what', () => {
    const doc = sample();
    const text = serializeDocument({ ...doc, threads: [{ id: 't', target: { kind: 'step', id: 'ghost' }, resolved: false, comments: [{ id: 'c', author: '', text: 'x', at: AT }] }] });
    const restored = restoreDocument(text, 'en');
    expect(restored.ok).toBe(false);
    expect(!restored.ok && restored.problems.map((p) => `${p.path}: ${p.message}`)).toEqual(['threads[0].target.id: refers to a step “ghost” that does not exist in the map']);
  });
});

describe('dot voting', () => {
  /** Three participants from three agencies, three votes each, on the sample's pain points. */
  function votingRound() {
    let doc = sample();
    const [mvd, clinic, mfc] = doc.agencies.map((a) => a.id);
    doc = startRound(doc, {
      id: 'round-1',
      title: 'Что болит сильнее',
      target: 'painPoints',
      votesPerParticipant: 3,
      hidden: true,
      at: AT,
      participants: [
        { id: 'p1', name: 'Иванова', ...(mvd ? { agencyId: mvd } : {}) },
        { id: 'p2', name: 'Петров', ...(clinic ? { agencyId: clinic } : {}) },
      ],
    });
    doc = addParticipant(doc, { roundId: 'round-1', participant: { id: 'p3', name: 'Сидорова', ...(mfc ? { agencyId: mfc } : {}) } });
    return { doc, mvd: mvd!, clinic: clinic!, mfc: mfc! };
  }

  it('counts votes with a limit per participant, tallies by agency, and closing ranks the pain register', () => {
    let { doc, mvd, clinic, mfc } = votingRound();
    const [a, b, c] = doc.painPoints.map((p) => p.id) as [string, string, string];
    const vote = (participantId: string, itemId: string) => (doc = castVote(doc, { roundId: 'round-1', participantId, itemId }));
    vote('p1', c);
    vote('p1', c);
    vote('p1', b);
    // The fourth vote of p1 is refused: three each.
    const before = doc;
    vote('p1', a);
    expect(doc).toBe(before);
    vote('p2', c);
    vote('p2', b);
    vote('p2', a);
    vote('p3', c);
    expect(votesLeft(openRound(doc)!, 'p3')).toBe(2);
    doc = retractVote(doc, { roundId: 'round-1', participantId: 'p3', itemId: c });
    vote('p3', b);
    vote('p3', b);

    const tally = tallyRound(doc, doc.votingRounds[0]!);
    expect(tally).toEqual([
      { itemId: b, total: 4, byAgency: { [mvd]: 1, [clinic]: 1, [mfc]: 2 } },
      { itemId: c, total: 3, byAgency: { [mvd]: 2, [clinic]: 1 } },
      { itemId: a, total: 1, byAgency: { [clinic]: 1 } },
    ]);

    doc = closeRound(doc, { roundId: 'round-1', at: '2026-03-12T11:00:00.000Z' });
    const pain = (id: string) => doc.painPoints.find((p) => p.id === id)!;
    expect([pain(b).votes, pain(c).votes, pain(a).votes]).toEqual([4, 3, 1]);
    expect(pain(b).votesByAgency).toEqual({ [mvd]: 1, [clinic]: 1, [mfc]: 2 });
    expect(doc.painPoints.filter((p) => ![a, b, c].includes(p.id)).every((p) => p.votes === 0)).toBe(true);
    expect(painRegister(doc).slice(0, 3).map((p) => p.id)).toEqual([b, c, a]);
    expect(openRound(doc)).toBeUndefined();
    // A closed round takes no more votes, and its record is kept in the file.
    expect(castVote(doc, { roundId: 'round-1', participantId: 'p3', itemId: a })).toBe(doc);
    const saved = roundTrip(doc);
    expect(saved.votingRounds[0]).toMatchObject({ title: 'Что болит сильнее', closedAt: '2026-03-12T11:00:00.000Z', hidden: true });
    expect(saved.votingRounds[0]?.participants.map((p) => p.name)).toEqual(['Иванова', 'Петров', 'Сидорова']);
    expect(saved.votingRounds[0]?.votes).toHaveLength(8);
    expect(saved.painPoints).toEqual(doc.painPoints);
  });

  it('ignores votes for unknown items or voters, and forgets votes for a deleted pain point', () => {
    let { doc } = votingRound();
    expect(castVote(doc, { roundId: 'round-1', participantId: 'ghost', itemId: doc.painPoints[0]!.id })).toBe(doc);
    expect(castVote(doc, { roundId: 'round-1', participantId: 'p1', itemId: doc.opportunities[0]!.id })).toBe(doc);
    const pain = doc.painPoints[0]!.id;
    doc = castVote(doc, { roundId: 'round-1', participantId: 'p1', itemId: pain });
    doc = deleteEntity(doc, 'painPoints', pain);
    expect(doc.votingRounds[0]?.votes).toEqual([]);
    expect(roundTrip(doc).votingRounds).toHaveLength(1);
  });
});

describe('baselines', () => {
  it('keeps a named snapshot in the file that opens as a map of its own; the diff names what changed', () => {
    let doc = sample();
    doc = addBaseline(doc, { id: 'b1', name: 'после заседания РГ 12.03', at: AT });
    const step = doc.steps[0]!;
    const pain = doc.painPoints[0]!;
    doc = updateStep(doc, { id: step.id, patch: { title: 'Новое название', waitMinutes: 5 } });
    doc = deleteEntity(doc, 'painPoints', pain.id);
    doc = addBaseline(doc, { id: 'b2', name: 'после правок', at: AT });
    expect(addBaseline(doc, { id: 'b3', name: '   ', at: AT })).toBe(doc);

    const saved = roundTrip(doc);
    expect(saved.baselines.map((b) => b.name)).toEqual(['после заседания РГ 12.03', 'после правок']);
    const first = baselineDocument(saved, 'b1')!;
    expect(first.baselines).toEqual([]);
    expect(first.steps.find((s) => s.id === step.id)?.title).toBe(step.title);
    // A snapshot does not nest the baselines before it.
    expect(saved.baselines[1]?.snapshot).not.toHaveProperty('baselines');

    const diff = diffMaps(first, baselineDocument(saved, 'b2')!);
    expect(diff.steps.changed).toEqual([{ id: step.id, title: 'Новое название', fields: ['title', 'waitMinutes'] }]);
    expect(diff.painPoints.removed).toEqual([{ id: pain.id, title: pain.title }]);
    expect(diff.steps.added).toEqual([]);
    expect(isEmptyDiff(diffMaps(first, first))).toBe(true);

    doc = deleteBaseline(doc, { id: 'b1' });
    expect(doc.baselines.map((b) => b.id)).toEqual(['b2']);
  });

  it('refuses a baseline whose snapshot is broken, saying where', () => {
    const doc = addBaseline(sample(), { id: 'b1', name: 'x', at: AT });
    const raw = JSON.parse(serializeDocument(doc));
    raw.baselines[0].snapshot.flows[0].to = 'ghost';
    const restored = restoreDocument(JSON.stringify(raw), 'en');
    expect(!restored.ok && restored.problems[0]?.path).toBe('baselines[0].snapshot.flows[0].to');
  });
});
