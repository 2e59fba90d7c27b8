/**
 * The DWS model: clusters as the model keeps them (nodes, data-node (DN) instance pairs
 * placed on them, status, the running task), per project. Balance is never stored:
 * `sub_status` is derived from where the primaries are (docs/behaviour.md, DWS).
 */
import { type LazyMap } from '../../core/lazy-map.js';
import { type Scheduler } from '../../core/scheduler.js';
import { type Version } from './version.js';

/** Cluster statuses of the DWS API reference (old and new names). */
export const CLUSTER_STATUSES = [
  'AVAILABLE', 'ACTIVE', 'CREATING', 'UNAVAILABLE', 'FAILED', 'CREATE_FAILED', 'CREATION FAILED', 'DELETING',
  'DELETE_FAILED', 'DELETED', 'FROZEN', 'POLICE_FROZEN',
] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

/**
 * The statuses that mean "available": `AVAILABLE` in every published example, `ACTIVE` in the
 * current SDK's list (the API reference reads both as available; so does the Terraform provider).
 */
export const AVAILABLE_STATUSES: readonly ClusterStatus[] = ['AVAILABLE', 'ACTIVE'];
export const isAvailable = (status: ClusterStatus): boolean => AVAILABLE_STATUSES.includes(status);

/** Flags other than UNBALANCED that a scenario may set; joined with " | " in this order. */
export const SUB_STATUS_FLAGS = ['DEGRADED', 'UNBALANCED', 'READONLY', 'REDISTRIBUTING', 'REDISTRIBUTION-FAILURE'] as const;
export type SubStatusFlag = (typeof SUB_STATUS_FLAGS)[number];
export type ExtraFlag = Exclude<SubStatusFlag, 'UNBALANCED' | 'DEGRADED'>;

/** `task_status` values of the DWS API reference. */
export const TASK_STATUSES = [
  'UNFREEZING', 'FREEZING', 'RESTORING', 'SNAPSHOTTING', 'GROWING', 'REBOOTING', 'SETTING_CONFIGURATION',
  'CONFIGURING_EXT_DATASOURCE', 'DELETING_EXT_DATASOURCE', 'REBOOT_FAILURE', 'RESIZE_FAILURE', 'ADD_CN_ING', 'DEL_CN_ING',
  'CREATING_NODE', 'CREATE_NODE_FAILED', 'DELETING_NODE', 'DELETE_NODE_FAILED', 'REDISTRIBUTING', 'REDISTRIBUTE_FAILURE',
  'WAITING_REDISTRIBUTION', 'REDISTRIBUTION_PAUSED', 'ELB_BINDING', 'ELB_BIND_FAILED', 'ELB_UNBINDING', 'ELB_UNBIND_FAILED',
  'ELB_SWITCHING', 'ELB_SWITCHING_FAILED', 'NETWORK_CONFIGURING', 'NETWORK_CONFIG_FAILED', 'DISK_EXPAND_FAILED',
  'DISK_EXPANDING', 'ACTIVE_STANDY_SWITCHOVER', 'ACTIVE_STANDY_SWITCHOVER_FAILURE', 'CLUSTER_SHRINK_FAILED',
  'CLUSTER_SHRINKING', 'SHRINK_CHECK_FAILED', 'SHRINK_CHECKING', 'FLAVOR_RESIZING_FAILED', 'FLAVOR_RESIZING',
  'MANAGE_IP_BIND_FAILED', 'MANAGE_IP_BINDING', 'ORDER_PENDING', 'FINE_GRAINED_RESTORING', 'DR_RECOVERING',
] as const;

export const SWITCHOVER_TASK = 'ACTIVE_STANDY_SWITCHOVER'; // upstream spelling
export const SWITCHOVER_FAILURE = 'ACTIVE_STANDY_SWITCHOVER_FAILURE';

/** A task_status that means work in progress (a failure state is not). */
export const isRunningTask = (taskStatus: string): boolean => taskStatus !== '' && !/FAIL/.test(taskStatus);

