// A chaos test with Node's own test runner: the mock fails the first two swaps, the client under
// test retries past them. Run: npm run build, then `node --test examples/node-test.test.js`.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startMock } from 'hw-mock';
import { swapWithRetry } from './swap-client.js';

const PROJECT = '0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e'; // the default scenario's project
const INSTANCE = '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11'; // its healthy master/standby instance

let mock;
before(async () => {
  mock = await startMock(); // the default scenario, on a free port
});
after(() => mock.close());
afterEach(() => mock.admin.reset()); // the initial state again: model, journal, no runtime rules

test('the client retries past two 503s', async () => {
  await mock.admin.rules.add({ operation: 'dcs.swapV2', resource: INSTANCE, times: 2, action: { status: 503 } });
  assert.equal(await swapWithRetry(mock.url, PROJECT, INSTANCE, { tries: 5 }), 3);
  assert.equal(await mock.admin.requests.count({ operation: 'dcs.swapV2', status: 503 }), 2);
  assert.equal(await mock.admin.requests.count({ operation: 'dcs.swapV2', status: 204 }), 1);
});

test('the client gives up after its last try', async () => {
  await mock.admin.rules.add({ operation: 'dcs.swapV2', action: { status: 503 } });
  await assert.rejects(swapWithRetry(mock.url, PROJECT, INSTANCE, { tries: 3 }), /after 3 tries: 503/);
  assert.equal(await mock.admin.requests.count({ operation: 'dcs.swapV2' }), 3);
});
