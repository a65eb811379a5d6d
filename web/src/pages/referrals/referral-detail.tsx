import { useCallback } from 'preact/hooks';
import { referralsApi } from '../../api/referrals.ts';
import type { ReferralDetail } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { Time } from '../../components/dates.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { RecordBody, RecordLoading, Row, useRecordPage } from '../../components/record-page.tsx';
import { NotFoundPage } from '../not-found.tsx';
import { InternalNotes } from './internal-notes.tsx';
import { FirstResponse, FitList, influenceLabel, isOpen, isOverdue, StatusBadge } from './labels.tsx';
import { PersonalData } from './personal-data.tsx';
import { ReferralActions } from './referral-actions.tsx';
import { Conflicts, ReferralHandoffs } from './referral-related.tsx';
import { ReferralTimeline } from './timeline.tsx';
import { type People, referrerSide, usePeople } from './use-people.ts';

const statusHeadingId = 'referral-status-heading';

/** What a later answer may not overwrite: the timeline and the staff-only lists come with a GET. */
/**
 * One referral: the prospect, the fits, the stakeholders, where it stands and its timeline.
 * Staff and leaders also get the triage actions, internal notes and the conflicts raised
 * against it; leaders can erase the contact's personal data.
 */
export function ReferralDetailPage({ id }: { id: string }) {
  const { me } = useSession();
  const people = usePeople();
  const fetchRecord = useCallback(() => referralsApi.get(id), [id]);
  const page = useRecordPage<ReferralDetail>({
    path: `/referrals/${id}`,
    fetch: fetchRecord,
  });
  const { detail, missing, loadError, changed, failed, load } = page;
  const staff = me.role === 'staff' || me.role === 'leader';
  usePageTitle(detail ? detail.company.name : 'Referral', 'Referrals');

  if (missing) return <NotFoundPage />;
  if (!detail) return <RecordLoading title="Referral" noun="the referral" error={loadError} />;

  const back = staff ? 'Back to the triage queue' : 'Back to my referrals';
  return (
    <>
      <p class="breadcrumb">
        <a href="/referrals">{back}</a>
      </p>
      <div class="page-heading">
        <h1>{detail.company.name}</h1>
        <StatusBadge status={detail.status} />
        {isOverdue(detail) && <span class="badge badge-overdue">Overdue</span>}
      </div>
      <p class="lede">
        Referred by {people.userName(detail.referrerId) ?? (staff ? '…' : 'your organisation')}
        {staff ? ` (${referrerSide(detail, people)})` : ''} on <Time iso={detail.createdAt} />.
      </p>
      <RecordBody
        page={page}
        statusHeadingId={statusHeadingId}
        statusTitle="Status"
        status={
          <>
            {staff && (
              <ReferralActions
                referral={detail}
                people={people}
                onChanged={changed}
                onFailed={failed}
                fallbackFocusId={statusHeadingId}
              />
            )}
            <StatusSummary referral={detail} people={people} staff={staff} />
          </>
        }
        timeline={<ReferralTimeline referral={detail} people={people} />}
        side={
          <>
            {staff && <ReferralHandoffs referral={detail} people={people} canHandOver={me.role === 'staff'} />}
            {staff && <InternalNotes referral={detail} people={people} onAdded={load} />}
            {staff && <Conflicts conflicts={detail.conflicts ?? []} people={people} />}
            {me.role === 'leader' && (
              <PersonalData
                referral={detail}
                onErased={(updated) => changed(updated, 'The contact details were erased.')}
                onFailed={failed}
              />
            )}
          </>
        }
      >
        <section class="card" aria-labelledby="prospect-heading">
          <h2 id="prospect-heading">Prospect</h2>
          <dl class="summary-list">
            <Row term="Company">{detail.company.name}</Row>
            <Row term="Website domain">{detail.company.domain ?? <span class="muted">Not given</span>}</Row>
            <Row term="Contact">
              <Erasable value={detail.contact.name} />
            </Row>
            <Row term="E-mail">
              <Erasable value={detail.contact.email} />
            </Row>
            <Row term="Phone">
              {detail.contact.phone ? <Erasable value={detail.contact.phone} /> : <span class="muted">Not given</span>}
            </Row>
            <Row term="Job to be done">{detail.jobToBeDone}</Row>
            <Row term="Notes">{detail.notes ?? <span class="muted">None</span>}</Row>
          </dl>
        </section>

        <section class="card" aria-labelledby="fit-heading">
          <h2 id="fit-heading">Fit</h2>
          <FitList fit={detail.fit} />
        </section>

        <section class="card" aria-labelledby="stakeholders-heading">
          <h2 id="stakeholders-heading">Stakeholders</h2>
          {detail.stakeholders.length === 0 ? (
            <p class="empty">No stakeholders were named.</p>
          ) : (
            <table aria-labelledby="stakeholders-heading">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Influence</th>
                </tr>
              </thead>
              <tbody>
                {detail.stakeholders.map((stakeholder, index) => (
                  <tr key={index}>
                    <th scope="row">
                      <Erasable value={stakeholder.name} />
                    </th>
                    <td>{influenceLabel(stakeholder.role)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </RecordBody>
    </>
  );
}

/** Personal data, or the mark erasure left in its place. */
function Erasable({ value }: { value: string }) {
  return value === '(erased)' ? <span class="muted">(erased)</span> : value;
}

/** The status, with the dates of each step the timeline records. */
function StatusSummary({ referral, people, staff }: { referral: ReferralDetail; people: People; staff: boolean }) {
  const reached = (type: string) => referral.timeline.find((event) => event.type === `referral.${type}`)?.at;
  const steps = ['accepted', 'declined', 'qualified', 'won', 'lost'] as const;
  return (
    <dl class="summary-list summary-compact">
      <Row term="Status">
        <StatusBadge status={referral.status} />
      </Row>
      <Row term="Submitted">
        <Time iso={referral.createdAt} withTime />
      </Row>
      <Row term="First response">
        <FirstResponse referral={referral} />
      </Row>
      {steps.map((step) => {
        const at = reached(step);
        return at ? (
          <Row key={step} term={step.charAt(0).toUpperCase() + step.slice(1)}>
            <Time iso={at} withTime />
          </Row>
        ) : null;
      })}
      {referral.declineReason && <Row term="Why declined">{referral.declineReason}</Row>}
      {referral.lossReason && <Row term="Why lost">{referral.lossReason}</Row>}
      {referral.noteToReferrer && <Row term="Note to the referrer">{referral.noteToReferrer}</Row>}
      {staff && (
        <Row term="Owner">
          {referral.ownerId ? (people.userName(referral.ownerId) ?? '…') : <span class="muted">Unassigned</span>}
        </Row>
      )}
      {isOpen(referral.status) && (
        <Row term="Protected until">
          <Time iso={referral.protectedUntil} />
        </Row>
      )}
      {referral.customerId && <Row term="Customer">A customer record was created for this win.</Row>}
      {referral.admittedFromConflictId && <Row term="Conflict">Admitted after a conflict ruling.</Row>}
    </dl>
  );
}
