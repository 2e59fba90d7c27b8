/** Scenario → world: each service builds its model and its part of every project, the same way on every reset. */
import { type Clock } from '../core/clock.js';
import { World } from '../core/world.js';
import { projectNetwork } from '../core/network.js';
import { type ServiceRegistry } from '../core/registry.js';
import { type ProjectContext, type ProjectEntry } from '../core/service.js';
import { type ScenarioSpec } from './schema.js';

export const DEFAULT_SEED = 1;
export const DEFAULT_REGION = 'cn-north-4';

/**
 * Every project's name, by id: its `name`, else, as the cloud names a region's projects, the
 * region itself for the first project without one (unless a project is named after the region),
 * and `<region>_<first 8 characters of its id>` for the others. So a lookup by the region's name
 * (what the SDK does for a credential without a project id) finds exactly one project. The
 * loader refuses a scenario whose names (given or derived) repeat.
 */
export function projectNames(spec: Pick<ScenarioSpec, 'projects' | 'region'>): Map<string, string> {
  const region = spec.region ?? DEFAULT_REGION;
  let regionTaken = spec.projects.some((p) => p.name === region);
  const names = new Map<string, string>();
  for (const entry of spec.projects) {
    if (entry.name !== undefined) names.set(entry.id, entry.name);
    else if (!regionTaken) {
      names.set(entry.id, region);
      regionTaken = true;
    } else names.set(entry.id, `${region}_${entry.id.slice(0, 8)}`);
  }
  return names;
}

function putProject(spec: ScenarioSpec, registry: ServiceRegistry, world: World, entry: ProjectEntry, name: string): void {
  const seed = spec.seed ?? DEFAULT_SEED;
  const region = spec.region ?? DEFAULT_REGION;
  const project: ProjectContext = { id: entry.id, name, seed, region, network: projectNetwork(seed, entry.id, region), now: world.clock.now() };
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
      auth: spec.auth ?? {},
      seed: spec.seed ?? DEFAULT_SEED,
    }));
  }
  const names = projectNames(spec);
  for (const entry of spec.projects) putProject(spec, registry, world, entry, names.get(entry.id)!);
  return world;
}

/** Rebuilds one project from its scenario entry; false when the scenario has no such project. */
export function resetProject(spec: ScenarioSpec, registry: ServiceRegistry, world: World, projectId: string): boolean {
  const entry = spec.projects.find((p) => p.id === projectId);
  if (!entry) return false;
  world.scheduler.clear(projectId);
  putProject(spec, registry, world, entry, projectNames(spec).get(projectId)!);
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
