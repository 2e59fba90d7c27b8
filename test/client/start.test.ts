/** startMock(): a real server on a free port, its options (the command line's), every scenario form, and clear refusals. */
import t from 'tap';
import net from 'node:net';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { startMock, ManualClock, ScenarioError, MockAdminError, parseScenario, dcs, type StartOptions } from '../../src/index.js';
import { started, PROJECT, HEALTHY, swapUrl } from './fixture.js';

const SCENARIO_FILE = fileURLToPath(new URL('../../scenarios/chaos-times-2.yaml', import.meta.url));
const small = (name: string) => ({ name, projects: [{ id: PROJECT, instances: [{ id: HEALTHY }] }] });
const T0 = Date.UTC(2026, 0, 15, 8, 0, 0);

t.test('defaults: the packaged default scenario on 127.0.0.1, a free port, a real clock', async (t) => {
  const mock = await started(t);
  t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.equal(mock.url, `http://127.0.0.1:${mock.port}`);
  t.ok(mock.port > 0, 'a port was picked');
  const health = await mock.admin.health();
  t.match(health, { status: 'ok', scenario: 'default', source: 'default.yaml', clock: { mode: 'real' }, counts: { projects: 1 } });
  const res = await fetch(swapUrl(mock.url), { method: 'PUT' });
  t.equal(res.status, 200);
  t.same(await res.json(), { code: '', message: 'success' }, 'the emulated API answers over the socket');
  t.equal(mock.app.mock.journal.size, 1, 'app is the Fastify instance, app.mock the runtime');
});

t.test('close() stops the server and can be called again', async (t) => {
  const mock = await startMock();
  const first = mock.close();
  t.equal(mock.close(), first, 'a second call waits for the same close');
  await first;
  await mock.close();
  await t.rejects(fetch(`${mock.url}/_mock/health`), 'nothing listens any more');
});

t.test('the default scenario is parsed once: later starts reuse the document', async (t) => {
  const a = await started(t);
  const b = await started(t);
  t.equal(a.app.mock.scenario.spec, b.app.mock.scenario.spec, 'one parsed document');
  await b.admin.loadProject(PROJECT, { instances: [{ id: HEALTHY, name: 'changed' }] });
  const names = (mock: typeof a) => (mock.app.mock.scenario.spec.projects[0].instances as { name?: string }[]).map((i) => i.name);
  t.same(names(b), ['changed'], 'b changed its own scenario');
  t.not(names(a)[0], 'changed', 'a kept the shared document as it was');
});

t.test('every scenario form: path, { file }, { yaml }, { json }, a document, a loaded Scenario', async (t) => {
  const loaded = await parseScenario('name: loaded\nprojects: [{ id: 0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e }]\n', 'mem.yaml');
  if (!loaded.ok) throw new Error('test scenario');
  const forms: [string, StartOptions['scenario'], string, string][] = [
    ['a path', SCENARIO_FILE, 'chaos-times-2', 'chaos-times-2.yaml'],
    ['{ file }', { file: SCENARIO_FILE }, 'chaos-times-2', 'chaos-times-2.yaml'],
    ['{ yaml }', { yaml: `name: from-yaml\nprojects:\n  - id: ${PROJECT}\n` }, 'from-yaml', 'scenario (YAML text)'],
    ['{ json }', { json: JSON.stringify(small('from-json')) }, 'from-json', 'scenario (JSON text)'],
    ['a document', small('from-object'), 'from-object', 'scenario (object)'],
    ['a Scenario', loaded.scenario, 'loaded', 'mem.yaml'],
  ];
  for (const [what, scenario, name, source] of forms) {
    const mock = await started(t, { scenario });
    t.match(await mock.admin.health(), { scenario: name, source }, what);
  }
});

