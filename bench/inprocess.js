// One fresh process's in-process figures, for bench/run.js: how long the library entry takes to
// import (dist/index.js, or the one named: dist/standalone.js), then, with it:
// - startMock() with the default scenario file, the first in the process (cold), until its
//   first answer to GET /_mock/health over the socket; then again, warm (median of STARTS);
// - buildApp from an already-parsed scenario + its first inject (a swap), median of STARTS (as a
//   test suite that builds an app per test sees it);
// - POST /_mock/reset of the default scenario, many times (median).
// Prints one JSON line.
// With `--import-only`, only the import is timed.
//   node bench/inprocess.js [RESETS] [ENTRY] [--import-only]
const RESETS = Number(process.argv[2] ?? 200);
const ENTRY = process.argv[3] ?? 'index.js';
const IMPORT_ONLY = process.argv[4] === '--import-only';
const STARTS = 9;
const SWAP = '/v1.0/0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e/instances/3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11/swap';
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const importStart = performance.now();
const { buildApp, loadScenarioFile, startMock, DEFAULT_SCENARIO_FILE } = await import(`../dist/${ENTRY}`);
const importMs = performance.now() - importStart;
if (IMPORT_ONLY) {
  process.stdout.write(`${JSON.stringify({ importMs })}\n`);
  process.exit(0);
}

async function startToReady() {
  const t = performance.now();
  const mock = await startMock({ logLevel: 'silent' });
  const health = await mock.admin.health();
  const ms = performance.now() - t;
  await mock.close();
  if (health.status !== 'ok') throw new Error(`health: ${JSON.stringify(health)}`);
  return ms;
}
const startColdMs = await startToReady();
const warm = [];
for (let i = 0; i < STARTS; i++) warm.push(await startToReady());

const loaded = await loadScenarioFile(DEFAULT_SCENARIO_FILE);
if (!loaded.ok) throw new Error(`cannot load ${DEFAULT_SCENARIO_FILE}`);
const builds = [];
let app;
for (let i = 0; i < STARTS; i++) {
  if (app) await app.close();
  const t0 = performance.now();
  app = await buildApp({ scenario: loaded.scenario });
  const first = await app.inject({ method: 'PUT', url: SWAP });
  builds.push(performance.now() - t0);
  if (first.statusCode !== 200) throw new Error(`first inject: ${first.statusCode} ${first.body}`);
}
const buildMs = median(builds);

const resets = [];
for (let i = 0; i < RESETS; i++) {
  const t = performance.now();
  const res = await app.inject({ method: 'POST', url: '/_mock/reset' });
  resets.push(performance.now() - t);
  if (res.statusCode !== 200) throw new Error(`reset: ${res.statusCode} ${res.body}`);
}
await app.close();
process.stdout.write(`${JSON.stringify({ importMs, startColdMs, startWarmMs: median(warm), buildMs, resetMs: median(resets) })}\n`);
