/** v2 reads around the swap: the instance list, nodes, topology, tasks, and the SDK's JSON types. */
import t from 'tap';
import { build, scenarioOf, snapshot, assertDcsError, PROJECT, OTHER_PROJECT, DEFAULT_IDS as ID, UNKNOWN_UUID } from '../../helper.js';

const v2 = (path: string) => `/v2/${PROJECT}/instances${path}`;

t.test('GET /v2/{project_id}/instances: offset (0-based), limit (default 10), filters, include_failure', async (t) => {
  const { app } = await build(t);
  const all = (await app.inject({ url: v2('?limit=100') })).json();
  t.equal(all.instance_num, 10, 'every instance but the failed one');
  t.notOk(all.instances.some((i: { status: string }) => i.status === 'CREATEFAILED'));
  t.equal((await app.inject({ url: v2('?include_failure=true&limit=100') })).json().instance_num, 11);
  const first = (await app.inject({ url: v2('') })).json();
  t.equal(first.instances.length, 10, 'default limit 10');
  const page = (await app.inject({ url: v2('?offset=8&limit=5') })).json();
  t.same(page.instances.map((i: { instance_id: string }) => i.instance_id), all.instances.slice(8, 13).map((i: { instance_id: string }) => i.instance_id), 'offset is 0-based');
  t.equal(page.instance_num, 10, 'instance_num counts every match, not the page');
  t.same((await app.inject({ url: v2('?name=redis-ha&limit=100') })).json().instance_num, 6, 'name matches a part');
  t.same((await app.inject({ url: v2('?name=redis-ha&name_equal=true') })).json().instance_num, 0, 'name_equal=true: exact');
  t.same((await app.inject({ url: v2('?name_equal=redis-ha-healthy') })).json().instances.map((i: { instance_id: string }) => i.instance_id), [ID.healthy], 'name_equal=<name>: that exact name');
  t.same((await app.inject({ url: v2(`?instance_id=${ID.broken}`) })).json().instance_num, 1);
  t.same((await app.inject({ url: v2('?status=RESTARTING') })).json().instances.map((i: { instance_id: string }) => i.instance_id), [ID.restarting]);
  const item = all.instances.find((i: { instance_id: string }) => i.instance_id === ID.healthy);
  t.match(item, { engine: 'Redis', port: 6379, no_password_access: 'false', features: { support_acl: true }, sub_status: 'normal', cpu_type: 'x86_64' });
  t.equal(typeof item.capacity, 'number');
  t.same((await app.inject({ url: `/v2/${OTHER_PROJECT}/instances` })).json(), { instance_num: 0, instances: [] }, 'a project without instances');
});

t.test('v2 list: tags (all pairs must match) and include_delete', async (t) => {
  const { app } = await build(t, scenarioOf({ name: 'tags', projects: [{ id: PROJECT, instances: [
    { id: ID.healthy, tags: [{ key: 'env', value: 'prod' }, { key: 'team', value: 'a' }] },
    { id: ID.broken, tags: [{ key: 'env', value: 'prod' }] },
    { id: ID.syncing, status: 'DELETED' },
  ] }] }));
  const ids = async (q: string) => (await app.inject({ url: v2(q) })).json().instances.map((i: { instance_id: string }) => i.instance_id).sort();
  t.same(await ids('?tags=env=prod'), [ID.healthy, ID.broken].sort());
  t.same(await ids('?tags=env=prod,team=a'), [ID.healthy]);
  t.same(await ids('?tags=env=dev'), []);
  t.same(await ids(''), [ID.healthy, ID.broken].sort(), 'deleted instances are left out');
  t.same(await ids('?include_delete=true'), [ID.healthy, ID.broken, ID.syncing].sort());
});

t.test('v2 list: bad offset or limit → 400 DCS.4063 naming the parameter; model unchanged', async (t) => {
  const { app } = await build(t);
  const before = snapshot(app);
  for (const [q, field] of [['offset=-1', 'offset'], ['limit=0', 'limit'], ['limit=1001', 'limit'], ['limit=ten', 'limit'], ['offset=1.5', 'offset']]) {
    assertDcsError(t, await app.inject({ url: v2(`?${q}`) }), 400, 'DCS.4063', `Invalid ${field} parameter in the request.`);
  }
  assertDcsError(t, await app.inject({ url: '/v2/nope/instances' }), 400, 'DCS.4002');
  t.equal(snapshot(app), before);
});

t.test('v2 detail: bandwidth_info times are numbers (epoch ms); AZ lists in creation order', async (t) => {
  const { app, clock } = await build(t);
  const d = (await app.inject({ url: v2(`/${ID.healthy}`) })).json();
  t.equal(d.bandwidth_info.current_time, clock.now(), 'current_time is the mock clock, in ms');
  for (const key of ['begin_time', 'end_time', 'next_expand_time', 'expand_effect_time', 'expand_interval_time', 'assured_bandwidth', 'max_bandwidth_for_node']) {
    t.equal(typeof d.bandwidth_info[key], 'number', key);
  }
  await app.inject({ method: 'POST', url: v2(`/${ID.healthy}/swap`) });
  const after = (await app.inject({ url: v2(`/${ID.healthy}`) })).json();
  t.same(after.az_codes, d.az_codes, 'unchanged by a swap');
  t.same(after.available_zones, d.available_zones);
});

