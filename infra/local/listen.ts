import { createServer, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { problemResponse } from '#api/middleware/errors.ts';
import { localSecureHeaders } from './server.ts';

/**
 * The answers Node and @hono/node-server give before (or instead of) the app: a header block
 * that is too large, a request line that does not parse, a Host that makes no URL. Left alone
 * they are bare (`431` with no body, no type, no security headers); here they are problem+json
 * with the same security headers as everything else, built by the same middleware.
 */
const edge = new Hono();
edge.use('*', requestId({ headerName: 'X-Request-Id' }));
edge.use('*', localSecureHeaders);
edge.all('*', (c) => {
  const status = Number(c.req.query('status'));
  const problem = edgeProblems[status] ?? edgeProblems[400];
  return problemResponse(c, { ...(problem as EdgeProblem), status });
});

type EdgeProblem = { type: string; title: string; detail: string };
const edgeProblems: Record<number, EdgeProblem> = {
  400: { type: '/problems/bad-request', title: 'Bad request', detail: 'The request could not be read as HTTP.' },
  408: { type: '/problems/request-timeout', title: 'Request timeout', detail: 'The request took too long to arrive.' },
  413: {
    type: '/problems/payload-too-large',
    title: 'Payload too large',
    detail: 'The request is larger than the server reads.',
  },
  414: { type: '/problems/uri-too-long', title: 'URI too long', detail: 'The request target is too long.' },
  431: {
    type: '/problems/header-fields-too-large',
    title: 'Request header fields too large',
    detail: 'The request headers are larger than the server reads (about 16 KB in all).',
  },
  500: {
    type: '/problems/internal',
    title: 'Internal error',
    detail: 'Something went wrong on our side. Quote the request id if you report it.',
  },
};

/** The problem answer for one of the statuses above, as the Response the app would give. */
export function edgeResponse(status: number): Promise<Response> {
  return Promise.resolve(edge.request(`/?status=${status}`));
}

/** The status Node's parser error stands for (see `clientError` in node:http). */
function statusOf(error: NodeJS.ErrnoException): number {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 413;
    default:
      return 400;
  }
}

async function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): Promise<void> {
  // A client that went away (ECONNRESET) or a socket already answered gets nothing more.
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = statusOf(error);
  const response = await edgeResponse(status);
  const body = Buffer.from(await response.arrayBuffer());
  const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`];
  response.headers.forEach((value, name) => {
    lines.push(`${name}: ${value}`);
  });
  // The parser is lost: nothing more can be read from this connection.
  lines.push(`Content-Length: ${body.length}`, 'Connection: close');
  if (socket.writable) socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]));
}

/**
 * `@hono/node-server`'s `serve`, with every answer the server itself gives made a problem
 * document: Node's parser errors (`clientError`) and node-server's own (a request it cannot
 * turn into a `Request`, a fetch that throws). `serve` does not pass an error handler on, so
 * the listener is made here.
 */
export function serveLocal(
  options: { fetch: (request: Request) => Response | Promise<Response>; port: number },
  onListening?: () => void,
): Server {
  const listener = getRequestListener(options.fetch, {
    // A RequestError when no Request could be built (400); the error itself when the app threw
    // past its own error handling (500).
    errorHandler: (error) => edgeResponse(error instanceof Error && error.name === 'RequestError' ? 400 : 500),
  });
  const server = createServer(listener);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    answerClientError(error, socket).catch(() => socket.destroy());
  });
  server.listen(options.port, onListening);
  return server;
}
