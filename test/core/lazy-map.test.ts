/** LazyMap: resources made from their entries on first read, in the scenario's order, each once. */
import t from 'tap';
import { LazyMap } from '../../src/core/lazy-map.js';

interface Spec { id: string; n: number }

function fixture() {
  const made: string[] = [];
  const map = new LazyMap<Spec, { id: string; doubled: number }>((s) => {
    made.push(s.id);
    return { id: s.id, doubled: s.n * 2 };
  });
  for (const [id, n] of [['a', 1], ['b', 2], ['c', 3]] as const) map.defer(id, { id, n });
  return { map, made };
}

t.test('nothing is made until read; a read makes one, once; keys, size and has make nothing', (t) => {
  const { map, made } = fixture();
  t.equal(map.size, 3);
  t.same([...map.keys()], ['a', 'b', 'c']);
  t.ok(map.has('b'));
  t.notOk(map.has('z'));
  t.equal(map.get('z'), undefined);
  t.same(made, [], 'keys, size, has and a miss make nothing');
  const b = map.get('b');
  t.same(b, { id: 'b', doubled: 4 });
  t.equal(map.get('b'), b, 'the same object on the next read');
  t.same(made, ['b'], 'made once');
  t.same([...map.made()].map((v) => v.id), ['b'], 'made() lists only what was made');
  t.same(map.entry('a'), { id: 'a', n: 1 }, 'entry() gives the entry of one not made');
  t.equal(map.entry('b'), undefined, 'and nothing once made');
  t.equal(map.entry('z'), undefined);
  t.same(made, ['b'], 'entry() makes nothing');
  t.end();
});

t.test('iteration makes each in order, keeps the made ones, and set adds one made at once', (t) => {
  const { map, made } = fixture();
  const b = map.get('b');
  map.set('d', { id: 'd', doubled: 0 });
  t.same([...map.values()].map((v) => v.id), ['a', 'b', 'c', 'd'], 'values in insertion order');
  t.equal([...map.entries()][1][1], b, 'a made one is not made again');
  t.same(made, ['b', 'a', 'c'], 'each made once, d never (it was set)');
  const seen: string[] = [];
  map.forEach((v, id, m) => {
    t.equal(m, map);
    seen.push(`${id}=${v.doubled}`);
  });
  t.same(seen, ['a=2', 'b=4', 'c=6', 'd=0']);
  t.same([...map].map(([id]) => id), ['a', 'b', 'c', 'd']);
  t.end();
});

t.test('select asks entries first and makes only those they cannot answer for', (t) => {
  const { map, made } = fixture();
  map.get('c');
  const ids = map.select(
    (v) => v.doubled >= 4,
    (s) => (s.n === 1 ? false : undefined),
  );
  t.same(ids, ['b', 'c'], 'order kept');
  t.same(made, ['c', 'b'], 'a was answered by its entry and never made; b had to be');
  t.same(map.select(() => false, () => true), ['a'], 'made ones are asked with made, the others with their entry');
  t.same(made, ['c', 'b'], 'and nothing more was made');
  t.end();
});

t.test('peek walks every resource in order, keeping none it makes: made ones are the kept objects', (t) => {
  const { map, made } = fixture();
  const b = map.get('b');
  const seen = [...map.peek()];
  t.same(seen, [{ id: 'a', doubled: 2 }, { id: 'b', doubled: 4 }, { id: 'c', doubled: 6 }]);
  t.equal(seen[1], b, 'the made one is the kept object');
  t.same([...map.made()].map((v) => v.id), ['b'], 'nothing more kept');
  t.same(made, ['b', 'a', 'c'], 'the others were made for the moment');
  t.not([...map.peek()][0], seen[0], 'and are made afresh on the next walk');
  t.end();
});
