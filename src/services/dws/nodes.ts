/**
 * The node list of ListClusterNodes on the model alone: which of a cluster's nodes a query
 * selects (ids, filter), in which order, and which page. No HTTP; nothing is copied.
 */
import { type Cluster, type ClusterNode } from './model.js';

/** `filter` values by `filter_by` (the API reference's lists; `INIT` from its older edition). */
export const NODE_FILTERS = {
  instCreateType: ['ALL', 'INST', 'NODE'],
  status: ['ALL', 'CREATING', 'FREE', 'INIT', 'ACTIVE', 'FAILED', 'UNKNOWN', 'CREATE_FAILED', 'DELETING', 'DELETE_FAILED'],
} as const;
export type NodeFilterBy = keyof typeof NODE_FILTERS;

export interface NodeQuery {
  readonly node_ids?: readonly string[];
  /** Page index from 0 (not an item offset). */
  readonly offset?: number;
  readonly limit?: number;
  readonly filter_by?: NodeFilterBy;
  readonly filter?: string;
  readonly order_by?: 'name';
  readonly order?: 'asc' | 'desc';
}

export const DEFAULT_NODE_LIMIT = 100;

/** A `filter` needs its `filter_by` and must be one of that field's values. */
export function filterFits(q: NodeQuery): boolean {
  if (q.filter === undefined) return true;
  if (q.filter_by === undefined) return false;
  return (NODE_FILTERS[q.filter_by] as readonly string[]).includes(q.filter);
}

/** The node's state in the `status` filter's terms: every node is in use, so only up or down. */
const nodeState = (n: ClusterNode): string => (n.down ? 'FAILED' : 'ACTIVE');

function matches(n: ClusterNode, q: NodeQuery, ids: ReadonlySet<string> | null): boolean {
  if (ids && !ids.has(n.id)) return false;
  if (q.filter === undefined || q.filter === 'ALL') return true;
  // Every node of the model hosts instances (INST); none is an idle NODE.
  if (q.filter_by === 'instCreateType') return q.filter === 'INST';
  return nodeState(n) === q.filter;
}

export interface NodePage {
  /** Nodes the query selects, before paging. */
  readonly total: number;
  /** Of those, the ones down. */
  readonly failed: number;
  /** Indexes of the nodes on the page, in order. */
  readonly indexes: readonly number[];
}

/** Selects, orders and pages a cluster's nodes (call `filterFits` first). */
export function selectNodes(c: Cluster, q: NodeQuery): NodePage {
  const ids = q.node_ids ? new Set(q.node_ids) : null;
  const selected: number[] = [];
  let failed = 0;
  c.nodes.forEach((n, i) => {
    if (!matches(n, q, ids)) return;
    selected.push(i);
    if (n.down) failed++;
  });
  // Model order unless told: the page says "unordered by default".
  if (q.order_by === 'name') selected.sort((a, b) => compareText(c.nodes[a].name, c.nodes[b].name) || a - b);
  if (q.order === 'desc') selected.reverse();
  // `offset` counts pages, not items: "page offset, from 0 (page number minus 1)".
  const limit = q.limit ?? DEFAULT_NODE_LIMIT;
  const start = (q.offset ?? 0) * limit;
  return { total: selected.length, failed, indexes: selected.slice(start, start + limit) };
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
