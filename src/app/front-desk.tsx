import { useEffect, useMemo, useState } from 'react';
import { DeviceNamesProvider } from '../ui/device-names';
import { I18nextProvider } from 'react-i18next';
import { useTranslation } from 'react-i18next';
import { localDateOf } from '../domain/dates';
import { can } from '../domain/staff';
import { branch$ } from '../data/queries';
import { useCommandContext, useLive } from '../data/react';
import { createI18n } from '../i18n';
import { useSession } from '../session/store';
import { ArrivalsScreen } from '../features/arrivals/arrivals-screen';
import { BookingsScreen } from '../features/bookings/bookings-screen';
import { MemberSearch } from '../features/members/member-search';
import { MemberProfile } from '../features/members/member-profile';
import { CheckInDialog } from '../features/checkin/checkin-dialog';
import { WalkInDialog } from '../features/checkin/walkin-dialog';
import { InHouseScreen } from '../features/checkout/inhouse-screen';
import { CheckOutDialog } from '../features/checkout/checkout-dialog';
import { RoomBoard } from '../features/rooms/room-board';
import { ExtendDialog } from '../features/stay/extend-dialog';
import { MoveDialog } from '../features/stay/move-dialog';
import { StayActions } from '../features/stay/stay-actions';
import { RedeemPanel } from '../features/redeem/redeem-panel';
import { FeedbackPanel } from '../features/feedback/feedback-panel';
import { SwipeOverlay } from '../features/card-swipe/swipe-overlay';
import { TopBar } from '../features/shell/top-bar';
import { DayBanner } from '../features/business-day/day-banner';
import { SignInScreen } from '../features/staff/sign-in-screen';
import { DoorScreen } from '../features/door/door-screen';
import { AuditScreen } from '../features/audit/audit-screen';
import { ReviewScreen } from '../features/review/review-screen';
import { useDoorModeAtCutoff } from './door-mode';
import { UpdatePrompt } from '../features/pwa/update-prompt';
import { SettingsButton } from '../features/settings/settings-dialog';
import { TabletsButton } from '../features/tablets/tablets-dialog';
import { StaffButton } from '../features/staff/staff-dialog';
import type { TabletsApi } from '../sync/enrol';
import type { ChainApi } from '../sync/chain';
import { QuotaAlert } from '../features/settings/quota-alert';
import { DownloadScreen, SetupLinkNotice, SyncBadge } from '../features/sync/sync-status';
import { useSyncStatus } from '../sync/status';
import type { SyncSetup } from '../data/sync-store';

type Connect = (setup: SyncSetup) => Promise<void>;
/** A synced tablet's access to the enrolment service (the manager's tablets dialog). */
export interface TabletsAccess { api: TabletsApi; branchId: string; origin: string }
const notConnectable: Connect = () => Promise.reject(new Error('This build cannot set up sync.'));

/** The branch's names for its tablets (前台1, 门禁), read from the enrolment service while `wanted`. */
function useTabletNames(tablets: TabletsAccess | undefined, wanted: boolean): Readonly<Record<string, string>> {
  const [names, setNames] = useState<Readonly<Record<string, string>>>({});
  useEffect(() => {
    if (!tablets || !wanted) return;
    let live = true;
    void tablets.api.list().then((res) => {
      if (live && res.ok) setNames(Object.fromEntries(res.value.tablets.filter((x) => x.name).map((x) => [x.deviceId, x.name])));
    });
    return () => { live = false; };
  }, [tablets, wanted]);
  return names;
}

