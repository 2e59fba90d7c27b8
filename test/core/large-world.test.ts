/**
 * A large world is made as it is read: instances and clusters come from their scenario entries
 * on first read (one that starts a sync is made at once), lists make only the page they show, and
 * when a resource is made never changes what it answers.
 */
import t, { type Test } from 'tap';
import { build, scenarioOf, PROJECT } from '../helper.js';
import { dcs } from '../../src/services/dcs/index.js';
import { dws } from '../../src/services/dws/index.js';
import { restoreState, saveState } from '../../src/index.js';

const instanceId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const clusterId = (i: number) => `11111111-0000-4000-8000-${String(i).padStart(12, '0')}`;
const SYNCING = instanceId(7);
const BUSY = clusterId(3);

const TIMED = instanceId(900);
const FAILING = clusterId(200);

const scenario = () => scenarioOf({
  name: 'large',
  // Timeline events name resources: finding their projects makes none of them.
  events: [{ at: 60, action: 'breakReplication', instance: TIMED }, { at: 60, action: 'failNode', cluster: FAILING, node: 1 }],
  projects: [{
    id: PROJECT,
    instances: Array.from({ length: 2000 }, (_, i) => (i === 7 ? { id: SYNCING, replication: 'syncing', sync_progress: 40 } : i % 10 === 1 ? { id: instanceId(i), status: 'ERROR' } : { id: instanceId(i) })),
    clusters: Array.from({ length: 300 }, (_, i) => (i === 3 ? { id: BUSY, task_status: 'SNAPSHOTTING', task_progress: 30 } : { id: clusterId(i) })),
  }],
});

async function world(t: Test) {
  const { app, clock } = await build(t, scenario());
  const made = () => ({
    instances: [...app.mock.model(dcs).project(PROJECT)!.instances.made()].map((i) => i.id),
    clusters: [...app.mock.model(dws).project(PROJECT)!.clusters.made()].map((c) => c.id),
  });
  return { app, clock, made };
}

t.test('after a start only what starts a sync or a task is made; a read makes one more; a timeline event makes its target when it runs', async (t) => {
  const { app, clock, made } = await world(t);
  t.same(made(), { instances: [SYNCING], clusters: [BUSY] }, 'the syncing instance and the cluster running a task');
  clock.advance(60_000);
  t.equal((await app.inject({ url: '/_mock/health' })).statusCode, 200);
  t.same(made(), { instances: [SYNCING, TIMED], clusters: [BUSY, FAILING] }, 'the events ran on their targets');
  t.equal((await app.inject({ url: `/v2/${PROJECT}/instances/${TIMED}` })).json().status, 'RUNNING');
  t.equal((await app.inject({ url: '/_mock/health' })).json().counts.instances, 2000, 'counts need nothing made');
  const res = await app.inject({ url: `/v2/${PROJECT}/instances/${instanceId(1500)}` });
  t.equal(res.statusCode, 200);
  t.equal(res.json().instance_id, instanceId(1500));
  t.same(made().instances, [SYNCING, TIMED, instanceId(1500)]);
  t.equal((await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${instanceId(42)}/swap` })).json().code, '', 'a swap on one never read');
  t.equal(made().instances.length, 4);
  t.equal((await app.inject({ url: `/v2/${PROJECT}/instances/${instanceId(1)}/swap`, method: 'POST' })).statusCode, 400, 'an ERROR instance refuses, made from its entry');
});

t.test('a list filtered on status or id makes only its page, with the right total', async (t) => {
  const { app, made } = await world(t);
  const v2 = (await app.inject({ url: `/v2/${PROJECT}/instances?status=RUNNING&offset=100&limit=5` })).json();
  t.equal(v2.instance_num, 1800, 'every RUNNING one counted from its entry (200 are ERROR)');
  t.same(v2.instances.map((i: { instance_id: string }) => i.instance_id), [instanceId(112), instanceId(113), instanceId(114), instanceId(115), instanceId(116)]);
  const v1 = (await app.inject({ url: `/v1.0/${PROJECT}/instances?status=ERROR&limit=3` })).json();
  t.equal(v1.instance_num, 200);
  t.same(v1.instances.map((i: { instance_id: string }) => i.instance_id), [instanceId(1), instanceId(11), instanceId(21)]);
  t.same(made().instances.sort(), [1, 7, 11, 21, 112, 113, 114, 115, 116].map(instanceId), 'the pages (and the syncing one), nothing else');
  const byName = (await app.inject({ url: `/v2/${PROJECT}/instances?name=dcs-ha-0000&limit=1` })).json();
  t.equal(byName.instance_num, 2000, 'a filter on a profile field reads every instance (all have the default name)');
  t.equal(made().instances.length, 2000, 'and so makes them all');
});

t.test('GET /_mock/state shows every resource and keeps none of those it had to make: a second read shows the same', async (t) => {
  const { app, made } = await world(t);
  t.equal((await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${instanceId(5)}/swap` })).json().code, '');
  const before = made();
  const read = async () => {
    const s = (await app.inject({ url: '/_mock/state' })).json();
    delete s.journal;
    return s;
  };
  const first = await read();
  t.equal(first.projects[0].instances.length, 2000, 'every instance');
  t.equal(first.projects[0].clusters.length, 300, 'every cluster');
  t.same(made(), before, 'nothing more made (kept) than before the read');
  t.same(await read(), first, 'the same state on the next read');
  const shown = (id: string) => first.projects[0].instances.find((i: { id: string }) => i.id === id) as { replication: { state: string } };
  t.equal(shown(instanceId(5)).replication.state, 'syncing', 'the instance that was made (and swapped) is shown as it is: its new replica syncing');
  t.equal(shown(instanceId(6)).replication.state, 'healthy', 'one made for the moment, as its entry says');
});

