/**
 * Model → wire: DCS instance, node, shard, task and job shapes, in the SDK models' JSON
 * types (sdk field tables in docs/behaviour.md §3). Field order follows the published examples.
 */
import { type Instance, type DcsNode, type Replication, type Shard, type SwapJob, candidateOf, replicationOf, syncProgress } from './model.js';
import { isoMillis } from '../../core/ids.js';

const node = (n: DcsNode) => ({ id: n.id, az_code: n.azCode, available_zone: n.azId, ip: n.ip });
const replicationView = (r: Replication, now: number) => ({
  state: r.state, progress: syncProgress(r, now), sync_ends_at: r.state === 'syncing' ? isoMillis(r.syncEnd) : null,
});

/** The mock's own view (`_mock`): who is master, each replica's replication, what a swap would promote. */
export function mockView(inst: Instance, now: number) {
  const first = inst.shards[0];
  return {
    master: node(first.nodes[0]),
    standbys: first.nodes.slice(1).map(node),
    replication: replicationView(replicationOf(inst), now),
    internal_fault: inst.internalFault,
    shards: inst.shards.map((shard) => ({
      id: shard.id,
      name: shard.name,
      master: node(shard.nodes[0]),
      replicas: shard.nodes.slice(1).map((n) => ({ ...node(n), priority: n.priority, replication: replicationView(n.replication, now) })),
      next_master: candidateOf(shard)?.id ?? null,
    })),
  };
}

export function instanceSummaryV1(inst: Instance) {
  const p = inst.profile;
  const domain = p.domain_name;
  return {
    max_memory: p.max_memory,
    used_memory: p.used_memory,
    instance_id: inst.id,
    name: p.name,
    resource_spec_code: p.spec_code,
    spec_code: p.spec_code,
    engine: p.engine,
    engine_version: p.engine_version,
    internal_version: null,
    charging_mode: p.charging_mode,
    capacity: p.capacity,
    capacity_minor: p.capacity_minor,
    vpc_id: p.vpc_id,
    vpc_name: p.vpc_name,
    ip: p.ip,
    domainName: domain,
    domain_name: domain,
    readonlyDomainName: null,
    readonly_domain_name: null,
    port: p.port,
    status: inst.status,
    freeze_scene: null,
    created_at: p.created_at,
    update_at: isoMillis(inst.updatedAt),
    error_code: inst.status === 'CREATEFAILED' ? 'dcs.03.0001' : null,
    user_id: p.user_id,
    user_name: p.user_name,
    maintain_begin: p.maintain_begin,
    maintain_end: p.maintain_end,
    no_password_access: p.no_password_access,
    access_user: null,
    enable_publicip: false,
    publicip_id: null,
    publicip_address: null,
    enable_ssl: false,
    service_upgrade: false,
    service_task_id: '',
    security_group_id: p.security_group_id,
    tags: p.tags,
    subnet_id: p.subnet_id,
  };
}


function taskOf(inst: Instance) {
  const job = inst.pendingJob;
  return job ? { name: job.type, status: job.status, job_id: job.id } : null;
}

export function instanceDetailV1(inst: Instance, now: number) {
  const p = inst.profile;
  return {
    free: null,
    ...instanceSummaryV1(inst),
    enterprise_project_id: p.enterprise_project_id,
    product_type: 'generic',
    cpu_type: 'x86_64',
    storage_type: 'DRAM',
    task_status: null,
    launched_at: p.launched_at,
    is_free: null,
    libos: false,
    cache_mode: p.cache_mode,
    // Creation order, whichever node is master now: consumers treat these lists as fixed.
    available_zones: p.available_zones,
    az_codes: p.az_codes,
    backend_addrs: null,
    crr_role: null,
    cloud_service_type_code: p.cloud_service_type_code,
    cloud_resource_type_code: p.cloud_resource_type_code,
    inquery_spec_code: p.spec_code,
    support_slow_log_flag: null,
    ipv6: null,
    enable_ipv6: false,
    description: p.description,
    db_number: p.db_number,
    features: { support_acl: p.engine === 'Redis' && p.engine_version !== '3.0' },
    product_id: p.product_id,
    security_group_name: p.security_group_name,
    subnet_name: p.subnet_name,
    order_id: null,
    subnet_cidr: p.subnet_cidr,
    task: taskOf(inst),
    instance_backup_policy: null,
    enterprise_project_name: p.enterprise_project_name,
    sharding_count: p.sharding_count,
    _mock: mockView(inst, now),
  };
}

