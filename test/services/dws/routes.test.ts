/** DWS routes over inject: every row of docs/behaviour.md §4, reads, and every bad input. */
import t from 'tap';
import { build, snapshot, scenarioOf, assertCommonHeaders, assertDwsError, PROJECT, OTHER_PROJECT, DWS_IDS as ID, UNKNOWN_UUID } from '../../helper.js';

const switchoverUrl = (id: string, project = PROJECT) => `/v1.0/${project}/clusters/${id}/switchover`;
const detail = async (app: Awaited<ReturnType<typeof build>>['app'], id: string) => (await app.inject({ url: `/v1.0/${PROJECT}/clusters/${id}` })).json().cluster;

t.test('unbalanced at 8.1.1.202 → 200 {}; the detail shows the task and rising progress; then NORMAL, "" and {}', async (t) => {
  const { app, clock } = await build(t);
  t.equal((await detail(app, ID.unbalanced)).sub_status, 'UNBALANCED');
  const res = await app.inject({ method: 'POST', url: switchoverUrl(ID.unbalanced) });
  assertCommonHeaders(t, res);
  t.equal(res.statusCode, 200);
  t.equal(res.body, '{}');
  let c = await detail(app, ID.unbalanced);
  t.equal(c.task_status, 'ACTIVE_STANDY_SWITCHOVER');
  t.same(c.action_progress, { ACTIVE_STANDY_SWITCHOVER: '0%' });
  t.equal(c.status, 'AVAILABLE');
  clock.advance(2000);
  t.same((await detail(app, ID.unbalanced)).action_progress, { ACTIVE_STANDY_SWITCHOVER: '40%' });
  clock.advance(3000);
  c = await detail(app, ID.unbalanced);
  t.equal(c.task_status, '');
  t.same(c.action_progress, {});
  t.equal(c.sub_status, 'NORMAL');
  t.ok(c._mock.balanced);
  t.same(c._mock.nodes.map((n: { primaries: number }) => n.primaries), [2, 2, 2], 'every node holds its designed primaries again');
});

t.test('a second switchover while one runs → 403 DWS.7023, model unchanged', async (t) => {
  const { app } = await build(t);
  await app.inject({ method: 'POST', url: switchoverUrl(ID.unbalanced) });
  const before = snapshot(app);
  assertDwsError(t, await app.inject({ method: 'POST', url: switchoverUrl(ID.unbalanced) }), 403, 'DWS.7023', 'Cluster status is not allowed to operation.');
  t.equal(snapshot(app), before);
});

t.test('two at the same moment: exactly one 200', async (t) => {
  const { app } = await build(t);
  const codes = (await Promise.all([0, 1, 2].map(() => app.inject({ method: 'POST', url: switchoverUrl(ID.unbalanced9) })))).map((r) => r.statusCode);
  t.same(codes.sort(), [200, 403, 403]);
});

t.test('UNBALANCED | READONLY at 9.1.0.200 → 200, ends READONLY', async (t) => {
  const { app, clock } = await build(t);
  t.equal((await detail(app, ID.unbalanced9)).sub_status, 'UNBALANCED | READONLY');
  t.equal((await app.inject({ method: 'POST', url: switchoverUrl(ID.unbalanced9) })).statusCode, 200);
  clock.advance(5000);
  t.equal((await detail(app, ID.unbalanced9)).sub_status, 'READONLY');
});

t.test('a scenario-failed switchover: 200, then ACTIVE_STANDY_SWITCHOVER_FAILURE and still unbalanced', async (t) => {
  const { app, clock } = await build(t);
  t.equal((await app.inject({ method: 'POST', url: switchoverUrl(ID.fails) })).statusCode, 200);
  clock.advance(5000);
  const c = await detail(app, ID.fails);
  t.equal(c.task_status, 'ACTIVE_STANDY_SWITCHOVER_FAILURE');
  t.equal(c.sub_status, 'UNBALANCED');
  t.same(c.action_progress, {});
});

t.test('refusals: old version 400 DWS.5206; busy, neither AVAILABLE nor ACTIVE, balanced 403 DWS.7023; model unchanged', async (t) => {
  const { app } = await build(t);
  const before = snapshot(app);
  assertDwsError(t, await app.inject({ method: 'POST', url: switchoverUrl(ID.oldVersion) }), 400, 'DWS.5206', 'Databases of this version do not support the function.');
  assertDwsError(t, await app.inject({ method: 'POST', url: switchoverUrl(ID.busy) }), 403, 'DWS.7023');
  assertDwsError(t, await app.inject({ method: 'POST', url: switchoverUrl(ID.unavailable) }), 403, 'DWS.7023');
  assertDwsError(t, await app.inject({ method: 'POST', url: switchoverUrl(ID.balanced) }), 403, 'DWS.7023');
  t.equal(snapshot(app), before);
  const busy = await detail(app, ID.busy);
  t.equal(busy.task_status, 'SNAPSHOTTING');
  t.same(busy.action_progress, { SNAPSHOTTING: '20%' });
});

