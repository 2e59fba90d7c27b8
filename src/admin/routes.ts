/**
 * The mock's own namespace, `/_mock/…` (WireMock-style): health, reset, scenario
 * loading, state, resource actions, fault rules, virtual clock and the request
 * journal. Never part of the emulated APIs, never journaled, with its own JSON errors
 * `{"error":{"code":"MOCK.…","message":"…","issues":[{"path","message"}]}}`. Every body
 * is validated (TypeBox) before anything changes; a refused call changes nothing.
 * With `adminToken`, every call but the health check needs `Authorization: Bearer <token>`.
 */
import { timingSafeEqual } from 'node:crypto';
import { Readable } from 'node:stream';
import { basename } from 'node:path';
import { type FastifyContextConfig, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifySchema } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import { MAX_CLOCK_MS, ManualClock } from '../core/clock.js';
import { isoMillis } from '../core/ids.js';
import { type Rule, type RuleSpec } from '../core/rules.js';
import { journalView, type JournalFilter } from '../core/journal.js';
import { type ActionInput, type StateList } from '../core/service.js';
import { type MockRuntime } from '../core/runtime.js';
import { parseDocument, validateScenario } from '../scenario/load.js';
import { scenarioSchemas } from '../scenario/schema.js';
import { schemaIssues, type Issue } from '../scenario/issues.js';
import { actionIssues, ruleIssues, type ResourceLookup } from '../scenario/chaos-schema.js';
import { ProjectIdSchema } from '../scenario/parts.js';
import { stamp } from '../gateway/headers.js';
import { documented } from '../gateway/serializers.js';
import { EventStreams, resumeAfter } from './events.js';
import { CONTENT_SECURITY_POLICY, loadUi, type UiFile } from './ui.js';
import {
  actionAppliedSchema, AdminErrorBody, AdvanceAnswer, AdvanceInput, ClockAnswer, CountAnswer, HealthAnswer, JournalFilterInput, ProjectLoadedAnswer,
  RemovedAnswer, RequestsAnswer, RequestsQuery, ResetAnswer, rulesAnswerSchema, ScenarioLoadedAnswer, stateAnswerSchema,
} from './schemas.js';

export interface AdminOptions {
  readonly adminToken?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An admin route that needs no admin token (the health check, the dashboard's files). */
    open?: boolean;
  }
}

class AdminError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly issues?: Issue[]) {
    super(message);
  }
}

/**
 * Route documentation (summary, tag, answers) for the admin endpoints, and the route's config
 * (`config`: its own settings). The answers are described, not serialized by their schema
 * (gateway/serializers.ts: JSON.stringify writes every answer).
 */
const doc = (summary: string, answer?: TSchema, status = 200, config: FastifyContextConfig = {}) => ({
  schema: { summary, tags: ['mock'] } as FastifySchema,
  config: { ...config, ...documented({ ...(answer ? { [status]: answer } : {}), '4xx': AdminErrorBody, '5xx': AdminErrorBody }) },
});

const invalid = (message: string, issues?: Issue[]) => new AdminError(400, 'MOCK.INVALID', message, issues);

function send(request: FastifyRequest, reply: FastifyReply, status: number, body: unknown): void {
  stamp(request, reply).code(status).send(body);
}

function sendAdminError(request: FastifyRequest, reply: FastifyReply, e: AdminError): void {
  send(request, reply, e.status, { error: { code: e.code, message: e.message, ...(e.issues ? { issues: e.issues } : {}) } });
}

