import { useState } from 'preact/hooks';
import { handoffsApi } from '../../api/handoffs.ts';
import type { Handoff, HandoffStatus } from '../../api/types.ts';
import { Dialog } from '../../components/dialog.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { ChoiceGroup, TextAreaField } from '../../components/form-field.tsx';
import { useForm } from '../../forms/use-form.ts';
import { useRecordActions } from '../../forms/use-record-actions.ts';
import type { People } from '../referrals/use-people.ts';

type Action = HandoffStatus | 'rate';

/** The button each move is offered as: the API's `actions` say which the caller may use now. */
const actionLabels: Record<Action, string> = {
  acknowledged: 'Acknowledge',
  accepted: 'Accept',
  returned: 'Return',
  completed: 'Complete',
  sent: 'Resubmit',
  rate: 'Rate',
};

/** The id of an action's button, so that focus can come back to it after a change. */
export function actionButtonId(action: Action, handoffId: string): string {
  return `${action}-${handoffId}`;
}

/** What the page says after each move. */
function confirmation(action: Action, handoff: Handoff, people: People): string {
  const what = `“${handoff.summary}”`;
  const to = people.teamName(handoff.toTeamId) ?? 'the receiving team';
  const from = people.teamName(handoff.fromTeamId) ?? 'the sending team';
  switch (action) {
    case 'acknowledged':
      return `${what} was acknowledged.`;
    case 'accepted':
      return `${what} was accepted.`;
    case 'returned':
      return `${what} was returned to ${from} with what is missing.`;
    case 'completed':
      return `${what} was completed.`;
    case 'sent':
      return `${what} was resubmitted to ${to}.`;
    case 'rate':
      return `Thank you: your rating of ${what} was saved.`;
  }
}

interface HandoffActionsProps {
  handoff: Handoff;
  people: People;
  /** The change was made: `updated` is the handoff as the API answered it. */
  onChanged: (updated: Handoff, message: string) => void;
  /** It was not: a 412, 409 or 404 means the caller should reload the handoff. */
  onFailed: (error: unknown) => void;
  /** Where focus goes when the button the user started from is gone after the change. */
  fallbackFocusId: string;
}

/**
 * The moves the caller may make on one handoff, exactly as the API's `actions` list them:
 * Acknowledge, Accept, Return (asking what is missing), Complete, Resubmit (with a note for the
 * receiving team) and Rate (1–5 and a comment). Each sends the version the user saw in `If-Match`.
 */
