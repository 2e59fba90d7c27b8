/**
 * `hw-mock/standalone` (dist/standalone.js, built by `pretest`): the library with its dependencies
 * bundled in. It must export what `hw-mock` exports, answer like it, and load nothing but Node's
 * own modules and its own files (that is what makes it load fast).
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PROJECT } from '../helper.js';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const ENTRY = join(DIST, 'standalone.js');

/**
 * Imports `entry` in a fresh process and returns what that import loaded: every module URL resolved
 * (a resolve hook), and every CommonJS file in require's cache that was not there before.
 */
function loadedBy(entry: string): string[] {
  const hook = `import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  writeSync(2, 'resolved ' + resolved.url + '\\n');
  return resolved;
}`;
  const script = `import { register, createRequire } from 'node:module';
import { writeSync } from 'node:fs';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
const cache = createRequire(process.cwd() + '/').cache;
const before = new Set(Object.keys(cache));
writeSync(2, 'begin\\n');
await import(${JSON.stringify(pathToFileURL(entry).href)});
writeSync(2, 'end\\n');
for (const file of Object.keys(cache)) if (!before.has(file)) writeSync(2, 'required ' + file + '\\n');`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`importing ${entry} failed:\n${run.stderr}`);
  const lines = run.stderr.split('\n');
  return [...lines.slice(lines.indexOf('begin') + 1, lines.indexOf('end')).filter((l) => l.startsWith('resolved ')), ...lines.filter((l) => l.startsWith('required '))]
    .map((l) => l.slice(l.indexOf(' ') + 1));
}

t.test('importing it loads only Node\'s own modules and its own files', async (t) => {
  const loaded = loadedBy(ENTRY);
  t.ok(loaded.some((url) => url.endsWith('/dist/standalone.js')), 'the entry itself was seen');
  t.same(loaded.filter((url) => !url.startsWith('node:') && !url.startsWith(pathToFileURL(DIST).href)), [], 'nothing from node_modules');
  // The check itself sees packages loaded from node_modules: the default entry loads them.
  t.ok(loadedBy(join(DIST, 'index.js')).some((url) => url.includes('/node_modules/fastify/')), 'dist/index.js loads fastify from node_modules, and the check sees it');
});

t.test('the same exports as hw-mock, and a mock that answers like it', async (t) => {
  const standalone = (await import(ENTRY)) as typeof import('../../src/index.js');
  const library = (await import(join(DIST, 'index.js'))) as typeof import('../../src/index.js');
  t.same(Object.keys(standalone).sort(), Object.keys(library).sort(), 'same names exported');

  const mock = await standalone.startMock({ clock: 'virtual', logLevel: 'silent' });
  t.teardown(() => mock.close());
  const swap = (id: string) => fetch(`${mock.url}/v1.0/${PROJECT}/instances/${id}/swap`, { method: 'PUT' });
  const first = await swap('3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11');
  t.equal(first.status, 200);
  t.same(await first.json(), { code: '', message: 'success' });
  const second = await swap('3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11');
  t.match(await second.json(), { code: '1' }, 'the model: the new replica is still syncing');
  const bad = await swap('not-a-uuid');
  t.equal(bad.status, 400, 'bad input: refused in the API\'s format');
  t.match(await bad.json(), { error_code: String, error_msg: String });
  t.equal(await mock.admin.requests.count({ operation: 'dcs.swap' }), 3);
});
