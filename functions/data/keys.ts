/**
 * Every key of the single table, built in one place. Values are prefixed with the entity so
 * that one partition never mixes two kinds by accident; docs/data-model.md lists them all.
 */
export const teamKeys = {
  byId: (id: string) => ({ pk: `TEAM#${id}`, sk: 'TEAM' }),
  collection: (name: string, id: string) => ({ gsi1pk: 'TEAMS', gsi1sk: `${name.toLowerCase()}#${id}` }),
  /** What the team needs per kind of handoff: one item beside the team, one version for the whole list. */
  checklist: (id: string) => ({ pk: `TEAM#${id}`, sk: 'CHECKLIST' }),
};

export const partnerKeys = {
  byId: (id: string) => ({ pk: `PARTNER#${id}`, sk: 'PARTNER' }),
  collection: (name: string, id: string) => ({ gsi1pk: 'PARTNERS', gsi1sk: `${name.toLowerCase()}#${id}` }),
};

export const userKeys = {
  byId: (id: string) => ({ pk: `USER#${id}`, sk: 'USER' }),
  collection: (name: string, id: string) => ({ gsi1pk: 'USERS', gsi1sk: `${name.toLowerCase()}#${id}` }),
  /** E-mail addresses are unique among users: a marker item claims one. */
  emailMarker: (email: string) => ({ pk: `USER_EMAIL#${email.toLowerCase()}`, sk: 'USER_EMAIL' }),
};

export const eventKeys = {
  /** Events live in their record's partition, so a record and its timeline are one Query. */
  of: (recordPk: string, eventId: string) => ({ pk: recordPk, sk: `EVENT#${eventId}` }),
  prefix: 'EVENT#',
};

export const idempotencyKeys = {
  of: (scope: string, key: string) => idempotencyKeys.ofPk(`IDEMPOTENCY#${scope}#${key}`),
  /** The marker's key by the partition a created record keeps (`idempotencyPk`), to erase it. */
  ofPk: (pk: string) => ({ pk, sk: 'IDEMPOTENCY' }),
};

export const settingsKeys = {
  organisation: () => ({ pk: 'SETTINGS', sk: 'ORGANISATION' }),
};

export const seedKeys = {
  marker: () => ({ pk: 'SEED', sk: 'DEMO' }),
};

export const referralKeys = {
  byId: (id: string) => ({ pk: `REFERRAL#${id}`, sk: 'REFERRAL' }),
  /** Every referral, newest first. */
  all: (createdAt: string, id: string) => ({ gsi1pk: 'REFERRALS', gsi1sk: `${createdAt}#${id}` }),
  /** A partner organisation's referrals, or an advocate's (or staff member's) own. */
  party: (referral: { partnerId?: string | undefined; referrerId: string; createdAt: string; id: string }) => ({
    gsi2pk: referral.partnerId
      ? `PARTNER#${referral.partnerId}#REFERRALS`
      : `REFERRER#${referral.referrerId}#REFERRALS`,
    gsi2sk: `${referral.createdAt}#${referral.id}`,
  }),
  partnerPartition: (partnerId: string) => `PARTNER#${partnerId}#REFERRALS`,
  referrerPartition: (referrerId: string) => `REFERRER#${referrerId}#REFERRALS`,
  owner: (ownerId: string, createdAt: string, id: string) => ({
    gsi3pk: `OWNER#${ownerId}#REFERRALS`,
    gsi3sk: `${createdAt}#${id}`,
  }),
  ownerPartition: (ownerId: string) => `OWNER#${ownerId}#REFERRALS`,
  /** Present only while a first response is awaited and not yet overdue: the sweeper's queue. */
  firstResponseDue: (dueAt: string, id: string) => ({ duepk: 'DUE#REFERRAL_FIRST_RESPONSE', duesk: `${dueAt}#${id}` }),
  firstResponseDuePartition: 'DUE#REFERRAL_FIRST_RESPONSE',
  /** Present while a first response is awaited past its due time (after the sweeper marked it): "my work". */
  firstResponseOverdue: (dueAt: string, id: string) => ({
    duepk: 'OVERDUE#REFERRAL_FIRST_RESPONSE',
    duesk: `${dueAt}#${id}`,
  }),
  firstResponseOverduePartition: 'OVERDUE#REFERRAL_FIRST_RESPONSE',
  note: (referralId: string, noteId: string) => ({ pk: `REFERRAL#${referralId}`, sk: `NOTE#${noteId}` }),
  notePrefix: 'NOTE#',
  /** A handoff about the referral (a kickoff), so that its page lists them. */
  handoffLink: (referralId: string, handoffId: string) => ({
    pk: `REFERRAL#${referralId}`,
    sk: `HANDOFF#${handoffId}`,
  }),
  handoffLinkPrefix: 'HANDOFF#',
};

