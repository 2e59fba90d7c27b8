/**
 * Runs a scenario's `examples:` (requests and the answers they must get) against an
 * app on a manual clock. Used by the test that checks every file in `scenarios/`, so a
 * scenario that stops doing what it says fails CI.
 */
import { isDeepStrictEqual } from 'node:util';
import { type FastifyInstance } from 'fastify';
import { type ManualClock } from '../core/clock.js';
import { type Example } from './chaos-schema.js';

export interface ExampleFailure {
  readonly index: number;
  readonly name: string;
  readonly message: string;
}

/** True when every key of `expected` matches in `actual` (recursively); arrays match element by element. */
export function partialMatch(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return isDeepStrictEqual(actual, expected);
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => partialMatch(actual[i], e));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  return Object.entries(expected).every(([k, v]) => partialMatch((actual as Record<string, unknown>)[k], v));
}

export async function runExamples(app: FastifyInstance, clock: ManualClock, examples: readonly Example[]): Promise<ExampleFailure[]> {
  const failures: ExampleFailure[] = [];
  for (const [index, ex] of examples.entries()) {
    const name = ex.name ?? `${ex.request.method} ${ex.request.path}`;
    if (ex.advance) clock.advance(Math.round(ex.advance * 1000));
    for (let round = 0; round < (ex.repeat ?? 1); round++) {
      const fail = (message: string) => failures.push({ index, name, message: ex.repeat ? `${message} (repeat ${round + 1})` : message });
      const started = performance.now();
      let res;
      try {
        res = await app.inject({ method: ex.request.method, url: ex.request.path, headers: ex.request.headers, payload: ex.request.body });
      } catch (err) {
        if (!ex.response.dropped) fail(`no response: ${(err as Error).message}`);
        continue;
      }
      const elapsed = performance.now() - started;
      const r = ex.response;
      if (r.dropped) {
        fail(`expected the connection to be dropped, got ${res.statusCode} ${res.body}`);
        continue;
      }
      if (r.status !== undefined && res.statusCode !== r.status) fail(`expected status ${r.status}, got ${res.statusCode} ${res.body}`);
      if (r.text !== undefined && res.body !== r.text) fail(`expected body text ${JSON.stringify(r.text)}, got ${JSON.stringify(res.body)}`);
      if (r.minDelayMs !== undefined && elapsed < r.minDelayMs) fail(`expected at least ${r.minDelayMs} ms, answered in ${elapsed.toFixed(0)} ms`);
      if (r.body !== undefined || r.match !== undefined) {
        let json: unknown;
        try {
          json = res.body === '' ? undefined : JSON.parse(res.body);
        } catch {
          fail(`expected JSON, got ${JSON.stringify(res.body)}`);
          continue;
        }
        if (r.body !== undefined && !isDeepStrictEqual(json, r.body)) fail(`expected body ${JSON.stringify(r.body)}, got ${res.body}`);
        if (r.match !== undefined && !partialMatch(json, r.match)) fail(`expected body to match ${JSON.stringify(r.match)}, got ${res.body}`);
      }
    }
  }
  return failures;
}