export interface ClusterNode {
  readonly id: string;
  readonly name: string;
  readonly ip: string;
  /** Down: its primaries have failed over and it hosts none until it recovers. */
  down: boolean;
}

/** A DN instance pair: designed placement and where its primary is now. */
export interface DnPair {
  readonly designedPrimary: number;
  readonly designedStandby: number;
  primaryOn: number;
}

/** Static wire fields, computed once when the scenario loads. */
export interface ClusterProfile {
  readonly name: string;
  readonly created: string;
  readonly port: number;
  readonly user_name: string;
  readonly availability_zone: string;
  readonly enterprise_project_id: string;
  readonly node_type: string;
  readonly node_type_id: string;
  readonly vpc_id: string;
  readonly subnet_id: string;
  readonly security_group_id: string;
  readonly parameter_group: { readonly id: string; readonly name: string; readonly status: string };
  readonly maintain_window: { readonly day: string; readonly start_time: string; readonly end_time: string };
  readonly recent_event: number;
  readonly tags: { key: string; value: string }[];
}

export interface RunningTask {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** Set for a switchover that a scenario made fail. */
  readonly fails: boolean;
  /** Progress shown for a scenario task that never ends (percent). */
  readonly fixedProgress?: number;
}

export interface Cluster {
  readonly projectId: string;
  readonly id: string;
  readonly profile: ClusterProfile;
  readonly version: string;
  readonly versionParts: Version;
  status: ClusterStatus;
  readonly nodes: ClusterNode[];
  readonly pairs: DnPair[];
  /** Flags a scenario sets besides the derived ones (READONLY, …). */
  extraFlags: ExtraFlag[];
  /** The task in progress (a switchover, or a scenario's busy task). */
  task: RunningTask | null;
  /** A finished task's failure state shown in task_status (`ACTIVE_STANDY_SWITCHOVER_FAILURE`). */
  failedTask: string | null;
  /** Every switchover on this cluster ends in failure (scenario `switchover_outcome: fail`). */
  switchoverFails: boolean;
  /** The next switchover ends in failure, once (timeline event). */
  failNextSwitchover: boolean;
  updatedAt: number;
}

/** Pair k has its primary on node k mod n and its standby on node (k+1) mod n. */
export function designPairs(nodeCount: number, pairsPerNode: number): DnPair[] {
  const pairs: DnPair[] = [];
  for (let k = 0; k < nodeCount * pairsPerNode; k++) {
    const designedPrimary = k % nodeCount;
    const designedStandby = nodeCount === 1 ? designedPrimary : (k + 1) % nodeCount;
    pairs.push({ designedPrimary, designedStandby, primaryOn: designedPrimary });
  }
  return pairs;
}

export const isUnbalanced = (c: Cluster): boolean => c.pairs.some((p) => p.primaryOn !== p.designedPrimary);
export const isDegraded = (c: Cluster): boolean => c.nodes.some((n) => n.down);

/** `NORMAL`, or the flags joined as the API does: `DEGRADED | UNBALANCED | READONLY`. */
export function subStatus(c: Cluster): string {
  const flags: string[] = [];
  if (isDegraded(c)) flags.push('DEGRADED');
  if (isUnbalanced(c)) flags.push('UNBALANCED');
  for (const f of SUB_STATUS_FLAGS) if (c.extraFlags.includes(f as ExtraFlag)) flags.push(f);
  return flags.length === 0 ? 'NORMAL' : flags.join(' | ');
}

/**
 * `sub_status` as the API shows it: documented only for available clusters, so any other status
 * shows `""` (the SDK declares it a required string, so neither absent nor null).
 */
export function shownSubStatus(c: Cluster): string {
  return isAvailable(c.status) ? subStatus(c) : '';
}

export function taskStatus(c: Cluster): string {
  return c.task?.name ?? c.failedTask ?? '';
}

