/**
 * The DWS part of a scenario: `clusters:` in each project, `timings.dws`, `options.dws`,
 * the checks the schema cannot express, and the builder that turns them into the model.
 */
import { Type, type Static } from '@sinclair/typebox';
import { LazyMap } from '../../core/lazy-map.js';
import { type ClaimId, type DeclaredResource, type ModelContext, type ProjectContext, type ProjectEntry, type ScenarioSection } from '../../core/service.js';
import { type Issue } from '../../scenario/issues.js';
import { oneOf, UuidSchema } from '../../scenario/parts.js';
import { CLUSTER_STATUSES, DEFAULT_NODE_COUNT, DEFAULT_OPTIONS, DEFAULT_TIMINGS, TASK_STATUSES, DwsModel, isRunningTask, type Cluster, type DwsOptions, type DwsTimings } from './model.js';
import { parseVersion } from './version.js';
import { createCluster } from './defaults.js';

const closed = { additionalProperties: false } as const;
const Tag = Type.Object({ key: Type.String({ minLength: 1, maxLength: 128 }), value: Type.String({ maxLength: 255 }) }, closed);
const NodeIndex = Type.Integer({ minimum: 0, maximum: 255, expected: 'a node index (0-based)' });

export const ClusterSpecSchema = Type.Object(
  {
    id: UuidSchema,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** 3–4 dot-separated numbers; checked by the version parser when the scenario loads. */
    version: Type.Optional(Type.String({ expected: 'a version string such as "8.1.1.202" (quote it in YAML)' })),
    number_of_node: Type.Optional(Type.Integer({ minimum: 1, maximum: 256, expected: 'an integer from 1 to 256' })),
    /** DN instance pairs per node (default 2): pair k has its primary on node k mod n, its standby on (k+1) mod n. */
    dn_per_node: Type.Optional(Type.Integer({ minimum: 1, maximum: 16, expected: 'an integer from 1 to 16' })),
    status: Type.Optional(oneOf(CLUSTER_STATUSES)),
    /** Nodes (0-based) whose primaries have failed over to their standbys: the cluster starts unbalanced. */
    failed_nodes: Type.Optional(Type.Array(NodeIndex, { maxItems: 256, uniqueItems: true })),
    /** Nodes that are down now (their primaries failed over, and they stay down): DEGRADED and UNBALANCED. */
    down_nodes: Type.Optional(Type.Array(NodeIndex, { maxItems: 256, uniqueItems: true })),
    /** A task in progress (busy) or a failure state; "" for none. */
    task_status: Type.Optional(Type.Union([Type.Literal(''), oneOf(TASK_STATUSES)], { expected: `"" or one of ${TASK_STATUSES.join(', ')}` })),
    /** Progress shown for that task, in percent. */
    task_progress: Type.Optional(Type.Integer({ minimum: 0, maximum: 99, expected: 'an integer from 0 to 99' })),
    /** Further sub_status flags, besides the derived DEGRADED and UNBALANCED. */
    flags: Type.Optional(Type.Array(oneOf(['READONLY', 'REDISTRIBUTING', 'REDISTRIBUTION-FAILURE'] as const), { maxItems: 3, uniqueItems: true })),
    /** `fail`: every switchover on this cluster ends in ACTIVE_STANDY_SWITCHOVER_FAILURE. */
    switchover_outcome: Type.Optional(oneOf(['success', 'fail'] as const)),
    node_type: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    port: Type.Optional(Type.Integer({ minimum: 8000, maximum: 30000, expected: 'a port from 8000 to 30000' })),
    enterprise_project_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    tags: Type.Optional(Type.Array(Tag, { maxItems: 20 })),
  },
  closed,
);

export type ClusterSpec = Static<typeof ClusterSpecSchema>;

const clustersOf = (entry: ProjectEntry) => (entry.clusters ?? []) as ClusterSpec[];

export const dwsScenario: ScenarioSection<DwsModel> = {
  projectKeys: { clusters: Type.Optional(Type.Array(ClusterSpecSchema, { maxItems: 10000 })) },
  timings: Type.Object({
    switchoverSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 86400, default: DEFAULT_TIMINGS.switchoverSeconds, expected: 'a number of seconds from 0 to 86400' })),
  }, closed),
  options: Type.Object({
    balancedSwitchover: Type.Optional(oneOf(['error', 'ok'] as const, { default: DEFAULT_OPTIONS.balancedSwitchover })),
  }, closed),

  check(entry: ProjectEntry, path: string, claimId: ClaimId): Issue[] {
    const issues: Issue[] = [];
    clustersOf(entry).forEach((cluster, c) => {
      const cpath = `${path}.clusters[${c}]`;
      claimId(cluster.id, `${cpath}.id`);
      if (cluster.version !== undefined && !parseVersion(cluster.version)) {
        issues.push({ path: `${cpath}.version`, message: `expected 3 or 4 dot-separated numbers such as "8.1.1.202", got ${JSON.stringify(cluster.version)}` });
      }
      const nodes = cluster.number_of_node ?? DEFAULT_NODE_COUNT;
      for (const key of ['failed_nodes', 'down_nodes'] as const) {
        (cluster[key] ?? []).forEach((node, n) => {
          if (node >= nodes) issues.push({ path: `${cpath}.${key}[${n}]`, message: `expected a node index below number_of_node (${nodes}), got ${node}` });
        });
      }
      if (cluster.task_progress !== undefined && !cluster.task_status) {
        issues.push({ path: `${cpath}.task_progress`, message: 'only allowed with a task_status' });
      }
    });
    return issues;
  },

  *declared(entry: ProjectEntry): Iterable<DeclaredResource> {
    for (const c of clustersOf(entry)) yield { id: c.id, kind: 'cluster', nodes: c.number_of_node ?? DEFAULT_NODE_COUNT };
  },

  /** A cluster, its nodes and its DN pairs (`number_of_node × dn_per_node`). */
  weigh(entry: ProjectEntry, path: string, spend: (objects: number) => boolean): string | undefined {
    const clusters = clustersOf(entry);
    for (let i = 0; i < clusters.length; i++) {
      const nodes = clusters[i].number_of_node ?? DEFAULT_NODE_COUNT;
      if (!spend(1 + nodes + nodes * (clusters[i].dn_per_node ?? 2))) return `${path}.clusters[${i}]`;
    }
    return undefined;
  },

  createModel(context: ModelContext): DwsModel {
    return new DwsModel(
      context.scheduler,
      { ...DEFAULT_TIMINGS, ...(context.timings as Partial<DwsTimings>) },
      { ...DEFAULT_OPTIONS, ...(context.options as Partial<DwsOptions>) },
    );
  },

  /** One step per cluster; the project's clusters replace the old ones at the end, all at once. Each is made when first read, unless a task of its own is running. */
  *buildProject(model: DwsModel, project: ProjectContext, entry: ProjectEntry): Generator<void> {
    const clusters = new LazyMap<ClusterSpec, Cluster>((spec) => createCluster(project, spec));
    for (const spec of clustersOf(entry)) {
      // A running task started at the build: made now, so that a saved state keeps that start.
      if (isRunningTask(spec.task_status ?? '')) clusters.set(spec.id, clusters.make(spec));
      else clusters.defer(spec.id, spec);
      yield;
    }
    model.putProject({ id: project.id, clusters });
  },
};
