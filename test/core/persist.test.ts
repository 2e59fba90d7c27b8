/**
 * The state across a restart: saved from one runtime, put back into a fresh one built from the
 * same scenario, it answers GET /_mock/state byte for byte, and goes on the same way as time passes.
 */
import t from 'tap';
import { type FastifyInstance } from 'fastify';
import { buildApp, saveState, restoreState, StateError } from '../../src/index.js';
import { ManualClock } from '../../src/core/clock.js';
import { checkResponses, defaultScenario, scenarioOf, PROJECT, T0, DEFAULT_IDS as ID, DWS_IDS } from '../helper.js';

const json = { 'content-type': 'application/json' };

async function busy(app: FastifyInstance): Promise<void> {
  await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${ID.healthy}/swap` });
  await app.inject({ method: 'PUT', url: `/v2/${PROJECT}/instances/${ID.rwSplit}/async-swap` });
  await app.inject({ method: 'POST', url: `/v1.0/${PROJECT}/clusters/${DWS_IDS.unbalanced}/switchover` });
  await app.inject({ method: 'POST', url: '/_mock/actions', headers: json, payload: JSON.stringify({ action: 'breakReplication', instance: ID.memcached }) });
  await app.inject({ method: 'POST', url: '/_mock/actions', headers: json, payload: JSON.stringify({ action: 'failNode', cluster: DWS_IDS.balanced, node: 2 }) });
  await app.inject({ method: 'POST', url: '/_mock/rules', headers: json, payload: JSON.stringify({ id: 'flaky', operation: 'dcs.getInstance', probability: 0.5, action: { status: 503 } }) });
  for (let i = 0; i < 7; i++) await app.inject({ url: `/v1.0/${PROJECT}/instances/${ID.single}` });
  const groups = (await app.inject({ url: `/v2/${PROJECT}/instance/${ID.cluster}/groups` })).json().group_list[0];
  await app.inject({ method: 'POST', url: `/v2/${PROJECT}/instance/${ID.cluster}/groups/${groups.group_id}/replications/${groups.replication_list[1].node_id}/async-switchover` });
}

const state = async (app: FastifyInstance) => (await app.inject({ url: '/_mock/state' })).body;

t.test('save, restore into a fresh runtime: the same state byte for byte, and the same future', async (t) => {
  const scenario = await defaultScenario();
  const clock = new ManualClock(T0);
  const first = await buildApp({ scenario, clock });
  checkResponses(t, first);
  t.teardown(() => first.close());
  await busy(first);
  clock.advance(500);
  const saved = JSON.parse(JSON.stringify(saveState(first.mock)));
  const before = await state(first);

  const clock2 = new ManualClock(saved.clock.now);
  const second = await buildApp({ scenario, clock: clock2 });
  checkResponses(t, second);
  t.teardown(() => second.close());
  t.not(await state(second), before, 'a fresh build is not the saved state');
  restoreState(second.mock, saved);
  t.equal(await state(second), before, 'restored: GET /_mock/state byte for byte');

  for (const step of [600, 1000, 4000, 10_000]) {
    clock.advance(step);
    clock2.advance(step);
    t.equal(await state(second), await state(first), `still the same ${step} ms later (syncs, jobs, switchover, timeline)`);
  }
  const reads = async (app: FastifyInstance) => Promise.all(Array.from({ length: 10 }, async () => (await app.inject({ url: `/v1.0/${PROJECT}/instances/${ID.single}` })).statusCode));
  t.same(await reads(second), await reads(first), 'the probability rule goes on with the same draws');
});

t.test('a timeline resumes where it stood: events not yet due run at their time, those past do not run again', async (t) => {
  const scenario = scenarioOf({
    name: 'timeline',
    projects: [{ id: PROJECT, instances: [{ id: ID.healthy }] }],
    events: [{ at: 5, action: 'breakReplication', instance: ID.healthy }, { at: 20, action: 'setStatus', instance: ID.healthy, status: 'RESTARTING' }],
  });
  const clock = new ManualClock(T0);
  const first = await buildApp({ scenario, clock });
  checkResponses(t, first);
  t.teardown(() => first.close());
  clock.advance(10_000);
  await first.inject({ method: 'POST', url: '/_mock/actions', headers: json, payload: JSON.stringify({ action: 'healReplication', instance: ID.healthy }) });
  const saved = JSON.parse(JSON.stringify(saveState(first.mock)));
  const clock2 = new ManualClock(saved.clock.now);
  const second = await buildApp({ scenario, clock: clock2 });
  checkResponses(t, second);
  t.teardown(() => second.close());
  restoreState(second.mock, saved);
  const detail = async () => (await second.inject({ url: `/v1.0/${PROJECT}/instances/${ID.healthy}` })).json();
  t.match(await detail(), { status: 'RUNNING', _mock: { replication: { state: 'healthy' } } }, 'the event at 5 s did not run again');
  clock2.advance(10_000);
  t.equal((await detail()).status, 'RESTARTING', 'the event at 20 s ran at its time');
});

t.test('a state that does not belong to the running scenario is refused, never half applied', async (t) => {
  const scenario = await defaultScenario();
  const first = await buildApp({ scenario, clock: new ManualClock(T0) });
  checkResponses(t, first);
  t.teardown(() => first.close());
  const saved = JSON.parse(JSON.stringify(saveState(first.mock)));
  const other = await buildApp({ scenario: scenarioOf({ name: 'other', projects: [{ id: PROJECT }] }), clock: new ManualClock(T0) });
  checkResponses(t, other);
  t.teardown(() => other.close());
  t.throws(() => restoreState(other.mock, saved), /saved with another scenario \("default"\)/);
  t.throws(() => restoreState(first.mock, { ...saved, version: 99 }), /format version 99/);
  t.throws(() => restoreState(first.mock, { hello: 1 }), /not a hw-mock state file/);
  t.throws(() => restoreState(first.mock, null), /not a hw-mock state file/);
  try {
    restoreState(first.mock, { ...saved, version: 99 });
  } catch (err) {
    t.ok(err instanceof StateError, 'a StateError');
  }
});
