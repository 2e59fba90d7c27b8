/**
 * Builds the Fastify application: the gateway first, then each service's routes through
 * the shared pipeline, then the admin namespace. Used the same way by the CLI, by tests
 * (`inject`) and by users who embed the mock in-process. `assembleMock` puts those parts in a
 * Fastify scope: buildApp's root instance, or a scope of someone else's app (the plugin, start.ts).
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { type Logger } from 'pino';
import { type Clock, RealClock } from './core/clock.js';
import { MockRuntime } from './core/runtime.js';
import { ServiceRegistry } from './core/registry.js';
import { type AnyService } from './core/service.js';
import { type AuthMode } from './auth/authenticator.js';
import { ScenarioError, overBudget, validateScenario, type Scenario } from './scenario/load.js';
import swagger from '@fastify/swagger';
import gateway, { onFrameworkError } from './gateway/plugin.js';
import { DEFAULT_LIMITS, onClientError, serverFactory, type ConnectionLimits, type TlsMaterial } from './gateway/connection.js';
import { newRequestId } from './gateway/headers.js';
import { RequestLog } from './gateway/request-log.js';
import { isPipelineHandler, registerService } from './gateway/pipeline.js';
import { jsonSerializerCompiler, stringify } from './gateway/serializers.js';
import { typeBoxValidatorCompiler } from './gateway/validator.js';
import adminRoutes from './admin/routes.js';
import { packageVersion } from './version.js';
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
  /** Serve HTTPS with this certificate and key (PEM): the same limits and gateway answers. */
  readonly tls?: TlsMaterial;
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

/**
 * One registry per list of services: registries hold nothing that changes, and the scenario
 * schemas composed from one are kept with it, so mocks started one after another share them.
 */
const registries = new WeakMap<readonly AnyService[], ServiceRegistry>();
export function registryFor(services: readonly AnyService[] = ALL_SERVICES): ServiceRegistry {
  let registry = registries.get(services);
  if (!registry) registries.set(services, (registry = new ServiceRegistry(services)));
  return registry;
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
  const mock = createRuntime(options);
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger | undefined,
    // One log line per request, ours (gateway/request-log.ts), in place of Fastify's two.
    logController: new RequestLog(options.logger),
    genReqId: newRequestId,
    // A child logger per request is costly: requests share the root logger, and the lines
    // written about a request (its request line, errors) carry `reqId` themselves.
    childLoggerFactory: (logger: FastifyBaseLogger) => logger,
    requestIdHeader: false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // The server, its limits, and every answer written below Fastify, in the gateway's format.
    serverFactory: serverFactory({ ...DEFAULT_LIMITS, ...options.limits }, options.tls),
    // The server comes from serverFactory; Fastify reads this only to write https:// in addresses.
    ...(options.tls ? { https: {} } : {}),
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
  app.decorate('mock', mock);

  await assembleMock(app, { adminToken: options.adminToken, closeGrace: options.closeGrace });
  return app;
}

/**
 * A plugin with its name set where Fastify looks first: without one, Fastify looks for the plugin
 * among the exports of every loaded CommonJS module, on every registration (~1 ms a build).
 */
function named<F extends object>(name: string, plugin: F): F {
  Object.defineProperty(plugin, Symbol.for('fastify.display-name'), { value: name });
  return plugin;
}

/** What a mock runs on, whoever hosts it: its services, the scenario checked against them, the clock. */
export type RuntimeSetup = Pick<BuildOptions, 'scenario' | 'services' | 'clock' | 'journalSize' | 'authMode' | 'maxObjects'>;

/** The runtime of one mock; a scenario that does not fit the services or the budget throws ScenarioError. */
export function createRuntime(options: RuntimeSetup): MockRuntime {
  const registry = registryFor(options.services);
  const scenario = scenarioFor(registry, options.scenario, options.maxObjects);
  return new MockRuntime(registry, scenario, options.clock ?? new RealClock(), { journalSize: options.journalSize, authMode: options.authMode, maxObjects: options.maxObjects });
}

