import { expect, it } from 'vitest';
import { createDemoContext, memberChunks } from '../../src/demo/generate';

it('streams 100,000 members and 300,000+ ledger lines in chunks with unique cards, ids and phones', () => {
  const ctx = createDemoContext({ businessDate: '2025-06-12', now: Date.parse('2025-06-12T15:30:00+08:00') });
  const cards = new Set<string>();
  const ids = new Set<string>();
  const phones = new Set<string>();
  const ledgerIds = new Set<string>();
  let members = 0;
  let chunks = 0;
  for (const chunk of memberChunks(42, ctx, { count: 100_000, chunkSize: 5000 })) {
    chunks++;
    expect(chunk.start).toBe(members);
    for (const m of chunk.members) {
      cards.add(m.cardNo);
      ids.add(m.id);
      phones.add(m.phone.slice(3));
    }
    for (const l of chunk.ledger) ledgerIds.add(l.id);
    members += chunk.members.length;
  }
  expect(chunks).toBe(20);
  expect(members).toBe(100_000);
  expect(cards.size).toBe(100_000);
  expect(ids.size).toBe(100_000);
  expect(phones.size).toBe(100_000);
  expect(ledgerIds.size).toBeGreaterThan(300_000);
}, 120_000);

it('can start a stream in the middle', () => {
  const ctx = createDemoContext({ businessDate: '2025-06-12', now: Date.parse('2025-06-12T09:00:00+08:00') });
  const all = [...memberChunks(3, ctx, { count: 30, chunkSize: 7 })].flatMap((c) => c.members);
  const tail = [...memberChunks(3, ctx, { count: 10, start: 20 })].flatMap((c) => c.members);
  expect(tail).toEqual(all.slice(20));
});
