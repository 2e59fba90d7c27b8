/**
 * The dashboard (`GET /_mock/ui`): finds the admin API (the page's `hw-mock-admin` meta tag),
 * asks for the admin token when the mock needs one, then lays out the sections (each service's
 * own, from `../services/ui.ts`; journal, rules, scenario; the clock in the header) over one
 * live copy of the mock's state.
 */
import { AdminApi, ApiError, type Health, type ProjectState } from './api.js';
import { type ViewContext } from './contract.js';
import { fill, h } from './dom.js';
import { Live } from './live.js';
import { SERVICE_VIEWS } from '../services/ui.js';
import { createAnswerPanel } from './views/answer.js';
import { mountClock } from './views/clock.js';
import { mountJournal } from './views/journal.js';
import { mountRules } from './views/rules.js';
import { mountScenario } from './views/scenario.js';
import { createStatus, type Status } from './views/status.js';
import { showTokenPrompt } from './views/token.js';

const TOKEN_KEY = 'hw-mock-admin-token';

const byId = (id: string): HTMLElement => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el;
};

/** The admin API's path, as the server wrote it into the page (`/_mock`, or under a prefix). */
function adminBase(): string {
  const given = document.querySelector('meta[name="hw-mock-admin"]')?.getAttribute('content') ?? '';
  return given !== '' && !given.includes('%') ? given.replace(/\/+$/, '') : '/_mock';
}

const CONNECTION_TEXT = { connecting: 'connecting…', open: 'live', retrying: 'reconnecting…', unauthorized: 'token refused', closed: 'stopped' } as const;

/** Builds every section into the page and starts the live copy; answers the function that stops it. */
function mountDashboard(api: AdminApi, status: Status, unauthorized: () => void): () => void {
  const live = new Live(api, (err) => (err instanceof ApiError && err.status === 401 ? unauthorized() : status.error(err)));
  const services = byId('services');
  const nav = byId('nav');
  services.replaceChildren();
  const renders: ((projects: readonly ProjectState[]) => void)[] = [];
  for (const view of SERVICE_VIEWS) {
    const answer = createAnswerPanel();
    const body = h('div', { class: 'service-body' });
    const headingId = `${view.id}-title`;
    services.append(h('section', { id: view.id, class: 'panel service', 'aria-labelledby': headingId }, h('h2', { id: headingId }, view.title), body, answer.el));
    const ctx: ViewContext = {
      act: async (action) => {
        try {
          await api.action(action);
          status.info(`Applied ${String(action.action)}.`);
          return true;
        } catch (err) {
          if (err instanceof ApiError && err.status === 401) unauthorized();
          else status.error(err);
          return false;
        }
      },
      call: async (method, path, json) => {
        const result = await api.call(method, path, json);
        answer.show(result);
        return result;
      },
      now: () => live.now(),
    };
    renders.push(view.mount(body, ctx));
  }
  mountJournal(byId('journal'), live);
  mountRules(byId('rules'), live, api, status, SERVICE_VIEWS.flatMap((v) => v.rulePresets ?? []));
  mountScenario(byId('scenario'), live, api, status);
  const stopClock = mountClock(byId('clock'), live, api, status);
  fill(nav, ...[...SERVICE_VIEWS.map((v) => [v.id, v.title]), ['rules', 'Fault rules'], ['journal', 'Journal'], ['scenario', 'Scenario']]
    .map(([id, title]) => h('li', {}, h('a', { href: `#${id}` }, title))));

  const connection = byId('connection');
  live.on('connection', () => {
    const { status: s, detail } = live.connection;
    connection.className = `connection ${s}`;
    connection.textContent = CONNECTION_TEXT[s];
    connection.title = detail ?? '';
  });
  const summary = byId('scenario-summary');
  const showState = () => {
    const state = live.state;
    if (!state) return;
    fill(summary, 'scenario ', h('strong', {}, state.scenario.name));
    for (const render of renders) render(state.projects);
  };
  live.on('state', showState);
  // On a real clock, progress moves between changes: the views are shown again every second.
  const ticker = setInterval(() => {
    if (live.clock?.mode === 'real') showState();
  }, 1000);
  live.start();
  return () => {
    clearInterval(ticker);
    stopClock();
    live.stop();
  };
}

/** Tries a token with one admin call: an error message, or undefined when it works. */
async function tokenProblem(base: string, token: string): Promise<string | undefined> {
  try {
    await new AdminApi(base, () => token).clock();
    return undefined;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return 'Wrong token: the server refused it (401). Enter the token the mock was started with.';
    return `Could not check the token: ${err instanceof Error ? err.message : String(err)}`;
  }
}

function showBanner(health: Health): void {
  const banner = byId('banner');
  banner.hidden = health.admin_token === true;
  if (banner.hidden) return;
  fill(banner,
    h('strong', {}, 'Open admin API. '),
    'This mock runs without an admin token: anyone who can reach it can reset it, load scenarios and add fault rules. Start it with ',
    h('code', {}, '--admin-token'),
    ' (or listen on 127.0.0.1 only) where others can reach it.');
}

async function boot(): Promise<void> {
  const status = createStatus(byId('status'));
  const base = adminBase();
  let token = sessionStorage.getItem(TOKEN_KEY);
  const api = new AdminApi(base, () => token);
  const dashboard = byId('dashboard');
  const gate = byId('gate');
  let stop: (() => void) | undefined;

  const open = () => {
    gate.hidden = true;
    gate.replaceChildren();
    dashboard.hidden = false;
    stop = mountDashboard(api, status, () => lock('The admin token was refused: enter it again.'));
  };
  const lock = (reason?: string) => {
    stop?.();
    stop = undefined;
    token = null;
    sessionStorage.removeItem(TOKEN_KEY);
    dashboard.hidden = true;
    gate.hidden = false;
    byId('clock').replaceChildren();
    byId('nav').replaceChildren();
    byId('scenario-summary').replaceChildren();
    const connection = byId('connection');
    connection.className = 'connection closed';
    connection.textContent = 'waiting for the admin token';
    showTokenPrompt(gate, {
      reason,
      check: (candidate) => tokenProblem(base, candidate),
      accepted: (accepted) => {
        token = accepted;
        sessionStorage.setItem(TOKEN_KEY, accepted);
        status.info('Token accepted.');
        open();
      },
    });
  };

  let health: Health;
  try {
    health = await api.health();
  } catch (err) {
    status.error(new Error(`The mock's admin API does not answer at ${base}/health: ${err instanceof Error ? err.message : String(err)}`));
    return;
  }
  showBanner(health);
  if (health.admin_token !== true) return open();
  if (token !== null && (await tokenProblem(base, token)) === undefined) return open();
  lock(token !== null ? 'The saved admin token was refused: enter it again.' : undefined);
}

void boot();
