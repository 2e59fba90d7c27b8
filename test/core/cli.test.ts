/**
 * The real thing over a real socket: the built CLI (`node dist/cli.js`, built by
 * `pretest`) on a free port, a swap flow, the request log, and a clean stop.
 */
import t from 'tap';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import module from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServer, type AddressInfo } from 'node:net';
import { PROJECT } from '../helper.js';
import { CLI, childEnv, runCli as run, startCli as start } from '../cli-process.js';

const ID = '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11';

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hw-mock-cli-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}


const stopped = (child: ChildProcessWithoutNullStreams) => new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

t.test('CLI on a free port: "" then "1" with the page\'s message, then "" again after the resync; one log line per request; SIGTERM stops it', async (t) => {
  const scenario = tempFile('fast.yaml', `name: fast\ntimings: { dcs: { resyncSeconds: 0.4 } }\nprojects:\n  - id: ${PROJECT}\n    instances:\n      - id: ${ID}\n`);
  const { child, base, lines } = await start(['--scenario', scenario, '--host', '127.0.0.1', '--log-level', 'info']);
  t.teardown(() => child.kill('SIGKILL'));
  t.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);

  const swap = () => fetch(`${base}/v1.0/${PROJECT}/instances/${ID}/swap`, { method: 'PUT' });
  const first = await swap();
  t.equal(first.status, 200);
  t.equal(first.headers.get('content-type'), 'application/json; charset=UTF-8');
  const requestId = first.headers.get('x-request-id');
  t.match(requestId, /^[0-9a-f]{32}$/);
  t.equal(await first.text(), '{"code":"","message":"success"}');

  const second = await swap();
  t.equal(await second.text(), '{"code":"1","message":"repliation abnormal, master connected_slaves:0\\r"}');

  let body = '';
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    body = await (await swap()).text();
    if (body.includes('"code":""')) break;
  }
  t.equal(body, '{"code":"","message":"success"}', 'healthy again once the resync time has passed');

  await new Promise((r) => setTimeout(r, 50));
  const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
  const mine = logged.find((l) => l.reqId === requestId);
  t.ok(mine, 'the request id of the response is in the log');
  t.match(mine, { method: 'PUT', status: 200, op: 'dcs.swap', url: `/v1.0/${PROJECT}/instances/${ID}/swap` });
  t.equal(logged.filter((l) => l.reqId === requestId).length, 1, 'one line per request');

  const exit = stopped(child);
  child.kill('SIGTERM');
  t.equal(await exit, 0, 'clean exit on SIGTERM');
});

t.test('DWS over a real socket: switchover, poll the detail until task_status is empty, then NORMAL', async (t) => {
  const cluster = '7d85f602-a948-4a30-afd4-e84f47471c15';
  const scenario = tempFile('dws.yaml', `name: dws\ntimings: { dws: { switchoverSeconds: 0.3 } }\nprojects:\n  - id: ${PROJECT}\n    clusters:\n      - id: ${cluster}\n        version: 8.1.1.202\n        failed_nodes: [1]\n`);
  const { child, base } = await start(['--scenario', scenario, '--log-level', 'warn']);
  t.teardown(() => child.kill('SIGKILL'));
  const read = async () => (await (await fetch(`${base}/v1.0/${PROJECT}/clusters/${cluster}`)).json()).cluster;
  t.equal((await read()).sub_status, 'UNBALANCED');
  const res = await fetch(`${base}/v1.0/${PROJECT}/clusters/${cluster}/switchover`, { method: 'POST', headers: { 'content-type': 'application/json' } });
  t.equal(res.status, 200);
  t.equal(await res.text(), '{}');
  const seen = new Set<string>();
  let c = await read();
  const deadline = Date.now() + 5000;
  while (c.task_status !== '' && Date.now() < deadline) {
    seen.add(c.task_status);
    await new Promise((r) => setTimeout(r, 50));
    c = await read();
  }
  t.ok(seen.has('ACTIVE_STANDY_SWITCHOVER'), 'the task was seen running');
  t.equal(c.task_status, '');
  t.equal(c.sub_status, 'NORMAL');
  t.same(c.action_progress, {});
  child.kill('SIGTERM');
});

