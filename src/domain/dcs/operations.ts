/**
 * The DCS operations of the model: the swap (one operation, shared by the v1.0 and
 * v2 routes), the asynchronous swap and its job, and the replication transitions.
 * Each returns a typed outcome; mapping outcomes to wire shapes is the routes' job.
 *
 * Serialization: every operation runs to completion synchronously on the event loop,
 * so two swaps on one instance "at the same moment" are applied one after the other
 * and the second sees the state the first left (the replica syncing: code 1).
 */
import { type World, type Project, MAX_JOBS_PER_PROJECT } from '../world.js';
import {
  type Instance, type InstanceInit, type SwapJob, type ReplicationState,
  SWAPPABLE_MODES, syncProgress,
} from './instance.js';

/** Why an operation did not even start. */
export type Refusal =
  | { readonly kind: 'not-found' }
  | { readonly kind: 'not-supported' }
  | { readonly kind: 'not-running'; readonly status: string }
  | { readonly kind: 'job-running' };

/** The result of one swap attempt (CONTRACT §2 table). */
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

export function createInstance(init: InstanceInit, world: World, now: number): Instance {
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
    const span = world.timings.dcs.resyncSeconds * 1000;
    startSync(world, inst, now - Math.round((span * init.syncProgress) / 100));
  } else {
    inst.replication.state = init.replication;
  }
  return inst;
}

/** Checks that do not depend on replication: existence, mode, status, running job. */
function precheck(world: World, projectId: string, instanceId: string): Instance | Refusal {
  const inst = world.instance(projectId, instanceId);
  if (!inst) return NOT_FOUND;
  if (!SWAPPABLE_MODES.has(inst.profile.cache_mode)) return NOT_SUPPORTED;
  if (inst.status !== 'RUNNING') return { kind: 'not-running', status: inst.status };
  return inst;
}

/** The synchronous swap (v1.0 `PUT …/swap`, v2 `POST …/swap`). */
export function swap(world: World, projectId: string, instanceId: string): SwapOutcome {
  const now = world.now();
  const checked = precheck(world, projectId, instanceId);
  if ('kind' in checked) return checked;
  if (checked.pendingJob) return JOB_RUNNING;
  return performSwap(world, checked, now);
}

/** Applies the swap to a RUNNING, swappable instance, according to its replication. */
function performSwap(world: World, inst: Instance, at: number): SwapOutcome {
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
      startSync(world, inst, at);
      return SWAPPED;
    }
  }
}

/** Starts a full sync at `at`; it ends `resyncSeconds` later unless something else happens first. */
export function startSync(world: World, inst: Instance, at: number): void {
  const r = inst.replication;
  r.state = 'syncing';
  r.syncStart = at;
  r.syncEnd = at + world.timings.dcs.resyncSeconds * 1000;
  const generation = ++r.generation;
  world.scheduler.schedule(r.syncEnd, inst.projectId, () => {
    if (r.generation === generation && r.state === 'syncing') {
      r.state = 'healthy';
      r.generation++;
    }
  });
}

/** Sets the replication state directly (timeline events and admin actions). */
export function setReplication(world: World, inst: Instance, state: ReplicationState, at: number): void {
  if (state === 'syncing') {
    startSync(world, inst, at);
    return;
  }
  inst.replication.state = state;
  inst.replication.generation++;
}

/** The asynchronous swap: accepted now, performed when its job finishes. */
export function asyncSwap(world: World, projectId: string, instanceId: string): AsyncSwapOutcome {
  const now = world.now();
  const checked = precheck(world, projectId, instanceId);
  if ('kind' in checked) return checked;
  if (checked.pendingJob) return { kind: 'job-running' };
  const project = world.project(projectId)!;
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
  const total = world.timings.dcs.swapJobSeconds * 1000;
  const initFor = Math.min(1000, Math.floor(total / 2));
  world.scheduler.schedule(now + initFor, projectId, () => {
    if (job.status === 'INIT') job.status = 'RUNNING';
  });
  world.scheduler.schedule(now + total, projectId, (at) => finishJob(world, checked, job, at));
  return { kind: 'accepted', job };
}

const FAIL_REASONS: Record<string, string> = {
  syncing: 'master and standby are performing the initial data synchronization',
  broken: 'master standby status abnormal, master_link_status:down',
  internal: 'internal service error',
  'not-running': 'The instance status is not running.',
};

function finishJob(world: World, inst: Instance, job: SwapJob, at: number): void {
  if (inst.pendingJob !== job) return;
  inst.pendingJob = null;
  const outcome: SwapOutcome = inst.status === 'RUNNING' ? performSwap(world, inst, at) : { kind: 'not-running', status: inst.status };
  job.endTime = at;
  if (outcome.kind === 'swapped') {
    job.status = 'SUCCESS';
  } else {
    job.status = 'FAIL';
    job.failReason = FAIL_REASONS[outcome.kind] ?? 'Master standby swap failed.';
  }
}

function rememberJob(project: Project, job: SwapJob): void {
  project.jobs.set(job.id, job);
  if (project.jobs.size <= MAX_JOBS_PER_PROJECT) return;
  for (const [id, old] of project.jobs) {
    if (old.status === 'SUCCESS' || old.status === 'FAIL') {
      project.jobs.delete(id);
      return;
    }
  }
}

export function getJob(world: World, projectId: string, jobId: string): SwapJob | undefined {
  world.now();
  return world.project(projectId)?.jobs.get(jobId);
}
