/**
 * What a running mock holds: the services, the loaded scenario, the clock, the world built
 * from them, the fault rules, the credential checks and the request journal. Reset and
 * scenario loads replace state here, so routes always read `runtime.world` and never keep
 * a stale reference.
 *
 * Calls that wait (a delay or a hang from a fault rule) are tracked as pending: a reset, a
 * scenario load or close cancels them, and each call remembers the epoch it started in, so
 * a call of the old state never touches the new state or its journal.
 */
import { type Clock } from './clock.js';
import { Random } from './random.js';
import { type World } from './world.js';
import { type ServiceRegistry } from './registry.js';
import { RuleBook } from './rules.js';
import { Journal, DEFAULT_JOURNAL_SIZE } from './journal.js';
import { EventHub, type StateReason } from './events.js';
import { type ActionInput, type AnyService, type ServiceModule } from './service.js';
import { buildWorld, buildWorldInSlices, resetProject, projectOfResource, DEFAULT_SEED } from '../scenario/build.js';
import { type LoadLimits, type Scenario } from '../scenario/load.js';
import { Authenticator, DEV_CREDENTIAL, DEV_TOKEN, type AuthMode, type IssuedTokens } from '../auth/authenticator.js';

export interface RuntimeOptions {
  /** Entries kept in the request journal (default 1000). */
  readonly journalSize?: number;
  /** Authentication mode; overrides the scenario's `auth.mode` (default lenient). */
  readonly authMode?: AuthMode;
  /** The most objects a scenario loaded at run time may make (default DEFAULT_MAX_OBJECTS). */
  readonly maxObjects?: number;
}

/** A route of the app, as registered (for checks that every emulated route takes the pipeline). */
export interface RouteRecord {
  readonly method: string;
  readonly url: string;
  /** The emulated operation, for routes registered through a service's `define`. */
  readonly operation: string | null;
  /** Whether the handler is one the pipeline made (emulated routes and their "no such method" stand-ins). */
  readonly pipeline: boolean;
  /** Response schemas by status (`200`, `4xx`, …), as the route declares them. */
  readonly response?: Readonly<Record<string, unknown>>;
}

/** A call waiting on a timer (delay, hang): cancelled by a reset, a scenario load or close. */
export interface Pending {
  readonly project: string | undefined;
  /** When it falls due (wall clock, ms). */
  readonly dueAt: number;
  /** Stops the wait: clears its timer and closes its connection with no answer (reset, scenario load). */
  cancel(): void;
  /** Ends the wait at once with the gateway's answer (shutdown): 504 for a hang, 502 for a delay cut short. */
  expire(): void;
}

export class MockRuntime {
  #world!: World;
  #scenario: Scenario;
  #rules!: RuleBook;
  #jitter!: Random;
  #auth!: Authenticator;
  #epoch = 0;
  readonly #pending = new Set<Pending>();
  #timelineStart = new Map<string, number>();
  readonly journal: Journal;
  /** What happens, for live watchers (`GET /_mock/events`); records nothing until one connects. */
  readonly events = new EventHub();
  /** On a real clock watched live: the timer that runs the next transition when it falls due. */
  #ticker: NodeJS.Timeout | undefined;
  #tickAt = Number.POSITIVE_INFINITY;
  /** What a scenario loaded at run time is checked against (`PUT /_mock/scenario`). */
  readonly limits: LoadLimits;
  /** Every route of the app, filled in as they are registered. */
  readonly routes: RouteRecord[] = [];
  readonly #authMode: AuthMode | undefined;