t.test('the DWS cluster list (no paging in the API) shows every cluster and keeps none it had to make', async (t) => {
  const { app, made } = await world(t);
  const list = async () => (await app.inject({ url: `/v1.0/${PROJECT}/clusters` })).body;
  const first = await list();
  t.equal(JSON.parse(first).count, 300, 'every cluster');
  t.same(made().clusters, [BUSY], 'none kept but the one made at the start');
  t.equal((await app.inject({ url: `/v1.0/${PROJECT}/clusters/${clusterId(9)}` })).statusCode, 200, 'one read (and so kept)');
  t.same(made().clusters, [BUSY, clusterId(9)]);
  t.equal(await list(), first, 'the same list, made for the moment or kept');
});

t.test('a status changed on a made instance counts in the list, not its entry', async (t) => {
  const { app } = await world(t);
  const run = await app.inject({ method: 'POST', url: '/_mock/actions', payload: { action: 'setStatus', instance: instanceId(3), status: 'RESTARTING' } });
  t.equal(run.statusCode, 200, run.body);
  t.equal((await app.inject({ url: `/v2/${PROJECT}/instances?status=RESTARTING` })).json().instance_num, 1);
  t.equal((await app.inject({ url: `/v2/${PROJECT}/instances?status=RUNNING&limit=1` })).json().instance_num, 1799);
});

t.test('what a resource answers does not depend on when it was made', async (t) => {
  const early = await world(t);
  const late = await world(t);
  const reads = [`/v2/${PROJECT}/instances/${instanceId(500)}`, `/v1.0/${PROJECT}/instances/${instanceId(501)}`, `/v1.0/${PROJECT}/clusters/${BUSY}`, `/v2/${PROJECT}/clusters/${clusterId(9)}/nodes`];
  for (const url of reads) t.equal((await early.app.inject({ url })).statusCode, 200, `${url} read at the start`);
  early.clock.advance(3_600_000);
  late.clock.advance(3_600_000);
  t.same(late.made(), { instances: [SYNCING], clusters: [BUSY] }, 'an hour on, before any call, the late world has made only what started busy');
  for (const url of reads) t.equal((await late.app.inject({ url })).body, (await early.app.inject({ url })).body, `${url}: the same an hour later, made then or at the start`);
  const state = async (app: typeof early.app) => {
    const s = (await app.inject({ url: '/_mock/state' })).json();
    delete s.journal;
    return JSON.stringify(s);
  };
  const [a, b] = [await state(late.app), await state(early.app)];
  const at = [...a].findIndex((ch, i) => ch !== b[i]);
  t.equal(at, -1, `and the whole state too${at < 0 ? '' : `: ${a.slice(at - 200, at + 100)} ≠ ${b.slice(at - 200, at + 100)}`}`);
});

