/**
 * Responses are written with JSON.stringify: each service's views already build
 * exactly the wire shape, so the response schemas serve as the contract and the
 * OpenAPI document, not as a serializer. This keeps Ajv and fast-json-stringify's
 * compile step out of start-up entirely, and serializes exactly like a bare Fastify route.
 */
import { type FastifySerializerCompiler } from 'fastify/types/schema.js';

const stringify = (data: unknown): string => JSON.stringify(data);

export function jsonSerializerCompiler(): FastifySerializerCompiler<unknown> {
  return () => stringify;
}
