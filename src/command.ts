/**
 * Command line: `hw-mock [--port 8080] [--host 127.0.0.1] [--scenario FILE] [--log-level info] [--pretty] …`.
 * Every option can also be set by an environment variable, `HW_MOCK_<OPTION>` (`HW_MOCK_PORT`);
 * a flag wins over its variable. A bad flag, variable or scenario stops it before it listens,
 * with exit code 2.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LevelWithSilent } from 'pino';
import { buildApp } from './app.js';
import { ManualClock, RealClock } from './core/clock.js';
import { ServiceRegistry } from './core/registry.js';
import { ALL_SERVICES } from './services/index.js';
import { AUTH_MODES, type AuthMode } from './auth/authenticator.js';
import { packageVersion } from './version.js';
import { createLogger, flushLogs, LOG_LEVELS } from './logger.js';
import { DEFAULT_MAX_OBJECTS, loadScenarioFile, ScenarioError, type Preparsed } from './scenario/load.js';
import { readFile } from 'node:fs/promises';
import { readStateFile, restoreState, saveState, writeStateFile, type SavedState } from './core/persist.js';
import { type TlsMaterial } from './gateway/connection.js';

export const DEFAULT_SCENARIO = fileURLToPath(new URL('../scenarios/default.yaml', import.meta.url));
export const DEFAULT_PORT = 8080;

/** Every option, with its kind; each is also the environment variable `envName(option)`. */
const OPTIONS = {
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
  tls: { type: 'boolean' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'tls-cert-out': { type: 'string' },
} as const;

type Option = keyof typeof OPTIONS;
type TextOption = { [K in Option]: (typeof OPTIONS)[K]['type'] extends 'string' ? K : never }[Option];
type SwitchOption = Exclude<Option, TextOption>;

/** `log-level` → `HW_MOCK_LOG_LEVEL`. */
export const envName = (option: string): string => `HW_MOCK_${option.toUpperCase().replace(/-/g, '_')}`;

/** The variables, a few to a line, for the help text. */
function variableList(): string {
  const lines: string[] = [];
  let line = ' ';
  for (const name of Object.keys(OPTIONS).map(envName)) {
    if (line.length + name.length > 96) {
      lines.push(line);
      line = ' ';
    }
    line += ` ${name}`;
  }
  return [...lines, line].join('\n');
}

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
  --tls               HTTPS with a self-signed certificate made at start (localhost, 127.0.0.1, ::1, the host)
  --tls-cert FILE     HTTPS with this certificate (PEM; with --tls-key)
  --tls-key FILE      the certificate's private key (PEM)
  --tls-cert-out FILE with --tls: write the certificate here (default: a new folder in the temp dir)
  -v, --version       print the version
  -h, --help          show this help

Environment: every option is also a variable, HW_MOCK_ and the option in upper case with _ for -
(HW_MOCK_LOG_LEVEL=debug); a flag wins over its variable, an empty variable counts as unset, and
on/off options (HW_MOCK_PRETTY, HW_MOCK_TLS) take true, false, 1 or 0:
${variableList()}
`;

class UsageError extends Error {}

/** Where the HTTPS certificate comes from: files given, or made at start. */
export type TlsOption =
  | { readonly kind: 'files'; readonly cert: string; readonly key: string }
  | { readonly kind: 'self-signed'; readonly certOut: string | undefined };

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
  tls: TlsOption | undefined;
}

/** A setting's value and what to call it in an error: the flag or the variable it came from. */
interface Setting {
  readonly value: string;
  readonly name: string;
}

const integer = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;
const within = (min: number, max: number) => (n: number) => Number.isFinite(n) && n >= min && n <= max;

/**
 * The options from the flags, then the environment (`env`, `process.env` by default). Pure: it
 * reads no file; a file named here is read, and refused if it cannot be, by `main`.
 */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions | 'help' | 'version' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { ...OPTIONS, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';
  if (values.version) return 'version';

  const text = (option: TextOption): Setting | undefined => {
    const flag = values[option];
    if (typeof flag === 'string') return { value: flag, name: `--${option}` };
    const variable = env[envName(option)];
    return variable === undefined || variable === '' ? undefined : { value: variable, name: envName(option) };
  };
  const on = (option: SwitchOption): boolean => {
    if (values[option] === true) return true;
    const variable = env[envName(option)];
    if (variable === undefined || variable === '' || /^(false|0)$/i.test(variable)) return false;
    if (/^(true|1)$/i.test(variable)) return true;
    throw new UsageError(`${envName(option)}: expected true, false, 1 or 0, got "${variable}"`);
  };
  const number = (option: TextOption, fallback: number, fits: (n: number) => boolean, expected: string): number => {
    const setting = text(option);
    if (setting === undefined) return fallback;
    // Number('') and Number(' ') are 0: a blank value is not a number.
    const n = setting.value.trim() === '' ? NaN : Number(setting.value);
    if (!fits(n)) throw new UsageError(`${setting.name}: expected ${expected}, got "${setting.value}"`);
    return n;
  };
  const choice = <T extends string>(option: TextOption, allowed: readonly T[], expected: string): T | undefined => {
    const setting = text(option);
    if (setting !== undefined && !(allowed as readonly string[]).includes(setting.value)) throw new UsageError(`${setting.name}: expected ${expected}, got "${setting.value}"`);
    return setting?.value as T | undefined;
  };

  const port = number('port', DEFAULT_PORT, integer(0, 65535), 'an integer from 0 to 65535');
  const logLevel = choice('log-level', LOG_LEVELS as readonly LevelWithSilent[], `one of ${LOG_LEVELS.join(', ')}`) ?? 'info';
  const clock = choice('clock', ['real', 'virtual'] as const, 'real or virtual') ?? 'real';
  const journalSize = number('journal-size', 1000, integer(0, 1_000_000), 'an integer from 0 to 1000000');
  const auth = choice('auth', AUTH_MODES, `one of ${AUTH_MODES.join(', ')}`);
  const requestTimeout = number('request-timeout', 30, within(1, 3600), 'seconds from 1 to 3600');
  const maxConnections = number('max-connections', 1024, integer(1, 100_000), 'an integer from 1 to 100000');
  const maxObjects = number('max-objects', DEFAULT_MAX_OBJECTS, integer(1, 100_000_000), 'an integer from 1 to 100000000');
  const shutdownGrace = number('shutdown-grace', 5, within(0, 600), 'seconds from 0 to 600');
  const stateInterval = number('state-interval', 30, within(0.1, 86_400), 'seconds from 0.1 to 86400');
  const adminToken = text('admin-token');
  // The token is a secret: the error does not repeat it.
  if (adminToken !== undefined && !/^[\x21-\x7e]{8,256}$/.test(adminToken.value)) throw new UsageError(`${adminToken.name}: expected 8 to 256 printable characters, no spaces`);
  return {
    port,
    host: text('host')?.value ?? '127.0.0.1',
    scenario: text('scenario')?.value ?? DEFAULT_SCENARIO,
    logLevel,
    pretty: on('pretty'),
    clock,
    journalSize,
    adminToken: adminToken?.value,
    auth,
    requestTimeout,
    maxConnections,
    maxObjects,
    shutdownGrace,
    stateFile: text('state-file')?.value,
    stateInterval,
    tls: tlsOption(on('tls'), text('tls-cert'), text('tls-key'), text('tls-cert-out')),
  };
}

/** `--tls-cert` and `--tls-key` go together (and imply HTTPS); `--tls-cert-out` only names where a made certificate goes. */
function tlsOption(selfSigned: boolean, cert: Setting | undefined, key: Setting | undefined, certOut: Setting | undefined): TlsOption | undefined {
  if (cert && !key) throw new UsageError(`${cert.name}: needs the certificate's private key too (--tls-key or ${envName('tls-key')})`);
  if (key && !cert) throw new UsageError(`${key.name}: needs the certificate too (--tls-cert or ${envName('tls-cert')})`);
  if (cert && key) {
    if (certOut) throw new UsageError(`${certOut.name}: only with a certificate made at start (--tls without --tls-cert)`);
    return { kind: 'files', cert: cert.value, key: key.value };
  }
  if (selfSigned) return { kind: 'self-signed', certOut: certOut?.value };
  if (certOut) throw new UsageError(`${certOut.name}: only with --tls (a certificate made at start)`);
  return undefined;
}

