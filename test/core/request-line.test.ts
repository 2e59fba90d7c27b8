/**
 * The request line: written as text for the mock's own loggers, the very JSON pino writes for
 * `info(fields, 'request')`; written by the app once per request, in place of Fastify's lines.
 */
import t from 'tap';
import pino from 'pino';
import { Writable } from 'node:stream';
import { createLogger, requestLineWriter, type RequestLine } from '../../src/logger.js';
import { buildApp } from '../../src/app.js';
import { DEFAULT_IDS, PROJECT, defaultScenario } from '../helper.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

const CASES: RequestLine[] = [
  { reqId: '0123456789abcdef0123456789abcdef', method: 'PUT', url: '/v1.0/p/instances/i/swap', status: 200, op: 'dcs.swap', ms: 1.5 },
  { reqId: 'ffffffffffffffffffffffffffffffff', method: 'GET', url: '/nope"x\\y?q=é&z=\u0001', status: 404, ms: 0 },
  { reqId: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', method: 'POST', url: '/v1.0/p/clusters/c/switchover', status: 503, op: 'dws.switchover', caller: 'ak "dev"\n', rule: 'flaky-é', ms: 12.3 },
];

t.test("a logger made here: the writer's line is pino's, byte for byte", async (t) => {
  const now = Date.now;
  t.teardown(() => {
    Date.now = now;
  });
  Date.now = () => 1795658167785;
  const ours = capture();
  const log = await createLogger({ destination: ours.destination });
  const write = requestLineWriter(log);
  const viaPino = capture();
  const reference = await createLogger({ destination: viaPino.destination });
  for (const line of CASES) {
    write(line);
    reference.info({ ...line }, 'request');
  }
  t.equal(ours.lines.length, CASES.length);
  t.same(ours.lines, viaPino.lines);
  for (const line of ours.lines) t.match(JSON.parse(line), { level: 30, time: 1795658167785, msg: 'request', pid: process.pid });
  t.notOk('op' in JSON.parse(ours.lines[1]), 'an absent operation is left out');
});

t.test('above info nothing is written; a logger from elsewhere gets info, in its own format', async (t) => {
  const quiet = capture();
  const log = await createLogger({ destination: quiet.destination, level: 'warn' });
  requestLineWriter(log)(CASES[0]);
  t.same(quiet.lines, []);
  const theirs = capture();
  const app = pino({ base: { service: 'app' }, messageKey: 'message', timestamp: false }, theirs.destination);
  requestLineWriter(app)(CASES[0]);
  t.same(JSON.parse(theirs.lines[0]), { level: 30, service: 'app', ...CASES[0], message: 'request' });
});

t.test('the app writes one line per request, its own: none of Fastify\'s request lines, none above info', async (t) => {
  const out = capture();
  const logger = await createLogger({ destination: out.destination });
  const app = await buildApp({ scenario: await defaultScenario(), logger });
  t.teardown(() => app.close());
  const swap = await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${DEFAULT_IDS.healthy}/swap` });
  const unknown = await app.inject({ method: 'GET', url: '/no/such/path' });
  const lines = out.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  t.same(lines.map((l) => l.msg), ['request', 'request'], 'one line per request, and no other');
  t.match(lines[0], { level: 30, reqId: swap.headers['x-request-id'], method: 'PUT', status: 200, op: 'dcs.swap', url: `/v1.0/${PROJECT}/instances/${DEFAULT_IDS.healthy}/swap` });
  t.type(lines[0].ms, 'number');
  t.match(lines[1], { reqId: unknown.headers['x-request-id'], method: 'GET', status: 404, url: '/no/such/path' });
  t.notOk('op' in lines[1], 'a call outside any operation names none');

  logger.level = 'warn';
  await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${DEFAULT_IDS.healthy}/swap` });
  t.equal(out.lines.length, 2, 'a level raised while running is obeyed');
  logger.level = 'info';
  await app.inject({ method: 'GET', url: `/v1.0/${PROJECT}/instances/${DEFAULT_IDS.healthy}` });
  t.equal(out.lines.length, 3, 'and lowered again');
});
