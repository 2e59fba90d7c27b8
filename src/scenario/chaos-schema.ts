/**
 * Schemas of the chaos parts of a scenario (also accepted by the admin API): fault
 * rules, timeline events / admin actions, and examples. Structure is checked by
 * TypeBox; what TypeBox cannot say (exactly one action, references to existing
 * resources, node indexes) by the functions below, with the same path-precise issues.
 */
import { Type, type Static } from '@sinclair/typebox';
import { OPERATIONS, SWAP_OPERATIONS } from '../chaos/rules.js';
import { ACTIONS, CLUSTER_ACTIONS, INSTANCE_ACTIONS } from '../domain/actions.js';
import { INSTANCE_STATUSES } from '../domain/dcs/instance.js';
import { CLUSTER_STATUSES } from '../domain/dws/cluster.js';
import { ProjectIdSchema, UuidSchema, oneOf } from './schema-parts.js';
import { type Issue } from './issues.js';

const closed = { additionalProperties: false } as const;
const OperationName = oneOf([...OPERATIONS, '*'] as const);

export const RuleActionSchema = Type.Object(
  {
    dcsCode: Type.Optional(oneOf(['1', '2', '3'] as const)),
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
  },
  closed,
);

export const RuleSchema = Type.Object(
  {
    id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', expected: 'an id of letters, digits, _ . - (at most 64)' })),
    operation: Type.Optional(Type.Union([OperationName, Type.Array(OperationName, { minItems: 1, maxItems: 16 })], { expected: `an operation or a list of them: ${[...OPERATIONS, '*'].join(', ')}` })),
    project: Type.Optional(ProjectIdSchema),
    resource: Type.Optional(UuidSchema),
    nth: Type.Optional(Type.Integer({ minimum: 1, expected: 'a call number from 1' })),
    after: Type.Optional(Type.Integer({ minimum: 0, expected: 'a number of calls from 0' })),
    times: Type.Optional(Type.Integer({ minimum: 1, expected: 'a number of times from 1' })),
    probability: Type.Optional(Type.Number({ minimum: 0, maximum: 1, expected: 'a probability from 0 to 1' })),
    action: RuleActionSchema,
  },
  closed,
);

const actionFields = {
  action: oneOf(ACTIONS),
  instance: Type.Optional(UuidSchema),
  cluster: Type.Optional(UuidSchema),
  node: Type.Optional(Type.Integer({ minimum: 0, maximum: 255, expected: 'a node index (0-based)' })),
  status: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  fault: Type.Optional(Type.Boolean()),
};

export const ActionSchema = Type.Object(actionFields, closed);
export const EventSchema = Type.Object(
  { at: Type.Number({ minimum: 0, maximum: 31_536_000, expected: 'seconds after the scenario starts (0 to 31536000)' }), ...actionFields },
  closed,
);

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

export type RuleSpecInput = Static<typeof RuleSchema>;
export type ActionInput = Static<typeof ActionSchema>;
export type EventInput = Static<typeof EventSchema>;
export type Example = Static<typeof ExampleSchema>;

const ACTION_KEYS = ['dcsCode', 'status', 'delay', 'drop', 'hang', 'malformed'] as const;

/** What a reference points at: used to refuse rules and events naming unknown resources. */
export type ResourceLookup = (id: string) => { kind: 'instance' } | { kind: 'cluster'; nodes: number } | undefined;

export function ruleIssues(rule: RuleSpecInput, path: string, lookup: ResourceLookup): Issue[] {
  const issues: Issue[] = [];
  const present = ACTION_KEYS.filter((k) => rule.action[k] !== undefined);
  if (present.length !== 1) {
    issues.push({ path: `${path}.action`, message: present.length === 0 ? `expected one of ${ACTION_KEYS.join(', ')}` : `expected exactly one of ${ACTION_KEYS.join(', ')}, got ${present.join(' and ')}` });
  }
  if ((rule.action.error_code !== undefined || rule.action.error_msg !== undefined) && rule.action.status === undefined) {
    issues.push({ path: `${path}.action`, message: 'error_code and error_msg go with status' });
  }
  if (rule.action.dcsCode !== undefined) {
    const ops = rule.operation === undefined ? ['*'] : Array.isArray(rule.operation) ? rule.operation : [rule.operation];
    if (ops.some((op) => !SWAP_OPERATIONS.has(op))) {
      issues.push({ path: `${path}.operation`, message: 'a dcsCode rule needs operation dcs.swap, dcs.swapV2 or dcs.asyncSwap' });
    }
  }
  if (rule.resource !== undefined && !lookup(rule.resource)) {
    issues.push({ path: `${path}.resource`, message: `unknown resource ${rule.resource}: no instance or cluster has this id` });
  }
  if (rule.nth !== undefined && (rule.after !== undefined || rule.times !== undefined)) {
    issues.push({ path: `${path}.nth`, message: 'nth fires once: it does not combine with after or times' });
  }
  return issues;
}

export function actionIssues(a: ActionInput, path: string, lookup: ResourceLookup): Issue[] {
  const issues: Issue[] = [];
  const onInstance = (INSTANCE_ACTIONS as readonly string[]).includes(a.action);
  const onCluster = (CLUSTER_ACTIONS as readonly string[]).includes(a.action);
  const need = (key: keyof ActionInput, why: string) => {
    if (a[key] === undefined) issues.push({ path: `${path}.${key}`, message: `is required for ${a.action} (${why})` });
  };
  const forbid = (keys: (keyof ActionInput)[]) => {
    for (const key of keys) if (a[key] !== undefined) issues.push({ path: `${path}.${key}`, message: `not used by ${a.action}` });
  };
  if (onInstance) {
    need('instance', 'an instance id');
    forbid(['cluster', 'node']);
    if (a.action === 'setStatus') need('status', 'an instance status');
    else forbid(['status']);
    if (a.action === 'setInternalFault') need('fault', 'true or false');
    else forbid(['fault']);
    if (a.action === 'setStatus' && a.status !== undefined && !(INSTANCE_STATUSES as readonly string[]).includes(a.status)) {
      issues.push({ path: `${path}.status`, message: `expected one of ${INSTANCE_STATUSES.join(', ')}, got ${JSON.stringify(a.status)}` });
    }
    if (a.instance !== undefined) {
      const found = lookup(a.instance);
      if (!found || found.kind !== 'instance') issues.push({ path: `${path}.instance`, message: `unknown instance ${a.instance}` });
    }
  }
  if (onCluster) {
    need('cluster', 'a cluster id');
    forbid(['instance', 'fault']);
    if (a.action === 'failNode' || a.action === 'recoverNode') need('node', 'a node index');
    else forbid(['node']);
    if (a.action === 'setClusterStatus') need('status', 'a cluster status');
    else forbid(['status']);
    if (a.action === 'setClusterStatus' && a.status !== undefined && !(CLUSTER_STATUSES as readonly string[]).includes(a.status)) {
      issues.push({ path: `${path}.status`, message: `expected one of ${CLUSTER_STATUSES.join(', ')}, got ${JSON.stringify(a.status)}` });
    }
    if (a.cluster !== undefined) {
      const found = lookup(a.cluster);
      if (!found || found.kind !== 'cluster') issues.push({ path: `${path}.cluster`, message: `unknown cluster ${a.cluster}` });
      else if (a.node !== undefined && a.node >= found.nodes) issues.push({ path: `${path}.node`, message: `expected a node index below ${found.nodes}, got ${a.node}` });
    }
  }
  return issues;
}
