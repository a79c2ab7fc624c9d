/**
 * Every registered data command, with every role: a refused one answers its
 * `forbidden` error and writes nothing (the whole database is compared,
 * device-local collections included); an allowed one is not refused. The
 * table below must name every registered command, so a new command cannot
 * be added without a row here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/data/commands/context';
import { registeredCommands, type RegisteredCommand } from '../../src/data/commands/registry';
import { createStaff } from '../../src/data/commands/staff';
import type { FrontDeskDatabase } from '../../src/data/database';
import { can, ROLES, type Role } from '../../src/domain/staff';
import { testCtx, testDb } from '../support/db';
import { BRANCH_ID, IDS, NOW } from '../support/fixtures';

// Load every command file, so that every command is registered (a new file too).
const COMMAND_FILES = import.meta.glob('../../src/data/commands/*.ts', { eager: true });

/** 01:00 in Shanghai, after the audit cut-off. */
const NIGHT = Date.UTC(2026, 10, 23, 17, 0);

interface Row {
  input: unknown;
  /** Answered ok for an allowed role (the input is a good one); else only "not refused". */
  succeeds: boolean;
  now?: number;
}

const TABLE: Record<string, Row> = {
  checkIn: { input: { reservationId: 'R-ZHANG', roomId: `${BRANCH_ID}:801`, idNumberRaw: IDS.zhang }, succeeds: true },
  checkOut: { input: 'R-LI', succeeds: true },
  redeemPoints: { input: { memberId: 'M000000001', item: 'milk', quantity: 1 }, succeeds: true },
  addFeedback: { input: { memberId: 'M000000001', kind: 'complaint', text: '空调太吵' }, succeeds: true },
  adoptSuggestion: { input: 'FB-1', succeeds: true },
  updateMemberProfile: { input: { memberId: 'M000000002', phone: '13900001111' }, succeeds: true },
  recordDoorSwipe: { input: '770000000002', succeeds: true, now: NIGHT },
  runNightAudit: { input: null, succeeds: true, now: NIGHT },
  resolveOverdraft: { input: { memberId: 'M000000001', how: 'writeOff', note: '' }, succeeds: false },
  reverseRedemption: { input: { memberId: 'M000000001', lineId: 'nothing-here' }, succeeds: false },
  acknowledgeReview: { input: { reviewId: 'nothing-here', note: '' }, succeeds: false },
  // 张伟 and 李娜 are not one person (different ID numbers): refused after the permission check.
  mergeMembers: { input: { keepId: 'M000000001', mergeId: 'M000000002' }, succeeds: false },
  makeBooking: {
    input: { memberId: 'M000000002', guestName: '李娜', guestPhone: '13987655678', channel: 'phone', roomType: 'king', rateFen: 19_800, expectedArrival: '21:00', arrivalDate: '2026-11-25', departureDate: '2026-11-28' },
    succeeds: true,
  },
  changeBooking: { input: { reservationId: 'R-ZHANG', change: { arrivalDate: '2026-11-24', departureDate: '2026-11-25', roomType: 'family' } }, succeeds: true },
  cancelBooking: { input: { reservationId: 'R-ZHANG', expectFree: true }, succeeds: true },
  addGuarantee: { input: { reservationId: 'R-OTA', hours: 1 }, succeeds: false },
  releaseGuarantee: { input: { reservationId: 'R-ZHANG' }, succeeds: true },
  reportHousekeeping: { input: { roomIds: [`${BRANCH_ID}:802`], report: { kind: 'clean' } }, succeeds: true },
  extendStay: { input: { reservationId: 'R-LI', departureDate: '2026-11-26', advanceOwnChannel: false }, succeeds: true },
  moveRoom: { input: { reservationId: 'R-LI', toRoomId: `${BRANCH_ID}:302`, reason: '空调坏了' }, succeeds: true },
  createStaff: { input: { id: 'S-new', branchId: BRANCH_ID, name: '新员工', role: 'front-desk', pin: '2580', iterations: 1 }, succeeds: true },
  updateStaff: { input: { staffId: 'S-front', pin: '3690', iterations: 1 }, succeeds: true },
};

const STAFF: Record<Role, string> = { 'front-desk': 'S-front', 'night-auditor': 'S-night', manager: 'S-boss' };

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); });

async function setUp(): Promise<FrontDeskDatabase> {
  const d = await testDb();
  for (const role of ROLES) {
    await createStaff(d, { id: STAFF[role], branchId: BRANCH_ID, name: `员工${role.length}`, role, pin: '2580' }, null, 1);
  }
  await createStaff(d, { id: 'S-gone', branchId: BRANCH_ID, name: '离职', role: 'manager', pin: '2580' }, null, 1);
  await d.staff.upsert({ ...(await d.staff.findOne('S-gone').exec())!.toJSON(), active: false });
  await d.feedback.insert({
    id: 'FB-1', memberId: 'M000000002', branchId: BRANCH_ID, kind: 'suggestion', text: '早餐多些粥', createdAt: NOW - 3_600_000,
    adopted: false, adoptedAt: 0, staffId: 'S-gone', deviceId: 'tab-test',
  });
  return d;
}

