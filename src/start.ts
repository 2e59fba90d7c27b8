/**
 * Embedding the mock in a Node test suite: `startMock()` runs it on its own server (port 0 by
 * default) and hands back its URL and an admin client; `hwMockPlugin` mounts it in your own
 * Fastify app. Both take the command line's settings as options, and a scenario as a file, as
 * YAML or JSON text, or as an object.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type AddressInfo } from 'node:net';
import fp from 'fastify-plugin';
import { type FastifyInstance } from 'fastify';
import { Type, type TObject } from '@sinclair/typebox';
import { type LevelWithSilent, type Logger } from 'pino';
import { assembleMock, buildApp, createRuntime, registryFor, type BuildOptions } from './app.js';
import { ManualClock, RealClock, type Clock } from './core/clock.js';
import { type ServiceRegistry } from './core/registry.js';
import { type AnyService } from './core/service.js';
import { AUTH_MODES, type AuthMode } from './auth/authenticator.js';
import { createLogger, LOG_LEVELS } from './logger.js';
import { loadScenarioFile, parseDocument, parseScenario, ScenarioError, validateScenario, type LoadLimits, type LoadResult, type Preparsed, type Scenario } from './scenario/load.js';
import { type ScenarioSpec } from './scenario/schema.js';
import { schemaIssues, formatIssue } from './scenario/issues.js';
import { oneOf } from './scenario/parts.js';
import { MockAdmin } from './client/admin.js';

/** The scenario the command line starts with: `scenarios/default.yaml` of this package. */
export const DEFAULT_SCENARIO_FILE = fileURLToPath(new URL('../scenarios/default.yaml', import.meta.url));

/**
 * A scenario: a file (`'scenarios/x.yaml'` or `{ file }`; a string is always a path), text
 * (`{ yaml }`, `{ json }`), a document (the object a scenario file holds), or a `Scenario` that
 * `loadScenarioFile`/`parseScenario`/`validateScenario` returned.
 */
export type ScenarioInput = string | { readonly file: string } | { readonly yaml: string } | { readonly json: string } | ScenarioSpec | Scenario;

/** What the command line's flags set, as options (README "Quick start"). */
export interface MockSetup {
  /** Default: the packaged `scenarios/default.yaml`. A scenario that does not load throws ScenarioError with its issues. */
  readonly scenario?: ScenarioInput;
  /** The emulated services (default: all). */
  readonly services?: readonly AnyService[];
  /** `real` (default); `virtual`: time moves only on `POST /_mock/clock/advance`, from the scenario's `clock.start` or now; or a Clock. */
  readonly clock?: 'real' | 'virtual' | Clock;
  /** `off`, `lenient` (default) or `strict`; overrides the scenario's `auth.mode`. */
  readonly auth?: AuthMode;
  /** Requests kept in the journal (default 1000). */
  readonly journalSize?: number;
  /** Require `Authorization: Bearer <adminToken>` on `/_mock/*` (health excepted). */
  readonly adminToken?: string;
  /** Objects a scenario may make (default 1 000 000). */
  readonly maxObjects?: number;
  /** Largest request body in bytes (default 1 MiB). */
  readonly bodyLimit?: number;
  /** On close, how long in-flight calls may take to finish, in ms (default 0). */
  readonly closeGrace?: number;
}

export interface StartOptions extends MockSetup {
  /** Default 0: a free port (the answer's `port` and `url` tell which). */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default `silent`. */
  readonly logLevel?: LevelWithSilent;
  /** A pino logger to write to, instead of `logLevel`. */
  readonly logger?: Logger;
  /** Request and header timeouts (ms), connection cap. */
  readonly limits?: BuildOptions['limits'];
}

export interface StartedMock {
  /** `http://127.0.0.1:<port>`: give it to the client under test as its endpoint. */
  readonly url: string;
  readonly port: number;
  /** An admin client for this mock (with its admin token, if any). */
  readonly admin: MockAdmin;
  /** The Fastify instance; `app.mock` is the runtime (model, rules, journal, clock). */
  readonly app: FastifyInstance;
  /** Stops the server; calling it again waits for the same close. */
  close(): Promise<void>;
}

export interface HwMockPluginOptions extends MockSetup {
  /** Where the mock's routes go in your app (`/huawei`: `/huawei/v1.0/…`, `/huawei/_mock/…`); default: the root. */
  readonly prefix?: string;
}

const closed = { additionalProperties: false } as const;

