/**
 * The one path of an emulated call:
 *
 *   gateway (request id, body limit, schema validation: plugin.ts)
 *     → credentials (src/auth)
 *     → fault rules (src/core/rules.ts)
 *     → the service's handler, its model brought up to the clock (`World.catchUp`)
 *     → reply, in the service's or the gateway's format
 *
 * A service registers its routes only through `define` (see `registerService`), so none
 * can skip this path. Every emulated request, whatever becomes of it (answered, refused by
 * the gateway, faulted, dropped, hung, abandoned by its client), ends in `settle`, the one
 * place that writes its journal entry. Anonymous calls in lenient mode and a scenario
 * without rules take the fast path: two checks before the handler.
 */
import { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Type, type TSchema } from '@sinclair/typebox';
import { GATEWAY, GATEWAY_BY_STATUS, gatewayBody, type CatalogEntry, type ErrorOverride } from '../core/errors.js';
import { DEFAULT_HANG_MS, delayMs, type Rule } from '../core/rules.js';
import { journalView, MAX_JOURNAL_BODY, type JournalEntry } from '../core/journal.js';
import { type Answer, type AnyService, type Call, type OperationSpec, type RouteSpec, type RouteTable } from '../core/service.js';
import { GatewayErrorBody } from '../core/schemas.js';
import { stamp } from './headers.js';
import { documented } from './serializers.js';

type Params = Record<string, string> | undefined;
type Handler = (call: Call<unknown, unknown, unknown>) => Answer;

export const DEFAULT_MALFORMED_BODY = '{"code":"","message":';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The emulated operation of a route registered through `define`. */
    operation?: string;
  }
  interface FastifyRequest {
    /** The emulated operation, once known. */
    op: string | null;
    /** The fault rule that fired for this call, if any. */
    ruleId: string | null;
    /** What the rule did besides an error answer (`delayed`, `dropped`, `hung`, `malformed`). */
    fault: string | null;
    /** Who called: an AK or a token id (never a secret). */
    caller: string | null;
    /** The runtime epoch the call started in (-1 until the pipeline takes it). */
    epoch: number;
  }
}

/**
 * Writes the call's journal entry: the only place that does. A call that started before a
 * reset or a scenario load records nothing (its journal is gone).
 */
function settle(request: FastifyRequest, reply: FastifyReply, status: number, fault: string | null = request.fault): void {
  const mock = request.server.mock;
  if (request.epoch >= 0 && request.epoch !== mock.epoch) return;
  const params = request.params as Params;
  const operation = request.op;
  const spec = operation === null ? undefined : mock.registry.operation(operation)?.spec;
  const resourceParam = spec?.resourceParam;
  const body = request.body as Buffer | undefined;
  const entry: JournalEntry = {
    seq: 0,
    at: mock.clock.now(),
    method: request.method,
    path: request.url,
    operation,
    project: params?.project_id ?? null,
    resource: (resourceParam && params?.[resourceParam]) || null,
    status,
    requestId: request.id,
    rule: request.ruleId,
    fault,
    caller: request.caller,
    durationMs: Math.round(reply.elapsedTime),
    headers: request.raw.rawHeaders,
    // A body that carries credentials (a token request's password) is never kept.
    body: body && body.length > 0 && !spec?.noCredentials ? body.toString('utf8', 0, Math.min(body.length, MAX_JOURNAL_BODY + 1)) : null,
  };
  mock.journal.record(entry);
  if (mock.events.active) {
    mock.events.publish('journal', { entry: journalView(entry) });
    // A read changes nothing by itself (transitions it brought forward are announced as they ran),
    // and neither does a call outside any project's resources (a token request, an unknown path).
    if (entry.project !== null && operation !== null && request.method !== 'GET' && request.method !== 'HEAD') mock.announceState(entry.project, 'call');
    if (mock.rules.size > 0) mock.events.publish('rules', {});
  }
}

/** Answers with a body (null: none) and any headers of the answer's own. */
function write(request: FastifyRequest, reply: FastifyReply, status: number, body: unknown, headers?: Readonly<Record<string, string>>): void {
  settle(request, reply, status);
  const stamped = stamp(request, reply);
  if (headers) stamped.headers(headers);
  stamped.code(status).send(body);
}

/** Answers with a catalog error, in the envelope of its family (the gateway's, or its service's). */
export function writeError(request: FastifyRequest, reply: FastifyReply, entry: CatalogEntry, override: ErrorOverride = {}, status = entry.status): void {
  const mock = request.server.mock;
  let body: unknown;
  const service = entry.family === 'gateway' ? undefined : mock.registry.service(entry.family);
  if (service) body = service.errors.render(entry, override, { requestId: request.id, operation: request.op, model: mock.world.model(service), status });
  else body = gatewayBody(entry, request.id, override);
  settle(request, reply, status);
  stamp(request, reply).code(status).send(body);
}

