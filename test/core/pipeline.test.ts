/**
 * The pipeline of an emulated call: one journal entry per request whatever becomes of it,
 * the model brought up to the clock once per call, exceptions answered in the service's
 * format even after a delay, and waiting calls that never outlive a reset, a scenario load
 * or close.
 */
import t, { type Test } from 'tap';
import { request as httpRequest } from 'node:http';
import { type FastifyInstance } from 'fastify';
import { buildApp } from '../../src/index.js';
import { ManualClock } from '../../src/core/clock.js';
import { ALL_SERVICES } from '../../src/services/index.js';
import { gadgets } from '../fixtures/gadgets.js';
import { checkResponses, build, defaultScenario, scenarioOf, snapshot, PROJECT, T0, DEFAULT_IDS as ID, DWS_IDS } from '../helper.js';

const PARAMS: Record<string, string> = {
  project_id: PROJECT,
  instance_id: ID.healthy,
  cluster_id: DWS_IDS.unbalanced,
  job_id: '0123456789abcdef0123456789abcdef',
};
const urlOf = (url: string, params: Record<string, string> = PARAMS) => url.replace(/:(\w+)/g, (_, name: string) => params[name] ?? 'x');
const json = { 'content-type': 'application/json' };
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

async function addRule(app: FastifyInstance, operation: string, action: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: '/_mock/rules', headers: json, payload: JSON.stringify({ operation, times: 1, action }) });
  if (res.statusCode !== 201) throw new Error(res.body);
}

/** Sends one request and returns how many journal entries it made. */
async function entriesFor(app: FastifyInstance, send: () => Promise<unknown>): Promise<number> {
  const before = app.mock.journal.total;
  await send().catch(() => undefined);
  return app.mock.journal.total - before;
}

t.test('every registered route, every outcome: exactly one journal entry per request', async (t) => {
  const clock = new ManualClock(T0);
  const app = await buildApp({ scenario: await defaultScenario(), clock, bodyLimit: 256 });
  t.teardown(() => app.close());
  checkResponses(t, app);
  await app.ready();
  const routes = app.mock.routes.filter((r) => r.operation !== null && r.method !== 'HEAD');
  t.equal(routes.length, ALL_SERVICES.reduce((n, s) => n + Object.keys(s.operations).length, 0), 'every operation is walked');
  for (const route of routes) {
    const op = route.operation!;
    const method = route.method as Method;
    const url = urlOf(route.url);
    const outcomes: Array<[string, () => Promise<unknown>]> = [
      ['answered', () => app.inject({ method, url })],
      ['refused: bad credentials', () => app.inject({ method, url, headers: { authorization: 'SDK-HMAC-SHA256 nonsense' } })],
      ['refused: malformed project id', () => app.inject({ method, url: urlOf(route.url, { ...PARAMS, project_id: 'nope' }) })],
      ['faulted: status rule', async () => { await addRule(app, op, { status: 500 }); return app.inject({ method, url }); }],
      ['faulted: malformed rule', async () => { await addRule(app, op, { malformed: { status: 200 } }); return app.inject({ method, url }); }],
      ['faulted: dropped', async () => { await addRule(app, op, { drop: true }); return app.inject({ method, url }); }],
      ['delayed, then answered', async () => { await addRule(app, op, { delay: { ms: 1 } }); return app.inject({ method, url }); }],
      ['hung, then the gateway times out', async () => { await addRule(app, op, { hang: { maxMs: 1 } }); return app.inject({ method, url }); }],
      ['no such method on the path', () => app.inject({ method: method === 'GET' ? 'DELETE' : 'GET', url })],
    ];
    if (method !== 'GET') outcomes.push(['refused: body too large', () => app.inject({ method, url, headers: json, payload: JSON.stringify({ pad: 'x'.repeat(400) }) })]);
    for (const [name, send] of outcomes) {
      t.equal(await entriesFor(app, send), 1, `${op} ${name}`);
      await app.inject({ method: 'DELETE', url: '/_mock/rules' });
    }
  }
  t.equal(await entriesFor(app, () => app.inject({ url: '/no/such/path' })), 1, 'an unknown path');
  t.equal(await entriesFor(app, () => app.inject({ url: '/_mock/state' })), 0, 'the admin API is never journaled');
});

