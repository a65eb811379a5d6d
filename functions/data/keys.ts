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
