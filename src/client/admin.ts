/**
 * A typed client of the admin API (`/_mock/…`) of any running mock: in-process (`startMock`),
 * the command line, or the Docker image. It uses the global `fetch` and imports nothing of the
 * server at run time (types only), so it loads no Fastify.
 */
import type {
  ActionInput, AdvanceAnswer, ClockAnswer, HealthAnswer, JournalEntryView, JournalFilter, ProjectLoadedAnswer, RequestsListFilter,
  ResetAnswer, RuleInput, RuleView, ScenarioLoadedAnswer, StateAnswer,
} from '../admin/schemas.js';
import type { ScenarioSpec } from '../scenario/schema.js';
import type { ProjectEntry } from '../core/service.js';
import { MockAdminError } from './error.js';

export interface MockAdminOptions {
  /** The mock's admin token (`--admin-token`), sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Used instead of the global `fetch` (a proxy agent, a test double). */
  readonly fetch?: typeof fetch;
}

/** How far to move a virtual clock: seconds, or one of `{ seconds }`, `{ ms }`, `{ to }` (a time at or after the mock's). */
export type ClockAdvance = number | { readonly seconds: number } | { readonly ms: number } | { readonly to: string | Date };

/** A scenario document, as a YAML or JSON file holds it (README "Scenario files"). */
export type ScenarioDocument = ScenarioSpec;
/** One project's part of a scenario (`instances:`, `clusters:`, `name:`…); its `id` is the path's. */
export type ProjectDocument = Omit<ProjectEntry, 'id'> & { readonly id?: string };

interface Call {
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /** A string is sent as YAML text, anything else as JSON. */
  readonly body?: unknown;
}

export class MockAdmin {
  /** The mock's base URL, as given (`http://127.0.0.1:8080`). */
  readonly url: string;
  readonly #base: URL;
  readonly #token: string | undefined;
  readonly #fetch: typeof fetch;

