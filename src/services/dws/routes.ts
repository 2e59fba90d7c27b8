/** DWS routes: the switchover (switchback) and the cluster reads. */
import { failure, ok, type Answer, type RouteTable } from '../../core/service.js';
import { switchover, type SwitchoverOutcome } from './operations.js';
import { type DwsModel } from './model.js';
import { DWS_ERRORS } from './errors.js';
import { ClusterDetailResponse, ClusterListQuery, ClusterListResponse, ClusterParams, ClusterProjectParams, SwitchoverResponse } from './schemas.js';
import { clusterDetail, clusterInfo } from './views.js';
import { type DwsOperation } from './index.js';

const SUBMITTED = ok(Object.freeze({}));
const NOT_FOUND = failure(DWS_ERRORS.CLUSTER_NOT_FOUND);
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
  }, ({ model, params, query, now }) => {
    const ep = query.enterprise_project_id;
    const clusters = [];
    for (const c of model.project(params.project_id)?.clusters.values() ?? []) {
      if (c.status === 'DELETED') continue;
      if (ep && ep !== 'all_granted_eps' && c.profile.enterprise_project_id !== ep) continue;
      clusters.push(clusterInfo(c, now));
    }
    return ok({ clusters, count: clusters.length });
  });
}
