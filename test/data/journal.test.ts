import { describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openFrontDeskDb } from '../../src/data/database';
import { commitAtomically, ImmutableConflictError } from '../../src/data/journal';
import { loadBranch } from '../../src/data/seed';
import { balanceOnce } from '../../src/data/queries';
import { BRANCH_ID, NOW, entry, smallBranch } from '../support/fixtures';

describe('write-ahead journal', () => {
  it('finishes a change interrupted after the journal write when the database is opened again', async () => {
    const storage = getRxStorageMemory();
    const name = `journal-${Date.now()}`;
    const first = await openFrontDeskDb({ name, storage });
    await loadBranch(first, smallBranch());
    const room = (await first.rooms.findOne(`${BRANCH_ID}:302`).exec())!.toJSON();
    const res = (await first.reservations.findOne('R-ZHANG').exec())!.toJSON();
    // The crash: the journal entry is written, the collections are not.
    await first.journal.insert({
      id: 'j1', label: 'check-in', createdAt: NOW,
      writes: [
        { collection: 'reservations', mode: 'upsert', docs: [{ ...res, status: 'checked-in', roomNo: '302' }] },
        { collection: 'rooms', mode: 'upsert', docs: [{ ...room, status: 'occupied', reservationId: 'R-ZHANG' }] },
      ],
    });
    await first.close();

    const second = await openFrontDeskDb({ name, storage });
    expect((await second.reservations.findOne('R-ZHANG').exec())?.status).toBe('checked-in');
    expect((await second.rooms.findOne(`${BRANCH_ID}:302`).exec())?.status).toBe('occupied');
    expect(await second.journal.count().exec()).toBe(0);
    await second.close();
  });

  it('treats the same immutable fact twice as a no-op, and a different one under the same id as an error', async () => {
    const db = await openFrontDeskDb({ name: `journal-dup-${Date.now()}`, storage: getRxStorageMemory() });
    await loadBranch(db, smallBranch());
    const line = entry({ id: 'R-X:stay', memberId: 'M000000002', points: 398, kind: 'earn', rule: 'stay' });
    await commitAtomically(db, 'a', [{ collection: 'ledger', mode: 'insert', docs: [line] }], 'j-a', NOW);
    // Another tablet posts the same checkout: same id, same fact, other device and time.
    await commitAtomically(db, 'b', [{ collection: 'ledger', mode: 'insert', docs: [{ ...line, deviceId: 'tab-2', createdAt: NOW + 5 }] }], 'j-b', NOW);
    expect(await balanceOnce(db, 'M000000002')).toBe(150 + 398);
    await expect(commitAtomically(db, 'c', [{ collection: 'ledger', mode: 'insert', docs: [{ ...line, points: 999 }] }], 'j-c', NOW))
      .rejects.toBeInstanceOf(ImmutableConflictError);
    expect(await balanceOnce(db, 'M000000002')).toBe(150 + 398);
    expect(await db.journal.count().exec()).toBe(0); // refused before anything was written
    await db.close();
  });
});
