/** v2 routes (what the official SDKs call): swap 204, async swap and its job, v2 detail. */
import t from 'tap';
import { build, snapshot, assertCommonHeaders, assertDcsError, PROJECT, OTHER_PROJECT, DEFAULT_IDS as ID, UNKNOWN_UUID } from '../../helper.js';

const v2Swap = (id: string, project = PROJECT) => `/v2/${project}/instances/${id}/swap`;
const asyncSwap = (id: string, project = PROJECT) => `/v2/${project}/instances/${id}/async-swap`;

t.test('POST v2 swap: 204 without body, then 400 DCS.4017 while the replica syncs, then 204 again', async (t) => {
  const { app, clock } = await build(t);
  const ok = await app.inject({ method: 'POST', url: v2Swap(ID.healthy) });
  t.equal(ok.statusCode, 204);
  t.equal(ok.body, '');
  t.notOk(ok.headers['content-type'], 'no content type without a body');
  t.match(ok.headers['x-request-id'], /^[0-9a-f]{32}$/);
  const before = snapshot(app);
  assertDcsError(t, await app.inject({ method: 'POST', url: v2Swap(ID.healthy) }), 400, 'DCS.4017', 'This DCS instance job task is still running.');
  t.equal(snapshot(app), before);
  clock.advance(10_000);
  t.equal((await app.inject({ method: 'POST', url: v2Swap(ID.healthy) })).statusCode, 204);
});

t.test('POST v2 swap maps codes 2 and 3 to 500 DCS.5094 and DCS.5000; other errors as v1.0', async (t) => {
  const { app } = await build(t);
  const before = snapshot(app);
  assertDcsError(t, await app.inject({ method: 'POST', url: v2Swap(ID.broken) }), 500, 'DCS.5094', 'Master standby swap failed.');
  assertDcsError(t, await app.inject({ method: 'POST', url: v2Swap(ID.faulty) }), 500, 'DCS.5000', 'Internal service error.');
  assertDcsError(t, await app.inject({ method: 'POST', url: v2Swap(ID.syncing) }), 400, 'DCS.4017');
  assertDcsError(t, await app.inject({ method: 'POST', url: v2Swap(ID.single) }), 400, 'DCS.4855');
  assertDcsError(t, await app.inject({ method: 'POST', url: v2Swap(ID.restarting) }), 400, 'DCS.4111');
  assertDcsError(t, await app.inject({ method: 'POST', url: v2Swap(UNKNOWN_UUID) }), 404, 'DCS.3022');
  assertDcsError(t, await app.inject({ method: 'POST', url: v2Swap(ID.healthy, OTHER_PROJECT) }), 404, 'DCS.3022');
  assertDcsError(t, await app.inject({ method: 'POST', url: v2Swap('bad') }), 400, 'DCS.4061');
  assertDcsError(t, await app.inject({ method: 'POST', url: v2Swap(ID.healthy, 'bad') }), 400, 'DCS.4002');
  t.equal(snapshot(app), before);
});

