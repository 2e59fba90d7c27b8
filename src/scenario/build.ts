/** Scenario → world: the initial state, rebuilt the same way on every reset. */
import { type Clock } from '../domain/clock.js';
import { Random } from '../domain/random.js';
import { World, DEFAULT_OPTIONS, DEFAULT_TIMINGS, type Project, type Timings, type WorldOptions } from '../domain/world.js';
import { createInstance } from '../domain/dcs/operations.js';
import { type Instance } from '../domain/dcs/instance.js';
import { type Cluster } from '../domain/dws/cluster.js';
import { type ProjectSpec, type ScenarioSpec } from './schema.js';
import { instanceInit, projectNetwork } from './dcs-defaults.js';
import { createCluster } from './dws-defaults.js';

export const DEFAULT_SEED = 1;
export const DEFAULT_REGION = 'cn-north-4';

export function timingsOf(spec: ScenarioSpec): Timings {
  return {
    dcs: { ...DEFAULT_TIMINGS.dcs, ...spec.timings?.dcs },
    dws: { ...DEFAULT_TIMINGS.dws, ...spec.timings?.dws },
  };
}

export function optionsOf(spec: ScenarioSpec): WorldOptions {
  return {
    dcs: { ...DEFAULT_OPTIONS.dcs, ...spec.options?.dcs },
    dws: { ...DEFAULT_OPTIONS.dws, ...spec.options?.dws },
  };
}

export function buildProject(spec: ScenarioSpec, project: ProjectSpec, world: World): Project {
  const seed = spec.seed ?? DEFAULT_SEED;
  const now = world.clock.now();
  const net = projectNetwork(seed, project.id, spec.region ?? DEFAULT_REGION);
  const instances = new Map<string, Instance>();
  for (const inst of project.instances ?? []) {
    instances.set(inst.id, createInstance(instanceInit(seed, project.id, net, inst), world, now));
  }
  const clusters = new Map<string, Cluster>();
  for (const cluster of project.clusters ?? []) {
    clusters.set(cluster.id, createCluster(seed, project.id, net, cluster, now));
  }
  return {
    id: project.id,
    instances,
    clusters,
    jobs: new Map(),
    rng: Random.for(seed, 'jobs', project.id),
  };
}

export function buildWorld(spec: ScenarioSpec, clock: Clock): World {
  const world = new World(clock, timingsOf(spec), optionsOf(spec));
  for (const project of spec.projects) world.putProject(buildProject(spec, project, world));
  return world;
}

/** Rebuilds one project from its scenario entry; false when the scenario has no such project. */
export function resetProject(spec: ScenarioSpec, world: World, projectId: string): boolean {
  const project = spec.projects.find((p) => p.id === projectId);
  if (!project) return false;
  world.scheduler.clear(projectId);
  world.putProject(buildProject(spec, project, world));
  return true;
}
