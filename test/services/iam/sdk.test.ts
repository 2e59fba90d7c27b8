/**
 * The official Node SDK core over a real socket, as user code runs it with a credential that
 * has no project id: `withRegion` makes the core ask IAM (`GET /v3/projects?name=<region>`, at
 * the credential's IAM endpoint) for the project id, then the DCS call goes to the project
 * found. Here the mock is both endpoints. Temporary AK/SKs (`withSecurityToken`) go the same way.
 * The package writes under $HOME/.huaweicloud, so HOME points at a temporary folder; its
 * project-id cache is process-wide and keyed by AK, so every test uses its own AK.
 */
import t, { type Test } from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { buildApp } from '../../../src/app.js';
import { checkResponses, scenarioOf, PROJECT, OTHER_PROJECT, DEFAULT_IDS as ID } from '../../helper.js';

process.env.HOME = mkdtempSync(join(tmpdir(), 'hw-mock-sdk-home-'));
const require = createRequire(import.meta.url);
const { BasicCredentials, Region } = require('@huaweicloud/huaweicloud-sdk-core');
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder');
// The SDK logs every error answer it gets to stdout; the refusals below are expected, so it stays quiet.
require('@huaweicloud/huaweicloud-sdk-core/logger/log4jLogger').Logger4jInstance.level = 'off';

interface SdkError { httpStatusCode?: number; errorCode?: unknown; errorMsg?: string; message?: string }

const SK = 'sdk-iam-secret-000000000000000000000001';
const AK = { lookup: 'SDKIAMLOOKUP00000001', other: 'SDKIAMLOOKUP00000002', temporary: 'SDKIAMTEMPORARY00001', noProject: 'SDKIAMNOPROJECT00001', environment: 'SDKIAMENVIRONMENT001' };
const SECURITY_TOKEN = 'sts-token-for-the-sdk-test-0001';