t.test('chaos over a real socket: a dropped connection is a socket error for a real client; virtual clock; admin token', async (t) => {
  const { child, base } = await start(['--clock', 'virtual', '--admin-token', 'tok-12345678', '--log-level', 'warn']);
  t.teardown(() => child.kill('SIGKILL'));
  const admin = { authorization: 'Bearer tok-12345678', 'content-type': 'application/json' };
  const add = await fetch(`${base}/_mock/rules`, { method: 'POST', headers: admin, body: JSON.stringify({ id: 'reset-once', operation: 'dcs.swapV2', nth: 1, action: { drop: true } }) });
  t.equal(add.status, 201);
  const url = `${base}/v2/${PROJECT}/instances/${ID}/swap`;
  const dropped = await fetch(url, { method: 'POST' }).then(() => 'answered', (err: Error & { cause?: { code?: string } }) => err.cause?.code ?? err.message);
  t.match(dropped, /^(ECONNRESET|UND_ERR_SOCKET|other side closed|fetch failed)/, `the client saw a socket error (${dropped})`);
  t.equal((await fetch(url, { method: 'POST' })).status, 204, 'the retry goes through');
  t.equal((await fetch(url, { method: 'POST' })).status, 400, 'the replica syncs');
  t.equal((await fetch(`${base}/_mock/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"seconds":10}' })).status, 401, 'admin needs the token');
  const adv = await fetch(`${base}/_mock/clock/advance`, { method: 'POST', headers: admin, body: '{"seconds":10}' });
  t.equal(adv.status, 200);
  t.equal((await fetch(url, { method: 'POST' })).status, 204, 'virtual time moved only when asked');
  const count = await (await fetch(`${base}/_mock/requests/count`, { method: 'POST', headers: admin, body: JSON.stringify({ rule: 'reset-once' }) })).json();
  t.same(count, { count: 1 });
  const journal = await (await fetch(`${base}/_mock/requests?rule=reset-once`, { headers: admin })).json();
  t.match(journal.requests[0], { status: 0, fault: 'dropped' });
  child.kill('SIGTERM');
});

t.test('SIGINT stops it cleanly too, and the default scenario loads', async (t) => {
  const { child, base } = await start(['--log-level', 'warn']);
  t.teardown(() => child.kill('SIGKILL'));
  const res = await fetch(`${base}/v1.0/${PROJECT}/instances?limit=1`);
  t.equal(res.status, 200);
  t.equal((await res.json()).instance_num, 10);
  const exit = stopped(child);
  child.kill('SIGINT');
  t.equal(await exit, 0);
});

t.test('--log-level silent prints nothing at all, and still serves', async (t) => {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const child = spawn(process.execPath, [CLI, '--port', String(port), '--log-level', 'silent'], { stdio: 'pipe', env: childEnv() });
  t.teardown(() => child.kill('SIGKILL'));
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  let status = 0;
  for (let i = 0; i < 100 && status !== 200; i++) {
    status = await fetch(`http://127.0.0.1:${port}/_mock/health`).then((r) => r.status, () => 0);
    if (status !== 200) await new Promise((r) => setTimeout(r, 50));
  }
  t.equal(status, 200, 'it answers');
  const exit = stopped(child);
  child.kill('SIGTERM');
  t.equal(await exit, 0);
  t.equal(output, '', 'not a byte on stdout or stderr');
});

t.test('a bad scenario stops it before it listens: exit code 2 and one message with file, path and expectation', async (t) => {
  const bad = tempFile('bad.yaml', `name: bad\nprojects:\n  - id: ${PROJECT}\n    instances:\n      - id: ${ID}\n      - id: 3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c12\n      - id: 3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c13\n        cache_mode: clustre\n`);
  const r = await run(['--scenario', bad, '--port', '0']);
  t.equal(r.code, 2);
  t.match(r.stderr, `${bad}: projects[0].instances[2].cache_mode: expected one of single, ha, ha_rw_split, cluster, proxy, got "clustre"`);
  t.notMatch(r.stdout, /listening/);
  const missing = await run(['--scenario', '/nope/none.yaml']);
  t.equal(missing.code, 2);
  t.match(missing.stderr, '/nope/none.yaml: file not found');
});

t.test('bad flags: exit code 2 with usage; --help: exit 0', async (t) => {
  // Each run is a process of its own: started together.
  const [unknown, port, level, clock, journal, token, help] = await Promise.all([
    run(['--colour']), run(['--port', 'eighty']), run(['--log-level', 'loud']), run(['--clock', 'sundial']),
    run(['--journal-size', '-1']), run(['--admin-token', 'short']), run(['--help']),
  ]);
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /Unknown option '--colour'/);
  t.match(unknown.stderr, /Usage: hw-mock/);
  t.equal(port.code, 2);
  t.match(port.stderr, '--port: expected an integer from 0 to 65535, got "eighty"');
  t.equal(level.code, 2);
  t.equal(clock.code, 2);
  t.match(clock.stderr, '--clock: expected real or virtual, got "sundial"');
  t.equal(journal.code, 2);
  t.equal(token.code, 2);
  t.equal(help.code, 0);
  t.match(help.stdout, /--scenario FILE/);
});

t.test('--version and -v print the version of package.json, from the bundle; --help lists every variable', async (t) => {
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  for (const flag of ['--version', '-v']) {
    const r = await run([flag], { HW_MOCK_PORT: 'not-a-port' });
    t.equal(r.code, 0, `${flag}: exit 0 (a bad variable does not matter)`);
    t.equal(r.stdout, `${version}\n`, `${flag}: the version alone`);
  }
  const help = await run(['--help']);
  for (const name of ['HW_MOCK_PORT', 'HW_MOCK_HOST', 'HW_MOCK_SCENARIO', 'HW_MOCK_LOG_LEVEL', 'HW_MOCK_PRETTY', 'HW_MOCK_CLOCK', 'HW_MOCK_ADMIN_TOKEN',
    'HW_MOCK_JOURNAL_SIZE', 'HW_MOCK_AUTH', 'HW_MOCK_REQUEST_TIMEOUT', 'HW_MOCK_MAX_CONNECTIONS', 'HW_MOCK_MAX_OBJECTS', 'HW_MOCK_SHUTDOWN_GRACE',
    'HW_MOCK_STATE_FILE', 'HW_MOCK_STATE_INTERVAL', 'HW_MOCK_TLS', 'HW_MOCK_TLS_CERT', 'HW_MOCK_TLS_KEY', 'HW_MOCK_TLS_CERT_OUT']) {
    t.match(help.stdout, new RegExp(`\\b${name}\\b`), `--help names ${name}`);
  }
  t.match(help.stdout, /-v, --version/);
});

t.test('the entry: source maps left off (they cost a start ~20 ms)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-mock-entry-'));
  // Loaded before the entry (after anything the environment preloads, such as the test runner's own
  // hooks, which turn source maps on): says on exit whether the code that ran after it turned them on.
  const probe = join(dir, 'probe.mjs');
  writeFileSync(probe, [
    "import module from 'node:module';",
    'const calls = [];',
    'const set = process.setSourceMapsEnabled;',
    'process.setSourceMapsEnabled = (on) => { calls.push(on); set.call(process, on); };',
    'const support = module.setSourceMapsSupport;',
    'if (support) module.setSourceMapsSupport = (on, options) => { calls.push(on); support.call(module, on, options); };',
    "process.on('exit', () => process.stderr.write(`source maps turned on: ${JSON.stringify(calls)}\\n`));",
  ].join('\n'));
  const run = (script: string) => spawnSync(process.execPath, ['--import', pathToFileURL(probe).href, script, '--version'], { encoding: 'utf8', env: childEnv() });

  const entry = run(CLI);
  t.equal(entry.status, 0);
  t.match(entry.stdout, /^\d+\.\d+\.\d+\n$/);
  t.match(entry.stderr, 'source maps turned on: []', 'the entry leaves source maps as they were');
  const control = join(dir, 'control.mjs');
  writeFileSync(control, 'process.setSourceMapsEnabled(true);\n');
  t.match(run(control).stderr, 'source maps turned on: [true]', 'the probe sees a script that turns them on');
});

const hasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';
t.test('the entry: Node\'s compile cache turned on, in its default place', { skip: hasCompileCache ? false : `Node ${process.version} has no compile cache (22.1 and later)` }, async (t) => {
  /** Files the compile cache holds when the system's temporary directory is `tmp` (its default place). */
  const cached = (script: string) => {
    const tmp = mkdtempSync(join(tmpdir(), 'hw-mock-cache-'));
    const env: NodeJS.ProcessEnv = { ...childEnv(), TMPDIR: tmp };
    // Either would set the cache without the entry's call, or keep it off.
    delete env.NODE_COMPILE_CACHE;
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const run = spawnSync(process.execPath, [script, '--version'], { encoding: 'utf8', env });
    t.equal(run.status, 0);
    const folder = join(tmp, 'node-compile-cache');
    return existsSync(folder) ? readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
  };
  t.ok(cached(CLI) > 0, 'the bundle\'s compiled code is kept');
  const control = join(mkdtempSync(join(tmpdir(), 'hw-mock-entry-')), 'control.mjs');
  writeFileSync(control, "await import('node:http');\n");
  t.equal(cached(control), 0, 'a script that does not turn the cache on keeps nothing there');
});

t.test('configuration by environment: variables set the options, a flag wins, a bad variable exits 2 naming it', async (t) => {
  const scenario = tempFile('from-env.yaml', `name: from-env\nprojects:\n  - id: ${PROJECT}\n    instances:\n      - id: ${ID}\n`);
  // start() passes --port 0: it wins over HW_MOCK_PORT.
  const { child, base, lines } = await start([], { HW_MOCK_SCENARIO: scenario, HW_MOCK_CLOCK: 'virtual', HW_MOCK_ADMIN_TOKEN: 'env-token-1234', HW_MOCK_LOG_LEVEL: 'warn', HW_MOCK_PORT: '1' });
  t.teardown(() => child.kill('SIGKILL'));
  t.notMatch(base, /:1$/, 'the --port flag won over HW_MOCK_PORT');
  t.same(lines, [`hw-mock listening on ${base}`], 'HW_MOCK_LOG_LEVEL=warn: no info lines, the address alone');
  const health = await (await fetch(`${base}/_mock/health`)).json();
  t.match(health, { scenario: 'from-env', source: 'from-env.yaml', clock: { mode: 'virtual' } }, 'HW_MOCK_SCENARIO and HW_MOCK_CLOCK');
  t.equal((await fetch(`${base}/_mock/state`)).status, 401, 'HW_MOCK_ADMIN_TOKEN guards the admin API');
  t.equal((await fetch(`${base}/_mock/state`, { headers: { authorization: 'Bearer env-token-1234' } })).status, 200);
  const exit = stopped(child);
  child.kill('SIGTERM');
  t.equal(await exit, 0);

  const bad = await run([], { HW_MOCK_LOG_LEVEL: 'loud' });
  t.equal(bad.code, 2);
  t.match(bad.stderr, 'hw-mock: HW_MOCK_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"');
  t.match(bad.stderr, /Usage: hw-mock/);
  const flagged = await run(['--log-level', 'loud'], { HW_MOCK_LOG_LEVEL: 'warn' });
  t.match(flagged.stderr, '--log-level: expected one of', 'a bad flag is named as the flag, whatever the variable');
  const boolean = await run([], { HW_MOCK_PRETTY: 'yes' });
  t.equal(boolean.code, 2);
  t.match(boolean.stderr, 'HW_MOCK_PRETTY: expected true, false, 1 or 0, got "yes"');
});

