/**
 * hwMockPlugin: the mock mounted in someone else's Fastify app, beside the app's own routes, with
 * or without a prefix. The app keeps its own root options (request ids, 404s, body limit); the
 * mock's routes answer as they do standalone.
 */
import t, { type Test } from 'tap';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { hwMockPlugin, ManualClock, ScenarioError, type HwMockPluginOptions } from '../../src/index.js';
import { misfit, assertGatewayError, assertDcsError, DEFAULT_IDS as ID, PROJECT, T0 } from '../helper.js';

const swap = (prefix = '', id: string = ID.healthy) => ({ method: 'PUT' as const, url: `${prefix}/v1.0/${PROJECT}/instances/${id}/swap` });

/**
 * A bare Fastify app with a route of its own and the mock mounted; closed at the end. Every answer
 * of the mock's emulated routes (and of unknown paths under its prefix) is checked against its schema.
 */
async function hostApp(t: Test, options: HwMockPluginOptions = {}, setup?: (app: FastifyInstance) => void): Promise<FastifyInstance> {
  const app = Fastify({ bodyLimit: 10 * 1024 * 1024 });
  setup?.(app);
  app.get('/hello', async (request) => ({ hello: 'world', id: request.id }));
  await app.register(hwMockPlugin, { clock: new ManualClock(T0), ...options });
  t.teardown(() => app.close());
  const prefix = options.prefix ?? '';
  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url;
    const emulated = route === undefined ? prefix !== '' && request.url.startsWith(`${prefix}/`) : app.mock.routes.some((r) => r.url === route && r.pipeline);
    if (!emulated || request.url.startsWith(`${prefix}/_mock`) || request.method === 'HEAD' || typeof payload !== 'string') return payload;
    const found = misfit(app, request.op ?? request.routeOptions.config?.operation ?? null, request.method, `${request.method} ${request.url}`, reply.statusCode, payload);
    if (found) t.fail(`answer does not fit its schema: ${found}`);
    return payload;
  });
  await app.ready();
  return app;
}

t.test('mounted at the root next to a user route: swap, admin reset, the user route untouched', async (t) => {
  const app = await hostApp(t);
  const first = await app.inject(swap());
  t.equal(first.statusCode, 200);
  t.same(first.json(), { code: '', message: 'success' });
  t.match(first.headers['x-request-id'], /^[0-9a-f]{32}$/, 'the cloud\'s request id, not the app\'s');
  t.equal((await app.inject(swap())).json().code, '1', 'the model holds: the replica resyncs');

  const reset = await app.inject({ method: 'POST', url: '/_mock/reset' });
  t.same(reset.json(), { reset: 'all' });
  t.equal((await app.inject(swap())).json().code, '', 'swaps again after the admin reset');
  t.equal(app.mock.journal.size, 1, 'app.mock is the runtime');

  const hello = await app.inject({ url: '/hello' });
  t.equal(hello.statusCode, 200);
  t.match(hello.json(), { hello: 'world', id: /^req-/ }, 'the app keeps its own request ids');
  t.equal(hello.headers['x-request-id'], undefined, 'and its own headers');
  const unknown = await app.inject({ url: '/nowhere' });
  t.equal(unknown.statusCode, 404);
  t.equal(unknown.json().message, 'Route GET:/nowhere not found', 'outside the mock\'s routes, the app\'s own 404');
});

t.test('under a prefix: the emulated routes and /_mock move under it; its unknown paths are the gateway\'s 404', async (t) => {
  const app = await hostApp(t, { prefix: '/hw', adminToken: 'plugin-admin-token' });
  t.same((await app.inject(swap('/hw'))).json(), { code: '', message: 'success' });
  t.equal((await app.inject(swap())).statusCode, 404, 'nothing at the root');
  assertGatewayError(t, await app.inject({ url: '/hw/v1.0/nowhere' }), 404, 'APIGW.0101');
  assertGatewayError(t, await app.inject({ method: 'DELETE', url: swap('/hw').url }), 404, 'APIGW.0101');
  t.equal((await app.inject({ url: '/hw/_mock/health' })).json().status, 'ok', 'health needs no token');
  const denied = await app.inject({ url: '/hw/_mock/rules' });
  t.equal(denied.statusCode, 401);
  t.equal(denied.json().error.code, 'MOCK.UNAUTHORIZED');
  const allowed = await app.inject({ url: '/hw/_mock/rules', headers: { authorization: 'Bearer plugin-admin-token' } });
  t.same(allowed.json(), { rules: [] });
  t.equal((await app.inject({ url: '/hello' })).json().hello, 'world');
  t.equal((await app.inject({ url: '/nowhere' })).json().message, 'Route GET:/nowhere not found');
});

