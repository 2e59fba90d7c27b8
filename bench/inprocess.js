// One fresh process's in-process figures, for bench/run.js: the library entry (dist/index.js)
// imported, the default scenario loaded, then timed: buildApp + its first inject (a swap), and
// POST /_mock/reset of the default scenario, many times. Prints one JSON line.
//   node bench/inprocess.js [RESETS]
import { fileURLToPath } from 'node:url';

const RESETS = Number(process.argv[2] ?? 200);
const SCENARIO = fileURLToPath(new URL('../scenarios/default.yaml', import.meta.url));
const SWAP = '/v1.0/0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e/instances/3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11/swap';

const { buildApp, loadScenarioFile } = await import('../dist/index.js');
const loaded = await loadScenarioFile(SCENARIO);
if (!loaded.ok) throw new Error(`cannot load ${SCENARIO}`);

const t0 = performance.now();
const app = await buildApp({ scenario: loaded.scenario });
const first = await app.inject({ method: 'PUT', url: SWAP });
const buildMs = performance.now() - t0;
if (first.statusCode !== 200) throw new Error(`first inject: ${first.statusCode} ${first.body}`);

const resets = [];
for (let i = 0; i < RESETS; i++) {
  const t = performance.now();
  const res = await app.inject({ method: 'POST', url: '/_mock/reset' });
  resets.push(performance.now() - t);
  if (res.statusCode !== 200) throw new Error(`reset: ${res.statusCode} ${res.body}`);
}
resets.sort((a, b) => a - b);
await app.close();
process.stdout.write(`${JSON.stringify({ buildMs, resetMs: resets[resets.length >> 1] })}\n`);
