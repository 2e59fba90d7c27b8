/**
 * The admin API's wire shapes (`/_mock/…`), as TypeBox schemas: what its bodies and queries must
 * be (the routes check them) and what it answers (the routes declare them, so the OpenAPI document
 * shows them). The admin client's types are derived from these same schemas, so the two cannot
 * drift. Rules and actions are checked by the running services' schemas (`scenarioSchemas`); the
 * types here come from the same builders with any operation name, action name or service field.
 *
 * Imports TypeBox and schema builders only: the client imports this module for its types alone.
 */
import { Type, type Static, type TObject } from '@sinclair/typebox';
import { actionSchema, ruleSchema } from '../scenario/chaos-schema.js';
import { ProjectIdSchema } from '../scenario/parts.js';

/** One problem with what was sent: where (`projects[0].instances[2].cache_mode`, `seconds`) and what. */
export const IssueSchema = Type.Object({ path: Type.String(), message: Type.String() });

/** Every refusal: `MOCK.INVALID` 400, `MOCK.UNAUTHORIZED` 401, `MOCK.NOT_FOUND` 404, `MOCK.REAL_CLOCK` 409, … */
export const AdminErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String({ pattern: '^MOCK\\.[A-Z_]+$' }),
    message: Type.String(),
    issues: Type.Optional(Type.Array(IssueSchema)),
  }),
});

// ---- Inputs ----

/** `POST /_mock/clock/advance`. */
export const AdvanceInput = Type.Object({ seconds: Type.Number({ minimum: 0, maximum: 31_536_000, expected: 'seconds from 0 to 31536000' }) }, { additionalProperties: false });

/** A journal filter: the body of `POST /_mock/requests/count`; every key narrows. */
export const JournalFilterInput = Type.Object({
  operation: Type.Optional(Type.String({ maxLength: 64 })),
  method: Type.Optional(Type.String({ pattern: '^[A-Z]{3,7}$', expected: 'an HTTP method in capitals' })),
  caller: Type.Optional(Type.String({ maxLength: 128 })),
  project: Type.Optional(ProjectIdSchema),
  resource: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Type.Integer({ minimum: 0, maximum: 599 })),
  rule: Type.Optional(Type.String({ maxLength: 64 })),
  since: Type.Optional(Type.String({ maxLength: 64, expected: 'an ISO 8601 time' })),
}, { additionalProperties: false });

/** `GET /_mock/requests`: the filter and `limit` (the newest so many), as a query string carries them. */
export const RequestsQuery = Type.Object({
  ...JournalFilterInput.properties,
  status: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', expected: 'an HTTP status' })),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$', expected: 'a number' })),
}, { additionalProperties: false });

/** The same query with numbers as numbers: what a client gives. */
export const RequestsListInput = Type.Object({
  ...JournalFilterInput.properties,
  limit: Type.Optional(Type.Integer({ minimum: 0, maximum: 999_999 })),
}, { additionalProperties: false });

/**
 * A rule and an action of any set of services, from the builders the server composes its own with:
 * any operation or action name; the services' own keys (`dcsCode`, `instance`) are the server's to check.
 */
export const AnyRule = ruleSchema(Type.String(), {}, 'an operation name, or a list of them');
export const AnyAction = actionSchema(Type.String(), {});

// ---- Answers ----

const ClockMode = Type.Union([Type.Literal('real'), Type.Literal('virtual')]);
/** ISO 8601, to the millisecond (`2026-01-15T08:00:00.000Z`). */
const IsoTime = Type.String({ description: 'ISO 8601 time' });
/** Counts by kind: projects, instances, clusters, jobs, … (each service adds its own). */
const Counts = Type.Record(Type.String(), Type.Integer({ minimum: 0 }));

export const HealthAnswer = Type.Object({
  status: Type.Literal('ok'),
  scenario: Type.String(),
  /** The scenario file's name (never its path), or the label of a scenario loaded over the API. */
  source: Type.String(),
  clock: Type.Object({ mode: ClockMode, now: IsoTime }),
  counts: Counts,
  /** Whether admin calls (all but this one and the dashboard's files) need `Authorization: Bearer <admin token>`. */
  admin_token: Type.Boolean(),
});

export const ResetAnswer = Type.Object({ reset: Type.String({ description: '"all", or the project reset' }) });
export const ScenarioLoadedAnswer = Type.Object({ loaded: Type.String({ description: 'the scenario\'s name' }), counts: Counts });
export const ProjectLoadedAnswer = Type.Object({ loaded: Type.String({ description: 'the project id' }), created: Type.Boolean(), counts: Counts });
export const RemovedAnswer = Type.Object({ removed: Type.Integer({ minimum: 0 }) });
export const ClockAnswer = Type.Object({ mode: ClockMode, now: IsoTime });
export const AdvanceAnswer = Type.Object({ mode: Type.Literal('virtual'), now: IsoTime, transitions_run: Type.Integer({ minimum: 0 }) });
export const CountAnswer = Type.Object({ count: Type.Integer({ minimum: 0 }) });

