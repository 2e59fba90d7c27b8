const { buildApp, loadScenarioFile, startMock, DEFAULT_SCENARIO_FILE } = await import('../dist/index.js');
const SWAP = '/v1.0/0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e/instances/3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11/swap';
const loaded = await loadScenarioFile(DEFAULT_SCENARIO_FILE);
const times = [];
for (let i = 0; i < Number(process.argv[2] ?? 30); i++) {
  const t0 = performance.now();
  const app = await buildApp({ scenario: loaded.scenario });
  const t1 = performance.now();
  await app.ready();
  const t2 = performance.now();
  const first = await app.inject({ method: 'PUT', url: SWAP });
  const t3 = performance.now();
  times.push([t1 - t0, t2 - t1, t3 - t2, t3 - t0].map((x) => +x.toFixed(1)));
  await app.close();
}
console.log(times.slice(0, 3), times.slice(-5));
const sm = [];
for (let i = 0; i < 10; i++) { const t = performance.now(); const m = await startMock({ logLevel: 'silent' }); await m.admin.health(); sm.push(+(performance.now() - t).toFixed(1)); await m.close(); }
console.log('startMock', sm);
