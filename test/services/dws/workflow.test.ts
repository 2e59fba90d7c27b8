/**
 * The switchover workflow over a real socket, as a client runs it (README, Workflows (c)):
 * nodes show primaries off their home node → POST switchover → time passes → nodes show
 * every primary home again. Each answer is checked against its route's schema as inject's are.
 */
import t from 'tap';
import { type LightMyRequestResponse } from 'fastify';
import { build, scenarioOf, schemaMisfit, PROJECT } from '../../helper.js';

const CLUSTER = '4d000000-0001-4000-8000-000000000001';

interface NodeItem { id: string; status: string; _mock: { index: number; primaries: number; instances: { name: string; role: string; designed_role: string }[] } }

t.test('nodes → switchover → advance → nodes, over HTTP on a real port', async (t) => {
  const { app } = await build(t, scenarioOf({
    name: 'workflow',
    timings: { dws: { switchoverSeconds: 5 } },
    projects: [{ id: PROJECT, clusters: [{ id: CLUSTER, name: 'dws-workflow', version: '8.1.1.202', number_of_node: 4, failed_nodes: [1, 3] }] }],
  }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const base = `http://127.0.0.1:${address.port}`;

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const asInject = { statusCode: res.status, body: text, headers: Object.fromEntries(res.headers) } as unknown as LightMyRequestResponse;
    t.equal(schemaMisfit(app, method, asInject), undefined, `${method} ${path} fits its schema`);
    return { status: res.status, body: text, json: () => JSON.parse(text) };
  };
  const nodes = async () => {
    const res = await call('GET', `/v2/${PROJECT}/clusters/${CLUSTER}/nodes`);
    t.equal(res.status, 200);
    return res.json().node_list as NodeItem[];
  };
  const offHome = (list: NodeItem[]) =>
    list.flatMap((n) => n._mock.instances.filter((i) => i.role === 'primary' && i.designed_role !== 'primary').map((i) => `${i.name}@${n._mock.index}`));

  // 1. Nodes 1 and 3 failed once: their primaries now run on their standbys' nodes (2 and 0).
  let list = await nodes();
  t.same(list.map((n) => n.status), ['200', '200', '200', '200']);
  t.same(list.map((n) => n._mock.primaries), [4, 0, 4, 0], 'nodes 0 and 2 carry the load');
  t.same(offHome(list), ['dn_6008@0', 'dn_6016@0', 'dn_6004@2', 'dn_6012@2'], 'four primaries off their home node');

  // 2. The switchover is accepted; the work goes on afterwards.
  const submitted = await call('POST', `/v1.0/${PROJECT}/clusters/${CLUSTER}/switchover`);
  t.equal(submitted.status, 200);
  t.equal(submitted.body, '{}');
  const running = (await call('GET', `/v1.0/${PROJECT}/clusters/${CLUSTER}`)).json().cluster;
  t.same([running.task_status, running.sub_status], ['ACTIVE_STANDY_SWITCHOVER', 'UNBALANCED']);
  t.same(offHome(await nodes()), ['dn_6008@0', 'dn_6016@0', 'dn_6004@2', 'dn_6012@2'], 'nothing moves before it ends');

  // 3. Time passes on the virtual clock.
  const advanced = await call('POST', '/_mock/clock/advance', { seconds: 5 });
  t.equal(advanced.status, 200);
  t.equal(advanced.json().transitions_run, 1);

  // 4. Every primary is home: two per node, as designed.
  list = await nodes();
  t.same(offHome(list), [], 'no primary off its home node');
  t.same(list.map((n) => n._mock.primaries), [2, 2, 2, 2]);
  t.ok(list.every((n) => n._mock.instances.every((i) => i.role === i.designed_role)), 'every instance in its designed role');
  const done = (await call('GET', `/v1.0/${PROJECT}/clusters/${CLUSTER}`)).json().cluster;
  t.same([done.task_status, done.action_progress, done.sub_status], ['', {}, 'NORMAL']);
});
