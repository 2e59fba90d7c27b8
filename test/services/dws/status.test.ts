/**
 * Cluster status rules: ACTIVE is as available as AVAILABLE for the switchover; `sub_status`
 * shows only on AVAILABLE/ACTIVE clusters and is "" on any other (the SDK types it a required string).
 */
import t from 'tap';
import { build, snapshot, scenarioOf, assertDwsError, PROJECT } from '../../helper.js';
import { CLUSTER_STATUSES } from '../../../src/services/dws/model.js';

const ID = {
  active: '3c000000-0001-4000-8000-000000000001',
  activeBusy: '3c000000-0002-4000-8000-000000000002',
  activeBalanced: '3c000000-0003-4000-8000-000000000003',
  activeOld: '3c000000-0004-4000-8000-000000000004',
  activeFails: '3c000000-0005-4000-8000-000000000005',
  other: '3c000000-0006-4000-8000-000000000006',
} as const;

const scenario = (otherStatus: string = 'UNAVAILABLE') => scenarioOf({
  name: 'dws-status',
  projects: [{
    id: PROJECT,
    clusters: [
      { id: ID.active, version: '8.1.1.202', status: 'ACTIVE', failed_nodes: [1], flags: ['READONLY'] },
      { id: ID.activeBusy, status: 'ACTIVE', failed_nodes: [1], task_status: 'SNAPSHOTTING' },
      { id: ID.activeBalanced, status: 'ACTIVE' },
      { id: ID.activeOld, version: '8.1.1.201', status: 'ACTIVE', failed_nodes: [0] },
      { id: ID.activeFails, status: 'ACTIVE', failed_nodes: [0], switchover_outcome: 'fail' },
      { id: ID.other, status: otherStatus, failed_nodes: [1], down_nodes: [2], flags: ['READONLY'] },
    ],
  }],
});

type App = Awaited<ReturnType<typeof build>>['app'];
const switchover = (app: App, id: string) => app.inject({ method: 'POST', url: `/v1.0/${PROJECT}/clusters/${id}/switchover` });
const detail = async (app: App, id: string) => (await app.inject({ url: `/v1.0/${PROJECT}/clusters/${id}` })).json().cluster;
const primaryHomes = async (app: App, id: string) => {
  const body = (await app.inject({ url: `/v2/${PROJECT}/clusters/${id}/nodes` })).json();
  return body.node_list.every((n: { _mock: { instances: { role: string; designed_role: string }[] } }) => n._mock.instances.every((i) => i.role === i.designed_role));
};

t.test('ACTIVE, unbalanced, no task → 200 {}; runs and ends as on AVAILABLE; the status stays ACTIVE', async (t) => {
  const { app, clock } = await build(t, scenario());
  t.equal((await detail(app, ID.active)).sub_status, 'UNBALANCED | READONLY');
  const res = await switchover(app, ID.active);
  t.equal(res.statusCode, 200);
  t.equal(res.body, '{}');
  let c = await detail(app, ID.active);
  t.same([c.status, c.task_status, c.action_progress], ['ACTIVE', 'ACTIVE_STANDY_SWITCHOVER', { ACTIVE_STANDY_SWITCHOVER: '0%' }]);
  t.equal(c.sub_status, 'UNBALANCED | READONLY', 'shown while it runs: the cluster is ACTIVE');
  clock.advance(5000);
  c = await detail(app, ID.active);
  t.same([c.status, c.task_status, c.action_progress, c.sub_status], ['ACTIVE', '', {}, 'READONLY']);
  t.ok(await primaryHomes(app, ID.active), 'every primary home again');
});

t.test('ACTIVE refusals as on AVAILABLE: busy 403, balanced 403, old version 400; model unchanged', async (t) => {
  const { app } = await build(t, scenario());
  const before = snapshot(app);
  assertDwsError(t, await switchover(app, ID.activeBusy), 403, 'DWS.7023', 'Cluster status is not allowed to operation.');
  assertDwsError(t, await switchover(app, ID.activeBalanced), 403, 'DWS.7023', 'Cluster status is not allowed to operation.');
  assertDwsError(t, await switchover(app, ID.activeOld), 400, 'DWS.5206', 'Databases of this version do not support the function.');
  t.equal(snapshot(app), before);
});

t.test('ACTIVE with a failing switchover: 200, then ACTIVE_STANDY_SWITCHOVER_FAILURE, still unbalanced', async (t) => {
  const { app, clock } = await build(t, scenario());
  t.equal((await switchover(app, ID.activeFails)).statusCode, 200);
  clock.advance(5000);
  const c = await detail(app, ID.activeFails);
  t.same([c.status, c.task_status, c.sub_status], ['ACTIVE', 'ACTIVE_STANDY_SWITCHOVER_FAILURE', 'UNBALANCED']);
});

t.test('every status other than AVAILABLE/ACTIVE: switchover 403 DWS.7023, model unchanged; sub_status "" everywhere', async (t) => {
  const others = CLUSTER_STATUSES.filter((s) => s !== 'AVAILABLE' && s !== 'ACTIVE');
  t.same(others, ['CREATING', 'UNAVAILABLE', 'FAILED', 'CREATE_FAILED', 'CREATION FAILED', 'DELETING', 'DELETE_FAILED', 'DELETED', 'FROZEN', 'POLICE_FROZEN']);
  for (const status of others) {
    await t.test(status, async (t) => {
      const { app } = await build(t, scenario(status));
      const before = snapshot(app);
      assertDwsError(t, await switchover(app, ID.other), 403, 'DWS.7023', 'Cluster status is not allowed to operation.');
      t.equal(snapshot(app), before);
      const c = await detail(app, ID.other);
      t.same([c.status, c.sub_status, c._mock.balanced], [status, '', false], 'the detail: "" although unbalanced, degraded and read-only');
      const v1 = (await app.inject({ url: `/v1.0/${PROJECT}/clusters` })).json().clusters;
      const v2 = (await app.inject({ url: `/v2/${PROJECT}/clusters` })).json().clusters;
      for (const [name, list] of [['v1.0 list', v1], ['v2 list', v2]] as const) {
        const item = list.find((x: { id: string }) => x.id === ID.other);
        if (status === 'DELETED') t.notOk(item, `${name}: DELETED left out`);
        else t.equal(item.sub_status, '', name);
      }
      const state = (await app.inject({ url: '/_mock/state' })).json().projects[0].clusters.find((x: { id: string }) => x.id === ID.other);
      t.match(state, { status, sub_status: '', placement: { balanced: false } }, 'the admin state agrees; the placement still tells');
    });
  }
});

t.test('sub_status is never stored: setClusterStatus hides it, back to ACTIVE or AVAILABLE shows the derived value again', async (t) => {
  const { app } = await build(t, scenario());
  const set = (status: string) => app.inject({ method: 'POST', url: '/_mock/actions', payload: { action: 'setClusterStatus', cluster: ID.active, status } });
  t.equal((await set('FROZEN')).statusCode, 200);
  t.equal((await detail(app, ID.active)).sub_status, '');
  assertDwsError(t, await switchover(app, ID.active), 403, 'DWS.7023');
  await set('ACTIVE');
  t.equal((await detail(app, ID.active)).sub_status, 'UNBALANCED | READONLY');
  await set('AVAILABLE');
  t.equal((await detail(app, ID.active)).sub_status, 'UNBALANCED | READONLY');
  t.equal((await switchover(app, ID.active)).statusCode, 200);
});
