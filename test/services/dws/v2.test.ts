/**
 * DWS v2 routes: GET /v2/{p}/clusters (ShowClusters) and GET /v2/{p}/clusters/{c}/nodes
 * (ListClusterNodes): every status each can answer, exact bodies, paging, filters, order,
 * and the DN roles each node shows (docs/behaviour.md §4.7, §4.8).
 */
import t from 'tap';
import { build, snapshot, scenarioOf, models, assertCommonHeaders, assertDwsError, PROJECT, OTHER_PROJECT, DWS_IDS, UNKNOWN_UUID } from '../../helper.js';
import { type Cluster } from '../../../src/services/dws/model.js';

const ID = {
  three: '2b000000-0001-4000-8000-000000000001',
  five: '2b000000-0002-4000-8000-000000000002',
  twelve: '2b000000-0003-4000-8000-000000000003',
  down: '2b000000-0004-4000-8000-000000000004',
  deleted: '2b000000-0005-4000-8000-000000000005',
  single: '2b000000-0006-4000-8000-000000000006',
} as const;

const scenario = () => scenarioOf({
  name: 'dws-v2',
  seed: 7,
  projects: [{
    id: PROJECT,
    clusters: [
      // node 1's primary failed over to node 2 (one DN pair per node keeps the lists short)
      { id: ID.three, name: 'dws-three', version: '8.1.1.202', number_of_node: 3, dn_per_node: 1, failed_nodes: [1], tags: [{ key: 'team', value: 'dw' }] },
      { id: ID.five, name: 'dws-five', number_of_node: 5 },
      { id: ID.twelve, name: 'dws-twelve', number_of_node: 12, dn_per_node: 1 },
      { id: ID.down, name: 'dws-down', number_of_node: 3, dn_per_node: 1, down_nodes: [2] },
      { id: ID.deleted, name: 'dws-deleted', status: 'DELETED' },
      { id: ID.single, name: 'dws-single', number_of_node: 1, dn_per_node: 2 },
    ],
  }],
});

type App = Awaited<ReturnType<typeof build>>['app'];
const nodesUrl = (id: string, query = '', project = PROJECT) => `/v2/${project}/clusters/${id}/nodes${query ? `?${query}` : ''}`;
const nodes = async (app: App, id: string, query = '') => {
  const res = await app.inject({ url: nodesUrl(id, query) });
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json() as { node_list: { id: string; name: string; status: string; _mock: { index: number; instances: { name: string; role: string; designed_role: string }[] } }[]; count: number; failed_count: number };
};
const indexes = (body: Awaited<ReturnType<typeof nodes>>) => body.node_list.map((n) => n._mock.index);
const clusterOf = (app: App, id: string): Cluster => models(app).dws.cluster(PROJECT, id)!;

t.test('GET /v2/{p}/clusters: 200, the same {"clusters","count"} as v1.0, DELETED left out, no query parameters', async (t) => {
  const { app } = await build(t, scenario());
  const res = await app.inject({ url: `/v2/${PROJECT}/clusters` });
  assertCommonHeaders(t, res);
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.same(Object.keys(body), ['clusters', 'count']);
  t.same(body, (await app.inject({ url: `/v1.0/${PROJECT}/clusters` })).json(), 'identical to the v1.0 list');
  t.same(body.clusters.map((c: { id: string }) => c.id), [ID.three, ID.five, ID.twelve, ID.down, ID.single]);
  t.equal(body.count, 5);
  t.same((await app.inject({ url: `/v2/${PROJECT}/clusters?enterprise_project_id=other` })).json().count, 5, 'v2 takes no enterprise project filter: ignored');
  t.same((await app.inject({ url: `/v2/${OTHER_PROJECT}/clusters` })).json(), { clusters: [], count: 0 }, 'a project without clusters');
});

