/** The admin namespace /_mock/…: every endpoint, its errors, and that a refused call changes nothing. */
import t from 'tap';
import { replicationOf } from '../../src/services/dcs/model.js';
import { buildApp } from '../../src/app.js';
import { RealClock } from '../../src/core/clock.js';
import { checkResponses, build, snapshot, models, scenarioOf, defaultScenario, PROJECT, OTHER_PROJECT, DEFAULT_IDS as ID, DWS_IDS } from '../helper.js';
import { packageVersion } from '../../src/version.js';

const swap = (id: string = ID.healthy) => ({ method: 'PUT' as const, url: `/v1.0/${PROJECT}/instances/${id}/swap` });
const post = (url: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  ({ method: 'POST' as const, url, payload: typeof body === 'string' ? body : JSON.stringify(body), headers });

t.test('health names the scenario and counts resources', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ url: '/_mock/health' });
  t.equal(res.statusCode, 200);
  t.match(res.json(), { status: 'ok', scenario: 'default', clock: { mode: 'virtual' }, counts: { projects: 1, instances: 11, clusters: 7, jobs: 0, rules: 0 } });
});

t.test('reset restores a swapped instance, and clears the journal', async (t) => {
  const { app } = await build(t);
  const before = snapshot(app);
  t.equal((await app.inject(swap())).json().code, '');
  t.not(snapshot(app), before);
  t.equal((await app.inject({ url: '/_mock/requests' })).json().count, 1);
  const res = await app.inject({ method: 'POST', url: '/_mock/reset' });
  t.same(res.json(), { reset: 'all' });
  t.equal(snapshot(app), before, 'back to the initial state');
  t.equal((await app.inject({ url: '/_mock/requests' })).json().count, 0);
  t.equal((await app.inject(swap())).json().code, '', 'swaps again as the first time');
});

t.test('reset ?project= resets only that project; unknown or malformed project is refused', async (t) => {
  const { app } = await build(t, (await import('../helper.js')).scenarioOf({
    name: 'two',
    projects: [{ id: PROJECT, instances: [{ id: ID.healthy }] }, { id: OTHER_PROJECT, instances: [{ id: ID.broken }] }],
  }));
  await app.inject(swap());
  await app.inject({ method: 'PUT', url: `/v1.0/${OTHER_PROJECT}/instances/${ID.broken}/swap` });
  await app.inject({ method: 'POST', url: `/_mock/actions`, payload: { action: 'breakReplication', instance: ID.broken } });
  t.same((await app.inject({ method: 'POST', url: `/_mock/reset?project=${PROJECT}` })).json(), { reset: PROJECT });
  t.equal(replicationOf(models(app).dcs.instance(PROJECT, ID.healthy)!).state, 'healthy');
  t.equal(replicationOf(models(app).dcs.instance(OTHER_PROJECT, ID.broken)!).state, 'broken', 'the other project kept its state');
  const journal = (await app.inject({ url: '/_mock/requests' })).json();
  t.same(journal.requests.map((r: { project: string }) => r.project), [OTHER_PROJECT], 'only that project\'s journal entries went');
  const unknown = await app.inject({ method: 'POST', url: '/_mock/reset?project=ffffffffffffffffffffffffffffffff' });
  t.equal(unknown.statusCode, 404);
  t.equal(unknown.json().error.code, 'MOCK.NOT_FOUND');
  const bad = await app.inject({ method: 'POST', url: '/_mock/reset?project=nope' });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().error.issues[0].path, 'project');
});

