/** DWS placement, derived sub_status and the switchover state machine on the model alone. */
import t from 'tap';
import { ManualClock } from '../../../src/core/clock.js';
import { ServiceRegistry } from '../../../src/core/registry.js';
import { buildWorld } from '../../../src/scenario/build.js';
import { ALL_SERVICES, dws } from '../../../src/services/index.js';
import { failNode, recoverNode, switchover } from '../../../src/services/dws/operations.js';
import { actionProgress, designPairs, dnInstancesByNode, isAvailable, isUnbalanced, primariesPerNode, shownSubStatus, subStatus, taskStatus } from '../../../src/services/dws/model.js';
import { filterFits, selectNodes } from '../../../src/services/dws/nodes.js';
import { scenarioOf, PROJECT, T0 } from '../../helper.js';

const ID = {
  unbalanced: '7d85f602-a948-4a30-afd4-e84f47471c15',
  balanced: '11111111-0000-4000-8000-000000000001',
  old: '11111111-0000-4000-8000-000000000002',
  busy: '11111111-0000-4000-8000-000000000003',
  unavailable: '11111111-0000-4000-8000-000000000004',
  fails: '11111111-0000-4000-8000-000000000005',
  readonly: '11111111-0000-4000-8000-000000000006',
  failedState: '11111111-0000-4000-8000-000000000007',
};

function world(balancedSwitchover: 'error' | 'ok' = 'error') {
  const clock = new ManualClock(T0);
  const s = scenarioOf({
    name: 'dws',
    timings: { dws: { switchoverSeconds: 10 } },
    options: { dws: { balancedSwitchover } },
    projects: [{
      id: PROJECT,
      clusters: [
        { id: ID.unbalanced, version: '8.1.1.202', number_of_node: 3, failed_nodes: [1] },
        { id: ID.balanced, version: '8.1.1.202' },
        { id: ID.old, version: '8.1.1.201', failed_nodes: [1] },
        { id: ID.busy, version: '9.1.0.200', failed_nodes: [1], task_status: 'SNAPSHOTTING' },
        { id: ID.unavailable, version: '9.1.0.200', failed_nodes: [1], status: 'UNAVAILABLE' },
        { id: ID.fails, version: '9.1.0.200', failed_nodes: [0], switchover_outcome: 'fail' },
        { id: ID.readonly, version: '9.1.0.200', failed_nodes: [0], flags: ['READONLY'] },
        { id: ID.failedState, version: '9.1.0.200', failed_nodes: [0], task_status: 'ACTIVE_STANDY_SWITCHOVER_FAILURE' },
      ],
    }],
  });
  const world = buildWorld(s.spec, new ServiceRegistry(ALL_SERVICES), clock);
  const model = world.model(dws);
  // The pipeline brings the model up to the clock before each call: `now()` does that here.
  const w = { model, now: () => world.catchUp(), project: (id: string) => model.project(id) };
  return { w, clock, c: (id: string) => model.cluster(PROJECT, id)! };
}

t.test('placement: pair k has its primary on node k mod n and its standby on node (k+1) mod n', async (t) => {
  const pairs = designPairs(3, 2);
  t.same(pairs.map((p) => [p.designedPrimary, p.designedStandby, p.primaryOn]), [[0, 1, 0], [1, 2, 1], [2, 0, 2], [0, 1, 0], [1, 2, 1], [2, 0, 2]]);
  t.same(designPairs(1, 2).map((p) => [p.designedPrimary, p.designedStandby]), [[0, 0], [0, 0]], 'a one-node cluster');
});

t.test('sub_status is derived: a node failure moves its primaries and the cluster turns UNBALANCED', async (t) => {
  const { c, clock } = world();
  const b = c(ID.balanced);
  t.equal(subStatus(b), 'NORMAL');
  t.same(primariesPerNode(b), [2, 2, 2]);
  failNode(b, 1, clock.now());
  t.same(primariesPerNode(b), [2, 0, 4], 'node 1\'s primaries moved to their standbys on node 2');
  t.equal(subStatus(b), 'DEGRADED | UNBALANCED', 'down node: degraded as well');
  recoverNode(b, 1, clock.now());
  t.equal(subStatus(b), 'UNBALANCED', 'back up, primaries stay where they went');
  t.equal(subStatus(c(ID.unbalanced)), 'UNBALANCED', 'failed_nodes in the scenario: starts unbalanced');
  t.equal(subStatus(c(ID.readonly)), 'UNBALANCED | READONLY', 'other flags are combined with " | "');
});

