/** v1.0 routes over inject: every row of docs/behaviour.md §3, reads, and every bad input. */
import t from 'tap';
import { build, snapshot, assertCommonHeaders, assertDcsError, PROJECT, OTHER_PROJECT, DEFAULT_IDS as ID, UNKNOWN_UUID, scenarioOf } from '../../helper.js';

const swapUrl = (id: string, project = PROJECT) => `/v1.0/${project}/instances/${id}/swap`;

t.test('healthy ha → 200 {"code":"","message":"success"}, then code "1" with the page\'s message byte for byte, then "" after the resync', async (t) => {
  const { app, clock } = await build(t);
  const first = await app.inject({ method: 'PUT', url: swapUrl(ID.healthy) });
  assertCommonHeaders(t, first);
  t.equal(first.statusCode, 200);
  t.equal(first.body, '{"code":"","message":"success"}');

  const second = await app.inject({ method: 'PUT', url: swapUrl(ID.healthy) });
  t.equal(second.statusCode, 200);
  t.equal(second.body, '{"code":"1","message":"repliation abnormal, master connected_slaves:0\\r"}', 'verbatim: typo and \\r escape');
  t.equal(second.json().message.at(-1), '\r', 'the decoded message ends with a carriage return');

  clock.advance(10_000);
  const third = await app.inject({ method: 'PUT', url: swapUrl(ID.healthy) });
  t.equal(third.body, '{"code":"","message":"success"}');
});

t.test('a read right after a swap shows the roles exchanged and the replica syncing', async (t) => {
  const { app, clock } = await build(t);
  const before = (await app.inject({ url: `/v1.0/${PROJECT}/instances/${ID.healthy}` })).json();
  await app.inject({ method: 'PUT', url: swapUrl(ID.healthy) });
  clock.advance(2500);
  const after = (await app.inject({ url: `/v1.0/${PROJECT}/instances/${ID.healthy}` })).json();
  t.equal(after._mock.master.id, before._mock.standbys[0].id, 'old standby is master');
  t.equal(after._mock.standbys[0].id, before._mock.master.id, 'old master is standby');
  t.same(after._mock.replication, { state: 'syncing', progress: 25, sync_ends_at: new Date(clock.now() + 7500).toISOString() });
  t.same(after.az_codes, before.az_codes, 'AZ lists keep their creation order (terraform treats them as fixed)');
  t.same(after.available_zones, before.available_zones);
  t.not(after._mock.master.az_code, before._mock.master.az_code, 'the master\'s AZ shows through the node views');
  t.equal(after.ip, before.ip, 'the instance address does not change');
  t.equal(after.domain_name, before.domain_name);
  t.not(after.update_at, before.update_at);
});

t.test('syncing → code "1"; broken → code "2"; internal fault → code "3"; none changes the model', async (t) => {
  const { app } = await build(t);
  const cases: Array<[string, string]> = [
    [ID.syncing, '{"code":"1","message":"repliation abnormal, master connected_slaves:0\\r"}'],
    [ID.broken, '{"code":"2","message":"master standby status abnormal, master_link_status:down\\r"}'],
    [ID.faulty, '{"code":"3","message":"internal service error"}'],
  ];
  for (const [id, body] of cases) {
    const before = snapshot(app);
    const res = await app.inject({ method: 'PUT', url: swapUrl(id) });
    t.equal(res.statusCode, 200);
    t.equal(res.body, body);
    t.equal(snapshot(app), before, 'model unchanged');
  }
});

t.test('Memcached ha and ha_rw_split swap; single and cluster → 400 DCS.4855', async (t) => {
  const { app } = await build(t);
  t.equal((await app.inject({ method: 'PUT', url: swapUrl(ID.memcached) })).json().code, '');
  t.equal((await app.inject({ method: 'PUT', url: swapUrl(ID.rwSplit) })).json().code, '');
  for (const id of [ID.single, ID.cluster]) {
    const before = snapshot(app);
    const res = await app.inject({ method: 'PUT', url: swapUrl(id) });
    assertDcsError(t, res, 400, 'DCS.4855', 'Master standby swap is not supported.');
    t.equal(snapshot(app), before, 'model unchanged');
  }
});

