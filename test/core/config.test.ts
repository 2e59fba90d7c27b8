/**
 * Configuration: `parseCli(argv, env)` takes every option from a flag or from its environment
 * variable (`HW_MOCK_<OPTION>`), the flag first; a bad variable is refused like a bad flag, by
 * its name. Pure: the environment is an argument, nothing is read from disk.
 */
import t from 'tap';
import { DEFAULT_PORT, DEFAULT_SCENARIO, envName, parseCli, type CliOptions } from '../../src/command.js';
import { packageVersion } from '../../src/version.js';
import { readFileSync } from 'node:fs';

const parse = (argv: string[], env: Record<string, string> = {}): CliOptions => {
  const options = parseCli(argv, env);
  if (typeof options === 'string') throw new Error(`expected options, got ${options}`);
  return options;
};

/** The message parseCli refuses with. */
const refusal = (argv: string[], env: Record<string, string> = {}): string => {
  try {
    parseCli(argv, env);
  } catch (err) {
    return (err as Error).message;
  }
  return 'accepted';
};

const DEFAULTS: CliOptions = {
  port: DEFAULT_PORT, host: '127.0.0.1', scenario: DEFAULT_SCENARIO, logLevel: 'info', pretty: false, clock: 'real', journalSize: 1000,
  adminToken: undefined, auth: undefined, requestTimeout: 30, maxConnections: 1024, maxObjects: 1_000_000, shutdownGrace: 5,
  stateFile: undefined, stateInterval: 30, tls: undefined,
};

t.test('variable names: HW_MOCK_ and the option in upper snake case', async (t) => {
  t.equal(envName('port'), 'HW_MOCK_PORT');
  t.equal(envName('log-level'), 'HW_MOCK_LOG_LEVEL');
  t.equal(envName('tls-cert-out'), 'HW_MOCK_TLS_CERT_OUT');
});

t.test('no flags and no variables: the defaults; the environment is the argument, not process.env', async (t) => {
  t.same(parse([]), DEFAULTS);
  process.env.HW_MOCK_PORT = '1234';
  t.teardown(() => delete process.env.HW_MOCK_PORT);
  t.equal(parse([], {}).port, DEFAULT_PORT, 'an env object given: process.env is not read');
  t.equal((parseCli([]) as CliOptions).port, 1234, 'none given: process.env');
});

const EVERY_VARIABLE = {
  HW_MOCK_PORT: '9000', HW_MOCK_HOST: '0.0.0.0', HW_MOCK_SCENARIO: 'scenarios/x.yaml', HW_MOCK_LOG_LEVEL: 'debug', HW_MOCK_PRETTY: 'true',
  HW_MOCK_CLOCK: 'virtual', HW_MOCK_ADMIN_TOKEN: 'token-12345678', HW_MOCK_JOURNAL_SIZE: '10', HW_MOCK_AUTH: 'strict',
  HW_MOCK_REQUEST_TIMEOUT: '2.5', HW_MOCK_MAX_CONNECTIONS: '7', HW_MOCK_MAX_OBJECTS: '500', HW_MOCK_SHUTDOWN_GRACE: '0',
  HW_MOCK_STATE_FILE: '/tmp/state.json', HW_MOCK_STATE_INTERVAL: '0.5', HW_MOCK_TLS: '1', HW_MOCK_TLS_CERT_OUT: '/tmp/cert.pem',
};

t.test('every option from its variable', async (t) => {
  t.same(parse([], EVERY_VARIABLE), {
    port: 9000, host: '0.0.0.0', scenario: 'scenarios/x.yaml', logLevel: 'debug', pretty: true, clock: 'virtual', journalSize: 10,
    adminToken: 'token-12345678', auth: 'strict', requestTimeout: 2.5, maxConnections: 7, maxObjects: 500, shutdownGrace: 0,
    stateFile: '/tmp/state.json', stateInterval: 0.5, tls: { kind: 'self-signed', certOut: '/tmp/cert.pem' },
  });
  t.same(parse([], { HW_MOCK_TLS_CERT: 'c.pem', HW_MOCK_TLS_KEY: 'k.pem' }).tls, { kind: 'files', cert: 'c.pem', key: 'k.pem' });
});

t.test('a flag wins over its variable', async (t) => {
  const flags = [
    '--port', '0', '--host', '::1', '--scenario', 'y.yaml', '--log-level', 'warn', '--clock', 'real', '--admin-token', 'other-token-1',
    '--journal-size', '0', '--auth', 'off', '--request-timeout', '60', '--max-connections', '1', '--max-objects', '1', '--shutdown-grace', '9',
    '--state-file', 's.json', '--state-interval', '1', '--tls-cert-out', 'out.pem',
  ];
  t.same(parse(flags, EVERY_VARIABLE), {
    port: 0, host: '::1', scenario: 'y.yaml', logLevel: 'warn', pretty: true, clock: 'real', journalSize: 0, adminToken: 'other-token-1',
    auth: 'off', requestTimeout: 60, maxConnections: 1, maxObjects: 1, shutdownGrace: 9, stateFile: 's.json', stateInterval: 1,
    tls: { kind: 'self-signed', certOut: 'out.pem' },
  });
  t.equal(parse(['--pretty'], { HW_MOCK_PRETTY: 'false' }).pretty, true, 'an on/off flag turns it on whatever the variable says');
  t.equal(parse(['--port', '80'], { HW_MOCK_PORT: 'not a port' }).port, 80, 'a bad variable under a flag is never looked at');
});

