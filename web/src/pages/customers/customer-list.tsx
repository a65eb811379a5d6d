import { useCallback, useState } from 'preact/hooks';
import { customerRecordsApi } from '../../api/customers.ts';
import type { LifecycleStage } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { Time } from '../../components/dates.tsx';
import { ExportCsvButton } from '../../components/export-csv.tsx';
import { ListTable } from '../../components/list-table.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { SelectFilter } from '../../components/select-filter.tsx';
import { useCursorList } from '../../components/use-cursor-list.ts';
import { LifecycleBadge, lifecycleLabel, lifecycleStages } from './labels.tsx';

/**
 * The customers directory: staff and leaders see every external customer, partners and
 * advocates ("My customers") the ones their won referrals created. Filters: the lifecycle
 * stage and the start of the name.
 */
export function CustomerListPage() {
  const { me } = useSession();
  const staff = me.role === 'staff' || me.role === 'leader';
  const title = staff ? 'Customers' : 'My customers';
  usePageTitle(title);
  const [lifecycle, setLifecycle] = useState<LifecycleStage | ''>('');
  const [name, setName] = useState('');
  const [search, setSearch] = useState('');
  const list = useCursorList(
    useCallback(
      (cursor: string | null) => customerRecordsApi.list({ lifecycle: lifecycle || undefined, name: search, cursor }),
      [lifecycle, search],
    ),
  );

  const heading = lifecycle ? `${lifecycleLabel(lifecycle)} customers` : 'All customers';
  return (
    <div class="page-wide">
      <div class="page-heading">
        <h1>{title}</h1>
        {staff && (
          <a class="button button-primary heading-action" href="/customers/new">
            Add a customer
          </a>
        )}
      </div>
      <p class="lede">
        {staff
          ? 'Every external customer, where they stand in their lifecycle, and what still hurts them.'
          : 'The customers your won referrals brought us, and where they stand.'}
      </p>

      <section class="card" aria-labelledby="customers-heading">
        <div class="card-header">
          <h2 id="customers-heading">{heading}</h2>
          <ExportCsvButton list="customers" query={{ lifecycle: lifecycle || undefined, name: search || undefined }} />
          <form
            class="filters"
            aria-label="Filter customers"
            onSubmit={(event) => {
              event.preventDefault();
              setSearch(name);
            }}
          >
            <SelectFilter
              label="Lifecycle"
              name="lifecycle"
              value={lifecycle}
              every="Every stage"
              options={lifecycleStages}
              onChange={setLifecycle}
            />
            <label class="inline-field">
              <span>Name starts with</span>
              <input type="search" name="name" value={name} onInput={(event) => setName(event.currentTarget.value)} />
            </label>
            <button type="submit" class="button button-secondary">
              Search
            </button>
          </form>
        </div>
        <ListTable
          list={list}
          labelledBy="customers-heading"
          empty={
            <>
              {staff ? 'No customers' : 'None of your referrals has become a customer'}
              {lifecycle ? ` at the stage “${lifecycleLabel(lifecycle)}”` : ''}
              {search ? ` whose name starts with “${search}”` : ''} yet.
            </>
          }
          columns={
            <>
              <th scope="col">Customer</th>
              <th scope="col">Lifecycle</th>
              {staff && <th scope="col">Segment</th>}
              <th scope="col">Job to be done</th>
              {staff && <th scope="col">Open issues</th>}
              <th scope="col">Stage since</th>
            </>
          }
          row={(customer) => (
            <tr key={customer.id}>
              <th scope="row">
                <a href={`/customers/${customer.id}`}>{customer.name}</a>
                {customer.domain && <span class="cell-note">{customer.domain}</span>}
              </th>
              <td>
                <LifecycleBadge stage={customer.lifecycle} />
              </td>
              {staff && <td>{customer.segment ?? <span class="muted">—</span>}</td>}
              <td class="cell-text">{customer.jobToBeDone ?? <span class="muted">Not recorded</span>}</td>
              {staff && (
                <td>
                  {customer.openIssueCount ? (
                    <span class="badge badge-overdue">{customer.openIssueCount} open</span>
                  ) : (
                    <span class="muted">None</span>
                  )}
                </td>
              )}
              <td class="nowrap">
                <Time iso={customer.lifecycleChangedAt ?? customer.createdAt} />
              </td>
            </tr>
          )}
          loading="Loading customers…"
          more="Show more customers"
        />
      </section>
    </div>
  );
}
