/**
 * The examples in examples/ are documentation that runs: each test file runs here as a user would
 * run it, in its own process, and must pass with its expected number of tests. They import the
 * package by its own name (`hw-mock`), which Node resolves to dist/ through package.json's
 * `exports`: `npm test` builds first. The other examples (GitHub Actions, Compose) are checked to
 * be well-formed YAML that uses the mock as documented.
 */
import t, { type Test } from 'tap';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const built = existsSync(`${ROOT}dist/index.js`);

/** The environment without this test run's own (tap's variables and loader), as in a user's shell. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(TAP|_TAPJS_)/.test(key) && key !== 'NODE_OPTIONS') env[key] = value;
  }
  return { ...env, NO_COLOR: '1', CI: 'true' };
}

/** Runs a command in the project; its output is shown when it does not exit 0. */
async function passes(t: Test, command: string, args: string[]): Promise<string> {
  const { code, out } = await run(command, args);
  t.equal(code, 0, `${args.join(' ')} exits 0`);
  if (code !== 0) t.comment(out);
  return out;
}

function run(command: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

const node = process.execPath;
const skip = built ? false : 'dist/ is not built (npm run build): the examples import the package by its name';

t.test('examples/tap.test.js passes under plain node: 2 tests, 5 assertions', { skip }, async (t) => {
  const out = await passes(t, node, ['examples/tap.test.js']);
  t.match(out, /^ok 1 - the client retries past two 503s/m);
  t.match(out, /^ok 2 - the client gives up after its last try/m);
  t.match(out, /^# \{ total: 5, pass: 5 \}$/m);
});

t.test('examples/node-test.test.js passes under node --test: 2 tests', { skip }, async (t) => {
  const out = await passes(t, node, ['--test', '--test-reporter=tap', 'examples/node-test.test.js']);
  t.match(out, /^# pass 2$/m);
  t.match(out, /^# fail 0$/m);
});

t.test('examples/vitest.test.js passes under vitest: 2 tests', { skip }, async (t) => {
  const out = await passes(t, node, [`${ROOT}node_modules/vitest/vitest.mjs`, 'run', 'examples/vitest.test.js', '--reporter=json']);
  const report = JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1)) as { success: boolean; numPassedTests: number; numFailedTests: number };
  t.match(report, { success: true, numPassedTests: 2, numFailedTests: 0 });
});

t.test('examples/github-actions.yml: a job with the image as a service container, steps calling it', async (t) => {
  const workflow = YAML.parse(readFileSync(`${ROOT}examples/github-actions.yml`, 'utf8'));
  const job = Object.values(workflow.jobs as Record<string, { services: Record<string, { image: string; ports: string[]; env: Record<string, string> }>; steps: { run?: string }[]; env: Record<string, string> }>)[0];
  const service = job.services['hw-mock'];
  t.match(service.image, /hw-mock/);
  t.same(service.ports, ['8080:8080']);
  t.equal(service.env.HW_MOCK_ADMIN_TOKEN, job.env.HW_MOCK_ADMIN_TOKEN, 'the steps hold the token the mock requires');
  t.equal(job.env.HW_MOCK_URL, 'http://localhost:8080');
  const runs = job.steps.map((s) => s.run ?? '').join('\n');
  t.match(runs, /\$HW_MOCK_URL\/_mock\/health/);
  t.match(runs, /\$HW_MOCK_URL\/_mock\/rules/);
  t.match(runs, /\$HW_MOCK_URL\/_mock\/requests\/count/);
});

t.test('examples/compose.yaml: the mock and a test container that waits for it to be healthy', async (t) => {
  const compose = YAML.parse(readFileSync(`${ROOT}examples/compose.yaml`, 'utf8'));
  const mock = compose.services['hw-mock'];
  t.equal(mock.build.context, '..', 'built from this repository\'s Dockerfile');
  t.ok(existsSync(`${ROOT}Dockerfile`));
  t.match(mock.ports, ['127.0.0.1:8080:8080']);
  t.same(compose.services.tests.depends_on, { 'hw-mock': { condition: 'service_healthy' } });
  t.equal(compose.services.tests.environment.HW_MOCK_URL, 'http://hw-mock:8080');
  t.equal(compose.services.tests.environment.HW_MOCK_ADMIN_TOKEN, mock.environment.HW_MOCK_ADMIN_TOKEN);
});