/** What `main` serves HTTPS with, and what it tells about it. */
interface Certificate {
  readonly material: TlsMaterial;
  /** The certificate's PEM file: the one given, or where the made one was written. */
  readonly file: string;
  readonly sha256: string;
}

class TlsError extends Error {}

/** Why a file could not be read or written, in a few words. */
function fileProblem(err: unknown, writing: boolean): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT': return writing ? 'its folder does not exist' : 'file not found';
    case 'EACCES': return 'permission denied';
    case 'EISDIR': return 'a folder, not a file';
    default: return (err as Error).message;
  }
}

/** A file's text, or a TlsError that says which file and why. */
function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new TlsError(`cannot read the TLS ${what}\n${file}: ${fileProblem(err, false)}`);
  }
}

/** The certificate and key files: readable, PEM, and the key the certificate's. */
function certificateFromFiles(certFile: string, keyFile: string): Certificate {
  const cert = readPem(certFile, 'certificate');
  const key = readPem(keyFile, 'private key');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (err) {
    throw new TlsError(`invalid TLS certificate\n${certFile}: not a PEM certificate (${(err as Error).message})`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (err) {
    throw new TlsError(`invalid TLS private key\n${keyFile}: not a PEM private key (${(err as Error).message})`);
  }
  if (!x509.checkPrivateKey(privateKey)) throw new TlsError(`the TLS private key does not belong to the certificate\n${keyFile}: not the key of ${certFile}`);
  return { material: { cert, key }, file: certFile, sha256: x509.fingerprint256 };
}

/**
 * A self-signed certificate for localhost, 127.0.0.1, ::1 and the bind host (this machine's
 * name when it binds every address), valid for a year. Its PEM is written where clients can
 * trust it from; the private key stays in memory. selfsigned (and its X.509 libraries) are
 * loaded only here, so a start without TLS does not pay for them.
 */
async function selfSignedCertificate(host: string, certOut: string | undefined): Promise<Certificate> {
  // CommonJS: its exports are the default export, under Node and in the bundle alike.
  const { generate } = (await import('selfsigned')).default;
  const names = new Set(['localhost', '127.0.0.1', '::1', host === '0.0.0.0' || host === '::' ? hostname() : host]);
  const altNames = [...names].map((name) => (isIP(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name }));
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'hw-mock' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    // An hour back: a client whose clock is a little behind still accepts it.
    notBeforeDate: new Date(now - 3_600_000),
    notAfterDate: new Date(now + 365 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  const file = certOut ?? join(mkdtempSync(join(tmpdir(), 'hw-mock-tls-')), 'cert.pem');
  try {
    writeFileSync(file, pems.cert);
  } catch (err) {
    throw new TlsError(`cannot write the TLS certificate\n${file}: ${fileProblem(err, true)}`);
  }
  return { material: { cert: pems.cert, key: pems.private }, file, sha256: new X509Certificate(pems.cert).fingerprint256 };
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
  let options: CliOptions | 'help' | 'version';
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
  if (options === 'version') {
    process.stdout.write(`${packageVersion()}\n`);
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
  let certificate: Certificate | undefined;
  try {
    if (options.tls?.kind === 'files') certificate = certificateFromFiles(options.tls.cert, options.tls.key);
    else if (options.tls) certificate = await selfSignedCertificate(options.host, options.tls.certOut);
  } catch (err) {
    if (!(err instanceof TlsError)) throw err;
    process.stderr.write(`hw-mock: ${err.message}\n`);
    return 2;
  }
  // JSON lines go out through a buffer, asynchronously (far cheaper per request); whatever way
  // the process ends, the logger's 'exit' listener writes out what is left (logger.ts).
  const logger = await createLogger({ level: options.logLevel, pretty: options.pretty, buffered: true });
  if (certificate) {
    // Clients need it to trust the server: said before the "listening on" line, even when info lines are off.
    const line = `TLS certificate ${certificate.file} SHA-256 ${certificate.sha256}`;
    if (logger.isLevelEnabled('info')) logger.info({ certificate: certificate.file, sha256: certificate.sha256 }, line);
    else if (options.logLevel !== 'silent') process.stdout.write(`hw-mock ${line}\n`);
  }
  const start = loaded.scenario.spec.clock?.start;
  // A restored virtual clock goes on from where it stood.
  const virtualStart = saved?.clock?.kind === 'virtual' && Number.isFinite(saved.clock.now) ? saved.clock.now : start ? Date.parse(start) : Date.now();
  const clock = options.clock === 'virtual' ? new ManualClock(virtualStart) : new RealClock();
  const app = await buildApp({
    scenario: loaded.scenario, logger, clock, journalSize: options.journalSize, adminToken: options.adminToken, authMode: options.auth, maxObjects: options.maxObjects,
    limits: { requestTimeout: options.requestTimeout * 1000, headersTimeout: Math.min(10, options.requestTimeout) * 1000, maxConnections: options.maxConnections },
    closeGrace: options.shutdownGrace * 1000,
    tls: certificate?.material,
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
    // Every line logged, the last requests' included, is written before the process exits.
    const exit = (code: number) => flushLogs(logger).then(() => process.exit(code));
    app.close().then(
      () => {
        persist();
        return exit(0);
      },
      () => exit(1),
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
  // The address matters most with --port 0: say it even when info lines are off (`silent`: nothing at all).
  if (!logger.isLevelEnabled('info') && options.logLevel !== 'silent') process.stdout.write(`hw-mock listening on ${app.listeningOrigin}\n`);
  if (!isLoopback(options.host) && !options.adminToken) {
    const warning = `the admin API (/_mock: reset, rules, scenario) is open to anyone who can reach ${options.host}; set --admin-token, or bind 127.0.0.1`;
    if (logger.isLevelEnabled('warn')) logger.warn({ host: options.host }, warning);
    else process.stderr.write(`hw-mock: warning: ${warning}\n`);
  }
  const counts = app.mock.counts();
  logger.info({ scenario: loaded.scenario.spec.name, file: loaded.scenario.source, clock: clock.kind, auth: app.mock.auth.mode, ...counts }, `scenario "${loaded.scenario.spec.name}" loaded`);
  // The start-up lines ("listening on …" first) go out now, not once the buffer fills.
  void flushLogs(logger);
  return -1;
}

