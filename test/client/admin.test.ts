/**
 * MockAdmin against a real server on port 0: every method, each answer checked against the schema
 * its route declares, refusals as MockAdminError with their issues, and a client that loads no server code.
 */
import t from 'tap';
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Test } from 'tap';
import { MockAdmin, MockAdminError, ManualClock } from '../../src/index.js';
import { started, fits, PROJECT, HEALTHY, swapUrl } from './fixture.js';

const T0 = Date.UTC(2026, 0, 15, 8, 0, 0);
const OTHER = 'bd6b78e2ff9e4e47bc260803ddcc7a21';
const BROKEN = '6f2a3b4c-2222-4d3e-9f0a-1b2c3d4e5f62';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The refusal a call ends in (it must end in one). */
async function refusal(t: Test, call: Promise<unknown>): Promise<MockAdminError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  t.type(error, MockAdminError, 'refused with a MockAdminError');
  return error as MockAdminError;
}

const virtual = (t: Test) => started(t, { clock: new ManualClock(T0), adminToken: 'client-test-token' });

t.test('health, reset (all, one project), state: answers fit their schemas', async (t) => {
  const mock = await virtual(t);
  const app = mock.app;
  const health = await mock.admin.health();
  t.match(health, { status: 'ok', scenario: 'default', clock: { mode: 'virtual', now: '2026-01-15T08:00:00.000Z' }, counts: { instances: 11, clusters: 7 } });
  fits(t, app, 'GET', '/_mock/health', 200, health);

  await fetch(swapUrl(mock.url), { method: 'PUT' });
  t.equal((await (await fetch(swapUrl(mock.url), { method: 'PUT' })).json()).code, '1', 'the replica resyncs after a swap');
  const reset = await mock.admin.reset();
  t.same(reset, { reset: 'all' });
  fits(t, app, 'POST', '/_mock/reset', 200, reset);
  t.equal((await (await fetch(swapUrl(mock.url), { method: 'PUT' })).json()).code, '', 'swaps again after the reset');
  t.same(await mock.admin.reset(PROJECT), { reset: PROJECT });

  const state = await mock.admin.state();
  fits(t, app, 'GET', '/_mock/state', 200, state);
  t.equal(state.projects.length, 1);
  t.equal(state.projects[0].id, PROJECT);
  t.ok(Array.isArray(state.projects[0].instances), 'each project carries its services\' keys');
  t.same((await mock.admin.state(PROJECT)).projects.map((p) => p.id), [PROJECT]);
  const cut = await mock.admin.state(PROJECT, { limit: 2 });
  fits(t, app, 'GET', '/_mock/state', 200, cut);
  t.equal((cut.projects[0].instances as unknown[]).length, 2, 'limit: the first two instances');
  t.equal(cut.projects[0].instances_total, (state.projects[0].instances as unknown[]).length, 'and how many there are');
  t.match(await refusal(t, mock.admin.state(PROJECT, { limit: 0 })), { status: 400, code: 'MOCK.INVALID' });

  const notFound = await refusal(t, mock.admin.state(OTHER));
  t.match(notFound, { status: 404, code: 'MOCK.NOT_FOUND', message: `the scenario has no project ${OTHER}` });
  const bad = await refusal(t, mock.admin.reset('nope'));
  t.match(bad, { status: 400, code: 'MOCK.INVALID' });
  t.same(bad.issues.map((i) => i.path), ['project']);
  t.match(bad.message, /^project: invalid\n {2}project: /, 'the message lists the issues');
  t.equal((await refusal(t, mock.admin.reset(OTHER))).status, 404);
});

