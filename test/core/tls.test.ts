/**
 * HTTPS: the built CLI (`node dist/cli.js`, built by `pretest`) with `--tls` (a certificate made at
 * start) or `--tls-cert`/`--tls-key` (a pair given), called by the official SDK core trusting that
 * certificate; the gateway's own answers (malformed HTTP, missing Host, connection cap) over TLS;
 * and the refusals of bad TLS settings. The SDK writes under $HOME/.huaweicloud, so HOME is a
 * temporary folder.
 */
import t from 'tap';
import { type ChildProcessWithoutNullStreams } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { createRequire } from 'node:module';
import { generate } from 'selfsigned';
import { buildApp } from '../../src/app.js';
import { DEV_CREDENTIAL } from '../../src/auth/authenticator.js';
import { DEFAULT_IDS, PROJECT, defaultScenario } from '../helper.js';
import { runCli as run, startCli, type Running as RunningCli } from '../cli-process.js';

process.env.HOME = mkdtempSync(join(tmpdir(), 'hw-mock-tls-home-'));
const require = createRequire(import.meta.url);
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core');
const { ClientBuilder } = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder');
// The SDK logs every failed call to stdout; the refused handshake below is expected.
require('@huaweicloud/huaweicloud-sdk-core/logger/log4jLogger').Logger4jInstance.level = 'off';

const CERTIFICATE_LINE = /TLS certificate (\S+) SHA-256 ([0-9A-F:]{95})/;

interface Running extends RunningCli {
  /** The certificate the start-up log names, and its fingerprint as logged. */
  certFile: string;
  sha256: string;
}

/** Starts the CLI on a free port and waits for its "listening on" line; the certificate line comes before it. */
async function start(args: string[], env?: Record<string, string>): Promise<Running> {
  const running = await startCli(args, env);
  t.teardown(() => running.child.kill('SIGKILL'));
  const found = running.lines.map((l) => CERTIFICATE_LINE.exec(l)).find((m) => m !== null);
  if (!found) throw new Error(`no certificate line before the listening line; got: ${running.lines.join('\n')}`);
  return { ...running, certFile: found[1], sha256: found[2] };
}

const stopped = (child: ChildProcessWithoutNullStreams) => new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

/** The SDK core's client, trusting `ca` (the SDK passes axiosRequestConfig to axios: an https agent with the CA). */
function client(endpoint: string, ca?: string) {
  const credential = new BasicCredentials().withAk(DEV_CREDENTIAL.ak).withSk(DEV_CREDENTIAL.sk).withProjectId(PROJECT);
  const builder = new ClientBuilder((hc: unknown) => hc).withEndpoint(endpoint).withCredential(credential);
  if (ca) builder.withOptions({ axiosRequestConfig: { httpsAgent: new https.Agent({ ca }) } });
  return builder.build();
}

const swap = {
  method: 'PUT', url: '/v1.0/{project_id}/instances/{instance_id}/swap', contentType: 'application/json',
  queryParams: {}, pathParams: { instance_id: DEFAULT_IDS.healthy }, headers: {},
};

const portOf = (base: string) => Number(new URL(base).port);

/** A TLS connection to the server, trusting `ca`, once its handshake is done. */
function connect(base: string, ca: string): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: portOf(base), ca }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Writes raw bytes over TLS and reads until the server closes the connection. */
async function exchange(base: string, ca: string, text: string): Promise<string> {
  const socket = await connect(base, ca);
  return new Promise((resolve) => {
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString()));
    socket.on('close', () => resolve(answer));
    socket.write(text);
  });
}

/** Status line and JSON body of a raw HTTP/1.1 answer. */
function parseAnswer(raw: string): { status: string; headers: string; body: Record<string, unknown> } {
  const [head, body] = raw.split('\r\n\r\n');
  return { status: head.split('\r\n')[0], headers: head, body: JSON.parse(body) };
}