t.test('GET /v2/{p}/clusters: a list item, exactly (ClusterInfo)', async (t) => {
  const { app } = await build(t, scenario());
  const c = clusterOf(app, ID.three);
  const p = c.profile;
  const item = (await app.inject({ url: `/v2/${PROJECT}/clusters` })).json().clusters[0];
  t.same(item, {
    id: ID.three,
    name: 'dws-three',
    status: 'AVAILABLE',
    version: '8.1.1.202',
    updated: new Date(c.updatedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    created: p.created,
    port: 8000,
    endpoints: [{ connect_info: `${c.nodes[0].ip}:8000`, jdbc_url: `jdbc:postgresql://${c.nodes[0].ip}:8000/<YOUR_DATABASE_name>` }],
    nodes: c.nodes.map((n) => ({ id: n.id, status: '200', name: n.name })),
    tags: [{ key: 'team', value: 'dw' }],
    user_name: 'dbadmin',
    number_of_node: 3,
    recent_event: p.recent_event,
    availability_zone: p.availability_zone,
    enterprise_project_id: '0',
    node_type: 'dws.m3.xlarge',
    vpc_id: p.vpc_id,
    subnet_id: p.subnet_id,
    public_ip: { public_bind_type: 'not_use', eip_id: '' },
    public_endpoints: [],
    action_progress: {},
    sub_status: 'UNBALANCED',
    task_status: '',
    security_group_id: p.security_group_id,
  });
  t.same(c.nodes.map((n) => n.name), ['dws-three-dws-cn-cn-1-1', 'dws-three-dws-cn-cn-2-1', 'dws-three-dws-cn-cn-3-1']);
});

t.test('GET /v2/{p}/clusters: malformed project → 400 DWS.0001', async (t) => {
  const { app } = await build(t, scenario());
  assertDwsError(t, await app.inject({ url: '/v2/bad/clusters' }), 400, 'DWS.0001', 'Incorrect parameter.');
  assertDwsError(t, await app.inject({ url: `/v2/${PROJECT.toUpperCase()}/clusters` }), 400, 'DWS.0001', 'Incorrect parameter.');
});

t.test('GET nodes: 200, the node list exactly; each node shows its DN instances, primary or standby, now and by design', async (t) => {
  const { app } = await build(t, scenario());
  const c = clusterOf(app, ID.three);
  const res = await app.inject({ url: nodesUrl(ID.three) });
  assertCommonHeaders(t, res);
  t.equal(res.statusCode, 200);
  const dn = (name: string, pair: number, role: string, designed: string) => ({ name, pair, role, designed_role: designed });
  const node = (index: number, primaries: number, instances: unknown[]) => ({
    id: c.nodes[index].id,
    name: `dws-three-dws-cn-cn-${index + 1}-1`,
    status: '200',
    sub_status: '140',
    spec: 'dws.m3.xlarge',
    inst_create_type: 'INST',
    alias_name: `dws-three-dws-cn-cn-${index + 1}-1`,
    az_code: c.profile.availability_zone,
    _mock: { index, down: false, primaries, standbys: instances.length - primaries, instances },
  });
  // Pair k: primary instance dn_(6001+2k) on node k, standby dn_(6002+2k) on node k+1 (mod 3).
  // Node 1 failed once: pair 1's primary moved to its standby dn_6004 on node 2, and stayed there.
  t.same(res.json(), {
    node_list: [
      node(0, 1, [dn('dn_6001', 0, 'primary', 'primary'), dn('dn_6006', 2, 'standby', 'standby')]),
      node(1, 0, [dn('dn_6002', 0, 'standby', 'standby'), dn('dn_6003', 1, 'standby', 'primary')]),
      node(2, 2, [dn('dn_6004', 1, 'primary', 'standby'), dn('dn_6005', 2, 'primary', 'primary')]),
    ],
    count: 3,
    failed_count: 0,
  });
});

t.test('GET nodes: a down node is status "300" and counts in failed_count; the status filter tells up from down', async (t) => {
  const { app } = await build(t, scenario());
  const all = await nodes(app, ID.down);
  t.same(all.node_list.map((n) => n.status), ['200', '200', '300']);
  t.equal(all.failed_count, 1);
  t.same(all.node_list[2]._mock.instances.map((i) => i.role), ['standby', 'standby'], 'a down node holds no primary');
  const failed = await nodes(app, ID.down, 'filter_by=status&filter=FAILED');
  t.same([indexes(failed), failed.count, failed.failed_count], [[2], 1, 1]);
  const active = await nodes(app, ID.down, 'filter_by=status&filter=ACTIVE');
  t.same([indexes(active), active.count, active.failed_count], [[0, 1], 2, 0]);
  for (const f of ['CREATING', 'FREE', 'INIT', 'UNKNOWN', 'CREATE_FAILED', 'DELETING', 'DELETE_FAILED']) {
    t.same(await nodes(app, ID.down, `filter_by=status&filter=${f}`), { node_list: [], count: 0, failed_count: 0 }, f);
  }
  t.same(indexes(await nodes(app, ID.down, 'filter_by=status&filter=ALL')), [0, 1, 2]);
});

t.test('GET nodes: instCreateType filter (every node is in use), filter_by alone, deleted ignored', async (t) => {
  const { app } = await build(t, scenario());
  t.same(indexes(await nodes(app, ID.three, 'filter_by=instCreateType&filter=INST')), [0, 1, 2]);
  t.same(indexes(await nodes(app, ID.three, 'filter_by=instCreateType&filter=ALL')), [0, 1, 2]);
  t.same(await nodes(app, ID.three, 'filter_by=instCreateType&filter=NODE'), { node_list: [], count: 0, failed_count: 0 });
  t.same(indexes(await nodes(app, ID.three, 'filter_by=status')), [0, 1, 2], 'filter_by without filter selects all');
  t.same(indexes(await nodes(app, ID.three, 'deleted=true')), [0, 1, 2], 'the deprecated deleted is ignored');
});

t.test('GET nodes: offset is a page index (page number minus 1), limit the page size; count is the total before paging', async (t) => {
  const { app } = await build(t, scenario());
  const page = async (q: string) => { const b = await nodes(app, ID.five, q); return [indexes(b), b.count]; };
  t.same(await page(''), [[0, 1, 2, 3, 4], 5], 'default: offset 0, limit 100');
  t.same(await page('limit=2'), [[0, 1], 5]);
  t.same(await page('offset=1&limit=2'), [[2, 3], 5]);
  t.same(await page('offset=2&limit=2'), [[4], 5]);
  t.same(await page('offset=3&limit=2'), [[], 5], 'past the end: an empty page');
  t.same(await page('offset=1'), [[], 5], 'offset 1 with the default limit is the second page of 100');
  t.same(await page('limit=1000&offset=10000'), [[], 5], 'the largest values');
});

t.test('GET nodes: order_by=name sorts by name as text, order=desc reverses; node_ids narrows (repeated key or one)', async (t) => {
  const { app } = await build(t, scenario());
  t.same(indexes(await nodes(app, ID.twelve, 'order_by=name')), [0, 9, 10, 11, 1, 2, 3, 4, 5, 6, 7, 8], '"…-1-1" < "…-10-1" < "…-2-1"');
  t.same(indexes(await nodes(app, ID.twelve, 'order_by=name&order=asc&limit=3')), [0, 9, 10]);
  t.same(indexes(await nodes(app, ID.twelve, 'order_by=name&order=desc&limit=3')), [8, 7, 6]);
  t.same(indexes(await nodes(app, ID.three, 'order=desc')), [2, 1, 0], 'order alone reverses the model order');
  const c = clusterOf(app, ID.three);
  t.same(indexes(await nodes(app, ID.three, `node_ids=${c.nodes[2].id}&node_ids=${c.nodes[0].id}`)), [0, 2]);
  const one = await nodes(app, ID.three, `node_ids=${c.nodes[1].id}`);
  t.same([indexes(one), one.count], [[1], 1]);
  t.same(await nodes(app, ID.three, `node_ids=${UNKNOWN_UUID}`), { node_list: [], count: 0, failed_count: 0 }, 'an unknown node id matches nothing');
  t.same(indexes(await nodes(app, ID.three, `node_ids=${c.nodes[0].id}&node_ids=${c.nodes[1].id}&filter_by=status&filter=ACTIVE&order=desc`)), [1, 0], 'ids, filter and order together');
});

t.test('GET nodes: a one-node cluster hosts both instances of each pair; a DELETED cluster still answers', async (t) => {
  const { app } = await build(t, scenario());
  const single = await nodes(app, ID.single);
  t.same(single.node_list[0]._mock.instances.map((i) => [i.name, i.role]), [['dn_6001', 'primary'], ['dn_6002', 'standby'], ['dn_6003', 'primary'], ['dn_6004', 'standby']]);
  t.equal((await nodes(app, ID.deleted)).count, 3, 'as the detail route: any status is found');
});

t.test('GET nodes: unknown cluster, another project\'s → 404 DWS.0047; model unchanged', async (t) => {
  const { app } = await build(t, scenario());
  const before = snapshot(app);
  assertDwsError(t, await app.inject({ url: nodesUrl(UNKNOWN_UUID) }), 404, 'DWS.0047', 'The cluster does not exist.');
  assertDwsError(t, await app.inject({ url: nodesUrl(ID.three, '', OTHER_PROJECT) }), 404, 'DWS.0047', 'The cluster does not exist.');
  assertDwsError(t, await app.inject({ url: nodesUrl(DWS_IDS.unbalanced) }), 404, 'DWS.0047', 'The cluster does not exist.'); // not in this scenario
  t.equal(snapshot(app), before);
});

t.test('GET nodes: malformed ids and every bad query parameter → 400 DWS.0001, before the cluster lookup; model unchanged', async (t) => {
  const { app } = await build(t, scenario());
  const before = snapshot(app);
  const bad = (url: string, what: string) => t.test(what, async (t) => assertDwsError(t, await app.inject({ url }), 400, 'DWS.0001', 'Incorrect parameter.'));
  for (const id of ['nope', ID.three.toUpperCase(), ID.three.replace(/-/g, ''), `${ID.three}0`]) await bad(nodesUrl(id), `cluster id ${id}`);
  await bad(nodesUrl(ID.three, '', 'XYZ'), 'project id');
  const queries = [
    'offset=-1', 'offset=10001', 'offset=1.5', 'offset=abc', 'limit=0', 'limit=1001', 'limit=2.0e1', 'limit=',
    'filter_by=name', 'filter=BOGUS', 'filter=ACTIVE', 'filter_by=instCreateType&filter=ACTIVE', 'filter_by=status&filter=INST',
    'filter_by=status&filter=active', 'order_by=id', 'order=up', 'node_ids=', `deleted=${'x'.repeat(65)}`,
  ];
  for (const q of queries) await bad(nodesUrl(ID.three, q), q);
  await bad(nodesUrl(UNKNOWN_UUID, 'filter=ACTIVE'), 'a bad filter on an unknown cluster: 400 first');
  t.equal(snapshot(app), before);
});

t.test('reads change nothing', async (t) => {
  const { app } = await build(t, scenario());
  const before = snapshot(app);
  await app.inject({ url: nodesUrl(ID.three, 'order_by=name&order=desc&limit=2') });
  await app.inject({ url: `/v2/${PROJECT}/clusters` });
  t.equal(snapshot(app), before);
});

t.test('a fault rule names the new operations and the node list\'s cluster', async (t) => {
  const { app } = await build(t, scenarioOf({
    name: 'rules',
    projects: [{ id: PROJECT, clusters: [{ id: ID.three }, { id: ID.five }] }],
    rules: [
      { operation: 'dws.listClusterNodes', resource: ID.three, action: { status: 503 } },
      { operation: 'dws.listClustersV2', action: { status: 500 } },
    ],
  }));
  assertDwsError(t, await app.inject({ url: nodesUrl(ID.three) }), 503, 'DWS.0503', 'Service unavailable.');
  t.equal((await app.inject({ url: nodesUrl(ID.five) })).statusCode, 200, 'another cluster is not selected');
  assertDwsError(t, await app.inject({ url: `/v2/${PROJECT}/clusters` }), 500, 'DWS.0005', 'Server failure.');
  t.same(app.mock.journal.entries().map((e) => [e.operation, e.resource, e.status]), [
    ['dws.listClusterNodes', ID.three, 503], ['dws.listClusterNodes', ID.five, 200], ['dws.listClustersV2', null, 500],
  ]);
});