t.test('PUT /_mock/scenario: all or nothing', async (t) => {
  const { app } = await build(t);
  const before = snapshot(app);
  const bad = await app.inject({
    method: 'PUT', url: '/_mock/scenario', headers: { 'content-type': 'application/yaml' },
    payload: `name: bad\nprojects:\n  - id: ${PROJECT}\n    instances:\n      - id: nope\n      - id: ${ID.healthy}\n        cache_mode: hha\nrules:\n  - { operation: dcs.swapp, action: { status: 600 } }\n`,
  });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().error.code, 'MOCK.INVALID');
  t.same(bad.json().error.issues.map((i: { path: string }) => i.path), ['projects[0].instances[0].id', 'projects[0].instances[1].cache_mode', 'rules[0].operation', 'rules[0].action.status']);
  t.equal(snapshot(app), before, 'the running scenario is untouched');
  t.equal((await app.inject({ url: '/_mock/health' })).json().scenario, 'default');

  const good = await app.inject({ method: 'PUT', url: '/_mock/scenario', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'tiny', projects: [{ id: OTHER_PROJECT, instances: [{ id: ID.healthy }] }] }) });
  t.equal(good.statusCode, 200);
  t.match(good.json(), { loaded: 'tiny', counts: { projects: 1, instances: 1 } });
  t.equal((await app.inject(swap())).statusCode, 404, 'the old world is gone');
  t.equal((await app.inject({ method: 'PUT', url: `/v1.0/${OTHER_PROJECT}/instances/${ID.healthy}/swap` })).json().code, '');
  t.equal((await app.inject({ method: 'PUT', url: '/_mock/scenario', payload: '' })).statusCode, 400);
  t.equal((await app.inject({ method: 'PUT', url: '/_mock/scenario', headers: { 'content-type': 'application/json' }, payload: '{"name":' })).statusCode, 400);
});

t.test('GET /_mock/state: projects, instances with replication, clusters with placement, jobs, clock, rules', async (t) => {
  const { app } = await build(t);
  await app.inject({ method: 'PUT', url: `/v2/${PROJECT}/instances/${ID.healthy}/async-swap` });
  const s = (await app.inject({ url: '/_mock/state' })).json();
  t.match(s, { scenario: { name: 'default' }, clock: { mode: 'virtual' }, journal: { capacity: 1000 } });
  const inst = s.projects[0].instances.find((i: { id: string }) => i.id === ID.syncing);
  t.match(inst, { replication: { state: 'syncing' }, master: { id: String }, standbys: Array });
  t.equal(s.projects[0].jobs.length, 1);
  const cluster = s.projects[0].clusters.find((c: { id: string }) => c.id === DWS_IDS.unbalanced);
  t.match(cluster, { sub_status: 'UNBALANCED', placement: { balanced: false } });
});

t.test('POST /_mock/actions goes through the model; bad actions are refused with their paths, nothing changes', async (t) => {
  const { app, clock } = await build(t);
  t.equal((await app.inject(post('/_mock/actions', { action: 'breakReplication', instance: ID.healthy }))).statusCode, 200);
  t.equal((await app.inject(swap())).json().code, '2');
  await app.inject(post('/_mock/actions', { action: 'healReplication', instance: ID.healthy }));
  t.equal((await app.inject(swap())).json().code, '');
  await app.inject(post('/_mock/actions', { action: 'setStatus', instance: ID.healthy, status: 'RESTARTING' }));
  t.equal((await app.inject(swap())).json().error_code, 'DCS.4111');
  await app.inject(post('/_mock/actions', { action: 'failNode', cluster: DWS_IDS.balanced, node: 0 }));
  t.equal((await app.inject({ url: `/v1.0/${PROJECT}/clusters/${DWS_IDS.balanced}` })).json().cluster.sub_status, 'DEGRADED | UNBALANCED');
  await app.inject(post('/_mock/actions', { action: 'recoverNode', cluster: DWS_IDS.balanced, node: 0 }));
  await app.inject(post('/_mock/actions', { action: 'failNextSwitchover', cluster: DWS_IDS.balanced }));
  t.equal((await app.inject({ method: 'POST', url: `/v1.0/${PROJECT}/clusters/${DWS_IDS.balanced}/switchover` })).statusCode, 200);
  clock.advance(5000);
  t.equal((await app.inject({ url: `/v1.0/${PROJECT}/clusters/${DWS_IDS.balanced}` })).json().cluster.task_status, 'ACTIVE_STANDY_SWITCHOVER_FAILURE');

  const before = snapshot(app);
  const refusals: Array<[unknown, string]> = [
    [{ action: 'explode', instance: ID.healthy }, 'action'],
    [{ action: 'breakReplication', instance: '00000000-0000-4000-8000-000000000000' }, 'instance'],
    [{ action: 'breakReplication', cluster: DWS_IDS.balanced }, 'instance'],
    [{ action: 'failNode', cluster: DWS_IDS.balanced }, 'node'],
    [{ action: 'failNode', cluster: DWS_IDS.balanced, node: 9 }, 'node'],
    [{ action: 'setStatus', instance: ID.healthy, status: 'SLEEPING' }, 'status'],
    [{ action: 'breakReplication', instance: ID.healthy, colour: 'red' }, 'colour'],
  ];
  for (const [body, path] of refusals) {
    const res = await app.inject(post('/_mock/actions', body));
    t.equal(res.statusCode, 400, JSON.stringify(body));
    t.ok(res.json().error.issues.some((i: { path: string }) => i.path === path), `issue at ${path}: ${JSON.stringify(res.json().error.issues)}`);
  }
  for (const raw of ['{"__proto__": {"polluted": true}, "action": "breakReplication", "instance": "' + ID.healthy + '"}', '{"constructor": 1, "action": "finishSync", "instance": "' + ID.healthy + '"}', 'nope', '']) {
    t.equal((await app.inject(post('/_mock/actions', raw))).statusCode, 400, raw);
  }
  t.equal(({} as Record<string, unknown>).polluted, undefined);
  t.equal(snapshot(app), before, 'nothing changed');
});

