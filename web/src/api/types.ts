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

type HandoffsApi = typeof api.api.handoffs;

/** A handoff as lists and changes answer it, with `actions`: what the caller may do with it now. */
export type Handoff = Answer<HandoffsApi['$post']>;
/** A handoff with its timeline. */
export type HandoffDetail = Answer<HandoffsApi[':id']['$get']>;
export type HandoffStatus = Handoff['status'];
export type HandoffSubmission = Parameters<HandoffsApi['$post']>[0]['json'];
export type HandoffTransition = Parameters<HandoffsApi[':id']['transitions']['$post']>[0]['json'];
export type HandoffRatingSubmission = Parameters<HandoffsApi[':id']['rating']['$post']>[0]['json'];
export type HandoffKind = Handoff['kind'];
/** What a team needs per kind of handoff (its checklist), as the API answers it. */
export type TeamChecklist = Answer<(typeof api.api.teams)[':id']['checklist']['$get']>;
export type ChecklistReplacement = Parameters<(typeof api.api.teams)[':id']['checklist']['$put']>[0]['json'];

/** An external customer, as the customer list answers it (the handoff form's picker). */
export type Customer = Answer<typeof api.api.customers.$post>;

type CustomersApi = typeof api.api.customers;

/** A customer with its referrals, issues, handoffs, lifecycle history and timeline (the customer page). */
export type CustomerDetail = Answer<CustomersApi[':id']['$get']>;
export type LifecycleStage = Customer['lifecycle'];
export type LifecycleHistoryEntry = CustomerDetail['lifecycleHistory'][number];
export type StakeholderContact = NonNullable<Customer['stakeholders']>[number];
/** A lapsed customer on the win-back list, with its unresolved issues (what went wrong). */
export type WinBackEntry = Answer<CustomersApi['win-back']['$get']>['items'][number];
export type Grievance = WinBackEntry['openIssues'][number];
export type CustomerCreation = Parameters<CustomersApi['$post']>[0]['json'];
export type CustomerChange = Parameters<CustomersApi[':id']['$patch']>[0]['json'];
export type LifecycleMove = Parameters<CustomersApi[':id']['lifecycle']['$post']>[0]['json'];

type IssuesApi = typeof api.api.issues;

/** A customer-impacting issue as lists and changes answer it (partners and advocates get fewer fields). */
export type Issue = Answer<IssuesApi['$post']>;
/** An issue with its affected customers, timeline and (staff and leaders) communication log. */
export type IssueDetail = Answer<IssuesApi[':id']['$get']>;
export type IssueStatus = Issue['status'];
export type Severity = Issue['severity'];
export type ContributingFactor = NonNullable<Issue['factors']>[number];
export type IssueCommunication = NonNullable<IssueDetail['communications']>[number];
export type CommunicationChannel = IssueCommunication['channel'];
export type IssueReport = Parameters<IssuesApi['$post']>[0]['json'];
export type IssueChange = Parameters<IssuesApi[':id']['$patch']>[0]['json'];
export type IssueTransition = Parameters<IssuesApi[':id']['transitions']['$post']>[0]['json'];