/** Everything the database holds, every collection (device-local ones too). */
async function contents(d: FrontDeskDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [name, collection] of Object.entries(d.collections)) {
    const docs = await (collection as { find(): { exec(): Promise<{ toJSON(): object }[]> } }).find().exec();
    out[name] = docs.map((x) => x.toJSON()).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return out;
}

function rowOf(command: RegisteredCommand): Row {
  const row = TABLE[command.name];
  if (!row) throw new Error(`no row for command ${command.name}`);
  return row;
}

const ctxFor = (row: Row, over: Partial<CommandContext>): CommandContext => testCtx({ now: () => row.now ?? NOW, ...over });

describe('every command checks the permission it declares', () => {
  beforeAll(() => { expect(Object.keys(COMMAND_FILES).length).toBeGreaterThan(5); });

  it('the table names exactly the registered commands', () => {
    expect(registeredCommands().map((c) => c.name).sort()).toEqual(Object.keys(TABLE).sort());
  });

  for (const role of ROLES) {
    it(`as ${role}: refused commands write nothing, allowed ones are not refused`, async () => {
      let refused = 0;
      for (const command of registeredCommands()) {
        db = await setUp();
        const row = rowOf(command);
        const allowed = command.actionsFor(row.input).every((a) => can(role, a));
        const before = await contents(db);
        const res = await command.invoke(db, row.input, ctxFor(row, { staffId: STAFF[role] }));
        if (allowed) {
          expect(res, `${command.name} as ${role}`).not.toEqual({ ok: false, error: command.forbidden });
          if (row.succeeds) expect(res.ok, `${command.name} as ${role}: ${JSON.stringify(res)}`).toBe(true);
        } else {
          refused += 1;
          expect(res, `${command.name} as ${role}`).toEqual({ ok: false, error: command.forbidden });
          expect(await contents(db), `${command.name} as ${role} wrote`).toEqual(before);
        }
        await db.close();
      }
      // The walk is not vacuous: a clerk and a night auditor are refused some commands.
      if (role !== 'manager') expect(refused).toBeGreaterThan(0);
    }, 120_000);
  }

  it('an unknown or inactive staff member is refused every command, writing nothing', async () => {
    for (const staffId of ['nobody', 'S-gone', '']) {
      for (const command of registeredCommands()) {
        db = await setUp();
        const row = rowOf(command);
        const before = await contents(db);
        const res = await command.invoke(db, row.input, ctxFor(row, { staffId }));
        expect(res, `${command.name} as [${staffId}]`).toEqual({ ok: false, error: command.forbidden });
        expect(await contents(db), `${command.name} as [${staffId}] wrote`).toEqual(before);
        await db.close();
      }
    }
  }, 120_000);

  it('a check-in that also enrols needs the enrol permission too', () => {
    const checkIn = registeredCommands().find((c) => c.name === 'checkIn')!;
    expect(checkIn.actionsFor(rowOf(checkIn).input)).toEqual(['checkIn']);
    expect(checkIn.actionsFor({ ...(rowOf(checkIn).input as object), enrol: {} })).toEqual(['checkIn', 'enrol']);
  });

  it('a manager authorising in place lets a clerk do one manager action; a non-manager or unknown authoriser does not', async () => {
    const staffCommand = registeredCommands().find((c) => c.name === 'createStaff')!;
    const row = rowOf(staffCommand);
    for (const [authorisedBy, ok] of [['S-boss', true], ['S-night', false], ['nobody', false], ['S-gone', false]] as const) {
      db = await setUp();
      const before = await contents(db);
      const res = await staffCommand.invoke(db, row.input, ctxFor(row, { staffId: 'S-front', authorisedBy }));
      if (ok) {
        expect(res.ok, authorisedBy).toBe(true);
      } else {
        expect(res, authorisedBy).toEqual({ ok: false, error: staffCommand.forbidden });
        expect(await contents(db)).toEqual(before);
      }
      await db.close();
    }
    // The authoriser vouches for a signed-in clerk, not for an unknown one.
    db = await setUp();
    expect(await staffCommand.invoke(db, row.input, ctxFor(row, { staffId: 'nobody', authorisedBy: 'S-boss' })))
      .toEqual({ ok: false, error: staffCommand.forbidden });
  });

  it('no command file opens an exclusive section itself (each goes through defineCommand)', () => {
    const dir = join(__dirname, '../../src/data/commands');
    // signIn (authentication, before anyone acts) and the staff set-up path are the documented exceptions.
    const allowed: Record<string, number> = { 'context.ts': 1, 'registry.ts': 1, 'staff.ts': 2 };
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const uses = (readFileSync(join(dir, file), 'utf8').match(/\bexclusive\(/g) ?? []).length;
      expect(uses, file).toBeLessThanOrEqual(allowed[file] ?? 0);
    }
  });
});