/** Parses a JSON body (raw bytes) and checks it against a schema, with path-precise issues. */
function jsonBody<T>(request: FastifyRequest, schema: TSchema, what: string, allowEmpty = false): T {
  const raw = request.body as Buffer | undefined;
  const text = raw && raw.length > 0 ? raw.toString('utf8') : '';
  if (text.trim() === '') {
    if (allowEmpty) return {} as T;
    throw invalid(`${what}: a JSON body is required`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw invalid(`${what}: not valid JSON: ${(err as Error).message}`);
  }
  const issues = schemaIssues(schema, value);
  if (issues.length > 0) throw invalid(`${what}: invalid`, issues);
  return value as T;
}

/** The keys services add to a project entry (`instances`, …), for messages. */
const projectKeys = (mock: MockRuntime): string => mock.registry.services.flatMap((s) => Object.keys(s.scenario.projectKeys)).join(', ');

/** Any resource of the running model by id, whatever its service. */
function lookupIn(mock: MockRuntime): ResourceLookup {
  return (id) => {
    for (const service of mock.registry.services) {
      const found = service.state.find(mock.world.model(service), id);
      if (found) return found;
    }
    return undefined;
  };
}


export function ruleView(rule: Rule) {
  const { id: _declared, ...spec } = rule.spec;
  return { id: rule.id, origin: rule.origin, seen: rule.seen, fired: rule.fired, ...spec };
}

/** The outer shape of POST /_mock/rules: one rule object, or a list of 1–100. */
const RuleListShape = Type.Union([Type.Object({}), Type.Array(Type.Unknown(), { minItems: 1, maxItems: 100 })], { expected: 'a rule object, or a list of 1 to 100 of them' });

/**
 * A journal filter, checked so that a verification cannot pass silently: an operation name
 * that does not exist (a typo) is refused with the valid ones, not counted as zero matches.
 */
function journalFilter(
  operations: readonly string[],
  input: { operation?: string; method?: string; caller?: string; project?: string; resource?: string; status?: number | string; rule?: string; since?: string },
): JournalFilter {
  if (input.operation !== undefined && !operations.includes(input.operation)) {
    throw invalid('operation: unknown', [{ path: 'operation', message: `expected one of ${operations.join(', ')}, got ${JSON.stringify(input.operation)}` }]);
  }
  let since: number | undefined;
  if (input.since !== undefined) {
    since = Date.parse(input.since);
    if (Number.isNaN(since)) throw invalid('since: expected an ISO 8601 time', [{ path: 'since', message: `expected an ISO 8601 time, got ${JSON.stringify(input.since)}` }]);
  }
  return {
    operation: input.operation,
    method: input.method,
    caller: input.caller,
    project: input.project,
    resource: input.resource,
    status: input.status === undefined ? undefined : Number(input.status),
    rule: input.rule,
    since,
  };
}

const isList = (value: unknown): value is Iterable<unknown> =>
  typeof value === 'object' && value !== null && (Array.isArray(value) || typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function');

/** Items written between two chances for other requests to run, while a large state streams out. */
const STATE_SLICE = 2000;

/**
 * `GET /_mock/state` as JSON text, piece by piece: nothing holds the whole document, and a large
 * world yields to other requests every STATE_SLICE items (so a huge state can interleave with
 * calls that change it; a small one is written in one go, and is a consistent snapshot). With a
 * `limit`, each list holds at most its first `limit` items, and `<key>_total` says how many it has
 * (the rest are not walked: a large world's resources past it are not made).
 */
async function* stateChunks(mock: MockRuntime, only: string | undefined, limit = Infinity): AsyncGenerator<string> {
  const world = mock.world;
  const now = mock.clock.now();
  const head = {
    scenario: { name: mock.scenario.spec.name, source: mock.scenario.source },
    clock: { mode: mock.clock.kind, now: isoMillis(now), pending_transitions: world.scheduler.size },
  };
  yield `${JSON.stringify(head).slice(0, -1)},"projects":[`;
  let written = 0;
  let firstProject = true;
  for (const id of only === undefined ? world.projects.keys() : [only]) {
    let text = `${firstProject ? '' : ','}{"id":${JSON.stringify(id)}`;
    firstProject = false;
    for (const service of mock.registry.services) {
      for (const [key, value] of Object.entries(service.state.view(world.model(service), id, now))) {
        if (!isList(value)) {
          text += `,${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`;
          continue;
        }
        const items = value;
        text += `,${JSON.stringify(key)}:[`;
        let firstItem = true;
        // A list that knows its size is not walked past the limit; any other is counted to its end.
        const size = (items as StateList<unknown>).size ?? (Array.isArray(items) ? items.length : undefined);
        let count = 0;
        for (const item of items) {
          if (count++ < limit) {
            text += (firstItem ? '' : ',') + JSON.stringify(item);
            firstItem = false;
            if (++written % STATE_SLICE === 0) {
              yield text;
              text = '';
              await new Promise((resolve) => setImmediate(resolve));
            }
          }
          // Stop before the next item is even made.
          if (count >= limit && size !== undefined) break;
        }
        text += ']';
        if (limit !== Infinity) text += `,${JSON.stringify(`${key}_total`)}:${size ?? count}`;
      }
    }
    yield `${text}}`;
  }
  const tail = { rules: mock.rules.list().map(ruleView), journal: { size: mock.journal.size, capacity: mock.journal.capacity, total: mock.journal.total } };
  yield `],${JSON.stringify(tail).slice(1)}`;
}

export default async function adminRoutes(fastify: FastifyInstance, options: AdminOptions) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const token = options.adminToken ? Buffer.from(`Bearer ${options.adminToken}`) : null;
  // What the rules, actions and state look like depends on the services: declared with theirs.
  const chaos = scenarioSchemas(fastify.mock.registry);

  app.addHook('onRequest', (request, reply, done) => {
    if (!token || request.routeOptions.config.open) return done();
    const given = Buffer.from(String(request.headers.authorization ?? ''));
    if (given.length === token.length && timingSafeEqual(given, token)) return done();
    sendAdminError(request, reply, new AdminError(401, 'MOCK.UNAUTHORIZED', 'admin calls need Authorization: Bearer <admin token>'));
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof AdminError) return sendAdminError(request, reply, error);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendAdminError(request, reply, new AdminError(413, 'MOCK.TOO_LARGE', 'request body too large'));
    if ((error.statusCode ?? 500) < 500) return sendAdminError(request, reply, invalid(error.message));
    request.log.error({ err: error, reqId: request.id }, 'admin error');
    sendAdminError(request, reply, new AdminError(500, 'MOCK.INTERNAL', error.message));
  });

  app.setNotFoundHandler((request, reply) => {
    sendAdminError(request, reply, new AdminError(404, 'MOCK.NOT_FOUND', `no admin endpoint ${request.method} ${request.url.split('?')[0]}`));
  });

  // Every admin call sees the model as of the clock's time: the one place here that brings it forward.
  app.addHook('preHandler', (_request, _reply, done) => {
    app.mock.world.catchUp();
    done();
  });

  app.get('/health', doc('Liveness and the loaded scenario', HealthAnswer, 200, { open: true }), (request, reply) => {
    const mock = app.mock;
    send(request, reply, 200, {
      status: 'ok',
      scenario: mock.scenario.spec.name,
      // The file's name, not its path: health answers without the admin token.
      source: basename(mock.scenario.source),
      clock: { mode: mock.clock.kind, now: isoMillis(mock.clock.now()) },
      counts: { ...mock.counts(), rules: mock.rules.size, journal: mock.journal.size },
      admin_token: token !== null,
    });
  });

  const streams = new EventStreams();
  fastify.addHook('preClose', (done) => {
    streams.closeAll();
    done();
  });
  // No automatic HEAD route: it would run the stream's handler and never answer.
  app.get('/events', { ...doc('Live events (Server-Sent Events): model changes, journal entries, rules, clock; resume with Last-Event-ID'), exposeHeadRoute: false }, (request, reply) => {
    const after = resumeAfter(request);
    if (Number.isNaN(after)) throw invalid('Last-Event-ID (or since): expected the number of the last event seen', [{ path: 'since', message: 'expected a non-negative integer' }]);
    streams.open(fastify, request, reply, after);
  });

  // The dashboard: the page at /ui, its files at /ui/<name>; read once, on first request.
  let ui: ReadonlyMap<string, UiFile> | 'not built' | undefined;
  const uiFile = (request: FastifyRequest, reply: FastifyReply, name: string) => {
    ui ??= loadUi(`${fastify.prefix}/ui/`, fastify.prefix) ?? 'not built';
    if (ui === 'not built') throw new AdminError(404, 'MOCK.NOT_FOUND', 'the dashboard is not built: run npm run build');
    const file = ui.get(name);
    if (file === undefined) throw new AdminError(404, 'MOCK.NOT_FOUND', `no dashboard file ${name}`);
    stamp(request, reply)
      .code(200)
      .headers({ 'content-type': file.type, 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-cache' })
      .send(file.body);
    return reply;
  };
  app.get('/ui', { config: { open: true }, schema: { hide: true } }, (request, reply) => uiFile(request, reply, 'index.html'));
  app.get('/ui/:file', { config: { open: true }, schema: { hide: true } }, (request, reply) => uiFile(request, reply, (request.params as { file: string }).file));

  app.get('/openapi.json', doc('OpenAPI 3 document of the emulated APIs and this admin API'), (request, reply) => {
    send(request, reply, 200, fastify.swagger());
  });

  app.post('/reset', doc('Back to the initial state of the scenario (all, or ?project=)', ResetAnswer), async (request, reply) => {
    const project = (request.query as Record<string, string | undefined>).project;
    if (project !== undefined) {
      const issues = schemaIssues(ProjectIdSchema, project);
      if (issues.length > 0) throw invalid('project: invalid', issues.map((i) => ({ path: 'project', message: i.message })));
      if (!app.mock.reset(project)) throw new AdminError(404, 'MOCK.NOT_FOUND', `the scenario has no project ${project}`);
      send(request, reply, 200, { reset: project });
      return reply;
    }
    await app.mock.rebuildInSlices();
    send(request, reply, 200, { reset: 'all' });
    return reply;
  });

  app.put('/scenario', doc('Load a scenario (YAML or JSON body), all or nothing', ScenarioLoadedAnswer), async (request, reply) => {
    const raw = request.body as Buffer | undefined;
    const text = raw ? raw.toString('utf8') : '';
    if (text.trim() === '') throw invalid('a scenario body (YAML or JSON) is required');
    const format = /json/i.test(String(request.headers['content-type'] ?? '')) ? 'json' : 'yaml';
    // Parsing, checking and building each let other calls in before the next starts.
    const doc = await parseDocument(text, 'PUT /_mock/scenario', format);
    if (!doc.ok) throw invalid('scenario refused; the running one is unchanged', doc.issues);
    await new Promise((resolve) => setImmediate(resolve));
    const result = validateScenario(app.mock.registry, doc.value, 'PUT /_mock/scenario', app.mock.limits);
    if (!result.ok) throw invalid('scenario refused; the running one is unchanged', result.issues);
    await new Promise((resolve) => setImmediate(resolve));
    await app.mock.rebuildInSlices(result.scenario);
    send(request, reply, 200, { loaded: result.scenario.spec.name, counts: app.mock.counts() });
    return reply;
  });

  app.put('/projects/:project_id', doc('Load or replace one project (its part of the scenario format, YAML or JSON); the others are untouched', ProjectLoadedAnswer), async (request, reply) => {
    const mock = app.mock;
    const id = (request.params as { project_id: string }).project_id;
    const idIssues = schemaIssues(ProjectIdSchema, id);
    if (idIssues.length > 0) throw invalid('project_id: invalid', idIssues.map((i) => ({ path: 'project_id', message: i.message })));
    const raw = request.body as Buffer | undefined;
    const text = raw ? raw.toString('utf8') : '';
    if (text.trim() === '') throw invalid('a project body (YAML or JSON) is required');
    const doc = await parseDocument(text, `PUT /_mock/projects/${id}`, /json/i.test(String(request.headers['content-type'] ?? '')) ? 'json' : 'yaml');
    if (!doc.ok) throw invalid('project refused; nothing changed', doc.issues);
    if (doc.value === null || typeof doc.value !== 'object' || Array.isArray(doc.value)) throw invalid('project refused; nothing changed', [{ path: '', message: `expected a project object (${projectKeys(mock)})` }]);
    const entry = { ...(doc.value as Record<string, unknown>) };
    if (entry.id !== undefined && entry.id !== id) throw invalid('project refused; nothing changed', [{ path: 'id', message: `expected ${id} (the path's project) or nothing, got ${JSON.stringify(entry.id)}` }]);
    entry.id = id;
    const spec = mock.scenario.spec;
    const index = spec.projects.findIndex((p) => p.id === id);
    const projects = index < 0 ? [...spec.projects, entry] : spec.projects.map((p, i) => (i === index ? entry : p));
    // Checked with the project last, so that a clash with another project is reported in this one.
    const others = projects.filter((p) => p.id !== id);
    const checked = validateScenario(mock.registry, { ...spec, projects: [...others, entry] }, mock.scenario.source, mock.limits);
    const result = checked.ok ? validateScenario(mock.registry, { ...spec, projects }, mock.scenario.source, mock.limits) : checked;
    if (!result.ok) {
      // Issues inside the project are given relative to it, as it was sent.
      const prefix = `projects[${others.length}]`;
      throw invalid('project refused; nothing changed', result.issues.map((i) => ({ ...i, path: i.path === prefix ? '' : i.path.startsWith(`${prefix}.`) ? i.path.slice(prefix.length + 1) : i.path })));
    }
    mock.loadProject(result.scenario, id);
    send(request, reply, 200, { loaded: id, created: index < 0, counts: mock.counts() });
    return reply;
  });

  app.get('/state', doc('Everything the model holds, streamed (?project= for one project; ?limit=N: at most N items per list, with `<list>_total`)', stateAnswerSchema(chaos.rule)), (request, reply) => {
    const mock = app.mock;
    const { project: only, limit } = request.query as Record<string, string | undefined>;
    if (only !== undefined && !mock.world.projects.has(only)) throw new AdminError(404, 'MOCK.NOT_FOUND', `the scenario has no project ${only}`);
    if (limit !== undefined && !/^[1-9][0-9]{0,6}$/.test(limit)) throw invalid(`limit: expected an integer from 1 to 9999999, got ${JSON.stringify(limit)}`);
    stamp(request, reply).code(200).serializer(String).send(Readable.from(stateChunks(mock, only, limit === undefined ? Infinity : Number(limit))));
    return reply;
  });

  app.post('/actions', doc('Act on a resource (break replication, fail a node, …)', actionAppliedSchema(chaos.action)), (request, reply) => {
    const mock = app.mock;
    const action = jsonBody<ActionInput>(request, chaos.action, 'action');
    const issues = actionIssues(mock.registry, action, '', lookupIn(mock)).map((i) => ({ ...i, path: i.path.replace(/^\./, '') }));
    if (issues.length > 0) throw invalid('action refused', issues);
    const service = mock.registry.serviceOfAction(action.action)!;
    const result = service.actions!.apply(mock.world.model(service), action, mock.clock.now());
    if (!result.ok) throw invalid(result.message);
    mock.announceState(service.state.find(mock.world.model(service), service.actions!.target(action))?.project ?? null, 'action');
    send(request, reply, 200, { applied: action });
  });

  app.get('/rules', doc('The fault rules, in match order, with their counters', rulesAnswerSchema(chaos.rule)), (request, reply) => {
    send(request, reply, 200, { rules: app.mock.rules.list().map(ruleView) });
  });

  app.post('/rules', doc('Add fault rules (one object or a list), at the end', rulesAnswerSchema(chaos.rule), 201), (request, reply) => {
    // A list is checked item by item, so each problem keeps its precise path.
    const mock = app.mock;
    const input = jsonBody<RuleSpec | RuleSpec[]>(request, RuleListShape, 'rules');
    const ruleSchema = chaos.rule;
    const structural = Array.isArray(input)
      ? input.flatMap((rule, i) => schemaIssues(ruleSchema, rule).map((x) => ({ path: `[${i}]${x.path && !x.path.startsWith('[') ? '.' : ''}${x.path}`, message: x.message })))
      : schemaIssues(ruleSchema, input);
    if (structural.length > 0) throw invalid('rules refused; none was added', structural);
    const list = Array.isArray(input) ? input : [input];
    const lookup = lookupIn(mock);
    const issues: Issue[] = [];
    const ids = new Set<string>();
    list.forEach((rule, i) => {
      const path = Array.isArray(input) ? `[${i}]` : '';
      issues.push(...ruleIssues(mock.registry, rule, path, lookup).map((x) => ({ ...x, path: x.path.replace(/^\./, '') })));
      if (rule.id !== undefined && (app.mock.rules.has(rule.id) || ids.has(rule.id))) issues.push({ path: path ? `${path}.id` : 'id', message: `a rule ${rule.id} exists already` });
      if (rule.id !== undefined) ids.add(rule.id);
    });
    if (issues.length > 0) throw invalid('rules refused; none was added', issues);
    const added = list.map((rule) => ruleView(app.mock.rules.add(rule, 'runtime')));
    app.mock.events.publish('rules', {});
    send(request, reply, 201, { rules: added });
  });

  app.delete('/rules', doc('Remove every rule', RemovedAnswer), (request, reply) => {
    const removed = app.mock.rules.size;
    app.mock.rules.clear();
    app.mock.events.publish('rules', {});
    send(request, reply, 200, { removed });
  });

  app.delete('/rules/:id', doc('Remove one rule', RemovedAnswer), (request, reply) => {
    const id = (request.params as { id: string }).id;
    if (!app.mock.rules.remove(id)) throw new AdminError(404, 'MOCK.NOT_FOUND', `no rule ${id}`);
    app.mock.events.publish('rules', {});
    send(request, reply, 200, { removed: 1 });
  });

  app.get('/clock', doc('The clock of the mock', ClockAnswer), (request, reply) => {
    send(request, reply, 200, { mode: app.mock.clock.kind, now: isoMillis(app.mock.clock.now()) });
  });

  app.post('/clock/advance', doc('Virtual clock: let N seconds pass, running every due transition in order', AdvanceAnswer), (request, reply) => {
    const { seconds } = jsonBody<{ seconds: number }>(request, AdvanceInput, 'advance');
    const clock = app.mock.clock;
    if (!(clock instanceof ManualClock)) throw new AdminError(409, 'MOCK.REAL_CLOCK', 'the clock is real: start with --clock virtual to move time by hand');
    const before = app.mock.world.scheduler.size;
    const ms = Math.round(seconds * 1000);
    if (clock.now() + ms > MAX_CLOCK_MS) {
      throw invalid(`the clock cannot go past ${isoMillis(MAX_CLOCK_MS)}; it is unchanged`, [{ path: 'seconds', message: `at most ${Math.floor((MAX_CLOCK_MS - clock.now()) / 1000)} more seconds` }]);
    }
    clock.advance(ms);
    const now = app.mock.world.catchUp();
    app.mock.events.publish('clock', { mode: clock.kind, now: isoMillis(now) });
    send(request, reply, 200, { mode: clock.kind, now: isoMillis(now), transitions_run: Math.max(0, before - app.mock.world.scheduler.size) });
  });

  app.get('/requests', doc('The request journal, oldest first (filters: operation, project, resource, status, rule, since, limit)', RequestsAnswer), (request, reply) => {
    const query = { ...(request.query as Record<string, string>) };
    const issues = schemaIssues(RequestsQuery, query);
    if (issues.length > 0) throw invalid('invalid filter', issues);
    const entries = app.mock.journal.entries(journalFilter(app.mock.registry.operationNames(), query));
    const limit = query.limit === undefined ? entries.length : Number(query.limit);
    const requests = entries.slice(Math.max(0, entries.length - limit)).map(journalView);
    send(request, reply, 200, { requests, count: entries.length });
  });

  app.post('/requests/count', doc('Count journal entries matching a filter (verification)', CountAnswer), (request, reply) => {
    const filter = jsonBody<Record<string, string | number>>(request, JournalFilterInput, 'filter', true);
    send(request, reply, 200, { count: app.mock.journal.count(journalFilter(app.mock.registry.operationNames(), filter)) });
  });

  app.delete('/requests', doc('Empty the journal', RemovedAnswer), (request, reply) => {
    const removed = app.mock.journal.size;
    app.mock.journal.clear();
    app.mock.events.publish('resync', {});
    send(request, reply, 200, { removed });
  });
}
