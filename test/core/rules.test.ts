/** The rule engine alone: selection, call counting, first match wins, seeded probability. */
import t from 'tap';
import { RuleBook, delayMs, type RuleSpec } from '../../src/core/rules.js';
import { Random } from '../../src/core/random.js';

const P = '0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e';
const I = '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11';
const call = (operation = 'dcs.swap', project = P, resource = I) => ({ operation, project, resource });
const book = (...specs: RuleSpec[]) => {
  const b = new RuleBook(1);
  b.reset(specs);
  return b;
};
const fires = (b: RuleBook, n: number, c = call()) => Array.from({ length: n }, () => b.match(c)?.id ?? null);

t.test('times: 2 fires exactly two calls', async (t) => {
  t.same(fires(book({ id: 'r', times: 2, action: { status: 503 } }), 5), ['r', 'r', null, null, null]);
});

t.test('nth fires on that call only; after fires on every call after it', async (t) => {
  t.same(fires(book({ id: 'n', nth: 3, action: { drop: true } }), 5), [null, null, 'n', null, null]);
  t.same(fires(book({ id: 'a', after: 2, action: { drop: true } }), 5), [null, null, 'a', 'a', 'a']);
  t.same(fires(book({ id: 'at', after: 1, times: 2, action: { drop: true } }), 5), [null, 'at', 'at', null, null]);
});

t.test('selection by operation (one, a list, "*"), project and resource; others are not counted', async (t) => {
  const b = book(
    { id: 'swap-only', operation: 'dcs.swap', nth: 2, action: { status: 500 } },
    { id: 'list', operation: ['dws.switchover', 'dws.getCluster'], action: { status: 500 } },
    { id: 'proj', project: 'ffffffffffffffffffffffffffffffff', action: { status: 500 } },
  );
  t.equal(b.match(call('dcs.getInstance')), undefined, 'a read is not a swap');
  t.equal(b.match(call('dcs.swap')), undefined, 'first swap');
  t.equal(b.match(call('dcs.swap'))?.id, 'swap-only', 'second swap: the reads did not count');
  t.equal(b.match(call('dws.getCluster'))?.id, 'list');
  t.equal(b.match(call('dcs.job', 'ffffffffffffffffffffffffffffffff'))?.id, 'proj');
  const r = book({ id: 'res', resource: '00000000-0000-4000-8000-000000000000', action: { status: 500 } });
  t.equal(r.match(call()), undefined);
  t.equal(r.match(call('dcs.swap', P, '00000000-0000-4000-8000-000000000000'))?.id, 'res');
  const star = book({ id: 'all', operation: '*', action: { status: 500 } });
  t.equal(star.match(call('dws.listClusters'))?.id, 'all');
});

t.test('first match wins, but every selecting rule counts the call', async (t) => {
  const b = book({ id: 'first', times: 1, action: { status: 500 } }, { id: 'second', nth: 1, action: { status: 503 } }, { id: 'third', nth: 2, action: { drop: true } });
  t.equal(b.match(call())?.id, 'first', 'both fire-able: the first wins');
  t.equal(b.match(call())?.id, 'third', 'call 2 for every rule: second (nth 1) is past, third fires');
  const [first, second, third] = b.list();
  t.same([first.seen, second.seen, third.seen], [2, 2, 2]);
  t.same([first.fired, second.fired, third.fired], [1, 0, 1]);
});

t.test('probability: the same seed gives the same sequence over 1 000 calls; about the asked share fires', async (t) => {
  const run = (seed: number) => {
    const b = new RuleBook(seed);
    b.reset([{ id: 'p', probability: 0.3, action: { status: 503 } }]);
    return fires(b, 1000).map((x) => (x ? 1 : 0)).join('');
  };
  const a = run(42);
  t.equal(run(42), a, 'same seed, same 1 000 outcomes');
  t.not(run(43), a, 'another seed, another sequence');
  const share = [...a].filter((c) => c === '1').length / 1000;
  t.ok(share > 0.25 && share < 0.35, `about 30 % fired (${share})`);
  t.same(fires(book({ id: 'never', probability: 0, action: { drop: true } }), 50), new Array(50).fill(null));
  t.same(fires(book({ id: 'always', probability: 1, action: { drop: true } }), 50), new Array(50).fill('always'));
});

