/**
 * The package as users get it: `npm pack`, installed into an empty project, then
 * (a) `npx hw-mock --port 0` answers /_mock/health, (b) TypeScript consumers of both entries
 * (`hw-mock`, `hw-mock/standalone`) compile against the published types with --strict, (c) they run.
 * Dependencies come from npm's cache (`npm ci` filled it); `dist/` must be built (`npm test` builds).
 */
import t from 'tap';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listeningUrl } from './cli-process.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const CONSUMER = `import { startMock, MockAdmin, MockAdminError, type StartedMock } from 'hw-mock';

const mock: StartedMock = await startMock({ clock: 'virtual' });
const admin: MockAdmin = mock.admin;
const project = '0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e';
const instance = '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11';
await admin.rules.add({ operation: 'dcs.swap', times: 1, action: { dcsCode: '2' } });
const first = await (await fetch(\`\${mock.url}/v1.0/\${project}/instances/\${instance}/swap\`, { method: 'PUT' })).json() as { code: string };
const second = await (await fetch(\`\${mock.url}/v1.0/\${project}/instances/\${instance}/swap\`, { method: 'PUT' })).json() as { code: string };
const count: number = await admin.requests.count({ operation: 'dcs.swap' });
let refused = '';
try {
  await admin.rules.add({ operation: 'dcs.nope', action: { status: 500 } });
} catch (err) {
  if (err instanceof MockAdminError) refused = err.code;
}
await mock.close();
console.log(JSON.stringify({ first: first.code, second: second.code, count, refused }));
`;

// The self-contained entry, as installed: its subpath resolves, its types compile, it runs
// (test/core/standalone.test.ts checks what it loads and how it answers).
const STANDALONE = `import { startMock, type StartedMock } from 'hw-mock/standalone';

const mock: StartedMock = await startMock({ clock: 'virtual', logLevel: 'silent' });
const swap = await fetch(\`\${mock.url}/v1.0/0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e/instances/3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11/swap\`, { method: 'PUT' });
const body = await swap.json() as { code: string };
await mock.close();
console.log(JSON.stringify({ status: swap.status, code: body.code }));
`;

// npm install and a full type check of the dependencies' declarations take a while on a busy machine.
t.setTimeout(300_000);

t.test('npm pack → install in an empty project → CLI, types and library all work', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'hw-mock-pack-'));
  t.teardown(() => execFileSync('rm', ['-rf', work]));
  npm(['pack', '--ignore-scripts', '--pack-destination', work, '--silent'], ROOT);
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  t.ok(tarball, 'npm pack wrote a tarball');
  const app = join(work, 'app');
  execFileSync('mkdir', [app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  npm(['install', join(work, tarball!), '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel', 'error'], app);

  await t.test('(a) npx hw-mock --port 0 answers /_mock/health', async (t) => {
    // npx runs the bin in a child process of its own: the whole process group is stopped at the end.
    const child = spawn('npx', ['--offline', 'hw-mock', '--port', '0', '--log-level', 'warn'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const group = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    };
    t.teardown(() => group('SIGKILL'));
    const url = await listeningUrl(child, 20_000);
    const health = await fetch(`${url}/_mock/health`);
    t.equal(health.status, 200);
    t.match(await health.json(), { status: 'ok', scenario: 'default' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    group('SIGTERM');
    await exited;
    t.equal(await fetch(`${url}/_mock/health`).then(() => 'answering', () => 'stopped'), 'stopped', 'SIGTERM stops it');
  });

  await t.test('(b) TypeScript consumers of hw-mock and hw-mock/standalone compile with --strict against the published types; (c) they run', async (t) => {
    writeFileSync(join(app, 'consumer.ts'), CONSUMER);
    writeFileSync(join(app, 'standalone.ts'), STANDALONE);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out', rootDir: '.',
        skipLibCheck: false, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')],
      },
      files: ['consumer.ts', 'standalone.ts'],
    }));
    try {
      execFileSync(process.execPath, [TSC, '-p', '.'], { cwd: app, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      t.pass('tsc --strict: no errors');
    } catch (err) {
      t.fail(`tsc --strict failed:\n${(err as { stdout?: string }).stdout ?? err}`);
      return;
    }
    const out = execFileSync(process.execPath, ['out/consumer.js'], { cwd: app, encoding: 'utf8' });
    t.same(JSON.parse(out), { first: '2', second: '', count: 2, refused: 'MOCK.INVALID' }, 'the rule fired once, the journal counted both calls, a bad rule is a typed error');
    const standalone = execFileSync(process.execPath, ['out/standalone.js'], { cwd: app, encoding: 'utf8' });
    t.same(JSON.parse(standalone), { status: 200, code: '' }, 'hw-mock/standalone resolves, compiles against its types, and answers');
  });
});
