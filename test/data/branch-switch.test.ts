/**
 * Issue #12 item 5: the local database is named per branch, and switching a
 * tablet to another branch never mixes the two branches' data nor drops the
 * changes the branch being left has not uploaded yet.
 */
import { describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { openFrontDeskDb, type FrontDeskDatabase } from '../../src/data/database';
import { loadBranch } from '../../src/data/seed';
import { readSyncSetup, saveSyncMarks, saveSyncSetup, waitingToUpload, type SyncSetup } from '../../src/data/sync-store';
import { REPLICATED_NAMES } from '../../src/data/replicated';
import { adoptSetup, boot, branchDbName, DEMO_DB_NAME, LEGACY_DB_NAME, type TabletEnv } from '../../src/app/boot';
import { entry, NOW, smallBranch } from '../support/fixtures';

/** One tablet: its databases in its own memory storage (kept across close and reopen) and its "current" pointer. */
function tablet(legacy = false): TabletEnv & { pointer: string | null } {
  const storage = wrappedValidateAjvStorage({ storage: getRxStorageMemory() });
  const env = {
    pointer: null as string | null,
    open: (name: string) => openFrontDeskDb({ name, storage }),
    current: () => env.pointer,
    setCurrent: (name: string) => { env.pointer = name; },
    legacyExists: () => Promise.resolve(legacy),
  };
  return env;
}

const appName = (db: FrontDeskDatabase) => db.name;

function setupFor(branchId: string, password = 'pw'): SyncSetup {
  return { server: 'http://127.0.0.1:5984/', branchId, user: `branch-${branchId}`, password, setUpAt: NOW };
}

/** Every replicated collection in step with the server as of now. */
async function allSynced(db: FrontDeskDatabase): Promise<void> {
  await new Promise((r) => setTimeout(r, 5)); // past the last write's time
  const t = Date.now();
  await saveSyncMarks(db, Object.fromEntries(REPLICATED_NAMES.map((n) => [n, t])));
  await new Promise((r) => setTimeout(r, 5));
}

/** A tablet of branch `id`, downloaded and in step. (Memory storage is shared by name within the process: each test its own branch ids.) */
async function branchA(env: TabletEnv, id = 'gz-a'): Promise<FrontDeskDatabase> {
  const db = await env.open(branchDbName(id));
  await loadBranch(db, smallBranch());
  await saveSyncSetup(db, setupFor(id));
  env.setCurrent(db.name);
  await allSynced(db);
  return db;
}

describe('one local database per branch', () => {
  it('names the database after the branch, the demo after nothing, and keeps a pre-existing one', async () => {
    expect(branchDbName('sz-futian')).toBe('qiantai-branch-sz-futian');
    expect(DEMO_DB_NAME).not.toContain('beijinglu');

    const old = tablet(true);
    const a = await branchA(old);
    await a.close();
    old.pointer = null;
    // Created before names were per branch: that database stays this tablet's.
    const legacy = await old.open(LEGACY_DB_NAME);
    await saveSyncSetup(legacy, setupFor('gz-a'));
    await legacy.close();
    const booted = await boot(NOW, null, undefined, old);
    expect(appName(booted.db)).toBe(LEGACY_DB_NAME);
    expect(old.pointer).toBe(LEGACY_DB_NAME);
    await booted.db.close();
  });

  it('refuses to leave a branch with changes waiting to upload, and keeps them', async () => {
    const env = tablet();
    const a = await branchA(env, 'gz-r');
    await a.ledger.insert(entry({ id: 'unsynced-line', memberId: 'M1', points: 120, createdAt: NOW }));
    expect(await waitingToUpload(a)).toBe(1);

    const refused = await adoptSetup(a, setupFor('gz-r2'), env);
    expect(refused).toEqual({ ok: false, error: 'unsynced', branchId: 'gz-r', waiting: 1 });
    // Nothing moved: still branch A, its line and its setup in place.
    expect(env.pointer).toBe(branchDbName('gz-r'));
    expect(await a.ledger.findOne('unsynced-line').exec()).not.toBeNull();
    expect((await readSyncSetup(a))?.branchId).toBe('gz-r');
    await a.close();
  });

  it('switches a synced tablet to another branch without mixing, and the branch left keeps its data', async () => {
    const env = tablet();
    const a = await branchA(env, 'gz-s');
    await a.ledger.insert(entry({ id: 'a-line', memberId: 'M1', points: 120, createdAt: NOW }));
    await allSynced(a); // the server has it now
    const aMembers = await a.members.count().exec();
    expect(aMembers).toBeGreaterThan(0);

    const adopted = await adoptSetup(a, setupFor('gz-t'), env);
    if (!adopted.ok) throw new Error(`refused: ${JSON.stringify(adopted)}`);
    const b = adopted.db;
    expect(appName(b)).toBe(branchDbName('gz-t'));
    expect(env.pointer).toBe(branchDbName('gz-t'));
    expect((await readSyncSetup(b))?.branchId).toBe('gz-t');
    for (const c of REPLICATED_NAMES) expect(await b.collections[c].count().exec(), c).toBe(0);

    // The next start opens branch B, with nothing of A.
    await b.close();
    const booted = await boot(NOW, null, undefined, env);
    expect(appName(booted.db)).toBe(branchDbName('gz-t'));
    expect(await booted.db.ledger.findOne('a-line').exec()).toBeNull();
    expect(booted.setup?.branchId).toBe('gz-t');

    // Back to A: its own database, as it was left.
    const back = await adoptSetup(booted.db, setupFor('gz-s', 'new-password'), env);
    if (!back.ok) throw new Error('refused');
    expect(appName(back.db)).toBe(branchDbName('gz-s'));
    expect(await back.db.ledger.findOne('a-line').exec()).not.toBeNull();
    expect(await back.db.members.count().exec()).toBe(aMembers);
    expect((await readSyncSetup(back.db))?.password).toBe('new-password');
    await back.db.close();
  });

  it('a stand-alone demo set up for a branch leaves the demo in its own database', async () => {
    const env = tablet();
    const demo = await env.open(DEMO_DB_NAME);
    env.setCurrent(demo.name);
    await loadBranch(demo, smallBranch());
    await demo.ledger.insert(entry({ id: 'demo-line', memberId: 'M1', points: 5, createdAt: NOW }));

    const adopted = await adoptSetup(demo, setupFor('gz-u'), env);
    if (!adopted.ok) throw new Error('refused');
    expect(appName(adopted.db)).toBe(branchDbName('gz-u'));
    for (const c of REPLICATED_NAMES) expect(await adopted.db.collections[c].count().exec(), c).toBe(0);
    await adopted.db.close();
    const again = await env.open(DEMO_DB_NAME);
    expect(await again.ledger.findOne('demo-line').exec()).not.toBeNull();
    await again.close();
  });
});
