// npm run bench: how fast the mock answers, how much memory it holds, how fast it starts.
// Prints one Markdown table on stdout (progress goes to stderr); README "## Speed" explains it.
//
//   node bench/run.js [--rounds 3] [--duration 5] [--soak 60] [--connections 50]
//
// Servers under load run in child processes pinned to core 0, and the load generator (autocannon,
// its own process) on core 1, when `taskset` and two cores are there. Start-up figures are taken
// unpinned (no load runs then, and a process pinned to one core shares it with V8's compiler and
// GC threads, which is not how anyone starts it). Every load run is timed after a
// warm-up; rounds visit the servers in turn (each round starting with the next one), so that
// machine noise hits them alike; each figure is the median of the rounds, with their min–max.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { get } from 'node:http';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/cli.js');
const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon');
const PROJECT = '0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e';
const INSTANCE = '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11';
const SWAP = `/v1.0/${PROJECT}/instances/${INSTANCE}/swap`;
const WARMUP_SECONDS = 2;
const STARTS = 5;
const IN_PROCESS_RUNS = 5;
const RESETS = 200;
const LARGE_WORLD = { instances: 100_000, clusters: 10_000, rounds: 3 };

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    soak: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
  },
});
const positive = (name) => {
  const n = Number(flags[name]);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`bench: --${name}: expected a positive integer, got "${flags[name]}"\n`);
    process.exit(2);
  }
  return n;
};
const ROUNDS = positive('rounds');
const DURATION = positive('duration');
const SOAK = positive('soak');
const CONNECTIONS = positive('connections');

const TMP = mkdtempSync(join(tmpdir(), 'hw-mock-bench-'));
const say = (text) => process.stderr.write(`${text}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- processes, pinning, /proc ------------------------------------------------------------

const PIN = (() => {
  if (availableParallelism() < 2) return false;
  try {
    execFileSync('taskset', ['-c', '1', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Every process this run started: stopped at the end, whatever happens. */
const children = new Set();

/** Spawns `node args…` on `core` (when pinning), its output to `logFile` (logs are part of the work measured). */
function spawnNode(args, { core, logFile }) {
  const out = openSync(logFile, 'w');
  const [cmd, argv] = PIN && core !== undefined ? ['taskset', ['-c', String(core), process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', out, out] });
  closeSync(out);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

const freePort = () => new Promise((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

/** Resolves with the status of the first answer on `path`, polling while nothing listens. */
async function firstAnswer(port, path, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await new Promise((resolve) => {
      const req = get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', () => resolve(0));
    });
    if (status !== 0) return status;
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering`);
    if (Date.now() > deadline) throw new Error(`no answer on port ${port} within ${timeoutMs} ms`);
    await sleep(2);
  }
}

/** CPU time (user + system) of a process in ms, from /proc/PID/stat (in 1/100 s). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of a process in MB, from /proc/PID/status. */
function rssMB(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
}

function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

// ---- servers under load -------------------------------------------------------------------

const SERVERS = [
  { key: 'http', name: 'bare node:http', args: (port) => ['bench/bare-server.js', 'http', String(port)] },
  { key: 'fastify', name: 'bare Fastify', args: (port) => ['bench/bare-server.js', 'fastify', String(port)] },
  { key: 'defaults', name: 'mock, defaults', args: (port) => [CLI, '--port', String(port)] },
  { key: 'warn', name: 'mock, --log-level warn', args: (port) => [CLI, '--port', String(port), '--log-level', 'warn'] },
];

async function startServer(server) {
  const port = await freePort();
  const logFile = join(TMP, `${server.key}.log`);
  const child = spawnNode(server.args(port), { core: 0, logFile });
  await firstAnswer(port, '/', child);
  return { ...server, child, url: `http://127.0.0.1:${port}${SWAP}`, logFile };
}

/**
 * `seconds` of PUT swaps from autocannon (its own process, core 1), the server's RSS sampled every
 * second meanwhile. Server CPU per request is the server's CPU time over the requests answered.
 */
async function load(server, seconds) {
  const pid = server.child.pid;
  const cpu0 = cpuMs(pid);
  const rss = [];
  const sampler = setInterval(() => rss.push(rssMB(pid)), 1000);
  const args = [AUTOCANNON, '--json', '-c', String(CONNECTIONS), '-d', String(seconds), '-m', 'PUT', server.url];
  const [cmd, argv] = PIN ? ['taskset', ['-c', '1', process.execPath, ...args]] : [process.execPath, args];
  const json = await new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`autocannon exited with ${code}`))));
  });
  clearInterval(sampler);
  rss.push(rssMB(pid));
  const r = JSON.parse(json);
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    failures: r.errors + r.timeouts + r.non2xx,
    cpuUs: ((cpuMs(pid) - cpu0) * 1000) / Math.max(1, r.requests.total),
    peakRss: Math.max(...rss),
    rss,
  };
}

/** Least-squares slope of samples taken every second, in units per minute. */
function slopePerMinute(samples) {
  const n = samples.length;
  const mx = (n - 1) / 2;
  const my = samples.reduce((a, b) => a + b, 0) / n;
  let num = 0, den = 0;
  samples.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? 0 : (num / den) * 60;
}