t.test('a bad scenario throws ScenarioError with every issue and its path; nothing listens', async (t) => {
  const refused = async (scenario: StartOptions['scenario']) => {
    const error = await startMock({ scenario }).then(() => undefined, (e: unknown) => e);
    t.type(error, ScenarioError);
    return error as ScenarioError;
  };
  const object = await refused({ name: 'bad', projects: [{ id: PROJECT, instances: [{ id: HEALTHY, cache_mode: 'hha' }] }], seeed: 1 } as never);
  t.same(object.issues.map((i) => i.path).sort(), ['projects[0].instances[0].cache_mode', 'seeed']);
  t.equal(object.source, 'scenario (object)');
  t.match(object.message, /^scenario \(object\): /);
  const yaml = await refused({ yaml: 'name: x\nprojects: [\n' });
  t.match(yaml.issues[0].message, /^not valid YAML/);
  const json = await refused({ json: '{"name":' });
  t.match(json.issues[0].message, /^not valid JSON/);
  const missing = await refused('no/such/file.yaml');
  t.same(missing.issues, [{ path: '', message: 'file not found' }]);
  t.equal(missing.source, 'no/such/file.yaml');
  const budget = await startMock({ maxObjects: 3 }).catch((e: ScenarioError) => e);
  t.type(budget, ScenarioError, 'the budget applies to the default scenario too');
  const services = await startMock({ services: [dcs] }).catch((e: ScenarioError) => e);
  t.same((services as ScenarioError).issues.map((i) => i.path), ['timings.dws', 'options.dws', 'projects[0].clusters'], 'a DCS-only mock refuses the DWS keys');
});

t.test('a string is a file path: text given as a string is refused with the way to give it', async (t) => {
  await t.rejects(startMock({ scenario: 'name: x\nprojects: []\n' }), { name: 'TypeError', message: /a string is a file path; for YAML or JSON text give \{ yaml: text \} or \{ json: text \}/ });
  await t.rejects(startMock({ scenario: '{"name":"x"}' }), TypeError);
  await t.rejects(startMock({ scenario: 42 as never }), { name: 'TypeError', message: /^scenario: expected a file path, \{ file \}/ });
  const error = await startMock({ scenario: { yaml: 42 } as never }).catch((e: ScenarioError) => e);
  t.ok((error as ScenarioError).issues.some((i) => i.path === 'yaml' && i.message === 'unknown key'), 'not a { yaml } source: checked as a document');
});

t.test('clock: virtual starts at the scenario\'s clock.start (or now); a Clock is used as it is; anything else is refused', async (t) => {
  const atStart = await started(t, { clock: 'virtual', scenario: { ...small('clocked'), clock: { start: '2026-01-15T08:00:00Z' } } });
  t.same(await atStart.admin.clock.get(), { mode: 'virtual', now: '2026-01-15T08:00:00.000Z' });
  const before = Date.now();
  const fromNow = await started(t, { clock: 'virtual', scenario: small('now') });
  const now = Date.parse((await fromNow.admin.clock.get()).now);
  t.ok(now >= before - 1 && now <= Date.now(), 'starts at the real time, then stands still');
  const clock = new ManualClock(T0);
  const given = await started(t, { clock });
  t.equal(given.app.mock.clock, clock, 'the very clock given');
  clock.advance(60_000);
  t.equal((await given.admin.clock.get()).now, '2026-01-15T08:01:00.000Z', 'moved in-process, seen over HTTP');
  t.equal((await started(t, { clock: 'real' })).app.mock.clock.kind, 'real');
  await t.rejects(startMock({ clock: 'fast' as never }), { name: 'TypeError', message: /clock: expected real, virtual or a Clock/ });
  await t.rejects(startMock({ clock: { now: 1 } as never }), TypeError);
});

t.test('options are checked before anything starts, each with its name', async (t) => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ port: 70000 }, /port: expected an integer from 0 to 65535, got number 70000/],
    [{ port: 1.5 }, /port: expected an integer from 0 to 65535/],
    [{ journalSize: -1 }, /journalSize: expected an integer from 0 to 1000000/],
    [{ adminToken: 'short' }, /adminToken: expected 8 to 256 printable characters, no spaces/],
    [{ auth: 'loose' }, /auth: expected one of off, lenient, strict, got "loose"/],
    [{ logLevel: 'loud' }, /logLevel: expected one of fatal, error, warn, info, debug, trace, silent/],
    [{ jornalSize: 10 }, /jornalSize: unknown key/],
    [{ limits: { maxConections: 1 } }, /limits\.maxConections: unknown key/],
    [{ services: [] }, /services: expected a list of services/],
  ];
  for (const [options, message] of cases) {
    await t.rejects(startMock(options as never), { name: 'TypeError', message }, JSON.stringify(options));
  }
  await t.rejects(startMock({ logLevel: 'info', logger: pino({ level: 'silent' }) }), { message: 'startMock: give logLevel or logger, not both' });
});

