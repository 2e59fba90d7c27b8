/**
 * schemas/scenario.schema.json, the JSON Schema editors use for scenario files: it is what
 * `npm run schema` makes from the loader's schema today, a real JSON Schema validator (Ajv,
 * draft-07) accepts every file of the library with it and refuses wrong documents where the
 * loader refuses them, and every YAML file of the library points editors at it.
 */
import t from 'tap';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import YAML from 'yaml';
import { loadScenarioFile, validateScenario } from '../../src/index.js';
import { SCHEMA_FILE, scenarioJsonSchemaText } from '../../scripts/schema.js';
import { DEFAULT_IDS, PROJECT } from '../helper.js';

const DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const MODELINE = '# yaml-language-server: $schema=../schemas/scenario.schema.json';

const committed = readFileSync(SCHEMA_FILE, 'utf8');
const schema = JSON.parse(committed) as Record<string, unknown>;
// Strict: an unknown keyword or a malformed schema is an error. `errorMessage` is an annotation for
// editors (VS Code, yaml-language-server) that Ajv does not know.
const ajv = new Ajv({ strict: true, allErrors: true, keywords: ['errorMessage'] });
const validate = ajv.compile(schema);

/** Where Ajv refuses a document: `<instance path> <keyword>` of each error, sorted, once each. */
function refusals(doc: unknown): string[] {
  if (validate(doc)) return [];
  return [...new Set((validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath} ${e.keyword}`))].sort();
}

t.test('the committed schema is what `npm run schema` makes now', async (t) => {
  t.equal(committed, scenarioJsonSchemaText(), 'schemas/scenario.schema.json is stale: run `npm run schema` and commit it');
  t.match(schema, { $schema: 'http://json-schema.org/draft-07/schema#', $id: String, title: String, description: String, type: 'object', required: ['name', 'projects'] });
  t.ok(ajv.validateSchema(schema), 'a valid draft-07 schema');
  t.notMatch(committed, /"expected"/, 'the loader\'s own keyword is turned into description and errorMessage');
});

const files = readdirSync(DIR).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

t.test('every file of the library is valid against the JSON Schema, and every YAML file names it on its first line', async (t) => {
  t.ok(files.length >= 25, `${files.length} files`);
  for (const file of files) {
    const text = readFileSync(join(DIR, file), 'utf8');
    if (/\.ya?ml$/.test(file)) {
      t.equal(text.split('\n')[0], MODELINE, `${file}: the modeline is the first line`);
      t.equal(resolve(dirname(join(DIR, file)), MODELINE.split('=')[1]), SCHEMA_FILE, `${file}: the modeline's path leads to the schema`);
    }
    const doc = /\.json$/.test(file) ? JSON.parse(text) : YAML.parse(text);
    t.same(refusals(doc), [], `${file} is valid`);
  }
});

const base = () => ({ name: 'x', projects: [{ id: PROJECT, instances: [{ id: DEFAULT_IDS.healthy, cache_mode: 'ha' }] }] });

t.test('wrong documents are refused by the JSON Schema where the loader refuses them', async (t) => {
  t.same(refusals(base()), [], 'the base document is valid');
  const cases: Array<[string, (doc: ReturnType<typeof base> & Record<string, unknown>) => void, string, string]> = [
    ['no name', (d) => delete (d as { name?: string }).name, ' required', 'name'],
    ['an unknown top-level key', (d) => (d.colour = 'red'), ' additionalProperties', 'colour'],
    ['a typo in an enum', (d) => (d.projects[0].instances[0].cache_mode = 'clustre'), '/projects/0/instances/0/cache_mode enum', 'projects[0].instances[0].cache_mode'],
    ['a malformed project id', (d) => (d.projects[0].id = 'ABC'), '/projects/0/id pattern', 'projects[0].id'],
    ['no projects', (d) => (d.projects = []), '/projects minItems', 'projects'],
    ['a seed that is neither integer nor string', (d) => (d.seed = true), '/seed anyOf', 'seed'],
    ['a rule on an unknown operation', (d) => (d.rules = [{ operation: 'dcs.nope', action: { status: 500 } }]), '/rules/0/operation anyOf', 'rules[0].operation'],
    ['a status out of range', (d) => (d.rules = [{ action: { status: 200 } }]), '/rules/0/action/status minimum', 'rules[0].action.status'],
    ['a timing of the wrong type', (d) => (d.timings = { dcs: { resyncSeconds: 'ten' } }), '/timings/dcs/resyncSeconds type', 'timings.dcs.resyncSeconds'],
  ];
  for (const [what, change, ajvError, loaderPath] of cases) {
    const doc = base() as ReturnType<typeof base> & Record<string, unknown>;
    change(doc);
    t.ok(refusals(doc).includes(ajvError), `${what}: refused by the JSON Schema (${ajvError}; got ${refusals(doc).join(', ')})`);
    const loaded = validateScenario(doc, 'x.yaml');
    t.ok(!loaded.ok && loaded.issues.some((i) => i.path === loaderPath), `${what}: refused by the loader at ${loaderPath}`);
  }
});

t.test('a JSON scenario with the "$schema" key editors add: valid for the JSON Schema and for the loader; a non-string is refused by both', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-mock-json-schema-'));
  const file = join(dir, 'x.json');
  const doc = { $schema: '../schemas/scenario.schema.json', ...base() };
  writeFileSync(file, JSON.stringify(doc, null, 2));
  const loaded = await loadScenarioFile(file);
  t.ok(loaded.ok, `loads: ${loaded.ok ? '' : JSON.stringify(loaded.issues)}`);
  t.same(refusals(doc), []);
  const bad = { ...doc, $schema: 42 };
  t.same(refusals(bad), ['/$schema type']);
  const refused = validateScenario(bad, 'x.json');
  t.same(refused.ok ? [] : refused.issues, [{ path: '$schema', message: 'expected a string, got number 42' }]);
});
