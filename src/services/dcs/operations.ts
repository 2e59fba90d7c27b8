/**
 * The DCS operations of the model: the swap (one operation, shared by the v1.0 and
 * v2 routes), the asynchronous swap and its job, and the replication transitions.
 * Each returns a typed outcome; mapping outcomes to wire shapes is outcomes.ts's job.
 * Time comes in as `now`: the pipeline has already run every transition due by then.
 *
 * Serialization: every operation runs to completion synchronously on the event loop,
 * so two swaps on one instance "at the same moment" are applied one after the other
 * and the second sees the state the first left (the replica syncing: code 1).
 */
import {
  type DcsModel, type DcsProject, type Instance, type InstanceInit, type SwapJob, type ReplicationState,
  MAX_JOBS_PER_PROJECT, SWAPPABLE_MODES, syncProgress,
} from './model.js';

/** Why an operation did not even start. */
export type Refusal =
  | { readonly kind: 'not-found' }
  | { readonly kind: 'not-supported' }
  | { readonly kind: 'not-running'; readonly status: string }
  | { readonly kind: 'job-running' };

/** The result of one swap attempt (docs/behaviour.md, DCS swap). */
export type SwapOutcome =
  | { readonly kind: 'swapped' }
  /** Initial full sync still running (code "1"). */
  | { readonly kind: 'syncing'; readonly progress: number }
  /** Replication link down (code "2"). */
  | { readonly kind: 'broken' }
  /** Internal fault (code "3"). */
  | { readonly kind: 'internal' }
  | Refusal;

/** Shared outcome objects: the hot path allocates nothing to say what happened. */
const SWAPPED: SwapOutcome = Object.freeze({ kind: 'swapped' });
const BROKEN: SwapOutcome = Object.freeze({ kind: 'broken' });
const INTERNAL: SwapOutcome = Object.freeze({ kind: 'internal' });
const JOB_RUNNING: Refusal = Object.freeze({ kind: 'job-running' });
const NOT_FOUND: Refusal = Object.freeze({ kind: 'not-found' });
const NOT_SUPPORTED: Refusal = Object.freeze({ kind: 'not-supported' });

export type AsyncSwapOutcome = { readonly kind: 'accepted'; readonly job: SwapJob } | Refusal;

export function createInstance(init: InstanceInit, model: DcsModel, now: number): Instance {
  const inst: Instance = {
    projectId: init.projectId,
    id: init.id,
    profile: init.profile,
    status: init.status,
    nodes: [...init.nodes],
    replication: { state: 'healthy', syncStart: now, syncEnd: now, generation: 0 },
    internalFault: init.internalFault,
    pendingJob: null,
    updatedAt: init.updatedAt,
  };
  if (init.replication === 'syncing') {
    const span = model.timings.resyncSeconds * 1000;
    startSync(model, inst, now - Math.round((span * init.syncProgress) / 100));
  } else {
    inst.replication.state = init.replication;
  }
  return inst;
}

/** Checks that do not depend on replication: existence, mode, status, running job. */
function precheck(model: DcsModel, projectId: string, instanceId: string): Instance | Refusal {
  const inst = model.instance(projectId, instanceId);
  if (!inst) return NOT_FOUND;
  if (!SWAPPABLE_MODES.has(inst.profile.cache_mode)) return NOT_SUPPORTED;
  if (inst.status !== 'RUNNING') return { kind: 'not-running', status: inst.status };
  return inst;
}

/** The synchronous swap (v1.0 `PUT …/swap`, v2 `POST …/swap`). */
export function swap(model: DcsModel, projectId: string, instanceId: string, now: number): SwapOutcome {
  const checked = precheck(model, projectId, instanceId);
  if ('kind' in checked) return checked;
  if (checked.pendingJob) return JOB_RUNNING;
  return performSwap(model, checked, now);
}

