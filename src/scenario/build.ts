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

/** Every step of building one project (each service's, one resource at a time where it says so). */
function* projectSteps(spec: ScenarioSpec, registry: ServiceRegistry, world: World, entry: ProjectEntry, name: string): Generator<unknown> {
  const seed = spec.seed ?? DEFAULT_SEED;
  const region = spec.region ?? DEFAULT_REGION;
  const project: ProjectContext = { id: entry.id, name, seed, region, network: projectNetwork(seed, entry.id, region), now: world.clock.now() };
  world.projects.set(entry.id, project);
  for (const service of registry.services) {
    const steps = service.scenario.buildProject(world.model(service), project, entry);
    if (steps) yield* steps;
  }
}

function putProject(spec: ScenarioSpec, registry: ServiceRegistry, world: World, entry: ProjectEntry, name: string): void {
  for (const _step of projectSteps(spec, registry, world, entry, name));
}

function emptyWorld(spec: ScenarioSpec, registry: ServiceRegistry, clock: Clock): World {
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
  return world;
}

export function buildWorld(spec: ScenarioSpec, registry: ServiceRegistry, clock: Clock): World {
  const world = emptyWorld(spec, registry, clock);
  const names = projectNames(spec);
  for (const entry of spec.projects) putProject(spec, registry, world, entry, names.get(entry.id)!);
  return world;
}

/** Steps built between two chances for other calls to run. */
export const BUILD_SLICE = 5000;

/**
 * The same world as `buildWorld`, built in slices of BUILD_SLICE steps with the event loop free
 * in between: a large reset or scenario load keeps the server answering (the world in use until
 * then is the old one, untouched).
 */
export async function buildWorldInSlices(spec: ScenarioSpec, registry: ServiceRegistry, clock: Clock): Promise<World> {
  const world = emptyWorld(spec, registry, clock);
  const names = projectNames(spec);
  let steps = 0;
  for (const entry of spec.projects) {
    for (const _step of projectSteps(spec, registry, world, entry, names.get(entry.id)!)) {
      if (++steps % BUILD_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }
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
