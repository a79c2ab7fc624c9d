/**
 * What the desk shows about sync: a badge in the top bar (online or
 * offline, last sync, changes waiting, errors in plain words) that opens
 * the sync dialog; the dialog also sets a stand-alone tablet up for its
 * branch.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Dialog } from '../../ui/dialog';
import { useSyncStatus, type SyncStatus } from '../../sync/status';
import { setupFrom, verifySetup, type SetupError } from '../../sync/setup';
import { setSyncStatus } from '../../sync/status';
import type { SyncSetup } from '../../data/sync-store';

function time(ms: number, language: string): string {
  return new Date(ms).toLocaleTimeString(language === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
}

type Tone = 'ok' | 'warn' | 'bad' | 'idle';

/** The browser says the tablet has a network (it cannot say whether the server answers). */
function browserOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

/** The connection in words: "offline" with the network up is the server not answering. */
function connectionText(s: SyncStatus, t: TFunction): string {
  return s.connection === 'offline' && browserOnline() ? t('sync.unreachable') : t(`sync.connection.${s.connection}`);
}

function summary(s: SyncStatus, t: TFunction, lang: string): { text: string; tone: Tone } {
  if (s.connection === 'standalone') return { text: t('sync.standalone'), tone: 'idle' };
  if (s.connection === 'unauthorized') return { text: t('sync.badge.unauthorized'), tone: 'bad' };
  const waiting = s.pending > 0 ? t('sync.badge.waiting', { count: s.pending }) : '';
  if (s.initialDownload) return { text: t('sync.badge.downloading', { count: s.downloaded }), tone: 'warn' };
  if (s.connection === 'offline' || s.connection === 'connecting' || s.connection === 'error') {
    const last = s.lastSyncAt ? t('sync.badge.lastSync', { time: time(s.lastSyncAt, lang) }) : t('sync.badge.neverSynced');
    // Offline with the network up (the top bar says the tablet's network is on): the server is what is missing.
    return { text: [connectionText(s, t), waiting, last].filter(Boolean).join(' · '), tone: s.connection === 'error' ? 'bad' : 'warn' };
  }
  if (s.pending > 0) return { text: `${t('sync.connection.online')} · ${waiting}`, tone: 'warn' };
  return { text: `${t('sync.connection.online')} · ${t('sync.badge.synced', { time: time(s.lastSyncAt || Date.now(), lang) })}`, tone: 'ok' };
}

