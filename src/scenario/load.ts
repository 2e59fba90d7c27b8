/**
 * Reading a scenario: text (YAML or JSON) → document → schema check → cross-field
 * checks. Everything that is wrong is reported with the file and the path inside it;
 * nothing is half-loaded.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { type ServiceRegistry } from '../core/registry.js';
import { scenarioSchemas, type ScenarioSpec } from './schema.js';
import { schemaIssues, type Issue, joinPath } from './issues.js';
import { actionIssues, ruleIssues, type ResourceLookup } from './chaos-schema.js';
import { DEFAULT_REGION, projectNames } from './build.js';

export interface Scenario {
  readonly spec: ScenarioSpec;
  /** Where it came from: a file path, or a label such as `PUT /_mock/scenario`. */
  readonly source: string;
  /** Names of the services it was checked against. */
  readonly services: readonly string[];
}

export type LoadResult = { readonly ok: true; readonly scenario: Scenario } | { readonly ok: false; readonly source: string; readonly issues: Issue[] };

export class ScenarioError extends Error {
  constructor(readonly source: string, readonly issues: Issue[]) {
    super(issues.map((i) => `${source}: ${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n'));
    this.name = 'ScenarioError';
  }
}

/** Parses YAML (a superset of JSON here); `.json` sources are parsed as strict JSON. The YAML parser is
 * loaded on first use: a start on the pre-parsed default scenario never needs it. */
export async function parseDocument(text: string, source: string, format: 'yaml' | 'json' = 'yaml'): Promise<{ ok: true; value: unknown } | { ok: false; issues: Issue[] }> {
  try {
    if (format === 'json') return { ok: true, value: JSON.parse(text) };
    const { default: YAML } = await import('yaml');
    const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true, strict: true });
    if (doc.errors.length > 0) {
      return { ok: false, issues: doc.errors.slice(0, 5).map((e) => ({ path: '', message: `not valid YAML: ${e.message.split('\n')[0]}` })) };
    }
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (err) {
    return { ok: false, issues: [{ path: '', message: `not valid ${format === 'json' ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}` }] };
  }
}

/** Objects a scenario may make in the model (each resource, its nodes and parts, as its service weighs them), unless told otherwise. */
export const DEFAULT_MAX_OBJECTS = 1_000_000;

export interface LoadLimits {
  /** The most objects the built world may hold (default DEFAULT_MAX_OBJECTS). */
  readonly maxObjects?: number;
}

/**
 * Where a scenario's world would outgrow the budget: a tiny file can ask for a huge world (a
 * resource with hundreds of nodes takes a few bytes to ask for), so the budget counts the built
 * objects, not the text. Undefined when it fits.
 */
export function overBudget(registry: ServiceRegistry, spec: ScenarioSpec, budget: number = DEFAULT_MAX_OBJECTS): Issue | undefined {
  let total = 0;
  const spend = (objects: number) => (total += objects) <= budget;
  for (const [p, entry] of spec.projects.entries()) {
    const path = joinPath('projects', p);
    for (const service of registry.services) {
      const section = service.scenario;
      const where = section.weigh ? section.weigh(entry, path, spend) : [...section.declared(entry)].every(() => spend(1)) ? undefined : path;
      if (where !== undefined) return { path: where, message: `the world would hold more than ${budget} objects here (resources, their nodes and parts); raise the budget with --max-objects` };
    }
  }
  return undefined;
}

/** How many elements the lists of a document's projects hold, roughly (a size hint; no checks). */
function elementCount(doc: object): number {
  const projects = (doc as { projects?: unknown }).projects;
  if (!Array.isArray(projects)) return 0;
  let count = projects.length;
  for (const project of projects) {
    if (project === null || typeof project !== 'object') continue;
    for (const list of Object.values(project)) if (Array.isArray(list)) count += list.length;
  }
  return count;
}

/** Checks a parsed document against the running services; on success it is a ScenarioSpec. */
export function validateScenario(registry: ServiceRegistry, value: unknown, source: string, limits: LoadLimits = {}): LoadResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, source, issues: [{ path: '', message: 'expected a scenario object (name, projects, …)' }] };
  }
  const issues = schemaIssues(scenarioSchemas(registry).scenario, value, 50, elementCount(value) > 1000);
  if (issues.length > 0) return { ok: false, source, issues };
  const spec = value as ScenarioSpec;
  const budget = overBudget(registry, spec, limits.maxObjects ?? DEFAULT_MAX_OBJECTS);
  if (budget) return { ok: false, source, issues: [budget] };
  const more = crossChecks(registry, spec);
  if (more.length > 0) return { ok: false, source, issues: more };
  return { ok: true, scenario: { spec, source, services: registry.services.map((s) => s.name) } };
}

/**
 * A uniqueness check: `claim(key, path, what)` records where a key first appeared and
 * reports `duplicate <what> (also at <first path>)` for every later one.
 */
function uniqueIn(issues: Issue[]) {
  const first = new Map<string, string>();
  return (key: string, path: string, what: string): void => {
    const other = first.get(key);
    if (other) issues.push({ path, message: `duplicate ${what} (also at ${other})` });
    else first.set(key, path);
  };
}

/** What the schema alone cannot say: unique ids, each service's own combinations, references. */
function crossChecks(registry: ServiceRegistry, spec: ScenarioSpec): Issue[] {
  const issues: Issue[] = [];
  const project = uniqueIn(issues);
  const resource = uniqueIn(issues);
  const claimId = (id: string, path: string) => resource(id, path, `id ${id}`);
  spec.projects.forEach((entry, p) => {
    const path = joinPath('projects', p);
    project(entry.id, joinPath(path, 'id'), `project id ${entry.id}`);
    for (const service of registry.services) issues.push(...service.scenario.check(entry, path, claimId));
  });
  // Names, given or derived (`projectNames`), are unique: a lookup by name finds one project.
  const name = uniqueIn(issues);
  const names = projectNames(spec);
  const named = new Set<string>();
  spec.projects.forEach((entry, p) => {
    // A second entry with the same id is already refused for its id.
    if (named.has(entry.id)) return;
    named.add(entry.id);
    const key = names.get(entry.id)!;
    name(key, `projects[${p}].name`, entry.name === undefined ? `project name ${key} (this project's default name: give it a name)` : `project name ${key}`);
  });
  const view = { projects: spec.projects, region: spec.region ?? DEFAULT_REGION, auth: spec.auth ?? {} };
  for (const service of registry.services) issues.push(...(service.scenario.checkScenario?.(view) ?? []));
  if (spec.clock?.start !== undefined && Number.isNaN(Date.parse(spec.clock.start))) {
    issues.push({ path: 'clock.start', message: `expected an ISO 8601 time, got ${JSON.stringify(spec.clock.start)}` });
  }
  const lookup = specLookup(registry, spec);
  (spec.rules ?? []).forEach((rule, r) => issues.push(...ruleIssues(registry, rule, `rules[${r}]`, lookup)));
  const ruleId = uniqueIn(issues);
  (spec.rules ?? []).forEach((rule, r) => {
    if (rule.id !== undefined) ruleId(rule.id, `rules[${r}].id`, `rule id ${rule.id}`);
  });
  (spec.events ?? []).forEach((event, e) => issues.push(...actionIssues(registry, event, `events[${e}]`, lookup)));
  const ak = uniqueIn(issues);
  (spec.auth?.credentials ?? []).forEach((c, i) => {
    const path = `auth.credentials[${i}]`;
    ak(c.ak, `${path}.ak`, 'access key');
    // A temporary AK/SK has both; a permanent one neither.
    if (c.security_token !== undefined && c.expires_at === undefined) issues.push({ path: `${path}.expires_at`, message: 'is required with security_token (a temporary access key expires)' });
    if (c.expires_at !== undefined && c.security_token === undefined) issues.push({ path: `${path}.expires_at`, message: 'only allowed with security_token (a permanent access key does not expire)' });
    if (c.expires_at !== undefined && Number.isNaN(Date.parse(c.expires_at))) issues.push({ path: `${path}.expires_at`, message: `expected an ISO 8601 time, got ${JSON.stringify(c.expires_at)}` });
  });
  const token = uniqueIn(issues);
  (spec.auth?.tokens ?? []).forEach((t, i) => {
    token(t.token, `auth.tokens[${i}].token`, 'token');
    if (Number.isNaN(Date.parse(t.expires_at))) issues.push({ path: `auth.tokens[${i}].expires_at`, message: `expected an ISO 8601 time, got ${JSON.stringify(t.expires_at)}` });
  });
  return issues;
}

/** Resources a scenario declares, for checking rules and events that name them (gathered on the first question: most scenarios ask none). */
export function specLookup(registry: ServiceRegistry, spec: ScenarioSpec): ResourceLookup {
  let known: Map<string, ReturnType<ResourceLookup>> | undefined;
  return (id) => {
    if (!known) {
      known = new Map();
      for (const entry of spec.projects) {
        for (const service of registry.services) {
          for (const { id: declared, ...ref } of service.scenario.declared(entry)) known.set(declared, ref);
        }
      }
    }
    return known.get(id);
  };
}

export async function parseScenario(registry: ServiceRegistry, text: string, source: string, format: 'yaml' | 'json' = 'yaml', limits: LoadLimits = {}): Promise<LoadResult> {
  const doc = await parseDocument(text, source, format);
  if (!doc.ok) return { ok: false, source, issues: doc.issues };
  return validateScenario(registry, doc.value, source, limits);
}

/** A document parsed ahead of time (by the build) for a file whose text hashes to `sha256`. */
export interface Preparsed {
  readonly sha256: string;
  readonly document: unknown;
}

export async function loadScenarioFile(registry: ServiceRegistry, file: string, preparsed?: Preparsed, limits: LoadLimits = {}): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, source: file, issues: [{ path: '', message: code === 'ENOENT' ? 'file not found' : `cannot read: ${(err as Error).message}` }] };
  }
  // YAML parsing is most of the start-up budget: a file unchanged since the build is not parsed again.
  if (preparsed && createHash('sha256').update(text).digest('hex') === preparsed.sha256) return validateScenario(registry, preparsed.document, file, limits);
  return parseScenario(registry, text, file, extname(file).toLowerCase() === '.json' ? 'json' : 'yaml', limits);
}
