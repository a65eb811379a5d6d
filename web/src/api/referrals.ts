import { api, ifMatch, request } from './client.ts';
import type { Page } from './directory.ts';
import type {
  ConflictRuling,
  Referral,
  ReferralConflict,
  ReferralDetail,
  ReferralStatus,
  ReferralSubmission,
  ReferralTransition,
  Settings,
  SettingsChange,
} from './types.ts';

/** The filters of the referral list; the API narrows them to what the caller may see. */
export interface ReferralFilters {
  status?: ReferralStatus | undefined;
  ownerId?: string | undefined;
  overdue?: boolean | undefined;
  cursor?: string | null | undefined;
  limit?: number | undefined;
}

function referralQuery({ status, ownerId, overdue, cursor, limit = 25 }: ReferralFilters) {
  return {
    limit: String(limit),
    ...(status ? { status } : {}),
    ...(ownerId ? { ownerId } : {}),
    ...(overdue === undefined ? {} : { overdue: overdue ? ('true' as const) : ('false' as const) }),
    ...(cursor ? { cursor } : {}),
  };
}

const referrals = api.api.referrals;

export const referralsApi = {
  list: (filters: ReferralFilters): Promise<Page<Referral>> =>
    request(referrals.$get({ query: referralQuery(filters) })),

  get: (id: string): Promise<ReferralDetail> => request(referrals[':id'].$get({ param: { id } })),

  /** `idempotencyKey`: fresh for each submission, the same when the same submission is retried. */
  submit: (submission: ReferralSubmission, idempotencyKey: string): Promise<Referral> =>
    request(referrals.$post({ header: { 'idempotency-key': idempotencyKey }, json: submission })),

  transition: (referral: Referral, change: ReferralTransition): Promise<Referral> =>
    request(
      referrals[':id'].transitions.$post({
        param: { id: referral.id },
        header: ifMatch(referral.version),
        json: change,
      }),
    ),

  assignOwner: (referral: Referral, userId: string): Promise<Referral> =>
    request(
      referrals[':id'].owner.$put({ param: { id: referral.id }, header: ifMatch(referral.version), json: { userId } }),
    ),

  addNote: (referralId: string, text: string) =>
    request(referrals[':id'].notes.$post({ param: { id: referralId }, json: { text } })),

  eraseContact: (referral: Referral): Promise<Referral> =>
    request(referrals[':id'].erasure.$post({ param: { id: referral.id }, header: ifMatch(referral.version) })),
};

export const conflictsApi = {
  /** `open`: true for those awaiting a ruling only; undefined for all of them. */
  list: (options: {
    open?: boolean | undefined;
    cursor?: string | null | undefined;
  }): Promise<Page<ReferralConflict>> =>
    request(
      referrals.conflicts.$get({
        query: {
          limit: '50',
          ...(options.open === undefined ? {} : { open: options.open ? ('true' as const) : ('false' as const) }),
          ...(options.cursor ? { cursor: options.cursor } : {}),
        },
      }),
    ),

  rule: (conflict: ReferralConflict, ruling: ConflictRuling): Promise<ReferralConflict> =>
    request(
      referrals.conflicts[':id'].ruling.$post({
        param: { id: conflict.id },
        header: ifMatch(conflict.version),
        json: ruling,
      }),
    ),
};

export const settingsApi = {
  get: (): Promise<Settings> => request(api.api.settings.$get()),
  update: (current: Settings, change: SettingsChange): Promise<Settings> =>
    request(api.api.settings.$patch({ header: ifMatch(current.version), json: change })),
};
