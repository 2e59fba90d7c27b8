/** Scenario files: the format, path-precise refusals, rules and events, the timeline. */
import t from 'tap';
import { replicationOf } from '../../src/services/dcs/model.js';
import { parseScenario, validateScenario, loadScenarioFile, ScenarioError } from '../../src/index.js';
import { ManualClock } from '../../src/core/clock.js';
import { pointerToPath } from '../../src/scenario/issues.js';
import { PROJECT, T0 } from '../helper.js';

const ISSUE_EXAMPLE = `
name: default
seed: 1
timings: { dcs: { resyncSeconds: 10, swapJobSeconds: 2 } }
options: { dcs: { errorEnvelope: current } }
projects:
  - id: 0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e
    instances:
      - id: 3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11
        name: redis-ha-1
        engine: Redis            # or Memcached
        engine_version: "5.0"
        cache_mode: ha           # single | ha | ha_rw_split | cluster | proxy
        status: RUNNING
        replication: healthy     # healthy | syncing | broken
`;

const instance = (extra: Record<string, unknown>) => ({ id: '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11', ...extra });
const doc = (instances: unknown[], top: Record<string, unknown> = {}) => ({ name: 'x', projects: [{ id: PROJECT, instances }], ...top });
const issuesOf = (value: unknown) => {
  const r = validateScenario(value, 'x.yaml');
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};

t.test('the format of the issue loads as written', async (t) => {
  const r = await parseScenario(ISSUE_EXAMPLE, 'example.yaml');
  t.ok(r.ok);
  if (r.ok) t.equal((r.scenario.spec.projects[0].instances as { name: string }[])[0].name, 'redis-ha-1');
});

t.test('JSON works too, strictly parsed for .json', async (t) => {
  t.ok((await parseScenario(JSON.stringify(doc([instance({})])), 'x.json', 'json')).ok);
  const bad = await parseScenario('{"name": "x",}', 'x.json', 'json');
  t.notOk(bad.ok);
  if (!bad.ok) t.match(bad.issues[0].message, /^not valid JSON/);
});

t.test('path-precise refusals, one per problem', async (t) => {
  const third = doc([instance({}), { id: '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c12' }, { id: '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c13', cache_mode: 'hha' }]);
  t.same(issuesOf(third), ['projects[0].instances[2].cache_mode: expected one of single, ha, ha_rw_split, cluster, proxy, got "hha"']);
  t.same(issuesOf(doc([instance({ replication: 'flaky' })])), ['projects[0].instances[0].replication: expected one of healthy, syncing, broken, got "flaky"']);
  t.same(issuesOf(doc([instance({ status: 'running' })])).length, 1);
  t.same(issuesOf(doc([{ id: 'not-a-uuid' }])), ['projects[0].instances[0].id: expected a lowercase UUID (8-4-4-4-12 hex), got "not-a-uuid"']);
  t.same(issuesOf(doc([{ name: 'x' }])), ['projects[0].instances[0].id: is required (a lowercase UUID (8-4-4-4-12 hex))']);
  t.same(issuesOf({ name: 'x', projects: [{ id: 'ABC' }] }), ['projects[0].id: expected a project id: 32 lowercase hex characters, got "ABC"']);
  t.same(issuesOf(doc([instance({ colour: 'red' })])), ['projects[0].instances[0].colour: unknown key']);
  t.same(issuesOf(doc([instance({})], { timings: { dcs: { resyncSeconds: -1 } } })), ['timings.dcs.resyncSeconds: expected a number of seconds from 0 to 86400, got number -1']);
  t.same(issuesOf(doc([instance({})], { options: { dcs: { errorEnvelope: 'old' } } })), ['options.dcs.errorEnvelope: expected one of current, legacy, got "old"']);
  t.same(issuesOf({ projects: [] }), ['name: is required', 'projects: expected at least 1 item(s)']);
  t.same(issuesOf([1, 2]), [': expected a scenario object (name, projects, …)']);
});

