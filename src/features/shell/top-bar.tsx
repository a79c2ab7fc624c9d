import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Branch } from '../../domain/model';
import { LANGUAGES } from '../../i18n/desk';
import { useSession, type Tab } from '../../session/store';

import { can, type Action } from '../../domain/staff';
import { branchName } from '../../ui/names';

/**
 * Each tab and what the signed-in role must be allowed to do to see it;
 * `inPlace`: shown to everyone, its actions offered through a manager's PIN.
 */
const TABS: { id: Tab; needs: Action; inPlace?: true }[] = [
  { id: 'arrivals', needs: 'checkIn' },
  { id: 'bookings', needs: 'checkIn' },
  { id: 'members', needs: 'redeem' },
  { id: 'inhouse', needs: 'checkOut' },
  { id: 'rooms', needs: 'reportHousekeeping' },
  { id: 'door', needs: 'doorMode' },
  { id: 'audit', needs: 'viewAuditReport' },
  { id: 'review', needs: 'resolveExceptions', inPlace: true },
];

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => { window.removeEventListener('online', up); window.removeEventListener('offline', down); };
  }, []);
  return online;
}

type Overflow = 'none' | 'start' | 'end' | 'both';

/**
 * The tab row scrolls sideways when it cannot fit (portrait, English): this
 * says which edges have tabs beyond them (for a fade there) and keeps the
 * current tab scrolled into view.
 */
function useTabScroll(tab: Tab) {
  const ref = useRef<HTMLElement>(null);
  const [overflow, setOverflow] = useState<Overflow>('none');
  useLayoutEffect(() => {
    const nav = ref.current;
    if (!nav) return undefined;
    const check = () => {
      const before = nav.scrollLeft > 1;
      const after = nav.scrollLeft + nav.clientWidth < nav.scrollWidth - 1;
      setOverflow(before && after ? 'both' : before ? 'start' : after ? 'end' : 'none');
    };
    check();
    nav.addEventListener('scroll', check, { passive: true });
    window.addEventListener('resize', check);
    const watcher = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(check);
    watcher?.observe(nav);
    return () => { nav.removeEventListener('scroll', check); window.removeEventListener('resize', check); watcher?.disconnect(); };
  }, []);
  useEffect(() => {
    const active = ref.current?.querySelector<HTMLElement>('[aria-current="page"]');
    if (active && typeof active.scrollIntoView === 'function') active.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [tab]);
  return [ref, overflow] as const;
}

/**
 * The ☰ button and its panel of secondary items. The panel stays mounted
 * while closed (only hidden), so a dialog an item opened outlives the
 * menu closing; such dialogs render in a portal to stay visible. Escape
 * or a press outside closes it; choosing an item closes it too.
 */
function TopMenu({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrap = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return undefined;
    const outside = (e: PointerEvent | MouseEvent) => {
      if (e.target instanceof Node && wrap.current?.contains(e.target)) return;
      setOpen(false);
    };
    const escape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      toggle.current?.focus();
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', escape);
    return () => { document.removeEventListener('pointerdown', outside); document.removeEventListener('keydown', escape); };
  }, [open]);
  return (
    <div className="topmenu" ref={wrap}>
      <button ref={toggle} type="button" className="icon topmenu-toggle" aria-expanded={open} aria-controls={panelId}
        aria-label={t('shell.menu')} onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true">☰</span>
      </button>
      <div id={panelId} className="topmenu-panel" hidden={!open}
        onClick={(e) => {
          if (e.target instanceof Element && e.currentTarget.contains(e.target) && e.target.closest('button')) setOpen(false);
        }}>
        {children}
      </div>
    </div>
  );
}

/**
 * One row: the brand (where it fits), the tabs, the network status,
 * `actions` (kept in view: the sync badge), then the ☰ menu with the branch
 * and who is on shift, the language switch, `menu` (tablets, settings) and
 * the shift change. The branch's name and business date show in the day
 * banner under the bar (features/business-day), in portrait too.
 */
export function TopBar({ branch, actions, menu }: { branch: Branch; actions?: ReactNode; menu?: ReactNode }) {
  const { t } = useTranslation();
  const tab = useSession((s) => s.tab);
  const setTab = useSession((s) => s.setTab);
  const language = useSession((s) => s.language);
  const setLanguage = useSession((s) => s.setLanguage);
  const staff = useSession((s) => s.staff);
  const signOut = useSession((s) => s.signOut);
  const online = useOnline();
  const [navRef, overflow] = useTabScroll(tab);
  return (
    <header className="topbar">
      {/* The brand where it fits whole (it drops out, not cut, when the tabs need the room: styles.css). */}
      <div className="brand-slot"><div className="brand">{t('app.name')}</div></div>
      <nav aria-label={t('app.nav')} ref={navRef} data-overflow={overflow}>
        {TABS.filter((x) => staff && (x.inPlace || can(staff.role, x.needs))).map(({ id }) => (
          <button key={id} type="button" className={tab === id ? 'tab active' : 'tab'} aria-current={tab === id ? 'page' : undefined} onClick={() => setTab(id)}>
            {t(`nav.${id}`)}
          </button>
        ))}
      </nav>
      <span className={online ? 'net online' : 'net offline'} role="status">{online ? t('app.online') : t('app.offline')}</span>
      {actions}
      <TopMenu>
        <p className="who">{branchName(branch, language)} · {t('app.businessDate')} {branch.businessDate}</p>
        {staff && <p className="who">{t('shell.signedIn', { name: staff.name, role: t(`role.${staff.role}`) })}</p>}
        <div className="lang" role="group" aria-label={t('app.language')}>
          {LANGUAGES.map((l) => (
            <button key={l} type="button" aria-pressed={language === l} className={language === l ? 'active' : ''} onClick={() => setLanguage(l)}>
              {l === 'zh' ? '中文' : 'EN'}
            </button>
          ))}
        </div>
        {menu}
        {staff && <button type="button" onClick={signOut}>{t('staff.signOut')}</button>}
      </TopMenu>
    </header>
  );
}
