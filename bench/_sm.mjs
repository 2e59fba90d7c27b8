const { startMock } = await import('../dist/index.js');
const sm = [];
for (let i = 0; i < 40; i++) { const t = performance.now(); const m = await startMock({ logLevel: 'silent' }); const t1 = performance.now(); await m.admin.health(); sm.push([+(t1 - t).toFixed(1), +(performance.now() - t1).toFixed(1)]); await m.close(); }
console.log('startMock', JSON.stringify(sm.slice(5)));
