/**
 * The whole in-memory world: the projects of the scenario, one model per service, the
 * clock and the scheduler of timed transitions they share. Lookups are Map hits;
 * nothing here copies state per request.
 */
import { type Clock } from './clock.js';
import { Scheduler } from './scheduler.js';
import { type ProjectContext, type ServiceModule } from './service.js';

export class World {
  readonly scheduler = new Scheduler();
  /** Projects of the scenario, by id. */
  readonly projects = new Map<string, ProjectContext>();
  readonly #models = new Map<string, unknown>();

  constructor(readonly clock: Clock) {}

  /**
   * Runs every transition due by the clock's time, in time order, and returns that time.
   * The one step that moves the model through time: the pipeline calls it once per emulated
   * call before the handler, the admin API once per call; nothing else does.
   */
  catchUp(): number {
    const t = this.clock.now();
    const next = this.scheduler.nextAt();
    if (next !== undefined && next <= t) this.scheduler.runDue(t);
    return t;
  }

  /** The model of one service. */
  model<M>(service: ServiceModule<M, string>): M {
    return this.#models.get(service.name) as M;
  }

  setModel(name: string, model: unknown): void {
    this.#models.set(name, model);
  }
}