/** The options' plain values, checked before anything starts; objects (scenario, clock, services, logger) are checked where they are used. */
const setupKeys = {
  scenario: Type.Optional(Type.Unknown()),
  services: Type.Optional(Type.Array(Type.Unknown(), { minItems: 1, expected: 'a list of services (ALL_SERVICES, or some of them)' })),
  clock: Type.Optional(Type.Unknown()),
  auth: Type.Optional(oneOf(AUTH_MODES)),
  journalSize: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, expected: 'an integer from 0 to 1000000' })),
  adminToken: Type.Optional(Type.String({ pattern: '^[\\x21-\\x7e]{8,256}$', expected: '8 to 256 printable characters, no spaces' })),
  maxObjects: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000, expected: 'an integer from 1 to 100000000' })),
  bodyLimit: Type.Optional(Type.Integer({ minimum: 1, expected: 'a number of bytes from 1' })),
  closeGrace: Type.Optional(Type.Integer({ minimum: 0, maximum: 600_000, expected: 'milliseconds from 0 to 600000' })),
};
const StartOptionsSchema = Type.Object({
  ...setupKeys,
  port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, expected: 'an integer from 0 to 65535' })),
  host: Type.Optional(Type.String({ minLength: 1 })),
  logLevel: Type.Optional(oneOf(LOG_LEVELS)),
  logger: Type.Optional(Type.Unknown()),
  limits: Type.Optional(Type.Object({
    requestTimeout: Type.Optional(Type.Integer({ minimum: 1 })),
    headersTimeout: Type.Optional(Type.Integer({ minimum: 1 })),
    maxConnections: Type.Optional(Type.Integer({ minimum: 1 })),
    checkInterval: Type.Optional(Type.Integer({ minimum: 1 })),
  }, closed)),
}, closed);
const PluginOptionsSchema = Type.Object({
  ...setupKeys,
  prefix: Type.Optional(Type.String({ pattern: '^(/[^/?#]+)*$', expected: 'a path such as /huawei (no trailing slash), or nothing' })),
  // What Fastify's register takes for any plugin.
  logLevel: Type.Optional(oneOf(LOG_LEVELS)),
  logSerializers: Type.Optional(Type.Unknown()),
}, closed);

function checkOptions(who: string, schema: TObject, options: unknown): void {
  const issues = schemaIssues(schema, options);
  if (issues.length > 0) throw new TypeError(`${who}: invalid options\n${issues.map((i) => `  ${formatIssue(i)}`).join('\n')}`);
}

const isClock = (value: unknown): value is Clock =>
  typeof value === 'object' && value !== null && typeof (value as Clock).now === 'function' && ((value as Clock).kind === 'real' || (value as Clock).kind === 'virtual');

function clockFor(option: MockSetup['clock'], scenario: Scenario, who: string): Clock {
  if (option === undefined || option === 'real') return new RealClock();
  if (option === 'virtual') {
    const start = scenario.spec.clock?.start;
    return new ManualClock(start ? Date.parse(start) : Date.now());
  }
  if (isClock(option)) return option;
  throw new TypeError(`${who}: invalid options\n  clock: expected real, virtual or a Clock (ManualClock, RealClock), got ${JSON.stringify(option)}`);
}

let defaultDocument: Promise<Preparsed | undefined> | undefined;

/**
 * The default scenario's document, parsed once per process: by the build (dist/default-scenario.json,
 * beside the bundle) or, running from the sources, here on first use. The loader still checks that the
 * file has not changed since (its SHA-256) and validates the document.
 */
function preparsedDefault(): Promise<Preparsed | undefined> {
  defaultDocument ??= (async () => {
    try {
      return JSON.parse(await readFile(new URL('./default-scenario.json', import.meta.url), 'utf8')) as Preparsed;
    } catch {
      // Not built: parse the YAML, once.
    }
    try {
      const text = await readFile(DEFAULT_SCENARIO_FILE, 'utf8');
      const doc = await parseDocument(text, DEFAULT_SCENARIO_FILE);
      return doc.ok ? { sha256: createHash('sha256').update(text).digest('hex'), document: doc.value } : undefined;
    } catch {
      return undefined;
    }
  })();
  return defaultDocument;
}

const hasOnly = (value: object, key: string): boolean => {
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === key && typeof (value as Record<string, unknown>)[key] === 'string';
};
const isLoaded = (value: object): value is Scenario =>
  'spec' in value && 'source' in value && Array.isArray((value as Scenario).services);

