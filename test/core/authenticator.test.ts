/** The gateway's credential checks on their own: modes, every failure message, tenancy, denial, lock. */
import t from 'tap';
import { Authenticator, DEV_CREDENTIAL, LOCK_MS, tokenId, type AuthMode } from '../../src/auth/authenticator.js';
import { formatSdkDate, signRequest } from '../../src/auth/signature.js';

const P = '0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e';
const Q = 'bd6b78e2ff9e4e47bc260803ddcc7a21';
const NOW = Date.UTC(2026, 0, 15, 8);
const AK = 'TESTACCESSKEY0000001', SK = 'test-secret-key-000000000000000000000001';
const URL = `/v1.0/${P}/instances/3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11/swap`;
const IAM_ACTION = { 'dcs.swap': 'dcs:instance:swap', 'dws.switchover': 'dws:cluster:switchover' } as const;
const ctx = (project = P, operation: keyof typeof IAM_ACTION = 'dcs.swap', now = NOW) => ({ project, iamAction: IAM_ACTION[operation], now });

const auth = (mode: AuthMode = 'lenient') => new Authenticator(mode, [
  DEV_CREDENTIAL,
  { ak: AK, sk: SK, projects: [P], deny: ['dws:cluster:switchover'] },
], [
  { token: 'MIIvalid-token-p', id: 'tok-p', project: P, expires_at: '2027-01-01T00:00:00.000Z' },
  { token: 'MIIexpired-token', project: P, expires_at: '2025-06-01T00:00:00.000Z' },
  { token: 'MIIdeny-swap-tok', project: P, expires_at: '2027-01-01T00:00:00.000Z', deny: ['dcs:instance:swap'] },
]);

function signed(opts: { ak?: string; sk?: string; date?: number; url?: string; headers?: Record<string, string>; method?: string } = {}) {
  const headers: Record<string, string> = { host: '127.0.0.1:8080', 'content-type': 'application/json', ...opts.headers };
  const req = { method: opts.method ?? 'PUT', url: opts.url ?? URL, headers };
  const added = signRequest(req, opts.ak ?? AK, opts.sk ?? SK, formatSdkDate(opts.date ?? NOW));
  return { ...req, headers: { ...headers, 'x-sdk-date': added['X-Sdk-Date'], authorization: added.Authorization } };
}

t.test('a correctly signed request passes and names its AK as the caller', async (t) => {
  t.same(auth().check(signed(), ctx()), { ok: true, caller: AK });
  t.same(auth('strict').check(signed(), ctx()), { ok: true, caller: AK });
  t.same(auth().check(signed({ date: NOW + 14 * 60_000 }), ctx()), { ok: true, caller: AK }, '14 minutes off is within the window');
});

t.test('AK/SK failures: each with its message', async (t) => {
  const a = auth();
  const msg = (r: ReturnType<Authenticator['check']>) => (r.ok ? 'ok' : 'message' in r ? r.message : r.kind);
  t.equal(msg(a.check(signed({ sk: 'wrong-secret-000000000000000000000000000' }), ctx())), 'Incorrect IAM authentication information: verify aksk signature fail, the signature does not match');
  t.equal(msg(a.check(signed({ ak: 'UNKNOWNAK00000000000' }), ctx())), 'Incorrect IAM authentication information: Get secretKey failed,ak:UNKNOWNAK00000000000,err:ak not exist');
  t.equal(msg(a.check(signed({ date: NOW - 20 * 60_000 }), ctx())), 'Incorrect IAM authentication information: calc ak sk signature fail:signature expired');
  t.equal(msg(a.check(signed({ date: NOW + 16 * 60_000 }), ctx())), 'Incorrect IAM authentication information: calc ak sk signature fail:signature expired');
  const noDate = signed();
  t.match(msg(a.check({ ...noDate, headers: { ...noDate.headers, 'x-sdk-date': '2026-01-15T08:00:00Z' } }, ctx())), /x-sdk-date is missing, malformed or not signed/);
  t.match(msg(a.check({ ...noDate, headers: { ...noDate.headers, authorization: 'SDK-HMAC-SHA256 nonsense' } }, ctx())), /Authorization header is malformed/);
  t.match(msg(a.check({ ...noDate, headers: { ...noDate.headers, authorization: noDate.headers.authorization.replace('SDK-HMAC-SHA256', 'SDK-HMAC-SM3') } }, ctx())), /unsupported algorithm SDK-HMAC-SM3/);
  const tampered = signed();
  const b = auth(); // a fresh one: six failures in a row would lock the AK (tested below)
  t.match(msg(b.check({ ...tampered, url: `${URL}?x=1` }, ctx())), /signature does not match/, 'a changed query breaks the signature');
  t.match(msg(b.check({ ...tampered, method: 'POST' }, ctx())), /signature does not match/, 'a changed method too');
  const withBody = { ...signed({ method: 'POST' }), body: Buffer.from('{}') };
  t.match(msg(b.check(withBody, ctx())), /signature does not match/, 'an unsigned body too');
});