/** The lock that protects a prospect's first valid registration. */
export const prospectKeys = {
  lock: (prospectKey: string) => ({ pk: `PROSPECT#${prospectKey}`, sk: 'LOCK' }),
};

export const referralConflictKeys = {
  byId: (id: string) => ({ pk: `REFERRAL_CONFLICT#${id}`, sk: 'REFERRAL_CONFLICT' }),
  all: (createdAt: string, id: string) => ({ gsi1pk: 'REFERRAL_CONFLICTS', gsi1sk: `${createdAt}#${id}` }),
  allPartition: 'REFERRAL_CONFLICTS',
  /** A referral's conflicts, for its detail page. */
  ofReferral: (referralId: string, createdAt: string, id: string) => ({
    gsi2pk: `REFERRAL#${referralId}#CONFLICTS`,
    gsi2sk: `${createdAt}#${id}`,
  }),
  ofReferralPartition: (referralId: string) => `REFERRAL#${referralId}#CONFLICTS`,
};

export const customerKeys = {
  byId: (id: string) => ({ pk: `CUSTOMER#${id}`, sk: 'CUSTOMER' }),
  all: (name: string, id: string) => ({ gsi1pk: 'CUSTOMERS', gsi1sk: `${name.toLowerCase()}#${id}` }),
  /** One customer per prospect key: a won referral links to it rather than making a twin. */
  prospectMarker: (prospectKey: string) => ({ pk: `CUSTOMER_KEY#${prospectKey}`, sk: 'CUSTOMER_KEY' }),
  allPartition: 'CUSTOMERS',
  /** The customers a partner organisation's (or a referrer's) won referrals created, by name. */
  party: (referredBy: { referrerId: string; partnerId?: string | undefined }, name: string, id: string) => ({
    gsi2pk: referredBy.partnerId
      ? `PARTNER#${referredBy.partnerId}#CUSTOMERS`
      : `REFERRER#${referredBy.referrerId}#CUSTOMERS`,
    gsi2sk: `${name.toLowerCase()}#${id}`,
  }),
  partnerPartition: (partnerId: string) => `PARTNER#${partnerId}#CUSTOMERS`,
  referrerPartition: (referrerId: string) => `REFERRER#${referrerId}#CUSTOMERS`,
  /** Present only while the customer is lapsed: the win-back list. */
  lapsed: (lapsedAt: string, id: string) => ({ gsi3pk: 'CUSTOMERS#LAPSED', gsi3sk: `${lapsedAt}#${id}` }),
  lapsedPartition: 'CUSTOMERS#LAPSED',
  /** A won referral linked from its customer's partition: the customer page reads them in one Query. */
  referralLink: (customerId: string, referralId: string) => ({
    pk: `CUSTOMER#${customerId}`,
    sk: `REFERRAL#${referralId}`,
  }),
  referralLinkPrefix: 'REFERRAL#',
  /** A handoff concerning the customer, linked from its partition when the handoff is made. */
  handoffLink: (customerId: string, handoffId: string) => ({
    pk: `CUSTOMER#${customerId}`,
    sk: `HANDOFF#${handoffId}`,
  }),
  handoffLinkPrefix: 'HANDOFF#',
};

