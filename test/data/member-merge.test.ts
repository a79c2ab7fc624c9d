/**
 * Two records of one person (issue #14 item 1): a guest enrolled at the desk
 * while the chain could not be reached, and the chain's record of the same
 * person brought in later (same ID number). The manager's merge is new
 * records only: every ledger line and both member documents stay as they
 * were, the balance moves by two new lines, and a resolution record says who
 * merged what. Against a real (memory) database.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import type { FrontDeskDatabase } from '../../src/data/database';
import { createStaff } from '../../src/data/commands/staff';
import { mergeMembers } from '../../src/data/commands/merge-members';
import { balanceOnce } from '../../src/data/queries';
import { duplicates$ } from '../../src/data/queries-merge';
import type { ReviewRecord } from '../../src/domain/review';
import { BRANCH_ID, NOW, entry, member, smallBranch, validId } from '../support/fixtures';
import { testCtx, testDb } from '../support/db';

const dbs: FrontDeskDatabase[] = [];
afterEach(async () => { await Promise.all(dbs.splice(0).map((d) => d.close())); });

const PERSON = validId('44010619880808123');
const CHAIN = member({ id: 'M000000077', name: '孙悦', cardNo: '770000000077', idNumber: PERSON, joinedAt: NOW - 800 * 86_400_000, homeBranchId: 'sz-other' });
const DESK = member({ id: 'M770000000099', name: '孙悦', cardNo: '770000000099', idNumber: PERSON, joinedAt: NOW - 2 * 86_400_000 });
const boss = () => testCtx({ staffId: 'S-boss', deviceId: 'tab-boss' });

async function branchWithTwoRecords(): Promise<FrontDeskDatabase> {
  const data = smallBranch();
  data.members.push(DESK, CHAIN);
  data.ledger.push(
    entry({ id: 'chain-1', memberId: CHAIN.id, points: 2000, branchId: 'sz-other' }),
    entry({ id: 'chain-2', memberId: CHAIN.id, points: -300, kind: 'redeem', rule: 'redeem.milk', branchId: 'sz-other' }),
    entry({ id: 'desk-1', memberId: DESK.id, points: 77, kind: 'earn', rule: 'new-member' }),
    entry({ id: 'desk-2', memberId: DESK.id, points: 400, kind: 'earn', rule: 'stay' }),
  );
  const db = await testDb(data);
  await createStaff(db, { id: 'S-boss', branchId: BRANCH_ID, name: '陈经理', role: 'manager', pin: '2580' }, null, 1);
  dbs.push(db);
  return db;
}

const all = async (db: FrontDeskDatabase, c: 'ledger' | 'members') =>
  (await db[c].find().exec()).map((d) => d.toJSON() as Record<string, unknown>);

describe('merging two records of one person', () => {
  it('offers the pair (the older, chain record kept) and merges by new records only: every line and both members stay', async () => {
    const db = await branchWithTwoRecords();
    const pairs = await firstValueFrom(duplicates$(db));
    expect(pairs.map((p) => [p.keep.id, p.merge.id])).toEqual([[CHAIN.id, DESK.id]]);

    const ledgerBefore = await all(db, 'ledger');
    const membersBefore = await all(db, 'members');
    const res = await mergeMembers(db, { keepId: CHAIN.id, mergeId: DESK.id }, boss());
    expect(res).toEqual({ ok: true, value: { points: 477, lineIds: [`merge:${DESK.id}:${CHAIN.id}:2:out`, `merge:${DESK.id}:${CHAIN.id}:2:in`] } });

    // Nothing edited or removed: every earlier line and both member documents are as they were.
    const ledgerAfter = await all(db, 'ledger');
    for (const line of ledgerBefore) expect(ledgerAfter).toContainEqual(line);
    expect(ledgerAfter).toHaveLength(ledgerBefore.length + 2);
    expect(await all(db, 'members')).toEqual(membersBefore);
    expect(await balanceOnce(db, DESK.id)).toBe(0);
    expect(await balanceOnce(db, CHAIN.id)).toBe(1700 + 477);

    const records = (await db.reviews.find({ selector: { kind: 'resolution' } }).exec()).map((d) => d.toJSON() as ReviewRecord);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ docCollection: 'members', docId: DESK.id, refId: CHAIN.id, staffId: 'S-boss', detail: { how: 'merge', from: DESK.id, into: CHAIN.id, points: 477, lines: 2 } });
    expect(await firstValueFrom(duplicates$(db))).toEqual([]);

    // Once: a second merge of the same pair is refused and writes nothing.
    expect(await mergeMembers(db, { keepId: CHAIN.id, mergeId: DESK.id }, boss())).toEqual({ ok: false, error: 'alreadyMerged' });
    expect(await all(db, 'ledger')).toHaveLength(ledgerBefore.length + 2);
  });

  it('refuses a clerk, two different people and a member merged with itself, writing nothing', async () => {
    const db = await branchWithTwoRecords();
    const before = await all(db, 'ledger');
    expect(await mergeMembers(db, { keepId: CHAIN.id, mergeId: DESK.id }, testCtx())).toEqual({ ok: false, error: 'forbidden' });
    expect(await mergeMembers(db, { keepId: 'M000000001', mergeId: DESK.id }, boss())).toEqual({ ok: false, error: 'notSamePerson' });
    expect(await mergeMembers(db, { keepId: DESK.id, mergeId: DESK.id }, boss())).toEqual({ ok: false, error: 'sameMember' });
    expect(await mergeMembers(db, { keepId: 'M999999999', mergeId: DESK.id }, boss())).toEqual({ ok: false, error: 'memberNotFound' });
    expect(await all(db, 'ledger')).toEqual(before);
    expect(await db.reviews.find().exec()).toHaveLength(0);
  });

  it('a merged record with nothing on it: only the resolution record, no zero lines', async () => {
    const data = smallBranch();
    data.members.push(CHAIN, { ...DESK, id: 'M770000000098', cardNo: '770000000098' });
    data.ledger.push(entry({ id: 'chain-1', memberId: CHAIN.id, points: 2000 }));
    const db = await testDb(data);
    dbs.push(db);
    await createStaff(db, { id: 'S-boss', branchId: BRANCH_ID, name: '陈经理', role: 'manager', pin: '2580' }, null, 1);
    expect(await mergeMembers(db, { keepId: CHAIN.id, mergeId: 'M770000000098' }, boss())).toEqual({ ok: true, value: { points: 0, lineIds: [] } });
    expect(await db.ledger.find().exec()).toHaveLength(data.ledger.length);
    expect(await db.reviews.find().exec()).toHaveLength(1);
  });
});