t.test('tokens: valid, unknown, expired (with its time), missing in strict mode', async (t) => {
  const a = auth('strict');
  const tok = (token: string) => ({ method: 'PUT', url: URL, headers: { 'x-auth-token': token } });
  t.same(a.check(tok('MIIvalid-token-p'), ctx()), { ok: true, caller: 'tok-p' });
  t.match(a.check(tok('MIIunknown'), ctx()), { ok: false, kind: 'unauthenticated', message: 'Incorrect IAM authentication information: decrypt token fail' });
  t.match(a.check(tok('MIIexpired-token'), ctx()), { ok: false, message: 'Incorrect IAM authentication information: token expires, expires_at: 2025-06-01T00:00:00.000Z', caller: tokenId('MIIexpired-token') });
  t.match(a.check({ method: 'PUT', url: URL, headers: {} }, ctx()), { ok: false, message: 'Incorrect IAM authentication information: x-auth-token not found' });
  t.notMatch(tokenId('MIIexpired-token'), /MII/, 'a token id never contains the token');
});

t.test('modes: off checks nothing; lenient lets anonymous calls in but checks any credentials present', async (t) => {
  const bad = signed({ sk: 'wrong-secret-000000000000000000000000000' });
  t.same(auth('off').check(bad, ctx()), { ok: true, caller: null });
  t.equal(auth('off').concerns(bad.headers), false);
  t.same(auth('lenient').check({ method: 'PUT', url: URL, headers: {} }, ctx()), { ok: true, caller: null });
  t.equal(auth('lenient').concerns({}), false, 'anonymous lenient calls take the fast path');
  t.equal(auth('lenient').concerns({ 'x-auth-token': 'x' }), true);
  t.equal(auth('strict').concerns({}), true);
  t.equal(auth('lenient').check(bad, ctx()).ok, false);
});

t.test('tenancy: token of another project, AK not allowed there, X-Project-Id not the path\'s → project-mismatch', async (t) => {
  const a = auth();
  t.match(a.check({ method: 'PUT', url: URL, headers: { 'x-auth-token': 'MIIvalid-token-p' } }, ctx(Q)), { ok: false, kind: 'project-mismatch', caller: 'tok-p' });
  t.match(a.check(signed(), ctx(Q)), { ok: false, kind: 'project-mismatch', caller: AK });
  t.match(a.check(signed({ headers: { 'x-project-id': Q } }), ctx(P)), { ok: false, kind: 'project-mismatch' });
  t.match(a.check({ method: 'GET', url: URL, headers: { 'x-project-id': Q } }, ctx(P)), { ok: false, kind: 'project-mismatch' }, 'even anonymous');
  t.same(a.check(signed({ ak: DEV_CREDENTIAL.ak, sk: DEV_CREDENTIAL.sk, headers: { 'x-project-id': Q } }), ctx(Q)), { ok: true, caller: DEV_CREDENTIAL.ak }, 'the dev credential may act anywhere');
});

t.test('denied actions → denied', async (t) => {
  const a = auth();
  t.match(a.check(signed(), ctx(P, 'dws.switchover')), { ok: false, kind: 'denied', caller: AK });
  t.match(a.check({ method: 'PUT', url: URL, headers: { 'x-auth-token': 'MIIdeny-swap-tok' } }, ctx()), { ok: false, kind: 'denied' });
  t.same(a.check(signed(), ctx()), { ok: true, caller: AK }, 'other actions are allowed');
});

