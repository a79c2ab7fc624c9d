/**
 * UI and session state only (Zustand). Domain data lives in the database
 * and reaches screens through live queries, never through this store.
 */
import { create } from 'zustand';
import type { Language } from '../i18n/desk';
import type { Role } from '../domain/staff';
import type { Reservation } from '../domain/model';

export type Tab = 'arrivals' | 'bookings' | 'members' | 'inhouse' | 'rooms' | 'door' | 'audit' | 'review';

/** Who is signed in on this tablet (no PIN or hash here: only who and which role). */
export interface SignedIn {
  id: string;
  name: string;
  role: Role;
}

export type SwipeOutcome =
  | { kind: 'found'; memberId: string; cardNo: string }
  | { kind: 'unknown'; cardNo: string };

export interface SessionState {
  language: Language;
  staff: SignedIn | null;
  tab: Tab;
  selectedMemberId: string | null;
  checkInReservationId: string | null;
  /** A walk-in's draft reservation being checked in: stored only when the check-in commits. */
  checkInWalkIn: Reservation | null;
  walkInOpen: boolean;
  checkOutReservationId: string | null;
  /** A stay change (续住 / 换房) open for a reservation in house. */
  stayChange: { kind: 'extend' | 'move'; reservationId: string } | null;
  swipe: SwipeOutcome | null;
  /** A form is open: a service-worker update must not take over now. */
  busyForms: number;
  setLanguage(language: Language): void;
  signIn(staff: SignedIn): void;
  signOut(): void;
  setTab(tab: Tab): void;
  openMember(id: string | null): void;
  openCheckIn(reservationId: string | null): void;
  openWalkInCheckIn(draft: Reservation): void;
  setWalkInOpen(open: boolean): void;
  openCheckOut(reservationId: string | null): void;
  openStayChange(change: { kind: 'extend' | 'move'; reservationId: string } | null): void;
  showSwipe(outcome: SwipeOutcome | null): void;
  /** A dialog or form opened / closed (see `busyForms`). */
  formOpened(): void;
  formClosed(): void;
}

export const initialSession = {
  language: 'zh' as Language,
  staff: null as SignedIn | null,
  tab: 'arrivals' as Tab,
  selectedMemberId: null,
  checkInReservationId: null,
  checkInWalkIn: null,
  walkInOpen: false,
  checkOutReservationId: null,
  stayChange: null,
  swipe: null,
  busyForms: 0,
};

export const useSession = create<SessionState>()((set) => ({
  ...initialSession,
  setLanguage: (language) => set({ language }),
  signIn: (staff) => set({ staff, tab: staff.role === 'night-auditor' ? 'audit' : 'arrivals' }), // door mode comes by the clock (app/door-mode)
  signOut: () => set({ staff: null, selectedMemberId: null, checkInReservationId: null, checkInWalkIn: null, walkInOpen: false, checkOutReservationId: null, stayChange: null }),
  setTab: (tab) => set({ tab }),
  openMember: (id) => set({ selectedMemberId: id, tab: 'members' }),
  openCheckIn: (reservationId) => set({ checkInReservationId: reservationId, checkInWalkIn: null }),
  openWalkInCheckIn: (draft) => set({ checkInReservationId: draft.id, checkInWalkIn: draft, walkInOpen: false }),
  setWalkInOpen: (walkInOpen) => set({ walkInOpen }),
  openCheckOut: (reservationId) => set({ checkOutReservationId: reservationId }),
  openStayChange: (stayChange) => set({ stayChange }),
  showSwipe: (swipe) => set({ swipe }),
  formOpened: () => set((s) => ({ busyForms: s.busyForms + 1 })),
  formClosed: () => set((s) => ({ busyForms: Math.max(0, s.busyForms - 1) })),
}));

/** Tests reset the store between cases. */
export function resetSession(): void {
  useSession.setState(initialSession);
}
