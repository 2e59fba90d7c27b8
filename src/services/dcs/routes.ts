/**
 * DCS routes: the v1.0 swap and reads, the v2 swap family and job. Thin: the schemas
 * validate, the model decides, outcomes.ts and views.ts write the wire shape.
 */
import { Type } from '@sinclair/typebox';
import { failure, ok, type Answer, type RouteTable } from '../../core/service.js';
import { asyncSwap, getJob, jobsOf, setPriority, shardSwitchover, swap } from './operations.js';
import { type DcsModel, type Instance, type InstanceStatus } from './model.js';
import { initialStatus } from './defaults.js';
import { DCS_ERRORS } from './errors.js';
import { DCS_FAILURES, priorityAnswer, refusal, shardSwitchoverAnswer, swapV1, swapV2 } from './outcomes.js';
import {
  AsyncSwapResponse, GroupNodesStateResponse, GroupsResponse, InstanceDetailV1, InstanceDetailV2, InstanceListQuery,
  InstanceListQueryV2, InstanceListV1, InstanceListV2, InstanceParams, JobParams, JobResponse, LogicalNodesResponse,
  ProjectParams, ReplicaParams, ShardParams, ShardSwitchoverResponse, SwapV1Response, TasksQuery, TasksResponse, TopologyResponse,
} from './schemas.js';
import {
  groupNodesStateView, groupsView, instanceDetailV1, instanceDetailV2, instanceListItemV2, instanceSummaryV1, jobView,
  logicalNodesView, taskView, topologyView,
} from './views.js';
import { type DcsOperation } from './index.js';

/** `yyyyMMddHHmmss` (UTC) → ms. */
const compactTime = (text: string): number =>
  Date.UTC(+text.slice(0, 4), +text.slice(4, 6) - 1, +text.slice(6, 8), +text.slice(8, 10), +text.slice(10, 12), +text.slice(12, 14));

/** `key=value,key2=value2`: every pair must be among the instance's tags. */
function hasTags(inst: Instance, filter: string): boolean {
  return filter.split(',').every((pair) => {
    const [key, value = ''] = pair.split('=');
    return inst.profile.tags.some((t) => t.key === key.trim() && t.value === value.trim());
  });
}

/**
 * The instances of a project a list shows: `listed` on id and status (what an instance not yet
 * made tells from its scenario entry), then, when `byProfile` is set, `fits` on the made
 * instance. Only the page is made when the filters need no profile.
 */
function select(model: DcsModel, projectId: string, listed: (id: string, status: InstanceStatus) => boolean, byProfile: boolean, fits: (inst: Instance) => boolean) {
  const instances = model.project(projectId)?.instances;
  const ids = instances?.select(
    (inst) => listed(inst.id, inst.status) && fits(inst),
    (spec) => (listed(spec.id, initialStatus(spec)) ? (byProfile ? undefined : true) : false),
  ) ?? [];
  return { count: ids.length, page: (start: number, limit: number): Instance[] => ids.slice(start, start + limit).map((id) => instances!.get(id)!) };
}

/** An instance of the project, or the DCS 404. */
const instanceOr404 = (model: DcsModel, projectId: string, instanceId: string, then: (inst: Instance) => Answer): Answer => {
  const inst = model.instance(projectId, instanceId);
  return inst ? then(inst) : DCS_FAILURES.NOT_FOUND;
};

const PRIORITY_INVALID = failure(DCS_ERRORS.PARAMETER_INVALID, { message: DCS_ERRORS.PARAMETER_INVALID.message.replace('{0}', 'slave_priority_weight') });

/** The body of a slave-priority call: `{"slave_priority_weight": 0..100}`, else undefined. */
function priorityWeight(body: Buffer | undefined): number | undefined {
  try {
    const parsed: unknown = JSON.parse(body?.toString('utf8') ?? '');
    const weight = (parsed as { slave_priority_weight?: unknown } | null)?.slave_priority_weight;
    return Number.isInteger(weight) && (weight as number) >= 0 && (weight as number) <= 100 ? (weight as number) : undefined;
  } catch {
    return undefined;
  }
}