function deliver(request: FastifyRequest, reply: FastifyReply, answer: Answer): void {
  if ('error' in answer) writeError(request, reply, answer.error, answer.override, answer.status);
  else write(request, reply, answer.status, answer.body, answer.headers);
}

/** Brings the model up to the clock, runs the handler, writes its answer. */
function serve(request: FastifyRequest, reply: FastifyReply, service: AnyService, handler: Handler): void {
  const mock = request.server.mock;
  const world = mock.world;
  const now = world.catchUp();
  deliver(request, reply, handler({ model: world.model(service), params: request.params, query: request.query, headers: request.headers, body: request.body as Buffer | undefined, now }));
}

/**
 * The gateway's credential check; true when it refused the call (and answered). In the cloud
 * the gateway checks credentials before anything else sees the call, so this runs first, even
 * for a call whose parameters are malformed.
 */
function refusedByCredentials(request: FastifyRequest, reply: FastifyReply, service: AnyService, spec: OperationSpec): boolean {
  const mock = request.server.mock;
  // A call that obtains credentials (its body carries them) is the service's to check.
  if (spec.noCredentials || !mock.auth.concerns(request.headers)) return false;
  const outcome = mock.auth.check(
    { method: request.method, url: request.url, headers: request.headers, body: request.body as Buffer | undefined },
    { iamAction: spec.iamAction, project: (request.params as Params)?.project_id, now: mock.clock.now() },
  );
  request.caller = outcome.caller;
  if (outcome.ok) return false;
  switch (outcome.kind) {
    case 'unauthenticated':
      writeError(request, reply, GATEWAY.IAM_AUTH, { message: outcome.message });
      break;
    case 'denied':
      writeError(request, reply, GATEWAY.IAM_FORBIDDEN);
      break;
    case 'project-mismatch':
      writeError(request, reply, service.errors.projectMismatch);
      break;
  }
  return true;
}

const bodyTooLarge = (): FastifyError => Object.assign(new Error('Request body is too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', name: 'FastifyError', statusCode: 413 });

/**
 * Reads the body of a GET as raw bytes, as Fastify does for the other methods (it skips GET
 * bodies): the gateway's signature covers whatever body was sent, and the SDK core's IAM calls
 * send and sign `{}` even on GETs. No body (no Content-Length, or 0, and no Transfer-Encoding):
 * nothing to do, synchronously. Over the body limit: 413, as for other methods.
 */
function readGetBody(request: FastifyRequest, _reply: FastifyReply, done: (err?: FastifyError) => void): void {
  const headers = request.headers;
  const length = headers['content-length'];
  if (headers['transfer-encoding'] === undefined && (length === undefined || length === '0')) return done();
  const limit = request.routeOptions.bodyLimit;
  if (length !== undefined && Number(length) > limit) return done(bodyTooLarge());
  const chunks: Buffer[] = [];
  let size = 0;
  let failed = false;
  const raw = request.raw;
  raw.on('data', (chunk: Buffer) => {
    if (failed) return;
    size += chunk.length;
    if (size > limit) {
      failed = true;
      done(bodyTooLarge());
      return;
    }
    chunks.push(chunk);
  });
  raw.once('end', () => {
    if (failed) return;
    request.body = Buffer.concat(chunks);
    done();
  });
  raw.once('error', (err) => {
    if (failed) return;
    failed = true;
    done(Object.assign(err, { statusCode: 400 }) as FastifyError);
  });
}

/** Every route handler this pipeline made: a route whose handler is not in it skipped the pipeline. */
const pipelineHandlers = new WeakSet<object>();

export const isPipelineHandler = (handler: unknown): boolean => typeof handler === 'function' && pipelineHandlers.has(handler);

/** The route handler of one operation: the whole pipeline after the gateway's own checks. */
function emulatedCall(service: AnyService, operation: string, spec: OperationSpec, handler: Handler) {
  return function call(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply): void {
    const mock = this.mock;
    request.op = operation;
    request.epoch = mock.epoch;
    if (refusedByCredentials(request, reply, service, spec)) return;
    const rules = mock.rules;
    if (rules.size !== 0) {
      const params = request.params as Params;
      const rule = rules.match({ operation, project: params?.project_id, resource: spec.resourceParam ? params?.[spec.resourceParam] : undefined });
      if (rule) {
        request.ruleId = rule.id;
        return applyRule(rule, request, reply, service, handler);
      }
    }
    serve(request, reply, service, handler);
  };
}

/** The service's entry for a rule's bare status: its own, else the gateway's, else its generic 4xx/5xx. */
export function entryForStatus(service: AnyService, status: number): CatalogEntry {
  const own = service.errors.byStatus;
  return own[status] ?? GATEWAY_BY_STATUS[status] ?? (status < 500 ? own[400] : own[500]);
}

