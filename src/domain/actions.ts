/**
 * Things that happen to resources from outside the API: the vocabulary shared by
 * scenario timeline events (`events:`) and the admin API (`POST /_mock/actions`).
 * Each goes through the model's own operations, so state stays consistent.
 */
import { type World } from './world.js';
import { type Instance, type InstanceStatus } from './dcs/instance.js';
import { type Cluster, type ClusterStatus } from './dws/cluster.js';
import { setReplication } from './dcs/operations.js';
import { failNode, recoverNode } from './dws/operations.js';

export const INSTANCE_ACTIONS = ['breakReplication', 'healReplication', 'finishSync', 'restartSync', 'setStatus', 'setInternalFault'] as const;
export const CLUSTER_ACTIONS = ['failNode', 'recoverNode', 'failNextSwitchover', 'setClusterStatus'] as const;
export const ACTIONS = [...INSTANCE_ACTIONS, ...CLUSTER_ACTIONS] as const;
export type ActionName = (typeof ACTIONS)[number];

export type ModelAction =
  | { readonly action: 'breakReplication' | 'healReplication' | 'finishSync' | 'restartSync'; readonly instance: string }
  | { readonly action: 'setStatus'; readonly instance: string; readonly status: InstanceStatus }
  | { readonly action: 'setInternalFault'; readonly instance: string; readonly fault: boolean }
  | { readonly action: 'failNode' | 'recoverNode'; readonly cluster: string; readonly node: number }
  | { readonly action: 'failNextSwitchover'; readonly cluster: string }
  | { readonly action: 'setClusterStatus'; readonly cluster: string; readonly status: ClusterStatus };

export function findInstance(world: World, id: string): Instance | undefined {
  for (const p of world.projects.values()) {
    const i = p.instances.get(id);
    if (i) return i;
  }
  return undefined;
}

export function findCluster(world: World, id: string): Cluster | undefined {
  for (const p of world.projects.values()) {
    const c = p.clusters.get(id);
    if (c) return c;
  }
  return undefined;
}

/** The project a resource belongs to, or undefined. */
export function projectOf(world: World, resource: string): string | undefined {
  return (findInstance(world, resource) ?? findCluster(world, resource))?.projectId;
}

export type ApplyResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** Applies one action at time `at`. */
export function applyAction(world: World, a: ModelAction, at: number): ApplyResult {
  if ('instance' in a) {
    const inst = findInstance(world, a.instance);
    if (!inst) return { ok: false, message: `no instance ${a.instance}` };
    switch (a.action) {
      case 'breakReplication': setReplication(world, inst, 'broken', at); break;
      case 'healReplication': setReplication(world, inst, 'healthy', at); break;
      case 'finishSync': if (inst.replication.state === 'syncing') setReplication(world, inst, 'healthy', at); break;
      case 'restartSync': setReplication(world, inst, 'syncing', at); break;
      case 'setStatus': inst.status = a.status; break;
      case 'setInternalFault': inst.internalFault = a.fault; break;
    }
    inst.updatedAt = at;
    return { ok: true };
  }
  const cluster = findCluster(world, a.cluster);
  if (!cluster) return { ok: false, message: `no cluster ${a.cluster}` };
  switch (a.action) {
    case 'failNode':
    case 'recoverNode':
      if (a.node >= cluster.nodes.length) return { ok: false, message: `cluster ${a.cluster} has no node ${a.node} (it has ${cluster.nodes.length})` };
      if (a.action === 'failNode') failNode(cluster, a.node, at);
      else recoverNode(cluster, a.node, at);
      break;
    case 'failNextSwitchover': cluster.failNextSwitchover = true; break;
    case 'setClusterStatus': cluster.status = a.status; cluster.updatedAt = at; break;
  }
  return { ok: true };
}
