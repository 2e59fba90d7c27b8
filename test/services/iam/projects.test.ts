/**
 * IAM's project lookup (`GET /v3/projects`), the SDK core's fallback routes (`GET /v3/regions`,
 * `GET /v3/auth/domains`, `POST /v3/projects`), and project names: every status, exact bodies.
 */
import t from 'tap';
import { buildApp } from '../../../src/app.js';
import { ManualClock } from '../../../src/core/clock.js';
import { iam } from '../../../src/services/index.js';
import { projectNames } from '../../../src/scenario/build.js';
import { build, checkResponses, assertGatewayError, PROJECT, OTHER_PROJECT, T0 } from '../../helper.js';
import { AK, REGION, assertKeystoneError, iamScenario, signed } from './fixtures/iam.js';

const base = 'http://localhost:80';

t.test('GET /v3/projects?name=<region>, signed as the SDK core signs it ({} body): 200 with the one project named after the region', async (t) => {
  const { app } = await build(t, iamScenario({ auth: { mode: 'strict' } }));
  const url = `/v3/projects?name=${REGION}`;
  const res = await app.inject({ method: 'GET', url, headers: signed('GET', url, { body: '{}' }), payload: '{}' });
  t.equal(res.statusCode, 200);
  const domain = app.mock.model(iam).domain.id;
  t.match(domain, /^[0-9a-f]{32}$/);
  t.same(res.json(), {
    links: { self: `${base}${url}`, previous: null, next: null },
    projects: [{ is_domain: false, description: '', links: { self: `${base}/v3/projects/${PROJECT}` }, enabled: true, id: PROJECT, parent_id: domain, domain_id: domain, name: REGION }],
  });
  t.same(app.mock.journal.entries().map((e) => [e.operation, e.status, e.caller, e.project]), [['iam.listProjects', 200, AK, null]]);
});

t.test('the signature covers a GET body: {} sent but not signed → 401 signature mismatch', async (t) => {
  const { app } = await build(t, iamScenario());
  const url = `/v3/projects?name=${REGION}`;
  assertGatewayError(t, await app.inject({ method: 'GET', url, headers: signed('GET', url), payload: '{}' }), 401, 'APIGW.0301', 'Incorrect IAM authentication information: verify aksk signature fail, the signature does not match');
});

t.test('a GET body over the body limit → 413 APIGW.0201', async (t) => {
  const app = await buildApp({ scenario: iamScenario(), clock: new ManualClock(T0), bodyLimit: 16 });
  checkResponses(t, app);
  t.teardown(() => app.close());
  checkResponses(t, app);
  const body = JSON.stringify({ padding: 'x'.repeat(64) });
  assertGatewayError(t, await app.inject({ method: 'GET', url: '/v3/projects', headers: signed('GET', '/v3/projects', { body }), payload: body }), 413, 'APIGW.0201', 'Request entity too large.');
});

t.test('all projects, then each filter; sub-projects name their region\'s project as parent', async (t) => {
  const { app } = await build(t, iamScenario());
  const domain = app.mock.model(iam).domain.id;
  const list = async (query: string) => (await app.inject({ url: `/v3/projects${query}` })).json();
  const all = await list('');
  t.same(all.links, { self: `${base}/v3/projects`, previous: null, next: null });
  t.same(all.projects.map((p: { id: string; name: string; parent_id: string }) => [p.id, p.name, p.parent_id]), [
    [PROJECT, REGION, domain],
    [OTHER_PROJECT, `${REGION}_${OTHER_PROJECT.slice(0, 8)}`, PROJECT],
  ]);
  const ids = async (query: string) => (await list(query)).projects.map((p: { id: string }) => p.id);
  t.same(await ids(`?name=${REGION}_${OTHER_PROJECT.slice(0, 8)}`), [OTHER_PROJECT]);
  t.same(await ids('?name=eu-west-0'), [], 'no project of that name: an empty list, 200');
  t.same(await ids(`?domain_id=${domain}`), [PROJECT, OTHER_PROJECT]);
  t.same(await ids(`?domain_id=${'0'.repeat(32)}`), []);
  t.same(await ids(`?parent_id=${PROJECT}`), [OTHER_PROJECT]);
  t.same(await ids('?enabled=true'), [PROJECT, OTHER_PROJECT]);
  t.same(await ids('?enabled=false'), []);
  t.same(await ids('?is_domain=true'), []);
  t.same(await ids('?page=2&per_page=1'), [OTHER_PROJECT]);
  t.same(await ids('?page=3&per_page=1'), []);
  t.same((await list(`?name=${REGION}&enabled=true`)).links.self, `${base}/v3/projects?name=${REGION}&enabled=true`);
});

