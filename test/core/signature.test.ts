/** The verifier's building blocks against every published vector (the API Request Signing Guide's examples and the SDKs' own tests). */
import t from 'tap';
import {
  canonicalQuery, canonicalRequest, canonicalUri, parseAuthorization, parseSdkDate, sign, signRequest, sha256Hex, formatSdkDate, sameSignature,
} from '../../src/auth/signature.js';

const E = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

t.test('Go SDK vector 1: GET /path?limit=1, only x-sdk-date signed, TEST_UNDERSCORE ignored', async (t) => {
  const req = { method: 'GET', url: '/path?limit=1', headers: { 'x-sdk-date': '20060102T150405Z', test_underscore: 'x', host: 'example.huaweicloud.com' } };
  const canonical = canonicalRequest(req, ['x-sdk-date']);
  t.equal(canonical, `GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\n${E}`);
  t.equal(sign('SecretKey', '20060102T150405Z', canonical), '5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624');
});

t.test('Go SDK vector 2: POST /path?key=value with a 23-byte body (trailing \\n matters)', async (t) => {
  const body = Buffer.from('{"Name":"test","Id":1}\n');
  t.equal(body.length, 23);
  t.equal(sha256Hex(body), 'a29d7b4c5efd1a22011d69fd7b7aee76fe51e4083c609244228de258afd61289');
  const req = { method: 'POST', url: '/path?key=value', headers: { 'x-sdk-date': '20060102T150405Z', 'content-type': 'application/json' }, body };
  const canonical = canonicalRequest(req, ['x-sdk-date']);
  t.equal(sign('SecretKey', '20060102T150405Z', canonical), 'cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59');
  const noNewline = canonicalRequest({ ...req, body: Buffer.from('{"Name":"test","Id":1}') }, ['x-sdk-date']);
  t.not(sign('SecretKey', '20060102T150405Z', noNewline), 'cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59', 'without the newline the signature differs');
});

t.test('Node SDK vector: POST switchover signed with content-type;host;x-project-id;x-sdk-date', async (t) => {
  const req = {
    method: 'POST', url: '/v1.0/p1/clusters/abc/switchover',
    headers: { 'content-type': 'application/json', host: '127.0.0.1:8080', 'x-project-id': 'p1', 'x-sdk-date': '20240101T000000Z' },
  };
  const canonical = canonicalRequest(req, ['content-type', 'host', 'x-project-id', 'x-sdk-date']);
  t.equal(canonical, `POST\n/v1.0/p1/clusters/abc/switchover/\n\ncontent-type:application/json\nhost:127.0.0.1:8080\nx-project-id:p1\nx-sdk-date:20240101T000000Z\n\ncontent-type;host;x-project-id;x-sdk-date\n${E}`);
  t.equal(sign('SK1', '20240101T000000Z', canonical), 'bf817a0e4f76b93388733ae85b6d0f154b2f766d7b0d0e49ccfffdfe54c69856');
});

t.test('canonical URI and query', async (t) => {
  t.equal(canonicalUri('/v1.0/p/clusters/x/switchover'), '/v1.0/p/clusters/x/switchover/');
  t.equal(canonicalUri('/a/'), '/a/');
  t.equal(canonicalUri('/a%20b/c d'), '/a%20b/c%20d/', 'decoded, then re-encoded');
  t.equal(canonicalQuery('a=x%20y&enterprise_project_id=all_granted_eps'), 'a=x%20y&enterprise_project_id=all_granted_eps');
  t.equal(canonicalQuery('multi=3&path=%2Ftmp%2F123&multi=1&enable=true&limit=1&multi=2&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29'),
    'enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29', 'the Go SDK\'s test example');
  t.equal(canonicalQuery(''), '');
  t.equal(canonicalQuery('flag'), 'flag=');
});

t.test('Authorization parsing is lenient about spaces and strict about parts', async (t) => {
  t.same(parseAuthorization('SDK-HMAC-SHA256 Access=AK, SignedHeaders=Host;X-Sdk-Date, Signature=abc'), { algorithm: 'SDK-HMAC-SHA256', access: 'AK', signedHeaders: ['host', 'x-sdk-date'], signature: 'abc' });
  t.same(parseAuthorization('SDK-HMAC-SHA256 Access=AK,SignedHeaders=x-sdk-date,Signature=abc')?.access, 'AK');
  for (const bad of ['', 'SDK-HMAC-SHA256', 'SDK-HMAC-SHA256 Access=AK', 'Bearer xyz', 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=x, Signature=', 'SDK-HMAC-SHA256 garbage']) {
    t.equal(parseAuthorization(bad), null, JSON.stringify(bad));
  }
});

t.test('X-Sdk-Date: the exact format only', async (t) => {
  t.equal(parseSdkDate('20240101T000000Z'), Date.UTC(2024, 0, 1));
  for (const bad of ['2024-01-01T00:00:00Z', '20240101T000000', '20241301T000000Z', '20240230T000000Z', '20240101T250000Z', '']) t.ok(Number.isNaN(parseSdkDate(bad)), bad);
  t.equal(formatSdkDate(Date.UTC(2006, 0, 2, 15, 4, 5)), '20060102T150405Z');
});

t.test('signRequest round-trips through the verifier\'s canonical request; comparison is exact', async (t) => {
  const req = { method: 'PUT', url: '/v1.0/p/instances/i/swap', headers: { host: 'h:1', 'content-type': 'application/json' } };
  const added = signRequest(req, 'AK', 'SK', '20260101T000000Z');
  const parsed = parseAuthorization(added.Authorization)!;
  const canonical = canonicalRequest({ ...req, headers: { ...req.headers, 'x-sdk-date': '20260101T000000Z' } }, parsed.signedHeaders);
  t.ok(sameSignature(sign('SK', '20260101T000000Z', canonical), parsed.signature));
  t.notOk(sameSignature(sign('SK2', '20260101T000000Z', canonical), parsed.signature));
  t.notOk(sameSignature(parsed.signature, parsed.signature.slice(1)));
});