t.test('a SIGTERM the moment the server listens closes it cleanly (handlers are in before it listens)', async (t) => {
  // Preloaded into the CLI: the signal is sent from the server's own 'listening' event, the earliest a
  // supervisor could send one after seeing the "listening on" line.
  const preload = tempFile('sigterm-on-listen.mjs', [
    "import net from 'node:net';",
    'const listen = net.Server.prototype.listen;',
    'net.Server.prototype.listen = function (...args) {',
    "  this.once('listening', () => process.kill(process.pid, 'SIGTERM'));",
    '  return listen.apply(this, args);',
    '};',
  ].join('\n'));
  for (let i = 0; i < 3; i++) {
    const child = spawn(process.execPath, ['--import', preload, CLI, '--port', '0'], { stdio: 'pipe' });
    const exit = await new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? String(code))));
    t.equal(exit, '0', 'exit code 0, not killed by the signal');
  }
});

t.test('listening on a non-loopback address without an admin token: a warning at start', async (t) => {
  const open = await start(['--host', '0.0.0.0']);
  await new Promise((r) => setTimeout(r, 100));
  t.match(open.lines.join('\n'), /"level":40.*admin API \(\/_mock: reset, rules, scenario\) is open to anyone who can reach 0\.0\.0\.0/);
  open.child.kill('SIGTERM');
  await stopped(open.child);
  const guarded = await start(['--host', '0.0.0.0', '--admin-token', 'a-long-enough-token']);
  await new Promise((r) => setTimeout(r, 100));
  t.notMatch(guarded.lines.join('\n'), /is open to anyone/, 'no warning with a token');
  guarded.child.kill('SIGTERM');
  await stopped(guarded.child);
});

t.test('--max-objects: a scenario past the budget stops the start with exit 2, naming where it ran out', async (t) => {
  const r = await run(['--max-objects', '20']);
  t.equal(r.code, 2);
  t.match(r.stderr, /default\.yaml: projects\[0\]\.instances\[\d+\]: the world would hold more than 20 objects here/);
  t.equal((await run(['--max-objects', '0'])).code, 2, 'a bad value is a usage error');
});