export function SyncBadge({ onConnect }: { onConnect: (setup: SyncSetup) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const status = useSyncStatus();
  const [open, setOpen] = useState(false);
  const { text, tone } = summary(status, t, i18n.language);
  return (
    <>
      <button type="button" className={`sync-badge ${tone}`} data-testid="sync-badge" data-connection={status.connection}
        data-pending={status.pending} onClick={() => setOpen(true)} aria-label={`${t('sync.title')}: ${text}`}>
        <span aria-hidden="true" className="dot" /> {text}
      </button>
      {open && <SyncDialog onClose={() => setOpen(false)} onConnect={onConnect} />}
    </>
  );
}

export function SyncDialog({ onClose, onConnect }: { onClose: () => void; onConnect: (setup: SyncSetup) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const s = useSyncStatus();
  return (
    <Dialog title={t('sync.title')} onClose={onClose}>
      {s.connection === 'unauthorized' && <ReauthForm onConnect={onConnect} />}
      {s.connection === 'standalone' ? <SetupForm onConnect={onConnect} /> : (
        <dl className="facts">
          <dt>{t('sync.branch')}</dt><dd>{s.branchId}</dd>
          <dt>{t('sync.state')}</dt><dd data-testid="sync-connection">{connectionText(s, t)}</dd>
          <dt>{t('sync.lastSync')}</dt><dd>{s.lastSyncAt ? new Date(s.lastSyncAt).toLocaleString(i18n.language === 'zh' ? 'zh-CN' : 'en-GB') : t('sync.badge.neverSynced')}</dd>
          <dt>{t('sync.pending')}</dt><dd data-testid="sync-pending">{t('sync.pendingCount', { count: s.pending })}</dd>
          {s.error && (<><dt>{t('sync.lastError')}</dt><dd role="alert">{t(`sync.error.${s.error.code}`)} <span className="hint">({time(s.error.at, i18n.language)})</span></dd></>)}
        </dl>
      )}
      <footer className="dialog-foot">
        <button type="button" className="primary" onClick={onClose}>{t('common.close')}</button>
      </footer>
    </Dialog>
  );
}

function SetupForm({ onConnect }: { onConnect: (setup: SyncSetup) => Promise<void> }) {
  const { t } = useTranslation();
  const [branchId, setBranchId] = useState('');
  const [password, setPassword] = useState('');
  const [server, setServer] = useState('');
  const [error, setError] = useState<SetupError | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);

  // The fields are checked here (empty ones get a message), then the credentials against the
  // server, and only then is the clerk asked to set the demo data aside: a wrong password never
  // gets as far as that question.
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const made = setupFrom({ branchId, password, ...(server.trim() ? { server } : {}) }, location.origin, Date.now());
    if (!made.ok) return setError(made.error);
    setBusy(true);
    if (!confirm) {
      const checked = await verifySetup(made.setup);
      setBusy(false);
      if (!checked.ok) return setError(checked.error);
      return setConfirm(true);
    }
    try {
      await onConnect(made.setup);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="sync-setup" noValidate>
      <p>{t('sync.setup.intro')}</p>
      <label>{t('sync.setup.branchId')}<input value={branchId} onChange={(e) => { setBranchId(e.target.value); setConfirm(false); }} autoComplete="off" required /></label>
      <label>{t('sync.setup.password')}<input type="password" value={password} onChange={(e) => { setPassword(e.target.value); setConfirm(false); }} autoComplete="off" required /></label>
      <label>{t('sync.setup.server')}<input value={server} placeholder={`${location.origin}/db/`} onChange={(e) => { setServer(e.target.value); setConfirm(false); }} autoComplete="off" /></label>
      {error && <p className="error" role="alert">{t(`sync.setup.error.${error}`)}</p>}
      {confirm && !error && <p className="warn" role="alert">{t('sync.setup.replaceWarning')}</p>}
      <button type="submit" className="primary" disabled={busy}>{busy ? t('sync.setup.checking') : confirm ? t('sync.setup.confirm') : t('sync.setup.connect')}</button>
    </form>
  );
}

/**
 * The server refused the tablet's stored password (401): sync has stopped.
 * The new password is checked against the server before it is kept; the
 * branch and server stay, and so does this tablet's data.
 */
export function ReauthForm({ onConnect }: { onConnect: (setup: SyncSetup) => Promise<void> }) {
  const { t } = useTranslation();
  const s = useSyncStatus();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<SetupError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const made = setupFrom({ branchId: s.branchId, password, server: s.server }, location.origin, Date.now());
    if (!made.ok) return setError(made.error);
    setBusy(true);
    const checked = await verifySetup(made.setup);
    if (!checked.ok) { setBusy(false); return setError(checked.error); }
    await onConnect(made.setup);
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="sync-setup" data-testid="sync-reauth" noValidate>
      <p role="alert">{t('sync.reauth.intro')}</p>
      <label>{t('sync.setup.password')}<input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" required /></label>
      {error && <p className="error" role="alert">{t(`sync.setup.error.${error}`)}</p>}
      <button type="submit" className="primary" disabled={busy}>{busy ? t('sync.setup.checking') : t('sync.reauth.submit')}</button>
    </form>
  );
}

/** A setup link the server refused: nothing of it was kept; say so once. */
export function SetupLinkNotice() {
  const { t } = useTranslation();
  const refused = useSyncStatus((x) => x.linkRefused);
  if (!refused) return null;
  return (
    <Dialog title={t('sync.linkRefused.title')} onClose={() => setSyncStatus({ linkRefused: null })}>
      <p role="alert" data-testid="setup-link-refused">{t('sync.linkRefused.body', { reason: t(`sync.setup.error.${refused}`) })}</p>
      <footer className="dialog-foot">
        <button type="button" className="primary" onClick={() => setSyncStatus({ linkRefused: null })}>{t('common.close')}</button>
      </footer>
    </Dialog>
  );
}

/** A tablet set up for a branch, before the branch has arrived. */
export function DownloadScreen({ onConnect }: { onConnect?: (setup: SyncSetup) => Promise<void> }) {
  const { t } = useTranslation();
  const s = useSyncStatus();
  const problem = s.connection === 'offline' || s.connection === 'unauthorized' || s.connection === 'error';
  return (
    <div className="boot download" role="status">
      <h1>{t('sync.download.title', { branch: s.branchId })}</h1>
      <p>{t('sync.download.progress', { count: s.downloaded })}</p>
      {problem && <p className="error" role="alert">{t(`sync.download.problem.${s.connection}`)}</p>}
      {s.connection === 'unauthorized' && onConnect && <ReauthForm onConnect={onConnect} />}
    </div>
  );
}
