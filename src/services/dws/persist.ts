/**
 * DWS state across a restart: the live state of every cluster made so far (status, nodes down,
 * where each DN pair's primary is, flags, the running task; one never read is still as its
 * scenario entry says). Put back into clusters freshly built from the
 * same scenario; a running switchover goes back on the clock.
 */
import { type Persistence } from '../../core/service.js';
import { SWITCHOVER_TASK, type ClusterStatus, type DwsModel, type ExtraFlag, type RunningTask } from './model.js';
import { scheduleSwitchoverEnd } from './operations.js';

interface SavedCluster {
  readonly id: string;
  readonly status: ClusterStatus;
  readonly down: readonly boolean[];
  readonly primaryOn: readonly number[];
  readonly extraFlags: readonly ExtraFlag[];
  /** `end` null for a task that never ends (JSON has no Infinity). */
  readonly task: (Omit<RunningTask, 'end'> & { readonly end: number | null }) | null;
  readonly failedTask: string | null;
  readonly switchoverFails: boolean;
  readonly failNextSwitchover: boolean;
  readonly updatedAt: number;
}

export const dwsPersistence: Persistence<DwsModel> = {
  save(model): { projects: { id: string; clusters: SavedCluster[] }[] } {
    return {
      projects: [...model.projects.values()].map((p) => ({
        id: p.id,
        clusters: [...p.clusters.made()].map((c) => ({
          id: c.id,
          status: c.status,
          down: c.nodes.map((n) => n.down),
          primaryOn: c.pairs.map((pair) => pair.primaryOn),
          extraFlags: c.extraFlags,
          task: c.task && { ...c.task, end: Number.isFinite(c.task.end) ? c.task.end : null },
          failedTask: c.failedTask,
          switchoverFails: c.switchoverFails,
          failNextSwitchover: c.failNextSwitchover,
          updatedAt: c.updatedAt,
        })),
      })),
    };
  },

  restore(model, data) {
    for (const saved of (data as { projects: { id: string; clusters: SavedCluster[] }[] }).projects) {
      for (const s of saved.clusters) {
        const c = model.cluster(saved.id, s.id);
        if (!c) throw new Error(`cluster ${s.id} is not in the scenario`);
        if (s.down.length !== c.nodes.length || s.primaryOn.length !== c.pairs.length) throw new Error(`cluster ${s.id}: nodes or DN pairs do not match`);
        c.status = s.status;
        s.down.forEach((down, i) => (c.nodes[i].down = down));
        s.primaryOn.forEach((node, i) => (c.pairs[i].primaryOn = node));
        c.extraFlags = [...s.extraFlags];
        c.task = s.task && { ...s.task, end: s.task.end ?? Number.POSITIVE_INFINITY };
        c.failedTask = s.failedTask;
        c.switchoverFails = s.switchoverFails;
        c.failNextSwitchover = s.failNextSwitchover;
        c.updatedAt = s.updatedAt;
        if (c.task && c.task.name === SWITCHOVER_TASK && Number.isFinite(c.task.end)) scheduleSwitchoverEnd(model, c, c.task);
      }
    }
  },
};