/** Composes the features into the front desk. Features never import each other. */
function Desk({ onConnect, tablets, chain }: { onConnect: Connect; tablets?: TabletsAccess | undefined; chain?: ChainApi | undefined }) {
  const { t } = useTranslation();
  const ctx = useCommandContext();
  const live = useLive(branch$, 'branch');
  const s = useSession();
  const deviceNames = useTabletNames(tablets, s.tab === 'review');
  const branchValue = live.status === 'ready' ? live.value : null;
  const syncing = useSyncStatus((x) => x.connection !== 'standalone');
  // A new tablet's first download runs to the end before anyone signs in: half a branch is not a desk.
  const downloading = useSyncStatus((x) => x.connection !== 'standalone' && x.initialDownload);
  useDoorModeAtCutoff(branchValue?.timeZone ?? 'Asia/Shanghai', ctx.now);
  if (live.status === 'loading') return <p className="boot">{t('common.loading')}</p>;
  if (live.status === 'ready' && ((!branchValue && syncing) || downloading)) return <DownloadScreen onConnect={onConnect} />;
  if (live.status === 'error' || !branchValue) return <p className="boot error">{t('app.noBranch')}</p>;
  const branch = branchValue;
  const today = localDateOf(ctx.now(), branch.timeZone);
  if (!s.staff) return <SignInScreen branchId={branch.id} />;
  const role = s.staff.role;

  // Door mode faces the street: the door screen alone, no top bar; leaving it takes the auditor's PIN.
  if (s.tab === 'door' && can(role, 'doorMode')) {
    return (
      <div className="app door-mode">
        <main>
          <DoorScreen businessDate={branch.businessDate} timeZone={branch.timeZone}
            onLeave={() => s.setTab(can(role, 'viewAuditReport') ? 'audit' : 'arrivals')} />
        </main>
      </div>
    );
  }

  return (
    <div className="app">
      <TopBar branch={branch} actions={<SyncBadge onConnect={onConnect} />} menu={<>{can(role, 'manageStaff') && <StaffButton branchId={branch.id} />}{tablets && can(role, 'manageStaff') && <TabletsButton {...tablets} />}<SettingsButton /></>} />
      <DayBanner branch={branch} />
      <main>
        {s.tab === 'arrivals' && (
          <ArrivalsScreen businessDate={branch.businessDate} onCheckIn={s.openCheckIn} onOpenMember={s.openMember} onWalkIn={() => s.setWalkInOpen(true)} />
        )}
        {s.tab === 'bookings' && <BookingsScreen businessDate={branch.businessDate} />}
        {s.tab === 'members' && (
          <div className="members-layout">
            <MemberSearch onOpen={s.openMember} selectedId={s.selectedMemberId} chain={chain} />
            {s.selectedMemberId
              ? <MemberProfile key={s.selectedMemberId} memberId={s.selectedMemberId} today={today} onOpenMember={s.openMember}
                  actions={<RedeemPanel memberId={s.selectedMemberId} />}
                  aside={<FeedbackPanel memberId={s.selectedMemberId} />} />
              : <p className="empty">{t('members.pick')}</p>}
          </div>
        )}
        {s.tab === 'inhouse' && (
          <InHouseScreen businessDate={branch.businessDate} onCheckOut={s.openCheckOut}
            stayActions={can(role, 'changeStay') ? (r) => <StayActions reservation={r} onOpen={s.openStayChange} /> : undefined} />
        )}
        {s.tab === 'rooms' && can(role, 'reportHousekeeping') && <RoomBoard />}

        {s.tab === 'audit' && can(role, 'viewAuditReport') && <AuditScreen branch={branch} />}
        {/* Everyone sees the review; a clerk's answers go through a manager's PIN in place. */}
        {s.tab === 'review' && <DeviceNamesProvider value={deviceNames}><ReviewScreen /></DeviceNamesProvider>}
      </main>
      {s.checkInReservationId && (
        <CheckInDialog reservationId={s.checkInReservationId} walkIn={s.checkInWalkIn ?? undefined}
          onClose={() => s.openCheckIn(null)} onDone={() => s.openCheckIn(null)} />
      )}
      {s.walkInOpen && (
        <WalkInDialog onClose={() => s.setWalkInOpen(false)} onDrafted={s.openWalkInCheckIn} />
      )}
      {s.stayChange?.kind === 'extend' && <ExtendDialog reservationId={s.stayChange.reservationId} onClose={() => s.openStayChange(null)} />}
      {s.stayChange?.kind === 'move' && <MoveDialog reservationId={s.stayChange.reservationId} onClose={() => s.openStayChange(null)} />}
      {s.checkOutReservationId && <CheckOutDialog reservationId={s.checkOutReservationId} onClose={() => s.openCheckOut(null)} />}
      {s.tab !== 'door' && <SwipeOverlay onOpenMember={s.openMember} />}
    </div>
  );
}

export function FrontDesk({ onConnect = notConnectable, tablets, chain }: { onConnect?: Connect; tablets?: TabletsAccess | undefined; chain?: ChainApi | undefined }) {
  const language = useSession((s) => s.language);
  const i18n = useMemo(() => createI18n(language), []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    void i18n.changeLanguage(language);
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [i18n, language]);
  return (
    <I18nextProvider i18n={i18n}>
      <Desk onConnect={onConnect} tablets={tablets} chain={chain} />
      <UpdatePrompt />
      <QuotaAlert />
      <SetupLinkNotice />
    </I18nextProvider>
  );
}
