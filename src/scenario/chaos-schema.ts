/**
 * Schemas of the chaos parts of a scenario (also accepted by the admin API): fault rules,
 * timeline events / admin actions, and examples. Rules and actions are composed from what
 * the running services declare (operation names, rule outcomes, action names and fields).
 * Structure is checked by TypeBox; what TypeBox cannot say (exactly one action, references
 * to existing resources, node indexes) by the functions below, with the same path-precise issues.
 */
import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import { type ServiceRegistry } from '../core/registry.js';
import { type ActionInput, type ResourceRef } from '../core/service.js';
import { type RuleSpec } from '../core/rules.js';
import { ProjectIdSchema, UuidSchema, oneOf } from './parts.js';
import { type Issue } from './issues.js';

const closed = { additionalProperties: false } as const;

/** The core's rule actions; services add their own keys beside them. */
const CORE_RULE_ACTIONS = {
  status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599, expected: 'an HTTP status from 400 to 599' })),
  error_code: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  error_msg: Type.Optional(Type.String({ maxLength: 1024 })),
  delay: Type.Optional(Type.Object({
    ms: Type.Integer({ minimum: 0, maximum: 120_000, expected: 'milliseconds from 0 to 120000' }),
    jitter: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000, expected: 'milliseconds from 0 to 60000' })),
  }, closed)),
  drop: Type.Optional(Type.Literal(true, { expected: 'true' })),
  hang: Type.Optional(Type.Object({ maxMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 600_000, expected: 'milliseconds from 1 to 600000' })) }, closed)),
  malformed: Type.Optional(Type.Object({
    status: Type.Optional(Type.Integer({ minimum: 200, maximum: 599, expected: 'an HTTP status from 200 to 599' })),
    body: Type.Optional(Type.String({ maxLength: 4096 })),
  }, closed)),
};
const CORE_ACTION_KEYS = ['status', 'delay', 'drop', 'hang', 'malformed'] as const;

export const ExampleSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    /** Virtual seconds to let pass before the request. */
    advance: Type.Optional(Type.Number({ minimum: 0, maximum: 86400 })),
    /** Send the same request this many times, expecting the same answer each time. */
    repeat: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    request: Type.Object({
      method: oneOf(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'] as const),
      path: Type.String({ pattern: '^/', expected: 'a path starting with /' }),
      headers: Type.Optional(Type.Record(Type.String(), Type.String())),
      body: Type.Optional(Type.String({ maxLength: 65536 })),
    }, closed),
    response: Type.Object({
      status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599 })),
      /** The whole JSON body, exactly. */
      body: Type.Optional(Type.Unknown()),
      /** A part of the JSON body (keys given must match; others are free). */
      match: Type.Optional(Type.Unknown()),
      /** The raw body text, exactly (for malformed bodies). */
      text: Type.Optional(Type.String()),
      /** The connection is closed with no response. */
      dropped: Type.Optional(Type.Literal(true)),
      /** At least this many milliseconds pass before the answer. */
      minDelayMs: Type.Optional(Type.Integer({ minimum: 0 })),
    }, closed),
  },
  closed,
);

export type Example = Static<typeof ExampleSchema>;


/** A timeline event: an action and when. */
export interface EventInput extends ActionInput {
  readonly at: number;
}

/** The rule, action and event schemas of one set of services. */
export interface ChaosSchemas {
  readonly rule: TObject;
  readonly action: TObject;
  readonly event: TObject;
}

/**
 * A fault rule's schema. The operation names and the services' own actions (`outcomes`) depend on
 * the services: the admin API and the loader give the running ones; the admin client's types come
 * from the same function, with any operation name.
 */
export function ruleSchema<Op extends TSchema, Out extends TProperties>(operation: Op, outcomes: Out, operationExpected: string) {
  return Type.Object(
    {
      id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', expected: 'an id of letters, digits, _ . - (at most 64)' })),
      operation: Type.Optional(Type.Union([operation, Type.Array(operation, { minItems: 1, maxItems: 16 })], { expected: operationExpected })),
      project: Type.Optional(ProjectIdSchema),
      resource: Type.Optional(UuidSchema),
      nth: Type.Optional(Type.Integer({ minimum: 1, expected: 'a call number from 1' })),
      after: Type.Optional(Type.Integer({ minimum: 0, expected: 'a number of calls from 0' })),
      times: Type.Optional(Type.Integer({ minimum: 1, expected: 'a number of times from 1' })),
      probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1, expected: 'a probability from 0 to 1' })),
      /** Seed of the rule's own random stream (default: the scenario's seed and the rule's id). */
      seed: Type.Optional(Type.Union([Type.Integer(), Type.String({ minLength: 1, maxLength: 128 })], { expected: 'an integer or a string' })),
      action: Type.Object({ ...outcomes, ...CORE_RULE_ACTIONS }, closed),
    },
    closed,
  );
}

