/**
 * The DCS operations of the model: the swap (one operation, shared by the v1.0 and v2
 * routes), the asynchronous swap, the shard switchover of cluster and proxy instances,
 * replica priorities, their jobs, and the replication transitions. Each returns a typed
 * outcome; mapping outcomes to wire shapes is outcomes.ts's job. Time comes in as `now`:
 * the pipeline has already run every transition due by then.
 *
 * Serialization: every operation runs to completion synchronously on the event loop,
 * so two swaps on one instance "at the same moment" are applied one after the other
 * and the second sees the state the first left (the replica syncing: code 1).
 */
import {
  DcsInstance, type DcsModel, type DcsNode, type DcsProject, type Instance, type InstanceInit, type Replication, type ReplicationState,
  type Shard, type SwapJob, MAX_JOBS_PER_PROJECT, SHARDED_MODES, SWAPPABLE_MODES, candidateOf, syncProgress,
} from './model.js';

/** Why an operation did not even start. */
export type Refusal =
  | { readonly kind: 'not-found' }
  | { readonly kind: 'not-supported' }
  | { readonly kind: 'not-running'; readonly status: string }
  | { readonly kind: 'job-running' }
  /** Shard operations on an instance without shards of its own (not cluster or proxy). */
  | { readonly kind: 'not-sharded' }
  | { readonly kind: 'no-group' }
  | { readonly kind: 'no-node' }
  /** The node named is its shard's master: there is nothing to promote. */
  | { readonly kind: 'is-master' };

/** What the replica to promote says (docs/behaviour.md, DCS swap). */
export type PromotionOutcome =
  | { readonly kind: 'swapped' }
  /** Full sync still running (code "1"). */
  | { readonly kind: 'syncing'; readonly progress: number }
  /** Replication link down (code "2"). */
  | { readonly kind: 'broken' }
  /** Internal fault (code "3"). */
  | { readonly kind: 'internal' };

export type SwapOutcome = PromotionOutcome | Refusal;

/** Shared outcome objects: the hot path allocates nothing to say what happened. */
const SWAPPED: PromotionOutcome = Object.freeze({ kind: 'swapped' });
const BROKEN: PromotionOutcome = Object.freeze({ kind: 'broken' });
const INTERNAL: PromotionOutcome = Object.freeze({ kind: 'internal' });
const JOB_RUNNING: Refusal = Object.freeze({ kind: 'job-running' });
const NOT_FOUND: Refusal = Object.freeze({ kind: 'not-found' });
const NOT_SUPPORTED: Refusal = Object.freeze({ kind: 'not-supported' });
const NOT_SHARDED: Refusal = Object.freeze({ kind: 'not-sharded' });
const NO_GROUP: Refusal = Object.freeze({ kind: 'no-group' });
const NO_NODE: Refusal = Object.freeze({ kind: 'no-node' });
const IS_MASTER: Refusal = Object.freeze({ kind: 'is-master' });

export type AsyncSwapOutcome = { readonly kind: 'accepted'; readonly job: SwapJob } | Refusal;
/** Accepted, refused before it starts, or refused by the replica's replication (never `swapped`: that happens in the job). */
export type ShardSwitchoverOutcome = AsyncSwapOutcome | PromotionOutcome;

const replication = (): Replication => ({ state: 'healthy', syncStart: 0, syncEnd: 0, generation: 0 });

export function createInstance(init: InstanceInit, model: DcsModel, now: number): Instance {
  const span = model.timings.resyncSeconds * 1000;
  const shards = init.shards.map((s) => ({
    id: s.id,
    name: s.name,
    nodes: s.nodes.map((n) => ({ id: n.id, azCode: n.azCode, azId: n.azId, ip: n.ip, priority: n.priority, replication: replication() })),
  }));
  const inst: Instance = new DcsInstance(init.projectId, init.id, init.profile, init.status, shards, init.internalFault, init.updatedAt);
  inst.shards.forEach((shard, s) => shard.nodes.forEach((node, i) => {
    if (i === 0) return;
    const from = init.shards[s].nodes[i];
    if (from.replication === 'syncing') startSync(model, inst.projectId, node, now - Math.round((span * from.syncProgress) / 100));
    else node.replication.state = from.replication;
  }));
  return inst;
}

/** Checks that do not depend on replication: existence, status, running job. */
function precheck(model: DcsModel, projectId: string, instanceId: string): Instance | Refusal {
  const inst = model.instance(projectId, instanceId);
  if (!inst) return NOT_FOUND;
  return inst;
}

function ready(inst: Instance): Refusal | undefined {
  if (inst.status !== 'RUNNING') return { kind: 'not-running', status: inst.status };
  if (inst.pendingJob) return JOB_RUNNING;
  return undefined;
}

