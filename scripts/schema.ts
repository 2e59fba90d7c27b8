/**
 * `npm run schema`: writes schemas/scenario.schema.json, the JSON Schema of scenario files, for
 * editors (completion, hover text, errors as you type). It is made from the TypeBox schema the
 * loader checks files with, so the two cannot drift apart; test/core/json-schema.test.ts fails
 * when the committed file is stale.
 *
 * A TypeBox schema already is JSON Schema (draft-07 keywords only). What changes here:
 * - TypeBox's own symbol keys are dropped (JSON has no symbols);
 * - `expected`, the loader's phrase for a value that does not fit, becomes `description` (hover
 *   text) and `errorMessage` (shown instead of the generic message by VS Code's JSON support and
 *   yaml-language-server; other tools ignore it);
 * - a union of string literals becomes an `enum`, which editors complete and report as one list.
 * Draft-07, because it is the newest draft yaml-language-server fully supports.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ServiceRegistry } from '../src/core/registry.js';
import { scenarioSchemas } from '../src/scenario/schema.js';
import { ALL_SERVICES } from '../src/services/index.js';

export const SCHEMA_FILE = fileURLToPath(new URL('../schemas/scenario.schema.json', import.meta.url));

type Json = Record<string, unknown>;

/** Keywords whose value is one schema, a list of schemas, or a map of name → schema. */
const ONE = ['additionalProperties', 'items', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'additionalItems'];
const LIST = ['anyOf', 'allOf', 'oneOf'];
const MAP = ['properties', 'patternProperties', 'definitions'];

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `anyOf: [{const: 'a'}, {const: 'b'}]` (strings) → `enum: ['a', 'b']`; anything else unchanged. */
function asEnum(schema: Json): Json {
  const options = schema.anyOf;
  if (!Array.isArray(options) || options.length < 2) return schema;
  if (!options.every((o) => isObject(o) && typeof o.const === 'string' && Object.keys(o).every((k) => k === 'const' || k === 'type'))) return schema;
  const { anyOf: _anyOf, ...rest } = schema;
  return { type: 'string', enum: options.map((o) => (o as Json).const), ...rest };
}

/** One schema, cleaned; values of data keywords (`const`, `default`, `enum`) are copied as they are. */
function clean(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  let out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'expected') continue;
    if (ONE.includes(key)) out[key] = Array.isArray(value) ? value.map(clean) : clean(value);
    else if (LIST.includes(key) && Array.isArray(value)) out[key] = value.map(clean);
    else if (MAP.includes(key) && isObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, clean(s)]));
    else out[key] = value;
  }
  if (typeof schema.expected === 'string') {
    out.description ??= schema.expected;
    out.errorMessage = `expected ${schema.expected}`;
  }
  out = asEnum(out);
  return out;
}

/** The JSON Schema of scenario files for every service, as a document. */
export function scenarioJsonSchema(): Json {
  // A JSON round trip drops TypeBox's symbol keys and anything that is not JSON.
  const typebox = JSON.parse(JSON.stringify(scenarioSchemas(new ServiceRegistry(ALL_SERVICES)).scenario)) as unknown;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'urn:hw-mock:scenario',
    title: 'hw-mock scenario',
    description: 'The world the hw-mock server starts from (YAML or JSON): projects and their resources, timings, options, credentials, fault rules, a timeline and examples. Generated from the loader\'s schema by `npm run schema`: do not edit.',
    ...(clean(typebox) as Json),
  };
}

/** The file's text: what `npm run schema` writes and the test compares. */
export const scenarioJsonSchemaText = (): string => `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, scenarioJsonSchemaText());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
