/**
 * The first start shows what it is doing and how far (issue #11): the
 * demo branch's load reports every batch written, and the boot screen shows
 * the step and a progress bar in both languages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { openFrontDeskDb, type FrontDeskDatabase } from '../../src/data/database';
import { loadBranch, type LoadProgress } from '../../src/data/seed';
import { generateDemoBranch } from '../../src/demo/generate';
import { BootProgress } from '../../src/app/boot-progress';
import { BUSINESS_DATE, NOW } from '../support/fixtures';

let db: FrontDeskDatabase | null = null;
afterEach(async () => { await db?.close(); db = null; });

describe('the first start\'s progress (issue #11)', () => {
  it('loading a branch reports each batch, ending at the whole', async () => {
    db = await openFrontDeskDb({ name: `boot-${Math.random().toString(36).slice(2)}`, storage: getRxStorageMemory() });
    const data = generateDemoBranch({ seed: 7, businessDate: BUSINESS_DATE, now: NOW, memberCount: 300 });
    const seen: LoadProgress[] = [];
    await loadBranch(db, data, (p) => seen.push(p));
    const total = data.rooms.length + data.members.length + data.reservations.length + data.ledger.length + data.feedback.length + 1;
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every((p) => p.total === total)).toBe(true);
    expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a - b));
    expect(seen.at(-1)?.done).toBe(total);
  });

  it('the boot screen names the step and shows the share done, in Chinese and English', () => {
    const { rerender } = render(<BootProgress step={{ step: 'generate' }} />);
    expect(screen.getByRole('status')).toHaveTextContent('正在生成演示分店');
    expect(screen.getByRole('status')).toHaveTextContent('Generating the demo branch');
    rerender(<BootProgress step={{ step: 'load', done: 4500, total: 9000 }} />);
    expect(screen.getByRole('status')).toHaveTextContent('正在写入本机数据库：4,500 / 9,000 条 · 55%');
    expect(screen.getByRole('status')).toHaveTextContent('Writing to this tablet\'s database: 4,500 / 9,000 records');
    expect(screen.getByRole('progressbar')).toHaveAttribute('value', '55');
  });
});
