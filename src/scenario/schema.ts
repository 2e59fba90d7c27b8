/**
 * The scenario file format, as TypeBox schemas composed from the running services: the
 * core's keys (name, seed, region, clock, auth, rules, events, examples) and, from each
 * service, its project keys and its parts of `timings:` and `options:`. Unknown keys are
 * refused everywhere (`additionalProperties: false`), so a typo is an error with its path,
 * not a silently ignored setting, and a mock built without a service refuses that
 * service's keys. `expected` on a schema is the phrase the loader shows when a value does
 * not fit.
 */
import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import { type ServiceRegistry } from '../core/registry.js';
import { type ProjectEntry } from '../core/service.js';
import { oneOf, ProjectIdSchema } from './parts.js';
import { chaosSchemas, ExampleSchema, type ChaosSchemas, type EventInput, type Example } from './chaos-schema.js';
import { type RuleSpec } from '../core/rules.js';
import { AUTH_MODES } from '../auth/authenticator.js';

const closed = { additionalProperties: false } as const;

const ProjectOrAny = Type.Union([Type.Literal('*'), ProjectIdSchema], { expected: 'a project id (32 lowercase hex) or *' });

const IsoTime = Type.String({ pattern: '^\\d{4}-\\d\\d-\\d\\dT', expected: 'an ISO 8601 time such as 2030-01-01T00:00:00.000Z' });

/** The core's keys of `auth:` (the API gateway's credentials). */
function coreAuthKeys(iamActions: readonly string[]) {
  const Deny = Type.Array(oneOf(iamActions), { maxItems: 16, uniqueItems: true });
  return {
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
      /** A temporary AK/SK: every request signed with it must carry this in `X-Security-Token` ... */
      security_token: Type.Optional(Type.String({ minLength: 8, maxLength: 16384, pattern: '^[\\x21-\\x7e]+$', expected: 'a security token of 8 or more printable characters' })),
      /** ... until this time (required with `security_token`, refused without). */
      expires_at: Type.Optional(IsoTime),
    }, closed), { maxItems: 1000 })),
    tokens: Type.Optional(Type.Array(Type.Object({
      token: Type.String({ minLength: 8, maxLength: 16384, pattern: '^[\\x21-\\x7e]+$', expected: 'a token of 8 or more printable characters' }),
      id: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', expected: 'an id of letters, digits, _ . -' })),
      project: ProjectOrAny,
      expires_at: IsoTime,
      deny: Type.Optional(Deny),
    }, closed), { maxItems: 1000 })),
  };
}

/** `auth:`: the core's keys and those the services add (`authKeys`: IAM's `users:`), closed. */
function authSchema(registry: ServiceRegistry) {
  const properties: TProperties = coreAuthKeys(registry.iamActions());
  for (const service of registry.services) {
    for (const [key, schema] of Object.entries(service.scenario.authKeys ?? {})) {
      if (key in properties) throw new Error(`auth key ${key} of ${service.name} is taken`);
      properties[key] = schema;
    }
  }
  return Type.Object(properties, closed);
}

/** The core's keys, typed; the services' keys are read by their services (`ModelContext.auth`). */
export type AuthSpec = Static<ReturnType<typeof Type.Object<ReturnType<typeof coreAuthKeys>>>> & { readonly [key: string]: unknown };

/** A parsed, valid scenario. Service sections (`instances:`) are read by their services. */
export interface ScenarioSpec {
  readonly $schema?: string;
  readonly name: string;
  readonly description?: string;
  readonly seed?: number | string;
  readonly region?: string;
  /** Per service: `timings.<service>`, `options.<service>`. */
  readonly timings?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly options?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly clock?: { readonly start?: string };
  readonly projects: readonly ProjectEntry[];
  readonly auth?: AuthSpec;
  readonly rules?: readonly RuleSpec[];
  readonly events?: readonly EventInput[];
  readonly examples?: readonly Example[];
}

export interface ScenarioSchemas extends ChaosSchemas {
  readonly scenario: TObject;
}

/** One object of every service's part of `timings:` or `options:`, by service name. */
function perService(registry: ServiceRegistry, part: 'timings' | 'options'): TObject {
  const properties: TProperties = {};
  for (const service of registry.services) {
    const schema = service.scenario[part];
    if (schema) properties[service.name] = Type.Optional(schema);
  }
  return Type.Object(properties, closed);
}

const cache = new WeakMap<ServiceRegistry, ScenarioSchemas>();

/** The schemas of one set of services, composed once. */
export function scenarioSchemas(registry: ServiceRegistry): ScenarioSchemas {
  const known = cache.get(registry);
  if (known) return known;
  const chaos = chaosSchemas(registry);
  const projectKeys: TProperties = { id: ProjectIdSchema, name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) };
  for (const service of registry.services) {
    for (const [key, schema] of Object.entries(service.scenario.projectKeys)) {
      if (key in projectKeys) throw new Error(`project key ${key} of ${service.name} is taken`);
      projectKeys[key] = schema;
    }
  }
  const scenario = Type.Object(
    {
      /** Editors put it in JSON files: where the file's JSON Schema is (schemas/scenario.schema.json). */
      $schema: Type.Optional(Type.String({ maxLength: 2048, description: 'the JSON Schema of this file, for editors; the mock ignores it' })),
      name: Type.String({ minLength: 1, maxLength: 128 }),
      description: Type.Optional(Type.String({ maxLength: 4096 })),
      seed: Type.Optional(Type.Union([Type.Integer(), Type.String({ minLength: 1, maxLength: 128 })], { expected: 'an integer or a string' })),
      region: Type.Optional(Type.String({ pattern: '^[a-z]+(-[a-z0-9]+)+$', expected: 'a region such as cn-north-4' })),
      timings: Type.Optional(perService(registry, 'timings')),
      options: Type.Optional(perService(registry, 'options')),
      /** Start of virtual time (`--clock virtual`); default: the real time at start. */
      clock: Type.Optional(Type.Object({ start: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d\\d-\\d\\dT', expected: 'an ISO 8601 time such as 2026-01-15T08:00:00Z' })) }, closed)),
      projects: Type.Array(Type.Object(projectKeys, closed), { minItems: 1, maxItems: 1000 }),
      auth: Type.Optional(authSchema(registry)),
      rules: Type.Optional(Type.Array(chaos.rule, { maxItems: 1000 })),
      events: Type.Optional(Type.Array(chaos.event, { maxItems: 10000 })),
      examples: Type.Optional(Type.Array(ExampleSchema, { maxItems: 1000 })),
    },
    closed,
  );
  const schemas = { ...chaos, scenario };
  cache.set(registry, schemas);
  return schemas;
}