t.test('a large document (checked by a compiled schema) gets the same path-precise refusals', async (t) => {
  const many = Array.from({ length: 1200 }, (_, i) => ({ id: `3c49a8e2-4a5b-4f27-9b43-${i.toString(16).padStart(12, '0')}` }));
  t.same(issuesOf(doc(many)), [], '1200 instances load');
  many[1100] = { ...many[1100], cache_mode: 'hha' } as typeof many[number];
  t.same(issuesOf(doc(many)), ['projects[0].instances[1100].cache_mode: expected one of single, ha, ha_rw_split, cluster, proxy, got "hha"']);
});

t.test('__proto__ and constructor keys are refused, and never pollute anything', async (t) => {
  const r = await parseScenario(`name: x\n__proto__: { polluted: true }\nprojects:\n  - id: ${PROJECT}\n    constructor: 1\n`, 'p.yaml');
  t.notOk(r.ok);
  if (!r.ok) t.same(r.issues.map((i) => i.path).sort(), ['__proto__', 'projects[0].constructor']);
  t.equal(({} as Record<string, unknown>).polluted, undefined);
});

t.test('duplicate ids and impossible combinations are refused with their paths', async (t) => {
  const dupInstance = doc([instance({}), instance({})]);
  t.same(issuesOf(dupInstance), ['projects[0].instances[1].id: duplicate id 3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11 (also at projects[0].instances[0].id)']);
  const dupProject = { name: 'x', projects: [{ id: PROJECT }, { id: PROJECT }] };
  t.same(issuesOf(dupProject), [`projects[1].id: duplicate project id ${PROJECT} (also at projects[0].id)`]);
  t.same(issuesOf(doc([instance({ engine: 'Memcached', cache_mode: 'cluster' })])), ['projects[0].instances[0].cache_mode: expected single or ha for a Memcached instance, got "cluster"']);
  t.same(issuesOf(doc([instance({ sync_progress: 10 })])), ['projects[0].instances[0].sync_progress: only allowed with replication: syncing']);
  const yamlDup = await parseScenario('name: x\nname: y\nprojects: []\n', 'd.yaml');
  t.notOk(yamlDup.ok);
  if (!yamlDup.ok) t.match(yamlDup.issues[0].message, /not valid YAML: Map keys must be unique/);
});

t.test('a missing file and a broken YAML file are reported with the file name', async (t) => {
  const missing = await loadScenarioFile('/nonexistent/x.yaml');
  t.notOk(missing.ok);
  if (!missing.ok) t.equal(new ScenarioError(missing.source, missing.issues).message, '/nonexistent/x.yaml: file not found');
  const broken = await parseScenario('name: [x\nprojects: 1', 'b.yaml');
  t.notOk(broken.ok);
  if (!broken.ok) t.match(new ScenarioError('b.yaml', broken.issues).message, /^b\.yaml: not valid YAML/);
});

t.test('pointerToPath', async (t) => {
  t.equal(pointerToPath('/projects/0/instances/2/cache_mode'), 'projects[0].instances[2].cache_mode');
  t.equal(pointerToPath(''), '');
  t.equal(pointerToPath('/a~1b/c d'), '["a/b"]["c d"]');
});

