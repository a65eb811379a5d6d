import type { AppDependencies } from '#api/app.ts';
import { createDb } from '#data/client.ts';

/**
 * What the api's app needs when only its routes are read (the OpenAPI document, the route
 * tables the tests compare) or when every request is refused before a table or a key is
 * reached: a table nothing listens for and token keys nobody asks.
 */
export const routesOnly: AppDependencies = {
  db: createDb({ tableName: 'unused', region: 'local', endpoint: 'http://127.0.0.1:9' }),
  auth: { issuer: 'http://localhost/auth', clientId: 'unused', keys: [] as never },
};
