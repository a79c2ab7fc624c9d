/**
 * The desk's screens and dialogs that load on first use (React.lazy; see
 * src/ui/lazy.tsx for why and how). Today's arrivals, the sign-in screen, the top
 * bar and the card-swipe overlay stay in the first chunk.
 */
import { lazy } from 'react';

export const BookingsScreen = lazy(() => import('../features/bookings/bookings-screen').then((m) => ({ default: m.BookingsScreen })));
export const MembersTab = lazy(() => import('./members-tab').then((m) => ({ default: m.MembersTab })));
export const InHouseTab = lazy(() => import('./inhouse-tab').then((m) => ({ default: m.InHouseTab })));
export const RoomBoard = lazy(() => import('../features/rooms/room-board').then((m) => ({ default: m.RoomBoard })));
export const DoorScreen = lazy(() => import('../features/door/door-screen').then((m) => ({ default: m.DoorScreen })));
export const AuditScreen = lazy(() => import('../features/audit/audit-screen').then((m) => ({ default: m.AuditScreen })));
export const ReviewScreen = lazy(() => import('../features/review/review-screen').then((m) => ({ default: m.ReviewScreen })));

export const CheckInDialog = lazy(() => import('../features/checkin/checkin-dialog').then((m) => ({ default: m.CheckInDialog })));
export const WalkInDialog = lazy(() => import('../features/checkin/walkin-dialog').then((m) => ({ default: m.WalkInDialog })));
export const CheckOutDialog = lazy(() => import('../features/checkout/checkout-dialog').then((m) => ({ default: m.CheckOutDialog })));
export const ExtendDialog = lazy(() => import('../features/stay/extend-dialog').then((m) => ({ default: m.ExtendDialog })));
export const MoveDialog = lazy(() => import('../features/stay/move-dialog').then((m) => ({ default: m.MoveDialog })));
