/** The 在住 / 退房 tab: guests in house, check-out, and 续住 / 换房 where the role may. Loaded on first use (see src/ui/lazy.tsx). */
import type { IsoDate } from '../domain/model';
import { InHouseScreen } from '../features/checkout/inhouse-screen';
import { StayActions } from '../features/stay/stay-actions';

export function InHouseTab({ businessDate, onCheckOut, onStayChange, canChangeStay }: {
  businessDate: IsoDate;
  onCheckOut: (reservationId: string) => void;
  onStayChange: (change: { kind: 'extend' | 'move'; reservationId: string }) => void;
  canChangeStay: boolean;
}) {
  return (
    <InHouseScreen businessDate={businessDate} onCheckOut={onCheckOut}
      stayActions={canChangeStay ? (r) => <StayActions reservation={r} onOpen={onStayChange} /> : undefined} />
  );
}
