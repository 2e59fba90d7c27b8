/**
 * The dashboard's Server-Sent Events reader (src/ui/sse.ts), in Node (it uses standard APIs
 * only): the parser on every line ending and chunk cut, and the reader's reconnection with
 * Last-Event-ID, backoff, and its stop on 401; then against the mock's own GET /_mock/events.
 */
import t, { type Test } from 'tap';
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { SseParser, openEventStream, type SseEvent, type StreamStatus } from '../../src/ui/sse.js';
import { startMock } from '../../src/start.js';

const parseAll = (chunks: string[]) => {
  const parser = new SseParser();
  return chunks.flatMap((c) => parser.push(c));
};

t.test('parser: fields, comments, multi-line data, defaults', async (t) => {
  t.same(parseAll(['retry: 1000\n\nevent: hello\ndata: {"seq":0}\n\n']), [{ type: 'hello', data: '{"seq":0}', id: undefined }], 'retry ignored, no id');
  t.same(parseAll(['id: 7\nevent: state\ndata: {"a":1}\n\n']), [{ type: 'state', data: '{"a":1}', id: '7' }]);
  t.same(parseAll([': ping\n\n']), [], 'a comment alone dispatches nothing');
  t.same(parseAll(['data: one\ndata: two\n\n']), [{ type: 'message', data: 'one\ntwo', id: undefined }], 'data lines joined; type defaults to message');
  t.same(parseAll(['data:no-space\ndata\n\n']), [{ type: 'message', data: 'no-space\n', id: undefined }], 'one optional space; a bare field name is an empty value');
  t.same(parseAll(['event: x\n\ndata: y\n\n']), [{ type: 'message', data: 'y', id: undefined }], 'an event with no data is dropped, and its type does not leak into the next');
  t.same(parseAll(['\ufeffdata: bom\n\n']), [{ type: 'message', data: 'bom', id: undefined }], 'a leading BOM is skipped');
  t.same(parseAll(['data: a\n']), [], 'no blank line yet: nothing');
});

t.test('parser: CRLF, CR and LF line endings, and chunks cut anywhere (inside CRLF too)', async (t) => {
  const text = 'id: 1\r\nevent: a\r\ndata: x\r\n\r\nid: 2\revent: b\rdata: y\r\rid: 3\nevent: c\ndata: z\n\n';
  const expected: SseEvent[] = [{ type: 'a', data: 'x', id: '1' }, { type: 'b', data: 'y', id: '2' }, { type: 'c', data: 'z', id: '3' }];
  t.same(parseAll([text]), expected, 'in one chunk');
  t.same(parseAll([...text]), expected, 'one character at a time');
  for (let cut = 1; cut < text.length; cut++) {
    const got = parseAll([text.slice(0, cut), text.slice(cut)]);
    if (JSON.stringify(got) !== JSON.stringify(expected)) t.fail(`cut at ${cut}: ${JSON.stringify(got)}`);
  }
});