/** Closes the call's connection with no answer (a dropped call, a cancelled wait). */
function closeConnection(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  const socket = request.raw.socket;
  if (socket && typeof socket.destroy === 'function') socket.destroy();
  else reply.raw.destroy();
}

/**
 * Waits `ms` before `due`, unless the client goes first (`gone`, when given), a reset or a
 * scenario load cancels the wait (the connection closes, nothing is recorded), or the mock
 * shuts down before it falls due (`expired`: the gateway answers at once).
 */
function wait(request: FastifyRequest, reply: FastifyReply, ms: number, due: () => void, expired: () => void, gone?: () => void): void {
  const mock = request.server.mock;
  const onClose = gone && (() => {
    clearTimeout(timer);
    done();
    gone();
  });
  const stop = () => {
    clearTimeout(timer);
    if (onClose) reply.raw.off('close', onClose);
  };
  const done = mock.track({
    project: (request.params as Params)?.project_id,
    dueAt: Date.now() + ms,
    cancel: () => {
      stop();
      closeConnection(request, reply);
    },
    expire: () => {
      stop();
      if (reply.raw.destroyed || reply.raw.writableEnded) closeConnection(request, reply);
      else expired();
    },
  });
  const timer = setTimeout(() => {
    done();
    stop();
    try {
      due();
    } catch (err) {
      // Fastify's error handler answers it (the service's 500), as for a call that did not wait.
      reply.send(err);
    }
  }, ms);
  if (onClose) reply.raw.once('close', onClose);
}

function applyRule(rule: Rule, request: FastifyRequest, reply: FastifyReply, service: AnyService, handler: Handler): void {
  const a = rule.spec.action;
  if (a.status !== undefined) {
    return writeError(request, reply, entryForStatus(service, a.status), { code: a.error_code, message: a.error_msg }, a.status);
  }
  if (a.delay) {
    request.fault = 'delayed';
    return wait(request, reply, delayMs({ delay: a.delay }, request.server.mock.jitter), () => {
      if (reply.raw.destroyed || reply.raw.writableEnded) {
        settle(request, reply, 0, 'delayed-abandoned');
        reply.hijack();
        return;
      }
      serve(request, reply, service, handler);
    }, () => writeError(request, reply, GATEWAY.BACKEND_UNAVAILABLE));
  }
  if (a.drop) {
    settle(request, reply, 0, 'dropped');
    return closeConnection(request, reply);
  }
  if (a.hang) {
    request.fault = 'hung';
    const timeout = () => writeError(request, reply, GATEWAY.BACKEND_TIMEOUT);
    return wait(request, reply, a.hang.maxMs ?? DEFAULT_HANG_MS, timeout, timeout, () => {
      settle(request, reply, 0, 'hung');
      reply.hijack();
    });
  }
  if (a.malformed) {
    request.fault = 'malformed';
    const status = a.malformed.status ?? 200;
    settle(request, reply, status);
    stamp(request, reply).code(status).serializer((body: unknown) => String(body)).send(a.malformed.body ?? DEFAULT_MALFORMED_BODY);
    return;
  }
  const mock = request.server.mock;
  for (const outcome of mock.registry.ruleOutcomes) {
    if (a[outcome.key] !== undefined) return deliver(request, reply, outcome.answer(request.op!, a[outcome.key]));
  }
  serve(request, reply, service, handler);
}

/** A request that failed its route's schema: credentials first, then the service's own refusal. */
export function refuseInvalid(request: FastifyRequest, reply: FastifyReply, error: FastifyError): void {
  const name = request.routeOptions.config.operation;
  const entry = name === undefined ? undefined : request.server.mock.registry.operation(name);
  if (!entry) return writeError(request, reply, GATEWAY.BAD_REQUEST);
  request.op = entry.name;
  if (refusedByCredentials(request, reply, entry.service, entry.spec)) return;
  const first = error.validation?.[0];
  const field = (first?.instancePath ?? '').replace(/^\//, '').split('/')[0] || String(first?.params?.missingProperty ?? '');
  const refusal = entry.service.errors.validation(error.validationContext ?? '', field);
  writeError(request, reply, refusal.error, refusal.override, refusal.status);
}

/** An unexpected exception: the service's internal error (or the gateway's, outside any service). */
export function refuseUnexpected(request: FastifyRequest, reply: FastifyReply, error: FastifyError): void {
  request.log.error({ err: error, reqId: request.id }, 'unexpected error');
  const name = request.op ?? request.routeOptions.config.operation;
  const service = name ? request.server.mock.registry.operation(name)?.service : undefined;
  writeError(request, reply, service ? service.errors.internal : GATEWAY.INTERNAL);
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;

/** A path of a service and the methods it does not define there (they answer "The API does not exist."). */
interface WrongMethods {
  readonly pattern: RegExp;
  readonly params: readonly string[];
  readonly methods: ReadonlySet<string>;
}

/** Each service's paths with their undefined methods, found by its first registration (they never change). */
const wrongMethodTables = new WeakMap<AnyService, readonly WrongMethods[]>();

/** A route's URL (`/v1.0/:project_id/swap`) as a pattern of the whole path, a parameter a segment. */
function urlPattern(url: string): { pattern: RegExp; params: string[] } {
  const params: string[] = [];
  const source = url
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), params };
}

