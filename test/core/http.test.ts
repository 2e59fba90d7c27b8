/**
 * Whatever arrives on the socket, every answer that can still be written is the gateway's:
 * malformed HTTP, oversized headers, slow requests, a missing Host, an unknown Expect, too
 * many connections. Raw requests over a real socket, as a broken client sends them.
 */
import t, { type Test } from 'tap';
import net from 'node:net';
import { buildApp, type BuildOptions } from '../../src/index.js';
import { defaultScenario, PROJECT } from '../helper.js';

async function serve(t: Test, extra: Partial<BuildOptions> = {}) {
  const app = await buildApp({ scenario: await defaultScenario(), bodyLimit: 1024, ...extra });
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, port: (app.server.address() as { port: number }).port };
}

interface Raw { status: number; headers: Record<string, string>; body: string; text: string }

/** Sends raw bytes and reads until the server closes (or `waitMs` passes). */
function send(port: number, bytes: string, waitMs = 400): Promise<Raw> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (c) => (text += c));
    socket.on('error', () => undefined);
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('close', () => {
      clearTimeout(timer);
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        if (i > 0) headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body: rest.join('\r\n\r\n'), text });
    });
    socket.write(bytes);
  });
}

function assertGateway(t: Test, res: Raw, status: number, message: string, name: string): void {
  t.equal(res.status, status, `${name}: status ${status}`);
  t.match(res.headers['x-request-id'], /^[0-9a-f]{32}$/, `${name}: X-Request-Id`);
  t.equal(res.headers['content-type'], 'application/json; charset=UTF-8', `${name}: content type`);
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(res.body);
  } catch {
    t.fail(`${name}: not JSON: ${res.text.slice(0, 200)}`);
  }
  t.same(body, { error_code: 'APIGW.0201', error_msg: message, request_id: res.headers['x-request-id'] }, `${name}: the gateway's body`);
}

const path = `/v1.0/${PROJECT}/instances`;

t.test('malformed HTTP: 400 APIGW.0201 with an X-Request-Id, never Node\'s or Fastify\'s shape', async (t) => {
  const { port } = await serve(t);
  const cases: Record<string, string> = {
    'a header name with a space': `GET ${path} HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n`,
    'a control character in a value': `GET ${path} HTTP/1.1\r\nHost: x\r\nX: a\x01b\r\n\r\n`,
    'Content-Length with Transfer-Encoding': `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    'two Content-Lengths': `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd`,
    'a bad chunk size': `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n`,
    'raw UTF-8 in the target': `GET ${path}\u00e9 HTTP/1.1\r\nHost: x\r\n\r\n`,
    'NUL in the target': `GET /v1.0/\u0000 HTTP/1.1\r\nHost: x\r\n\r\n`,
    'a lowercase method': `get ${path} HTTP/1.1\r\nHost: x\r\n\r\n`,
    'obs-fold': `GET ${path} HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n`,
    'LF-only lines': `GET ${path} HTTP/1.1\nHost: x\n\n`,
    'an unknown HTTP version': `GET ${path} HTTP/9.9\r\nHost: x\r\n\r\n`,
    'no Host': `GET ${path} HTTP/1.1\r\n\r\n`,
    'a percent-encoding that does not decode': `GET /v1.0/%zz HTTP/1.1\r\nHost: x\r\n\r\n`,
  };
  for (const [name, raw] of Object.entries(cases)) assertGateway(t, await send(port, raw), 400, 'API request error.', name);
  assertGateway(t, await send(port, `GET ${path} HTTP/1.1\r\nHost: x\r\nX: ${'a'.repeat(20_000)}\r\n\r\n`), 494, 'Request headers too large.', 'headers over the limit');
  assertGateway(t, await send(port, `GET ${path} HTTP/1.1\r\nHost: x\r\nExpect: bogus\r\n\r\n`), 417, 'API request error.', 'Expect: bogus');
  const fine = await send(port, `GET ${path} HTTP/1.0\r\n\r\n`);
  t.equal(fine.status, 200, 'HTTP/1.0 without Host is fine');
});

t.test('slow clients: headers that never end, or a body that never comes, get 408 and the connection closes', async (t) => {
  const { port } = await serve(t, { limits: { requestTimeout: 300, headersTimeout: 300, checkInterval: 50 } });
  const started = Date.now();
  assertGateway(t, await send(port, `GET ${path} HTTP/1.1\r\nHost: x\r\n`, 3000), 408, 'Request timeout.', 'headers never end');
  assertGateway(t, await send(port, `POST /v2/${PROJECT}/instances/x/swap HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc`, 3000), 408, 'Request timeout.', 'body never comes');
  t.ok(Date.now() - started < 2500, 'each within the timeout and its check interval');
});

t.test('beyond the connection cap: 429 APIGW.0308 and the connection closes; the others are served', async (t) => {
  const { port } = await serve(t, { limits: { maxConnections: 3 } });
  const idle = await Promise.all([0, 1, 2].map(() => new Promise<net.Socket>((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
  })));
  const refused = await send(port, `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
  t.equal(refused.status, 429);
  t.match(refused.headers['x-request-id'], /^[0-9a-f]{32}$/);
  t.match(JSON.parse(refused.body), { error_code: 'APIGW.0308', error_msg: 'The throttling threshold has been reached.' });
  for (const s of idle) s.destroy();
  await new Promise((r) => setTimeout(r, 50));
  t.equal((await send(port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).status, 200, 'served again once connections close');
});
