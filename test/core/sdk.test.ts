/**
 * A real client: the official Node SDK core (@huaweicloud/huaweicloud-sdk-core) signs
 * requests to the DCS swap and the DWS switchover over a real socket, as user code would.
 * The package writes under $HOME/.huaweicloud, so HOME points at a temporary folder.
 */
import t, { type Test } from 'tap';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { buildApp } from '../../src/app.js';
import { DEV_CREDENTIAL } from '../../src/auth/authenticator.js';
import { formatSdkDate } from '../../src/auth/signature.js';
import { checkResponses, defaultScenario, PROJECT, DEFAULT_IDS, DWS_IDS } from '../helper.js';

process.env.HOME = mkdtempSync(join(tmpdir(), 'hw-mock-sdk-home-'));
const require = createRequire(import.meta.url);
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core');
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder');
// The SDK logs every error answer it gets to stdout; the 401s below are expected, so it stays quiet.
require('@huaweicloud/huaweicloud-sdk-core/logger/log4jLogger').Logger4jInstance.level = 'off';

interface SdkError { httpStatusCode?: number; errorCode?: string; errorMsg?: string; requestId?: string }

async function server(t: Test, authMode: 'lenient' | 'strict') {
  const app = await buildApp({ scenario: await defaultScenario(), authMode });
  checkResponses(t, app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  return { app, endpoint: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

function client(endpoint: string, sk = DEV_CREDENTIAL.sk) {
  const credential = new BasicCredentials().withAk(DEV_CREDENTIAL.ak).withSk(sk).withProjectId(PROJECT);
  return new ClientBuilder((hc: unknown) => hc).withEndpoint(endpoint).withCredential(credential).build();
}

const swap = (headers: Record<string, string> = {}) => ({
  method: 'PUT', url: '/v1.0/{project_id}/instances/{instance_id}/swap', contentType: 'application/json',
  queryParams: {}, pathParams: { instance_id: DEFAULT_IDS.healthy }, headers,
});
const switchover = (headers: Record<string, string> = {}) => ({
  method: 'POST', url: '/v1.0/{project_id}/clusters/{cluster_id}/switchover', contentType: 'application/json',
  queryParams: {}, pathParams: { cluster_id: DWS_IDS.unbalanced }, headers,
});

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (err) {
    return err as SdkError;
  }
  throw new Error('the call succeeded');
}

t.test('the right key: the DCS swap and the DWS switchover answer 200; the journal names the AK', async (t) => {
  const { app, endpoint } = await server(t, 'strict');
  const hc = client(endpoint);
  const swapped = await hc.sendRequest(swap());
  t.match(swapped, { httpStatusCode: 200, code: '', message: 'success' });
  const switched = await hc.sendRequest(switchover());
  t.match(switched, { httpStatusCode: 200 });
  t.same(app.mock.journal.entries().map((e) => [e.operation, e.status, e.caller]), [['dcs.swap', 200, DEV_CREDENTIAL.ak], ['dws.switchover', 200, DEV_CREDENTIAL.ak]]);
});

t.test('a wrong SK → 401 APIGW.0301, surfaced by the SDK with the request id', async (t) => {
  const { endpoint } = await server(t, 'lenient');
  for (const call of [swap(), switchover()]) {
    const err = await failure(client(endpoint, 'not-the-secret-0000000000000000000000000').sendRequest(call));
    t.equal(err.httpStatusCode, 401);
    t.equal(err.errorCode, 'APIGW.0301');
    t.match(err.errorMsg, /verify aksk signature fail/);
    t.match(err.requestId, /^[0-9a-f]{32}$/);
  }
});

t.test('a date 20 minutes off → 401 signature expired', async (t) => {
  const { endpoint } = await server(t, 'lenient');
  const date = formatSdkDate(Date.now() - 20 * 60_000);
  for (const call of [swap({ 'X-Sdk-Date': date }), switchover({ 'X-Sdk-Date': date })]) {
    const err = await failure(client(endpoint).sendRequest(call));
    t.equal(err.httpStatusCode, 401);
    t.equal(err.errorMsg, 'Incorrect IAM authentication information: calc ak sk signature fail:signature expired');
  }
});

t.test('unsigned in strict mode → 401 x-auth-token not found', async (t) => {
  const { endpoint } = await server(t, 'strict');
  for (const [method, path] of [['PUT', `/v1.0/${PROJECT}/instances/${DEFAULT_IDS.healthy}/swap`], ['POST', `/v1.0/${PROJECT}/clusters/${DWS_IDS.unbalanced}/switchover`]]) {
    const res = await fetch(endpoint + path, { method, headers: { 'content-type': 'application/json' } });
    t.equal(res.status, 401);
    const body = await res.json();
    t.same(body, { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information: x-auth-token not found', request_id: res.headers.get('x-request-id') });
  }
});
