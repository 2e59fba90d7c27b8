// A chaos test with Vitest: the mock fails the first two swaps, the client under test retries past
// them. Run: npm run build, then `npx vitest run examples/vitest.test.js`.
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { startMock } from 'hw-mock';
import { swapWithRetry } from './swap-client.js';

const PROJECT = '0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e'; // the default scenario's project
const INSTANCE = '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11'; // its healthy master/standby instance

describe('swapWithRetry against the mock', () => {
  let mock;
  beforeAll(async () => {
    mock = await startMock(); // the default scenario, on a free port
  });
  afterAll(() => mock.close());
  afterEach(() => mock.admin.reset()); // the initial state again: model, journal, no runtime rules

  it('retries past two 503s', async () => {
    await mock.admin.rules.add({ operation: 'dcs.swapV2', resource: INSTANCE, times: 2, action: { status: 503 } });
    expect(await swapWithRetry(mock.url, PROJECT, INSTANCE, { tries: 5 })).toBe(3);
    expect(await mock.admin.requests.count({ operation: 'dcs.swapV2', status: 503 })).toBe(2);
    expect(await mock.admin.requests.count({ operation: 'dcs.swapV2', status: 204 })).toBe(1);
  });

  it('gives up after its last try', async () => {
    await mock.admin.rules.add({ operation: 'dcs.swapV2', action: { status: 503 } });
    await expect(swapWithRetry(mock.url, PROJECT, INSTANCE, { tries: 3 })).rejects.toThrow(/after 3 tries: 503/);
    expect(await mock.admin.requests.count({ operation: 'dcs.swapV2' })).toBe(3);
  });
});
