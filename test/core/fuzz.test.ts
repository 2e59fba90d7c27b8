/**
 * Property-based fuzzing (fast-check, seeded, bounded): random methods, paths, headers and
 * bodies against `inject` and a real socket, and random scenario documents against the
 * loader. `FUZZ_RUNS=<n>` runs longer; `FUZZ_SEED=<n>` replays a failure.
 */
import t from 'tap';
import net from 'node:net';
import fc from 'fast-check';
import { type InjectOptions } from 'fastify';
import { buildApp, validateScenario } from '../../src/index.js';
import { ManualClock } from '../../src/core/clock.js';
import { checkResponses, scenarioOf, PROJECT, T0 } from '../helper.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const settings = { numRuns: RUNS, seed: SEED, endOnFailure: true };

const I = '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11';
const C = '7d85f602-a948-4a30-afd4-e84f47471c15';
const M = '0f0f0f0f-0000-4000-8000-00000000000c';

/** No faults, nothing broken: any 5xx is the mock's own failure, never a scripted one. */
const quiet = () => scenarioOf({
  name: 'fuzz',
  projects: [{ id: PROJECT, instances: [{ id: I }, { id: M, cache_mode: 'cluster' }], clusters: [{ id: C, failed_nodes: [1] }] }],
});

const segment = fc.oneof(
  fc.constantFrom('v1.0', 'v2', 'v3', PROJECT, 'instances', 'instance', 'clusters', 'swap', 'async-swap', 'jobs', 'switchover', 'nodes',
    'logical-nodes', 'tasks', 'groups', 'replications', 'async-switchover', 'slave-priority', 'group-nodes-state', I, C, M, '', '..', '%2F', '%zz', '_mock'),
  fc.string({ maxLength: 12 }),
  fc.uuid(),
);
const path = fc.array(segment, { minLength: 1, maxLength: 8 }).chain((parts) =>
  fc.option(fc.string({ maxLength: 30 }), { nil: undefined }).map((query) => `/${parts.map(encodeURIComponent).join('/')}${query === undefined ? '' : `?${encodeURIComponent(query).replace(/%3D/g, '=').replace(/%26/g, '&')}`}`));
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
const headers = fc.dictionary(
  fc.constantFrom('content-type', 'authorization', 'x-auth-token', 'x-project-id', 'x-sdk-date', 'accept', 'x-security-token', 'x-custom'),
  fc.string({ maxLength: 40 }).filter((v) => !/[\r\n\0]/.test(v) && /^[\x20-\x7e]*$/.test(v)),
);
const body = fc.option(fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 3 })), { nil: undefined });

t.test('random requests over inject: never a crash, a 5xx, a foreign body shape, a missing request id, or a change from a refusal', async (t) => {
  const app = await buildApp({ scenario: quiet(), clock: new ManualClock(T0) });
  checkResponses(t, app);
  t.teardown(() => app.close());
  // The model's state (the journal grows with every request by design).
  const state = async () => {
    const { journal: _journal, ...model } = (await app.inject({ url: '/_mock/state' })).json();
    return JSON.stringify(model);
  };
  let checked = 0;
  // Half the time a real route, its parameters valid or not: the paths where the model answers.
  const templates = app.mock.routes.filter((r) => r.operation !== null).map((r) => [r.method, r.url] as const);
  const param = fc.oneof(fc.constantFrom(PROJECT, I, C, M, 'ffffffffffffffffffffffffffffffff', '0123456789abcdef0123456789abcdef'), fc.uuid(), fc.string({ maxLength: 12 }));
  const routed = fc.tuple(fc.constantFrom(...templates), fc.array(param, { minLength: 6, maxLength: 6 }), fc.option(fc.string({ maxLength: 30 }), { nil: undefined }))
    .map(([[m, url], values, query]) => {
      let i = 0;
      const filled = url.replace(/:\w+/g, () => encodeURIComponent(values[i++]));
      return [m, query === undefined ? filled : `${filled}?${encodeURIComponent(query).replace(/%3D/g, '=').replace(/%26/g, '&')}`] as const;
    });
  const request = fc.oneof(fc.tuple(method, path), routed);
  await fc.assert(fc.asyncProperty(request, headers, body, async ([m, url], h, payload) => {
    if (url.startsWith('/_mock')) return;
    const before = await state();
    const res = await app.inject({ method: m as InjectOptions['method'], url, headers: h, payload });
    checked++;
    if (res.statusCode >= 500) throw new Error(`${m} ${url} → ${res.statusCode} ${res.body}`);
    if (!/^[0-9a-f]{32}$/.test(String(res.headers['x-request-id']))) throw new Error(`${m} ${url}: no X-Request-Id`);
    if (res.body !== '') {
      const json = JSON.parse(res.body) as Record<string, unknown>;
      if ('statusCode' in json || json.error === 'Bad Request') throw new Error(`${m} ${url}: Fastify's shape ${res.body}`);
    }
    if (res.statusCode >= 400 && (await state()) !== before) throw new Error(`${m} ${url} → ${res.statusCode} changed the model`);
    // Let what a success started (resyncs, jobs) settle, so the next request meets a known state.
    if (res.statusCode < 400) await app.inject({ method: 'POST', url: '/_mock/reset' });
  }), settings);
  t.ok(checked > 0, `${checked} requests checked`);
});

