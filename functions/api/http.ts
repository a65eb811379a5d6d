import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { idSchema } from '#domain/directory/schemas.ts';
import {
  type FieldError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ValidationError,
} from '#domain/errors.ts';
import * as z from '#lib/zod.ts';
import type { IdempotencyToken } from '#services/idempotency.ts';
import type { AppEnv } from './env.ts';

/** RFC 9457 problem details, with the field errors of a 400. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
});

/** The problem answers every authenticated route may give. */
export const problemResponses = {
  400: problem('The request is not valid; `errors` lists the fields.'),
  401: problem('No valid bearer token.'),
  403: problem('The caller may not do this.'),
  404: problem('No such record, or not one the caller may see.'),
  503: problem('The database is unavailable or throttling; see Retry-After.'),
} as const;

export const changeResponses = {
  ...problemResponses,
  409: problem('The change conflicts with the record’s state.'),
  412: problem('The If-Match version is stale.'),
  428: problem('If-Match is required.'),
} as const;

export const createResponses = {
  ...problemResponses,
  409: problem('The record conflicts with one that exists.'),
  422: problem('The Idempotency-Key was used with another body.'),
} as const;

export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { 'application/json': { schema } }, required: true } };
}

/** The header schema of a request that needs `If-Match`. */
export const ifMatchHeaders = z.object({
  'if-match': z.string().optional().openapi({ description: 'The ETag of the version the change is based on.' }),
});

export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .openapi({ description: 'Replays the first response when the same key and body are sent again.' }),
});

/** The `{id}` of a record's path. */
export const idParams = z.object({ id: idSchema.openapi({ param: { name: 'id', in: 'path' } }) });

/** A `true`/`false` query flag; absent stays undefined (no filter). */
export const booleanQuery = z
  .enum(['true', 'false'])
  .optional()
  .transform((value) => (value === undefined ? undefined : value === 'true'));

export const paginationQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(2048).optional(),
};

/**
 * The request's idempotency token for a create whose answer says `Location: {collection}/{id}`:
 * the stored answer must say it too, and only the route knows where its records live.
 */
export function idempotencyAt(c: AppContext, collection: string): IdempotencyToken | undefined {
  const token = c.var.idempotency;
  return token && { ...token, location: collection };
}

export function etag(version: number): string {
  return `"${version}"`;
}

/** The version an `If-Match` header names; missing is 428, unparseable can never match (412). */
export function versionFromIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw new PreconditionRequiredError('Send If-Match with the ETag of the version you are changing.');
  }
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!match?.[1]) throw new PreconditionFailedError('If-Match does not name a version of this record.');
  return Number(match[1]);
}

/** zod issues as the field errors of a problem document. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

/** Every router is an OpenAPIHono whose validation failures become a 400 problem. */
export function router() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      // A path id that cannot be an id names no record: not found, like any other unknown one.
      if (result.target === 'param') throw new NotFoundError('No such record.');
      throw new ValidationError(fieldErrors(result.error));
    },
  });
}

export type AppContext = Context<AppEnv>;
