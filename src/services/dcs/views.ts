/** Model → wire: DCS instance and job shapes. Field order follows the published examples. */
import { type Instance, type DcsNode, type SwapJob, syncProgress } from './model.js';
import { isoMillis } from '../../core/ids.js';

const node = (n: DcsNode) => ({ id: n.id, az_code: n.azCode, available_zone: n.azId, ip: n.ip });

export function mockView(inst: Instance, now: number) {
  const r = inst.replication;
  return {
    master: node(inst.nodes[0]),
    standbys: inst.nodes.slice(1).map(node),
    replication: { state: r.state, progress: syncProgress(r, now), sync_ends_at: r.state === 'syncing' ? isoMillis(r.syncEnd) : null },
    internal_fault: inst.internalFault,
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

/** Master AZ first: after a swap the order follows the new master. */
const azIds = (inst: Instance) => [...new Set(inst.nodes.map((n) => n.azId))];
const azCodes = (inst: Instance) => [...new Set(inst.nodes.map((n) => n.azCode))];

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
    available_zones: azIds(inst),
    az_codes: azCodes(inst),
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

export function instanceDetailV2(inst: Instance, now: number) {
  const { domainName: _a, readonlyDomainName: _b, resource_spec_code: _c, product_id: _d, error_code: _e, features: _f, _mock, ...base } =
    instanceDetailV1(inst, now);
  const acl = inst.profile.engine === 'Redis' && inst.profile.engine_version !== '3.0';
  return {
    ...base,
    features: { support_acl: acl, support_transparent_client_ip: false, support_ssl: false, support_audit_log: false },
    domain_name_info: { support_public_resolve: false, is_latest_rules: true, zone_name: 'dcs.huaweicloud.com', history_domain_names: [] },
    transparent_client_ip_enable: false,
    sub_status: 'normal',
    replica_count: inst.profile.replica_count,
    bandwidth_info: {
      begin_time: null, end_time: null, current_time: isoMillis(now), bandwidth: 768, next_expand_time: null,
      expand_count: 0, expand_effect_time: 0, expand_interval_time: 0, max_expand_count: 0, task_running: false,
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