t.test('rules over the admin API: add, list with counters, delete; refused rules add nothing', async (t) => {
  const { app } = await build(t);
  const added = await app.inject(post('/_mock/rules', { id: 'two-503', operation: 'dcs.swapV2', times: 2, action: { status: 503 } }));
  t.equal(added.statusCode, 201);
  t.match(added.json(), { rules: [{ id: 'two-503', origin: 'runtime', seen: 0, fired: 0, times: 2 }] });
  const v2 = { method: 'POST' as const, url: `/v2/${PROJECT}/instances/${ID.healthy}/swap` };
  t.same([(await app.inject(v2)).statusCode, (await app.inject(v2)).statusCode, (await app.inject(v2)).statusCode], [503, 503, 204], 'times: 2 fails exactly two calls');
  t.match((await app.inject({ url: '/_mock/rules' })).json(), { rules: [{ id: 'two-503', seen: 3, fired: 2 }] });
  const list = await app.inject(post('/_mock/rules', [{ operation: 'dws.switchover', action: { status: 500 } }, { operation: '*', probability: 0.5, action: { delay: { ms: 1 } } }]));
  t.equal(list.statusCode, 201);
  t.equal((await app.inject({ url: '/_mock/rules' })).json().rules.length, 3);
  t.equal((await app.inject({ method: 'DELETE', url: '/_mock/rules/two-503' })).statusCode, 200);
  t.equal((await app.inject({ method: 'DELETE', url: '/_mock/rules/two-503' })).statusCode, 404);
  t.same((await app.inject({ method: 'DELETE', url: '/_mock/rules' })).json(), { removed: 2 });

  const refusals: Array<[unknown, string]> = [
    [{ operation: 'dcs.swapp', action: { status: 500 } }, 'operation'],
    [{ resource: '00000000-0000-4000-8000-000000000000', action: { status: 500 } }, 'resource'],
    [{ probability: 1.5, action: { status: 500 } }, 'probability'],
    [{ probability: -0.1, action: { status: 500 } }, 'probability'],
    [{ action: { status: 600 } }, 'action.status'],
    [{ action: { status: 399 } }, 'action.status'],
    [{ action: { explode: true } }, 'action.explode'],
    [{ action: {} }, 'action'],
    [{ action: { status: 500, drop: true } }, 'action'],
    [{ operation: 'dws.getCluster', action: { dcsCode: '1' } }, 'operation'],
    [{ action: { status: 500 }, colour: 'red' }, 'colour'],
    [{ action: { error_code: 'X' } }, 'action'],
    [{ id: 'x', nth: 2, times: 3, action: { drop: true } }, 'nth'],
  ];
  for (const [body, path] of refusals) {
    const res = await app.inject(post('/_mock/rules', body));
    t.equal(res.statusCode, 400, JSON.stringify(body));
    t.ok(res.json().error.issues?.some((i: { path: string }) => i.path === path), `issue at ${path}: ${JSON.stringify(res.json().error)}`);
  }
  const proto = await app.inject(post('/_mock/rules', '{"action":{"status":500},"__proto__":{"x":1}}'));
  t.equal(proto.statusCode, 400);
  t.equal(proto.json().error.issues[0].path, '__proto__');
  const partly = await app.inject(post('/_mock/rules', [{ action: { status: 500 } }, { action: { status: 9 } }]));
  t.equal(partly.statusCode, 400);
  t.equal(partly.json().error.issues[0].path, '[1].action.status');
  t.equal((await app.inject({ url: '/_mock/rules' })).json().rules.length, 0, 'none of a refused list was added');
  await app.inject(post('/_mock/rules', { id: 'dup', action: { drop: true } }));
  t.equal((await app.inject(post('/_mock/rules', { id: 'dup', action: { drop: true } }))).statusCode, 400);
});