/** A server that answers each connection with `script(n, lastEventId)` (n from 0), then ends it. */
async function sseServer(t: Test, script: (n: number, lastEventId: string | undefined, res: http.ServerResponse) => void) {
  const seen: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    const last = req.headers['last-event-id'] as string | undefined;
    seen.push(last);
    script(seen.length - 1, last, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`, seen };
}

function collect(url: string, until: (events: SseEvent[], statuses: StreamStatus[]) => boolean, headers?: () => Record<string, string>, lastEventId?: string) {
  const events: SseEvent[] = [];
  const statuses: StreamStatus[] = [];
  return new Promise<{ events: SseEvent[]; statuses: StreamStatus[]; lastEventId: string | undefined }>((resolve) => {
    const stream = openEventStream({
      url,
      headers,
      lastEventId,
      minDelay: 5,
      maxDelay: 20,
      onEvent: (e) => {
        events.push(e);
        check();
      },
      onStatus: (s) => {
        statuses.push(s);
        check();
      },
    });
    function check() {
      if (!until(events, statuses)) return;
      stream.close();
      resolve({ events, statuses, lastEventId: stream.lastEventId });
    }
  });
}

t.test('reader: reconnects after the stream ends, sending the last id seen; nothing is lost', async (t) => {
  const { url, seen } = await sseServer(t, (n, _last, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (n === 0) res.end('id: 1\nevent: e\ndata: 1\n\nid: 2\nevent: e\ndata: 2\n\n');
    else if (n === 1) res.end('id: 3\nevent: e\ndata: 3\n\n');
    else res.write(': quiet\n\n');
  });
  const { events, statuses, lastEventId } = await collect(url, (e) => e.length === 3);
  t.same(events.map((e) => e.data), ['1', '2', '3'], 'every event, in order, across two connections');
  t.same(seen.slice(0, 2), [undefined, '2'], 'the second connection sent Last-Event-ID: 2');
  t.equal(lastEventId, '3');
  t.same(statuses.slice(0, 4), ['connecting', 'open', 'retrying', 'open']);
});

t.test('reader: an error answer is retried with backoff; a 401 stops it; headers come from the callback', async (t) => {
  let attempt = 0;
  const auth: (string | undefined)[] = [];
  const { url } = await sseServer(t, (n, _last, res) => {
    if (n < 2) {
      res.writeHead(503).end();
      return;
    }
    res.writeHead(401).end();
  });
  const server401 = await sseServer(t, (_n, _last, res) => res.writeHead(401).end());
  const first = await collect(url, (_e, s) => s.includes('unauthorized'), () => ({ authorization: `Bearer t${++attempt}` }));
  t.same(first.statuses, ['connecting', 'retrying', 'retrying', 'unauthorized'], 'two 503s retried, then the 401 stops the reader');
  t.equal(attempt, 3, 'the header callback ran once per connection');
  const second = await collect(server401.url, (_e, s) => s.includes('unauthorized'), () => {
    auth.push('asked');
    return {};
  });
  t.same(second.events, []);
  t.same(auth, ['asked'], 'no retry after a 401');
});

t.test('reader against the mock: hello, a journal event for a call, and resumption after a reconnection', async (t) => {
  const mock = await startMock({ clock: 'virtual' });
  t.teardown(() => mock.close());
  const url = `${mock.url}/_mock/events`;
  const events: SseEvent[] = [];
  const waiters: [(e: SseEvent) => boolean, () => void][] = [];
  const arrival = (match: (e: SseEvent) => boolean) => new Promise<void>((resolve) => {
    if (events.some(match)) resolve();
    else waiters.push([match, resolve]);
  });
  const stream = openEventStream({ url, minDelay: 5, onEvent: (e) => {
    events.push(e);
    for (const [match, resolve] of waiters) if (match(e)) resolve();
  } });
  t.teardown(() => stream.close());
  // The first event is hello; once it is here, the stream is subscribed.
  await arrival((e) => e.type === 'hello');
  t.equal(events[0].type, 'hello');
  await fetch(`${mock.url}/v1.0/0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e/instances/3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11/swap`, { method: 'PUT' });
  await arrival((e) => e.type === 'journal');
  await arrival((e) => e.type === 'state');
  const journal = events.find((e) => e.type === 'journal')!;
  t.match(JSON.parse(journal.data), { entry: { operation: 'dcs.swap', status: 200 } });
  t.ok(stream.lastEventId !== undefined && Number(stream.lastEventId) > 0, 'the reader keeps the last id');

  // Events written while nobody is connected come back on resumption.
  const resumeFrom = stream.lastEventId!;
  stream.close();
  await mock.admin.clock.advance(1);
  const resumed = await collect(url, (e) => e.some((x) => x.type === 'clock'), undefined, resumeFrom);
  t.equal(resumed.events[0].type, 'hello');
  t.ok(resumed.events.some((e) => e.type === 'clock' && Number(e.id) > Number(resumeFrom)), 'the clock event written while away was replayed');
});