t.test('switchover: 200 path, progress rising with time, then primaries home, NORMAL, task empty, {} progress', async (t) => {
  const { w, c, clock } = world();
  const u = c(ID.unbalanced);
  t.same(switchover(w.model, PROJECT, ID.unbalanced, w.now()), { kind: 'started' });
  t.equal(taskStatus(u), 'ACTIVE_STANDY_SWITCHOVER');
  t.same(actionProgress(u, clock.now()), { ACTIVE_STANDY_SWITCHOVER: '0%' });
  clock.advance(3000);
  w.now();
  t.same(actionProgress(u, clock.now()), { ACTIVE_STANDY_SWITCHOVER: '30%' }, 'mid-way');
  t.equal(subStatus(u), 'UNBALANCED', 'still unbalanced while it runs');
  clock.advance(6999);
  w.now();
  t.equal(taskStatus(u), 'ACTIVE_STANDY_SWITCHOVER');
  t.same(actionProgress(u, clock.now()), { ACTIVE_STANDY_SWITCHOVER: '99%' });
  clock.advance(1);
  w.now();
  t.equal(taskStatus(u), '');
  t.same(actionProgress(u, clock.now()), {});
  t.equal(subStatus(u), 'NORMAL');
  t.notOk(isUnbalanced(u));
  t.ok(u.pairs.every((p) => p.primaryOn === p.designedPrimary), 'every primary back on its designed node');
  t.same(switchover(w.model, PROJECT, ID.unbalanced, w.now()), { kind: 'balanced' }, 'now balanced: refused');
});

t.test('switchover keeps other flags: UNBALANCED | READONLY → READONLY', async (t) => {
  const { w, c, clock } = world();
  switchover(w.model, PROJECT, ID.readonly, w.now());
  clock.advance(10_000);
  w.now();
  t.equal(subStatus(c(ID.readonly)), 'READONLY');
});

t.test('a scenario can make it fail: ends in ACTIVE_STANDY_SWITCHOVER_FAILURE, still unbalanced; a retry is allowed', async (t) => {
  const { w, c, clock } = world();
  const f = c(ID.fails);
  t.same(switchover(w.model, PROJECT, ID.fails, w.now()), { kind: 'started' });
  clock.advance(10_000);
  w.now();
  t.equal(taskStatus(f), 'ACTIVE_STANDY_SWITCHOVER_FAILURE');
  t.same(actionProgress(f, clock.now()), {});
  t.equal(subStatus(f), 'UNBALANCED');
  t.same(switchover(w.model, PROJECT, ID.fails, w.now()), { kind: 'started' }, 'a failure state is not a running task');
  f.switchoverFails = false;
  const u = c(ID.unbalanced);
  u.failNextSwitchover = true;
  switchover(w.model, PROJECT, ID.unbalanced, w.now());
  clock.advance(10_000);
  w.now();
  t.equal(taskStatus(u), 'ACTIVE_STANDY_SWITCHOVER_FAILURE', 'fail-next applies once');
  switchover(w.model, PROJECT, ID.unbalanced, w.now());
  clock.advance(10_000);
  w.now();
  t.equal(subStatus(u), 'NORMAL', 'and the next one succeeds');
  t.equal(taskStatus(u), '');
  t.equal(taskStatus(c(ID.failedState)), 'ACTIVE_STANDY_SWITCHOVER_FAILURE', 'a failure state from the scenario shows');
  t.same(switchover(w.model, PROJECT, ID.failedState, w.now()), { kind: 'started' });
});

t.test('refusals change nothing: version, busy, not AVAILABLE, balanced, unknown', async (t) => {
  const { w, c } = world();
  const snap = () => JSON.stringify([...w.project(PROJECT)!.clusters.values()]);
  const before = snap();
  t.same(switchover(w.model, PROJECT, ID.old, w.now()), { kind: 'version-unsupported', version: '8.1.1.201' });
  t.same(switchover(w.model, PROJECT, ID.busy, w.now()), { kind: 'busy', status: 'AVAILABLE', taskStatus: 'SNAPSHOTTING' });
  t.same(switchover(w.model, PROJECT, ID.unavailable, w.now()), { kind: 'busy', status: 'UNAVAILABLE', taskStatus: '' });
  t.same(switchover(w.model, PROJECT, ID.balanced, w.now()), { kind: 'balanced' });
  t.same(switchover(w.model, PROJECT, '00000000-0000-4000-8000-000000000000', w.now()), { kind: 'not-found' });
  t.same(switchover(w.model, 'ffffffffffffffffffffffffffffffff', ID.unbalanced, w.now()), { kind: 'not-found' });
  t.equal(snap(), before);
  t.equal(subStatus(c(ID.balanced)), 'NORMAL');
});

