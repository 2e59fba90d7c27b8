/**
 * Command line: `hw-mock [--port 8080] [--host 127.0.0.1] [--scenario FILE] [--log-level info] [--pretty]`.
 * A bad flag or a bad scenario stops it before it listens, with exit code 2.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { type LevelWithSilent } from 'pino';
import { buildApp } from './app.js';
import { ManualClock, RealClock } from './core/clock.js';
import { ServiceRegistry } from './core/registry.js';
import { ALL_SERVICES } from './services/index.js';
import { AUTH_MODES, type AuthMode } from './auth/authenticator.js';
import { createLogger, LOG_LEVELS } from './logger.js';
import { DEFAULT_MAX_OBJECTS, loadScenarioFile, ScenarioError, type Preparsed } from './scenario/load.js';
import { readFile } from 'node:fs/promises';
import { readStateFile, restoreState, saveState, writeStateFile, type SavedState } from './core/persist.js';

export const DEFAULT_SCENARIO = fileURLToPath(new URL('../scenarios/default.yaml', import.meta.url));
export const DEFAULT_PORT = 8080;

const USAGE = `Usage: hw-mock [options]

Mock of Huawei Cloud APIs:
${ALL_SERVICES.map((s) => `  ${s.title}: ${s.summary}`).join('\n')}

Options:
  --port N            port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDR         address to bind (default 127.0.0.1; 0.0.0.0 in containers)
  --scenario FILE     scenario file, YAML or JSON (default scenarios/default.yaml)
  --log-level LEVEL   ${LOG_LEVELS.join(' | ')} (default info)
  --pretty            human-readable logs (pino-pretty)
  --clock MODE        real (default) | virtual: time moves only on POST /_mock/clock/advance
  --admin-token T     require "Authorization: Bearer T" on /_mock/* (health excepted)
  --journal-size N    requests kept in the journal (default 1000; 0 keeps none)
  --auth MODE         off | lenient (default: credentials checked when present) | strict
  --request-timeout S seconds to receive a whole request, headers and body (default 30; headers: 10 at most)
  --max-connections N open connections at most; one more is answered 429 (default 1024)
  --max-objects N     objects a scenario may make: resources and their nodes and parts (default 1000000)
  --shutdown-grace S  on SIGTERM/SIGINT, seconds in-flight calls may take to finish (default 5)
  --state-file PATH   keep the model across restarts: restored at start, written on shutdown and every interval
  --state-interval S  seconds between two writes of the state file (default 30)
  -h, --help          show this help
`;

class UsageError extends Error {}

export interface CliOptions {
  port: number;
  host: string;
  scenario: string;
  logLevel: LevelWithSilent;
  pretty: boolean;
  clock: 'real' | 'virtual';
  journalSize: number;
  adminToken: string | undefined;
  auth: AuthMode | undefined;
  requestTimeout: number;
  maxConnections: number;
  maxObjects: number;
  shutdownGrace: number;
  stateFile: string | undefined;
  stateInterval: number;
}

export function parseCli(argv: string[]): CliOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        scenario: { type: 'string' },
        'log-level': { type: 'string' },
        pretty: { type: 'boolean' },
        clock: { type: 'string' },
        'admin-token': { type: 'string' },
        'journal-size': { type: 'string' },
        auth: { type: 'string' },
        'request-timeout': { type: 'string' },
        'max-connections': { type: 'string' },
        'max-objects': { type: 'string' },
        'shutdown-grace': { type: 'string' },
        'state-file': { type: 'string' },
        'state-interval': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected an integer from 0 to 65535, got "${values.port}"`);
  const logLevel = (values['log-level'] ?? 'info') as LevelWithSilent;
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new UsageError(`--log-level: expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const clock = values.clock ?? 'real';
  if (clock !== 'real' && clock !== 'virtual') throw new UsageError(`--clock: expected real or virtual, got "${clock}"`);
  const journalSize = values['journal-size'] === undefined ? 1000 : Number(values['journal-size']);
  if (!Number.isInteger(journalSize) || journalSize < 0 || journalSize > 1_000_000) {
    throw new UsageError(`--journal-size: expected an integer from 0 to 1000000, got "${values['journal-size']}"`);
  }
  const auth = values.auth;
  if (auth !== undefined && !(AUTH_MODES as readonly string[]).includes(auth)) throw new UsageError(`--auth: expected one of ${AUTH_MODES.join(', ')}, got "${auth}"`);
  const requestTimeout = values['request-timeout'] === undefined ? 30 : Number(values['request-timeout']);
  if (!Number.isFinite(requestTimeout) || requestTimeout < 1 || requestTimeout > 3600) throw new UsageError(`--request-timeout: expected seconds from 1 to 3600, got "${values['request-timeout']}"`);
  const maxConnections = values['max-connections'] === undefined ? 1024 : Number(values['max-connections']);
  if (!Number.isInteger(maxConnections) || maxConnections < 1 || maxConnections > 100_000) throw new UsageError(`--max-connections: expected an integer from 1 to 100000, got "${values['max-connections']}"`);
  const maxObjects = values['max-objects'] === undefined ? DEFAULT_MAX_OBJECTS : Number(values['max-objects']);
  if (!Number.isInteger(maxObjects) || maxObjects < 1 || maxObjects > 100_000_000) throw new UsageError(`--max-objects: expected an integer from 1 to 100000000, got "${values['max-objects']}"`);
  const shutdownGrace = values['shutdown-grace'] === undefined ? 5 : Number(values['shutdown-grace']);
  if (!Number.isFinite(shutdownGrace) || shutdownGrace < 0 || shutdownGrace > 600) throw new UsageError(`--shutdown-grace: expected seconds from 0 to 600, got "${values['shutdown-grace']}"`);
  const stateInterval = values['state-interval'] === undefined ? 30 : Number(values['state-interval']);
  if (!Number.isFinite(stateInterval) || stateInterval < 0.1 || stateInterval > 86_400) throw new UsageError(`--state-interval: expected seconds from 0.1 to 86400, got "${values['state-interval']}"`);
  const adminToken = values['admin-token'];
  if (adminToken !== undefined && !/^[\x21-\x7e]{8,256}$/.test(adminToken)) throw new UsageError('--admin-token: expected 8 to 256 printable characters, no spaces');
  return {
    port,
    host: values.host ?? '127.0.0.1',
    scenario: values.scenario ?? DEFAULT_SCENARIO,
    logLevel,
    pretty: values.pretty ?? false,
    clock,
    journalSize,
    adminToken,
    auth: auth as AuthMode | undefined,
    requestTimeout,
    maxConnections,
    maxObjects,
    shutdownGrace,
    stateFile: values['state-file'],
    stateInterval,
  };
}

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || host.startsWith('127.');

/** The default scenario as the build parsed it (dist/default-scenario.json), if there. */
async function preparsedDefault(): Promise<Preparsed | undefined> {
  try {
    return JSON.parse(await readFile(new URL('./default-scenario.json', import.meta.url), 'utf8')) as Preparsed;
  } catch {
    return undefined;
  }
}

