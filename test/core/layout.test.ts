/**
 * The service-module layout holds: the core names no service, every emulated route goes
 * through the pipeline, a mock can run a subset of the services (and refuses the others'
 * scenario keys), and a new service plugs in with nothing but its own declaration.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Type } from '@sinclair/typebox';
import { buildApp, validateScenario, ScenarioError, type AnyService } from '../../src/index.js';
import { ServiceRegistry } from '../../src/core/registry.js';
import { ok } from '../../src/core/service.js';
import { ManualClock } from '../../src/core/clock.js';
import { ALL_SERVICES, dcs, dws } from '../../src/services/index.js';
import { gadgets } from '../fixtures/gadgets.js';
import { checkResponses, scenarioOf, defaultScenario, assertGatewayError, PROJECT, T0, DEFAULT_IDS as ID, DWS_IDS } from '../helper.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

t.test('the shared core names no service: the grep of the layout issue prints nothing', async (t) => {
  const grep = spawnSync('grep', ['-rnE', '\\b(dcs|dws|DCS|DWS|Dcs|Dws)\\b|instance_id|cluster_id', 'src', '--exclude-dir=services'], { cwd: ROOT, encoding: 'utf8' });
  t.equal(grep.stdout, '', 'no service named outside src/services');
  t.equal(grep.status, 1, 'grep found nothing (exit 1), and did not fail');
});

t.test('the registry lists exactly the service folders, each under its own name', async (t) => {
  const folders = readdirSync(new URL('../../src/services/', import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  t.same(ALL_SERVICES.map((s) => s.name).sort(), folders);
});

t.test('every emulated route is bound to its operation and to the pipeline; every operation has one route', async (t) => {
  const app = await buildApp({ scenario: await defaultScenario(), clock: new ManualClock(T0) });
  t.teardown(() => app.close());
  checkResponses(t, app);
  await app.ready();
  const emulated = app.mock.routes.filter((r) => !r.url.startsWith('/_mock'));
  t.ok(emulated.length > 20, `${emulated.length} emulated routes`);
  for (const r of emulated) t.ok(r.pipeline, `${r.method} ${r.url} goes through the pipeline`);
  const declared = ALL_SERVICES.flatMap((s) => Object.keys(s.operations)).sort();
  const bound = emulated.filter((r) => r.operation !== null && r.method !== 'HEAD').map((r) => r.operation).sort();
  t.same(bound, declared, 'each declared operation has exactly one route (HEAD aside), and no route names another');
  t.notOk(app.mock.routes.some((r) => r.url.startsWith('/_mock') && r.pipeline), 'the admin API is not an emulated API');
});

t.test('a service can only declare routes through define, and define checks what it is given', async (t) => {
  const scenario = scenarioOf({ name: 'x', projects: [{ id: PROJECT }] }, 'x', [gadgets]);
  const variant = (routes: AnyService['routes']): AnyService => ({ ...gadgets, routes });
  const params = Type.Object({ project_id: Type.String() });
  const route = (url: string) => ({ method: 'GET' as const, url, summary: 's', params, response: {} });
  await t.rejects(buildApp({ scenario, services: [variant((r) => r.define('gadgets.nope', route('/a/:project_id'), () => ok({})))] }), /names operation gadgets\.nope, which the service does not declare/);
  await t.rejects(buildApp({ scenario, services: [variant((r) => {
    r.define('gadgets.get', route('/a/:project_id'), () => ok({}));
    r.define('gadgets.get', route('/b/:project_id'), () => ok({}));
  })] }), /operation gadgets\.get has two routes/);
  await t.rejects(buildApp({ scenario, services: [variant((r) => r.define('gadgets.get', route('/a/:project_id'), () => ok({})))] }), /operations without a route: gadgets\.explode/);
  t.throws(() => new ServiceRegistry([dcs, dcs]), /service name "dcs" is taken/);
  t.throws(() => new ServiceRegistry([{ ...gadgets, operations: { 'other.get': { iamAction: 'x:y:z' } } } as AnyService]), /expected the prefix "gadgets\."/);
  t.throws(() => new ServiceRegistry([]), /at least one service/);
});

t.test('a DCS-only mock: its scenario schema refuses clusters and every DWS key; DWS routes do not exist', async (t) => {
  const only = [dcs];
  const issues = (doc: unknown) => {
    const r = validateScenario(doc, 'x.yaml', only);
    return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
  };
  const base = { name: 'dcs-only', projects: [{ id: PROJECT, instances: [{ id: ID.healthy }] }] };
  t.same(issues(base), [], 'a DCS scenario loads');
  t.same(issues({ ...base, projects: [{ id: PROJECT, clusters: [{ id: DWS_IDS.unbalanced }] }] }), ['projects[0].clusters: unknown key']);
  t.same(issues({ ...base, timings: { dws: { switchoverSeconds: 1 } } }), ['timings.dws: unknown key']);
  t.same(issues({ ...base, options: { dws: { balancedSwitchover: 'ok' } } }), ['options.dws: unknown key']);
  t.match(issues({ ...base, rules: [{ operation: 'dws.switchover', action: { status: 500 } }] }), [/^rules\[0\]\.operation: expected an operation or a list of them: dcs\.swap, .*, \*, got "dws\.switchover"$/]);
  t.match(issues({ ...base, events: [{ at: 1, action: 'failNode', cluster: DWS_IDS.unbalanced, node: 0 }] }).sort(), [/^events\[0\]\.action: expected one of breakReplication, .*, got "failNode"$/, 'events[0].cluster: unknown key', 'events[0].node: unknown key']);
  t.match(issues({ ...base, auth: { credentials: [{ ak: 'AKAKAKAKAKAK', sk: 'secretsecret', deny: ['dws:cluster:switchover'] }] } }), [/^auth\.credentials\[0\]\.deny\[0\]: expected one of dcs:instance:swap, dcs:instance:get, dcs:instance:list/]);

  const both = await defaultScenario();
  await t.rejects(buildApp({ scenario: both, services: only }), ScenarioError, 'a scenario with clusters does not start a DCS-only mock');
  const error = await buildApp({ scenario: both, services: only }).catch((e: ScenarioError) => e);
  t.same((error as ScenarioError).issues.map((i) => i.path), ['timings.dws', 'options.dws', 'projects[0].clusters'], 'each DWS key is named');

  const app = await buildApp({ scenario: scenarioOf(base, 'x', only), services: only, clock: new ManualClock(T0) });
  t.teardown(() => app.close());
  checkResponses(t, app);
  t.equal((await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${ID.healthy}/swap` })).json().code, '', 'the DCS swap works');
  assertGatewayError(t, await app.inject({ method: 'POST', url: `/v1.0/${PROJECT}/clusters/${DWS_IDS.unbalanced}/switchover` }), 404, 'APIGW.0101');
  const state = (await app.inject({ url: '/_mock/state' })).json();
  t.same(Object.keys(state.projects[0]).sort(), ['id', 'instances', 'jobs']);
  t.same((await app.inject({ url: '/_mock/health' })).json().counts, { projects: 1, instances: 1, jobs: 1, rules: 0, journal: 2 });
  const actions = await app.inject({ method: 'POST', url: '/_mock/actions', payload: { action: 'failNode', cluster: DWS_IDS.unbalanced, node: 0 } });
  t.equal(actions.statusCode, 400);
  t.ok(actions.json().error.issues.some((i: { path: string }) => i.path === 'action'));
  const openapi = (await app.inject({ url: '/_mock/openapi.json' })).json();
  t.notOk(Object.keys(openapi.paths).some((p) => p.includes('clusters')), 'no DWS path in the OpenAPI document');
  t.same(openapi.tags.map((tag: { name: string }) => tag.name), ['DCS', 'mock']);
});

t.test('a DWS-only mock runs the switchover and refuses instances', async (t) => {
  const only = [dws];
  const r = validateScenario({ name: 'x', projects: [{ id: PROJECT, instances: [{ id: ID.healthy }] }] }, 'x', only);
  t.notOk(r.ok);
  if (!r.ok) t.same(r.issues, [{ path: 'projects[0].instances', message: 'unknown key' }]);
  const app = await buildApp({ scenario: scenarioOf({ name: 'x', projects: [{ id: PROJECT, clusters: [{ id: DWS_IDS.unbalanced, failed_nodes: [1] }] }] }, 'x', only), services: only });
  t.teardown(() => app.close());
  checkResponses(t, app);
  t.equal((await app.inject({ method: 'POST', url: `/v1.0/${PROJECT}/clusters/${DWS_IDS.unbalanced}/switchover` })).statusCode, 200);
  assertGatewayError(t, await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${ID.healthy}/swap` }), 404, 'APIGW.0101');
});

t.test('a third service plugs in with its declaration alone: routes, errors, scenario, rules, journal, state', async (t) => {
  const G = '0f0f0f0f-0000-4000-8000-000000000001';
  const services = [...ALL_SERVICES, gadgets];
  const app = await buildApp({
    scenario: scenarioOf({ name: 'three', projects: [{ id: PROJECT, instances: [{ id: ID.healthy }], gadgets: [{ id: G, colour: 'red' }] }], rules: [{ operation: 'gadgets.get', nth: 2, action: { status: 503 } }] }, 'x', services),
    services,
  });
  t.teardown(() => app.close());
  checkResponses(t, app);
  t.same((await app.inject({ url: `/v9/${PROJECT}/gadgets/${G}` })).json(), { id: G, colour: 'red' });
  const faulted = await app.inject({ url: `/v9/${PROJECT}/gadgets/${G}` });
  t.equal(faulted.statusCode, 503);
  t.same(faulted.json(), { gadget_error: 'GDG.500', text: 'The gadget service broke.' }, 'a rule\'s bare status answers in the service\'s own envelope');
  t.same((await app.inject({ url: `/v9/${PROJECT}/gadgets/${ID.healthy}` })).json(), { gadget_error: 'GDG.404', text: 'No such gadget.' });
  t.same((await app.inject({ url: `/v9/${PROJECT}/gadgets/nope` })).json(), { gadget_error: 'GDG.400', text: 'Bad gadget request.' });
  t.equal((await app.inject({ method: 'PUT', url: `/v1.0/${PROJECT}/instances/${ID.healthy}/swap` })).json().code, '', 'the other services still answer');
  const journal = (await app.inject({ url: '/_mock/requests?operation=gadgets.get' })).json();
  t.same(journal.requests.map((e: { resource: string; status: number }) => [e.resource, e.status]), [[G, 200], [G, 503], [ID.healthy, 404], ['nope', 400]]);
  t.match((await app.inject({ url: '/_mock/state' })).json().projects[0], { gadgets: [{ id: G, colour: 'red' }], instances: [{ id: ID.healthy }] });
  t.match((await app.inject({ url: '/_mock/health' })).json().counts, { gadgets: 1, instances: 1, clusters: 0 });
  const bad = validateScenario({ name: 'x', projects: [{ id: PROJECT, instances: [{ id: G }], gadgets: [{ id: G }] }] }, 'x', services);
  t.notOk(bad.ok);
  if (!bad.ok) t.same(bad.issues, [{ path: 'projects[0].gadgets[0].id', message: `duplicate id ${G} (also at projects[0].instances[0].id)` }], 'resource ids are unique across services');
});
