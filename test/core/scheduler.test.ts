import t from 'tap';
import { Scheduler } from '../../src/core/scheduler.js';
import { ManualClock } from '../../src/core/clock.js';
import { Random } from '../../src/core/random.js';

t.test('scheduler runs due tasks in time order, ties in scheduling order, each at its own time', async (t) => {
  const s = new Scheduler();
  const ran: string[] = [];
  s.schedule(30, 'p', (at) => ran.push(`c@${at}`));
  s.schedule(10, 'p', (at) => ran.push(`a@${at}`));
  s.schedule(10, 'q', (at) => ran.push(`b@${at}`));
  s.schedule(50, 'p', (at) => ran.push(`late@${at}`));
  t.equal(s.runDue(5), 0);
  t.equal(s.runDue(40), 3);
  t.same(ran, ['a@10', 'b@10', 'c@30']);
  t.equal(s.nextAt(), 50);
});

t.test('a task may schedule another one that is already due: it runs in the same pass', async (t) => {
  const s = new Scheduler();
  const ran: number[] = [];
  s.schedule(10, 'p', (at) => {
    ran.push(at);
    s.schedule(at + 5, 'p', (at2) => ran.push(at2));
  });
  s.runDue(100);
  t.same(ran, [10, 15]);
  t.equal(s.size, 0);
});

t.test('clear(scope) drops only that scope, and cancelled tasks do not run', async (t) => {
  const s = new Scheduler();
  const ran: string[] = [];
  for (let i = 0; i < 20; i++) s.schedule(i, i % 2 ? 'odd' : 'even', () => ran.push(`${i}`));
  const cancelled = s.schedule(3.5, 'x', () => ran.push('cancelled'));
  cancelled.cancelled = true;
  s.clear('odd');
  s.runDue(100);
  t.same(ran, ['0', '2', '4', '6', '8', '10', '12', '14', '16', '18']);
  s.schedule(1, 'a', () => ran.push('again'));
  s.clear();
  t.equal(s.size, 0);
});

t.test('manual clock only moves forward', async (t) => {
  const c = new ManualClock(1000);
  t.equal(c.advance(500), 1500);
  t.throws(() => c.advance(-1), RangeError);
  t.throws(() => c.set(10), RangeError);
  c.set(2000);
  t.equal(c.now(), 2000);
  t.equal(c.kind, 'virtual');
});

t.test('random: same seed, same sequence; different seeds differ; ids have the right shape', async (t) => {
  const a = new Random(42), b = new Random(42), c = new Random(43);
  const sa = Array.from({ length: 100 }, () => a.uint32());
  const sb = Array.from({ length: 100 }, () => b.uint32());
  const sc = Array.from({ length: 100 }, () => c.uint32());
  t.same(sa, sb);
  t.notSame(sa, sc);
  // Pinned values: the stream must not change across versions, or seeded scenarios would.
  t.equal(new Random(1).hex(16), '3acd10ae9f4de045');
  t.equal(Random.for(1, 'dcs', 'x').uuid(), '895504fe-b22b-4812-baed-55b5a9fbd106');
  t.match(new Random(7).uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  t.match(new Random(7).hex(32), /^[0-9a-f]{32}$/);
  const r = new Random('x');
  for (let i = 0; i < 1000; i++) {
    const v = r.next();
    if (v < 0 || v >= 1) t.fail(`out of range: ${v}`);
    const n = r.int(3, 5);
    if (n < 3 || n > 5) t.fail(`int out of range: ${n}`);
  }
  t.not(Random.for(1, 'a').hex(16), Random.for(1, 'b').hex(16));
});
