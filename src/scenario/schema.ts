/**
 * The scenario file format, as TypeBox schemas. Unknown keys are refused everywhere
 * (`additionalProperties: false`), so a typo is an error with its path, not a
 * silently ignored setting. `expected` on a schema is the phrase the loader shows
 * when a value does not fit.
 */
import { Type, type Static } from '@sinclair/typebox';
import { oneOf, ProjectIdSchema, UuidSchema } from './schema-parts.js';
import { EventSchema, ExampleSchema, RuleSchema } from './chaos-schema.js';
import { AUTH_MODES, KNOWN_ACTIONS } from '../auth/authenticator.js';

export { oneOf, ProjectIdSchema, UuidSchema };
import { CACHE_MODES, ENGINES, INSTANCE_STATUSES, REPLICATION_STATES } from '../domain/dcs/instance.js';
import { CLUSTER_STATUSES, TASK_STATUSES } from '../domain/dws/cluster.js';

const closed = { additionalProperties: false } as const;

const Seconds = Type.Number({ minimum: 0, maximum: 86400, expected: 'a number of seconds from 0 to 86400' });
const Tag = Type.Object({ key: Type.String({ minLength: 1, maxLength: 128 }), value: Type.String({ maxLength: 255 }) }, closed);

export const InstanceSpecSchema = Type.Object(
  {
    id: UuidSchema,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    engine: Type.Optional(oneOf(ENGINES)),
    engine_version: Type.Optional(Type.String({ pattern: '^[0-9]+\\.[0-9]+$', expected: 'a version such as "5.0"' })),
    cache_mode: Type.Optional(oneOf(CACHE_MODES)),
    status: Type.Optional(oneOf(INSTANCE_STATUSES)),
    replication: Type.Optional(oneOf(REPLICATION_STATES)),
    /** Progress of an initial `syncing` state, 0–100 (default 0). */
    sync_progress: Type.Optional(Type.Integer({ minimum: 0, maximum: 99, expected: 'an integer from 0 to 99' })),
    /** The instance's agent fails internally: swaps answer code "3". */
    internal_fault: Type.Optional(Type.Boolean()),
    capacity: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1024, expected: 'a capacity in GB, above 0 and at most 1024' })),
    replica_count: Type.Optional(Type.Integer({ minimum: 1, maximum: 6, expected: 'an integer from 1 to 6' })),
    description: Type.Optional(Type.String({ maxLength: 1024 })),
    ip: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}(\\.[0-9]{1,3}){3}$', expected: 'an IPv4 address' })),
    port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
    no_password_access: Type.Optional(Type.Boolean()),
    enterprise_project_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    tags: Type.Optional(Type.Array(Tag, { maxItems: 20 })),
  },
  closed,
);

export const ClusterSpecSchema = Type.Object(
  {
    id: UuidSchema,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** 3–4 dot-separated numbers; checked by the version parser when the scenario loads. */
    version: Type.Optional(Type.String({ expected: 'a version string such as "8.1.1.202" (quote it in YAML)' })),
    number_of_node: Type.Optional(Type.Integer({ minimum: 1, maximum: 256, expected: 'an integer from 1 to 256' })),
    /** DN instance pairs per node (default 2): pair k has its primary on node k mod n, its standby on (k+1) mod n. */
    dn_per_node: Type.Optional(Type.Integer({ minimum: 1, maximum: 16, expected: 'an integer from 1 to 16' })),
    status: Type.Optional(oneOf(CLUSTER_STATUSES)),
    /** Nodes (0-based) whose primaries have failed over to their standbys: the cluster starts unbalanced. */
    failed_nodes: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 255, expected: 'a node index (0-based)' }), { maxItems: 256, uniqueItems: true })),
    /** Nodes that are down now (their primaries failed over, and they stay down): DEGRADED and UNBALANCED. */
    down_nodes: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 255, expected: 'a node index (0-based)' }), { maxItems: 256, uniqueItems: true })),
    /** A task in progress (busy) or a failure state; "" for none. */
    task_status: Type.Optional(Type.Union([Type.Literal(''), oneOf(TASK_STATUSES)], { expected: `"" or one of ${TASK_STATUSES.join(', ')}` })),
    /** Progress shown for that task, in percent. */
    task_progress: Type.Optional(Type.Integer({ minimum: 0, maximum: 99, expected: 'an integer from 0 to 99' })),
    /** Further sub_status flags, besides the derived DEGRADED and UNBALANCED. */
    flags: Type.Optional(Type.Array(oneOf(['READONLY', 'REDISTRIBUTING', 'REDISTRIBUTION-FAILURE'] as const), { maxItems: 3, uniqueItems: true })),
    /** `fail`: every switchover on this cluster ends in ACTIVE_STANDY_SWITCHOVER_FAILURE. */
    switchover_outcome: Type.Optional(oneOf(['success', 'fail'] as const)),
    node_type: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    port: Type.Optional(Type.Integer({ minimum: 8000, maximum: 30000, expected: 'a port from 8000 to 30000' })),
    enterprise_project_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    tags: Type.Optional(Type.Array(Tag, { maxItems: 20 })),
  },
  closed,
);

