/**
 * The client workflows around the swap, over a real socket, as a client runs them:
 * (a) swap → logical-nodes shows the roles exchanged → tasks lists the swap;
 * (b) cluster instance: groups → async-switchover → job polled to SUCCESS → groups show the new master.
 */
import t, { type Test } from 'tap';
import { buildApp } from '../../../src/index.js';
import { ManualClock } from '../../../src/core/clock.js';
import { checkResponses, defaultScenario, PROJECT, T0, DEFAULT_IDS as ID } from '../../helper.js';

async function serve(t: Test) {
  const clock = new ManualClock(T0);
  const app = await buildApp({ scenario: await defaultScenario(), clock });
  checkResponses(t, app);
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const call = async (method: string, path: string) => {
    const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' } });
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : JSON.parse(text) };
  };
  return { app, clock, call };
}

t.test('(a) swap, then logical-nodes shows the roles exchanged, then tasks lists the swap', async (t) => {
  const { call } = await serve(t);
  const nodes = `/v2/${PROJECT}/instances/${ID.healthy}/logical-nodes`;
  const before = (await call('GET', nodes)).body.nodes as { node_id: string; node_type: string }[];
  const masterOf = (list: typeof before) => list.find((n) => n.node_type === 'master')!.node_id;
  const swapped = await call('POST', `/v2/${PROJECT}/instances/${ID.healthy}/swap`);
  t.equal(swapped.status, 204);
  const after = (await call('GET', nodes)).body.nodes as typeof before;
  t.not(masterOf(after), masterOf(before), 'another node is master');
  t.equal(masterOf(after), before.find((n) => n.node_type === 'slave')!.node_id, 'the former replica');
  const tasks = (await call('GET', `/v2/${PROJECT}/instances/${ID.healthy}/tasks`)).body;
  t.equal(tasks.task_count, '1');
  t.match(tasks.tasks[0], { name: 'masterStandbySwapJob', status: 'SUCCESS' });
  const again = await call('POST', `/v2/${PROJECT}/instances/${ID.healthy}/swap`);
  t.match(again, { status: 400, body: { error_code: 'DCS.4017' } }, 'a second swap meets the resyncing replica');
});

t.test('(b) cluster: groups, async-switchover, the job polled to SUCCESS, groups show the new master', async (t) => {
  const { call, clock } = await serve(t);
  const groups = `/v2/${PROJECT}/instance/${ID.cluster}/groups`;
  const swap = await call('POST', `/v2/${PROJECT}/instances/${ID.cluster}/swap`);
  t.match(swap, { status: 400, body: { error_code: 'DCS.4855' } }, 'a cluster instance cannot swap as a whole');
  const group = (await call('GET', groups)).body.group_list[0];
  const replica = group.replication_list.find((r: { replication_role: string }) => r.replication_role === 'slave');
  const started = await call('POST', `/v2/${PROJECT}/instance/${ID.cluster}/groups/${group.group_id}/replications/${replica.node_id}/async-switchover`);
  t.equal(started.status, 200);
  const seen: string[] = [];
  for (let i = 0; i < 5; i++) {
    const job = (await call('GET', `/v2/${PROJECT}/jobs/${started.body.job_id}`)).body;
    seen.push(job.status);
    if (job.status === 'SUCCESS' || job.status === 'FAIL') break;
    clock.advance(1000);
  }
  t.same(seen, ['INIT', 'RUNNING', 'SUCCESS'], 'polled as a client does');
  const after = (await call('GET', groups)).body.group_list[0];
  t.equal(after.replication_list.find((r: { replication_role: string }) => r.replication_role === 'master').node_id, replica.node_id);
});
