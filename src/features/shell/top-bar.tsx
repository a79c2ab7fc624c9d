import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Branch } from '../../domain/model';
import { LANGUAGES } from '../../i18n';
import { useSession, type Tab } from '../../session/store';

import { can, type Action } from '../../domain/staff';

/** Each tab and what the signed-in role must be allowed to do to see it. */
const TABS: { id: Tab; needs: Action }[] = [
  { id: 'arrivals', needs: 'checkIn' },
  { id: 'bookings', needs: 'checkIn' },
  { id: 'members', needs: 'redeem' },
  { id: 'inhouse', needs: 'checkOut' },
  { id: 'rooms', needs: 'reportHousekeeping' },
  { id: 'door', needs: 'doorMode' },
  { id: 'audit', needs: 'viewAuditReport' },
  { id: 'review', needs: 'resolveExceptions' },
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

/** `actions` is a slot the app fills with other features (settings). */
export function TopBar({ branch, actions }: { branch: Branch; actions?: ReactNode }) {
  const { t } = useTranslation();
  const tab = useSession((s) => s.tab);
  const setTab = useSession((s) => s.setTab);
  const language = useSession((s) => s.language);
  const setLanguage = useSession((s) => s.setLanguage);
  const staff = useSession((s) => s.staff);
  const signOut = useSession((s) => s.signOut);
  const online = useOnline();
  return (
    <header className="topbar">
      <div className="brand">{t('app.name')}</div>
      <div className="branch">{branch.name} · {t('app.businessDate')} {branch.businessDate}</div>
      <nav aria-label={t('app.nav')}>
        {TABS.filter((x) => staff && can(staff.role, x.needs)).map(({ id }) => (
          <button key={id} type="button" className={tab === id ? 'tab active' : 'tab'} aria-current={tab === id ? 'page' : undefined} onClick={() => setTab(id)}>
            {t(`nav.${id}`)}
          </button>
        ))}
      </nav>
      <span className={online ? 'net online' : 'net offline'} role="status">{online ? t('app.online') : t('app.offline')}</span>
      <div className="lang" role="group" aria-label={t('app.language')}>
        {LANGUAGES.map((l) => (
          <button key={l} type="button" aria-pressed={language === l} className={language === l ? 'active' : ''} onClick={() => setLanguage(l)}>
            {l === 'zh' ? '中文' : 'EN'}
          </button>
        ))}
      </div>
      {actions}
      {staff && (
        <div className="who">
          <span>{staff.name} · {t(`role.${staff.role}`)}</span>
          <button type="button" onClick={signOut}>{t('staff.signOut')}</button>
        </div>
      )}
    </header>
  );
}
