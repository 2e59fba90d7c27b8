/**
 * Fault rules: what the client sees, on demand. A rule selects calls (operation,
 * project, resource), counts the calls it selects, and fires by call number (`nth`,
 * `after`), up to `times`, with an optional `probability` drawn from a generator
 * seeded by the scenario. The first rule that fires wins. Rules never touch the
 * model: a service code or an HTTP error is an answer, not a state change.
 */
import { Random } from './random.js';

/**
 * What a rule does: exactly one of the core's actions below (the loader checks it), or one a
 * service declares (a `RuleOutcome`, under its own key).
 */
export interface RuleAction {
  /** Answer this status with the service's entry for it (`error_code`/`error_msg` override the entry's). */
  readonly status?: number;
  readonly error_code?: string;
  readonly error_msg?: string;
  readonly delay?: { readonly ms: number; readonly jitter?: number };
  readonly drop?: true;
  readonly hang?: { readonly maxMs?: number };
  readonly malformed?: { readonly status?: number; readonly body?: string };
  readonly [outcome: string]: unknown;
}

/** A rule as a scenario file or the admin API gives it. */
export interface RuleSpec {
  readonly id?: string;
  /** Operation names (`<service>.<operation>`) or `*`. */
  readonly operation?: string | readonly string[];
  readonly project?: string;
  readonly resource?: string;
  readonly nth?: number;
  readonly after?: number;
  readonly times?: number;
  readonly probability?: number;
  /** Seed of this rule's own random stream (default: the scenario's seed and the rule's id). */
  readonly seed?: number | string;
  readonly action: RuleAction;
}

export interface Rule {
  readonly id: string;
  readonly spec: RuleSpec;
  readonly operations: ReadonlySet<string> | null;
  /** From the scenario file (kept by a reset) or added at run time (dropped by a reset). */
  readonly origin: 'scenario' | 'runtime';
  /** Calls this rule selected, and how many times it fired. */
  seen: number;
  fired: number;
  /**
   * Its own random stream (probability draws): calls that reach one rule never shift
   * another rule's pattern, so parallel tests on different rules stay deterministic.
   */
  rng: Random;
}

export interface Call {
  readonly operation: string;
  readonly project: string | undefined;
  readonly resource: string | undefined;
}

/** Default upper bound of a hang when a rule gives none: the client gives up first. */
export const DEFAULT_HANG_MS = 60_000;

export class RuleBook {
  #rules: Rule[] = [];
  #nextId = 1;

  constructor(private readonly seed: number | string) {}

  #stream(spec: RuleSpec, id: string): Random {
    return spec.seed !== undefined ? Random.for(spec.seed, 'rule') : Random.for(this.seed, 'rule', id);
  }

  get size(): number {
    return this.#rules.length;
  }

  list(): readonly Rule[] {
    return this.#rules;
  }

  add(spec: RuleSpec, origin: Rule['origin']): Rule {
    const ops = spec.operation === undefined ? ['*'] : Array.isArray(spec.operation) ? spec.operation : [spec.operation as string];
    const id = spec.id ?? `rule-${this.#nextId}`;
    const rule: Rule = {
      id,
      spec,
      operations: ops.includes('*') ? null : new Set(ops),
      origin,
      seen: 0,
      fired: 0,
      rng: this.#stream(spec, id),
    };
    this.#nextId++;
    this.#rules.push(rule);
    return rule;
  }

  has(id: string): boolean {
    return this.#rules.some((r) => r.id === id);
  }

  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.id !== id);
    return this.#rules.length !== before;
  }

  clear(): void {
    this.#rules = [];
  }

  /** Back to the scenario's rules, counters at zero, streams restarted. */
  reset(scenarioRules: readonly RuleSpec[]): void {
    this.#rules = [];
    this.#nextId = 1;
    for (const spec of scenarioRules) this.add(spec, 'scenario');
  }

  /**
   * A project reset: the rules bound to that project start over (counters at zero, streams
   * restarted) and the ones added at run time for it go; rules of other projects, or of none,
   * are untouched.
   */
  resetProject(project: string): void {
    this.#rules = this.#rules.filter((r) => r.spec.project !== project || r.origin === 'scenario');
    for (const r of this.#rules) {
      if (r.spec.project !== project) continue;
      r.seen = r.fired = 0;
      r.rng = this.#stream(r.spec, r.id);
    }
  }

  save(): SavedRules {
    return { nextId: this.#nextId, rules: this.#rules.map((r) => ({ id: r.id, spec: r.spec, origin: r.origin, seen: r.seen, fired: r.fired, rng: r.rng.state })) };
  }

  /** The rules as saved (replacing all of them). */
  restore(saved: SavedRules): void {
    this.#rules = [];
    for (const r of saved.rules) {
      const rule = this.add({ ...r.spec, id: r.id }, r.origin);
      rule.seen = r.seen;
      rule.fired = r.fired;
      rule.rng.state = r.rng;
    }
    this.#nextId = saved.nextId;
  }

  /** The rule that fires for this call, if any. Every selecting rule counts the call. */
  match(call: Call): Rule | undefined {
    let winner: Rule | undefined;
    for (const rule of this.#rules) {
      const s = rule.spec;
      if (rule.operations && !rule.operations.has(call.operation)) continue;
      if (s.project !== undefined && s.project !== call.project) continue;
      if (s.resource !== undefined && s.resource !== call.resource) continue;
      rule.seen++;
      if (winner) continue;
      if (s.nth !== undefined && rule.seen !== s.nth) continue;
      if (s.after !== undefined && rule.seen <= s.after) continue;
      if (s.times !== undefined && rule.fired >= s.times) continue;
      if (s.probability !== undefined && !(rule.rng.next() < s.probability)) continue;
      rule.fired++;
      winner = rule;
    }
    return winner;
  }
}

/** A rule book as saved with the mock's state: every rule, its counters and where its stream stands. */
export interface SavedRules {
  readonly nextId: number;
  readonly rules: readonly { readonly id: string; readonly spec: RuleSpec; readonly origin: Rule['origin']; readonly seen: number; readonly fired: number; readonly rng: [number, number, number, number] }[];
}

/** The delay to apply, with its jitter drawn from the seeded generator. */
export function delayMs(action: { delay: { ms: number; jitter?: number } }, rng: Random): number {
  const { ms, jitter = 0 } = action.delay;
  return jitter > 0 ? Math.max(0, ms + Math.round((rng.next() * 2 - 1) * jitter)) : ms;
}