/** Assured bandwidth of an instance, Mbit/s. */
const BANDWIDTH_MBIT = 768;

const features = (inst: Instance) => ({
  support_acl: inst.profile.engine === 'Redis' && inst.profile.engine_version !== '3.0',
  support_transparent_client_ip: false, support_ssl: false, support_audit_log: false,
});

/** An item of `GET /v2/{project_id}/instances` (the SDK's InstanceListInfo). */
export function instanceListItemV2(inst: Instance) {
  const p = inst.profile;
  return {
    publicip_id: null,
    vpc_name: p.vpc_name,
    charging_mode: p.charging_mode,
    vpc_id: p.vpc_id,
    subnet_id: p.subnet_id,
    security_group_id: p.security_group_id,
    created_at: p.created_at,
    updated_at: isoMillis(inst.updatedAt),
    enable_ssl: false,
    max_memory: p.max_memory,
    used_memory: p.used_memory,
    publicip_address: null,
    capacity: p.capacity,
    capacity_minor: p.capacity_minor,
    order_id: null,
    maintain_begin: p.maintain_begin,
    maintain_end: p.maintain_end,
    engine: p.engine,
    engine_version: p.engine_version,
    service_upgrade: false,
    no_password_access: p.no_password_access,
    service_task_id: '',
    ip: p.ip,
    access_user: null,
    instance_id: inst.id,
    enable_publicip: false,
    port: p.port,
    user_id: p.user_id,
    user_name: p.user_name,
    domain_name: p.domain_name,
    readonly_domain_name: null,
    name: p.name,
    spec_code: p.spec_code,
    status: inst.status,
    tags: p.tags,
    enterprise_project_id: p.enterprise_project_id,
    description: p.description,
    cpu_type: 'x86_64',
    az_codes: p.az_codes,
    features: features(inst),
    sub_status: 'normal',
  };
}

export function instanceDetailV2(inst: Instance, now: number) {
  const { domainName: _a, readonlyDomainName: _b, resource_spec_code: _c, product_id: _d, error_code: _e, features: _f, _mock, ...base } =
    instanceDetailV1(inst, now);
  return {
    ...base,
    features: features(inst),
    domain_name_info: { support_public_resolve: false, is_latest_rules: true, zone_name: 'dcs.huaweicloud.com', history_domain_names: [] },
    transparent_client_ip_enable: false,
    sub_status: 'normal',
    replica_count: inst.profile.replica_count,
    // Numbers (epoch ms), as every SDK types them; no temporary expansion: 0.
    bandwidth_info: {
      begin_time: 0, end_time: 0, current_time: now, bandwidth: BANDWIDTH_MBIT, next_expand_time: 0,
      expand_count: 0, expand_effect_time: 0, expand_interval_time: 0, max_expand_count: 0, task_running: false,
      assured_bandwidth: BANDWIDTH_MBIT, max_bandwidth_for_node: BANDWIDTH_MBIT,
    },
    _mock,
  };
}

export function jobView(job: SwapJob) {
  return {
    job_id: job.id,
    job_type: job.type,
    status: job.status,
    begin_time: String(job.beginTime),
    end_time: job.endTime === null ? null : String(job.endTime),
    fail_reason: job.failReason,
  };
}

/** Cloud Eye dimensions of a node, as the node and shard views carry them. */
const dimensions = (inst: Instance, n: DcsNode) => [
  { name: 'dcs_instance_id', value: inst.id },
  { name: 'dcs_cluster_redis_node', value: n.id },
];

/** A node's name: fixed for the node, whatever its role. */
const nodeName = (n: DcsNode) => `redis-${n.id.slice(0, 8)}`;

/** A replica is listed Active once its link to the master is up; syncing or broken, Inactive. */
const linkStatus = (shard: Shard, n: DcsNode) => (shard.nodes[0] === n || n.replication.state === 'healthy' ? 'Active' : 'Inactive');

