/** Scenario → world: each service builds its model and its part of every project, the same way on every reset. */
import { type Clock } from '../core/clock.js';
import { World } from '../core/world.js';
import { projectNetwork } from '../core/network.js';
import { type ServiceRegistry } from '../core/registry.js';
import { type ProjectContext, type ProjectEntry } from '../core/service.js';
import { type ScenarioSpec } from './schema.js';

export const DEFAULT_SEED = 1;
export const DEFAULT_REGION = 'cn-north-4';

function putProject(spec: ScenarioSpec, registry: ServiceRegistry, world: World, entry: ProjectEntry): void {
  const seed = spec.seed ?? DEFAULT_SEED;
  const region = spec.region ?? DEFAULT_REGION;
  const project: ProjectContext = { id: entry.id, seed, region, network: projectNetwork(seed, entry.id, region), now: world.clock.now() };
  world.projects.set(entry.id, project);
  for (const service of registry.services) service.scenario.buildProject(world.model(service), project, entry);
}

export function buildWorld(spec: ScenarioSpec, registry: ServiceRegistry, clock: Clock): World {
  const world = new World(clock);
  for (const service of registry.services) {
    world.setModel(service.name, service.scenario.createModel({
      scheduler: world.scheduler,
      timings: spec.timings?.[service.name] ?? {},
      options: spec.options?.[service.name] ?? {},
    }));
  }
  for (const entry of spec.projects) putProject(spec, registry, world, entry);
  return world;
}

/** Rebuilds one project from its scenario entry; false when the scenario has no such project. */
export function resetProject(spec: ScenarioSpec, registry: ServiceRegistry, world: World, projectId: string): boolean {
  const entry = spec.projects.find((p) => p.id === projectId);
  if (!entry) return false;
  world.scheduler.clear(projectId);
  putProject(spec, registry, world, entry);
  return true;
}

/** The project a resource of any service belongs to, or undefined. */
export function projectOfResource(world: World, registry: ServiceRegistry, id: string): string | undefined {
  for (const service of registry.services) {
    const found = service.state.find(world.model(service), id);
    if (found) return found.project;
  }
  return undefined;
}