t.test('status not RUNNING → 400 with the status\'s busy code, else DCS.4049', async (t) => {
  const { app } = await build(t);
  const cases: Array<[string, string, string]> = [
    [ID.restarting, 'DCS.4111', 'the instance is restarting.'],
    [ID.frozen, 'DCS.4120', 'the instance is Freezing.'],
    [ID.createFailed, 'DCS.4049', 'The instance status is not running.'],
  ];
  for (const [id, code, message] of cases) {
    const before = snapshot(app);
    assertDcsError(t, await app.inject({ method: 'PUT', url: swapUrl(id) }), 400, code, message);
    t.equal(snapshot(app), before);
  }
});

t.test('unknown instance, unknown project, other project\'s instance → 404 DCS.3022', async (t) => {
  const { app } = await build(t);
  const before = snapshot(app);
  for (const url of [swapUrl(UNKNOWN_UUID), swapUrl(ID.healthy, OTHER_PROJECT)]) {
    assertDcsError(t, await app.inject({ method: 'PUT', url }), 404, 'DCS.3022', 'This DCS instance does not exist.');
  }
  assertDcsError(t, await app.inject({ url: `/v1.0/${OTHER_PROJECT}/instances/${ID.healthy}` }), 404, 'DCS.3022');
  t.equal(snapshot(app), before);
});

t.test('malformed project id → 400 DCS.4002; malformed instance id → 400 DCS.4061; both → the project first', async (t) => {
  const { app } = await build(t);
  const before = snapshot(app);
  const badProjects = ['0A5BBD0C7E0C4B4E8F1E8C0B0A9A6F3E', '0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3', 'not-a-project', '0a5bbd0c-7e0c-4b4e-8f1e-8c0b0a9a6f3e'];
  for (const p of badProjects) {
    assertDcsError(t, await app.inject({ method: 'PUT', url: swapUrl(ID.healthy, p) }), 400, 'DCS.4002', 'Invalid project ID format.');
  }
  const badIds = ['3C49A8E2-4A5B-4F27-9B43-7D4E1D6A0C11', '3c49a8e24a5b4f279b437d4e1d6a0c11', 'abc', '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c1', "1'%20or%201=1"];
  for (const id of badIds) {
    assertDcsError(t, await app.inject({ method: 'PUT', url: swapUrl(id) }), 400, 'DCS.4061', 'Invalid instance ID format.');
  }
  assertDcsError(t, await app.inject({ method: 'PUT', url: swapUrl('abc', 'xyz') }), 400, 'DCS.4002');
  assertDcsError(t, await app.inject({ url: `/v1.0/${PROJECT}/instances/nope` }), 400, 'DCS.4061');
  assertDcsError(t, await app.inject({ url: `/v1.0/nope/instances` }), 400, 'DCS.4002');
  t.equal(snapshot(app), before);
});

t.test('a body sent to the swap route is ignored, whatever it is', async (t) => {
  const { app } = await build(t);
  const broken = await app.inject({ method: 'PUT', url: swapUrl(ID.healthy), headers: { 'content-type': 'application/json' }, payload: '{"broken' });
  t.equal(broken.body, '{"code":"","message":"success"}');
  const odd = await app.inject({ method: 'PUT', url: swapUrl(ID.broken), headers: { 'content-type': 'text/x-whatever' }, payload: 'hello' });
  t.equal(odd.json().code, '2');
});

t.test('legacy envelope: v1.0 errors as {"error":{"code","message"}} with the numeric code', async (t) => {
  const { app } = await build(t, scenarioOf({
    name: 'legacy',
    options: { dcs: { errorEnvelope: 'legacy' } },
    projects: [{ id: PROJECT, instances: [{ id: ID.single, cache_mode: 'single' }, { id: ID.healthy }] }],
  }));
  const notFound = await app.inject({ method: 'PUT', url: swapUrl(UNKNOWN_UUID) });
  t.equal(notFound.statusCode, 404);
  t.equal(notFound.body, '{"error":{"code":"111404022","message":"This DCS instance does not exist."}}');
  const bad = await app.inject({ method: 'PUT', url: swapUrl('x') });
  t.same(bad.json(), { error: { code: '111400061', message: 'Invalid instance ID format.' } });
  const notSupported = await app.inject({ method: 'PUT', url: swapUrl(ID.single) });
  t.same(notSupported.json(), { error: { code: '111400855', message: 'Master standby swap is not supported.' } });
  const read = await app.inject({ url: `/v1.0/${PROJECT}/instances/${UNKNOWN_UUID}` });
  t.same(read.json(), { error: { code: '111404022', message: 'This DCS instance does not exist.' } });
  // v2 routes keep the current envelope.
  const v2 = await app.inject({ method: 'POST', url: `/v2/${PROJECT}/instances/${UNKNOWN_UUID}/swap` });
  t.same(v2.json(), { error_code: 'DCS.3022', error_msg: 'This DCS instance does not exist.', error_ext_msg: null });
  t.equal((await app.inject({ method: 'PUT', url: swapUrl(ID.healthy) })).json().code, '');
});

