/**
 * Shards of cluster and proxy instances: the group list, replication states, the shard
 * switchover (an async job with the swap's replication rules) and replica priorities.
 */
import t from 'tap';
import { build, scenarioOf, snapshot, models, assertDcsError, PROJECT, DEFAULT_IDS as ID, UNKNOWN_UUID } from '../../helper.js';

const groupsUrl = (id: string = ID.cluster) => `/v2/${PROJECT}/instance/${id}/groups`;
const switchUrl = (group: string, node: string, id: string = ID.cluster) => `/v2/${PROJECT}/instance/${id}/groups/${group}/replications/${node}/async-switchover`;
const priorityUrl = (group: string, node: string, id: string = ID.cluster) => `/v2/${PROJECT}/instances/${id}/groups/${group}/replications/${node}/slave-priority`;
type Item = { replication_role: string; node_id: string; status: string; _mock: { priority: number; replication: { state: string } | null } };
type Group = { group_id: string; group_name: string; replication_list: Item[] };

t.test('groups: each shard with its master and replicas; a replica that is syncing or broken is Inactive', async (t) => {
  const { app } = await build(t);
  const body = (await app.inject({ url: groupsUrl() })).json();
  t.equal(body.group_count, 3);
  t.same(body.group_list.map((g: Group) => g.group_name), ['group-0', 'group-1', 'group-2']);
  t.same(body.group_list.map((g: Group) => g.replication_list.map((r) => r.replication_role)), [['master', 'slave'], ['master', 'slave'], ['master', 'slave']]);
  t.same(body.group_list.map((g: Group) => g.replication_list[1].status), ['Active', 'Inactive', 'Inactive']);
  t.same(body.group_list.map((g: Group) => g.replication_list[1]._mock.replication?.state), ['healthy', 'syncing', 'broken']);
  const state = (await app.inject({ url: `${groupsUrl()}/${body.group_list[1].group_id}/group-nodes-state` })).json();
  t.ok(Array.isArray(state), 'group-nodes-state is a top-level array, as the SDK reads it');
  t.same(state, body.group_list[1].replication_list);
  const ha = (await app.inject({ url: groupsUrl(ID.healthy) })).json();
  t.equal(ha.group_count, 1, 'a master/standby instance is one group');
  assertDcsError(t, await app.inject({ url: groupsUrl(UNKNOWN_UUID) }), 404, 'DCS.3022');
  assertDcsError(t, await app.inject({ url: `${groupsUrl()}/${UNKNOWN_UUID}/group-nodes-state` }), 400, 'DCS.4063', 'Invalid group_id parameter in the request.');
  assertDcsError(t, await app.inject({ url: `${groupsUrl()}/nope/group-nodes-state` }), 400, 'DCS.4063', 'Invalid group_id parameter in the request.');
});

t.test('shard switchover: accepted as a job, INIT → RUNNING → SUCCESS, then the replica is master and the shard resyncs', async (t) => {
  const { app, clock } = await build(t);
  const group = (await app.inject({ url: groupsUrl() })).json().group_list[0] as Group;
  const [master, replica] = group.replication_list;
  const res = await app.inject({ method: 'POST', url: switchUrl(group.group_id, replica.node_id) });
  t.equal(res.statusCode, 200);
  const job = res.json().job_id;
  t.match(job, /^[0-9a-f]{32}$/);
  const status = async () => (await app.inject({ url: `/v2/${PROJECT}/jobs/${job}` })).json();
  t.match(await status(), { job_type: 'masterStandbySwapJob', status: 'INIT', end_time: null });
  clock.advance(1000);
  t.equal((await status()).status, 'RUNNING');
  assertDcsError(t, await app.inject({ method: 'POST', url: switchUrl(group.group_id, replica.node_id) }), 400, 'DCS.4017', 'This DCS instance job task is still running.');
  clock.advance(1000);
  t.match(await status(), { status: 'SUCCESS', fail_reason: null });
  const after = (await app.inject({ url: groupsUrl() })).json().group_list[0] as Group;
  t.same(after.replication_list.map((r) => [r.node_id, r.replication_role]), [[replica.node_id, 'master'], [master.node_id, 'slave']]);
  t.equal(after.replication_list[1]._mock.replication?.state, 'syncing', 'the old master resyncs from the new one');
  const tasks = (await app.inject({ url: `/v2/${PROJECT}/instances/${ID.cluster}/tasks` })).json();
  t.match(tasks.tasks[0], { id: job, name: 'masterStandbySwapJob', status: 'SUCCESS', details: { group_name: 'group-0' } });
  // Promoting the old master back while it resyncs: the code-1 refusal.
  assertDcsError(t, await app.inject({ method: 'POST', url: switchUrl(group.group_id, master.node_id) }), 400, 'DCS.4017', 'This DCS instance job task is still running.');
});

