import { useCallback } from 'preact/hooks';
import { issuesApi } from '../../api/issues.ts';
import type { IssueDetail } from '../../api/types.ts';
import { Time } from '../../components/dates.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { RecordBody, RecordLoading, Row, useRecordPage } from '../../components/record-page.tsx';
import { LifecycleBadge } from '../customers/labels.tsx';
import { NotFoundPage } from '../not-found.tsx';
import { usePeople } from '../referrals/use-people.ts';
import { CommunicationLog } from './communication-log.tsx';
import { FactorsSection } from './issue-factors.tsx';
import { IssueTimeline } from './issue-timeline.tsx';
import { IssueStatusBadge, missedTarget, SeverityBadge, severities } from './labels.tsx';
import { OwnershipActions, ownershipHeadingId } from './ownership-actions.tsx';

/**
 * One issue (staff and leaders): what happened and to whom, who owns it and the moves its
 * status allows (take ownership, hand over, mitigate, resolve with a follow-up), the
 * contributing factors (causes, never a person), the customer-communication log and the
 * timeline.
 */
export function IssueDetailPage({ id }: { id: string }) {
  const people = usePeople();
  const fetchRecord = useCallback(() => issuesApi.get(id), [id]);
  const page = useRecordPage<IssueDetail>({
    path: `/issues/${id}`,
    fetch: fetchRecord,
  });
  const { detail, missing, loadError, changed, failed } = page;
  const names = detail?.customers.map((customer) => customer.name) ?? [];
  const title = detail?.title ?? 'Issue';
  usePageTitle(title, 'Issues');

  if (missing) return <NotFoundPage />;
  if (!detail) return <RecordLoading title="Issue" noun="the issue" error={loadError} />;

  const missed = missedTarget(detail);
  return (
    <>
      <p class="breadcrumb">
        <a href="/issues">Back to the issue board</a>
      </p>
      <div class="page-heading">
        <h1>{title}</h1>
        <SeverityBadge severity={detail.severity} />
        <IssueStatusBadge status={detail.status} />
        {missed && (
          <span class="badge badge-overdue">{missed === 'own' ? 'Not owned in time' : 'Past its target'}</span>
        )}
      </div>
      <p class="lede">
        {names.length ? `Affecting ${names.join(', ')}. ` : ''}
        Reported{detail.reportedBy ? ` by ${people.userName(detail.reportedBy) ?? '…'}` : ''} on{' '}
        <Time iso={detail.createdAt} withTime />.
      </p>
      <RecordBody
        page={page}
        statusHeadingId={ownershipHeadingId}
        statusTitle="Ownership"
        status={
          <>
            <OwnershipActions issue={detail} people={people} onChanged={changed} onFailed={failed} />
            <dl class="summary-list summary-compact">
              <Row term="Status">
                <IssueStatusBadge status={detail.status} />
              </Row>
              <Row term="Owner">
                {detail.ownerId ? (people.userName(detail.ownerId) ?? '…') : <span class="muted">Nobody yet</span>}
              </Row>
              <Row term="Time to own">
                <Target due={detail.ownDueAt} done={detail.ownedAt} late={detail.ownedLate ?? detail.ownBreached} />
              </Row>
              <Row term="Time to resolve">
                <Target
                  due={detail.resolveDueAt}
                  done={detail.resolvedAt}
                  late={detail.resolvedLate ?? detail.resolveBreached}
                />
              </Row>
              {detail.mitigatedAt && (
                <Row term="Mitigated">
                  <Time iso={detail.mitigatedAt} withTime />
                </Row>
              )}
            </dl>
          </>
        }
        timeline={<IssueTimeline issue={detail} people={people} />}
      >
        <section class="card" aria-labelledby="what-heading">
          <h2 id="what-heading">What happened</h2>
          <dl class="summary-list">
            <Row term="Affected customers">
              <ul class="inline-list">
                {detail.customers.map((customer) => (
                  <li key={customer.id}>
                    <a href={`/customers/${customer.id}`}>{customer.name}</a>{' '}
                    <LifecycleBadge stage={customer.lifecycle} />
                  </li>
                ))}
              </ul>
            </Row>
            <Row term="Severity">
              <SeverityBadge severity={detail.severity} />
              <span class="cell-note">{severities.find((option) => option.value === detail.severity)?.meaning}</span>
            </Row>
            <Row term="Impact">
              <span class="preserve-lines">{detail.impact}</span>
            </Row>
            <Row term="What the customer was told">
              <span class="preserve-lines">{detail.customerTold}</span>
            </Row>
            {detail.mitigationNote && (
              <Row term="How it was mitigated">
                <span class="preserve-lines">{detail.mitigationNote}</span>
              </Row>
            )}
            {detail.followUp && (
              <Row term="Follow-up">
                <span class="preserve-lines">{detail.followUp}</span>
              </Row>
            )}
          </dl>
        </section>

        <FactorsSection issue={detail} onSaved={changed} onFailed={failed} />
        <CommunicationLog issue={detail} people={people} onAdded={(said) => changed(null, said)} />
      </RecordBody>
    </>
  );
}

function Target({ due, done, late }: { due: string | undefined; done: string | undefined; late: boolean | undefined }) {
  if (done) {
    return (
      <span class="first-response">
        <span>
          Done <Time iso={done} withTime />
        </span>
        {late ? <span class="badge badge-late">Late</span> : <span class="badge badge-won">In time</span>}
      </span>
    );
  }
  if (!due) return <span class="muted">—</span>;
  return (
    <span class="first-response">
      <span>
        By <Time iso={due} withTime />
      </span>
      {(late || Date.parse(due) < Date.now()) && <span class="badge badge-overdue">Missed</span>}
    </span>
  );
}
