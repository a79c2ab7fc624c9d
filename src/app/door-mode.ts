import { useEffect } from 'react';
import { doorModeByClock, localNowOf } from '../domain/business-day';
import { DEFAULT_RULES } from '../domain/rules';
import { can } from '../domain/staff';
import { useSession } from '../session/store';

/**
 * At the cut-off (23:00 by default) a tablet signed in by someone who may
 * keep the door switches itself to door mode, unless a form is open; so does
 * one opened or signed in to inside the night window (until the morning
 * hour, 06:00). By the clock only: ./domain/business-day `doorModeByClock`;
 * outside the window nobody lands on the door.
 */
export function useDoorModeAtCutoff(timeZone: string, now: () => number): void {
  useEffect(() => {
    let wasDoorTime = false;
    const check = () => {
      const s = useSession.getState();
      const doorTime = doorModeByClock(localNowOf(now(), timeZone), DEFAULT_RULES.door);
      if (doorTime && !wasDoorTime && s.staff && can(s.staff.role, 'doorMode') && s.busyForms === 0) s.setTab('door');
      wasDoorTime = doorTime;
    };
    check();
    const timer = setInterval(check, 30_000);
    return () => clearInterval(timer);
  }, [timeZone, now]);
  // Someone who may keep the door signing in inside the window lands on it,
  // synchronously with the sign-in, so no other screen starts its work first
  // (a busy page turns a card reader's fast digits into slow typing).
  useEffect(() => useSession.subscribe((state, prev) => {
    const staff = state.staff;
    if (!staff || staff.id === prev.staff?.id || !can(staff.role, 'doorMode') || state.busyForms > 0) return;
    if (doorModeByClock(localNowOf(now(), timeZone), DEFAULT_RULES.door)) state.setTab('door');
  }), [timeZone, now]);
}
