/** Model → wire: DWS cluster shapes (detail, list item) and node list items, in the published field order. */
import {
  type Cluster, type ClusterNode, type DnInstance, actionProgress, isUnbalanced, primariesPerNode, shownSubStatus, taskStatus,
} from './model.js';
import { isoSeconds } from '../../core/ids.js';

/** Node status codes as strings: 200 available, 300 unavailable (a node that is down). */
const nodeStatus = (n: ClusterNode): string => (n.down ? '300' : '200');

/** No EIP in the model: the documented "not bound" value, with no EIP id. */
const NO_PUBLIC_IP = Object.freeze({ public_bind_type: 'not_use', eip_id: '' });

export function clusterInfo(c: Cluster, now: number) {
  const p = c.profile;
  const entry = `${c.nodes[0].ip}:${p.port}`;
  return {
    id: c.id,
    name: p.name,
    status: c.status,
    version: c.version,
    updated: isoSeconds(c.updatedAt),
    created: p.created,
    port: p.port,
    endpoints: [{ connect_info: entry, jdbc_url: `jdbc:postgresql://${entry}/<YOUR_DATABASE_name>` }],
    nodes: c.nodes.map((n) => ({ id: n.id, status: nodeStatus(n), name: n.name })),
    tags: p.tags,
    user_name: p.user_name,
    number_of_node: c.nodes.length,
    recent_event: p.recent_event,
    availability_zone: p.availability_zone,
    enterprise_project_id: p.enterprise_project_id,
    node_type: p.node_type,
    vpc_id: p.vpc_id,
    subnet_id: p.subnet_id,
    public_ip: NO_PUBLIC_IP,
    public_endpoints: [],
    action_progress: actionProgress(c, now),
    sub_status: shownSubStatus(c),
    task_status: taskStatus(c),
    security_group_id: p.security_group_id,
  };
}

export function placementView(c: Cluster) {
  const primaries = primariesPerNode(c);
  return {
    nodes: c.nodes.map((n, index) => ({ index, id: n.id, name: n.name, down: n.down, primaries: primaries[index] })),
    pairs: c.pairs.map((pair) => ({ designed_primary: pair.designedPrimary, designed_standby: pair.designedStandby, primary_on: pair.primaryOn })),
    balanced: !isUnbalanced(c),
  };
}

export function clusterDetail(c: Cluster, now: number) {
  const p = c.profile;
  return {
    ...clusterInfo(c, now),
    parameter_group: p.parameter_group,
    node_type_id: p.node_type_id,
    private_ip: c.nodes.map((n) => n.ip),
    maintain_window: p.maintain_window,
    _mock: placementView(c),
  };
}

/** GaussDB numbers a DN pair's instances 6001/6002, 6003/6004, …: the first sits on the designed primary node. */
const dnName = (i: DnInstance): string => `dn_${6001 + 2 * i.pair + (i.designedRole === 'primary' ? 0 : 1)}`;

function mockNode(index: number, n: ClusterNode, instances: readonly DnInstance[]) {
  let primaries = 0;
  for (const i of instances) if (i.role === 'primary') primaries++;
  return {
    index,
    down: n.down,
    primaries,
    standbys: instances.length - primaries,
    instances: instances.map((i) => ({ name: dnName(i), pair: i.pair, role: i.role, designed_role: i.designedRole })),
  };
}

/** A ClusterNodeInfo; `instances` are the DN instances on this node (`dnInstancesByNode`). */
export function clusterNodeInfo(c: Cluster, index: number, instances: readonly DnInstance[]) {
  const n = c.nodes[index];
  return {
    id: n.id,
    name: n.name,
    status: nodeStatus(n),
    // 140 "node monitored": the last deployment stage, which every node of the model has reached.
    sub_status: '140',
    spec: c.profile.node_type,
    inst_create_type: 'INST',
    alias_name: n.name,
    az_code: c.profile.availability_zone,
    _mock: mockNode(index, n, instances),
  };
}
