/**
 * Provisioning against the real sync server (the embedded pouchdb-server over
 * LevelDB, or the CouchDB 3 FRONTDESK_TEST_COUCH_URL names): idempotence, the branch
 * user's reach, no admin party, loading documents.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { REPLICATED_NAMES, branchUser, serverDbName } from '../../src/data/replicated';
import {
  DESIGN_DOC_ID, branchSecurity, canSignIn, deleteBranch, loadDocs, provisionBranch, type Credentials,
} from '../../server/provision';
import { uniqueBranchId } from '../sync/server';
import { httpClient } from './http';
import { sampleDocs } from './samples';

const couch = inject('couch');
const url = couch.url;
const admin: Credentials = { user: couch.adminUser, password: couch.adminPassword };
const http = httpClient(url);
const userDoc = (branchId: string) => `_users/${encodeURIComponent(`org.couchdb.user:${branchUser(branchId).name}`)}`;

/** Everything provisioning writes, with revisions, to compare two runs. */
async function serverState(branchId: string) {
  const user = await http('GET', userDoc(branchId), { auth: admin });
  const dbs: Record<string, unknown> = {};
  for (const c of REPLICATED_NAMES) {
    const db = serverDbName(branchId, c);
    const security = await http('GET', `${db}/_security`, { auth: admin });
    const design = await http('GET', `${db}/${DESIGN_DOC_ID}`, { auth: admin });
    dbs[db] = { security: security.json, design: design.json };
  }
  return { user: user.json, dbs };
}