t.test('a malformed query → 400 in Keystone\'s shape, naming the field', async (t) => {
  const { app } = await build(t, iamScenario());
  assertKeystoneError(t, await app.inject({ url: '/v3/projects?per_page=0' }), 400, 'Bad Request', "Invalid input for field 'per_page'.");
  assertKeystoneError(t, await app.inject({ url: '/v3/projects?enabled=maybe' }), 400, 'Bad Request', "Invalid input for field 'enabled'.");
  assertKeystoneError(t, await app.inject({ url: '/v3/projects?page=1.5' }), 400, 'Bad Request', "Invalid input for field 'page'.");
});

t.test('credentials: strict mode unsigned → 401; an unknown AK → 401; a denied action → 403; a token → 200', async (t) => {
  const { app } = await build(t, iamScenario({ auth: { mode: 'strict', credentials: [{ ak: AK, sk: 'iam-test-secret-key-0000000000000000000001', deny: ['iam:projects:list'] }] } }));
  assertGatewayError(t, await app.inject({ url: '/v3/projects' }), 401, 'APIGW.0301', 'Incorrect IAM authentication information: x-auth-token not found');
  assertGatewayError(t, await app.inject({ url: '/v3/projects', headers: signed('GET', '/v3/projects', { ak: 'NOSUCHACCESSKEY00001' }) }), 401, 'APIGW.0301', 'Incorrect IAM authentication information: Get secretKey failed,ak:NOSUCHACCESSKEY00001,err:ak not exist');
  assertGatewayError(t, await app.inject({ url: '/v3/projects', headers: signed('GET', '/v3/projects') }), 403, 'APIGW.0302', 'The IAM user is not authorized to access the API.');
  t.equal((await app.inject({ url: '/v3/regions', headers: signed('GET', '/v3/regions') })).statusCode, 200, 'other IAM actions stay allowed');
  t.equal((await app.inject({ url: '/v3/projects', headers: { 'x-auth-token': 'MIIDevToken.hw-mock.development-only' } })).statusCode, 200);
});

t.test('fault rules answer in Keystone\'s shape, with the status answered', async (t) => {
  const { app } = await build(t, iamScenario({ rules: [{ operation: 'iam.listProjects', action: { status: 503 } }, { operation: 'iam.listRegions', action: { status: 418, error_code: 'Teapot', error_msg: 'No.' } }] }));
  assertKeystoneError(t, await app.inject({ url: '/v3/projects' }), 503, 'Service Unavailable', 'The service is unavailable.');
  assertKeystoneError(t, await app.inject({ url: '/v3/regions' }), 418, 'Teapot', 'No.');
});