/** The synchronous swap (v1.0 `PUT …/swap`, v2 `POST …/swap`); a success leaves a finished job record. */
export function swap(model: DcsModel, projectId: string, instanceId: string, now: number): SwapOutcome {
  const inst = precheck(model, projectId, instanceId);
  if ('kind' in inst) return inst;
  if (!SWAPPABLE_MODES.has(inst.profile.cache_mode)) return NOT_SUPPORTED;
  const refused = ready(inst);
  if (refused) return refused;
  const shard = inst.shards[0];
  const outcome = promote(model, inst, shard, candidateOf(shard)!, now);
  if (outcome === SWAPPED) {
    const job = newJob(model, inst, now, null);
    job.status = 'SUCCESS';
    job.endTime = now;
  }
  return outcome;
}

/**
 * Promotes `node` to master of `shard` if its replication allows it: the old master becomes
 * a replica, and every replica of the shard resyncs from the new master.
 */
function promote(model: DcsModel, inst: Instance, shard: Shard, node: DcsNode, at: number): PromotionOutcome {
  if (inst.internalFault) return INTERNAL;
  const r = node.replication;
  if (r.state === 'syncing') return { kind: 'syncing', progress: syncProgress(r, at) };
  if (r.state === 'broken') return BROKEN;
  reseat(model, inst, shard, node, at);
  return SWAPPED;
}

/** Makes `node` the master of `shard` (the old master takes its place); every replica then resyncs. */
function reseat(model: DcsModel, inst: Instance, shard: Shard, node: DcsNode, at: number): void {
  const nodes = shard.nodes;
  const index = nodes.indexOf(node);
  const reordered = [...nodes];
  reordered[index] = nodes[0];
  reordered[0] = node;
  shard.nodes = reordered;
  for (let i = 1; i < reordered.length; i++) startSync(model, inst.projectId, reordered[i], at);
  inst.updatedAt = at;
}

/**
 * A master fails (admin action `failover`): in the shard named, or in every shard, the
 * replica with the best promotion priority (`candidateOf`) takes over whatever its
 * replication state, as a sentinel would; the old master comes back as a replica and every
 * replica resyncs. No job record: nobody called the API. Shards without replicas are left
 * alone; the answer says how many shards changed master.
 */
export function failover(model: DcsModel, inst: Instance, shardId: string | undefined, at: number): number {
  let moved = 0;
  for (const shard of inst.shards) {
    if (shardId !== undefined && shard.id !== shardId) continue;
    const candidate = candidateOf(shard);
    if (!candidate) continue;
    reseat(model, inst, shard, candidate, at);
    moved++;
  }
  return moved;
}

/** Starts a full sync of one replica at `at`; it ends `resyncSeconds` later unless something else happens first. */
export function startSync(model: DcsModel, projectId: string, node: DcsNode, at: number): void {
  const r = node.replication;
  r.state = 'syncing';
  r.syncStart = at;
  r.syncEnd = at + model.timings.resyncSeconds * 1000;
  scheduleSyncEnd(model, projectId, r);
}

/** Schedules the end of a replica's running sync (at its `syncEnd`), superseding any scheduled before. */
export function scheduleSyncEnd(model: DcsModel, projectId: string, r: Replication): void {
  if (r.end) model.scheduler.cancel(r.end);
  const generation = ++r.generation;
  r.end = model.scheduler.schedule(r.syncEnd, projectId, () => {
    r.end = null;
    if (r.generation === generation && r.state === 'syncing') {
      r.state = 'healthy';
      r.generation++;
    }
  });
}

/** A replica's state set from outside (healthy or broken): any running sync stops. */
function settleReplication(model: DcsModel, r: Replication, state: 'healthy' | 'broken'): void {
  if (r.end) {
    model.scheduler.cancel(r.end);
    r.end = null;
  }
  r.state = state;
  r.generation++;
}

/** Sets the replication state of every replica of the instance (timeline events and admin actions). */
export function setReplication(model: DcsModel, inst: Instance, state: ReplicationState, at: number): void {
  for (const shard of inst.shards) {
    for (let i = 1; i < shard.nodes.length; i++) {
      const node = shard.nodes[i];
      if (state === 'syncing') startSync(model, inst.projectId, node, at);
      else settleReplication(model, node.replication, state);
    }
  }
}

/** Ends every running sync of the instance now (admin action `finishSync`). */
export function finishSyncs(model: DcsModel, inst: Instance): void {
  for (const shard of inst.shards) {
    for (const node of shard.nodes.slice(1)) {
      if (node.replication.state === 'syncing') settleReplication(model, node.replication, 'healthy');
    }
  }
}

function newJob(model: DcsModel, inst: Instance, now: number, switchover: { shard: string; node: string } | null): SwapJob {
  const project = model.project(inst.projectId)!;
  const job: SwapJob = {
    id: project.rng.hex(32),
    projectId: inst.projectId,
    instanceId: inst.id,
    type: 'masterStandbySwapJob',
    shard: switchover?.shard ?? null,
    node: switchover?.node ?? null,
    status: 'INIT',
    beginTime: now,
    endTime: null,
    failReason: null,
  };
  rememberJob(project, job);
  return job;
}

/**
 * Runs a job on the clock from its begin time: INIT, then RUNNING after a moment, then at its end
 * the swap or switchover it stands for, if the instance still allows it. Also what a restored
 * state calls to put a pending job back on the clock.
 */
