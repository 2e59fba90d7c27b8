/**
 * DCS routes: the v1.0 swap and reads, the v2 swap family and job. Thin: the schemas
 * validate, the model decides, outcomes.ts and views.ts write the wire shape.
 */
import { Type } from '@sinclair/typebox';
import { ok, type RouteTable } from '../../core/service.js';
import { asyncSwap, getJob, swap } from './operations.js';
import { type DcsModel, type Instance } from './model.js';
import { DCS_FAILURES, refusal, swapV1, swapV2 } from './outcomes.js';
import {
  AsyncSwapResponse, InstanceDetailV1, InstanceDetailV2, InstanceListQuery, InstanceListV1, InstanceParams,
  JobParams, JobResponse, ProjectParams, SwapV1Response,
} from './schemas.js';
import { instanceDetailV1, instanceDetailV2, instanceSummaryV1, jobView } from './views.js';
import { type DcsOperation } from './index.js';

export function dcsRoutes(routes: RouteTable<DcsModel, DcsOperation>): void {
  routes.define('dcs.swap', {
    method: 'PUT',
    url: '/v1.0/:project_id/instances/:instance_id/swap',
    summary: 'Swap the master and standby nodes (v1.0, original page)',
    params: InstanceParams,
    response: { 200: SwapV1Response },
  }, ({ model, params, now }) => swapV1(swap(model, params.project_id, params.instance_id, now)));

  routes.define('dcs.getInstance', {
    method: 'GET',
    url: '/v1.0/:project_id/instances/:instance_id',
    summary: 'Query an instance (v1.0)',
    params: InstanceParams,
    response: { 200: InstanceDetailV1 },
  }, ({ model, params, now }) => {
    const inst = model.instance(params.project_id, params.instance_id);
    return inst ? ok(instanceDetailV1(inst, now)) : DCS_FAILURES.NOT_FOUND;
  });

  routes.define('dcs.listInstances', {
    method: 'GET',
    url: '/v1.0/:project_id/instances',
    summary: 'List instances (v1.0)',
    params: ProjectParams,
    querystring: InstanceListQuery,
    response: { 200: InstanceListV1 },
  }, ({ model, params, query: q }) => {
    const exact = q.isExactMatchName === 'true';
    const matches: Instance[] = [];
    for (const inst of model.project(params.project_id)?.instances.values() ?? []) {
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
    return ok({ instances: page.map(instanceSummaryV1), instance_num: matches.length });
  });

  routes.define('dcs.swapV2', {
    method: 'POST',
    url: '/v2/:project_id/instances/:instance_id/swap',
    summary: 'Swap the master and standby nodes (v2, ChangeMasterStandby)',
    params: InstanceParams,
    response: { 204: Type.Null({ description: 'Swapped.' }) },
  }, ({ model, params, now }) => swapV2(swap(model, params.project_id, params.instance_id, now)));

  routes.define('dcs.asyncSwap', {
    method: 'PUT',
    url: '/v2/:project_id/instances/:instance_id/async-swap',
    summary: 'Swap the master and standby nodes asynchronously (v2, ChangeMasterStandbyAsync)',
    params: InstanceParams,
    response: { 200: AsyncSwapResponse },
  }, ({ model, params, now }) => {
    const outcome = asyncSwap(model, params.project_id, params.instance_id, now);
    return outcome.kind === 'accepted' ? ok({ job_id: outcome.job.id }) : refusal(outcome);
  });

  routes.define('dcs.job', {
    method: 'GET',
    url: '/v2/:project_id/jobs/:job_id',
    summary: 'Query a background job (v2, ShowJobInfo)',
    params: JobParams,
    response: { 200: JobResponse },
  }, ({ model, params }) => {
    const job = getJob(model, params.project_id, params.job_id);
    return job ? ok(jobView(job)) : DCS_FAILURES.URL_NOT_FOUND;
  });

  routes.define('dcs.getInstanceV2', {
    method: 'GET',
    url: '/v2/:project_id/instances/:instance_id',
    summary: 'Query an instance (v2, ShowInstance)',
    params: InstanceParams,
    response: { 200: InstanceDetailV2 },
  }, ({ model, params, now }) => {
    const inst = model.instance(params.project_id, params.instance_id);
    return inst ? ok(instanceDetailV2(inst, now)) : DCS_FAILURES.NOT_FOUND;
  });
}
