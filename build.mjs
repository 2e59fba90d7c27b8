// Two builds (esbuild), both into dist/:
// - the command line (`hw-mock`, Docker): dist/cli-main.js, one self-contained bundle, because
//   loading one file instead of hundreds of modules is most of the start-up time budget; pino-pretty
//   is a separate chunk, loaded only with --pretty. dist/cli.js is a short entry that turns on
//   Node's compile cache first where Node has one (22.1 and later: the bundle's compiled code is
//   kept between starts, ~25 ms of each start here), then loads the bundle. Source maps are written
//   but not turned on: reading the bundle's map costs every start ~20 ms; `node
//   --enable-source-maps dist/cli.js` makes stack traces point into src/ (README says so).
// - the library (`import … from 'hw-mock'`): dist/index.js with every dependency external, so an
//   embedding app shares its Fastify, pino and TypeBox; its types come from tsc (dist/types).
//   `hw-mock/standalone` (dist/standalone.js) is the same library bundled like the command line:
//   loading Fastify, TypeBox and pino from node_modules (hundreds of files) is most of the time a
//   test file's first mock takes.
// - the dashboard (`GET /_mock/ui`): dist/ui/app.js, one minified browser bundle of src/ui/main.ts
//   (and the service views it lists), with its source map; index.html and app.css copied beside it.
//   Built in both modes: the Docker image (--cli) serves the page too.
// Types are checked by `npm run typecheck` (tsc over src and test; tsconfig.ui.json for the page), not here.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import YAML from 'yaml';

// `--cli`: the command line only (the Docker image needs nothing else).
const cliOnly = process.argv.includes('--cli');
// The package version, for `hw-mock --version` (src/command.ts): the bundle needs no package.json.
const version = JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version);
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', sourcemap: true, logLevel: 'warning', define: { __HW_MOCK_VERSION__: version } };

rmSync('dist', { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    // With the command line, the self-contained library entry (`hw-mock/standalone`): the same
    // exports as dist/index.js with its dependencies inside, loaded in a third of the time; the code
    // both use is in chunks they share.
    entryPoints: cliOnly ? { 'cli-main': 'src/cli.ts' } : { 'cli-main': 'src/cli.ts', standalone: 'src/index.ts' },
    outdir: 'dist',
    splitting: true,
    // The sources are not copied into the map: file and line are what a stack trace needs.
    sourcesContent: false,
    legalComments: 'linked',
    // Never loaded: app.ts hands Fastify its own validator and serializer compilers.
    external: ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'],
    // Some bundled CommonJS dependencies call require(): give the ESM bundle one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  }),
  cliOnly ? undefined : build({ ...common, entryPoints: { index: 'src/index.ts' }, outdir: 'dist', packages: 'external' }),
  build({
    entryPoints: { app: 'src/ui/main.ts' },
    outdir: 'dist/ui',
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  }),
]);
for (const file of ['index.html', 'app.css']) copyFileSync(`src/ui/${file}`, `dist/ui/${file}`);
writeFileSync('dist/cli.js', [
  '#!/usr/bin/env node',
  '// hw-mock: the compile cache on where Node has one (22.1+), then the bundled command line (see build.mjs).',
  "import module from 'node:module';",
  'module.enableCompileCache?.();',
  "await import('./cli-main.js');",
  '',
].join('\n'));
chmodSync('dist/cli.js', 0o755);
if (!cliOnly) execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.types.json'], { stdio: 'inherit' });

// The default scenario, parsed once here: the CLI uses it while scenarios/default.yaml is unchanged
// (same SHA-256), and still validates it; any edit makes the CLI parse the YAML again.
const text = readFileSync('scenarios/default.yaml', 'utf8');
writeFileSync('dist/default-scenario.json', JSON.stringify({ sha256: createHash('sha256').update(text).digest('hex'), document: YAML.parse(text) }));
