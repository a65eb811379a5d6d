/**
 * Every key of the single table, built in one place. Values are prefixed with the entity so
 * that one partition never mixes two kinds by accident; docs/data-model.md lists them all.
 */
export const teamKeys = {
  byId: (id: string) => ({ pk: `TEAM#${id}`, sk: 'TEAM' }),
  collection: (name: string, id: string) => ({ gsi1pk: 'TEAMS', gsi1sk: `${name.toLowerCase()}#${id}` }),
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
  of: (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'IDEMPOTENCY' }),
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
  note: (referralId: string, noteId: string) => ({ pk: `REFERRAL#${referralId}`, sk: `NOTE#${noteId}` }),
  notePrefix: 'NOTE#',
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
};