describe('provisionBranch', () => {
  const branchId = uniqueBranchId('prov');
  const password = 'first-password';

  it('creates the user, every database, its _security and its validator', async () => {
    const report = await provisionBranch({ url, admin, branchId, branchPassword: password });
    expect(report.user).toEqual({ ...branchUser(branchId), result: 'created' });
    expect(report.databases.map((d) => d.collection)).toEqual(REPLICATED_NAMES);
    for (const d of report.databases) {
      expect(d).toMatchObject({ db: serverDbName(branchId, d.collection), database: 'created', security: 'created', design: 'created' });
    }
    const user = await http('GET', userDoc(branchId), { auth: admin });
    expect(user.json).toMatchObject({ name: branchUser(branchId).name, type: 'user', roles: [branchUser(branchId).role] });
    expect(user.json.password).toBeUndefined();
    for (const c of REPLICATED_NAMES) {
      const db = serverDbName(branchId, c);
      expect((await http('GET', `${db}/_security`, { auth: admin })).json).toEqual(branchSecurity(branchId));
      const design = await http('GET', `${db}/${DESIGN_DOC_ID}`, { auth: admin });
      expect(design.json.validate_doc_update).toMatch(/^function \(newDoc, oldDoc, userCtx, secObj\)/);
      // One shard a branch database on CouchDB 3 (PUT /db?q=1); pouchdb-server has no cluster and takes the PUT as it is.
      const info = (await http('GET', db, { auth: admin })).json as { cluster?: { q: number } };
      if (info.cluster) expect(info.cluster.q).toBe(1);
    }
    expect(await canSignIn({ url, auth: { user: branchUser(branchId).name, password } })).toBe(true);
  });

  it('is idempotent: a second run (with or without the password) changes nothing', async () => {
    const before = await serverState(branchId);
    for (const branchPassword of [password, undefined]) {
      const report = await provisionBranch({ url, admin, branchId, ...(branchPassword ? { branchPassword } : {}) });
      expect(report.user.result).toBe('unchanged');
      for (const d of report.databases) expect(d).toMatchObject({ database: 'unchanged', security: 'unchanged', design: 'unchanged' });
      expect(await serverState(branchId)).toEqual(before);
    }
    expect(await canSignIn({ url, auth: { user: branchUser(branchId).name, password } })).toBe(true);
  });

  it('changes the password when given a new one, and repairs drifted security, roles and validators', async () => {
    const name = branchUser(branchId).name;
    const ledgerDb = serverDbName(branchId, 'ledger');
    // Drift: a role removed, security opened up, the validator replaced.
    const user = await http('GET', userDoc(branchId), { auth: admin });
    expect((await http('PUT', userDoc(branchId), { auth: admin, body: { ...user.json, roles: [] } })).status).toBe(201);
    expect((await http('PUT', `${ledgerDb}/_security`, { auth: admin, body: { members: { names: [], roles: [] } } })).status).toBe(200);
    const design = await http('GET', `${ledgerDb}/${DESIGN_DOC_ID}`, { auth: admin });
    expect((await http('PUT', `${ledgerDb}/${DESIGN_DOC_ID}`, { auth: admin, body: { ...design.json, validate_doc_update: 'function (newDoc) {}' } })).status).toBe(201);

    const report = await provisionBranch({ url, admin, branchId, branchPassword: 'second-password' });
    expect(report.user.result).toBe('updated');
    const ledger = report.databases.find((d) => d.collection === 'ledger');
    expect(ledger).toMatchObject({ database: 'unchanged', security: 'updated', design: 'updated' });
    expect(report.databases.filter((d) => d.collection !== 'ledger').every((d) => d.security === 'unchanged' && d.design === 'unchanged')).toBe(true);

    expect(await canSignIn({ url, auth: { user: name, password: 'second-password' } })).toBe(true);
    expect(await canSignIn({ url, auth: { user: name, password } })).toBe(false);
    expect((await http('GET', userDoc(branchId), { auth: admin })).json.roles).toEqual([branchUser(branchId).role]);
    expect((await http('GET', `${ledgerDb}/_security`, { auth: admin })).json).toEqual(branchSecurity(branchId));
    expect((await http('GET', `${ledgerDb}/${DESIGN_DOC_ID}`, { auth: admin })).json.validate_doc_update).toBe(design.json.validate_doc_update);
  });

  it('needs a password to create a user', async () => {
    await expect(provisionBranch({ url, admin, branchId: uniqueBranchId('nopw') })).rejects.toThrow(/branch password is needed/);
  });

  it('refuses branch ids that cannot be database names', async () => {
    await expect(provisionBranch({ url, admin, branchId: 'GZ_Bad', branchPassword: 'x' })).rejects.toThrow(/not usable/);
  });

  it('fails with the server\'s answer when the admin credentials are wrong', async () => {
    await expect(provisionBranch({ url, admin: { user: admin.user, password: 'wrong' }, branchId, branchPassword: 'x' })).rejects.toThrow(/401/);
  });

  it('deleteBranch removes the databases and the user; provisioning again starts over', async () => {
    const gone = uniqueBranchId('gone');
    await provisionBranch({ url, admin, branchId: gone, branchPassword: 'p' });
    const result = await deleteBranch({ url, admin, branchId: gone });
    expect(result.deletedDbs).toHaveLength(REPLICATED_NAMES.length);
    expect(result.userDeleted).toBe(true);
    expect((await http('GET', serverDbName(gone, 'ledger'), { auth: admin })).status).toBe(404);
    expect(await canSignIn({ url, auth: { user: branchUser(gone).name, password: 'p' } })).toBe(false);
    expect(await deleteBranch({ url, admin, branchId: gone })).toEqual({ deletedDbs: [], userDeleted: false });
    const again = await provisionBranch({ url, admin, branchId: gone, branchPassword: 'p2' });
    expect(again.user.result).toBe('created');
    expect(again.databases.every((d) => d.database === 'created')).toBe(true);
    await deleteBranch({ url, admin, branchId: gone });
  });
});

