/**
 * Responses are written with JSON.stringify: each service's views already build
 * exactly the wire shape, so the response schemas serve as the contract and the
 * OpenAPI document, not as a serializer. This keeps Ajv and fast-json-stringify's
 * compile step out of start-up entirely, and serializes exactly like a bare Fastify route.
 * A body marked `constant` (core/service.ts) never changes: it is stringified once.
 */
import { type FastifySerializerCompiler } from 'fastify/types/schema.js';
import { CONSTANT_BODIES } from '../core/service.js';

/** The text of each constant body written so far (a swap's codes): stringified once. */
const constants = new WeakMap<object, string>();

const stringify = (data: unknown): string => {
  if (typeof data !== 'object' || data === null || !CONSTANT_BODIES.has(data)) return JSON.stringify(data);
  let text = constants.get(data);
  if (text === undefined) {
    text = JSON.stringify(data);
    constants.set(data, text);
  }
  return text;
};

export function jsonSerializerCompiler(): FastifySerializerCompiler<unknown> {
  return () => stringify;
}
