// npm run bench: speed and memory of the mock against a bare Fastify route.
//   1. time to first answer: spawn the CLI, poll until the first 200 (target < 300 ms)
//   2. server CPU per request, v1.0 swap route vs a bare route returning the same JSON (target: within 15 %);
//      CPU time rather than req/s, because the load generator shares this machine's cores
//   3. memory (RSS) of the mock after the load
// Servers run in child processes; autocannon drives them from this one.
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PROJECT = '0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e';
const INSTANCE = '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PATH = `/v1.0/${PROJECT}/instances/${INSTANCE}/swap`;

// With taskset (Linux), servers run on core 0 and this load generator on core 1, so that they
// do not steal each other's CPU: the per-request figures become far steadier.
let PIN = false;
try {
  execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
  PIN = true;
} catch { /* no taskset, or one core: run unpinned */ }

function start(args, pin = PIN) {
  const t0 = process.hrtime.bigint();
  const [cmd, argv] = pin ? ['taskset', ['-c', '0', process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) resolve({ child, base: m[1], t0 });
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function firstAnswer() {
  const t0 = process.hrtime.bigint();
  // Start-up is measured unpinned: a real start may use every core (JIT and GC threads).
  const { child, base } = await start(['dist/cli.js', '--port', '0', '--log-level', 'warn'], false);
  for (;;) {
    try {
      const res = await fetch(`${base}/_mock/health`);
      if (res.ok) break;
    } catch { /* not yet */ }
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  child.kill();
  return ms;
}

/** Server CPU time (user + system) in ms, from /proc: robust against the load generator sharing the cores. */
async function cpuMs(pid) {
  const { readFile } = await import('node:fs/promises');
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in 1/100 s
}

async function load(server) {
  const before = await cpuMs(server.child.pid);
  const result = await autocannon({ url: server.base + PATH, method: 'PUT', connections: 50, pipelining: 1, amount: REQUESTS });
  const cpu = (await cpuMs(server.child.pid)) - before;
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx, usPerRequest: (cpu * 1000) / REQUESTS };
}

async function rss(pid) {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

const starts = [];
for (let i = 0; i < 5; i++) starts.push(await firstAnswer());
starts.sort((a, b) => a - b);
console.log(`first answer after start: median ${starts[2].toFixed(0)} ms (min ${starts[0].toFixed(0)}, max ${starts[4].toFixed(0)}) — target < 300 ms`);

// Both servers run side by side; rounds alternate so that machine noise hits both alike.
const bare = await start(['bench/bare-server.js']);
const mock = await start(['dist/cli.js', '--port', '0', '--log-level', 'warn']);
await load(bare); // warm-up
await load(mock);
const bares = [], mocks = [];
for (let round = 0; round < ROUNDS; round++) {
  bares.push(await load(bare));
  mocks.push(await load(mock));
}
const median = (runs) => [...runs].sort((x, y) => x.usPerRequest - y.usPerRequest)[runs.length >> 1];
const b = median(bares), m = median(mocks);
const memory = await rss(mock.child.pid);
bare.child.kill();
mock.child.kill();

const overhead = m.usPerRequest / b.usPerRequest - 1;
console.log(`median of ${ROUNDS} alternating rounds of ${REQUESTS} requests, 50 connections; server CPU time per request${PIN ? ' (server on core 0, load on core 1)' : ''}`);
console.log(`bare Fastify route : ${b.usPerRequest.toFixed(1)} µs CPU/request (${b.rps.toFixed(0)} req/s, p99 ${b.p99} ms)`);
console.log(`mock v1.0 swap     : ${m.usPerRequest.toFixed(1)} µs CPU/request (${m.rps.toFixed(0)} req/s, p99 ${m.p99} ms, errors ${m.errors})`);
console.log(`mock overhead      : ${(overhead * 100).toFixed(1)} % more CPU per request (target ≤ 15 %)`);
console.log(`mock RSS after load: ${memory.toFixed(1)} MiB`);
