/**
 * The gateway below Fastify: the HTTP server itself, and every answer that has to be written
 * before a request reaches a route: malformed HTTP (bad header names, control characters,
 * Content-Length with Transfer-Encoding, bad chunks, lowercase methods, …), headers over the
 * limit (494), slow requests (408), a missing Host, an unknown `Expect`, too many connections.
 * Each is written in the gateway's format, with an `X-Request-Id`, whenever the socket can
 * still take an answer; Node's and Fastify's own shapes never reach a client.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { type Socket } from 'node:net';
import { GATEWAY, gatewayBody, type CatalogEntry } from '../core/errors.js';
import { JSON_UTF8, newRequestId } from './headers.js';

export interface ConnectionLimits {
  /** Time to receive a whole request, headers and body (ms). Beyond it: 408, connection closed. */
  readonly requestTimeout: number;
  /** Time to receive the headers (ms), at most `requestTimeout`. */
  readonly headersTimeout: number;
  /** Open connections at most; one more is answered 429 and closed. */
  readonly maxConnections: number;
  /** How often Node checks the two timeouts (ms). */
  readonly checkInterval?: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = { requestTimeout: 30_000, headersTimeout: 10_000, maxConnections: 1024 };

/** What an HTTPS server needs: its certificate (chain) and private key, PEM. */
export interface TlsMaterial {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request', 408: 'Request Timeout', 417: 'Expectation Failed', 429: 'Too Many Requests', 494: 'Request Header Or Cookie Too Large',
};

/** A whole HTTP/1.1 answer with a gateway error body, for a socket no framework will answer on. */
export function rawAnswer(entry: CatalogEntry, requestId = newRequestId()): string {
  const body = JSON.stringify(gatewayBody(entry, requestId));
  return `HTTP/1.1 ${entry.status} ${REASONS[entry.status] ?? 'Error'}\r\nContent-Type: ${JSON_UTF8}\r\nX-Request-Id: ${requestId}\r\n`
    + `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** What Node's parser (or its timers) refused, as the gateway answers it. */
export function clientErrorEntry(code: string | undefined): CatalogEntry {
  if (code === 'HPE_HEADER_OVERFLOW') return GATEWAY.HEADERS_TOO_LARGE;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return GATEWAY.REQUEST_TIMEOUT;
  return GATEWAY.BAD_REQUEST;
}

/** Fastify's `clientErrorHandler`: a request Node could not parse or did not get in time. */
export function onClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || error.code === 'EPIPE' || !socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(rawAnswer(clientErrorEntry(error.code)));
}

function answer(res: ServerResponse, entry: CatalogEntry): void {
  const requestId = newRequestId();
  const body = JSON.stringify(gatewayBody(entry, requestId));
  res.writeHead(entry.status, REASONS[entry.status], { 'content-type': JSON_UTF8, 'content-length': Buffer.byteLength(body), 'x-request-id': requestId, connection: 'close' });
  res.end(body);
}

/**
 * Fastify's `serverFactory`: the HTTP server (HTTPS with `tls`) with its limits, a Host check that
 * answers in the gateway's format (Node's own writes a bare 400), unknown `Expect` values answered
 * 417 the same way, and the connection cap. Both kinds behave alike: Node's HTTPS server is its
 * HTTP server over TLS sockets, with the same options, events and parser errors (`clientError`).
 */
export function serverFactory(limits: ConnectionLimits, tls?: TlsMaterial) {
  return (handler: (req: IncomingMessage, res: ServerResponse) => void): http.Server => {
    const options: http.ServerOptions = {
      requireHostHeader: false,
      requestTimeout: limits.requestTimeout,
      headersTimeout: Math.min(limits.headersTimeout, limits.requestTimeout),
      ...(limits.checkInterval ? { connectionsCheckingInterval: limits.checkInterval } : {}),
    };
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      if (req.headers.host === undefined && req.httpVersionMajor === 1 && req.httpVersionMinor >= 1) return answer(res, GATEWAY.BAD_REQUEST);
      handler(req, res);
    };
    const server = tls ? https.createServer({ ...options, cert: tls.cert, key: tls.key }, onRequest) : http.createServer(options, onRequest);
    // What Fastify sets on the servers it makes itself.
    server.keepAliveTimeout = 72_000;
    server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => answer(res, GATEWAY.EXPECTATION_FAILED));
    // Over TLS a connection is counted once its handshake is done: the 429 can only be read inside TLS.
    let open = 0;
    server.on(tls ? 'secureConnection' : 'connection', (socket: Socket) => {
      open++;
      socket.once('close', () => open--);
      if (open > limits.maxConnections) socket.end(rawAnswer(GATEWAY.THROTTLED));
    });
    return server;
  };
}