/** A rule as the admin API shows it: its spec and its counters (`seen`: calls it selected; `fired`). */
export const ruleViewSchema = <R extends TObject>(rule: R) =>
  Type.Object({
    ...rule.properties,
    id: Type.String(),
    origin: Type.Union([Type.Literal('scenario'), Type.Literal('runtime')]),
    seen: Type.Integer({ minimum: 0 }),
    fired: Type.Integer({ minimum: 0 }),
  }, { additionalProperties: false });
export const rulesAnswerSchema = <R extends TObject>(rule: R) => Type.Object({ rules: Type.Array(ruleViewSchema(rule)) });
export const actionAppliedSchema = <A extends TObject>(action: A) => Type.Object({ applied: action });

/** A journal entry as the admin API shows it. */
export const JournalEntryView = Type.Object({
  seq: Type.Integer({ minimum: 0 }),
  /** On the mock's clock. */
  time: IsoTime,
  method: Type.String(),
  path: Type.String(),
  pathCut: Type.Optional(Type.Boolean()),
  operation: Type.Union([Type.String(), Type.Null()]),
  project: Type.Union([Type.String(), Type.Null()]),
  resource: Type.Union([Type.String(), Type.Null()]),
  /** 0: no answer was written (dropped, hung). */
  status: Type.Integer({ minimum: 0 }),
  requestId: Type.String(),
  rule: Type.Union([Type.String(), Type.Null()]),
  fault: Type.Union([Type.String(), Type.Null()]),
  caller: Type.Union([Type.String(), Type.Null()]),
  durationMs: Type.Number({ minimum: 0 }),
  /** `[name, value, …]`, names in lower case, secrets redacted. */
  headers: Type.Array(Type.String()),
  body: Type.Union([Type.String(), Type.Null()]),
}, { additionalProperties: false });
export const RequestsAnswer = Type.Object({
  requests: Type.Array(JournalEntryView),
  /** Entries matching the filter (before `limit`). */
  count: Type.Integer({ minimum: 0 }),
});

/** `GET /_mock/state`: each project carries its services' keys (`instances`, `clusters`, `jobs`, …). */
export const stateAnswerSchema = <R extends TObject>(rule: R) => Type.Object({
  scenario: Type.Object({ name: Type.String(), source: Type.String() }),
  clock: Type.Object({ mode: ClockMode, now: IsoTime, pending_transitions: Type.Integer({ minimum: 0 }) }),
  projects: Type.Array(Type.Intersect([Type.Object({ id: Type.String() }), Type.Record(Type.String(), Type.Unknown())])),
  rules: Type.Array(ruleViewSchema(rule)),
  journal: Type.Object({ size: Type.Integer({ minimum: 0 }), capacity: Type.Integer({ minimum: 0 }), total: Type.Integer({ minimum: 0 }) }),
});

// ---- Types (the admin client's) ----

export type Issue = Static<typeof IssueSchema>;
export type AdminErrorBody = Static<typeof AdminErrorBody>;
export type AdvanceInput = Static<typeof AdvanceInput>;
export type JournalFilter = Static<typeof JournalFilterInput>;
export type RequestsListFilter = Static<typeof RequestsListInput>;

/** The services' own keys: a rule's outcomes (`dcsCode`), an action's fields (`instance`, `node`, …). */
interface ServiceKeys {
  readonly [key: string]: unknown;
}
type AnyRuleSpec = Static<typeof AnyRule>;
/** A fault rule to add (README "Fault rules"): the core's keys typed, a service's own action keys open. */
export type RuleInput = Omit<AnyRuleSpec, 'action'> & { action: AnyRuleSpec['action'] & ServiceKeys };
/** A rule as listed, with its counters. */
export type RuleView = Omit<Static<ReturnType<typeof ruleViewSchema<typeof AnyRule>>>, 'action'> & { action: AnyRuleSpec['action'] & ServiceKeys };
/** A resource action (`breakReplication`, `failNode`, …) with its service's fields. */
export type ActionInput = Static<typeof AnyAction> & ServiceKeys;

export type HealthAnswer = Static<typeof HealthAnswer>;
export type ResetAnswer = Static<typeof ResetAnswer>;
export type ScenarioLoadedAnswer = Static<typeof ScenarioLoadedAnswer>;
export type ProjectLoadedAnswer = Static<typeof ProjectLoadedAnswer>;
export type ClockAnswer = Static<typeof ClockAnswer>;
export type AdvanceAnswer = Static<typeof AdvanceAnswer>;
export type JournalEntryView = Static<typeof JournalEntryView>;
export type StateAnswer = Omit<Static<ReturnType<typeof stateAnswerSchema<typeof AnyRule>>>, 'rules'> & { rules: RuleView[] };