t.test('balancedSwitchover: ok answers nothing-to-do and changes nothing', async (t) => {
  const { w, c } = world('ok');
  t.same(switchover(w.model, PROJECT, ID.balanced, w.now()), { kind: 'nothing-to-do' });
  t.equal(taskStatus(c(ID.balanced)), '');
});

t.test('two switchovers at the same moment: exactly one starts', async (t) => {
  const { w } = world();
  const outcomes = await Promise.all([0, 1].map(() => Promise.resolve().then(() => switchover(w.model, PROJECT, ID.unbalanced, w.now()))));
  t.same(outcomes.map((o) => o.kind).sort(), ['busy', 'started']);
});

t.test('ACTIVE is available like AVAILABLE: the switchover starts; sub_status shows only on those two', async (t) => {
  const { w, c } = world();
  const u = c(ID.unbalanced);
  t.ok(isAvailable('AVAILABLE'));
  t.ok(isAvailable('ACTIVE'));
  t.notOk(isAvailable('UNAVAILABLE'));
  u.status = 'ACTIVE';
  t.equal(shownSubStatus(u), 'UNBALANCED');
  t.same(switchover(w.model, PROJECT, ID.unbalanced, w.now()), { kind: 'started' });
  const r = c(ID.readonly);
  r.status = 'FROZEN';
  t.equal(shownSubStatus(r), '', 'hidden, not lost');
  t.equal(subStatus(r), 'UNBALANCED | READONLY');
  t.same(switchover(w.model, PROJECT, ID.readonly, w.now()), { kind: 'busy', status: 'FROZEN', taskStatus: '' });
});

t.test('DN instances by node: each pair has one instance on each designed node; a failover swaps their roles, a switchover swaps them back', async (t) => {
  const { w, c, clock } = world();
  const roles = (id: string) => dnInstancesByNode(c(id)).map((list) => list.map((i) => `${i.pair}${i.designedRole[0]}:${i.role[0]}`));
  t.same(roles(ID.balanced), [['0p:p', '2s:s', '3p:p', '5s:s'], ['0s:s', '1p:p', '3s:s', '4p:p'], ['1s:s', '2p:p', '4s:s', '5p:p']]);
  t.same(roles(ID.unbalanced), [['0p:p', '2s:s', '3p:p', '5s:s'], ['0s:s', '1p:s', '3s:s', '4p:s'], ['1s:p', '2p:p', '4s:p', '5p:p']], 'node 1 failed: pairs 1 and 4 run on node 2');
  switchover(w.model, PROJECT, ID.unbalanced, w.now());
  clock.advance(10_000);
  w.now();
  t.same(roles(ID.unbalanced), roles(ID.balanced), 'home again');
});

t.test('node selection: filter needs its filter_by and one of its values; pages count from 0', async (t) => {
  t.ok(filterFits({}));
  t.ok(filterFits({ filter_by: 'status' }));
  t.ok(filterFits({ filter_by: 'status', filter: 'FAILED' }));
  t.notOk(filterFits({ filter: 'ALL' }), 'filter without filter_by');
  t.notOk(filterFits({ filter_by: 'instCreateType', filter: 'FAILED' }));
  t.notOk(filterFits({ filter_by: 'status', filter: 'INST' }));
  const { c } = world();
  const u = c(ID.unbalanced);
  t.same(selectNodes(u, {}), { total: 3, failed: 0, indexes: [0, 1, 2] });
  t.same(selectNodes(u, { offset: 1, limit: 2 }), { total: 3, failed: 0, indexes: [2] });
  t.same(selectNodes(u, { node_ids: [u.nodes[1].id], order: 'desc' }), { total: 1, failed: 0, indexes: [1] });
  failNode(u, 0, 0);
  t.same(selectNodes(u, { filter_by: 'status', filter: 'FAILED' }), { total: 1, failed: 1, indexes: [0] });
});
