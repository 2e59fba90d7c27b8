/**
 * DWS operations on the model: the switchover (switchback) state machine on the
 * injected clock, and node failure/recovery that make a cluster unbalanced.
 * Serialization: each call runs to completion, so of two switchovers at the same
 * moment the first starts the task and the second meets it (busy).
 */
import {
  type Cluster, type DwsModel, type RunningTask, SWITCHOVER_FAILURE, SWITCHOVER_TASK, isAvailable, isRunningTask, isUnbalanced, taskStatus,
} from './model.js';
import { supportsSwitchover } from './version.js';

export type SwitchoverOutcome =
  | { readonly kind: 'started' }
  /** Balanced, and the scenario says `balancedSwitchover: ok`: 200, nothing changes. */
  | { readonly kind: 'nothing-to-do' }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'version-unsupported'; readonly version: string }
  | { readonly kind: 'busy'; readonly status: string; readonly taskStatus: string }
  | { readonly kind: 'balanced' };

const STARTED: SwitchoverOutcome = Object.freeze({ kind: 'started' });
const NOTHING_TO_DO: SwitchoverOutcome = Object.freeze({ kind: 'nothing-to-do' });
const BALANCED: SwitchoverOutcome = Object.freeze({ kind: 'balanced' });
const NOT_FOUND: SwitchoverOutcome = Object.freeze({ kind: 'not-found' });

export function switchover(model: DwsModel, projectId: string, clusterId: string, now: number): SwitchoverOutcome {
  const c = model.cluster(projectId, clusterId);
  if (!c) return NOT_FOUND;
  if (!supportsSwitchover(c.versionParts)) return { kind: 'version-unsupported', version: c.version };
  const current = taskStatus(c);
  if (!isAvailable(c.status) || isRunningTask(current)) return { kind: 'busy', status: c.status, taskStatus: current };
  if (!isUnbalanced(c)) return model.options.balancedSwitchover === 'ok' ? NOTHING_TO_DO : BALANCED;

  const fails = c.switchoverFails || c.failNextSwitchover;
  c.failNextSwitchover = false;
  const task = { name: SWITCHOVER_TASK, start: now, end: now + model.timings.switchoverSeconds * 1000, fails };
  c.task = task;
  c.failedTask = null;
  c.updatedAt = now;
  scheduleSwitchoverEnd(model, c, task);
  return STARTED;
}

/**
 * The end of a running switchover, at its `end`: primaries back on their designed nodes (those
 * up), or the failure state. Also what a restored state calls to put a running switchover back.
 */
export function scheduleSwitchoverEnd(model: DwsModel, c: Cluster, task: RunningTask): void {
  model.scheduler.schedule(task.end, c.projectId, (at) => {
    if (c.task !== task) return;
    c.task = null;
    c.updatedAt = at;
    if (task.fails) {
      c.failedTask = SWITCHOVER_FAILURE;
      return;
    }
    for (const pair of c.pairs) {
      if (!c.nodes[pair.designedPrimary].down) pair.primaryOn = pair.designedPrimary;
    }
  });
}

/** A node fails: every primary on it moves to its pair's other node; the cluster turns unbalanced. */
export function failNode(cluster: Cluster, node: number, at: number): void {
  const n = cluster.nodes[node];
  if (!n || n.down) return;
  n.down = true;
  for (const pair of cluster.pairs) {
    if (pair.primaryOn !== node) continue;
    const other = pair.designedPrimary === node ? pair.designedStandby : pair.designedPrimary;
    if (other !== node) pair.primaryOn = other;
  }
  cluster.updatedAt = at;
}

/** A node comes back; its former primaries stay where they failed over (still unbalanced). */
export function recoverNode(cluster: Cluster, node: number, at: number): void {
  const n = cluster.nodes[node];
  if (!n || !n.down) return;
  n.down = false;
  cluster.updatedAt = at;
}