t.test('shard switchover refusals: the swap\'s codes, published codes for the rest; model unchanged', async (t) => {
  const { app } = await build(t);
  const groups = (await app.inject({ url: groupsUrl() })).json().group_list as Group[];
  const ha = (await app.inject({ url: groupsUrl(ID.healthy) })).json().group_list[0] as Group;
  const before = snapshot(app);
  assertDcsError(t, await app.inject({ method: 'POST', url: switchUrl(groups[1].group_id, groups[1].replication_list[1].node_id) }), 400, 'DCS.4017', 'This DCS instance job task is still running.');
  assertDcsError(t, await app.inject({ method: 'POST', url: switchUrl(groups[2].group_id, groups[2].replication_list[1].node_id) }), 500, 'DCS.5094', 'Master standby swap failed.');
  assertDcsError(t, await app.inject({ method: 'POST', url: switchUrl(groups[0].group_id, groups[0].replication_list[0].node_id) }), 400, 'DCS.4027', 'This operation is not supported on this node.');
  assertDcsError(t, await app.inject({ method: 'POST', url: switchUrl(UNKNOWN_UUID, groups[0].replication_list[1].node_id) }), 400, 'DCS.4063', 'Invalid group_id parameter in the request.');
  assertDcsError(t, await app.inject({ method: 'POST', url: switchUrl(groups[0].group_id, groups[1].replication_list[1].node_id) }), 400, 'DCS.4063', 'Invalid node_id parameter in the request.');
  assertDcsError(t, await app.inject({ method: 'POST', url: switchUrl(ha.group_id, ha.replication_list[1].node_id, ID.healthy) }), 400, 'DCS.4026', 'This operation is not allowed when the DCS instance is in the current state.');
  assertDcsError(t, await app.inject({ method: 'POST', url: switchUrl(groups[0].group_id, groups[0].replication_list[1].node_id, UNKNOWN_UUID) }), 404, 'DCS.3022');
  assertDcsError(t, await app.inject({ method: 'POST', url: switchUrl('nope', groups[0].replication_list[1].node_id) }), 400, 'DCS.4063', 'Invalid group_id parameter in the request.');
  assertDcsError(t, await app.inject({ method: 'POST', url: switchUrl(groups[0].group_id, groups[0].replication_list[1].node_id, 'nope') }), 400, 'DCS.4061');
  t.equal(snapshot(app), before, 'nothing changed');
  t.equal((await app.inject({ url: `/v2/${PROJECT}/instances/${ID.cluster}/tasks` })).json().task_count, '0', 'no job for a refusal');
});

t.test('shard switchover: an instance not running, an internal fault, and a replica that breaks while the job runs', async (t) => {
  const C = 'ad6e7f80-6666-4b7c-9d4e-5f6a7b8c9da7';
  const { app, clock } = await build(t, scenarioOf({ name: 's', projects: [{ id: PROJECT, instances: [
    { id: ID.cluster, cache_mode: 'proxy', shards: 2, replica_count: 3 },
    { id: C, cache_mode: 'cluster', status: 'EXTENDING' },
    { id: ID.healthy, cache_mode: 'cluster', internal_fault: true },
  ] }] }));
  const groups = (await app.inject({ url: groupsUrl() })).json().group_list as Group[];
  t.same(groups.map((g) => g.replication_list.length), [3, 3], 'proxy instance: two shards of three');
  const other = (await app.inject({ url: groupsUrl(C) })).json().group_list[0] as Group;
  assertDcsError(t, await app.inject({ method: 'POST', url: switchUrl(other.group_id, other.replication_list[1].node_id, C) }), 400, 'DCS.4113');
  const faulty = (await app.inject({ url: groupsUrl(ID.healthy) })).json().group_list[0] as Group;
  assertDcsError(t, await app.inject({ method: 'POST', url: switchUrl(faulty.group_id, faulty.replication_list[1].node_id, ID.healthy) }), 500, 'DCS.5000');
  const job = (await app.inject({ method: 'POST', url: switchUrl(groups[1].group_id, groups[1].replication_list[2].node_id) })).json().job_id;
  await app.inject({ method: 'POST', url: '/_mock/actions', payload: { action: 'breakReplication', instance: ID.cluster } });
  clock.advance(2000);
  t.match((await app.inject({ url: `/v2/${PROJECT}/jobs/${job}` })).json(), { status: 'FAIL', fail_reason: 'master standby status abnormal, master_link_status:down' });
  const after = (await app.inject({ url: groupsUrl() })).json().group_list[1] as Group;
  t.equal(after.replication_list[0].node_id, groups[1].replication_list[0].node_id, 'the master did not change');
});

