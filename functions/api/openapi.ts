import type { $ZodType } from 'zod/v4/core';
import { allRoutes, publicPaths } from '#api/app.ts';
import * as z from '#lib/zod.ts';
import type { Db } from '#services/context.ts';
import { type OperationSpec, operationKey, requestPartKey } from './http.ts';

/**
 * The API's OpenAPI document, built by `npm run build:web` into web/dist/api/openapi.json and
 * served as a file beside the web app (by CloudFront from the site bucket, by the local
 * server from web/dist): the Lambda never builds it, and this module is in no bundle.
 *
 * What the routes' own descriptions (`operation()` and `input()`, functions/api/http.ts) cannot know, added by one
 * mechanical pass over it, so that no route has to repeat it (and a new route gets it too):
 *
 * - `operationId`: the method and the path, camel-cased (`POST /api/referrals/{id}/notes` is
 *   `postReferralsIdNotes`), unique because a method and a path are;
 * - `servers`, and `security`: the bearer token, or `[]` on the routes that need none (`publicPaths`);
 * - the answers every route may give besides its own: 413 and 415 for a body, 429 from API
 *   Gateway's throttle, 503 from the database, each with its headers;
 * - the response headers: `ETag` on a success whose body is a versioned record (not a delete's
 *   last copy of it), `Location` on
 *   a 201 that created one, `Idempotent-Replayed` where an `Idempotency-Key` is taken,
 *   `WWW-Authenticate` on a 401 and `Retry-After` on a 429 and a 503.
 */
type Json = Record<string, unknown>;

const problem = (description: string, headers?: Json): Json => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const header = (description: string, example?: string): Json => ({
  description,
  schema: { type: 'string', ...(example ? { examples: [example] } : {}) },
});

const headers = {
  etag: header('The version of the record: send it back as If-Match to change it.', '"3"'),
  location: header('Where the new record is.', '/api/referrals/01J9Z8Q4V7K3M2N1P0R5S6T7U8'),
  replayed: header('`true` when this is the stored first answer to the same Idempotency-Key and body.', 'true'),
  wwwAuthenticate: header('The scheme to authenticate with.', 'Bearer'),
  retryAfter: header('Seconds to wait before trying again.', '1'),
};

/** The problem answers of the edge, which every route may give. */
const edgeResponses = {
  throttled: {
    description: 'Too many requests: API Gateway’s throttle (deployed only); try again after Retry-After.',
    headers: { 'Retry-After': headers.retryAfter },
    content: {
      'application/json': {
        schema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] },
      },
    },
  },
  unavailable: problem('The database is unavailable or throttling; try again after Retry-After.', {
    'Retry-After': headers.retryAfter,
  }),
  tooLarge: problem('The body is over 64 KiB.'),
  unsupported: problem('The body is not application/json.'),
};

export function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/api\/?/, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((word) => word[0]?.toUpperCase() + word.slice(1))].join('');
}

/** The top-level properties of a response schema, through `$ref`s and `allOf`. */
function propertiesOf(document: Json, schema: Json | undefined): Json {
  const ref = schema?.$ref;
  const resolved = (
    typeof ref === 'string'
      ? ((document.components as Json | undefined)?.schemas as Json | undefined)?.[ref.split('/').at(-1) ?? '']
      : schema
  ) as Json | undefined;
  const parts = ((resolved?.allOf as Json[] | undefined) ?? []).map((part) => propertiesOf(document, part));
  return Object.assign({}, ...parts, (resolved?.properties as Json | undefined) ?? {});
}

export function completeDocument<T extends object>(
  generated: T,
  options: {
    /** Paths that need no token: `security: []`. */
    publicPaths: readonly string[];
    /** Paths that never read the database, so never answer its 503. */
    withoutDatabase: readonly string[];
    /** OpenAPI 3.1's License Object (with `identifier`, which the generator's types lack). */
    license: { name: string; identifier?: string; url?: string };
  },
): T {
  const document = structuredClone(generated) as unknown as Json;
  document.info = { ...(document.info as Json | undefined), license: options.license };
  document.servers = [{ url: '/', description: 'This portal: the API is under /api on its own origin.' }];
  const methods = ['get', 'put', 'post', 'patch', 'delete'];
  for (const [path, item] of Object.entries((document.paths as Json | undefined) ?? {})) {
    for (const method of methods) {
      const operation = (item as Json)[method] as Json | undefined;
      if (!operation) continue;
      operation.operationId ??= operationId(method, path);
      const isPublic = options.publicPaths.includes(path);
      operation.security = isPublic ? [] : [{ Bearer: [] }];
      const responses = (operation.responses ?? {}) as Record<string, Json>;
      const idempotent = ((operation.parameters as Json[] | undefined) ?? []).some(
        (parameter) => parameter.in === 'header' && String(parameter.name).toLowerCase() === 'idempotency-key',
      );
      for (const [status, response] of Object.entries(responses)) {
        const code = Number(status);
        const added: Json = {};
        if (code >= 200 && code < 300) {
          const body = (response.content as Json | undefined)?.['application/json'] as Json | undefined;
          const properties = propertiesOf(document, body?.schema as Json | undefined);
          // A deleted record has no version left to send back.
          if ('version' in properties && method !== 'delete') added.ETag = headers.etag;
          if (code === 201 && 'version' in properties && 'id' in properties) added.Location = headers.location;
          if (code === 201 && idempotent) added['Idempotent-Replayed'] = headers.replayed;
        }
        if (code === 401) added['WWW-Authenticate'] = headers.wwwAuthenticate;
        if (code === 503) added['Retry-After'] = headers.retryAfter;
        if (Object.keys(added).length > 0) response.headers = { ...(response.headers as Json | undefined), ...added };
      }
      if (operation.requestBody) {
        responses['413'] ??= edgeResponses.tooLarge;
        responses['415'] ??= edgeResponses.unsupported;
      }
      responses['429'] ??= edgeResponses.throttled;
      if (!options.withoutDatabase.includes(path)) responses['503'] ??= edgeResponses.unavailable;
      operation.responses = responses;
    }
  }
  return document as unknown as T;
}

