/**
 * The branch's tablets, for the manager (src/sync/enrol.ts, server/enrolment.ts):
 * each tablet's name, last sync and the staff member last signed in on it;
 * a new one-time enrolment code (and its link) for a new tablet; revoking a
 * lost or retired tablet (confirmed first), after which the server refuses it.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../ui/dialog';
import { msg, tr, type Msg } from '../../ui/msg';
import { enrolFragment, type TabletInfo, type TabletsApi, type TabletsError } from '../../sync/enrol';

function time(ms: number, language: string): string {
  return new Date(ms).toLocaleString(language === 'zh' ? 'zh-CN' : 'en-GB', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function TabletsDialog({ api, branchId, origin, onClose }: { api: TabletsApi; branchId: string; origin: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [tablets, setTablets] = useState<TabletInfo[] | null>(null);
  const [self, setSelf] = useState('');
  const [error, setError] = useState<TabletsError | null>(null);
  const [code, setCode] = useState<{ code: string; expiresAt: number } | null>(null);
  const [confirm, setConfirm] = useState<TabletInfo | null>(null);
  const [done, setDone] = useState<Msg | null>(null);
  const [busy, setBusy] = useState(false);

  /** Bumped to read the list again (after a revocation). */
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    void api.list().then((res) => {
      if (!live) return;
      if (!res.ok) return setError(res.error);
      setError(null);
      setSelf(res.value.self);
      setTablets(res.value.tablets);
    });
    return () => { live = false; };
  }, [api, version]);

  const label = (x: TabletInfo) => x.name || x.deviceId || t('tablets.unnamed');

  async function newCode() {
    setBusy(true);
    const res = await api.createCode();
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setError(null);
    setCode(res.value);
  }

  async function rename(x: TabletInfo, name: string) {
    if (name.trim() === x.name) return;
    setBusy(true);
    const res = await api.rename(x.user, name);
    setBusy(false);
    if (!res.ok) return setError(res.error);
    setVersion((v) => v + 1);
  }

  async function revoke(x: TabletInfo) {
    setBusy(true);
    const res = await api.revoke(x.user);
    setBusy(false);
    setConfirm(null);
    if (!res.ok) return setError(res.error);
    setDone(msg('tablets.revokeDone', { name: label(x) }));
    setVersion((v) => v + 1);
  }

  return (
    <Dialog title={t('tablets.title')} onClose={onClose} wide>
      <p className="hint">{t('tablets.intro')}</p>
      {error && <p className="error" role="alert">{t(`tablets.error.${error}`)}</p>}
      {done && <p className="ok" role="status">{tr(t, done)}</p>}
      {tablets === null && !error && <p>{t('tablets.loading')}</p>}
      {tablets !== null && tablets.length === 0 && <p className="empty">{t('tablets.empty')}</p>}
      {tablets !== null && tablets.length > 0 && (
        <table className="list tablets">
          <thead>
            <tr><th>{t('tablets.name')}</th><th>{t('tablets.lastSync')}</th><th>{t('tablets.staff')}</th><th>{t('tablets.status')}</th><th /></tr>
          </thead>
          <tbody>
            {tablets.map((x) => (
              <tr key={x.user} data-testid={`tablet-${x.user}`}>
                <td>
                  <form onSubmit={(e) => { e.preventDefault(); void rename(x, String(new FormData(e.currentTarget).get('name') ?? '')); }}>
                    <input name="name" defaultValue={x.name} maxLength={32} placeholder={t('tablets.unnamed')}
                      aria-label={t('tablets.nameOf', { device: x.deviceId })} disabled={busy || x.revokedAt > 0} />
                    {!x.revokedAt && <button type="submit" disabled={busy}>{t('tablets.rename')}</button>}
                  </form>
                  <div className="hint">{x.deviceId}{x.user === self && ` · ${t('tablets.self')}`}</div>
                </td>
                <td>{x.lastSyncAt ? time(x.lastSyncAt, i18n.language) : t('tablets.never')}</td>
                <td>{x.staffName || '—'}</td>
                <td>{x.revokedAt ? t('tablets.revoked', { time: time(x.revokedAt, i18n.language) }) : t('tablets.active')}</td>
                <td>
                  {!x.revokedAt && x.user !== self && (
                    <button type="button" className="danger" disabled={busy} onClick={() => { setDone(null); setConfirm(x); }}>{t('tablets.revoke')}</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirm && (
        <div className="confirm" role="alertdialog" aria-label={t('tablets.revoke')}>
          <p className="warn">{t('tablets.revokeConfirm', { name: label(confirm) })}</p>
          <button type="button" className="danger" disabled={busy} onClick={() => void revoke(confirm)}>{t('tablets.revokeYes')}</button>
          <button type="button" onClick={() => setConfirm(null)}>{t('common.cancel')}</button>
        </div>
      )}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={() => void newCode()}>{t('tablets.newCode')}</button>
      </div>
      {code && (
        <div className="enrol-code" role="status">
          <p>{t('tablets.code', { code: code.code, time: time(code.expiresAt, i18n.language) })}</p>
          <p>{t('tablets.link')}: <code>{`${origin.replace(/\/+$/, '')}/${enrolFragment({ branchId, code: code.code })}`}</code></p>
        </div>
      )}
    </Dialog>
  );
}
