/** The DCS swap state machine on the model alone (docs/behaviour.md §3), no HTTP. */
import t from 'tap';
import { ManualClock } from '../../../src/core/clock.js';
import { ServiceRegistry } from '../../../src/core/registry.js';
import { buildWorld } from '../../../src/scenario/build.js';
import { ALL_SERVICES, dcs } from '../../../src/services/index.js';
import { asyncSwap, getJob, setReplication, swap } from '../../../src/services/dcs/operations.js';
import { replicationOf, syncProgress, type DcsModel } from '../../../src/services/dcs/model.js';
import { scenarioOf, PROJECT, T0 } from '../../helper.js';

const ID = {
  ha: '11111111-1111-4111-8111-111111111111',
  syncing: '22222222-2222-4222-8222-222222222222',
  broken: '33333333-3333-4333-8333-333333333333',
  faulty: '44444444-4444-4444-8444-444444444444',
  single: '55555555-5555-4555-8555-555555555555',
  cluster: '66666666-6666-4666-8666-666666666666',
  proxy: '77777777-7777-4777-8777-777777777777',
  restarting: '88888888-8888-4888-8888-888888888888',
  extending: '99999999-9999-4999-8999-999999999999',
  error: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
  memcached: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
  rw: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
};

function world() {
  const clock = new ManualClock(T0);
  const scenario = scenarioOf({
    name: 'unit',
    seed: 3,
    timings: { dcs: { resyncSeconds: 10, swapJobSeconds: 4 } },
    projects: [{
      id: PROJECT,
      instances: [
        { id: ID.ha },
        { id: ID.syncing, replication: 'syncing', sync_progress: 50 },
        { id: ID.broken, replication: 'broken' },
        { id: ID.faulty, internal_fault: true },
        { id: ID.single, cache_mode: 'single' },
        { id: ID.cluster, cache_mode: 'cluster' },
        { id: ID.proxy, cache_mode: 'proxy' },
        { id: ID.restarting, status: 'RESTARTING' },
        { id: ID.extending, status: 'EXTENDING' },
        { id: ID.error, status: 'ERROR' },
        { id: ID.memcached, engine: 'Memcached', cache_mode: 'ha' },
        { id: ID.rw, cache_mode: 'ha_rw_split', replica_count: 3 },
      ],
    }],
  });
  const world = buildWorld(scenario.spec, new ServiceRegistry(ALL_SERVICES), clock);
  const model = world.model(dcs);
  // The pipeline brings the model up to the clock before each call: `now()` does that here.
  const w = { model, now: () => world.catchUp(), project: (id: string) => model.project(id) };
  return { w, clock, inst: (id: string) => model.instance(PROJECT, id)! };
}

/** A job as a read after `catchUp` sees it. */
function jobNow(w: { model: DcsModel; now: () => number }, project: string, id: string) {
  w.now();
  return getJob(w.model, project, id);
}

t.test('healthy ha: swapped, roles exchanged, replica syncing from 0 % for resyncSeconds, then healthy', async (t) => {
  const { w, clock, inst } = world();
  const before = inst(ID.ha).shards[0].nodes.map((n) => n.id);
  t.same(swap(w.model, PROJECT, ID.ha, w.now()), { kind: 'swapped' });
  const after = inst(ID.ha);
  t.same(after.shards[0].nodes.map((n) => n.id), [before[1], before[0]], 'master and standby exchanged');
  t.equal(replicationOf(after).state, 'syncing');
  t.equal(syncProgress(replicationOf(after), clock.now()), 0);
  clock.advance(4000);
  w.now();
  t.equal(syncProgress(replicationOf(after), clock.now()), 40, 'progress rises with time');
  clock.advance(5999);
  w.now();
  t.equal(replicationOf(after).state, 'syncing', 'still syncing 1 ms before the end');
  clock.advance(1);
  w.now();
  t.equal(replicationOf(after).state, 'healthy', 'healthy once resyncSeconds have passed');
  t.same(swap(w.model, PROJECT, ID.ha, w.now()), { kind: 'swapped' }, 'and it can swap again');
  t.same(inst(ID.ha).shards[0].nodes.map((n) => n.id), before, 'back to the original roles');
});