export function dcsRoutes(routes: RouteTable<DcsModel, DcsOperation>): void {
  routes.define('dcs.swap', {
    method: 'PUT',
    url: '/v1.0/:project_id/instances/:instance_id/swap',
    summary: 'Swap the master and standby nodes (v1.0, original page)',
    params: InstanceParams,
    response: { 200: SwapV1Response, 204: Type.Null({ description: 'Swapped (option v1SwapSuccess: noContent).' }) },
  }, ({ model, params, now }) => swapV1(swap(model, params.project_id, params.instance_id, now), model.options));

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
    const listed = (id: string, status: InstanceStatus) => status !== 'DELETED' && (status !== 'CREATEFAILED' || q.include_failure === 'true')
      && (!q.id || id === q.id) && (!q.status || status === q.status);
    const matches = select(model, params.project_id, listed, Boolean(q.ip || q.name), (inst) =>
      (!q.ip || inst.profile.ip === q.ip) && (!q.name || (exact ? inst.profile.name === q.name : inst.profile.name.includes(q.name))));
    const start = (q.start ?? 1) - 1;
    return ok({ instances: matches.page(start, q.limit ?? 1000).map(instanceSummaryV1), instance_num: matches.count });
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

  routes.define('dcs.listInstancesV2', {
    method: 'GET',
    url: '/v2/:project_id/instances',
    summary: 'List instances (v2, ListInstances)',
    params: ProjectParams,
    querystring: InstanceListQueryV2,
    response: { 200: InstanceListV2 },
  }, ({ model, params, query: q }) => {
    const exact = q.name_equal === 'true' ? q.name : q.name_equal !== undefined && q.name_equal !== 'false' ? q.name_equal : undefined;
    const listed = (id: string, status: InstanceStatus) => (status !== 'DELETED' || q.include_delete === 'true')
      && (status !== 'CREATEFAILED' || q.include_failure === 'true') && (!q.instance_id || id === q.instance_id) && (!q.status || status === q.status);
    const matches = select(model, params.project_id, listed, Boolean(q.ip || q.capacity || exact !== undefined || q.name || q.tags), (inst) =>
      (!q.ip || inst.profile.ip === q.ip) && (!q.capacity || String(inst.profile.capacity) === q.capacity)
      && (exact !== undefined ? inst.profile.name === exact : !q.name || inst.profile.name.includes(q.name)) && (!q.tags || hasTags(inst, q.tags)));
    return ok({ instance_num: matches.count, instances: matches.page(q.offset ?? 0, q.limit ?? 10).map(instanceListItemV2) });
  });

  routes.define('dcs.logicalNodes', {
    method: 'GET',
    url: '/v2/:project_id/instances/:instance_id/logical-nodes',
    summary: 'List the logical nodes of an instance, with their roles (ShowNodesInformation)',
    params: InstanceParams,
    response: { 200: LogicalNodesResponse },
  }, ({ model, params }) => instanceOr404(model, params.project_id, params.instance_id, (inst) => ok(logicalNodesView(inst))));

  routes.define('dcs.topology', {
    method: 'GET',
    url: '/v2/:project_id/instances/:instance_id/nodes',
    summary: 'The topology of an instance (ShowInstanceTopology)',
    params: InstanceParams,
    response: { 200: TopologyResponse },
  }, ({ model, params }) => instanceOr404(model, params.project_id, params.instance_id, (inst) => ok(topologyView(inst))));

  routes.define('dcs.tasks', {
    method: 'GET',
    url: '/v2/:project_id/instances/:instance_id/tasks',
    summary: 'Background tasks of an instance, newest first; every swap leaves one (ListBackgroundTask)',
    params: InstanceParams,
    querystring: TasksQuery,
    response: { 200: TasksResponse },
  }, ({ model, params, query: q }) => instanceOr404(model, params.project_id, params.instance_id, (inst) => {
    const from = q.start_time === undefined ? -Infinity : compactTime(q.start_time);
    const to = q.end_time === undefined ? Infinity : compactTime(q.end_time);
    const jobs = jobsOf(model, params.project_id, inst.id).filter((j) => j.beginTime >= from && j.beginTime <= to);
    const start = q.offset ?? 0;
    return ok({ task_count: String(jobs.length), tasks: jobs.slice(start, start + (q.limit ?? 10)).map((j) => taskView(inst, j)) });
  }));

  routes.define('dcs.groups', {
    method: 'GET',
    url: '/v2/:project_id/instance/:instance_id/groups',
    summary: 'Shards and their replicas (ListGroupReplicationInfo)',
    params: InstanceParams,
    response: { 200: GroupsResponse },
  }, ({ model, params, now }) => instanceOr404(model, params.project_id, params.instance_id, (inst) => ok(groupsView(inst, now))));

  routes.define('dcs.groupNodesState', {
    method: 'GET',
    url: '/v2/:project_id/instance/:instance_id/groups/:group_id/group-nodes-state',
    summary: 'Replication states of one shard (ShowReplicationStates)',
    params: ShardParams,
    response: { 200: GroupNodesStateResponse },
  }, ({ model, params, now }) => instanceOr404(model, params.project_id, params.instance_id, (inst) => {
    const shard = inst.shards.find((s) => s.id === params.group_id);
    return shard ? ok(groupNodesStateView(inst, shard, now)) : refusal({ kind: 'no-group' });
  }));

  routes.define('dcs.shardSwitchover', {
    method: 'POST',
    url: '/v2/:project_id/instance/:instance_id/groups/:group_id/replications/:node_id/async-switchover',
    summary: 'Promote a replica of a shard of a cluster or proxy instance, as a job (ExecuteClusterSwitchover)',
    params: ReplicaParams,
    response: { 200: ShardSwitchoverResponse },
  }, ({ model, params, now }) => shardSwitchoverAnswer(shardSwitchover(model, params.project_id, params.instance_id, params.group_id, params.node_id, now)));

  routes.define('dcs.slavePriority', {
    method: 'POST',
    url: '/v2/:project_id/instances/:instance_id/groups/:group_id/replications/:node_id/slave-priority',
    summary: 'Set the promotion weight of a replica (UpdateSlavePriority)',
    params: ReplicaParams,
    response: { 204: Type.Null({ description: 'Set.' }) },
  }, ({ model, params, body, now }) => {
    const weight = priorityWeight(body);
    if (weight === undefined) return model.instance(params.project_id, params.instance_id) ? PRIORITY_INVALID : DCS_FAILURES.NOT_FOUND;
    return priorityAnswer(setPriority(model, params.project_id, params.instance_id, params.group_id, params.node_id, weight, now));
  });
}
