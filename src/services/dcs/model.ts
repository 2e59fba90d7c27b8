/**
 * The DCS model: instances as the model keeps them (the static profile, everything the
 * detail routes show that never changes; the live state: status, shards with their nodes'
 * roles and each replica's replication; the job that may be pending on it), per project,
 * with their jobs. Every instance has shards: one for single, ha and ha_rw_split, several
 * for Redis Cluster and Proxy Cluster. No HTTP in here.
 */
import { type Scheduler, type Task } from '../../core/scheduler.js';
import { type LazyMap } from '../../core/lazy-map.js';
import { type Random } from '../../core/random.js';

export const ENGINES = ['Redis', 'Memcached'] as const;
export type Engine = (typeof ENGINES)[number];

export const CACHE_MODES = ['single', 'ha', 'ha_rw_split', 'cluster', 'proxy'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

/** Modes that support the master/standby swap. */
export const SWAPPABLE_MODES: ReadonlySet<CacheMode> = new Set(['ha', 'ha_rw_split']);
/** Modes whose shards switch over one by one (`…/groups/{group_id}/replications/{node_id}/async-switchover`). */
export const SHARDED_MODES: ReadonlySet<CacheMode> = new Set(['cluster', 'proxy']);

/** Instance statuses of the DCS API reference ("Instance Statuses"), `DELETING` included. */
export const INSTANCE_STATUSES = [
  'CREATING', 'CREATEFAILED', 'RUNNING', 'ERROR', 'RESTARTING', 'FROZEN', 'EXTENDING', 'RESTORING',
  'FLUSHING', 'CLOSING', 'STARTING', 'CLOSED', 'DELETING', 'DELETED', 'UPGRADING', 'ROLLBACKING', 'IPEXCHANGING',
] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

export const REPLICATION_STATES = ['healthy', 'syncing', 'broken'] as const;
export type ReplicationState = (typeof REPLICATION_STATES)[number];

/** The link from a shard's master to one replica. */
export interface Replication {
  state: ReplicationState;
  /** For `syncing`: when the current full sync began and when it will end (ms). */
  syncStart: number;
  syncEnd: number;
  /** Bumped on every change, so a stale scheduled transition can tell it is stale. */
  generation: number;
  /** The end of the current sync, while one runs: cancelled when something supersedes it. */
  end?: Task | null;
}

export interface DcsNode {
  readonly id: string;
  readonly azCode: string;
  readonly azId: string;
  readonly ip: string;
  /**
   * Promotion weight as a replica (0–100): when a swap or failover names no node, the replica
   * with the smallest non-zero weight is promoted; 0 means never, unless every replica is 0,
   * and then node order decides.
   */
  priority: number;
  /** Its replication while it is a replica (a master's is left as it was). */
  readonly replication: Replication;
}

/** A shard (group): nodes[0] is its master, the others its replicas. */
export interface Shard {
  readonly id: string;
  readonly name: string;
  nodes: DcsNode[];
}

/** Static wire fields of an instance, computed once when the scenario loads. */
export interface InstanceProfile {
  readonly name: string;
  readonly engine: Engine;
  readonly engine_version: string;
  readonly cache_mode: CacheMode;
  readonly capacity: number;
  readonly capacity_minor: string | null;
  readonly max_memory: number;
  readonly used_memory: number;
  readonly spec_code: string;
  readonly product_id: string;
  readonly ip: string;
  readonly port: number;
  readonly domain_name: string;
  readonly description: string;
  readonly vpc_id: string;
  readonly vpc_name: string;
  readonly subnet_id: string;
  readonly subnet_name: string;
  readonly subnet_cidr: string;
  readonly security_group_id: string | null;
  readonly security_group_name: string | null;
  readonly created_at: string;
  readonly launched_at: string;
  readonly user_id: string;
  readonly user_name: string;
  readonly maintain_begin: string;
  readonly maintain_end: string;
  readonly no_password_access: 'true' | 'false';
  readonly enterprise_project_id: string;
  readonly enterprise_project_name: string;
  readonly cloud_service_type_code: string;
  readonly cloud_resource_type_code: string;
  readonly charging_mode: number;
  readonly db_number: number;
  readonly sharding_count: number;
  readonly replica_count: number;
  readonly tags: { key: string; value: string }[];
  /** AZ codes and ids in creation order: they never change, whichever node is master. */
  readonly az_codes: readonly string[];
  readonly available_zones: readonly string[];
}

export type JobStatus = 'INIT' | 'RUNNING' | 'SUCCESS' | 'FAIL';

/** A swap or shard switchover: what `GET …/jobs/{job_id}` and `GET …/instances/{id}/tasks` show. */
export interface SwapJob {
  readonly id: string;
  readonly projectId: string;
  readonly instanceId: string;
  /** The job type the API shows for both (it names no other for a shard switchover). */
  readonly type: 'masterStandbySwapJob';
  /** For a shard switchover: the shard and the replica promoted. */
  readonly shard: string | null;
  readonly node: string | null;
  status: JobStatus;
  readonly beginTime: number;
  endTime: number | null;
  failReason: string | null;
}

export interface Instance {
  readonly projectId: string;
  readonly id: string;
  readonly profile: InstanceProfile;
  status: InstanceStatus;
  /** One shard for single and master/standby instances; several for cluster and proxy ones. */
  readonly shards: Shard[];
  /** An internal fault on the instance's agent: swaps answer code "3" until cleared. */
  internalFault: boolean;
  /** The async swap job in progress, if any. */
  pendingJob: SwapJob | null;
  updatedAt: number;
}

/** One node as a scenario leaves it: where it is, and its replication if it is a replica. */
export interface NodeInit {
  readonly id: string;
  readonly azCode: string;
  readonly azId: string;
  readonly ip: string;
  readonly priority: number;
  readonly replication: ReplicationState;
  /** For an initial `syncing` state: progress already made, 0–99. */
  readonly syncProgress: number;
}

export interface InstanceInit {
  readonly projectId: string;
  readonly id: string;
  /** Made on first use: most instances of a large world are never read. */
  readonly profile: () => InstanceProfile;
  readonly status: InstanceStatus;
  readonly shards: readonly { readonly id: string; readonly name: string; readonly nodes: readonly NodeInit[] }[];
  readonly internalFault: boolean;
  readonly updatedAt: number;
}

/**
 * An instance whose static profile is made the first time something reads it: building a large
 * world then costs the live state only (nodes, replication), not the thirty-odd wire fields.
 */
export class DcsInstance implements Instance {
  #profile: InstanceProfile | (() => InstanceProfile);
  pendingJob: SwapJob | null = null;

  constructor(
    readonly projectId: string,
    readonly id: string,
    profile: () => InstanceProfile,
    public status: InstanceStatus,
    readonly shards: Shard[],
    public internalFault: boolean,
    public updatedAt: number,
  ) {
    this.#profile = profile;
  }

  get profile(): InstanceProfile {
    const p = this.#profile;
    if (typeof p !== 'function') return p;
    const made = p();
    this.#profile = made;
    return made;
  }
}

/**
 * The replica a swap or failover promotes when none is named: the smallest non-zero
 * priority weight (ties: node order); when every replica is 0, the first replica.
 * Undefined for a shard without replicas.
 */
export function candidateOf(shard: Shard): DcsNode | undefined {
  let best: DcsNode | undefined;
  for (let i = 1; i < shard.nodes.length; i++) {
    const n = shard.nodes[i];
    if (n.priority > 0 && (best === undefined || n.priority < best.priority)) best = n;
  }
  return best ?? shard.nodes[1];
}

const SETTLED: Replication = Object.freeze({ state: 'healthy', syncStart: 0, syncEnd: 0, generation: 0 }) as Replication;

/**
 * The replication that decides an instance's swap: that of the replica its (first) shard
 * would promote. An instance without replicas has nothing to sync: healthy.
 */
export function replicationOf(inst: Instance): Replication {
  return candidateOf(inst.shards[0])?.replication ?? SETTLED;
}

export function syncProgress(r: Replication, now: number): number {
  if (r.state === 'healthy') return 100;
  if (r.state === 'broken') return 0;
  const span = r.syncEnd - r.syncStart;
  if (span <= 0) return 100;
  return Math.max(0, Math.min(99, Math.floor(((now - r.syncStart) / span) * 100)));
}

export interface DcsTimings {
  /** How long a full sync of a replica takes (after a swap, or a `restartSync`). */
  readonly resyncSeconds: number;
  /** How long an asynchronous swap's job runs. */
  readonly swapJobSeconds: number;
}

export interface DcsOptions {
  /** `legacy`: v1.0 routes answer errors as `{"error":{"code","message"}}` with the numeric code. */
  readonly errorEnvelope: 'current' | 'legacy';
  /** v1.0 swap success: `body` (200 `{"code":"","message":"success"}`, original page) or `noContent` (204, current page). */
  readonly v1SwapSuccess: 'body' | 'noContent';
}

export const DEFAULT_TIMINGS: DcsTimings = { resyncSeconds: 10, swapJobSeconds: 2 };
export const DEFAULT_OPTIONS: DcsOptions = { errorEnvelope: 'current', v1SwapSuccess: 'body' };

/** Jobs kept per project; the oldest finished ones are dropped beyond it. */
export const MAX_JOBS_PER_PROJECT = 1000;

/** What lists read of an instance's scenario entry while the instance is not made yet. */
export interface InstanceEntry {
  readonly id: string;
  readonly status?: InstanceStatus;
}

export interface DcsProject {
  readonly id: string;
  /** Each made from its scenario entry when first read. */
  readonly instances: LazyMap<InstanceEntry, Instance>;
  readonly jobs: Map<string, SwapJob>;
  /** Stream for ids minted at run time (job ids), restarted by a reset. */
  readonly rng: Random;
}

export class DcsModel {
  readonly projects = new Map<string, DcsProject>();
  /** The project of every instance, by instance id (admin actions, timeline events). */
  readonly #projectOf = new Map<string, DcsProject>();

  constructor(
    readonly scheduler: Scheduler,
    readonly timings: DcsTimings = DEFAULT_TIMINGS,
    readonly options: DcsOptions = DEFAULT_OPTIONS,
  ) {}

  project(id: string): DcsProject | undefined {
    return this.projects.get(id);
  }

  instance(projectId: string, instanceId: string): Instance | undefined {
    return this.projects.get(projectId)?.instances.get(instanceId);
  }

  /** The project an instance of any project is in (the instance is not made for it). */
  projectOf(instanceId: string): DcsProject | undefined {
    return this.#projectOf.get(instanceId);
  }

  /** An instance of any project. */
  find(instanceId: string): Instance | undefined {
    return this.#projectOf.get(instanceId)?.instances.get(instanceId);
  }

  /** Adds or replaces a project (its pending transitions are dropped by the caller). */
  putProject(project: DcsProject): void {
    for (const old of this.projects.get(project.id)?.instances.keys() ?? []) this.#projectOf.delete(old);
    this.projects.set(project.id, project);
    for (const id of project.instances.keys()) this.#projectOf.set(id, project);
  }
}
