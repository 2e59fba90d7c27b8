/**
 * The service module contract: everything an emulated cloud service declares, and all
 * the shared core (gateway, credentials, fault rules, journal, timeline, scenario loader,
 * admin API) knows about it. A service is one folder under `src/services/` exporting one
 * `ServiceModule`; the registry (`src/services/index.ts`) lists them.
 *
 * `M` is the service's model: plain state and state machines, no HTTP. `Op` is the union
 * of its operation names, each `<service name>.<operation>`.
 */
import { type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import { type Scheduler } from './scheduler.js';
import { type CatalogEntry, type ErrorOverride } from './errors.js';
import { type ProjectNetwork } from './network.js';
import { type Issue } from '../scenario/issues.js';

/** One emulated operation. */
export interface OperationSpec {
  /** IAM action a credential's `deny` list names to refuse this call (403 from the gateway). */
  readonly iamAction: string;
  /** The path parameter that names the resource acted on: journal `resource`, rule `resource`. */
  readonly resourceParam?: string;
  /**
   * The gateway lets this call through without looking at its credentials, in every auth mode
   * (and a `deny` list cannot name its action). For the calls that *obtain* credentials, whose
   * body carries them (IAM's `POST /v3/auth/tokens`): the service checks them itself.
   */
  readonly noCredentials?: boolean;
}

/** A success: status and body (null: no body). */
export interface Ok {
  readonly status: number;
  readonly body: unknown;
  /** Response headers besides the common ones (IAM's `X-Subject-Token`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A failure: a catalog entry, rendered in its family's envelope by the gateway. */
export interface Failure {
  readonly error: CatalogEntry;
  readonly override?: ErrorOverride;
  /** Status to answer with instead of the entry's own. */
  readonly status?: number;
}

/** What a handler (or a rule outcome) returns; the pipeline writes it, journals it and logs it. */
export type Answer = Ok | Failure;

export const ok = (body: unknown, status = 200, headers?: Readonly<Record<string, string>>): Ok => (headers ? { status, body, headers } : { status, body });
export const failure = (error: CatalogEntry, override?: ErrorOverride): Failure => (override ? { error, override } : { error });

/** Bodies marked with `constant`: the serializer writes each one's text once and reuses it. */
export const CONSTANT_BODIES = new WeakSet<object>();

/** A body that never changes (frozen, all the way down: give it only strings, numbers and such). */
export function constant<T extends object>(body: T): Readonly<T> {
  CONSTANT_BODIES.add(Object.freeze(body));
  return body;
}

/** The route of one operation. Error responses are added by the core. */
export interface RouteSpec<P extends TSchema, Q extends TSchema> {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Fastify path, parameters as `:name`. */
  readonly url: string;
  /** One line for the OpenAPI document. */
  readonly summary: string;
  readonly params: P;
  readonly querystring?: Q;
  /** Success bodies by status. */
  readonly response: Readonly<Record<number, TSchema>>;
}

/** What a handler gets: its model brought up to the clock, the validated request, the time. */
export interface Call<M, P, Q> {
  readonly model: M;
  readonly params: P;
  readonly query: Q;
  /** Request headers by lower-case name (`host`, for links that point back at the mock). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /**
   * The request body as it came (raw bytes), for the routes that take one; a service parses it.
   * A GET's body is read too: the SDK core's IAM calls sign a `{}` body even on GETs.
   */
  readonly body: Buffer | undefined;
  /** The clock's time; every transition due by then has run. */
  readonly now: number;
}

/** The only way a service registers a route: each goes through the shared pipeline. */
export interface RouteTable<M, Op extends string> {
  define<P extends TSchema, Q extends TSchema = TObject<Record<string, never>>>(
    operation: Op,
    route: RouteSpec<P, Q>,
    handler: (call: Call<M, Static<P>, Static<Q>>) => Answer,
  ): void;
}

/** Context of the call whose error is being written. */
export interface ErrorContext<M> {
  readonly requestId: string;
  readonly operation: string | null;
  readonly model: M;
  /** The HTTP status the error is answered with (a rule's bare status may differ from the entry's). */
  readonly status: number;
}

/** The service's error family: its envelope and the entries the core needs. */
export interface ServiceErrors<M> {
  /** Every error body the service writes (its envelopes), for the route schemas and OpenAPI. */
  readonly schema: TSchema;
  /** The body of one of this service's catalog entries, in its envelope. */
  render(entry: CatalogEntry, override: ErrorOverride, context: ErrorContext<M>): unknown;
  /** For an unexpected exception in a handler. */
  readonly internal: CatalogEntry;
  /** Entry of a fault rule's bare `status`; 400 and 500 are the fallbacks for other 4xx and 5xx. */
  readonly byStatus: Readonly<Record<number, CatalogEntry>> & { readonly 400: CatalogEntry; readonly 500: CatalogEntry };
  /** A request part (`params`, `querystring`) failed its schema at `field`. */
  validation(part: string, field: string): Failure;
  /** The credential is valid but not for the project in the path. */
  readonly projectMismatch: CatalogEntry;
}

/** What a resource is, for checks of references (rules, actions, timeline events). */
export interface ResourceRef {
  readonly kind: string;
  readonly project: string;
  /** How many nodes it has, where node indexes are meaningful. */
  readonly nodes?: number;
}

/** A resource a scenario declares, before any model exists. */
export interface DeclaredResource extends Omit<ResourceRef, 'project'> {
  readonly id: string;
}

/** A project entry of a scenario: `id`, `name`, and one key per section the services add. */
export interface ProjectEntry {
  readonly id: string;
  readonly name?: string;
  readonly [section: string]: unknown;
}

/** A project as every service sees it while building. */
export interface ProjectContext {
  readonly id: string;
  /**
   * Its name: the entry's `name`, else the scenario's region for the first project without one
   * (unless another project is named after the region), else `<region>_<first 8 of id>`; unique
   * in a scenario. As the cloud names projects: the region's default one after the region.
   */
  readonly name: string;
  readonly seed: string | number;
  readonly region: string;
  /** Network shared by the project's resources, whatever service they belong to. */
  readonly network: ProjectNetwork;
  /** The clock's time at the build. */
  readonly now: number;
}

/** What a service's model is created with: its own parts of `timings:` and `options:`. */
export interface ModelContext {
  readonly scheduler: Scheduler;
  readonly timings: Readonly<Record<string, unknown>>;
  readonly options: Readonly<Record<string, unknown>>;
  /** The scenario's `auth:` section, where the service reads the keys it adds (`authKeys`). */
  readonly auth: Readonly<Record<string, unknown>>;
  readonly seed: string | number;
}

/** The whole scenario as a service's scenario-wide check sees it. */
export interface ScenarioView {
  readonly projects: readonly ProjectEntry[];
  readonly region: string;
  readonly auth: Readonly<Record<string, unknown>>;
}

/** Reports a resource id; a second resource with the same id (any service) is refused. */
export type ClaimId = (id: string, path: string) => void;

export interface ScenarioSection<M> {
  /** Keys this service adds to each project entry (`instances:`), closed TypeBox schemas. */
  readonly projectKeys: TProperties;
  /** Its part of `timings:` (`timings.<name>`), every key optional, defaults documented. */
  readonly timings?: TObject;
  /** Its part of `options:` (`options.<name>`). */
  readonly options?: TObject;
  /**
   * Keys this service adds to the scenario's `auth:` section (IAM's `users:`), closed TypeBox
   * schemas; a key the core or another service already has is refused at start.
   */
  readonly authKeys?: TProperties;
  /** What the schema cannot say about one project entry, with paths under `path`. */
  check(entry: ProjectEntry, path: string, claimId: ClaimId): Issue[];
  /** What the schema cannot say across the scenario (its `auth:` keys against the projects), with full paths. */
  checkScenario?(scenario: ScenarioView): Issue[];
  /** The resources an entry declares (rules and events may name them). */
  declared(entry: ProjectEntry): Iterable<DeclaredResource>;
  /**
   * Spends, one resource of an entry at a time, the objects it makes in the model (itself, its
   * nodes, shards, pairs…): `spend` answers false once the world's budget is exceeded, and weigh
   * then returns the path of that resource (the loader refuses the scenario there); undefined
   * when all fit. Without it, each declared resource counts one.
   */
  weigh?(entry: ProjectEntry, path: string, spend: (objects: number) => boolean): string | undefined;
  createModel(context: ModelContext): M;
  /**
   * Puts one project's resources into the model, replacing any it had (a reset). It may be a
   * generator that yields after each resource and puts them all at its end: the core then
   * builds a large world in slices, answering other calls in between.
   */
  buildProject(model: M, project: ProjectContext, entry: ProjectEntry): void | Iterable<unknown>;
}

/** The service's part of `GET /_mock/state` and `GET /_mock/health`, and lookups by id. */
export interface StateView<M> {
  /**
   * Keys merged into one project of `GET /_mock/state` (`instances`, `jobs`, …). Lists may be
   * lazy iterables: the state streams out item by item; any other value is written whole.
   */
  view(model: M, project: string, now: number): Record<string, unknown>;
  /** Counts merged into `GET /_mock/health`. */
  counts(model: M): Record<string, number>;
  /** Any resource of the model by id, whatever its project. */
  find(model: M, id: string): ResourceRef | undefined;
}

/** An action as the admin API and the timeline take it: a name and the service's fields. */
export interface ActionInput {
  readonly action: string;
  readonly [field: string]: unknown;
}

export type ApplyResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** Things that happen to resources from outside the API (timeline events, `POST /_mock/actions`). */
export interface ServiceActions<M> {
  readonly names: readonly string[];
  /** Fields besides `action`. Two services may share a field name only with the same schema. */
  readonly fields: TProperties;
  /** Required and forbidden fields, references; `lookup` finds any resource by id. */
  check(action: ActionInput, path: string, lookup: (id: string) => ResourceRef | Omit<ResourceRef, 'project'> | undefined): Issue[];
  /** The id of the resource the action acts on. */
  target(action: ActionInput): string;
  apply(model: M, action: ActionInput, at: number): ApplyResult;
}

/** A token a service issued at run time, as the gateway needs it to accept the token. */
export interface TokenGrant {
  /** What the journal and logs show as the caller (never the token itself). */
  readonly id: string;
  /** The project it is scoped to; `*` for any. */
  readonly project: string;
  readonly expiresAt: number;
  /** `expires_at` as the issuer wrote it, for the gateway's "token expires" message. */
  readonly expiresText: string;
  /** IAM actions refused to it. */
  readonly deny?: readonly string[];
}

/**
 * Credentials a service issues while the mock runs (IAM's tokens). The gateway consults it for
 * a token the scenario does not declare, so the core never knows how tokens are obtained; the
 * grants live in the service's model, so a reset or a scenario load forgets them.
 */
export interface CredentialSource<M> {
  /** The grant behind a token this service issued (expired ones included), or undefined. */
  token(model: M, token: string): TokenGrant | undefined;
}

/** The live state of a service's model, saved and put back across a restart (`--state-file`). */
export interface Persistence<M> {
  /** What a fresh build from the scenario would not give back (live state, jobs, tokens), as plain JSON. */
  save(model: M): unknown;
  /**
   * Puts saved state back into a model just built from the same scenario (its scheduled
   * transitions dropped), and its pending transitions back on the clock. Throws an Error with a
   * clear message when the data does not fit the model.
   */
  restore(model: M, data: unknown): void;
}

/** A fault-rule action of the service's own (`dcsCode`), beside the core's status/delay/drop/hang/malformed. */
export interface RuleOutcome {
  /** Its key in a rule's `action`. */
  readonly key: string;
  readonly schema: TSchema;
  /** The operations it can answer; a rule with it must name only these. */
  readonly operations: readonly string[];
  answer(operation: string, value: unknown): Answer;
}

export interface ServiceModule<M = unknown, Op extends string = string> {
  /** Lowercase; the prefix of its operation names and of its error family. */
  readonly name: string;
  /** Short name, as the cloud writes it: the tag in the OpenAPI document. */
  readonly title: string;
  /** What it emulates, in a few words (help text, OpenAPI). */
  readonly summary: string;
  /** What kinds of resource it holds (`instance`), for messages. */
  readonly resourceKinds: readonly string[];
  readonly operations: Readonly<Record<Op, OperationSpec>>;
  readonly errors: ServiceErrors<M>;
  routes(table: RouteTable<M, Op>): void;
  readonly scenario: ScenarioSection<M>;
  readonly state: StateView<M>;
  readonly actions?: ServiceActions<M>;
  readonly ruleOutcomes?: readonly RuleOutcome[];
  /** Tokens (or other credentials) it issues at run time, which every service's routes accept. */
  readonly credentials?: CredentialSource<M>;
  /** How its live state survives a restart; without it, a restart rebuilds it from the scenario. */
  readonly persist?: Persistence<M>;
}

/** A service of any model: what lists of services hold (each service's methods check their own model). */
export type AnyService = ServiceModule<unknown, string>;

/** A state view's list: walked once, as it streams; `size`, when known, says how long it is without walking it. */
export interface StateList<U> extends Iterable<U> {
  readonly size?: number;
}

/**
 * `items` mapped lazily: a state view's list written as it streams, never built whole. Give its
 * `size` when it is known: `GET /_mock/state?limit=` writes only the first items and says how many
 * there are (a large world's resources past the limit are not even made).
 */
export function lazyMap<T, U>(items: Iterable<T>, f: (item: T) => U, size?: number): StateList<U> {
  return {
    size,
    *[Symbol.iterator]() {
      for (const item of items) yield f(item);
    },
  };
}
