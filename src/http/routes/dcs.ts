/**
 * DCS routes: the v1.0 swap and reads, the v2 swap family and job. Thin: validate
 * (TypeBox), call the model, map the outcome (outcomes.ts) to the wire.
 */
import { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ERRORS } from '../../errors/catalog.js';
import { asyncSwap, getJob, swap } from '../../domain/dcs/operations.js';
import { type Instance } from '../../domain/dcs/instance.js';
import { refusalError, swapV1, swapV2 } from '../outcomes.js';
import { sendError, respond, otherMethodsNotFound } from '../plugins/gateway.js';
import { chaos } from '../pipeline.js';
import { errorResponses } from '../schemas/common.js';
import {
  AsyncSwapResponse, InstanceDetailV1, InstanceDetailV2, InstanceListQuery, InstanceListV1, InstanceParams,
  JobParams, JobResponse, ProjectParams, SwapV1Response,
} from '../schemas/dcs.js';
import { instanceDetailV1, instanceDetailV2, instanceSummaryV1, jobView } from '../views/dcs.js';

export default async function dcsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.put('/v1.0/:project_id/instances/:instance_id/swap', {
    schema: {
      summary: 'Swap the master and standby nodes (v1.0, original page)',
      tags: ['DCS'],
      params: InstanceParams,
      response: { 200: SwapV1Response, ...errorResponses },
    },
    config: { operation: 'dcs.swap' },
  }, (request, reply) => chaos(request, reply, 'dcs.swap', () => {
    const { project_id, instance_id } = request.params;
    const result = swapV1(swap(app.mock.world, project_id, instance_id));
    if ('family' in result) sendError(request, reply, result);
    else respond(request, reply, 200, result);
  }));

  app.get('/v1.0/:project_id/instances/:instance_id', {
    schema: {
      summary: 'Query an instance (v1.0)',
      tags: ['DCS'],
      params: InstanceParams,
      response: { 200: InstanceDetailV1, ...errorResponses },
    },
    config: { operation: 'dcs.getInstance' },
  }, (request, reply) => chaos(request, reply, 'dcs.getInstance', () => {
    const world = app.mock.world;
    const now = world.now();
    const inst = world.instance(request.params.project_id, request.params.instance_id);
    if (!inst) sendError(request, reply, ERRORS.DCS_INSTANCE_NOT_FOUND);
    else respond(request, reply, 200, instanceDetailV1(inst, now));
  }));

  app.get('/v1.0/:project_id/instances', {
    schema: {
      summary: 'List instances (v1.0)',
      tags: ['DCS'],
      params: ProjectParams,
      querystring: InstanceListQuery,
      response: { 200: InstanceListV1, ...errorResponses },
    },
    config: { operation: 'dcs.listInstances' },
  }, (request, reply) => chaos(request, reply, 'dcs.listInstances', () => {
    const world = app.mock.world;
    world.now();
    const q = request.query;
    const project = world.project(request.params.project_id);
    const exact = q.isExactMatchName === 'true';
    const matches: Instance[] = [];
    for (const inst of project?.instances.values() ?? []) {
      if (inst.status === 'DELETED') continue;
      if (inst.status === 'CREATEFAILED' && q.include_failure !== 'true') continue;
      if (q.id && inst.id !== q.id) continue;
      if (q.status && inst.status !== q.status) continue;
      if (q.ip && inst.profile.ip !== q.ip) continue;
      if (q.name && (exact ? inst.profile.name !== q.name : !inst.profile.name.includes(q.name))) continue;
      matches.push(inst);
    }
    const start = (q.start ?? 1) - 1;
    const page = matches.slice(start, start + (q.limit ?? 1000));
    respond(request, reply, 200, { instances: page.map(instanceSummaryV1), instance_num: matches.length });
  }));

  app.post('/v2/:project_id/instances/:instance_id/swap', {
    schema: {
      summary: 'Swap the master and standby nodes (v2, ChangeMasterStandby)',
      tags: ['DCS'],
      params: InstanceParams,
      response: { 204: Type.Null({ description: 'Swapped.' }), ...errorResponses },
    },
    config: { operation: 'dcs.swapV2' },
  }, (request, reply) => chaos(request, reply, 'dcs.swapV2', () => {
    const { project_id, instance_id } = request.params;
    const result = swapV2(swap(app.mock.world, project_id, instance_id));
    if (result) sendError(request, reply, result);
    else respond(request, reply, 204, null);
  }));

  app.put('/v2/:project_id/instances/:instance_id/async-swap', {
    schema: {
      summary: 'Swap the master and standby nodes asynchronously (v2, ChangeMasterStandbyAsync)',
      tags: ['DCS'],
      params: InstanceParams,
      response: { 200: AsyncSwapResponse, ...errorResponses },
    },
    config: { operation: 'dcs.asyncSwap' },
  }, (request, reply) => chaos(request, reply, 'dcs.asyncSwap', () => {
    const { project_id, instance_id } = request.params;
    const outcome = asyncSwap(app.mock.world, project_id, instance_id);
    if (outcome.kind !== 'accepted') sendError(request, reply, refusalError(outcome));
    else respond(request, reply, 200, { job_id: outcome.job.id });
  }));

  app.get('/v2/:project_id/jobs/:job_id', {
    schema: {
      summary: 'Query a background job (v2, ShowJobInfo)',
      tags: ['DCS'],
      params: JobParams,
      response: { 200: JobResponse, ...errorResponses },
    },
    config: { operation: 'dcs.job' },
  }, (request, reply) => chaos(request, reply, 'dcs.job', () => {
    const job = getJob(app.mock.world, request.params.project_id, request.params.job_id);
    if (!job) sendError(request, reply, ERRORS.DCS_URL_NOT_FOUND);
    else respond(request, reply, 200, jobView(job));
  }));

  app.get('/v2/:project_id/instances/:instance_id', {
    schema: {
      summary: 'Query an instance (v2, ShowInstance)',
      tags: ['DCS'],
      params: InstanceParams,
      response: { 200: InstanceDetailV2, ...errorResponses },
    },
    config: { operation: 'dcs.getInstanceV2' },
  }, (request, reply) => chaos(request, reply, 'dcs.getInstanceV2', () => {
    const world = app.mock.world;
    const now = world.now();
    const inst = world.instance(request.params.project_id, request.params.instance_id);
    if (!inst) sendError(request, reply, ERRORS.DCS_INSTANCE_NOT_FOUND);
    else respond(request, reply, 200, instanceDetailV2(inst, now));
  }));

  otherMethodsNotFound(fastify, '/v1.0/:project_id/instances/:instance_id/swap', ['PUT']);
  otherMethodsNotFound(fastify, '/v1.0/:project_id/instances/:instance_id', ['GET']);
  otherMethodsNotFound(fastify, '/v1.0/:project_id/instances', ['GET']);
  otherMethodsNotFound(fastify, '/v2/:project_id/instances/:instance_id/swap', ['POST']);
  otherMethodsNotFound(fastify, '/v2/:project_id/instances/:instance_id/async-swap', ['PUT']);
  otherMethodsNotFound(fastify, '/v2/:project_id/jobs/:job_id', ['GET']);
  otherMethodsNotFound(fastify, '/v2/:project_id/instances/:instance_id', ['GET']);
}
