import { useState } from 'preact/hooks';
import type { Me, ReferralStatus } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { Time } from '../../components/dates.tsx';
import { ExportCsvButton } from '../../components/export-csv.tsx';
import { ListTable } from '../../components/list-table.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { StatusFilter } from '../../components/select-filter.tsx';
import { FirstResponse, StatusBadge, statusLabels } from './labels.tsx';
import { useReferralList } from './use-referral-list.ts';

function partnerName(me: Me): string | undefined {
  return 'partnerName' in me && typeof me.partnerName === 'string' ? me.partnerName : undefined;
}

/**
 * Partners and advocates: the referrals they follow (a partner's organisation's, an advocate's
 * own), newest first, with their status and the first response they were promised.
 */
export function MyReferralsPage() {
  usePageTitle('My referrals');
  const { me } = useSession();
  const [status, setStatus] = useState<ReferralStatus | ''>('');
  const list = useReferralList({ status: status || undefined }, false);
  const organisation = me.role === 'partner' ? partnerName(me) : undefined;

  return (
    <>
      <h1>My referrals</h1>
      <p class="lede">
        {me.role === 'partner'
          ? `Every referral from ${organisation ?? 'your organisation'}, newest first, and where each one stands.`
          : 'The customers you referred, newest first, and where each one stands.'}
      </p>
      <p>
        <a class="button button-primary" href="/refer">
          Refer a customer
        </a>
      </p>
      <section class="card" aria-labelledby="my-referrals-heading">
        <div class="card-header">
          <h2 id="my-referrals-heading">{status ? `${statusLabels[status]} referrals` : 'All referrals'}</h2>
          <ExportCsvButton list="referrals" query={{ status: status || undefined }} />
          <form class="filters" aria-label="Filter referrals" onSubmit={(event) => event.preventDefault()}>
            <StatusFilter value={status} labels={statusLabels} onChange={setStatus} />
          </form>
        </div>
        <ListTable
          list={list}
          labelledBy="my-referrals-heading"
          empty={
            status
              ? `No referral is in status “${statusLabels[status]}”.`
              : 'No referrals yet: when you refer a customer, you can follow it here.'
          }
          columns={
            <>
              <th scope="col">Company</th>
              <th scope="col">Status</th>
              <th scope="col">Submitted</th>
              <th scope="col">First response</th>
            </>
          }
          row={(referral) => (
            <tr key={referral.id}>
              <th scope="row">
                <a href={`/referrals/${referral.id}`}>{referral.company.name}</a>
                {referral.company.domain && <span class="cell-note">{referral.company.domain}</span>}
              </th>
              <td>
                <StatusBadge status={referral.status} />
              </td>
              <td class="nowrap">
                <Time iso={referral.createdAt} />
              </td>
              <td class="nowrap">
                <FirstResponse referral={referral} />
              </td>
            </tr>
          )}
          loading="Loading referrals…"
          more="Show more referrals"
        />
      </section>
    </>
  );
}