t.test('rules and events in a scenario file: every bad reference or value is refused with its path', async (t) => {
  const I = '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11';
  const C = '7d85f602-a948-4a30-afd4-e84f47471c15';
  const base = (extra: Record<string, unknown>) => ({ name: 'x', projects: [{ id: PROJECT, instances: [{ id: I }], clusters: [{ id: C }] }], ...extra });
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ rules: [{ operation: 'dcs.swapp', action: { status: 500 } }] }, 'rules[0].operation'],
    [{ rules: [{ operation: ['dcs.swap', 'nope'], action: { status: 500 } }] }, 'rules[0].operation'],
    [{ rules: [{ resource: '00000000-0000-4000-8000-000000000000', action: { status: 500 } }] }, 'rules[0].resource'],
    [{ rules: [{ probability: 2, action: { status: 500 } }] }, 'rules[0].probability'],
    [{ rules: [{ action: { status: 200 } }] }, 'rules[0].action.status'],
    [{ rules: [{ action: { status: 600 } }] }, 'rules[0].action.status'],
    [{ rules: [{ action: { teleport: true } }] }, 'rules[0].action.teleport'],
    [{ rules: [{ action: { status: 500 }, when: 'now' }] }, 'rules[0].when'],
    [{ rules: [{ id: 'a', action: { drop: true } }, { id: 'a', action: { drop: true } }] }, 'rules[1].id'],
    [{ events: [{ at: 1, action: 'explode', instance: I }] }, 'events[0].action'],
    [{ events: [{ at: 1, action: 'breakReplication', instance: '00000000-0000-4000-8000-000000000000' }] }, 'events[0].instance'],
    [{ events: [{ at: 1, action: 'failNode', cluster: C, node: 3 }] }, 'events[0].node'],
    [{ events: [{ at: -1, action: 'failNode', cluster: C, node: 0 }] }, 'events[0].at'],
    [{ events: [{ at: 1, action: 'failNode', instance: I, node: 0 }] }, 'events[0].cluster'],
  ];
  for (const [extra, path] of cases) {
    const issues = validateScenario(base(extra), 'x.yaml');
    t.notOk(issues.ok, JSON.stringify(extra));
    if (!issues.ok) t.ok(issues.issues.some((i) => i.path === path), `${path}: ${JSON.stringify(issues.issues)}`);
  }
  const proto = await parseScenario(`name: x\nprojects:\n  - id: ${PROJECT}\nrules:\n  - action: { status: 500 }\n    __proto__: { x: 1 }\n`, 'p.yaml');
  t.notOk(proto.ok);
  if (!proto.ok) t.equal(proto.issues[0].path, 'rules[0].__proto__');
  t.ok(validateScenario(base({ rules: [{ operation: 'dcs.swap', resource: I, after: 1, times: 2, probability: 0.5, action: { dcsCode: '2' } }], events: [{ at: 5, action: 'failNode', cluster: C, node: 2 }] }), 'ok').ok);
});

t.test('timeline events run at their time, in order, and again after a reset', async (t) => {
  const { MockRuntime } = await import('../../src/core/runtime.js');
  const { ServiceRegistry } = await import('../../src/core/registry.js');
  const { ALL_SERVICES, dcs } = await import('../../src/services/index.js');
  const I = '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11';
  const r = validateScenario({
    name: 'events',
    projects: [{ id: PROJECT, instances: [{ id: I }] }],
    events: [
      { at: 5, action: 'breakReplication', instance: I },
      { at: 5, action: 'setStatus', instance: I, status: 'RESTARTING' },
      { at: 8, action: 'setStatus', instance: I, status: 'RUNNING' },
      { at: 8, action: 'healReplication', instance: I },
    ],
  }, 'e');
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const clock = new ManualClock(T0);
  const rt = new MockRuntime(new ServiceRegistry(ALL_SERVICES), r.scenario, clock);
  const inst = () => rt.model(dcs).instance(PROJECT, I)!;
  clock.advance(4999);
  rt.world.catchUp();
  t.same([inst().status, replicationOf(inst()).state], ['RUNNING', 'healthy']);
  clock.advance(1);
  rt.world.catchUp();
  t.same([inst().status, replicationOf(inst()).state], ['RESTARTING', 'broken']);
  clock.advance(3000);
  rt.world.catchUp();
  t.same([inst().status, replicationOf(inst()).state], ['RUNNING', 'healthy']);
  rt.reset();
  clock.advance(5000);
  rt.world.catchUp();
  t.same([inst().status, replicationOf(inst()).state], ['RESTARTING', 'broken'], 'the timeline starts again from the reset');
  rt.reset(PROJECT);
  t.equal(inst().status, 'RUNNING');
  clock.advance(5000);
  rt.world.catchUp();
  t.equal(inst().status, 'RESTARTING', 'a project reset reschedules that project\'s events');
});
