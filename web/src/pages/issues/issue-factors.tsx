import { useEffect, useState } from 'preact/hooks';
import { issuesApi } from '../../api/issues.ts';
import type { ContributingFactor, Issue } from '../../api/types.ts';
import { contributingFactors } from './labels.tsx';

export function FactorsSection({
  issue,
  onSaved,
  onFailed,
}: {
  issue: Issue;
  onSaved: (updated: Issue, said: string) => Promise<void>;
  onFailed: (error: unknown) => void;
}) {
  const saved = issue.factors ?? [];
  const [chosen, setChosen] = useState<ContributingFactor[]>(saved);
  const [saving, setSaving] = useState(false);
  const savedKey = saved.join(',');
  // A reload (someone else's change) shows what is stored.
  useEffect(() => setChosen(savedKey ? (savedKey.split(',') as ContributingFactor[]) : []), [savedKey]);
  const dirty = [...chosen].sort().join(',') !== [...saved].sort().join(',');

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setSaving(true);
    try {
      const updated = await issuesApi.update(issue, { factors: chosen });
      await onSaved(updated, 'The contributing factors were saved.');
    } catch (error) {
      onFailed(error);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section class="card" aria-labelledby="factors-heading">
      <h2 id="factors-heading">Contributing factors</h2>
      <p class="section-hint">Ownership, not blame: what in how we work let it happen. Never who.</p>
      <form class="stack" noValidate onSubmit={submit}>
        <fieldset class="choice-group">
          <legend>What contributed</legend>
          <div class="choices factor-choices">
            {contributingFactors.map((factor) => (
              <label key={factor.value} class="choice">
                <input
                  type="checkbox"
                  class="choice-input-top"
                  name="factors"
                  value={factor.value}
                  checked={chosen.includes(factor.value)}
                  onChange={(event) => {
                    const on = event.currentTarget.checked;
                    setChosen((current) =>
                      on ? [...current, factor.value] : current.filter((other) => other !== factor.value),
                    );
                  }}
                />
                <span>
                  <strong>{factor.label}</strong>
                  <span class="choice-meaning">{factor.meaning}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button button-secondary" disabled={saving || !dirty}>
            Save factors
          </button>
        </div>
      </form>
    </section>
  );
}