t.test('a port in use: the start fails with the listen error, and the app it built is closed', async (t) => {
  const first = await started(t);
  const error = await startMock({ port: first.port }).catch((e: NodeJS.ErrnoException) => e);
  t.equal((error as NodeJS.ErrnoException).code, 'EADDRINUSE');
  t.same(await first.admin.health().then((h) => h.status), 'ok', 'the first mock still answers');
});

t.test('adminToken: the admin client carries it; a client without it is refused; health is open', async (t) => {
  const mock = await started(t, { adminToken: 'test-admin-token-1' });
  t.same(await mock.admin.rules.list(), [], 'the returned client has the token');
  const { MockAdmin } = await import('../../src/index.js');
  const anonymous = new MockAdmin(mock.url);
  t.equal((await anonymous.health()).status, 'ok');
  const error = await anonymous.rules.list().catch((e: MockAdminError) => e);
  t.type(error, MockAdminError);
  t.match(error, { status: 401, code: 'MOCK.UNAUTHORIZED', issues: [] });
});

t.test('auth, journalSize, bodyLimit, logger: passed through as the command line passes them', async (t) => {
  const strict = await started(t, { auth: 'strict' });
  const refused = await fetch(swapUrl(strict.url), { method: 'PUT' });
  t.equal(refused.status, 401);
  t.equal((await refused.json()).error_code, 'APIGW.0301');

  const one = await started(t, { journalSize: 1, bodyLimit: 64 });
  await fetch(swapUrl(one.url), { method: 'PUT' });
  await fetch(swapUrl(one.url), { method: 'PUT' });
  t.equal((await one.admin.requests.list()).length, 1, 'the journal keeps one entry');
  const big = await fetch(swapUrl(one.url), { method: 'PUT', body: 'x'.repeat(100), headers: { 'content-type': 'application/json' } });
  t.equal(big.status, 413, 'the body limit is the one given');

  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk, _encoding, done) => {
      lines.push(String(chunk));
      done();
    },
  });
  const logged = await started(t, { logger: pino({ level: 'info' }, sink) });
  await fetch(swapUrl(logged.url), { method: 'PUT' });
  await new Promise((resolve) => setTimeout(resolve, 20));
  t.ok(lines.some((l) => JSON.parse(l).msg === 'request' && JSON.parse(l).op === 'dcs.swap'), 'the request line went to the logger given');
});

t.test('listening on every interface: the URL is reachable, and a warning says the admin API is open', async (t) => {
  // Caught here rather than printed (Node prints every warning, listened to or not): an expected one.
  const warnings: string[] = [];
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error) => warnings.push(typeof warning === 'string' ? warning : warning.message)) as typeof process.emitWarning;
  t.teardown(() => {
    process.emitWarning = emitWarning;
  });
  const mock = await started(t, { host: '0.0.0.0' });
  t.equal(mock.url, `http://127.0.0.1:${mock.port}`);
  t.equal((await mock.admin.health()).status, 'ok');
  await new Promise((resolve) => setImmediate(resolve));
  t.match(warnings, [/the admin API \(\/_mock: reset, rules, scenario\) is open to anyone who can reach 0\.0\.0\.0/]);
  warnings.length = 0;
  await started(t, { host: '0.0.0.0', adminToken: 'test-admin-token-1' });
  await new Promise((resolve) => setImmediate(resolve));
  t.same(warnings, [], 'no warning with an admin token');
});

t.test('a given port is used', async (t) => {
  const free = await new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
  const mock = await started(t, { port: free });
  t.equal(mock.port, free);
});
