/**
 * `POST /v3/auth/tokens`: project-scoped tokens with the password and the token method, taken
 * by the DCS and DWS routes until they expire on the mock's clock; every refusal, exactly;
 * resets and scenario loads forget issued tokens.
 */
import t from 'tap';
import { type FastifyInstance } from 'fastify';
import { iam } from '../../../src/services/index.js';
import { build, assertGatewayError, assertDcsError, assertDwsError, PROJECT, OTHER_PROJECT, DEFAULT_IDS as ID, DWS_IDS } from '../../helper.js';
import { ALICE, BOB, REGION, assertKeystoneError, iamScenario, passwordAuth, signed, tokenAuth } from './fixtures/iam.js';

const DAY = 24 * 60 * 60 * 1000;
const swapUrl = (project = PROJECT, id: string = ID.healthy) => `/v1.0/${project}/instances/${id}/swap`;
const switchoverUrl = `/v1.0/${PROJECT}/clusters/${DWS_IDS.unbalanced}/switchover`;

const obtain = (app: FastifyInstance, body: unknown, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/v3/auth/tokens', headers: { 'content-type': 'application/json;charset=utf8', ...headers }, payload: typeof body === 'string' ? body : JSON.stringify(body) });

async function tokenOf(app: FastifyInstance, body: unknown = passwordAuth(ALICE)): Promise<string> {
  const res = await obtain(app, body);
  if (res.statusCode !== 201) throw new Error(`no token: ${res.statusCode} ${res.body}`);
  return res.headers['x-subject-token'] as string;
}

t.test('password method, project scope by name → 201, the token in X-Subject-Token, the documented body', async (t) => {
  const { app } = await build(t, iamScenario({ auth: { mode: 'strict' } }));
  const res = await obtain(app, passwordAuth(ALICE));
  t.equal(res.statusCode, 201);
  t.equal(res.headers['content-type'], 'application/json; charset=UTF-8');
  const token = res.headers['x-subject-token'] as string;
  t.match(token, /^MII[A-Za-z0-9_-]{64}$/, 'an opaque token starting MII, like IAM\'s');
  const model = app.mock.model(iam);
  const domain = { id: model.domain.id, name: 'hw-mock' };
  t.same(res.json(), {
    token: {
      catalog: [],
      expires_at: '2026-01-16T08:00:00.000000Z',
      issued_at: '2026-01-15T08:00:00.000000Z',
      methods: ['password'],
      project: { domain, id: PROJECT, name: REGION },
      roles: [{ id: '0', name: 'te_admin' }],
      user: { domain, id: model.users.get('alice')!.id, name: 'alice', password_expires_at: '' },
    },
  });
  t.match(model.users.get('alice')!.id, /^[0-9a-f]{32}$/);
  t.same(app.mock.journal.entries().map((e) => [e.operation, e.status, e.caller]), [['iam.createToken', 201, null]], 'strict mode lets the call in unsigned: its body carries the credentials');
  t.notMatch(JSON.stringify(app.mock.journal.entries()), new RegExp(`${token}|alice-password`), 'neither the token nor the password in the journal');
  const state = (await app.inject({ url: '/_mock/state' })).json();
  t.same(state.projects[0].tokens, [{ id: model.tokens.get(token)!.id, user: 'alice', methods: ['password'], issued_at: '2026-01-15T08:00:00.000000Z', expires_at: '2026-01-16T08:00:00.000000Z', expired: false }]);
  t.notMatch(JSON.stringify(state), token, 'the state never shows a token');
  t.match((await app.inject({ url: '/_mock/health' })).json().counts, { users: 2, tokens: 1 });
  t.same((await obtain(app, passwordAuth(ALICE, { project: { id: OTHER_PROJECT } }))).json().token.project.id, OTHER_PROJECT, 'scope by project id');
});

t.test('an issued token is taken by the DCS swap and the DWS switchover (strict mode) until it expires on the mock\'s clock', async (t) => {
  const { app, clock } = await build(t, iamScenario({ auth: { mode: 'strict' } }));
  const token = await tokenOf(app);
  const swapped = await app.inject({ method: 'PUT', url: swapUrl(), headers: { 'x-auth-token': token } });
  t.equal(swapped.statusCode, 200);
  t.same(swapped.json(), { code: '', message: 'success' });
  t.equal((await app.inject({ method: 'POST', url: switchoverUrl, headers: { 'x-auth-token': token } })).statusCode, 200);
  const id = app.mock.model(iam).tokens.get(token)!.id;
  t.same(app.mock.journal.entries().slice(1).map((e) => [e.operation, e.status, e.caller]), [['dcs.swap', 200, id], ['dws.switchover', 200, id]], 'the caller is the token\'s id, never the token');
  t.equal((await app.inject({ url: `/v1.0/${PROJECT}/clusters`, headers: { 'x-auth-token': token } })).statusCode, 200, 'reads too');

  clock.advance(DAY - 1);
  t.equal((await app.inject({ url: `/v1.0/${PROJECT}/instances`, headers: { 'x-auth-token': token } })).statusCode, 200, 'a millisecond before expiry');
  clock.advance(1);
  const expired = 'Incorrect IAM authentication information: token expires, expires_at: 2026-01-16T08:00:00.000000Z';
  assertGatewayError(t, await app.inject({ method: 'PUT', url: swapUrl(), headers: { 'x-auth-token': token } }), 401, 'APIGW.0301', expired);
  assertGatewayError(t, await app.inject({ method: 'POST', url: switchoverUrl, headers: { 'x-auth-token': token } }), 401, 'APIGW.0301', expired);
  t.equal((await app.inject({ url: '/_mock/state' })).json().projects[0].tokens[0].expired, true);
});

t.test('tenancy: a token of one project on another project\'s resources → DCS 401 DCS.1004, DWS 403 DWS.0015', async (t) => {
  const { app } = await build(t, iamScenario());
  const token = await tokenOf(app, passwordAuth(ALICE, { project: { id: OTHER_PROJECT } }));
  assertDcsError(t, await app.inject({ method: 'PUT', url: swapUrl(), headers: { 'x-auth-token': token } }), 401, 'DCS.1004', 'Project ID does not match the token.');
  assertDwsError(t, await app.inject({ method: 'POST', url: switchoverUrl, headers: { 'x-auth-token': token } }), 403, 'DWS.0015', 'Resource not found or permission denied.');
});

t.test('token method: a token of the mock\'s for a token scoped to another project, with the same expiry', async (t) => {
  const { app, clock } = await build(t, iamScenario());
  const first = await tokenOf(app);
  clock.advance(60_000);
  const res = await obtain(app, tokenAuth(first, { project: { id: OTHER_PROJECT } }));
  t.equal(res.statusCode, 201);
  const body = res.json();
  t.same([body.token.methods, body.token.project.id, body.token.user.name, body.token.issued_at, body.token.expires_at], [['token'], OTHER_PROJECT, 'alice', '2026-01-15T08:01:00.000000Z', '2026-01-16T08:00:00.000000Z']);
  const second = res.headers['x-subject-token'] as string;
  t.not(second, first);
  t.equal((await app.inject({ method: 'PUT', url: swapUrl(OTHER_PROJECT, ID.broken), headers: { 'x-auth-token': second } })).statusCode, 200, 'the new token works in its project');
  t.equal((await app.inject({ method: 'PUT', url: swapUrl(), headers: { 'x-auth-token': first } })).statusCode, 200, 'and the first one still works in its own');
  assertKeystoneError(t, await obtain(app, tokenAuth('MIInot-a-token-of-the-mock')), 401, 'Unauthorized', 'The token is invalid.');
  assertKeystoneError(t, await obtain(app, tokenAuth('MIIDevToken.hw-mock.development-only')), 401, 'Unauthorized', 'The token is invalid.'); // a gateway token, not one IAM issued
  clock.advance(DAY);
  assertKeystoneError(t, await obtain(app, tokenAuth(first)), 401, 'Unauthorized', 'The token has expired.');
  t.same((await obtain(app, passwordAuth(BOB, { project: { id: OTHER_PROJECT } }))).statusCode, 201, 'a user limited to a project gets tokens for it');
  const bobs = await tokenOf(app, passwordAuth(BOB, { project: { id: OTHER_PROJECT } }));
  assertKeystoneError(t, await obtain(app, tokenAuth(bobs, { project: { id: PROJECT } })), 401, 'Unauthorized', 'The user has no access to the project in auth.scope.project.');
});

t.test('wrong password, unknown user, another account → 401 in Keystone\'s shape, one message for all', async (t) => {
  const { app } = await build(t, iamScenario());
  const message = 'The username or password is wrong.';
  assertKeystoneError(t, await obtain(app, passwordAuth({ name: 'alice', password: 'not-her-password' })), 401, 'Unauthorized', message);
  assertKeystoneError(t, await obtain(app, passwordAuth({ name: 'mallory', password: 'alice-password-1' })), 401, 'Unauthorized', message);
  assertKeystoneError(t, await obtain(app, passwordAuth(ALICE, undefined, { name: 'another-account' })), 401, 'Unauthorized', message);
  assertKeystoneError(t, await obtain(app, passwordAuth(ALICE, undefined, {})), 401, 'Unauthorized', message);
  t.equal((await obtain(app, passwordAuth(ALICE, undefined, { id: app.mock.model(iam).domain.id }))).statusCode, 201, 'the account by id');
  t.equal(app.mock.model(iam).tokens.size, 1, 'no token for the refused calls');
});

t.test('scope: none or a domain scope → 400; a project unknown or not the user\'s → 401', async (t) => {
  const { app } = await build(t, iamScenario());
  const required = 'A project scope is required: auth.scope.project with an id or a name.';
  assertKeystoneError(t, await obtain(app, passwordAuth(ALICE, null)), 400, 'Bad Request', required);
  assertKeystoneError(t, await obtain(app, passwordAuth(ALICE, { domain: { name: 'hw-mock' } })), 400, 'Bad Request', required);
  assertKeystoneError(t, await obtain(app, passwordAuth(ALICE, { project: {} })), 400, 'Bad Request', required);
  const denied = 'The user has no access to the project in auth.scope.project.';
  assertKeystoneError(t, await obtain(app, passwordAuth(ALICE, { project: { name: 'eu-west-0' } })), 401, 'Unauthorized', denied);
  assertKeystoneError(t, await obtain(app, passwordAuth(ALICE, { project: { id: '0'.repeat(32) } })), 401, 'Unauthorized', denied);
  assertKeystoneError(t, await obtain(app, passwordAuth(ALICE, { project: { id: PROJECT, name: 'not-its-name' } })), 401, 'Unauthorized', denied);
  assertKeystoneError(t, await obtain(app, passwordAuth(ALICE, { project: { name: REGION, domain: { name: 'another-account' } } })), 401, 'Unauthorized', denied);
  assertKeystoneError(t, await obtain(app, passwordAuth(BOB, { project: { id: PROJECT } })), 401, 'Unauthorized', denied); // bob may act in the other project only
  t.equal(app.mock.model(iam).tokens.size, 0);
});

t.test('malformed bodies → 400 naming the field; other methods → 401', async (t) => {
  const { app } = await build(t, iamScenario());
  const invalid = 'The request body is invalid.';
  assertKeystoneError(t, await obtain(app, '{"auth":'), 400, 'Bad Request', invalid);
  assertKeystoneError(t, await obtain(app, ''), 400, 'Bad Request', invalid);
  assertKeystoneError(t, await obtain(app, '[]'), 400, 'Bad Request', invalid);
  assertKeystoneError(t, await obtain(app, {}), 400, 'Bad Request', "Invalid input for field 'auth'.");
  assertKeystoneError(t, await obtain(app, { auth: { identity: {} } }), 400, 'Bad Request', "Invalid input for field 'auth.identity.methods'.");
  assertKeystoneError(t, await obtain(app, { auth: { identity: { methods: [] } } }), 400, 'Bad Request', "Invalid input for field 'auth.identity.methods'.");
  assertKeystoneError(t, await obtain(app, { auth: { identity: { methods: ['password'], password: { user: { name: 'alice', password: 'x' } } } } }), 400, 'Bad Request', "Invalid input for field 'auth.identity.password.user.domain'.");
  assertKeystoneError(t, await obtain(app, { auth: { identity: { methods: ['password'] }, scope: { project: { name: REGION } } } }), 400, 'Bad Request', "Invalid input for field 'auth.identity.password'.");
  assertKeystoneError(t, await obtain(app, { auth: { identity: { methods: ['token'] }, scope: { project: { name: REGION } } } }), 400, 'Bad Request', "Invalid input for field 'auth.identity.token'.");
  const unsupported = 'Attempted to authenticate with an unsupported method.';
  assertKeystoneError(t, await obtain(app, { auth: { identity: { methods: ['password', 'totp'], password: passwordAuth(ALICE).auth.identity.password }, scope: { project: { name: REGION } } } }), 401, 'Unauthorized', unsupported);
  assertKeystoneError(t, await obtain(app, { auth: { identity: { methods: ['saml'] } } }), 401, 'Unauthorized', unsupported);
  t.equal((await app.inject({ method: 'POST', url: '/v3/auth/tokens?nocatalog=true', payload: passwordAuth(ALICE) })).statusCode, 201, 'nocatalog is taken (the catalog is always empty)');
});

t.test('the gateway does not check credentials on POST /v3/auth/tokens, even bad ones, in any mode', async (t) => {
  const { app } = await build(t, iamScenario({ auth: { mode: 'strict' } }));
  t.equal((await obtain(app, passwordAuth(ALICE), { authorization: 'SDK-HMAC-SHA256 Access=NOPE0000, SignedHeaders=x-sdk-date, Signature=00' })).statusCode, 201);
  t.equal((await obtain(app, passwordAuth(ALICE), { 'x-auth-token': 'MIIgarbage' })).statusCode, 201);
  t.equal((await obtain(app, passwordAuth(ALICE), signed('POST', '/v3/auth/tokens', { sk: 'wrong-secret-000000000000000000000000000' }))).statusCode, 201);
});

t.test('a reset or a scenario load forgets issued tokens; a project reset forgets that project\'s', async (t) => {
  const { app } = await build(t, iamScenario());
  const here = await tokenOf(app);
  const there = await tokenOf(app, passwordAuth(ALICE, { project: { id: OTHER_PROJECT } }));
  t.equal((await app.inject({ method: 'POST', url: `/_mock/reset?project=${OTHER_PROJECT}` })).statusCode, 200);
  const unknown = 'Incorrect IAM authentication information: decrypt token fail';
  assertGatewayError(t, await app.inject({ url: `/v1.0/${OTHER_PROJECT}/instances`, headers: { 'x-auth-token': there } }), 401, 'APIGW.0301', unknown);
  t.equal((await app.inject({ url: `/v1.0/${PROJECT}/instances`, headers: { 'x-auth-token': here } })).statusCode, 200, 'the other project\'s token is kept');
  t.equal((await app.inject({ method: 'POST', url: '/_mock/reset' })).statusCode, 200);
  assertGatewayError(t, await app.inject({ url: `/v1.0/${PROJECT}/instances`, headers: { 'x-auth-token': here } }), 401, 'APIGW.0301', unknown);
  const again = await tokenOf(app);
  const load = await app.inject({ method: 'PUT', url: '/_mock/scenario', payload: iamScenario().spec as object });
  t.equal(load.statusCode, 200);
  assertGatewayError(t, await app.inject({ url: `/v1.0/${PROJECT}/instances`, headers: { 'x-auth-token': again } }), 401, 'APIGW.0301', unknown);
  t.match((await app.inject({ url: '/_mock/health' })).json().counts, { tokens: 0 });
});

t.test('timings.iam.tokenLifetimeSeconds sets the lifetime; users need no credentials of the gateway', async (t) => {
  const { app, clock } = await build(t, iamScenario({ timings: { iam: { tokenLifetimeSeconds: 60 } }, auth: { builtin: false, mode: 'strict' } }));
  const res = await obtain(app, passwordAuth(ALICE));
  t.equal(res.json().token.expires_at, '2026-01-15T08:01:00.000000Z');
  const token = res.headers['x-subject-token'] as string;
  t.equal((await app.inject({ method: 'PUT', url: swapUrl(), headers: { 'x-auth-token': token } })).statusCode, 200);
  clock.advance(60_000);
  assertGatewayError(t, await app.inject({ method: 'PUT', url: swapUrl(), headers: { 'x-auth-token': token } }), 401, 'APIGW.0301', 'Incorrect IAM authentication information: token expires, expires_at: 2026-01-15T08:01:00.000000Z');
});
