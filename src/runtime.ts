/**
 * What a running mock holds: the loaded scenario, the clock and the world built
 * from them. Reset and scenario swaps replace state here, so routes always read
 * `runtime.world` and never keep a stale reference.
 */
import { type Clock } from './domain/clock.js';
import { type World } from './domain/world.js';
import { buildWorld, resetProject } from './scenario/build.js';
import { type Scenario } from './scenario/load.js';

export class MockRuntime {
  #world: World;
  #scenario: Scenario;

  constructor(scenario: Scenario, readonly clock: Clock) {
    this.#scenario = scenario;
    this.#world = buildWorld(scenario.spec, clock);
  }

  get world(): World {
    return this.#world;
  }

  get scenario(): Scenario {
    return this.#scenario;
  }

  /** Back to the scenario's initial state: everything, or one project. False for an unknown project. */
  reset(projectId?: string): boolean {
    if (projectId === undefined) {
      this.#world = buildWorld(this.#scenario.spec, this.clock);
      return true;
    }
    return resetProject(this.#scenario.spec, this.#world, projectId);
  }

  /** Replaces the scenario (already validated) and rebuilds the world from it. */
  load(scenario: Scenario): void {
    const world = buildWorld(scenario.spec, this.clock);
    this.#scenario = scenario;
    this.#world = world;
  }
}
