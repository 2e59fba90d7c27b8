/**
 * Wire shapes of the DWS routes: field names and JSON types of the official SDK's models
 * (`ClusterInfo`, `ClusterDetail`, `ClusterNodeInfo`, …); only the fields the mock writes.
 */
import { Type } from '@sinclair/typebox';
import { Closed, ProjectId, ResourceUuid } from '../../core/schemas.js';
import { NODE_FILTERS } from './nodes.js';

const S = Type.String();
const I = Type.Integer();
const Endpoint = Closed({ connect_info: S, jdbc_url: S });
const PublicEndpoint = Closed({ public_connect_info: S, jdbc_url: S });
/** Node status codes are strings (`"200"`), as the SDK types them. */
const Node = Closed({ id: S, status: S, name: S });
const Tags = Type.Array(Closed({ key: S, value: S }));
/** An object, as the SDK declares it (not null): a cluster without an EIP says `not_use`. */
const PublicIp = Closed({ public_bind_type: S, eip_id: S });
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const ClusterParams = Type.Object({ project_id: ProjectId, cluster_id: ResourceUuid });
export const ClusterProjectParams = Type.Object({ project_id: ProjectId });
export const ClusterListQuery = Type.Object({
  enterprise_project_id: Type.Optional(Type.String({ maxLength: 64, description: '`all_granted_eps`, `0` (default project) or an enterprise project id.' })),
});

/** Mock-only view of the placement, ignored by SDKs. */
export const MockPlacement = Closed(
  {
    nodes: Type.Array(Closed({ index: I, id: S, name: S, down: Type.Boolean(), primaries: I })),
    pairs: Type.Array(Closed({ designed_primary: I, designed_standby: I, primary_on: I })),
    balanced: Type.Boolean(),
  },
  { description: 'Not part of the Huawei API: where the DN primaries are.' },
);

const infoFields = {
  id: S, name: S, status: S, version: S, updated: S, created: S, port: I, endpoints: Type.Array(Endpoint),
  nodes: Type.Array(Node), tags: Tags, user_name: S, number_of_node: I, recent_event: I, availability_zone: S,
  enterprise_project_id: S, node_type: S, vpc_id: S, subnet_id: S, public_ip: PublicIp,
  public_endpoints: Type.Array(PublicEndpoint), action_progress: Type.Record(S, S), sub_status: S, task_status: S,
  security_group_id: S,
};

export const ClusterInfo = Closed(infoFields);
export const ClusterDetail = Closed({
  ...infoFields,
  parameter_group: Closed({ id: S, name: S, status: S }),
  node_type_id: S,
  private_ip: Type.Array(S),
  maintain_window: Closed({ day: S, start_time: S, end_time: S }),
  _mock: Type.Optional(MockPlacement),
});

export const ClusterDetailResponse = Closed({ cluster: ClusterDetail });
/** ListClusters (v1.0) and ShowClusters (v2) answer the same body. */
export const ClusterListResponse = Closed({ clusters: Type.Array(ClusterInfo), count: I });

export const NodeListQuery = Type.Object({
  node_ids: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 1000, description: 'Node ids (repeated key); unknown ids match nothing.' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10000, description: 'Page index from 0 (page number minus 1), default 0.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Page size, 1–1000 (default 100).' })),
  filter_by: Type.Optional(literals(Object.keys(NODE_FILTERS) as (keyof typeof NODE_FILTERS)[])),
  filter: Type.Optional(literals([...new Set([...NODE_FILTERS.instCreateType, ...NODE_FILTERS.status])])),
  order_by: Type.Optional(Type.Literal('name')),
  order: Type.Optional(literals(['asc', 'desc'] as const)),
  deleted: Type.Optional(Type.String({ maxLength: 64, description: 'Deprecated; ignored.' })),
});

/** Mock-only: the DN instances a node hosts and their roles now, ignored by SDKs. */
export const MockNode = Closed(
  {
    index: I,
    down: Type.Boolean(),
    primaries: I,
    standbys: I,
    instances: Type.Array(Closed({ name: S, pair: I, role: literals(['primary', 'standby'] as const), designed_role: literals(['primary', 'standby'] as const) })),
  },
  { description: 'Not part of the Huawei API: the DN instances on this node, primary or standby now and by design.' },
);

export const ClusterNodeInfo = Closed({
  id: S, name: S, status: S, sub_status: S, spec: S, inst_create_type: S, alias_name: S, az_code: S,
  _mock: Type.Optional(MockNode),
});
export const NodeListResponse = Closed({ node_list: Type.Array(ClusterNodeInfo), count: I, failed_count: I });
export const SwitchoverResponse = Closed({}, { description: 'The switchback was submitted; it runs on.' });