// ---- start-up, in-process, large world --------------------------------------------------------

/**
 * Spawn → first answer of GET /_mock/health, in ms; RSS once answering; with `readState`, the peak
 * RSS while the whole of GET /_mock/state is read (sampled every 100 ms), and RSS a second later.
 */
async function startCli(extraArgs, { readState = false } = {}) {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawnNode([CLI, '--port', String(port), ...extraArgs], { logFile: join(TMP, 'start.log') });
  const status = await firstAnswer(port, '/_mock/health', child);
  const ms = performance.now() - t0;
  const rss = rssMB(child.pid);
  let stateRss;
  if (readState) {
    let peak = rss;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMB(child.pid))), 100);
    const stateStatus = await new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/_mock/state', agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      }).on('error', reject);
    });
    clearInterval(sampler);
    if (stateStatus !== 200) throw new Error(`GET /_mock/state answered ${stateStatus}`);
    await sleep(1000);
    stateRss = { peak: Math.max(peak, rssMB(child.pid)), after: rssMB(child.pid) };
  }
  await stop(child);
  if (status !== 200) throw new Error(`health answered ${status}`);
  return { ms, rss, stateRss };
}

/** The same for the bare Fastify server: the baseline of start-up. */
async function startBare() {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawnNode(['bench/bare-server.js', 'fastify', String(port)], { logFile: join(TMP, 'start-bare.log') });
  await firstAnswer(port, SWAP, child);
  const ms = performance.now() - t0;
  await stop(child);
  return { ms };
}

/** bench/inprocess.js in a fresh process, with the library entry `entry` (a file in dist/); `importOnly`: its import timed, nothing more. */
async function inProcess(entry, importOnly = false) {
  const child = spawnNode(['bench/inprocess.js', String(RESETS), entry, ...(importOnly ? ['--import-only'] : [])], { logFile: join(TMP, 'inprocess.log') });
  await new Promise((resolve) => child.once('exit', resolve));
  const text = readFileSync(join(TMP, 'inprocess.log'), 'utf8');
  if (child.exitCode !== 0) throw new Error(`bench/inprocess.js failed:\n${text}`);
  return JSON.parse(text);
}

/** A lowercase UUID made from a number (the scenario wants UUIDs, unique ones). */
const uuid = (kind, n) => {
  const hex = n.toString(16).padStart(12, '0');
  return `${kind}0000000-0000-4000-8000-${hex}`;
};

/** Writes, in the temporary directory, a scenario of many instances and clusters (never into the repository). */
function largeWorld() {
  const file = join(TMP, 'large-world.json');
  const instances = Array.from({ length: LARGE_WORLD.instances }, (_, i) => ({ id: uuid('a', i) }));
  const clusters = Array.from({ length: LARGE_WORLD.clusters }, (_, i) => ({ id: uuid('b', i) }));
  writeFileSync(file, JSON.stringify({ name: 'large-world', projects: [{ id: PROJECT, instances, clusters }] }));
  return file;
}

// ---- statistics and the table -------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const spread = (xs, digits) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

const rows = [];
/** A row: its median and spread, and against a target (`ok(median)` says whether it is met). */
function row(measure, xs, digits, target = '', ok = undefined) {
  const m = median(xs);
  rows.push([measure, m.toFixed(digits), xs.length > 1 ? spread(xs, digits) : '', target, ok === undefined ? '' : ok(m) ? 'yes' : '**no**']);
}

