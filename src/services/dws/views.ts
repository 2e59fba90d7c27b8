/** Model → wire: DWS cluster shapes (detail and list item), in the published field order. */
import { type Cluster, actionProgress, isUnbalanced, primariesPerNode, subStatus, taskStatus } from './model.js';
import { isoSeconds } from '../../core/ids.js';

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
    nodes: c.nodes.map((n) => ({ id: n.id, status: n.down ? '300' : '200' })),
    tags: p.tags,
    user_name: p.user_name,
    number_of_node: c.nodes.length,
    recent_event: p.recent_event,
    availability_zone: p.availability_zone,
    enterprise_project_id: p.enterprise_project_id,
    node_type: p.node_type,
    vpc_id: p.vpc_id,
    subnet_id: p.subnet_id,
    public_ip: null,
    public_endpoints: [],
    action_progress: actionProgress(c, now),
    sub_status: subStatus(c),
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
