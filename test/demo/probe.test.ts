import { it } from 'vitest';
import { generateDemoBranch } from '../../src/demo/generate';

it('probe', () => {
  for (const [seed, time] of [[7, '15:30'], [8, '21:00'], [9, '09:10'], [10, '01:30']] as const) {
    const date = time === '01:30' ? '2025-06-13' : '2025-06-12';
    const now = Date.parse(`${date}T${time}:00+08:00`);
    const d = generateDemoBranch({ seed, businessDate: '2025-06-12', now });
    const today = d.reservations.filter(r => r.arrivalDate === '2025-06-12');
    console.log(seed, time, today.length, today.map(r => `${r.expectedArrival}${r.status[0]}${r.status === 'checked-in' ? r.roomNo : ''}${r.guaranteePoints ? 'G' : ''}`).sort().join(' '));
    const bal = new Map<string, number>(); for (const l of d.ledger) bal.set(l.memberId, (bal.get(l.memberId) ?? 0) + l.points);
    const bs = [...bal.values()].sort((a, b) => a - b);
    console.log('balances', bs.length, bs[0], bs[Math.floor(bs.length / 2)], bs[bs.length - 1], 'rooms', d.rooms.filter(r => r.status === 'occupied').length, 'past', d.reservations.filter(r => r.status === 'checked-out').length, 'ledger', d.ledger.length);
  }
}, 120000);