t.test('a project reset puts back the entries: changed instances are made again from them, the others stay unmade', async (t) => {
  const { app, made } = await world(t);
  t.equal((await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${instanceId(5)}/swap` })).json().code, '');
  t.equal((await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${instanceId(5)}/swap` })).json().code, '1', 'syncing after the swap');
  t.equal((await app.inject({ method: 'POST', url: `/_mock/reset?project=${PROJECT}` })).statusCode, 200);
  t.same(made(), { instances: [SYNCING], clusters: [BUSY] }, 'only what is made at a build');
  t.equal((await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${instanceId(5)}/swap` })).json().code, '', 'the instance is as its entry says again');
  const action = await app.inject({ method: 'POST', url: '/_mock/actions', payload: { action: 'failNode', cluster: clusterId(7), node: 0 } });
  t.equal(action.statusCode, 200, 'an action finds a cluster of the rebuilt project');
});

t.test('a saved state holds the resources made so far; restored into a fresh world, they answer as before and the others as their entries', async (t) => {
  const first = await world(t);
  await first.app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${instanceId(5)}/swap` });
  await first.app.inject({ method: 'POST', url: `/v1.0/${PROJECT}/clusters/${clusterId(8)}/switchover` });
  const saved = JSON.parse(JSON.stringify(saveState(first.app.mock)));
  const savedIds = (saved.models.dcs.projects[0].instances as { id: string }[]).map((i) => i.id).sort();
  t.same(savedIds, [SYNCING, instanceId(5)].sort(), 'only the instances made so far are saved');
  const second = await world(t);
  restoreState(second.app.mock, saved);
  for (const url of [`/v2/${PROJECT}/instances/${instanceId(5)}`, `/v1.0/${PROJECT}/clusters/${clusterId(8)}`, `/v2/${PROJECT}/instances/${instanceId(6)}`]) {
    t.equal((await second.app.inject({ url })).body, (await first.app.inject({ url })).body, url);
  }
});

t.test('GET /_mock/state?limit=N: each list cut at N with its total, and nothing made past the limit', async (t) => {
  const { app, made } = await world(t);
  const res = await app.inject({ url: '/_mock/state?limit=5' });
  t.equal(res.statusCode, 200);
  const project = res.json().projects[0];
  t.same(project.instances.map((i: { id: string }) => i.id), [0, 1, 2, 3, 4].map(instanceId));
  t.equal(project.instances_total, 2000);
  t.equal(project.clusters.length, 5);
  t.equal(project.clusters_total, 300);
  t.same(project.jobs, []);
  t.equal(project.jobs_total, 0);
  t.same(made().instances, [SYNCING], 'none kept: the five shown were made for the moment, past them none at all');
  const whole = (await app.inject({ url: `/_mock/state?project=${PROJECT}` })).json().projects[0];
  t.equal(whole.instances.length, 2000, 'without a limit, everything');
  t.notOk('instances_total' in whole, 'and no totals');
  for (const bad of ['0', '-1', '1.5', 'x', '', '99999999']) {
    const refused = await app.inject({ url: `/_mock/state?limit=${bad}` });
    t.equal(refused.statusCode, 400, `limit=${bad}`);
    t.equal(refused.json().error.code, 'MOCK.INVALID');
  }
});
