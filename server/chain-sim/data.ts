/**
 * The simulated chain's data (npm run chain-sim, issue #14): branch `i` of
 * `n` is the demo branch with its own members (demo member indices
 * `i*m … i*m+m-1`, so no two branches share a member by accident) plus the
 * travellers: the first `travellers` members of branch `i-1` (mod n), with
 * their history under the same ids, as the head office loads a member's
 * history into a further branch. One of today's arrivals at branch `i` is a
 * traveller, who checks in and redeems points there: that line is
 * exchanged back to branch `i-1`. Pure and deterministic.
 */
import type { BranchData, Reservation } from '../../src/domain/model';
import { generateDemoBranch } from '../../src/demo/generate';
import { memberIdFor, memberIndexOf } from '../../src/demo/identity';

export const SIM_SEED = 14;

export interface SimBranch {
  index: number;
  branchId: string;
  data: BranchData;
  /** Members of the previous branch this one also holds. */
  travellers: string[];
  /** Today's arrival at this branch who is a traveller (checks in, then redeems here). */
  travellerArrival: string;
}

export function simBranchId(index: number): string {
  return `sim-${String(index).padStart(4, '0')}`;
}

/** The demo branch with its member ids moved to this branch's range. */
function ownBranch(index: number, members: number, businessDate: string, now: number): BranchData {
  const branchId = simBranchId(index);
  const data = generateDemoBranch({ seed: SIM_SEED, businessDate, now, branchId, memberCount: members, branchName: `模拟分店${index}`, city: '广州' });
  const json = JSON.stringify(data).replace(/M\d{9}/g, (id) => memberIdFor(memberIndexOf(id) + index * members));
  return JSON.parse(json) as BranchData;
}

export function simChain(n: number, opts: { members: number; travellers: number; businessDate: string; now: number }): SimBranch[] {
  const own = Array.from({ length: n }, (_, i) => ownBranch(i, opts.members, opts.businessDate, opts.now));
  return own.map((data, i) => {
    const prev = own[(i - 1 + n) % n]!;
    const travellers = n > 1 ? prev.members.slice(0, opts.travellers) : [];
    const ids = new Set(travellers.map((m) => m.id));
    const arrivals = data.reservations.filter((r) => r.status === 'expected' && r.arrivalDate === opts.businessDate);
    const template = arrivals[0];
    const extra: Reservation[] = [];
    if (template && travellers[0]) {
      const t = travellers[0];
      extra.push({ ...template, id: `${template.id}-t`, memberId: t.id, guestName: t.name, guestPhone: t.phone, bookedForOther: false });
    }
    return {
      index: i,
      branchId: simBranchId(i),
      data: {
        ...data,
        members: [...data.members, ...travellers],
        ledger: [...data.ledger, ...prev.ledger.filter((l) => ids.has(l.memberId))],
        reservations: [...data.reservations, ...extra],
      },
      travellers: [...ids],
      travellerArrival: extra[0]?.id ?? '',
    };
  });
}
