import { useState } from 'preact/hooks';
import type { Referral, ReferralStatus } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/alert.tsx';
import { ExportCsvButton } from '../../components/export-csv.tsx';
import { ListTable, OverdueSummary } from '../../components/list-table.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { StatusFilter } from '../../components/select-filter.tsx';
import { useRowActions } from '../../components/use-row-actions.ts';
import { FirstResponse, isOverdue, StatusBadge, statusLabels } from './labels.tsx';
import { ReferralActions } from './referral-actions.tsx';
import { type People, referrerSide, usePeople } from './use-people.ts';
import { useReferralList } from './use-referral-list.ts';

/** The company link of a row: where focus goes when the row's action buttons change. */
const rowLinkId = (referral: Referral) => `referral-${referral.id}`;

/**
 * Staff and leaders: every referral, overdue ones first, with the triage actions inline.
 * Filters: a status, and "only mine" (the referrals the signed-in user owns).
 */
export function TriageQueuePage() {
  usePageTitle('Referrals');
  const { me } = useSession();
  const people = usePeople();
  const [status, setStatus] = useState<ReferralStatus | ''>('');
  const [mine, setMine] = useState(false);
  const list = useReferralList({ status: status || undefined, ownerId: mine ? me.id : undefined }, true);
  const actions = useRowActions(list, (referral) => `The referral of ${referral.company.name}`);

  const overdueCount = list.items?.filter((referral) => isOverdue(referral)).length ?? 0;
  const heading = status ? `${statusLabels[status]} referrals` : 'All referrals';
  return (
    <div class="page-wide">
      <h1>Referrals</h1>
      <p class="lede">
        The triage queue: referrals waiting past their first-response date come first, then the newest.
      </p>
      <StatusMessage>{actions.message}</StatusMessage>
      <ErrorAlert>{actions.actionError}</ErrorAlert>

      <section class="card" aria-labelledby="queue-heading">
        <div class="card-header">
          <h2 id="queue-heading">
            {heading}
            {mine ? ' you own' : ''}
          </h2>
          <ExportCsvButton
            list="referrals"
            query={{ status: status || undefined, ownerId: mine ? me.id : undefined }}
          />
          <form class="filters" aria-label="Filter referrals" onSubmit={(event) => event.preventDefault()}>
            <StatusFilter value={status} labels={statusLabels} onChange={setStatus} />
            <label class="toggle">
              <input type="checkbox" checked={mine} onChange={(event) => setMine(event.currentTarget.checked)} />
              Only referrals I own
            </label>
          </form>
        </div>
        <OverdueSummary count={overdueCount}>waiting for a first response.</OverdueSummary>
        <ListTable
          list={list}
          labelledBy="queue-heading"
          tableClass="queue-table"
          empty={
            <>
              {mine ? 'You own no referrals' : 'There are no referrals'}
              {status ? ` in status “${statusLabels[status]}”` : ''} yet.
            </>
          }
          columns={
            <>
              <th scope="col">Company</th>
              <th scope="col">Referred by</th>
              <th scope="col">Status</th>
              <th scope="col">First response</th>
              <th scope="col">Owner</th>
              <th scope="col">Actions</th>
            </>
          }
          row={(referral) => (
            <QueueRow
              key={referral.id}
              referral={referral}
              people={people}
              onChanged={actions.changed}
              onFailed={(error) => actions.failed(referral, error)}
            />
          )}
          loading="Loading referrals…"
          more="Show more referrals"
        />
      </section>
    </div>
  );
}

function QueueRow({
  referral,
  people,
  onChanged,
  onFailed,
}: {
  referral: Referral;
  people: People;
  onChanged: (updated: Referral, message: string) => void;
  onFailed: (error: unknown) => void;
}) {
  return (
    <tr class={isOverdue(referral) ? 'row-overdue' : undefined}>
      <th scope="row">
        <a id={rowLinkId(referral)} href={`/referrals/${referral.id}`}>
          {referral.company.name}
        </a>
        {referral.company.domain && <span class="cell-note">{referral.company.domain}</span>}
      </th>
      <td>
        <span class="nowrap">{people.userName(referral.referrerId) ?? (people.loaded ? 'Unknown' : '…')}</span>
        <span class="cell-note">{referrerSide(referral, people)}</span>
      </td>
      <td>
        <StatusBadge status={referral.status} />
      </td>
      <td class="nowrap">
        <FirstResponse referral={referral} />
      </td>
      <td class="nowrap">
        {referral.ownerId ? (people.userName(referral.ownerId) ?? '…') : <span class="muted">Unassigned</span>}
      </td>
      <td class="actions">
        <ReferralActions
          referral={referral}
          people={people}
          onChanged={onChanged}
          onFailed={onFailed}
          fallbackFocusId={rowLinkId(referral)}
        />
      </td>
    </tr>
  );
}