/** The scenario an option names, loaded and checked against the services; ScenarioError when it does not load. */
export async function resolveScenario(input: ScenarioInput | undefined, registry: ServiceRegistry, limits: LoadLimits = {}): Promise<Scenario> {
  let result: LoadResult;
  if (input === undefined) {
    result = await loadScenarioFile(registry, DEFAULT_SCENARIO_FILE, await preparsedDefault(), limits);
  } else if (typeof input === 'string') {
    if (input.includes('\n') || input.trimStart().startsWith('{')) {
      throw new TypeError('scenario: a string is a file path; for YAML or JSON text give { yaml: text } or { json: text }');
    }
    result = await loadScenarioFile(registry, input, undefined, limits);
  } else if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError(`scenario: expected a file path, { file }, { yaml }, { json }, a scenario object or a loaded Scenario, got ${JSON.stringify(input)}`);
  } else if (hasOnly(input, 'file')) {
    result = await loadScenarioFile(registry, (input as { file: string }).file, undefined, limits);
  } else if (hasOnly(input, 'yaml')) {
    result = await parseScenario(registry, (input as { yaml: string }).yaml, 'scenario (YAML text)', 'yaml', limits);
  } else if (hasOnly(input, 'json')) {
    result = await parseScenario(registry, (input as { json: string }).json, 'scenario (JSON text)', 'json', limits);
  } else if (isLoaded(input)) {
    // Checked again against these services and this budget when the mock is built.
    return input;
  } else {
    result = validateScenario(registry, input, 'scenario (object)', limits);
  }
  if (!result.ok) throw new ScenarioError(result.source, result.issues);
  return result.scenario;
}

/** The scenario and the clock of a setup. */
async function prepare(setup: MockSetup, who: string): Promise<{ scenario: Scenario; clock: Clock }> {
  const scenario = await resolveScenario(setup.scenario, registryFor(setup.services), { maxObjects: setup.maxObjects });
  return { scenario, clock: clockFor(setup.clock, scenario, who) };
}

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || host.startsWith('127.');

/** The address to reach a server listening on `address` from this machine. */
function reachable(address: string): string {
  if (address === '0.0.0.0') return '127.0.0.1';
  if (address === '::') return '[::1]';
  return address.includes(':') ? `[${address}]` : address;
}

/**
 * Starts a mock on its own server and answers once it listens: its URL, port, an admin client and
 * the Fastify instance. Options mirror the command line's flags; defaults: port 0 (a free one),
 * host 127.0.0.1, the packaged default scenario, a real clock, no logs.
 */
export async function startMock(options: StartOptions = {}): Promise<StartedMock> {
  checkOptions('startMock', StartOptionsSchema, options);
  if (options.logger !== undefined && options.logLevel !== undefined) throw new TypeError('startMock: give logLevel or logger, not both');
  const { scenario, clock } = await prepare(options, 'startMock');
  const level = options.logLevel ?? 'silent';
  const logger = options.logger ?? (level === 'silent' ? undefined : await createLogger({ level }));
  const app = await buildApp({
    scenario, clock, logger, services: options.services, journalSize: options.journalSize, adminToken: options.adminToken, authMode: options.auth,
    maxObjects: options.maxObjects, limits: options.limits, bodyLimit: options.bodyLimit, closeGrace: options.closeGrace,
  });
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ port: options.port ?? 0, host });
  } catch (err) {
    await app.close();
    throw err;
  }
  if (!isLoopback(host) && !options.adminToken) {
    process.emitWarning(`hw-mock: the admin API (/_mock: reset, rules, scenario) is open to anyone who can reach ${host}; set adminToken, or listen on 127.0.0.1`);
  }
  const { address, port } = app.server.address() as AddressInfo;
  const url = `http://${reachable(address)}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    app,
    admin: new MockAdmin(url, { token: options.adminToken }),
    close: () => (closing ??= app.close().then(() => undefined)),
  };
}

/**
 * The mock as a Fastify plugin: `await app.register(hwMockPlugin, { scenario, prefix })` adds its
 * emulated routes and its admin API (`<prefix>/_mock/…`) to your app, and `app.mock` (the runtime).
 * Your app keeps its own server, logger, request ids and root options: the mock's routes answer as
 * they do standalone (gateway errors, 32-hex `X-Request-Id`, body limit), but the server-level
 * answers (connection limits, malformed HTTP) and trailing-slash routes are the standalone server's
 * only. Without a prefix, paths no route knows get your app's 404, not `APIGW.0101`.
 */
export const hwMockPlugin = fp<HwMockPluginOptions>(async (app, options) => {
  checkOptions('hwMockPlugin', PluginOptionsSchema, options);
  const { scenario, clock } = await prepare(options, 'hwMockPlugin');
  app.decorate('mock', createRuntime({ scenario, clock, services: options.services, journalSize: options.journalSize, authMode: options.auth, maxObjects: options.maxObjects }));
  await app.register(
    (scope) => assembleMock(scope, { embedded: true, adminToken: options.adminToken, bodyLimit: options.bodyLimit, closeGrace: options.closeGrace }),
    { prefix: options.prefix ?? '' },
  );
}, { name: 'hw-mock', fastify: '5.x' });
