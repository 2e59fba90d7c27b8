/** Realistic, seeded defaults for clusters (the DWS API reference's cluster detail), and the initial placement. */
import { Random } from '../../core/random.js';
import { isoSeconds } from '../../core/ids.js';
import { type ProjectContext } from '../../core/service.js';
import { type Cluster, type ClusterNode, type ClusterProfile, DEFAULT_NODE_COUNT, designPairs, isRunningTask } from './model.js';
import { failNode, recoverNode } from './operations.js';
import { parseVersion } from './version.js';
import { type ClusterSpec } from './scenario.js';

export const DEFAULT_CLUSTER_VERSION = '9.1.0.200';
const EPOCH = Date.UTC(2025, 0, 1);
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function createCluster(project: ProjectContext, spec: ClusterSpec): Cluster {
  const { network: net, now } = project;
  const rng = Random.for(project.seed, 'dws', spec.id);
  const name = spec.name ?? `dws-${spec.id.slice(0, 4)}`;
  const version = spec.version ?? DEFAULT_CLUSTER_VERSION;
  const versionParts = parseVersion(version);
  if (!versionParts) throw new Error(`invalid cluster version ${version}`); // refused earlier by the loader
  const count = spec.number_of_node ?? DEFAULT_NODE_COUNT;
  const host = rng.int(20, 150);
  const nodes: ClusterNode[] = [];
  for (let i = 0; i < count; i++) {
    nodes.push({ id: rng.uuid(), name: `${name}-dws-cn-cn-${i + 1}-1`, ip: `192.168.${net.subnetOctet}.${host + i}`, down: false });
  }
  const created = EPOCH - rng.int(1, 365) * 86_400_000 - rng.int(0, 86_399_999);
  const profile: ClusterProfile = {
    name,
    created: isoSeconds(created),
    port: spec.port ?? 8000,
    user_name: 'dbadmin',
    availability_zone: net.azCodes[rng.int(0, net.azCodes.length - 1)],
    enterprise_project_id: spec.enterprise_project_id ?? '0',
    node_type: spec.node_type ?? 'dws.m3.xlarge',
    node_type_id: rng.uuid(),
    vpc_id: net.vpcId,
    subnet_id: net.subnetId,
    security_group_id: rng.uuid(),
    parameter_group: { id: rng.uuid(), name: 'Default-Parameter-Group-dws', status: 'In-Sync' },
    maintain_window: { day: DAYS[rng.int(0, 6)], start_time: '22:00', end_time: '02:00' },
    recent_event: rng.int(0, 12),
    tags: spec.tags ?? [],
  };
  const cluster: Cluster = {
    projectId: project.id,
    id: spec.id,
    profile,
    version,
    versionParts,
    status: spec.status ?? 'AVAILABLE',
    nodes,
    pairs: designPairs(count, spec.dn_per_node ?? 2),
    extraFlags: [...(spec.flags ?? [])],
    task: null,
    failedTask: null,
    switchoverFails: spec.switchover_outcome === 'fail',
    failNextSwitchover: false,
    updatedAt: created + rng.int(60_000, 3_600_000),
  };
  const task = spec.task_status ?? '';
  if (isRunningTask(task)) cluster.task = { name: task, start: now, end: Number.POSITIVE_INFINITY, fails: false, fixedProgress: spec.task_progress ?? 20 };
  else if (task !== '') cluster.failedTask = task;
  const updated = cluster.updatedAt;
  for (const node of spec.failed_nodes ?? []) {
    failNode(cluster, node, updated);
    recoverNode(cluster, node, updated);
  }
  for (const node of spec.down_nodes ?? []) failNode(cluster, node, updated);
  return cluster;
}