export const handoffKeys = {
  byId: (id: string) => ({ pk: `HANDOFF#${id}`, sk: 'HANDOFF' }),
  /** Every handoff, newest first: leaders. */
  all: (createdAt: string, id: string) => ({ gsi1pk: 'HANDOFFS', gsi1sk: `${createdAt}#${id}` }),
  allPartition: 'HANDOFFS',
  /**
   * A team's inbox. The sort key starts with `1` while the handoff is overdue and `0` after, so
   * one descending Query lists the overdue ones first, each group newest first, and a cursor
   * pages through both; `overdue` is a key condition (`begins_with`), not a filter.
   */
  inbox: (handoff: { toTeamId: string; overdue: boolean; createdAt: string; id: string }) => ({
    gsi2pk: `TEAM#${handoff.toTeamId}#HANDOFFS_IN`,
    gsi2sk: `${handoff.overdue ? '1' : '0'}#${handoff.createdAt}#${handoff.id}`,
  }),
  inboxPartition: (teamId: string) => `TEAM#${teamId}#HANDOFFS_IN`,
  /** A team's outbox, newest first: what the team sent. */
  outbox: (handoff: { fromTeamId: string; createdAt: string; id: string }) => ({
    gsi3pk: `TEAM#${handoff.fromTeamId}#HANDOFFS_OUT`,
    gsi3sk: `${handoff.createdAt}#${handoff.id}`,
  }),
  outboxPartition: (teamId: string) => `TEAM#${teamId}#HANDOFFS_OUT`,
  /** Present only while an acknowledgement is awaited and not yet overdue: the sweeper's queue. */
  acknowledgementDue: (dueAt: string, id: string) => ({
    duepk: 'DUE#HANDOFF_ACKNOWLEDGEMENT',
    duesk: `${dueAt}#${id}`,
  }),
  acknowledgementDuePartition: 'DUE#HANDOFF_ACKNOWLEDGEMENT',
  /** Present while an acknowledgement is awaited past its due time (after the sweeper marked it): "my work". */
  acknowledgementOverdue: (dueAt: string, id: string) => ({
    duepk: 'OVERDUE#HANDOFF_ACKNOWLEDGEMENT',
    duesk: `${dueAt}#${id}`,
  }),
  acknowledgementOverduePartition: 'OVERDUE#HANDOFF_ACKNOWLEDGEMENT',
};

/**
 * Issues. Every list of them sorts by one key: open before resolved, the most severe first,
 * newest first — `O|C # 4..1 # createdAt # id`, read descending. `status` (open or not) and
 * severity are then key conditions (`begins_with`), not filters.
 */
function issueBoardKey(issue: { status: string; severity: string; createdAt: string; id: string }): string {
  const rank = 5 - Number(issue.severity.slice(3));
  return `${issue.status === 'resolved' ? 'C' : 'O'}#${rank}#${issue.createdAt}#${issue.id}`;
}

type IssueKeyFields = { status: string; severity: string; createdAt: string; id: string };

export const issueKeys = {
  byId: (id: string) => ({ pk: `ISSUE#${id}`, sk: 'ISSUE' }),
  boardKey: issueBoardKey,
  /** The prefix of board keys of open (`true`) or resolved issues, optionally of one severity. */
  boardPrefix: (open: boolean, severity?: string) =>
    `${open ? 'O' : 'C'}#${severity ? `${5 - Number(severity.slice(3))}#` : ''}`,
  all: (issue: IssueKeyFields) => ({ gsi1pk: 'ISSUES', gsi1sk: issueBoardKey(issue) }),
  allPartition: 'ISSUES',
  /** The issues a partner organisation reported. */
  partner: (partnerId: string, issue: IssueKeyFields) => ({
    gsi2pk: `PARTNER#${partnerId}#ISSUES`,
    gsi2sk: issueBoardKey(issue),
  }),
  partnerPartition: (partnerId: string) => `PARTNER#${partnerId}#ISSUES`,
  owner: (ownerId: string, issue: IssueKeyFields) => ({
    gsi3pk: `OWNER#${ownerId}#ISSUES`,
    gsi3sk: issueBoardKey(issue),
  }),
  ownerPartition: (ownerId: string) => `OWNER#${ownerId}#ISSUES`,
  /**
   * One item per affected customer, in the issue's partition, rewritten with the issue: the
   * issues of a customer are one Query on `CUSTOMER#<id>#ISSUES`.
   */
  customerLink: (issueId: string, customerId: string) => ({ pk: `ISSUE#${issueId}`, sk: `CUSTOMER#${customerId}` }),
  ofCustomer: (customerId: string, issue: IssueKeyFields) => ({
    gsi2pk: `CUSTOMER#${customerId}#ISSUES`,
    gsi2sk: issueBoardKey(issue),
  }),
  ofCustomerPartition: (customerId: string) => `CUSTOMER#${customerId}#ISSUES`,
  communication: (issueId: string, entryId: string) => ({ pk: `ISSUE#${issueId}`, sk: `COMMUNICATION#${entryId}` }),
  communicationPrefix: 'COMMUNICATION#',
  /** Present while an issue awaits its owner and that target has not passed: the sweeper's queue. */
  ownDue: (dueAt: string, id: string) => ({ duepk: 'DUE#ISSUE_OWN', duesk: `${dueAt}#${id}` }),
  ownDuePartition: 'DUE#ISSUE_OWN',
  /** Present while an issue is unresolved, past its own-due stage, and its resolve target has not passed. */
  resolveDue: (dueAt: string, id: string) => ({ duepk: 'DUE#ISSUE_RESOLVE', duesk: `${dueAt}#${id}` }),
  resolveDuePartition: 'DUE#ISSUE_RESOLVE',
};

