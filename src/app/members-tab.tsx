/** The 会员 tab: search (this branch and the chain) beside the chosen member's profile, redemptions and feedback. Loaded on first use (see src/ui/lazy.tsx). */
import { useTranslation } from 'react-i18next';
import type { IsoDate } from '../domain/model';
import type { ChainApi } from '../sync/chain';
import { MemberSearch } from '../features/members/member-search';
import { MemberProfile } from '../features/members/member-profile';
import { RedeemPanel } from '../features/redeem/redeem-panel';
import { FeedbackPanel } from '../features/feedback/feedback-panel';

export function MembersTab({ selectedId, onOpen, today, chain }: {
  selectedId: string | null; onOpen: (id: string) => void; today: IsoDate; chain?: ChainApi | undefined;
}) {
  const { t } = useTranslation();
  return (
    <div className="members-layout">
      <MemberSearch onOpen={onOpen} selectedId={selectedId} chain={chain} />
      {selectedId
        ? <MemberProfile key={selectedId} memberId={selectedId} today={today} onOpenMember={onOpen}
            actions={<RedeemPanel memberId={selectedId} />}
            aside={<FeedbackPanel memberId={selectedId} />} />
        : <p className="empty">{t('members.pick')}</p>}
    </div>
  );
}
