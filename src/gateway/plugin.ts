/**
 * What the API gateway in front of the real services does for every request before its
 * service sees it: bodies taken as raw bytes (the AK/SK signature covers them; routes that
 * take none ignore them; a body over the limit is a 413), 404 `APIGW.0101` for unknown
 * paths, and every error, whatever its origin, written in the API's own format (the
 * pipeline's `writeError`): never a Fastify-shaped `{"statusCode":…}` body.
 */
import fp from 'fastify-plugin';
import { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { GATEWAY } from '../core/errors.js';
import { refuseInvalid, refuseUnexpected, writeError, wrongMethodParams } from './pipeline.js';

export interface GatewayOptions {
  /**
   * Answer unknown paths with 404 `APIGW.0101` (default). Off for a mock mounted without a prefix in
   * someone else's app: Fastify has one not-found handler per prefix, and that one is the app's.
   */
  readonly notFound?: boolean;
}

export default fp<GatewayOptions>(async function gateway(app: FastifyInstance, options: GatewayOptions) {
  app.decorateRequest('op', null);
  app.decorateRequest('ruleId', null);
  app.decorateRequest('fault', null);
  app.decorateRequest('caller', null);
  app.decorateRequest('epoch', -1);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  if (options.notFound !== false) {
    const prefix = app.prefix;
    const config = app.initialConfig as { routerOptions?: { ignoreTrailingSlash?: boolean }; ignoreTrailingSlash?: boolean };
    const trailingSlash = config.routerOptions?.ignoreTrailingSlash ?? config.ignoreTrailingSlash ?? false;
    app.setNotFoundHandler((request, reply) => {
      // A service's path with a method it does not define: "The API does not exist.", with the
      // path's parameters (the journal's project); any other path: the unknown-path answer.
      let path = request.url.split('?', 1)[0].slice(prefix.length);
      if (trailingSlash && path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
      const params = wrongMethodParams(request.server.mock.registry.services, request.method, path);
      if (params === undefined) return writeError(request, reply, GATEWAY.API_NOT_FOUND);
      request.params = params;
      writeError(request, reply, GATEWAY.METHOD_NOT_FOUND);
    });
  }

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) return refuseInvalid(request, reply, error);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) return writeError(request, reply, GATEWAY.ENTITY_TOO_LARGE);
    if (error.statusCode === 414) return writeError(request, reply, GATEWAY.URI_TOO_LARGE);
    if ((error.statusCode ?? 500) < 500) return writeError(request, reply, GATEWAY.BAD_REQUEST);
    refuseUnexpected(request, reply, error);
  });
}, { name: 'gateway', fastify: '5.x' });

/** Fastify's `frameworkErrors`: a URL it cannot decode (or a parameter over its length) reaches no route. */
export function onFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  writeError(request, reply, error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? GATEWAY.URI_TOO_LARGE : GATEWAY.BAD_REQUEST);
}