/** Applies the swap to a RUNNING, swappable instance, according to its replication. */
function performSwap(model: DcsModel, inst: Instance, at: number): SwapOutcome {
  if (inst.internalFault) return INTERNAL;
  switch (inst.replication.state) {
    case 'syncing':
      return { kind: 'syncing', progress: syncProgress(inst.replication, at) };
    case 'broken':
      return BROKEN;
    case 'healthy': {
      const [oldMaster, newMaster, ...rest] = inst.nodes;
      inst.nodes = [newMaster, oldMaster, ...rest];
      inst.updatedAt = at;
      startSync(model, inst, at);
      return SWAPPED;
    }
  }
}

/** Starts a full sync at `at`; it ends `resyncSeconds` later unless something else happens first. */
export function startSync(model: DcsModel, inst: Instance, at: number): void {
  const r = inst.replication;
  r.state = 'syncing';
  r.syncStart = at;
  r.syncEnd = at + model.timings.resyncSeconds * 1000;
  const generation = ++r.generation;
  model.scheduler.schedule(r.syncEnd, inst.projectId, () => {
    if (r.generation === generation && r.state === 'syncing') {
      r.state = 'healthy';
      r.generation++;
    }
  });
}

/** Sets the replication state directly (timeline events and admin actions). */
export function setReplication(model: DcsModel, inst: Instance, state: ReplicationState, at: number): void {
  if (state === 'syncing') {
    startSync(model, inst, at);
    return;
  }
  inst.replication.state = state;
  inst.replication.generation++;
}

/** The asynchronous swap: accepted now, performed when its job finishes. */
export function asyncSwap(model: DcsModel, projectId: string, instanceId: string, now: number): AsyncSwapOutcome {
  const checked = precheck(model, projectId, instanceId);
  if ('kind' in checked) return checked;
  if (checked.pendingJob) return JOB_RUNNING;
  const project = model.project(projectId)!;
  const job: SwapJob = {
    id: project.rng.hex(32),
    projectId,
    instanceId,
    type: 'masterStandbySwapJob',
    status: 'INIT',
    beginTime: now,
    endTime: null,
    failReason: null,
  };
  rememberJob(project, job);
  checked.pendingJob = job;
  const total = model.timings.swapJobSeconds * 1000;
  const initFor = Math.min(1000, Math.floor(total / 2));
  model.scheduler.schedule(now + initFor, projectId, () => {
    if (job.status === 'INIT') job.status = 'RUNNING';
  });
  model.scheduler.schedule(now + total, projectId, (at) => finishJob(model, checked, job, at));
  return { kind: 'accepted', job };
}

const FAIL_REASONS: Record<string, string> = {
  syncing: 'master and standby are performing the initial data synchronization',
  broken: 'master standby status abnormal, master_link_status:down',
  internal: 'internal service error',
  'not-running': 'The instance status is not running.',
};

function finishJob(model: DcsModel, inst: Instance, job: SwapJob, at: number): void {
  if (inst.pendingJob !== job) return;
  inst.pendingJob = null;
  const outcome: SwapOutcome = inst.status === 'RUNNING' ? performSwap(model, inst, at) : { kind: 'not-running', status: inst.status };
  job.endTime = at;
  if (outcome.kind === 'swapped') {
    job.status = 'SUCCESS';
  } else {
    job.status = 'FAIL';
    job.failReason = FAIL_REASONS[outcome.kind] ?? 'Master standby swap failed.';
  }
}

function rememberJob(project: DcsProject, job: SwapJob): void {
  project.jobs.set(job.id, job);
  if (project.jobs.size <= MAX_JOBS_PER_PROJECT) return;
  for (const [id, old] of project.jobs) {
    if (old.status === 'SUCCESS' || old.status === 'FAIL') {
      project.jobs.delete(id);
      return;
    }
  }
}

export function getJob(model: DcsModel, projectId: string, jobId: string): SwapJob | undefined {
  return model.project(projectId)?.jobs.get(jobId);
}
