/**
 * The path of an emulated request: the API gateway's credential check (src/auth), then
 * the fault rules, then the route's own work. Anonymous calls in lenient mode and a
 * scenario without rules take the fast path (two checks per request). Otherwise the first
 * rule that fires decides what the client sees: a DCS code, an error in the API's own
 * format, a delay before the normal answer, a dropped connection, a hang, or a malformed
 * body. Rules never reach into the model.
 */
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { ERRORS, entryForStatus } from '../errors/catalog.js';
import { DEFAULT_HANG_MS, delayMs, familyOf, type Rule } from '../chaos/rules.js';
import { journal, resourceOf, respond, sendError, stamp } from './plugins/gateway.js';
import { SWAP_V1 } from './outcomes.js';
import { type Operation } from './types.js';

type Run = () => void;

export const DEFAULT_MALFORMED_BODY = '{"code":"","message":';

/**
 * Runs a route's own work (`run`) once the gateway's credential check passes, unless a
 * fault rule of the running scenario fires for this call. Returns a promise only when a
 * rule makes the answer wait (delay, hang).
 */
export function chaos(request: FastifyRequest, reply: FastifyReply, operation: Operation, run: Run): void | Promise<void> {
  // The gateway checks credentials before any backend (or fault) sees the call.
  if (refusedByGateway(request, reply, operation)) return;
  const rules = request.server.mock.rules;
  if (rules.size === 0) return run();
  const params = request.params as Record<string, string>;
  const rule = rules.match({ operation, project: params.project_id, resource: resourceOf(params) });
  if (!rule) return run();
  request.ruleId = rule.id;
  return applyRule(rule, operation, request, reply, run);
}

/**
 * The gateway's credential check for an emulated call; true when it refused the call (and
 * answered). Also used for requests refused before their handler ran (a malformed id): in
 * the cloud the gateway checks credentials first, so a credential failure wins.
 */
export function refusedByGateway(request: FastifyRequest, reply: FastifyReply, operation: Operation): boolean {
  const mock = request.server.mock;
  request.op = operation;
  return mock.auth.concerns(request.headers) && !authenticate(request, reply, operation);
}

/** Runs the gateway's credential checks; answers and returns false when they fail. */
function authenticate(request: FastifyRequest, reply: FastifyReply, operation: Operation): boolean {
  const mock = request.server.mock;
  const outcome = mock.auth.check(
    { method: request.method, url: request.url, headers: request.headers, body: request.body as Buffer | undefined },
    { operation, project: (request.params as Record<string, string>).project_id, now: mock.clock.now() },
  );
  request.caller = outcome.caller;
  if (outcome.ok) return true;
  switch (outcome.kind) {
    case 'unauthenticated':
      sendError(request, reply, ERRORS.GW_IAM_AUTH, { message: outcome.message });
      break;
    case 'denied':
      sendError(request, reply, ERRORS.GW_IAM_FORBIDDEN);
      break;
    case 'project-mismatch':
      sendError(request, reply, familyOf(operation) === 'dws' ? ERRORS.DWS_FORBIDDEN : ERRORS.DCS_PROJECT_MISMATCH);
      break;
  }
  return false;
}

function applyRule(rule: Rule, operation: Operation, request: FastifyRequest, reply: FastifyReply, run: Run): void | Promise<void> {
  const a = rule.spec.action;
  if ('dcsCode' in a && a.dcsCode) {
    if (operation === 'dcs.swap') return respond(request, reply, 200, SWAP_V1[a.dcsCode]);
    const entry = a.dcsCode === '1' ? ERRORS.DCS_JOB_RUNNING : a.dcsCode === '2' ? ERRORS.DCS_SWAP_FAILED : ERRORS.DCS_INTERNAL;
    return void sendError(request, reply, entry);
  }
  if ('status' in a && a.status) {
    const entry = entryForStatus(familyOf(operation), a.status);
    return void sendError(request, reply, entry, { code: a.error_code, message: a.error_msg }, a.status);
  }
  if ('delay' in a && a.delay) {
    const ms = delayMs(a, request.server.mock.jitter);
    request.fault = 'delayed';
    return new Promise<void>((resolve) => {
      setTimeout(() => {
        if (reply.raw.destroyed || reply.raw.writableEnded) {
          journal(request, reply, 0, 'delayed-abandoned');
          reply.hijack();
          resolve();
          return;
        }
        run();
        resolve();
      }, ms);
    });
  }
  if ('drop' in a && a.drop) {
    journal(request, reply, 0, 'dropped');
    reply.hijack();
    const socket = request.raw.socket;
    if (socket && typeof socket.destroy === 'function') socket.destroy();
    else reply.raw.destroy();
    return;
  }
  if ('hang' in a && a.hang) {
    const max = a.hang.maxMs ?? DEFAULT_HANG_MS;
    request.fault = 'hung';
    return new Promise<void>((resolve) => {
      const onClose = () => {
        clearTimeout(timer);
        journal(request, reply, 0, 'hung');
        reply.hijack();
        resolve();
      };
      const timer = setTimeout(() => {
        reply.raw.off('close', onClose);
        sendError(request, reply, ERRORS.GW_BACKEND_TIMEOUT);
        resolve();
      }, max);
      reply.raw.once('close', onClose);
    });
  }
  if ('malformed' in a && a.malformed) {
    request.fault = 'malformed';
    const status = a.malformed.status ?? 200;
    journal(request, reply, status);
    stamp(request, reply).code(status).serializer((body: unknown) => String(body)).send(a.malformed.body ?? DEFAULT_MALFORMED_BODY);
    return;
  }
  return run();
}