export function scheduleJob(model: DcsModel, inst: Instance, job: SwapJob): void {
  inst.pendingJob = job;
  const total = model.timings.swapJobSeconds * 1000;
  const initFor = Math.min(1000, Math.floor(total / 2));
  if (job.status === 'INIT') {
    model.scheduler.schedule(job.beginTime + initFor, inst.projectId, () => {
      if (job.status === 'INIT') job.status = 'RUNNING';
    });
  }
  model.scheduler.schedule(job.beginTime + total, inst.projectId, (at) => {
    if (inst.pendingJob !== job) return;
    inst.pendingJob = null;
    const outcome = inst.status === 'RUNNING' ? performJob(model, inst, job, at) : { kind: 'not-running' as const, status: inst.status };
    job.endTime = at;
    if (outcome.kind === 'swapped') {
      job.status = 'SUCCESS';
    } else {
      job.status = 'FAIL';
      job.failReason = FAIL_REASONS[outcome.kind] ?? 'Master standby swap failed.';
    }
  });
}

/** What a job does when it ends: the swap (its shard's candidate), or the promotion of the replica it names. */
function performJob(model: DcsModel, inst: Instance, job: SwapJob, at: number): PromotionOutcome | Refusal {
  if (job.shard === null) {
    const shard = inst.shards[0];
    return promote(model, inst, shard, candidateOf(shard)!, at);
  }
  const found = findNode(inst, job.shard, job.node ?? '');
  if ('kind' in found || found.shard.nodes[0] === found.node) return NO_NODE;
  return promote(model, inst, found.shard, found.node, at);
}

/** The asynchronous swap: accepted now, performed when its job finishes. */
export function asyncSwap(model: DcsModel, projectId: string, instanceId: string, now: number): AsyncSwapOutcome {
  const inst = precheck(model, projectId, instanceId);
  if ('kind' in inst) return inst;
  if (!SWAPPABLE_MODES.has(inst.profile.cache_mode)) return NOT_SUPPORTED;
  const refused = ready(inst);
  if (refused) return refused;
  const job = newJob(model, inst, now, null);
  scheduleJob(model, inst, job);
  return { kind: 'accepted', job };
}

/** A shard and one of its nodes, by id. */
function findNode(inst: Instance, groupId: string, nodeId: string): { shard: Shard; node: DcsNode } | Refusal {
  const shard = inst.shards.find((s) => s.id === groupId);
  if (!shard) return NO_GROUP;
  const node = shard.nodes.find((n) => n.id === nodeId);
  if (!node) return NO_NODE;
  return { shard, node };
}

/**
 * Shard switchover of a cluster or proxy instance: promotes replica `nodeId` of shard
 * `groupId` through an async job. A replica that could not be promoted now is refused at
 * once with the swap's codes; the job checks again when it ends.
 */
export function shardSwitchover(model: DcsModel, projectId: string, instanceId: string, groupId: string, nodeId: string, now: number): ShardSwitchoverOutcome {
  const inst = precheck(model, projectId, instanceId);
  if ('kind' in inst) return inst;
  if (!SHARDED_MODES.has(inst.profile.cache_mode)) return NOT_SHARDED;
  const found = findNode(inst, groupId, nodeId);
  if ('kind' in found) return found;
  if (found.shard.nodes[0] === found.node) return IS_MASTER;
  const refused = ready(inst);
  if (refused) return refused;
  if (inst.internalFault) return INTERNAL;
  const r = found.node.replication;
  if (r.state === 'syncing') return { kind: 'syncing', progress: syncProgress(r, now) };
  if (r.state === 'broken') return BROKEN;
  const job = newJob(model, inst, now, { shard: groupId, node: nodeId });
  scheduleJob(model, inst, job);
  return { kind: 'accepted', job };
}

export type PriorityOutcome = { readonly kind: 'set' } | Refusal;
const SET: PriorityOutcome = Object.freeze({ kind: 'set' });

/** Sets a replica's promotion weight (0–100). Any instance with replicas has shards to name. */
export function setPriority(model: DcsModel, projectId: string, instanceId: string, groupId: string, nodeId: string, weight: number, now: number): PriorityOutcome {
  const inst = precheck(model, projectId, instanceId);
  if ('kind' in inst) return inst;
  const found = findNode(inst, groupId, nodeId);
  if ('kind' in found) return found;
  if (found.shard.nodes[0] === found.node) return IS_MASTER;
  if (inst.status !== 'RUNNING') return { kind: 'not-running', status: inst.status };
  found.node.priority = weight;
  inst.updatedAt = now;
  return SET;
}

const FAIL_REASONS: Record<string, string> = {
  syncing: 'master and standby are performing the initial data synchronization',
  broken: 'master standby status abnormal, master_link_status:down',
  internal: 'internal service error',
  'not-running': 'The instance status is not running.',
  'no-node': 'Instance node not found.',
};

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

/** The instance's jobs, newest first. */
export function jobsOf(model: DcsModel, projectId: string, instanceId: string): SwapJob[] {
  const out: SwapJob[] = [];
  for (const job of model.project(projectId)?.jobs.values() ?? []) if (job.instanceId === instanceId) out.push(job);
  return out.reverse();
}
