/**
 * Live events: the hub (records nothing until watched, keeps the last N, says when a watcher
 * missed too much), and `GET /_mock/events` over a real socket: hello, journal and state events
 * for calls, actions and rules, a reconnect with Last-Event-ID that loses nothing and repeats
 * nothing, resync when too much was missed, the admin token, and transitions announced on a
 * real clock when they fall due, with no call to bring them forward.
 */
import t from 'tap';
import { buildApp } from '../../src/index.js';
import { EventHub } from '../../src/core/events.js';
import { ManualClock, RealClock } from '../../src/core/clock.js';
import { DEFAULT_IDS, PROJECT, T0, defaultScenario, scenarioOf } from '../helper.js';

t.test('the hub: nothing recorded until watched; since() gives what was missed, or undefined', async (t) => {
  const hub = new EventHub(3);
  hub.publish('rules', {});
  t.equal(hub.seq, 0, 'not watched: not recorded');
  t.notOk(hub.active);
  const seen: number[] = [];
  const stop = hub.subscribe((e) => seen.push(e.seq));
  for (let i = 0; i < 4; i++) hub.publish('clock', { i });
  t.same(seen, [1, 2, 3, 4], 'each event to the watcher, numbered from 1');
  t.same(hub.since(2)?.map((e) => e.seq), [3, 4], 'the events after 2');
  t.same(hub.since(1)?.map((e) => e.seq), [2, 3, 4], 'exactly capacity missed: all held');
  t.equal(hub.since(0), undefined, 'more than capacity missed: start over');
  t.equal(hub.since(9), undefined, 'an id from the future (another run): start over');
  t.same(hub.since(4), [], 'nothing missed');
  t.match(hub.since(3)![0].text, /^id: 4\nevent: clock\ndata: \{"i":3\}\n\n$/, 'SSE text, built once');
  stop();
  hub.publish('rules', {});
  t.same(seen, [1, 2, 3, 4], 'a stopped watcher hears nothing more');
  t.equal(hub.seq, 5, 'still recorded once watched');
  t.throws(() => new EventHub(0), RangeError);
});

interface Sse {
  id?: number;
  event: string;
  data: unknown;
}

/** A watcher on /_mock/events: the events parsed as they come, `next(n)` waits for n more. */
async function watch(base: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(`${base}/_mock/events`, { headers, signal: controller.signal });
  const events: Sse[] = [];
  let waiting: { count: number; resolve: () => void } | undefined;
  const done = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map(block.split('\n').filter((l) => !l.startsWith(':') && l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trimStart()]));
          if (!fields.has('event')) continue;
          events.push({ id: fields.has('id') ? Number(fields.get('id')) : undefined, event: fields.get('event')!, data: JSON.parse(fields.get('data') ?? 'null') });
          if (waiting && events.length >= waiting.count) waiting.resolve();
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    res,
    events,
    /** Resolves once `count` events in all have come (rejects after 5 s). */
    until(count: number): Promise<void> {
      if (events.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`waited for ${count} events, got ${JSON.stringify(events)}`)), 5000);
        waiting = { count, resolve: () => (clearTimeout(timer), resolve()) };
      });
    },
    async close() {
      controller.abort();
      await done;
    },
  };
}

const SWAP = `/v1.0/${PROJECT}/instances/${DEFAULT_IDS.healthy}/swap`;

t.test('GET /_mock/events: hello, then journal, state and rules events; a reconnect resumes without loss', async (t) => {
  const clock = new ManualClock(T0);
  const app = await buildApp({ scenario: await defaultScenario(), clock });
  t.teardown(() => app.close());
  const base = await app.listen({ port: 0, host: '127.0.0.1' });

  const first = await watch(base);
  t.equal(first.res.status, 200);
  t.match(first.res.headers.get('content-type'), /^text\/event-stream/);
  await first.until(1);
  t.same(first.events[0], { id: undefined, event: 'hello', data: { seq: 0, run: app.mock.events.run } }, 'hello with the latest sequence number and the run');
  t.match(app.mock.events.run, /^[0-9a-f]{12}$/);

  let res = await fetch(base + SWAP, { method: 'PUT' });
  t.equal(res.status, 200);
  await first.until(3);
  const [journal, state] = first.events.slice(1);
  t.equal(journal.event, 'journal');
  t.match(journal.data, { entry: { operation: 'dcs.swap', status: 200, project: PROJECT, resource: DEFAULT_IDS.healthy, requestId: res.headers.get('x-request-id') } }, 'the journal entry, as GET /_mock/requests shows it');
  t.same(state, { id: 2, event: 'state', data: { project: PROJECT, reason: 'call' } }, 'the model changed by a call');

  res = await fetch(`${base}/_mock/actions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'breakReplication', instance: DEFAULT_IDS.healthy }) });
  t.equal(res.status, 200);
  await first.until(4);
  t.same(first.events[3], { id: 3, event: 'state', data: { project: PROJECT, reason: 'action' } });
  await first.close();

  // While nobody watches: a rule, a swap that meets it (journal, state, rules), the clock.
  res = await fetch(`${base}/_mock/rules`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operation: 'dcs.swap', times: 1, action: { status: 503 } }) });
  t.equal(res.status, 201);
  res = await fetch(base + SWAP, { method: 'PUT' });
  t.equal(res.status, 503, 'the rule fired');
  res = await fetch(`${base}/_mock/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"seconds":1}' });
  t.equal(res.status, 200);

  const again = await watch(base, { 'last-event-id': '3' });
  await again.until(6);
  t.same(again.events[0], { id: undefined, event: 'hello', data: { seq: 8, run: app.mock.events.run } });
  t.same(again.events.slice(1).map((e) => e.id), [4, 5, 6, 7, 8], 'every missed event, in order, none twice');
  t.same(again.events.slice(1).map((e) => e.event), ['rules', 'journal', 'state', 'rules', 'clock'], 'rule added; the swap: journal, state, rule counters; the clock');
  t.match(again.events[2].data, { entry: { rule: String } }, 'the journal entry names the rule that fired');
  t.same(again.events[5].data, { mode: 'virtual', now: new Date(T0 + 1000).toISOString() });

  // A reset: watchers start over.
  res = await fetch(`${base}/_mock/reset`, { method: 'POST' });
  t.equal(res.status, 200);
  await again.until(7);
  t.equal(again.events[6].event, 'resync', 'a reset tells watchers to start over');
  await again.close();
});