export interface AssemblyOptions extends Pick<BuildOptions, 'adminToken' | 'closeGrace' | 'bodyLimit'> {
  /**
   * The scope belongs to someone else's app (the plugin): its root options (server, request ids,
   * compilers, body limit, router) are the app's, so what a scope can set is set here instead.
   * `bodyLimit` applies only then (buildApp gives it to the root).
   */
  readonly embedded?: boolean;
}

/**
 * Everything a mock puts into a Fastify scope whose `mock` decorator is its runtime: the close
 * hook, the gateway, the OpenAPI document, each service's routes and the admin namespace under
 * `/_mock`. What only a root instance can set (serverFactory, frameworkErrors, genReqId, the
 * compilers factory, ignoreTrailingSlash) is buildApp's; a mock embedded in another app does
 * without the server-level answers (limits, malformed HTTP) and trailing-slash routes.
 */
export async function assembleMock(scope: FastifyInstance, options: AssemblyOptions = {}): Promise<void> {
  const mock = scope.mock;
  const embedded = options.embedded ?? false;
  if (embedded) {
    // A scope can set its own compilers: TypeBox checks and JSON.stringify, as at the root.
    scope.setValidatorCompiler(typeBoxValidatorCompiler);
    scope.setSerializerCompiler(jsonSerializerCompiler());
    // The app names its requests as it likes; the mock's answers carry the cloud's 32-hex ids.
    scope.addHook('onRequest', (request, _reply, done) => {
      request.id = newRequestId();
      done();
    });
    // The app's bodyLimit is the app's: each of the mock's routes gets the mock's own.
    const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
    scope.addHook('onRoute', (route) => {
      route.bodyLimit ??= bodyLimit;
    });
  }
  // Answers are the views' JSON as it is (serializers.ts): no route gives Fastify a response schema.
  scope.setReplySerializer(stringify);
  // A host app with an OpenAPI document of its own (its @fastify/swagger) documents the mock's routes
  // with its own global transform, which a route's own transform would override: there the answers
  // go in the route schemas as usual (Fastify then walks them on each build; nothing else changes).
  if (embedded && scope.hasDecorator('swagger')) {
    scope.addHook('onRoute', (route) => {
      const { swaggerTransform: _ours, ...config } = route.config ?? {};
      if (!config.responses) return;
      route.schema = { ...route.schema, response: config.responses };
      route.config = config;
    });
  }
  scope.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      mock.routes.push({ method, url: route.url, operation: route.config?.operation ?? null, pipeline: isPipelineHandler(route.handler), response: route.config?.responses });
    }
  });
  // Closing: waiting calls (delays, hangs) end within the grace and never touch state afterwards;
  // then, on a server of the mock's own, every connection still open is closed once the grace has passed.
  const grace = options.closeGrace ?? 0;
  scope.addHook('preClose', async () => {
    await mock.drain(grace);
    if (!embedded) setTimeout(() => scope.server.closeAllConnections(), grace).unref();
  });

  const registry = mock.registry;
  // Unknown paths answer APIGW.0101, except at the root of someone else's app: its 404s stay its own.
  await scope.register(gateway, { notFound: !embedded || scope.prefix !== '' });
  // OpenAPI from the routes' TypeBox schemas, served at GET /_mock/openapi.json (built on first request);
  // an app that has its own document already serves that one there.
  if (!scope.hasDecorator('swagger')) {
    await scope.register(swagger, {
      openapi: {
        info: { title: `hw-mock: Huawei Cloud ${registry.services.map((s) => s.title).join(', ')} mock`, description: registry.services.map((s) => `${s.title}: ${s.summary}.`).join(' '), version: packageVersion() },
        tags: [...registry.services.map((s) => ({ name: s.title })), { name: 'mock', description: 'The mock\'s own admin API' }],
      },
      hideUntagged: true,
    });
  }
  // At the root of someone else's app the not-found handler is the app's: there, a service's wrong
  // methods are routes of their own; everywhere else the gateway's not-found handler answers them.
  const standInRoutes = embedded && scope.prefix === '';
  for (const service of registry.services) {
    await scope.register(named(`hw-mock-${service.name}`, async (child: FastifyInstance) => registerService(child, service, { standInRoutes })));
  }
  await scope.register(named('hw-mock-admin', adminRoutes), { prefix: '/_mock', adminToken: options.adminToken });
}