t.test('a reset puts back the scenario rules and drops runtime ones', async (t) => {
  const { app } = await build(t, (await import('../helper.js')).scenarioOf({
    name: 'r', projects: [{ id: PROJECT, instances: [{ id: ID.healthy }] }], rules: [{ id: 'file', operation: 'dcs.getInstance', nth: 1, action: { status: 500 } }],
  }));
  await app.inject(post('/_mock/rules', { id: 'added', action: { drop: true } }));
  await app.inject({ method: 'POST', url: '/_mock/reset' });
  t.match((await app.inject({ url: '/_mock/rules' })).json().rules, [{ id: 'file', origin: 'scenario', seen: 0, fired: 0 }]);
});

t.test('virtual clock: advance runs every due transition in order; a real clock refuses', async (t) => {
  const { app } = await build(t);
  await app.inject(swap());
  t.match((await app.inject({ url: `/v1.0/${PROJECT}/instances/${ID.healthy}` })).json()._mock.replication, { state: 'syncing' });
  const adv = await app.inject(post('/_mock/clock/advance', { seconds: 10 }));
  t.equal(adv.statusCode, 200);
  // The swap's resync, the syncing instance's first sync, and the cluster's syncing replica (default scenario).
  t.match(adv.json(), { mode: 'virtual', transitions_run: 3 });
  t.match((await app.inject({ url: `/v1.0/${PROJECT}/instances/${ID.healthy}` })).json()._mock.replication, { state: 'healthy' });
  for (const bad of [{ seconds: -1 }, { seconds: 'ten' }, {}, { seconds: 1, extra: 1 }]) {
    t.equal((await app.inject(post('/_mock/clock/advance', bad))).statusCode, 400, JSON.stringify(bad));
  }
  const real = await buildApp({ scenario: await defaultScenario(), clock: new RealClock() });
  t.teardown(() => real.close());
  checkResponses(t, real);
  const refused = await real.inject(post('/_mock/clock/advance', { seconds: 1 }));
  t.equal(refused.statusCode, 409);
  t.equal(refused.json().error.code, 'MOCK.REAL_CLOCK');
});