type Io = 'input' | 'output';

/**
 * The document's schemas from zod's own `toJSONSchema`. A schema registered with an `id`
 * (`.meta({ id })`) becomes a component, referred to by `$ref`; `components` gathers them.
 * A response is not parsed on its way out, so an object there is not documented as closed
 * (zod's output mode would say `additionalProperties: false` of every plain object).
 */
function schemaConverter(components: Json) {
  const toComponents = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(toComponents);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === '$ref' && typeof inner === 'string'
          ? inner.replace('#/$defs/', '#/components/schemas/')
          : toComponents(inner),
      ]),
    );
  };
  return (schema: $ZodType, io: Io): Json => {
    const converted = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      override: (context) => {
        const def = context.zodSchema._zod.def as { type: string; catchall?: unknown };
        if (io === 'output' && def.type === 'object' && def.catchall === undefined) {
          delete context.jsonSchema.additionalProperties;
        }
      },
    }) as Json;
    const { $schema: _dialect, $defs, ...rest } = converted;
    for (const [id, definition] of Object.entries(($defs as Json | undefined) ?? {})) {
      components[id] ??= toComponents(definition);
    }
    return toComponents(rest) as Json;
  };
}

interface DocumentedRoute {
  method: string;
  path: string;
  spec?: OperationSpec;
  parts: { target: string; schema: $ZodType }[];
}

/** The app's routes with what their handlers carry for the document (functions/api/http.ts). */
function documentedRoutes(routes: readonly { method: string; path: string; handler: unknown }[]) {
  const found = new Map<string, DocumentedRoute>();
  for (const route of routes) {
    if (route.method === 'ALL') continue;
    const key = `${route.method} ${route.path}`;
    const entry = found.get(key) ?? { method: route.method.toLowerCase(), path: route.path, parts: [] };
    found.set(key, entry);
    const handler = route.handler as Partial<Record<symbol, unknown>>;
    if (handler[operationKey]) entry.spec = handler[operationKey] as OperationSpec;
    if (handler[requestPartKey]) entry.parts.push(handler[requestPartKey] as DocumentedRoute['parts'][number]);
  }
  return [...found.values()];
}

const parameterIn: Record<string, string> = { param: 'path', query: 'query', header: 'header' };

function operationOf(route: DocumentedRoute, convert: ReturnType<typeof schemaConverter>): Json {
  const { spec } = route;
  if (!spec) throw new Error(`${route.method.toUpperCase()} ${route.path} has no operation(): describe it.`);
  const parameters: Json[] = [];
  let requestBody: Json | undefined;
  for (const part of route.parts) {
    if (part.target === 'json') {
      requestBody = { required: true, content: { 'application/json': { schema: convert(part.schema, 'input') } } };
      continue;
    }
    const where = parameterIn[part.target];
    if (!where) throw new Error(`${route.path}: no OpenAPI place for a ${part.target} validator.`);
    const object = convert(part.schema, 'input');
    const required = new Set((object.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((object.properties as Record<string, Json> | undefined) ?? {})) {
      parameters.push({
        schema,
        required: where === 'path' || required.has(name),
        ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
        name,
        in: where,
      });
    }
  }
  const responses = Object.fromEntries(
    Object.entries(spec.responses).map(([status, response]) => [
      status,
      {
        description: response.description,
        ...(response.content
          ? {
              content: Object.fromEntries(
                Object.entries(response.content).map(([type, { schema }]) => [
                  type,
                  { schema: convert(schema, 'output') },
                ]),
              ),
            }
          : {}),
      },
    ]),
  );
  return {
    ...(spec.tags ? { tags: spec.tags } : {}),
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

/**
 * The whole document: what the app's routes say of themselves, completed by `completeDocument`.
 * Only the routes are read and no request is served, so `db` is never reached; the caller (the
 * web build, a test) makes one, since the API itself reaches the table only through services.
 */
export async function apiDocument(db: Db): Promise<Record<string, unknown>> {
  const app = await allRoutes({
    db,
    auth: {
      issuer: 'http://localhost/auth',
      clientId: 'unused',
      keys: async () => Promise.reject(new Error('unused')),
    },
  });
  const schemas: Json = {};
  const convert = schemaConverter(schemas);
  const paths: Record<string, Json> = {};
  for (const route of documentedRoutes(app.routes)) {
    const path = route.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');
    paths[path] = { ...paths[path], [route.method]: operationOf(route, convert) };
  }
  const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
  return completeDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'Total Customer API',
        version: '1',
        description: 'Referrals, internal handoffs, customer-impacting issues and the total customer scorecard.',
      },
      components: {
        schemas: sorted,
        securitySchemes: { Bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      paths,
    },
    {
      publicPaths,
      withoutDatabase: ['/api/health'],
      // No licence is granted (package.json: private): SPDX's form for one of its own.
      license: { name: 'Proprietary: all rights reserved', identifier: 'LicenseRef-Proprietary' },
    },
  );
}
