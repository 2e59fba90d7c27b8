/**
 * Test helpers: an app on a manual clock, built from an in-line scenario or a file,
 * closed when the test ends. Mirrors fastify/demo's `build()` helper.
 */
import { type Test } from 'tap';
import { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { GatewayErrorBody } from '../src/core/schemas.js';
import { buildApp, validateScenario, loadScenarioFile, type AnyService } from '../src/index.js';
import { ManualClock } from '../src/core/clock.js';
import { type Scenario } from '../src/scenario/load.js';
import { dcs } from '../src/services/dcs/index.js';
import { dws } from '../src/services/dws/index.js';

export const PROJECT = '0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e';
export const OTHER_PROJECT = 'bd6b78e2ff9e4e47bc260803ddcc7a21';
export const T0 = Date.UTC(2026, 0, 15, 8, 0, 0);

export const DEFAULT_IDS = {
  healthy: '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11',
  syncing: '5e1f2a3b-1111-4c2d-8e9f-0a1b2c3d4e51',
  broken: '6f2a3b4c-2222-4d3e-9f0a-1b2c3d4e5f62',
  faulty: '7a3b4c5d-3333-4e4f-8a1b-2c3d4e5f6a73',
  memcached: '8b4c5d6e-4444-4f5a-9b2c-3d4e5f6a7b84',
  single: '9c5d6e7f-5555-4a6b-8c3d-4e5f6a7b8c95',
  cluster: 'ad6e7f80-6666-4b7c-9d4e-5f6a7b8c9da6',
  restarting: 'be7f8091-7777-4c8d-8e5f-6a7b8c9daeb7',
  rwSplit: 'cf8091a2-8888-4d9e-9f6a-7b8c9daebfc8',
  frozen: 'd091a2b3-9999-4eaf-8a7b-8c9daebfc0d9',
  createFailed: 'e1a2b3c4-aaaa-4fb0-9b8c-9daebfc0d1ea',
} as const;

export const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

export function scenarioOf(doc: unknown, source = 'test', services?: readonly AnyService[]): Scenario {
  const result = validateScenario(doc, source, services);
  if (!result.ok) throw new Error(`bad test scenario: ${JSON.stringify(result.issues)}`);
  return result.scenario;
}

export async function defaultScenario(): Promise<Scenario> {
  const result = await loadScenarioFile(new URL('../scenarios/default.yaml', import.meta.url).pathname);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.scenario;
}

export interface Built {
  app: FastifyInstance;
  clock: ManualClock;
}

/** An app on a manual clock (all services unless told); closed at the end of the test; every answer checked against its schema. */
export async function build(t: Test, scenario?: Scenario, start = T0, services?: readonly AnyService[]): Promise<Built> {
  const clock = new ManualClock(start);
  const app = await buildApp({ scenario: scenario ?? (await defaultScenario()), clock, services });
  t.teardown(() => app.close());
  checkResponses(t, app);
  await app.ready();
  return { app, clock };
}

/**
 * Why an emulated answer does not fit the schema its route declares for its status, or
 * undefined when it fits. Schemas are closed: an extra key is a misfit. `operation` is the
 * emulated operation (null: an answer of the gateway's own).
 */
export function misfit(app: FastifyInstance, operation: string | null, method: string, where: string, status: number, payload: string): string | undefined {
  let schema: TSchema | undefined = GatewayErrorBody;
  if (operation !== null) {
    const route = app.mock.routes.find((r) => r.operation === operation && r.method === method);
    const byStatus = (route?.response ?? {}) as Record<string, TSchema>;
    schema = byStatus[status] ?? byStatus[`${String(status)[0]}xx`];
  } else if (status < 400) {
    return `${where}: ${status} outside any operation`;
  }
  where = `${where} → ${status}`;
  if (!schema) return `${where}: the route declares no schema for this status`;
  if (payload === '') return schema.type === 'null' ? undefined : `${where}: no body, the schema wants one`;
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return `${where}: not JSON: ${payload.slice(0, 80)}`;
  }
  if (Value.Check(schema, body)) return undefined;
  const first = Value.Errors(schema, body).First();
  return `${where}: ${first?.path || '/'} ${first?.message} (got ${JSON.stringify(first?.value)?.slice(0, 80)})`;
}

/** The same check on an `inject` response, found through the journal (tests of the check itself). */
export function schemaMisfit(app: FastifyInstance, method: string, res: LightMyRequestResponse): string | undefined {
  const entry = app.mock.journal.entries().find((e) => e.requestId === res.headers['x-request-id']);
  if (!entry || entry.status === 0 || entry.fault === 'malformed' || method === 'HEAD') return undefined;
  return misfit(app, entry.operation, method, `${method} ${entry.path}`, res.statusCode, res.body);
}