/** An action's schema (`POST /_mock/actions`, and an event without `at`): its name and the services' fields. */
export const actionSchema = <A extends TSchema, F extends TProperties>(action: A, fields: F) => Type.Object({ action, ...fields }, closed);

export function chaosSchemas(registry: ServiceRegistry): ChaosSchemas {
  const operations = [...registry.operationNames(), '*'];
  const outcomes: TProperties = {};
  for (const outcome of registry.ruleOutcomes) outcomes[outcome.key] = Type.Optional(outcome.schema);
  const rule = ruleSchema(oneOf(operations), outcomes, `an operation or a list of them: ${operations.join(', ')}`);
  const fields: TProperties = {};
  for (const service of registry.services) {
    for (const [key, schema] of Object.entries(service.actions?.fields ?? {})) {
      if (key === 'action' || (key in fields && JSON.stringify(fields[key]) !== JSON.stringify(schema))) throw new Error(`action field ${key} of ${service.name} clashes with another service's`);
      fields[key] = schema;
    }
  }
  const action = actionSchema(oneOf(registry.actionNames()), fields);
  return {
    rule,
    action,
    event: Type.Object({ at: Type.Number({ minimum: 0, maximum: 31_536_000, expected: 'seconds after the scenario starts (0 to 31536000)' }), ...action.properties }, closed),
  };
}

/** What a reference points at: used to refuse rules and actions naming unknown resources. */
export type ResourceLookup = (id: string) => ResourceRef | Omit<ResourceRef, 'project'> | undefined;

/** `a, b or c`. */
const either = (items: readonly string[]): string => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`);

export function ruleIssues(registry: ServiceRegistry, rule: RuleSpec, path: string, lookup: ResourceLookup): Issue[] {
  const issues: Issue[] = [];
  const outcomes = registry.ruleOutcomes;
  const keys = [...outcomes.map((o) => o.key), ...CORE_ACTION_KEYS];
  const present = keys.filter((k) => rule.action[k] !== undefined);
  if (present.length !== 1) {
    issues.push({ path: `${path}.action`, message: present.length === 0 ? `expected one of ${keys.join(', ')}` : `expected exactly one of ${keys.join(', ')}, got ${present.join(' and ')}` });
  }
  if ((rule.action.error_code !== undefined || rule.action.error_msg !== undefined) && rule.action.status === undefined) {
    issues.push({ path: `${path}.action`, message: 'error_code and error_msg go with status' });
  }
  for (const outcome of outcomes) {
    if (rule.action[outcome.key] === undefined) continue;
    const ops = rule.operation === undefined ? ['*'] : typeof rule.operation === 'string' ? [rule.operation] : rule.operation;
    if (ops.some((op) => !outcome.operations.includes(op))) {
      issues.push({ path: `${path}.operation`, message: `a ${outcome.key} rule needs operation ${either(outcome.operations)}` });
    }
  }
  if (rule.resource !== undefined && !lookup(rule.resource)) {
    issues.push({ path: `${path}.resource`, message: `unknown resource ${rule.resource}: no ${either(registry.resourceKinds())} has this id` });
  }
  if (rule.nth !== undefined && (rule.after !== undefined || rule.times !== undefined)) {
    issues.push({ path: `${path}.nth`, message: 'nth fires once: it does not combine with after or times' });
  }
  return issues;
}

/**
 * The checks of the service that declares the action (its name is already checked by the
 * schema), and no field of another service's actions.
 */
export function actionIssues(registry: ServiceRegistry, action: ActionInput, path: string, lookup: ResourceLookup): Issue[] {
  const actions = registry.serviceOfAction(action.action)?.actions;
  if (!actions) return [];
  const issues = actions.check(action, path, lookup);
  for (const key of Object.keys(action)) {
    if (key !== 'action' && key !== 'at' && !(key in actions.fields)) issues.push({ path: `${path}.${key}`, message: `not used by ${action.action}` });
  }
  return issues;
}
