/**
 * The workshop's UI state that is not the document (never undone, never saved): who is voting
 * right now, whether the round setup is open, which round's tally is shown, which baseline is
 * open read-only and whether the baseline name field asks for focus. A small store of its own,
 * so the shared store is left alone; everything the room decides goes through `apply`.
 */
import { create } from 'zustand';
import type { JourneyMap } from '../../shared/model';
import { castVote, openRound, retractVote, type VotingRound } from '../../shared/model/workshop';
import type { AppStore } from '../store';
import type { StoreState } from '../store/types';

export interface WorkshopUi {
  /** The participant whose clicks cast dots, in the open round. */
  voterId: string | null;
  /** The "start a round" dialog is open. */
  setupOpen: boolean;
  /** The round whose tally is shown in a dialog (after closing it, or from the history). */
  tallyRoundId: string | null;
  /** The baseline shown read-only. */
  viewBaselineId: string | null;
  /** Bumped to ask the baselines tab to focus its name field (File → Save baseline…). */
  nameFocusRequest: number;
  setVoter(voterId: string | null): void;
  setSetupOpen(open: boolean): void;
  showTally(roundId: string | null): void;
  viewBaseline(id: string | null): void;
  requestNameFocus(): void;
}

export const useWorkshopUi = create<WorkshopUi>()((set) => ({
  voterId: null,
  setupOpen: false,
  tallyRoundId: null,
  viewBaselineId: null,
  nameFocusRequest: 0,
  setVoter: (voterId) => set({ voterId }),
  setSetupOpen: (setupOpen) => set({ setupOpen }),
  showTally: (tallyRoundId) => set({ tallyRoundId }),
  viewBaseline: (viewBaselineId) => set({ viewBaselineId }),
  requestNameFocus: () => set((s) => ({ nameFocusRequest: s.nameFocusRequest + 1 })),
}));

/** Whether a workshop dialog is open (the editor's shortcuts must not act behind it). */
export const workshopDialogOpen = () => {
  const s = useWorkshopUi.getState();
  return s.setupOpen || s.tallyRoundId !== null || s.viewBaselineId !== null;
};

/** Toolbar / menu "Start voting": the setup dialog, or the Voting tab when a round is running. */
export function startVotingCommand(state: Pick<StoreState, 'doc' | 'showSidebar'>) {
  if (openRound(state.doc)) state.showSidebar('voting');
  else useWorkshopUi.getState().setSetupOpen(true);
}

/** File → "Save baseline…": the Baselines tab with its name field ready for typing. */
export function saveBaselineCommand(state: Pick<StoreState, 'showSidebar'>) {
  state.showSidebar('baselines');
  useWorkshopUi.getState().requestNameFocus();
}

/** What a round votes on, in the map's order. */
export function itemsOf(doc: JourneyMap, target: VotingRound['target']): { id: string; title: string }[] {
  return target === 'painPoints' ? doc.painPoints : doc.opportunities;
}

/** An agency's short name (or name); '' for none. */
export function agencyLabel(doc: JourneyMap, agencyId: string | undefined): string {
  const agency = doc.agencies.find((a) => a.id === agencyId);
  return agency ? agency.shortName.trim() || agency.name : '';
}

/** One dot from the current voter on an item of the open round (undoable); false when none was cast. */
export function castDot(store: AppStore, itemId: string): boolean {
  const { doc, apply } = store.getState();
  const round = openRound(doc);
  const voterId = useWorkshopUi.getState().voterId;
  if (!round || !voterId) return false;
  return apply((d) => castVote(d, { roundId: round.id, participantId: voterId, itemId }));
}

/** Takes back one of the current voter's dots on an item. */
export function takeDot(store: AppStore, itemId: string): boolean {
  const { doc, apply } = store.getState();
  const round = openRound(doc);
  const voterId = useWorkshopUi.getState().voterId;
  if (!round || !voterId) return false;
  return apply((d) => retractVote(d, { roundId: round.id, participantId: voterId, itemId }));
}