/**
 * The scorecard's aggregates: one partition per figure family, sorted by period (an ISO week,
 * or `current` for a level), then figure, then dimension, so a range of weeks of a family is
 * one Query. Dedup markers make each stream record's effect happen once.
 */
export const aggregateKeys = {
  item: (key: { family: string; period: string; figure: string; dimension: string }) => ({
    pk: `AGG#${key.family}`,
    sk: `${key.period}#${key.figure}#${key.dimension}`,
  }),
  partition: (family: string) => `AGG#${family}`,
  dedup: (markerId: string) => ({ pk: `AGG_DEDUP#${markerId}`, sk: 'AGG_DEDUP' }),
  /**
   * The records behind a stored figure in a period (the drill-down): one partition per family,
   * period and figure, one item per source record (or event), written with the counters.
   */
  member: (member: { family: string; period: string; figure: string; key: string }) => ({
    pk: `AGGM#${member.family}#${member.period}#${member.figure}`,
    sk: member.key,
  }),
  memberPartition: (family: string, period: string, figure: string) => `AGGM#${family}#${period}#${figure}`,
};

/**
 * A user's notifications: one partition per user. Feed entries (`N#`) are sorted by a ULID-shaped
 * id whose time is the notification's, so newest first is a descending Query. A marker beside
 * each unread one makes the unread count a Query of the unread only. A group item per kind and
 * record points at the entry that collapses its repeats; a marker per event says it was written.
 * Everything expires with TTL.
 */
export const notificationKeys = {
  partition: (userId: string) => `NOTIFY#${userId}`,
  item: (userId: string, feedId: string) => ({ pk: `NOTIFY#${userId}`, sk: `N#${feedId}` }),
  itemPrefix: 'N#',
  unread: (userId: string, feedId: string) => ({ pk: `NOTIFY#${userId}`, sk: `U#${feedId}` }),
  unreadPrefix: 'U#',
  /** The entry that repeats of one kind about one record collapse into. */
  group: (userId: string, kind: string, recordType: string, recordId: string) => ({
    pk: `NOTIFY#${userId}`,
    sk: `G#${kind}#${recordType}#${recordId}`,
  }),
  /** That an event's notification was written: a redelivered event writes nothing. */
  received: (userId: string, eventId: string) => ({ pk: `NOTIFY#${userId}`, sk: `E#${eventId}` }),
  /** That an e-mail for the notification went out; a redelivered event does not send it twice. */
  mailed: (userId: string, eventId: string) => ({ pk: `NOTIFY#${userId}`, sk: `M#${eventId}` }),
  preferences: (userId: string) => ({ pk: `USER#${userId}`, sk: 'NOTIFICATION_PREFERENCES' }),
};

/**
 * A record's due date marked due soon: one `event` item per due date, in the record's partition
 * but outside its timeline (`EVENT#`), its key the proof that it was marked.
 */
export const dueSoonKeys = {
  marker: (recordPk: string, dueAt: string) => ({ pk: recordPk, sk: `DUE_SOON#${dueAt}` }),
};

/**
 * Webhook endpoints and their deliveries. A delivery lives in its endpoint's partition under
 * the timeline event it publishes (`DELIVERY#<eventId>`: one per endpoint and event, so a
 * stream record handled twice enqueues once, and the log reads newest first). While pending it
 * carries two sparse keys: its due time in the dispatcher's queue, and its place in its lane
 * (the endpoint and record), so that a record's deliveries go out in order.
 */