export function progressOf(task: RunningTask, now: number): number {
  if (task.fixedProgress !== undefined) return task.fixedProgress;
  const span = task.end - task.start;
  if (span <= 0) return 99;
  return Math.max(0, Math.min(99, Math.floor(((now - task.start) / span) * 100)));
}

/** `{}` when idle, else `{"<TASK>": "N%"}`. */
export function actionProgress(c: Cluster, now: number): Record<string, string> {
  return c.task ? { [c.task.name]: `${progressOf(c.task, now)}%` } : {};
}

/** How many primaries each node holds now (the "load" the original page talks about). */
export function primariesPerNode(c: Cluster): number[] {
  const counts = c.nodes.map(() => 0);
  for (const p of c.pairs) counts[p.primaryOn]++;
  return counts;
}

export type DnRole = 'primary' | 'standby';

/**
 * One DN instance of a pair. Instances never move: pair k has one on its designed primary node
 * and one on its designed standby node; a failover swaps their roles, a switchover swaps them back.
 */
export interface DnInstance {
  readonly pair: number;
  readonly designedRole: DnRole;
  readonly role: DnRole;
}

/** The DN instances each node hosts, with their roles now, in one pass over the pairs. */
export function dnInstancesByNode(c: Cluster): DnInstance[][] {
  const byNode: DnInstance[][] = c.nodes.map(() => []);
  c.pairs.forEach((p, pair) => {
    const failedOver = p.primaryOn !== p.designedPrimary;
    byNode[p.designedPrimary].push({ pair, designedRole: 'primary', role: failedOver ? 'standby' : 'primary' });
    byNode[p.designedStandby].push({ pair, designedRole: 'standby', role: failedOver ? 'primary' : 'standby' });
  });
  return byNode;
}

export interface DwsTimings {
  /** How long a switchover (switchback) runs before the primaries are home. */
  readonly switchoverSeconds: number;
}

export interface DwsOptions {
  /** A switchover on a balanced cluster: `error` (403 DWS.7023) or `ok` (200, nothing changes). */
  readonly balancedSwitchover: 'error' | 'ok';
}

/** Nodes a cluster has when the scenario does not say. */
export const DEFAULT_NODE_COUNT = 3;

export const DEFAULT_TIMINGS: DwsTimings = { switchoverSeconds: 5 };
export const DEFAULT_OPTIONS: DwsOptions = { balancedSwitchover: 'error' };

/** What is read of a cluster's scenario entry while the cluster is not made yet (its node count never changes). */
export interface ClusterEntry {
  readonly id: string;
  readonly number_of_node?: number;
}

export interface DwsProject {
  readonly id: string;
  /** Each made from its scenario entry when first read. */
  readonly clusters: LazyMap<ClusterEntry, Cluster>;
}

export class DwsModel {
  readonly projects = new Map<string, DwsProject>();
  /** The project of every cluster, by cluster id (admin actions, timeline events). */
  readonly #projectOf = new Map<string, DwsProject>();

  constructor(
    readonly scheduler: Scheduler,
    readonly timings: DwsTimings = DEFAULT_TIMINGS,
    readonly options: DwsOptions = DEFAULT_OPTIONS,
  ) {}

  project(id: string): DwsProject | undefined {
    return this.projects.get(id);
  }

  cluster(projectId: string, clusterId: string): Cluster | undefined {
    return this.projects.get(projectId)?.clusters.get(clusterId);
  }

  /** The project a cluster of any project is in (the cluster is not made for it). */
  projectOf(clusterId: string): DwsProject | undefined {
    return this.#projectOf.get(clusterId);
  }

  /** A cluster of any project. */
  find(clusterId: string): Cluster | undefined {
    return this.#projectOf.get(clusterId)?.clusters.get(clusterId);
  }

  /** Adds or replaces a project (its pending transitions are dropped by the caller). */
  putProject(project: DwsProject): void {
    for (const old of this.projects.get(project.id)?.clusters.keys() ?? []) this.#projectOf.delete(old);
    this.projects.set(project.id, project);
    for (const id of project.clusters.keys()) this.#projectOf.set(id, project);
  }
}