t.test('on/off variables: true, false, 1, 0 (any case); an empty variable counts as unset', async (t) => {
  for (const [value, expected] of [['true', true], ['TRUE', true], ['1', true], ['false', false], ['False', false], ['0', false], ['', false]] as const) {
    t.equal(parse([], { HW_MOCK_PRETTY: value }).pretty, expected, `HW_MOCK_PRETTY=${value}`);
  }
  t.equal(refusal([], { HW_MOCK_PRETTY: 'yes' }), 'HW_MOCK_PRETTY: expected true, false, 1 or 0, got "yes"');
  t.equal(refusal([], { HW_MOCK_TLS: 'on' }), 'HW_MOCK_TLS: expected true, false, 1 or 0, got "on"');
  t.same(parse([], { HW_MOCK_PORT: '', HW_MOCK_LOG_LEVEL: '', HW_MOCK_ADMIN_TOKEN: '' }), DEFAULTS, 'empty variables: the defaults');
});

t.test('a bad variable is refused like a bad flag, naming the variable', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['port', 'eighty', 'an integer from 0 to 65535'],
    ['port', '65536', 'an integer from 0 to 65535'],
    ['port', ' ', 'an integer from 0 to 65535'],
    ['log-level', 'loud', 'one of fatal, error, warn, info, debug, trace, silent'],
    ['clock', 'sundial', 'real or virtual'],
    ['journal-size', '-1', 'an integer from 0 to 1000000'],
    ['auth', 'maybe', 'one of off, lenient, strict'],
    ['request-timeout', '0', 'seconds from 1 to 3600'],
    ['max-connections', '1.5', 'an integer from 1 to 100000'],
    ['max-objects', '0', 'an integer from 1 to 100000000'],
    ['shutdown-grace', '601', 'seconds from 0 to 600'],
    ['state-interval', '0.01', 'seconds from 0.1 to 86400'],
  ];
  for (const [option, value, expected] of cases) {
    t.equal(refusal([], { [envName(option)]: value }), `${envName(option)}: expected ${expected}, got "${value}"`, `${envName(option)}=${value}`);
    t.equal(refusal([`--${option}=${value}`]), `--${option}: expected ${expected}, got "${value}"`, `--${option}=${value}`);
  }
  const token = refusal([], { HW_MOCK_ADMIN_TOKEN: 'short' });
  t.equal(token, 'HW_MOCK_ADMIN_TOKEN: expected 8 to 256 printable characters, no spaces');
  t.notMatch(token, /short/, 'the secret is not repeated');
  t.equal(refusal(['--port', '']), '--port: expected an integer from 0 to 65535, got ""', 'an empty flag value is not 0');
  t.match(refusal(['--colour']), /Unknown option '--colour'/);
});

t.test('TLS: --tls makes a certificate; --tls-cert and --tls-key go together; --tls-cert-out only with a made one', async (t) => {
  t.same(parse(['--tls']).tls, { kind: 'self-signed', certOut: undefined });
  t.same(parse(['--tls', '--tls-cert-out', 'c.pem']).tls, { kind: 'self-signed', certOut: 'c.pem' });
  t.same(parse(['--tls-cert', 'c.pem', '--tls-key', 'k.pem']).tls, { kind: 'files', cert: 'c.pem', key: 'k.pem' });
  t.same(parse(['--tls', '--tls-cert', 'c.pem', '--tls-key', 'k.pem']).tls, { kind: 'files', cert: 'c.pem', key: 'k.pem' }, 'given files win over --tls');
  t.same(parse(['--tls-key', 'k.pem'], { HW_MOCK_TLS_CERT: 'c.pem' }).tls, { kind: 'files', cert: 'c.pem', key: 'k.pem' }, 'a flag and a variable combine');
  t.equal(refusal(['--tls-cert', 'c.pem']), '--tls-cert: needs the certificate\'s private key too (--tls-key or HW_MOCK_TLS_KEY)');
  t.equal(refusal([], { HW_MOCK_TLS_KEY: 'k.pem' }), 'HW_MOCK_TLS_KEY: needs the certificate too (--tls-cert or HW_MOCK_TLS_CERT)');
  t.equal(refusal(['--tls-cert-out', 'c.pem']), '--tls-cert-out: only with --tls (a certificate made at start)');
  t.equal(refusal(['--tls-cert', 'c.pem', '--tls-key', 'k.pem'], { HW_MOCK_TLS_CERT_OUT: 'o.pem' }), 'HW_MOCK_TLS_CERT_OUT: only with a certificate made at start (--tls without --tls-cert)');
});

t.test('--help and --version (-h, -v) win over everything else, bad variables included', async (t) => {
  t.equal(parseCli(['--help'], { HW_MOCK_PORT: 'bad' }), 'help');
  t.equal(parseCli(['-h']), 'help');
  t.equal(parseCli(['--version'], { HW_MOCK_PORT: 'bad' }), 'version');
  t.equal(parseCli(['-v']), 'version');
  t.equal(packageVersion(), JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version, 'from the sources: package.json');
});
