import { useCallback } from 'preact/hooks';
import { customerRecordsApi } from '../../api/customers.ts';
import type { Customer, CustomerDetail } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { Time } from '../../components/dates.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { RecordBody, RecordLoading, Row, useRecordPage } from '../../components/record-page.tsx';
import { TableScroll } from '../../components/table-scroll.tsx';
import { IssueStatusBadge, isOpenIssue, SeverityBadge } from '../issues/labels.tsx';
import { NotFoundPage } from '../not-found.tsx';
import { FitList, influenceLabel, StatusBadge } from '../referrals/labels.tsx';
import { type People, usePeople } from '../referrals/use-people.ts';
import { CustomerTimeline } from './customer-timeline.tsx';
import { LifecycleBadge, lifecycleLabel } from './labels.tsx';
import { LifecycleActions } from './lifecycle-actions.tsx';
import { forgetCustomerIndex } from './use-customer-index.ts';

const lifecycleHeadingId = 'lifecycle-heading';

/**
 * One customer: the profile, the four fits, the job to be done, the stakeholder map, the
 * lifecycle with its history and the moves it allows, and the referrals, issues and handoffs
 * linked to it, with its timeline. Partners and advocates see the customers they brought,
 * read-only and without the stakeholder contacts.
 */
export function CustomerDetailPage({ id }: { id: string }) {
  const { me } = useSession();
  const people = usePeople();
  const staff = me.role === 'staff' || me.role === 'leader';
  const fetchRecord = useCallback(() => customerRecordsApi.get(id), [id]);
  const page = useRecordPage<CustomerDetail>({
    path: `/customers/${id}`,
    fetch: fetchRecord,
  });
  const { detail, missing, loadError, changed, failed } = page;
  usePageTitle(detail ? detail.name : 'Customer', staff ? 'Customers' : 'My customers');

  const moved = (updated: Customer, said: string) => {
    forgetCustomerIndex();
    void changed(updated, said);
  };

  if (missing) return <NotFoundPage />;
  if (!detail) return <RecordLoading title="Customer" noun="the customer" error={loadError} />;

  const openIssues = detail.issues.filter((issue) => isOpenIssue(issue.status)).length;
  return (
    <div class="page-wide">
      <p class="breadcrumb">
        <a href="/customers">{staff ? 'Back to customers' : 'Back to my customers'}</a>
      </p>
      <div class="page-heading">
        <h1>{detail.name}</h1>
        <LifecycleBadge stage={detail.lifecycle} />
        {openIssues > 0 && (
          <span class="badge badge-overdue">
            {openIssues} open {openIssues === 1 ? 'issue' : 'issues'}
          </span>
        )}
        {staff && (
          <a class="button button-secondary heading-action" href={`/customers/${detail.id}/edit`}>
            Edit profile
          </a>
        )}
      </div>
      <p class="lede">
        {detail.domain ? `${detail.domain} · ` : ''}
        {detail.segment ? `${detail.segment} · ` : ''}On record since <Time iso={detail.createdAt} />.
      </p>
      <RecordBody
        page={page}
        statusHeadingId={lifecycleHeadingId}
        statusTitle="Lifecycle"
        status={
          <>
            {staff && (
              <LifecycleActions
                customer={detail}
                onMoved={moved}
                onFailed={failed}
                fallbackFocusId={lifecycleHeadingId}
              />
            )}
            <dl class="summary-list summary-compact">
              <Row term="Stage">
                <LifecycleBadge stage={detail.lifecycle} />
              </Row>
              <Row term="Since">
                <Time iso={detail.lifecycleChangedAt ?? detail.createdAt} />
              </Row>
              {detail.wonBack && (
                <Row term="Won back">
                  <Time iso={detail.wonBack.at} />
                  {people.userName(detail.wonBack.by) ? ` by ${people.userName(detail.wonBack.by)}` : ''}:{' '}
                  {detail.wonBack.note}
                </Row>
              )}
            </dl>
            <h3 class="subheading">History</h3>
            <ol class="lifecycle-history">
              {detail.lifecycleHistory.map((entry, index) => (
                <li key={index}>
                  <span class="lifecycle-step">
                    <LifecycleBadge stage={entry.to} />
                    <span class="timeline-when">
                      <Time iso={entry.at} />
                    </span>
                  </span>
                  <span class="cell-note">
                    {entry.from ? `From ${lifecycleLabel(entry.from).toLowerCase()}` : 'Entered'}
                    {entry.by && people.userName(entry.by)
                      ? `${entry.from ? ',' : ''} by ${people.userName(entry.by)}`
                      : ''}
                  </span>
                  {entry.note && <p class="timeline-note">{entry.note}</p>}
                </li>
              ))}
            </ol>
          </>
        }
        timeline={<CustomerTimeline customer={detail} people={people} />}
      >
        <section class="card" aria-labelledby="profile-heading">
          <h2 id="profile-heading">Profile</h2>
          <dl class="summary-list">
            <Row term="Name">{detail.name}</Row>
            <Row term="Website domain">{detail.domain ?? <span class="muted">Not given</span>}</Row>
            {staff && <Row term="Segment">{detail.segment ?? <span class="muted">Not given</span>}</Row>}
            <Row term="Job to be done">{detail.jobToBeDone ?? <span class="muted">Not recorded yet</span>}</Row>
            <Row term="Came to us">
              {detail.referredBy ? (
                <>
                  Through a <a href={`/referrals/${detail.referredBy.referralId}`}>won referral</a>
                  {staff && people.userName(detail.referredBy.referrerId)
                    ? ` by ${people.userName(detail.referredBy.referrerId)}`
                    : ''}
                  {staff && detail.referredBy.partnerId && people.partnerName(detail.referredBy.partnerId)
                    ? ` (${people.partnerName(detail.referredBy.partnerId)})`
                    : ''}
                </>
              ) : (
                'Entered by our staff'
              )}
            </Row>
          </dl>
        </section>

        <section class="card" aria-labelledby="fit-heading">
          <h2 id="fit-heading">Fit</h2>
          {detail.fit ? <FitList fit={detail.fit} /> : <p class="empty">The fits have not been scored yet.</p>}
        </section>

        {staff && (
          <section class="card" aria-labelledby="stakeholders-heading">
            <h2 id="stakeholders-heading">Stakeholder map</h2>
            {(detail.stakeholders ?? []).length === 0 ? (
              <p class="empty">No stakeholders recorded yet.</p>
            ) : (
              <TableScroll labelledBy="stakeholders-heading">
                <table aria-labelledby="stakeholders-heading">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Influence</th>
                      <th scope="col">Title</th>
                      <th scope="col">Contact</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(detail.stakeholders ?? []).map((stakeholder, index) => (
                      <tr key={index}>
                        <th scope="row">{stakeholder.name}</th>
                        <td>
                          <span class={`badge badge-influence-${stakeholder.role}`}>
                            {influenceLabel(stakeholder.role)}
                          </span>
                        </td>
                        <td>{stakeholder.title ?? <span class="muted">—</span>}</td>
                        <td>
                          {stakeholder.email && <span class="cell-line">{stakeholder.email}</span>}
                          {stakeholder.phone && <span class="cell-line">{stakeholder.phone}</span>}
                          {!stakeholder.email && !stakeholder.phone && <span class="muted">—</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </section>
        )}

        <IssuesSection customer={detail} people={people} staff={staff} />
        <ReferralsSection customer={detail} people={people} staff={staff} />
        {staff && <HandoffsSection customer={detail} />}
      </RecordBody>
    </div>
  );
}

function IssuesSection({ customer, people, staff }: { customer: CustomerDetail; people: People; staff: boolean }) {
  return (
    <section class="card" aria-labelledby="issues-heading">
      <div class="card-header">
        <h2 id="issues-heading">Issues</h2>
        {staff && (
          <a class="button button-secondary" href={`/report-issue?customer=${encodeURIComponent(customer.id)}`}>
            Report an issue<span class="visually-hidden"> affecting {customer.name}</span>
          </a>
        )}
      </div>
      {customer.issues.length === 0 ? (
        <p class="empty">Nothing has hurt this customer that we know of.</p>
      ) : (
        <TableScroll labelledBy="issues-heading">
          <table aria-labelledby="issues-heading">
            <thead>
              <tr>
                <th scope="col">Issue</th>
                <th scope="col">Severity</th>
                <th scope="col">Status</th>
                {staff && <th scope="col">Owner</th>}
              </tr>
            </thead>
            <tbody>
              {customer.issues.map((issue) => (
                <tr key={issue.id}>
                  <th scope="row" class="cell-text">
                    {staff ? <a href={`/issues/${issue.id}`}>{issue.title}</a> : issue.title}
                    <span class="cell-note">
                      Reported <Time iso={issue.createdAt} />
                    </span>
                  </th>
                  <td>
                    <SeverityBadge severity={issue.severity} />
                  </td>
                  <td>
                    <IssueStatusBadge status={issue.status} />
                  </td>
                  {staff && (
                    <td class="whole-words">
                      {issue.ownerId ? (people.userName(issue.ownerId) ?? '…') : <span class="muted">Nobody yet</span>}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

function ReferralsSection({ customer, people, staff }: { customer: CustomerDetail; people: People; staff: boolean }) {
  return (
    <section class="card" aria-labelledby="referrals-heading">
      <h2 id="referrals-heading">Referrals</h2>
      {customer.referrals.length === 0 ? (
        <p class="empty">No referral is linked to this customer.</p>
      ) : (
        <ul class="linked-list">
          {customer.referrals.map((referral) => (
            <li key={referral.id}>
              <a href={`/referrals/${referral.id}`}>Referral of {referral.company.name}</a>{' '}
              <StatusBadge status={referral.status} />
              <span class="cell-note">
                Submitted <Time iso={referral.createdAt} />
                {staff && people.userName(referral.referrerId) ? ` by ${people.userName(referral.referrerId)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function HandoffsSection({ customer }: { customer: CustomerDetail }) {
  const handoffs = customer.handoffs.flatMap((handoff) => {
    const id = typeof handoff.id === 'string' ? handoff.id : undefined;
    if (!id) return [];
    const summary = typeof handoff.summary === 'string' ? handoff.summary : 'Handoff';
    const status = typeof handoff.status === 'string' ? handoff.status : undefined;
    return [{ id, summary, status }];
  });
  return (
    <section class="card" aria-labelledby="handoffs-heading">
      <h2 id="handoffs-heading">Handoffs</h2>
      {handoffs.length === 0 ? (
        <p class="empty">No handoff concerning this customer is listed here yet.</p>
      ) : (
        <ul class="linked-list">
          {handoffs.map((handoff) => (
            <li key={handoff.id}>
              <a href={`/handoffs/${handoff.id}`}>{handoff.summary}</a>
              {handoff.status && <span class="cell-note">{handoff.status}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
