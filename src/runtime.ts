/**
 * What a running mock holds: the loaded scenario, the clock, the world built from
 * them, the fault rules and the request journal. Reset and scenario swaps replace
 * state here, so routes always read `runtime.world` and never keep a stale reference.
 */
import { type Clock } from './domain/clock.js';
import { Random } from './domain/random.js';
import { type World } from './domain/world.js';
import { applyAction, projectOf, type ModelAction } from './domain/actions.js';
import { buildWorld, resetProject, DEFAULT_SEED } from './scenario/build.js';
import { type Scenario } from './scenario/load.js';
import { RuleBook, type RuleSpec } from './chaos/rules.js';
import { Journal, DEFAULT_JOURNAL_SIZE } from './chaos/journal.js';
import { Authenticator, DEV_CREDENTIAL, DEV_TOKEN, type AuthMode } from './auth/authenticator.js';

export interface RuntimeOptions {
  /** Entries kept in the request journal (default 1000). */
  readonly journalSize?: number;
  /** Authentication mode; overrides the scenario's `auth.mode` (default lenient). */
  readonly authMode?: AuthMode;
}

export class MockRuntime {
  #world!: World;
  #scenario: Scenario;
  #rules!: RuleBook;
  #jitter!: Random;
  #auth!: Authenticator;
  readonly journal: Journal;
  readonly #authMode: AuthMode | undefined;

  constructor(scenario: Scenario, readonly clock: Clock, options: RuntimeOptions = {}) {
    this.#scenario = scenario;
    this.#authMode = options.authMode;
    this.journal = new Journal(options.journalSize ?? DEFAULT_JOURNAL_SIZE);
    this.#rebuild();
  }

  get world(): World {
    return this.#world;
  }

  get scenario(): Scenario {
    return this.#scenario;
  }

  get rules(): RuleBook {
    return this.#rules;
  }

  /** The API gateway's credential checks for the loaded scenario. */
  get auth(): Authenticator {
    return this.#auth;
  }

  /** Seeded generator for delay jitter. */
  get jitter(): Random {
    return this.#jitter;
  }

  /** Back to the scenario's initial state: everything, or one project. False for an unknown project. */
  reset(projectId?: string): boolean {
    if (projectId === undefined) {
      this.#rebuild();
      this.journal.clear();
      return true;
    }
    if (!resetProject(this.#scenario.spec, this.#world, projectId)) return false;
    this.#scheduleEvents(projectId);
    this.#rules.resetProject(projectId);
    this.journal.clear(projectId);
    return true;
  }

  /** Replaces the scenario (already validated) and rebuilds everything from it. */
  load(scenario: Scenario): void {
    this.#scenario = scenario;
    this.#rebuild();
    this.journal.clear();
  }

  #rebuild(): void {
    const spec = this.#scenario.spec;
    const seed = spec.seed ?? DEFAULT_SEED;
    this.#world = buildWorld(spec, this.clock);
    this.#rules = new RuleBook(seed);
    this.#rules.reset((spec.rules ?? []) as RuleSpec[]);
    this.#jitter = Random.for(seed, 'jitter');
    const auth = spec.auth ?? {};
    const builtin = auth.builtin ?? true;
    this.#auth = new Authenticator(
      this.#authMode ?? auth.mode ?? 'lenient',
      [...(builtin ? [DEV_CREDENTIAL] : []), ...(auth.credentials ?? [])],
      [...(builtin ? [DEV_TOKEN] : []), ...(auth.tokens ?? [])],
    );
    this.#scheduleEvents();
  }

  /** Timeline events, `at` seconds after now (the start or the reset), in file order. */
  #scheduleEvents(onlyProject?: string): void {
    const world = this.#world;
    const start = this.clock.now();
    for (const event of this.#scenario.spec.events ?? []) {
      const { at, ...action } = event;
      const resource = 'instance' in action && action.instance ? action.instance : action.cluster!;
      const project = projectOf(world, resource);
      if (project === undefined || (onlyProject !== undefined && project !== onlyProject)) continue;
      world.scheduler.schedule(start + at * 1000, project, (when) => {
        applyAction(world, action as ModelAction, when);
      });
    }
  }
}
