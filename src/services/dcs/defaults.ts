/**
 * Realistic, seeded defaults for every instance field a scenario leaves out
 * (the shapes of the DCS API reference's instance pages). Each instance draws from its own stream
 * (`seed`, its id), so two runs with one seed answer byte for byte the same and
 * adding an instance does not change the others.
 */
import { Random } from '../../core/random.js';
import { isoMillis } from '../../core/ids.js';
import { azId } from '../../core/network.js';
import { type ProjectContext } from '../../core/service.js';
import { type CacheMode, type Engine, type InstanceInit, type InstanceProfile, type InstanceEntry, type InstanceStatus, type NodeInit } from './model.js';
import { type InstanceSpec } from './scenario.js';

/** Shards of a cluster or proxy instance when the scenario does not say. */
export const DEFAULT_SHARDS = 3;

/** Scenario timestamps live before this instant, whatever the clock says. */
const EPOCH = Date.UTC(2025, 0, 1);

function specCode(engine: Engine, version: string, mode: CacheMode, capacity: number, replicas: number): string {
  if (engine === 'Memcached') return mode === 'single' ? 'dcs.memcached.single_node' : 'dcs.memcached.master_standby';
  if (version === '3.0') return mode === 'single' ? 'dcs.single_node' : mode === 'cluster' || mode === 'proxy' ? 'dcs.cluster' : 'dcs.master_standby';
  const tiny = capacity < 1;
  const size = tiny ? String(Math.round(capacity * 1024)) : String(capacity);
  const family = tiny ? 'tiny' : 'large';
  switch (mode) {
    case 'single': return `redis.single.xu1.${family}.${size}`;
    case 'ha': return `redis.ha.xu1.${family}.r${replicas}.${size}`;
    case 'ha_rw_split': return `redis.ha.xu1.large.p${replicas}.${size}`;
    case 'cluster': return `redis.cluster.xu1.large.r${replicas}.${size}`;
    case 'proxy': return `redis.proxy.xu1.large.${size}`;
  }
}

/** An instance's status before anything changes it. */
export const initialStatus = (spec: InstanceEntry): InstanceStatus => spec.status ?? 'RUNNING';

export function instanceInit(project: ProjectContext, spec: InstanceSpec): InstanceInit {
  const net = project.network;
  const rng = Random.for(project.seed, 'dcs', spec.id);
  const engine = spec.engine ?? 'Redis';
  const mode = spec.cache_mode ?? 'ha';
  const version = spec.engine_version ?? (engine === 'Memcached' ? '3.0' : '5.0');
  const capacity = spec.capacity ?? (mode === 'cluster' || mode === 'proxy' ? 4 : engine === 'Memcached' && mode === 'ha' ? 2 : 1);
  const sharded = mode === 'cluster' || mode === 'proxy';
  const nodeCount = mode === 'single' ? 1 : (spec.replica_count ?? 2);
  const replicas = nodeCount;
  const shardCount = sharded ? (spec.shards ?? DEFAULT_SHARDS) : 1;
  const maxMemory = Math.round(capacity * 1024);
  const code = specCode(engine, version, mode, capacity, replicas);
  const created = EPOCH - rng.int(1, 365) * 86_400_000 - rng.int(0, 86_399_999);
  const launched = created + rng.int(20_000, 90_000);
  const hostBase = rng.int(10, 200);
  const ip = spec.ip ?? `192.168.${net.subnetOctet}.${hostBase}`;
  const firstAz = rng.int(0, net.azCodes.length - 1);
  // Shard 0 draws from the instance's own stream as single-shard instances always did; the other
  // shards and every shard id from a stream of their own, so the instance's other defaults stay put.
  const shardRng = Random.for(project.seed, 'dcs-shards', spec.id);
  const overrides = new Map((spec.replicas ?? []).map((r) => [`${r.shard ?? 0}:${r.replica}`, r]));
  const shards: InstanceInit['shards'][number][] = [];
  for (let s = 0; s < shardCount; s++) {
    const nodes: NodeInit[] = [];
    for (let i = 0; i < nodeCount; i++) {
      const azCode = net.azCodes[(firstAz + i) % net.azCodes.length];
      const host = s === 0 ? hostBase + 1 + i : ((hostBase + s * nodeCount + i) % 253) + 1;
      const own = overrides.get(`${s}:${i}`);
      nodes.push({
        id: (s === 0 ? rng : shardRng).uuid(),
        azCode,
        azId: azId(azCode),
        ip: `192.168.${net.subnetOctet}.${host}`,
        priority: own?.priority ?? 0,
        replication: own?.replication ?? spec.replication ?? 'healthy',
        syncProgress: own?.sync_progress ?? spec.sync_progress ?? 0,
      });
    }
    shards.push({ id: shardRng.uuid(), name: `group-${s}`, nodes });
  }
  const modern = engine === 'Redis' && version !== '3.0';
  // Made on first use from `rng` as the node draws left it (nothing else draws from it), so the
  // values are those an eager build would give.
  const profile = (): InstanceProfile => {
    const zones = [...new Set(Array.from({ length: nodeCount }, (_, i) => net.azCodes[(firstAz + i) % net.azCodes.length]))];
    return {
      name: spec.name ?? `dcs-${mode.replace('_', '-')}-${spec.id.slice(0, 4)}`,
      engine,
      engine_version: version,
      cache_mode: mode,
      capacity: capacity < 1 ? 0 : capacity,
      capacity_minor: capacity < 1 ? String(capacity).replace(/^0/, '') : null,
      max_memory: maxMemory,
      used_memory: rng.int(1, Math.max(1, Math.floor(maxMemory / 20))),
      spec_code: code,
      product_id: `${code}-h`,
      ip,
      port: spec.port ?? (engine === 'Memcached' ? 11211 : 6379),
      domain_name: `${engine.toLowerCase()}-${spec.id}.dcs.huaweicloud.com`,
      description: spec.description ?? '',
      vpc_id: net.vpcId,
      vpc_name: net.vpcName,
      subnet_id: net.subnetId,
      subnet_name: net.subnetName,
      subnet_cidr: `192.168.${net.subnetOctet}.0/24`,
      security_group_id: modern ? null : rng.uuid(),
      security_group_name: modern ? null : 'sg-dcs-default',
      created_at: isoMillis(created),
      launched_at: isoMillis(launched),
      user_id: net.userId,
      user_name: net.userName,
      maintain_begin: '02:00:00',
      maintain_end: '06:00:00',
      no_password_access: spec.no_password_access ? 'true' : 'false',
      enterprise_project_id: spec.enterprise_project_id ?? '0',
      enterprise_project_name: spec.enterprise_project_id && spec.enterprise_project_id !== '0' ? `ep-${spec.enterprise_project_id.slice(0, 8)}` : 'default',
      cloud_service_type_code: 'hws.service.type.dcs',
      cloud_resource_type_code: 'hws.resource.type.dcs3',
      charging_mode: 0,
      db_number: engine === 'Memcached' ? 0 : mode === 'cluster' ? 1 : 256,
      sharding_count: sharded ? shardCount : 0,
      replica_count: replicas,
      tags: spec.tags ?? [],
      az_codes: zones,
      available_zones: zones.map(azId),
    };
  };
  return {
    projectId: project.id,
    id: spec.id,
    profile,
    status: initialStatus(spec),
    shards,
    internalFault: spec.internal_fault ?? false,
    updatedAt: launched,
  };
}
