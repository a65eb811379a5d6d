import { useRef, useState } from 'preact/hooks';
import { referralsApi } from '../../api/referrals.ts';
import type { Referral, ReferralDetail } from '../../api/types.ts';
import { Time } from '../../components/dates.tsx';
import { Dialog } from '../../components/dialog.tsx';

/** Leaders: erasing the contact's personal data on their request, confirmed first. */
export function PersonalData({
  referral,
  onErased,
  onFailed,
}: {
  referral: ReferralDetail;
  onErased: (updated: Referral) => void;
  onFailed: (error: unknown) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [erasing, setErasing] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);

  async function erase() {
    setErasing(true);
    try {
      const updated = await referralsApi.eraseContact(referral);
      setConfirming(false);
      onErased(updated);
      requestAnimationFrame(() => document.getElementById('personal-data-heading')?.focus());
    } catch (error) {
      setConfirming(false);
      onFailed(error);
    } finally {
      setErasing(false);
    }
  }

  return (
    <section class="card" aria-labelledby="personal-data-heading">
      <h2 id="personal-data-heading" tabIndex={-1}>
        Personal data
      </h2>
      {referral.contactErasedAt ? (
        <p>
          The contact details were erased on <Time iso={referral.contactErasedAt} withTime />.
        </p>
      ) : (
        <>
          <p>On the contact’s request, erase their name, e-mail and phone, the stakeholders’ names and the notes.</p>
          <button
            ref={trigger}
            type="button"
            class="button button-danger"
            aria-haspopup="dialog"
            onClick={() => setConfirming(true)}
          >
            Erase contact details
          </button>
        </>
      )}
      {confirming && (
        <Dialog
          title={`Erase the contact details of ${referral.company.name}?`}
          description="The contact’s name, e-mail and phone, the stakeholders’ names and the referrer’s notes are removed for good. The referral, its status, its scores and its timeline stay. This cannot be undone."
          onClose={() => setConfirming(false)}
        >
          <div class="form-actions">
            <button type="button" class="button button-danger" disabled={erasing} onClick={erase}>
              Erase contact details
            </button>
            <button type="button" class="button button-secondary" data-autofocus onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