t.test('a watcher that missed more than the hub holds is told to start over', async (t) => {
  const app = await buildApp({ scenario: await defaultScenario(), clock: new ManualClock(T0) });
  t.teardown(() => app.close());
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const w = await watch(base);
  await w.until(1);
  await w.close();
  // Each swap is two events (journal, state): 600 swaps are more than the 1000 held.
  for (let i = 0; i < 600; i++) await app.inject({ method: 'PUT', url: SWAP });
  t.equal(app.mock.events.seq, 1200);
  const late = await watch(base, { 'last-event-id': '0' });
  await late.until(2);
  t.same(late.events[1], { id: 1200, event: 'resync', data: {} }, 'resync, carrying the latest id');
  await late.close();
  const fresh = await watch(`${base}`, {});
  await fresh.until(1);
  t.equal(fresh.events.length, 1, 'without Last-Event-ID: hello only');
  await fresh.close();
});

t.test('only calls on a project\'s resources announce a state change; HEAD does not open a stream; each start is another run', async (t) => {
  const app = await buildApp({ scenario: await defaultScenario(), clock: new ManualClock(T0) });
  t.teardown(() => app.close());
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const head = await app.inject({ method: 'HEAD', url: '/_mock/events' });
  t.equal(head.statusCode, 404, 'HEAD: no such admin endpoint (not a stream that never answers)');
  t.equal(app.mock.events.active, false, 'and recording is still off');
  const w = await watch(base);
  await w.until(1);
  let res = await fetch(`${base}/v1.0/${PROJECT}/nothing-here`, { method: 'PUT' });
  t.equal(res.status, 404);
  res = await fetch(base + SWAP, { method: 'PUT' });
  t.equal(res.status, 200);
  await w.until(4);
  t.same(w.events.slice(1).map((e) => e.event), ['journal', 'journal', 'state'], 'the unknown path: a journal entry, no state change');
  await w.close();
  const other = await buildApp({ scenario: await defaultScenario(), clock: new ManualClock(T0) });
  t.teardown(() => other.close());
  t.not(other.mock.events.run, app.mock.events.run, 'another start, another run: a watcher that finds another run starts over');
});

t.test('bad Last-Event-ID and ?since= get a 400 in the admin format; the admin token guards the stream', async (t) => {
  const app = await buildApp({ scenario: await defaultScenario(), clock: new ManualClock(T0), adminToken: 'a-long-enough-token-0123' });
  t.teardown(() => app.close());
  for (const [headers, url] of [[{ 'last-event-id': 'abc' }, '/_mock/events'], [{}, '/_mock/events?since=-1']] as const) {
    const res = await app.inject({ method: 'GET', url, headers: { ...headers, authorization: 'Bearer a-long-enough-token-0123' } });
    t.equal(res.statusCode, 400, url);
    t.equal(res.json().error.code, 'MOCK.INVALID');
  }
  const res = await app.inject({ method: 'GET', url: '/_mock/events' });
  t.equal(res.statusCode, 401, 'no token: refused');
  t.equal(res.json().error.code, 'MOCK.UNAUTHORIZED');
  const health = await app.inject({ method: 'GET', url: '/_mock/health' });
  t.equal(health.json().admin_token, true, 'health says a token is needed');
  t.equal(app.mock.events.active, false, 'refused watchers never turned recording on');
});

t.test('on a real clock, a transition is announced when it falls due, with no call to bring it forward', async (t) => {
  const scenario = scenarioOf({
    name: 'fast-resync',
    timings: { dcs: { resyncSeconds: 0.05 } },
    projects: [{ id: PROJECT, instances: [{ id: DEFAULT_IDS.healthy }] }],
  });
  const app = await buildApp({ scenario, clock: new RealClock() });
  t.teardown(() => app.close());
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const w = await watch(base);
  await w.until(1);
  const res = await fetch(base + SWAP, { method: 'PUT' });
  t.equal(res.status, 200);
  await w.until(4);
  t.same(w.events.slice(1).map((e) => e.event), ['journal', 'state', 'state']);
  t.same(w.events[3].data, { project: PROJECT, reason: 'transition' }, 'the resync end, announced on time');
  t.equal(app.mock.world.scheduler.size, 0, 'the transition ran');
  await w.close();
});

t.test('closing the app ends open streams at once', async (t) => {
  const app = await buildApp({ scenario: await defaultScenario(), clock: new ManualClock(T0), closeGrace: 10_000 });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const w = await watch(base);
  await w.until(1);
  const started = Date.now();
  await app.close();
  t.ok(Date.now() - started < 5000, 'close did not wait for the grace');
  await w.close();
});
