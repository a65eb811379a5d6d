import { useCallback } from 'preact/hooks';
import { handoffsApi } from '../../api/handoffs.ts';
import type { HandoffDetail } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { Time } from '../../components/dates.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { RecordBody, RecordLoading, Row, useRecordPage } from '../../components/record-page.tsx';
import { NotFoundPage } from '../not-found.tsx';
import { type People, usePeople } from '../referrals/use-people.ts';
import { HandoffActions } from './handoff-actions.tsx';
import {
  Acknowledgement,
  isOverdue,
  kindLabels,
  MissingList,
  RatingScore,
  StatusBadge,
  workingHours,
} from './labels.tsx';
import { HandoffTimeline } from './timeline.tsx';
import { useCustomers } from './use-customers.ts';

const statusHeadingId = 'handoff-status-heading';

/**
 * One handoff: what was promised and what the receiving team needs, where it stands, what is
 * missing while it is returned, the rating, and its timeline. The actions are the caller's own
 * (the API's `actions`): the receiving team's moves and rating, or the sending team's Resubmit.
 */
export function HandoffDetailPage({ id }: { id: string }) {
  const { me } = useSession();
  const people = usePeople();
  const customers = useCustomers();
  const fetchRecord = useCallback(() => handoffsApi.get(id), [id]);
  const page = useRecordPage<HandoffDetail>({
    path: `/handoffs/${id}`,
    fetch: fetchRecord,
  });
  const { detail, missing, loadError, changed, failed } = page;
  usePageTitle(detail ? detail.summary : 'Handoff', 'Handoffs');

  if (missing) return <NotFoundPage />;
  if (!detail) return <RecordLoading title="Handoff" noun="the handoff" error={loadError} />;

  const from = people.teamName(detail.fromTeamId) ?? '…';
  const to = people.teamName(detail.toTeamId) ?? '…';
  const back =
    me.role === 'leader'
      ? { href: '/handoffs', label: 'Back to all handoffs' }
      : me.teamId === detail.toTeamId
        ? { href: '/inbox', label: 'Back to the inbox' }
        : { href: '/outbox', label: 'Back to the outbox' };
  const customer = customers.name(detail.customerId);
  return (
    <>
      <p class="breadcrumb">
        <a href={back.href}>{back.label}</a>
      </p>
      <div class="page-heading">
        <h1>{detail.summary}</h1>
        <StatusBadge status={detail.status} />
        {isOverdue(detail) && <span class="badge badge-overdue">Overdue</span>}
      </div>
      <p class="lede">
        Handed from {from} to {to} by {people.userName(detail.senderId) ?? '…'} on <Time iso={detail.createdAt} />.
      </p>
      <RecordBody
        page={page}
        statusHeadingId={statusHeadingId}
        statusTitle="Status"
        status={
          <>
            <HandoffActions
              handoff={detail}
              people={people}
              onChanged={changed}
              onFailed={failed}
              fallbackFocusId={statusHeadingId}
            />
            <StatusSummary handoff={detail} people={people} />
          </>
        }
        timeline={<HandoffTimeline handoff={detail} people={people} />}
        side={
          <section class="card" aria-labelledby="rating-heading">
            <h2 id="rating-heading">Rating</h2>
            <Rating handoff={detail} people={people} to={to} />
          </section>
        }
      >
        {detail.status === 'returned' && detail.missing && detail.missing.length > 0 && (
          <section class="card card-notice" aria-labelledby="missing-heading">
            <h2 id="missing-heading">What is missing</h2>
            <p class="section-hint">
              {to} returned it on {detail.returnedAt ? <Time iso={detail.returnedAt} withTime /> : 'its last round'}.{' '}
              {from} adds what is missing and resubmits it.
            </p>
            <MissingList handoff={detail} heading={`${to} needs:`} />
          </section>
        )}
        <section class="card" aria-labelledby="handoff-heading">
          <h2 id="handoff-heading">The handoff</h2>
          <dl class="summary-list">
            <Row term="Kind">{kindLabels[detail.kind]}</Row>
            {detail.referralId ? (
              <Row term="Referral">
                <a href={`/referrals/${detail.referralId}`}>The referral this handoff is about</a>
              </Row>
            ) : (
              <Row term="Customer">
                {detail.customerId ? (
                  (customer ?? <span class="muted">A customer record</span>)
                ) : (
                  <span class="muted">None: internal work</span>
                )}
              </Row>
            )}
            <Row term="What the customer was promised">
              <p class="prose">{detail.promised}</p>
            </Row>
            <Row term={`What ${to} needs`}>
              <p class="prose">{detail.needs}</p>
            </Row>
            <Row term="Work due">
              {detail.dueAt ? <Time iso={detail.dueAt} /> : <span class="muted">No due date</span>}
            </Row>
          </dl>
        </section>

        {detail.checklist.length > 0 && (
          <section class="card" aria-labelledby="answers-heading">
            <h2 id="answers-heading">What {to} asked for</h2>
            <dl class="checklist-answers">
              {detail.checklist.map((item) => (
                <div key={item.itemId}>
                  <dt>
                    {item.label}
                    {detail.status === 'returned' && detail.missingItemIds?.includes(item.itemId) && (
                      <span class="badge badge-overdue">Missing</span>
                    )}
                    {detail.status !== 'returned' && detail.revisedItemIds?.includes(item.itemId) && (
                      <span class="badge badge-accepted">Answered anew</span>
                    )}
                  </dt>
                  <dd>{item.answer}</dd>
                </div>
              ))}
            </dl>
          </section>
        )}
      </RecordBody>
    </>
  );
}

function StatusSummary({ handoff, people }: { handoff: HandoffDetail; people: People }) {
  return (
    <dl class="summary-list summary-compact">
      <Row term="Status">
        <StatusBadge status={handoff.status} />
      </Row>
      <Row term="Sent">
        <Time iso={handoff.sentAt} withTime />
      </Row>
      <Row term="Acknowledgement">
        <Acknowledgement handoff={handoff} />
        <span class="cell-note">Within {workingHours(handoff.ackSlaHours)}</span>
      </Row>
      {handoff.acknowledgedBy && <Row term="Acknowledged by">{people.userName(handoff.acknowledgedBy) ?? '…'}</Row>}
      {handoff.acceptedAt && (
        <Row term="Accepted">
          <Time iso={handoff.acceptedAt} withTime />
        </Row>
      )}
      {handoff.returnCount > 0 && (
        <Row term="Returned">
          {handoff.returnCount} {handoff.returnCount === 1 ? 'time' : 'times'}
        </Row>
      )}
      {handoff.completedAt && (
        <Row term="Completed">
          <Time iso={handoff.completedAt} withTime />
        </Row>
      )}
    </dl>
  );
}

function Rating({ handoff, people, to }: { handoff: HandoffDetail; people: People; to: string }) {
  if (handoff.rating) {
    return (
      <>
        <p>
          <RatingScore score={handoff.rating.score} />
        </p>
        {handoff.rating.comment && <p class="prose">{handoff.rating.comment}</p>}
        <p class="note-meta">
          Rated by {people.userName(handoff.rating.ratedBy) ?? '…'} of {to},{' '}
          <Time iso={handoff.rating.ratedAt} withTime />
        </p>
      </>
    );
  }
  if (handoff.status !== 'completed') return <p class="empty">{to} rates the handoff once it is completed.</p>;
  return (
    <p class="empty">{handoff.actions.rate ? 'Not rated yet: use Rate above.' : `Not rated yet: ${to} rates it.`}</p>
  );
}
