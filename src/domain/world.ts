/**
 * The whole in-memory world: projects and what they hold, the clock, the scheduler
 * of timed transitions, timings and behaviour options from the scenario.
 * Every lookup is a Map hit; nothing here copies state per request.
 */
import { type Clock } from './clock.js';
import { Scheduler } from './scheduler.js';
import { type Random } from './random.js';
import { type Instance, type SwapJob } from './dcs/instance.js';
import { type Cluster } from './dws/cluster.js';

export interface Timings {
  readonly dcs: { readonly resyncSeconds: number; readonly swapJobSeconds: number };
  readonly dws: { readonly switchoverSeconds: number };
}

export interface WorldOptions {
  readonly dcs: { readonly errorEnvelope: 'current' | 'legacy' };
  readonly dws: { readonly balancedSwitchover: 'error' | 'ok' };
}

export const DEFAULT_TIMINGS: Timings = {
  dcs: { resyncSeconds: 10, swapJobSeconds: 2 },
  dws: { switchoverSeconds: 5 },
};

export const DEFAULT_OPTIONS: WorldOptions = {
  dcs: { errorEnvelope: 'current' },
  dws: { balancedSwitchover: 'error' },
};

/** Jobs kept per project; the oldest finished ones are dropped beyond it. */
export const MAX_JOBS_PER_PROJECT = 1000;

export interface Project {
  readonly id: string;
  readonly instances: Map<string, Instance>;
  readonly clusters: Map<string, Cluster>;
  readonly jobs: Map<string, SwapJob>;
  /** Stream for ids minted at run time (job ids), restarted by a reset. */
  readonly rng: Random;
}

export class World {
  readonly projects = new Map<string, Project>();
  readonly scheduler = new Scheduler();

  constructor(
    readonly clock: Clock,
    public timings: Timings = DEFAULT_TIMINGS,
    public options: WorldOptions = DEFAULT_OPTIONS,
  ) {}

  /** Brings the model up to the clock's time and returns that time. */
  now(): number {
    const t = this.clock.now();
    const next = this.scheduler.nextAt();
    if (next !== undefined && next <= t) this.scheduler.runDue(t);
    return t;
  }

  project(id: string): Project | undefined {
    return this.projects.get(id);
  }

  instance(projectId: string, instanceId: string): Instance | undefined {
    return this.projects.get(projectId)?.instances.get(instanceId);
  }

  cluster(projectId: string, clusterId: string): Cluster | undefined {
    return this.projects.get(projectId)?.clusters.get(clusterId);
  }

  /** Adds or replaces a project (drop its pending transitions first with `scheduler.clear(id)`). */
  putProject(project: Project): void {
    this.projects.set(project.id, project);
  }

  counts(): { projects: number; instances: number; clusters: number; jobs: number } {
    let instances = 0, clusters = 0, jobs = 0;
    for (const p of this.projects.values()) {
      instances += p.instances.size;
      clusters += p.clusters.size;
      jobs += p.jobs.size;
    }
    return { projects: this.projects.size, instances, clusters, jobs };
  }
}