  constructor(readonly registry: ServiceRegistry, scenario: Scenario, readonly clock: Clock, options: RuntimeOptions = {}) {
    this.#scenario = scenario;
    this.#authMode = options.authMode;
    this.journal = new Journal(options.journalSize ?? DEFAULT_JOURNAL_SIZE);
    this.limits = { maxObjects: options.maxObjects };
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

  /** Bumped by every reset and scenario load: a call started in an older epoch records nothing. */
  get epoch(): number {
    return this.#epoch;
  }

  /** Calls waiting on a delay or a hang. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** The model of one service. */
  model<M>(service: ServiceModule<M, string>): M {
    return this.#world.model(service);
  }

  /** Projects, then each service's own counts (`instances`, …), in registry order. */
  counts(): Record<string, number> {
    const out: Record<string, number> = { projects: this.#world.projects.size };
    for (const service of this.registry.services) Object.assign(out, service.state.counts(this.#world.model(service)));
    return out;
  }

  /** Back to the scenario's initial state: everything, or one project. False for an unknown project. */
  reset(projectId?: string): boolean {
    if (projectId === undefined) {
      this.#cancelPending();
      this.#rebuild();
      this.journal.clear();
      this.events.publish('resync', {});
      return true;
    }
    if (!resetProject(this.#scenario.spec, this.registry, this.#world, projectId)) return false;
    this.#cancelPending(projectId);
    this.#scheduleEvents(projectId);
    this.#rules.resetProject(projectId);
    this.journal.clear(projectId);
    this.events.publish('resync', {});
    return true;
  }

  /**
   * Replaces one project (the scenario, already validated, differs from the running one only in
   * that project): that project is rebuilt as by a project reset; the others are untouched.
   */
  loadProject(scenario: Scenario, projectId: string): void {
    this.#scenario = scenario;
    this.reset(projectId);
  }

  /**
   * A full reset, or a scenario load, with the world built in slices (see `buildWorldInSlices`):
   * calls keep being answered from the world in use until the new one is ready, then it takes
   * over at once. What the admin API uses; `reset()` and `load()` do the same in one go.
   */
  async rebuildInSlices(scenario: Scenario = this.#scenario): Promise<void> {
    const world = await buildWorldInSlices(scenario.spec, this.registry, this.clock);
    this.#cancelPending();
    this.#scenario = scenario;
    this.#install(world);
    this.journal.clear();
    this.events.publish('resync', {});
  }

  /** Replaces the scenario (already validated) and rebuilds everything from it. */
  load(scenario: Scenario): void {
    this.#cancelPending();
    this.#scenario = scenario;
    this.#rebuild();
    this.journal.clear();
    this.events.publish('resync', {});
  }

  /**
   * Shutting down within `graceMs`: delayed calls that fall due within it are answered normally;
   * hung calls, and delays that would outlast it, get the gateway's answer at once; whatever is
   * still waiting when the grace ends is cancelled. Resolves once nothing waits.
   */
  async drain(graceMs: number): Promise<void> {
    const deadline = Date.now() + graceMs;
    for (const p of [...this.#pending]) {
      if (p.dueAt <= deadline) continue;
      this.#pending.delete(p);
      p.expire();
    }
    while (this.#pending.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(20, deadline - Date.now())));
    }
    this.close();
  }

  /** Cancels every pending call (the app is closing). */
  close(): void {
    this.#cancelPending();
    this.#epoch++;
    this.#disarm();
  }

  /** Tells live watchers that the model changed (a project's resources, or any: null). */
  announceState(project: string | null, reason: StateReason): void {
    this.events.publish('state', { project, reason });
  }

  /**
   * Live watchers connected: from now on transitions are announced when they fall due, also on
   * a real clock with no call to bring the model forward (the ticker runs them on time).
   */
  watch(): void {
    if (this.#ticker === undefined) this.#arm(this.#world.scheduler.nextAt());
  }

  /** The ticker, set for `at` (if no earlier one is set, and only on a real clock someone watches). */
  #arm(at: number | undefined): void {
    if (at === undefined || !this.events.active || this.clock.kind !== 'real' || at >= this.#tickAt) return;
    this.#disarm();
    this.#tickAt = at;
    // setTimeout takes at most 2^31 - 1 ms; a farther task gets a timer that only re-arms.
    const wait = Math.min(Math.max(0, at - this.clock.now()), 2 ** 31 - 1);
    this.#ticker = setTimeout(() => {
      this.#ticker = undefined;
      this.#tickAt = Number.POSITIVE_INFINITY;
      try {
        this.#world.catchUp();
      } catch (err) {
        // In a call, a transition that throws is that call's 500; here, nobody's: said, not fatal.
        process.emitWarning(err as Error);
      }
      this.#arm(this.#world.scheduler.nextAt());
    }, wait);
    this.#ticker.unref();
  }

  #disarm(): void {
    clearTimeout(this.#ticker);
    this.#ticker = undefined;
    this.#tickAt = Number.POSITIVE_INFINITY;
  }

  /** Tracks a waiting call until it ends (`done`) or is cancelled. */
  track(pending: Pending): () => void {
    this.#pending.add(pending);
    return () => this.#pending.delete(pending);
  }

  #cancelPending(project?: string): void {
    for (const p of [...this.#pending]) {
      // A project reset cancels that project's calls, and calls that name none (they may touch it).
      if (project !== undefined && p.project !== undefined && p.project !== project) continue;
      this.#pending.delete(p);
      p.cancel();
    }
  }

  #rebuild(): void {
    this.#install(buildWorld(this.#scenario.spec, this.registry, this.clock));
  }

  /** A new world for the scenario, with its rules, credentials and timeline from now on. */
  #install(world: World): void {
    this.#epoch++;
    const spec = this.#scenario.spec;
    const seed = spec.seed ?? DEFAULT_SEED;
    this.#world = world;
    this.#disarm();
    world.scheduler.listener = {
      ran: (task) => this.announceState(task.scope, 'transition'),
      first: (at) => this.#arm(at),
    };
    this.#rules = new RuleBook(seed);
    this.#rules.reset(spec.rules ?? []);
    this.#jitter = Random.for(seed, 'jitter');
    const auth = spec.auth ?? {};
    const builtin = auth.builtin ?? true;
    this.#auth = new Authenticator(
      this.#authMode ?? auth.mode ?? 'lenient',
      [...(builtin ? [DEV_CREDENTIAL] : []), ...(auth.credentials ?? [])],
      [...(builtin ? [DEV_TOKEN] : []), ...(auth.tokens ?? [])],
      this.#issuedTokens(),
    );
    this.#timelineStart = new Map();
    this.#scheduleEvents();
    // Transitions the build scheduled (a sync under way) before anyone listened.
    this.#arm(world.scheduler.nextAt());
  }

  /**
   * Tokens the services issue at run time (a token service's `credentials`), for the gateway:
   * looked up in the current world's models, so a reset or a scenario load forgets them.
   */
  #issuedTokens(): IssuedTokens | undefined {
    const sources = this.registry.credentialSources();
    if (sources.length === 0) return undefined;
    return (token) => {
      for (const service of sources) {
        const grant = service.credentials!.token(this.#world.model(service), token);
        if (grant) return grant;
      }
      return undefined;
    };
  }

  /** When each project's timeline started (its build or last reset), ms: saved with the state. */
  get timelineStarts(): ReadonlyMap<string, number> {
    return this.#timelineStart;
  }

  /** Timeline events, `at` seconds after now (the start or the reset), in file order. */
  #scheduleEvents(onlyProject?: string): void {
    const start = this.clock.now();
    for (const id of this.#world.projects.keys()) if (onlyProject === undefined || id === onlyProject) this.#timelineStart.set(id, start);
    this.#scheduleTimeline((project) => (onlyProject === undefined || project === onlyProject ? start : undefined), Number.NEGATIVE_INFINITY);
  }

  /**
   * A restored state's timeline: each project's events from its saved start, those still to come
   * after `now` (the others ran before the state was saved).
   */
  resumeTimeline(starts: Readonly<Record<string, number>>, now: number): void {
    this.#timelineStart = new Map(Object.entries(starts));
    this.#scheduleTimeline((project) => starts[project], now);
  }

  #scheduleTimeline(startOf: (project: string) => number | undefined, after: number): void {
    const world = this.#world;
    for (const event of this.#scenario.spec.events ?? []) {
      const { at, ...action } = event as ActionInput & { at: number };
      const service = this.registry.serviceOfAction(action.action) as AnyService;
      const target = projectOfResource(world, this.registry, service.actions!.target(action));
      const start = target === undefined ? undefined : startOf(target);
      if (target === undefined || start === undefined || start + at * 1000 <= after) continue;
      const model = world.model(service);
      world.scheduler.schedule(start + at * 1000, target, (when) => {
        service.actions!.apply(model, action, when);
      });
    }
  }
}
