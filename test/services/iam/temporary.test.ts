/**
 * Temporary AK/SKs (security tokens): a credential with `security_token` and `expires_at`. Every
 * request signed with its AK must carry the token in `X-Security-Token`, as the SDKs send it
 * (and sign it), until it expires on the mock's clock; otherwise the gateway's 401.
 */
import t from 'tap';
import { build, validateScenario, assertGatewayError, iamScenario, signed, PROJECT, T0, DEFAULT_IDS as ID } from './fixtures/iam.js';

const TEMP_AK = 'TEMPORARYACCESSKEY01', TEMP_SK = 'temporary-secret-key-00000000000000000001';
const STS = 'gQpjbi1ub3J0aC00LXN0cy10b2tlbi1mb3ItdGVzdHM';
const EXPIRES = '2026-01-15T09:00:00.000000Z';
const url = `/v1.0/${PROJECT}/instances/${ID.healthy}/swap`;
const prefix = 'Incorrect IAM authentication information: ';

const scenario = () => iamScenario({ auth: { mode: 'strict', credentials: [{ ak: TEMP_AK, sk: TEMP_SK, security_token: STS, expires_at: EXPIRES }, { ak: 'PERMANENTACCESSKEY01', sk: TEMP_SK }] } });
const withToken = (token: string | undefined, at = T0, sign = true) => {
  const extra: Record<string, string> = token === undefined ? {} : { 'x-security-token': token };
  if (sign) return signed('PUT', url, { ak: TEMP_AK, sk: TEMP_SK, at, extra });
  // Signed without it, then the header added: the signature does not cover it.
  return { ...signed('PUT', url, { ak: TEMP_AK, sk: TEMP_SK, at }), ...extra };
};

t.test('the right security token, signed as the SDK signs it → 200; the caller is the temporary AK', async (t) => {
  const { app } = await build(t, scenario());
  const headers = withToken(STS);
  t.match(headers.Authorization, /SignedHeaders=content-type;host;x-sdk-date;x-security-token,/);
  const res = await app.inject({ method: 'PUT', url, headers });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { code: '', message: 'success' });
  t.equal(app.mock.journal.entries()[0].caller, TEMP_AK);
  t.notMatch(JSON.stringify(app.mock.journal.entries()), STS, 'the security token is not journaled');
  t.equal((await app.inject({ method: 'PUT', url, headers: withToken(STS, T0, false) })).statusCode, 200, 'X-Security-Token need not be signed (only X-Sdk-Date must be)');
});

t.test('missing, wrong or expired security token → 401 APIGW.0301, each with its message', async (t) => {
  const { app, clock } = await build(t, scenario());
  assertGatewayError(t, await app.inject({ method: 'PUT', url, headers: withToken(undefined) }), 401, 'APIGW.0301', `${prefix}x-security-token not found`);
  assertGatewayError(t, await app.inject({ method: 'PUT', url, headers: withToken(`${STS}x`) }), 401, 'APIGW.0301', `${prefix}verify security token fail`);
  assertGatewayError(t, await app.inject({ method: 'PUT', url, headers: withToken('') }), 401, 'APIGW.0301', `${prefix}verify security token fail`);
  clock.advance(60 * 60 * 1000 - 1);
  t.equal((await app.inject({ method: 'PUT', url, headers: withToken(STS, clock.now()) })).statusCode, 200, 'a millisecond before it expires');
  clock.advance(1);
  assertGatewayError(t, await app.inject({ method: 'PUT', url, headers: withToken(STS, clock.now()) }), 401, 'APIGW.0301', `${prefix}security token expires, expires_at: ${EXPIRES}`);
});

t.test('a permanent AK sent with a security token → 401; temporary-credential failures do not lock the AK', async (t) => {
  const { app } = await build(t, scenario());
  const permanent = signed('PUT', url, { ak: 'PERMANENTACCESSKEY01', sk: TEMP_SK, extra: { 'x-security-token': STS } });
  assertGatewayError(t, await app.inject({ method: 'PUT', url, headers: permanent }), 401, 'APIGW.0301', `${prefix}verify security token fail, the access key is not a temporary one`);
  for (let i = 0; i < 7; i++) await app.inject({ method: 'PUT', url, headers: withToken(undefined) });
  t.equal((await app.inject({ method: 'PUT', url, headers: withToken(STS) })).statusCode, 200, 'seven refusals, then the right token: not locked');
  assertGatewayError(t, await app.inject({ method: 'PUT', url, headers: signed('PUT', url, { ak: TEMP_AK, sk: 'wrong-secret-000000000000000000000000000', extra: { 'x-security-token': STS } }) }), 401, 'APIGW.0301', `${prefix}verify aksk signature fail, the signature does not match`);
});

t.test('the IAM lookup with a temporary AK/SK: the {} body and the token both signed', async (t) => {
  const { app } = await build(t, scenario());
  const lookup = '/v3/projects?name=cn-north-4';
  const headers = signed('GET', lookup, { ak: TEMP_AK, sk: TEMP_SK, body: '{}', extra: { 'x-security-token': STS } });
  const res = await app.inject({ method: 'GET', url: lookup, headers, payload: '{}' });
  t.equal(res.statusCode, 200);
  t.same(res.json().projects.map((p: { id: string }) => p.id), [PROJECT]);
});

t.test('scenario: security_token and expires_at go together; expires_at is a real time', async (t) => {
  const base = (credential: unknown) => ({ name: 'x', projects: [{ id: PROJECT }], auth: { credentials: [credential] } });
  const issues = (credential: unknown) => {
    const r = validateScenario(base(credential), 'x');
    return r.ok ? [] : r.issues;
  };
  t.same(issues({ ak: TEMP_AK, sk: TEMP_SK, security_token: STS }), [{ path: 'auth.credentials[0].expires_at', message: 'is required with security_token (a temporary access key expires)' }]);
  t.same(issues({ ak: TEMP_AK, sk: TEMP_SK, expires_at: EXPIRES }), [{ path: 'auth.credentials[0].expires_at', message: 'only allowed with security_token (a permanent access key does not expire)' }]);
  t.same(issues({ ak: TEMP_AK, sk: TEMP_SK, security_token: STS, expires_at: '2026-13-01T00:00:00Z' }), [{ path: 'auth.credentials[0].expires_at', message: 'expected an ISO 8601 time, got "2026-13-01T00:00:00Z"' }]);
  t.match(issues({ ak: TEMP_AK, sk: TEMP_SK, security_token: 'short', expires_at: EXPIRES }), [{ path: 'auth.credentials[0].security_token' }]);
  t.same(issues({ ak: TEMP_AK, sk: TEMP_SK, security_token: STS, expires_at: EXPIRES }), []);
});
