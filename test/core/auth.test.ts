/** Authentication through the HTTP routes: bodies, statuses, tenancy answers per API, journal callers. */
import t, { type Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { ManualClock } from '../../src/core/clock.js';
import { formatSdkDate, signRequest } from '../../src/auth/signature.js';
import { DEV_CREDENTIAL, DEV_TOKEN } from '../../src/auth/authenticator.js';
import { checkResponses, scenarioOf, snapshot, assertGatewayError, assertDcsError, assertDwsError, PROJECT, OTHER_PROJECT, T0, DEFAULT_IDS as ID, DWS_IDS } from '../helper.js';

const AK = 'SCENARIOAK0000000001', SK = 'scenario-secret-0000000000000000000000001';

async function app(t: Test, mode?: 'off' | 'lenient' | 'strict', builtin = true) {
  const scenario = scenarioOf({
    name: 'auth',
    auth: {
      builtin,
      credentials: [{ ak: AK, sk: SK, projects: [PROJECT], deny: ['dws:cluster:switchover'] }],
      tokens: [
        { token: 'MIItoken-for-project-p', id: 'tok-p', project: PROJECT, expires_at: '2030-01-01T00:00:00.000Z' },
        { token: 'MIItoken-expired-0001', id: 'tok-old', project: PROJECT, expires_at: '2025-01-01T00:00:00.000Z' },
      ],
    },
    projects: [
      { id: PROJECT, instances: [{ id: ID.healthy }], clusters: [{ id: DWS_IDS.unbalanced, version: '8.1.1.202', failed_nodes: [1] }] },
      { id: OTHER_PROJECT, instances: [{ id: ID.broken }], clusters: [{ id: DWS_IDS.balanced }] },
    ],
  });
  const a = await buildApp({ scenario, clock: new ManualClock(T0), authMode: mode });
  t.teardown(() => a.close());
  checkResponses(t, a);
  return a;
}

const swapUrl = (project = PROJECT, id: string = ID.healthy) => `/v1.0/${project}/instances/${id}/swap`;
function signedHeaders(method: string, url: string, ak = AK, sk = SK, date = T0, extra: Record<string, string> = {}) {
  const headers = { host: 'localhost:80', 'content-type': 'application/json', ...extra };
  return { ...headers, ...signRequest({ method, url, headers }, ak, sk, formatSdkDate(date)) };
}

t.test('signed with the right key → 200; the journal names the AK and holds no secret', async (t) => {
  const a = await app(t);
  const res = await a.inject({ method: 'PUT', url: swapUrl(), headers: signedHeaders('PUT', swapUrl()) });
  t.equal(res.statusCode, 200);
  t.equal(res.json().code, '');
  const entry = a.mock.journal.entries()[0];
  t.equal(entry.caller, AK);
  t.notMatch(JSON.stringify(a.mock.journal.entries()), new RegExp(`${SK}|Signature=`), 'neither the SK nor the signature');
});

t.test('wrong SK → 401 APIGW.0301 with request_id = X-Request-Id; model unchanged', async (t) => {
  const a = await app(t);
  const before = snapshot(a);
  const res = await a.inject({ method: 'PUT', url: swapUrl(), headers: signedHeaders('PUT', swapUrl(), AK, 'wrong-secret-00000000000000000000000000') });
  assertGatewayError(t, res, 401, 'APIGW.0301', 'Incorrect IAM authentication information: verify aksk signature fail, the signature does not match');
  t.equal(snapshot(a), before);
});

t.test('date 20 minutes off the mock\'s clock → 401 signature expired', async (t) => {
  const a = await app(t);
  const res = await a.inject({ method: 'POST', url: `/v1.0/${PROJECT}/clusters/${DWS_IDS.unbalanced}/switchover`, headers: signedHeaders('POST', `/v1.0/${PROJECT}/clusters/${DWS_IDS.unbalanced}/switchover`, AK, SK, T0 - 20 * 60_000) });
  assertGatewayError(t, res, 401, 'APIGW.0301', 'Incorrect IAM authentication information: calc ak sk signature fail:signature expired');
});

t.test('strict: unsigned → 401 x-auth-token not found; lenient: let in; off: even bad credentials pass', async (t) => {
  const strict = await app(t, 'strict');
  assertGatewayError(t, await strict.inject({ method: 'PUT', url: swapUrl() }), 401, 'APIGW.0301', 'Incorrect IAM authentication information: x-auth-token not found');
  assertGatewayError(t, await strict.inject({ url: `/v1.0/${PROJECT}/clusters` }), 401, 'APIGW.0301');
  t.equal((await strict.inject({ url: '/_mock/health' })).statusCode, 200, 'the admin API is not behind the gateway');
  const lenient = await app(t);
  t.equal((await lenient.inject({ method: 'PUT', url: swapUrl() })).statusCode, 200);
  const off = await app(t, 'off');
  t.equal((await off.inject({ method: 'PUT', url: swapUrl(), headers: { authorization: 'SDK-HMAC-SHA256 Access=X, SignedHeaders=x-sdk-date, Signature=00' } })).statusCode, 200);
});

t.test('tokens: valid → 200 (caller is the token id); unknown; expired with its time', async (t) => {
  const a = await app(t, 'strict');
  t.equal((await a.inject({ method: 'PUT', url: swapUrl(), headers: { 'x-auth-token': 'MIItoken-for-project-p' } })).statusCode, 200);
  t.equal(a.mock.journal.entries()[0].caller, 'tok-p');
  assertGatewayError(t, await a.inject({ method: 'PUT', url: swapUrl(), headers: { 'x-auth-token': 'MIInot-a-token' } }), 401, 'APIGW.0301', 'Incorrect IAM authentication information: decrypt token fail');
  assertGatewayError(t, await a.inject({ method: 'PUT', url: swapUrl(), headers: { 'x-auth-token': 'MIItoken-expired-0001' } }), 401, 'APIGW.0301', 'Incorrect IAM authentication information: token expires, expires_at: 2025-01-01T00:00:00.000Z');
  t.notMatch(JSON.stringify(a.mock.journal.entries()), /MIItoken/, 'no token value in the journal');
});

t.test('a token or AK of another project: DCS 401 DCS.1004, DWS 403 DWS.0015; X-Project-Id must match the path', async (t) => {
  const a = await app(t);
  const before = snapshot(a);
  assertDcsError(t, await a.inject({ method: 'PUT', url: swapUrl(OTHER_PROJECT, ID.broken), headers: { 'x-auth-token': 'MIItoken-for-project-p' } }), 401, 'DCS.1004', 'Project ID does not match the token.');
  assertDwsError(t, await a.inject({ method: 'POST', url: `/v1.0/${OTHER_PROJECT}/clusters/${DWS_IDS.balanced}/switchover`, headers: { 'x-auth-token': 'MIItoken-for-project-p' } }), 403, 'DWS.0015', 'Resource not found or permission denied.');
  const url = swapUrl(OTHER_PROJECT, ID.broken);
  assertDcsError(t, await a.inject({ method: 'PUT', url, headers: signedHeaders('PUT', url) }), 401, 'DCS.1004');
  assertDcsError(t, await a.inject({ method: 'PUT', url: swapUrl(), headers: signedHeaders('PUT', swapUrl(), AK, SK, T0, { 'x-project-id': OTHER_PROJECT }) }), 401, 'DCS.1004');
  t.equal(snapshot(a), before);
});

t.test('tenancy: signed for one project, another project\'s resource under its own path is 404', async (t) => {
  const a = await app(t);
  const url = swapUrl(PROJECT, ID.broken);
  assertDcsError(t, await a.inject({ method: 'PUT', url, headers: signedHeaders('PUT', url) }), 404, 'DCS.3022');
  const curl = `/v1.0/${PROJECT}/clusters/${DWS_IDS.balanced}`;
  assertDwsError(t, await a.inject({ url: curl, headers: signedHeaders('GET', curl) }), 404, 'DWS.0047');
});

t.test('an action denied to the credential → 403 APIGW.0302', async (t) => {
  const a = await app(t);
  const url = `/v1.0/${PROJECT}/clusters/${DWS_IDS.unbalanced}/switchover`;
  assertGatewayError(t, await a.inject({ method: 'POST', url, headers: signedHeaders('POST', url) }), 403, 'APIGW.0302', 'The IAM user is not authorized to access the API.');
  const read = `/v1.0/${PROJECT}/clusters/${DWS_IDS.unbalanced}`;
  t.equal((await a.inject({ url: read, headers: signedHeaders('GET', read) })).statusCode, 200, 'reading is allowed');
});

t.test('built-in development credentials work at once, and can be switched off', async (t) => {
  const a = await app(t, 'strict');
  const url = swapUrl();
  t.equal((await a.inject({ method: 'PUT', url, headers: signedHeaders('PUT', url, DEV_CREDENTIAL.ak, DEV_CREDENTIAL.sk) })).statusCode, 200);
  t.equal((await a.inject({ url: `/v1.0/${OTHER_PROJECT}/instances`, headers: { 'x-auth-token': DEV_TOKEN.token } })).statusCode, 200);
  const none = await app(t, 'strict', false);
  assertGatewayError(t, await none.inject({ method: 'PUT', url, headers: signedHeaders('PUT', url, DEV_CREDENTIAL.ak, DEV_CREDENTIAL.sk) }), 401, 'APIGW.0301', `Incorrect IAM authentication information: Get secretKey failed,ak:${DEV_CREDENTIAL.ak},err:ak not exist`);
});

t.test('auth comes before fault rules: a refused credential never reaches a rule', async (t) => {
  const a = await app(t);
  await a.inject({ method: 'POST', url: '/_mock/rules', payload: { id: 'r', operation: 'dcs.swap', action: { status: 500 } } });
  assertGatewayError(t, await a.inject({ method: 'PUT', url: swapUrl(), headers: { 'x-auth-token': 'MIInope-token' } }), 401, 'APIGW.0301');
  t.equal(a.mock.rules.list()[0].seen, 0);
});

t.test('auth section of a scenario: bad values refused with their paths', async (t) => {
  const { validateScenario } = await import('../../src/index.js');
  const base = (auth: unknown) => ({ name: 'x', projects: [{ id: PROJECT }], auth });
  const cases: Array<[unknown, string]> = [
    [{ mode: 'loose' }, 'auth.mode'],
    [{ credentials: [{ ak: 'short', sk: 'longenough' }] }, 'auth.credentials[0].ak'],
    [{ credentials: [{ ak: AK, sk: SK, deny: ['dcs:instance:explode'] }] }, 'auth.credentials[0].deny[0]'],
    [{ credentials: [{ ak: AK, sk: SK }, { ak: AK, sk: SK }] }, 'auth.credentials[1].ak'],
    [{ credentials: [{ ak: AK, sk: SK, projects: ['nope'] }] }, 'auth.credentials[0].projects[0]'],
    [{ tokens: [{ token: 'MIItoken-0001', project: PROJECT, expires_at: '2030-13-45T00:00:00Z' }] }, 'auth.tokens[0].expires_at'],
    [{ tokens: [{ token: 'MIItoken-0001', project: PROJECT }] }, 'auth.tokens[0].expires_at'],
    [{ secret: 1 }, 'auth.secret'],
    [{ credentials: [{ ak: AK, sk: SK, security_token: 'sts-token-0001' }] }, 'auth.credentials[0].expires_at'],
    [{ credentials: [{ ak: AK, sk: SK, expires_at: '2030-01-01T00:00:00Z' }] }, 'auth.credentials[0].expires_at'],
    [{ credentials: [{ ak: AK, sk: SK, security_token: 'sts-token-0001', expires_at: '2030-13-45T00:00:00Z' }] }, 'auth.credentials[0].expires_at'],
  ];
  for (const [auth, path] of cases) {
    const r = validateScenario(base(auth), 'x');
    t.notOk(r.ok, JSON.stringify(auth));
    if (!r.ok) t.ok(r.issues.some((i) => i.path === path), `${path}: ${JSON.stringify(r.issues)}`);
  }
});

t.test('the gateway checks credentials before parameters: a bad credential with a malformed id is a 401', async (t) => {
  const strict = await app(t, 'strict');
  assertGatewayError(t, await strict.inject({ method: 'PUT', url: swapUrl(PROJECT, 'not-a-uuid') }), 401, 'APIGW.0301', 'Incorrect IAM authentication information: x-auth-token not found');
  const lenient = await app(t);
  assertGatewayError(t, await lenient.inject({ method: 'POST', url: `/v1.0/${PROJECT}/clusters/nope/switchover`, headers: { 'x-auth-token': 'MIIwrong-token' } }), 401, 'APIGW.0301');
  assertDcsError(t, await lenient.inject({ method: 'PUT', url: swapUrl(PROJECT, 'not-a-uuid'), headers: { 'x-auth-token': 'MIItoken-for-project-p' } }), 400, 'DCS.4061', 'Invalid instance ID format.');
  assertDcsError(t, await lenient.inject({ method: 'PUT', url: swapUrl(PROJECT, 'not-a-uuid') }), 400, 'DCS.4061');
});