/** A certificate and key made here, for 127.0.0.1. */
async function pair(name: string) {
  const pems = await generate([{ name: 'commonName', value: name }], {
    keyType: 'ec', algorithm: 'sha256', extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const dir = mkdtempSync(join(tmpdir(), 'hw-mock-tls-pair-'));
  writeFileSync(join(dir, 'cert.pem'), pems.cert);
  writeFileSync(join(dir, 'key.pem'), pems.private);
  return { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), pem: pems.cert, dir };
}

t.test('--tls: a certificate made at start, named with its SHA-256 before the https:// listening line; the SDK trusting it gets {"code":"","message":"success"}', async (t) => {
  const running = await start(['--tls', '--auth', 'strict']);
  t.match(running.base, /^https:\/\/127\.0\.0\.1:\d+$/, 'the listening URL is https://');
  const certLine = running.lines.findIndex((l) => CERTIFICATE_LINE.test(l));
  t.ok(certLine < running.lines.findIndex((l) => l.includes('listening on')), 'the certificate is named before the server listens');
  t.match(JSON.parse(running.lines[certLine]), { level: 30, certificate: running.certFile, sha256: running.sha256 }, 'an info line with the file and the fingerprint');
  t.ok(running.certFile.startsWith(tmpdir()), `written in the temp dir (${running.certFile})`);

  const pem = readFileSync(running.certFile, 'utf8');
  const x509 = new X509Certificate(pem);
  t.equal(x509.fingerprint256, running.sha256, 'the logged fingerprint is the file\'s');
  t.match(x509.subjectAltName, /DNS:localhost/);
  t.match(x509.subjectAltName, /IP Address:127\.0\.0\.1/);
  t.notMatch(pem, /PRIVATE KEY/, 'the private key is not written out');

  const swapped = await client(running.base, pem).sendRequest(swap);
  t.match(swapped, { httpStatusCode: 200, code: '', message: 'success' }, 'signed (strict mode) and answered over HTTPS');
  const untrusted = await client(running.base).sendRequest(swap).then(() => 'answered', (err: unknown) => JSON.stringify(err) + String(err));
  t.match(untrusted, /self[- ]signed certificate/i, 'a client that does not trust the certificate refuses the server');

  const exit = stopped(running.child);
  running.child.kill('SIGTERM');
  t.equal(await exit, 0, 'clean exit on SIGTERM');
});

t.test('gateway answers over TLS: malformed HTTP → 400, no Host → 400, over the connection cap → 429, each in the gateway format', async (t) => {
  const out = join(mkdtempSync(join(tmpdir(), 'hw-mock-tls-out-')), 'mock.pem');
  const running = await start(['--log-level', 'warn', '--max-connections', '1'], { HW_MOCK_TLS: 'true', HW_MOCK_TLS_CERT_OUT: out });
  t.equal(running.certFile, out, 'HW_MOCK_TLS_CERT_OUT: the certificate is written there');
  t.ok(running.lines.includes(`hw-mock TLS certificate ${out} SHA-256 ${running.sha256}`), 'said even with info lines off');
  const ca = readFileSync(out, 'utf8');

  const malformed = parseAnswer(await exchange(running.base, ca, 'GET /_mock/health HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n'));
  t.equal(malformed.status, 'HTTP/1.1 400 Bad Request');
  t.match(malformed.headers, /X-Request-Id: [0-9a-f]{32}/i);
  t.match(malformed.body, { error_code: 'APIGW.0201' });
  const hostless = parseAnswer(await exchange(running.base, ca, 'GET /_mock/health HTTP/1.1\r\n\r\n'));
  t.equal(hostless.status, 'HTTP/1.1 400 Bad Request');
  t.match(hostless.body, { error_code: 'APIGW.0201' });

  // One connection open and answered (keep-alive), so the server has counted it; the next is one too many.
  const first = await connect(running.base, ca);
  const answered = new Promise<string>((resolve) => first.once('data', (c: Buffer) => resolve(c.toString())));
  first.write('GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n');
  t.match(await answered, /^HTTP\/1\.1 200 /);
  const throttled = parseAnswer(await exchange(running.base, ca, 'GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n'));
  t.equal(throttled.status, 'HTTP/1.1 429 Too Many Requests');
  t.match(throttled.body, { error_code: 'APIGW.0308' });
  first.end();
  running.child.kill('SIGTERM');
  await stopped(running.child);
});

t.test('in-process, buildApp({ tls }): an https:// origin, and the same limits as over HTTP: 408 for a request never finished, 494, 417', async (t) => {
  const given = await pair('in-process');
  const app = await buildApp({ scenario: await defaultScenario(), tls: { cert: given.pem, key: readFileSync(given.key) }, limits: { requestTimeout: 300, headersTimeout: 300, checkInterval: 50 } });
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.match(app.listeningOrigin, /^https:\/\/127\.0\.0\.1:\d+$/);
  const started = Date.now();
  const slow = parseAnswer(await exchange(app.listeningOrigin, given.pem, 'GET /_mock/health HTTP/1.1\r\nHost: x\r\n'));
  t.equal(slow.status, 'HTTP/1.1 408 Request Timeout');
  t.match(slow.body, { error_code: 'APIGW.0201', error_msg: 'Request timeout.' });
  t.ok(Date.now() - started < 2500, 'within the timeout and its check interval');
  const large = parseAnswer(await exchange(app.listeningOrigin, given.pem, `GET /_mock/health HTTP/1.1\r\nHost: x\r\nX: ${'a'.repeat(20_000)}\r\n\r\n`));
  t.match(large.status, /^HTTP\/1\.1 494 /);
  t.match(large.body, { error_code: 'APIGW.0201', error_msg: 'Request headers too large.' });
  const expect = parseAnswer(await exchange(app.listeningOrigin, given.pem, 'GET /_mock/health HTTP/1.1\r\nHost: x\r\nExpect: bogus\r\n\r\n'));
  t.equal(expect.status, 'HTTP/1.1 417 Expectation Failed');
});

t.test('--tls-cert and --tls-key (here as HW_MOCK_TLS_CERT, HW_MOCK_TLS_KEY): HTTPS with the pair given; the SDK trusting it gets {"code":"","message":"success"}', async (t) => {
  const given = await pair('given');
  const running = await start(['--log-level', 'warn'], { HW_MOCK_TLS_CERT: given.cert, HW_MOCK_TLS_KEY: given.key });
  t.match(running.base, /^https:\/\//);
  t.equal(running.certFile, given.cert, 'the log names the file given');
  t.equal(running.sha256, new X509Certificate(given.pem).fingerprint256, 'and its fingerprint');
  t.match(await client(running.base, given.pem).sendRequest(swap), { httpStatusCode: 200, code: '', message: 'success' });
  running.child.kill('SIGTERM');
  await stopped(running.child);
});

t.test('bad TLS settings stop the start with exit 2 and say which file and why', async (t) => {
  const good = await pair('good');
  const other = await pair('other');
  const text = join(good.dir, 'notes.txt');
  writeFileSync(text, 'not a certificate\n');
  const cases: Array<[string, string[], RegExp | string]> = [
    ['a certificate without its key', ['--tls-cert', good.cert], '--tls-cert: needs the certificate\'s private key too (--tls-key or HW_MOCK_TLS_KEY)'],
    ['a certificate file that is not there', ['--tls-cert', join(good.dir, 'none.pem'), '--tls-key', good.key], `hw-mock: cannot read the TLS certificate\n${join(good.dir, 'none.pem')}: file not found`],
    ['a key that is a folder', ['--tls-cert', good.cert, '--tls-key', good.dir], `hw-mock: cannot read the TLS private key\n${good.dir}: a folder, not a file`],
    ['a certificate that is not PEM', ['--tls-cert', text, '--tls-key', good.key], `hw-mock: invalid TLS certificate\n${text}: not a PEM certificate`],
    ['a key that is not PEM', ['--tls-cert', good.cert, '--tls-key', text], `hw-mock: invalid TLS private key\n${text}: not a PEM private key`],
    ['the key of another certificate', ['--tls-cert', good.cert, '--tls-key', other.key], `hw-mock: the TLS private key does not belong to the certificate\n${other.key}: not the key of ${good.cert}`],
    ['a certificate out path in no folder', ['--tls', '--tls-cert-out', join(good.dir, 'no', 'such', 'cert.pem')], `hw-mock: cannot write the TLS certificate\n${join(good.dir, 'no', 'such', 'cert.pem')}: its folder does not exist`],
  ];
  for (const [what, args, message] of cases) {
    const r = await run(args);
    t.equal(r.code, 2, `${what}: exit 2`);
    t.match(r.stderr, message, `${what}: ${r.stderr.split('\n').slice(0, 2).join(' / ')}`);
    t.notMatch(r.stdout, /listening/, `${what}: never listened`);
  }
});