export function HandoffActions({ handoff, people, onChanged, onFailed, fallbackFocusId }: HandoffActionsProps) {
  const { busy, dialog, setDialog, run } = useRecordActions<Action, Handoff>({
    onChanged,
    onFailed,
    // The rating comes after completing: where focus goes when Complete is gone.
    focusAfter: (action) => [actionButtonId(action, handoff.id), actionButtonId('rate', handoff.id), fallbackFocusId],
  });
  const actions: Action[] = [...handoff.actions.transitions, ...(handoff.actions.rate ? ['rate' as const] : [])];

  const move = (
    to: HandoffStatus,
    extra: { missing?: string[]; missingItems?: string[]; note?: string; answers?: Record<string, string> } = {},
  ) =>
    run(
      to,
      () => handoffsApi.transition(handoff, { to, ...extra }),
      confirmation(to, handoff, people),
      to === 'returned' || to === 'sent',
    );

  if (actions.length === 0) return null;
  const withDialog = (action: Action): action is 'returned' | 'sent' | 'rate' =>
    action === 'returned' || action === 'sent' || action === 'rate';
  return (
    <>
      <div class="button-group action-buttons">
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            id={actionButtonId(action, handoff.id)}
            class={action === 'returned' ? 'button button-secondary' : 'button button-primary'}
            disabled={busy !== null}
            aria-haspopup={withDialog(action) ? 'dialog' : undefined}
            onClick={() => {
              if (withDialog(action)) setDialog(action);
              else void move(action);
            }}
          >
            {actionLabels[action]}
            <span class="visually-hidden"> {handoff.summary}</span>
          </button>
        ))}
      </div>
      {dialog === 'returned' && (
        <ReturnDialog
          handoff={handoff}
          people={people}
          onSubmit={(missingItems, missing, note) =>
            move('returned', {
              ...(missingItems.length > 0 ? { missingItems } : {}),
              ...(missing.length > 0 ? { missing } : {}),
              ...(note ? { note } : {}),
            })
          }
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'sent' && (
        <ResubmitDialog
          handoff={handoff}
          people={people}
          onSubmit={(note, answers) =>
            move('sent', {
              ...(note ? { note } : {}),
              ...(Object.keys(answers).length > 0 ? { answers } : {}),
            })
          }
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'rate' && (
        <RatingDialog
          handoff={handoff}
          people={people}
          onSubmit={(score, comment) =>
            run(
              'rate',
              () => handoffsApi.rate(handoff, { score, ...(comment ? { comment } : {}) }),
              confirmation('rate', handoff, people),
              true,
            )
          }
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}

/** `missingItems` or one of its entries (`missingItems.1`): shown on the checklist's one fieldset. */
const isMissingItems = (path: string) => path === 'missingItems' || path.startsWith('missingItems.');

/** The lines of a text area, trimmed, without the empty ones: one missing item a line. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

function ReturnDialog({
  handoff,
  people,
  onSubmit,
  onClose,
}: {
  handoff: Handoff;
  people: People;
  onSubmit: (missingItems: string[], missing: string[], note: string) => Promise<void>;
  onClose: () => void;
}) {
  const [missing, setMissing] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const form = useForm({
    fields: (path) => path === 'missing' || /^missing\.\d+$/.test(path) || isMissingItems(path) || path === 'note',
    quiet: true,
  });
  const from = people.teamName(handoff.fromTeamId) ?? 'The sending team';
  const checklist = handoff.checklist;

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const items = lines(missing);
    if (items.length === 0 && chosen.length === 0) {
      // The API would answer the same: a return says what is missing.
      form.invalid({
        [checklist.length > 0 ? 'missingItems' : 'missing']: 'Say what is missing: at least one item.',
      });
      return;
    }
    // In the checklist's order, whatever order they were ticked in.
    const missingItems = checklist.map((item) => item.itemId).filter((id) => chosen.includes(id));
    void form.submit(() => onSubmit(missingItems, items, note.trim()), {
      reword: (errors) => {
        // An item's error (`missing.2`) is shown on the one text area, with its line number.
        const placed: Record<string, string> = {};
        for (const [path, message] of Object.entries(errors)) {
          const item = /^missing\.(\d+)$/.exec(path);
          if (path === 'missing') placed.missing ??= message;
          else if (item) placed.missing ??= `Line ${Number(item[1]) + 1}: ${message}`;
          else if (isMissingItems(path)) placed.missingItems ??= message;
          else if (path === 'note') placed.note = message;
        }
        return placed;
      },
    });
  }

  return (
    <Dialog
      title={`Return “${handoff.summary}”`}
      description={`${from} sees what is missing in its outbox, adds it and resubmits the handoff.`}
      onClose={onClose}
    >
      <form ref={form.ref} class="stack" noValidate onSubmit={submit}>
        {checklist.length > 0 && (
          <fieldset
            class={`choice-group choice-group-list${form.fieldErrors.missingItems ? ' field-invalid' : ''}`}
            aria-describedby={form.fieldErrors.missingItems ? 'missing-items-error' : undefined}
          >
            <legend>Missing from what you asked for</legend>
            {form.fieldErrors.missingItems && (
              <p class="field-error" id="missing-items-error">
                <span class="visually-hidden">Error: </span>
                {form.fieldErrors.missingItems}
              </p>
            )}
            <div class="choices">
              {checklist.map((item) => (
                <label key={item.itemId} class="choice">
                  <input
                    type="checkbox"
                    name="missingItems"
                    value={item.itemId}
                    checked={chosen.includes(item.itemId)}
                    aria-invalid={form.fieldErrors.missingItems ? 'true' : undefined}
                    onChange={(event) => {
                      const checked = event.currentTarget.checked;
                      setChosen((current) =>
                        checked ? [...current, item.itemId] : current.filter((id) => id !== item.itemId),
                      );
                    }}
                  />{' '}
                  {item.label}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <TextAreaField
          label={checklist.length > 0 ? 'Anything else missing? (optional when an item is ticked)' : 'What is missing?'}
          name="missing"
          hint="One item a line: each is a thing the sending team must add."
          value={missing}
          onInput={setMissing}
          error={form.fieldErrors.missing}
          rows={4}
          optional={checklist.length > 0}
        />
        <TextAreaField
          label="Note (optional)"
          name="note"
          hint="Kept on the timeline for both teams."
          value={note}
          onInput={setNote}
          error={form.fieldErrors.note}
          optional
        />
        <FormActions form={form} label="Return handoff" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

/**
 * Resubmitting: what the receiving team said was missing, the handoff's checklist answers to
 * change (the missing items first, each required), and a note. Only changed answers are sent.
 */
function ResubmitDialog({
  handoff,
  people,
  onSubmit,
  onClose,
}: {
  handoff: Handoff;
  people: People;
  onSubmit: (note: string, answers: Record<string, string>) => Promise<void>;
  onClose: () => void;
}) {
  const [note, setNote] = useState('');
  const missingIds = handoff.missingItemIds ?? [];
  // The items the return named first: those are the answers the receiving team is waiting for.
  const items = [
    ...handoff.checklist.filter((item) => missingIds.includes(item.itemId)),
    ...handoff.checklist.filter((item) => !missingIds.includes(item.itemId)),
  ];
  const [answers, setAnswers] = useState<Record<string, string>>(() =>
    Object.fromEntries(handoff.checklist.map((item) => [item.itemId, item.answer])),
  );
  const form = useForm({
    fields: ['note', 'answers', ...handoff.checklist.map((item) => `answers.${item.itemId}`)],
    quiet: true,
  });
  const to = people.teamName(handoff.toTeamId) ?? 'the receiving team';

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const empty = items.filter((item) => !(answers[item.itemId] ?? '').trim());
    if (empty.length > 0) {
      // The API would refuse an empty answer too: every item stays answered.
      form.invalid(
        Object.fromEntries(empty.map((item) => [`answers.${item.itemId}`, `${to} needs this: ${item.label}.`])),
      );
      return;
    }
    const changed = Object.fromEntries(
      handoff.checklist
        .map((item) => [item.itemId, (answers[item.itemId] ?? '').trim()] as const)
        .filter(([id, answer]) => answer !== handoff.checklist.find((item) => item.itemId === id)?.answer),
    );
    void form.submit(() => onSubmit(note.trim(), changed));
  }

  return (
    <Dialog
      title={`Resubmit “${handoff.summary}”`}
      description={`It goes back to ${to}’s inbox, to be acknowledged again.`}
      onClose={onClose}
    >
      <form ref={form.ref} class="stack" noValidate onSubmit={submit}>
        {handoff.missing && handoff.missing.length > 0 && (
          <div class="missing">
            <span class="missing-heading">{to} said this was missing:</span>
            <ul class="missing-list">
              {handoff.missing.map((item, index) => (
                <li key={index}>{item}</li>
              ))}
            </ul>
          </div>
        )}
        {items.length > 0 && (
          <fieldset class="stack answers-fieldset">
            <legend>Your answers to what {to} asks for</legend>
            {items.map((item) => (
              <TextAreaField
                key={item.itemId}
                label={item.label}
                name={`answers.${item.itemId}`}
                hint={missingIds.includes(item.itemId) ? `${to} said this was missing.` : undefined}
                value={answers[item.itemId] ?? ''}
                onInput={(value) => setAnswers((current) => ({ ...current, [item.itemId]: value }))}
                error={form.fieldErrors[`answers.${item.itemId}`]}
                rows={2}
              />
            ))}
          </fieldset>
        )}
        <TextAreaField
          label={`What you added, for ${to} (optional)`}
          name="note"
          hint="Give what was missing, or say where to find it: it stays on the timeline."
          value={note}
          onInput={setNote}
          error={form.fieldErrors.note}
          rows={4}
          optional
        />
        <FormActions form={form} label="Resubmit handoff" onCancel={onClose} />
      </form>
    </Dialog>
  );
}

const scores = [1, 2, 3, 4, 5].map((value) => ({ value, label: String(value) }));

function RatingDialog({
  handoff,
  people,
  onSubmit,
  onClose,
}: {
  handoff: Handoff;
  people: People;
  onSubmit: (score: number, comment: string) => Promise<void>;
  onClose: () => void;
}) {
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const form = useForm({ fields: ['score', 'comment'], quiet: true });
  const from = people.teamName(handoff.fromTeamId) ?? 'the sending team';

  function submit(event: SubmitEvent) {
    event.preventDefault();
    if (score === null) {
      form.invalid({ score: 'Choose a score from 1 to 5.' });
      return;
    }
    void form.submit(() => onSubmit(score, comment.trim()));
  }

  return (
    <Dialog
      title={`Rate “${handoff.summary}”`}
      description={`How well did ${from} hand this over? Your team rates each handoff once: ${from} sees the score.`}
      onClose={onClose}
    >
      <form ref={form.ref} class="stack" noValidate onSubmit={submit}>
        <ChoiceGroup<number>
          legend="Score"
          hint="1 (poor) to 5 (excellent)."
          name="score"
          options={scores}
          value={score}
          onChange={setScore}
          error={form.fieldErrors.score}
          variant="scale"
        />
        <TextAreaField
          label="Comment (optional)"
          name="comment"
          value={comment}
          onInput={setComment}
          error={form.fieldErrors.comment}
          optional
        />
        <FormActions form={form} label="Save rating" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
