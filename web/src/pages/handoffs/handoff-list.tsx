import { useState } from 'preact/hooks';
import type { Handoff, HandoffStatus } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { ErrorAlert, StatusMessage } from '../../components/alert.tsx';
import { Time } from '../../components/dates.tsx';
import { ExportCsvButton } from '../../components/export-csv.tsx';
import { ListTable, OverdueSummary } from '../../components/list-table.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { StatusFilter } from '../../components/select-filter.tsx';
import { useRowActions } from '../../components/use-row-actions.ts';
import { type People, usePeople } from '../referrals/use-people.ts';
import { HandoffActions } from './handoff-actions.tsx';
import { Acknowledgement, isOverdue, MissingList, StatusBadge, statusLabels } from './labels.tsx';
import { type Customers, useCustomers } from './use-customers.ts';
import { useHandoffList } from './use-handoff-list.ts';

/** Which list: the caller's team's inbox or outbox (staff), or every handoff (leaders). */
type Kind = 'inbox' | 'outbox' | 'all';

/** The summary link of a row: where focus goes when the row's action buttons change. */
const rowLinkId = (handoff: Handoff) => `handoff-${handoff.id}`;

/** Staff: what other teams handed to the caller's team, overdue first, with the actions inline. */
export function InboxPage() {
  return <HandoffListPage kind="inbox" />;
}

/** Staff: what the caller's team handed over; returned ones show what is missing, with Resubmit. */
export function OutboxPage() {
  return <HandoffListPage kind="outbox" />;
}

/** Leaders: every handoff, or one team's inbox or outbox. */
export function AllHandoffsPage() {
  return <HandoffListPage kind="all" />;
}

const titles: Record<Kind, string> = { inbox: 'Inbox', outbox: 'Outbox', all: 'Handoffs' };