/**
 * For a request no route took: the path parameters of a service's path it names, when its method
 * is one that path does not define (the gateway answers "The API does not exist." then, not the
 * unknown-path message); undefined otherwise. `path` is the request's, without the scope's prefix
 * (and without a trailing slash where the router ignores those).
 */
export function wrongMethodParams(services: readonly AnyService[], method: string, path: string): Record<string, string> | undefined {
  for (const service of services) {
    for (const entry of wrongMethodTables.get(service) ?? []) {
      if (!entry.methods.has(method)) continue;
      const m = entry.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      entry.params.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(m[i + 1]);
        } catch {
          params[name] = m[i + 1];
        }
      });
      return params;
    }
  }
  return undefined;
}

export interface RegisterOptions {
  /**
   * Register the methods a path does not define as routes of their own (`true`), for a scope whose
   * not-found handler is not the gateway's (the mock at the root of someone else's app). Otherwise
   * the gateway's not-found handler answers them (`wrongMethodParams`): far fewer routes to build.
   */
  readonly standInRoutes?: boolean;
}

/** A service's error answers, its own or the gateway's: one schema per service, made once. */
const errorBodies = new WeakMap<AnyService, TSchema>();
function errorBodyOf(service: AnyService): TSchema {
  let body = errorBodies.get(service);
  if (!body) errorBodies.set(service, (body = Type.Union([service.errors.schema, GatewayErrorBody])));
  return body;
}

/**
 * Registers the routes of one service, each bound to its operation and to this pipeline.
 * For each of its paths, the methods it does not define answer the gateway's "The API does not
 * exist." (404 `APIGW.0101`) rather than the unknown-path message (see `RegisterOptions`).
 */
export function registerService(app: FastifyInstance, service: AnyService, options: RegisterOptions = {}): void {
  const methodsByUrl = new Map<string, string[]>();
  const defined = new Set<string>();
  const errorBody = errorBodyOf(service);
  const bind = <H extends object>(handler: H): H => {
    pipelineHandlers.add(handler);
    return handler;
  };
  const table: RouteTable<unknown, string> = {
    define(operation, route: RouteSpec<never, never>, handler) {
      const spec = (service.operations as Record<string, OperationSpec>)[operation];
      if (!spec) throw new Error(`${service.name}: route ${route.method} ${route.url} names operation ${operation}, which the service does not declare`);
      if (defined.has(operation)) throw new Error(`${service.name}: operation ${operation} has two routes`);
      defined.add(operation);
      app.route({
        method: route.method,
        url: route.url,
        schema: {
          summary: route.summary,
          tags: [service.title],
          params: route.params,
          ...(route.querystring ? { querystring: route.querystring } : {}),
        },
        config: { operation, ...documented({ ...route.response, '4xx': errorBody, '5xx': errorBody }) },
        ...(route.method === 'GET' ? { preValidation: readGetBody } : {}),
        handler: bind(emulatedCall(service, operation, spec, handler as Handler)),
      });
      methodsByUrl.set(route.url, [...(methodsByUrl.get(route.url) ?? []), route.method]);
    },
  };
  service.routes(table);
  const missing = Object.keys(service.operations).filter((op) => !defined.has(op));
  if (missing.length > 0) throw new Error(`${service.name}: operations without a route: ${missing.join(', ')}`);
  // The table is the same for every registration of the service: made by the first.
  const tabled = wrongMethodTables.has(service);
  const wrong: WrongMethods[] = [];
  for (const [url, methods] of methodsByUrl) {
    const taken = new Set(methods.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])));
    const rest: string[] = METHODS.filter((m) => !taken.has(m));
    if (!taken.has('HEAD')) rest.push('HEAD');
    // Hidden from any OpenAPI document: these answer that the API does not exist.
    if (options.standInRoutes) app.route({ method: rest, url, schema: { hide: true }, handler: bind((request: FastifyRequest, reply: FastifyReply) => writeError(request, reply, GATEWAY.METHOD_NOT_FOUND)) });
    else if (!tabled) wrong.push({ ...urlPattern(url), methods: new Set(rest) });
  }
  if (!options.standInRoutes && !tabled) wrongMethodTables.set(service, wrong);
}
