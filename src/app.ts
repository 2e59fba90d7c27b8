/**
 * Builds the Fastify application: the gateway first, then each service's routes through
 * the shared pipeline, then the admin namespace. Used the same way by the CLI, by tests
 * (`inject`) and by users who embed the mock in-process.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { type Logger } from 'pino';
import { type Clock, RealClock } from './core/clock.js';
import { MockRuntime } from './core/runtime.js';
import { ServiceRegistry } from './core/registry.js';
import { type AnyService } from './core/service.js';
import { type AuthMode } from './auth/authenticator.js';
import { ScenarioError, overBudget, validateScenario, type Scenario } from './scenario/load.js';
import swagger from '@fastify/swagger';
import gateway, { onFrameworkError } from './gateway/plugin.js';
import { DEFAULT_LIMITS, onClientError, serverFactory, type ConnectionLimits } from './gateway/connection.js';
import { newRequestId } from './gateway/headers.js';
import { isPipelineHandler, registerService } from './gateway/pipeline.js';
import { jsonSerializerCompiler } from './gateway/serializers.js';
import { typeBoxValidatorCompiler } from './gateway/validator.js';
import adminRoutes from './admin/routes.js';
import { ALL_SERVICES } from './services/index.js';

export interface BuildOptions {
  readonly scenario: Scenario;
  /** The emulated services (default: all of them). A scenario naming another service's keys is refused. */
  readonly services?: readonly AnyService[];
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
  /** Request and header timeouts, connection cap (defaults: 30 s, 10 s, 1024). */
  readonly limits?: Partial<ConnectionLimits>;
  /** The most objects (resources, their nodes and parts) a scenario may make (default 1 000 000). */
  readonly maxObjects?: number;
  /**
   * On close, how long in-flight calls may take to finish (ms, default 0): delays falling due
   * within it are answered normally, hangs and longer delays get the gateway's 504/502 at once.
   */
  readonly closeGrace?: number;
}

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

declare module 'fastify' {
  interface FastifyInstance {
    mock: MockRuntime;
  }
}

/** The scenario, checked against these services if it was checked against others, and against the budget. */
function scenarioFor(registry: ServiceRegistry, scenario: Scenario, maxObjects?: number): Scenario {
  const names = registry.services.map((s) => s.name);
  if (scenario.services.length === names.length && scenario.services.every((n, i) => n === names[i])) {
    const over = overBudget(registry, scenario.spec, maxObjects);
    if (over) throw new ScenarioError(scenario.source, [over]);
    return scenario;
  }
  const result = validateScenario(registry, scenario.spec, scenario.source, { maxObjects });
  if (!result.ok) throw new ScenarioError(result.source, result.issues);
  return result.scenario;
}

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const registry = new ServiceRegistry(options.services ?? ALL_SERVICES);
  const scenario = scenarioFor(registry, options.scenario, options.maxObjects);
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
    // The server, its limits, and every answer written below Fastify, in the gateway's format.
    serverFactory: serverFactory({ ...DEFAULT_LIMITS, ...options.limits }),
    clientErrorHandler: onClientError,
    frameworkErrors: onFrameworkError,
    return503OnClosing: false,
    // Idle keep-alive connections close at once; the others get the close grace (below).
    forceCloseConnections: 'idle',
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
  const mock = new MockRuntime(registry, scenario, options.clock ?? new RealClock(), { journalSize: options.journalSize, authMode: options.authMode, maxObjects: options.maxObjects });
  app.decorate('mock', mock);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const response = (route.schema as { response?: Record<string, unknown> } | undefined)?.response;
      mock.routes.push({ method, url: route.url, operation: route.config?.operation ?? null, pipeline: isPipelineHandler(route.handler), response });
    }
  });
  // Closing: waiting calls (delays, hangs) end within the grace and never touch state afterwards;
  // then every connection still open is closed once the grace has passed.
  const grace = options.closeGrace ?? 0;
  app.addHook('preClose', async () => {
    await mock.drain(grace);
    setTimeout(() => app.server.closeAllConnections(), grace).unref();
  });

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
      info: { title: `hw-mock: Huawei Cloud ${registry.services.map((s) => s.title).join(', ')} mock`, description: registry.services.map((s) => `${s.title}: ${s.summary}.`).join(' '), version: '0.1.0' },
      tags: [...registry.services.map((s) => ({ name: s.title })), { name: 'mock', description: 'The mock\'s own admin API' }],
    },
    hideUntagged: true,
  });
  for (const service of registry.services) {
    await app.register(async (scope) => registerService(scope, service));
  }
  await app.register(adminRoutes, { prefix: '/_mock', adminToken: options.adminToken });
  return app;
}