t.test('request journal: filters, count, delete; X-Request-Id and rule recorded; admin calls never recorded', async (t) => {
  const { app } = await build(t);
  await app.inject(post('/_mock/rules', { id: 'second-fails', operation: 'dcs.swapV2', nth: 2, action: { status: 500 } }));
  const first = await app.inject(swap());
  await app.inject({ method: 'POST', url: `/v2/${PROJECT}/instances/${ID.memcached}/swap` });
  await app.inject({ method: 'POST', url: `/v2/${PROJECT}/instances/${ID.memcached}/swap` });
  await app.inject({ url: '/nope' });
  const all = (await app.inject({ url: '/_mock/requests' })).json();
  t.equal(all.count, 4);
  t.match(all.requests[0], { method: 'PUT', operation: 'dcs.swap', project: PROJECT, resource: ID.healthy, status: 200, requestId: first.headers['x-request-id'], rule: null });
  t.match(all.requests[2], { operation: 'dcs.swapV2', status: 500, rule: 'second-fails' });
  t.match(all.requests[3], { path: '/nope', operation: null, status: 404 });
  t.equal((await app.inject({ url: '/_mock/requests?operation=dcs.swapV2' })).json().count, 2);
  t.equal((await app.inject({ url: '/_mock/requests?status=500' })).json().count, 1);
  t.equal((await app.inject({ url: `/_mock/requests?resource=${ID.memcached}&limit=1` })).json().requests.length, 1);
  t.same((await app.inject(post('/_mock/requests/count', { operation: 'dcs.swapV2', rule: 'second-fails' }))).json(), { count: 1 });
  t.same((await app.inject(post('/_mock/requests/count', ''))).json(), { count: 4 });
  t.equal((await app.inject({ url: '/_mock/requests?status=abc' })).statusCode, 400);
  t.equal((await app.inject({ url: '/_mock/requests?since=yesterday' })).statusCode, 400);
  t.equal((await app.inject(post('/_mock/requests/count', { colour: 1 }))).statusCode, 400);
  t.same((await app.inject({ method: 'DELETE', url: '/_mock/requests' })).json(), { removed: 4 });
  t.equal((await app.inject({ url: '/_mock/requests' })).json().count, 0);
});

t.test('the journal is bounded by journalSize whatever the traffic', async (t) => {
  const app = await buildApp({ scenario: await defaultScenario(), journalSize: 5 });
  t.teardown(() => app.close());
  checkResponses(t, app);
  for (let i = 0; i < 50; i++) await app.inject({ url: `/v1.0/${PROJECT}/instances` });
  const j = (await app.inject({ url: '/_mock/requests' })).json();
  t.equal(j.count, 5);
  t.equal(j.requests.length, 5);
});

t.test('admin token: every admin call but health needs it; the emulated APIs do not', async (t) => {
  const app = await buildApp({ scenario: await defaultScenario(), adminToken: 's3cret-token' });
  t.teardown(() => app.close());
  checkResponses(t, app);
  t.equal((await app.inject({ url: '/_mock/health' })).statusCode, 200);
  const denied = await app.inject({ url: '/_mock/state' });
  t.equal(denied.statusCode, 401);
  t.equal(denied.json().error.code, 'MOCK.UNAUTHORIZED');
  t.equal((await app.inject({ url: '/_mock/state', headers: { authorization: 'Bearer wrong-token!' } })).statusCode, 401);
  t.equal((await app.inject({ method: 'POST', url: '/_mock/reset', headers: { authorization: 'Bearer s3cret-token' } })).statusCode, 200);
  t.equal((await app.inject(swap())).statusCode, 200);
});

t.test('unknown admin path → 404 in the admin format', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ url: '/_mock/nothing' });
  t.equal(res.statusCode, 404);
  t.equal(res.json().error.code, 'MOCK.NOT_FOUND');
  t.match(res.headers['x-request-id'], /^[0-9a-f]{32}$/);
});

t.test('GET /_mock/openapi.json: an OpenAPI 3 document built from the routes\' TypeBox schemas', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ url: '/_mock/openapi.json' });
  t.equal(res.statusCode, 200);
  const doc = res.json();
  t.match(doc.openapi, /^3\./);
  t.equal(doc.info.version, packageVersion(), 'the package\'s version');
  t.notOk(doc.paths['/_mock/ui'] ?? doc.paths['/_mock/ui/{file}'], 'the dashboard\'s files are not part of the API');
  t.ok(doc.paths['/_mock/events'].get, 'the event stream is');
  t.ok(doc.paths['/v1.0/{project_id}/instances/{instance_id}/swap'].put, 'the DCS v1.0 swap');
  t.ok(doc.paths['/v1.0/{project_id}/clusters/{cluster_id}/switchover'].post, 'the DWS switchover');
  t.ok(doc.paths['/_mock/rules'].post, 'the admin API');
  t.notOk(doc.paths['/v1.0/{project_id}/instances/{instance_id}/swap'].get, 'the "API does not exist" stand-ins are not documented');
  const params = doc.paths['/v1.0/{project_id}/instances/{instance_id}/swap'].put.parameters;
  t.same(params.map((p: { name: string }) => p.name), ['project_id', 'instance_id']);
});

