import { ValidationError } from '#domain/errors.ts';
import {
  markReadSchema,
  notificationKindSchema,
  notificationPreferencesSchema,
  notificationSchema,
  preferencesPatchSchema,
  unsubscribeSchema,
} from '#domain/notifications/schemas.ts';
import * as z from '#lib/zod.ts';
import { notifications, unsubscribe } from '#services/notifications.ts';
import { serviceContext } from '../env.ts';
import { input, json, listRecords, operation, paginationQuery, problemResponses, router } from '../http.ts';

const notificationPage = z
  .object({
    items: z.array(notificationSchema),
    cursor: z.nullable(z.string()),
    unread: z
      .number()
      .check(z.int())
      .apply(z.withMeta, { description: 'How many of the caller’s notifications are unread, in all.' }),
  })
  .apply(z.withMeta, { id: 'NotificationPage' });

const unreadSchema = z.object({ unread: z.number().check(z.int()) }).apply(z.withMeta, { id: 'UnreadCount' });

export const notificationRoutes = router()
  .get(
    '/',
    ...listRecords(
      {
        tags: ['notifications'],
        summary: 'The caller’s notifications, newest first, with the unread count',
        answer: json(notificationPage, 'A page of notifications.'),
      },
      z.object(paginationQuery),
      notifications.list,
    ),
  )
  .post(
    '/read',
    operation({
      tags: ['notifications'],
      summary: 'Mark some (`ids`) or all (`all: true`) of the caller’s notifications read',
      responses: { 200: json(unreadSchema, 'What is still unread.'), ...problemResponses },
    }),
    input('json', markReadSchema),
    async (c) => c.json(await notifications.markRead(serviceContext(c), c.req.valid('json')), 200),
  )
  .get(
    '/preferences',
    operation({
      tags: ['notifications'],
      summary: 'Which kinds of notification the caller also gets by e-mail',
      responses: { 200: json(notificationPreferencesSchema, 'The caller’s choices.'), ...problemResponses },
    }),
    async (c) => c.json(await notifications.preferences(serviceContext(c)), 200),
  )
  .put(
    '/preferences',
    operation({
      tags: ['notifications'],
      summary: 'Choose, per kind, whether to also get e-mail (kinds not named stay as they are)',
      responses: { 200: json(notificationPreferencesSchema, 'The caller’s choices, as saved.'), ...problemResponses },
    }),
    input('json', preferencesPatchSchema),
    async (c) => c.json(await notifications.updatePreferences(serviceContext(c), c.req.valid('json')), 200),
  );

/** RFC 8058's one-click request: `List-Unsubscribe=One-Click`, form-encoded, the token in the URL's query. */
const oneClickSchema = z.object({
  token: unsubscribeSchema.shape.token,
  'List-Unsubscribe': z.literal('One-Click'),
});

/**
 * The unsubscribe link's endpoint: no session; the signed token says who and which kind. Two
 * callers: the web page behind the e-mail's link (JSON), and a mail client's one-click
 * unsubscribe (RFC 8058), which POSTs a form to the `List-Unsubscribe` header's URL, this one.
 */
const unsubscribeRouter = router();
// Registered first: a form post is answered here, anything else goes on to the JSON route.
unsubscribeRouter.on('POST', '/', async (c, next) => {
  if (!/^application\/x-www-form-urlencoded\s*(?:;|$)/i.test(c.req.header('Content-Type') ?? '')) return next();
  const form = await c.req.parseBody();
  const parsed = oneClickSchema.safeParse({
    token: c.req.query('token'),
    'List-Unsubscribe': form['List-Unsubscribe'],
  });
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
      'A one-click unsubscribe posts List-Unsubscribe=One-Click to the link’s URL, token included.',
    );
  }
  return c.json(await unsubscribe(c.var.db, c.var.unsubscribeSecret, parsed.data.token, c.var.now()), 200);
});

export const unsubscribeRoutes = unsubscribeRouter.post(
  '/',
  operation({
    tags: ['notifications'],
    summary: 'Turn off one kind of e-mail with the token of an e-mail’s unsubscribe link (no sign-in)',
    responses: {
      200: json(
        z.object({ kind: notificationKindSchema }).apply(z.withMeta, { id: 'Unsubscribed' }),
        'That kind of e-mail is off.',
      ),
      400: problemResponses[400],
      503: problemResponses[503],
    },
  }),
  input('json', unsubscribeSchema),
  async (c) =>
    c.json(await unsubscribe(c.var.db, c.var.unsubscribeSecret, c.req.valid('json').token, c.var.now()), 200),
);