t.test('SIGTERM with 200 requests in flight: every one is answered, then the process exits 0', async (t) => {
  const { child, base } = await start([]);
  const add = await fetch(`${base}/_mock/rules`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operation: 'dcs.getInstance', action: { delay: { ms: 400 } } }) });
  t.equal(add.status, 201);
  const calls = Array.from({ length: 200 }, () => fetch(`${base}/v1.0/${PROJECT}/instances/${ID}`).then((r) => r.status, (err: Error & { cause?: { code?: string } }) => err.cause?.code ?? err.message));
  await new Promise((r) => setTimeout(r, 150));
  const exit = stopped(child);
  child.kill('SIGTERM');
  const statuses = await Promise.all(calls);
  t.same(statuses.filter((s) => s !== 200), [], 'all 200 answered normally within the grace');
  t.equal(await exit, 0, 'clean exit');
});

t.test('--state-file: written on SIGTERM, restored at start: the same state byte for byte', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-mock-state-'));
  const file = join(dir, 'state.json');
  const first = await start(['--clock', 'virtual', '--state-file', file]);
  await fetch(`${first.base}/v1.0/${PROJECT}/instances/${ID}/swap`, { method: 'PUT' });
  await fetch(`${first.base}/_mock/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"seconds":3}' });
  const before = await (await fetch(`${first.base}/_mock/state`)).text();
  first.child.kill('SIGTERM');
  t.equal(await stopped(first.child), 0);
  t.match(JSON.parse(readFileSync(file, 'utf8')), { format: 'hw-mock-state', version: 1, scenario: { name: 'default' } });
  const second = await start(['--clock', 'virtual', '--state-file', file]);
  t.equal(await (await fetch(`${second.base}/_mock/state`)).text(), before, 'GET /_mock/state byte for byte');
  t.equal((await (await fetch(`${second.base}/v1.0/${PROJECT}/instances/${ID}/swap`, { method: 'PUT' })).json()).code, '1', 'the replica is still resyncing');
  second.child.kill('SIGTERM');
  await stopped(second.child);
});

t.test('--state-file: written every interval; kill -9 under load, three times, loses at most the last interval and never leaves half a file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-mock-state-'));
  const file = join(dir, 'state.json');
  const interval = 100;
  let answered = 0;
  for (let round = 0; round < 3; round++) {
    const running = await start(['--clock', 'virtual', '--state-file', file, '--state-interval', String(interval / 1000)]);
    const stamps: number[] = [];
    const until = Date.now() + 800;
    while (Date.now() < until) {
      await fetch(`${running.base}/v1.0/${PROJECT}/instances/${ID}/swap`, { method: 'PUT' });
      stamps.push(Date.now());
    }
    const killedAt = Date.now();
    running.child.kill('SIGKILL');
    t.equal(await stopped(running.child), null, `round ${round}: killed, no clean exit`);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const surely = answered + stamps.filter((at) => at < killedAt - interval - 400).length;
    t.ok(saved.journal.total >= surely, `round ${round}: the file holds every call answered more than one interval (+400 ms slack) before the kill (${saved.journal.total} >= ${surely})`);
    t.ok(saved.journal.total <= answered + stamps.length, `round ${round}: and nothing that did not happen`);
    answered = saved.journal.total;
  }
  const again = await start(['--clock', 'virtual', '--state-file', file]);
  t.equal((await (await fetch(`${again.base}/_mock/state`)).json()).journal.total, answered, 'restored from the last whole file');
  t.equal((await (await fetch(`${again.base}/v1.0/${PROJECT}/instances/${ID}/swap`, { method: 'PUT' })).json()).code, '1', 'restored: the swaps happened');
  again.child.kill('SIGTERM');
  await stopped(again.child);
});

t.test('--state-file: a corrupt or foreign state stops the start with exit 2 and a clear message; a missing one starts from the scenario', async (t) => {
  const corrupt = tempFile('state.json', '{"format":"hw-mock-state",');
  const r1 = await run(['--state-file', corrupt]);
  t.equal(r1.code, 2);
  t.match(r1.stderr, /cannot restore the state\n.*state\.json: not valid JSON/);
  const foreign = tempFile('state.json', JSON.stringify({ format: 'hw-mock-state', version: 1, services: ['dcs', 'dws', 'iam'], scenario: { name: 'x', digest: 'y' } }));
  const r2 = await run(['--state-file', foreign]);
  t.equal(r2.code, 2);
  t.match(r2.stderr, /saved with another scenario \("x"\)/);
  const missing = await start(['--state-file', join(mkdtempSync(join(tmpdir(), 'hw-mock-state-')), 'none.json')]);
  t.equal((await fetch(`${missing.base}/_mock/health`)).status, 200);
  missing.child.kill('SIGTERM');
  await stopped(missing.child);
});
