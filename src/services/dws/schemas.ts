/** Wire shapes of the DWS routes (the DWS API reference's request and response tables). */
import { Type } from '@sinclair/typebox';
import { Closed, Nullable, ProjectId, ResourceUuid } from '../../core/schemas.js';

const S = Type.String();
const I = Type.Integer();
const Endpoint = Closed({ connect_info: S, jdbc_url: S });
const PublicEndpoint = Closed({ public_connect_info: S, jdbc_url: S });
const Node = Closed({ id: S, status: S });
const Tags = Type.Array(Closed({ key: S, value: S }));
const PublicIp = Nullable(Closed({ public_bind_type: S, eip_id: S }));

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
export const ClusterListResponse = Closed({ clusters: Type.Array(ClusterInfo), count: I });
export const SwitchoverResponse = Closed({}, { description: 'The switchback was submitted; it runs on.' });