export const webhookKeys = {
  byId: (id: string) => ({ pk: `WEBHOOK#${id}`, sk: 'WEBHOOK' }),
  all: (createdAt: string, id: string) => ({ gsi1pk: 'WEBHOOKS', gsi1sk: `${createdAt}#${id}` }),
  allPartition: 'WEBHOOKS',
  delivery: (webhookId: string, eventId: string) => ({ pk: `WEBHOOK#${webhookId}`, sk: `DELIVERY#${eventId}` }),
  deliveryPrefix: 'DELIVERY#',
  due: (dueAt: string, webhookId: string, eventId: string) => ({
    duepk: 'DUE#WEBHOOK_DELIVERY',
    duesk: `${dueAt}#${webhookId}#${eventId}`,
  }),
  duePartition: 'DUE#WEBHOOK_DELIVERY',
  lane: (webhookId: string, recordType: string, recordId: string, eventAt: string, eventId: string) => ({
    gsi2pk: `WEBHOOK#${webhookId}#LANE#${recordType}#${recordId}`,
    gsi2sk: `${eventAt}#${eventId}`,
  }),
  lanePartition: (webhookId: string, recordType: string, recordId: string) =>
    `WEBHOOK#${webhookId}#LANE#${recordType}#${recordId}`,
};

export const importJobKeys = {
  byId: (id: string) => ({ pk: `IMPORT_JOB#${id}`, sk: 'IMPORT_JOB' }),
  /** Every job, newest first: the Import page's list. */
  all: (createdAt: string, id: string) => ({ gsi1pk: 'IMPORT_JOBS', gsi1sk: `${createdAt}#${id}` }),
  allPartition: 'IMPORT_JOBS',
  /** The refused rows, in chunks of the job's partition: a report may be far larger than an item. */
  rejected: (id: string, chunk: number) => ({
    pk: `IMPORT_JOB#${id}`,
    sk: `REJECTED#${String(chunk).padStart(5, '0')}`,
  }),
  rejectedPrefix: 'REJECTED#',
};

/**
 * Plays: a leader's follow-ups to the scorecard's movers. Both lists sort by `O|C # dueAt # id`,
 * so the open ones, soonest due first, are one ascending Query (`begins_with O#`), the whole
 * organisation's on `PLAYS` and an owner's on `OWNER#<id>#PLAYS` (their My work).
 */
function playListKey(play: { status: string; dueAt: string; id: string }): string {
  return `${play.status === 'closed' ? 'C' : 'O'}#${play.dueAt}#${play.id}`;
}

export const playKeys = {
  byId: (id: string) => ({ pk: `PLAY#${id}`, sk: 'PLAY' }),
  all: (play: { status: string; dueAt: string; id: string }) => ({ gsi1pk: 'PLAYS', gsi1sk: playListKey(play) }),
  allPartition: 'PLAYS',
  owner: (play: { ownerId: string; status: string; dueAt: string; id: string }) => ({
    gsi3pk: `OWNER#${play.ownerId}#PLAYS`,
    gsi3sk: playListKey(play),
  }),
  ownerPartition: (ownerId: string) => `OWNER#${ownerId}#PLAYS`,
  statusPrefix: (status: 'open' | 'closed') => (status === 'closed' ? 'C#' : 'O#'),
};

/**
 * What leaders hear of the scorecard on a schedule: an early warning per week, figure and
 * dimension, and one digest per week. Each is an `event` item (the notifier reacts to it) whose
 * key is its own proof that it was raised: a second sweep in the same week writes nothing.
 */
export const leaderNoticeKeys = {
  warning: (week: string, figure: string, dimension: string) => ({
    pk: `WARNINGS#${week}`,
    sk: `WARNING#${figure}#${dimension}`,
  }),
  /** That a week's warnings were looked for, so later sweeps of the next week skip the reads. */
  checked: (week: string) => ({ pk: `WARNINGS#${week}`, sk: 'CHECKED' }),
  digest: (week: string) => ({ pk: `DIGEST#${week}`, sk: 'DIGEST' }),
};
