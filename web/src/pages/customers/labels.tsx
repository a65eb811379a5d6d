import type { LifecycleStage } from '../../api/types.ts';
import { labelFor } from '../../components/options.ts';

/** The lifecycle (seed 001), with lapsed and won back (the born-again customer, seed 002) beside it. */
export const lifecycleStages: readonly { value: LifecycleStage; label: string; meaning: string }[] = [
  { value: 'prospect', label: 'Prospect', meaning: 'has not bought yet' },
  { value: 'first_purchase', label: 'First purchase', meaning: 'has bought once' },
  { value: 'repeat', label: 'Repeat', meaning: 'came back and bought again' },
  { value: 'loyal', label: 'Loyal', meaning: 'buys from us as a matter of course' },
  { value: 'advocate', label: 'Advocate', meaning: 'a customer for life, who recommends us' },
  { value: 'lapsed', label: 'Lapsed', meaning: 'stopped buying: to be won back' },
  { value: 'won_back', label: 'Won back', meaning: 'born again: came back once we settled what went wrong' },
];

export function lifecycleLabel(stage: LifecycleStage): string {
  return labelFor(lifecycleStages, stage);
}

export function LifecycleBadge({ stage }: { stage: LifecycleStage }) {
  return <span class={`badge badge-lifecycle-${stage}`}>{lifecycleLabel(stage)}</span>;
}
