/** DWS routes: the switchover (switchback), the cluster reads (v1.0 and v2) and the node list. */
import { constant, failure, ok, type Answer, type RouteTable } from '../../core/service.js';
import { switchover, type SwitchoverOutcome } from './operations.js';
import { dnInstancesByNode, type DwsModel } from './model.js';
import { filterFits, selectNodes } from './nodes.js';
import { DWS_ERRORS } from './errors.js';
import {
  ClusterDetailResponse, ClusterListQuery, ClusterListResponse, ClusterParams, ClusterProjectParams, NodeListQuery, NodeListResponse,
  SwitchoverResponse,
} from './schemas.js';
import { clusterDetail, clusterInfo, clusterNodeInfo } from './views.js';
import { type DwsOperation } from './index.js';

const SUBMITTED = ok(constant({}));
const NOT_FOUND = failure(DWS_ERRORS.CLUSTER_NOT_FOUND);
const BAD_PARAMETER = failure(DWS_ERRORS.BAD_PARAMETER);
const VERSION_UNSUPPORTED = failure(DWS_ERRORS.VERSION_UNSUPPORTED);
const STATUS_NOT_ALLOWED = failure(DWS_ERRORS.STATUS_NOT_ALLOWED);

function switchoverAnswer(outcome: SwitchoverOutcome): Answer {
  switch (outcome.kind) {
    case 'started':
    case 'nothing-to-do':
      return SUBMITTED;
    case 'not-found':
      return NOT_FOUND;
    case 'version-unsupported':
      return VERSION_UNSUPPORTED;
    case 'busy':
    case 'balanced':
      return STATUS_NOT_ALLOWED;
  }
}

export function dwsRoutes(routes: RouteTable<DwsModel, DwsOperation>): void {
  routes.define('dws.switchover', {
    method: 'POST',
    url: '/v1.0/:project_id/clusters/:cluster_id/switchover',
    summary: 'Primary/standby switchback of a cluster (SwitchOverCluster)',
    params: ClusterParams,
    response: { 200: SwitchoverResponse },
  }, ({ model, params, now }) => switchoverAnswer(switchover(model, params.project_id, params.cluster_id, now)));

  routes.define('dws.getCluster', {
    method: 'GET',
    url: '/v1.0/:project_id/clusters/:cluster_id',
    summary: 'Query cluster details (ListClusterDetails)',
    params: ClusterParams,
    response: { 200: ClusterDetailResponse },
  }, ({ model, params, now }) => {
    const cluster = model.cluster(params.project_id, params.cluster_id);
    return cluster ? ok({ cluster: clusterDetail(cluster, now) }) : NOT_FOUND;
  });

  routes.define('dws.listClusters', {
    method: 'GET',
    url: '/v1.0/:project_id/clusters',
    summary: 'Query the cluster list (ListClusters)',
    params: ClusterProjectParams,
    querystring: ClusterListQuery,
    response: { 200: ClusterListResponse },
  }, ({ model, params, query, now }) => clusterList(model, params.project_id, now, query.enterprise_project_id));

  routes.define('dws.listClustersV2', {
    method: 'GET',
    url: '/v2/:project_id/clusters',
    summary: 'Query the cluster list, v2 (ShowClusters)',
    params: ClusterProjectParams,
    response: { 200: ClusterListResponse },
  }, ({ model, params, now }) => clusterList(model, params.project_id, now));

  routes.define('dws.listClusterNodes', {
    method: 'GET',
    url: '/v2/:project_id/clusters/:cluster_id/nodes',
    summary: 'Query the node list of a cluster, with the DN roles each node hosts in `_mock` (ListClusterNodes)',
    params: ClusterParams,
    querystring: NodeListQuery,
    response: { 200: NodeListResponse },
  }, ({ model, params, query }) => {
    // The one parameter check the schema cannot express (filter depends on filter_by): still before the lookup.
    if (!filterFits(query)) return BAD_PARAMETER;
    const cluster = model.cluster(params.project_id, params.cluster_id);
    if (!cluster) return NOT_FOUND;
    const page = selectNodes(cluster, query);
    const instances = dnInstancesByNode(cluster);
    return ok({
      node_list: page.indexes.map((i) => clusterNodeInfo(cluster, i, instances[i])),
      count: page.total,
      failed_count: page.failed,
    });
  });
}

/** The clusters of a project, `DELETED` ones left out; an enterprise project narrows them (v1.0 only). */
function clusterList(model: DwsModel, projectId: string, now: number, ep?: string): Answer {
  const clusters = [];
  for (const c of model.project(projectId)?.clusters.peek() ?? []) {
    if (c.status === 'DELETED') continue;
    if (ep && ep !== 'all_granted_eps' && c.profile.enterprise_project_id !== ep) continue;
    clusters.push(clusterInfo(c, now));
  }
  return ok({ clusters, count: clusters.length });
}
