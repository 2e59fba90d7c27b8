/**
 * The mock's own namespace, `/_mock/…`: never part of the emulated APIs, with its
 * own JSON errors `{"error":{"code","message"}}`.
 */
import { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { stamp } from '../plugins/gateway.js';

export const HealthResponse = Type.Object({
  status: Type.Literal('ok'),
  scenario: Type.String(),
  source: Type.String(),
  clock: Type.Object({ mode: Type.String(), now: Type.String() }),
  counts: Type.Object({ projects: Type.Integer(), instances: Type.Integer(), clusters: Type.Integer(), jobs: Type.Integer() }),
});

export default async function adminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/_mock/health', {
    schema: { summary: 'Liveness and the loaded scenario', tags: ['mock'], response: { 200: HealthResponse } },
    config: { family: 'gateway' },
  }, (request, reply) => {
    const mock = app.mock;
    const now = mock.world.now();
    stamp(request, reply).send({
      status: 'ok',
      scenario: mock.scenario.spec.name,
      source: mock.scenario.source,
      clock: { mode: mock.clock.kind, now: new Date(now).toISOString() },
      counts: mock.world.counts(),
    });
  });
}
