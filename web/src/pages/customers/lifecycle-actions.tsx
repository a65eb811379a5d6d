import { useState } from 'preact/hooks';
import { customerRecordsApi } from '../../api/customers.ts';
import { ApiError } from '../../api/problem.ts';
import type { Customer, LifecycleStage } from '../../api/types.ts';
import { NoteDialog } from '../../components/note-dialog.tsx';
import { lifecycleLabel } from './labels.tsx';

export const moveButtonId = (customer: { id: string }, to: LifecycleStage) => `move-${to}-${customer.id}`;

/** The button's words for a move: "Won back" asks what settled it, "Lapsed" why. */
export function moveLabel(to: LifecycleStage): string {
  if (to === 'won_back') return 'Won back';
  if (to === 'lapsed') return 'Mark as lapsed';
  return `Move to ${lifecycleLabel(to).toLowerCase()}`;
}

interface LifecycleActionsProps {
  customer: Customer;
  onMoved: (updated: Customer, message: string) => void;
  /** Not moved: a 412, 404 or 409 means the caller should reload the customer. */
  onFailed: (error: unknown) => void;
  /** Only these moves (the win-back list offers "Won back" alone); all the allowed ones by default. */
  only?: readonly LifecycleStage[];
  /** Where focus goes when the button the user started from is gone after the move. */
  fallbackFocusId: string;
}

/**
 * The lifecycle moves a customer's stage allows, as buttons. Each asks in a dialog for a note
 * (required for "Won back": what settled it) and sends the version the user saw in `If-Match`.
 */
export function LifecycleActions({ customer, onMoved, onFailed, only, fallbackFocusId }: LifecycleActionsProps) {
  const [moving, setMoving] = useState<LifecycleStage | null>(null);
  // The API names the moves the workflow allows this caller now; a race it refuses anyway is a 409.
  const moves = (customer.nextStages ?? []).filter((to) => !only || only.includes(to));
  if (moves.length === 0) return null;

  async function move(to: LifecycleStage, note: string) {
    try {
      const updated = await customerRecordsApi.moveLifecycle(customer, { to, ...(note ? { note } : {}) });
      setMoving(null);
      onMoved(
        updated,
        to === 'won_back'
          ? `${customer.name} is won back: a born-again customer.`
          : `${customer.name} moved to ${lifecycleLabel(to).toLowerCase()}.`,
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) throw error;
      setMoving(null);
      onFailed(error);
    }
    requestAnimationFrame(() => {
      (document.getElementById(moveButtonId(customer, to)) ?? document.getElementById(fallbackFocusId))?.focus();
    });
  }

  return (
    <>
      <div class="button-group action-buttons">
        {moves.map((to) => (
          <button
            key={to}
            type="button"
            id={moveButtonId(customer, to)}
            class={to === 'lapsed' ? 'button button-secondary' : 'button button-primary'}
            aria-haspopup="dialog"
            disabled={moving !== null}
            onClick={() => setMoving(to)}
          >
            {moveLabel(to)}
            <span class="visually-hidden"> {customer.name}</span>
          </button>
        ))}
      </div>
      {moving && (
        <MoveDialog
          customer={customer}
          to={moving}
          onSubmit={(note) => move(moving, note)}
          onClose={() => setMoving(null)}
        />
      )}
    </>
  );
}

function MoveDialog({
  customer,
  to,
  onSubmit,
  onClose,
}: {
  customer: Customer;
  to: LifecycleStage;
  onSubmit: (note: string) => Promise<void>;
  onClose: () => void;
}) {
  const wonBack = to === 'won_back';
  return (
    <NoteDialog
      title={wonBack ? `${customer.name} is won back` : `Move ${customer.name} to ${lifecycleLabel(to).toLowerCase()}`}
      description={
        wonBack
          ? 'A born-again customer: say what settled it, so the next person knows what won them back.'
          : `From ${lifecycleLabel(customer.lifecycle).toLowerCase()} to ${lifecycleLabel(to).toLowerCase()}. The move goes on the customer’s timeline.`
      }
      notes={[
        wonBack
          ? { name: 'note', label: 'What settled it?', hint: 'What we put right, and what they agreed to.' }
          : {
              name: 'note',
              label: to === 'lapsed' ? 'Why did they lapse? (optional)' : 'Note (optional)',
              optional: true,
            },
      ]}
      submitLabel={wonBack ? 'Record the win-back' : moveLabel(to)}
      onSubmit={({ note = '' }) => onSubmit(note.trim())}
      onClose={onClose}
    />
  );
}