function printTable(header) {
  const head = ['Measure', 'Median', 'Min–max', 'Target', 'Met'];
  const all = [head, head.map(() => '---'), ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => (c === '---' ? '-'.repeat(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  process.stdout.write(`${header}\n\n${all.map(line).join('\n')}\n`);
}

// ---- the run --------------------------------------------------------------------------------

try {
  const started = Date.now();
  say(`bench: ${ROUNDS} rounds × ${DURATION} s per server, ${CONNECTIONS} connections, soak ${SOAK} s${PIN ? '; servers on core 0, autocannon on core 1' : '; not pinned'}`);
  const servers = [];
  for (const s of SERVERS) servers.push(await startServer(s));
  for (const s of servers) {
    say(`warm-up: ${s.name}`);
    await load(s, WARMUP_SECONDS);
  }
  const runs = Object.fromEntries(servers.map((s) => [s.key, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < servers.length; i++) {
      const s = servers[(round + i) % servers.length];
      say(`round ${round + 1}/${ROUNDS}: ${s.name}`);
      runs[s.key].push(await load(s, DURATION));
    }
  }
  const mock = servers.find((s) => s.key === 'defaults');
  say(`soak: ${SOAK} s on ${mock.name}`);
  const soak = await load(mock, SOAK);
  for (const s of servers) await stop(s.child);

  say(`start-up: ${STARTS} starts`);
  const starts = [];
  const bareStarts = [];
  for (let i = 0; i < STARTS; i++) {
    starts.push(await startCli([]));
    bareStarts.push(await startBare());
  }
  say(`in-process: ${IN_PROCESS_RUNS} fresh processes for each library entry`);
  const inproc = [];
  const standalone = [];
  for (let i = 0; i < IN_PROCESS_RUNS; i++) {
    inproc.push(await inProcess('index.js'));
    standalone.push(await inProcess('standalone.js', true));
  }
  say(`large world: ${LARGE_WORLD.instances} instances, ${LARGE_WORLD.clusters} clusters, ${LARGE_WORLD.rounds} starts`);
  const big = largeWorld();
  const bigStarts = [];
  for (let i = 0; i < LARGE_WORLD.rounds; i++) bigStarts.push(await startCli(['--scenario', big], { readState: true }));

  const of = (key, f) => runs[key].map(f);
  const ratio = (key) => runs[key].map((r, i) => r.rps / runs.fastify[i].rps);
  for (const s of servers) row(`${s.name}: req/s`, of(s.key, (r) => r.rps), 0);
  row('bare node:http: × bare Fastify', ratio('http'), 2);
  row('mock, defaults: × bare Fastify', ratio('defaults'), 2, '≥ 0.80', (m) => m >= 0.8);
  row('mock, --log-level warn: × bare Fastify', ratio('warn'), 2, '≥ 0.95', (m) => m >= 0.95);
  for (const s of servers) row(`${s.name}: latency p50 (ms)`, of(s.key, (r) => r.p50), 0);
  for (const s of servers) row(`${s.name}: latency p99 (ms)`, of(s.key, (r) => r.p99), 0);
  for (const s of servers) row(`${s.name}: server CPU per request (µs)`, of(s.key, (r) => r.cpuUs), 1);
  row('mock, defaults: peak RSS under load (MB)', of('defaults', (r) => r.peakRss), 1, '≤ 110', (m) => m <= 110);
  // A leak shows as growth; RSS falling over the soak is V8 giving back heap it sized under the first load.
  row(`mock, defaults: RSS slope over a ${SOAK} s soak (MB/min)`, [slopePerMinute(soak.rss)], 1, 'no growth (≤ 1)', (m) => m <= 1);
  row('bare Fastify: spawn → first answer (ms)', bareStarts.map((s) => s.ms), 0);
  row('CLI: spawn → first answer (ms)', starts.map((s) => s.ms), 0, '< 200', (m) => m < 200);
  row("in-process: import of 'hw-mock' (ms)", inproc.map((r) => r.importMs), 0);
  row("in-process: import of 'hw-mock/standalone' (ms)", standalone.map((r) => r.importMs), 0);
  row('in-process: startMock() → first answer, first in a process (ms)', inproc.map((r) => r.startColdMs), 0);
  row('in-process: startMock() → first answer, next ones (ms)', inproc.map((r) => r.startWarmMs), 1, '< 50', (m) => m < 50);
  row('in-process: buildApp + first inject, next ones (ms)', inproc.map((r) => r.buildMs), 1, '< 30', (m) => m < 30);
  row(`in-process: POST /_mock/reset (ms, median of ${RESETS})`, inproc.map((r) => r.resetMs), 2, '< 2', (m) => m < 2);
  row(`large world (${LARGE_WORLD.instances / 1000}k instances, ${LARGE_WORLD.clusters / 1000}k clusters): spawn → first answer (ms)`, bigStarts.map((s) => s.ms), 0, '< 1500', (m) => m < 1500);
  // Its load: what the large world adds to a start on the default scenario (read, parse, check, build).
  const cliMedian = median(starts.map((s) => s.ms));
  row('large world: load (its start − the CLI\'s median start, ms)', bigStarts.map((s) => s.ms - cliMedian), 0, '< 1000', (m) => m < 1000);
  row('large world: RSS once answering (MB)', bigStarts.map((s) => s.rss), 0, '< 400', (m) => m < 400);
  row('large world: peak RSS while GET /_mock/state streams all of it (MB)', bigStarts.map((s) => s.stateRss.peak), 0, '< 400', (m) => m < 400);
  row('large world: RSS a second after that read (MB)', bigStarts.map((s) => s.stateRss.after), 0);

  const failures = Object.values(runs).flat().concat(soak).reduce((n, r) => n + r.failures, 0);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  printTable([
    `hw-mock bench, ${new Date().toISOString().slice(0, 10)}: ${availableParallelism()} × ${cpu}, Node ${process.version}`,
    `PUT ${SWAP.replace(PROJECT, '{project}').replace(INSTANCE, '{instance}')}, ${CONNECTIONS} connections, ${ROUNDS} rounds × ${DURATION} s after ${WARMUP_SECONDS} s of warm-up`,
    PIN ? 'servers pinned to core 0, autocannon to core 1; server logs go to a file' : 'not pinned (no taskset or one core); server logs go to a file',
  ].join('\n'));
  if (failures > 0) process.stdout.write(`\nwarning: ${failures} requests failed (errors, timeouts or non-2xx) during the load runs\n`);
  say(`bench: done in ${Math.round((Date.now() - started) / 1000)} s`);
} finally {
  for (const child of children) child.kill('SIGKILL');
  rmSync(TMP, { recursive: true, force: true });
}
