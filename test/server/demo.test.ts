/**
 * The demo cards `npm start` prints come from what the server holds: a branch
 * loaded on an earlier day keeps its own arrivals and guarantees, and the
 * cards must name those, with words true at the hour they are printed.
 */
import { describe, expect, inject, it } from 'vitest';
import { branchCardSource, provisionDemo } from '../../server/demo';
import type { Credentials } from '../../server/provision';
import { demoCardNumbers } from '../../src/demo/generate';
import { localNowOf } from '../../src/domain/business-day';
import { uniqueBranchId } from '../sync/server';

const couch = inject('couch');
const admin: Credentials = { user: couch.adminUser, password: couch.adminPassword };

describe('branchCardSource (the cards npm start prints)', () => {
  it('picks the cards from the branch the server holds, loaded on an earlier day, and says "last night" after midnight', async () => {
    const branchId = uniqueBranchId('democards');
    const loadedAt = Date.parse('2026-11-20T15:00:00+08:00');
    const report = await provisionDemo({ url: couch.url, admin, branchId, now: loadedAt, pinIterations: 1, memberCount: 150, branchPassword: 'pw-democards' });
    expect(report.loaded).toBe(true);

    const source = await branchCardSource(couch.url, admin, branchId);
    expect(source).not.toBeNull();
    expect(source!.branch.businessDate).toBe('2026-11-20');
    expect(source!.members).toHaveLength(150);

    const cards = demoCardNumbers(source!, localNowOf(Date.parse('2026-11-21T02:00:00+08:00'), 'Asia/Shanghai'));
    const memberIds = new Set(source!.members.map((m) => m.id));
    for (const c of cards) expect(memberIds.has(c.memberId), c.key).toBe(true);
    const arriving = cards.find((c) => c.key === 'arriving-today');
    expect(arriving).toBeDefined();
    expect(source!.reservations.some((r) => r.memberId === arriving!.memberId && r.arrivalDate === '2026-11-20' && r.status === 'expected')).toBe(true);
    const late = cards.find((c) => c.key === 'late-guarantee');
    expect(late?.descriptionZh).toMatch(/^预计昨晚\d\d:\d\d到店，尚未到店/);
    expect(late?.description).toMatch(/^Expected last night at \d\d:\d\d/);
  });

  it('is null for a branch the server does not hold', async () => {
    expect(await branchCardSource(couch.url, admin, uniqueBranchId('nobranch'))).toBeNull();
  });
});