t.test('slave priority: 204; the smallest non-zero weight is promoted by the next swap; bad input refused, model unchanged', async (t) => {
  const { app } = await build(t);
  const rw = (await app.inject({ url: groupsUrl(ID.rwSplit) })).json().group_list[0] as Group;
  const [master, first, second] = rw.replication_list;
  const before = snapshot(app);
  const post = (node: string, payload: unknown, group = rw.group_id) => app.inject({ method: 'POST', url: priorityUrl(group, node, ID.rwSplit), headers: { 'content-type': 'application/json' }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
  for (const bad of [{}, { slave_priority_weight: 101 }, { slave_priority_weight: -1 }, { slave_priority_weight: 1.5 }, { slave_priority_weight: '5' }, 'nope', '']) {
    assertDcsError(t, await post(second.node_id, bad), 400, 'DCS.4063', 'Invalid slave_priority_weight parameter in the request.');
  }
  assertDcsError(t, await post(master.node_id, { slave_priority_weight: 5 }), 400, 'DCS.4027');
  assertDcsError(t, await post(second.node_id, { slave_priority_weight: 5 }, UNKNOWN_UUID), 400, 'DCS.4063', 'Invalid group_id parameter in the request.');
  assertDcsError(t, await app.inject({ method: 'POST', url: priorityUrl(rw.group_id, second.node_id, UNKNOWN_UUID), payload: '{"slave_priority_weight":5}' }), 404, 'DCS.3022');
  t.equal(snapshot(app), before, 'nothing changed');
  const set = await post(second.node_id, { slave_priority_weight: 5 });
  t.equal(set.statusCode, 204);
  t.equal(set.body, '');
  t.equal(models(app).dcs.instance(PROJECT, ID.rwSplit)!.shards[0].nodes[2].priority, 5);
  t.equal((await app.inject({ method: 'POST', url: `/v2/${PROJECT}/instances/${ID.rwSplit}/swap` })).statusCode, 204);
  const after = (await app.inject({ url: groupsUrl(ID.rwSplit) })).json().group_list[0] as Group;
  t.equal(after.replication_list[0].node_id, second.node_id, 'the weighted replica became master, not the first one');
  t.same(after.replication_list.map((r) => r.node_id).sort(), [master.node_id, first.node_id, second.node_id].sort());
  const logical = (await app.inject({ url: `/v2/${PROJECT}/instances/${ID.rwSplit}/logical-nodes` })).json();
  t.equal(logical.nodes.find((n: { node_id: string }) => n.node_id === second.node_id).priority_weight, 5);
});

t.test('failover action: the best-priority replica takes over even while syncing or broken; every replica resyncs; no job record', async (t) => {
  const { app, clock } = await build(t);
  const act = (payload: object) => app.inject({ method: 'POST', url: '/_mock/actions', payload });
  const groups = async (id: string = ID.cluster) => (await app.inject({ url: groupsUrl(id) })).json().group_list as Group[];
  const before = await groups();
  const broken = before[2];
  clock.advance(1000);
  const res = await act({ action: 'failover', instance: ID.cluster, group: broken.group_id });
  t.equal(res.statusCode, 200);
  const after = await groups();
  t.same(after[0], before[0], 'the other shards keep their master');
  t.equal(after[2].replication_list[0].node_id, broken.replication_list[1].node_id, 'the broken replica became master');
  t.same(after[2].replication_list[1], { ...after[2].replication_list[1], node_id: broken.replication_list[0].node_id, replication_role: 'slave', status: 'Inactive' });
  t.equal(after[2].replication_list[1]._mock.replication?.state, 'syncing', 'the old master comes back as a replica and resyncs');
  const tasks = (await app.inject({ url: `/v2/${PROJECT}/instances/${ID.cluster}/tasks` })).json();
  t.same(tasks, { task_count: '0', tasks: [] }, 'a failover is not an API call: no task');

  const rw = (await groups(ID.rwSplit))[0];
  const [master, first, second] = rw.replication_list;
  await app.inject({ method: 'POST', url: priorityUrl(rw.group_id, second.node_id, ID.rwSplit), headers: { 'content-type': 'application/json' }, payload: '{"slave_priority_weight":7}' });
  t.equal((await act({ action: 'failover', instance: ID.rwSplit })).statusCode, 200);
  const rwAfter = (await groups(ID.rwSplit))[0];
  t.equal(rwAfter.replication_list[0].node_id, second.node_id, 'the weighted replica is promoted, not the first');
  t.same(rwAfter.replication_list.slice(1).map((r) => r._mock.replication?.state), ['syncing', 'syncing']);
  t.not(rwAfter.replication_list[0].node_id, first.node_id);
  t.ok(rwAfter.replication_list.some((r) => r.node_id === master.node_id));

  const unchanged = snapshot(app);
  const refused = await act({ action: 'failover', instance: ID.cluster, group: UNKNOWN_UUID });
  t.equal(refused.statusCode, 400);
  t.match(refused.json().error.message, `no group ${UNKNOWN_UUID}`);
  t.equal((await act({ action: 'failover', instance: ID.healthy, group: '' })).statusCode, 400, 'an empty group id is refused');
  t.match((await act({ action: 'failover', instance: ID.single })).json().error.message, 'has no replica to fail over to');
  t.match((await act({ action: 'setStatus', instance: ID.healthy, status: 'RUNNING', group: before[0].group_id })).json().error, { issues: [{ path: 'group', message: 'not used by setStatus' }] });
  t.equal(snapshot(app), unchanged, 'refusals change nothing');
});

t.test('scenario: shards, replica_count and per-replica states are checked with their paths', async (t) => {
  const { validateScenario } = await import('../../../src/index.js');
  const issues = (instance: Record<string, unknown>) => {
    const r = validateScenario({ name: 'x', projects: [{ id: PROJECT, instances: [{ id: ID.cluster, ...instance }] }] }, 'x');
    return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
  };
  t.same(issues({ cache_mode: 'cluster', shards: 4, replica_count: 3, replicas: [{ shard: 3, replica: 2, replication: 'broken', priority: 10 }] }), []);
  t.same(issues({ cache_mode: 'ha', shards: 2 }), ['projects[0].instances[0].shards: only allowed for cache_mode cluster or proxy']);
  t.same(issues({ cache_mode: 'cluster', replicas: [{ shard: 3, replica: 1 }] }), ['projects[0].instances[0].replicas[0].shard: expected a shard index below 3, got 3']);
  t.same(issues({ cache_mode: 'ha', replicas: [{ replica: 2 }] }), ['projects[0].instances[0].replicas[0].replica: expected a replica index below 2 (replica_count), got 2']);
  t.same(issues({ cache_mode: 'ha', replicas: [{ replica: 0 }] }), ['projects[0].instances[0].replicas[0].replica: expected a replica index from 1 (0 is the master), got number 0']);
  t.same(issues({ cache_mode: 'ha', replicas: [{ replica: 1, sync_progress: 5 }] }), ['projects[0].instances[0].replicas[0].sync_progress: only allowed with replication: syncing']);
  t.same(issues({ cache_mode: 'ha', replicas: [{ replica: 1 }, { replica: 1 }] }), ['projects[0].instances[0].replicas[1]: shard 0 replica 1 is given twice']);
  t.same(issues({ cache_mode: 'cluster', shards: 0 }), ['projects[0].instances[0].shards: expected an integer from 1 to 128, got number 0']);
});
