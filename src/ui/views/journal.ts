/**
 * The request journal, newest first: every emulated call the mock answered (or dropped), with
 * filters by operation, status and project, and one entry's details (request id, caller, rule,
 * fault, duration, headers, body) on click or Enter.
 */
import { type JournalEntry } from '../api.js';
import { badge, fill, h, idText, KeyedList, shortId, timeOfDay, uid, type Tone } from '../dom.js';
import { type Live } from '../live.js';

const STATUS_CLASSES: readonly [string, string, (s: number) => boolean][] = [
  ['', 'any', () => true],
  ['2xx', '2xx success', (s) => s >= 200 && s < 300],
  ['4xx', '4xx client error', (s) => s >= 400 && s < 500],
  ['5xx', '5xx server error', (s) => s >= 500],
  ['0', 'no answer (dropped, hung)', (s) => s === 0],
];

export const statusTone = (status: number): Tone => (status === 0 || status >= 500 ? 'bad' : status >= 400 ? 'warn' : 'ok');

export function mountJournal(root: HTMLElement, live: Live): void {
  const headingId = uid('journal-title');
  const operation = select('operation', [['', 'any']]);
  const status = select('status', STATUS_CLASSES.map(([value, label]) => [value, label]));
  const project = select('project', [['', 'any']]);
  const count = h('span', { class: 'count muted' });
  const tbody = h('tbody');
  const empty = h('p', { class: 'muted empty' }, 'No calls yet. Try one from a resource above, or point a client at the mock.');
  const details = h('div', { class: 'journal-details', id: uid('journal-details'), 'aria-live': 'polite' });
  // By request id, not seq: a reset or an emptied journal numbers its entries from 1 again.
  let selected: string | undefined;

  const rows = new KeyedList<JournalEntry>(tbody, (e) => e.requestId, (entry) => {
    const open = h('button', { type: 'button', class: 'link', 'aria-controls': details.id, 'aria-label': `Details of ${entry.method} ${entry.operation ?? entry.path}, ${entry.status || 'no answer'}, at ${timeOfDay(entry.time)}` },
      entry.operation ?? entry.path);
    const tr = h('tr', {},
      h('td', { class: 'mono' }, timeOfDay(entry.time)),
      h('th', { scope: 'row' }, h('span', { class: 'method' }, entry.method), ' ', open),
      h('td', {}, badge(entry.status === 0 ? 'none' : String(entry.status), statusTone(entry.status))),
      h('td', {}, entry.rule ? h('code', { class: 'rule-id' }, entry.rule) : h('span', { class: 'muted' }, '—')),
    );
    const choose = () => {
      selected = entry.requestId;
      showDetails(details, entry);
      for (const row of tbody.querySelectorAll('tr[aria-current]')) row.removeAttribute('aria-current');
      tr.setAttribute('aria-current', 'true');
    };
    open.addEventListener('click', (event) => {
      event.stopPropagation();
      choose();
    });
    tr.addEventListener('click', choose);
    return { el: tr, update: () => (selected === entry.requestId ? tr.setAttribute('aria-current', 'true') : tr.removeAttribute('aria-current')) };
  });

  const render = () => {
    const op = operation.control.value, st = STATUS_CLASSES.find(([v]) => v === status.control.value) ?? STATUS_CLASSES[0], pr = project.control.value;
    const shown = live.journal.filter((e) => (op === '' || e.operation === op) && st[2](e.status) && (pr === '' || e.project === pr)).reverse();
    rows.set(shown);
    empty.hidden = shown.length > 0;
    count.textContent = ` ${shown.length} of ${live.journal.length} kept`;
    setOptions(operation.control, [...new Set(live.journal.map((e) => e.operation).filter((o): o is string => o !== null))].sort().map((o) => [o, o]));
    if (selected !== undefined && !live.journal.some((e) => e.requestId === selected)) {
      selected = undefined;
      fill(details);
    }
  };
  const renderProjects = () => setOptions(project.control, (live.state?.projects ?? []).map((p) => [p.id, p.name ? `${p.name} (${shortId(p.id)})` : p.id]));

  for (const s of [operation, status, project]) s.control.addEventListener('change', render);
  fill(root,
    h('h2', { id: headingId }, 'Journal', count),
    h('form', { class: 'filters', 'aria-label': 'Filter the journal' }, operation.label, status.label, project.label),
    h('div', { class: 'table-wrap journal-wrap' },
      h('table', { class: 'journal', 'aria-labelledby': headingId },
        h('thead', {}, h('tr', {}, ...['Time', 'Call', 'Status', 'Rule'].map((c) => h('th', { scope: 'col' }, c)))),
        tbody)),
    empty,
    details,
  );
  root.setAttribute('aria-labelledby', headingId);
  live.on('journal', render);
  live.on('state', () => {
    renderProjects();
    render();
  });
  render();
}

function select(name: string, options: [string, string][]): { label: HTMLLabelElement; control: HTMLSelectElement } {
  const id = uid(`journal-${name}`);
  const control = h('select', { id, name }, ...options.map(([value, text]) => h('option', { value }, text)));
  const label = h('label', { class: 'field', for: id }, h('span', { class: 'field-label' }, name[0].toUpperCase() + name.slice(1)), control);
  return { label, control };
}

/** Keeps the first option ("any") and the chosen value; the rest become `options`. */
function setOptions(control: HTMLSelectElement, options: [string, string][]): void {
  const chosen = control.value;
  const wanted = [['', 'any'], ...options];
  if (wanted.length === control.options.length && wanted.every(([v, t], i) => control.options[i].value === v && control.options[i].text === t)) return;
  if (chosen !== '' && !options.some(([v]) => v === chosen)) wanted.push([chosen, chosen]);
  control.replaceChildren(...wanted.map(([value, text]) => h('option', { value }, text)));
  control.value = chosen;
}

function showDetails(el: HTMLElement, e: JournalEntry): void {
  const row = (term: string, value: Node | string) => [h('dt', {}, term), h('dd', {}, value)];
  const headers: string[] = [];
  for (let i = 0; i + 1 < e.headers.length; i += 2) headers.push(`${e.headers[i]}: ${e.headers[i + 1]}`);
  fill(el,
    h('h3', {}, `Call #${e.seq}`),
    h('dl', { class: 'facts' },
      ...row('Request id', h('code', {}, e.requestId)),
      ...row('Time', e.time),
      ...row('Request', h('code', { class: 'wrap' }, `${e.method} ${e.path}`)),
      ...row('Operation', e.operation ?? '—'),
      ...row('Status', e.status === 0 ? 'no answer' : String(e.status)),
      ...row('Project', e.project ? idText(e.project) : '—'),
      ...row('Resource', e.resource ? idText(e.resource) : '—'),
      ...row('Caller', e.caller ?? 'anonymous'),
      ...row('Rule', e.rule ? h('code', { class: 'rule-id' }, e.rule) : 'none'),
      ...row('Fault', e.fault ?? 'none'),
      ...row('Duration', `${e.durationMs} ms`),
    ),
    headers.length > 0 ? h('details', {}, h('summary', {}, `Request headers (${headers.length})`), h('pre', {}, headers.join('\n'))) : null,
    e.body !== null && e.body !== '' ? h('details', {}, h('summary', {}, 'Request body'), h('pre', {}, e.body)) : null,
  );
}