t.test('random bytes over a real socket: answers are the gateway\'s, and the server keeps serving', async (t) => {
  const app = await buildApp({ scenario: quiet() });
  checkResponses(t, app);
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const exchange = (bytes: Buffer) => new Promise<string>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (c) => (text += c));
    socket.on('error', () => undefined);
    const timer = setTimeout(() => socket.destroy(), 200);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.end(bytes);
  });
  const line = fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'get', 'G ET', ''), fc.string({ maxLength: 40 }), fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2', 'http/1.1', ''));
  const raw = fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
    fc.tuple(line, fc.array(fc.string({ maxLength: 30 }), { maxLength: 5 }), fc.string({ maxLength: 50 }), fc.constantFrom('\r\n', '\n'))
      .map(([[m, target, version], lines, tail, eol]) => Buffer.from(`${m} /${target} ${version}${eol}Host: x${eol}${lines.join(eol)}${eol}${eol}${tail}`)),
  );
  await fc.assert(fc.asyncProperty(raw, async (bytes) => {
    const text = await exchange(bytes);
    for (const response of text.split(/(?=HTTP\/1\.1 \d{3} )/).filter((r) => r.startsWith('HTTP/'))) {
      const [head, ...rest] = response.split('\r\n\r\n');
      if (!/\r\nx-request-id: [0-9a-f]{32}/i.test(head)) throw new Error(`no X-Request-Id: ${JSON.stringify(response.slice(0, 200))}`);
      if (/^HTTP\/1\.1 5/.test(head)) throw new Error(`a 5xx: ${JSON.stringify(response.slice(0, 300))}`);
      const payload = rest.join('\r\n\r\n');
      if (/"statusCode"|"error":"Bad Request"/.test(payload)) throw new Error(`a foreign body: ${payload.slice(0, 200)}`);
    }
  }), { ...settings, numRuns: Math.ceil(RUNS / 2) });
  const health = await fetch(`http://127.0.0.1:${port}/_mock/health`);
  t.equal(health.status, 200, 'still serving');
});

t.test('random scenario documents: each loads or is refused with paths, never throws', async (t) => {
  const valid = { name: 'x', projects: [{ id: PROJECT, instances: [{ id: I, cache_mode: 'cluster', shards: 2, replicas: [{ shard: 1, replica: 1 }] }], clusters: [{ id: C, failed_nodes: [0] }] }], rules: [{ action: { drop: true } }] };
  const mutate = fc.tuple(fc.json({ maxDepth: 4 }), fc.array(fc.constantFrom('name', 'projects', 'rules', 'events', 'auth', 'timings', 'options', 'seed', 'region', 'clock'), { maxLength: 3 }))
    .map(([value, keys]) => {
      const doc: Record<string, unknown> = structuredClone(valid);
      for (const k of keys) doc[k] = JSON.parse(value);
      return doc;
    });
  let loaded = 0, refused = 0;
  await fc.assert(fc.property(fc.oneof(fc.anything(), mutate, fc.json().map((j) => JSON.parse(j))), (doc) => {
    const r = validateScenario(doc, 'fuzz');
    if (r.ok) {
      loaded++;
      return;
    }
    refused++;
    if (r.issues.length === 0 || r.issues.some((i) => typeof i.path !== 'string' || typeof i.message !== 'string' || i.message === '')) {
      throw new Error(`refused without a usable issue: ${JSON.stringify(r.issues)}`);
    }
  }), { ...settings, numRuns: RUNS * 3 });
  t.ok(refused > 0, `${refused} refused, ${loaded} loaded`);
});