  /** The fault rules (README "Fault rules"). */
  readonly rules = {
    /** Adds one rule (answers its view) or a list (answers theirs), at the end; all or nothing. */
    add: (async (input: RuleInput | readonly RuleInput[]) => {
      const { rules } = await this.#call<{ rules: RuleView[] }>('POST', 'rules', { body: input });
      return Array.isArray(input) ? rules : rules[0];
    }) as { (rule: RuleInput): Promise<RuleView>; (rules: readonly RuleInput[]): Promise<RuleView[]> },
    /** Every rule in match order, with its `seen` and `fired` counters. */
    list: async (): Promise<RuleView[]> => (await this.#call<{ rules: RuleView[] }>('GET', 'rules')).rules,
    /** Removes one rule; an unknown id is a MockAdminError (404 `MOCK.NOT_FOUND`). */
    remove: async (id: string): Promise<void> => {
      await this.#call('DELETE', `rules/${encodeURIComponent(id)}`);
    },
    /** Removes every rule; answers how many there were. */
    clear: async (): Promise<number> => (await this.#call<{ removed: number }>('DELETE', 'rules')).removed,
  };

  /** The mock's clock; only a virtual one (`--clock virtual`) can be moved. */
  readonly clock = {
    get: (): Promise<ClockAnswer> => this.#call('GET', 'clock'),
    /**
     * Lets time pass, running every transition and event that falls due, in order. A real clock
     * refuses (409 `MOCK.REAL_CLOCK`). `{ to }` reads the clock first: it must not be in the past.
     */
    advance: async (by: ClockAdvance): Promise<AdvanceAnswer> => this.#call('POST', 'clock/advance', { body: { seconds: await this.#seconds(by) } }),
  };

  /** The journal of the requests made to the emulated APIs. */
  readonly requests = {
    /** The entries matching the filter, oldest first (`limit`: the newest so many). */
    list: async (filter: RequestsListFilter = {}): Promise<JournalEntryView[]> =>
      (await this.#call<{ requests: JournalEntryView[] }>('GET', 'requests', { query: filter })).requests,
    /** How many entries match; an unknown operation name is refused, so a typo cannot count zero. */
    count: async (filter: JournalFilter = {}): Promise<number> => (await this.#call<{ count: number }>('POST', 'requests/count', { body: filter })).count,
    /** Empties the journal; answers how many entries it held. */
    clear: async (): Promise<number> => (await this.#call<{ removed: number }>('DELETE', 'requests')).removed,
  };

  /** Resource actions (README "Timeline and resource actions"): `breakReplication`, `failNode`, … */
  readonly actions = {
    /** Applies one action now; answers it as applied. */
    run: async (action: ActionInput): Promise<ActionInput> => (await this.#call<{ applied: ActionInput }>('POST', 'actions', { body: action })).applied,
  };

  constructor(url: string | URL, options: MockAdminOptions = {}) {
    let base: URL;
    try {
      base = new URL(String(url));
    } catch {
      throw new TypeError(`MockAdmin: expected the mock's URL (http://host:port), got ${JSON.stringify(String(url))}`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError(`MockAdmin: expected an http or https URL, got ${JSON.stringify(String(url))}`);
    // The admin API sits under the URL's path: a mock mounted under a prefix is reached the same way.
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    base.search = '';
    base.hash = '';
    const fetcher = options.fetch ?? globalThis.fetch;
    if (typeof fetcher !== 'function') throw new TypeError('MockAdmin: no global fetch here (Node 18 or later has one); pass { fetch }');
    this.url = String(url);
    this.#base = base;
    this.#token = options.token;
    this.#fetch = fetcher;
  }

  /** Liveness, the scenario loaded, the clock and counts; answers without the admin token. */
  health(): Promise<HealthAnswer> {
    return this.#call('GET', 'health');
  }

  /** Back to the scenario's initial state: everything, or one project (its state, rules and journal entries). */
  reset(project?: string): Promise<ResetAnswer> {
    return this.#call('POST', 'reset', { query: { project } });
  }

  /** Loads a scenario, all or nothing: a document (sent as JSON) or YAML/JSON text. */
  loadScenario(scenario: ScenarioDocument | string): Promise<ScenarioLoadedAnswer> {
    return this.#call('PUT', 'scenario', { body: scenario });
  }

  /** Loads or replaces one project (a document, or YAML/JSON text); the others keep their state. */
  loadProject(id: string, project: ProjectDocument | string): Promise<ProjectLoadedAnswer> {
    return this.#call('PUT', `projects/${encodeURIComponent(id)}`, { body: project });
  }

  /**
   * Everything the model holds, or one project's part of it. With `limit`, each list holds at most
   * its first `limit` items, and `<list>_total` (`instances_total`, …) says how many it has.
   */
  state(project?: string, options: { readonly limit?: number } = {}): Promise<StateAnswer> {
    return this.#call('GET', 'state', { query: { project, limit: options.limit } });
  }

  /** The OpenAPI 3 document of the emulated routes and of the admin API. */
  openapi(): Promise<Record<string, unknown>> {
    return this.#call('GET', 'openapi.json');
  }

  async #seconds(by: ClockAdvance): Promise<number> {
    if (typeof by === 'number') return by;
    const keys = Object.keys(by ?? {});
    if (keys.length !== 1) throw new TypeError(`clock.advance: expected seconds, { seconds }, { ms } or { to }, got ${JSON.stringify(by)}`);
    if ('seconds' in by) return by.seconds;
    if ('ms' in by) return by.ms / 1000;
    const to = by.to instanceof Date ? by.to.getTime() : Date.parse(by.to);
    if (Number.isNaN(to)) throw new TypeError(`clock.advance: { to } expected a time, got ${JSON.stringify(by.to)}`);
    const { now } = await this.clock.get();
    const seconds = (to - Date.parse(now)) / 1000;
    if (seconds < 0) throw new RangeError(`clock.advance: ${new Date(to).toISOString()} is before the mock's time ${now}; the clock only moves forward`);
    return seconds;
  }

  async #call<T>(method: string, path: string, call: Call = {}): Promise<T> {
    const target = new URL(`_mock/${path}`, this.#base);
    for (const [key, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) target.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = {};
    if (this.#token !== undefined) headers.authorization = `Bearer ${this.#token}`;
    let body: string | undefined;
    if (typeof call.body === 'string') {
      headers['content-type'] = 'application/yaml';
      body = call.body;
    } else if (call.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(call.body);
    }
    const what = `${method} ${target.pathname}`;
    let text: string;
    let status: number;
    try {
      const response = await this.#fetch(target, { method, headers, body });
      status = response.status;
      text = await response.text();
    } catch (err) {
      const cause = (err as Error & { cause?: { code?: string } }).cause?.code;
      throw new Error(`hw-mock admin: ${what} at ${target.origin}: ${(err as Error).message}${cause ? ` (${cause})` : ''}`, { cause: err });
    }
    if (status < 200 || status > 299) throw MockAdminError.fromAnswer(status, text, what);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new MockAdminError(status, 'MOCK.UNEXPECTED_ANSWER', `${what}: HTTP ${status}, not JSON: ${JSON.stringify(text.slice(0, 200))}`);
    }
  }
}