t.test('balanced under balancedSwitchover: ok → 200 {} and nothing changes', async (t) => {
  const { app } = await build(t, scenarioOf({
    name: 'ok',
    options: { dws: { balancedSwitchover: 'ok' } },
    projects: [{ id: PROJECT, clusters: [{ id: ID.balanced, version: '8.1.1.202' }] }],
  }));
  const before = snapshot(app);
  const res = await app.inject({ method: 'POST', url: switchoverUrl(ID.balanced) });
  t.equal(res.statusCode, 200);
  t.equal(res.body, '{}');
  t.equal(snapshot(app), before);
  t.equal((await detail(app, ID.balanced)).task_status, '');
});

t.test('unknown cluster, other project\'s cluster → 404 DWS.0047; malformed ids → 400 DWS.0001; model unchanged', async (t) => {
  const { app } = await build(t);
  const before = snapshot(app);
  assertDwsError(t, await app.inject({ method: 'POST', url: switchoverUrl(UNKNOWN_UUID) }), 404, 'DWS.0047', 'The cluster does not exist.');
  assertDwsError(t, await app.inject({ method: 'POST', url: switchoverUrl(ID.unbalanced, OTHER_PROJECT) }), 404, 'DWS.0047');
  for (const bad of ['abc', ID.unbalanced.toUpperCase(), ID.unbalanced.replace(/-/g, ''), `${ID.unbalanced}0`]) {
    assertDwsError(t, await app.inject({ method: 'POST', url: switchoverUrl(bad) }), 400, 'DWS.0001', 'Incorrect parameter.');
  }
  assertDwsError(t, await app.inject({ method: 'POST', url: switchoverUrl(ID.unbalanced, 'XYZ') }), 400, 'DWS.0001');
  assertDwsError(t, await app.inject({ url: `/v1.0/${PROJECT}/clusters/nope` }), 400, 'DWS.0001');
  assertDwsError(t, await app.inject({ url: `/v1.0/${PROJECT}/clusters/${UNKNOWN_UUID}` }), 404, 'DWS.0047');
  assertDwsError(t, await app.inject({ url: `/v1.0/${OTHER_PROJECT}/clusters/${ID.unbalanced}` }), 404, 'DWS.0047');
  t.equal(snapshot(app), before);
});

t.test('a body sent with the switchover is ignored (the SDK sends none, with content-type JSON)', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ method: 'POST', url: switchoverUrl(ID.unbalanced), headers: { 'content-type': 'application/json' }, payload: '{oops' });
  t.equal(res.statusCode, 200);
});

t.test('GET cluster detail: the documented shape', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ url: `/v1.0/${PROJECT}/clusters/${ID.unbalanced}` });
  assertCommonHeaders(t, res);
  t.equal(res.statusCode, 200);
  t.same(Object.keys(res.json()), ['cluster']);
  const c = res.json().cluster;
  t.match(c, {
    id: ID.unbalanced, name: 'dws-unbalanced', status: 'AVAILABLE', version: '8.1.1.202', port: 8000, user_name: 'dbadmin',
    number_of_node: 3, enterprise_project_id: '0', sub_status: 'UNBALANCED', task_status: '', action_progress: {},
    parameter_group: { name: 'Default-Parameter-Group-dws', status: 'In-Sync' },
  });
  t.match(c.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  t.equal(c.nodes.length, 3);
  t.match(c.nodes[0], { status: '200' });
  t.match(c.endpoints[0].jdbc_url, /^jdbc:postgresql:\/\/192\.168\.\d+\.\d+:8000\/<YOUR_DATABASE_name>$/);
  t.equal(c.private_ip.length, 3);
  t.same(c._mock.nodes.map((n: { primaries: number }) => n.primaries), [2, 0, 4], 'node 1\'s primaries are on node 2');
});

t.test('GET cluster list: {"clusters":[…],"count":N}, list-item shape, enterprise project filter', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ url: `/v1.0/${PROJECT}/clusters` });
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.same(Object.keys(body), ['clusters', 'count']);
  t.equal(body.count, 7);
  t.equal(typeof body.count, 'number');
  t.notOk('parameter_group' in body.clusters[0], 'list items are ClusterInfo');
  t.notOk('_mock' in body.clusters[0]);
  t.equal((await app.inject({ url: `/v1.0/${PROJECT}/clusters?enterprise_project_id=all_granted_eps` })).json().count, 7);
  t.equal((await app.inject({ url: `/v1.0/${PROJECT}/clusters?enterprise_project_id=0` })).json().count, 7);
  t.equal((await app.inject({ url: `/v1.0/${PROJECT}/clusters?enterprise_project_id=other` })).json().count, 0);
  t.same((await app.inject({ url: `/v1.0/${OTHER_PROJECT}/clusters` })).json(), { clusters: [], count: 0 });
  assertDwsError(t, await app.inject({ url: '/v1.0/bad/clusters' }), 400, 'DWS.0001');
});

t.test('other methods on DWS paths → 404 APIGW.0101 "The API does not exist."', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ method: 'GET', url: switchoverUrl(ID.unbalanced) });
  t.equal(res.statusCode, 404);
  t.same(res.json().error_code, 'APIGW.0101');
  t.same(res.json().error_msg, 'The API does not exist.');
});