t.test('loadScenario and loadProject: documents and YAML text; refusals carry every issue', async (t) => {
  const mock = await virtual(t);
  const loaded = await mock.admin.loadScenario({ name: 'two', projects: [{ id: PROJECT, instances: [{ id: HEALTHY }] }, { id: OTHER }] });
  t.same(loaded, { loaded: 'two', counts: { ...loaded.counts, projects: 2, instances: 1 } });
  fits(t, mock.app, 'PUT', '/_mock/scenario', 200, loaded);
  t.equal((await mock.admin.loadScenario(`name: yaml-text\nprojects:\n  - id: ${PROJECT}\n`)).loaded, 'yaml-text');
  t.equal((await mock.admin.health()).scenario, 'yaml-text');

  const refused = await refusal(t, mock.admin.loadScenario({ name: 'bad', projects: [{ id: PROJECT, instances: [{ id: 'nope' }] }], rules: [{ operation: 'dcs.swapp', action: { status: 600 } }] }));
  t.match(refused, { status: 400, code: 'MOCK.INVALID', message: /^scenario refused; the running one is unchanged/ });
  t.same(refused.issues.map((i) => i.path).sort(), ['projects[0].instances[0].id', 'rules[0].action.status', 'rules[0].operation']);
  t.equal((await mock.admin.health()).scenario, 'yaml-text', 'the running scenario is unchanged');
  t.match((await refusal(t, mock.admin.loadScenario('name: [\n'))).issues[0].message, /^not valid YAML/);

  const created = await mock.admin.loadProject(OTHER, { instances: [{ id: HEALTHY.replace('3c', '4c') }] });
  t.same(created, { loaded: OTHER, created: true, counts: { ...created.counts, projects: 2 } });
  fits(t, mock.app, 'PUT', '/_mock/projects/:project_id', 200, created);
  t.equal((await mock.admin.loadProject(OTHER, 'instances: []\n')).created, false, 'YAML text replaces it');
  const badId = await refusal(t, mock.admin.loadProject('nope', {}));
  t.same(badId.issues.map((i) => i.path), ['project_id']);
  const badBody = await refusal(t, mock.admin.loadProject(OTHER, { instances: [{ id: HEALTHY, cache_mode: 'hha' }] }));
  t.same(badBody.issues.map((i) => i.path), ['instances[0].cache_mode'], 'issues are relative to the project sent');
});

t.test('rules: add one or a list, list with counters, remove, clear; a refused list adds nothing', async (t) => {
  const mock = await virtual(t);
  const one = await mock.admin.rules.add({ id: 'flaky', operation: 'dcs.swap', times: 1, action: { dcsCode: '1' } });
  t.match(one, { id: 'flaky', origin: 'runtime', seen: 0, fired: 0, operation: 'dcs.swap', action: { dcsCode: '1' } });
  const list = await mock.admin.rules.add([{ operation: 'dcs.swapV2', action: { status: 503 } }, { operation: ['dws.switchover'], nth: 2, action: { delay: { ms: 1 } } }]);
  t.equal(list.length, 2, 'a list answers a list');
  t.same(list.map((r) => r.origin), ['runtime', 'runtime']);
  t.equal((await (await fetch(swapUrl(mock.url), { method: 'PUT' })).json()).code, '1', 'the rule answers');
  const rules = await mock.admin.rules.list();
  t.same(rules.map((r) => [r.id, r.seen, r.fired]), [['flaky', 1, 1], [list[0].id, 0, 0], [list[1].id, 0, 0]]);
  const res = await fetch(`${mock.url}/_mock/rules`, { headers: { authorization: 'Bearer client-test-token' } });
  fits(t, mock.app, 'GET', '/_mock/rules', 200, await res.json());

  const refused = await refusal(t, mock.admin.rules.add([{ operation: 'dcs.swap', action: {} }, { operation: 'dcs.nope', action: { status: 503 } }, { id: 'flaky', action: { drop: true } }]));
  t.match(refused, { status: 400, code: 'MOCK.INVALID' });
  t.same(refused.issues.map((i) => i.path), ['[1].operation'], 'the structural problem first, with its index');
  const refusedLater = await refusal(t, mock.admin.rules.add([{ operation: 'dcs.swap', action: {} }, { id: 'flaky', action: { drop: true } }]));
  t.same(refusedLater.issues.map((i) => i.path), ['[0].action', '[1].id']);
  t.equal((await mock.admin.rules.list()).length, 3, 'none was added');

  await mock.admin.rules.remove('flaky');
  t.same((await mock.admin.rules.list()).map((r) => r.id), [list[0].id, list[1].id]);
  t.match(await refusal(t, mock.admin.rules.remove('flaky')), { status: 404, code: 'MOCK.NOT_FOUND', message: 'no rule flaky' });
  t.equal(await mock.admin.rules.clear(), 2, 'clear answers how many there were');
  t.same(await mock.admin.rules.list(), []);
});