t.test('the mock\'s own checks and limits hold inside the app: TypeBox validation, error envelopes, body limit', async (t) => {
  const app = await hostApp(t, { bodyLimit: 1024 });
  assertDcsError(t, await app.inject(swap('', 'not-a-uuid')), 400, 'DCS.4061');
  const big = await app.inject({ ...swap(), payload: 'x'.repeat(2048), headers: { 'content-type': 'application/json' } });
  assertGatewayError(t, big, 413, 'APIGW.0201', 'Request entity too large.');
  const adminBad = await app.inject({ method: 'POST', url: '/_mock/clock/advance', payload: { seconds: -1 } });
  t.equal(adminBad.statusCode, 400);
  t.same(adminBad.json().error.issues.map((i: { path: string }) => i.path), ['seconds']);
  t.equal((await app.inject({ method: 'POST', url: '/hello', payload: 'x'.repeat(2048) })).statusCode, 404, 'the app\'s routes keep the app\'s limits and parsers');
});

t.test('an app with its own not-found handler takes the mock at its root', async (t) => {
  const app = await hostApp(t, {}, (host) => host.setNotFoundHandler((_request, reply) => reply.code(404).send({ mine: true })));
  t.same((await app.inject({ url: '/nowhere' })).json(), { mine: true });
  t.same((await app.inject(swap())).json(), { code: '', message: 'success' });
});

async function mount(app: FastifyInstance, options: HwMockPluginOptions): Promise<void> {
  await app.register(hwMockPlugin, options);
  await app.ready();
}

t.test('the plugin refuses bad options and bad scenarios before anything is mounted', async (t) => {
  for (const [options, message] of [
    [{ prefix: 'hw' }, /prefix: expected a path such as \/huawei \(no trailing slash\), or nothing/],
    [{ prefix: '/hw/' }, /prefix: expected a path such as \/huawei/],
    [{ journalSize: 'many' }, /journalSize: expected an integer from 0 to 1000000/],
    [{ port: 8080 }, /port: unknown key/],
  ] as const) {
    const app = Fastify();
    await t.rejects(mount(app, options as never), { name: 'TypeError', message }, JSON.stringify(options));
    await app.close();
  }
  const app = Fastify();
  const error = await mount(app, { scenario: { name: 'x', projects: [] } }).then(() => undefined, (e: unknown) => e);
  t.type(error, ScenarioError);
  t.same((error as ScenarioError).issues.map((i) => i.path), ['projects']);
  await app.close();
});

t.test('close drains the mock\'s waiting calls with the app', async (t) => {
  const app = await hostApp(t);
  await app.inject({ method: 'POST', url: '/_mock/rules', payload: { operation: 'dcs.swap', action: { hang: { maxMs: 60_000 } } } });
  const hung = app.inject(swap());
  await new Promise((resolve) => setTimeout(resolve, 20));
  const closing = app.close();
  const res = await hung;
  await closing;
  assertGatewayError(t, res, 504, 'APIGW.0201');
});

t.test('an app with its own OpenAPI document (@fastify/swagger) documents the mock\'s routes with their answers and its own transform; its own serializers stay its own', async (t) => {
  const app = await hostApp(t, { prefix: '/hw' }, (host) => {
    void host.register(swagger, {
      openapi: { info: { title: 'host', version: '1.0.0' } },
      transform: ({ schema, url }) => ({ schema: { ...schema, description: 'seen by the host\'s transform' }, url }),
    });
    host.get('/typed', { schema: { response: { 200: { type: 'object', properties: { a: { type: 'string' } } } } } }, async () => ({ a: 'x', b: 'not in the schema' }));
  });
  const doc = app.swagger() as unknown as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }> }>> };
  const swapDoc = doc.paths['/hw/v1.0/{project_id}/instances/{instance_id}/swap']?.put;
  t.ok(swapDoc, 'the swap route is in the app\'s document');
  t.same(Object.keys(swapDoc!.responses['200'].content!['application/json'].schema.properties ?? {}).sort(), ['code', 'message'], 'with its 200 answer');
  t.ok(swapDoc!.responses['4XX'] ?? swapDoc!.responses['4xx'], 'and its error answers');
  t.equal((swapDoc as { description?: string }).description, 'seen by the host\'s transform', 'through the app\'s own transform');
  t.ok(doc.paths['/hw/_mock/reset']?.post?.responses['200'], 'the admin routes too, with their answers');
  t.same((await app.inject({ url: '/typed' })).json(), { a: 'x' }, 'the app\'s route is serialized by its schema, not by the mock\'s JSON.stringify');
  t.same((await app.inject(swap('/hw'))).json(), { code: '', message: 'success' });
});

t.test('mounted at the root of an app with its own OpenAPI document: the wrong-method stand-in routes are not documented', async (t) => {
  const app = await hostApp(t, {}, (host) => {
    void host.register(swagger, { openapi: { info: { title: 'host', version: '1.0.0' } } });
  });
  const paths = (app.swagger() as unknown as { paths: Record<string, Record<string, unknown>> }).paths;
  t.same(Object.keys(paths['/v1.0/{project_id}/instances/{instance_id}/swap'] ?? {}), ['put'], 'the swap path documents PUT only');
  assertGatewayError(t, await app.inject({ method: 'DELETE', url: swap().url }), 404, 'APIGW.0101');
});
