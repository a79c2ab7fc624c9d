import { useEffect } from 'react';
import { isDoorModeTime } from '../domain/door';
import { localTimeOf } from '../domain/dates';
import { can } from '../domain/staff';
import { useSession } from '../session/store';

/**
 * At the cut-off (23:00 by default) a tablet signed in by someone who may
 * keep the door switches itself to door mode, unless a form is open.
 */
export function useDoorModeAtCutoff(timeZone: string, now: () => number): void {
  useEffect(() => {
    let wasDoorTime = false;
    const check = () => {
      const s = useSession.getState();
      const doorTime = isDoorModeTime(localTimeOf(now(), timeZone));
      if (doorTime && !wasDoorTime && s.staff && can(s.staff.role, 'doorMode') && s.busyForms === 0) s.setTab('door');
      wasDoorTime = doorTime;
    };
    check();
    const timer = setInterval(check, 30_000);
    return () => clearInterval(timer);
  }, [timeZone, now]);
}