t.test('GET /v1.0/{project}/instances/{id}: the v1.0 detail shape', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ url: `/v1.0/${PROJECT}/instances/${ID.healthy}` });
  assertCommonHeaders(t, res);
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.match(body, {
    instance_id: ID.healthy, name: 'redis-ha-healthy', engine: 'Redis', engine_version: '5.0', cache_mode: 'ha',
    status: 'RUNNING', spec_code: 'redis.ha.xu1.large.r2.1', resource_spec_code: 'redis.ha.xu1.large.r2.1',
    product_id: 'redis.ha.xu1.large.r2.1-h', port: 6379, capacity: 1, max_memory: 1024, no_password_access: 'false',
    domainName: `redis-${ID.healthy}.dcs.huaweicloud.com`, task: null, enterprise_project_id: '0',
  });
  t.equal(body.domain_name, body.domainName);
  t.match(body.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  t.equal(typeof body.no_password_access, 'string');
  t.equal(body.available_zones.length, 2);
  t.match(body.available_zones[0], /^[0-9a-f]{32}$/);
  const memcached = (await app.inject({ url: `/v1.0/${PROJECT}/instances/${ID.memcached}` })).json();
  t.match(memcached, { engine: 'Memcached', port: 11211, spec_code: 'dcs.memcached.master_standby', capacity: 2 });
  const single = (await app.inject({ url: `/v1.0/${PROJECT}/instances/${ID.single}` })).json();
  t.equal(single.available_zones.length, 1);
  t.equal(single.spec_code, 'redis.single.xu1.large.1');
});

t.test('GET /v1.0/{project}/instances: paging, filters, include_failure, instance_num', async (t) => {
  const { app } = await build(t);
  const list = async (q = '') => {
    const res = await app.inject({ url: `/v1.0/${PROJECT}/instances${q}` });
    t.equal(res.statusCode, 200, `list ${q}`);
    return res.json();
  };
  const all = await list();
  t.equal(all.instance_num, 10, 'the CREATEFAILED one is left out');
  t.equal(all.instances.length, 10);
  t.notOk(all.instances.some((i: { status: string }) => i.status === 'CREATEFAILED'));
  t.notOk('cache_mode' in all.instances[0], 'list items are the summary shape');
  t.equal((await list('?include_failure=true')).instance_num, 11);
  const page = await list('?start=3&limit=2');
  t.equal(page.instance_num, 10, 'the total, not the page size');
  t.same(page.instances.map((i: { instance_id: string }) => i.instance_id), [all.instances[2].instance_id, all.instances[3].instance_id]);
  t.same((await list('?start=50')).instances, []);
  t.equal((await list('?name=redis-ha')).instance_num, 6, 'name matches by part');
  t.equal((await list('?name=redis-ha&isExactMatchName=true')).instance_num, 0);
  t.equal((await list(`?id=${ID.broken}`)).instances[0].name, 'redis-ha-broken');
  t.equal((await list('?status=RESTARTING')).instance_num, 1);
  t.same(await list('?name=&status=&id='), all, 'empty filters are no filters (as the documented example sends them)');
  const other = await app.inject({ url: `/v1.0/${OTHER_PROJECT}/instances` });
  t.same(other.json(), { instances: [], instance_num: 0 }, 'a project with nothing lists nothing');
});

t.test('list: bad start/limit → 400 DCS.4063 naming the parameter; model unchanged', async (t) => {
  const { app } = await build(t);
  const before = snapshot(app);
  for (const [q, field] of [['start=0', 'start'], ['limit=0', 'limit'], ['limit=2001', 'limit'], ['start=abc', 'start'], ['limit=1.5', 'limit']]) {
    assertDcsError(t, await app.inject({ url: `/v1.0/${PROJECT}/instances?${q}` }), 400, 'DCS.4063', `Invalid ${field} parameter in the request.`);
  }
  t.equal(snapshot(app), before);
});
