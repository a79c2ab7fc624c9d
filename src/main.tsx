import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DbProvider } from './data/react';
import { adoptSetup, boot } from './app/boot';
import { FrontDesk } from './app/front-desk';
import { BootProgress } from './app/boot-progress';
import { registerServiceWorker } from './features/pwa/register';
import { isQuotaError, requestPersistentStorage } from './features/settings/storage';
import { browserCommandContext, deviceId } from './session/command-context';
import { startSync, type SyncHandle } from './sync/replicate';
import { setSyncStatus, useSyncStatus } from './sync/status';
import { tabletsApi } from './sync/enrol';
import { chainApi } from './sync/chain';
import { keepChainBranches, type ChainBranchesKeeper } from './sync/chain-branches';
import { useSession } from './session/store';
import type { SyncSetup } from './data/sync-store';
import { zh } from './i18n/zh';
import './app/styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);

// A first start shows what it is doing (generating and writing the demo branch takes a while).
boot(Date.now(), { hash: location.hash, origin: location.origin, deviceId: deviceId() }, (step) => root.render(<BootProgress step={step} />)).then(
  async ({ db, setup, linkRefused }) => {
    if (linkRefused) setSyncStatus({ linkRefused });
    let sync: SyncHandle | null = null;
    // Offline redemption limits apply only on a tablet that shares its ledger with a server.
    const ctx = browserCommandContext(setup
      ? () => sync?.standing() ?? { kind: 'synced', inStep: false, confirmedAt: 0 }
      : undefined);
    if (setup) sync = await startSync(db, setup, { deviceId: ctx.deviceId, staffId: () => ctx.staffId });

    // The chain's branch list (other branches by name, offline too), read from the directory every hour;
    // first once the server has taken this tablet's credentials (one login attempt at a time: CouchDB's lockout).
    let branchList: ChainBranchesKeeper | null = null;
    let unsubscribe: (() => void) | null = null;
    const keepBranchList = (s: SyncSetup) => {
      const start = (status: { connection: string }) => {
        if (status.connection !== 'online' || branchList) return;
        branchList = keepChainBranches(db, s);
        unsubscribe?.();
      };
      unsubscribe = useSyncStatus.subscribe(start);
      start(useSyncStatus.getState());
    };
    const stopBranchList = () => { unsubscribe?.(); unsubscribe = null; branchList?.stop(); branchList = null; };
    if (setup) keepBranchList(setup);

    /** Set this tablet up for a branch: its local data is replaced by the branch's. */
    async function connect(next: SyncSetup): Promise<void> {
      // Nothing of the old server's is read or written while the data is switched.
      stopBranchList();
      await sync?.stop();
      sync = null;
      const adopted = await adoptSetup(db, next);
      if (!adopted.ok) {
        // Nothing switched: the branch being left keeps its changes (and its sync).
        setSyncStatus({ linkRefused: adopted.error });
        if (setup) {
          sync = await startSync(db, setup, { deviceId: ctx.deviceId, staffId: () => ctx.staffId });
          keepBranchList(setup);
        }
        return;
      }
      location.reload();
    }

    // A member of another branch: the chain directory beside the sync server (/chain/), with this tablet's credentials.
    const chain = setup ? chainApi(setup) : undefined;
    const tablets = setup ? { api: tabletsApi(setup), branchId: setup.branchId, origin: location.origin } : undefined;
    // A tablet of its own (enrolled) tells the enrolment service who is signed in, at each sign-in and after syncs.
    if (tablets && setup?.user.startsWith('tablet-')) {
      let reportedAt = 0;
      let reportedName = '';
      const report = () => {
        const name = useSession.getState().staff?.name ?? '';
        const at = useSyncStatus.getState().lastSyncAt;
        if (!name || (name === reportedName && at - reportedAt < 60_000)) return;
        reportedName = name;
        reportedAt = at;
        void tablets.api.seen(name);
      };
      useSession.subscribe(report);
      useSyncStatus.subscribe(report);
    }

    root.render(
      <StrictMode>
        <DbProvider db={db} ctx={ctx}>
          <FrontDesk onConnect={connect} tablets={tablets} chain={chain} />
        </DbProvider>
      </StrictMode>,
    );
    // Keep the desk's database through storage pressure.
    void requestPersistentStorage();
  },
).catch(async (err: unknown) => {
  // The English texts are a chunk of their own (precached); the Chinese message stands if it cannot load.
  const en = isQuotaError(err) ? await import('./i18n/en').then((m) => m.en, () => null) : null;
  const message = isQuotaError(err)
    ? `${zh.settings.quotaTitle}。${zh.settings.quotaError}${en ? ` / ${en.settings.quotaTitle}. ${en.settings.quotaError}` : ''}`
    : `前台无法启动 / The front desk could not start: ${err instanceof Error ? err.message : String(err)}`;
  root.render(<p className="boot error" role="alert">{message}</p>);
}).finally(() => {
  // Registered even when the start failed: a fixed version can then arrive.
  registerServiceWorker().catch((err: unknown) => console.warn('service worker not registered', err));
});