async function server(t: Test, projects: unknown[], region = 'cn-north-4') {
  const scenario = scenarioOf({
    name: 'sdk-iam',
    region,
    auth: {
      mode: 'strict',
      credentials: [
        { ak: AK.lookup, sk: SK }, { ak: AK.other, sk: SK }, { ak: AK.noProject, sk: SK }, { ak: AK.environment, sk: SK },
        { ak: AK.temporary, sk: SK, security_token: SECURITY_TOKEN, expires_at: '2099-01-01T00:00:00.000000Z' },
      ],
    },
    projects,
  });
  const app = await buildApp({ scenario });
  checkResponses(t, app);
  // What arrived on the wire, before the mock reads it.
  const seen: Array<{ method: string; url: string; headers: Record<string, unknown> }> = [];
  app.addHook('onRequest', (request, _reply, done) => {
    seen.push({ method: request.method, url: request.url, headers: { ...request.headers } });
    done();
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  return { app, seen, endpoint: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

const signedHeaders = (headers: Record<string, unknown>) => /SignedHeaders=([^,]+),/.exec(String(headers.authorization))?.[1];

/** A DCS-like client as the generated clients build it, with a credential that has no project id. */
function client(endpoint: string, ak: string, region = 'cn-north-4', securityToken?: string) {
  let credential = new BasicCredentials().withAk(ak).withSk(SK).withIamEndpoint(endpoint);
  if (securityToken) credential = credential.withSecurityToken(securityToken);
  return new ClientBuilder((hc: unknown) => hc).withCredential(credential).withRegion(new Region(region, endpoint)).build();
}

const swap = () => ({
  method: 'PUT', url: '/v1.0/{project_id}/instances/{instance_id}/swap', contentType: 'application/json',
  queryParams: {}, pathParams: { instance_id: ID.healthy }, headers: {},
});

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (err) {
    return err as SdkError;
  }
  throw new Error('the call succeeded');
}

const TWO_PROJECTS = [{ id: PROJECT, instances: [{ id: ID.healthy }] }, { id: OTHER_PROJECT }];

t.test('no project id: the core finds it with GET /v3/projects?name=<region>, then the swap answers 200', async (t) => {
  const { app, seen, endpoint } = await server(t, TWO_PROJECTS);
  const hc = client(endpoint, AK.lookup);
  t.match(await hc.sendRequest(swap()), { httpStatusCode: 200, code: '', message: 'success' });
  t.match(await hc.sendRequest(swap()), { httpStatusCode: 200 }, 'a second call: the core caches the project id');
  const journal = app.mock.journal.entries().map((e) => [e.method, e.path, e.operation, e.status, e.caller]);
  t.same(journal, [
    ['GET', '/v3/projects?name=cn-north-4', 'iam.listProjects', 200, AK.lookup],
    ['PUT', `/v1.0/${PROJECT}/instances/${ID.healthy}/swap`, 'dcs.swap', 200, AK.lookup],
    ['PUT', `/v1.0/${PROJECT}/instances/${ID.healthy}/swap`, 'dcs.swap', 200, AK.lookup],
  ], 'one lookup, signed with the AK/SK (its {} body included), then the swaps in the project found');
  const lookup = seen[0].headers;
  t.same([lookup['content-type'], lookup['content-length'], lookup['x-project-id'], signedHeaders(lookup)], ['application/json', '2', undefined, 'content-type;host;x-sdk-date'], 'the lookup: a {} body, no X-Project-Id');
  t.same([seen[1].headers['x-project-id'], signedHeaders(seen[1].headers)], [PROJECT, 'content-type;host;x-project-id;x-sdk-date'], 'the swap: the project found, in X-Project-Id');
});

t.test('the IAM endpoint from the environment (HUAWEICLOUD_SDK_IAM_ENDPOINT), credentials too: the same lookup', async (t) => {
  const { app, endpoint } = await server(t, TWO_PROJECTS);
  const env = { HUAWEICLOUD_SDK_AK: AK.environment, HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_IAM_ENDPOINT: endpoint };
  Object.assign(process.env, env);
  t.teardown(() => {
    for (const key of Object.keys(env)) delete process.env[key];
  });
  const hc = new ClientBuilder((h: unknown) => h).withRegion(new Region('cn-north-4', endpoint)).build();
  t.match(await hc.sendRequest(swap()), { httpStatusCode: 200, code: '' });
  t.same(app.mock.journal.entries().map((e) => [e.operation, e.status, e.caller, e.project]), [['iam.listProjects', 200, AK.environment, null], ['dcs.swap', 200, AK.environment, PROJECT]]);
});

t.test('a project named after the region in the scenario is the one found', async (t) => {
  const { app, endpoint } = await server(t, [{ id: OTHER_PROJECT }, { id: PROJECT, name: 'cn-north-4', instances: [{ id: ID.healthy }] }]);
  t.match(await client(endpoint, AK.other).sendRequest(swap()), { httpStatusCode: 200 });
  t.equal(app.mock.journal.entries()[1].project, PROJECT);
});

t.test('a temporary AK/SK: the core sends and signs X-Security-Token on the lookup and the swap', async (t) => {
  const { app, seen, endpoint } = await server(t, TWO_PROJECTS);
  t.match(await client(endpoint, AK.temporary, 'cn-north-4', SECURITY_TOKEN).sendRequest(swap()), { httpStatusCode: 200 });
  t.same(app.mock.journal.entries().map((e) => [e.operation, e.status, e.caller]), [['iam.listProjects', 200, AK.temporary], ['dcs.swap', 200, AK.temporary]]);
  t.same(seen.map((r) => [r.headers['x-security-token'], signedHeaders(r.headers)]), [
    [SECURITY_TOKEN, 'content-type;host;x-sdk-date;x-security-token'],
    [SECURITY_TOKEN, 'content-type;host;x-project-id;x-sdk-date;x-security-token'],
  ]);
  const missing = await failure(client(endpoint, 'SDKIAMTEMPORARY00001', 'cn-north-4').sendRequest(swap()));
  t.same([missing.httpStatusCode, missing.errorMsg], [401, 'Incorrect IAM authentication information: x-security-token not found'], 'without its token (project id cached): the swap is refused');
});

t.test('no project named after the region: the core\'s fallback ends in a clear refusal of POST /v3/projects', async (t) => {
  const { app, endpoint } = await server(t, [{ id: PROJECT, name: 'cn-north-4_sub', instances: [{ id: ID.healthy }] }]);
  const err = await failure(client(endpoint, AK.noProject).sendRequest(swap()));
  t.equal(err.httpStatusCode, 403);
  t.equal(err.errorMsg, 'The mock does not create projects: declare a project named cn-north-4 in the scenario (projects[].name).');
  t.same(app.mock.journal.entries().map((e) => [e.method, e.path, e.operation, e.status]), [
    ['GET', '/v3/projects?name=cn-north-4', 'iam.listProjects', 200],
    ['GET', '/v3/regions', 'iam.listRegions', 200],
    ['GET', '/v3/auth/domains', 'iam.listAuthDomains', 200],
    ['POST', '/v3/projects', 'iam.createProject', 403],
  ]);
});