t.test('logical-nodes and nodes: roles follow the model; a swap exchanges them', async (t) => {
  const { app } = await build(t);
  const nodes = async () => (await app.inject({ url: v2(`/${ID.healthy}/logical-nodes`) })).json();
  const before = await nodes();
  t.equal(before.instance_id, ID.healthy);
  t.equal(before.total, 2);
  const master = before.nodes.find((n: { node_type: string }) => n.node_type === 'master');
  const slave = before.nodes.find((n: { node_type: string }) => n.node_type === 'slave');
  t.match(master, { node_role: 'redis-server', status: 'Active', node_port: '6379', priority_weight: 0, is_access: true, group_name: 'group-0' });
  t.same(master.dimensions.map((d: { name: string }) => d.name), ['dcs_instance_id', 'dcs_cluster_redis_node']);
  await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${ID.healthy}/swap` });
  const after = await nodes();
  t.equal(after.nodes.find((n: { node_type: string }) => n.node_type === 'master').node_id, slave.node_id, 'the former replica is master');
  t.equal(after.nodes.find((n: { node_type: string }) => n.node_type === 'slave').node_id, master.node_id, 'the former master is a replica');
  const topology = (await app.inject({ url: v2(`/${ID.healthy}/nodes`) })).json();
  t.equal(topology.redis_server.length, 2);
  const newMaster = topology.redis_server.find((n: { node_type: string }) => n.node_type === 'master');
  const newReplica = topology.redis_server.find((n: { node_type: string }) => n.node_type === 'slave');
  t.equal(newMaster.node_id, slave.node_id);
  t.equal(newReplica.status, 'Inactive', 'the new replica is resyncing');
  t.equal(newReplica.relation_ip, newMaster.ip, 'a replica relates to its master');
  t.equal(typeof newMaster.port, 'string', 'ports and memory are strings in the topology, as the SDK types them');
  t.same(topology.cluster_proxy, []);
  const cluster = (await app.inject({ url: v2(`/${ID.cluster}/logical-nodes`) })).json();
  t.equal(cluster.total, 6, 'a cluster: three shards of two');
  t.equal(new Set(cluster.nodes.map((n: { group_id: string }) => n.group_id)).size, 3);
  for (const path of ['logical-nodes', 'nodes']) {
    assertDcsError(t, await app.inject({ url: v2(`/${UNKNOWN_UUID}/${path}`) }), 404, 'DCS.3022');
    assertDcsError(t, await app.inject({ url: v2(`/nope/${path}`) }), 400, 'DCS.4061');
  }
});

t.test('tasks: every swap (v1.0, v2, async) leaves a masterStandbySwapJob, newest first; time window and paging', async (t) => {
  const { app, clock } = await build(t);
  const tasks = async (q = '') => (await app.inject({ url: v2(`/${ID.healthy}/tasks${q}`) })).json();
  t.same(await tasks(), { task_count: '0', tasks: [] });
  await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${ID.healthy}/swap` });
  clock.advance(10_000);
  await app.inject({ method: 'POST', url: v2(`/${ID.healthy}/swap`) });
  clock.advance(10_000);
  const job = (await app.inject({ method: 'PUT', url: v2(`/${ID.healthy}/async-swap`) })).json().job_id;
  const listed = await tasks();
  t.equal(listed.task_count, '3', 'task_count is a string');
  t.equal(listed.tasks[0].id, job, 'newest first');
  t.same(listed.tasks.map((x: { name: string }) => x.name), ['masterStandbySwapJob', 'masterStandbySwapJob', 'masterStandbySwapJob']);
  t.same(listed.tasks.map((x: { status: string }) => x.status), ['INIT', 'SUCCESS', 'SUCCESS']);
  t.match(listed.tasks[2], { user_name: String, params: '', enable_show: false, created_at: new Date(clock.now() - 20_000).toISOString() });
  clock.advance(2000);
  t.equal((await tasks()).tasks[0].status, 'SUCCESS', 'the async job ended');
  t.equal((await app.inject({ url: `/v2/${PROJECT}/jobs/${listed.tasks[1].id}` })).json().status, 'SUCCESS', 'a sync swap\'s record is a job too');
  const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  t.equal((await tasks(`?start_time=${stamp(clock.now() - 15_000)}`)).task_count, '2');
  t.equal((await tasks(`?end_time=${stamp(clock.now() - 15_000)}`)).task_count, '1');
  t.same((await tasks('?offset=1&limit=1')).tasks.map((x: { id: string }) => x.id), [listed.tasks[1].id]);
  t.equal((await app.inject({ url: v2(`/${ID.broken}/tasks`) })).json().task_count, '0', 'a refused swap leaves no task');
  await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${ID.broken}/swap` });
  t.equal((await app.inject({ url: v2(`/${ID.broken}/tasks`) })).json().task_count, '0', 'nor does code 2');
  assertDcsError(t, await app.inject({ url: v2(`/${ID.healthy}/tasks?start_time=yesterday`) }), 400, 'DCS.4063', 'Invalid start_time parameter in the request.');
  assertDcsError(t, await app.inject({ url: v2(`/${UNKNOWN_UUID}/tasks`) }), 404, 'DCS.3022');
});

t.test('option v1SwapSuccess: noContent answers the v1.0 swap 204 with no body, as the current page does', async (t) => {
  const { app } = await build(t, scenarioOf({ name: 'nc', options: { dcs: { v1SwapSuccess: 'noContent' } }, projects: [{ id: PROJECT, instances: [{ id: ID.healthy }] }] }));
  const url = `/v1.0/${PROJECT}/instances/${ID.healthy}/swap`;
  const first = await app.inject({ method: 'PUT', url });
  t.equal(first.statusCode, 204);
  t.equal(first.body, '');
  t.same((await app.inject({ method: 'PUT', url })).json().code, '1', 'the failure codes keep their 200 body');
});
