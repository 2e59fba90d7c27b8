/** The request line: written as text for the mock's own loggers, the very JSON pino writes for `info(fields, 'request')`. */
import t from 'tap';
import pino from 'pino';
import { Writable } from 'node:stream';
import { createLogger, requestLineWriter, type RequestLine } from '../../src/logger.js';

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
