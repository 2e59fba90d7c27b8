/**
 * Helpers of the client tests: a mock on a real socket (port 0) closed when the test ends, and a
 * check that an admin answer fits the schema its route declares (so the client's types, derived
 * from the same schemas, describe what the server really sends).
 */
import { type Test } from 'tap';
import { type FastifyInstance } from 'fastify';
import { type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { startMock, type StartedMock, type StartOptions } from '../../src/index.js';

export async function started(t: Test, options: StartOptions = {}): Promise<StartedMock> {
  const mock = await startMock(options);
  t.teardown(() => mock.close());
  return mock;
}

/** Asserts that `body`, answered by `method url` with `status`, fits the route's declared schema for that status. */
export function fits(t: Test, app: FastifyInstance, method: string, url: string, status: number, body: unknown): void {
  const route = app.mock.routes.find((r) => r.method === method && r.url === url);
  const schema = (route?.response as Record<string, TSchema> | undefined)?.[status];
  if (!schema) {
    t.fail(`${method} ${url} declares no schema for ${status}`);
    return;
  }
  const first = Value.Errors(schema, body).First();
  t.notOk(first, `${method} ${url} → ${status} fits its schema${first ? `: ${first.path} ${first.message}` : ''}`);
}

export const PROJECT = '0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e';
export const HEALTHY = '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11';
export const swapUrl = (base: string, instance = HEALTHY) => `${base}/v1.0/${PROJECT}/instances/${instance}/swap`;