t.test('clock: get, advance by seconds, { seconds }, { ms }, { to }; bad advances are refused and move nothing', async (t) => {
  const mock = await virtual(t);
  t.same(await mock.admin.clock.get(), { mode: 'virtual', now: '2026-01-15T08:00:00.000Z' });
  fits(t, mock.app, 'GET', '/_mock/clock', 200, await mock.admin.clock.get());
  await fetch(swapUrl(mock.url), { method: 'PUT' });
  const advanced = await mock.admin.clock.advance(5);
  t.match(advanced, { mode: 'virtual', now: '2026-01-15T08:00:05.000Z' });
  fits(t, mock.app, 'POST', '/_mock/clock/advance', 200, advanced);
  t.ok((await mock.admin.clock.advance({ seconds: 5 })).transitions_run > 0, 'the resync ended at 10 s');
  t.equal((await (await fetch(swapUrl(mock.url), { method: 'PUT' })).json()).code, '', 'so a swap succeeds again');
  t.equal((await mock.admin.clock.advance({ ms: 1500 })).now, '2026-01-15T08:00:11.500Z');
  t.equal((await mock.admin.clock.advance({ to: '2026-01-15T09:00:00Z' })).now, '2026-01-15T09:00:00.000Z');
  t.equal((await mock.admin.clock.advance({ to: new Date(Date.UTC(2026, 0, 15, 9, 0, 1)) })).now, '2026-01-15T09:00:01.000Z');

  await t.rejects(mock.admin.clock.advance({ to: '2026-01-15T08:00:00Z' }), { name: 'RangeError', message: /is before the mock's time 2026-01-15T09:00:01\.000Z; the clock only moves forward/ });
  await t.rejects(mock.admin.clock.advance({ to: 'tomorrow' }), { name: 'TypeError', message: /\{ to \} expected a time, got "tomorrow"/ });
  await t.rejects(mock.admin.clock.advance({ seconds: 1, ms: 1 } as never), { name: 'TypeError', message: /expected seconds, \{ seconds \}, \{ ms \} or \{ to \}/ });
  const negative = await refusal(t, mock.admin.clock.advance(-1));
  t.same(negative.issues.map((i) => i.path), ['seconds']);
  t.equal((await mock.admin.clock.get()).now, '2026-01-15T09:00:01.000Z', 'nothing moved');

  const real = await started(t);
  t.match(await refusal(t, real.admin.clock.advance(1)), { status: 409, code: 'MOCK.REAL_CLOCK' });
});

t.test('requests: list with filters and limit, count, clear; an unknown operation is refused', async (t) => {
  const mock = await virtual(t);
  await fetch(swapUrl(mock.url), { method: 'PUT' });
  await fetch(swapUrl(mock.url), { method: 'PUT' });
  await fetch(`${mock.url}/v1.0/${PROJECT}/instances/${HEALTHY}`);
  const all = await mock.admin.requests.list();
  t.same(all.map((r) => [r.operation, r.status]), [['dcs.swap', 200], ['dcs.swap', 200], ['dcs.getInstance', 200]]);
  const res = await fetch(`${mock.url}/_mock/requests`, { headers: { authorization: 'Bearer client-test-token' } });
  fits(t, mock.app, 'GET', '/_mock/requests', 200, await res.json());
  const last = await mock.admin.requests.list({ operation: 'dcs.swap', limit: 1 });
  t.same(last.map((r) => r.seq), [all[1].seq], 'limit: the newest');
  t.same((await mock.admin.requests.list({ method: 'GET', status: 200, project: PROJECT, resource: HEALTHY })).map((r) => r.operation), ['dcs.getInstance']);
  t.equal(await mock.admin.requests.count({ operation: 'dcs.swap' }), 2);
  t.equal(await mock.admin.requests.count(), 3, 'no filter: every entry');
  t.equal(await mock.admin.requests.count({ since: '2030-01-01T00:00:00Z' }), 0);

  const typo = await refusal(t, mock.admin.requests.count({ operation: 'dcs.swapp' }));
  t.same(typo.issues.map((i) => i.path), ['operation']);
  t.match(typo.issues[0].message, /expected one of dcs\.swap, /);
  t.same((await refusal(t, mock.admin.requests.list({ operation: 'dcs.swapp' }))).issues.map((i) => i.path), ['operation']);
  t.same((await refusal(t, mock.admin.requests.count({ status: 'x' as never }))).issues.map((i) => i.path), ['status']);

  t.equal(await mock.admin.requests.clear(), 3);
  t.same(await mock.admin.requests.list(), []);
});

t.test('actions.run applies one resource action; a bad one is refused with its paths', async (t) => {
  const mock = await virtual(t);
  const applied = await mock.admin.actions.run({ action: 'breakReplication', instance: HEALTHY });
  t.same(applied, { action: 'breakReplication', instance: HEALTHY });
  fits(t, mock.app, 'POST', '/_mock/actions', 200, { applied });
  t.equal((await (await fetch(swapUrl(mock.url), { method: 'PUT' })).json()).code, '2', 'the swap meets the broken link');
  const refused = await refusal(t, mock.admin.actions.run({ action: 'failNode', instance: BROKEN }));
  t.match(refused, { status: 400, code: 'MOCK.INVALID', message: /^action refused/ });
  t.ok(refused.issues.length > 0 && refused.issues.every((i) => typeof i.path === 'string' && i.message.length > 0), 'each issue has a path and a message');
  t.match((await refusal(t, mock.admin.actions.run({ action: 'explode' }))).issues, [{ path: 'action', message: /^expected one of breakReplication, / }]);
});

t.test('openapi: the document of the emulated routes and of the admin API, with its answers', async (t) => {
  const mock = await virtual(t);
  const doc = await mock.admin.openapi() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  t.ok(doc.paths['/v1.0/{project_id}/instances/{instance_id}/swap'].put, 'an emulated route');
  t.ok(doc.paths['/_mock/rules'].post.responses['201'], 'the admin answers are described');
  t.ok(doc.paths['/_mock/clock/advance'].post.responses['4XX'], 'and its refusals');
});

t.test('the client: bad URLs, a custom fetch, a prefix path, answers that are not the admin API\'s, nothing listening', async (t) => {
  t.throws(() => new MockAdmin('not a url'), { name: 'TypeError', message: /expected the mock's URL \(http:\/\/host:port\), got "not a url"/ });
  t.throws(() => new MockAdmin('ftp://127.0.0.1/'), { name: 'TypeError', message: /expected an http or https URL/ });

  const mock = await started(t);
  const seen: string[] = [];
  const spy: typeof fetch = (input, init) => {
    seen.push(`${init?.method} ${String(input)}`);
    return fetch(input, init);
  };
  const admin = new MockAdmin(`${mock.url}/?ignored=1#x`, { fetch: spy });
  await admin.rules.list();
  await admin.reset(PROJECT);
  t.same(seen, [`GET ${mock.url}/_mock/rules`, `POST ${mock.url}/_mock/reset?project=${PROJECT}`], 'the fetch given, the URL\'s query and fragment dropped');

  // Something that is not the mock: a proxy's error page, a 200 that is not JSON.
  const other = http.createServer((req, res) => {
    if (req.url === '/_mock/health') res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
    else res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  t.teardown(() => other.close());
  const stranger = new MockAdmin(`http://127.0.0.1:${(other.address() as AddressInfo).port}`);
  t.match(await refusal(t, stranger.rules.list()), { status: 502, code: 'MOCK.UNEXPECTED_ANSWER', message: /GET \/_mock\/rules: HTTP 502, not an answer of the mock's admin API: "<html>Bad Gateway<\/html>"/, issues: [] });
  t.match(await refusal(t, stranger.health()), { status: 200, code: 'MOCK.UNEXPECTED_ANSWER', message: /not JSON: "OK"/ });

  const closed = await started(t);
  await closed.close();
  await t.rejects(closed.admin.health(), { message: new RegExp(`^hw-mock admin: GET /_mock/health at ${closed.url}: fetch failed \\(ECONNREFUSED\\)$`) });
});

t.test('through a prefix path: the admin API of a mock mounted under /hw is reached as <url>/hw', async (t) => {
  const Fastify = (await import('fastify')).default;
  const { hwMockPlugin } = await import('../../src/index.js');
  const app = Fastify();
  await app.register(hwMockPlugin, { prefix: '/hw', adminToken: 'client-test-token' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const admin = new MockAdmin(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/hw`, { token: 'client-test-token' });
  t.equal((await admin.health()).status, 'ok');
  await admin.rules.add({ id: 'r1', action: { status: 503 } });
  t.same((await admin.rules.list()).map((r) => r.id), ['r1']);
  t.same(await admin.reset(), { reset: 'all' });
});

t.test('the client loads no server code: its bundle holds only src/client', async (t) => {
  const result = await build({ entryPoints: [`${ROOT}src/client/index.ts`], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', logLevel: 'silent', absWorkingDir: ROOT });
  const inputs = Object.keys(result.metafile.inputs).sort();
  t.same(inputs, ['src/client/admin.ts', 'src/client/error.ts', 'src/client/index.ts'], 'types only from the server modules; no Fastify, no TypeBox');
  t.ok(result.outputFiles[0].text.length < 20_000, `small: ${result.outputFiles[0].text.length} characters`);
});

t.test('the client\'s types come from the admin API\'s schemas (checked by tsc; the calls below never run)', async (t) => {
  const typed = (admin: MockAdmin) => [
    admin.rules.add({ operation: ['dcs.swap', 'dcs.swapV2'], times: 2, action: { status: 503, error_msg: 'busy' } }),
    admin.rules.add({ action: { dcsCode: '1' } }), // a service's own outcome
    // @ts-expect-error status is a number
    admin.rules.add({ action: { status: '503' } }),
    // @ts-expect-error no such key in a rule
    admin.rules.add({ operations: 'dcs.swap', action: {} }),
    // @ts-expect-error limit is a number
    admin.requests.list({ limit: '1' }),
    // @ts-expect-error no such filter
    admin.requests.count({ operatio: 'dcs.swap' }),
    admin.actions.run({ action: 'failNode', cluster: 'c', node: 0 }),
    // @ts-expect-error an action has a name
    admin.actions.run({ instance: 'i' }),
  ];
  t.type(typed, 'function');
});