describe('who can reach what', () => {
  const a = uniqueBranchId('a');
  const b = uniqueBranchId('b');
  const userA: Credentials = { user: branchUser(a).name, password: 'pass-a' };
  const userB: Credentials = { user: branchUser(b).name, password: 'pass-b' };

  beforeAll(async () => {
    await provisionBranch({ url, admin, branchId: a, branchPassword: userA.password });
    await provisionBranch({ url, admin, branchId: b, branchPassword: userB.password });
  });

  it('a branch user reads and writes its own databases', async () => {
    const db = serverDbName(a, 'reservations');
    expect((await http('GET', db, { auth: userA })).status).toBe(200);
    const doc = { ...sampleDocs(a).reservations };
    const { id, ...body } = doc;
    const put = await http('PUT', `${db}/${id}`, { auth: userA, body });
    expect(put.status).toBe(201);
    const read = await http('GET', `${db}/${id}`, { auth: userA });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ _id: id, guestName: '张伟', branchId: a });
    const changes = await http('GET', `${db}/_changes?include_docs=true&since=0`, { auth: userA });
    expect(changes.status).toBe(200);
    expect((changes.json.results as Array<{ id: string }>).map((r) => r.id)).toContain(id);
  });

  it('a branch user is refused on another branch\'s databases (401/403)', async () => {
    for (const c of REPLICATED_NAMES) {
      const db = serverDbName(b, c);
      expect([401, 403]).toContain((await http('GET', db, { auth: userA })).status);
      expect([401, 403]).toContain((await http('GET', `${db}/_all_docs`, { auth: userA })).status);
      expect([401, 403]).toContain((await http('GET', `${db}/_changes`, { auth: userA })).status);
    }
    const doc = sampleDocs(b).reservations;
    const { id, ...body } = doc;
    expect([401, 403]).toContain((await http('PUT', `${serverDbName(b, 'reservations')}/${id}`, { auth: userA, body })).status);
    expect([401, 403]).toContain((await http('POST', `${serverDbName(b, 'reservations')}/_bulk_docs`, { auth: userA, body: { docs: [{ _id: id, ...body }] } })).status);
    // …and B still sees nothing of A's attempt.
    expect((await http('GET', `${serverDbName(b, 'reservations')}/${id}`, { auth: userB })).status).toBe(404);
  });

  it('a branch user cannot change validators, security, users or create databases', async () => {
    const db = serverDbName(a, 'ledger');
    const design = await http('GET', `${db}/${DESIGN_DOC_ID}`, { auth: admin });
    expect([401, 403]).toContain((await http('PUT', `${db}/${DESIGN_DOC_ID}`, { auth: userA, body: { ...design.json, validate_doc_update: 'function () {}' } })).status);
    // Refused either way; how differs: pouchdb-server says 401/403, CouchDB 3
    // answers a member's _security write with 500 no_majority (its shard
    // refuses, the cluster layer reports the missing quorum). The contract
    // is the refusal and an unchanged security object.
    const securityBefore = (await http('GET', `${db}/_security`, { auth: admin })).json;
    const securityPut = await http('PUT', `${db}/_security`, { auth: userA, body: { members: { names: [], roles: [] } } });
    expect(securityPut.status === 401 || securityPut.status === 403 || (securityPut.status === 500 && securityPut.json.reason === 'no_majority'),
      `a branch user's _security write: ${securityPut.status} ${JSON.stringify(securityPut.json)}`).toBe(true);
    expect((await http('GET', `${db}/_security`, { auth: admin })).json).toEqual(securityBefore);
    expect(securityBefore).toEqual(branchSecurity(a));
    expect([401, 403]).toContain((await http('PUT', `fd-${a}-extra`, { auth: userA })).status);
    expect([401, 403]).toContain((await http('DELETE', db, { auth: userA })).status);
    expect([401, 403]).toContain((await http('GET', userDoc(b), { auth: userA })).status);
    expect([401, 403]).toContain((await http('PUT', '_config/admins/intruder', { auth: userA, body: 'x' })).status);
    expect((await http('GET', `${db}/${DESIGN_DOC_ID}`, { auth: admin })).json._rev).toBe(design.json._rev);
  });

  it('a wrong password is refused', async () => {
    expect((await http('GET', serverDbName(a, 'ledger'), { auth: { user: userA.user, password: 'nope' } })).status).toBe(401);
  });

  it('anonymous requests are refused: no admin party', async () => {
    const session = await http('GET', '_session');
    expect(session.status).toBe(200);
    expect(session.json.userCtx).toEqual({ name: null, roles: [] });
    const db = serverDbName(a, 'ledger');
    expect((await http('GET', '_all_dbs')).status).toBe(401);
    expect((await http('GET', '_config')).status).toBe(401);
    expect((await http('PUT', '_config/admins/intruder', { body: 'x' })).status).toBe(401);
    expect((await http('PUT', 'anonymous-db')).status).toBe(401);
    expect((await http('GET', db)).status).toBe(401);
    expect((await http('GET', `${db}/_changes`)).status).toBe(401);
    expect((await http('POST', `${db}/_bulk_docs`, { body: { docs: [{ _id: 'x' }] } })).status).toBe(401);
    expect((await http('PUT', userDoc('intruder'), { body: { name: 'branch-intruder', type: 'user', roles: ['_admin'], password: 'x' } })).status).toBe(401);
    expect((await http('GET', 'anonymous-db', { auth: admin })).status).toBe(404);
  });

  it('a signed-in session (cookie) works like basic auth', async () => {
    const response = await fetch(new URL('_session', url), {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: userA.user, password: userA.password }),
    });
    expect(response.status).toBe(200);
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^AuthSession=/);
    const own = await fetch(new URL(serverDbName(a, 'ledger'), url), { headers: { Cookie: cookie } });
    expect(own.status).toBe(200);
    const other = await fetch(new URL(serverDbName(b, 'ledger'), url), { headers: { Cookie: cookie } });
    expect([401, 403]).toContain(other.status);
  });
});