/**
 * Checks every answer the app sends from now on, over `inject` or a socket, against its route's
 * schema; a misfit fails the test. Call it before the app is ready (it adds an onSend hook).
 */
export function checkResponses(t: Test, app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/_mock') || request.method === 'HEAD' || request.fault === 'malformed') return payload;
    if (payload !== null && payload !== undefined && typeof payload !== 'string') return payload;
    const operation = request.op ?? request.routeOptions.config?.operation ?? null;
    const found = misfit(app, operation, request.method, `${request.method} ${request.url}`, reply.statusCode, payload ?? '');
    if (found) t.fail(`answer does not fit its schema: ${found}`);
    return payload;
  });
}

/** A stable snapshot of the model, to assert that a refused request changed nothing. */
export function snapshot(app: FastifyInstance): string {
  const mock = app.mock;
  const registered = new Set(mock.registry.services.map((s) => s.name));
  const out: unknown[] = [];
  for (const id of mock.world.projects.keys()) {
    if (registered.has('dcs')) {
      const p = mock.model(dcs).project(id)!;
      for (const i of p.instances.values()) {
        out.push([i.id, i.status, i.internalFault, i.pendingJob?.id ?? null, i.shards.map((s) => s.nodes.map((n) => [n.id, n.priority, n.replication.state, n.replication.syncStart, n.replication.syncEnd, n.replication.generation]))]);
      }
      out.push(['jobs', [...p.jobs.keys()]]);
    }
    if (registered.has('dws')) {
      for (const c of mock.model(dws).project(id)!.clusters.values()) out.push(['cluster', JSON.stringify(c)]);
    }
  }
  return JSON.stringify(out);
}

/** The DCS and DWS models of an app. */
export const models = (app: FastifyInstance) => ({ dcs: app.mock.model(dcs), dws: app.mock.model(dws) });

/** Asserts the headers every response carries (docs/behaviour.md, common behaviour). */
export function assertCommonHeaders(t: Test, res: LightMyRequestResponse): void {
  t.match(res.headers['x-request-id'], /^[0-9a-f]{32}$/, 'X-Request-Id is 32 hex');
  if (res.body.length > 0) t.equal(res.headers['content-type'], 'application/json; charset=UTF-8', 'JSON content type, charset=UTF-8');
}

/** Asserts a DCS error in the current envelope, exactly. */
export function assertDcsError(t: Test, res: LightMyRequestResponse, status: number, code: string, message?: string): void {
  assertCommonHeaders(t, res);
  t.equal(res.statusCode, status, `status ${status}`);
  const body = res.json();
  t.same(Object.keys(body), ['error_code', 'error_msg', 'error_ext_msg'], 'DCS error body keys');
  t.equal(body.error_code, code);
  t.equal(body.error_ext_msg, null);
  if (message !== undefined) t.equal(body.error_msg, message);
}

/** Asserts an API-gateway error, its request_id equal to the header. */
export function assertGatewayError(t: Test, res: LightMyRequestResponse, status: number, code: string, message?: string): void {
  assertCommonHeaders(t, res);
  t.equal(res.statusCode, status, `status ${status}`);
  const body = res.json();
  t.same(Object.keys(body), ['error_code', 'error_msg', 'request_id']);
  t.equal(body.error_code, code);
  t.equal(body.request_id, res.headers['x-request-id']);
  if (message !== undefined) t.equal(body.error_msg, message);
  t.notOk('statusCode' in body, 'no Fastify-shaped body');
}

export const DWS_IDS = {
  unbalanced: '7d85f602-a948-4a30-afd4-e84f47471c15',
  balanced: '1b2c3d4e-0001-4a5b-8c6d-7e8f9a0b1c21',
  oldVersion: '1b2c3d4e-0002-4a5b-8c6d-7e8f9a0b1c22',
  unbalanced9: '1b2c3d4e-0003-4a5b-8c6d-7e8f9a0b1c23',
  busy: '1b2c3d4e-0004-4a5b-8c6d-7e8f9a0b1c24',
  unavailable: '1b2c3d4e-0005-4a5b-8c6d-7e8f9a0b1c25',
  fails: '1b2c3d4e-0006-4a5b-8c6d-7e8f9a0b1c26',
} as const;

/** Asserts a DWS error body, exactly `{"error_code","error_msg"}`. */
export function assertDwsError(t: Test, res: LightMyRequestResponse, status: number, code: string, message?: string): void {
  assertCommonHeaders(t, res);
  t.equal(res.statusCode, status, `status ${status}`);
  const body = res.json();
  t.same(Object.keys(body), ['error_code', 'error_msg'], 'DWS error body keys');
  t.equal(body.error_code, code);
  if (message !== undefined) t.equal(body.error_msg, message);
}