/** `GET …/instances/{instance_id}/logical-nodes` (the SDK's ShowNodesInformationResponse). */
export function logicalNodesView(inst: Instance) {
  const nodes = inst.shards.flatMap((shard) => shard.nodes.map((n, i) => ({
    logical_node_id: n.id,
    name: nodeName(n),
    status: 'Active',
    az_code: n.azCode,
    node_role: 'redis-server',
    node_type: i === 0 ? 'master' : 'slave',
    node_ip: n.ip,
    node_port: String(inst.profile.port),
    node_id: n.id,
    priority_weight: n.priority,
    is_access: true,
    group_id: shard.id,
    group_name: shard.name,
    is_remove_ip: false,
    replication_id: n.id,
    dimensions: dimensions(inst, n),
  })));
  return { instance_id: inst.id, total: nodes.length, nodes };
}

/** `GET …/instances/{instance_id}/nodes` (the SDK's ShowInstanceTopologyResponse; numbers written as strings, as it types them). */
export function topologyView(inst: Instance) {
  const p = inst.profile;
  const perShard = Math.round(p.max_memory / inst.shards.length);
  const used = Math.max(1, Math.round(p.used_memory / inst.shards.length));
  const redisServer = inst.shards.flatMap((shard) => shard.nodes.map((n, i) => {
    const peer = i === 0 ? shard.nodes[1] : shard.nodes[0];
    return {
      node_id: n.id,
      node_name: nodeName(n),
      ip: n.ip,
      port: String(p.port),
      node_type: i === 0 ? 'master' : 'slave',
      max_memory: String(perShard),
      used_memory: String(used),
      qps: '0',
      bandwidth: { input: '0', output: '0' },
      db_num: String(p.db_number),
      dbs: { db_idx: '0', keys: '0', expires: '0', avg_ttl: '0' },
      relation_ip: peer?.ip ?? '',
      relation_port: peer ? String(p.port) : '',
      group_id: shard.id,
      status: linkStatus(shard, n),
      dims: { dim_k: 'dcs_instance_id,dcs_cluster_redis_node', dim_v: `${inst.id},${n.id}` },
    };
  }));
  return { redis_server: redisServer, cluster_lvs: [], cluster_admin: [], cluster_proxy: [], master: [], vpcendpoint: [], elb: [] };
}

/** One node as the shard routes show it (the SDK's InstanceReplicationListInfo), with the mock's replication view. */
function replicationItem(inst: Instance, shard: Shard, n: DcsNode, now: number) {
  const master = shard.nodes[0] === n;
  return {
    replication_role: master ? 'master' : 'slave',
    replication_ip: n.ip,
    is_replication: false,
    replication_id: n.id,
    node_id: n.id,
    status: linkStatus(shard, n),
    az_code: n.azCode,
    dimensions: dimensions(inst, n),
    _mock: { priority: n.priority, replication: master ? null : replicationView(n.replication, now) },
  };
}

/** `GET …/instance/{instance_id}/groups` (the SDK's ListGroupReplicationInfoResponse). */
export function groupsView(inst: Instance, now: number) {
  return {
    group_list: inst.shards.map((shard) => ({
      group_id: shard.id,
      group_name: shard.name,
      replication_list: shard.nodes.map((n) => replicationItem(inst, shard, n, now)),
    })),
    group_count: inst.shards.length,
  };
}

/** `GET …/groups/{group_id}/group-nodes-state`: a top-level array, as the SDK reads it. */
export function groupNodesStateView(inst: Instance, shard: Shard, now: number) {
  return shard.nodes.map((n) => replicationItem(inst, shard, n, now));
}

/** An item of `GET …/instances/{instance_id}/tasks` (the SDK's SingleBackgroundTask). */
export function taskView(inst: Instance, job: SwapJob) {
  const shard = job.shard === null ? undefined : inst.shards.find((s) => s.id === job.shard);
  return {
    id: job.id,
    name: job.type,
    details: shard ? { group_name: shard.name, node_name: job.node === null ? '' : `redis-${job.node.slice(0, 8)}` } : {},
    user_name: inst.profile.user_name,
    user_id: inst.profile.user_id,
    params: '',
    status: job.status,
    created_at: isoMillis(job.beginTime),
    updated_at: isoMillis(job.endTime ?? job.beginTime),
    enable_show: false,
  };
}