export const ProjectSpecSchema = Type.Object(
  {
    id: ProjectIdSchema,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    instances: Type.Optional(Type.Array(InstanceSpecSchema, { maxItems: 10000 })),
    clusters: Type.Optional(Type.Array(ClusterSpecSchema, { maxItems: 10000 })),
  },
  closed,
);

const ProjectOrAny = Type.Union([Type.Literal('*'), ProjectIdSchema], { expected: 'a project id (32 lowercase hex) or *' });
const Deny = Type.Array(oneOf(KNOWN_ACTIONS as [string, ...string[]]), { maxItems: 16, uniqueItems: true });

export const AuthSchema = Type.Object(
  {
    /** Overridden by --auth. */
    mode: Type.Optional(oneOf(AUTH_MODES)),
    /** Keep the well-known development AK/SK and token (default true). */
    builtin: Type.Optional(Type.Boolean()),
    credentials: Type.Optional(Type.Array(Type.Object({
      ak: Type.String({ pattern: '^[A-Za-z0-9]{8,128}$', expected: 'an access key of 8 to 128 letters and digits' }),
      sk: Type.String({ minLength: 8, maxLength: 256, expected: 'a secret key of 8 to 256 characters' }),
      name: Type.Optional(Type.String({ maxLength: 128 })),
      projects: Type.Optional(Type.Array(ProjectOrAny, { minItems: 1, maxItems: 1000 })),
      deny: Type.Optional(Deny),
    }, closed), { maxItems: 1000 })),
    tokens: Type.Optional(Type.Array(Type.Object({
      token: Type.String({ minLength: 8, maxLength: 16384, pattern: '^[\\x21-\\x7e]+$', expected: 'a token of 8 or more printable characters' }),
      id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', expected: 'an id of letters, digits, _ . -' })),
      project: ProjectOrAny,
      expires_at: Type.String({ pattern: '^\\d{4}-\\d\\d-\\d\\dT', expected: 'an ISO 8601 time such as 2030-01-01T00:00:00.000Z' }),
      deny: Type.Optional(Deny),
    }, closed), { maxItems: 1000 })),
  },
  closed,
);

export const ScenarioSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128 }),
    description: Type.Optional(Type.String({ maxLength: 4096 })),
    seed: Type.Optional(Type.Union([Type.Integer(), Type.String({ minLength: 1, maxLength: 128 })], { expected: 'an integer or a string' })),
    region: Type.Optional(Type.String({ pattern: '^[a-z]+(-[a-z0-9]+)+$', expected: 'a region such as cn-north-4' })),
    timings: Type.Optional(
      Type.Object(
        {
          dcs: Type.Optional(Type.Object({ resyncSeconds: Type.Optional(Seconds), swapJobSeconds: Type.Optional(Seconds) }, closed)),
          dws: Type.Optional(Type.Object({ switchoverSeconds: Type.Optional(Seconds) }, closed)),
        },
        closed,
      ),
    ),
    options: Type.Optional(
      Type.Object(
        {
          dcs: Type.Optional(Type.Object({ errorEnvelope: Type.Optional(oneOf(['current', 'legacy'] as const)) }, closed)),
          dws: Type.Optional(Type.Object({ balancedSwitchover: Type.Optional(oneOf(['error', 'ok'] as const)) }, closed)),
        },
        closed,
      ),
    ),
    /** Start of virtual time (`--clock virtual`); default: the real time at start. */
    clock: Type.Optional(Type.Object({ start: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d\\d-\\d\\dT', expected: 'an ISO 8601 time such as 2026-01-15T08:00:00Z' })) }, closed)),
    projects: Type.Array(ProjectSpecSchema, { minItems: 1, maxItems: 1000 }),
    auth: Type.Optional(AuthSchema),
    rules: Type.Optional(Type.Array(RuleSchema, { maxItems: 1000 })),
    events: Type.Optional(Type.Array(EventSchema, { maxItems: 10000 })),
    examples: Type.Optional(Type.Array(ExampleSchema, { maxItems: 1000 })),
  },
  closed,
);

export type ScenarioSpec = Static<typeof ScenarioSchema>;
export type ProjectSpec = Static<typeof ProjectSpecSchema>;
export type InstanceSpec = Static<typeof InstanceSpecSchema>;
export type ClusterSpec = Static<typeof ClusterSpecSchema>;
export type AuthSpec = Static<typeof AuthSchema>;
