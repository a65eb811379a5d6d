import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * An API Gateway HTTP API (payload 2.0) event as the Lambda integration delivers it: a GET of
 * `/api/health` unless told otherwise. Headers arrive lower-cased, as API Gateway sends them.
 */
export function anHttpApiEvent(
  options: { method?: string; path?: string; query?: string; headers?: Record<string, string>; body?: string } = {},
): APIGatewayProxyEventV2 {
  const method = options.method ?? 'GET';
  const path = options.path ?? '/api/health';
  const headers = Object.fromEntries(
    Object.entries({ host: 'api.example.test', 'user-agent': 'vitest', ...options.headers }).map(([name, value]) => [
      name.toLowerCase(),
      value,
    ]),
  );
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers,
    isBase64Encoded: false,
    ...(options.body === undefined ? {} : { body: options.body }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api1234567',
      domainName: 'api.example.test',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.10', userAgent: 'vitest' },
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: '$default',
      stage: '$default',
      time: '06/Jan/2025:09:00:00 +0000',
      timeEpoch: 1_736_154_000_000,
    },
  };
}