export async function main(argv: string[]): Promise<number> {
  let options: CliOptions | 'help';
  try {
    options = parseCli(argv);
  } catch (err) {
    process.stderr.write(`hw-mock: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const loaded = await loadScenarioFile(new ServiceRegistry(ALL_SERVICES), options.scenario, options.scenario === DEFAULT_SCENARIO ? await preparsedDefault() : undefined, { maxObjects: options.maxObjects });
  if (!loaded.ok) {
    process.stderr.write(`hw-mock: invalid scenario\n${new ScenarioError(loaded.source, loaded.issues).message}\n`);
    return 2;
  }
  let saved: SavedState | undefined;
  try {
    saved = options.stateFile === undefined ? undefined : readStateFile(options.stateFile);
  } catch (err) {
    process.stderr.write(`hw-mock: cannot restore the state\n${options.stateFile}: ${(err as Error).message}\n`);
    return 2;
  }
  const logger = await createLogger({ level: options.logLevel, pretty: options.pretty });
  const start = loaded.scenario.spec.clock?.start;
  // A restored virtual clock goes on from where it stood.
  const virtualStart = saved?.clock?.kind === 'virtual' && Number.isFinite(saved.clock.now) ? saved.clock.now : start ? Date.parse(start) : Date.now();
  const clock = options.clock === 'virtual' ? new ManualClock(virtualStart) : new RealClock();
  const app = await buildApp({
    scenario: loaded.scenario, logger, clock, journalSize: options.journalSize, adminToken: options.adminToken, authMode: options.auth, maxObjects: options.maxObjects,
    limits: { requestTimeout: options.requestTimeout * 1000, headersTimeout: Math.min(10, options.requestTimeout) * 1000, maxConnections: options.maxConnections },
    closeGrace: options.shutdownGrace * 1000,
  });
  if (saved) {
    try {
      restoreState(app.mock, saved);
    } catch (err) {
      process.stderr.write(`hw-mock: cannot restore the state\n${options.stateFile}: ${(err as Error).message}\n`);
      return 2;
    }
    logger.info({ file: options.stateFile, savedAt: saved.savedAt }, 'state restored');
  }
  const persist = () => {
    if (options.stateFile === undefined) return;
    try {
      writeStateFile(options.stateFile, saveState(app.mock));
    } catch (err) {
      logger.error({ err, file: options.stateFile }, 'cannot write the state file');
    }
  };
  if (options.stateFile !== undefined) setInterval(persist, options.stateInterval * 1000).unref();
  // Signal handlers go in before the server listens: a SIGTERM right after "listening on …" must
  // close the server, not kill the process by signal.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => {
        persist();
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  try {
    await app.listen({ port: options.port, host: options.host, listenTextResolver: (address) => `listening on ${address}` });
  } catch (err) {
    if (stopping) return -1;
    logger.fatal({ err }, 'cannot listen');
    return 1;
  }
  // The address matters most with --port 0: say it even when info lines are off.
  if (!logger.isLevelEnabled('info')) process.stdout.write(`hw-mock listening on ${app.listeningOrigin}\n`);
  if (!isLoopback(options.host) && !options.adminToken) {
    const warning = `the admin API (/_mock: reset, rules, scenario) is open to anyone who can reach ${options.host}; set --admin-token, or bind 127.0.0.1`;
    if (logger.isLevelEnabled('warn')) logger.warn({ host: options.host }, warning);
    else process.stderr.write(`hw-mock: warning: ${warning}\n`);
  }
  const counts = app.mock.counts();
  logger.info({ scenario: loaded.scenario.spec.name, file: loaded.scenario.source, clock: clock.kind, auth: app.mock.auth.mode, ...counts }, `scenario "${loaded.scenario.spec.name}" loaded`);
  return -1;
}