t.test('a second swap right after a swap meets the syncing replica: code 1, state unchanged', async (t) => {
  const { w, clock, inst } = world();
  swap(w.model, PROJECT, ID.ha, w.now());
  clock.advance(1000);
  const nodes = inst(ID.ha).shards[0].nodes.map((n) => n.id);
  const outcome = swap(w.model, PROJECT, ID.ha, w.now());
  t.equal(outcome.kind, 'syncing');
  t.equal((outcome as { progress: number }).progress, 10);
  t.same(inst(ID.ha).shards[0].nodes.map((n) => n.id), nodes, 'roles not exchanged again');
});

t.test('two swaps at the same moment are serialized: exactly one succeeds', async (t) => {
  const { w, inst } = world();
  const before = inst(ID.ha).shards[0].nodes.map((n) => n.id);
  const outcomes = await Promise.all([Promise.resolve().then(() => swap(w.model, PROJECT, ID.ha, w.now())), Promise.resolve().then(() => swap(w.model, PROJECT, ID.ha, w.now()))]);
  t.same(outcomes.map((o) => o.kind).sort(), ['swapped', 'syncing']);
  t.same(inst(ID.ha).shards[0].nodes.map((n) => n.id), [before[1], before[0]], 'swapped exactly once');
});

t.test('initially syncing instance: code 1 until its sync ends, from the progress the scenario set', async (t) => {
  const { w, clock, inst } = world();
  t.equal(syncProgress(replicationOf(inst(ID.syncing)), clock.now()), 50);
  t.equal(swap(w.model, PROJECT, ID.syncing, w.now()).kind, 'syncing');
  clock.advance(5000);
  t.equal(swap(w.model, PROJECT, ID.syncing, w.now()).kind, 'swapped', 'the remaining 50 % took 5 s');
});

t.test('broken replication: code 2; internal fault: code 3; neither changes anything', async (t) => {
  const { w, clock, inst } = world();
  const b = JSON.stringify(inst(ID.broken));
  const f = JSON.stringify(inst(ID.faulty));
  t.same(swap(w.model, PROJECT, ID.broken, w.now()), { kind: 'broken' });
  t.same(swap(w.model, PROJECT, ID.faulty, w.now()), { kind: 'internal' });
  clock.advance(60_000);
  t.same(swap(w.model, PROJECT, ID.broken, w.now()), { kind: 'broken' }, 'a broken link does not heal by itself');
  t.equal(JSON.stringify(inst(ID.broken)), b);
  t.equal(JSON.stringify(inst(ID.faulty)), f);
  setReplication(w.model, inst(ID.broken), 'healthy', clock.now());
  t.same(swap(w.model, PROJECT, ID.broken, w.now()), { kind: 'swapped' }, 'healed, it swaps');
});

t.test('modes that cannot swap: not-supported; Memcached ha and ha_rw_split can', async (t) => {
  const { w, inst } = world();
  for (const id of [ID.single, ID.cluster, ID.proxy]) {
    const before = JSON.stringify(inst(id));
    t.same(swap(w.model, PROJECT, id, w.now()), { kind: 'not-supported' }, inst(id).profile.cache_mode);
    t.equal(JSON.stringify(inst(id)), before);
  }
  t.same(swap(w.model, PROJECT, ID.memcached, w.now()), { kind: 'swapped' });
  const rw = inst(ID.rw);
  const [m, s1, s2] = rw.shards[0].nodes.map((n) => n.id);
  t.same(swap(w.model, PROJECT, ID.rw, w.now()), { kind: 'swapped' });
  t.same(rw.shards[0].nodes.map((n) => n.id), [s1, m, s2], 'the first replica becomes master, the others stay');
});

