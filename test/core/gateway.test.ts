/** What every response gets, whatever the route (docs/behaviour.md §1), and never a Fastify-shaped error. */
import t from 'tap';
import { type InjectOptions } from 'fastify';
import { buildApp } from '../../src/app.js';
import { checkResponses, build, snapshot, assertGatewayError, defaultScenario, PROJECT, DEFAULT_IDS as ID } from '../helper.js';

t.test('unknown path → 404 APIGW.0101 with request_id = X-Request-Id', async (t) => {
  const { app } = await build(t);
  for (const url of ['/', '/nope', `/v1.0/${PROJECT}/instances/${ID.healthy}/swapp`, `/v3/${PROJECT}/instances`]) {
    assertGatewayError(t, await app.inject({ url }), 404, 'APIGW.0101', 'The API does not exist or has not been published in the environment.');
  }
});

t.test('known path, undefined method → 404 APIGW.0101 "The API does not exist."', async (t) => {
  const { app } = await build(t);
  const before = snapshot(app);
  for (const [method, url] of [
    ['GET', `/v1.0/${PROJECT}/instances/${ID.healthy}/swap`],
    ['POST', `/v1.0/${PROJECT}/instances/${ID.healthy}/swap`],
    ['DELETE', `/v1.0/${PROJECT}/instances/${ID.healthy}`],
    ['PUT', `/v2/${PROJECT}/instances/${ID.healthy}/swap`],
    ['POST', `/v2/${PROJECT}/instances/${ID.healthy}/async-swap`],
  ] as const) {
    assertGatewayError(t, await app.inject({ method, url }), 404, 'APIGW.0101', 'The API does not exist.');
  }
  t.equal(snapshot(app), before);
});

t.test('undefined methods are answered by the not-found handler (not 130 routes of their own): trailing slash, query, escapes, the journal\'s project', async (t) => {
  const { app } = await build(t);
  t.ok(app.mock.routes.length < 100, `${app.mock.routes.length} routes: the undefined methods are not routes`);
  const swap = `/v1.0/${PROJECT}/instances/${ID.healthy}/swap`;
  for (const [method, url] of [['PATCH', `${swap}/`], ['OPTIONS', `${swap}?x=1`], ['HEAD', `/v1.0/${PROJECT}/clusters/c/switchover`], ['GET', `/v1.0/${PROJECT.slice(0, 8)}%2Dx/instances/i/swap`]] as const) {
    const res = await app.inject({ method, url });
    t.equal(res.statusCode, 404, `${method} ${url}`);
    if (method !== 'HEAD') t.equal(res.json().error_msg, 'The API does not exist.', `${method} ${url}: a known path`);
  }
  for (const [method, url] of [['PROPFIND', swap], ['GET', `${swap}/x`], ['GET', `/v1.0/${PROJECT}/instances//swap`]] as const) {
    assertGatewayError(t, await app.inject({ method: method as InjectOptions['method'], url }), 404, 'APIGW.0101', 'The API does not exist or has not been published in the environment.');
  }
  const entries = (await app.inject({ url: '/_mock/requests' })).json().requests as { method: string; operation: string | null; project: string | null }[];
  t.same(entries.slice(0, 4).map((e) => [e.method, e.operation, e.project]), [
    ['PATCH', null, PROJECT], ['OPTIONS', null, PROJECT], ['HEAD', null, PROJECT], ['GET', null, `${PROJECT.slice(0, 8)}-x`],
  ], 'journaled with the path\'s project (decoded), no operation');
});

t.test('a body over the limit → 413 APIGW.0201, model unchanged', async (t) => {
  const app = await buildApp({ scenario: await defaultScenario(), bodyLimit: 1024 });
  t.teardown(() => app.close());
  checkResponses(t, app);
  const before = snapshot(app);
  const res = await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${ID.healthy}/swap`, headers: { 'content-type': 'application/json' }, payload: `{"x":"${'a'.repeat(2000)}"}` });
  assertGatewayError(t, res, 413, 'APIGW.0201', 'Request entity too large.');
  t.equal(snapshot(app), before);
});

t.test('malformed Content-Type or broken JSON never produce a Fastify-shaped error', async (t) => {
  const { app } = await build(t);
  const url = `/v1.0/${PROJECT}/instances/${ID.broken}/swap`;
  for (const ct of ['application/json', ';;;', 'application/json; charset=nope', 'multipart/form-data; boundary=', '\u00e9']) {
    const res = await app.inject({ method: 'PUT', url, headers: { 'content-type': ct }, payload: '{"a":' });
    t.notOk('statusCode' in res.json(), `no Fastify body for ${JSON.stringify(ct)}`);
    t.match(res.statusCode, /^(200|400)$/);
    if (res.statusCode === 200) t.equal(res.json().code, '2');
    else t.equal(res.json().error_code, 'APIGW.0201');
  }
});

t.test('every response carries a distinct X-Request-Id and the JSON content type', async (t) => {
  const { app } = await build(t);
  const ids = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const res = await app.inject({ url: `/v1.0/${PROJECT}/instances/${ID.healthy}` });
    t.equal(res.headers['content-type'], 'application/json; charset=UTF-8');
    ids.add(String(res.headers['x-request-id']));
  }
  t.equal(ids.size, 50);
  const incoming = await app.inject({ url: `/v1.0/${PROJECT}/instances/${ID.healthy}`, headers: { 'x-request-id': 'client-chosen' } });
  t.not(incoming.headers['x-request-id'], 'client-chosen', 'the server mints its own id');
});

t.test('HEAD on a read route answers without body', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ method: 'HEAD', url: `/v1.0/${PROJECT}/instances/${ID.healthy}` });
  t.equal(res.statusCode, 200);
  t.equal(res.body, '');
});
