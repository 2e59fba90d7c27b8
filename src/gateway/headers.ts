/**
 * Headers every answer carries, as the API gateway in front of the real services writes
 * them: an `X-Request-Id` of 32 lowercase hex characters, and `Content-Type` with
 * `charset=UTF-8`.
 */
import { randomFillSync } from 'node:crypto';
import { type FastifyReply, type FastifyRequest } from 'fastify';

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

/** Stamps the headers of an answer (called once per answer, rather than from a hook). */
export function stamp(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.header('x-request-id', request.id).header('content-type', JSON_UTF8);
}
