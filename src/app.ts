/**
 * Builds the Fastify application: gateway behaviour first, then the emulated API
 * routes. Used the same way by the CLI, by tests (`inject`) and by users who embed
 * the mock in-process.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { type Logger } from 'pino';
import { type Clock, RealClock } from './domain/clock.js';
import { MockRuntime } from './runtime.js';
import { type Scenario } from './scenario/load.js';
import gateway, { newRequestId } from './http/plugins/gateway.js';
import dcsRoutes from './http/routes/dcs.js';
import './http/types.js';

export interface BuildOptions {
  readonly scenario: Scenario;
  /** Defaults to the real clock. */
  readonly clock?: Clock;
  /** A pino logger; none means silent. */
  readonly logger?: Logger;
  /** Largest request body in bytes (default 1 MiB); beyond it: 413 `APIGW.0201`. */
  readonly bodyLimit?: number;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger | undefined,
    // One log line per request, written by our onResponse hook (request id, operation, status, time).
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'reqId' }),
    genReqId: newRequestId,
    requestIdHeader: false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    return503OnClosing: false,
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.decorate('mock', new MockRuntime(options.scenario, options.clock ?? new RealClock()));

  if (options.logger && options.logger.isLevelEnabled('info')) {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.info(
        { method: request.method, url: request.url, status: reply.statusCode, op: request.routeOptions.config.operation, ms: Math.round(reply.elapsedTime * 10) / 10 },
        'request',
      );
      done();
    });
  }

  await app.register(gateway);
  await app.register(dcsRoutes);
  return app;
}
