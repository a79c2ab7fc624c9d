/**
 * English leftovers (issue #11): the chain's member tags and the branch's
 * name read in English on the English desk; Chinese stays Chinese; a tag
 * the chain has no translation for is shown as written.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import type { FrontDeskDatabase } from '../../src/data/database';
import { MemberProfile } from '../../src/features/members/member-profile';
import { DayBanner } from '../../src/features/business-day/day-banner';
import { generateDemoBranch } from '../../src/demo/generate';
import { NOW } from '../support/fixtures';
import { resetSession } from '../../src/session/store';
import { testDb } from '../support/db';
import { BUSINESS_DATE, smallBranch } from '../support/fixtures';
import { renderWithDb } from '../support/render';

let db: FrontDeskDatabase;
afterEach(async () => { await db?.close(); resetSession(); });

function tagged() {
  const data = smallBranch();
  const m = data.members.find((x) => x.id === 'M000000003');
  if (m) m.tags = ['商务', '需要发票', '爱喝茶'];
  data.branch = { ...data.branch, name: '广州北京路店', nameEn: 'Guangzhou Beijing Road' };
  return data;
}

describe('names on the English desk (issue #11)', () => {
  it('member tags: the chain\'s tags in English, an unknown tag as written', async () => {
    db = await testDb(tagged());
    renderWithDb(<MemberProfile memberId="M000000003" today={BUSINESS_DATE} />, db, { language: 'en' });
    expect(await screen.findByText('Business')).toHaveClass('tag');
    expect(screen.getByText('Needs invoice')).toHaveClass('tag');
    expect(screen.getByText('爱喝茶')).toHaveClass('tag');
    expect(screen.queryByText('商务')).not.toBeInTheDocument();
  });

  it('member tags stay Chinese on the Chinese desk', async () => {
    db = await testDb(tagged());
    renderWithDb(<MemberProfile memberId="M000000003" today={BUSINESS_DATE} />, db);
    expect(await screen.findByText('商务')).toHaveClass('tag');
  });

  it('the branch name under the top bar (the day banner) follows the language when the branch has an English name', async () => {
    db = await testDb(tagged());
    const branch = tagged().branch;
    const { unmount } = renderWithDb(<DayBanner branch={branch} />, db, { language: 'en' });
    expect(screen.getByText('Guangzhou Beijing Road', { selector: '.day-branch' })).toBeInTheDocument();
    unmount();
    renderWithDb(<DayBanner branch={branch} />, db);
    expect(screen.getByText('广州北京路店', { selector: '.day-branch' })).toBeInTheDocument();
  });

  it('the demo branch carries its English name', () => {
    expect(generateDemoBranch({ seed: 7, businessDate: BUSINESS_DATE, now: NOW, memberCount: 10 }).branch).toMatchObject({ name: '广州北京路店', nameEn: 'Guangzhou Beijing Road' });
  });
});