t.test('more than 5 consecutive failures lock the AK for 5 minutes; a success resets the count', async (t) => {
  const a = auth();
  const wrong = signed({ sk: 'wrong-secret-000000000000000000000000000' });
  for (let i = 0; i < 5; i++) a.check(wrong, ctx());
  t.same(a.check(signed(), ctx()), { ok: true, caller: AK }, 'five failures, then a success: not locked');
  for (let i = 0; i < 6; i++) a.check(wrong, ctx());
  t.match(a.check(signed(), ctx()), { ok: false, message: 'Incorrect IAM authentication information: AK access failed to reach the limit,forbidden.' });
  t.same(a.check(signed({ date: NOW + LOCK_MS }), ctx(P, 'dcs.swap', NOW + LOCK_MS)), { ok: true, caller: AK }, 'unlocked after 5 minutes');
});

t.test('temporary AK/SK: X-Security-Token must match until expires_at; a permanent AK takes none; no lock counting', async (t) => {
  const TEMP = 'TEMPACCESSKEY0000001', STS = 'sts-token-000000000001';
  const a = new Authenticator('strict', [{ ak: AK, sk: SK }, { ak: TEMP, sk: SK, security_token: STS, expires_at: '2026-01-15T09:00:00.000000Z' }], []);
  const temp = (token?: string, date = NOW) => signed({ ak: TEMP, date, headers: token === undefined ? {} : { 'x-security-token': token } });
  const msg = (r: ReturnType<Authenticator['check']>) => (r.ok ? 'ok' : 'message' in r ? r.message : r.kind);
  t.same(a.check(temp(STS), ctx()), { ok: true, caller: TEMP });
  t.equal(msg(a.check(temp(), ctx())), 'Incorrect IAM authentication information: x-security-token not found');
  t.equal(msg(a.check(temp('sts-token-000000000002'), ctx())), 'Incorrect IAM authentication information: verify security token fail');
  const late = NOW + 60 * 60_000;
  t.equal(msg(a.check(temp(STS, late), ctx(P, 'dcs.swap', late))), 'Incorrect IAM authentication information: security token expires, expires_at: 2026-01-15T09:00:00.000000Z');
  t.equal(msg(a.check(signed({ headers: { 'x-security-token': STS } }), ctx())), 'Incorrect IAM authentication information: verify security token fail, the access key is not a temporary one');
  for (let i = 0; i < 8; i++) a.check(temp(), ctx());
  t.same(a.check(temp(STS), ctx()), { ok: true, caller: TEMP }, 'eight refusals of the token: the AK is not locked');
});

t.test('tokens issued at run time: looked up when the scenario does not declare them; tenancy, expiry and deny apply', async (t) => {
  const asked: string[] = [];
  const issued = (token: string) => {
    asked.push(token);
    if (token === 'MIIissued-p') return { id: 'issued-p', project: P, expiresAt: NOW + 1000, expiresText: '2026-01-15T08:00:01.000000Z' };
    if (token === 'MIIissued-deny') return { id: 'issued-deny', project: P, expiresAt: NOW + 1000, expiresText: 'x', deny: ['dcs:instance:swap'] };
    return undefined;
  };
  const a = new Authenticator('strict', [], [{ token: 'MIIdeclared-token', id: 'declared', project: '*', expires_at: '2027-01-01T00:00:00.000Z' }], issued);
  const tok = (token: string) => ({ method: 'PUT', url: URL, headers: { 'x-auth-token': token } });
  t.same(a.check(tok('MIIissued-p'), ctx()), { ok: true, caller: 'issued-p' });
  t.match(a.check(tok('MIIissued-p'), ctx(Q)), { ok: false, kind: 'project-mismatch', caller: 'issued-p' });
  t.match(a.check(tok('MIIissued-p'), ctx(P, 'dcs.swap', NOW + 1000)), { ok: false, message: 'Incorrect IAM authentication information: token expires, expires_at: 2026-01-15T08:00:01.000000Z' });
  t.match(a.check(tok('MIIissued-deny'), ctx()), { ok: false, kind: 'denied' });
  t.match(a.check(tok('MIInobody-issued'), ctx()), { ok: false, message: 'Incorrect IAM authentication information: decrypt token fail' });
  t.same(a.check(tok('MIIdeclared-token'), ctx()), { ok: true, caller: 'declared' });
  t.notOk(asked.includes('MIIdeclared-token'), 'a declared token is not looked up');
});
