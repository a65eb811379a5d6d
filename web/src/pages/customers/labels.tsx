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

/**
 * The moves the lifecycle allows, as the API checks them (functions/domain/customers/workflow.ts):
 * forward along the ladder, lapsing from any stage a customer has bought at, and back from
 * lapsed only as won back. The API does not answer them with the customer, so they are
 * restated here; a move it refuses anyway is a 409 the page shows.
 */
const moves: Record<LifecycleStage, readonly LifecycleStage[]> = {
  prospect: ['first_purchase'],
  first_purchase: ['repeat', 'loyal', 'advocate', 'lapsed'],
  repeat: ['loyal', 'advocate', 'lapsed'],
  loyal: ['advocate', 'lapsed'],
  advocate: ['lapsed'],
  lapsed: ['won_back'],
  won_back: ['repeat', 'loyal', 'advocate', 'lapsed'],
};

export function nextLifecycleStages(from: LifecycleStage): readonly LifecycleStage[] {
  return moves[from];
}

export function LifecycleBadge({ stage }: { stage: LifecycleStage }) {
  return <span class={`badge badge-lifecycle-${stage}`}>{lifecycleLabel(stage)}</span>;
}
