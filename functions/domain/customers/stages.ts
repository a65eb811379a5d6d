/**
 * The lifecycle (seed 001), with lapsed and won back (born-again, seed 002) beside it. A list of
 * its own, apart from the schemas, so that the scorecard's figures can name the stages without
 * bringing zod into the aggregator's bundle.
 */
export const lifecycleStages = [
  'prospect',
  'first_purchase',
  'repeat',
  'loyal',
  'advocate',
  'lapsed',
  'won_back',
] as const;
export type LifecycleStage = (typeof lifecycleStages)[number];
