/**
 * What the API gateway in front of the real services does for every request:
 * an `X-Request-Id` (see `stamp`), the `Content-Type` with `charset=UTF-8`, bodies taken as raw
 * bytes (routes that take none ignore them; a body over the limit is a 413), 404
 * `APIGW.0101` for unknown paths and methods, and every error, whatever its origin,
 * written in the API's own format: never a Fastify-shaped `{"statusCode":…}` body.
 */
import fp from 'fastify-plugin';
import { randomFillSync } from 'node:crypto';
import { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ERRORS, type CatalogEntry } from '../../errors/catalog.js';
import { errorBody, type ErrorOverride } from '../../errors/render.js';
import { familyOf, type Operation } from '../../chaos/rules.js';
import { refusedByGateway } from '../pipeline.js';

export const JSON_UTF8 = 'application/json; charset=UTF-8';

/** 32 lowercase hex characters, like the cloud's request ids; random bytes drawn from a pool. */
const POOL_IDS = 256;
const pool = Buffer.alloc(16 * POOL_IDS);
let poolNext = POOL_IDS;
export function newRequestId(): string {
  if (poolNext === POOL_IDS) {
    randomFillSync(pool);
    poolNext = 0;
  }
  const start = 16 * poolNext++;
  return pool.toString('hex', start, start + 16);
}

/**
 * Stamps the headers every response carries. Called through `respond` by each handler
 * and by the not-found and error handlers (rather than from a hook: one call per request).
 */
export function stamp(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.header('x-request-id', request.id).header('content-type', JSON_UTF8);
}

const V1_OPERATIONS: ReadonlySet<string> = new Set(['dcs.swap', 'dcs.getInstance', 'dcs.listInstances']);

/**
 * The route's operation: set by the pipeline on the normal path; read from the route config
 * (a costly getter in Fastify) only when the request never reached a handler.
 */
export function operationOf(request: FastifyRequest): Operation | null {
  return request.op ?? request.routeOptions.config.operation ?? null;
}

/** The resource a call names in its path: an instance, a cluster or a job. */
export function resourceOf(params: Record<string, string> | undefined): string | undefined {
  return params?.instance_id ?? params?.cluster_id ?? params?.job_id;
}

/** Writes the request into the journal (the admin API answers through its own `send` and is never recorded). */
export function journal(request: FastifyRequest, reply: FastifyReply, status: number, fault: string | null = request.fault): void {
  const mock = request.server.mock;
  const params = request.params as Record<string, string> | undefined;
  mock.journal.record({
    seq: 0,
    at: mock.clock.now(),
    method: request.method,
    path: request.url,
    operation: operationOf(request),
    project: params?.project_id ?? null,
    resource: resourceOf(params) ?? null,
    status,
    requestId: request.id,
    rule: request.ruleId,
    fault,
    caller: request.caller,
    durationMs: Math.round(reply.elapsedTime),
  });
}

/** Sends an answer of an emulated route: headers, journal entry, body. */
export function respond(request: FastifyRequest, reply: FastifyReply, status: number, body: unknown): void {
  journal(request, reply, status);
  stamp(request, reply).code(status).send(body);
}

/** Writes a catalog error in the family's format. */
export function sendError(request: FastifyRequest, reply: FastifyReply, entry: CatalogEntry, override: ErrorOverride = {}, status = entry.status): FastifyReply {
  const legacy = entry.family === 'dcs' && request.server.mock.world.options.dcs.errorEnvelope === 'legacy' && V1_OPERATIONS.has(operationOf(request) ?? '');
  journal(request, reply, status);
  return stamp(request, reply).code(status).send(errorBody(entry, { requestId: request.id, legacyEnvelope: legacy }, override));
}

/** Which catalog entry a schema-validation failure becomes, by route family and failing field. */
function validationEntry(request: FastifyRequest, error: FastifyError): { entry: CatalogEntry; override?: ErrorOverride } {
  const operation = request.routeOptions.config.operation;
  const family = operation ? familyOf(operation) : 'gateway';
  const first = error.validation?.[0];
  const field = (first?.instancePath ?? '').replace(/^\//, '').split('/')[0] || String(first?.params?.missingProperty ?? '');
  const context = error.validationContext;
  if (family === 'dws') return { entry: ERRORS.DWS_BAD_PARAMETER };
  if (family === 'dcs') {
    if (context === 'params' && field === 'project_id') return { entry: ERRORS.DCS_PROJECT_ID_INVALID };
    if (context === 'params' && field === 'instance_id') return { entry: ERRORS.DCS_INSTANCE_ID_INVALID };
    return { entry: ERRORS.DCS_PARAMETER_INVALID, override: { message: ERRORS.DCS_PARAMETER_INVALID.message.replace('{0}', field || 'a') } };
  }
  return { entry: ERRORS.GW_BAD_REQUEST };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The fault rule that fired for this request, if any. */
    ruleId: string | null;
    /** What the rule did besides an error answer (`delayed`, `dropped`, `hung`, `malformed`). */
    fault: string | null;
    /** Who called: an AK or a token id (never a secret). */
    caller: string | null;
    /** The emulated operation, once the route's handler runs. */
    op: Operation | null;
  }
}

export default fp(async function gateway(app: FastifyInstance) {
  app.decorateRequest('ruleId', null);
  app.decorateRequest('fault', null);
  app.decorateRequest('caller', null);
  app.decorateRequest('op', null);
  // Bodies are kept raw (the AK/SK signature covers their exact bytes); emulated routes ignore them.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.setNotFoundHandler((request, reply) => {
    sendError(request, reply, ERRORS.GW_API_NOT_FOUND);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const operation = request.routeOptions.config.operation;
      if (operation && refusedByGateway(request, reply, operation)) return reply;
      const { entry, override } = validationEntry(request, error);
      return sendError(request, reply, entry, override);
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) return sendError(request, reply, ERRORS.GW_ENTITY_TOO_LARGE);
    if (error.statusCode === 414) return sendError(request, reply, ERRORS.GW_URI_TOO_LARGE);
    const status = error.statusCode ?? 500;
    if (status < 500) return sendError(request, reply, ERRORS.GW_BAD_REQUEST);
    request.log.error({ err: error, reqId: request.id }, 'unexpected error');
    const operation = request.routeOptions.config.operation;
    const family = operation ? familyOf(operation) : 'gateway';
    return sendError(request, reply, family === 'dcs' ? ERRORS.DCS_INTERNAL : family === 'dws' ? ERRORS.DWS_SERVER_FAILURE : ERRORS.GW_INTERNAL);
  });
}, { name: 'gateway', fastify: '5.x' });

/**
 * Registers the methods a path does not define, so they answer the gateway's
 * "The API does not exist." (404 `APIGW.0101`) rather than the unknown-path message.
 */
export function otherMethodsNotFound(app: FastifyInstance, url: string, defined: readonly string[]): void {
  const all = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
  const taken = new Set(defined.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])));
  const rest = all.filter((m) => !taken.has(m));
  if (!taken.has('HEAD') && !taken.has('GET')) rest.push('HEAD');
  app.route({
    method: rest,
    url,
    handler: (request, reply) => sendError(request, reply, ERRORS.GW_METHOD_NOT_FOUND),
  });
}
