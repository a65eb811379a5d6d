import type { api, Success } from './client.ts';

/**
 * The shapes the screens use, derived from the API's own types rather than restated, so the
 * web cannot drift from the routes.
 */
type Answer<F extends (...args: never[]) => Promise<unknown>> = Success<Awaited<ReturnType<F>>>;

export type Me = Answer<typeof api.api.me.$get>;
export type Role = Me['role'];

export type Team = Answer<typeof api.api.teams.$post>;
export type Partner = Answer<typeof api.api.partners.$post>;
export type User = Answer<typeof api.api.users.$post>;

type ReferralsApi = typeof api.api.referrals;

/** A referral as lists and changes answer it (partners and advocates get fewer fields). */
export type Referral = Answer<ReferralsApi['$post']>;
/** A referral with its timeline, and for staff and leaders its internal notes and conflicts. */
export type ReferralDetail = Answer<ReferralsApi[':id']['$get']>;
export type ReferralStatus = Referral['status'];
export type Fit = Referral['fit'];
export type FitName = keyof Fit;
export type InfluenceRole = Referral['stakeholders'][number]['role'];
export type TimelineEvent = ReferralDetail['timeline'][number];
export type InternalNote = NonNullable<ReferralDetail['internalNotes']>[number];
export type ReferralConflict = Answer<ReferralsApi['conflicts'][':id']['$get']>;
/** What the referral form sends. */
export type ReferralSubmission = Parameters<ReferralsApi['$post']>[0]['json'];
export type ReferralTransition = Parameters<ReferralsApi[':id']['transitions']['$post']>[0]['json'];
export type ConflictRuling = Parameters<ReferralsApi['conflicts'][':id']['ruling']['$post']>[0]['json'];

export type Settings = Answer<typeof api.api.settings.$get>;
export type SettingsChange = Parameters<typeof api.api.settings.$patch>[0]['json'];
