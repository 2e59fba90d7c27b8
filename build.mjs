// Production build: one bundled file per entry point (esbuild). Loading one file instead
// of hundreds of modules is most of the start-up time budget. Types are checked by
// `npm run typecheck` (tsc), not here.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import YAML from 'yaml';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts', index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  splitting: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  // Never loaded: app.ts hands Fastify its own validator and serializer compilers.
  external: ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler'],
  // Some bundled CommonJS dependencies call require(): give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

// The default scenario, parsed once here: the CLI uses it while scenarios/default.yaml is unchanged
// (same SHA-256), and still validates it; any edit makes the CLI parse the YAML again.
const text = readFileSync('scenarios/default.yaml', 'utf8');
writeFileSync('dist/default-scenario.json', JSON.stringify({ sha256: createHash('sha256').update(text).digest('hex'), document: YAML.parse(text) }));
