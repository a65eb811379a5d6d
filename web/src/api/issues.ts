import { api, ifMatch, request } from './client.ts';
import type { Page } from './directory.ts';
import type {
  CommunicationChannel,
  Issue,
  IssueChange,
  IssueCommunication,
  IssueDetail,
  IssueReport,
  IssueStatus,
  IssueTransition,
  Severity,
} from './types.ts';

/** The filters of the issue list (the board's columns, "mine", one customer's). */
export interface IssueFilters {
  status?: IssueStatus | undefined;
  severity?: Severity | undefined;
  /** `me` for the caller's own, or a user id. */
  owner?: string | undefined;
  customerId?: string | undefined;
  cursor?: string | null | undefined;
  limit?: number | undefined;
}

const issues = api.api.issues;

export const issuesApi = {
  /** Open first, then the most severe, then the newest. */
  list: ({ status, severity, owner, customerId, cursor, limit = 25 }: IssueFilters): Promise<Page<Issue>> =>
    request(
      issues.$get({
        query: {
          limit: String(limit),
          ...(status ? { status } : {}),
          ...(severity ? { severity } : {}),
          ...(owner ? { owner } : {}),
          ...(customerId ? { customerId } : {}),
          ...(cursor ? { cursor } : {}),
        },
      }),
    ),

  get: (id: string): Promise<IssueDetail> => request(issues[':id'].$get({ param: { id } })),

  /** `idempotencyKey`: fresh for each report, the same when the same report is sent again. */
  report: (report: IssueReport, idempotencyKey: string): Promise<Issue> =>
    request(issues.$post({ header: { 'idempotency-key': idempotencyKey }, json: report })),

  update: (issue: Issue, change: IssueChange): Promise<Issue> =>
    request(issues[':id'].$patch({ param: { id: issue.id }, header: ifMatch(issue.version), json: change })),

  /** `owned` makes the caller the owner; `resolved` needs `followUp`. */
  transition: (issue: Issue, change: IssueTransition): Promise<Issue> =>
    request(issues[':id'].transitions.$post({ param: { id: issue.id }, header: ifMatch(issue.version), json: change })),

  handOver: (issue: Issue, userId: string): Promise<Issue> =>
    request(issues[':id'].owner.$put({ param: { id: issue.id }, header: ifMatch(issue.version), json: { userId } })),

  communicate: (
    issueId: string,
    entry: { channel: CommunicationChannel; summary: string },
    idempotencyKey: string,
  ): Promise<IssueCommunication> =>
    request(
      issues[':id'].communications.$post({
        param: { id: issueId },
        header: { 'idempotency-key': idempotencyKey },
        json: entry,
      }),
    ),
};
