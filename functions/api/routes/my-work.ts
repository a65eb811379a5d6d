import { myWorkSchema } from '#domain/work/my-work.ts';
import { myWork } from '#services/my-work.ts';
import { serviceContext } from '../env.ts';
import { json, operation, problemResponses, router } from '../http.ts';

export const myWorkRoutes = router().get(
  '/',
  operation({
    tags: ['my work'],
    summary: 'What the caller must do: overdue, and due within the next working day',
    description:
      'Across referrals (first response), handoffs (acknowledgement) and issues (ownership, resolution), each list ' +
      'soonest due first and at most 100 long (`truncated` says when one was cut). "Due soon" is due before ' +
      '`horizon`: one working day of the organisation’s working hours from now. Staff: referrals and issues they ' +
      'own or nobody owns yet, handoffs to their team. Leaders: the whole organisation. Partners and advocates owe ' +
      'no step (referrals wait on staff): empty lists and a `message`. `plays`: the caller’s own open plays, ' +
      'whatever their due date, soonest first. Read by Query on the due-date and overdue ' +
      'queues, never a Scan.',
    responses: { 200: json(myWorkSchema, 'The caller’s work.'), ...problemResponses },
  }),
  async (c) => c.json(await myWork(serviceContext(c)), 200),
);