t.test('the virtual clock never leaves the supported range: an advance past it is refused and changes nothing', async (t) => {
  const { MAX_CLOCK_MS, ManualClock } = await import('../../src/core/clock.js');
  const clock = new ManualClock(MAX_CLOCK_MS - 86_400_000);
  const app = await buildApp({ scenario: await defaultScenario(), clock });
  t.teardown(() => app.close());
  await app.inject(swap());
  const refused = await app.inject(post('/_mock/clock/advance', { seconds: 2 * 86_400 }));
  t.equal(refused.statusCode, 400);
  t.equal(refused.json().error.issues[0].path, 'seconds');
  t.equal(clock.now(), MAX_CLOCK_MS - 86_400_000, 'the clock did not move');
  t.equal((await app.inject(post('/_mock/clock/advance', { seconds: 86_400 }))).statusCode, 200, 'up to the limit is fine');
  for (const url of ['/_mock/health', '/_mock/clock', '/_mock/state', `/v1.0/${PROJECT}/instances/${ID.healthy}`]) {
    t.equal((await app.inject({ url })).statusCode, 200, `${url} still answers`);
  }
  t.throws(() => clock.advance(1), RangeError);
  t.throws(() => new ManualClock(MAX_CLOCK_MS + 1), RangeError);
});

t.test('journal filters cannot pass silently: an unknown operation is refused with the valid ones; method and caller filter', async (t) => {
  const { app } = await build(t);
  await app.inject(swap());
  await app.inject({ url: `/v1.0/${PROJECT}/instances/${ID.healthy}` });
  const typo = await app.inject({ url: '/_mock/requests?operation=dcs.swapp' });
  t.equal(typo.statusCode, 400);
  t.match(typo.json().error.issues[0], { path: 'operation', message: /^expected one of dcs\.swap, .*, got "dcs\.swapp"$/ });
  t.equal((await app.inject(post('/_mock/requests/count', { operation: 'nope' }))).statusCode, 400);
  t.equal((await app.inject({ url: '/_mock/requests?method=PUT' })).json().count, 1);
  t.equal((await app.inject({ url: '/_mock/requests?method=get' })).statusCode, 400, 'methods in capitals');
  t.same((await app.inject(post('/_mock/requests/count', { caller: 'nobody' }))).json(), { count: 0 });
});

t.test('health names the scenario file, never its path', async (t) => {
  const { app } = await build(t);
  t.equal((await app.inject({ url: '/_mock/health' })).json().source, 'default.yaml');
});

t.test('the world has a budget: a tiny scenario asking for a huge world is refused where the budget runs out, changing nothing', async (t) => {
  const { app } = await build(t);
  const before = snapshot(app);
  const cluster = (i: number) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, number_of_node: 256, dn_per_node: 16 });
  const huge = { name: 'huge', projects: [{ id: PROJECT, clusters: Array.from({ length: 300 }, (_, i) => cluster(i)) }] };
  const res = await app.inject({ method: 'PUT', url: '/_mock/scenario', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(huge) });
  t.equal(res.statusCode, 400);
  t.match(res.json().error.issues, [{ path: 'projects[0].clusters[229]', message: /more than 1000000 objects.*--max-objects/ }], '1 + 256 nodes + 4096 DN pairs each: the 230th cluster is one too many');
  t.equal(snapshot(app), before, 'the running world is unchanged');
  const small = await buildApp({ scenario: scenarioOf({ name: 's', projects: [{ id: PROJECT }] }), maxObjects: 10 });
  t.teardown(() => small.close());
  const put = (ids: string[]) => small.inject({ method: 'PUT', url: '/_mock/scenario', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 's', projects: [{ id: PROJECT, instances: ids.map((id) => ({ id })) }] }) });
  t.equal((await put([ID.healthy, ID.broken])).statusCode, 200, 'a budget of 10: two master/standby instances (1 + a shard + 2 nodes: 4 each) fit');
  const over = await put([ID.healthy, ID.broken, ID.syncing]);
  t.equal(over.statusCode, 400, 'a third does not');
  t.equal(over.json().error.issues[0].path, 'projects[0].instances[2]');
  await t.rejects(buildApp({ scenario: await defaultScenario(), maxObjects: 10 }), /more than 10 objects/, 'nor does an app start past it');
});