t.test('GET /v3/regions and GET /v3/auth/domains: the scenario\'s region and its account', async (t) => {
  const { app } = await build(t, iamScenario({ region: 'ap-southeast-1', auth: { domain: 'acme' } }));
  const domain = app.mock.model(iam).domain;
  t.equal(domain.name, 'acme');
  const regions = await app.inject({ url: '/v3/regions', headers: signed('GET', '/v3/regions', { body: '{}' }), payload: '{}' });
  t.equal(regions.statusCode, 200);
  t.same(regions.json(), {
    links: { self: `${base}/v3/regions`, previous: null, next: null },
    regions: [{ description: '', id: 'ap-southeast-1', links: { self: `${base}/v3/regions/ap-southeast-1` }, locales: { 'zh-cn': 'ap-southeast-1', 'en-us': 'ap-southeast-1' }, parent_region_id: null, type: 'public' }],
  });
  const domains = await app.inject({ url: '/v3/auth/domains', headers: signed('GET', '/v3/auth/domains', { body: '{}' }), payload: '{}' });
  t.equal(domains.statusCode, 200);
  t.same(domains.json(), {
    domains: [{ description: '', enabled: true, id: domain.id, links: { self: `${base}/v3/domains/${domain.id}` }, name: 'acme' }],
    links: { self: `${base}/v3/auth/domains` },
  });
  t.same((await app.inject({ url: '/v3/projects?name=ap-southeast-1' })).json().projects.map((p: { id: string }) => p.id), [PROJECT]);
});

t.test('POST /v3/projects (the SDK\'s last fallback): refused, 403 naming the project to declare; 409 for a name taken; 400 for a bad body', async (t) => {
  const { app } = await build(t, iamScenario());
  const before = JSON.stringify((await app.inject({ url: '/v3/projects' })).json());
  const create = (payload: unknown) => app.inject({ method: 'POST', url: '/v3/projects', headers: { 'content-type': 'application/json;charset=UTF-8' }, payload: payload as string });
  assertKeystoneError(t, await create(JSON.stringify({ project: { name: 'eu-west-0', domain_id: app.mock.model(iam).domain.id } })), 403, 'Forbidden', 'The mock does not create projects: declare a project named eu-west-0 in the scenario (projects[].name).');
  assertKeystoneError(t, await create(JSON.stringify({ project: { name: REGION } })), 409, 'Conflict', `Conflict occurred attempting to store project: a project named ${REGION} exists.`);
  assertKeystoneError(t, await create('{"project":'), 400, 'Bad Request', 'The request body is invalid.');
  assertKeystoneError(t, await create(''), 400, 'Bad Request', 'The request body is invalid.');
  assertKeystoneError(t, await create(JSON.stringify({ project: {} })), 400, 'Bad Request', "Invalid input for field 'project.name'.");
  t.equal(JSON.stringify((await app.inject({ url: '/v3/projects' })).json()), before, 'nothing created');
});

t.test('a method a path does not define → 404 APIGW.0101 "The API does not exist."', async (t) => {
  const { app } = await build(t, iamScenario());
  assertGatewayError(t, await app.inject({ method: 'DELETE', url: '/v3/projects' }), 404, 'APIGW.0101', 'The API does not exist.');
  assertGatewayError(t, await app.inject({ method: 'GET', url: '/v3/auth/tokens' }), 404, 'APIGW.0101', 'The API does not exist.');
});

t.test('project names: given, the region for the first unnamed one, <region>_<id8> for the others', async (t) => {
  const P = (n: number) => `${String(n).repeat(8)}${'a'.repeat(24)}`;
  const names = (projects: unknown[], region?: string) => [...projectNames({ projects: projects as never, ...(region ? { region } : {}) }).values()];
  t.same(names([{ id: P(1) }, { id: P(2) }]), ['cn-north-4', 'cn-north-4_22222222']);
  t.same(names([{ id: P(1) }, { id: P(2), name: 'cn-north-4' }]), ['cn-north-4_11111111', 'cn-north-4'], 'a project named after the region keeps it');
  t.same(names([{ id: P(1), name: 'prod' }, { id: P(2) }], 'eu-west-101'), ['prod', 'eu-west-101']);
  const { app } = await build(t, iamScenario({ projects: [{ id: OTHER_PROJECT }, { id: PROJECT, name: REGION }] }));
  t.same((await app.inject({ url: `/v3/projects?name=${REGION}` })).json().projects.map((p: { id: string }) => p.id), [PROJECT]);
  t.same((await app.inject({ url: '/_mock/state' })).json().projects.map((p: { id: string; name: string }) => [p.id, p.name]), [[OTHER_PROJECT, `${REGION}_${OTHER_PROJECT.slice(0, 8)}`], [PROJECT, REGION]]);
});