/** A request over a real socket that the client abandons after `ms`. */
function abandon(port: number, path: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'PUT' });
    req.on('error', () => resolve());
    req.end();
    setTimeout(() => {
      req.destroy();
      resolve();
    }, ms);
  });
}

async function until(t: Test, what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  t.ok(check(), what);
}

t.test('a client that goes away during a hang or a delay: one entry each, status 0', async (t) => {
  const app = await buildApp({ scenario: await defaultScenario() });
  t.teardown(() => app.close());
  checkResponses(t, app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const path = `/v1.0/${PROJECT}/instances/${ID.healthy}/swap`;
  await addRule(app, 'dcs.swap', { hang: { maxMs: 60_000 } });
  await abandon(port, path, 30);
  await until(t, 'the hung call is journaled once the client leaves', () => app.mock.journal.total === 1);
  t.match(app.mock.journal.entries()[0], { status: 0, fault: 'hung', operation: 'dcs.swap' });
  await addRule(app, 'dcs.swap', { delay: { ms: 80 } });
  await abandon(port, path, 20);
  await until(t, 'the delayed call is journaled when its delay ends', () => app.mock.journal.total === 2);
  t.match(app.mock.journal.entries()[1], { status: 0, fault: 'delayed-abandoned' });
  t.equal(app.mock.pendingCount, 0, 'nothing left waiting');
  t.equal(app.mock.journal.total, 2, 'and no second entry for either');
});

t.test('the model is brought up to the clock once per emulated call, by the pipeline', async (t) => {
  const { app } = await build(t);
  let calls = 0;
  const world = app.mock.world;
  const original = world.catchUp.bind(world);
  world.catchUp = () => {
    calls++;
    return original();
  };
  for (const url of [`/v1.0/${PROJECT}/instances/${ID.healthy}`, `/v1.0/${PROJECT}/instances`, `/v1.0/${PROJECT}/clusters/${DWS_IDS.unbalanced}`]) {
    calls = 0;
    await app.inject({ url });
    t.equal(calls, 1, url);
  }
  calls = 0;
  await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${ID.healthy}/swap` });
  t.equal(calls, 1, 'the swap');
  calls = 0;
  await app.inject({ url: `/v1.0/${PROJECT}/instances/nope` });
  t.equal(calls, 0, 'a call refused before its handler leaves the model alone');
});

const G = '0f0f0f0f-0000-4000-8000-000000000001';
const gadgetScenario = () => scenarioOf({ name: 'g', projects: [{ id: PROJECT, gadgets: [{ id: G }] }] }, 'g', [gadgets]);

t.test('an exception in a handler is the service\'s 500, with or without a delay, and the process lives on', async (t) => {
  const app = await buildApp({ scenario: gadgetScenario(), services: [gadgets] });
  t.teardown(() => app.close());
  checkResponses(t, app);
  const explode = { method: 'POST' as const, url: `/v9/${PROJECT}/gadgets/${G}/explode` };
  const direct = await app.inject(explode);
  t.equal(direct.statusCode, 500);
  t.same(direct.json(), { gadget_error: 'GDG.500', text: 'The gadget service broke.' });
  await addRule(app, 'gadgets.explode', { delay: { ms: 5 } });
  const delayed = await app.inject(explode);
  t.equal(delayed.statusCode, 500, 'after a delay too');
  t.same(delayed.json(), { gadget_error: 'GDG.500', text: 'The gadget service broke.' });
  t.match(delayed.headers['x-request-id'], /^[0-9a-f]{32}$/);
  t.same(app.mock.journal.entries().map((e) => [e.operation, e.status, e.fault]), [['gadgets.explode', 500, null], ['gadgets.explode', 500, 'delayed']], 'one entry each');
  t.equal((await app.inject({ url: `/v9/${PROJECT}/gadgets/${G}` })).statusCode, 200, 'the mock still answers');
});

for (const [name, act] of [
  ['POST /_mock/reset', (app: FastifyInstance) => app.inject({ method: 'POST', url: '/_mock/reset' })],
  [`POST /_mock/reset?project=`, (app: FastifyInstance) => app.inject({ method: 'POST', url: `/_mock/reset?project=${PROJECT}` })],
  ['PUT /_mock/scenario', async (app: FastifyInstance) => app.inject({ method: 'PUT', url: '/_mock/scenario', headers: json, payload: JSON.stringify((await defaultScenario()).spec) })],
] as const) {
  t.test(`delayed and hung calls pending at ${name} never touch the new state or journal`, async (t) => {
    const { app } = await build(t);
    const initial = snapshot(app);
    await app.inject({ method: 'POST', url: '/_mock/rules', headers: json, payload: JSON.stringify([
      { operation: 'dcs.swap', times: 1, action: { delay: { ms: 150 } } },
      { operation: 'dws.switchover', times: 1, action: { hang: { maxMs: 150 } } },
    ]) });
    const swap = app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${ID.healthy}/swap` }).then((r) => r.statusCode, () => 'closed');
    const switchover = app.inject({ method: 'POST', url: `/v1.0/${PROJECT}/clusters/${DWS_IDS.unbalanced}/switchover` }).then((r) => r.statusCode, () => 'closed');
    await until(t, 'both calls wait', () => app.mock.pendingCount === 2);
    t.equal((await act(app)).statusCode, 200);
    t.equal(app.mock.pendingCount, 0, 'the waits are cancelled');
    await new Promise((r) => setTimeout(r, 200));
    t.equal(app.mock.journal.total, 0, 'nothing journaled after the reset');
    t.equal(snapshot(app), initial, 'the delayed swap never ran on the new state');
    t.notOk([await swap, await switchover].includes(200), 'neither call was answered as if nothing happened');
  });
}

