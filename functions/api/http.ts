import { sValidator } from '@hono/standard-validator';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { type Context, type Env, Hono, type Input, type MiddlewareHandler, type ValidationTargets } from 'hono';
import type { Handler } from 'hono/types';
import type { $ZodType } from 'zod/v4/core';
import { idSchema } from '#domain/directory/schemas.ts';
import {
  type FieldError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  ValidationError,
} from '#domain/errors.ts';
import * as z from '#lib/zod.ts';
import type { CreateOptions, ServiceContext } from '#services/context.ts';
import type { IdempotencyToken } from '#services/idempotency.ts';
import { type AppEnv, serviceContext } from './env.ts';

/** RFC 9457 problem details, with the field errors of a 400. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().check(z.int()),
    detail: z.optional(z.string()),
    instance: z.optional(z.string()),
    requestId: z.optional(z.string()),
    errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  })
  .apply(z.withMeta, { id: 'Problem' });

/** One answer of an operation, as the OpenAPI document says it (functions/api/openapi.ts). */
export interface ResponseSpec {
  readonly description: string;
  readonly content?: Readonly<Record<string, { readonly schema: $ZodType }>>;
}

/** What the OpenAPI document says of an operation beyond what its validators and path say. */
export interface OperationSpec {
  readonly tags?: readonly string[];
  readonly summary: string;
  readonly description?: string;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
}

/**
 * The keys the build-time document (functions/api/openapi.ts) reads on a route's handlers:
 * the operation's description, and the part of the request each validator checks. They ride
 * on the middleware so that a route's document cannot drift from what it validates.
 */
export const operationKey = Symbol('operation');
export const requestPartKey = Symbol('request part');

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

export function json(schema: $ZodType, description: string): ResponseSpec {
  return { description, content: { 'application/json': { schema } } };
}

/** A page of a list as the lists answer it: its items, and the cursor of the next page (null at the end). */
export function pageSchema<T extends z.ZodMiniType>(item: T, id: string) {
  return z.object({ items: z.array(item), cursor: z.nullable(z.string()) }).apply(z.withMeta, { id });
}

/**
 * An operation's description for the OpenAPI document: a middleware that only passes the
 * request on, carrying the description for the build to read.
 */
export function operation(spec: OperationSpec): MiddlewareHandler<AppEnv> & { readonly [operationKey]: OperationSpec } {
  const middleware: MiddlewareHandler<AppEnv> = (_c, next) => next();
  return Object.assign(middleware, { [operationKey]: spec });
}

/** A field error's dotted path; the body itself when the whole of it is wrong. */
function pathOf(issue: StandardSchemaV1.Issue): string {
  const keys = (issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment));
  return keys.join('.') || '(body)';
}

/** Validation issues as the field errors of a problem document. */
export function fieldErrors(issues: readonly StandardSchemaV1.Issue[]): FieldError[] {
  return issues.map((issue) => ({ path: pathOf(issue), message: issue.message }));
}

function refuse(result: {
  success: boolean;
  target: keyof ValidationTargets;
  error?: readonly StandardSchemaV1.Issue[];
}) {
  if (result.success) return;
  // A path id that cannot be an id names no record: not found, like any other unknown one.
  if (result.target === 'param') throw new NotFoundError('No such record.');
  throw new ValidationError(fieldErrors(result.error ?? []));
}

/** What `input()` checks with: a zod schema, a Standard Schema for the validator and a zod type for the document. */
export type RequestSchema = StandardSchemaV1 & $ZodType;

/**
 * Validates one part of the request against a schema (`@hono/standard-validator`): what fails
 * is a 400 problem with its field errors (a path id that fails is a 404). The schema rides on
 * the middleware for the OpenAPI document.
 */
export function input<Target extends keyof ValidationTargets, Schema extends RequestSchema>(
  target: Target,
  schema: Schema,
) {
  return Object.assign(sValidator(target, schema, refuse), { [requestPartKey]: { target, schema } });
}

/** The header schema of a request that needs `If-Match`. */
export const ifMatchHeaders = z.object({
  'if-match': z
    .optional(z.string())
    .apply(z.withMeta, { description: 'The ETag of the version the change is based on.' }),
});

export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .optional(z.string())
    .apply(z.withMeta, { description: 'Replays the first response when the same key and body are sent again.' }),
});

/** The `{id}` of a record's path. */
export const idParams = z.object({ id: idSchema });

/** A `true`/`false` query flag; absent stays undefined (no filter). */
export const booleanQuery = z.pipe(
  z.optional(z.enum(['true', 'false'])),
  z.transform((value) => (value === undefined ? undefined : value === 'true')),
);

export const paginationQuery = {
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 25),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
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

/** A versioned record's answer: its version is the `ETag` a change sends back as If-Match. */
export function versioned<T extends { readonly version: number }>(c: AppContext, record: T) {
  return c.json(record, 200, { ETag: etag(record.version) });
}

/**
 * A create, the ending every creating route shares: `create` gets the request's idempotency
 * token (its stored answer must say where the record lives too), and the new record comes back
 * as a 201 with its `ETag` and its `Location` under `collection`.
 */
export async function created<T extends { readonly id: string; readonly version: number }>(
  c: AppContext,
  collection: string,
  create: (options: CreateOptions) => Promise<T>,
) {
  const record = await create({ idempotency: idempotencyAt(c, collection) });
  return c.json(record, 201, { ETag: etag(record.version), Location: `${collection}/${record.id}` });
}

