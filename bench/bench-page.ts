/**
 * Runs inside headless Chromium against a production build: fills a real
 * IndexedDB (Dexie storage) with N members and their ledger, then times the
 * desk's operations through the same data-layer functions the screens use.
 * Driven by bench/run.mjs; never part of the app bundle.
 */
import { openFrontDeskDb, type FrontDeskDatabase } from '../src/data/database';
import { firstValueFrom } from 'rxjs';
import { ledger$, lookupCard, searchMembers } from '../src/data/queries';
import { newestFirst, withRunningBalance } from '../src/domain/ledger-history';
import { redeemPoints } from '../src/data/commands/redeem';
import { checkIn } from '../src/data/commands/checkin';
import type { CommandContext } from '../src/data/commands/context';
import { createStaff } from '../src/data/commands/staff';
import { createDemoContext, generateDemoBranch, memberChunks } from '../src/demo/generate';
import type { Member, Reservation, Room } from '../src/domain/model';

const SEED = 7;
const NOW = Date.UTC(2026, 10, 23, 7, 0, 0);
const BUSINESS_DATE = '2026-11-23';

const ctx: CommandContext = { staffId: 'bench', deviceId: 'bench', now: () => Date.now(), newId: () => crypto.randomUUID() };

async function timed<T>(samples: number[], work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await work();
  samples.push(performance.now() - t0);
  return result;
}

interface Seeded { db: FrontDeskDatabase; branchId: string; members: number; chainMembers: number; ledger: number; seedMs: number; cards: string[]; ids: string[] }

async function seed(memberCount: number, ledgerTarget: number, samples: number): Promise<Seeded> {
  const stride = Math.max(1, Math.floor(memberCount / samples));
  const t0 = performance.now();
  const db = await openFrontDeskDb({ name: `bench-${memberCount}` });
  const demoCtx = createDemoContext({ businessDate: BUSINESS_DATE, now: NOW });
  const branch = generateDemoBranch({ seed: SEED, businessDate: BUSINESS_DATE, now: NOW, memberCount: 10 });
  await db.branches.upsert(branch.branch);
  // Every command checks the acting staff member's role: the bench acts as a front-desk clerk of the branch.
  await createStaff(db, { id: ctx.staffId, branchId: branch.branch.id, name: '测试前台', role: 'front-desk', pin: '2580' }, null, 1);
  let ledger = 0;
  let chainMembers = 0;
  const cards: string[] = [];
  const ids: string[] = [];
  const perMember = Math.ceil(ledgerTarget / memberCount);
  for (const chunk of memberChunks(SEED, demoCtx, { count: memberCount, chunkSize: 5000 })) {
    await db.members.bulkInsert(chunk.members);
    // Members of other branches held here (issue #14: brought in from the chain, their lines carrying the home branch's id).
    chainMembers += chunk.members.filter((m) => m.homeBranchId !== branch.branch.id).length;
    // Exactly `perMember` lines each: the member's own history (earliest
    // first), topped up with migration lines where the history is shorter.
    const lines: typeof chunk.ledger = [];
    const byMember = new Map<string, number>();
    for (const l of [...chunk.ledger].sort((a, b) => a.createdAt - b.createdAt)) {
      const k = byMember.get(l.memberId) ?? 0;
      if (k < perMember) { lines.push(l); byMember.set(l.memberId, k + 1); }
    }
    for (const m of chunk.members) {
      for (let k = byMember.get(m.id) ?? 0; k < perMember; k++) {
        lines.push({ id: `${m.id}:bench.${k}`, memberId: m.id, branchId: branch.branch.id, kind: 'adjust', rule: 'adjust.migration', points: 500, params: { points: 500 }, reservationId: '', businessDate: '2025-01-01', createdAt: NOW - (k + 1) * 86_400_000, deviceId: 'legacy', staffId: 'system' });
      }
    }
    await db.ledger.bulkInsert(lines);
    ledger += lines.length;
    // Spread the sampled cards over the whole data set, distinct, so no
    // timing is a repeat of the same query (RxDB caches query results).
    for (let i = 0; i < chunk.members.length; i += stride) { const m = chunk.members[i]!; cards.push(m.cardNo); ids.push(m.id); }
    (document.getElementById('status') as HTMLElement).textContent = `seeded ${chunk.start + chunk.members.length}`;
  }
  return { db, branchId: branch.branch.id, members: memberCount, chainMembers, ledger, seedMs: performance.now() - t0, cards, ids };
}