t.test('status not RUNNING: not-running with the status; unknown instance or project: not-found', async (t) => {
  const { w } = world();
  t.same(swap(w.model, PROJECT, ID.restarting, w.now()), { kind: 'not-running', status: 'RESTARTING' });
  t.same(swap(w.model, PROJECT, ID.extending, w.now()), { kind: 'not-running', status: 'EXTENDING' });
  t.same(swap(w.model, PROJECT, ID.error, w.now()), { kind: 'not-running', status: 'ERROR' });
  t.same(swap(w.model, PROJECT, '00000000-0000-4000-8000-000000000000', w.now()), { kind: 'not-found' });
  t.same(swap(w.model, 'ffffffffffffffffffffffffffffffff', ID.ha, w.now()), { kind: 'not-found' });
});

t.test('async swap: job INIT → RUNNING → SUCCESS on the clock, swap applied at the end', async (t) => {
  const { w, clock, inst } = world();
  const before = inst(ID.ha).shards[0].nodes.map((n) => n.id);
  const out = asyncSwap(w.model, PROJECT, ID.ha, w.now());
  if (out.kind !== 'accepted') throw new Error(out.kind);
  t.match(out.job.id, /^[0-9a-f]{32}$/);
  t.equal(jobNow(w, PROJECT, out.job.id)?.status, 'INIT');
  t.equal(inst(ID.ha).pendingJob, out.job, 'the instance shows the task');
  t.same(asyncSwap(w.model, PROJECT, ID.ha, w.now()), { kind: 'job-running' }, 'one job at a time');
  t.same(swap(w.model, PROJECT, ID.ha, w.now()), { kind: 'job-running' }, 'a direct swap meets the running job');
  clock.advance(1000);
  t.equal(jobNow(w, PROJECT, out.job.id)?.status, 'RUNNING');
  t.same(inst(ID.ha).shards[0].nodes.map((n) => n.id), before, 'not swapped yet');
  clock.advance(3000);
  const job = jobNow(w, PROJECT, out.job.id)!;
  t.equal(job.status, 'SUCCESS');
  t.equal(job.endTime, T0 + 4000);
  t.equal(job.failReason, null);
  t.equal(inst(ID.ha).pendingJob, null);
  t.same(inst(ID.ha).shards[0].nodes.map((n) => n.id), [before[1], before[0]]);
  t.equal(replicationOf(inst(ID.ha)).state, 'syncing');
});

t.test('async swap on a syncing or broken instance: accepted, then FAIL with a reason; nothing swapped', async (t) => {
  const { w, clock, inst } = world();
  const nodes = inst(ID.broken).shards[0].nodes.map((n) => n.id);
  const a = asyncSwap(w.model, PROJECT, ID.broken, w.now());
  const b = asyncSwap(w.model, PROJECT, ID.syncing, w.now());
  if (a.kind !== 'accepted' || b.kind !== 'accepted') throw new Error('not accepted');
  clock.advance(4000);
  t.equal(jobNow(w, PROJECT, a.job.id)?.status, 'FAIL');
  t.match(jobNow(w, PROJECT, a.job.id)?.failReason, /master_link_status:down/);
  t.equal(jobNow(w, PROJECT, b.job.id)?.status, 'FAIL');
  t.match(jobNow(w, PROJECT, b.job.id)?.failReason, /synchronization/);
  t.same(inst(ID.broken).shards[0].nodes.map((n) => n.id), nodes);
});

t.test('async swap refusals are immediate and create no job', async (t) => {
  const { w } = world();
  t.same(asyncSwap(w.model, PROJECT, ID.single, w.now()), { kind: 'not-supported' });
  t.same(asyncSwap(w.model, PROJECT, ID.restarting, w.now()), { kind: 'not-running', status: 'RESTARTING' });
  t.same(asyncSwap(w.model, PROJECT, '00000000-0000-4000-8000-000000000000', w.now()), { kind: 'not-found' });
  t.equal(w.project(PROJECT)!.jobs.size, 0);
});

t.test('job ids are seeded: the same scenario mints the same ids', async (t) => {
  const a = world();
  const b = world();
  const ja = asyncSwap(a.w.model, PROJECT, ID.ha, a.w.now());
  const jb = asyncSwap(b.w.model, PROJECT, ID.ha, b.w.now());
  if (ja.kind !== 'accepted' || jb.kind !== 'accepted') throw new Error('not accepted');
  t.equal(ja.job.id, jb.job.id);
});
