/**
 * Headers every answer carries, as the API gateway in front of the real services writes
 * them: an `X-Request-Id` of 32 lowercase hex characters, and `Content-Type` with
 * `charset=UTF-8`.
 */
import { randomFillSync } from 'node:crypto';
import { type FastifyReply, type FastifyRequest } from 'fastify';

export const JSON_UTF8 = 'application/json; charset=UTF-8';

/**
 * 32 lowercase hex characters, like the cloud's request ids: random bytes drawn from a pool,
 * turned into hex text once per pool. An id is a slice of that text, which costs a fraction of
 * a conversion per id (the ids of a pool share its 8 KiB of text while any of them lives).
 */
const POOL_IDS = 256;
const pool = Buffer.alloc(16 * POOL_IDS);
let poolHex = '';
let poolNext = POOL_IDS;
export function newRequestId(): string {
  if (poolNext === POOL_IDS) {
    poolHex = randomFillSync(pool).toString('hex');
    poolNext = 0;
  }
  const start = 32 * poolNext++;
  return poolHex.slice(start, start + 32);
}

/** Stamps the headers of an answer (called once per answer, rather than from a hook). */
export function stamp(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.header('x-request-id', request.id).header('content-type', JSON_UTF8);
}
