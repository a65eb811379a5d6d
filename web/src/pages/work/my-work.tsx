import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, request, type Success } from '../../api/client.ts';
import { describeError } from '../../api/problem.ts';
import { ErrorAlert, StatusMessage } from '../../components/alert.tsx';
import { formatCalendarDate, Time } from '../../components/dates.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { ClosePlayDialog } from '../plays/play-dialogs.tsx';

type MyWork = Success<Awaited<ReturnType<(typeof api.api)['my-work']['$get']>>>;
type WorkItem = MyWork['overdue'][number];
type PlayItem = MyWork['plays'][number];

/** The caller's open plays: follow-ups a leader made of the scorecard's movers, each closed with a note. */
function PlayTable({ items, onClose }: { items: PlayItem[]; onClose: (play: PlayItem) => void }) {
  return (
    <section class="card" aria-labelledby="work-plays">
      <h2 id="work-plays">
        My plays <span class="muted">({items.length})</span>
      </h2>
      {items.length === 0 ? (
        <p class="empty">No open plays.</p>
      ) : (
        <div class="table-scroll">
          <table class="work-table" aria-labelledby="work-plays">
            <thead>
              <tr>
                <th scope="col">Play</th>
                <th scope="col" class="wide-only">
                  From the scorecard
                </th>
                <th scope="col">Due by</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((play) => (
                <tr key={play.id} data-play={play.id}>
                  <th scope="row" class="wrap-words">
                    {play.title}
                    <span class="cell-note narrow-only"> {play.mover}</span>
                  </th>
                  <td class="wide-only wrap-words">{play.mover}</td>
                  <td class="nowrap">
                    <time dateTime={play.dueOn}>{formatCalendarDate(play.dueOn)}</time>
                    {play.overdue && <span class="cell-note"> overdue</span>}
                  </td>
                  <td class="wrap-words">
                    <button
                      type="button"
                      class="button button-secondary button-small"
                      aria-label={`Close the play: ${play.title}`}
                      onClick={() => onClose(play)}
                    >
                      Close…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const recordPaths: Record<WorkItem['recordType'], string> = {
  referral: '/referrals',
  handoff: '/handoffs',
  issue: '/issues',
};

const recordLabels: Record<WorkItem['recordType'], string> = {
  referral: 'Referral',
  handoff: 'Handoff',
  issue: 'Issue',
};

/**
 * When a thing is due is the point of the page: on a phone it goes under "What" (the first
 * column, never scrolled out of sight) instead of a third column past the right edge.
 */
function WorkTable({ id, title, items, empty }: { id: string; title: string; items: WorkItem[]; empty: string }) {
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>
        {title} <span class="muted">({items.length})</span>
      </h2>
      {items.length === 0 ? (
        <p class="empty">{empty}</p>
      ) : (
        <div class="table-scroll">
          <table class="work-table" aria-labelledby={id}>
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Record</th>
                <th scope="col" class="wide-only">
                  Due
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={`${item.recordType}-${item.id}-${item.what}`}>
                  <td>
                    {item.what[0]?.toUpperCase() + item.what.slice(1)}
                    <span class="cell-note narrow-only nowrap">
                      {' '}
                      <Time iso={item.dueAt} withTime />
                    </span>
                  </td>
                  <th scope="row">
                    <span class="cell-note">{recordLabels[item.recordType]}</span>{' '}
                    <a href={`${recordPaths[item.recordType]}/${item.id}`}>{item.label}</a>
                  </th>
                  <td class="nowrap wide-only">
                    <Time iso={item.dueAt} withTime />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/**
 * Where everyone lands after signing in: what is overdue, then what falls due within the next
 * working day, across referrals, handoffs and issues; and the plays the caller owns.
 */
export function MyWorkPage() {
  usePageTitle('My work');
  const [work, setWork] = useState<MyWork | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | undefined>();
  const [closing, setClosing] = useState<PlayItem | null>(null);

  const load = useCallback(() => {
    let current = true;
    request(api.api['my-work'].$get()).then(
      (answer) => current && setWork(answer),
      (failure: unknown) => current && setError(describeError(failure)),
    );
    return () => {
      current = false;
    };
  }, []);

  useEffect(load, []);

  return (
    <div class="page-wide">
      <h1>My work</h1>
      <ErrorAlert>{error}</ErrorAlert>
      <StatusMessage>{status}</StatusMessage>
      {!work && !error && <p class="loading">Loading your work…</p>}
      {work?.message ? (
        <section class="card" aria-labelledby="work-nothing">
          <h2 id="work-nothing">Nothing waits on you</h2>
          <p>{work.message}</p>
          <p>
            Follow them in <a href="/referrals">My referrals</a>, or <a href="/refer">refer a customer</a>.
          </p>
        </section>
      ) : (
        work && (
          <>
            <p class="lede">
              Due soon means due before <Time iso={work.horizon} withTime />: one working day from now.
            </p>
            <WorkTable id="work-overdue" title="Overdue" items={work.overdue} empty="Nothing is overdue. Well done." />
            <WorkTable
              id="work-due-soon"
              title="Due within the next working day"
              items={work.dueSoon}
              empty="Nothing falls due within the next working day."
            />
            <PlayTable items={work.plays} onClose={setClosing} />
            {work.truncated && (
              <p class="muted">Only the first 100 of each list are shown: the lists themselves have the rest.</p>
            )}
          </>
        )
      )}
      {closing && (
        <ClosePlayDialog
          play={closing}
          onClose={() => setClosing(null)}
          onDone={(message) => {
            setClosing(null);
            setStatus(message);
            load();
          }}
        />
      )}
    </div>
  );
}
