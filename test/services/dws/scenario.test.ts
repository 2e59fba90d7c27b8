/** The DWS part of a scenario: `clusters:`, versions and node indexes checked with their paths. */
import t from 'tap';
import { parseScenario, validateScenario } from '../../../src/index.js';
import { PROJECT } from '../../helper.js';

const issuesOf = (value: unknown) => {
  const r = validateScenario(value, 'x.yaml');
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};

t.test('clusters: the fixed format loads; versions and node indexes are checked with their paths', async (t) => {
  const cluster = (extra: Record<string, unknown>) => ({ id: '7d85f602-a948-4a30-afd4-e84f47471c15', ...extra });
  const withClusters = (clusters: unknown[], top: Record<string, unknown> = {}) => ({ name: 'x', projects: [{ id: PROJECT, clusters }], ...top });
  const ok = await parseScenario(`
timings: { dws: { switchoverSeconds: 5 } }
options: { dws: { balancedSwitchover: error } }
name: c
projects:
  - id: ${PROJECT}
    clusters:
      - id: 7d85f602-a948-4a30-afd4-e84f47471c15
        name: dws-1
        version: 8.1.1.202
        number_of_node: 3
        status: AVAILABLE
        failed_nodes: [1]
        task_status: ""
`, 'c.yaml');
  t.ok(ok.ok, 'the issue\'s example loads');
  for (const bad of ['8.1.x', '8..1', '', '8.1.1.202.1']) {
    t.same(issuesOf(withClusters([cluster({ version: bad })])), [`projects[0].clusters[0].version: expected 3 or 4 dot-separated numbers such as "8.1.1.202", got ${JSON.stringify(bad)}`]);
  }
  t.same(issuesOf(withClusters([cluster({ version: 8.1 })])), ['projects[0].clusters[0].version: expected a version string such as "8.1.1.202" (quote it in YAML), got number 8.1']);
  t.same(issuesOf(withClusters([cluster({ failed_nodes: [3] })])), ['projects[0].clusters[0].failed_nodes[0]: expected a node index below number_of_node (3), got 3']);
  t.same(issuesOf(withClusters([cluster({ status: 'OK' })])).length, 1);
  t.match(issuesOf(withClusters([cluster({ task_status: 'NAPPING' })]))[0], /^projects\[0\]\.clusters\[0\]\.task_status: expected "" or one of UNFREEZING/);
  t.same(issuesOf(withClusters([cluster({}), cluster({})])), ['projects[0].clusters[1].id: duplicate id 7d85f602-a948-4a30-afd4-e84f47471c15 (also at projects[0].clusters[0].id)']);
  t.same(issuesOf(withClusters([cluster({})], { options: { dws: { balancedSwitchover: 'maybe' } } })), ['options.dws.balancedSwitchover: expected one of error, ok, got "maybe"']);
  t.same(issuesOf(withClusters([cluster({ task_progress: 5 })])), ['projects[0].clusters[0].task_progress: only allowed with a task_status']);
});

