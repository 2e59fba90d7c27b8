/**
 * Responses are written with JSON.stringify: each service's views already build
 * exactly the wire shape, so the response schemas serve as the contract and the
 * OpenAPI document, not as a serializer. This keeps Ajv and fast-json-stringify's
 * compile step out of start-up entirely, and serializes exactly like a bare Fastify route.
 * A body marked `constant` (core/service.ts) never changes: it is stringified once.
 *
 * The response schemas are not given to Fastify at all (`documented`): it would walk them on
 * every build (normalize each, compile a serializer per status) for nothing: 15 % of what a build
 * of the default app allocates, about a tenth of its time (a test suite builds one per test). They
 * live in each route's config, reach the mock's OpenAPI document through @fastify/swagger's
 * per-route `swaggerTransform`, and the tests' answer checks through `mock.routes`. (Mounted in an
 * app that has its own swagger, they go back into the route schemas: app.ts.)
 */
import { type FastifySerializerCompiler } from 'fastify/types/schema.js';
import { type SwaggerTransform } from '@fastify/swagger';
import { type TSchema } from '@sinclair/typebox';
import { CONSTANT_BODIES } from '../core/service.js';

/** A route's answers by status (`200`, `4xx`, …). */
export type Responses = Readonly<Record<string, TSchema>>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's answers by status: documented, not serialized by schema. */
    responses?: Responses;
  }
}

/** The text of each constant body written so far (a swap's codes): stringified once. */
const constants = new WeakMap<object, string>();

/** Every answer's serializer (`setReplySerializer`): JSON.stringify, a constant body's text once. */
export const stringify = (data: unknown): string => {
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

/** The OpenAPI document's view of a route: its schema with the answers of its config. */
const withResponses: SwaggerTransform = ({ schema, url, route }) => ({ schema: { ...schema, response: route.config?.responses }, url });

/** The config that documents a route's answers (merged into the route's own config). */
export const documented = (responses: Responses) => ({ responses, swaggerTransform: withResponses });