t.test('GET /_mock/state streams: a large world comes out whole and valid; ?project= picks one project', async (t) => {
  const many = Array.from({ length: 5000 }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }));
  const { app } = await build(t, scenarioOf({ name: 'many', projects: [{ id: PROJECT, instances: many }, { id: OTHER_PROJECT }] }));
  const all = (await app.inject({ url: '/_mock/state' })).json();
  t.equal(all.projects.length, 2);
  t.equal(all.projects[0].instances.length, 5000);
  t.match(all, { scenario: { name: 'many' }, clock: { mode: 'virtual' }, rules: [], journal: { capacity: 1000 } });
  const one = (await app.inject({ url: `/_mock/state?project=${OTHER_PROJECT}` })).json();
  t.same(one.projects.map((p: { id: string }) => p.id), [OTHER_PROJECT]);
  t.equal((await app.inject({ url: '/_mock/state?project=ffffffffffffffffffffffffffffffff' })).statusCode, 404);
});

t.test('PUT /_mock/projects/{id}: load or replace one project; the others, their state and journal are untouched', async (t) => {
  const { app } = await build(t, scenarioOf({ name: 'two', projects: [{ id: PROJECT, instances: [{ id: ID.healthy }] }, { id: OTHER_PROJECT, instances: [{ id: ID.broken }] }] }));
  const put = (id: string, body: unknown, type = 'application/json') => app.inject({ method: 'PUT', url: `/_mock/projects/${id}`, headers: { 'content-type': type }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
  await app.inject({ method: 'PUT', url: `/v1.0/${OTHER_PROJECT}/instances/${ID.broken}/swap` });
  await app.inject({ method: 'POST', url: '/_mock/actions', payload: { action: 'healReplication', instance: ID.broken } });
  const replaced = await put(PROJECT, { instances: [{ id: ID.syncing, replication: 'syncing' }] });
  t.equal(replaced.statusCode, 200);
  t.match(replaced.json(), { loaded: PROJECT, created: false });
  t.equal((await app.inject({ url: `/v1.0/${PROJECT}/instances/${ID.healthy}` })).statusCode, 404, 'the old instance is gone');
  t.equal((await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${ID.syncing}/swap` })).json().code, '1', 'the new one answers from its own state');
  t.equal(replicationOf(models(app).dcs.instance(OTHER_PROJECT, ID.broken)!).state, 'healthy', 'the other project kept its state');
  t.equal((await app.inject({ url: `/_mock/requests?project=${OTHER_PROJECT}` })).json().count, 1, 'and its journal');
  const Q = 'cccccccccccccccccccccccccccccccc';
  const created = await put(Q, `clusters:\n  - { id: ${DWS_IDS.unbalanced}, failed_nodes: [1] }\n`, 'application/yaml');
  t.match(created.json(), { loaded: Q, created: true, counts: { projects: 3 } });
  t.equal((await app.inject({ method: 'POST', url: `/v1.0/${Q}/clusters/${DWS_IDS.unbalanced}/switchover` })).statusCode, 200);
  const before = snapshot(app);
  const refusals: Array<[string, unknown, string]> = [
    [PROJECT, { instances: [{ id: 'nope' }] }, 'instances[0].id'],
    [PROJECT, { instances: [{ id: ID.broken }] }, 'instances[0].id'],
    [PROJECT, { id: OTHER_PROJECT }, 'id'],
    [PROJECT, { colour: 'red' }, 'colour'],
    [PROJECT, [1], ''],
  ];
  for (const [id, body, path] of refusals) {
    const res = await put(id, body);
    t.equal(res.statusCode, 400, JSON.stringify(body));
    t.ok(res.json().error.issues.some((i: { path: string }) => i.path === path), `${path}: ${JSON.stringify(res.json().error.issues)}`);
  }
  t.equal((await put('nope', {})).statusCode, 400);
  t.equal((await app.inject({ method: 'PUT', url: `/_mock/projects/${PROJECT}`, payload: '' })).statusCode, 400);
  t.equal(snapshot(app), before, 'a refused project changes nothing');
});

t.test('the journal keeps request headers without secrets, and bodies unless they carry credentials', async (t) => {
  const { app } = await build(t);
  await app.inject({ url: `/v1.0/${PROJECT}/instances`, headers: { 'x-auth-token': 'MIIDevToken.hw-mock.development-only', 'x-trace': 'abc' } });
  const rw = (await app.inject({ url: `/v2/${PROJECT}/instance/${ID.rwSplit}/groups` })).json().group_list[0];
  await app.inject({ method: 'POST', url: `/v2/${PROJECT}/instances/${ID.rwSplit}/groups/${rw.group_id}/replications/${rw.replication_list[1].node_id}/slave-priority`, headers: { 'content-type': 'application/json' }, payload: '{"slave_priority_weight":7}' });
  await app.inject({ method: 'POST', url: '/v3/auth/tokens', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'u', password: 'hunter2', domain: { name: 'd' } } } }, scope: { project: { id: PROJECT } } } }) });
  const entries = (await app.inject({ url: '/_mock/requests' })).json().requests;
  const [read, priority, token] = ['dcs.listInstances', 'dcs.slavePriority', 'iam.createToken'].map((op) => entries.find((e: { operation: string }) => e.operation === op));
  const headers = (e: { headers: string[] }) => Object.fromEntries(e.headers.flatMap((v, i, all) => (i % 2 ? [] : [[v, all[i + 1]]])));
  t.match(headers(read), { 'x-auth-token': '[redacted]', 'x-trace': 'abc' });
  t.equal(read.body, null, 'no body sent');
  t.equal(priority.body, '{"slave_priority_weight":7}');
  t.equal(token.body, null, 'a body with credentials is never kept');
  t.notMatch(JSON.stringify((await app.inject({ url: '/_mock/requests' })).json()), /hunter2|MIIDevToken/);
});

t.test('a large world: a reset, a state dump and a scenario load leave the server answering other calls meanwhile', async (t) => {
  // Syncing instances are made at build (their sync end is scheduled), so a reset does real work.
  const many = Array.from({ length: 40_000 }, (_, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, replication: 'syncing' }));
  const scenario = scenarioOf({ name: 'large', projects: [{ id: PROJECT, instances: many }] });
  const app = await buildApp({ scenario, bodyLimit: 16 * 1024 * 1024 });
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const race = async (slow: () => Promise<Response>) => {
    const order: string[] = [];
    const long = slow().then(async (r) => {
      await r.arrayBuffer();
      order.push('slow');
    });
    await new Promise((r) => setTimeout(r, 10));
    const quick = fetch(`${base}/_mock/health`).then(() => order.push('quick'));
    await Promise.all([long, quick]);
    return order;
  };
  t.same(await race(() => fetch(`${base}/_mock/reset`, { method: 'POST' })), ['quick', 'slow'], 'a health check during a reset');
  t.same(await race(() => fetch(`${base}/_mock/state`)), ['quick', 'slow'], 'during a state dump');
  t.same(await race(() => fetch(`${base}/_mock/scenario`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(scenario.spec) })), ['quick', 'slow'], 'during a scenario load');
  t.equal((await (await fetch(`${base}/_mock/health`)).json()).counts.instances, 40_000, 'and the world is whole');
});
