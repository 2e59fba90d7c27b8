/**
 * The DCS part of a scenario: `instances:` in each project, `timings.dcs`, `options.dcs`,
 * the checks the schema cannot express, and the builder that turns them into the model.
 */
import { Type, type Static } from '@sinclair/typebox';
import { LazyMap } from '../../core/lazy-map.js';
import { Random } from '../../core/random.js';
import { type ClaimId, type DeclaredResource, type ModelContext, type ProjectContext, type ProjectEntry, type ScenarioSection } from '../../core/service.js';
import { type Issue } from '../../scenario/issues.js';
import { oneOf, UuidSchema } from '../../scenario/parts.js';
import {
  CACHE_MODES, DEFAULT_OPTIONS, DEFAULT_TIMINGS, ENGINES, INSTANCE_STATUSES, REPLICATION_STATES, SHARDED_MODES,
  DcsModel, type DcsOptions, type DcsTimings, type Instance,
} from './model.js';
import { createInstance } from './operations.js';
import { DEFAULT_SHARDS, instanceInit } from './defaults.js';

const closed = { additionalProperties: false } as const;
const Seconds = (fallback: number) => Type.Number({ minimum: 0, maximum: 86400, default: fallback, expected: 'a number of seconds from 0 to 86400' });
const Tag = Type.Object({ key: Type.String({ minLength: 1, maxLength: 128 }), value: Type.String({ maxLength: 255 }) }, closed);

export const InstanceSpecSchema = Type.Object(
  {
    id: UuidSchema,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    engine: Type.Optional(oneOf(ENGINES)),
    engine_version: Type.Optional(Type.String({ pattern: '^[0-9]+\\.[0-9]+$', expected: 'a version such as "5.0"' })),
    cache_mode: Type.Optional(oneOf(CACHE_MODES)),
    status: Type.Optional(oneOf(INSTANCE_STATUSES)),
    replication: Type.Optional(oneOf(REPLICATION_STATES)),
    /** Progress of an initial `syncing` state, 0–100 (default 0). */
    sync_progress: Type.Optional(Type.Integer({ minimum: 0, maximum: 99, expected: 'an integer from 0 to 99' })),
    /** The instance's agent fails internally: swaps answer code "3". */
    internal_fault: Type.Optional(Type.Boolean()),
    capacity: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1024, expected: 'a capacity in GB, above 0 and at most 1024' })),
    /** Nodes per shard, master included (default 2). */
    replica_count: Type.Optional(Type.Integer({ minimum: 1, maximum: 6, expected: 'an integer from 1 to 6' })),
    /** Shards of a cluster or proxy instance (default 3). */
    shards: Type.Optional(Type.Integer({ minimum: 1, maximum: 128, expected: 'an integer from 1 to 128' })),
    /** One replica's own state, where it differs from the instance's `replication`. */
    replicas: Type.Optional(Type.Array(Type.Object({
      /** Shard index, 0-based (default 0). */
      shard: Type.Optional(Type.Integer({ minimum: 0, maximum: 127, expected: 'a shard index (0-based)' })),
      /** Replica index in the shard: 1 is the first replica (0 is the master). */
      replica: Type.Integer({ minimum: 1, maximum: 5, expected: 'a replica index from 1 (0 is the master)' }),
      replication: Type.Optional(oneOf(REPLICATION_STATES)),
      sync_progress: Type.Optional(Type.Integer({ minimum: 0, maximum: 99, expected: 'an integer from 0 to 99' })),
      /** Promotion weight 0–100: the smallest non-zero is promoted first; 0 never (unless all are 0). */
      priority: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, expected: 'an integer from 0 to 100' })),
    }, closed), { maxItems: 768 })),
    description: Type.Optional(Type.String({ maxLength: 1024 })),
    ip: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}(\\.[0-9]{1,3}){3}$', expected: 'an IPv4 address' })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
    no_password_access: Type.Optional(Type.Boolean()),
    enterprise_project_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    tags: Type.Optional(Type.Array(Tag, { maxItems: 20 })),
  },
  closed,
);

export type InstanceSpec = Static<typeof InstanceSpecSchema>;

const instancesOf = (entry: ProjectEntry) => (entry.instances ?? []) as InstanceSpec[];

/** Whether a replica of the instance starts in an initial sync (whose end is scheduled at build). */
const startsSyncing = (spec: InstanceSpec): boolean =>
  spec.replication === 'syncing' || (spec.replicas ?? []).some((r) => (r.replication ?? spec.replication) === 'syncing');

