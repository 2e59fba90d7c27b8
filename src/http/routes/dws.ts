/** DWS routes: the switchover (switchback) and the cluster reads. */
import { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ERRORS } from '../../errors/catalog.js';
import { switchover } from '../../domain/dws/operations.js';
import { sendError, respond, otherMethodsNotFound } from '../plugins/gateway.js';
import { chaos } from '../pipeline.js';
import { errorResponses } from '../schemas/common.js';
import {
  ClusterDetailResponse, ClusterListQuery, ClusterListResponse, ClusterParams, ClusterProjectParams, SwitchoverResponse,
} from '../schemas/dws.js';
import { clusterDetail, clusterInfo } from '../views/dws.js';

const EMPTY = Object.freeze({});

export default async function dwsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/v1.0/:project_id/clusters/:cluster_id/switchover', {
    schema: {
      summary: 'Primary/standby switchback of a cluster (SwitchOverCluster)',
      tags: ['DWS'],
      params: ClusterParams,
      response: { 200: SwitchoverResponse, ...errorResponses },
    },
    config: { operation: 'dws.switchover' },
  }, (request, reply) => chaos(request, reply, 'dws.switchover', () => {
    const outcome = switchover(app.mock.world, request.params.project_id, request.params.cluster_id);
    switch (outcome.kind) {
      case 'started':
      case 'nothing-to-do':
        return respond(request, reply, 200, EMPTY);
      case 'not-found':
        return void sendError(request, reply, ERRORS.DWS_CLUSTER_NOT_FOUND);
      case 'version-unsupported':
        return void sendError(request, reply, ERRORS.DWS_VERSION_UNSUPPORTED);
      case 'busy':
      case 'balanced':
        return void sendError(request, reply, ERRORS.DWS_STATUS_NOT_ALLOWED);
    }
  }));

  app.get('/v1.0/:project_id/clusters/:cluster_id', {
    schema: {
      summary: 'Query cluster details (ListClusterDetails)',
      tags: ['DWS'],
      params: ClusterParams,
      response: { 200: ClusterDetailResponse, ...errorResponses },
    },
    config: { operation: 'dws.getCluster' },
  }, (request, reply) => chaos(request, reply, 'dws.getCluster', () => {
    const world = app.mock.world;
    const now = world.now();
    const cluster = world.cluster(request.params.project_id, request.params.cluster_id);
    if (!cluster) sendError(request, reply, ERRORS.DWS_CLUSTER_NOT_FOUND);
    else respond(request, reply, 200, { cluster: clusterDetail(cluster, now) });
  }));

  app.get('/v1.0/:project_id/clusters', {
    schema: {
      summary: 'Query the cluster list (ListClusters)',
      tags: ['DWS'],
      params: ClusterProjectParams,
      querystring: ClusterListQuery,
      response: { 200: ClusterListResponse, ...errorResponses },
    },
    config: { operation: 'dws.listClusters' },
  }, (request, reply) => chaos(request, reply, 'dws.listClusters', () => {
    const world = app.mock.world;
    const now = world.now();
    const ep = request.query.enterprise_project_id;
    const clusters = [];
    for (const c of world.project(request.params.project_id)?.clusters.values() ?? []) {
      if (c.status === 'DELETED') continue;
      if (ep && ep !== 'all_granted_eps' && c.profile.enterprise_project_id !== ep) continue;
      clusters.push(clusterInfo(c, now));
    }
    respond(request, reply, 200, { clusters, count: clusters.length });
  }));

  otherMethodsNotFound(fastify, '/v1.0/:project_id/clusters/:cluster_id/switchover', ['POST']);
  otherMethodsNotFound(fastify, '/v1.0/:project_id/clusters/:cluster_id', ['GET']);
  otherMethodsNotFound(fastify, '/v1.0/:project_id/clusters', ['GET']);
}
