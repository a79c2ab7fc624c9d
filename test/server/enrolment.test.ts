/**
 * Per-tablet credentials against the real server (issue #12 item 4): a
 * one-time code becomes a tablet's own user with the branch's role; a
 * revoked tablet is refused at once, the branch's other tablets carry on.
 * Plain CouchDB HTTP only (`_users`, `_session`, documents), nothing
 * pouchdb-only.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { serverDbName } from '../../src/data/replicated';
import { provisionBranch, toCouchDoc, type Credentials } from '../../server/provision';
import { ENROL_DB, enrolment, startEnrolmentService } from '../../server/enrolment';
import { uniqueBranchId } from '../sync/server';
import { httpClient, type HttpResult } from './http';
import { sampleDocs } from './samples';

const couch = inject('couch');
const admin: Credentials = { user: couch.adminUser, password: couch.adminPassword };
const http = httpClient(couch.url);
const branchId = uniqueBranchId('enr');
const otherBranch = uniqueBranchId('enx');
let clock = 1_800_000_000_000;
let service: Awaited<ReturnType<typeof startEnrolmentService>>;
let api: ReturnType<typeof httpClient>;

const password = () => randomBytes(24).toString('base64url');
let n = 0;
async function redeem(code: string, deviceId: string, pw: string, branch = branchId): Promise<HttpResult> {
  return api('POST', 'redeem', { body: { branchId: branch, code, deviceId, password: pw } });
}
async function enrol(code: string, deviceId: string, branch = branchId): Promise<Credentials> {
  const pw = password();
  const res = await redeem(code, deviceId, pw, branch);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return { user: String(res.json.user), password: pw };
}
/** A write of a fresh ledger line as this tablet. */
async function writeLine(auth: Credentials, branch = branchId): Promise<HttpResult> {
  n += 1;
  const doc = toCouchDoc(sampleDocs(branch, `e${n}`).ledger as unknown as Record<string, unknown>);
  const { _id, ...body } = doc;
  return http('PUT', `${serverDbName(branch, 'ledger')}/${encodeURIComponent(String(_id))}`, { auth, body });
}

beforeAll(async () => {
  await provisionBranch({ url: couch.url, admin, branchId, sharedUser: false });
  await provisionBranch({ url: couch.url, admin, branchId: otherBranch, sharedUser: false });
  service = await startEnrolmentService({ url: couch.url, admin, now: () => clock });
  api = httpClient(service.url);
});
afterAll(async () => { await service?.stop(); });

describe('enrolment with a one-time code', () => {
  it('turns the first code (made admin-side, as npm start does) into a tablet user of the branch', async () => {
    const { code, expiresAt } = await service.service.createCode(branchId, 'npm start');
    expect(expiresAt).toBe(clock + 30 * 60_000);
    const tablet = await enrol(code, 'tab-first');
    expect(tablet.user).toMatch(new RegExp(`^tablet-${branchId}-[0-9a-f]{8}$`));
    expect((await http('GET', `${serverDbName(branchId, 'ledger')}/`, { auth: tablet })).status).toBe(200);
    expect((await writeLine(tablet)).status).toBe(201);
    // Its own branch only.
    expect((await http('GET', `${serverDbName(otherBranch, 'ledger')}/`, { auth: tablet })).status).toBe(403);
  });

  it('is single use: another device is refused, the same device retrying gets the same user', async () => {
    const { code } = await service.service.createCode(branchId, 'test');
    const pw = password();
    const first = await redeem(code, 'tab-a', pw);
    expect(first.status).toBe(200);
    const again = await redeem(code, 'tab-a', pw);
    expect(again.json.user).toBe(first.json.user);
    const thief = await redeem(code, 'tab-b', password());
    expect(thief.status).toBe(410);
    expect(thief.json.error).toBe('used');
    // Same device id, other password: not a retry.
    expect((await redeem(code, 'tab-a', password())).status).toBe(410);
  });

  it('expires, and is refused for another branch or when mistyped', async () => {
    const { code } = await service.service.createCode(branchId, 'test', 60_000);
    expect((await redeem(code, 'tab-x', password(), otherBranch)).status).toBe(403);
    expect((await redeem('ABCDEFGHJK', 'tab-x', password())).status).toBe(403);
    clock += 60_000;
    const late = await redeem(code, 'tab-x', password());
    expect(late.status).toBe(410);
    expect(late.json.error).toBe('expired');
  });

  it('stores codes only hashed, in a database only server admins may open', async () => {
    const { code } = await service.service.createCode(branchId, 'test');
    const all = await http('GET', `${ENROL_DB}/_all_docs?include_docs=true`, { auth: admin });
    expect(JSON.stringify(all.json)).not.toContain(code);
    const tablet = await enrol((await service.service.createCode(branchId, 'test')).code, 'tab-peek');
    expect((await http('GET', `${ENROL_DB}/_all_docs`, { auth: tablet })).status).toBe(403);
    // Redemption refuses a weak password (the tablet makes a long random one).
    expect((await redeem(code, 'tab-weak', 'short')).status).toBe(400);
  });
});

