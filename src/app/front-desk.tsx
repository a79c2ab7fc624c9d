import { useEffect, useMemo, useState } from 'react';
import { DeviceNamesProvider } from '../ui/device-names';
import { I18nextProvider } from 'react-i18next';
import { useTranslation } from 'react-i18next';
import { localDateOf } from '../domain/dates';
import { can } from '../domain/staff';
import { branch$ } from '../data/queries';
import { useCommandContext, useLive } from '../data/react';
import { createDeskI18n, loadLanguage } from '../i18n/desk';
import { useSession } from '../session/store';
import { ArrivalsScreen } from '../features/arrivals/arrivals-screen';
import { SwipeOverlay } from '../features/card-swipe/swipe-overlay';
import { TopBar } from '../features/shell/top-bar';
import { DayBanner } from '../features/business-day/day-banner';
import { SignInScreen } from '../features/staff/sign-in-screen';
import { Lazy } from '../ui/lazy';
import {
  AuditScreen, BookingsScreen, CheckInDialog, CheckOutDialog, DoorScreen, ExtendDialog, InHouseTab, MembersTab, MoveDialog, ReviewScreen, RoomBoard, WalkInDialog,
} from './screens';
import { useDoorModeAtCutoff } from './door-mode';
import { UpdatePrompt } from '../features/pwa/update-prompt';
import { SettingsButton } from '../features/settings/settings-dialog';
import { TabletsButton } from '../features/tablets/tablets-button';
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
          <Lazy name={t('nav.door')}>
            <DoorScreen businessDate={branch.businessDate} timeZone={branch.timeZone}
              onLeave={() => s.setTab(can(role, 'viewAuditReport') ? 'audit' : 'arrivals')} />
          </Lazy>
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
        {s.tab !== 'arrivals' && (
          // One boundary per tab: a tab whose code failed to load does not stay broken on the others.
          <Lazy key={s.tab} name={t(`nav.${s.tab}`)}>
            {s.tab === 'bookings' && <BookingsScreen businessDate={branch.businessDate} />}
            {s.tab === 'members' && <MembersTab selectedId={s.selectedMemberId} onOpen={s.openMember} today={today} chain={chain} />}
            {s.tab === 'inhouse' && (
              <InHouseTab businessDate={branch.businessDate} onCheckOut={s.openCheckOut} onStayChange={s.openStayChange} canChangeStay={can(role, 'changeStay')} />
            )}
            {s.tab === 'rooms' && can(role, 'reportHousekeeping') && <RoomBoard />}
            {s.tab === 'audit' && can(role, 'viewAuditReport') && <AuditScreen branch={branch} />}
            {/* Everyone sees the review; a clerk's answers go through a manager's PIN in place. */}
            {s.tab === 'review' && <DeviceNamesProvider value={deviceNames}><ReviewScreen /></DeviceNamesProvider>}
          </Lazy>
        )}
      </main>
      {/* Each dialog loads on first use; the screen behind stays while it does. */}
      {s.checkInReservationId && (
        <Lazy>
          <CheckInDialog reservationId={s.checkInReservationId} walkIn={s.checkInWalkIn ?? undefined}
            onClose={() => s.openCheckIn(null)} onDone={() => s.openCheckIn(null)} />
        </Lazy>
      )}
      {s.walkInOpen && <Lazy><WalkInDialog onClose={() => s.setWalkInOpen(false)} onDrafted={s.openWalkInCheckIn} /></Lazy>}
      {s.stayChange?.kind === 'extend' && <Lazy><ExtendDialog reservationId={s.stayChange.reservationId} onClose={() => s.openStayChange(null)} /></Lazy>}
      {s.stayChange?.kind === 'move' && <Lazy><MoveDialog reservationId={s.stayChange.reservationId} onClose={() => s.openStayChange(null)} /></Lazy>}
      {s.checkOutReservationId && <Lazy><CheckOutDialog reservationId={s.checkOutReservationId} onClose={() => s.openCheckOut(null)} /></Lazy>}
      {s.tab !== 'door' && <SwipeOverlay onOpenMember={s.openMember} />}
    </div>
  );
}

export function FrontDesk({ onConnect = notConnectable, tablets, chain }: { onConnect?: Connect; tablets?: TabletsAccess | undefined; chain?: ChainApi | undefined }) {
  const language = useSession((s) => s.language);
  // Chinese is bundled; another language switches in once its texts have loaded (a chunk of its own).
  const i18n = useMemo(() => createDeskI18n('zh'), []);
  useEffect(() => {
    let current = true;
    loadLanguage(i18n, language).then(async () => {
      if (!current) return;
      await i18n.changeLanguage(language);
      document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    }, (err: unknown) => console.warn(`the ${language} texts did not load`, err));
    return () => { current = false; };
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
