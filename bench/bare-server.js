// The baselines of the bench: the same answer as the mock's v1.0 swap route (after the first swap),
// from a bare Fastify route and from a bare node:http server, neither with any logging.
//   node bench/bare-server.js fastify|http PORT
import { createServer } from 'node:http';
import Fastify from 'fastify';

const [kind, port] = [process.argv[2], Number(process.argv[3] ?? 0)];
const BODY = { code: '1', message: 'repliation abnormal, master connected_slaves:0\r' };
const URL_RE = /^\/v1\.0\/[^/]+\/instances\/[^/]+\/swap$/;

let server;
if (kind === 'fastify') {
  const app = Fastify({ logger: false });
  app.put('/v1.0/:project_id/instances/:instance_id/swap', (_request, reply) => {
    reply.send(BODY);
  });
  await app.listen({ port, host: '127.0.0.1' });
  server = app.server;
} else if (kind === 'http') {
  const text = JSON.stringify(BODY);
  server = createServer((req, res) => {
    if (req.method === 'PUT' && URL_RE.test(req.url)) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
} else {
  process.stderr.write('usage: node bench/bare-server.js fastify|http PORT\n');
  process.exit(2);
}
process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
process.once('SIGTERM', () => server.close(() => process.exit(0)));