async function checkInSetup(db: FrontDeskDatabase, n: number, members: string[]) {
  const rooms: Room[] = [];
  const res: Reservation[] = [];
  for (let i = 0; i < n; i++) {
    const roomNo = String(2000 + i);
    rooms.push({ id: `gz-beijinglu:${roomNo}`, branchId: 'gz-beijinglu', roomNo, floor: 20, type: 'king', smoking: false, quiet: false, status: 'vacant-clean', reservationId: '', updatedAt: NOW });
    const memberId = members[i % members.length] ?? '';
    res.push({ id: `BENCH-${i}`, branchId: 'gz-beijinglu', memberId, guestName: '测试', guestPhone: '', guestIdNumber: '', bookedForOther: true, channel: 'app', memberRate: true, bookedAt: NOW, arrivalDate: BUSINESS_DATE, nights: 1, extensionNights: 0, extensionAdvanceOwnChannel: false, roomType: 'king', rateFen: 19800, expectedArrival: '18:00', guaranteePoints: 0, status: 'expected', roomNo: '', checkedInAt: 0, checkInStaffId: '', checkInDeviceId: '', checkedOutAt: 0, cancelledAt: 0, note: '', updatedAt: NOW });
  }
  await db.rooms.bulkInsert(rooms);
  await db.reservations.bulkInsert(res);
  await db.branches.upsert({ ...(await db.branches.findOne().exec())!.toJSON(), businessDate: BUSINESS_DATE });
  return rooms;
}

const VALID_ID = '11010519491231002X';

export async function run(memberCount: number, ledgerTarget: number, reps: number, withWrites: boolean) {
  const s = await seed(memberCount, ledgerTarget, reps);
  const out: Record<string, number[]> = { card: [], cardChain: [], name: [], last4: [], history: [], redeem: [], checkin: [] };
  const canRedeem: string[] = [];
  const asked = new Set<string>();
  // Warm-up: first queries pay for opening IndexedDB object stores.
  await lookupCard(s.db, s.cards[0] ?? '');
  await searchMembers(s.db, '王');
  for (let i = 0; i < reps; i++) {
    const card = s.cards[i % s.cards.length] ?? '';
    const found = await timed(out.card!, () => lookupCard(s.db, card));
    if (!found) throw new Error(`card ${card} not found`);
    const m: Member = found.member;
    if (m.homeBranchId !== s.branchId) out.cardChain!.push(out.card!.at(-1)!);
    if (found.balance >= 200 && !canRedeem.includes(m.id)) canRedeem.push(m.id);
    // Only queries not asked before are timed: RxDB answers a repeated query from its cache.
    const prefix = m.name.slice(0, 2);
    if (!asked.has(prefix)) { asked.add(prefix); await timed(out.name!, () => searchMembers(s.db, prefix)); }
    // Last-4 queries spread over all 10,000 endings (distinct for i < 10,000; 7919 is prime).
    const last4 = String((i * 7919 + 1234) % 10_000).padStart(4, '0');
    await timed(out.last4!, () => searchMembers(s.db, last4));
    // The profile's history: every line of the member, oldest first with the balance after each, the newest page shown.
    await timed(out.history!, async () => newestFirst(withRunningBalance(await firstValueFrom(ledger$(s.db, m.id))), 12));
  }
  if (withWrites) {
    for (let i = 0; i < Math.min(reps, canRedeem.length); i++) {
      const id = canRedeem[i] ?? '';
      const r = await timed(out.redeem!, () => redeemPoints(s.db, { memberId: id, item: 'milk', quantity: 1 }, ctx));
      if (!r.ok) throw new Error(`redeem refused: ${JSON.stringify(r.error)}`);
    }
    const rooms = await checkInSetup(s.db, reps, s.ids);
    for (let i = 0; i < reps; i++) {
      const r = await timed(out.checkin!, () => checkIn(s.db, { reservationId: `BENCH-${i}`, roomId: rooms[i]!.id, idNumberRaw: VALID_ID }, ctx));
      if (!r.ok) throw new Error(`check-in refused: ${JSON.stringify(r.error)}`);
    }
  }
  await s.db.remove();
  return { members: s.members, chainMembers: s.chainMembers, ledger: s.ledger, seedMs: s.seedMs, samples: out };
}

declare global { interface Window { bench: { run: typeof run } } }
window.bench = { run };
(document.getElementById('status') as HTMLElement).textContent = 'ready';
