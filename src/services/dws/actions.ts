/**
 * Things that happen to clusters from outside the API: scenario timeline events
 * (`events:`) and `POST /_mock/actions`. Each goes through the model's own operations,
 * so state stays consistent.
 */
import { Type } from '@sinclair/typebox';
import { type ActionInput, type ApplyResult, type ServiceActions } from '../../core/service.js';
import { type Issue } from '../../scenario/issues.js';
import { UuidSchema } from '../../scenario/parts.js';
import { CLUSTER_STATUSES, type ClusterStatus, type DwsModel } from './model.js';
import { failNode, recoverNode } from './operations.js';

export const CLUSTER_ACTIONS = ['failNode', 'recoverNode', 'failNextSwitchover', 'setClusterStatus'] as const;

type ClusterAction =
  | { readonly action: 'failNode' | 'recoverNode'; readonly cluster: string; readonly node: number }
  | { readonly action: 'failNextSwitchover'; readonly cluster: string }
  | { readonly action: 'setClusterStatus'; readonly cluster: string; readonly status: ClusterStatus };

export const dwsActions: ServiceActions<DwsModel> = {
  names: CLUSTER_ACTIONS,
  fields: {
    cluster: Type.Optional(UuidSchema),
    node: Type.Optional(Type.Integer({ minimum: 0, maximum: 255, expected: 'a node index (0-based)' })),
    status: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  },

  check(a: ActionInput, path: string, lookup): Issue[] {
    const issues: Issue[] = [];
    const need = (key: string, why: string) => {
      if (a[key] === undefined) issues.push({ path: `${path}.${key}`, message: `is required for ${a.action} (${why})` });
    };
    const forbid = (key: string) => {
      if (a[key] !== undefined) issues.push({ path: `${path}.${key}`, message: `not used by ${a.action}` });
    };
    need('cluster', 'a cluster id');
    if (a.action === 'failNode' || a.action === 'recoverNode') need('node', 'a node index');
    else forbid('node');
    if (a.action === 'setClusterStatus') need('status', 'a cluster status');
    else forbid('status');
    if (a.action === 'setClusterStatus' && a.status !== undefined && !(CLUSTER_STATUSES as readonly unknown[]).includes(a.status)) {
      issues.push({ path: `${path}.status`, message: `expected one of ${CLUSTER_STATUSES.join(', ')}, got ${JSON.stringify(a.status)}` });
    }
    if (typeof a.cluster === 'string') {
      const found = lookup(a.cluster);
      if (!found || found.kind !== 'cluster') issues.push({ path: `${path}.cluster`, message: `unknown cluster ${a.cluster}` });
      else if (typeof a.node === 'number' && found.nodes !== undefined && a.node >= found.nodes) issues.push({ path: `${path}.node`, message: `expected a node index below ${found.nodes}, got ${a.node}` });
    }
    return issues;
  },

  target: (a: ActionInput) => a.cluster as string,

  apply(model: DwsModel, input: ActionInput, at: number): ApplyResult {
    const a = input as ClusterAction;
    const cluster = model.find(a.cluster);
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
  },
};
