/**
 * DCS state across a restart: the live state of every instance made so far (status, fault, node
 * roles, weights, each replica's replication; one never read is still as its scenario entry
 * says), the jobs and where each project's job-id stream stands. Put back into instances freshly
 * built from the same scenario; running syncs and jobs go back on the clock.
 */
import { type Persistence } from '../../core/service.js';
import { type DcsModel, type InstanceStatus, type ReplicationState, type SwapJob } from './model.js';
import { scheduleJob, scheduleSyncEnd } from './operations.js';

interface SavedNode {
  readonly id: string;
  readonly priority: number;
  readonly state: ReplicationState;
  readonly syncStart: number;
  readonly syncEnd: number;
}

interface SavedInstance {
  readonly id: string;
  readonly status: InstanceStatus;
  readonly internalFault: boolean;
  readonly updatedAt: number;
  readonly pendingJob: string | null;
  readonly shards: readonly { readonly id: string; readonly nodes: readonly SavedNode[] }[];
}

interface SavedProject {
  readonly id: string;
  readonly rng: [number, number, number, number];
  readonly instances: readonly SavedInstance[];
  readonly jobs: readonly SwapJob[];
}

export const dcsPersistence: Persistence<DcsModel> = {
  save(model): { projects: SavedProject[] } {
    return {
      projects: [...model.projects.values()].map((p) => ({
        id: p.id,
        rng: p.rng.state,
        jobs: [...p.jobs.values()],
        instances: [...p.instances.made()].map((i) => ({
          id: i.id,
          status: i.status,
          internalFault: i.internalFault,
          updatedAt: i.updatedAt,
          pendingJob: i.pendingJob?.id ?? null,
          shards: i.shards.map((s) => ({
            id: s.id,
            nodes: s.nodes.map((n) => ({ id: n.id, priority: n.priority, state: n.replication.state, syncStart: n.replication.syncStart, syncEnd: n.replication.syncEnd })),
          })),
        })),
      })),
    };
  },

  restore(model, data) {
    for (const saved of (data as { projects: SavedProject[] }).projects) {
      const project = model.project(saved.id);
      if (!project) throw new Error(`DCS project ${saved.id} is not in the scenario`);
      project.rng.state = saved.rng;
      project.jobs.clear();
      for (const job of saved.jobs) project.jobs.set(job.id, { ...job });
      for (const s of saved.instances) {
        const inst = project.instances.get(s.id);
        if (!inst) throw new Error(`instance ${s.id} is not in the scenario`);
        inst.status = s.status;
        inst.internalFault = s.internalFault;
        inst.updatedAt = s.updatedAt;
        for (const savedShard of s.shards) {
          const shard = inst.shards.find((x) => x.id === savedShard.id);
          if (!shard || shard.nodes.length !== savedShard.nodes.length) throw new Error(`instance ${s.id}: shard ${savedShard.id} does not match`);
          const byId = new Map(shard.nodes.map((n) => [n.id, n]));
          shard.nodes = savedShard.nodes.map((sn) => {
            const node = byId.get(sn.id);
            if (!node) throw new Error(`instance ${s.id}: node ${sn.id} does not match`);
            node.priority = sn.priority;
            const r = node.replication;
            r.end = null;
            r.state = sn.state;
            r.syncStart = sn.syncStart;
            r.syncEnd = sn.syncEnd;
            if (r.state === 'syncing') scheduleSyncEnd(model, inst.projectId, r);
            return node;
          });
        }
        inst.pendingJob = null;
        const job = s.pendingJob === null ? undefined : project.jobs.get(s.pendingJob);
        if (job && (job.status === 'INIT' || job.status === 'RUNNING')) scheduleJob(model, inst, job);
      }
    }
  },
};
