import { useState } from 'preact/hooks';
import { issuesApi } from '../../api/issues.ts';
import type { CommunicationChannel, IssueDetail } from '../../api/types.ts';
import { Time } from '../../components/dates.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { Field, TextAreaField } from '../../components/form-field.tsx';
import { useForm } from '../../forms/use-form.ts';
import type { People } from '../referrals/use-people.ts';
import { channelLabel, channels } from './labels.tsx';

export function CommunicationLog({
  issue,
  people,
  onAdded,
}: {
  issue: IssueDetail;
  people: People;
  onAdded: (said: string) => Promise<void>;
}) {
  const [channel, setChannel] = useState<CommunicationChannel>('email');
  const [summary, setSummary] = useState('');
  const form = useForm({ fields: ['channel', 'summary'], quiet: true });
  const entries = [...(issue.communications ?? [])].sort((a, b) => a.at.localeCompare(b.at));

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const body = { channel, summary };
    const key = form.idempotencyKey(body);
    void form.submit(async () => {
      await issuesApi.communicate(issue.id, body, key);
      setSummary('');
      await onAdded('The communication was logged.');
    });
  }

  return (
    <section class="card" aria-labelledby="communications-heading">
      <h2 id="communications-heading">Customer communication</h2>
      <p class="section-hint">What we told the affected customers, when, and how.</p>
      {entries.length === 0 ? (
        <p class="empty">Nothing logged yet. What they were told at the start is above.</p>
      ) : (
        <ol class="notes">
          {entries.map((entry) => (
            <li key={entry.id}>
              <p class="note-text">{entry.summary}</p>
              <p class="note-meta">
                {channelLabel(entry.channel)} · {people.userName(entry.authorId) ?? '…'},{' '}
                <Time iso={entry.at} withTime />
              </p>
            </li>
          ))}
        </ol>
      )}
      <form ref={form.ref} class="stack" noValidate onSubmit={submit}>
        <h3 class="subheading">Log a communication</h3>
        <div class="form-row">
          <Field label="Channel" error={form.fieldErrors.channel}>
            {(control) => (
              <select
                {...control}
                name="channel"
                value={channel}
                onChange={(event) => setChannel(event.currentTarget.value as CommunicationChannel)}
              >
                {channels.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <TextAreaField
          label="What we told them"
          name="summary"
          value={summary}
          onInput={setSummary}
          error={form.fieldErrors.summary}
        />
        <FormActions form={form} label="Add to the log" secondary />
      </form>
    </section>
  );
}