t.test('close does not wait for a 120 s delay: the call gets the gateway\'s 502 at once', async (t) => {
  const app = await buildApp({ scenario: await defaultScenario() });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  await addRule(app, 'dcs.swap', { delay: { ms: 120_000 } });
  const answer = new Promise<string>((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: `/v1.0/${PROJECT}/instances/${ID.healthy}/swap`, method: 'PUT' }, (res) => resolve(String(res.statusCode)));
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    req.end();
  });
  await until(t, 'the call waits', () => app.mock.pendingCount === 1);
  const started = Date.now();
  await app.close();
  t.ok(Date.now() - started < 5000, `close took ${Date.now() - started} ms`);
  t.equal(app.mock.pendingCount, 0);
  t.equal(await answer, '502', 'the client is answered: the backend went away');
  t.match(app.mock.journal.entries()[0], { status: 502, fault: 'delayed' });
});

t.test('a graceful close: delays due within the grace are answered normally; hangs and longer delays get 504/502 at once', async (t) => {
  const app = await buildApp({ scenario: await defaultScenario(), closeGrace: 1000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  await app.inject({ method: 'POST', url: '/_mock/rules', headers: json, payload: JSON.stringify([
    { operation: 'dcs.getInstance', action: { delay: { ms: 300 } } },
    { operation: 'dcs.getInstanceV2', action: { delay: { ms: 60_000 } } },
    { operation: 'dws.getCluster', action: { hang: { maxMs: 60_000 } } },
  ]) });
  const get = (path: string) => new Promise<string>((resolve) => {
    httpRequest({ host: '127.0.0.1', port, path }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.statusCode)));
    }).on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error')).end();
  });
  const answers = Promise.all([
    ...Array.from({ length: 20 }, () => get(`/v1.0/${PROJECT}/instances/${ID.healthy}`)),
    get(`/v2/${PROJECT}/instances/${ID.healthy}`),
    get(`/v1.0/${PROJECT}/clusters/${DWS_IDS.unbalanced}`),
  ]);
  await until(t, 'all 22 wait', () => app.mock.pendingCount === 22);
  const started = Date.now();
  await app.close();
  const took = Date.now() - started;
  const statuses = await answers;
  t.same(statuses.slice(0, 20), new Array(20).fill('200'), 'the short delays are answered normally');
  t.same(statuses.slice(20), ['502', '504'], 'the long delay and the hang are answered at once');
  t.ok(took >= 200 && took < 1500, `close waited for the short delays only (${took} ms)`);
});
