import type { Fit } from '../../api/types.ts';
import { ChoiceGroup } from '../../components/form-field.tsx';
import { fits } from './labels.tsx';

const scores = [1, 2, 3, 4, 5].map((value) => ({ value, label: String(value) }));

/** The four fits scored 1 to 5, as a referral and a customer both carry them, each with its field error. */
export function FitScores({
  fit,
  onChange,
  fieldErrors,
}: {
  fit: Partial<Fit>;
  onChange: (update: (current: Partial<Fit>) => Partial<Fit>) => void;
  fieldErrors: Readonly<Record<string, string | undefined>>;
}) {
  return (
    <div class="fit-grid">
      {fits.map((item) => (
        <ChoiceGroup<number>
          key={item.name}
          legend={`${item.label} fit`}
          hint={item.question}
          name={`fit-${item.name}`}
          options={scores}
          value={fit[item.name] ?? null}
          onChange={(value) => onChange((current) => ({ ...current, [item.name]: value }))}
          error={fieldErrors[`fit.${item.name}`]}
          variant="scale"
        />
      ))}
    </div>
  );
}
