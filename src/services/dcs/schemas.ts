/** Wire shapes of the DCS routes (the DCS API reference's request and response tables). */
import { Type } from '@sinclair/typebox';
import { Closed, Nullable, ProjectId, ResourceUuid } from '../../core/schemas.js';

const S = Type.String();
const NS = Nullable(Type.String());
const I = Type.Integer();
const B = Type.Boolean();
const NB = Nullable(Type.Boolean());
const Tags = Type.Array(Closed({ key: S, value: S }));
const Node = Closed({ id: S, az_code: S, available_zone: S, ip: S });

const ReplicationView = Closed({ state: S, progress: I, sync_ends_at: NS });

/** Mock-only view of the replication, ignored by SDKs (they skip unknown fields). */
export const MockReplication = Closed(
  {
    master: Node,
    standbys: Type.Array(Node),
    replication: ReplicationView,
    internal_fault: B,
    shards: Type.Array(Closed({
      id: S, name: S, master: Node,
      replicas: Type.Array(Closed({ ...Node.properties, priority: I, replication: ReplicationView })),
      next_master: NS,
    })),
  },
  { description: 'Not part of the Huawei API: the mock\'s view of the nodes and replication.' },
);

export const InstanceParams = Type.Object({ project_id: ProjectId, instance_id: ResourceUuid });
export const ProjectParams = Type.Object({ project_id: ProjectId });
export const JobParams = Type.Object({ project_id: ProjectId, job_id: Type.String({ pattern: '^[0-9a-f]{32}$' }) });

export const SwapV1Response = Closed(
  { code: S, message: S },
  { description: 'code "" success; "1" initial sync running; "2" replication abnormal; "3" internal error.' },
);
export const AsyncSwapResponse = Closed({ job_id: S });
export const JobResponse = Closed({
  job_id: S,
  job_type: S,
  status: S,
  begin_time: S,
  end_time: NS,
  fail_reason: NS,
});

const summaryFields = {
  max_memory: I, used_memory: I, instance_id: S, name: S, resource_spec_code: S, spec_code: S, engine: S,
  engine_version: S, internal_version: NS, charging_mode: I, capacity: Type.Number(), capacity_minor: NS,
  vpc_id: S, vpc_name: S, ip: S, domainName: S, domain_name: S, readonlyDomainName: NS, readonly_domain_name: NS,
  port: I, status: S, freeze_scene: NS, created_at: S, update_at: S, error_code: NS, user_id: S, user_name: S,
  maintain_begin: S, maintain_end: S, no_password_access: S, access_user: NS, enable_publicip: B, publicip_id: NS,
  publicip_address: NS, enable_ssl: B, service_upgrade: B, service_task_id: S, security_group_id: NS, tags: Tags,
  subnet_id: S,
};

export const InstanceSummaryV1 = Closed(summaryFields);

const detailV1Fields = {
  free: NS,
  ...summaryFields,
  enterprise_project_id: S, product_type: S, cpu_type: S, storage_type: S, task_status: NS, launched_at: S,
  is_free: NB, libos: B, cache_mode: S, available_zones: Type.Array(S), az_codes: Type.Array(S), backend_addrs: NS,
  crr_role: NS, cloud_service_type_code: S, cloud_resource_type_code: S, inquery_spec_code: S,
  support_slow_log_flag: NS, ipv6: NS, enable_ipv6: B, description: S, db_number: I,
  features: Closed({ support_acl: B }, { additionalProperties: true }), product_id: S, security_group_name: NS,
  subnet_name: S, order_id: NS, subnet_cidr: S, task: Nullable(Closed({ name: S, status: S, job_id: S })),
  instance_backup_policy: Nullable(Closed({}, { additionalProperties: true })), enterprise_project_name: S,
  sharding_count: I, _mock: Type.Optional(MockReplication),
};
export const InstanceDetailV1 = Closed(detailV1Fields);

const { domainName: _a, readonlyDomainName: _b, resource_spec_code: _c, product_id: _d, error_code: _e, _mock: _f, features: _g, ...v2Base } = detailV1Fields;
export const InstanceDetailV2 = Closed({
  ...v2Base,
  features: Closed({ support_acl: B, support_transparent_client_ip: B, support_ssl: B, support_audit_log: B }),
  domain_name_info: Closed({ support_public_resolve: B, is_latest_rules: B, zone_name: S, history_domain_names: Type.Array(Closed({ domain_name: S, is_readonly: B })) }),
  transparent_client_ip_enable: B,
  sub_status: S,
  replica_count: I,
  bandwidth_info: Closed({
    begin_time: I, end_time: I, current_time: I, bandwidth: I, next_expand_time: I, expand_count: I,
    expand_effect_time: I, expand_interval_time: I, max_expand_count: I, task_running: B,
    assured_bandwidth: I, max_bandwidth_for_node: I,
  }),
  _mock: Type.Optional(MockReplication),
});

export const InstanceListQuery = Type.Object({
  start: Type.Optional(Type.Integer({ minimum: 1, description: '1-based start of the page (default 1).' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, description: 'Page size, 1–2000 (default 1000).' })),
  name: Type.Optional(Type.String({ maxLength: 128 })),
  id: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Type.String({ maxLength: 32 })),
  ip: Type.Optional(Type.String({ maxLength: 64 })),
  include_failure: Type.Optional(Type.String({ maxLength: 8 })),
  isExactMatchName: Type.Optional(Type.String({ maxLength: 8 })),
});

