import { useState } from 'preact/hooks';
import type { SettingsChange } from '../../api/types.ts';
import { StatusMessage } from '../../components/alert.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { Field } from '../../components/form-field.tsx';
import { usePeople } from '../referrals/use-people.ts';
import { type SectionProps, useSectionForm } from './section-form.ts';

/** Who hears of every new sev1 or sev2 issue at once, beside the leaders. */
export function OnCallSettings({ current, save }: SectionProps) {
  const people = usePeople();
  const [userId, setUserId] = useState(current.onCall.issues ?? '');
  const section = useSectionForm((path) => path.startsWith('onCall'));

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const change: SettingsChange =
      userId === (current.onCall.issues ?? '') ? {} : { onCall: { issues: userId === '' ? null : userId } };
    void section.submit(
      change,
      save,
      userId
        ? 'Saved: they hear of every new sev 1 or sev 2 issue.'
        : 'Saved: nobody is on call; the leaders alone hear.',
    );
  }

  return (
    <section class="card card-narrow" aria-labelledby="on-call-heading">
      <h2 id="on-call-heading">On call for issues</h2>
      <p class="section-hint">
        A new sev 1 or sev 2 issue tells the leaders at once, and whoever is on call: by notification, and by e-mail
        unless they turned it off.
      </p>
      <StatusMessage>{section.saved}</StatusMessage>
      <form ref={section.ref} class="stack" noValidate onSubmit={submit}>
        <Field label="On call" hint="An active staff member or leader." error={section.fieldErrors['onCall.issues']}>
          {(control) => (
            <select
              {...control}
              name="onCall"
              value={userId}
              onChange={(event) => setUserId(event.currentTarget.value)}
            >
              <option value="">Nobody: the leaders alone</option>
              {!people.loaded && userId && <option value={userId}>Loading people…</option>}
              {people.owners.map((owner) => (
                <option key={owner.id} value={owner.id}>
                  {owner.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <FormActions form={section} label="Save who is on call" />
      </form>
    </section>
  );
}