/**
 * A change under optimistic locking, the ending every changing route shares: the version the
 * client's `If-Match` names (428 without one) goes to `change`, and the changed record comes
 * back with its new version as the `ETag`.
 */
export async function changed<T extends { readonly version: number }>(
  c: AppContext,
  change: (version: number) => Promise<T>,
) {
  return versioned(c, await change(versionFromIfMatch(c.req.header('if-match'))));
}

/** Every router is a plain Hono app; `input` makes its validation failures a 400 problem. */
export function router() {
  return new Hono<AppEnv>();
}

export type AppContext = Context<AppEnv>;

/*
 * The shapes most routes share, each a builder that returns what Hono's `.get`, `.post` and the
 * like take after the path (spread: `.get('/:id', ...readRecord(...))`), so that a route file
 * states only what differs: its words, its schemas and its service call. The middleware are the
 * same `operation()` and `input()` a route would write itself, in the same order, so the OpenAPI
 * document reads them as before.
 */

/** What a built route says for the document; the builder adds the problems its shape may answer. */
export interface RouteSpec {
  readonly tags?: readonly string[];
  readonly summary: string;
  readonly description?: string;
  /** The success: its body and what it means (`json(schema, description)`). */
  readonly answer: ResponseSpec;
}

function described(spec: RouteSpec, status: number, problems: OperationSpec['responses']) {
  const { answer, ...words } = spec;
  return operation({ ...words, responses: { [status]: answer, ...problems } });
}

/** A part of the request as its schema's validation gives it to the handler. */
export type Validated<Schema extends StandardSchemaV1> = StandardSchemaV1.InferOutput<Schema>;

/** What a validator adds to a route's input type, as Hono infers it from the validator. */
export type InputOf<Validator> = Validator extends Handler<Env, string, infer I, never> ? I : never;

/**
 * A handler's context after its validators. Hono takes a route's input type (what the typed
 * client sends) from its last handler's context, so this must be what it would infer for an
 * inline handler: the validators' inputs, intersected in their order.
 */
export type ValidatedContext<I extends Input> = Context<AppEnv, string, I>;

// The validators the built routes share: they hold no state, and each carries its part for the document.
const byId = input('param', idParams);
const onVersion = input('header', ifMatchHeaders);
const withKey = input('header', idempotencyHeaders);

/** Read one record by its `{id}`: the answer carries the record's version as its `ETag`. */
export function readRecord<T extends { readonly version: number }>(
  spec: RouteSpec,
  read: (ctx: ServiceContext, id: string) => Promise<T>,
) {
  return [
    described(spec, 200, problemResponses),
    byId,
    async (c: ValidatedContext<InputOf<typeof byId>>) =>
      versioned(c, await read(serviceContext(c), c.req.valid('param').id)),
  ] as const;
}

/** A list, or a page of one, as the query asks for it. */
export function listRecords<Q extends RequestSchema, T extends object>(
  spec: RouteSpec,
  query: Q,
  list: (ctx: ServiceContext, query: Validated<Q>) => Promise<T>,
) {
  const filters = input('query', query);
  return [
    described(spec, 200, problemResponses),
    filters,
    async (c: ValidatedContext<InputOf<typeof filters>>) =>
      c.json(await list(serviceContext(c), c.req.valid('query')), 200),
  ] as const;
}

/** Create a record under `collection`, once per `Idempotency-Key` (see `created`). */
export function createRecord<S extends RequestSchema, T extends { readonly id: string; readonly version: number }>(
  spec: RouteSpec,
  collection: string,
  body: S,
  create: (ctx: ServiceContext, body: Validated<S>, options: CreateOptions) => Promise<T>,
) {
  const json = input('json', body);
  return [
    described(spec, 201, createResponses),
    withKey,
    json,
    async (c: ValidatedContext<InputOf<typeof withKey> & InputOf<typeof json>>) =>
      created(c, collection, (options) => create(serviceContext(c), c.req.valid('json'), options)),
  ] as const;
}

/** Change a record on the version the client read (see `changed`). */
export function changeRecord<S extends RequestSchema, T extends { readonly version: number }>(
  spec: RouteSpec,
  body: S,
  change: (ctx: ServiceContext, id: string, version: number, body: Validated<S>) => Promise<T>,
) {
  const json = input('json', body);
  return [
    described(spec, 200, changeResponses),
    byId,
    onVersion,
    json,
    async (c: ValidatedContext<InputOf<typeof byId> & InputOf<typeof onVersion> & InputOf<typeof json>>) =>
      changed(c, (version) => change(serviceContext(c), c.req.valid('param').id, version, c.req.valid('json'))),
  ] as const;
}

/** An action on a record that takes no body (erase it, rotate its secret), on the version the client read. */
export function actOnRecord<T extends { readonly version: number }>(
  spec: RouteSpec,
  act: (ctx: ServiceContext, id: string, version: number) => Promise<T>,
) {
  return [
    described(spec, 200, changeResponses),
    byId,
    onVersion,
    async (c: ValidatedContext<InputOf<typeof byId> & InputOf<typeof onVersion>>) =>
      changed(c, (version) => act(serviceContext(c), c.req.valid('param').id, version)),
  ] as const;
}