export const InstanceListV1 = Closed({ instances: Type.Array(InstanceSummaryV1), instance_num: I });

const Features = Closed({ support_acl: B, support_transparent_client_ip: B, support_ssl: B, support_audit_log: B });

export const InstanceListQueryV2 = Type.Object({
  instance_id: Type.Optional(Type.String({ maxLength: 64 })),
  include_failure: Type.Optional(Type.String({ maxLength: 8 })),
  include_delete: Type.Optional(Type.String({ maxLength: 8 })),
  name: Type.Optional(Type.String({ maxLength: 128 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, description: '0-based start of the page (default 0).' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Page size, 1–1000 (default 10).' })),
  status: Type.Optional(Type.String({ maxLength: 32 })),
  name_equal: Type.Optional(Type.String({ maxLength: 128, description: '"true": `name` matches exactly; another value: that exact name.' })),
  tags: Type.Optional(Type.String({ maxLength: 1024, description: '`key=value` pairs, comma-separated; all must match.' })),
  ip: Type.Optional(Type.String({ maxLength: 64 })),
  capacity: Type.Optional(Type.String({ maxLength: 16 })),
});

export const InstanceListItemV2 = Closed({
  publicip_id: NS, vpc_name: S, charging_mode: I, vpc_id: S, subnet_id: S, security_group_id: NS, created_at: S,
  updated_at: S, enable_ssl: B, max_memory: I, used_memory: I, publicip_address: NS, capacity: Type.Number(),
  capacity_minor: NS, order_id: NS, maintain_begin: S, maintain_end: S, engine: S, engine_version: S, service_upgrade: B,
  no_password_access: S, service_task_id: S, ip: S, access_user: NS, instance_id: S, enable_publicip: B, port: I,
  user_id: S, user_name: S, domain_name: S, readonly_domain_name: NS, name: S, spec_code: S, status: S, tags: Tags,
  enterprise_project_id: S, description: S, cpu_type: S, az_codes: Type.Array(S), features: Features, sub_status: S,
});
export const InstanceListV2 = Closed({ instance_num: I, instances: Type.Array(InstanceListItemV2) });

const Dimension = Closed({ name: S, value: S });

export const LogicalNodesResponse = Closed({
  instance_id: S,
  total: I,
  nodes: Type.Array(Closed({
    logical_node_id: S, name: S, status: S, az_code: S, node_role: S, node_type: S, node_ip: S, node_port: S, node_id: S,
    priority_weight: I, is_access: B, group_id: S, group_name: S, is_remove_ip: B, replication_id: S, dimensions: Type.Array(Dimension),
  })),
});

const TopologyInfo = Closed({
  node_id: S, node_name: S, ip: S, port: S, node_type: S, max_memory: S, used_memory: S, qps: S,
  bandwidth: Closed({ input: S, output: S }), db_num: S, dbs: Closed({ db_idx: S, keys: S, expires: S, avg_ttl: S }),
  relation_ip: S, relation_port: S, group_id: S, status: S, dims: Closed({ dim_k: S, dim_v: S }),
});
export const TopologyResponse = Closed({
  redis_server: Type.Array(TopologyInfo), cluster_lvs: Type.Array(TopologyInfo), cluster_admin: Type.Array(TopologyInfo),
  cluster_proxy: Type.Array(TopologyInfo), master: Type.Array(TopologyInfo), vpcendpoint: Type.Array(TopologyInfo), elb: Type.Array(TopologyInfo),
});

const ReplicationItem = Closed({
  replication_role: S, replication_ip: S, is_replication: B, replication_id: S, node_id: S, status: S, az_code: S,
  dimensions: Type.Array(Dimension),
  _mock: Type.Optional(Closed({ priority: I, replication: Nullable(ReplicationView) }, { description: 'Not part of the Huawei API: the replica\'s priority and replication.' })),
});
export const GroupsResponse = Closed({
  group_list: Type.Array(Closed({ group_id: S, group_name: S, replication_list: Type.Array(ReplicationItem) })),
  group_count: I,
});
export const GroupNodesStateResponse = Type.Array(ReplicationItem, { description: 'The whole body is an array.' });

export const ShardParams = Type.Object({ project_id: ProjectId, instance_id: ResourceUuid, group_id: ResourceUuid });
export const ReplicaParams = Type.Object({ project_id: ProjectId, instance_id: ResourceUuid, group_id: ResourceUuid, node_id: ResourceUuid });
export const ShardSwitchoverResponse = Closed({ job_id: S });

export const TasksQuery = Type.Object({
  offset: Type.Optional(Type.Integer({ minimum: 0, description: '0-based start (default 0).' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Page size (default 10).' })),
  start_time: Type.Optional(Type.String({ pattern: '^[0-9]{14}$', description: 'UTC yyyyMMddHHmmss.' })),
  end_time: Type.Optional(Type.String({ pattern: '^[0-9]{14}$', description: 'UTC yyyyMMddHHmmss.' })),
});
export const TasksResponse = Closed({
  task_count: S,
  tasks: Type.Array(Closed({
    id: S, name: S, details: Closed({ group_name: Type.Optional(S), node_name: Type.Optional(S) }), user_name: S, user_id: S,
    params: S, status: S, created_at: S, updated_at: S, enable_show: B,
  })),
});
