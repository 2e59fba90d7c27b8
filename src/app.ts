/**
 * Builds the Fastify application: gateway behaviour first, then the emulated API
 * routes. Used the same way by the CLI, by tests (`inject`) and by users who embed
 * the mock in-process.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { type Logger } from 'pino';
import { type Clock, RealClock } from './domain/clock.js';
import { MockRuntime } from './runtime.js';
import { type AuthMode } from './auth/authenticator.js';
import { type Scenario } from './scenario/load.js';
import swagger from '@fastify/swagger';
import gateway, { newRequestId } from './http/plugins/gateway.js';
import { jsonSerializerCompiler } from './http/serializers.js';
import { typeBoxValidatorCompiler } from './http/validator.js';
import dcsRoutes from './http/routes/dcs.js';
import dwsRoutes from './http/routes/dws.js';
import adminRoutes from './http/routes/admin.js';
import './http/types.js';

export interface BuildOptions {
  readonly scenario: Scenario;
  /** Defaults to the real clock. */
  readonly clock?: Clock;
  /** A pino logger; none means silent. */
  readonly logger?: Logger;
  /** Largest request body in bytes (default 1 MiB); beyond it: 413 `APIGW.0201`. */
  readonly bodyLimit?: number;
  /** Entries kept in the request journal (default 1000). */
  readonly journalSize?: number;
  /** When set, `/_mock/*` calls (health excepted) need `Authorization: Bearer <token>`. */
  readonly adminToken?: string;
  /** off | lenient | strict; overrides the scenario's `auth.mode` (default lenient). */
  readonly authMode?: AuthMode;
}

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger | undefined,
    // One log line per request, written by our onResponse hook (request id, operation, status, time).
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'reqId' }),
    genReqId: newRequestId,
    // A child logger per request is costly; below `info` no request line is written, so
    // requests share the root logger (errors carry `reqId` explicitly).
    ...(options.logger && !options.logger.isLevelEnabled('info') ? { childLoggerFactory: (logger: FastifyBaseLogger) => logger } : {}),
    requestIdHeader: false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    return503OnClosing: false,
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: true },
    // TypeBox's compiler validates; views write the exact wire shape. Giving Fastify both
    // compilers up front keeps Ajv and fast-json-stringify from loading at all (start-up time).
    schemaController: {
      compilersFactory: {
        buildValidator: (() => typeBoxValidatorCompiler) as unknown as CompilersFactory['buildValidator'],
        buildSerializer: (() => jsonSerializerCompiler()) as unknown as CompilersFactory['buildSerializer'],
      },
    },
  });
  app.decorate('mock', new MockRuntime(options.scenario, options.clock ?? new RealClock(), { journalSize: options.journalSize, authMode: options.authMode }));

  if (options.logger && options.logger.isLevelEnabled('info')) {
    app.addHook('onResponse', (request, reply, done) => {
      request.log.info(
        { method: request.method, url: request.url, status: reply.statusCode, op: request.op ?? undefined, caller: request.caller ?? undefined, rule: request.ruleId ?? undefined, ms: Math.round(reply.elapsedTime * 10) / 10 },
        'request',
      );
      done();
    });
  }

  await app.register(gateway);
  // OpenAPI from the routes' TypeBox schemas, served at GET /_mock/openapi.json (built on first request).
  await app.register(swagger, {
    openapi: {
      info: { title: 'hw-mock: Huawei Cloud DCS swap and DWS switchover mock', version: '0.1.0' },
      tags: [{ name: 'DCS' }, { name: 'DWS' }, { name: 'mock', description: 'The mock\'s own admin API' }],
    },
    hideUntagged: true,
  });
  await app.register(dcsRoutes);
  await app.register(dwsRoutes);
  await app.register(adminRoutes, { prefix: '/_mock', adminToken: options.adminToken });
  return app;
}