export const dcsScenario: ScenarioSection<DcsModel> = {
  projectKeys: { instances: Type.Optional(Type.Array(InstanceSpecSchema, { maxItems: 100_000 })) },
  timings: Type.Object({
    resyncSeconds: Type.Optional(Seconds(DEFAULT_TIMINGS.resyncSeconds)),
    swapJobSeconds: Type.Optional(Seconds(DEFAULT_TIMINGS.swapJobSeconds)),
  }, closed),
  options: Type.Object({
    errorEnvelope: Type.Optional(oneOf(['current', 'legacy'] as const, { default: DEFAULT_OPTIONS.errorEnvelope })),
    v1SwapSuccess: Type.Optional(oneOf(['body', 'noContent'] as const, { default: DEFAULT_OPTIONS.v1SwapSuccess })),
  }, closed),

  check(entry: ProjectEntry, path: string, claimId: ClaimId): Issue[] {
    const issues: Issue[] = [];
    instancesOf(entry).forEach((inst, i) => {
      const ipath = `${path}.instances[${i}]`;
      claimId(inst.id, `${ipath}.id`);
      if (inst.engine === 'Memcached' && inst.cache_mode && inst.cache_mode !== 'single' && inst.cache_mode !== 'ha') {
        issues.push({ path: `${ipath}.cache_mode`, message: `expected single or ha for a Memcached instance, got "${inst.cache_mode}"` });
      }
      if (inst.sync_progress !== undefined && inst.replication !== 'syncing') {
        issues.push({ path: `${ipath}.sync_progress`, message: 'only allowed with replication: syncing' });
      }
      const mode = inst.cache_mode ?? 'ha';
      if (inst.replica_count !== undefined && mode === 'single') {
        issues.push({ path: `${ipath}.replica_count`, message: 'only allowed for cache_mode ha or ha_rw_split' });
      }
      if (inst.replica_count === 1 && mode !== 'single') {
        issues.push({ path: `${ipath}.replica_count`, message: 'expected at least 2 for a master/standby instance (master included)' });
      }
      if (inst.shards !== undefined && !SHARDED_MODES.has(mode)) {
        issues.push({ path: `${ipath}.shards`, message: 'only allowed for cache_mode cluster or proxy' });
      }
      const shardCount = SHARDED_MODES.has(mode) ? (inst.shards ?? DEFAULT_SHARDS) : 1;
      const perShard = mode === 'single' ? 1 : (inst.replica_count ?? 2);
      const seen = new Set<string>();
      (inst.replicas ?? []).forEach((r, n) => {
        const rpath = `${ipath}.replicas[${n}]`;
        if ((r.shard ?? 0) >= shardCount) issues.push({ path: `${rpath}.shard`, message: `expected a shard index below ${shardCount}, got ${r.shard}` });
        if (r.replica >= perShard) issues.push({ path: `${rpath}.replica`, message: `expected a replica index below ${perShard} (replica_count), got ${r.replica}` });
        if (r.sync_progress !== undefined && (r.replication ?? inst.replication) !== 'syncing') {
          issues.push({ path: `${rpath}.sync_progress`, message: 'only allowed with replication: syncing' });
        }
        const key = `${r.shard ?? 0}:${r.replica}`;
        if (seen.has(key)) issues.push({ path: rpath, message: `shard ${r.shard ?? 0} replica ${r.replica} is given twice` });
        seen.add(key);
      });
    });
    return issues;
  },

  *declared(entry: ProjectEntry): Iterable<DeclaredResource> {
    for (const inst of instancesOf(entry)) yield { id: inst.id, kind: 'instance' };
  },

  /** An instance, its shards and their nodes. */
  weigh(entry: ProjectEntry, path: string, spend: (objects: number) => boolean): string | undefined {
    const instances = instancesOf(entry);
    for (let i = 0; i < instances.length; i++) {
      const mode = instances[i].cache_mode ?? 'ha';
      const shards = SHARDED_MODES.has(mode) ? (instances[i].shards ?? DEFAULT_SHARDS) : 1;
      const nodes = mode === 'single' ? 1 : (instances[i].replica_count ?? 2);
      if (!spend(1 + shards * (1 + nodes))) return `${path}.instances[${i}]`;
    }
    return undefined;
  },

  createModel(context: ModelContext): DcsModel {
    return new DcsModel(
      context.scheduler,
      { ...DEFAULT_TIMINGS, ...(context.timings as Partial<DcsTimings>) },
      { ...DEFAULT_OPTIONS, ...(context.options as Partial<DcsOptions>) },
    );
  },

  /**
   * One step per instance; the project's instances replace the old ones at the end, all at once.
   * An instance is made when first read, unless it starts a sync (a transition to schedule now).
   */
  *buildProject(model: DcsModel, project: ProjectContext, entry: ProjectEntry): Generator<void> {
    const instances = new LazyMap<InstanceSpec, Instance>((spec) => createInstance(instanceInit(project, spec), model, project.now));
    for (const spec of instancesOf(entry)) {
      if (startsSyncing(spec)) instances.set(spec.id, instances.make(spec));
      else instances.defer(spec.id, spec);
      yield;
    }
    model.putProject({ id: project.id, instances, jobs: new Map(), rng: Random.for(project.seed, 'jobs', project.id) });
  },
};
