import t from 'tap';
import { Journal } from '../../src/core/journal.js';

const entry = (i: number, extra: Partial<Record<string, unknown>> = {}) => ({
  seq: 0,
  at: Date.UTC(2026, 0, 1, 0, 0, i), method: 'PUT', path: `/p/${i}`, operation: i % 2 ? 'dcs.swap' : 'dws.switchover',
  project: i % 3 ? 'a' : 'b', resource: null, status: i % 5 ? 200 : 503, requestId: `r${i}`, rule: null, fault: null, caller: null, durationMs: 1,
  headers: [] as string[], body: null as string | null, ...extra,
});

t.test('the journal never exceeds its size and keeps the newest entries, oldest first', async (t) => {
  const j = new Journal(10);
  for (let i = 1; i <= 1000; i++) {
    j.record(entry(i));
    if (j.size > 10) t.fail(`size ${j.size} after ${i}`);
  }
  t.equal(j.size, 10);
  t.equal(j.total, 1000);
  t.same(j.entries().map((e) => e.seq), [991, 992, 993, 994, 995, 996, 997, 998, 999, 1000]);
});

t.test('filters and counts', async (t) => {
  const j = new Journal(100);
  for (let i = 1; i <= 30; i++) j.record(entry(i));
  t.equal(j.count(), 30);
  t.equal(j.count({ operation: 'dcs.swap' }), 15);
  t.equal(j.count({ status: 503 }), 6);
  t.equal(j.count({ project: 'b', operation: 'dws.switchover' }), 5);
  t.equal(j.count({ since: Date.UTC(2026, 0, 1, 0, 0, 21) }), 10);
  t.equal(j.entries({ status: 503 })[0].path, '/p/5');
});

t.test('clear all, or one project\'s entries; size 0 keeps nothing', async (t) => {
  const j = new Journal(100);
  for (let i = 1; i <= 30; i++) j.record(entry(i));
  j.clear('b');
  t.equal(j.count({ project: 'b' }), 0);
  t.equal(j.size, 20);
  j.clear();
  t.equal(j.size, 0);
  const none = new Journal(0);
  none.record(entry(1));
  t.equal(none.size, 0);
  t.same(none.entries(), []);
  t.throws(() => new Journal(-1), RangeError);
});

t.test('bounded by bytes as well as by count: long URLs are cut and marked, the oldest entries go first', async (t) => {
  const j = new Journal(300_000, 1024 * 1024);
  const long = `/v1.0/p/instances?${'x'.repeat(15_000)}`;
  for (let i = 1; i <= 5000; i++) j.record(entry(i, { path: long }));
  const kept = j.entries();
  t.equal(kept[0].path.length, 2048, 'a long target is cut at 2048 characters');
  t.equal(kept[0].pathCut, true, 'and marked');
  t.ok(j.bytes <= 1024 * 1024, `the byte budget holds (${j.bytes})`);
  t.ok(j.size < 5000 && j.size > 100, `so fewer entries are kept (${j.size})`);
  t.equal(kept[kept.length - 1].seq, 5000, 'the newest are the ones kept');
  t.equal(j.total, 5000);
  j.record(entry(5001));
  t.equal(j.entries()[j.size - 1].pathCut, undefined, 'a short path is kept whole');
  j.clear();
  t.equal(j.bytes, 0);
  t.throws(() => new Journal(10, 0), RangeError);
});