describe('the branch\'s tablets, and revoking one', () => {
  it('a tablet makes a code for the next, names it, sees the list, and a revoked tablet is refused at once while the other carries on', async () => {
    const desk = await enrol((await service.service.createCode(branchId, 'test')).code, 'tab-desk');
    const made = await api('POST', 'codes', { auth: desk });
    expect(made.status).toBe(201);
    const door = await enrol(String(made.json.code), 'tab-door');
    expect((await api('PUT', `tablets/${door.user}`, { auth: desk, body: { name: '门禁' } })).status).toBe(200);
    expect((await api('POST', 'seen', { auth: door, body: { staffName: '李建国' } })).status).toBe(200);
    const list = await api('GET', 'tablets', { auth: desk });
    const tablets = list.json.tablets as { user: string; name: string; deviceId: string; staffName: string; lastSyncAt: number; revokedAt: number }[];
    expect(tablets.find((t) => t.user === door.user)).toMatchObject({ name: '门禁', deviceId: 'tab-door', staffName: '李建国', lastSyncAt: clock, revokedAt: 0 });
    expect(tablets.every((t) => t.user.startsWith(`tablet-${branchId}-`))).toBe(true);

    // Another branch's tablet can neither see nor revoke it.
    const stranger = await enrol((await service.service.createCode(otherBranch, 'test')).code, 'tab-strange', otherBranch);
    expect((await api('POST', `tablets/${door.user}/revoke`, { auth: stranger })).status).toBe(404);
    expect(((await api('GET', 'tablets', { auth: stranger })).json.tablets as unknown[]).length).toBe(1);

    expect((await writeLine(door)).status).toBe(201);
    const revoked = await api('POST', `tablets/${door.user}/revoke`, { auth: desk });
    expect(revoked.status).toBe(200);
    expect(revoked.json.revokedAt).toBe(clock);

    // The revoked tablet: its next read and its next write are refused, and nothing is written.
    expect((await http('GET', `${serverDbName(branchId, 'ledger')}/_changes?limit=1`, { auth: door })).status).toBe(401);
    n += 1;
    const id = `L-revoked-${n}`;
    const body = { ...toCouchDoc(sampleDocs(branchId, `r${n}`).ledger as unknown as Record<string, unknown>), _id: id };
    const refused = await http('POST', `${serverDbName(branchId, 'ledger')}/_bulk_docs`, { auth: door, body: { docs: [body] } });
    expect(refused.status).toBe(401);
    expect((await http('GET', `${serverDbName(branchId, 'ledger')}/${id}`, { auth: admin })).status).toBe(404);
    expect((await api('GET', 'tablets', { auth: door })).status).toBe(401);
    // The other tablet carries on.
    expect((await writeLine(desk)).status).toBe(201);
    expect((await http('GET', `${serverDbName(branchId, 'ledger')}/_changes?limit=1`, { auth: desk })).status).toBe(200);
    // Revoking again is harmless; a tablet cannot revoke itself.
    expect((await api('POST', `tablets/${door.user}/revoke`, { auth: desk })).status).toBe(200);
    expect((await api('POST', `tablets/${desk.user}/revoke`, { auth: desk })).status).toBe(400);
  });

  it('refuses callers without a tablet\'s credentials', async () => {
    expect((await api('POST', 'codes')).status).toBe(401);
    expect((await api('GET', 'tablets', { auth: { user: 'nobody', password: 'x' } })).status).toBe(401);
    // The server admin is not a branch tablet either.
    expect((await api('GET', 'tablets', { auth: admin })).status).toBe(401);
  });

  it('the service can be set up again without losing anything (idempotent)', async () => {
    const again = enrolment({ url: couch.url, admin });
    await again.ensure();
    expect((await again.listTablets(branchId)).length).toBeGreaterThan(3);
  });
});
