/**
 * Reading a scenario: text (YAML or JSON) → document → schema check → cross-field
 * checks. Everything that is wrong is reported with the file and the path inside it;
 * nothing is half-loaded.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ScenarioSchema, type ScenarioSpec } from './schema.js';
import { schemaIssues, type Issue, joinPath } from './issues.js';
import { parseVersion } from '../domain/dws/version.js';
import { actionIssues, ruleIssues, type ResourceLookup } from './chaos-schema.js';

export interface Scenario {
  readonly spec: ScenarioSpec;
  /** Where it came from: a file path, or a label such as `PUT /_mock/scenario`. */
  readonly source: string;
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

/** Checks a parsed document; on success it is a ScenarioSpec. */
export function validateScenario(value: unknown, source: string): LoadResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, source, issues: [{ path: '', message: 'expected a scenario object (name, projects, …)' }] };
  }
  const issues = schemaIssues(ScenarioSchema, value);
  if (issues.length > 0) return { ok: false, source, issues };
  const spec = value as ScenarioSpec;
  const more = crossChecks(spec);
  if (more.length > 0) return { ok: false, source, issues: more };
  return { ok: true, scenario: { spec, source } };
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

/** What the schema alone cannot say: unique ids, engine/mode combinations, references. */
function crossChecks(spec: ScenarioSpec): Issue[] {
  const issues: Issue[] = [];
  const project = uniqueIn(issues);
  const resource = uniqueIn(issues);
  spec.projects.forEach((projectSpec, p) => {
    project(projectSpec.id, joinPath(joinPath('projects', p), 'id'), `project id ${projectSpec.id}`);
    (projectSpec.instances ?? []).forEach((inst, i) => {
      const ipath = joinPath(joinPath(joinPath('projects', p), 'instances'), i);
      resource(inst.id, `${ipath}.id`, `id ${inst.id}`);
      if (inst.engine === 'Memcached' && inst.cache_mode && inst.cache_mode !== 'single' && inst.cache_mode !== 'ha') {
        issues.push({ path: `${ipath}.cache_mode`, message: `expected single or ha for a Memcached instance, got "${inst.cache_mode}"` });
      }
      if (inst.sync_progress !== undefined && inst.replication !== 'syncing') {
        issues.push({ path: `${ipath}.sync_progress`, message: 'only allowed with replication: syncing' });
      }
      if (inst.replica_count !== undefined && inst.cache_mode !== undefined && inst.cache_mode !== 'ha' && inst.cache_mode !== 'ha_rw_split') {
        issues.push({ path: `${ipath}.replica_count`, message: 'only allowed for cache_mode ha or ha_rw_split' });
      }
      if (inst.replica_count === 1 && (inst.cache_mode ?? 'ha') !== 'single') {
        issues.push({ path: `${ipath}.replica_count`, message: 'expected at least 2 for a master/standby instance (master included)' });
      }
    });
    (projectSpec.clusters ?? []).forEach((cluster, c) => {
      const cpath = joinPath(joinPath(joinPath('projects', p), 'clusters'), c);
      resource(cluster.id, `${cpath}.id`, `id ${cluster.id}`);
      if (cluster.version !== undefined && !parseVersion(cluster.version)) {
        issues.push({ path: `${cpath}.version`, message: `expected 3 or 4 dot-separated numbers such as "8.1.1.202", got ${JSON.stringify(cluster.version)}` });
      }
      const nodes = cluster.number_of_node ?? 3;
      for (const key of ['failed_nodes', 'down_nodes'] as const) {
        (cluster[key] ?? []).forEach((node, n) => {
          if (node >= nodes) issues.push({ path: `${cpath}.${key}[${n}]`, message: `expected a node index below number_of_node (${nodes}), got ${node}` });
        });
      }
      if (cluster.task_progress !== undefined && !cluster.task_status) {
        issues.push({ path: `${cpath}.task_progress`, message: 'only allowed with a task_status' });
      }
    });
  });
  if (spec.clock?.start !== undefined && Number.isNaN(Date.parse(spec.clock.start))) {
    issues.push({ path: 'clock.start', message: `expected an ISO 8601 time, got ${JSON.stringify(spec.clock.start)}` });
  }
  const lookup = specLookup(spec);
  (spec.rules ?? []).forEach((rule, r) => issues.push(...ruleIssues(rule, `rules[${r}]`, lookup)));
  const ruleId = uniqueIn(issues);
  (spec.rules ?? []).forEach((rule, r) => {
    if (rule.id !== undefined) ruleId(rule.id, `rules[${r}].id`, `rule id ${rule.id}`);
  });
  (spec.events ?? []).forEach((event, e) => issues.push(...actionIssues(event, `events[${e}]`, lookup)));
  const ak = uniqueIn(issues);
  (spec.auth?.credentials ?? []).forEach((c, i) => ak(c.ak, `auth.credentials[${i}].ak`, 'access key'));
  const token = uniqueIn(issues);
  (spec.auth?.tokens ?? []).forEach((t, i) => {
    token(t.token, `auth.tokens[${i}].token`, 'token');
    if (Number.isNaN(Date.parse(t.expires_at))) issues.push({ path: `auth.tokens[${i}].expires_at`, message: `expected an ISO 8601 time, got ${JSON.stringify(t.expires_at)}` });
  });
  return issues;
}

/** Resources a scenario declares, for checking rules and events that name them. */
export function specLookup(spec: ScenarioSpec): ResourceLookup {
  const known = new Map<string, ReturnType<ResourceLookup>>();
  for (const p of spec.projects) {
    for (const i of p.instances ?? []) known.set(i.id, { kind: 'instance' });
    for (const c of p.clusters ?? []) known.set(c.id, { kind: 'cluster', nodes: c.number_of_node ?? 3 });
  }
  return (id) => known.get(id);
}

export async function parseScenario(text: string, source: string, format: 'yaml' | 'json' = 'yaml'): Promise<LoadResult> {
  const doc = await parseDocument(text, source, format);
  if (!doc.ok) return { ok: false, source, issues: doc.issues };
  return validateScenario(doc.value, source);
}

/** A document parsed ahead of time (by the build) for a file whose text hashes to `sha256`. */
export interface Preparsed {
  readonly sha256: string;
  readonly document: unknown;
}

export async function loadScenarioFile(file: string, preparsed?: Preparsed): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, source: file, issues: [{ path: '', message: code === 'ENOENT' ? 'file not found' : `cannot read: ${(err as Error).message}` }] };
  }
  // YAML parsing is most of the start-up budget: a file unchanged since the build is not parsed again.
  if (preparsed && createHash('sha256').update(text).digest('hex') === preparsed.sha256) return validateScenario(preparsed.document, file);
  return parseScenario(text, file, extname(file).toLowerCase() === '.json' ? 'json' : 'yaml');
}