function HandoffListPage({ kind }: { kind: Kind }) {
  usePageTitle(titles[kind]);
  const { me } = useSession();
  const people = usePeople();
  const customers = useCustomers();
  const [status, setStatus] = useState<HandoffStatus | ''>('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [teamId, setTeamId] = useState('');
  const [leaderBox, setLeaderBox] = useState<'inbox' | 'outbox'>('inbox');
  const box = kind === 'all' ? leaderBox : kind;
  const list = useHandoffList({
    box,
    teamId: kind === 'all' ? teamId || undefined : undefined,
    status: status || undefined,
    overdue: overdueOnly ? true : undefined,
  });
  const actions = useRowActions(list, (handoff) => `“${handoff.summary}”`);

  const myTeam = people.teamName(me.teamId) ?? me.teamName ?? 'your team';
  const chosenTeam = people.teamName(teamId);
  // Which team columns a row needs: the other side of the caller's box, or both for leaders.
  const showFrom = kind === 'inbox' || (kind === 'all' && !(teamId && leaderBox === 'outbox'));
  const showTo = kind === 'outbox' || (kind === 'all' && !(teamId && leaderBox === 'inbox'));
  const overdueCount = list.items?.filter((handoff) => isOverdue(handoff)).length ?? 0;
  const statusWord = status ? `${statusLabels[status]} handoffs` : 'Handoffs';
  const heading =
    kind === 'inbox'
      ? `${statusWord} received by ${myTeam}`
      : kind === 'outbox'
        ? `${statusWord} sent by ${myTeam}`
        : chosenTeam
          ? `${statusWord} ${leaderBox === 'inbox' ? 'received' : 'sent'} by ${chosenTeam}`
          : `${statusWord} of every team`;
  const lede = {
    inbox: `What other teams handed to ${myTeam}. Handoffs waiting past their acknowledgement time come first: acknowledge them, then accept, or return them saying what is missing.`,
    outbox: `What ${myTeam} handed to other teams. A returned handoff says what is missing: add it and resubmit.`,
    all: 'Every internal handoff between teams, newest first; choose a team to see its inbox (overdue first) or outbox.',
  }[kind];

  return (
    <div class="page-wide">
      <h1>{titles[kind]}</h1>
      <p class="lede">{lede}</p>
      <StatusMessage>{actions.message}</StatusMessage>
      <ErrorAlert>{actions.actionError}</ErrorAlert>

      <section class="card" aria-labelledby="handoffs-heading">
        <div class="card-header">
          <h2 id="handoffs-heading">{heading}</h2>
          <ExportCsvButton
            list="handoffs"
            query={{
              box,
              teamId: kind === 'all' ? teamId || undefined : undefined,
              status: status || undefined,
              overdue: overdueOnly ? 'true' : undefined,
            }}
          />
          <form class="filters" aria-label="Filter handoffs" onSubmit={(event) => event.preventDefault()}>
            {kind === 'all' && (
              <>
                <label class="inline-field">
                  <span>Team</span>
                  <select name="teamId" value={teamId} onChange={(event) => setTeamId(event.currentTarget.value)}>
                    <option value="">All teams</option>
                    {people.teams.map((team) => (
                      <option key={team.id} value={team.id}>
                        {team.name}
                      </option>
                    ))}
                  </select>
                </label>
                {teamId && (
                  <label class="inline-field">
                    <span>Box</span>
                    <select
                      name="box"
                      value={leaderBox}
                      onChange={(event) => setLeaderBox(event.currentTarget.value as 'inbox' | 'outbox')}
                    >
                      <option value="inbox">Inbox (received)</option>
                      <option value="outbox">Outbox (sent)</option>
                    </select>
                  </label>
                )}
              </>
            )}
            <StatusFilter value={status} labels={statusLabels} onChange={setStatus} />
            <label class="toggle">
              <input
                type="checkbox"
                name="overdue"
                checked={overdueOnly}
                onChange={(event) => setOverdueOnly(event.currentTarget.checked)}
              />
              Only overdue
            </label>
          </form>
        </div>
        <OverdueSummary count={overdueCount}>waiting past their acknowledgement time.</OverdueSummary>
        <ListTable
          list={list}
          labelledBy="handoffs-heading"
          tableClass="queue-table handoff-table"
          empty={
            <>
              {kind === 'inbox'
                ? 'Nothing has been handed to your team'
                : kind === 'outbox'
                  ? 'Your team has handed nothing over'
                  : 'There are no handoffs'}
              {status ? ` in status “${statusLabels[status]}”` : ''}
              {overdueOnly ? ' that is overdue' : ''} yet.
            </>
          }
          columns={
            <>
              <th scope="col">Handoff</th>
              {showFrom && <th scope="col">From</th>}
              {showTo && <th scope="col">To</th>}
              <th scope="col">Status</th>
              <th scope="col">Acknowledgement</th>
              <th scope="col">Work due</th>
              <th scope="col">Actions</th>
            </>
          }
          row={(handoff) => (
            <HandoffRow
              key={handoff.id}
              handoff={handoff}
              people={people}
              customers={customers}
              showFrom={showFrom}
              showTo={showTo}
              onChanged={actions.changed}
              onFailed={(error) => actions.failed(handoff, error)}
            />
          )}
          loading="Loading handoffs…"
          more="Show more handoffs"
        />
      </section>
    </div>
  );
}

function HandoffRow({
  handoff,
  people,
  customers,
  showFrom,
  showTo,
  onChanged,
  onFailed,
}: {
  handoff: Handoff;
  people: People;
  customers: Customers;
  showFrom: boolean;
  showTo: boolean;
  onChanged: (updated: Handoff, message: string) => void;
  onFailed: (error: unknown) => void;
}) {
  const customer = customers.name(handoff.customerId);
  const team = (id: string) => people.teamName(id) ?? (people.loaded ? 'Unknown team' : '…');
  return (
    <tr class={isOverdue(handoff) ? 'row-overdue' : undefined}>
      <th scope="row">
        <a id={rowLinkId(handoff)} href={`/handoffs/${handoff.id}`}>
          {handoff.summary}
        </a>
        {handoff.customerId && <span class="cell-note">{customer ?? 'A customer'}</span>}
      </th>
      {showFrom && (
        <td>
          <span class="nowrap">{team(handoff.fromTeamId)}</span>
          <span class="cell-note">{people.userName(handoff.senderId) ?? ''}</span>
        </td>
      )}
      {showTo && <td class="nowrap">{team(handoff.toTeamId)}</td>}
      <td>
        <StatusBadge status={handoff.status} />
        {handoff.returnCount > 0 && handoff.status !== 'returned' && (
          <span class="cell-note">
            Returned {handoff.returnCount} {handoff.returnCount === 1 ? 'time' : 'times'}
          </span>
        )}
        <MissingList handoff={handoff} />
      </td>
      <td>
        <Acknowledgement handoff={handoff} />
      </td>
      <td class="nowrap">{handoff.dueAt ? <Time iso={handoff.dueAt} /> : <span class="muted">—</span>}</td>
      <td class="actions">
        <HandoffActions
          handoff={handoff}
          people={people}
          onChanged={onChanged}
          onFailed={onFailed}
          fallbackFocusId={rowLinkId(handoff)}
        />
      </td>
    </tr>
  );
}
