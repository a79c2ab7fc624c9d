/**
 * UI and session state only (Zustand). Domain data lives in the database
 * and reaches screens through live queries, never through this store.
 */
import { create } from 'zustand';
import type { Language } from '../i18n';

export type Tab = 'arrivals' | 'members' | 'inhouse';

export type SwipeOutcome =
  | { kind: 'found'; memberId: string; cardNo: string }
  | { kind: 'unknown'; cardNo: string };

export interface SessionState {
  language: Language;
  tab: Tab;
  selectedMemberId: string | null;
  checkInReservationId: string | null;
  walkInOpen: boolean;
  checkOutReservationId: string | null;
  swipe: SwipeOutcome | null;
  /** A form is open: a service-worker update must not take over now. */
  busyForms: number;
  setLanguage(language: Language): void;
  setTab(tab: Tab): void;
  openMember(id: string | null): void;
  openCheckIn(reservationId: string | null): void;
  setWalkInOpen(open: boolean): void;
  openCheckOut(reservationId: string | null): void;
  showSwipe(outcome: SwipeOutcome | null): void;
}

export const initialSession = {
  language: 'zh' as Language,
  tab: 'arrivals' as Tab,
  selectedMemberId: null,
  checkInReservationId: null,
  walkInOpen: false,
  checkOutReservationId: null,
  swipe: null,
  busyForms: 0,
};

export const useSession = create<SessionState>()((set) => ({
  ...initialSession,
  setLanguage: (language) => set({ language }),
  setTab: (tab) => set({ tab }),
  openMember: (id) => set({ selectedMemberId: id, tab: 'members' }),
  openCheckIn: (reservationId) => set({ checkInReservationId: reservationId }),
  setWalkInOpen: (walkInOpen) => set({ walkInOpen }),
  openCheckOut: (reservationId) => set({ checkOutReservationId: reservationId }),
  showSwipe: (swipe) => set({ swipe }),
}));

/** Tests reset the store between cases. */
export function resetSession(): void {
  useSession.setState(initialSession);
}