describe('loadDocs', () => {
  const branchId = uniqueBranchId('load');
  const user: Credentials = { user: branchUser(branchId).name, password: 'load-pass' };
  beforeAll(async () => {
    await provisionBranch({ url, admin, branchId, branchPassword: user.password });
  });

  it('writes RxDB documents as CouchDB documents, in batches, and skips the ones already there', async () => {
    const base = sampleDocs(branchId).ledger;
    const docs = Array.from({ length: 1203 }, (_, i) => ({ ...base, id: `L-${i}`, points: i }));
    const first = await loadDocs({ url, auth: user, branchId, collection: 'ledger', docs });
    expect(first).toEqual({ db: serverDbName(branchId, 'ledger'), written: 1203, skipped: 0, rejected: [] });
    const stored = await http('GET', `${serverDbName(branchId, 'ledger')}/L-7`, { auth: user });
    expect(stored.json).toMatchObject({ _id: 'L-7', points: 7, branchId });
    expect(stored.json.id).toBeUndefined();

    const more = [...docs.slice(0, 10), { ...base, id: 'L-new' }];
    const second = await loadDocs({ url, auth: user, branchId, collection: 'ledger', docs: more, batchSize: 4 });
    expect(second).toEqual({ db: serverDbName(branchId, 'ledger'), written: 1, skipped: 10, rejected: [] });
    const info = await http('GET', serverDbName(branchId, 'ledger'), { auth: user });
    expect(info.json.doc_count).toBe(1204 + 1); // + _design/frontdesk
  });

  it('reports what the server refuses', async () => {
    const good = sampleDocs(branchId, 'ok').reservations;
    const docs = [good, { ...good, id: 'R-bad', nights: 0 }, { ...good, id: 'R-other', branchId: 'gz-elsewhere' }];
    const report = await loadDocs({ url, auth: user, branchId, collection: 'reservations', docs });
    expect(report.written).toBe(1);
    // The server answers a batch's refusals in no promised order.
    expect([...report.rejected].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'R-bad', error: 'forbidden', reason: 'malformed: nights must be at least 1' },
      { id: 'R-other', error: 'forbidden', reason: 'wrong-branch: branchId "gz-elsewhere" is not this database\'s branch "' + branchId + '"' },
    ]);
  });

  it('loads every collection\'s sample', async () => {
    const samples = sampleDocs(branchId, 'all');
    for (const c of REPLICATED_NAMES) {
      const report = await loadDocs({ url, auth: user, branchId, collection: c, docs: [samples[c] as unknown as Record<string, unknown>] });
      expect(report, c).toMatchObject({ rejected: [] });
      expect(report.written + report.skipped, c).toBe(1);
    }
  });
});