t.test('reset restores the scenario rules with zero counters and restarts the generator; runtime rules go', async (t) => {
  const b = new RuleBook(9);
  const specs: RuleSpec[] = [{ id: 's', probability: 0.5, action: { status: 500 } }];
  b.reset(specs);
  const first = fires(b, 20);
  b.add({ id: 'runtime', action: { drop: true } }, 'runtime');
  t.equal(b.size, 2);
  b.reset(specs);
  t.equal(b.size, 1);
  t.equal(b.list()[0].seen, 0);
  t.same(fires(b, 20), first, 'same draws after a reset');
  t.ok(b.remove('s'));
  t.notOk(b.remove('s'));
  t.equal(b.size, 0);
});

t.test('delay jitter stays within ±jitter and is seeded', async (t) => {
  const a = new Random('j'), b = new Random('j');
  for (let i = 0; i < 200; i++) {
    const x = delayMs({ delay: { ms: 100, jitter: 30 } }, a);
    if (x < 70 || x > 130) t.fail(`out of range ${x}`);
    t.equal(x, delayMs({ delay: { ms: 100, jitter: 30 } }, b));
  }
  t.equal(delayMs({ delay: { ms: 5 } }, a), 5);
});

t.test('one random stream per rule: calls reaching one rule never shift another rule\'s pattern', async (t) => {
  const specs: RuleSpec[] = [
    { id: 'a', operation: 'dcs.swap', probability: 0.5, action: { status: 503 } },
    { id: 'b', operation: 'dws.switchover', probability: 0.5, action: { status: 503 } },
  ];
  const pattern = (interleave: number) => {
    const b = new RuleBook(7);
    b.reset(specs);
    const out: string[] = [];
    for (let i = 0; i < 200; i++) {
      for (let k = 0; k < interleave; k++) b.match(call('dcs.swap'));
      out.push(b.match(call('dws.switchover'))?.id ?? '-');
    }
    return out.join('');
  };
  t.equal(pattern(3), pattern(0), 'rule b fires on the same calls whatever rule a saw in between');
  t.ok(pattern(0).includes('b') && pattern(0).includes('-'), 'and it is a real mix');
  const seeded = (id: string) => {
    const b = new RuleBook(1);
    b.reset([{ id, seed: 'fixed', probability: 0.5, action: { drop: true } }]);
    return fires(b, 100).map((x) => (x ? 1 : 0)).join('');
  };
  t.equal(seeded('x'), seeded('y'), 'a rule\'s own seed fixes its stream whatever its id');
});

t.test('a project reset restarts that project\'s rules and drops the runtime rules bound to it', async (t) => {
  const Q = 'ffffffffffffffffffffffffffffffff';
  const b = book({ id: 'mine', project: P, probability: 0.5, action: { status: 503 } }, { id: 'theirs', project: Q, nth: 1, action: { drop: true } });
  b.add({ id: 'added-mine', project: P, action: { drop: true } }, 'runtime');
  b.add({ id: 'added-theirs', project: Q, action: { drop: true } }, 'runtime');
  b.add({ id: 'added-any', action: { drop: true } }, 'runtime');
  const first = fires(b, 10);
  b.match(call('dcs.swap', Q));
  b.resetProject(P);
  t.same(b.list().map((r) => r.id), ['mine', 'theirs', 'added-theirs', 'added-any']);
  t.same([b.list()[0].seen, b.list()[1].seen], [0, 1], 'only that project\'s counters start over');
  const again = book({ id: 'mine', project: P, probability: 0.5, action: { status: 503 } });
  t.same(fires(again, 10).map((x) => x === 'mine'), first.map((x) => x === 'mine'), 'its stream restarted');
});