t.test('async swap: 200 {job_id}; the job goes INIT → RUNNING → SUCCESS; v2 detail shows the task meanwhile', async (t) => {
  const { app, clock } = await build(t);
  const res = await app.inject({ method: 'PUT', url: asyncSwap(ID.healthy) });
  assertCommonHeaders(t, res);
  t.equal(res.statusCode, 200);
  const { job_id } = res.json();
  t.match(job_id, /^[0-9a-f]{32}$/);
  t.same(Object.keys(res.json()), ['job_id']);

  const job = async () => (await app.inject({ url: `/v2/${PROJECT}/jobs/${job_id}` })).json();
  const detail = async () => (await app.inject({ url: `/v2/${PROJECT}/instances/${ID.healthy}` })).json();
  const j0 = await job();
  t.same(j0, { job_id, job_type: 'masterStandbySwapJob', status: 'INIT', begin_time: String(clock.now()), end_time: null, fail_reason: null });
  t.same((await detail()).task, { name: 'masterStandbySwapJob', status: 'INIT', job_id });

  assertDcsError(t, await app.inject({ method: 'PUT', url: asyncSwap(ID.healthy) }), 400, 'DCS.4017');
  t.equal((await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${ID.healthy}/swap` })).json().code, '1', 'v1.0 swap meets the running job');

  clock.advance(1000);
  t.equal((await job()).status, 'RUNNING');
  t.equal((await detail()).task.status, 'RUNNING');
  const beforeMaster = (await detail())._mock.master.id;
  clock.advance(1000);
  const done = await job();
  t.equal(done.status, 'SUCCESS');
  t.equal(done.end_time, String(clock.now()));
  const after = await detail();
  t.equal(after.task, null, 'task cleared');
  t.not(after._mock.master.id, beforeMaster, 'roles exchanged when the job ended');
  t.equal(after._mock.replication.state, 'syncing');
});

t.test('async swap on a broken instance: accepted, then FAIL with fail_reason', async (t) => {
  const { app, clock } = await build(t);
  const { job_id } = (await app.inject({ method: 'PUT', url: asyncSwap(ID.broken) })).json();
  clock.advance(2000);
  const job = (await app.inject({ url: `/v2/${PROJECT}/jobs/${job_id}` })).json();
  t.equal(job.status, 'FAIL');
  t.equal(job.fail_reason, 'master standby status abnormal, master_link_status:down');
});

t.test('async swap and job: bad input', async (t) => {
  const { app } = await build(t);
  const before = snapshot(app);
  assertDcsError(t, await app.inject({ method: 'PUT', url: asyncSwap(ID.cluster) }), 400, 'DCS.4855');
  assertDcsError(t, await app.inject({ method: 'PUT', url: asyncSwap(ID.frozen) }), 400, 'DCS.4120');
  assertDcsError(t, await app.inject({ method: 'PUT', url: asyncSwap(UNKNOWN_UUID) }), 404, 'DCS.3022');
  assertDcsError(t, await app.inject({ method: 'PUT', url: asyncSwap('nope') }), 400, 'DCS.4061');
  assertDcsError(t, await app.inject({ url: `/v2/${PROJECT}/jobs/${'f'.repeat(32)}` }), 404, 'DCS.4001');
  assertDcsError(t, await app.inject({ url: `/v2/${PROJECT}/jobs/not-a-job` }), 400, 'DCS.4063', 'Invalid job_id parameter in the request.');
  assertDcsError(t, await app.inject({ url: `/v2/bad/jobs/${'f'.repeat(32)}` }), 400, 'DCS.4002');
  t.equal(snapshot(app), before);
});

t.test('a job of one project is not visible from another', async (t) => {
  const { app } = await build(t);
  const { job_id } = (await app.inject({ method: 'PUT', url: asyncSwap(ID.healthy) })).json();
  assertDcsError(t, await app.inject({ url: `/v2/${OTHER_PROJECT}/jobs/${job_id}` }), 404, 'DCS.4001');
});

t.test('GET v2 detail: the v2 shape', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ url: `/v2/${PROJECT}/instances/${ID.rwSplit}` });
  t.equal(res.statusCode, 200);
  const body = res.json();
  for (const gone of ['domainName', 'readonlyDomainName', 'resource_spec_code', 'product_id', 'error_code']) t.notOk(gone in body, `no ${gone} in v2`);
  t.match(body, {
    instance_id: ID.rwSplit, cache_mode: 'ha_rw_split', spec_code: 'redis.ha.xu1.large.p3.1', sub_status: 'normal', replica_count: 3,
    features: { support_acl: true, support_transparent_client_ip: false, support_ssl: false, support_audit_log: false },
    domain_name_info: { zone_name: 'dcs.huaweicloud.com' }, task: null,
  });
  t.equal(body._mock.standbys.length, 2);
  assertDcsError(t, await app.inject({ url: `/v2/${PROJECT}/instances/${UNKNOWN_UUID}` }), 404, 'DCS.3022');
  assertDcsError(t, await app.inject({ url: `/v2/${PROJECT}/instances/zz` }), 400, 'DCS.4061');
});
