/**
 * The index of what the running services declare: built once from the list handed to
 * `buildApp`, checked for clashes (two services with one name, an operation outside its
 * service's prefix, one action or rule key claimed twice), then read by the gateway,
 * the rules, the scenario loader and the admin API. O(1) lookups on the request path.
 */
import { type AnyService, type OperationSpec, type RuleOutcome } from './service.js';

export interface OperationEntry {
  readonly name: string;
  readonly service: AnyService;
  readonly spec: OperationSpec;
}

export class ServiceRegistry {
  readonly services: readonly AnyService[];
  readonly #byName = new Map<string, AnyService>();
  readonly #operations = new Map<string, OperationEntry>();
  readonly #actions = new Map<string, AnyService>();
  /** Rule actions the services add, in declaration order. */
  readonly ruleOutcomes: readonly RuleOutcome[];

  constructor(services: readonly AnyService[]) {
    if (services.length === 0) throw new Error('at least one service is needed');
    this.services = services;
    const outcomes = new Map<string, RuleOutcome>();
    for (const service of services) {
      if (!/^[a-z][a-z0-9]*$/.test(service.name)) throw new Error(`service name "${service.name}": expected lowercase letters and digits`);
      if (this.#byName.has(service.name) || service.name === 'gateway') throw new Error(`service name "${service.name}" is taken`);
      this.#byName.set(service.name, service);
      for (const [name, spec] of Object.entries(service.operations) as [string, OperationSpec][]) {
        if (!name.startsWith(`${service.name}.`)) throw new Error(`operation ${name} of service ${service.name}: expected the prefix "${service.name}."`);
        this.#operations.set(name, { name, service, spec });
      }
      for (const action of service.actions?.names ?? []) {
        const other = this.#actions.get(action);
        if (other) throw new Error(`action ${action} is declared by ${other.name} and ${service.name}`);
        this.#actions.set(action, service);
      }
      for (const outcome of service.ruleOutcomes ?? []) {
        if (outcomes.has(outcome.key)) throw new Error(`rule action ${outcome.key} is declared twice`);
        outcomes.set(outcome.key, outcome);
      }
    }
    this.ruleOutcomes = [...outcomes.values()];
  }

  service(name: string): AnyService | undefined {
    return this.#byName.get(name);
  }

  operation(name: string): OperationEntry | undefined {
    return this.#operations.get(name);
  }

  /** Every operation name, in declaration order. */
  operationNames(): string[] {
    return [...this.#operations.keys()];
  }

  /**
   * Every IAM action an operation names, once each: what a `deny` list may name. Operations the
   * gateway lets through without credentials (`noCredentials`) are left out: denying them means nothing.
   */
  iamActions(): string[] {
    return [...new Set([...this.#operations.values()].filter((o) => !o.spec.noCredentials).map((o) => o.spec.iamAction))];
  }

  /** Services that issue credentials at run time (`credentials`), in registry order. */
  credentialSources(): AnyService[] {
    return this.services.filter((s) => s.credentials !== undefined);
  }

  /** The service that declares an action (`breakReplication`). */
  serviceOfAction(action: string): AnyService | undefined {
    return this.#actions.get(action);
  }

  actionNames(): string[] {
    return [...this.#actions.keys()];
  }

  /** Resource kinds of every service (`instance`, `cluster`), for messages. */
  resourceKinds(): string[] {
    return this.services.flatMap((s) => s.resourceKinds);
  }
}
