// The baseline: a bare Fastify route returning the same JSON as the mock's swap.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.put('/v1.0/:project_id/instances/:instance_id/swap', (request, reply) => {
  reply.send({ code: '1', message: 'repliation abnormal, master connected_slaves:0\r' });
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening on http://127.0.0.1:${app.server.address().port}\n`);
