import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '#data/client.ts';
import { send } from '#data/send.ts';
import { ServiceUnavailableError } from '#domain/errors.ts';

/**
 * The DynamoDB client against a real socket that misbehaves as a database in trouble does: one
 * that never answers, one that answers what DynamoDB never would, one nobody listens on. Each
 * must end, after the SDK's three attempts, as a 503 with Retry-After rather than hang or be a 500.
 */
let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ endpoint: string; requests: () => number }> {
  let count = 0;
  server = createServer((request, response) => {
    count++;
    handler?.(request, response);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, requests: () => count };
}

// Long enough that the test's own server (in this process) counts each attempt before the
// client gives up on it, even on two busy cores; short enough that three attempts take seconds.
const read = (endpoint: string) => {
  const db = createDb({ tableName: 't', region: 'local', endpoint, timeouts: { connectMs: 1000, requestMs: 1500 } });
  return send(() => db.doc.send(new GetCommand({ TableName: 't', Key: { pk: 'A', sk: 'A' } })));
};

describe('createDb against a database in trouble', () => {
  it('gives up on a database that accepts the request and never answers: a 503, after three attempts', async () => {
    const hung = await listen(() => {});

    const failure = await read(hung.endpoint).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    expect((failure as ServiceUnavailableError).headers['Retry-After']).toBe('5');
    expect(hung.requests()).toBe(3);
  });

  it('answers 503 when something other than DynamoDB answers with a 5xx (a database still starting)', async () => {
    const starting = await listen((_request, response) => {
      response.writeHead(502, { 'Content-Type': 'text/html' });
      response.end('<html><body>Bad gateway</body></html>');
    });

    const failure = await read(starting.endpoint).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ServiceUnavailableError);
    expect(starting.requests()).toBe(3);
  });

  it('answers 503 when nothing listens on the port', async () => {
    const gone = await listen(() => {});
    const endpoint = gone.endpoint;
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;

    await expect(read(endpoint)).rejects.toBeInstanceOf(ServiceUnavailableError);
  });
});
