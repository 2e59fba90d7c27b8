/**
 * The admin API (`/_mock/…`) as the page calls it: JSON in and out, the admin token as a Bearer
 * header when there is one, and every refusal as an `ApiError` with the server's code and its
 * path-precise issues. Also the emulated API itself, for the "try it" buttons.
 */

export interface Issue {
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly issues: readonly Issue[] = []) {
    super(message);
  }
}

export interface Health {
  readonly status: string;
  readonly scenario: string;
  readonly source: string;
  readonly clock: ClockView;
  readonly counts: Record<string, number>;
  readonly admin_token?: boolean;
}

export interface ClockView {
  readonly mode: 'real' | 'virtual';
  readonly now: string;
}

/**
 * The most items of each list the page asks for: its views draw fewer resources, and a project
 * keeps at most 1000 jobs, so none is left out. `<list>_total` says how many there are.
 */
export const STATE_LIMIT = 1000;

/** How many items a project's list has: its `<key>_total` when the state was cut, else its length. */
export const totalOf = (p: ProjectState, key: string): number => {
  const total = p[`${key}_total`];
  const list = p[key];
  return typeof total === 'number' ? total : Array.isArray(list) ? list.length : 0;
};

/** A project of `GET /_mock/state`: its id, its name, and each service's keys (`instances`, `instances_total`, …). */
export interface ProjectState {
  readonly id: string;
  readonly name?: string;
  readonly [key: string]: unknown;
}

export interface RuleView {
  readonly id: string;
  readonly origin: 'scenario' | 'runtime';
  readonly seen: number;
  readonly fired: number;
  readonly operation?: string | readonly string[];
  readonly project?: string;
  readonly resource?: string;
  readonly nth?: number;
  readonly after?: number;
  readonly times?: number;
  readonly probability?: number;
  readonly action: Record<string, unknown>;
  readonly [key: string]: unknown;
}

export interface StateView {
  readonly scenario: { readonly name: string; readonly source: string };
  readonly clock: ClockView & { readonly pending_transitions: number };
  readonly projects: readonly ProjectState[];
  readonly rules: readonly RuleView[];
  readonly journal: { readonly size: number; readonly capacity: number; readonly total: number };
}

export interface JournalEntry {
  readonly seq: number;
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly operation: string | null;
  readonly project: string | null;
  readonly resource: string | null;
  readonly status: number;
  readonly requestId: string;
  readonly rule: string | null;
  readonly fault: string | null;
  readonly caller: string | null;
  readonly durationMs: number;
  readonly headers: readonly string[];
  readonly body: string | null;
}

/** What an emulated call answered, for the page to show. */
export interface CallAnswer {
  readonly method: string;
  readonly path: string;
  /** 0: no answer (the connection was dropped). */
  readonly status: number;
  readonly body: string;
  readonly requestId: string | null;
  readonly ms: number;
}

type Query = Record<string, string | number | undefined>;

export class AdminApi {
  /** `base`: the admin API's URL path (`/_mock`); `token()`: the admin token, if any. */
  constructor(readonly base: string, readonly token: () => string | null) {}

  /** Where the emulated APIs answer: the admin base without its `/_mock`. */
  get apiBase(): string {
    return this.base.replace(/\/_mock$/, '');
  }

  get eventsUrl(): string {
    return `${this.base}/events`;
  }

  authHeaders(): Record<string, string> {
    const token = this.token();
    return token ? { authorization: `Bearer ${token}` } : {};
  }

  async request<T>(method: string, path: string, options: { query?: Query; json?: unknown; text?: string; contentType?: string } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.authHeaders() };
    let body: string | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    } else if (options.text !== undefined) {
      body = options.text;
      headers['content-type'] = options.contentType ?? 'text/plain';
    }
    const response = await fetch(this.base + path + queryString(options.query), { method, headers, body });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string; issues?: Issue[] } } | undefined)?.error;
      throw new ApiError(response.status, error?.code ?? `HTTP ${response.status}`, error?.message ?? (text.slice(0, 200) || response.statusText), error?.issues ?? []);
    }
    return parsed as T;
  }

  health = () => this.request<Health>('GET', '/health');
  /** The state, each list cut at `limit` items (with `<list>_total`): a large world is not sent, nor made, whole. */
  state = (project?: string) => this.request<StateView>('GET', '/state', { query: { project, limit: STATE_LIMIT } });
  rules = () => this.request<{ rules: RuleView[] }>('GET', '/rules').then((a) => a.rules);
  addRule = (rule: unknown) => this.request<{ rules: RuleView[] }>('POST', '/rules', { json: rule }).then((a) => a.rules);
  removeRule = (id: string) => this.request<{ removed: number }>('DELETE', `/rules/${encodeURIComponent(id)}`);
  clock = () => this.request<ClockView>('GET', '/clock');
  advance = (seconds: number) => this.request<ClockView & { transitions_run: number }>('POST', '/clock/advance', { json: { seconds } });
  requests = (limit: number) => this.request<{ requests: JournalEntry[]; count: number }>('GET', '/requests', { query: { limit } });
  reset = (project?: string) => this.request<{ reset: string }>('POST', '/reset', { query: { project } });
  loadScenario = (yaml: string) => this.request<{ loaded: string; counts: Record<string, number> }>('PUT', '/scenario', { text: yaml, contentType: 'application/yaml' });
  action = (action: Record<string, unknown>) => this.request<{ applied: unknown }>('POST', '/actions', { json: action });

  /** An emulated call, as a client would make it (no credentials: the gateway's lenient mode takes it). */
  async call(method: string, path: string, json?: unknown): Promise<CallAnswer> {
    const started = performance.now();
    const headers: Record<string, string> = {};
    if (json !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await fetch(this.apiBase + path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
      const body = await response.text();
      return { method, path, status: response.status, body, requestId: response.headers.get('x-request-id'), ms: Math.round(performance.now() - started) };
    } catch (err) {
      return { method, path, status: 0, body: `no answer: ${err instanceof Error ? err.message : String(err)}`, requestId: null, ms: Math.round(performance.now() - started) };
    }
  }
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** `message` and its issues as lines: `path: message`. */
export const describeError = (err: unknown): string =>
  err instanceof ApiError ? [err.message, ...err.issues.map((i) => `${i.path || '(top)'}: ${i.message}`)].join('\n') : err instanceof Error ? err.message : String(err);
