import { useRoute } from 'preact-iso';
import { useSession } from '../../auth/session.tsx';
import { MyReferralsPage } from './my-referrals.tsx';
import { ReferralDetailPage } from './referral-detail.tsx';
import { TriageQueuePage } from './triage-queue.tsx';

/**
 * `/referrals` and `/referrals/:id`: the list the role works from (the triage queue for staff
 * and leaders, "my referrals" for partners and advocates), and one referral's page.
 */
export function ReferralsPage() {
  const { params } = useRoute();
  const { me } = useSession();
  if (params.id) return <ReferralDetailPage key={params.id} id={params.id} />;
  return me.role === 'staff' || me.role === 'leader' ? <TriageQueuePage /> : <MyReferralsPage />;
}
